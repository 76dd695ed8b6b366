"""The Slack adapter: a slack-bolt AsyncApp in Socket Mode (SLACK_APP_TOKEN set) or HTTP mode
(Bolt's aiohttp server on SLACK_HTTP_HOST:SLACK_HTTP_PORT at /slack/events, every request's
signature checked against SLACK_SIGNING_SECRET by Bolt's request verification).

What it takes in: direct messages (message.im), the `/hearback <word> [text]` slash command,
button presses (block_actions) and App Home openings. What it sends: Block Kit messages rendered
by `slack_render` (all text escaped), files through files_upload_v2, the App Home view.

Slack redelivers an event it thinks we missed (same event_id, `X-Slack-Retry-Num` set): the
event_id goes to the engine, which answers an id once, across restarts.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import weakref
from collections.abc import AsyncIterator, Awaitable, Mapping
from pathlib import PurePath
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import aiohttp
from aiohttp import web
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.app.async_server import AsyncSlackAppServer
from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
)
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState
from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters import slack_render as render
from bot.adapters.base import AdapterStartupError, DeliveryError
from bot.config import Config
from bot.core import buttons
from bot.core.engine import Engine
from bot.core.intents import ALIASES, COMMANDS
from bot.core.messages import Incoming, Reply, TextBuilder, bold, reply
from bot.core.models import User, user_key

PLATFORM = "slack"
COMMAND = "/hearback"
EVENTS_PATH = "/slack/events"  # Bolt's default path: events, commands and actions
# Slack answers 429 with Retry-After. Short waits are sat out by slack_sdk's retry handler
# right here; a longer one goes back to the caller (the scheduler re-times the nudge).
SHORT_RATE_LIMIT_WAIT = 5.0
RATE_LIMIT_DEFAULT = 30.0
# Errors after which retrying cannot help until someone acts (the user left, the app was
# removed or its token revoked): the scheduler pauses that user's nudges.
PERMANENT_ERRORS = frozenset({
    "channel_not_found", "not_in_channel", "is_archived", "account_inactive", "user_not_found",
    "user_disabled", "cannot_dm_bot", "invalid_auth", "not_authed", "token_revoked",
    "token_expired", "app_uninstalled", "team_access_not_granted", "team_not_found",
    "ekm_access_denied", "restricted_action", "no_permission", "missing_scope",
})
HOME_FOOTER = ("Write to me in the Messages tab: tell me about an interview, or type help. "
               "/hearback works in any conversation.")

log = logging.getLogger("hearback.slack")
BOLT_LOGGER = "hearback.slack.bolt"


class SlackStartupError(AdapterStartupError):
    """Slack refused the bot token at start-up (the message names the error, not the token)."""


class ShortRateLimitRetry(AsyncRateLimitErrorRetryHandler):
    """slack_sdk's 429 handler (waits Retry-After, then tries again), limited to short waits."""

    def __init__(self, max_wait: float = SHORT_RATE_LIMIT_WAIT, max_retry_count: int = 1) -> None:
        super().__init__(max_retry_count=max_retry_count)
        self.max_wait = max_wait

    async def _can_retry_async(self, *, state: RetryState, request: HttpRequest,
                               response: HttpResponse | None = None,
                               error: Exception | None = None) -> bool:
        if response is None or response.status_code != 429:
            return False
        return retry_after(response.headers) <= self.max_wait


def retry_after(headers: Mapping[str, Any] | None) -> float:
    """Seconds from a Retry-After header (a plain dict, a dict of lists or aiohttp's headers)."""
    for name, value in (headers or {}).items():
        if name.lower() == "retry-after":
            raw = value[0] if isinstance(value, list) and value else value
            try:
                return max(0.0, float(raw))
            except (TypeError, ValueError):
                break
    return RATE_LIMIT_DEFAULT


