"""The Telegram adapter (python-telegram-bot 22).

Updates arrive by long polling, or through a webhook when TELEGRAM_WEBHOOK_URL is set. In a
private chat, text and button presses become `Incoming` for the engine, and its replies go back as
HTML messages (see `telegram_render`).

A group (or supergroup) is a team channel. There the bot reads only what is addressed to it: a
command of its own (`/board`, `/board@OurBot`; not `/board@OtherBot`), a message mentioning
@OurBot, or a reply to one of its messages. Everything else is dropped unread: never passed on,
stored or logged. A reply the core marks `private` goes to the writer's private chat (in Telegram
a user's private chat id is their user id); if the bot may not write to them there, the group
gets a short pointer, never the content. A reply with `to` goes to that group. A press on someone
else's button in a group is answered with an alert to the presser alone. When the bot leaves or is
removed from a group, everything shared there is withdrawn, and so is a member's sharing when they
leave.

Product state lives in the core and storage, never in python-telegram-bot (no ConversationHandler,
no JobQueue): the scheduler sends nudges through `send()`. Every request goes through PTB's
AIORateLimiter (30/s overall, 20/min per group) with about one message a second per private chat
on top. A reply waits out a 429 and is tried again; a nudge's 429, a blocked bot (403) and network
errors become `DeliveryError`s, which the scheduler turns into a later retry or a pause.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import secrets
import warnings
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from datetime import timedelta
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from aiolimiter import AsyncLimiter
from telegram import (
    BotCommand,
    BotCommandScopeAllGroupChats,
    CallbackQuery,
    Chat,
    ChatMember,
    ChatMemberRestricted,
    LinkPreviewOptions,
    Message,
    Update,
)
from telegram import User as TgUser
from telegram.constants import ChatMemberStatus, ChatType, ParseMode
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
)
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ChatMemberHandler,
    ContextTypes,
    ExtBot,
    MessageHandler,
    filters,
)
from telegram.warnings import PTBDeprecationWarning

from bot.adapters.base import AdapterStartupError
from bot.adapters.telegram_logs import protect, quiet_libraries, redact
from bot.adapters.telegram_render import messages, with_choice
from bot.config import Config
from bot.core.contract import buttons
from bot.core.contract.messages import Incoming, Reply
from bot.core.contract.messages import reply as make_reply
from bot.core.contract.models import User
from bot.core.contract.ports import DeliveryError
from bot.core.engine import Engine
from bot.core.features import COMMANDS, HELP_LINES
from bot.core.team import CHANNEL_HELP

log = logging.getLogger("hearback.telegram")

PLATFORM = "telegram"
# my_chat_member: the bot was added to or removed from a group; chat_member: someone joined or
# left a group where the bot is an administrator (elsewhere their service message tells).
ALLOWED_UPDATES = ("message", "callback_query", "my_chat_member", "chat_member")
# The command menu (setMyCommands), in this order: every word the help lists, and start.
BOT_COMMANDS: tuple[tuple[str, str], ...] = (
    ("start", "what Hearback does, and how to begin"),
    *HELP_LINES,
)
# The menu in groups: only what works in a team channel.
GROUP_COMMANDS: tuple[tuple[str, str], ...] = (
    *((word.split()[0], what) for word, what in CHANNEL_HELP),
    ("help", "what Hearback does in a group"),
)
GROUP_TYPES = (ChatType.GROUP, ChatType.SUPERGROUP)
# "/word" or "/word@SomeBot" at the start of a message, then a space or the end.
GROUP_COMMAND_RE = re.compile(r"^/([A-Za-z_]\w*)(?:@(\w+))?(?=\s|$)")
# A reply whose request gets a 429 waits `retry_after` and is tried again, this many times.
REPLY_RETRIES = 3
# A reply whose request hits a network error is tried again after these pauses (seconds).
REPLY_NETWORK_PAUSES = (1.0, 3.0)
# New messages to one private chat: about one a second on average, with bursts of up to this
# many (a turn's few replies never wait; a runaway loop is slowed down).
PER_CHAT_BURST = 10
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)
WEBHOOK_SECRET_RE = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
TEXT_ONLY = "I can only read text messages — please type it out."
# In a group, when a private answer can't reach the writer (they never started a chat with us).
START_PRIVATE = ("{name}, please start a private chat with me first{handle} so I can send you "
                 "that.")
# In a private chat, when a post for a group finds the bot gone from it.
GROUP_GONE = ("I couldn't post in that group: I'm no longer a member there, so everything shared "
              "there is withdrawn. Add me to the group again to share there.")

Bot = ExtBot[int]
App = Application[Bot, ContextTypes.DEFAULT_TYPE, dict[Any, Any], dict[Any, Any],
                  dict[Any, Any], None]
Result = Any


class TelegramStartError(AdapterStartupError):
    """The adapter could not start (a refused token, a bad setting, Telegram unreachable)."""


class HearbackRateLimiter(AIORateLimiter):
    """PTB's AIORateLimiter (30 requests/s overall, 20/min per group; a 429 halts all requests
    for `retry_after` and is retried `rate_limit_args` times, by default not at all) plus about
    one new message a second per private chat, allowing a burst of PER_CHAT_BURST."""

    def __init__(self, per_chat_burst: int = PER_CHAT_BURST) -> None:
        super().__init__(overall_max_rate=30, overall_time_period=1, group_max_rate=20,
                         group_time_period=60, max_retries=0)
        self._burst = per_chat_burst
        self._chats: dict[int, AsyncLimiter] = {}

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

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
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


def file_url_for(base_url: str) -> str | None:
    """The file download URL that goes with a Bot API base URL ('.../bot' -> '.../file/bot')."""
    if base_url.endswith("/bot"):
        return base_url[: -len("/bot")] + "/file/bot"
    if "/bot{token}" in base_url:
        return base_url.replace("/bot{token}", "/file/bot{token}", 1)
    return None


def retry_seconds(exc: RetryAfter) -> float:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # PTB 22 warns that the int form is going away
        value: int | float | timedelta = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


def display_name(user: TgUser) -> str:
    return user.full_name


def unreachable(exc: TelegramError) -> bool:
    """The bot may not write to this private chat: the user never started it, or blocked it."""
    if isinstance(exc, Forbidden):
        return True
    text = exc.message.lower()
    return isinstance(exc, BadRequest) and ("chat not found" in text or "user not found" in text
                                            or "peer_id_invalid" in text)


def log_undelivered(chat_id: int | str, exc: TelegramError) -> None:
    log.error("Telegram: reply to chat %s not delivered: %s: %s", chat_id, type(exc).__name__,
              redact(exc.message))


def gone_from_group(exc: TelegramError) -> bool:
    """The bot is no longer in the group (kicked, left, the group deleted or upgraded)."""
    if isinstance(exc, (Forbidden, ChatMigrated)):
        return True
    return isinstance(exc, BadRequest) and "chat not found" in exc.message.lower()


def left_the_chat(member: ChatMember) -> bool:
    if member.status in (ChatMemberStatus.LEFT, ChatMemberStatus.BANNED):
        return True
    return isinstance(member, ChatMemberRestricted) and not member.is_member


@dataclass(frozen=True)
class Origin:
    """Where a turn came from: the chat (a group or the writer's private chat) and the writer."""

    chat_id: int
    user: TgUser
    group: bool = False
    thread: int | None = None  # a forum topic: answers in the group stay in it


def thread_of(message: object) -> int | None:
    if isinstance(message, Message) and message.is_topic_message:
        return message.message_thread_id
    return None


def delivery_error(exc: TelegramError) -> DeliveryError:
    """A Telegram error while sending a nudge, as the scheduler understands it."""
    what = redact(exc.message)
    if isinstance(exc, RetryAfter):
        seconds = retry_seconds(exc)
        return DeliveryError(f"Telegram flood control: retry in {seconds:g}s",
                             retry_after=seconds)
    if isinstance(exc, Forbidden):  # blocked by the user, kicked from the group, ...
        return DeliveryError(f"Telegram refused: {what}", permanent=True)
    if isinstance(exc, BadRequest) and "chat not found" in what.lower():
        return DeliveryError(f"Telegram: {what}", permanent=True)
    if isinstance(exc, ChatMigrated):  # the group became a supergroup: this id is dead
        return DeliveryError(f"Telegram: {what}", permanent=True)
    if isinstance(exc, NetworkError):  # includes TimedOut
        return DeliveryError(f"Telegram unreachable: {what}")
    return DeliveryError(f"Telegram error: {type(exc).__name__}: {what}")


class TelegramAdapter:
    platform = PLATFORM
    nudges_per_second: float | None = 25.0  # Telegram allows about 30 messages/s overall
    # Long-polling timeout (seconds), the webhook server's address, how long a nudge waits for
    # the connection at start-up, and how long stopping waits for nudges being sent.
    poll_timeout = 10.0
    webhook_listen = "0.0.0.0"
    ready_timeout = 30.0
    stop_timeout = 10.0
    # How long one Bot API request (not a long poll) may take before it counts as failed; the
    # scheduler then retries the nudge. PTB's default is 5 s.
    request_timeout = 5.0

    def __init__(self, config: Config, engine: Engine) -> None:
        if not config.telegram_token:
            raise ValueError("TelegramAdapter needs TELEGRAM_BOT_TOKEN")
        self.config = config
        self.engine = engine
        self.token = config.telegram_token
        protect(self.token)
        self.webhook_secret: str | None = None
        if config.telegram_webhook_url:
            self.webhook_secret = config.telegram_webhook_secret or secrets.token_urlsafe(32)
            protect(self.webhook_secret)
        self.app: App | None = None
        self._ready = asyncio.Event()  # set once started (or stopped: senders stop waiting)
        self.started = asyncio.Event()  # set once updates are being received
        self._closed = False
        self._gave_up_waiting = False
        self._sending = 0
        self._idle = asyncio.Event()
        self._idle.set()
        self._username: str | None = None
        self._bot_id: int | None = None

    # -- the application --------------------------------------------------------------------
    def build(self) -> App:
        builder = (ApplicationBuilder().token(self.token).rate_limiter(HearbackRateLimiter())
                   .job_queue(None).read_timeout(self.request_timeout)
                   .write_timeout(self.request_timeout))
        if base := self.config.telegram_api_base_url:
            builder = builder.base_url(base)
            if file_url := file_url_for(base):
                builder = builder.base_file_url(file_url)
        app: App = builder.build()
        app.add_handler(CallbackQueryHandler(self._on_press))
        app.add_handler(MessageHandler(filters.UpdateType.MESSAGE, self._on_message))
        app.add_handler(ChatMemberHandler(self._on_membership,
                                          ChatMemberHandler.ANY_CHAT_MEMBER))
        app.add_error_handler(self._on_error)
        return app

    async def run(self, stop: asyncio.Event) -> None:
        quiet_libraries()
        # PTB 22 warns on every 429 that RetryAfter.retry_after will become a timedelta; both
        # forms are handled (retry_seconds).
        warnings.filterwarnings("ignore", message=r".*`retry_after`.*",
                                category=PTBDeprecationWarning)
        secret = self.webhook_secret
        if secret is not None and not WEBHOOK_SECRET_RE.match(secret):
            raise TelegramStartError(
                "TELEGRAM_WEBHOOK_SECRET may only contain letters, digits, _ and - (1-256 "
                "characters).")
        app = self.app = self.build()
        connected = False
        try:
            connected = await self._connect(app, stop)
            if not connected:
                return
            await self._set_commands(app.bot)
            await app.start()
            updater = app.updater
            assert updater is not None
            if url := self.config.telegram_webhook_url:
                port = self.config.telegram_webhook_port
                try:
                    await updater.start_webhook(
                        listen=self.webhook_listen, port=port,
                        url_path=urlsplit(url).path.lstrip("/"), webhook_url=url,
                        secret_token=secret, allowed_updates=ALLOWED_UPDATES,
                        drop_pending_updates=False, bootstrap_retries=3)
                except OSError as exc:
                    raise TelegramStartError(
                        f"The webhook server can't listen on {self.webhook_listen}:{port} "
                        f"({exc.strerror or exc}): choose another TELEGRAM_WEBHOOK_PORT."
                    ) from None
                log.info("Telegram: webhook on %s:%d for %s", self.webhook_listen, port, url)
            else:
                await updater.start_polling(
                    timeout=timedelta(seconds=self.poll_timeout),
                    allowed_updates=ALLOWED_UPDATES, drop_pending_updates=False,
                    bootstrap_retries=3, error_callback=self._on_polling_error)
                log.info("Telegram: polling as @%s", self._username)
            self._ready.set()
            self.started.set()
            await stop.wait()
        except InvalidToken:
            raise TelegramStartError("Telegram refused TELEGRAM_BOT_TOKEN: check the token "
                                     "@BotFather gave you.") from None
        except TelegramError as exc:
            raise TelegramStartError(f"Telegram could not be started: "
                                     f"{type(exc).__name__}: {redact(exc.message)}") from None
        finally:
            self._closed = True
            self._ready.set()  # wake nudges waiting for the connection; they fail and retry later
            await self._close(app, connected)

    async def _connect(self, app: App, stop: asyncio.Event) -> bool:
        """getMe until it works (network errors are retried with back-off), or `stop`."""
        pause = 1.0
        while not stop.is_set():
            try:
                await app.initialize()
                self._username = app.bot.username
                self._bot_id = app.bot.id
                return True
            except NetworkError as exc:
                log.warning("Telegram not reachable (%s); trying again in %gs",
                            redact(exc.message), pause)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), timeout=pause)
                pause = min(pause * 2, 60.0)
        return False

    async def _set_commands(self, bot: Bot) -> None:
        def menu(entries: tuple[tuple[str, str], ...]) -> list[BotCommand]:
            return [BotCommand(word, what[:1].upper() + what[1:]) for word, what in entries]

        try:
            await bot.set_my_commands(menu(BOT_COMMANDS))
            await bot.set_my_commands(menu(GROUP_COMMANDS), scope=BotCommandScopeAllGroupChats())
        except NetworkError as exc:  # the menu is a convenience; the bot works without it
            log.warning("Telegram: could not set the command menu (%s)", redact(exc.message))

    async def _close(self, app: App, initialized: bool) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._idle.wait(), timeout=self.stop_timeout)
        try:
            if app.updater is not None and app.updater.running:
                await app.updater.stop()  # confirms fetched updates (a last getUpdates)
            if app.running:
                await app.stop()  # answers the updates already fetched
            if initialized:
                await app.shutdown()
            else:
                await app.bot.shutdown()
        except Exception as exc:
            log.warning("Telegram: problem while stopping: %s", redact(str(exc)))

    # -- nudges (the scheduler's sender) ----------------------------------------------------
    async def send(self, user: User, reply: Reply) -> None:
        bot = await self._bot()
        self._begin()
        try:
            await self._post(bot, user.chat_id, reply, replying=False)
        except TelegramError as exc:
            raise delivery_error(exc) from None
        finally:
            self._end()

    async def post(self, chat: str, reply: Reply) -> None:
        """A message in a group (the weekly digest). A bot no longer in the group (kicked, the
        group deleted or upgraded) gets DeliveryError(permanent=True)."""
        bot = await self._bot()
        self._begin()
        try:
            try:
                await self._post(bot, chat, reply, replying=False)
            except ChatMigrated as moved:  # upgraded to a supergroup: follow it there
                self.engine.channel_moved(PLATFORM, chat, str(moved.new_chat_id))
                await self._post(bot, moved.new_chat_id, reply, replying=False)
        except TelegramError as exc:
            raise delivery_error(exc) from None
        finally:
            self._end()

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

    # -- sending ----------------------------------------------------------------------------
    async def _post(self, bot: Bot, chat_id: int | str, reply: Reply, *, replying: bool,
                    thread: int | None = None) -> None:
        """One reply: its text messages (the keyboard on the last), then its files."""
        retries = REPLY_RETRIES if replying else None
        for out in messages(reply):
            await self._call(partial(
                bot.send_message, chat_id=chat_id, text=out.html, parse_mode=ParseMode.HTML,
                reply_markup=out.keyboard, link_preview_options=NO_PREVIEW,
                message_thread_id=thread, rate_limit_args=retries), replying)
        for att in reply.attachments:
            await self._call(partial(
                bot.send_document, chat_id=chat_id, document=att.data,
                filename=Path(att.filename).name, message_thread_id=thread,
                rate_limit_args=retries), replying)

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

    @staticmethod
    def _target(origin: Origin, reply: Reply) -> tuple[int | str, int | None, str]:
        """Where a reply goes: (chat, forum topic, kind). `to` another chat: that group;
        `private` from a group: the writer's private chat (its id is their user id); else here."""
        if reply.to is not None and reply.to != str(origin.chat_id):
            try:
                return int(reply.to), None, "group"
            except ValueError:
                return reply.to, None, "group"
        if reply.private and origin.group:
            return origin.user.id, None, "private"
        return origin.chat_id, origin.thread, "here"

    async def _reply(self, bot: Bot, origin: Origin, replies: list[Reply]) -> None:
        """Replies to someone who wrote to us, each where it belongs; a failure is logged, never
        silent. A private answer that can't reach the writer leaves one pointer in the group
        (never the answer itself); a post to a group the bot is gone from withdraws the shares
        there. Any other failure ends the turn's replies, as later ones build on it."""
        unreachable_user = False
        gone: set[str] = set()
        for reply in replies:
            chat_id, thread, kind = self._target(origin, reply)
            if (kind == "private" and unreachable_user) or str(chat_id) in gone:
                continue
            try:
                await self._post(bot, chat_id, reply, replying=True, thread=thread)
            except RetryAfter as exc:
                log.error("Telegram: reply to chat %s lost: still rate-limited after %d "
                          "retries (retry in %gs)", chat_id, REPLY_RETRIES, retry_seconds(exc))
                return
            except TelegramError as exc:
                if kind == "private" and unreachable(exc):
                    unreachable_user = True
                    log.info("Telegram: user %s can't be written to privately (%s); pointing "
                             "them to the private chat in group %s", origin.user.id,
                             type(exc).__name__, origin.chat_id)
                    if not await self._point(bot, origin):
                        return
                    continue
                if kind == "group":
                    gone.add(str(chat_id))
                    await self._group_failed(bot, origin, str(chat_id), exc)
                    continue
                log_undelivered(chat_id, exc)
                return

    async def _point(self, bot: Bot, origin: Origin) -> bool:
        """In the group: ask the writer to start a private chat (their answer is not shown)."""
        handle = f" (@{self._username})" if self._username else ""
        text = START_PRIVATE.format(name=origin.user.first_name, handle=handle)
        return await self._say(bot, origin.chat_id, make_reply(text), thread=origin.thread)

    async def _say(self, bot: Bot, chat_id: int, reply: Reply, *,
                   thread: int | None = None) -> bool:
        """One reply, its failure logged; True if it went out."""
        try:
            await self._post(bot, chat_id, reply, replying=True, thread=thread)
        except TelegramError as exc:
            log_undelivered(chat_id, exc)
            return False
        return True

    async def _group_failed(self, bot: Bot, origin: Origin, chat: str, exc: TelegramError) -> None:
        """A post for a group (an announcement, a milestone) was refused."""
        if isinstance(exc, ChatMigrated):  # a supergroup now: the shares follow it
            self.engine.channel_moved(PLATFORM, chat, str(exc.new_chat_id))
            log.info("Telegram: group %s became supergroup %s; its shares moved with it", chat,
                     exc.new_chat_id)
            return
        if not gone_from_group(exc):
            log.error("Telegram: post to group %s not delivered: %s: %s", chat,
                      type(exc).__name__, redact(exc.message))
            return
        self._channel_gone(chat, f"a post was refused: {type(exc).__name__}")
        if not origin.group:
            await self._say(bot, origin.chat_id, make_reply(GROUP_GONE))

    def _channel_gone(self, chat: str, why: str) -> None:
        log.info("Telegram: Hearback is out of group %s (%s): everything shared there is "
                 "withdrawn", chat, why)
        self.engine.channel_gone(PLATFORM, chat)

    # -- incoming ---------------------------------------------------------------------------
    async def _on_message(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.message
        if message is None:
            return
        bot: Bot = context.bot  # type: ignore[assignment]
        if message.chat.type in GROUP_TYPES:
            await self._in_group(bot, update, message)
            return
        user = update.effective_user
        if message.chat.type != ChatType.PRIVATE or user is None or user.is_bot:
            return
        if message.text is None:
            if message.effective_attachment is None:
                return  # a service message (a pin, a video chat...): nothing said to us
            incoming = self._incoming(update, user, message.chat.id)
            replies = [make_reply(TEXT_ONLY), *self.engine.resume(incoming)]
        else:
            replies = self.engine.handle(self._incoming(update, user, message.chat.id,
                                                        text=message.text))
        await self._reply(bot, Origin(message.chat.id, user), replies)

    async def _in_group(self, bot: Bot, update: Update, message: Message) -> None:
        """A group message. Leaving is noted; of the rest only what is addressed to us goes to
        the core, and everything else is dropped here, unread."""
        chat = str(message.chat.id)
        if message.left_chat_member is not None:  # a service message, sent even in privacy mode
            left = message.left_chat_member
            if left.id == self._bot_id:
                self._channel_gone(chat, "removed from the group")
            else:
                self.engine.member_left(PLATFORM, chat, str(left.id))
            return
        if message.migrate_to_chat_id is not None:
            # Upgraded to a supergroup: the shares follow it to its new id.
            self.engine.channel_moved(PLATFORM, chat, str(message.migrate_to_chat_id))
            log.info("Telegram: group %s became supergroup %s; its shares moved with it", chat,
                     message.migrate_to_chat_id)
            return
        user = message.from_user
        if user is None or user.is_bot or message.text is None:
            return
        text = self._addressed(message)
        if text is None:
            return
        replies = self.engine.handle(self._incoming(update, user, message.chat.id, text=text,
                                                    group=message.chat))
        await self._reply(bot, Origin(message.chat.id, user, group=True,
                                      thread=thread_of(message)), replies)

    def _addressed(self, message: Message) -> str | None:
        """The text of a group message meant for us, as the core should read it; None if the
        message is not for us. For us: a command of ours (`/board`, `/board@OurBot`), a message
        mentioning @OurBot (the mention taken out), a reply to one of our messages."""
        text = message.text or ""
        me = self._username or ""
        m = GROUP_COMMAND_RE.match(text)
        if m is not None:
            word, to = m.group(1), m.group(2)
            if to is not None:
                return f"/{word}{text[m.end():]}" if me and to.lower() == me.lower() else None
            return text if word.lower() in COMMANDS else None
        if me:
            mention = re.compile(rf"(?<![\w@.])@{re.escape(me)}(?!\w)", re.IGNORECASE)
            if mention.search(text):
                return " ".join(mention.sub(" ", text).split()).strip(" ,.:;!-–—")
        replied = message.reply_to_message
        if replied is not None and replied.from_user is not None \
                and replied.from_user.id == self._bot_id \
                and not (message.is_topic_message
                         and replied.message_id == message.message_thread_id):
            return text
        return None

    def _incoming(self, update: Update, user: TgUser, chat_id: int, *, text: str | None = None,
                  button: str | None = None, group: Chat | None = None) -> Incoming:
        return Incoming(platform=PLATFORM, user=str(user.id), chat=str(chat_id), text=text,
                        button=button, display_name=display_name(user),
                        event_id=str(update.update_id), in_channel=group is not None,
                        channel_title=group.title if group is not None else None)

    async def _on_membership(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """The bot (my_chat_member) or a member (chat_member, for a bot that is an
        administrator) left or was removed from a group."""
        change = update.my_chat_member or update.chat_member
        if change is None or change.chat.type not in GROUP_TYPES:
            return  # in a private chat: the user blocked the bot (a send will find out)
        member = change.new_chat_member
        if not left_the_chat(member):
            return
        chat = str(change.chat.id)
        if update.my_chat_member is not None or member.user.id == self._bot_id:
            self._channel_gone(chat, f"now {member.status}")
        else:
            self.engine.member_left(PLATFORM, chat, str(member.user.id))

    async def _on_press(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        if query is None:
            return
        bot: Bot = context.bot  # type: ignore[assignment]
        answered = False
        try:
            message = query.message
            chat = message.chat if message is not None else None
            if query.data is None or chat is None:
                return
            group = chat.type in GROUP_TYPES
            if chat.type != ChatType.PRIVATE and not group:
                return
            replies = self.engine.handle(self._incoming(update, query.from_user, chat.id,
                                                        button=query.data,
                                                        group=chat if group else None))
            press = buttons.parse(query.data)
            if (press is not None and not buttons.may_press(press, str(query.from_user.id),
                                                            in_channel=group)) or \
                    (press is None and group):
                # Someone else's button (the core refused it): say so to the presser only and
                # leave the message and its buttons as they are for their owner.
                text = replies[0].text if replies else None
                answered = await self._answer(bot, query, text)
                return
            if press is not None and press.owner == buttons.ANYONE:
                # A cheer: its button stays for the rest of the group; a note for the presser
                # alone ("already cheered") comes as an alert, not in their private chat.
                notes = [r.text for r in replies if r.private]
                answered = await self._answer(bot, query, "\n".join(notes) or None)
                public = [r for r in replies if not r.private]
                await self._reply(bot, Origin(chat.id, query.from_user, group=group,
                                              thread=thread_of(message)), public)
                return
            answered = await self._answer(bot, query, None)
            if replies:  # handled: the flow moved on, so the old buttons go
                await self._settle(bot, query, group=group)
                await self._reply(bot, Origin(chat.id, query.from_user, group=group,
                                              thread=thread_of(message)), replies)
        finally:
            if not answered:
                await self._answer(bot, query, None)

    async def _answer(self, bot: Bot, query: CallbackQuery, text: str | None) -> bool:
        """Stop the button's spinner (an alert when there is something to say)."""
        try:
            await bot.answer_callback_query(query.id, text=text[:200] if text else None,
                                            show_alert=bool(text), rate_limit_args=REPLY_RETRIES)
        except TelegramError as exc:  # too old to answer, or the network: nothing to redo
            log.warning("Telegram: could not answer a button press: %s", redact(exc.message))
        return True

    async def _settle(self, bot: Bot, query: CallbackQuery, *, group: bool = False) -> None:
        """The pressed message loses its keyboard and notes the choice, so old buttons can't
        be pressed again. In a group (where everyone sees it) only when the press was one of
        the message's own buttons."""
        message = query.message
        if not isinstance(message, Message):
            return  # too old for Telegram to show us
        label = next((b.text for row in (message.reply_markup.inline_keyboard
                                          if message.reply_markup else ())
                      for b in row if b.callback_data == query.data), None)
        if group and label is None:
            return
        try:
            text = with_choice(message.text_html, label) if message.text and label else None
            if text is not None:
                await bot.edit_message_text(text, chat_id=message.chat.id,
                                            message_id=message.message_id,
                                            parse_mode=ParseMode.HTML,
                                            link_preview_options=NO_PREVIEW,
                                            rate_limit_args=REPLY_RETRIES)
            else:
                await bot.edit_message_reply_markup(chat_id=message.chat.id,
                                                    message_id=message.message_id,
                                                    reply_markup=None,
                                                    rate_limit_args=REPLY_RETRIES)
        except TelegramError as exc:  # e.g. "message is not modified": nothing to fix
            log.info("Telegram: pressed message not updated: %s", redact(exc.message))

    def _on_polling_error(self, exc: TelegramError) -> None:
        log.warning("Telegram: polling failed (%s: %s); PTB retries with back-off",
                    type(exc).__name__, redact(exc.message))

    async def _on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        error = context.error
        log.error("Telegram: an update could not be handled: %s",
                  redact(f"{type(error).__name__}: {error}"), exc_info=error)
