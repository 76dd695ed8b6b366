"""The scheduler's work in team channels: the weekly digests and the take-down of posts about
members who deleted their data (bot/scheduler.py runs both after the nudges, every tick)."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping
from datetime import timedelta
from typing import Any, TypeVar

from bot.core.contract.clock import Clock
from bot.core.contract.models import Channel
from bot.core.contract.ports import ChannelPoster, DeliveryError, Repository, Sender
from bot.core.engine import Engine
from bot.tick_faults import Faults

log = logging.getLogger("hearback.scheduler")

DIGEST_RETRY = timedelta(minutes=2)  # a failed post without a retry-after
DIGEST_FAILED = timedelta(minutes=10)  # an adapter bug
DIGEST_CLAIM = timedelta(minutes=10)

T = TypeVar("T")
# Runs a synchronous step (storage, the engine) and awaits its result: in the adapters' core
# thread when the bot serves platforms, so that a tick never holds up the event loop that
# acknowledges everyone's updates; inline (the default) in the terminal and in tests.
Offload = Callable[..., Awaitable[Any]]


async def inline(fn: Callable[..., T], *args: Any) -> T:
    """The default Offload: run `fn` here and now."""
    return fn(*args)


class ChannelWork:
    """Digests and take-downs for the senders that can post in channels (`ChannelPoster`);
    `offload` runs each storage and engine step (see Offload)."""

    def __init__(self, repo: Repository, engine: Engine, clock: Clock,
                 senders: Mapping[str, Sender], offload: Offload = inline) -> None:
        self.repo, self.engine, self.clock = repo, engine, clock
        self.senders = senders
        self._sync = offload

    def _claim_digest(self, channel: Channel) -> bool:
        now = self.clock.now()
        window = int(now.timestamp() // DIGEST_CLAIM.total_seconds())
        due = channel.next_digest_at.isoformat() if channel.next_digest_at else "-"
        return self.repo.claim_event("hearback-digest", f"{channel.key}@{due}@{window}")

    async def digests(self, faults: Faults) -> int:
        """Post the weekly digests that are due; how many went out. With several workers
        each digest is claimed by one of them for DIGEST_CLAIM (an event claim keyed by the
        channel, the digest's time and the claim's window), so it is posted once; a worker
        that stops before posting leaves it to the next window's claim."""
        sent = 0
        for channel in await self._sync(self.engine.due_digests):
            sender = self.senders.get(channel.platform)
            if not isinstance(sender, ChannelPoster):
                continue
            if not await self._sync(self._claim_digest, channel):
                continue  # another worker has it
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
                    wait = exc.retry_after or DIGEST_RETRY.total_seconds()
                    log.warning("digest for %s not delivered (%s); trying again in %gs",
                                channel.key, exc, wait)
                    await self._sync(self.engine.digest_later, channel,
                                     timedelta(seconds=wait))
                continue
            except Exception:
                log.exception("digest for %s failed unexpectedly", channel.key)
                await self._sync(self.engine.digest_later, channel, DIGEST_FAILED)
                continue
            await self._sync(self.engine.digest_sent, channel)
            sent += 1
        return sent

    async def retractions(self, faults: Faults) -> None:
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
                    faults.add(exc)
                    break
                done.append(message_id)
            if done:
                await self._sync(self.engine.posts_retracted, channel, done)
                log.info("took down %d post(s) in %s about a member who deleted their data",
                         len(done), channel.key)

