"""Two workers on one PostgreSQL database (two stores, two engines) handling the same user's
events: the second turn waits until the first has committed (`Repository.hold_user`, a
transaction-level advisory lock), while another user's turn goes ahead. The waiting is watched
in pg_locks, not timed. Skipped with one line without a PostgreSQL (tests/backends.py)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator

import pytest

from bot.core.contract.clock import FakeClock
from bot.core.contract.messages import Incoming, Reply
from bot.core.engine import Engine
from storage.postgres import PostgresRepository
from tests.backends import POSTGRES_URL
from tests.conftest import START


@pytest.fixture
def other(pg: PostgresRepository) -> Iterator[PostgresRepository]:
    """A second worker's store on the same database (its own pool)."""
    store = PostgresRepository(POSTGRES_URL, pool_size=2)
    yield store
    store.close()


def waiting_for_a_user(pg: PostgresRepository) -> int:
    """Transactions waiting for an advisory lock (a held user) right now."""
    [(count,)] = pg.query("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' "
                          "AND NOT granted")
    return int(count)


def until(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + 10
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting until {what}"
        time.sleep(0.005)


def test_two_workers_take_one_users_turns_one_after_the_other(
        pg: PostgresRepository, other: PostgresRepository) -> None:
    clock = FakeClock(START)
    first, second = Engine(pg, clock, "Europe/London"), Engine(other, clock, "Europe/London")
    inside, let_go = threading.Event(), threading.Event()
    answers: dict[str, list[Reply]] = {}

    def held_open(replies: list[Reply]) -> None:  # the first turn, just before it commits
        inside.set()
        assert let_go.wait(10)

    def turn(name: str, engine: Engine, msg: Incoming, keep: bool = False) -> threading.Thread:
        def run() -> None:
            answers[name] = engine.handle(msg, keep=held_open if keep else None)
        thread = threading.Thread(target=run)
        thread.start()
        return thread

    a = turn("a", first, Incoming("console", "ana", "ana", "/start", event_id="e1"), keep=True)
    assert inside.wait(10)
    b = turn("b", second, Incoming("console", "ana", "ana", "/help", event_id="e2"))
    until(lambda: waiting_for_a_user(pg) == 1, "the second turn waits for Ana")
    c = turn("c", second, Incoming("console", "bob", "bob", "/help", event_id="e3"))
    c.join(10)
    assert "c" in answers and "b" not in answers  # Bob is not held up; Ana's second turn is
    let_go.set()
    a.join(10)
    b.join(10)
    assert answers["a"] and answers["b"]
    assert waiting_for_a_user(pg) == 0
    assert pg.event_seen("console", "e1") and pg.event_seen("console", "e2")


def test_the_same_event_at_two_workers_is_answered_once(
        pg: PostgresRepository, other: PostgresRepository) -> None:
    clock = FakeClock(START)
    engines = [Engine(pg, clock, "Europe/London"), Engine(other, clock, "Europe/London")]
    msg = Incoming("console", "ana", "ana", "/help", event_id="same")
    results: list[list[Reply]] = []
    threads = [threading.Thread(target=lambda e=e: results.append(e.handle(msg)))
               for e in engines]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert sorted(len(r) > 0 for r in results) == [False, True]


def test_holding_a_user_outside_a_transaction_is_refused(pg: PostgresRepository) -> None:
    with pytest.raises(RuntimeError, match="inside transaction"):
        pg.hold_user("console:ana")
