"""Receiving from Slack: direct messages, mentions, `/hearback`, button presses, App Home
openings and channel departures, each turned into `Incoming` for the engine (or a withdrawal of
what was shared), one turn at a time per user so that replies keep their order.

Team channels (public C…, private G…): only the bot's mentions (app_mention) and `/hearback`
used there reach the core, as `Incoming(in_channel=True)`; ordinary channel messages, if the app
is subscribed to them at all, are dropped unread. Slack redelivers an event it thinks we missed
(same event_id, `X-Slack-Retry-Num` set): the event_id goes to the engine, which answers an id
once, across restarts, and so is a message redelivered under a new event_id (its channel and
ts are the id the engine keeps). Turns run in the core thread (bot/adapters/lanes.py), so a slow
one never holds up Bolt's acknowledgement of another request; what starts a turn is kept in the
inbox until answered (`inflow`).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncBoltContext

from bot.adapters.delivery import Origin, TurnLocks
from bot.adapters.lanes import CoreThread
from bot.adapters.slack import render
from bot.adapters.slack.channels import PLATFORM
from bot.adapters.slack.home import Home
from bot.adapters.slack.inflow import Inflow, inbox_key, turn_id
from bot.adapters.slack.reading import (
    ZoneChecks,
    command_text,
    for_the_channel,
    mention_text,
    team_channel,
)
from bot.core.contract import buttons
from bot.core.contract.forms import InterviewForm
from bot.core.contract.messages import Incoming, Reply
from bot.core.notices import ANSWER_IN_DM, NOT_YOURS


class Events(Home, Inflow):
    """Bolt's listeners (a base of `SlackAdapter`, which sets these attributes)."""

    bot_user_id: str | None  # from auth.test at start-up
    _turns: TurnLocks
    _zone_checks: ZoneChecks
    # (channel, message, presser) whose press is being handled: a double click is ignored
    _pressing: set[tuple[str, str, str]]
    _inflight: int
    _idle: asyncio.Event
    core: CoreThread

    # -- in-flight work -------------------------------------------------------------------------
    @contextlib.asynccontextmanager
    async def _busy(self, body: dict[str, Any] | None = None) -> AsyncIterator[None]:
        """Counts a request being answered; once it is (not when a stop cuts it short), the
        request `body` leaves the inbox."""
        self._inflight += 1
        self._idle.clear()
        try:
            yield
            await self._finished(body)
        finally:
            self._inflight -= 1
            if self._inflight == 0:
                self._idle.set()

    async def idle(self, timeout: float | None = None) -> None:
        """Wait until every event, command and press received so far has been answered."""
        for _ in range(5):  # let listeners Bolt has just scheduled start
            await asyncio.sleep(0)
        await asyncio.wait_for(self._idle.wait(), timeout)

    # -- one turn of the conversation -----------------------------------------------------------
    async def _turn(self, user_id: str, channel: str, *, text: str | None = None,
                    button: str | None = None, body: dict[str, Any] | None = None,
                    in_channel: bool = False, title: str | None = None,
                    response_url: str | None = None, form: InterviewForm | None = None,
                    ) -> None:
        """Run one message through the core (in the core thread) and deliver its replies, one
        user at a time so that replies keep their order. `body` is the request it came in: its
        id is answered once (`turn_id`), and its replies are kept in the inbox as the turn
        commits, so that after a crash they go out again rather than not at all."""
        async with self._turns.of(user_id):
            zone: str | None = None
            name: str | None = None
            due = self._zone_checks.due(user_id)
            if not await self.core.run(self.engine.knows, PLATFORM, user_id):
                zone, name = await self._profile(user_id)
            elif due:  # the profile again now and then: did they travel?
                zone, _ = await self._profile(user_id)
            incoming = Incoming(platform=PLATFORM, user=user_id, chat=channel, text=text,
                                button=button, display_name=name,
                                event_id=turn_id(body) if body is not None else None,
                                timezone=zone, zone_shown=True,
                                in_channel=in_channel, channel_title=title, form=form)
            replies = await self._answer(incoming, inbox_key(body) if body else None)
            await self._deliver(Origin(channel, user_id, in_channel=in_channel), replies,
                                response_url=response_url)

    async def _answer(self, incoming: Incoming, key: str | None) -> list[Reply]:
        """The engine's replies; or, for a request answered before a crash (its turn committed)
        whose replies may not all have gone out, the same replies again."""
        entry = self.inbox.get(key) if key is not None else None
        if entry is not None and entry.replies is not None and incoming.event_id is not None \
                and await self.core.run(self.engine.answered, PLATFORM, incoming.event_id):
            return entry.replies
        keep = (lambda replies: self.inbox.answered(key, replies)) if key is not None else None
        return await self.core.run(self.engine.handle, incoming, keep)

    # -- listeners ------------------------------------------------------------------------------
    async def _on_message(self, event: dict[str, Any], body: dict[str, Any]) -> None:
        """A direct message. Edits, deletions, joins and bots' messages are not for us, and
        neither is anything said in a channel (should the app be subscribed to message.channels
        or message.groups): it is dropped here unread, never passed on, stored or logged."""
        async with self._busy(body):
            if event.get("channel_type") != "im" or event.get("bot_id"):
                return
            if event.get("subtype") not in (None, "file_share") or not event.get("user"):
                return
            text = render.from_slack(str(event.get("text") or ""))
            if not text.strip() and event.get("subtype") == "file_share":
                return
            await self._turn(str(event["user"]), str(event["channel"]), text=text, body=body)

    async def _on_mention(self, event: dict[str, Any], body: dict[str, Any],
                          context: AsyncBoltContext) -> None:
        """`@Hearback board` in a team channel: the mention taken out, the rest to the core.
        (A DM never needs this: message.im brings it.)"""
        async with self._busy(body):
            channel = str(event.get("channel") or "")
            user_id = event.get("user")
            if not team_channel(channel) or not user_id or event.get("bot_id"):
                return
            if event.get("subtype") not in (None, "file_share"):
                return
            text = mention_text(str(event.get("text") or ""),
                                context.bot_user_id or self.bot_user_id)
            await self._turn(str(user_id), channel, text=text, body=body, in_channel=True,
                             title=await self._title(channel))

    async def _on_command(self, ack: AsyncAck, command: dict[str, Any],
                          body: dict[str, Any]) -> None:
        """`/hearback ...`: acknowledged at once (Slack allows 3 seconds). A team command in a
        channel is answered there (publicly, or to the sender alone when the core says so);
        anything else, anywhere, in the user's DM with the bot."""
        user_id = str(command["user_id"])
        channel_id = str(command.get("channel_id") or "")
        channel_name = str(command.get("channel_name") or "")
        text = command_text(str(command.get("text") or ""))
        if team_channel(channel_id, channel_name) and for_the_channel(text):
            await ack()
            async with self._busy(body):
                await self._turn(user_id, channel_id, text=text, in_channel=True, body=body,
                                 title=await self._title(channel_id, channel_name),
                                 response_url=str(command.get("response_url") or "") or None)
            return
        known = await self.core.run(self.engine.private_chat, PLATFORM, user_id)
        if known is not None and known == channel_id:
            await ack()
        else:
            await ack(text=ANSWER_IN_DM)
        async with self._busy(body):
            channel = await self._dm_channel(user_id, known)
            if channel is None:
                return
            await self._turn(user_id, channel, text=text, body=body)

    async def _on_action(self, ack: AsyncAck, body: dict[str, Any],
                         action: dict[str, Any]) -> None:
        """A button: acknowledged at once; in a DM the message loses its buttons (a line says
        which was chosen), then the core's answer is posted. In a team channel a public message
        is left as it is (everyone sees it); a message only the presser sees (ephemeral: Slack
        keeps no copy to update) is replaced through its response_url."""
        await ack()
        async with self._busy(body):
            user_id = str(body["user"]["id"])
            value = str(action.get("value") or "")
            container = body.get("container") or {}
            press = buttons.parse(value)
            if container.get("type") == "view":  # the App Home tab
                channel = await self._dm_channel(user_id)
                if channel is not None:
                    await self._turn(user_id, channel, button=value, body=body)
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
                refusal = await self.core.run(self.engine.handle, Incoming(
                    platform=PLATFORM, user=user_id, chat=channel, button=value,
                    in_channel=in_channel))
                text = refusal[0].text if refusal else NOT_YOURS
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
                                 title=title, body=body,
                                 response_url=str(body.get("response_url") or "") or None)
            finally:
                self._pressing.discard((channel, ts, user_id))

    async def _on_home_opened(self, event: dict[str, Any]) -> None:
        async with self._busy():
            if event.get("tab", "home") == "home" and event.get("user"):
                user_id = str(event["user"])
                await self.publish_home(user_id)
                await self._follow_zone(user_id)

    async def _follow_zone(self, user_id: str) -> None:
        """App Home opened: now and then the profile is read again, and a changed zone is
        offered in the user's DM (as when they write)."""
        if not await self.core.run(self.engine.knows, PLATFORM, user_id) or \
                not self._zone_checks.due(user_id):
            return
        zone, _ = await self._profile(user_id)
        replies = await self.core.run(self.engine.zone_reported, PLATFORM, user_id, zone) \
            if zone else []
        channel = await self._dm_channel(user_id) if replies else None
        if channel is not None:
            await self._deliver(Origin(channel, user_id), replies)

    async def _on_member_left(self, event: dict[str, Any], context: AsyncBoltContext) -> None:
        """Someone left a channel: what they shared there is withdrawn. If it was the bot
        itself, the channel is gone for Hearback."""
        async with self._busy():
            channel, user_id = str(event.get("channel") or ""), str(event.get("user") or "")
            if not channel or not user_id:
                return
            if user_id in (context.bot_user_id, self.bot_user_id):
                await self.core.run(self._channel_gone, channel)
            else:
                await self.core.run(self.engine.member_left, PLATFORM, channel, user_id)

    async def _on_channel_gone(self, event: dict[str, Any]) -> None:
        """The bot was removed from a channel, or it was deleted or archived."""
        async with self._busy():
            channel = event.get("channel")
            if isinstance(channel, dict):
                channel = channel.get("id")
            if channel:
                await self.core.run(self._channel_gone, str(channel))
