"""Slack channels as team channels: their "#name" for the core, and forgetting a channel the bot
is no longer in (what was shared there is withdrawn)."""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters.slack.errors import SLACK_FAILURES, delivery_error
from bot.core.engine import Engine

PLATFORM = "slack"
# Slash commands' channel_name when it is not the channel's name.
NOT_A_NAME = frozenset({"privategroup", "directmessage"})

log = logging.getLogger("hearback.slack")


class Channels:
    """Channel names and departures (a base of `SlackAdapter`, which sets these attributes)."""

    engine: Engine
    client: AsyncWebClient
    _titles: dict[str, str | None]  # channel id -> "#name" (None: no name)

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
        except SLACK_FAILURES as exc:
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
