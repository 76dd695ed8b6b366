"""A fake Slack for tests, all on 127.0.0.1: the Web API (every call recorded), the file upload
URLs files_upload_v2 posts to, and a Socket Mode WebSocket; plus a client that sends Bolt signed
requests the way Slack does (events as JSON, slash commands and button presses as forms).

Nothing here sleeps to wait: tests wait on the recorded calls (`wait_for`), and the adapter's
own `idle()` says when everything received so far has been answered.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import itertools
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import aiohttp
from aiohttp import web

TIMEOUT = 10.0
BOT_USER = "UBOT"
TEAM = "T0001"


@dataclass
class Call:
    method: str
    args: dict[str, Any]
    authorization: str = ""
    result: dict[str, Any] = field(default_factory=dict)  # what the fake answered

    @property
    def blocks(self) -> list[dict[str, Any]]:
        blocks = self.args.get("blocks") or []
        return json.loads(blocks) if isinstance(blocks, str) else list(blocks)

    @property
    def view(self) -> dict[str, Any]:
        view = self.args.get("view") or {}
        return json.loads(view) if isinstance(view, str) else dict(view)

    @property
    def texts(self) -> list[str]:
        """Every mrkdwn/plain text a message or view carries, the fallback `text` first."""
        out = [str(self.args["text"])] if self.args.get("text") else []
        out.extend(block_texts(self.blocks or self.view.get("blocks") or []))
        return out

    @property
    def text(self) -> str:
        """The message's section texts joined (what the user reads)."""
        return "\n".join(b["text"]["text"] for b in (self.blocks or self.view.get("blocks", []))
                         if b.get("type") == "section")

    @property
    def buttons(self) -> list[dict[str, Any]]:
        return [e for b in (self.blocks or self.view.get("blocks", []))
                if b.get("type") == "actions" for e in b["elements"] if e["type"] == "button"]

    @property
    def labels(self) -> list[str]:
        return [str(b["text"]["text"]) for b in self.buttons]


def block_texts(blocks: list[dict[str, Any]]) -> list[str]:
    out: list[str] = []
    for b in blocks:
        if isinstance(b.get("text"), dict):
            out.append(str(b["text"]["text"]))
        for e in b.get("elements", []):
            if isinstance(e.get("text"), dict):
                out.append(str(e["text"]["text"]))
            elif isinstance(e.get("text"), str):
                out.append(e["text"])
    return out


@dataclass
class Failure:
    status: int
    body: dict[str, Any]
    headers: dict[str, str]
    times: int
    delay: float = 0.0  # answer only after this long (longer than the client waits: a timeout)
    reset: bool = False  # drop the connection without an answer
    channel: str | None = None  # only calls for this channel fail (None: any call)


