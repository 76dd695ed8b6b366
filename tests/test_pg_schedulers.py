"""Two schedulers (two workers, each with its own store and worker id) on one PostgreSQL
database, ticking at the same moments of a fake clock: every due nudge goes out once, each
user's in order, and a 429 met by one worker pauses the other too (the hold is in the
database). Skipped with one line without a PostgreSQL (tests/backends.py)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import timedelta

import pytest

from bot.core.contract.clock import FakeClock
from bot.core.contract.messages import Reply
from bot.core.contract.models import User
from bot.core.contract.ports import DeliveryError
from bot.core.engine import Engine
from bot.pacing import SharedPacing
from bot.scheduler import Scheduler
from storage.pg_rates import PostgresRateLimits
from storage.postgres import PostgresRepository
from tests.backends import POSTGRES_URL
from tests.conftest import START, Chat, log_interview, nudges_of


class Platform:
    """What both workers send through: it notes who got what, and can answer 429."""

    def __init__(self) -> None:
        self.got: list[tuple[str, str, str]] = []  # (worker, chat, first line)
        self.retry_after: float | None = None


class Sender:
    platform = "console"
    nudges_per_second: float | None = 1000.0

    def __init__(self, platform: Platform, worker: str) -> None:
        self._platform, self._worker = platform, worker

    async def send(self, user: User, reply: Reply) -> None:
        await asyncio.sleep(0)  # the other worker's tick runs meanwhile
        if self._platform.retry_after is not None:
            raise DeliveryError("Too Many Requests", retry_after=self._platform.retry_after)
        self._platform.got.append((self._worker, user.chat_id, reply.text.split("\n")[0]))


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


@pytest.fixture
def workers(pg: PostgresRepository, clock: FakeClock
            ) -> Iterator[tuple[Platform, list[Scheduler]]]:
    other = PostgresRepository(POSTGRES_URL, pool_size=2)
    platform = Platform()
    schedulers = [
        Scheduler(store, Engine(store, clock, "Europe/London"), clock,
                  {"console": Sender(platform, name)}, worker=name, batch=3,
                  pacing=SharedPacing(PostgresRateLimits(store)))
        for name, store in (("w1", pg), ("w2", other))]
    yield platform, schedulers
    other.close()


def both(schedulers: list[Scheduler]) -> list[int]:
    async def ticks() -> list[int]:
        return list(await asyncio.gather(*(s.tick() for s in schedulers)))
    return asyncio.run(ticks())


def test_two_workers_send_each_due_nudge_once_and_in_order(
        pg: PostgresRepository, clock: FakeClock,
        workers: tuple[Platform, list[Scheduler]]) -> None:
    platform, schedulers = workers
    engine = Engine(pg, clock, "Europe/London")
    users = [f"q{i:02d}" for i in range(12)]
    for user in users:
        log_interview(Chat(engine, user=user))
    timeline: list[list[int]] = []
    for _ in range(6 * 48):  # six days in 30-minute ticks, both workers at each
        clock.advance(timedelta(minutes=30))
        timeline.append(both(schedulers))
    per_user = {u: [line for _, chat, line in platform.got if chat == u] for u in users}
    # Each user got the same reminders, once each, in the planned order (the single-worker
    # timeline of tests/test_scheduler.py), whichever worker sent which.
    assert all(lines == per_user[users[0]] for lines in per_user.values())
    assert len(per_user[users[0]]) == 5 and len(set(per_user[users[0]])) == 5
    assert "Thank-you check" in per_user[users[0]][0]
    assert "Time to make the call" in per_user[users[0]][-1]
    assert {w for w, _, _ in platform.got} == {"w1", "w2"}  # both took part
    assert sum(map(sum, timeline)) == len(platform.got) == 5 * len(users)
    assert not pg.claimed_nudges()
    sent = [n for u in users for n in nudges_of(pg, f"console:{u}") if n.status == "sent"]
    assert len(sent) == 5 * len(users) and {n.leased_by for n in sent} == {"w1", "w2"}


def test_a_429_at_one_worker_pauses_both(
        pg: PostgresRepository, clock: FakeClock,
        workers: tuple[Platform, list[Scheduler]]) -> None:
    platform, (first, second) = workers
    engine = Engine(pg, clock, "Europe/London")
    log_interview(Chat(engine, user="ana"))
    clock.advance(timedelta(minutes=1))
    log_interview(Chat(engine, user="bob"))  # his reminder is due a minute after Ana's
    clock.advance(timedelta(hours=1, minutes=59))
    platform.retry_after = 300
    assert asyncio.run(first.tick()) == 0  # Ana's: 429, retry after 5 minutes
    platform.retry_after = None
    clock.advance(timedelta(minutes=2))
    # Bob's is due now, but the platform is held: the other worker sends nothing either.
    assert asyncio.run(second.tick()) == 0 and platform.got == []
    clock.advance(timedelta(minutes=3, seconds=1))  # the hold has lifted
    assert asyncio.run(second.tick()) == 2
    assert [(w, chat) for w, chat, _ in platform.got] == [("w2", "ana"), ("w2", "bob")]


class ChatSender(Sender):
    """A platform that limits each chat too (as Slack does): paced per chat as well, and it
    refuses (429) the chats in `refused`."""

    nudges_per_chat_per_second = 1000.0

    def __init__(self, platform: Platform, worker: str, refused: set[str]) -> None:
        super().__init__(platform, worker)
        self.refused = refused

    async def send(self, user: User, reply: Reply) -> None:
        if user.chat_id in self.refused:
            raise DeliveryError("Too Many Requests", retry_after=300)
        await super().send(user, reply)


def test_a_429_in_one_chat_holds_that_chat_for_both_workers_and_no_other(
        pg: PostgresRepository, clock: FakeClock) -> None:
    other = PostgresRepository(POSTGRES_URL, pool_size=2)
    try:
        platform, refused = Platform(), {"ana"}
        first, second = (
            Scheduler(store, Engine(store, clock, "Europe/London"), clock,
                      {"console": ChatSender(platform, name, refused)}, worker=name,
                      pacing=SharedPacing(PostgresRateLimits(store)))
            for name, store in (("w1", pg), ("w2", other)))
        engine = Engine(pg, clock, "Europe/London")
        log_interview(Chat(engine, user="ana"))
        clock.advance(timedelta(minutes=1))
        log_interview(Chat(engine, user="bob"))  # his reminder is due a minute after Ana's
        clock.advance(timedelta(hours=1, minutes=59))
        assert asyncio.run(first.tick()) == 0  # Ana's chat: 429, retry after 5 minutes
        refused.clear()
        held = {row[0] for row in pg.query(
            "SELECT platform FROM rate_limits WHERE hold_until IS NOT NULL")}
        assert held == {"console:ana"}  # her chat, not the platform
        # Bob's is due now: the other worker sends it; Ana's chat is still held for both.
        clock.advance(timedelta(minutes=2))
        assert asyncio.run(second.tick()) == 1
        assert [(w, chat) for w, chat, _ in platform.got] == [("w2", "bob")]
        clock.advance(timedelta(minutes=3, seconds=1))  # her chat's hold has lifted
        assert asyncio.run(first.tick()) == 1
        assert [chat for _, chat, _ in platform.got] == ["bob", "ana"]
        # Each chat has its bucket row beside the platform's.
        keys = {row[0] for row in pg.query("SELECT platform FROM rate_limits")}
        assert {"console", "console:ana", "console:bob"} <= keys
    finally:
        other.close()
