"""A team channel's board: every interview its members chose to share, grouped by person and
sorted by the next step, in one message that stays readable at 50 entries.

Only the shared fields ever reach a board: the person's display name, company, role, stage, days
waiting and the next step's date. Interviewer names and contacts, notes, drafts, decision
details and profile fields are never read here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.core.account.settings import find_timezone
from bot.core.contract.context import Ctx
from bot.core.contract.messages import Part, Reply, TextBuilder, bold, instant, italic, reply
from bot.core.contract.models import Channel, Interview, Share, User
from bot.core.contract.ports import Repository
from bot.core.language.dates import fmt_day
from bot.core.language.wording import command_as_typed
from bot.core.plan.kinds import CALL_PROMPT, STEP_KINDS
from bot.core.plan.planner import local_day
from bot.core.team.channels import my_channels, no_channel_text, share_in

# Characters of a company / role shown; at 50 entries the board shrinks them to fit one message
# (Telegram allows 4096 characters, counted after markup).
WIDTHS = ((26, 22, 40), (18, 0, 32), (12, 0, 24))  # company, role, person name
BUDGET = 3500
MAX_ENTRIES = 80


@dataclass(frozen=True)
class Entry:
    person_key: str
    person: str
    company: str
    role: str
    stage: str
    days: int
    next_day: date | None
    next_at: datetime | None = None  # the instant of that step (UTC), shown per reader on Slack


def display_name(user: User) -> str:
    # The platform's name only: the profile's full name signs drafts and stays private.
    return (user.display_name or "").strip() or "Someone"


def _tz(user: User) -> ZoneInfo:
    return ZoneInfo(find_timezone(user.timezone) or "UTC")


def shows(iv: Interview, share: Share) -> bool:
    """An interview is on the board while open, after an offer, and when it closed otherwise
    only if its owner chose to have closings shown."""
    if not share.covers(iv.id):
        return False
    if iv.status == "waiting" or iv.outcome == "selected":
        return True
    return "closed" in share.milestones


def stage(repo: Repository, iv: Interview) -> str:
    """Where it stands, in words that reveal nothing beyond the shared fields."""
    if iv.status != "waiting":
        return "offer 🎉" if iv.outcome == "selected" else "closed"
    if iv.thank_you_sent_at is None:
        return "thank-you to send"
    if iv.outcome == "standby":
        return "on standby"
    if any(n.kind == CALL_PROMPT and n.status == "sent"
           for n in repo.nudges_for_interview(iv.id)):
        return "follow-up call"
    return "waiting to hear back"


def next_step_at(repo: Repository, iv: Interview, now: datetime) -> datetime | None:
    """When the interview's next step is due (UTC), None when there is none."""
    if iv.status != "waiting":
        return None
    steps = [n.due_at for n in repo.nudges_for_interview(iv.id)
             if n.status == "pending" and n.kind in STEP_KINDS]
    # A step whose time has come but that is still waiting to be sent is today's.
    return max(min(steps), now) if steps else None


def next_step_day(repo: Repository, iv: Interview, tz: ZoneInfo, now: datetime) -> date | None:
    """The day of the next step in `tz`, None when there is none."""
    at = next_step_at(repo, iv, now)
    return local_day(at, tz) if at is not None else None


def entries(repo: Repository, channel: Channel, now: datetime) -> list[Entry]:
    out: list[Entry] = []
    for member in channel.members:
        user = repo.get_user(member)
        share = share_in(repo, member, channel.key)
        if user is None or share is None:
            continue
        tz = _tz(user)
        for iv in repo.interviews_for(member):
            if not shows(iv, share):
                continue
            days = max(0, (local_day(now, tz) - local_day(iv.interviewed_at, tz)).days)
            at = next_step_at(repo, iv, now)
            out.append(Entry(member, display_name(user), iv.company or "a company",
                             iv.role or "", stage(repo, iv), days,
                             local_day(at, tz) if at is not None else None, at))
    return out


