"""Taking in Slack requests at least once (issue 15).

Bolt acknowledges an Events API event (HTTP 200, or the Socket Mode envelope's ack) before its
listener runs, and a slash command or a button press as soon as the listener calls `ack()`. So
a Bolt middleware, which runs before either, first writes every request that starts a turn to
the durable inbox (bot/adapters/inbox.py): a direct message, a mention, `/hearback`, a press.
A request that can't be written is answered 500, so Slack sends it again. The listener drops it
from the inbox once its replies have gone out (`Events._busy`); whatever is still there after a
crash or a stop is dispatched again through the same app at the next start.

What is kept is only what the bot reads anyway: a message in a channel that is not addressed to
the bot never reaches the inbox. Each kept request has a key: the Events API's event_id, the
trigger_id of a command or a press, or the view id of a submitted interview modal.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse

from bot.adapters.inbox import Inbox
from bot.adapters.slack import render
from bot.adapters.slack.modal import CALLBACK_ID

log = logging.getLogger("hearback.slack")

TURN_EVENTS = ("message", "app_mention")


def inbox_key(body: dict[str, Any]) -> str | None:
    """The inbox key of a request that starts a turn; None for anything else (App Home, a
    channel event, a URL check, a message the bot does not read)."""
    if body.get("type") == "event_callback":
        event = body.get("event") or {}
        kind = event.get("type")
        if kind not in TURN_EVENTS or event.get("bot_id"):
            return None
        if event.get("subtype") not in (None, "file_share"):
            return None
        if kind == "message" and event.get("channel_type") != "im":
            return None  # channel chatter: dropped unread, never kept
        event_id = body.get("event_id")
        return f"event:{event_id}" if event_id else None
    if body.get("type") == "view_submission":  # the interview modal, sent
        view = body.get("view") or {}
        if view.get("callback_id") != CALLBACK_ID or not view.get("id"):
            return None
        return f"view:{view['id']}"
    if body.get("command") or body.get("type") == "block_actions":
        if body.get("type") == "block_actions" and not any(
                str(a.get("action_id", "")).startswith(render.ACTION_PREFIX)
                for a in body.get("actions") or []):
            return None
        trigger = body.get("trigger_id")
        return f"trigger:{trigger}" if trigger else None
    return None


def turn_id(body: dict[str, Any]) -> str | None:
    """The id the engine answers once, across restarts: a message's channel and timestamp
    (Slack may redeliver a message under a new event_id; its ts stays), else the event_id, else
    a command's or press's trigger_id."""
    event = body.get("event") or {}
    if body.get("type") == "view_submission" and (body.get("view") or {}).get("id"):
        return f"view:{body['view']['id']}"  # a modal is saved once, however often it is sent
    if event.get("channel") and event.get("ts"):
        return f"msg:{event['channel']}:{event['ts']}"
    if body.get("event_id"):
        return str(body["event_id"])
    if body.get("trigger_id"):
        return f"trigger:{body['trigger_id']}"
    return None


class Inflow:
    """The adapter's inbox side (a base of `Events`)."""

    inbox: Inbox
    # Called with a request's inbox key once it has been answered (tests wait on it).
    on_done: Callable[[str], None] | None

    async def _keep_first(self, body: dict[str, Any],
                          next: Callable[[], Awaitable[BoltResponse | None]],
                          ) -> BoltResponse | None:
        """Bolt middleware: a request that starts a turn goes to the inbox before Slack is
        told it arrived. Bolt passes `next` by that name."""
        key = inbox_key(body)
        if key is not None:
            try:
                await asyncio.to_thread(self.inbox.add, key, body)
            except OSError as exc:
                log.error("Slack: a request could not be kept (%s); Slack will send it again",
                          exc.strerror or exc)
                return BoltResponse(status=500, body="")
        return await next()

    async def _finished(self, body: dict[str, Any] | None) -> None:
        key = inbox_key(body) if body is not None else None
        if key is None:
            return
        await asyncio.to_thread(self.inbox.done, key)
        if self.on_done is not None:
            self.on_done(key)

    async def _replay(self, dispatch: Callable[[AsyncBoltRequest], Awaitable[Any]]) -> int:
        """Dispatch again what the inbox kept from before this start, in arrival order (as
        Socket Mode requests: the signature was checked when it first came)."""
        pending = self.inbox.pending()
        for entry in pending:
            await dispatch(AsyncBoltRequest(body=entry.event, mode="socket_mode"))
        if pending:
            log.info("Slack: %d request(s) received before the restart are answered now",
                     len(pending))
        return len(pending)