def delivery_error(exc: SlackClientError | aiohttp.ClientError | OSError) -> DeliveryError:
    """What the scheduler should do about a failed send. Only Slack's error code is kept."""
    if not isinstance(exc, SlackApiError):
        return DeliveryError(f"could not reach Slack ({type(exc).__name__})")
    data = exc.response.data if isinstance(exc.response.data, dict) else {}
    error = str(data.get("error") or "")
    if exc.response.status_code == 429 or error == "ratelimited":
        wait = retry_after(exc.response.headers)
        return DeliveryError(f"Slack rate limit, retry after {wait:g}s", retry_after=wait)
    if error in PERMANENT_ERRORS:
        return DeliveryError(f"Slack refused the message: {error}", permanent=True)
    return DeliveryError(f"Slack error: {error or exc.response.status_code}")


def command_text(text: str) -> str:
    """`/hearback word rest` is the core's `/word rest`; bare `/hearback` is help; anything
    else (`/hearback I had an interview at Acme`) is free text."""
    text = render.from_slack(text).strip()
    if not text:
        return "/help"
    word, _, rest = text.partition(" ")
    bare = word.lower().lstrip("/")
    if bare in COMMANDS or bare in ALIASES:
        return f"/{bare} {rest.strip()}".rstrip()
    return text


def known_zone(name: object) -> str | None:
    if not isinstance(name, str) or not name:
        return None
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None
    return name


