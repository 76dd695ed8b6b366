"""The nudge loop: claim what is due, render it through the core, send it, mark it sent.

Nudges are rows in storage, so they survive restarts. A nudge is claimed (durably) before it is
sent and marked sent (durably) after; a crash between the two leaves it claimed, and `recover()`
at start-up puts it back to pending. That is the one window in which a nudge can reach a user
twice: it was handed to the platform but the process died before recording it.

Order per user is kept through failures: when a nudge cannot be delivered and is put off, that
user's other nudges due before its retry are moved just behind it (durably, so a restart keeps the
order too). A 429 holds the whole platform until its retry-after, since the limit is per bot.

Faults stay with their cause (issue 15): each user's nudges are triaged and sent in their own
transactions, so one user whose data can't be read or written is skipped and the others are
served in the same tick. A tick that failed in any part backs off (1 s, doubling to 5 min) before
the next try, instead of running again at once, and an error that repeats is logged once a
minute with a count (`RepeatedErrors`), so a full disk costs a few log lines, not megabytes.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import defaultdict
from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime, timedelta
from typing import Any, TypeVar

from aiolimiter import AsyncLimiter

from bot.core.contract.clock import Clock
from bot.core.contract.messages import Reply
from bot.core.contract.models import Nudge, User
from bot.core.contract.ports import ChannelPoster, DeliveryError, Repository, Sender
from bot.core.engine import Engine
from bot.core.plan.catchup import triage
from bot.core.plan.schedule import nudges_of
from bot.tick_faults import Faults, RepeatedErrors, TickError

log = logging.getLogger("hearback.scheduler")

RETRY_BACKOFF = (timedelta(seconds=30), timedelta(minutes=2), timedelta(minutes=10),
                 timedelta(hours=1))
# Spacing of nudges moved behind a retried one: keeps their order without changing their time.
BEHIND = timedelta(microseconds=1)
SAME_SLOT = timedelta(milliseconds=1)  # nudges lined up at one time sit within this of it
# After a failed tick: wait 1 s, then 2, 4... at most 5 minutes (issue 15).
TICK_BACKOFF_FIRST = timedelta(seconds=1)
TICK_BACKOFF_MAX = timedelta(minutes=5)


T = TypeVar("T")
# Runs a synchronous step (storage, the engine) and awaits its result: in the adapters' core
# thread when the bot serves platforms, so that a tick never holds up the event loop that
# acknowledges everyone's updates; inline (the default) in the terminal and in tests.
Offload = Callable[..., Awaitable[Any]]


async def _inline(fn: Callable[..., T], *args: Any) -> T:
    return fn(*args)


class Scheduler:
    """Delivers due nudges, weekly digests and the take-down of channel posts, tick by tick.
    `offload` runs each synchronous step (see Offload); awaiting the platforms is done here."""

    def __init__(self, repo: Repository, engine: Engine, clock: Clock,
                 senders: Mapping[str, Sender], offload: Offload = _inline) -> None:
        self.repo = repo
        self._sync = offload
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
        # Platform -> when its rate limit lifts (a 429's retry-after). Kept in memory: after a
        # restart the first send simply asks again.
        self._platform_hold: dict[str, datetime] = {}
        # How many nudges already wait at the hold's end, so later ones queue after them.
        self._held_count: dict[str, int] = {}
        self.errors = RepeatedErrors(log, "scheduler tick")
        self._backoff: timedelta | None = None  # the wait after the last failed tick
        self._retry_at: datetime | None = None
        self._faults = Faults()

    def recover(self) -> int:
        """Put nudges left claimed by a crash back in the queue."""
        claimed = self.repo.claimed_nudges()
        with self.repo.transaction():
            for n in claimed:
                n.release()
                self.repo.save_nudge(n)
        if claimed:
            log.warning("recovered %d nudge(s) left claimed by an interrupted run", len(claimed))
        return len(claimed)

    async def tick(self) -> int:
        """Deliver everything due now (nudges, then weekly digests). Returns how many
        messages were sent. Raises TickError when part of it failed (after serving every user
        it could), or what made it fail as a whole (the due list unreadable)."""
        self._faults = Faults()
        sent = await self._nudges() + await self._digests()
        await self._retractions()
        faults, self._faults = self._faults, Faults()
        if faults.first is not None:
            raise TickError(sent, faults.count, faults.first)
        return sent

    async def guarded_tick(self) -> int | None:
        """`tick()` unless a failed tick's back-off is still running. Never raises: a failure
        is logged (RepeatedErrors) and sets the next try 1 s later, doubling to 5 min; a
        success resets it. Returns the messages sent, None when it failed or waited."""
        now = self.clock.now()
        if self._retry_at is not None and self._backoff is not None:
            left = self._retry_at - now
            if timedelta(0) < left <= self._backoff:  # (a clock that went back: try now)
                return None
        try:
            sent = await self.tick()
        except Exception as exc:
            self._backoff = (TICK_BACKOFF_FIRST if self._backoff is None
                             else min(self._backoff * 2, TICK_BACKOFF_MAX))
            now = self.clock.now()
            self._retry_at = now + self._backoff
            self.errors.failed(now, exc.cause if isinstance(exc, TickError) else exc)
            return None
        if self._backoff is not None:
            self.errors.recovered()
        self._backoff = self._retry_at = None
        return sent

    async def _digests(self) -> int:
        sent = 0
        for channel in await self._sync(self.engine.due_digests):
            sender = self.senders.get(channel.platform)
            if not isinstance(sender, ChannelPoster):
                continue
            message = await self._sync(self.engine.digest, channel)
            if message is None:
                continue
            try:
                await sender.post(channel.chat_id, message)
            except DeliveryError as exc:
                if exc.permanent:
                    log.warning("digest for %s not delivered (%s): Hearback is no longer in "
                                "that channel, so its shares are withdrawn", channel.key, exc)
                    await self._sync(self.engine.channel_gone, channel.platform,
                                     channel.chat_id)
                else:
                    wait = exc.retry_after or RETRY_BACKOFF[1].total_seconds()
                    log.warning("digest for %s not delivered (%s); trying again in %gs",
                                channel.key, exc, wait)
                    await self._sync(self.engine.digest_later, channel,
                                     timedelta(seconds=wait))
                continue
            except Exception:
                log.exception("digest for %s failed unexpectedly", channel.key)
                await self._sync(self.engine.digest_later, channel, RETRY_BACKOFF[2])
                continue
            await self._sync(self.engine.digest_sent, channel)
            sent += 1
        return sent

    async def _retractions(self) -> None:
        """Take down posts about members who deleted their data (account/channel_posts.py),
        in order, each channel until a failure worth retrying (the next tick goes on)."""
        for channel in await self._sync(self.engine.posts_to_retract):
            sender = self.senders.get(channel.platform)
            if not isinstance(sender, ChannelPoster):
                continue
            done: list[str] = []
            for message_id in channel.retract:
                try:
                    await sender.retract(channel.chat_id, message_id)
                except DeliveryError as exc:
                    if not exc.permanent:
                        log.warning("post %s in %s not taken down yet (%s); trying again",
                                    message_id, channel.key, exc)
                        break
                    log.info("post %s in %s can't be reached (%s): nothing left to take down",
                             message_id, channel.key, exc)
                except Exception as exc:  # an adapter bug: the others still go
                    self._faults.add(exc)
                    break
                done.append(message_id)
            if done:
                await self._sync(self.engine.posts_retracted, channel, done)
                log.info("took down %d post(s) in %s about a member who deleted their data",
                         len(done), channel.key)

    async def _nudges(self) -> int:
        now = self.clock.now()
        due = [n for n in await self._sync(self.repo.due_nudges, now)
               if self._platform(n) in self.senders]
        if not due:
            return 0
        by_user: dict[str, list[Nudge]] = defaultdict(list)
        for n in due:
            by_user[n.user_key].append(n)
        to_send: list[Nudge] = []
        for key, nudges in by_user.items():
            try:  # one user's own transaction: their failure is not everyone's
                to_send.extend(await self._sync(self._triage_saved, key, nudges, now))
            except Exception as exc:
                self._faults.add(exc)
        return await self._send_in_order(to_send)

    def _triage_saved(self, key: str, nudges: list[Nudge], now: datetime) -> list[Nudge]:
        with self.repo.transaction():
            return self._triage(key, nudges, now)

    def _triage(self, key: str, nudges: list[Nudge], now: datetime) -> list[Nudge]:
        """Pause, drop and re-time one user's due nudges; returns those to send now."""
        user = self.repo.get_user(key)
        if user is not None and user.unreachable:
            # The platform said they can't be reached: hold everything until they write
            # again (the engine resumes paused nudges then).
            for n in nudges:
                n.pause(now, "user unreachable")
                self.repo.save_nudge(n)
            log.info("paused %d nudge(s) for unreachable %s", len(nudges), key)
            return []
        plan = triage(nudges, now, self.engine.prefs_for(key))
        for n, status, reason in plan.drop:
            n.end(status, now, reason)
            self.repo.save_nudge(n)
            log.info("nudge %s (%s) %s: %s", n.id, n.kind, status, reason)
        for n, when in sorted(plan.retime, key=lambda r: r[0].due_at):
            n.retime(self._free_slot(n, when), f"re-timed from {n.due_at.isoformat()}")
            self.repo.save_nudge(n)
        return list(plan.send)

    async def _send_in_order(self, to_send: list[Nudge]) -> int:
        """Send in due order; after a failure the rest of that user's (or, on a rate limit, that
        platform's) nudges wait behind the one being retried instead of overtaking it."""
        sent = 0
        stopped: set[str] = set()  # users whose turn ended with a failure in this tick
        held: list[Nudge] = []  # due, but their platform asked us to wait
        for n in sorted(to_send, key=lambda n: n.due_at):
            platform = self._platform(n)
            hold = self._platform_hold.get(platform)
            if hold is not None and hold <= self.clock.now():
                del self._platform_hold[platform]
                log.info("%s rate limit has lifted: sending nudges again", platform)
                hold = None
            if n.user_key in stopped:
                continue  # already moved behind the retried nudge (see _queue_behind)
            if hold is not None:
                held.append(n)
                continue
            try:
                delivered = await self._deliver(n)
            except Exception as exc:  # their data could not be read or written: skip them
                self._faults.add(exc)
                stopped.add(n.user_key)
                continue
            sent += delivered
            if not delivered and n.status in ("pending", "paused") and n.attempts:
                stopped.add(n.user_key)
        if held:
            await self._sync(self._hold_back, held)
        return sent

    def _hold_back(self, held: list[Nudge]) -> None:
        """Re-time nudges of a rate-limited platform to when the limit lifts, order kept."""
        with self.repo.transaction():
            for n in held:
                platform = self._platform(n)
                self._held_count[platform] = self._held_count.get(platform, 0) + 1
                n.retime(self._platform_hold[platform] + self._held_count[platform] * BEHIND,
                         f"platform rate-limited (was due {n.due_at.isoformat()})")
                self.repo.save_nudge(n)
        log.info("held %d nudge(s) until the platform's rate limit lifts", len(held))

    def _platform(self, n: Nudge) -> str:
        return n.user_key.split(":", 1)[0]

    def _prepare(self, n: Nudge, now: datetime) -> tuple[User, Reply] | None:
        """Claim `n` (durably, before the platform is asked) and write its message; None when
        it no longer applies (cancelled) or could not be written (retried)."""
        with self.repo.transaction():
            n.claim(now)
            self.repo.save_nudge(n)
        try:
            message = self.engine.render_nudge(n)
        except Exception as exc:  # a bug in one nudge's wording must not stop the others
            log.exception("rendering nudge %s (%s) failed", n.id, n.kind)
            self._failed(n, DeliveryError(f"could not be written: {type(exc).__name__}"))
            return None
        user = self.repo.get_user(n.user_key)
        if message is None or user is None:
            with self.repo.transaction():
                n.cancel(now, "no longer applies")
                self.repo.save_nudge(n)
            return None
        return user, message

    def _delivered(self, n: Nudge) -> None:
        if self.repo.get_user(n.user_key) is None:
            return  # they deleted their data while it was on its way: write nothing back
        with self.repo.transaction():
            n.mark_sent(self.clock.now())
            self.repo.save_nudge(n)

    async def _deliver(self, n: Nudge) -> int:
        prepared = await self._sync(self._prepare, n, self.clock.now())
        if prepared is None:
            return 0
        user, message = prepared
        try:
            limiter = self._limiters.get(user.platform)
            if limiter is None:
                await self.senders[user.platform].send(user, message)
            else:
                async with limiter:
                    await self.senders[user.platform].send(user, message)
        except DeliveryError as exc:
            await self._sync(self._failed, n, exc)
            return 0
        except Exception as exc:  # an adapter bug must not leave the nudge claimed for ever
            log.exception("sending nudge %s failed unexpectedly", n.id)
            await self._sync(self._failed, n, DeliveryError(f"unexpected {type(exc).__name__}"))
            return 0
        await self._sync(self._delivered, n)
        if n.attempts > 1:
            log.info("nudge %s for %s delivered on attempt %d: the platform is back",
                     n.id, n.user_key, n.attempts)
        return 1

    def _failed(self, n: Nudge, exc: DeliveryError) -> None:
        now = self.clock.now()
        if self.repo.get_user(n.user_key) is None:
            return  # deleted meanwhile: nothing to retry, nothing to write back
        with self.repo.transaction():
            reason = f"delivery failed: {exc}"
            if exc.permanent:
                n.pause(now, reason)
                user = self.repo.get_user(n.user_key)
                if user is not None and not user.unreachable:
                    user.unreachable = True
                    self.repo.save_user(user)
            elif exc.retry_after is not None:
                n.retry(now + timedelta(seconds=exc.retry_after), reason)
            else:
                n.retry(now + RETRY_BACKOFF[min(n.attempts, len(RETRY_BACKOFF)) - 1], reason)
            self.repo.save_nudge(n)
            behind = 0 if exc.permanent else self._queue_behind(n)
        log.warning("nudge %s for %s not delivered (%s); %s", n.id, n.user_key, exc,
                    "paused" if exc.permanent else f"retry at {n.due_at.isoformat()}")
        if exc.retry_after is not None and not exc.permanent:
            platform = self._platform(n)
            if self._platform_hold.get(platform, now) <= n.due_at:
                self._platform_hold[platform] = n.due_at
                self._held_count[platform] = behind
            log.warning("%s asked to slow down: holding its nudges until %s", platform,
                        n.due_at.isoformat())

    def _free_slot(self, n: Nudge, when: datetime) -> datetime:
        """`when`, or just after the user's nudges already re-timed to it (several nudges held
        to the same morning go out in the order they were due)."""
        taken = [other.due_at for other in self._others_pending(n)
                 if when <= other.due_at < when + SAME_SLOT]
        return max(taken) + BEHIND if taken else when

    def _others_pending(self, n: Nudge) -> list[Nudge]:
        """The same user's other pending nudges, in due order."""
        return [other for other in nudges_of(self.repo, n.user_key)
                if other.id != n.id and other.status == "pending"]

    def _queue_behind(self, retried: Nudge) -> int:
        """Move the user's pending nudges due before `retried`'s new time to just after it;
        returns how many were moved."""
        waiting = [other for other in self._others_pending(retried)
                   if other.due_at <= retried.due_at]
        for i, other in enumerate(waiting, start=1):
            other.retime(retried.due_at + i * BEHIND,
                         f"waiting behind {retried.id} (was due {other.due_at.isoformat()})")
            self.repo.save_nudge(other)
        return len(waiting)

    def seconds_to_next(self, interval: float) -> float:
        """How long to wait before the next tick: until the next nudge, at most `interval`."""
        now = self.clock.now()
        if self._retry_at is not None and self._backoff is not None:
            left = (self._retry_at - now).total_seconds()
            if 0 < left <= self._backoff.total_seconds():
                return left  # backing off after a failed tick, however much is due
        due = self.repo.next_due_at()
        if due is None:
            return interval
        return min(interval, max(0.0, (due - now).total_seconds()))

    async def run(self, stop: asyncio.Event, interval: float = 30.0) -> None:
        """Tick until `stop` is set. A failing tick is logged and backed off (guarded_tick),
        never fatal to the loop."""
        while not stop.is_set():
            await self.guarded_tick()
            wait = await self._sync(self.seconds_to_next, interval)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=wait)
