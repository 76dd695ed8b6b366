"""The nudge loop: claim what is due, render it through the core, send it, mark it sent.

Nudges are rows in storage, so they survive restarts. A nudge is claimed (durably) before it is
sent and marked sent (durably) after; a crash between the two leaves it claimed, and `recover()`
at start-up puts it back to pending. That is the one window in which a nudge can reach a user
twice: it was handed to the platform but the process died before recording it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import defaultdict
from collections.abc import Mapping
from datetime import timedelta

from aiolimiter import AsyncLimiter

from bot.adapters.base import DeliveryError, Sender
from bot.core.catchup import triage
from bot.core.clock import Clock
from bot.core.engine import Engine
from bot.core.models import Nudge
from bot.core.ports import Repository

log = logging.getLogger("hearback.scheduler")

RETRY_BACKOFF = (timedelta(seconds=30), timedelta(minutes=2), timedelta(minutes=10),
                 timedelta(hours=1))


class Scheduler:
    def __init__(self, repo: Repository, engine: Engine, clock: Clock,
                 senders: Mapping[str, Sender]) -> None:
        self.repo = repo
        self.engine = engine
        self.clock = clock
        self.senders = dict(senders)
        # aiolimiter paces each platform's nudges (a leaky bucket), so a burst of due nudges goes
        # out at the platform's allowed rate instead of tripping its flood control.
        self._limiters = {
            platform: AsyncLimiter(rate, 1.0)
            for platform, sender in self.senders.items()
            if (rate := sender.nudges_per_second)
        }

    def recover(self) -> int:
        """Put nudges left claimed by a crash back in the queue."""
        claimed = self.repo.claimed_nudges()
        with self.repo.transaction():
            for n in claimed:
                n.status, n.claimed_at = "pending", None
                self.repo.save_nudge(n)
        if claimed:
            log.warning("recovered %d nudge(s) left claimed by an interrupted run", len(claimed))
        return len(claimed)

    async def tick(self) -> int:
        """Deliver everything due now. Returns how many nudges were sent."""
        now = self.clock.now()
        due = [n for n in self.repo.due_nudges(now) if self._platform(n) in self.senders]
        if not due:
            return 0
        by_user: dict[str, list[Nudge]] = defaultdict(list)
        for n in due:
            by_user[n.user_key].append(n)
        to_send: list[Nudge] = []
        with self.repo.transaction():
            for key, nudges in by_user.items():
                user = self.repo.get_user(key)
                if user is not None and user.unreachable:
                    # The platform said they can't be reached: hold everything until they
                    # write again (the engine resumes paused nudges then).
                    for n in nudges:
                        n.status, n.done_at, n.note = "paused", now, "user unreachable"
                        self.repo.save_nudge(n)
                    log.info("paused %d nudge(s) for unreachable %s", len(nudges), key)
                    continue
                plan = triage(nudges, now, self.engine.prefs_for(key))
                for n, status, reason in plan.drop:
                    n.status, n.done_at, n.note = status, now, reason
                    self.repo.save_nudge(n)
                    log.info("nudge %s (%s) %s: %s", n.id, n.kind, status, reason)
                for n, when in plan.retime:
                    n.due_at, n.note = when, f"re-timed from {n.due_at.isoformat()}"
                    self.repo.save_nudge(n)
                to_send.extend(plan.send)
        sent = 0
        for n in to_send:
            sent += await self._deliver(n)
        return sent

    def _platform(self, n: Nudge) -> str:
        return n.user_key.split(":", 1)[0]

    async def _deliver(self, n: Nudge) -> int:
        now = self.clock.now()
        with self.repo.transaction():
            n.status, n.claimed_at, n.attempts = "claimed", now, n.attempts + 1
            self.repo.save_nudge(n)
        message = self.engine.render_nudge(n)
        user = self.repo.get_user(n.user_key)
        if message is None or user is None:
            with self.repo.transaction():
                n.status, n.done_at, n.note = "cancelled", now, "no longer applies"
                self.repo.save_nudge(n)
            return 0
        try:
            limiter = self._limiters.get(user.platform)
            if limiter is None:
                await self.senders[user.platform].send(user, message)
            else:
                async with limiter:
                    await self.senders[user.platform].send(user, message)
        except DeliveryError as exc:
            self._failed(n, exc)
            return 0
        if self.repo.get_user(n.user_key) is None:
            return 1  # they deleted their data while it was on its way: write nothing back
        with self.repo.transaction():
            n.status, n.done_at = "sent", self.clock.now()
            self.repo.save_nudge(n)
        return 1

    def _failed(self, n: Nudge, exc: DeliveryError) -> None:
        now = self.clock.now()
        if self.repo.get_user(n.user_key) is None:
            return  # deleted meanwhile: nothing to retry, nothing to write back
        with self.repo.transaction():
            n.status, n.claimed_at = "pending", None
            if exc.permanent:
                n.status, n.done_at = "paused", now
                user = self.repo.get_user(n.user_key)
                if user is not None and not user.unreachable:
                    user.unreachable = True
                    self.repo.save_user(user)
            elif exc.retry_after is not None:
                n.due_at = now + timedelta(seconds=exc.retry_after)
            else:
                n.due_at = now + RETRY_BACKOFF[min(n.attempts, len(RETRY_BACKOFF)) - 1]
            n.note = f"delivery failed: {exc}"
            self.repo.save_nudge(n)
        log.warning("nudge %s for %s not delivered (%s); %s", n.id, n.user_key, exc,
                    "paused" if exc.permanent else f"retry at {n.due_at.isoformat()}")

    def seconds_to_next(self, interval: float) -> float:
        """How long to wait before the next tick: until the next nudge, at most `interval`."""
        due = self.repo.next_due_at()
        if due is None:
            return interval
        return min(interval, max(0.0, (due - self.clock.now()).total_seconds()))

    async def run(self, stop: asyncio.Event, interval: float = 30.0) -> None:
        """Tick until `stop` is set. A failing tick is logged, never fatal to the loop."""
        while not stop.is_set():
            try:
                await self.tick()
            except Exception:
                log.exception("scheduler tick failed; will try again")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=self.seconds_to_next(interval))
