"""Support for the Telegram process tests: the fake Bot API in a thread of its own (so the test
can block, spawn and kill while it keeps serving), the real `hearback telegram` process, and the
messages' tags that tell which reply answers which message."""

from __future__ import annotations

import asyncio
import os
import re
import socket
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any, TypeVar

from tests.fake_telegram import FakeBotApi

ROOT = Path(__file__).resolve().parents[2]
HEARBACK = Path(sys.executable).parent / "hearback"
TOKEN = "123456:RELIABILITY-token"
HOOK_URL = "https://bot.example.invalid/hearback/telegram"
TAG = re.compile(r"/zq(\d+)x(\d+)")
T = TypeVar("T")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def tag(user: int, n: int) -> str:
    """A message the bot answers with a line naming it ("I don't know the command /zq…"),
    without changing anything that a later message depends on."""
    return f"/zq{user}x{n:04d}"


class FakeThread:
    """The fake Bot API running on its own event loop in a thread."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self._thread.start()
        self.api: FakeBotApi = self.call(self._make())
        self.base_url = self.call(self.api.start())

    @staticmethod
    async def _make() -> FakeBotApi:
        return FakeBotApi(TOKEN)

    def call(self, coro: Coroutine[Any, Any, T], timeout: float = 30.0) -> T:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    def do(self, fn: Callable[[], T]) -> T:
        async def wrapped() -> T:
            return fn()
        return self.call(wrapped())

    def say(self, user: int, text: str) -> None:
        """`user` writes `text` to the bot (an update queued at Telegram)."""
        self.call(self.api.queue(self.api.text_update(user, text)))

    def replies(self) -> list[tuple[int, str]]:
        """Every message the bot sent: (chat id, text)."""
        return self.do(lambda: [(c.chat_id or 0, c.text) for c in self.api.sent()])

    def close(self) -> None:
        self.call(self.api.stop())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(timeout=10)


class Answers:
    """What the replies say about the tagged messages: per chat, the tags in the order they were
    first answered, and how often each was answered."""

    def __init__(self, replies: list[tuple[int, str]]) -> None:
        self.count: Counter[str] = Counter()
        self.order: defaultdict[int, list[int]] = defaultdict(list)
        for chat, text in replies:
            for match in TAG.finditer(text):
                key = match.group(0)
                if int(match.group(1)) != chat:
                    raise AssertionError(f"{key} answered in chat {chat}: another user's")
                if not self.count[key]:
                    self.order[chat].append(int(match.group(2)))
                self.count[key] += 1

    @property
    def answered(self) -> int:
        return len(self.count)

    @property
    def duplicates(self) -> int:
        return sum(n - 1 for n in self.count.values())


def env_for(data_dir: Path, base_url: str, *, webhook_port: int | None,
            grace: float | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("HEARBACK_", "TELEGRAM_", "SLACK_"))}
    env.update(HEARBACK_DATA_DIR=str(data_dir), HEARBACK_TIMEZONE="Europe/London",
               HEARBACK_TICK_SECONDS="3600", TELEGRAM_BOT_TOKEN=TOKEN,
               TELEGRAM_API_BASE_URL=base_url, PYTHONPATH=str(ROOT))
    if webhook_port is not None:
        env.update(TELEGRAM_WEBHOOK_URL=HOOK_URL, TELEGRAM_WEBHOOK_SECRET="s3cret-hook",
                   TELEGRAM_WEBHOOK_PORT=str(webhook_port))
    if grace is not None:
        env["HEARBACK_STOP_GRACE_SECONDS"] = str(grace)
    return env


def spawn(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    """`hearback telegram`, its output appended to `log`."""
    with log.open("ab") as out:
        return subprocess.Popen([str(HEARBACK), "telegram"], stdin=subprocess.DEVNULL,
                                stdout=out, stderr=subprocess.STDOUT, env=env,
                                cwd=log.parent)


def wait_until(condition: Callable[[], bool], timeout: float, what: str,
               proc: subprocess.Popen[bytes] | None = None, log: Path | None = None) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if proc is not None and proc.poll() is not None:
            tail = log.read_text(errors="replace")[-3000:] if log is not None else ""
            raise AssertionError(f"hearback exited ({proc.returncode}) before {what}:\n{tail}")
        if time.monotonic() > deadline:
            tail = log.read_text(errors="replace")[-3000:] if log is not None else ""
            raise AssertionError(f"timed out waiting for {what}:\n{tail}")
        time.sleep(0.01)
