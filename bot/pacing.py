"""How fast the scheduler may send nudges through a platform, and the pause after a 429.

Two implementations of one `Pacing` protocol:

- `LocalPacing` (one process: the TinyDB files, memory): aiolimiter's leaky bucket per platform
  (bursts up to one second's worth, then the rate), and the 429's "hold until" in memory.
- `SharedPacing` (several workers on one PostgreSQL database): one token bucket per platform
  and the hold kept in the database (storage/pg_rates.py), so every worker draws from the same
  bucket and all of them pause together after a 429. Its bucket holds one token at most, so no
  second sees more than the rate whatever the number of workers (see pg_rates for why own SQL).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any, Protocol

from aiolimiter import AsyncLimiter

log = logging.getLogger("hearback.pacing")


class Pacing(Protocol):
    """The scheduler's pacing of nudges per platform ("telegram", "slack", "console")."""

    async def acquire(self, platform: str, rate: float) -> None:
        """Wait until one more message may go to `platform` at `rate` messages per second
        (the sender's `nudges_per_second`, kept below the platform's documented limit)."""
        ...

    def hold(self, platform: str, until: datetime) -> None:
        """The platform said to wait (HTTP 429, Retry-After): no nudge goes to it before
        `until` (UTC, the scheduler's clock). A later hold extends it, an earlier one does
        not shorten it. Blocking: call it off the event loop (it may ask the database)."""
        ...

    def held_until(self, platform: str, now: datetime) -> datetime | None:
        """When the platform's hold lifts, or None when it is not held at `now` (UTC).
        Blocking, as `hold`."""
        ...


class LocalPacing:
    """Pacing inside one process: aiolimiter per platform, holds in memory (after a restart
    the first send simply asks the platform again)."""

    def __init__(self) -> None:
        self._limiters: dict[str, AsyncLimiter] = {}
        self._holds: dict[str, datetime] = {}

    async def acquire(self, platform: str, rate: float) -> None:
        limiter = self._limiters.get(platform)
        if limiter is None:
            limiter = self._limiters[platform] = AsyncLimiter(rate, 1.0)
        await limiter.acquire()

    def hold(self, platform: str, until: datetime) -> None:
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
        """Take one token of `platform`'s bucket: 0.0 when taken, else the seconds until one
        is there (nothing taken)."""
        ...

    def hold(self, platform: str, until: datetime) -> None: ...

    def held_until(self, platform: str, now: datetime) -> datetime | None: ...


class SharedPacing:
    """Pacing shared by every worker on one database: the bucket and the holds live in
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
