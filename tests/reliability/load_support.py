"""Support for the load test (test_load.py): the two platform fakes with their rate limits checked
server-side, a per-chat log of what the bot sent (with arrival times, waitable), and the figures.

Rate limits are modelled as leaky buckets: each request that counts fills its buckets by one,
and a bucket drains at its rate. A request that would lift a bucket over its capacity (plus
TOLERANCE, for the jitter between the moment the bot's own limiter lets a request go and the
moment it reaches the server) is refused the way the platform refuses it, and recorded in
`violations`.
"""

from __future__ import annotations

import asyncio
import json
import math
import os
from collections import defaultdict
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from aiohttp import web

from bot.adapters.telegram import PER_CHAT_BURST
from tests.fake_slack import Call as SlackCall
from tests.fake_slack import FakeSlack
from tests.fake_telegram import Call as TelegramCall
from tests.fake_telegram import FakeBotApi

# Requests that reach the server this much over a bucket's capacity still pass: the bot's
# limiter and the server see the same requests a few milliseconds apart, not at the same instant.
TOLERANCE = 2.0

# Telegram (core.telegram.org/bots/faq): about 30 messages a second overall, about one a second
# in one chat (short bursts allowed: PER_CHAT_BURST, as the bot assumes), 20 a minute in a group.
TELEGRAM_OVERALL = (30.0, 30.0)  # (capacity, drained per second)
TELEGRAM_PER_CHAT = (float(PER_CHAT_BURST), 1.0)
TELEGRAM_PER_GROUP = (20.0, 20.0 / 60.0)
# Requests that put something in a chat (send*, edit*) count against every limit; answering a
# button press counts against the overall one only (it names no chat).
TELEGRAM_OVERALL_ONLY = frozenset({"answerCallbackQuery"})

# Slack (api.slack.com/methods/chat.postMessage, "Rate limiting"): about one message a second
# per channel, "with short bursts of more than 1 allowed". The burst is not published; 5 lets
# one turn's answer through at once (the longest here is an update of the pressed message and
# two posts) while a bot that loops, or answers twice, runs into it. chat.update counts too.
# Note: with TOLERANCE, 7 requests at once pass, and test_load's Slack conversation makes 7 per
# channel in all, so there it catches extra requests, not a lack of pacing (the adapter paces
# nothing per channel: slack_sdk waits out a 429 instead). Six turns without think time
# (about 10 requests in 2-3 s) go over it.
SLACK_PER_CHANNEL = (5.0, 1.0)
SLACK_PER_CHANNEL_METHODS = frozenset({"chat.postMessage", "chat.update"})

C = TypeVar("C")


class LeakyBucket:
    def __init__(self, capacity: float, per_second: float) -> None:
        self.capacity = capacity
        self.per_second = per_second
        self.level = 0.0
        self.peak = 0.0  # the highest level a request that passed brought it to
        self._at: float | None = None

    def _drain(self, now: float) -> None:
        if self._at is not None:
            self.level = max(0.0, self.level - (now - self._at) * self.per_second)
        self._at = now

    def has_room(self, now: float) -> bool:
        self._drain(now)
        return self.level + 1.0 <= self.capacity + TOLERANCE + 1e-9

    def add(self, now: float) -> None:
        self._drain(now)
        self.level += 1.0
        self.peak = max(self.peak, self.level)

    def retry_after(self) -> int:
        """Whole seconds until a request would pass again (what the platform tells the bot)."""
        over = self.level + 1.0 - (self.capacity + TOLERANCE)
        return max(1, math.ceil(over / self.per_second))


@dataclass(frozen=True)
class Violation:
    method: str
    limit: str  # "overall", "chat 10001", "group -5", "channel DU001"
    at: float  # seconds since the fake started
    level: float  # the bucket's level when the request arrived
    capacity: float


