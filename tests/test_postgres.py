"""What only the PostgreSQL backend has (the rest is the contract, tests/contract/): its schema
migrations (one at a time under an advisory lock, a newer schema refused), events kept by age,
and `hearback migrate --to` copying a TinyDB data directory in, twice without changing anything, and
the same platform event at two workers answered once.
Skipped with one line without a PostgreSQL (tests/backends.py); CI starts one."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import psycopg
import pytest

from bot.cli import main
from bot.core.contract.clock import FakeClock
from bot.core.contract.messages import Incoming, Reply
from bot.core.engine import Engine
from storage import SchemaVersionError, open_repository, open_store
from storage.pg_schema import SCHEMA_VERSION, migrations
from storage.postgres import EVENT_MAX_AGE, PostgresRepository
from tests.backends import POSTGRES_URL
from tests.conftest import acme
from tests.contract.conftest import make_channel, make_share
from tests.records import T0, make_nudges, make_user, save_everything


@pytest.fixture
def fresh_db(pg: PostgresRepository) -> Iterator[str]:
    """The URL of a new, empty database on the same server (dropped afterwards)."""
    name = "hearback_fresh"
    with psycopg.connect(POSTGRES_URL, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)".encode())
        admin.execute(f"CREATE DATABASE {name}".encode())
    base, _, query = POSTGRES_URL.partition("?")
    scheme, _, rest = base.partition("://")
    host = rest.split("/", 1)[0]  # the URL's database name is replaced
    yield f"{scheme}://{host}/{name}" + (f"?{query}" if query else "")
    with psycopg.connect(POSTGRES_URL, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)".encode())


def test_workers_starting_together_apply_each_migration_once(fresh_db: str) -> None:
    opened: list[PostgresRepository] = []
    errors: list[BaseException] = []

    def start() -> None:
        try:
            opened.append(PostgresRepository(fresh_db, pool_size=1))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=start) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    try:
        assert errors == []
        # Each migration applied once, by whichever worker got to it first (each is its own
        # transaction under the lock, so two workers may share the work).
        applied = [name for r in opened for name in r.applied]
        assert sorted(applied) == sorted(m.name for m in migrations())
        assert {r.schema_version for r in opened} == {SCHEMA_VERSION}
        with psycopg.connect(fresh_db) as conn:
            rows = conn.execute("SELECT version FROM hearback_schema ORDER BY version").fetchall()
        assert [v for (v,) in rows] == list(range(1, SCHEMA_VERSION + 1))
    finally:
        for r in opened:
            r.close()


def test_a_database_with_a_newer_schema_is_refused(fresh_db: str, tmp_path: Path) -> None:
    PostgresRepository(fresh_db).close()
    with psycopg.connect(fresh_db) as conn:
        conn.execute("INSERT INTO hearback_schema (version, name) VALUES (%s, 'future.sql')",
                     (SCHEMA_VERSION + 1,))
    with pytest.raises(SchemaVersionError, match=f"schema version {SCHEMA_VERSION + 1}"):
        open_store(fresh_db, tmp_path / "data")
    with psycopg.connect(fresh_db) as conn:  # refused before changing anything
        rows = conn.execute("SELECT count(*) FROM hearback_schema").fetchone()
    assert rows == (SCHEMA_VERSION + 1,)


def test_open_store_chooses_postgresql_by_url(pg: PostgresRepository, tmp_path: Path) -> None:
    store = open_store(POSTGRES_URL, tmp_path / "data")
    try:
        assert isinstance(store, PostgresRepository)
        assert not (tmp_path / "data").exists()
    finally:
        store.close()


def test_handled_events_are_kept_a_week_then_pruned(pg: PostgresRepository) -> None:
    assert pg.claim_event("slack", "Ev-old") and pg.claim_event("slack", "Ev-new")
    pg.execute("UPDATE events SET seen_at = now() - %s WHERE event_id = 'Ev-old'",
               (EVENT_MAX_AGE + timedelta(minutes=1),))
    assert pg.prune_events(EVENT_MAX_AGE) == 1
    assert not pg.event_seen("slack", "Ev-old")
    assert pg.event_seen("slack", "Ev-new")
    assert timedelta(days=2) <= EVENT_MAX_AGE  # far beyond Slack's and Telegram's retries


def test_migrate_copies_a_data_directory_and_a_second_run_changes_nothing(
        pg: PostgresRepository, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "tinydb"
    files = open_repository(data)
    save_everything(files, "console:ana", "iv000001", "a")
    save_everything(files, "telegram:42", "iv000002", "b")
    files.save_share(make_share())
    files.save_channel(make_channel())
    assert files.claim_event("telegram", "1001")
    files.close()

    assert main(["migrate", "--to", POSTGRES_URL, "--from", str(data)]) == 0
    first = capsys.readouterr().out
    assert "users             2 copied,       0 already there" in first
    assert "nudges            4 copied" in first and "events            1 copied" in first
    assert pg.get_user("telegram:42") == make_user("telegram:42")
    assert pg.nudges_for_interview("iv000001") == sorted(make_nudges("iv000001", "console:ana",
                                                                     "a"), key=lambda n: n.due_at)
    assert pg.shares_for("console:ana") == [make_share()]
    assert pg.channels() == [make_channel()]
    assert not pg.claim_event("telegram", "1001")  # a redelivery after the switch: once

    pg.save_user(make_user("console:ana", display_name="Changed on PostgreSQL"))
    assert main(["migrate", "--to", POSTGRES_URL, "--from", str(data)]) == 0
    second = capsys.readouterr().out
    assert "users             0 copied,       2 already there" in second
    assert "Nothing new" in second
    assert pg.get_user("console:ana").display_name == "Changed on PostgreSQL"  # type: ignore[union-attr]


def test_migrate_refuses_a_directory_without_data(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["migrate", "--to", "postgresql:///x", "--from", str(tmp_path / "none")]) == 2
    assert "holds no Hearback data" in capsys.readouterr().err
    assert not (tmp_path / "none").exists()


def test_the_same_event_at_two_workers_is_answered_once(pg: PostgresRepository) -> None:
    """Worker B gets the event while worker A's turn is still open: B's claim waits for A's
    transaction and, once A commits, finds the event taken and answers nothing."""
    worker_a, worker_b = (PostgresRepository(POSTGRES_URL, pool_size=1) for _ in range(2))
    clock = FakeClock(T0)
    engine_a, engine_b = (Engine(r, clock, default_timezone="Europe/London")
                          for r in (worker_a, worker_b))
    event = Incoming("slack", "T1/U1", "D1", text=acme(), event_id="Ev42")
    b_answer: list[list[Reply]] = []
    b = threading.Thread(target=lambda: b_answer.append(engine_b.handle(event)))

    def while_a_is_open(replies: list[Reply]) -> None:
        b.start()
        b.join(timeout=0.5)
        assert b.is_alive()  # waiting on A's uncommitted claim, not answering

    try:
        a_answer = engine_a.handle(event, keep=while_a_is_open)
        b.join(timeout=30)
        assert a_answer and "Acme" in "\n".join(r.text for r in a_answer)
        assert b_answer == [[]]
        assert pg.get_user("slack:T1/U1") is not None and pg.event_seen("slack", "Ev42")
    finally:
        worker_a.close()
        worker_b.close()
