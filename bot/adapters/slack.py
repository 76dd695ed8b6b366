"""The Slack adapter: a slack-bolt AsyncApp in Socket Mode (SLACK_APP_TOKEN set) or HTTP mode
(Bolt's aiohttp server on SLACK_HTTP_HOST:SLACK_HTTP_PORT at /slack/events, every request's
signature checked against SLACK_SIGNING_SECRET by Bolt's request verification).

What it takes in: direct messages (message.im), the `/hearback <word> [text]` slash command,
button presses (block_actions) and App Home openings. What it sends: Block Kit messages rendered
by `slack_render` (all text escaped), files through files_upload_v2, the App Home view.

Team channels (public C…, private G…): only the bot's mentions (app_mention) and `/hearback`
used there reach the core, as `Incoming(in_channel=True)`; ordinary channel messages, if the app
is subscribed to them at all, are dropped unread. A reply marked `private` goes to the sender
alone (chat.postEphemeral), one with `to` is posted in that channel. A person leaving a channel
withdraws what they shared there; the bot being removed (or the channel deleted or archived)
withdraws everything shared there.

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
from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext
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
from slack_sdk.webhook.async_client import AsyncWebhookClient

from bot.adapters import slack_render as render
from bot.adapters.base import AdapterStartupError
from bot.config import Config
from bot.core import team
from bot.core.contract import buttons
from bot.core.contract.messages import Incoming, Reply, TextBuilder, bold, reply
from bot.core.contract.models import User, user_key
from bot.core.contract.ports import DeliveryError
from bot.core.engine import Engine
from bot.core.features import ALIASES, COMMANDS, parse_command

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
# A channel the bot cannot post in any more: what was shared there is withdrawn.
GONE_ERRORS = frozenset({"channel_not_found", "not_in_channel", "is_archived"})
# Slash commands' channel_name when it is not the channel's name.
NOT_A_NAME = frozenset({"privategroup", "directmessage"})
HOME_FOOTER = ("Write to me in the Messages tab: tell me about an interview, or type help. "
               "/hearback works in any conversation.")
NOT_IN_CHANNEL = ("I'm not in this channel, so I can't answer here. Add me with "
                  "/invite @Hearback, then try again.")

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


def error_code(exc: BaseException) -> str:
    """Slack's error code of a failed Web API call ("" for anything else)."""
    if isinstance(exc, SlackApiError) and isinstance(exc.response.data, dict):
        return str(exc.response.data.get("error") or "")
    return ""


def for_the_channel(text: str) -> bool:
    """A `/hearback` text meant for the channel itself (board, share, unshare, digest, help, or
    nothing); the rest (`list`, an interview told in a sentence...) belongs in the DM."""
    if not text.strip():
        return True
    cmd = parse_command(text, in_dialog=False)
    return cmd is not None and cmd.word in team.CHANNEL_WORDS


def team_channel(channel: str, name: str | None = None) -> bool:
    """A channel the bot works in as a team channel: public (C…) or private (G…); not a DM
    (D…) and not a group DM (whose slash commands name it mpdm-…)."""
    return channel[:1] in ("C", "G") and not (name or "").startswith("mpdm-")


_MENTION_RE = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^<>]*)?>")


