#!/usr/bin/env bash
# `bash benchmarks/with_postgres.sh CMD...` (make bench): run CMD with a PostgreSQL server to
# measure. The one HEARBACK_TEST_DATABASE_URL or HEARBACK_DATABASE_URL names when either is set;
# otherwise a throwaway cluster from .ci/postgres.sh, durable as in production
# (HEARBACK_PG_DURABLE=1: fsync and synchronous commits on), stopped and deleted at exit.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${HEARBACK_TEST_DATABASE_URL:-}${HEARBACK_DATABASE_URL:-}" ]; then
    # shellcheck source=.ci/postgres.sh
    source .ci/postgres.sh
    trap stop_test_postgres EXIT
    HEARBACK_PG_DURABLE=1 start_test_postgres
fi
"$@"
