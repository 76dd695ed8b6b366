"""How fast the scheduler may send nudges through a platform, and the pause after a 429.

Two implementations of one `Pacing` protocol, each keeping one bucket per key: a platform
("telegram", "slack": the bot's overall limit there) or one chat of a platform (`chat_key`:
"slack:D0123", for a platform that also limits each chat):

- `LocalPacing` (one process: the TinyDB files, memory): a token bucket per key in memory
  (`Buckets`), on an injectable clock and sleep, and the 429's "hold until" in memory.
- `SharedPacing` (several workers on one PostgreSQL database): the buckets and the holds in the
  database (storage/pg_rates.py), so every worker draws from the same buckets and all of them
  pause together after a 429. Each bucket holds one token at most, so no second sees more than
  the rate whatever the number of workers (see pg_rates for why own SQL).

Slack (docs.slack.dev/reference/methods/chat.postMessage, "Rate limiting"): chat.postMessage
"will generally allow an app to post 1 message per second to a specific channel", with "limits
governing your app's relationship with the entire workspace above that, limiting posting to
several hundred messages per minute". So a Slack nudge takes a token of its DM's bucket (1/s)
and one of the workspace's (`SlackAdapter.nudges_per_second`), and a 429 holds only the channel
it came from unless several channels are refused at once (`ChannelLimits`). Telegram is paced
overall only (about 30/s; its per-chat second is kept by the adapter's own limiter).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Iterable
from datetime import datetime, timedelta
from typing import Any, Protocol, runtime_checkable

from bot.core.contract.ports import Sender

log = logging.getLogger("hearback.pacing")

BATCH = 50  # users whose nudges the scheduler leases at a time, at most (see batch_for)
# Keys kept before idle ones (a full bucket, no hold) are pruned: one per chat paced lately.
PRUNE_AT = 1024


def chat_key(platform: str, chat: str) -> str:
    """The pacing key of one chat of `platform` ("slack", "D0123" -> "slack:D0123")."""
    return f"{platform}:{chat}"


@runtime_checkable
class ChatPaced(Protocol):
    """A sender whose platform limits each chat as well as the bot overall: the scheduler
    takes a token of the chat's bucket at `nudges_per_chat_per_second` (messages per second)
    before the platform's (Slack: 1 per second per channel, see the module's docstring)."""

    nudges_per_chat_per_second: float


class Pacing(Protocol):
    """The scheduler's pacing of nudges per key: a platform ("telegram", "slack", "console")
    or one of its chats (`chat_key`)."""

    async def acquire(self, platform: str, rate: float) -> None:
        """Wait until one more message may go to `platform` (a platform or a chat key) at
        `rate` messages per second (the sender's `nudges_per_second`, kept below the
        platform's documented limit, or its `nudges_per_chat_per_second`)."""
        ...

    def hold(self, platform: str, until: datetime) -> None:
        """The platform said to wait (HTTP 429, Retry-After): no nudge goes to `platform` (a
        platform or a chat key) before `until` (UTC, the scheduler's clock). A later hold
        extends it, an earlier one does not shorten it. Blocking: call it off the event loop
        (it may ask the database)."""
        ...

    def held_until(self, platform: str, now: datetime) -> datetime | None:
        """When the hold of `platform` (a platform or a chat key) lifts, or None when it is
        not held at `now` (UTC). Blocking, as `hold`."""
        ...


class Buckets:
    """Token buckets by key in one process (GCRA: each key keeps the instant its bucket is
    full again). A bucket at `rate` tokens per second holds max(1, rate) tokens, so a platform
    at 25/s lets 25 through at once and a chat at 1/s one. `now` gives seconds (monotonic);
    keys whose bucket is full again are dropped once there are PRUNE_AT of them.

    Own code rather than aiolimiter (which Telegram's adapter uses per chat): the scheduler's
    pacing runs on an injectable clock, so a burst of 1,000 Slack nudges is measured in
    simulated time (benchmarks/slack_burst.py); aiolimiter reads the event loop's clock."""

    def __init__(self, now: Callable[[], float] = time.monotonic) -> None:
        self._now = now
        self._full_at: dict[str, float] = {}

    def take(self, key: str, rate: float) -> float:
        """Take one token of `key`'s bucket: 0.0 when taken, else the seconds until one is
        there (nothing taken)."""
        now = self._now()
        interval = 1.0 / rate
        tolerance = (max(1.0, rate) - 1.0) * interval  # the burst, as time ahead of now
        full_at = max(self._full_at.get(key, now), now)
        if full_at - now > tolerance + 1e-9:
            return full_at - tolerance - now
        if key not in self._full_at and len(self._full_at) >= PRUNE_AT:
            self._full_at = {k: t for k, t in self._full_at.items() if t > now}
        self._full_at[key] = full_at + interval
        return 0.0

    def __len__(self) -> int:
        return len(self._full_at)


class LocalPacing:
    """Pacing inside one process: `Buckets` per key, holds in memory (after a restart the
    first send simply asks the platform again). `now` (seconds, monotonic) and `sleep` default
    to real time; a benchmark passes a simulated clock's."""

    def __init__(self, now: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep) -> None:
        self.buckets = Buckets(now)
        self._sleep = sleep
        self._holds: dict[str, datetime] = {}

    async def acquire(self, platform: str, rate: float) -> None:
        while (wait := self.buckets.take(platform, rate)) > 0:
            await self._sleep(wait)

    def hold(self, platform: str, until: datetime) -> None:
        # (A chat's hold goes when it is asked after it lifted: 429s are rare, so few stay.)
        if platform not in self._holds or self._holds[platform] < until:
            self._holds[platform] = until

    def held_until(self, platform: str, now: datetime) -> datetime | None:
        until = self._holds.get(platform)
        if until is not None and until <= now:
            del self._holds[platform]
            log.info("%s rate limit has lifted: sending nudges again", platform)
            return None
        return until


class RateStore(Protocol):
    """The database side of SharedPacing (storage/pg_rates.py: PostgresRateLimits)."""

    def take(self, platform: str, rate: float) -> float:
        """Take one token of the bucket of `platform` (a platform or a chat key): 0.0 when
        taken, else the seconds until one is there (nothing taken)."""
        ...

    def hold(self, platform: str, until: datetime) -> None: ...

    def held_until(self, platform: str, now: datetime) -> datetime | None: ...


class SharedPacing:
    """Pacing shared by every worker on one database: the buckets and the holds live in
    `store`; `offload` runs its blocking calls off the event loop (the core thread)."""

    def __init__(self, store: RateStore,
                 offload: Callable[..., Awaitable[Any]] | None = None) -> None:
        self._store = store
        self._offload = offload

    async def acquire(self, platform: str, rate: float) -> None:
        while True:
            wait = (await self._offload(self._store.take, platform, rate)
                    if self._offload is not None else self._store.take(platform, rate))
            if wait <= 0:
                return
            await asyncio.sleep(wait)  # another worker took the token: ask again when it refills

    def hold(self, platform: str, until: datetime) -> None:
        self._store.hold(platform, until)

    def held_until(self, platform: str, now: datetime) -> datetime | None:
        return self._store.held_until(platform, now)


class ChannelLimits:
    """Which hold a platform's 429 on one chat calls for (platforms that are `ChatPaced`).
    Slack's 429 does not say which limit was hit; each channel is paced at its documented
    second, so one channel refused is that channel's limit (a reply to the person there came
    between, say), while a second channel refused while the first is still held means the
    workspace-wide limit: then the whole platform is held, as for any 429 before."""

    def __init__(self) -> None:
        self._limited: dict[str, dict[str, datetime]] = {}  # platform -> chat -> hold's end

    def workspace_wide(self, platform: str, chat: str, until: datetime, now: datetime) -> bool:
        """Record that `chat` of `platform` is held until `until` (UTC); True when another
        chat of the platform is held at `now` too (hold the platform)."""
        chats = {c: t for c, t in self._limited.get(platform, {}).items() if t > now}
        others = any(c != chat for c in chats)
        chats[chat] = max(until, chats.get(chat, until))
        self._limited[platform] = chats
        return others


def batch_for(senders: Iterable[Sender], lease: timedelta) -> int:
    """How many users' nudges to lease at a time: what the slowest paced sender gets through in
    a twentieth of the lease (a user may have several nudges due, and other workers draw from
    the same bucket), between 1 and BATCH. E.g. Slack at 5/s with 2-minute leases: 30 users."""
    rates = [s.nudges_per_second for s in senders if s.nudges_per_second]
    if not rates:
        return BATCH
    return max(1, min(BATCH, int(min(rates) * lease.total_seconds() / 20)))
