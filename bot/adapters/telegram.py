"""The Telegram adapter (python-telegram-bot 22).

Updates arrive by long polling, or through a webhook when TELEGRAM_WEBHOOK_URL is set. Private
chats only in this version: text and button presses become `Incoming` for the engine, and its
replies go back as HTML messages (see `telegram_render`). In a group the bot answers only a
command of its own, with a pointer to the private chat, and ignores everything else.

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
from datetime import timedelta
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from aiolimiter import AsyncLimiter
from telegram import (
    BotCommand,
    CallbackQuery,
    LinkPreviewOptions,
    Message,
    Update,
)
from telegram import User as TgUser
from telegram.constants import ChatType, ParseMode
from telegram.error import (
    BadRequest,
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
    ContextTypes,
    ExtBot,
    MessageHandler,
    filters,
)
from telegram.warnings import PTBDeprecationWarning

from bot.adapters.base import AdapterStartupError, DeliveryError
from bot.adapters.telegram_logs import protect, quiet_libraries, redact
from bot.adapters.telegram_render import messages, with_choice
from bot.config import Config
from bot.core import buttons
from bot.core.engine import HELP_LINES, Engine
from bot.core.intents import COMMANDS
from bot.core.messages import Incoming, Reply
from bot.core.messages import reply as make_reply
from bot.core.models import User

log = logging.getLogger("hearback.telegram")

PLATFORM = "telegram"
ALLOWED_UPDATES = ("message", "callback_query")
# The command menu (setMyCommands), in this order: every word the help lists, and start.
BOT_COMMANDS: tuple[tuple[str, str], ...] = (
    ("start", "what Hearback does, and how to begin"),
    *HELP_LINES,
)
# A reply whose request gets a 429 waits `retry_after` and is tried again, this many times.
REPLY_RETRIES = 3
# A reply whose request hits a network error is tried again after these pauses (seconds).
REPLY_NETWORK_PAUSES = (1.0, 3.0)
# New messages to one private chat: about one a second on average, with bursts of up to this
# many (a turn's few replies never wait; a runaway loop is slowed down).
PER_CHAT_BURST = 10
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)
WEBHOOK_SECRET_RE = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
PRIVATE_ONLY = ("I work in private chats for now — message me directly{handle} and I'll help you "
                "follow up on your interviews there.")
TEXT_ONLY = "I can only read text messages — please type it out."
PRIVATE_BUTTON = "Hearback works in private chats only for now."

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


def delivery_error(exc: TelegramError) -> DeliveryError:
    """A Telegram error while sending a nudge, as the scheduler understands it."""
    what = redact(exc.message)
    if isinstance(exc, RetryAfter):
        seconds = retry_seconds(exc)
        return DeliveryError(f"Telegram flood control: retry in {seconds:g}s",
                             retry_after=seconds)
    if isinstance(exc, Forbidden):  # blocked by the user, user deactivated, ...
        return DeliveryError(f"Telegram refused: {what}", permanent=True)
    if isinstance(exc, BadRequest) and "chat not found" in what.lower():
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
                return True
            except NetworkError as exc:
                log.warning("Telegram not reachable (%s); trying again in %gs",
                            redact(exc.message), pause)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), timeout=pause)
                pause = min(pause * 2, 60.0)
        return False

    async def _set_commands(self, bot: Bot) -> None:
        commands = [BotCommand(word, what[:1].upper() + what[1:]) for word, what in BOT_COMMANDS]
        try:
            await bot.set_my_commands(commands)
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
    async def _post(self, bot: Bot, chat_id: int | str, reply: Reply, *, replying: bool) -> None:
        """One reply: its text messages (the keyboard on the last), then its files."""
        retries = REPLY_RETRIES if replying else None
        for out in messages(reply):
            await self._call(partial(
                bot.send_message, chat_id=chat_id, text=out.html, parse_mode=ParseMode.HTML,
                reply_markup=out.keyboard, link_preview_options=NO_PREVIEW,
                rate_limit_args=retries), replying)
        for att in reply.attachments:
            await self._call(partial(
                bot.send_document, chat_id=chat_id, document=att.data,
                filename=Path(att.filename).name, rate_limit_args=retries), replying)

    async def _call(self, request: Callable[[], Awaitable[Result]], replying: bool) -> Result:
        """A request; a reply's request is tried again after a network error."""
        if not replying:
            return await request()
        for pause in REPLY_NETWORK_PAUSES:
            try:
                return await request()
            except NetworkError as exc:
                log.warning("Telegram: network error while replying (%s); trying again in %gs",
                            redact(exc.message), pause)
                await asyncio.sleep(pause)
        return await request()

    async def _reply(self, bot: Bot, chat_id: int, replies: list[Reply]) -> None:
        """Replies to someone who wrote to us; a failure is logged, never silent."""
        for reply in replies:
            try:
                await self._post(bot, chat_id, reply, replying=True)
            except RetryAfter as exc:
                log.error("Telegram: reply to chat %s lost: still rate-limited after %d "
                          "retries (retry in %gs)", chat_id, REPLY_RETRIES, retry_seconds(exc))
                return
            except TelegramError as exc:
                log.error("Telegram: reply to chat %s not delivered: %s: %s", chat_id,
                          type(exc).__name__, redact(exc.message))
                return

    # -- incoming ---------------------------------------------------------------------------
    async def _on_message(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message, user = update.message, update.effective_user
        if message is None or user is None or user.is_bot:
            return
        bot: Bot = context.bot  # type: ignore[assignment]
        if message.chat.type != ChatType.PRIVATE:
            await self._not_private(bot, message)
            return
        if message.text is None:
            if message.effective_attachment is None:
                return  # a service message (a pin, a video chat...): nothing said to us
            incoming = self._incoming(update, user, message.chat.id)
            replies = [make_reply(TEXT_ONLY), *self.engine.resume(incoming)]
        else:
            replies = self.engine.handle(self._incoming(update, user, message.chat.id,
                                                        text=message.text))
        await self._reply(bot, message.chat.id, replies)

    def _incoming(self, update: Update, user: TgUser, chat_id: int, *, text: str | None = None,
                  button: str | None = None) -> Incoming:
        return Incoming(platform=PLATFORM, user=str(user.id), chat=str(chat_id), text=text,
                        button=button, display_name=display_name(user),
                        event_id=str(update.update_id))

    async def _not_private(self, bot: Bot, message: Message) -> None:
        """In a group: a command of ours gets a pointer to the private chat; the rest is not
        for us (and with BotFather's privacy mode, not even delivered)."""
        m = re.match(r"^/([A-Za-z_]+)(?:@(\w+))?", message.text or "")
        if m is None or m.group(1).lower() not in COMMANDS:
            return
        if m.group(2) and m.group(2).lower() != (self._username or "").lower():
            return
        handle = f" (@{self._username})" if self._username else ""
        await self._reply(bot, message.chat.id, [make_reply(PRIVATE_ONLY.format(handle=handle))])

    async def _on_press(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        if query is None:
            return
        bot: Bot = context.bot  # type: ignore[assignment]
        answered = False
        try:
            chat = query.message.chat if query.message is not None else None
            if query.data is None or chat is None:
                return
            if chat.type != ChatType.PRIVATE:
                answered = await self._answer(bot, query, PRIVATE_BUTTON)
                return
            replies = self.engine.handle(self._incoming(update, query.from_user, chat.id,
                                                        button=query.data))
            press = buttons.parse(query.data)
            if press is not None and press.owner != str(query.from_user.id):
                # Someone else's button (the core refused it): say so to the presser only and
                # leave the message and its buttons as they are for their owner.
                text = replies[0].text if replies else None
                answered = await self._answer(bot, query, text)
                return
            answered = await self._answer(bot, query, None)
            if replies:  # handled: the flow moved on, so the old buttons go
                await self._settle(bot, query)
                await self._reply(bot, chat.id, replies)
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

    async def _settle(self, bot: Bot, query: CallbackQuery) -> None:
        """The pressed message loses its keyboard and notes the choice, so old buttons can't
        be pressed again."""
        message = query.message
        if not isinstance(message, Message):
            return  # too old for Telegram to show us
        label = next((b.text for row in (message.reply_markup.inline_keyboard
                                          if message.reply_markup else ())
                      for b in row if b.callback_data == query.data), None)
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
