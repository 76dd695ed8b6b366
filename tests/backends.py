"""The storage backends the tests run on, by name: "memory", "tinydb" (the default) and
"postgres" (the database HEARBACK_TEST_DATABASE_URL names, e.g. the throwaway one `.ci/run`
starts). Without one, the PostgreSQL runs are skipped with one line at the end of the run;
with HEARBACK_REQUIRE_POSTGRES=1 (CI sets it) they fail instead, so CI never skips them."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot.core.contract.ports import Repository
from storage import MEMORY_URL, open_store

BACKENDS = ("memory", "postgres", "tinydb")
_URL = os.environ.get("HEARBACK_TEST_DATABASE_URL", "").strip()
POSTGRES_URL = _URL if _URL.lower().startswith("postgres") else ""
REQUIRED = os.environ.get("HEARBACK_REQUIRE_POSTGRES") == "1"
SKIPPED = ("no PostgreSQL for the tests (set HEARBACK_TEST_DATABASE_URL=postgresql://…, or run "
           "bash .ci/run, which starts one)")


def default_backend() -> str:
    """The backend of tests not run on all three: TinyDB, or memory when
    HEARBACK_TEST_DATABASE_URL=memory:// asks for it."""
    return "memory" if _URL == MEMORY_URL else "tinydb"


def open_backend(name: str, tmp_path: Path) -> Repository:
    """A fresh, empty store of backend `name` (the PostgreSQL database is emptied first: the
    tests share it, one at a time). Skips (or, when required, fails) the test when there is no
    PostgreSQL."""
    if name == "memory":
        return open_store(MEMORY_URL, tmp_path / "data")
    if name == "tinydb":
        return open_store("", tmp_path / "data")
    if not POSTGRES_URL:
        if REQUIRED:
            pytest.fail("HEARBACK_REQUIRE_POSTGRES=1 but " + SKIPPED)
        pytest.skip(SKIPPED)
    from storage.postgres import PostgresRepository

    store = PostgresRepository(POSTGRES_URL, pool_size=2)
    store.wipe()
    return store
