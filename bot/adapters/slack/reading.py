"""What arrives from Slack, read for the core: slash command texts, mentions, which conversation
is a team channel, a profile's time zone."""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.adapters.slack import render
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
