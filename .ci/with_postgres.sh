#!/usr/bin/env bash
# `bash .ci/with_postgres.sh CMD...` (make test): run CMD with a PostgreSQL for the tests. The
# server HEARBACK_TEST_DATABASE_URL names when it is set (.ci/run starts one); otherwise a
# throwaway cluster from .ci/postgres.sh (installed from the system's packages when missing and
# we are root), stopped and deleted at exit. Where none can be had (no PostgreSQL, not root),
# CMD runs anyway and the PostgreSQL tests are skipped with one line, unless
# HEARBACK_REQUIRE_POSTGRES=1 (CI), which makes that a failure.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${HEARBACK_TEST_DATABASE_URL:-}" ]; then
    # shellcheck source=.ci/postgres.sh
    source .ci/postgres.sh
    trap stop_test_postgres EXIT
    if ! start_test_postgres; then
        [ -n "${HEARBACK_REQUIRE_POSTGRES:-}" ] && exit 1
        echo "make test: no PostgreSQL here, so its tests are skipped (install the" \
             "'postgresql' package, or set HEARBACK_TEST_DATABASE_URL)" >&2
    fi
fi
"$@"
