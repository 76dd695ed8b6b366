#!/usr/bin/env bash
# Sourced by .ci/run (and usable by hand: `source .ci/postgres.sh`): start a throwaway
# PostgreSQL cluster on a Unix socket under a temporary directory, export
# HEARBACK_TEST_DATABASE_URL for the tests, and stop it (and delete it) when the shell exits.
# Installs PostgreSQL from the system's packages when it is missing and we are root (CI);
# initdb and the server run as the `postgres` user then, since PostgreSQL refuses root.

pg_bin() {
    local found
    found=$(command -v initdb 2>/dev/null || true)
    if [ -z "$found" ]; then
        found=$(ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -1 || true)
    fi
    [ -n "$found" ] && dirname "$found"
}

start_test_postgres() {
    local bin
    bin=$(pg_bin || true)
    if [ -z "$bin" ]; then
        if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
            echo "ci: installing PostgreSQL from the system's packages"
            apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
            bin=$(pg_bin || true)
        fi
        if [ -z "$bin" ]; then
            echo "ci: PostgreSQL is not installed (install the 'postgresql' package)" >&2
            return 1
        fi
    fi
    PG_TMP=$(mktemp -d /tmp/hearback-pg.XXXXXX)
    local run=()
    if [ "$(id -u)" = 0 ]; then
        chown postgres "$PG_TMP"
        run=(runuser -u postgres --)
    fi
    "${run[@]}" "$bin/initdb" -D "$PG_TMP/data" -U postgres --auth=trust -E UTF8 \
        --no-sync >"$PG_TMP/initdb.log" 2>&1 || { cat "$PG_TMP/initdb.log" >&2; return 1; }
    # Tests need no durability; HEARBACK_PG_DURABLE=1 (make bench) keeps PostgreSQL's default
    # (each commit on disk), so what the benchmark measures is what production pays.
    local speed="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    [ -n "${HEARBACK_PG_DURABLE:-}" ] && speed=""
    # No TCP port: only the socket in $PG_TMP, so several runs on one machine never collide.
    "${run[@]}" "$bin/pg_ctl" -D "$PG_TMP/data" -l "$PG_TMP/server.log" -w -s \
        -o "-k $PG_TMP -c listen_addresses='' $speed -c max_connections=200" start \
        || { cat "$PG_TMP/server.log" >&2; return 1; }
    PG_STOP="${run[*]} $bin/pg_ctl -D $PG_TMP/data -m immediate -s stop"
    export HEARBACK_TEST_DATABASE_URL="postgresql:///postgres?host=$PG_TMP&user=postgres"
    echo "ci: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on $PG_TMP"
}

stop_test_postgres() {
    if [ -n "${PG_STOP:-}" ]; then
        $PG_STOP || true
        PG_STOP=
    fi
    [ -n "${PG_TMP:-}" ] && rm -rf "$PG_TMP"
    PG_TMP=
}
