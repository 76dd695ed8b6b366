"""A turn's replies through the pacing every worker shares (several workers on one PostgreSQL
database): one token bucket per platform and the hold after a 429, the same the scheduler's
nudges draw from (bot/pacing.py), so no number of workers together passes the platform's rate
and a 429 seen by one pauses all of them.

With one process (the TinyDB files, memory) nothing here is used: the platforms' own in-process
limiters (python-telegram-bot's AIORateLimiter, the Slack adapter's pacing) already see every
message. A nudge's send is paced by the scheduler before it reaches the adapter, so the adapters
take a token only for what the scheduler did not send (`SCHEDULED`).
"""

from __future__ import annotations

import asyncio
from contextvars import ContextVar
from datetime import timedelta

from bot.core.contract.clock import Clock
from bot.pacing import Pacing

# Set while the scheduler's own send runs (a nudge, a digest): its token is taken already.
SCHEDULED: ContextVar[bool] = ContextVar("hearback_scheduled_send", default=False)
# The longest a reply waits for a shared hold to lift (seconds); past it the platform's own
# answer (another 429) decides. Telegram's Retry-After is seconds, rarely a minute.
MOST_WAIT = 60.0


class ReplyPacing:
    """The shared pacing of one platform's replies: `before` waits out a hold and takes a
    token (at `rate` messages per second, the platform's nudge rate, so replies and nudges
    share one bucket; None: holds only, for a platform whose limit is per chat, not overall);
    `throttled` records a 429's Retry-After (seconds) for every worker."""

    def __init__(self, pacing: Pacing, platform: str, rate: float | None, clock: Clock) -> None:
        self.pacing = pacing
        self.platform = platform
        self.rate = rate
        self.clock = clock

    async def before(self) -> None:
        """Wait until one more message may go out (not for the scheduler's own sends)."""
        if SCHEDULED.get():
            return
        now = self.clock.now()
        until = await asyncio.to_thread(self.pacing.held_until, self.platform, now)
        if until is not None and until > now:
            await asyncio.sleep(min(MOST_WAIT, (until - now).total_seconds()))
        if self.rate is not None:
            await self.pacing.acquire(self.platform, self.rate)

    async def throttled(self, retry_after: float) -> None:
        """The platform answered 429: every worker holds `retry_after` seconds."""
        until = self.clock.now() + timedelta(seconds=max(retry_after, 1.0))
        await asyncio.to_thread(self.pacing.hold, self.platform, until)
