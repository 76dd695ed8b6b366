"""The weekly digest: a channel's board posted on a day and hour the channel chooses
(`digest monday 9`, in the channel's own time zone), and when the next one is due."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.core.account.settings import find_timezone
from bot.core.contract.context import Ctx
from bot.core.contract.messages import Reply, reply
from bot.core.contract.models import Channel
from bot.core.contract.ports import Repository
from bot.core.language.wording import command_as_typed as cmd
from bot.core.plan.planner import at_local, local_day
from bot.core.team import board
from bot.core.team.channels import Here

DAYS = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
DIGEST_RE = re.compile(r"^(mon|tue|wed|thu|fri|sat|sun)[a-z]*\s+(?:at\s+)?(\d{1,2})(?::00)?"
                       r"\s*(am|pm)?(?:\s+(.+))?$", re.IGNORECASE)


def digest_command(here: Here, channel: Channel, rest: str) -> Reply:
    """`digest` in a channel: show the setting, `off`, or a weekly day and hour (`monday 9`,
    `fri 4pm`, optionally a time zone for the channel: `monday 9 Berlin`)."""
    text = " ".join(rest.lower().split())
    if text in ("off", "stop", "none", "no"):
        channel.digest_day, channel.next_digest_at = None, None
        here.repo.save_channel(channel)
        return reply(f"Weekly digest off. Type {cmd(channel.platform, 'board')} any time to see "
                     "where everyone stands.")
    m = DIGEST_RE.match(text)
    if text and m is None:
        return reply(f"I didn't catch that. Try {cmd(channel.platform, 'digest monday 9')}, "
                     f"{cmd(channel.platform, 'digest fri 4pm')} or "
                     f"{cmd(channel.platform, 'digest off')}.")
    if m is not None:
        hour = int(m.group(2))
        if m.group(3):
            if not 1 <= hour <= 12:
                return reply("That hour doesn't look right: try digest monday 9am or "
                             "digest monday 16.")
            hour = hour % 12 + (12 if m.group(3).lower() == "pm" else 0)
        if hour > 23:
            return reply("Hours go from 0 to 23: try digest monday 9 or digest friday 16.")
        if m.group(4):  # "digest monday 9 Berlin": the channel's zone (never a member's own)
            zone = find_timezone(m.group(4))
            if zone is None:
                return reply(f"I don't know the time zone “{m.group(4)[:40]}”. Try a city "
                             f"(Berlin) or a zone name (Europe/Berlin): "
                             f"{cmd(channel.platform, 'digest monday 9 Berlin')}.")
            channel.digest_tz = zone
        channel.digest_day, channel.digest_hour = DAYS[m.group(1).lower()], hour
        channel.next_digest_at = next_digest(channel, here.now)
        here.repo.save_channel(channel)
        return reply(f"Weekly digest on: I'll post the board here every "
                     f"{_when(channel)}. Type {cmd(channel.platform, 'digest off')} to stop it.")
    if channel.digest_day is None:
        return reply(f"The weekly digest is off. Type {cmd(channel.platform, 'digest monday 9')}"
                     " to have the board posted "
                     "here every Monday at 09:00 (any day and hour works).")
    return reply(f"The weekly digest is posted every {_when(channel)}. Type "
                 f"{cmd(channel.platform, 'digest off')} to stop it, or "
                 f"{cmd(channel.platform, 'digest friday 16')} to move it.")


def _when(channel: Channel) -> str:
    day = DAY_NAMES[channel.digest_day or 0]
    return f"{day} at {channel.digest_hour:02d}:00 ({channel.digest_tz})"


def next_digest(channel: Channel, after: datetime) -> datetime | None:
    """The first digest slot strictly after `after` (UTC), at the hour in the channel's zone;
    None when the digest is off."""
    if channel.digest_day is None:
        return None
    tz = ZoneInfo(find_timezone(channel.digest_tz) or "UTC")
    day = local_day(after, tz)
    day += timedelta(days=(channel.digest_day - day.weekday()) % 7)
    when = at_local(day, time(channel.digest_hour), tz)
    if when <= after:
        when = at_local(day + timedelta(days=7), time(channel.digest_hour), tz)
    return when


def due_digests(repo: Repository, now: datetime) -> list[Channel]:
    """Channels whose next digest is at or before `now` (UTC)."""
    return [c for c in repo.channels()
            if c.digest_day is not None and c.next_digest_at is not None
            and c.next_digest_at <= now]


def digest_reply(repo: Repository, channel: Channel, now: datetime) -> Reply:
    """The digest post: the channel's board as it stands `now`, titled as the digest."""
    items = board.entries(repo, channel, now)
    return board.render(channel, items, now, title="Weekly digest")


def reschedule_digest(repo: Repository, channel_key: str, now: datetime, *,
                      retry_at: datetime | None = None) -> None:
    """After a digest went out: its next weekly slot after `now`; after a failure: `retry_at`."""
    channel = repo.get_channel(channel_key)
    if channel is None or channel.digest_day is None:
        return
    channel.next_digest_at = retry_at or next_digest(channel, now)
    repo.save_channel(channel)


def digest_in_private(ctx: Ctx, rest: str) -> list[Reply]:
    """`digest` in a private chat: it is set in the channel, so say how."""
    return [reply(f"The weekly digest is a channel setting: type "
                  f"{cmd(ctx.user.platform, 'digest monday 9')} (or "
                  f"{cmd(ctx.user.platform, 'digest off')}) in the team channel.")]
