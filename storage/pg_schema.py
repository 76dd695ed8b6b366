"""The PostgreSQL schema: numbered SQL migrations (storage/pg_migrations/NNNN_name.sql), applied in
order at start-up, each in its own transaction under a transaction-level advisory lock, so that
workers starting together apply each one once. Session-level advisory locks are not used: behind
PgBouncer in transaction mode a session lock may be held by another client's connection."""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources

from psycopg_pool import ConnectionPool

from storage.errors import SchemaVersionError

# pg_advisory_xact_lock's key for schema changes: "hearback" in ASCII, as a bigint.
MIGRATION_LOCK = 0x6865617262616B
_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


@dataclass(frozen=True)
class Migration:
    number: int
    name: str
    sql: str


def migrations() -> list[Migration]:
    """The migrations shipped with this code, by number (1, 2, ... without gaps)."""
    folder = resources.files("storage") / "pg_migrations"
    found = sorted((int(m.group(1)), entry.name, entry.read_text(encoding="utf-8"))
                   for entry in folder.iterdir() if (m := _NAME.match(entry.name)))
    if [n for n, _, _ in found] != list(range(1, len(found) + 1)):
        raise RuntimeError(f"storage/pg_migrations is not numbered 1..n: {found}")
    return [Migration(n, name, sql) for n, name, sql in found]


SCHEMA_VERSION = len(migrations())


def migrate(pool: ConnectionPool) -> tuple[int, list[str]]:
    """Bring the database up to this code's schema: (the version now, the migrations applied).
    SchemaVersionError, before anything is changed, when the database's schema is newer than
    the code (a newer Hearback wrote it: upgrade this one)."""
    applied: list[str] = []
    version = 0
    for migration in [None, *migrations()]:
        with pool.connection() as conn, conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
            conn.execute("CREATE TABLE IF NOT EXISTS hearback_schema ("
                         "version integer PRIMARY KEY, name text NOT NULL, "
                         "applied_at timestamptz NOT NULL DEFAULT now())")
            row = conn.execute("SELECT coalesce(max(version), 0) FROM hearback_schema").fetchone()
            version = int(row[0]) if row else 0
            if version > SCHEMA_VERSION:
                raise SchemaVersionError(
                    f"The PostgreSQL database has Hearback schema version {version}; this "
                    f"Hearback knows versions up to {SCHEMA_VERSION}. Upgrade Hearback; nothing "
                    f"was changed.")
            if migration is None or version >= migration.number:
                continue
            conn.execute(migration.sql.encode())
            conn.execute("INSERT INTO hearback_schema (version, name) VALUES (%s, %s)",
                         (migration.number, migration.name))
            applied.append(migration.name)
            version = migration.number
    return version, applied