@dataclass
class FakeSlack:
    users: dict[str, dict[str, Any]] = field(default_factory=dict)
    default_tz: str = "Europe/London"
    calls: list[Call] = field(default_factory=list)
    uploads: dict[str, bytes] = field(default_factory=dict)
    socket_acks: list[dict[str, Any]] = field(default_factory=list)
    failures: dict[str, list[Failure]] = field(default_factory=dict)
    holds: dict[str, asyncio.Event] = field(default_factory=dict)
    auth_error: str | None = None
    # conversations.info answers: channel id -> fields (e.g. {"name": "job-hunt"}).
    channels: dict[str, dict[str, Any]] = field(default_factory=dict)
    # What each channel shows: (channel, ts) -> the message's current arguments (text, blocks);
    # chat.delete removes one, chat.update changes it. `undeletable`: chat.delete answers
    # cant_delete_message for these (as for a message an admin setting protects).
    shown: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    undeletable: set[tuple[str, str]] = field(default_factory=set)

    def __post_init__(self) -> None:
        self._changed = asyncio.Condition()
        self._ts = itertools.count(1)
        self._files = itertools.count(1)
        self._runner: web.AppRunner | None = None
        self._ws: web.WebSocketResponse | None = None
        self._ws_ready = asyncio.Event()
        self.port = 0

    # -- lifecycle ------------------------------------------------------------------------------
    async def start(self) -> FakeSlack:
        app = web.Application()
        app.router.add_route("*", "/api/{method}", self._api)
        app.router.add_post("/upload/{file_id}", self._upload)
        app.router.add_get("/socket", self._socket)
        app.router.add_post("/hooks/{hook}", self._hook)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = int(self._runner.addresses[0][1])
        return self

    async def close(self) -> None:
        if self._ws is not None:
            await self._ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_url(self) -> str:
        return f"{self.base}/api/"

    def hook_url(self, hook: str = "1") -> str:
        """A response_url (slash commands, button presses) that records what is sent to it as
        a "response_url" call."""
        return f"{self.base}/hooks/{hook}"

    # -- scripting ------------------------------------------------------------------------------
    def fail(self, method: str, error: str = "ratelimited", *, status: int = 200,
             headers: dict[str, str] | None = None, times: int = 1, delay: float = 0.0,
             reset: bool = False, channel: str | None = None) -> None:
        """The next `times` calls to `method` (for `channel`, if given) fail this way."""
        self.failures.setdefault(method, []).append(
            Failure(status, {"ok": False, "error": error}, headers or {}, times, delay, reset,
                    channel))

    def rate_limit(self, method: str, retry_after: int, times: int = 1) -> None:
        self.fail(method, "ratelimited", status=429, headers={"Retry-After": str(retry_after)},
                  times=times)

    def hold(self, method: str) -> asyncio.Event:
        """Calls to `method` wait until the returned event is set."""
        gate = asyncio.Event()
        self.holds[method] = gate
        return gate

    # -- reading what happened ------------------------------------------------------------------
    def calls_to(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    def posts(self, channel: str | None = None) -> list[Call]:
        return [c for c in self.calls_to("chat.postMessage")
                if channel is None or c.args.get("channel") == channel]

    def ephemerals(self, channel: str | None = None, user: str | None = None) -> list[Call]:
        return [c for c in self.calls_to("chat.postEphemeral")
                if (channel is None or c.args.get("channel") == channel)
                and (user is None or c.args.get("user") == user)]

    async def wait_until(self, check: Callable[[], bool], timeout: float = TIMEOUT) -> None:
        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(check), timeout)

    async def wait_for(self, method: str, count: int = 1, timeout: float = TIMEOUT) -> list[Call]:
        await self.wait_until(lambda: len(self.calls_to(method)) >= count, timeout)
        return self.calls_to(method)

    async def _record(self, call: Call) -> None:
        async with self._changed:
            self.calls.append(call)
            self._changed.notify_all()

    # -- the Web API ----------------------------------------------------------------------------
    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        args: dict[str, Any] = dict(request.query)
        if request.content_type == "application/json":
            body = await request.json()
            args.update(body if isinstance(body, dict) else {})
        elif request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
            args.update({k: v for k, v in (await request.post()).items() if isinstance(v, str)})
        call = Call(method, args, request.headers.get("Authorization", ""))
        if (refused := self._admit(call)) is not None:
            await self._record(call)
            return refused
        queued = self.failures.get(method) or []
        failure = next((f for f in queued
                        if f.channel is None or f.channel == args.get("channel")), None)
        if failure is not None:
            failure.times -= 1
            if failure.times <= 0:
                queued.remove(failure)
            call.result = failure.body
            await self._record(call)
            if failure.reset:
                assert request.transport is not None
                request.transport.abort()  # the client sees the connection go, no answer
                return web.Response()
            if failure.delay:
                await asyncio.sleep(failure.delay)  # the server is slow; the test never waits
            return web.json_response(failure.body, status=failure.status,
                                     headers=failure.headers)
        call.result = self._answer(method, args)
        await self._record(call)
        if (gate := self.holds.get(method)) is not None:
            await gate.wait()
        return web.json_response(call.result)

    def _admit(self, call: Call) -> web.Response | None:
        """A subclass's say on a request before it is handled (e.g. a rate limit's 429; set
        `call.result` to what it answers)."""
        return None

    def _answer(self, method: str, args: dict[str, Any]) -> dict[str, Any]:
        ok: dict[str, Any] = {"ok": True}
        if method == "auth.test":
            if self.auth_error:
                return {"ok": False, "error": self.auth_error}
            return ok | {"url": "https://test.slack.com/", "team": "Test Team", "user": "hearback",
                         "team_id": TEAM, "user_id": BOT_USER, "bot_id": "BBOT"}
        if method == "users.info":
            uid = str(args.get("user"))
            person = {"id": uid, "name": uid.lower(), "real_name": f"Person {uid}",
                      "tz": self.default_tz, "profile": {"display_name": f"person-{uid}"}}
            person.update(self.users.get(uid, {}))
            return ok | {"user": person}
        if method == "conversations.open":
            return ok | {"channel": {"id": "D" + str(args.get("users"))}}
        if method == "chat.postMessage":
            ts = f"1700000000.{next(self._ts):06d}"
            self.shown[(str(args.get("channel")), ts)] = dict(args)
            return ok | {"channel": args.get("channel"), "ts": ts,
                         "message": {"text": args.get("text"), "ts": ts}}
        if method == "chat.postEphemeral":
            return ok | {"message_ts": f"1700000000.{next(self._ts):06d}"}
        if method == "conversations.info":
            cid = str(args.get("channel"))
            channel = {"id": cid, "name": cid.lower(), "is_channel": cid.startswith("C"),
                       "is_group": cid.startswith("G"), "is_private": cid.startswith("G"),
                       "is_im": False, "is_mpim": False, "is_member": True}
            channel.update(self.channels.get(cid, {}))
            return ok | {"channel": channel}
        if method in ("chat.update", "chat.delete"):
            key = (str(args.get("channel")), str(args.get("ts")))
            if method == "chat.delete" and key in self.undeletable:
                return {"ok": False, "error": "cant_delete_message"}
            if key in self.shown:
                if method == "chat.delete":
                    del self.shown[key]
                else:
                    self.shown[key] = {**self.shown[key], **args}
            elif method == "chat.delete":
                return {"ok": False, "error": "message_not_found"}
            return ok | {"channel": args.get("channel"), "ts": args.get("ts")}
        if method == "views.publish":
            return ok | {"view": {"id": "V1"}}
        if method in ("views.open", "views.update", "views.push"):
            # The view as Slack keeps it: the app's view with an id of its own.
            view = args.get("view") or {}
            view = json.loads(view) if isinstance(view, str) else dict(view)
            return ok | {"view": view | {"id": f"VM{next(self._ts)}", "hash": "h1"}}
        if method == "files.getUploadURLExternal":
            file_id = f"F{next(self._files)}"
            return ok | {"upload_url": f"{self.base}/upload/{file_id}", "file_id": file_id}
        if method == "files.completeUploadExternal":
            files = json.loads(str(args.get("files") or "[]"))
            return ok | {"files": [{"id": f["id"], "title": f.get("title")} for f in files]}
        if method == "apps.connections.open":
            return ok | {"url": f"ws://127.0.0.1:{self.port}/socket"}
        return ok

    async def _hook(self, request: web.Request) -> web.Response:
        body = await request.json()
        args = body if isinstance(body, dict) else {}
        await self._record(Call("response_url", args | {"hook": request.match_info["hook"]},
                                result={"ok": True}))
        return web.Response(text="ok")

    async def _upload(self, request: web.Request) -> web.Response:
        file_id = request.match_info["file_id"]
        self.uploads[file_id] = await request.read()
        await self._record(Call("upload", {"file_id": file_id}))
        return web.Response(text=f"OK - {len(self.uploads[file_id])}")

    # -- Socket Mode ----------------------------------------------------------------------------
    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self._ws = ws
        await ws.send_json({"type": "hello", "num_connections": 1,
                            "connection_info": {"app_id": "A1"}})
        self._ws_ready.set()
        async for msg in ws:
            if msg.type == aiohttp.WSMsgType.TEXT:
                async with self._changed:
                    self.socket_acks.append(json.loads(msg.data))
                    self._changed.notify_all()
        return ws

    async def socket_send(self, envelope: dict[str, Any]) -> None:
        await asyncio.wait_for(self._ws_ready.wait(), TIMEOUT)
        assert self._ws is not None
        await self._ws.send_json(envelope)


