"""Sending to Slack: nudges and digests for the scheduler, a turn's replies, and the Web API
calls they are made of (chat.postMessage, chat.postEphemeral, files_upload_v2, response URLs).

Where a turn's replies go is decided by `bot.adapters.delivery`; `SlackTurn` is its Slack
transport: a private reply in a channel is an ephemeral message to the writer alone.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Sequence
from pathlib import PurePath
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.webhook.async_client import AsyncWebhookClient

from bot.adapters import delivery
from bot.adapters.delivery import Failed, Failure, Kind, Origin, Target
from bot.adapters.shared_replies import SCHEDULED, ReplyPacing
from bot.adapters.slack import render
from bot.adapters.slack.channels import PLATFORM, Channels
from bot.adapters.slack.errors import (
    CHANNEL,
    GONE_ERRORS,
    SLACK_FAILURES,
    ShortRateLimitRetry,
    delivery_error,
    error_code,
)
from bot.adapters.slack.reading import known_zone
from bot.core.contract.messages import Reply
from bot.core.contract.models import User
from bot.core.contract.ports import DeliveryError
from bot.core.notices import NOT_IN_CHANNEL, POST_REMOVED, channel_left
from bot.core.team import name_of

log = logging.getLogger("hearback.slack")
# chat.delete/chat.update errors meaning the message can't be reached any more.
GONE_MESSAGE_ERRORS = frozenset({"message_not_found", "cant_update_message"}) | GONE_ERRORS


class Sending(Channels):
    """The adapter's outgoing side (a base of `SlackAdapter`)."""

    rate_retry: ShortRateLimitRetry  # the Web API client's 429 handler (SlackAdapter's)
    _reply_pacing: ReplyPacing | None = None

    @property
    def reply_pacing(self) -> ReplyPacing | None:
        """Several workers on one database: a turn's messages also draw from the shared bucket
        and any 429 (a reply's or a nudge's) holds every worker (bot/adapters/shared_replies.py);
        None with one process."""
        return self._reply_pacing

    @reply_pacing.setter
    def reply_pacing(self, pacing: ReplyPacing | None) -> None:
        self._reply_pacing = pacing
        self.rate_retry.told = pacing.throttled if pacing is not None else None

    # -- the scheduler's sender -----------------------------------------------------------------
    async def send(self, user: User, reply: Reply) -> None:
        """A nudge in the user's DM; failures raise `DeliveryError`."""
        scheduled = SCHEDULED.set(True)  # the scheduler took its token
        try:
            await self._post(user.chat_id, reply)
        except SLACK_FAILURES as exc:
            raise delivery_error(exc) from None
        finally:
            SCHEDULED.reset(scheduled)

    async def post(self, chat: str, reply: Reply) -> None:
        """A message in a channel (the weekly digest)."""
        try:
            ids = await self._post(chat, reply)
        except SLACK_FAILURES as exc:
            raise delivery_error(exc) from None
        if reply.about:  # a digest names its members: taken down when one of them deletes
            self.engine.channel_posted(PLATFORM, reply.about, chat, ids)

    async def retract(self, chat: str, ts: str) -> None:
        """Delete the bot's message `ts` in a channel (chat.delete); where Slack refuses
        (cant_delete_message), its text becomes POST_REMOVED and its blocks, buttons included,
        go (chat.update). DeliveryError(permanent=True) when it is gone already."""
        try:
            try:
                await self.client.chat_delete(channel=chat, ts=ts)
            except SlackApiError as exc:
                if error_code(exc) != "cant_delete_message":
                    raise
                await self.client.chat_update(channel=chat, ts=ts,
                                              text=render.escape(POST_REMOVED), blocks=[])
        except SLACK_FAILURES as exc:
            if error_code(exc) in GONE_MESSAGE_ERRORS:
                raise DeliveryError(f"Slack: {error_code(exc)}", permanent=True) from None
            raise delivery_error(exc) from None

    # -- a turn's replies -----------------------------------------------------------------------
    async def _deliver(self, origin: Origin, replies: Sequence[Reply], *,
                       response_url: str | None = None) -> None:
        """Each reply where it belongs (see `bot.adapters.delivery`); `response_url` (a slash
        command's or a press's) tells the writer when the bot is not in their channel."""
        await delivery.deliver(SlackTurn(self, origin, response_url), origin, replies,
                               pack_limit=render.MESSAGE_TEXT_LIMIT)

    async def _profile(self, user_id: str) -> tuple[str | None, str | None]:
        """Time zone and name from users.info (first contact, then now and then: see
        reading.ZoneChecks)."""
        try:
            info = await self.client.users_info(user=user_id)
        except SLACK_FAILURES as exc:
            log.warning("users.info for %s failed (%s); using the default time zone", user_id,
                        delivery_error(exc))
            return None, None
        member = info.get("user") or {}
        profile = member.get("profile") or {}
        name = (profile.get("display_name") or profile.get("real_name")
                or member.get("real_name") or member.get("name") or None)
        return known_zone(member.get("tz")), name

    async def _dm_channel(self, user_id: str, known: str | None = None) -> str | None:
        """The user's DM with the bot: from our records (`known`: their recorded private chat,
        looked up when not given), or opened with conversations.open."""
        known = known or self.engine.private_chat(PLATFORM, user_id)
        if known is not None and known.startswith("D"):
            return known
        try:
            opened = await self.client.conversations_open(users=user_id)
        except SLACK_FAILURES as exc:
            log.warning("could not open a DM with %s (%s)", user_id, delivery_error(exc))
            return None
        channel = (opened.get("channel") or {}).get("id")
        return str(channel) if channel else None

    # -- Web API calls --------------------------------------------------------------------------
    async def _post(self, channel: str, answer: Reply) -> list[str]:
        """Post a reply's messages, then its files; returns the messages' ts (their ids)."""
        ids: list[str] = []
        posting = CHANNEL.set(channel)  # a 429 on it holds this channel (shared pacing)
        try:
            for message in render.messages(answer):
                sent = await self.client.chat_postMessage(
                    channel=channel, text=message.text, blocks=message.blocks,
                    unfurl_links=False, unfurl_media=False)
                if sent.get("ts"):
                    ids.append(str(sent["ts"]))
        finally:
            CHANNEL.reset(posting)
        if answer.attachments:
            await self.client.files_upload_v2(
                channel=channel,
                file_uploads=[{"content": a.data, "filename": PurePath(a.filename).name,
                               "title": PurePath(a.filename).name} for a in answer.attachments])
        return ids

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
        except SLACK_FAILURES as exc:
            log.warning("Slack response_url failed (%s)", type(exc).__name__)
            return
        if sent.status_code != 200:
            log.warning("Slack response_url refused the message (%s)", sent.status_code)

    async def _attempt(self, what: str, call: Awaitable[Any]) -> Exception | None:
        """Await a Web API call made while answering someone; a failure is logged and returned,
        not raised."""
        try:
            await call
        except SLACK_FAILURES as exc:
            log.warning("Slack %s failed: %s", what, delivery_error(exc))
            return exc
        return None

    async def _safely(self, what: str, call: Awaitable[Any]) -> bool:
        """Await a Web API call made while answering someone; a failure is logged, not raised."""
        return await self._attempt(what, call) is None


