"""Shared fixtures: a real data directory in tmp, a fake clock, an engine and a tiny chat driver."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.core.contract.clock import FakeClock
from bot.core.contract.messages import Incoming, Reply
from bot.core.contract.models import User
from bot.core.engine import Engine
from storage import ShardedRepository, open_repository

LONDON = ZoneInfo("Europe/London")
# Wednesday 25 November 2026, 15:00 in London.
START = datetime(2026, 11, 25, 15, 0, tzinfo=LONDON)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


@pytest.fixture
def repo(tmp_path: Path) -> Iterator[ShardedRepository]:
    r = open_repository(tmp_path / "data")
    yield r
    r.close()


@pytest.fixture
def engine(repo: ShardedRepository, clock: FakeClock) -> Engine:
    return Engine(repo, clock, default_timezone="Europe/London")


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


class RecordingSender:
    """A scheduler sender that keeps what it was asked to send."""

    platform = "console"
    nudges_per_second: float | None = None

    def __init__(self) -> None:
        self.sent: list[Reply] = []
        self.posted: list[tuple[str, Reply]] = []

    async def send(self, user: User, reply: Reply) -> None:
        self.sent.append(reply)

    async def post(self, chat: str, reply: Reply) -> None:
        self.posted.append((chat, reply))
