"""Sending to Telegram: rate limits, nudges and digests for the scheduler, and a turn's replies.

Every request goes through PTB's AIORateLimiter (30/s overall, 20/min per group) with about one
message a second per private chat on top. A reply waits out a 429 and is tried again, and is
tried again after a network error; a nudge's 429, a blocked bot (403) and network errors become
`DeliveryError`s, which the scheduler turns into a later retry or a pause. Where a turn's replies
go is decided by `bot.adapters.delivery`; `TelegramTurn` is its Telegram transport.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any

from aiolimiter import AsyncLimiter
from telegram import LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.error import BadRequest, ChatMigrated, NetworkError, RetryAfter, TelegramError
from telegram.ext import AIORateLimiter, Application, ContextTypes, ExtBot

from bot.adapters import delivery
from bot.adapters.delivery import Failed, Failure, Kind, Origin, Target
from bot.adapters.shared_replies import SCHEDULED, ReplyPacing
from bot.adapters.telegram.errors import (
    delivery_error,
    gone_from_group,
    log_undelivered,
    retry_seconds,
    unreachable,
)
from bot.adapters.telegram.links import group_payload, start_link
from bot.adapters.telegram.logs import redact
from bot.adapters.telegram.render import messages
from bot.core.contract.messages import Button, Reply
from bot.core.contract.models import User
from bot.core.contract.ports import DeliveryError
from bot.core.engine import Engine
from bot.core.notices import OPEN_PRIVATE_CHAT, POST_REMOVED, group_gone, start_private

# Images Telegram shows inline with sendPhoto (Bot API: JPEG, PNG, WebP, at most 10 MB).
PHOTO_TYPES = frozenset({"image/png", "image/jpeg", "image/webp"})
log = logging.getLogger("hearback.telegram")

PLATFORM = "telegram"
# A reply whose request gets a 429 waits `retry_after` and is tried again, this many times.
REPLY_RETRIES = 3
# A reply whose request hits a network error is tried again after these pauses (seconds).
REPLY_NETWORK_PAUSES = (1.0, 3.0)
# New messages to one private chat: about one a second on average, with bursts of up to this
# many (a turn's few replies never wait; a runaway loop is slowed down).
PER_CHAT_BURST = 10
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)
# Courtesy requests (typing indicators) a second, all chats together: a tenth of the budget.
COURTESY_PER_SECOND = 3
# A turn's replies are packed into messages of up to this many characters (Telegram allows 4096
# per message, counted in UTF-16 after the HTML is parsed; the renderer splits what is longer).
PACK_LIMIT = 3800

Bot = ExtBot[int]
App = Application[Bot, ContextTypes.DEFAULT_TYPE, dict[Any, Any], dict[Any, Any],
                  dict[Any, Any], None]
Result = Any


class HearbackRateLimiter(AIORateLimiter):
    """PTB's AIORateLimiter (30 requests/s overall, 20/min per group; a 429 halts all requests
    for `retry_after` and is retried `rate_limit_args` times, by default not at all) plus about
    one new message a second per private chat, allowing a burst of PER_CHAT_BURST."""

    def __init__(self, per_chat_burst: int = PER_CHAT_BURST) -> None:
        super().__init__(overall_max_rate=30, overall_time_period=1, group_max_rate=20,
                         group_time_period=60, max_retries=0)
        self._burst = per_chat_burst
        self._chats: dict[int, AsyncLimiter] = {}
        self._courtesies: deque[float] = deque()  # when the last courtesy requests went
        # Several workers on one database: every request also draws from the shared bucket,
        # and a 429 holds all of them (bot/adapters/shared_replies.py); None with one process.
        self.shared: ReplyPacing | None = None

    def chat_limiter(self, endpoint: str, chat_id: object) -> AsyncLimiter | None:
        """The per-chat limiter for a request sending a message to a private chat, else None."""
        if not endpoint.startswith("send"):
            return None
        try:
            chat = int(chat_id)  # type: ignore[call-overload]
        except (TypeError, ValueError):
            return None  # "@channel" names: a group limit applies
        if chat <= 0:
            return None  # groups and channels: AIORateLimiter's group limit
        if len(self._chats) > 1024:
            for key, limiter in list(self._chats.items()):
                if key != chat and limiter.has_capacity(limiter.max_rate):
                    del self._chats[key]
        if chat not in self._chats:
            self._chats[chat] = AsyncLimiter(self._burst, self._burst)
        return self._chats[chat]

    def has_room(self, chat_id: int) -> bool:
        """Whether a courtesy request (the typing indicator) to private chat `chat_id` may go
        now without making an answer wait, and if so the slot is taken: at least half of the
        overall budget and of the chat's burst are free, and fewer than COURTESY_PER_SECOND
        courtesy requests went in the last second (many slow turns at once must not all send
        one). Under load such requests are skipped."""
        overall = self._base_limiter
        if overall is not None and not overall.has_capacity(overall.max_rate / 2):
            return False
        chat = self._chats.get(chat_id)
        if chat is not None and not chat.has_capacity(chat.max_rate / 2):
            return False
        now = time.monotonic()
        while self._courtesies and now - self._courtesies[0] >= 1.0:
            self._courtesies.popleft()
        if len(self._courtesies) >= COURTESY_PER_SECOND:
            return False
        self._courtesies.append(now)
        return True

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        if (shared := self.shared) is not None:
            await shared.before()
            callback = _telling(callback, shared)
        limiter = self.chat_limiter(endpoint, data.get("chat_id"))
        if limiter is None and endpoint == "answerCallbackQuery":
            # AIORateLimiter counts only requests with a chat_id toward its overall limit; a
            # press's answer has none, and under load it pushed the bot past 30/s (429s).
            limiter = self._base_limiter
        if limiter is None:
            return await super().process_request(callback, args, kwargs, endpoint, data,
                                                 rate_limit_args)
        async with limiter:
            return await super().process_request(callback, args, kwargs, endpoint, data,
                                                 rate_limit_args)


Call = Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]]


def _telling(callback: Call, shared: ReplyPacing) -> Call:
    """`callback` that tells every worker of a 429 (each one, retried or not) before it is
    raised on to AIORateLimiter's own waiting."""
    async def call(*args: Any, **kwargs: Any) -> bool | dict[str, Any] | list[dict[str, Any]]:
        try:
            return await callback(*args, **kwargs)
        except RetryAfter as exc:
            await shared.throttled(retry_seconds(exc))
            raise
    return call