# -- what Slack sends to the app ----------------------------------------------------------------
def sign(secret: str, body: str, timestamp: int) -> str:
    base = f"v0:{timestamp}:{body}".encode()
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


_MESSAGE_TS: dict[str, str] = {}
_TS_SEQUENCE = itertools.count(1)


def message_ts(event_id: str) -> str:
    """The ts of the message an event is about: new for each event id, the same when an event
    is delivered again (as Slack does: a redelivery is of the same message)."""
    if event_id not in _MESSAGE_TS:
        _MESSAGE_TS[event_id] = f"{int(time.time())}.{next(_TS_SEQUENCE):06d}"
    return _MESSAGE_TS[event_id]


def message_event(user: str, text: str, *, channel: str | None = None, event_id: str,
                  **extra: Any) -> dict[str, Any]:
    ts = message_ts(event_id)
    event = {"type": "message", "channel_type": "im", "user": user, "text": text,
             "channel": channel or f"D{user}", "ts": ts, "event_ts": ts}
    event.update(extra)
    return event_callback(event, event_id)


def event_callback(event: dict[str, Any], event_id: str) -> dict[str, Any]:
    return {"token": "legacy", "team_id": TEAM, "api_app_id": "A1", "type": "event_callback",
            "event": event, "event_id": event_id, "event_time": int(time.time()),
            "authorizations": [{"team_id": TEAM, "user_id": BOT_USER, "is_bot": True}]}