class SlackTurn:
    """The delivery transport for one turn: a private reply in a channel is an ephemeral
    message; the turn's `response_url` (if any) is the way left when the bot is not in the
    channel the turn came from."""

    handle: str | None = None  # never needed: an ephemeral message always reaches the writer

    def __init__(self, adapter: Sending, origin: Origin, response_url: str | None) -> None:
        self.adapter = adapter
        self.origin = origin
        self.response_url = response_url

    async def send(self, target: Target, reply: Reply) -> Failed | None:
        if (pacing := self.adapter.reply_pacing) is not None:
            await pacing.before(target.chat)
        failed = await self._send(target, reply)
        return None if failed is None else Failed(
            Failure.GONE if error_code(failed) in GONE_ERRORS else Failure.LOST)

    async def _send(self, target: Target, reply: Reply) -> Exception | None:
        if target.kind is Kind.PRIVATE:
            failed = await self.adapter._attempt("chat.postEphemeral", self.adapter._ephemeral(
                target.chat, self.origin.user, reply))
        else:
            posted: list[str] = []

            async def post() -> None:
                posted.extend(await self.adapter._post(target.chat, reply))

            failed = await self.adapter._attempt("chat.postMessage", post())
            if failed is None and reply.about and (
                    target.kind is Kind.CHANNEL or self.origin.in_channel):
                # A post about someone in a channel: remembered so their delete takes it down.
                self.adapter.engine.channel_posted(PLATFORM, reply.about, target.chat, posted)
        return failed

    def forget(self, chat: str, why: str) -> None:
        self.adapter._channel_gone(chat)

    def left_note(self, chat: str) -> Reply:
        known = self.adapter.engine.channel(PLATFORM, chat)
        return channel_left(name_of(known) if known is not None else "that channel")

    async def not_here(self) -> None:
        if self.response_url:
            await self.adapter._respond(self.response_url, {
                "response_type": "ephemeral", "text": render.escape(NOT_IN_CHANNEL)})
