"""The Telegram adapter (python-telegram-bot 22): the application, its start and its stop.

Updates arrive by long polling, or through a webhook when TELEGRAM_WEBHOOK_URL is set. Product
state lives in the core and storage, never in python-telegram-bot (no ConversationHandler, no
JobQueue): the scheduler sends nudges through `send()` (see `sending`), updates are handled in
`receiving`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import secrets
import warnings
from datetime import timedelta
from urllib.parse import urlsplit

from telegram import Update
from telegram.error import InvalidToken, NetworkError, TelegramError
from telegram.ext import ApplicationBuilder, TypeHandler
from telegram.warnings import PTBDeprecationWarning

from bot.adapters.inbox import Inbox, inbox_path
from bot.adapters.lanes import CoreThread, Lanes
from bot.adapters.roles import PollingLease
from bot.adapters.shared_replies import ReplyPacing
from bot.adapters.telegram.errors import TelegramStartError
from bot.adapters.telegram.logs import protect, quiet_libraries, redact
from bot.adapters.telegram.menu import set_commands, set_descriptions
from bot.adapters.telegram.sending import PLATFORM, App, HearbackRateLimiter
from bot.adapters.telegram.updates import InboxQueue, Updates
from bot.config import Config
from bot.core.engine import Engine
from bot.ops.health import Health, add_to_tornado

log = logging.getLogger("hearback.telegram")

# my_chat_member: the bot was added to or removed from a group; chat_member: someone joined or
# left a group where the bot is an administrator (elsewhere their service message tells).
ALLOWED_UPDATES = ("message", "callback_query", "my_chat_member", "chat_member")
WEBHOOK_SECRET_RE = re.compile(r"^[A-Za-z0-9_-]{1,256}$")


def file_url_for(base_url: str) -> str | None:
    """The file download URL that goes with a Bot API base URL ('.../bot' -> '.../file/bot')."""
    if base_url.endswith("/bot"):
        return base_url[: -len("/bot")] + "/file/bot"
    if "/bot{token}" in base_url:
        return base_url.replace("/bot{token}", "/file/bot{token}", 1)
    return None


class TelegramAdapter(Updates):
    """The Telegram platform for `hearback`: `run()` receives updates until stopped; `send()` and
    `post()` are the scheduler's sender and channel poster."""

    platform = PLATFORM
    nudges_per_second: float | None = 25.0  # Telegram allows about 30 messages/s overall
    # Workers sharing a database: replies draw from the nudges' bucket, at the same rate.
    shared_reply_rate: float | None = 25.0
    # Long-polling timeout (seconds), the webhook server's address, how long a nudge waits for
    # the connection at start-up. (How long stopping may take is HEARBACK_STOP_GRACE_SECONDS.)
    poll_timeout = 10.0
    webhook_listen = "0.0.0.0"
    ready_timeout = 30.0
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
        # Several workers on one database (bot/cli.py sets it): only its holder polls.
        self.polling_lease: PollingLease | None = None
        self.polling = asyncio.Event()  # set while this worker long-polls
        self._closed = False
        self._gave_up_waiting = False
        self._sending = 0
        self._idle = asyncio.Event()
        self._idle.set()
        self._username: str | None = None
        self._bot_id: int | None = None
        self.core = CoreThread.shared()
        self.inbox = Inbox(None)  # the durable one is opened by run()
        self._lanes: Lanes[Update] = Lanes(self._work, name="telegram-user")
        self.on_done = None
        self.reply_pacing: ReplyPacing | None = None  # see bot/adapters/shared_replies.py
        self.health: Health | None = None  # GET /healthz on the webhook server (bot/cli.py sets it)

    # -- the application --------------------------------------------------------------------
    def build(self) -> App:
        limiter = HearbackRateLimiter()
        limiter.shared = self.reply_pacing  # set before run() when workers share a database
        builder = (ApplicationBuilder().token(self.token).rate_limiter(limiter)
                   .job_queue(None).read_timeout(self.request_timeout)
                   .write_timeout(self.request_timeout))
        if base := self.config.telegram_api_base_url:
            builder = builder.base_url(base)
            if file_url := file_url_for(base):
                builder = builder.base_file_url(file_url)
        builder = builder.update_queue(InboxQueue(lambda: self.inbox, self._wanted))
        app: App = builder.build()
        app.add_handler(TypeHandler(Update, self._on_update))
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
        turns: asyncio.Task[None] | None = None
        self.inbox = Inbox(inbox_path(self.config.data_dir, PLATFORM, self.config.database_url))
        try:
            connected = await self._connect(app, stop)
            if not connected:
                return
            await set_commands(app.bot)
            await set_descriptions(app.bot)
            await app.start()
            self._replay(app.bot)
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
                if self.health is not None:
                    add_to_tornado(updater, self.health)
                log.info("Telegram: webhook on %s:%d for %s", self.webhook_listen, port, url)
            elif self.polling_lease is None:
                await self._start_polling()
            else:  # several workers: only the one holding the polling lease polls
                turns = asyncio.create_task(self._poll_in_turn(self.polling_lease, stop))
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
            if turns is not None:
                turns.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await turns
            try:
                await self._close(app, connected)
            finally:
                self.inbox.close()
                if self.polling_lease is not None and self.polling.is_set():
                    await self._give_up(self.polling_lease)

    async def _start_polling(self) -> None:
        assert self.app is not None and self.app.updater is not None
        await self.app.updater.start_polling(
            timeout=timedelta(seconds=self.poll_timeout),
            allowed_updates=ALLOWED_UPDATES, drop_pending_updates=False,
            bootstrap_retries=3, error_callback=self._on_polling_error)
        self.polling.set()
        log.info("Telegram: polling as @%s", self._username)

    async def _poll_in_turn(self, lease: PollingLease, stop: asyncio.Event) -> None:
        """Poll while this worker holds `lease` (bot/adapters/roles.py), renewing it every
        third of its length; wait and try to take it as often while another worker has it.
        Polling stops when a renewal fails (the lease was lost), then this worker waits again."""
        while not stop.is_set():
            if await self._take(lease):
                if not self.polling.is_set():
                    await self._start_polling()
            elif self.polling.is_set():
                log.warning("Telegram: the polling lease was lost (this worker was too slow to "
                            "renew it); another worker polls now")
                assert self.app is not None and self.app.updater is not None
                await self.app.updater.stop()
                self.polling.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=lease.seconds / 3)

    async def _take(self, lease: PollingLease) -> bool:
        try:
            return bool(await self.core.run(lease.leases.take, lease.name, lease.holder,
                                            lease.seconds))
        except Exception as exc:  # the database is away: not ours until it answers again
            log.warning("Telegram: could not take or renew the polling lease: %s", exc)
            return False

    async def _give_up(self, lease: PollingLease) -> None:
        """Hand the lease back after polling stopped, so another worker polls at once."""
        try:
            await self.core.run(lease.leases.give_up, lease.name, lease.holder)
        except Exception as exc:  # it runs out by itself
            log.warning("Telegram: could not give back the polling lease: %s", exc)
        self.polling.clear()

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

    async def _close(self, app: App, initialized: bool) -> None:
        """Stop fetching, answer what was received while the grace lasts (what is left stays
        in the inbox for the next start), let nudges being sent finish, shut down. Within
        HEARBACK_STOP_GRACE_SECONDS, less a second for the last steps."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + max(self.config.stop_grace_seconds - 1.0, 0.5)
        try:
            if app.updater is not None and app.updater.running:
                # Nothing more is fetched; what was is in the inbox, so it may be confirmed.
                await asyncio.wait_for(app.updater.stop(), timeout=max(deadline - loop.time(),
                                                                      0.1))
            if app.running:
                await app.stop()  # hands the updates still queued to their lanes
        except Exception as exc:
            log.warning("Telegram: problem while stopping: %s", redact(str(exc)))
        self._handed_back(await self._lanes.drain(deadline - loop.time()))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._idle.wait(), timeout=max(deadline - loop.time(), 0.1))
        try:
            if initialized:
                await app.shutdown()
            else:
                await app.bot.shutdown()
        except Exception as exc:
            log.warning("Telegram: problem while stopping: %s", redact(str(exc)))