class Limits:
    """Named leaky buckets; `admit` adds a request to all of them, or to none and says which
    one is full."""

    def __init__(self) -> None:
        self.buckets: dict[str, LeakyBucket] = {}
        self.violations: list[Violation] = []
        self.started = asyncio.get_running_loop().time()

    def now(self) -> float:
        return asyncio.get_running_loop().time()

    def bucket(self, name: str, shape: tuple[float, float]) -> LeakyBucket:
        if name not in self.buckets:
            self.buckets[name] = LeakyBucket(*shape)
        return self.buckets[name]

    def admit(self, method: str,
              names: list[tuple[str, tuple[float, float]]]) -> LeakyBucket | None:
        """None when the request passes; else the bucket it would overflow (recorded)."""
        now = self.now()
        buckets = [(name, self.bucket(name, shape)) for name, shape in names]
        for name, bucket in buckets:
            if not bucket.has_room(now):
                self.violations.append(Violation(method, name, round(now - self.started, 3),
                                                 round(bucket.level, 2), bucket.capacity))
                return bucket
        for _, bucket in buckets:
            bucket.add(now)
        return None

    def peak(self, prefix: str) -> float:
        """The highest level reached among the buckets whose name starts with `prefix`."""
        return max((b.peak for n, b in self.buckets.items() if n.startswith(prefix)), default=0.0)


class ChatLog(Generic[C]):
    """What the bot got through to each chat, with the time each request arrived; waitable per
    chat."""

    def __init__(self) -> None:
        self.entries: defaultdict[str, list[tuple[float, C]]] = defaultdict(list)
        self._events: defaultdict[str, asyncio.Event] = defaultdict(asyncio.Event)

    def add(self, chat: str, at: float, call: C) -> None:
        self.entries[chat].append((at, call))
        self._events[chat].set()

    def count(self, chat: str) -> int:
        return len(self.entries[chat])

    def since(self, chat: str, mark: int) -> list[tuple[float, C]]:
        return self.entries[chat][mark:]

    async def wait(self, chat: str, count: int, timeout: float) -> None:
        """Until the chat holds at least `count` entries."""
        async def arrived() -> None:
            event = self._events[chat]
            while True:
                event.clear()
                if len(self.entries[chat]) >= count:
                    return
                await event.wait()
        await asyncio.wait_for(arrived(), timeout)


# -- Telegram ------------------------------------------------------------------------------------
def _chat_number(raw: object) -> int | None:
    try:
        return int(str(raw))
    except (TypeError, ValueError):
        return None


class RateLimitedBotApi(FakeBotApi):
    """The fake Bot API, refusing (429, parameters.retry_after) and recording every request over
    Telegram's limits; every request to a chat that it accepted is logged with its time (but
    typing indicators, which are no message)."""

    def __init__(self, token: str) -> None:
        super().__init__(token)
        self.limits = Limits()
        self.log: ChatLog[TelegramCall] = ChatLog()

    @property
    def violations(self) -> list[Violation]:
        return self.limits.violations

    def _admit(self, call: TelegramCall) -> web.Response | None:
        posting = call.method.startswith(("send", "edit"))
        if not posting and call.method not in TELEGRAM_OVERALL_ONLY:
            return None
        names: list[tuple[str, tuple[float, float]]] = [("overall", TELEGRAM_OVERALL)]
        chat = _chat_number(call.params.get("chat_id")) if posting else None
        if chat is not None and chat > 0:
            names.append((f"chat {chat}", TELEGRAM_PER_CHAT))
        elif chat is not None:
            names.append((f"group {chat}", TELEGRAM_PER_GROUP))
        full = self.limits.admit(call.method, names)
        if full is None:
            return None
        retry = full.retry_after()
        return self._error(429, f"Too Many Requests: retry after {retry}",
                           {"retry_after": retry})

    async def _record(self, call: TelegramCall, response: web.Response | None) -> web.Response:
        answer = await super()._record(call, response)
        chat = _chat_number(call.params.get("chat_id"))
        # The log is what the chat shows: a typing indicator counts toward the limits above but
        # is no message (a busy moment may or may not bring one).
        if call.method not in ("getUpdates", "sendChatAction") and chat is not None and \
                call.status == 200:
            self.log.add(str(chat), self.limits.now(), call)
        return answer


