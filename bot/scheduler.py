"""The nudge loop: lease what is due, render it through the core, send it, mark it sent.

Nudges are rows in storage, so they survive restarts, and any number of workers may share them
(several `hearback` processes on one PostgreSQL database). Each worker leases due nudges under
its own id (`Repository.lease_due_nudges`: each user's earliest only, while none of theirs is
in flight, so a user's nudges go out in order whichever worker sends them), sends them and marks
each sent only while its lease still holds (`mark_sent_leased`, fenced by worker and attempt).
A lease that runs out (its worker died or hangs) is returned to the queue by whichever worker
ticks next (`release_expired_leases`). That is the one window in which a nudge can reach a
user twice: it was handed to the platform but its worker stopped before recording it (see
docs/ARCHITECTURE.md, "Several workers"). With one process (TinyDB, memory) the worker id is
"local" and `recover()` at start-up returns whatever a crash left claimed.

Order per user is kept through failures: when a nudge cannot be delivered and is put off, that
user's other nudges due before its retry are moved just behind it (durably, so a restart keeps the
order too). A 429 holds the platform until its retry-after (its limit is per bot); on Slack,
paced per channel as well, it holds the channel, the platform only when two channels are refused
at once. Pacing and holds are shared by all workers on PostgreSQL (bot/pacing.py).

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
from collections.abc import Mapping
from datetime import datetime, timedelta

from bot.channel_work import ChannelWork, Offload, inline
from bot.core.contract.clock import Clock
from bot.core.contract.messages import Reply
from bot.core.contract.models import Nudge, User
from bot.core.contract.ports import DeliveryError, Repository, Sender
from bot.core.engine import Engine
from bot.core.plan.catchup import triage
from bot.core.plan.schedule import nudges_of
from bot.pacing import ChannelLimits, ChatPaced, LocalPacing, Pacing, batch_for, chat_key
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
# How long a worker's claim on a nudge lasts before any worker may take it back: far longer than
# a batch takes to send at the platforms' rates, short enough that a dead worker's batch goes
# out again soon.
LEASE = timedelta(minutes=2)
# How soon to look again when nudges are due but their users' earlier ones are in flight at
# another worker.
BUSY_POLL = timedelta(seconds=1)


class Scheduler:
    """Delivers due nudges, weekly digests and the take-down of channel posts, tick by tick.
    `offload` runs each synchronous step (see Offload); awaiting the platforms is done here."""

    def __init__(self, repo: Repository, engine: Engine, clock: Clock,
                 senders: Mapping[str, Sender], offload: Offload = inline, *,
                 worker: str = "local", lease: timedelta = LEASE, batch: int | None = None,
                 pacing: Pacing | None = None) -> None:
        self.repo = repo
        self._sync = offload
        self.engine = engine
        self.clock = clock
        self.senders = dict(senders)
        self.worker = worker  # unique per process when several share a database (bot/cli.py)
        self.lease = lease
        self.batch = batch if batch is not None else batch_for(self.senders.values(), lease)
        # Per platform: a burst of due nudges goes out at the sender's rate instead of tripping
        # the platform's flood control; a 429 holds the platform (shared on PostgreSQL).
        self.pacing: Pacing = pacing if pacing is not None else LocalPacing()
        # How many nudges already wait at a hold's end, so later ones queue after them.
        self._held_count: dict[str, int] = {}
        self._channel_limits = ChannelLimits()  # which 429s hold a chat, which the platform
        self.errors = RepeatedErrors(log, "scheduler tick")
        self._backoff: timedelta | None = None  # the wait after the last failed tick
        self._retry_at: datetime | None = None
        self._faults = Faults()
        self._channels = ChannelWork(repo, engine, clock, self.senders, offload)

    def recover(self) -> int:
        """Put back in the queue the nudges this worker left claimed (a claim without a lease,
        or leased under its id: a one-process store's "local") and every expired lease; how
        many. Another live worker's leases are left alone."""
        now = self.clock.now()
        mine = [n for n in self.repo.claimed_nudges()
                if n.lease_until is None or n.leased_by == self.worker]
        with self.repo.transaction():
            for n in mine:
                n.release()
                self.repo.save_nudge(n)
        count = len(mine) + self.repo.release_expired_leases(now)
        if count:
            log.warning("recovered %d nudge(s) left claimed by an interrupted run", count)
        return count

    async def tick(self) -> int:
        """Deliver everything due now (nudges, then weekly digests). Returns how many
        messages were sent. Raises TickError when part of it failed (after serving every user
        it could), or what made it fail as a whole (the due list unreadable)."""
        self._faults = Faults()
        sent = await self._nudges() + await self._channels.digests(self._faults)
        await self._channels.retractions(self._faults)
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

    async def _nudges(self) -> int:
        """Lease, triage and send in rounds until nothing due is left for this worker."""
        sent = 0
        tried: set[str] = set()  # each nudge once per tick (a retry due at once waits)
        while True:
            now = self.clock.now()  # each round's own: a lease runs from when it is taken
            await self._sync(self.repo.release_expired_leases, now)
            leased = await self._sync(self._lease, now, tried)
            if not leased:
                return sent
            to_send: list[Nudge] = []
            for n in leased:
                try:  # one user's own transaction: their failure is not everyone's
                    to_send.extend(await self._sync(self._triage_saved, n, now))
                except Exception as exc:  # left leased: taken back when the lease runs out
                    self._faults.add(exc)
            tried.update(n.id for n in to_send)
            tried.update(n.id for n in leased)
            sent += await self._send_in_order(to_send)

    def _lease(self, now: datetime, tried: set[str]) -> list[Nudge]:
        """A batch of due nudges leased to this worker, without those tried in this tick
        (given back at once, their attempt not counted)."""
        leased = self.repo.lease_due_nudges(now, self.worker, now + self.lease, limit=self.batch,
                                            platforms=set(self.senders))
        again = [n for n in leased if n.id in tried]
        if again:
            with self.repo.transaction():
                for n in again:
                    _unclaim(n)
                    self.repo.save_nudge(n)
        return [n for n in leased if n.id not in tried]

    def _triage_saved(self, leased: Nudge, now: datetime) -> list[Nudge]:
        """Triage the user of a leased nudge with all their due nudges (the user is this
        worker's while it holds a lease of theirs); lease those to send now, give back the
        rest. Returns the nudges to send, leased, in due order."""
        key = leased.user_key
        with self.repo.transaction():
            self.repo.hold_user(key)  # not while a turn of theirs is changing their nudges
            due = [leased, *(n for n in nudges_of(self.repo, key) if n.id != leased.id
                             and n.status == "pending" and n.due_at <= now)]
            send = self._triage(key, due, now)
            for n in send:
                if n.status != "claimed":
                    n.lease(now, self.worker, now + self.lease)
                    self.repo.save_nudge(n)
            return send

    def _triage(self, key: str, nudges: list[Nudge], now: datetime) -> list[Nudge]:
        """Pause, drop and re-time one user's due nudges; returns those to send now. A leased
        nudge not sent now is given back first (its attempt not counted)."""
        user = self.repo.get_user(key)
        if user is not None and user.unreachable:
            # The platform said they can't be reached: hold everything until they write
            # again (the engine resumes paused nudges then).
            for n in nudges:
                _unclaim(n)
                n.pause(now, "user unreachable")
                self.repo.save_nudge(n)
            log.info("paused %d nudge(s) for unreachable %s", len(nudges), key)
            return []
        plan = triage(nudges, now, self.engine.prefs_for(key))
        sending = {n.id for n in plan.send}
        for n in nudges:
            if n.id not in sending:
                _unclaim(n)
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
        holds: dict[str, bool] = {}  # platform -> held: asked once a round, and after a 429
        for n in sorted(to_send, key=lambda n: n.due_at):
            if n.user_key in stopped:
                continue  # given back and moved behind the retried nudge (see _failed)
            platform = self._platform(n)
            if platform not in holds:
                holds[platform] = bool(await self._sync(self.pacing.held_until, platform,
                                                        self.clock.now()))
            if holds[platform]:
                held.append(n)
                continue
            try:
                delivered = await self._deliver(n)
            except Exception as exc:  # their data could not be read or written: skip them
                self._faults.add(exc)
                stopped.add(n.user_key)
                continue
            if delivered < 0:  # its chat is held (a 429 there)
                held.append(n)
            sent += max(delivered, 0)
            if not delivered and n.status in ("pending", "paused") and n.attempts:
                stopped.add(n.user_key)
                holds.pop(platform, None)  # a 429 may have held it: ask again
        if held:
            await self._sync(self._hold_back, held)
        return sent

    def _hold_back(self, held: list[Nudge]) -> None:
        """Give back nudges of a rate-limited platform, re-timed to when the limit lifts, each
        user's behind their nudges already waiting there (order kept across workers)."""
        now = self.clock.now()
        with self.repo.transaction():
            for n in held:
                platform, chat = self._platform(n), self._chat_key(n)
                until = max(self.pacing.held_until(platform, now) or now,
                            self.pacing.held_until(chat, now) or now if chat else now)
                self._held_count[platform] = self._held_count.get(platform, 0) + 1
                _unclaim(n)
                n.retime(self._free_slot(n, until + self._held_count[platform] * BEHIND),
                         f"platform rate-limited (was due {n.due_at.isoformat()})")
                self.repo.save_nudge(n)
        log.info("held %d nudge(s) until the platform's rate limit lifts", len(held))

    def _platform(self, n: Nudge) -> str:
        return n.user_key.split(":", 1)[0]

    def _chat_key(self, n: Nudge, user: User | None = None) -> str | None:
        """The pacing key of the chat `n` goes to, None unless its sender is ChatPaced."""
        if isinstance(self.senders.get(self._platform(n)), ChatPaced):
            user = user or self.repo.get_user(n.user_key)
            return chat_key(self._platform(n), user.chat_id) if user is not None else None
        return None

    def _prepare(self, n: Nudge, now: datetime) -> tuple[User, Reply] | None:
        """Write the message of `n` (leased); None when it no longer applies (cancelled) or
        could not be written (retried)."""
        try:
            message = self.engine.render_nudge(n)
        except Exception as exc:  # a bug in one nudge's wording must not stop the others
            log.exception("rendering nudge %s (%s) failed", n.id, n.kind)
            self._failed(n, DeliveryError(f"could not be written: {type(exc).__name__}"))
            return None
        user = self.repo.get_user(n.user_key)
        if message is None or user is None:
            with self.repo.transaction():
                if self._still_ours(n):
                    n.cancel(now, "no longer applies")
                    self.repo.save_nudge(n)
            return None
        return user, message

    def _delivered(self, n: Nudge) -> None:
        if not self.repo.mark_sent_leased(n.id, self.worker, n.attempts, self.clock.now()):
            if self.repo.get_user(n.user_key) is None:
                return  # they deleted their data while it was on its way: nothing to mark
            log.warning("nudge %s for %s was sent, but its lease had run out and another worker "
                        "may send it again", n.id, n.user_key)
            return
        n.mark_sent(self.clock.now())

    async def _deliver(self, n: Nudge) -> int:
        """Send `n`: 1 when sent, 0 when not (retried, cancelled), -1 when its chat is held."""
        prepared = await self._sync(self._prepare, n, self.clock.now())
        if prepared is None:
            return 0
        user, message = prepared
        sender, chat = self.senders[user.platform], self._chat_key(n, user)
        if chat and await self._sync(self.pacing.held_until, chat, self.clock.now()):
            return -1
        try:
            if chat and isinstance(sender, ChatPaced):  # the chat's second, then the platform's
                await self.pacing.acquire(chat, sender.nudges_per_chat_per_second)
            if sender.nudges_per_second:
                await self.pacing.acquire(user.platform, sender.nudges_per_second)
            if n.lease_until is not None and self.clock.now() >= n.lease_until:
                # This worker was too slow (stopped, paused): the nudge may be another's by now.
                log.warning("lease of nudge %s ran out before it was sent: left to the worker "
                            "that takes it back", n.id)
                return 0
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

    def _still_ours(self, n: Nudge) -> bool:
        """Whether the stored `n` is still leased to this worker under the same attempt (no
        write back after another worker took it over)."""
        for stored in nudges_of(self.repo, n.user_key):
            if stored.id == n.id:
                return (stored.status == "claimed" and stored.leased_by == n.leased_by
                        and stored.attempts == n.attempts)
        return False

    def _failed(self, n: Nudge, exc: DeliveryError) -> None:
        now = self.clock.now()
        if self.repo.get_user(n.user_key) is None:
            return  # deleted meanwhile: nothing to retry, nothing to write back
        with self.repo.transaction():
            if not self._still_ours(n):
                log.warning("nudge %s for %s not delivered (%s); its lease had run out, so "
                            "another worker has it now", n.id, n.user_key, exc)
                return
            reason = f"delivery failed: {exc}"
            n.leased_by = n.lease_until = None
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
            self._give_back_others(n)
            behind = 0 if exc.permanent else self._queue_behind(n)
        log.warning("nudge %s for %s not delivered (%s); %s", n.id, n.user_key, exc,
                    "paused" if exc.permanent else f"retry at {n.due_at.isoformat()}")
        if exc.retry_after is not None and not exc.permanent:
            platform, chat = self._platform(n), self._chat_key(n)
            if chat is not None:  # a platform that limits each chat: hold the chat...
                self.pacing.hold(chat, n.due_at)
                if not self._channel_limits.workspace_wide(platform, chat, n.due_at, now):
                    log.warning("%s asked to slow down in %s: holding it until %s", platform,
                                chat, n.due_at.isoformat())
                    return  # ...and the platform only when several chats are refused at once
            held = self.pacing.held_until(platform, now)
            if held is None or held <= n.due_at:
                self.pacing.hold(platform, n.due_at)
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

    def _give_back_others(self, failed: Nudge) -> None:
        """Give back the user's other nudges leased to this worker in this round (they wait
        behind the failed one, or are paused with it at the next triage)."""
        for other in nudges_of(self.repo, failed.user_key):
            if (other.id != failed.id and other.status == "claimed"
                    and other.leased_by == self.worker):
                _unclaim(other)
                self.repo.save_nudge(other)

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
        if due <= now:  # due, yet not leased to us: its user has a nudge in flight elsewhere
            return min(interval, BUSY_POLL.total_seconds())
        return min(interval, (due - now).total_seconds())

    async def run(self, stop: asyncio.Event, interval: float = 30.0) -> None:
        """Tick until `stop` is set. A failing tick is logged and backed off (guarded_tick),
        never fatal to the loop."""
        while not stop.is_set():
            await self.guarded_tick()
            wait = await self._sync(self.seconds_to_next, interval)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=wait)


def _unclaim(n: Nudge) -> None:
    """Give back a leased nudge that this claim will not send: pending again, the attempt
    not counted (nothing reached the platform). Others are left as they are."""
    if n.status == "claimed":
        n.release()
        n.attempts = max(0, n.attempts - 1)