def chat_ref(chat: str) -> int | str:
    """A chat id as the Bot API takes it: a number, or an "@name"."""
    try:
        return int(chat)
    except ValueError:
        return chat


class Sending:
    """The adapter's outgoing side (a base of `TelegramAdapter`, which sets these attributes)."""

    engine: Engine
    app: App | None
    ready_timeout: float
    _ready: asyncio.Event  # set once started (or stopped: senders stop waiting)
    _closed: bool
    _gave_up_waiting: bool
    _sending: int
    _idle: asyncio.Event
    _username: str | None

    # -- nudges and digests (the scheduler's sender) ----------------------------------------
    async def send(self, user: User, reply: Reply) -> None:
        """A nudge in the user's private chat; failures raise `DeliveryError`."""
        bot = await self._bot()
        self._begin()
        scheduled = SCHEDULED.set(True)  # the scheduler took its token
        try:
            await self._post(bot, user.chat_id, reply, replying=False)
        except TelegramError as exc:
            raise delivery_error(exc) from None
        finally:
            SCHEDULED.reset(scheduled)
            self._end()

    async def post(self, chat: str, reply: Reply) -> None:
        """A message in a group (the weekly digest). A bot no longer in the group (kicked, the
        group deleted or upgraded) gets DeliveryError(permanent=True)."""
        bot = await self._bot()
        self._begin()
        try:
            try:
                ids = await self._post(bot, chat, reply, replying=False)
            except ChatMigrated as moved:  # upgraded to a supergroup: follow it there
                self.engine.channel_moved(PLATFORM, chat, str(moved.new_chat_id))
                chat = str(moved.new_chat_id)
                ids = await self._post(bot, moved.new_chat_id, reply, replying=False)
        except TelegramError as exc:
            raise delivery_error(exc) from None
        finally:
            self._end()
        if reply.about:  # a digest names its members: taken down when one of them deletes
            self.engine.channel_posted(PLATFORM, reply.about, chat, ids)

    async def _bot(self) -> Bot:
        if not self._ready.is_set():
            if self._gave_up_waiting:  # one nudge already waited: the rest fail fast
                raise DeliveryError("Telegram is not connected yet")
            try:
                await asyncio.wait_for(self._ready.wait(), timeout=self.ready_timeout)
            except TimeoutError:
                self._gave_up_waiting = True
                raise DeliveryError("Telegram is not connected yet") from None
        if self._closed or self.app is None:
            raise DeliveryError("the Telegram adapter has stopped")
        return self.app.bot

    def _begin(self) -> None:
        self._sending += 1
        self._idle.clear()

    def _end(self) -> None:
        self._sending -= 1
        if self._sending == 0:
            self._idle.set()

    # -- requests ---------------------------------------------------------------------------
    async def _post(self, bot: Bot, chat_id: int | str, reply: Reply, *, replying: bool,
                    thread: int | None = None) -> list[str]:
        """One reply: its text messages (the keyboard on the last), then its files. Returns
        the message ids Telegram gave them."""
        retries = REPLY_RETRIES if replying else None
        ids: list[str] = []
        for out in messages(reply):
            sent = await self._call(partial(
                bot.send_message, chat_id=chat_id, text=out.html, parse_mode=ParseMode.HTML,
                reply_markup=out.keyboard, link_preview_options=NO_PREVIEW,
                message_thread_id=thread, rate_limit_args=retries), replying)
            ids.append(str(sent.message_id))
        for att in reply.attachments:
            if att.mime in PHOTO_TYPES:  # a chart: shown inline (sendPhoto), not as a file
                send = partial(bot.send_photo, chat_id=chat_id, photo=att.data,
                               filename=Path(att.filename).name)
            else:
                send = partial(bot.send_document, chat_id=chat_id, document=att.data,
                               filename=Path(att.filename).name)
            sent = await self._call(partial(send, message_thread_id=thread,
                                            rate_limit_args=retries), replying)
            ids.append(str(sent.message_id))
        return ids

    # -- taking posts down (after a member deleted their data) ------------------------------
    async def retract(self, chat: str, message_id: str) -> None:
        """Delete the bot's message in a group; Telegram refuses for messages older than 48
        hours, and those get POST_REMOVED as their text, which drops their buttons too.
        DeliveryError(permanent=True) when the message or the group can't be reached."""
        bot = await self._bot()
        self._begin()
        try:
            try:
                await bot.delete_message(chat_id=chat_ref(chat), message_id=int(message_id))
            except BadRequest as exc:
                if "can't be deleted" not in exc.message:
                    raise
                await bot.edit_message_text(chat_id=chat_ref(chat), message_id=int(message_id),
                                            text=POST_REMOVED)  # no reply_markup: no buttons
        except BadRequest as exc:  # "message to delete/edit not found": gone already
            raise DeliveryError(f"message {message_id}: {redact(exc.message)}",
                                permanent=True) from None
        except TelegramError as exc:
            raise delivery_error(exc) from None
        finally:
            self._end()

    async def _call(self, request: Callable[[], Awaitable[Result]], replying: bool) -> Result:
        """A request; a reply's request is tried again after a network error."""
        if not replying:
            return await request()
        for pause in REPLY_NETWORK_PAUSES:
            try:
                return await request()
            except NetworkError as exc:
                if isinstance(exc, BadRequest):  # a subclass of NetworkError, but no retry helps
                    raise
                log.warning("Telegram: network error while replying (%s); trying again in %gs",
                            redact(exc.message), pause)
                await asyncio.sleep(pause)
        return await request()

    # -- a turn's replies -------------------------------------------------------------------
    async def _reply(self, bot: Bot, origin: Origin, replies: Sequence[Reply], *,
                     thread: int | None = None) -> None:
        """Replies to someone who wrote to us (in a forum topic `thread`, if any), each where
        it belongs (see `bot.adapters.delivery`); a failure is logged, never silent."""
        await delivery.deliver(TelegramTurn(self, bot, origin, thread), origin, replies,
                               pack_limit=PACK_LIMIT)

    def _channel_gone(self, chat: str, why: str) -> None:
        log.info("Telegram: Hearback is out of group %s (%s): everything shared there is "
                 "withdrawn", chat, why)
        self.engine.channel_gone(PLATFORM, chat)