# -- Slack ---------------------------------------------------------------------------------------
class RateLimitedSlack(FakeSlack):
    """The fake Slack, refusing (HTTP 429, Retry-After) and recording every chat.postMessage and
    chat.update over the per-channel limit; those it accepted are logged per channel with their
    time."""

    def __post_init__(self) -> None:
        super().__post_init__()
        self.limits = Limits()
        self.log: ChatLog[SlackCall] = ChatLog()

    @property
    def violations(self) -> list[Violation]:
        return self.limits.violations

    def _admit(self, call: SlackCall) -> web.Response | None:
        if call.method not in SLACK_PER_CHANNEL_METHODS:
            return None
        channel = str(call.args.get("channel") or "")
        full = self.limits.admit(call.method, [(f"channel {channel}", SLACK_PER_CHANNEL)])
        if full is None:
            return None
        call.result = {"ok": False, "error": "ratelimited"}
        return web.json_response(call.result, status=429,
                                 headers={"Retry-After": str(full.retry_after())})

    async def _record(self, call: SlackCall) -> None:
        await super()._record(call)
        if call.method in SLACK_PER_CHANNEL_METHODS and call.result.get("ok"):
            self.log.add(str(call.args.get("channel") or ""), self.limits.now(), call)


# -- figures -------------------------------------------------------------------------------------
def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100) of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100.0 * len(ordered)))
    return ordered[rank - 1]


@dataclass(frozen=True)
class LoadFigures:
    platform: str
    users: int
    messages: int  # user messages answered
    wall_seconds: float
    messages_per_second: float
    reply_p50_seconds: float
    reply_p99_seconds: float
    reply_max_seconds: float
    bot_requests: int  # rate-limited requests the bot made (sends, edits, ...)
    bot_requests_per_second: float
    violations: int
    peak_levels: dict[str, float]  # highest bucket level reached, per kind of limit

    @classmethod
    def of(cls, platform: str, users: int, reply_times: list[float], wall: float,
           bot_requests: int, violations: int, peak_levels: dict[str, float]) -> LoadFigures:
        return cls(platform, users, len(reply_times), round(wall, 3),
                   round(len(reply_times) / wall, 2),
                   round(percentile(reply_times, 50), 4), round(percentile(reply_times, 99), 4),
                   round(max(reply_times), 4), bot_requests, round(bot_requests / wall, 2),
                   violations, {k: round(v, 2) for k, v in peak_levels.items()})

    def line(self) -> str:
        peaks = ", ".join(f"{k} {v:g}" for k, v in self.peak_levels.items())
        return (f"load {self.platform}: {self.users} users, {self.messages} messages answered in "
                f"{self.wall_seconds:.1f}s = {self.messages_per_second:.1f} messages/s; reply "
                f"time p50 {self.reply_p50_seconds * 1000:.0f} ms, p99 "
                f"{self.reply_p99_seconds * 1000:.0f} ms, max "
                f"{self.reply_max_seconds * 1000:.0f} ms; {self.bot_requests} rate-limited "
                f"requests ({self.bot_requests_per_second:.1f}/s), {self.violations} over a "
                f"limit; peak bucket levels: {peaks}")


def report(figures: LoadFigures) -> None:
    """Print the figures (shown with pytest -s) and add them to $HEARBACK_LOAD_REPORT if set."""
    print(f"\n{figures.line()}")
    target = os.environ.get("HEARBACK_LOAD_REPORT")
    if not target:
        return
    path = Path(target)
    try:
        existing = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        existing = {}
    data: dict[str, Any] = existing if isinstance(existing, dict) else {}
    data[figures.platform] = asdict(figures)
    path.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")
