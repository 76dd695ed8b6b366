"""What arrives from Slack, read for the core: slash command texts, mentions, which conversation
is a team channel, a profile's time zone."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.adapters.slack import render
from bot.core.contract.clock import Clock
from bot.core.features import ALIASES, COMMANDS, parse_command
from bot.core.team import CHANNEL_WORDS

_MENTION_RE = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^<>]*)?>")


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


def for_the_channel(text: str) -> bool:
    """A `/hearback` text meant for the channel itself (board, share, unshare, digest, help, or
    nothing); the rest (`list`, an interview told in a sentence...) belongs in the DM."""
    if not text.strip():
        return True
    cmd = parse_command(text, in_dialog=False)
    return cmd is not None and cmd.word in CHANNEL_WORDS


def team_channel(channel: str, name: str | None = None) -> bool:
    """A channel the bot works in as a team channel: public (C…) or private (G…); not a DM
    (D…) and not a group DM (whose slash commands name it mpdm-…)."""
    return channel[:1] in ("C", "G") and not (name or "").startswith("mpdm-")


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
    """An IANA time zone name from a Slack profile, if this machine knows it; else None."""
    if not isinstance(name, str) or not name:
        return None
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None
    return name


class ZoneChecks:
    """When to read a known user's Slack profile again to follow a change of zone (they
    travelled, or changed it by hand): on their first message after start-up, then at most
    once per `every` (users.info is rate-limited: Tier 4, ~100 a minute). In memory only."""

    def __init__(self, clock: Clock, every: timedelta = timedelta(hours=1)) -> None:
        self.clock = clock
        self.every = every
        self._last: dict[str, datetime] = {}

    def due(self, user_id: str) -> bool:
        """True (and noted) when the user's profile should be read again now."""
        now = self.clock.now()
        last = self._last.get(user_id)
        if last is not None and now - last < self.every:
            return False
        self._last[user_id] = now
        return True