def app_mention_event(user: str, text: str, *, channel: str, event_id: str,
                      **extra: Any) -> dict[str, Any]:
    """A message in a channel that mentions the bot (`text` as Slack sends it: `<@UBOT> board`)."""
    ts = message_ts(event_id)
    event = {"type": "app_mention", "user": user, "text": text, "channel": channel,
             "ts": ts, "event_ts": ts, "team": TEAM}
    event.update(extra)
    return event_callback(event, event_id)


def member_left_event(user: str, channel: str, *, event_id: str) -> dict[str, Any]:
    """`user` left `channel` (or was removed from it)."""
    return event_callback({"type": "member_left_channel", "user": user, "channel": channel,
                           "channel_type": "G" if channel.startswith("G") else "C",
                           "team": TEAM, "event_ts": f"{time.time():.6f}"}, event_id)


def channel_event(kind: str, channel: str, *, event_id: str,
                  actor: str | None = None) -> dict[str, Any]:
    """channel_left / group_left (the bot was removed), channel_deleted, channel_archive..."""
    event: dict[str, Any] = {"type": kind, "channel": channel, "event_ts": f"{time.time():.6f}"}
    if actor is not None:
        event["actor_id"] = actor
    return event_callback(event, event_id)


_TRIGGERS = itertools.count(1)


def trigger_id() -> str:
    """A new trigger_id: Slack gives every command and every press its own."""
    return f"{next(_TRIGGERS)}.{int(time.time())}.0fa1"


def command_form(user: str, text: str, channel: str = "C0GENERAL", *,
                 channel_name: str = "general",
                 response_url: str = "https://hooks.slack.invalid/commands/1") -> dict[str, str]:
    return {"token": "legacy", "team_id": TEAM, "team_domain": "test", "channel_id": channel,
            "channel_name": channel_name, "user_id": user, "user_name": user.lower(),
            "command": "/hearback", "text": text, "api_app_id": "A1",
            "response_url": response_url, "trigger_id": trigger_id()}