def mention_text(text: str, bot_user: str | None) -> str:
    """A mention's text for the core: the bot's own mentions taken out (`<@UBOT> board` is
    `board`), everything else back to what the user typed."""
    text = text.strip()
    if bot_user:
        text = _MENTION_RE.sub(lambda m: " " if m.group(1) == bot_user else m.group(0), text)
    elif (lead := _MENTION_RE.match(text)) is not None:  # who we are is unknown: the leading
        text = text[lead.end():]                          # mention is taken to be ours
    return " ".join(render.from_slack(text).split())


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
        self.ready = asyncio.Event()  # set once the server listens / the socket is connected
        self.address: tuple[str, int] | None = None  # HTTP mode: where the server listens
        self._locks: weakref.WeakValueDictionary[str, asyncio.Lock] = \
            weakref.WeakValueDictionary()
        # (channel, message, presser) whose press is being handled: a double click is ignored
        self._pressing: set[tuple[str, str, str]] = set()
        self._titles: dict[str, str | None] = {}  # channel id -> "#name" (None: no name)
        self.bot_user_id: str | None = None  # from auth.test at start-up
        self._inflight = 0
        self._idle = asyncio.Event()
        self._idle.set()

    # -- the scheduler's sender -----------------------------------------------------------------
    async def send(self, user: User, reply: Reply) -> None:
        try:
            await self._post(user.chat_id, reply)
        except (SlackClientError, aiohttp.ClientError, OSError) as exc:
            raise delivery_error(exc) from None

    async def post(self, chat: str, reply: Reply) -> None:
        """A message in a channel (the weekly digest)."""
        try:
            await self._post(chat, reply)
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
        self.bot_user_id = str(auth.get("user_id") or "") or None
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
        """A direct message. Edits, deletions, joins and bots' messages are not for us, and
        neither is anything said in a channel (should the app be subscribed to message.channels
        or message.groups): it is dropped here unread, never passed on, stored or logged."""
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

    async def _on_mention(self, event: dict[str, Any], body: dict[str, Any],
                          context: AsyncBoltContext) -> None:
        """`@Hearback board` in a team channel: the mention taken out, the rest to the core.
        (A DM never needs this: message.im brings it.)"""
        async with self._busy():
            channel = str(event.get("channel") or "")
            user_id = event.get("user")
            if not team_channel(channel) or not user_id or event.get("bot_id"):
                return
            if event.get("subtype") not in (None, "file_share"):
                return
            text = mention_text(str(event.get("text") or ""),
                                context.bot_user_id or self.bot_user_id)
            await self._turn(str(user_id), channel, text=text, event_id=body.get("event_id"),
                             in_channel=True, title=await self._title(channel))

    async def _on_command(self, ack: AsyncAck, command: dict[str, Any]) -> None:
        """`/hearback ...`: acknowledged at once (Slack allows 3 seconds). A team command in a
        channel is answered there (publicly, or to the sender alone when the core says so);
        anything else, anywhere, in the user's DM with the bot."""
        user_id = str(command["user_id"])
        channel_id = str(command.get("channel_id") or "")
        channel_name = str(command.get("channel_name") or "")
        text = command_text(str(command.get("text") or ""))
        if team_channel(channel_id, channel_name) and for_the_channel(text):
            await ack()
            async with self._busy():
                await self._turn(user_id, channel_id, text=text, in_channel=True,
                                 title=await self._title(channel_id, channel_name),
                                 response_url=str(command.get("response_url") or "") or None)
            return
        known = self.engine.repo.get_user(user_key(PLATFORM, user_id))
        if known is not None and known.chat_id == channel_id:
            await ack()
        else:
            await ack(text="I'll answer in our direct messages (Apps → Hearback).")
        async with self._busy():
            channel = await self._dm_channel(user_id, known)
            if channel is None:
                return
            await self._turn(user_id, channel, text=text)

    async def _on_action(self, ack: AsyncAck, body: dict[str, Any],
                         action: dict[str, Any]) -> None:
        """A button: acknowledged at once; in a DM the message loses its buttons (a line says
        which was chosen), then the core's answer is posted. In a team channel a public message
        is left as it is (everyone sees it); a message only the presser sees (ephemeral: Slack
        keeps no copy to update) is replaced through its response_url."""
        await ack()
        async with self._busy():
            user_id = str(body["user"]["id"])
            value = str(action.get("value") or "")
            container = body.get("container") or {}
            press = buttons.parse(value)
            if container.get("type") == "view":  # the App Home tab
                channel = await self._dm_channel(user_id)
                if channel is not None:
                    await self._turn(user_id, channel, button=value)
                await self.publish_home(user_id)
                return
            where = body.get("channel") or {}
            channel = str(where.get("id") or container.get("channel_id"))
            in_channel = team_channel(channel, str(where.get("name") or ""))
            mine = press is not None and buttons.may_press(press, user_id, in_channel=in_channel)
            ephemeral = bool(container.get("is_ephemeral"))
            message = body.get("message") or {}
            ts = str(container.get("message_ts") or message.get("ts") or "")
            if (channel, ts, user_id) in self._pressing:
                return  # a double click: the first press is being answered
            if not mine:
                # Someone else's button (or an unreadable one): only the presser is told, with
                # an ephemeral message, and nothing reaches the core or the conversation.
                refusal = self.engine.handle(Incoming(platform=PLATFORM, user=user_id,
                                                      chat=channel, button=value,
                                                      in_channel=in_channel))
                text = refusal[0].text if refusal else "That button isn't yours."
                await self._safely("chat.postEphemeral", self.client.chat_postEphemeral(
                    channel=channel, user=user_id, text=render.escape(text)))
                return
            self._pressing.add((channel, ts, user_id))
            try:
                label = str((action.get("text") or {}).get("text") or "")
                if ephemeral:
                    url = body.get("response_url")
                    if url:
                        await self._respond(str(url), {
                            "replace_original": True,
                            "text": "✓ " + render.escape(render.unescape(label)),
                            "blocks": render.answered(message.get("blocks") or [], label)})
                elif not in_channel and ts and message.get("blocks"):
                    await self._safely("chat.update", self.client.chat_update(
                        channel=channel, ts=ts, text=str(message.get("text") or ""),
                        blocks=render.answered(message["blocks"], label)))
                title = None
                if in_channel:
                    title = await self._title(channel, str(where.get("name") or ""))
                await self._turn(user_id, channel, button=value, in_channel=in_channel,
                                 title=title,
                                 response_url=str(body.get("response_url") or "") or None)
            finally:
                self._pressing.discard((channel, ts, user_id))

    async def _on_home_opened(self, event: dict[str, Any]) -> None:
        async with self._busy():
            if event.get("tab", "home") == "home" and event.get("user"):
                await self.publish_home(str(event["user"]))

    async def _on_member_left(self, event: dict[str, Any], context: AsyncBoltContext) -> None:
        """Someone left a channel: what they shared there is withdrawn. If it was the bot
        itself, the channel is gone for Hearback."""
        async with self._busy():
            channel, user_id = str(event.get("channel") or ""), str(event.get("user") or "")
            if not channel or not user_id:
                return
            if user_id in (context.bot_user_id, self.bot_user_id):
                self._channel_gone(channel)
            else:
                self.engine.member_left(PLATFORM, channel, user_id)

    async def _on_channel_gone(self, event: dict[str, Any]) -> None:
        """The bot was removed from a channel, or it was deleted or archived."""
        async with self._busy():
            channel = event.get("channel")
            if isinstance(channel, dict):
                channel = channel.get("id")
            if channel:
                self._channel_gone(str(channel))

    async def _on_channel_rename(self, event: dict[str, Any]) -> None:
        channel = event.get("channel") or {}
        if isinstance(channel, dict) and channel.get("id") and channel.get("name"):
            self._titles[str(channel["id"])] = f"#{channel['name']}"

    def _channel_gone(self, channel: str) -> None:
        self._titles.pop(channel, None)
        self.engine.channel_gone(PLATFORM, channel)

    async def _title(self, channel: str, name: str | None = None) -> str | None:
        """The channel's "#name" for the core: from the slash command's channel_name, else
        looked up once with conversations.info (None when Slack won't say)."""
        if name and name not in NOT_A_NAME and not name.startswith("mpdm-"):
            self._titles[channel] = f"#{name}"
            return self._titles[channel]
        if channel in self._titles:
            return self._titles[channel]
        try:
            info = await self.client.conversations_info(channel=channel)
        except (SlackClientError, aiohttp.ClientError, OSError) as exc:
            error = delivery_error(exc)
            log.warning("conversations.info for %s failed (%s)", channel, error)
            if error.permanent:  # e.g. missing_scope: asking again won't help
                self._titles[channel] = None
            return None
        data = info.get("channel") or {}
        found = data.get("name")
        title = f"#{found}" if found and not (data.get("is_mpim") or data.get("is_im")) \
            else None
        self._titles[channel] = title
        return title

    # -- one turn of the conversation -----------------------------------------------------------
    async def _turn(self, user_id: str, channel: str, *, text: str | None = None,
                    button: str | None = None, event_id: str | None = None,
                    in_channel: bool = False, title: str | None = None,
                    response_url: str | None = None) -> None:
        """Run one message through the core and deliver its replies, one user at a time so
        that replies keep their order."""
        async with self._lock(user_id):
            zone: str | None = None
            name: str | None = None
            if self.engine.repo.get_user(user_key(PLATFORM, user_id)) is None:
                zone, name = await self._profile(user_id)
            replies = self.engine.handle(Incoming(platform=PLATFORM, user=user_id, chat=channel,
                                                  text=text, button=button, display_name=name,
                                                  event_id=event_id, timezone=zone,
                                                  in_channel=in_channel, channel_title=title))
            await self._deliver(user_id, channel, replies, in_channel=in_channel,
                                response_url=response_url)

    async def _deliver(self, user_id: str, channel: str, replies: list[Reply], *,
                       in_channel: bool, response_url: str | None) -> None:
        """Each reply where it belongs: `to` another channel; `private` in a team channel to
        the sender alone (ephemeral); anything else in the conversation it answers."""
        for answer in replies:
            if answer.to is not None and answer.to != channel:
                await self._post_elsewhere(user_id, channel, answer, in_channel)
                continue
            if answer.private and in_channel:
                what, call = "chat.postEphemeral", self._ephemeral(channel, user_id, answer)
            else:
                what, call = "chat.postMessage", self._post(channel, answer)
            failed = await self._attempt(what, call)
            if failed is None:
                continue
            if in_channel and error_code(failed) in GONE_ERRORS:
                # Not (or no longer) in this channel: nothing can be shown or shared here.
                self._channel_gone(channel)
                if response_url:
                    await self._respond(response_url, {"response_type": "ephemeral",
                                                       "text": render.escape(NOT_IN_CHANNEL)})
            break

    async def _post_elsewhere(self, user_id: str, here: str, answer: Reply,
                              in_channel: bool) -> None:
        """A post in a team channel on someone's behalf (an announcement, a milestone). If the
        bot is no longer there, what was shared there is withdrawn and the person is told."""
        target = str(answer.to)
        failed = await self._attempt("chat.postMessage", self._post(target, answer))
        if failed is not None and error_code(failed) in GONE_ERRORS:
            known = self.engine.repo.get_channel(user_key(PLATFORM, target))
            where = team.name_of(known) if known is not None else "that channel"
            self._channel_gone(target)
            note = reply(f"I couldn't post in {where}: I'm not in it any more, so nothing of "
                         "yours is shared there now. Add me again with /invite @Hearback to "
                         "share there.", private=True)
            await self._deliver(user_id, here, [note], in_channel=in_channel, response_url=None)

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

    async def _ephemeral(self, channel: str, user_id: str, answer: Reply) -> None:
        """A message in a channel that only `user_id` sees (buttons included). Files are never
        part of a channel answer; the core keeps them to private chats."""
        for message in render.messages(answer):
            await self.client.chat_postEphemeral(channel=channel, user=user_id,
                                                 text=message.text, blocks=message.blocks)

    async def _respond(self, url: str, message: dict[str, Any]) -> None:
        """A message through an interaction's response_url (failures are logged, never the
        URL: it works as a credential for half an hour)."""
        try:
            sent = await AsyncWebhookClient(url=url).send_dict(message)
        except (SlackClientError, aiohttp.ClientError, OSError) as exc:
            log.warning("Slack response_url failed (%s)", type(exc).__name__)
            return
        if sent.status_code != 200:
            log.warning("Slack response_url refused the message (%s)", sent.status_code)

    async def _attempt(self, what: str, call: Awaitable[Any]) -> Exception | None:
        """Await a Web API call made while answering someone; a failure is logged and returned,
        not raised."""
        try:
            await call
        except (SlackClientError, aiohttp.ClientError, OSError) as exc:
            log.warning("Slack %s failed: %s", what, delivery_error(exc))
            return exc
        return None

    async def _safely(self, what: str, call: Awaitable[Any]) -> bool:
        """Await a Web API call made while answering someone; a failure is logged, not raised."""
        return await self._attempt(what, call) is None

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
        """The Home tab: the person's own overview, then the board of each team channel they
        share into (the same board the channel gets)."""
        boards = [board for _, board in self.engine.boards(PLATFORM, user_id)]
        view = render.home_view(self.home_reply(user_id), HOME_FOOTER, boards=boards)
        await self._safely("views.publish", self.client.views_publish(user_id=user_id, view=view))
