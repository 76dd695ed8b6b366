"""Filling the PostgreSQL and SQLite benchmark databases with the synthetic users of
benchmarks/synth.py in bulk: COPY for PostgreSQL, executemany in batches for SQLite (100,000
users are 300,000 interviews and about 1.3 million nudges; one write per user would take as long
as the benchmark itself). The records go in exactly as the repositories store them: the
to_dict() form as JSON beside the columns the queries use."""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import psycopg
from psycopg import sql

from benchmarks.synth import UserRecords, make_user, write_baseline, write_users
from storage import open_repository
from storage.postgres import PostgresRepository

CHUNK = 2000  # users generated and written at a time, so memory stays flat


def iter_chunks(n: int, seed: int = 7) -> Iterator[list[UserRecords]]:
    """The same users as `synthesise(n, seed)`, `CHUNK` at a time."""
    rng = random.Random(seed)
    for start in range(0, n, CHUNK):
        yield [make_user(i, rng) for i in range(start, min(n, start + CHUNK))]


def _json(doc: dict[str, Any]) -> str:
    return orjson.dumps(doc).decode()


def _rows(chunk: list[UserRecords]) -> dict[str, list[tuple[Any, ...]]]:
    rows: dict[str, list[tuple[Any, ...]]] = {"users": [], "interviews": [], "nudges": [],
                                              "dialogs": []}
    for rec in chunk:
        rows["users"].append((rec.user.key, _json(rec.user.to_dict())))
        rows["interviews"] += [(i.id, i.user_key, i.created_at, _json(i.to_dict()))
                               for i in rec.interviews]
        rows["nudges"] += [(n.id, n.user_key, n.interview_id, n.status, n.due_at, n.leased_by,
                            n.lease_until, n.attempts, _json(n.to_dict())) for n in rec.nudges]
        if rec.dialog is not None:
            rows["dialogs"].append((rec.dialog.user_key, _json(rec.dialog.to_dict())))
    return rows


PG_COLUMNS = {
    "users": ("key", "doc"),
    "interviews": ("id", "user_key", "created_at", "doc"),
    "nudges": ("id", "user_key", "interview_id", "status", "due_at", "leased_by",
               "lease_until", "attempts", "doc"),
    "dialogs": ("user_key", "doc"),
}


def database_url(server_url: str, dbname: str) -> str:
    """A libpq connection string for database `dbname` on the server `server_url` names."""
    return psycopg.conninfo.make_conninfo(server_url, dbname=dbname)


def create_pg(server_url: str, dbname: str) -> str:
    """(Re)create the empty database `dbname` on the server (dropping the one of an earlier
    run), its schema migrated; its connection string. The database `server_url` names itself is
    never written to."""
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(dbname)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(dbname)))
    url = database_url(server_url, dbname)
    PostgresRepository(url, pool_size=1).close()  # the schema, by the code's own migrations
    return url


def drop_pg(server_url: str, dbname: str) -> None:
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(dbname)))


def copy_rows(conn: psycopg.Connection[Any], table: str, rows: list[tuple[Any, ...]]) -> None:
    """COPY `rows` (in PG_COLUMNS[table]'s order) into `table`."""
    stmt = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, PG_COLUMNS[table])))
    with conn.cursor() as cur, cur.copy(stmt) as copy:
        for row in rows:
            copy.write_row(row)


def _fill_pg(conn: psycopg.Connection[Any], rows: dict[str, list[tuple[Any, ...]]]) -> None:
    with conn.transaction():
        for table, table_rows in rows.items():
            copy_rows(conn, table, table_rows)


def _fill_sqlite(conn: sqlite3.Connection, rows: dict[str, list[tuple[Any, ...]]]) -> None:
    with conn:
        conn.executemany("INSERT INTO users (key, doc) VALUES (?, ?)", rows["users"])
        conn.executemany(
            "INSERT INTO interviews (id, user_key, created_at, doc) VALUES (?, ?, ?, ?)",
            [(r[0], r[1], r[2].isoformat(), r[3]) for r in rows["interviews"]])
        conn.executemany(
            "INSERT INTO nudges (id, user_key, interview_id, status, due_at, doc) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [(r[0], r[1], r[2], r[3], r[4].timestamp(), r[8]) for r in rows["nudges"]])
        conn.executemany("INSERT INTO dialogs (user_key, doc) VALUES (?, ?)", rows["dialogs"])


def build(users: int, *, tinydb_dir: Path | None = None, baseline: Path | None = None,
          pg_url: str | None = None, sqlite_path: Path | None = None) -> int:
    """Write the same `users` synthetic users to each store given: the TinyDB data directory
    (through the real repository, one durable write per user), the naive baseline's db.json
    (kept in memory until the end: only for the smaller sizes), the PostgreSQL database at
    `pg_url` (empty, migrated: see create_pg) and the SQLite file (created). Returns the pending
    nudges written."""
    from benchmarks.sqlite_ref import SqliteRepository

    pending = 0
    kept: list[UserRecords] = []
    repo = open_repository(tinydb_dir) if tinydb_dir is not None else None
    pg = psycopg.connect(pg_url) if pg_url is not None else None
    lite = None
    if sqlite_path is not None:
        SqliteRepository(sqlite_path).close()
        lite = sqlite3.connect(sqlite_path)
    try:
        for chunk in iter_chunks(users):
            pending += sum(n.status == "pending" for rec in chunk for n in rec.nudges)
            if repo is not None:
                write_users(repo, chunk)
            if baseline is not None:
                kept += chunk
            if pg is not None or lite is not None:
                rows = _rows(chunk)
                if pg is not None:
                    _fill_pg(pg, rows)
                if lite is not None:
                    _fill_sqlite(lite, rows)
        if pg is not None:
            pg.execute("ANALYZE")
            pg.commit()
        if lite is not None:
            lite.execute("ANALYZE")
    finally:
        for closing in (repo, pg, lite):
            if closing is not None:
                closing.close()
    if baseline is not None:
        write_baseline(baseline, kept)
    return pending