def _clip(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _line(e: Entry, widths: tuple[int, int, int]) -> list[Part]:
    what = _clip(e.company, widths[0])
    if widths[1] and e.role:
        what += f" · {_clip(e.role, widths[1])}"
    line: list[Part] = [f"• {what} — {e.stage} · {e.days}d"]
    if e.next_day is not None:  # the member's day; on Slack each reader's own
        day = fmt_day(e.next_day)
        line += [" · next ", instant(day, e.next_at, day_only=True) if e.next_at else day]
    return line


def _person_order(items: list[Entry]) -> tuple[bool, date, str]:
    firsts = [e.next_day for e in items if e.next_day]
    first = min(firsts) if firsts else date.max
    return (not firsts, first, items[0].person.casefold())


def render(channel: Channel, items: list[Entry], now: datetime, *, title: str = "Team board",
           empty_hint: bool = True) -> Reply:
    head = TextBuilder()
    where = f" · {channel.title}" if channel.title else ""
    head.line(bold(f"📋 {title}{where}"))
    if not items:
        head.line("Nobody shares an interview here yet.")
        if empty_hint:
            share = command_as_typed(channel.platform, "share")
            head.line(f"To share yours, type {share} here or share in a private chat with me. "
                      "You choose which interviews; contacts, notes and drafts never appear.")
        return reply(head)
    people: dict[str, list[Entry]] = {}
    for e in items:
        people.setdefault(e.person_key, []).append(e)
    groups = [sorted(g, key=lambda e: (e.next_day is None, e.next_day or date.max,
                                       e.company.casefold()))
              for g in sorted(people.values(), key=_person_order)]
    who = "1 person" if len(people) == 1 else f"{len(people)} people"
    day = fmt_day(local_day(now, ZoneInfo(find_timezone(channel.digest_tz) or "UTC")))
    head.line(f"{who} · {len(items)} interview{'s' if len(items) != 1 else ''} shared · ",
              instant(day, now, day_only=True))
    best = head
    for widths in WIDTHS:  # the widest that fits in one message
        t = TextBuilder().extend(head)
        shown = 0
        for group in groups:
            rows = group[: max(0, MAX_ENTRIES - shown)]
            if not rows:
                break
            shown += len(rows)
            t.blank()
            t.line(bold(_clip(group[0].person, widths[2])))
            for e in rows:
                t.line(*_line(e, widths))
        if shown < len(items):
            t.blank()
            t.line(italic(f"…and {len(items) - shown} more."))
        t.blank()
        t.line(italic("Only what each person chose to share: company, role, stage, days "
                      "waiting, next step."))
        best = t
        if sum(len(span.text) for span in t.spans()) <= BUDGET:
            break
    return reply(best, about=list(people))  # a channel's copy goes when one of them deletes


def board(repo: Repository, channel: Channel, now: datetime) -> Reply:
    """The channel's board as it stands `now` (UTC)."""
    return render(channel, entries(repo, channel, now), now)


# -- in a private chat --------------------------------------------------------------------------

def board_command(ctx: Ctx, rest: str) -> list[Reply]:
    """The boards of the channels the user shares into (as Slack's App Home shows them); the
    board of a channel they only read is for that channel."""
    boards = boards_for(ctx.repo, ctx.user, ctx.now)
    if boards:
        return [r for _, r in boards]
    if my_channels(ctx.repo, ctx.user):
        return [reply("You don't share into a team channel yet, so there's no board to show "
                      f"here: type {command_as_typed(ctx.user.platform, 'board')} in the "
                      f"channel to see it there, or {command_as_typed(ctx.user.platform, 'share')} "
                      "to share yours.")]
    return [reply(no_channel_text(ctx.user.platform))]


def boards_for(repo: Repository, user: User, now: datetime) -> list[tuple[Channel, Reply]]:
    """The board of every channel the user shares into (Slack's App Home shows them)."""
    return [(c, board(repo, c, now)) for c in my_channels(repo, user)
            if share_in(repo, user.key, c.key) is not None]