class TelegramTurn:
    """The delivery transport for one turn: a private reply from a group goes to the writer's
    private chat (in Telegram its id is their user id); answers in a group stay in the forum
    topic the turn came from."""

    def __init__(self, adapter: Sending, bot: Bot, origin: Origin, thread: int | None) -> None:
        self.adapter = adapter
        self.bot = bot
        self.origin = origin
        self.thread = thread
        self.handle = adapter._username

    def _with_link(self, target: Target, reply: Reply) -> Reply:
        """The core's pointer to a private chat (notices.start_private), left in a group, gets
        a button that opens that chat (a deep link: links.py); any other reply is unchanged."""
        if target.kind is not Kind.HERE or not self.origin.in_channel or not self.handle or \
                reply != start_private(self.origin.name, self.handle):
            return reply
        link = start_link(self.handle, group_payload(self.origin.chat))
        return replace(reply, buttons=((Button(OPEN_PRIVATE_CHAT, "", url=link),),))

    async def send(self, target: Target, reply: Reply) -> Failed | None:
        reply = self._with_link(target, reply)
        # Privately from a group: the writer's private chat, whose id is their user id.
        chat_id = int(self.origin.user) if target.kind is Kind.PRIVATE else chat_ref(target.chat)
        thread = self.thread if target.kind is Kind.HERE else None
        try:
            ids = await self.adapter._post(self.bot, chat_id, reply, replying=True,
                                           thread=thread)
        except RetryAfter as exc:
            log.error("Telegram: reply to chat %s lost: still rate-limited after %d "
                      "retries (retry in %gs)", chat_id, REPLY_RETRIES, retry_seconds(exc))
            return Failed(Failure.THROTTLED)
        except TelegramError as exc:
            if target.kind is Kind.PRIVATE and unreachable(exc):
                log.info("Telegram: user %s can't be written to privately (%s); pointing "
                         "them to the private chat in group %s", self.origin.user,
                         type(exc).__name__, self.origin.chat)
                return Failed(Failure.UNREACHABLE)
            if target.kind is Kind.CHANNEL:
                return self._group_failed(target.chat, exc)
            log_undelivered(chat_id, exc)
            return Failed(Failure.LOST)
        if reply.about and (target.kind is Kind.CHANNEL or (
                target.kind is Kind.HERE and self.origin.in_channel)):
            # A post about someone in a group: remembered so that their delete takes it down.
            self.adapter.engine.channel_posted(PLATFORM, reply.about, str(chat_id), ids)
        return None

    def _group_failed(self, chat: str, exc: TelegramError) -> Failed:
        """A post for a group (an announcement, a milestone) was refused."""
        if isinstance(exc, ChatMigrated):  # a supergroup now: the shares follow it
            self.adapter.engine.channel_moved(PLATFORM, chat, str(exc.new_chat_id))
            log.info("Telegram: group %s became supergroup %s; its shares moved with it", chat,
                     exc.new_chat_id)
            return Failed(Failure.LOST)
        if not gone_from_group(exc):
            log.error("Telegram: post to group %s not delivered: %s: %s", chat,
                      type(exc).__name__, redact(exc.message))
            return Failed(Failure.LOST)
        return Failed(Failure.GONE, f"a post was refused: {type(exc).__name__}")

    def forget(self, chat: str, why: str) -> None:
        self.adapter._channel_gone(chat, why)

    def left_note(self, chat: str) -> Reply:
        return group_gone()

    async def not_here(self) -> None:
        """Telegram tells of a group the bot has left by an update (handled on arrival)."""
