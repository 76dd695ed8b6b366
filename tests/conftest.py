"""Shared fixtures: a repository (a real data directory in tmp), a fake clock, an engine, a tiny
chat driver and helpers that reach storage only through the `Repository` port.

The `repo` fixture is the TinyDB files (HEARBACK_TEST_DATABASE_URL=memory:// makes it the memory
store). A module marked `pytestmark = pytest.mark.backends` runs each of its tests on all three
backends, memory, TinyDB and PostgreSQL (tests/backends.py): the conversation modules chosen to
cover every kind of write and the nudge queue (test_engine.py, test_conversation_edges.py,
test_scheduler.py: about 20 s more on PostgreSQL), not all of them, to keep the
suite's time; the contract tests (tests/contract/) run on all three too. Tests that look at the
files themselves take the `sharded` fixture and are skipped on other backends."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.core.contract.clock import FakeClock
from bot.core.contract.messages import Incoming, Reply
from bot.core.contract.models import Nudge, User
from bot.core.contract.ports import Repository
from bot.core.engine import Engine
from bot.scheduler import Scheduler
from storage import ShardedRepository
from storage.postgres import PostgresRepository
from tests.backends import BACKENDS, SKIPPED, default_backend, open_backend

LONDON = ZoneInfo("Europe/London")
# Wednesday 25 November 2026, 15:00 in London.
START = datetime(2026, 11, 25, 15, 0, tzinfo=LONDON)
# The Chat's user unless told otherwise.
KEY = "console:u1"
FAR_FUTURE = datetime(9999, 1, 1, tzinfo=UTC)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "backend" in metafunc.fixturenames and metafunc.definition.get_closest_marker("backends"):
        metafunc.parametrize("backend", BACKENDS)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """One line, not one per test, when the PostgreSQL runs were skipped."""
    skipped = [r for r in terminalreporter.stats.get("skipped", []) if SKIPPED in str(r.longrepr)]
    if skipped:
        terminalreporter.write_line(f"PostgreSQL: {len(skipped)} tests skipped: {SKIPPED}",
                                    yellow=True, bold=True)


@pytest.fixture
def backend() -> str:
    """The storage backend `repo` opens (parametrized over all three in marked modules)."""
    return default_backend()


@pytest.fixture
def repo(backend: str, tmp_path: Path) -> Iterator[Repository]:
    r = open_backend(backend, tmp_path)
    yield r
    r.close()


@pytest.fixture
def sharded(repo: Repository) -> ShardedRepository:
    """The same store as `repo`, for the checks only the TinyDB files allow (which user files
    exist, what a file holds); skipped when the tests run on another backend."""
    if not isinstance(repo, ShardedRepository):
        pytest.skip("looks at the TinyDB files")
    return repo


@pytest.fixture
def engine(repo: Repository, clock: FakeClock) -> Engine:
    return Engine(repo, clock, default_timezone="Europe/London")


def nudges_of(repo: Repository, *user_keys: str) -> list[Nudge]:
    """Every nudge of these users (default: the Chat's user), every status, earliest due first,
    through the port: their interviews' nudges, and any pending or claimed one of theirs
    whatever its interview (so one whose interview was never saved shows too)."""
    keys = user_keys or (KEY,)
    found = {n.id: n for key in keys for iv in repo.interviews_for(key)
             for n in repo.nudges_for_interview(iv.id)}
    for n in (*repo.due_nudges(FAR_FUTURE), *repo.claimed_nudges()):
        if n.user_key in keys:
            found.setdefault(n.id, n)
    return sorted(found.values(), key=lambda n: n.due_at)


class Chat:
    """Talks to the engine as one user would: text, or pressing a button by its label."""

    def __init__(self, engine: Engine, user: str = "u1", platform: str = "console") -> None:
        self.engine = engine
        self.user = user
        self.platform = platform
        self.last: list[Reply] = []

    def say(self, text: str) -> list[Reply]:
        self.last = self.engine.handle(Incoming(self.platform, self.user, self.user, text=text))
        return self.last

    def press(self, label: str) -> list[Reply]:
        for r in reversed(self.last):
            for b in (b for row in r.buttons for b in row):
                if b.label == label:
                    self.last = self.engine.handle(
                        Incoming(self.platform, self.user, self.user, button=b.payload))
                    return self.last
        raise AssertionError(f"no button {label!r} in {[r.button_labels for r in self.last]}")

    @property
    def text(self) -> str:
        return "\n".join(r.text for r in self.last)

    @property
    def labels(self) -> list[str]:
        return [label for r in self.last for label in r.button_labels]


@pytest.fixture
def chat(engine: Engine) -> Chat:
    return Chat(engine)


def acme(when: str = "they said they'd let me know by Friday") -> str:
    """The interview most tests log, in one message that names who will call (HR)."""
    return (f"I just had an interview with Jane Doe at Acme for the backend role, {when}. "
            f"HR will tell me")


def log_interview(chat: Chat, text: str | None = None, *, informer: str | None = None,
                  only_if_asked: bool = False, saved: bool = False) -> None:
    """Log an interview through the intake as a user would: say `text` (default: `acme()`),
    press the `informer` button when given (for a text that does not say who will call), then
    "No" to "did anyone ask you to contact them at a set time?" — with `only_if_asked`, only
    when that question came. With `saved`, check the intake ended in "Saved"."""
    chat.say(acme() if text is None else text)
    if informer is not None:
        chat.press(informer)
    if not only_if_asked or "set time" in chat.text:
        chat.press("No")
    if saved:
        assert "Saved" in chat.text


class RecordingSender:
    """A scheduler sender that keeps what it was asked to send."""

    platform = "console"
    nudges_per_second: float | None = None

    def __init__(self) -> None:
        self.sent: list[Reply] = []
        self.posted: list[tuple[str, Reply]] = []
        self.retracted: list[tuple[str, str]] = []

    async def send(self, user: User, reply: Reply) -> None:
        self.sent.append(reply)

    async def post(self, chat: str, reply: Reply) -> None:
        self.posted.append((chat, reply))

    async def retract(self, chat: str, message_id: str) -> None:
        self.retracted.append((chat, message_id))


@pytest.fixture
def sender() -> RecordingSender:
    """The console's sender, recording each nudge the scheduler sends."""
    return RecordingSender()


@pytest.fixture
def scheduler(repo: Repository, engine: Engine, clock: FakeClock,
              sender: RecordingSender) -> Scheduler:
    """The scheduler over the test's store and engine, sending to `sender`."""
    return Scheduler(repo, engine, clock, {"console": sender})


def tick_hourly(scheduler: Scheduler, clock: FakeClock, until: datetime
                ) -> list[tuple[datetime, Reply]]:
    """Advance the fake clock an hour at a time up to `until`, ticking the scheduler each time;
    (the clock's time, UTC, at that tick; the nudge) for each nudge sent to the console."""
    sender = scheduler.senders["console"]
    assert isinstance(sender, RecordingSender)
    seen = len(sender.sent)
    out: list[tuple[datetime, Reply]] = []
    while clock.now() < until:
        clock.advance(timedelta(hours=1))
        asyncio.run(scheduler.tick())
        out += [(clock.now(), r) for r in sender.sent[seen:]]
        seen = len(sender.sent)
    return out


@pytest.fixture
def pg(tmp_path: Path) -> Iterator[PostgresRepository]:
    """A PostgreSQL store on the test database (tests.backends; skipped without one)."""
    store = open_backend("postgres", tmp_path)
    assert isinstance(store, PostgresRepository)
    yield store
    store.close()
