"""Choosing the storage backend: one setting, HEARBACK_DATABASE_URL, read by bot/config.py."""

from __future__ import annotations

from pathlib import Path

from bot.core.contract.ports import Repository
from storage.datadir import open_repository
from storage.errors import UnsupportedBackendError
from storage.memory import MemoryRepository

MEMORY_URL = "memory://"


def open_store(database_url: str | None, data_dir: Path) -> Repository:
    """Open the repository `database_url` names. Unset or empty: the TinyDB files in
    `data_dir`, locked for this process (see storage/datadir.py for what it checks).
    "postgresql://…" (or postgres://): the PostgreSQL database, its schema migrated
    (storage/postgres.py; StorageError when it can't be reached, SchemaVersionError when its
    schema is newer than this code). "memory://": a store in memory that forgets everything
    when the process ends (tests, demos; `data_dir` is not touched). Anything else raises
    UnsupportedBackendError (a StorageError). No error repeats the URL, which may hold a
    password. The caller closes the repository it gets."""
    url = (database_url or "").strip()
    if not url:
        return open_repository(data_dir)
    scheme = url.split(":", 1)[0].lower() if ":" in url else ""
    if scheme == "memory":
        return MemoryRepository()
    if scheme in ("postgres", "postgresql") or scheme.startswith("postgresql+"):
        from storage.postgres import PostgresRepository  # psycopg loads only when chosen

        return PostgresRepository(_libpq_url(url))
    raise UnsupportedBackendError(
        f"HEARBACK_DATABASE_URL must be empty (files under HEARBACK_DATA_DIR), "
        f"postgresql://… (a PostgreSQL database) or {MEMORY_URL} (in memory, for tests); "
        + (f"{scheme}:// is not a storage Hearback knows." if scheme else
           "the value set is not a URL.")
    )


def _libpq_url(url: str) -> str:
    """The URL as libpq reads it: SQLAlchemy's "postgresql+psycopg://" prefix dropped."""
    scheme, rest = url.split(":", 1)
    return "postgresql:" + rest if scheme.lower().startswith("postgresql+") else url