def ephemeral_block_actions(user: str, posted: Call, label: str, *, response_url: str,
                            channel_name: str = "general") -> dict[str, Any]:
    """Pressing the button `label` of an ephemeral message (chat.postEphemeral): Slack keeps no
    copy of it, so the payload has no `message`, only the container and a response_url."""
    button = next(b for b in posted.buttons if b["text"]["text"] == label)
    channel = str(posted.args["channel"])
    ts = str(posted.result["message_ts"])
    return {
        "type": "block_actions", "team": {"id": TEAM}, "user": {"id": user, "team_id": TEAM},
        "api_app_id": "A1", "trigger_id": trigger_id(), "response_url": response_url,
        "container": {"type": "message", "message_ts": ts, "channel_id": channel,
                      "is_ephemeral": True},
        "channel": {"id": channel, "name": channel_name},
        "actions": [{"type": "button", "action_id": button["action_id"],
                     "block_id": "b1", "text": button["text"], "value": button["value"],
                     "action_ts": f"{time.time():.6f}"}],
    }


def block_actions(user: str, posted: Call, label: str, *,
                  channel_name: str = "directmessage") -> dict[str, Any]:
    """Pressing the button `label` of a message the app posted (Slack echoes the message)."""
    button = next(b for b in posted.buttons if b["text"]["text"] == label)
    channel = str(posted.args["channel"])
    ts = str(posted.result["ts"])
    return {
        "type": "block_actions", "team": {"id": TEAM}, "user": {"id": user, "team_id": TEAM},
        "api_app_id": "A1", "trigger_id": trigger_id(),
        "container": {"type": "message", "message_ts": ts, "channel_id": channel,
                      "is_ephemeral": False},
        "channel": {"id": channel, "name": channel_name},
        "message": {"type": "message", "user": BOT_USER, "ts": ts, "text": posted.args["text"],
                    "blocks": posted.blocks},
        "actions": [{"type": "button", "action_id": button["action_id"],
                     "block_id": "b1", "text": button["text"], "value": button["value"],
                     "action_ts": f"{time.time():.6f}"}],
    }


class SlackSender:
    """Posts requests to the app's /slack/events the way Slack does, signed unless told not to."""

    def __init__(self, url: str, secret: str) -> None:
        self.url = url
        self.secret = secret

    async def post(self, body: str, content_type: str, *, timestamp: int | None = None,
                   signature: str | None = None, signed: bool = True,
                   headers: dict[str, str] | None = None) -> tuple[int, str]:
        ts = int(time.time()) if timestamp is None else timestamp
        sent = {"Content-Type": content_type}
        if signed:
            sent["X-Slack-Request-Timestamp"] = str(ts)
            sent["X-Slack-Signature"] = signature or sign(self.secret, body, ts)
        sent.update(headers or {})
        async with aiohttp.ClientSession() as session, session.post(
            self.url, data=body.encode(), headers=sent,
            timeout=aiohttp.ClientTimeout(total=TIMEOUT),
        ) as resp:
            return resp.status, await resp.text()

    async def event(self, payload: dict[str, Any], **kwargs: Any) -> tuple[int, str]:
        return await self.post(json.dumps(payload), "application/json", **kwargs)

    async def form(self, form: dict[str, str], **kwargs: Any) -> tuple[int, str]:
        return await self.post(urlencode(form), "application/x-www-form-urlencoded", **kwargs)

    async def command(self, user: str, text: str, channel: str = "C0GENERAL",
                      **kwargs: str) -> tuple[int, str]:
        return await self.form(command_form(user, text, channel, **kwargs))

    async def action(self, payload: dict[str, Any]) -> tuple[int, str]:
        return await self.form({"payload": json.dumps(payload)})
