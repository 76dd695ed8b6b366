"""The Slack adapter's app: a slack-bolt AsyncApp in Socket Mode (SLACK_APP_TOKEN set) or HTTP
mode (Bolt's aiohttp server on SLACK_HTTP_HOST:SLACK_HTTP_PORT at /slack/events, every request's
signature checked against SLACK_SIGNING_SECRET by Bolt's request verification), its start and its
stop. The listeners are in `events`, the sending in `sending`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re

from aiohttp import web
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.app.async_server import AsyncSlackAppServer
from slack_bolt.async_app import AsyncApp
from slack_bolt.logger.messages import warning_client_prioritized_and_token_skipped
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.builtin_async_handlers import AsyncConnectionErrorRetryHandler
from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters.delivery import TurnLocks
from bot.adapters.inbox import Inbox, inbox_path
from bot.adapters.lanes import CoreThread
from bot.adapters.slack import render
from bot.adapters.slack.channels import PLATFORM
from bot.adapters.slack.errors import (
    SLACK_FAILURES,
    ShortRateLimitRetry,
    SlackStartupError,
    delivery_error,
)
from bot.adapters.slack.forms import GLOBAL_SHORTCUT, MESSAGE_SHORTCUT, Forms
from bot.adapters.slack.modal import CALLBACK_ID
from bot.adapters.slack.reading import ZoneChecks
from bot.config import Config
from bot.core.engine import Engine
from bot.ops.health import Health, add_to_aiohttp

COMMAND = "/hearback"
EVENTS_PATH = "/slack/events"  # Bolt's default path: events, commands and actions

log = logging.getLogger("hearback.slack")
BOLT_LOGGER = "hearback.slack.bolt"


def _quiet_token_warning(record: logging.LogRecord) -> bool:
    """Drop Bolt's start-up warning that the client's token wins over SLACK_BOT_TOKEN: Bolt
    reads that variable itself when given a client, so every start warned about a setting
    that is in fact used (the client carries that very token)."""
    return record.getMessage() != warning_client_prioritized_and_token_skipped()


class SlackAdapter(Forms):
    """The Slack platform for `hearback`: `run()` serves events until stopped; `send()` and
    `post()` are the scheduler's sender and channel poster."""

    platform = PLATFORM
    # chat.postMessage (docs.slack.dev/reference/methods/chat.postMessage, "Rate limiting"):
    # "1 message per second to a specific channel", and for the whole workspace "several
    # hundred messages per minute". Nudges take the low end of that, 300 a minute, leaving the
    # rest to replies; each DM is paced at its own second (bot/pacing.py, ChatPaced).
    nudges_per_second: float | None = 5.0
    nudges_per_chat_per_second: float = 1.0
    # Slack limits posting per channel, not overall: workers share only the 429 holds.
    shared_reply_rate: float | None = None

    def __init__(self, config: Config, engine: Engine) -> None:
        if not config.slack_bot_token:
            raise ValueError("SLACK_BOT_TOKEN is not set")
        if not config.slack_app_token and not config.slack_signing_secret:
            raise ValueError("HTTP mode needs SLACK_SIGNING_SECRET (or set SLACK_APP_TOKEN for "
                             "Socket Mode)")
        self.config = config
        self.engine = engine
        self.rate_retry = ShortRateLimitRetry()
        retry_handlers: list[AsyncRetryHandler] = [AsyncConnectionErrorRetryHandler(),
                                                   self.rate_retry]
        self.client = AsyncWebClient(token=config.slack_bot_token, base_url=config.slack_api_url,
                                     retry_handlers=retry_handlers,
                                     logger=logging.getLogger("hearback.slack.api"))
        # Bolt sets the level of the logger named after the app from its own: named "hearback",
        # it silenced every hearback.* INFO line (pauses, recoveries). Its own logger is safe.
        bolt_log = logging.getLogger(BOLT_LOGGER)
        bolt_log.addFilter(_quiet_token_warning)
        self.app = AsyncApp(client=self.client, signing_secret=config.slack_signing_secret or "",
                            name=BOLT_LOGGER, logger=bolt_log)
        self.app.middleware(self._keep_first)
        self.app.event("message")(self._on_message)
        self.app.event("app_mention")(self._on_mention)
        self.app.event("app_home_opened")(self._on_home_opened)
        self.app.event("member_left_channel")(self._on_member_left)
        for gone in ("channel_left", "group_left", "channel_deleted", "group_deleted",
                     "channel_archive", "group_archive"):
            self.app.event(gone)(self._on_channel_gone)
        for renamed in ("channel_rename", "group_rename"):
            self.app.event(renamed)(self._on_channel_rename)
        self.app.command(COMMAND)(self._on_command)
        self.app.action(re.compile("^" + re.escape(render.ACTION_PREFIX)))(self._on_action)
        for shortcut in (GLOBAL_SHORTCUT, MESSAGE_SHORTCUT):  # the "Log an interview" modal
            self.app.shortcut(shortcut)(self._on_shortcut)
        self.app.view(CALLBACK_ID)(self._on_submission)
        self.ready = asyncio.Event()  # set once the server listens / the socket is connected
        self.address: tuple[str, int] | None = None  # HTTP mode: where the server listens
        self._turns = TurnLocks()
        self._zone_checks = ZoneChecks(engine.clock)
        self._pressing: set[tuple[str, str, str]] = set()
        self._titles: dict[str, str | None] = {}  # channel id -> "#name" (None: no name)
        self.bot_user_id: str | None = None  # from auth.test at start-up
        self._inflight = 0
        self._idle = asyncio.Event()
        self._idle.set()
        self.core = CoreThread.shared()
        self.inbox = Inbox(None)  # the durable one is opened by run()
        self.on_done = None
        self.health: Health | None = None  # GET /healthz in HTTP mode (bot/cli.py sets it)

    # -- running --------------------------------------------------------------------------------
    async def run(self, stop: asyncio.Event) -> None:
        await self._check_token()
        self.inbox = Inbox(inbox_path(self.config.data_dir, PLATFORM, self.config.database_url))
        try:
            await self._replay(self.app.async_dispatch)
            if self.config.slack_app_token:
                await self._run_socket_mode(stop)
            else:
                await self._run_http(stop)
        finally:
            # Answers already being worked on go out while the grace lasts (a second is left
            # for the rest of the stop); what is not answered by then stays in the inbox.
            with contextlib.suppress(TimeoutError):
                await self.idle(timeout=max(self.config.stop_grace_seconds - 1.0, 0.5))
            self.inbox.close()

    async def _check_token(self) -> None:
        try:
            auth = await self.client.auth_test()
        except SlackApiError as exc:
            error = delivery_error(exc)
            if error.permanent:
                code = exc.response.get("error")
                raise SlackStartupError(f"Slack refused SLACK_BOT_TOKEN ({code}): install the "
                                        "app and copy its Bot User OAuth Token.") from None
            log.warning("Slack auth.test failed (%s); carrying on", error)
            return
        except SLACK_FAILURES as exc:
            log.warning("could not reach Slack to check the token (%s); carrying on",
                        type(exc).__name__)
            return
        self.bot_user_id = str(auth.get("user_id") or "") or None
        log.info("Slack: signed in as %s in %s", auth.get("user"), auth.get("team"))

    async def _run_http(self, stop: asyncio.Event) -> None:
        host, port = self.config.slack_http_host, self.config.slack_http_port
        server = AsyncSlackAppServer(port=port, path=EVENTS_PATH, app=self.app, host=host)
        if self.health is not None:
            add_to_aiohttp(server.web_app, self.health)
        runner = web.AppRunner(server.web_app, access_log=None, handle_signals=False,
                               shutdown_timeout=5)
        await runner.setup()
        try:
            site = web.TCPSite(runner, host, port)
            try:
                await site.start()
            except OSError as exc:
                raise SlackStartupError(
                    f"cannot listen on {host}:{port} ({exc.strerror or exc}): choose another "
                    "SLACK_HTTP_PORT or SLACK_HTTP_HOST") from None
            bound = runner.addresses[0] if runner.addresses else (host, port)
            self.address = (str(bound[0]), int(bound[1]))
            log.info("Slack (HTTP mode): listening on http://%s:%d%s", self.address[0],
                     self.address[1], EVENTS_PATH)
            self.ready.set()
            await stop.wait()
        finally:
            await runner.cleanup()

    async def _run_socket_mode(self, stop: asyncio.Event) -> None:
        app_token = self.config.slack_app_token
        handler = AsyncSocketModeHandler(self.app, app_token, web_client=self.client,
                                         logger=logging.getLogger("hearback.slack.socket"))
        try:
            # The first WebSocket URL is asked for here, so that a wrong app token stops
            # start-up with one clear line instead of endless reconnection attempts.
            try:
                opened = await self.client.apps_connections_open(app_token=app_token or "")
            except SlackApiError as exc:
                if delivery_error(exc).permanent:
                    code = exc.response.get("error")
                    raise SlackStartupError(
                        f"Slack refused SLACK_APP_TOKEN ({code}): generate an app-level token "
                        "with the connections:write scope (Basic Information).") from None
                log.warning("apps.connections.open failed (%s); retrying", delivery_error(exc))
            except SLACK_FAILURES as exc:
                log.warning("could not reach Slack (%s); retrying", type(exc).__name__)
            else:
                handler.client.wss_uri = opened.get("url")
            connect = asyncio.create_task(handler.connect_async())  # type: ignore[no-untyped-call]
            stopping = asyncio.create_task(stop.wait())
            await asyncio.wait({connect, stopping}, return_when=asyncio.FIRST_COMPLETED)
            if connect.done():
                connect.result()
                log.info("Slack (Socket Mode): connected")
                self.ready.set()
                await stopping
            else:
                connect.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await connect
        finally:
            await handler.close_async()  # type: ignore[no-untyped-call]