class SlackAdapter:
    platform = PLATFORM
    # chat.postMessage allows about one message per second per channel; nudges stay at that.
    nudges_per_second: float | None = 1.0

    def __init__(self, config: Config, engine: Engine) -> None:
        if not config.slack_bot_token:
            raise ValueError("SLACK_BOT_TOKEN is not set")
        if not config.slack_app_token and not config.slack_signing_secret:
            raise ValueError("HTTP mode needs SLACK_SIGNING_SECRET (or set SLACK_APP_TOKEN for "
                             "Socket Mode)")
        self.config = config
        self.engine = engine
        retry_handlers: list[AsyncRetryHandler] = [AsyncConnectionErrorRetryHandler(),
                                                   ShortRateLimitRetry()]
        self.client = AsyncWebClient(token=config.slack_bot_token, base_url=config.slack_api_url,
                                     retry_handlers=retry_handlers,
                                     logger=logging.getLogger("hearback.slack.api"))
        # Bolt sets the level of the logger named after the app from its own: named "hearback",
        # it silenced every hearback.* INFO line (pauses, recoveries). Its own logger is safe.
        self.app = AsyncApp(client=self.client, signing_secret=config.slack_signing_secret or "",
                            name=BOLT_LOGGER, logger=logging.getLogger(BOLT_LOGGER))
        self.app.event("message")(self._on_message)
        self.app.event("app_home_opened")(self._on_home_opened)
        self.app.command(COMMAND)(self._on_command)
        self.app.action(re.compile("^" + re.escape(render.ACTION_PREFIX)))(self._on_action)
        self.ready = asyncio.Event()  # set once the server listens / the socket is connected
        self.address: tuple[str, int] | None = None  # HTTP mode: where the server listens
        self._locks: weakref.WeakValueDictionary[str, asyncio.Lock] = \
            weakref.WeakValueDictionary()
        self._pressing: set[tuple[str, str]] = set()  # messages whose button is being handled
        self._inflight = 0
        self._idle = asyncio.Event()
        self._idle.set()

    # -- the scheduler's sender -----------------------------------------------------------------
    async def send(self, user: User, reply: Reply) -> None:
        try:
            await self._post(user.chat_id, reply)
        except (SlackClientError, aiohttp.ClientError, OSError) as exc:
            raise delivery_error(exc) from None

    # -- running --------------------------------------------------------------------------------
    async def run(self, stop: asyncio.Event) -> None:
        await self._check_token()
        try:
            if self.config.slack_app_token:
                await self._run_socket_mode(stop)
            else:
                await self._run_http(stop)
        finally:
            # Let answers already being worked on go out before the process ends.
            with contextlib.suppress(TimeoutError):
                await self.idle(timeout=10)

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
        except (SlackClientError, aiohttp.ClientError, OSError) as exc:
            log.warning("could not reach Slack to check the token (%s); carrying on",
                        type(exc).__name__)
            return
        log.info("Slack: signed in as %s in %s", auth.get("user"), auth.get("team"))

    async def _run_http(self, stop: asyncio.Event) -> None:
        host, port = self.config.slack_http_host, self.config.slack_http_port
        server = AsyncSlackAppServer(port=port, path=EVENTS_PATH, app=self.app, host=host)
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
            except (SlackClientError, aiohttp.ClientError, OSError) as exc:
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

    # -- in-flight work -------------------------------------------------------------------------
    @contextlib.asynccontextmanager
    async def _busy(self) -> AsyncIterator[None]:
        self._inflight += 1
        self._idle.clear()
        try:
            yield
        finally:
            self._inflight -= 1
            if self._inflight == 0:
                self._idle.set()

    async def idle(self, timeout: float | None = None) -> None:
        """Wait until every event, command and press received so far has been answered."""
        for _ in range(5):  # let listeners Bolt has just scheduled start
            await asyncio.sleep(0)
        await asyncio.wait_for(self._idle.wait(), timeout)

    def _lock(self, user_id: str) -> asyncio.Lock:
        lock = self._locks.get(user_id)
        if lock is None:
            lock = asyncio.Lock()
            self._locks[user_id] = lock
        return lock

    # -- listeners ------------------------------------------------------------------------------
    async def _on_message(self, event: dict[str, Any], body: dict[str, Any]) -> None:
        """A direct message. Edits, deletions, joins and bots' messages are not for us."""
        async with self._busy():
            if event.get("channel_type") != "im" or event.get("bot_id"):
                return
            if event.get("subtype") not in (None, "file_share") or not event.get("user"):
                return
            text = render.from_slack(str(event.get("text") or ""))
            if not text.strip() and event.get("subtype") == "file_share":
                return
            await self._turn(str(event["user"]), str(event["channel"]), text=text,
                             event_id=body.get("event_id"))

    async def _on_command(self, ack: AsyncAck, command: dict[str, Any]) -> None:
        """`/hearback ...`: acknowledged at once (Slack allows 3 seconds), answered in the DM."""
        user_id = str(command["user_id"])
        known = self.engine.repo.get_user(user_key(PLATFORM, user_id))
        if known is not None and known.chat_id == command.get("channel_id"):
            await ack()
        else:
            await ack(text="I'll answer in our direct messages (Apps → Hearback).")
        async with self._busy():
            channel = await self._dm_channel(user_id, known)
            if channel is None:
                return
            await self._turn(user_id, channel, text=command_text(str(command.get("text") or "")))

    async def _on_action(self, ack: AsyncAck, body: dict[str, Any],
                         action: dict[str, Any]) -> None:
        """A button: acknowledged at once; the message loses its buttons (a line says which was
        chosen), then the core's answer is posted."""
        await ack()
        async with self._busy():
            user_id = str(body["user"]["id"])
            value = str(action.get("value") or "")
            container = body.get("container") or {}
            press = buttons.parse(value)
            mine = press is not None and press.owner == user_id
            if container.get("type") == "view":  # the App Home tab
                channel = await self._dm_channel(user_id)
                if channel is not None:
                    await self._turn(user_id, channel, button=value)
                await self.publish_home(user_id)
                return
            channel = str((body.get("channel") or {}).get("id") or container.get("channel_id"))
            message = body.get("message") or {}
            ts = str(container.get("message_ts") or message.get("ts") or "")
            if (channel, ts) in self._pressing:
                return  # a double click: the first press is being answered
            if not mine:
                # Someone else's button (or an unreadable one): only the presser is told, with
                # an ephemeral message, and nothing reaches the core or the conversation.
                refusal = self.engine.handle(Incoming(platform=PLATFORM, user=user_id,
                                                      chat=channel, button=value))
                text = refusal[0].text if refusal else "That button isn't yours."
                await self._safely("chat.postEphemeral", self.client.chat_postEphemeral(
                    channel=channel, user=user_id, text=render.escape(text)))
                return
            self._pressing.add((channel, ts))
            try:
                if ts and message.get("blocks"):
                    label = str((action.get("text") or {}).get("text") or "")
                    await self._safely("chat.update", self.client.chat_update(
                        channel=channel, ts=ts, text=str(message.get("text") or ""),
                        blocks=render.answered(message["blocks"], label)))
                await self._turn(user_id, channel, button=value)
            finally:
                self._pressing.discard((channel, ts))

    async def _on_home_opened(self, event: dict[str, Any]) -> None:
        async with self._busy():
            if event.get("tab", "home") == "home" and event.get("user"):
                await self.publish_home(str(event["user"]))

    # -- one turn of the conversation -----------------------------------------------------------
    async def _turn(self, user_id: str, channel: str, *, text: str | None = None,
                    button: str | None = None, event_id: str | None = None) -> None:
        """Run one message through the core and post its replies, one user at a time so that
        replies keep their order."""
        async with self._lock(user_id):
            zone: str | None = None
            name: str | None = None
            if self.engine.repo.get_user(user_key(PLATFORM, user_id)) is None:
                zone, name = await self._profile(user_id)
            replies = self.engine.handle(Incoming(platform=PLATFORM, user=user_id, chat=channel,
                                                  text=text, button=button, display_name=name,
                                                  event_id=event_id, timezone=zone))
            for answer in replies:
                if not await self._safely("chat.postMessage", self._post(channel, answer)):
                    break

    async def _profile(self, user_id: str) -> tuple[str | None, str | None]:
        """Time zone and name from users.info (first contact only)."""
        try:
            info = await self.client.users_info(user=user_id)
        except (SlackClientError, aiohttp.ClientError, OSError) as exc:
            log.warning("users.info for %s failed (%s); using the default time zone", user_id,
                        delivery_error(exc))
            return None, None
        member = info.get("user") or {}
        profile = member.get("profile") or {}
        name = (profile.get("display_name") or profile.get("real_name")
                or member.get("real_name") or member.get("name") or None)
        return known_zone(member.get("tz")), name

    async def _dm_channel(self, user_id: str, known: User | None = None) -> str | None:
        """The user's DM with the bot: from our records, or opened with conversations.open."""
        known = known or self.engine.repo.get_user(user_key(PLATFORM, user_id))
        if known is not None and known.chat_id.startswith("D"):
            return known.chat_id
        try:
            opened = await self.client.conversations_open(users=user_id)
        except (SlackClientError, aiohttp.ClientError, OSError) as exc:
            log.warning("could not open a DM with %s (%s)", user_id, delivery_error(exc))
            return None
        channel = (opened.get("channel") or {}).get("id")
        return str(channel) if channel else None

    async def _post(self, channel: str, answer: Reply) -> None:
        for message in render.messages(answer):
            await self.client.chat_postMessage(channel=channel, text=message.text,
                                               blocks=message.blocks, unfurl_links=False,
                                               unfurl_media=False)
        if answer.attachments:
            await self.client.files_upload_v2(
                channel=channel,
                file_uploads=[{"content": a.data, "filename": PurePath(a.filename).name,
                               "title": PurePath(a.filename).name} for a in answer.attachments])

    async def _safely(self, what: str, call: Awaitable[Any]) -> bool:
        """Await a Web API call made while answering someone; a failure is logged, not raised."""
        try:
            await call
        except (SlackClientError, aiohttp.ClientError, OSError) as exc:
            log.warning("Slack %s failed: %s", what, delivery_error(exc))
            return False
        return True

    # -- App Home -------------------------------------------------------------------------------
    def home_reply(self, user_id: str) -> Reply:
        """What the Home tab shows: the user's interviews and next steps (the core's list view;
        no drafts, notes or contact details), or a short introduction."""
        overview = self.engine.overview(PLATFORM, user_id)
        if overview is None:
            t = TextBuilder()
            t.line(bold("Your follow-up coach after job interviews."))
            t.line("Tell me about an interview and I'll plan your thank-you, when to ask HR, "
                   "and when to call — then remind you at the right times.")
            return reply(t, buttons=[[buttons.make("Log an interview", "cmd", user_id,
                                                   arg="interview")]])
        return overview

    async def publish_home(self, user_id: str) -> None:
        view = render.home_view(self.home_reply(user_id), HOME_FOOTER)
        await self._safely("views.publish", self.client.views_publish(user_id=user_id, view=view))
