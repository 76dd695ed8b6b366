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
from bot.pacing import ChannelLimits, Pacing, chat_key

# Set while the scheduler's own send runs (a nudge, a digest): its token is taken already.
SCHEDULED: ContextVar[bool] = ContextVar("hearback_scheduled_send", default=False)
# The longest a reply waits for a shared hold to lift (seconds); past it the platform's own
# answer (another 429) decides. Telegram's Retry-After is seconds, rarely a minute.
MOST_WAIT = 60.0


class ReplyPacing:
    """The shared pacing of one platform's replies: `before` waits out a hold and takes a
    token (at `rate` messages per second, the platform's nudge rate, so replies and nudges
    share one bucket; None: holds only, for a platform whose limit is per chat, not overall);
    `throttled` records a 429's Retry-After (seconds) for every worker. `per_chat` (Slack,
    which limits posting per channel): a 429 holds the chat it came from, and the platform
    only when another chat is held too (bot/pacing.py ChannelLimits)."""

    def __init__(self, pacing: Pacing, platform: str, rate: float | None, clock: Clock, *,
                 per_chat: bool = False) -> None:
        self.pacing = pacing
        self.platform = platform
        self.rate = rate
        self.clock = clock
        self.per_chat = per_chat
        self._limits = ChannelLimits()

    async def before(self, chat: str | None = None) -> None:
        """Wait until one more message may go out (not for the scheduler's own sends), to
        `chat` if given (its hold is waited out too when `per_chat`)."""
        if SCHEDULED.get():
            return
        now = self.clock.now()
        for key in self._keys(chat):
            until = await asyncio.to_thread(self.pacing.held_until, key, now)
            if until is not None and until > now:
                await asyncio.sleep(min(MOST_WAIT, (until - now).total_seconds()))
        if self.rate is not None:
            await self.pacing.acquire(self.platform, self.rate)

    async def throttled(self, retry_after: float, chat: str | None = None) -> None:
        """The platform answered 429 (to a message for `chat`, when known): every worker holds
        `retry_after` seconds, the chat alone when `per_chat` and no other chat is held."""
        now = self.clock.now()
        until = now + timedelta(seconds=max(retry_after, 1.0))
        if self.per_chat and chat:
            await asyncio.to_thread(self.pacing.hold, chat_key(self.platform, chat), until)
            if not self._limits.workspace_wide(self.platform, chat, until, now):
                return
        await asyncio.to_thread(self.pacing.hold, self.platform, until)

    def _keys(self, chat: str | None) -> list[str]:
        keys = [self.platform]
        if self.per_chat and chat:
            keys.append(chat_key(self.platform, chat))
        return keys
