"""Where each reply of a turn goes, and what happens when it can't get there; one turn at a time
per user.

The engine answers a turn with replies that say where they belong (`Reply.to`, `Reply.private`);
this module decides, the same way for every platform, where each one goes and what a failure
means. A platform supplies only a `Transport`: how to send one reply to a `Target`, and what its
errors mean (`Failure`). The rules:

- `to` another chat: a post in that team channel (an announcement, a milestone). If it fails the
  turn goes on, and the turn's other posts there are skipped; if the bot is no longer in that
  channel, what was shared there is withdrawn and the writer is told privately.
- `private` in a team channel: to the writer alone (Slack: an ephemeral message in the channel;
  Telegram: their private chat). If the bot may not write to them privately, the channel gets
  one pointer (never the content) and the turn's other private replies are skipped.
- anything else: in the conversation the turn came from.
- an answer that can't go (here, or privately) ends the turn: later replies build on it. If the
  bot turns out not to be in the team channel it was answering, the channel is forgotten and the
  platform may say so another way (`Transport.not_here`).
- a platform that holds back every message for a while (`Failure.THROTTLED`) ends the turn.
"""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Protocol

from bot.core.contract.messages import Reply, Span
from bot.core.notices import start_private


class Kind(Enum):
    """Where a reply goes, relative to the turn it answers."""

    HERE = "here"  # the conversation the turn came from
    PRIVATE = "private"  # the writer alone, from a team channel
    CHANNEL = "channel"  # another team channel (`Reply.to`)


@dataclass(frozen=True)
class Origin:
    """Where a turn came from: the chat (a team channel or the writer's private chat), the
    writer's platform user id, and the name a pointer in a channel greets them by."""

    chat: str
    user: str
    in_channel: bool = False
    name: str = ""


@dataclass(frozen=True)
class Target:
    """Where one reply goes: its kind and the platform's chat id (for PRIVATE, the channel the
    turn came from: each platform knows how it reaches the writer alone from there)."""

    kind: Kind
    chat: str


def target(origin: Origin, reply: Reply) -> Target:
    """Where `reply` to a turn from `origin` goes."""
    if reply.to is not None and reply.to != origin.chat:
        return Target(Kind.CHANNEL, reply.to)
    if reply.private and origin.in_channel:
        return Target(Kind.PRIVATE, origin.chat)
    return Target(Kind.HERE, origin.chat)


class Failure(Enum):
    """What a failed send means for the rest of the turn."""

    LOST = "lost"  # this reply did not go out
    THROTTLED = "throttled"  # the platform holds back every message for a while
    UNREACHABLE = "unreachable"  # the writer may not be written to privately
    GONE = "gone"  # the bot is no longer in that channel (kicked, deleted, archived)


@dataclass(frozen=True)
class Failed:
    """A send that failed: what it means, and why in a few words for the log (no secrets)."""

    failure: Failure
    why: str = ""


class Transport(Protocol):
    """One platform's way of sending a turn's replies (built per turn, so it may hold what the
    turn came with, such as a forum topic or a response URL)."""

    @property
    def handle(self) -> str | None:
        """The bot's username without "@", for the pointer in a channel (None: unknown)."""
        ...

    async def send(self, target: Target, reply: Reply) -> Failed | None:
        """Send one reply; None when it went out, else what the failure means. The transport
        logs the failure itself and raises only what is not a platform error."""
        ...

    def forget(self, chat: str, why: str) -> None:
        """The bot is out of team channel `chat`: withdraw what was shared there
        (`Engine.channel_gone`) and drop what the platform keeps about it."""
        ...

    def left_note(self, chat: str) -> Reply:
        """What the writer is told (privately) when a post in `chat` found the bot gone; asked
        before the channel is forgotten, so its name is still known."""
        ...

    async def not_here(self) -> None:
        """The team channel the turn came from has no bot in it: say so another way, if the
        platform has one (Slack: the slash command's response URL), else nothing."""
        ...


def pack(replies: Sequence[Reply], limit: int) -> list[Reply]:
    """Consecutive replies for the same place joined into as few as fit in `limit` characters
    of text each, a blank line between (one `status` of 80 interviews: a handful of messages,
    not 80, which at about one message a second per chat would take over a minute). Replies
    with buttons or files stay messages of their own (a question keeps its own message, the
    one its buttons settle); one longer than `limit` is left to the platform's renderer."""
    out: list[Reply] = []
    size = 0
    for reply in replies:
        last = out[-1] if out else None
        if (last is not None and not last.buttons and not last.attachments
                and not reply.buttons and not reply.attachments and last.to == reply.to
                and last.private == reply.private
                and size + 2 + len(reply.text) <= limit):
            out[-1] = Reply(spans=(*last.spans, Span("\n\n"), *reply.spans), to=reply.to,
                            private=reply.private)
            size += 2 + len(reply.text)
            continue
        out.append(reply)
        size = len(reply.text)
    return out


async def deliver(transport: Transport, origin: Origin, replies: Sequence[Reply], *,
                  pack_limit: int | None = None) -> None:
    """Send a turn's replies in order, each where it belongs (see the module docstring for what
    a failure does), packed into fewer messages of up to `pack_limit` characters when given
    (`pack`). Failures are logged by the transport, never raised."""
    if pack_limit is not None:
        replies = pack(replies, pack_limit)
    pointed = False  # the writer can't be written to privately, and was told so
    failed: set[str] = set()  # team channels a post to failed in this turn
    for reply in replies:
        where = target(origin, reply)
        if (where.kind is Kind.PRIVATE and pointed) or where.chat in failed:
            continue
        failed_send = await transport.send(where, reply)
        if failed_send is None:
            continue
        failure = failed_send.failure
        if where.kind is Kind.CHANNEL and failure is not Failure.THROTTLED:
            failed.add(where.chat)
            if failure is Failure.GONE:
                note = transport.left_note(where.chat)  # while the channel is still known
                transport.forget(where.chat, failed_send.why)
                await deliver(transport, origin, [note])
            continue
        if where.kind is Kind.PRIVATE and failure is Failure.UNREACHABLE:
            pointed = True
            pointer = start_private(origin.name, transport.handle)
            if await transport.send(Target(Kind.HERE, origin.chat), pointer) is None:
                continue
            return
        if failure is Failure.GONE and origin.in_channel:
            transport.forget(origin.chat, failed_send.why)
            await transport.not_here()
        return


class TurnLocks:
    """One turn at a time per user, so that a user's replies go out in the order they wrote
    (a platform that hands events over concurrently, like Slack's Bolt, needs this; a lock is
    dropped when no turn holds it)."""

    def __init__(self) -> None:
        self._locks: weakref.WeakValueDictionary[str, asyncio.Lock] = \
            weakref.WeakValueDictionary()

    def of(self, user: str) -> asyncio.Lock:
        """The lock for `user` (a platform user id); hold it across handling and delivery."""
        lock = self._locks.get(user)
        if lock is None:
            lock = asyncio.Lock()
            self._locks[user] = lock
        return lock
