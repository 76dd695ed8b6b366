"""Team channels: opt-in sharing of interview status into a Slack channel or Telegram group.

Nothing is shared by default. A person shares one interview or all of them into a channel they
use Hearback in (`share`, there or in a private chat), chooses which milestones get posted, and
can withdraw at any time (`unshare`). Only the owner can change their shares: every button here
carries its owner, and the engine refuses a press by anyone else. In a channel Hearback answers
only its commands; choices that would show someone's interviews go to them privately.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.core.account.settings import find_timezone
from bot.core.contract import buttons
from bot.core.contract.buttons import Press
from bot.core.contract.context import Ctx
from bot.core.contract.messages import Button, Incoming, Reply, TextBuilder, bold, reply
from bot.core.contract.models import Channel, Interview, Share, User, user_key
from bot.core.contract.ports import Repository
from bot.core.contract.prefs import Prefs
from bot.core.language.intents import Command
from bot.core.language.wording import command_as_typed as cmd
from bot.core.language.wording import the_label
from bot.core.plan.kinds import AGREED_CONTACT, CALL_PROMPT
from bot.core.plan.planner import at_local, local_day
from bot.core.team import board

BUTTON_ACTION = "sh"
CHEER_ACTION = "ch"
CHEER_LABEL = "👏 Cheer"
KEEP_POSTS = 200  # milestone posts whose cheers are remembered, per channel
TEAM_WORDS = frozenset({"share", "unshare", "board", "digest"})
CHANNEL_WORDS = TEAM_WORDS | {"start", "help"}
STANDARD = ("thank_you", "called", "offer")
MILESTONE_CHOICES = {"s": STANDARD, "c": (*STANDARD, "closed"), "n": ()}
MAX_ROWS = 20
SHARED_FIELDS = ("Others there see your name, the company, role, stage, days waiting and the "
                 "date of your next step — never interviewer names or contacts, notes, drafts "
                 "or your profile.")
DAYS = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
DIGEST_RE = re.compile(r"^(mon|tue|wed|thu|fri|sat|sun)[a-z]*\s+(?:at\s+)?(\d{1,2})(?::00)?"
                       r"\s*(am|pm)?(?:\s+(.+))?$", re.IGNORECASE)
CHANNEL_HELP = (
    ("board", "everyone's shared interviews, by person"),
    ("share", "share yours here — you choose which, and what gets posted"),
    ("unshare", "stop sharing (one interview or all)"),
    ("digest monday 9", "post the board here every week (digest off stops it)"),
)


@dataclass(frozen=True)
class Here:
    """A turn in a team channel: who wrote (None if Hearback doesn't know them) and where."""

    repo: Repository
    now: datetime
    platform: str
    chat: str
    user_id: str
    user: User | None
    default_tz: str

    @property
    def key(self) -> str:
        return user_key(self.platform, self.chat)


# -- channels and members ----------------------------------------------------------------------

def channel_for(here: Here, title: str | None) -> Channel:
    """The channel's record, created on first use; a known user who writes here joins it."""
    channel = here.repo.get_channel(here.key)
    changed = False
    if channel is None:
        channel = Channel(key=here.key, platform=here.platform, chat_id=here.chat, title=title,
                          created_at=here.now, digest_tz=here.default_tz)
        changed = True
    if title and channel.title != title:
        channel.title, changed = title, True
    if here.user is not None and here.user.key not in channel.members:
        channel.members.append(here.user.key)
        changed = True
    if changed:
        here.repo.save_channel(channel)
    return channel


def name_of(channel: Channel) -> str:
    if not channel.title:
        return "the team channel"
    return channel.title if channel.title.startswith("#") else f"“{channel.title}”"


def share_in(repo: Repository, user_key_: str, channel_key: str) -> Share | None:
    return next((s for s in repo.shares_for(user_key_) if s.channel == channel_key), None)


def my_channels(repo: Repository, user: User) -> list[Channel]:
    return [c for c in repo.channels() if user.key in c.members]


def withdraw(repo: Repository, user_key_: str, channel_key: str) -> bool:
    """Remove what the user shares in the channel (their share row); True if there was any."""
    had = share_in(repo, user_key_, channel_key) is not None
    if had:
        repo.delete_share(user_key_, channel_key)
    return had


def member_left(repo: Repository, platform: str, chat: str, user_id: str) -> None:
    """They left the channel: everything they shared there is withdrawn."""
    key, who = user_key(platform, chat), user_key(platform, user_id)
    withdraw(repo, who, key)
    channel = repo.get_channel(key)
    if channel is not None and who in channel.members:
        channel.members.remove(who)
        repo.save_channel(channel)


def channel_moved(repo: Repository, platform: str, old: str, new: str) -> None:
    """The channel got a new id (a Telegram group upgraded to a supergroup): its record and
    every share in it follow, so nobody has to share again."""
    old_key, new_key = user_key(platform, old), user_key(platform, new)
    channel = repo.get_channel(old_key)
    if channel is None or old_key == new_key:
        return
    for member in channel.members:
        share = share_in(repo, member, old_key)
        if share is None:
            continue
        repo.delete_share(member, old_key)
        there = share_in(repo, member, new_key)
        if there is not None:  # they already share under the new id: keep both choices
            share.interviews = list(dict.fromkeys([*there.interviews, *share.interviews]))
            share.everything = share.everything or there.everything
            share.milestones = list(dict.fromkeys([*there.milestones, *share.milestones]))
            share.milestones_asked = share.milestones_asked or there.milestones_asked
        share.channel = new_key
        repo.save_share(share)
    repo.delete_channel(old_key)
    existing = repo.get_channel(new_key)
    if existing is not None:  # already used under the new id: keep both sets of members
        channel.members = list(dict.fromkeys([*existing.members, *channel.members]))
    channel.key, channel.chat_id = new_key, new
    repo.save_channel(channel)


def channel_gone(repo: Repository, platform: str, chat: str) -> None:
    """Hearback was removed from the channel (or it was deleted): every share there goes."""
    key = user_key(platform, chat)
    channel = repo.get_channel(key)
    if channel is None:
        return
    for member in channel.members:
        withdraw(repo, member, key)
    repo.delete_channel(key)


# -- a message in a channel --------------------------------------------------------------------

def loose_command(text: str) -> Command | None:
    """A mention in other words ("hey @Hearback, show the board"): the first channel command
    word in it, if any."""
    for word in re.findall(r"[a-z]+", text.lower()):
        if word in CHANNEL_WORDS:
            return Command(word, "")
    return None


def channel_turn(here: Here, msg: Incoming, cmd: Command | None) -> list[Reply]:
    channel = channel_for(here, msg.channel_title)
    if cmd is None:
        cmd = loose_command(msg.text or "")
    word = cmd.word if cmd is not None else None
    if word == "board":
        return [board.board(here.repo, channel, here.now)]
    if word == "digest":
        return [digest_command(here, channel, cmd.rest if cmd else "")]
    if word in ("share", "unshare"):
        if here.user is None and word == "unshare":
            return [reply(f"You aren't sharing anything in {name_of(channel)}.", private=True)]
        if here.user is None:
            return [reply("I don't know your interviews yet. Message me privately first and tell "
                          "me about one; then share it here.", private=True)]
        ctx = Ctx(repo=here.repo, user=here.user, now=here.now, prefs=Prefs.for_user(here.user))
        rest = (cmd.rest if cmd else "").strip().lower()
        if word == "share":
            return share_into(ctx, channel, everything=rest in ("all", "everything"))
        return unshare_from(ctx, [channel], everything=rest in ("all", "everything"))
    if word in ("start", "help", None):
        return [channel_help(channel)]  # a mention without a command gets the same
    what = f"“{word}”" if word else "that"
    return [reply(f"In a team channel I only do board, share, unshare and digest — {what} "
                  "belongs in a private chat with me, where your details stay yours.",
                  private=True)]


def channel_help(channel: Channel) -> Reply:
    t = TextBuilder().line(bold(f"Hearback in {name_of(channel)}"))
    t.line("Job hunting together: each person can share how their interviews stand — nothing is "
           "shared unless they choose to.")
    for word, what in CHANNEL_HELP:
        t.line("• ", bold(cmd(channel.platform, word)), f" — {what}")
    t.line("I only read messages addressed to me here. Logging interviews, drafts and reminders "
           "happen in a private chat with me.")
    return reply(t)


# -- sharing -----------------------------------------------------------------------------------

def _arg(op: str, channel: Channel) -> str:
    return f"{op}:{channel.chat_id}"


def _open(ctx: Ctx) -> list[Interview]:
    return [iv for iv in ctx.repo.interviews_for(ctx.user.key) if iv.status == "waiting"]


def share_into(ctx: Ctx, channel: Channel, *, everything: bool = False) -> list[Reply]:
    """Offer the user's interviews for the channel (privately), or share them all at once."""
    interviews = _open(ctx)
    if everything:
        return _shared(ctx, channel, None)
    current = share_in(ctx.repo, ctx.user.key, channel.key)
    choices = [iv for iv in interviews if current is None or not current.covers(iv.id)]
    if current is not None and current.everything:
        return [reply(f"You already share all your interviews in {name_of(channel)}, new ones "
                      f"included. Type {cmd(channel.platform, 'unshare')} to change that.",
                      private=True)]
    if not interviews:
        return [reply("You have no open interviews to share yet. Tell me about one in our "
                      "private chat, then share it.", private=True)]
    if not choices:
        return [reply(f"Every open interview of yours is already shared in {name_of(channel)}.",
                      private=True)]
    owner = ctx.owner
    rows = [[buttons.make(iv.label[:40], BUTTON_ACTION, owner, iv.id, _arg("i", channel))]
            for iv in choices[:MAX_ROWS]]
    rows.append([buttons.make("All of them (new ones too)", BUTTON_ACTION, owner,
                              arg=_arg("a", channel))])
    t = TextBuilder().line(bold(f"Share into {name_of(channel)}: which interview?"))
    t.line(SHARED_FIELDS)
    return [reply(t, buttons=rows, private=True)]


def _shared(ctx: Ctx, channel: Channel, iv: Interview | None) -> list[Reply]:
    share = share_in(ctx.repo, ctx.user.key, channel.key)
    first = share is None
    if share is None:
        share = Share(user_key=ctx.user.key, channel=channel.key, created_at=ctx.now)
    if iv is None:
        share.everything = True
    elif iv.id not in share.interviews:
        share.interviews.append(iv.id)
    ctx.repo.save_share(share)
    what = ("all your interviews, new ones included" if iv is None
            else the_label(iv))
    t = TextBuilder().line(f"Done: {what} now show on the board in {name_of(channel)}."
                           if iv is None else
                           f"Done: {what} now shows on the board in {name_of(channel)}.")
    out = []
    if not share.milestones_asked:
        t.blank().line(bold("Shall I post your milestones there too?"))
        t.line("Thank-you sent, call made, offer. A closing without an offer is posted only if "
               f"you choose it; {cmd(channel.platform, 'share')} again changes this.")
        owner = ctx.owner
        rows = [[buttons.make("Thank-you, calls, offers", BUTTON_ACTION, owner,
                              arg=_arg("ms", channel))],
                [buttons.make("Those, and closings too", BUTTON_ACTION, owner,
                              arg=_arg("mc", channel))],
                [buttons.make("No milestone posts", BUTTON_ACTION, owner,
                              arg=_arg("mn", channel))]]
        out.append(reply(t, buttons=rows, private=True))
    else:
        out.append(reply(t, private=True))
    if first:
        out.append(_announcement(ctx, channel))
    return out


def _announcement(ctx: Ctx, channel: Channel) -> Reply:
    who = board.display_name(ctx.user)
    return reply(f"📋 {who} is now sharing how their interviews stand here. Type "
                 f"{cmd(channel.platform, 'board')} to see everyone's.",
                 buttons=[[buttons.make("Stop sharing", BUTTON_ACTION, ctx.owner,
                                        arg=_arg("x", channel))]],
                 to=channel.chat_id)


def unshare_from(ctx: Ctx, channels: list[Channel], *, everything: bool = False) -> list[Reply]:
    shares = [(c, s) for c in channels if (s := share_in(ctx.repo, ctx.user.key, c.key))]
    if not shares:
        where = name_of(channels[0]) if len(channels) == 1 else "any team channel"
        return [reply(f"You aren't sharing anything in {where}.", private=True)]
    if everything:
        for c, _ in shares:
            withdraw(ctx.repo, ctx.user.key, c.key)
        where = ", ".join(name_of(c) for c, _ in shares)
        return [reply(f"Done: you no longer share anything in {where}.", private=True)]
    owner = ctx.owner
    rows: list[list[Button]] = []
    labels = {iv.id: iv for iv in ctx.repo.interviews_for(ctx.user.key)}
    for c, s in shares:
        rows.append([buttons.make(f"Everything in {name_of(c)}"[:60], BUTTON_ACTION, owner,
                                  arg=_arg("x", c))])
        if not s.everything:
            for iid in s.interviews:
                if iid in labels and len(rows) < MAX_ROWS:
                    rows.append([buttons.make(f"Only {labels[iid].label}"[:60], BUTTON_ACTION,
                                              owner, iid, _arg("xi", c))])
    return [reply("Stop sharing what?", buttons=rows, private=True)]


def press(ctx: Ctx, p: Press) -> list[Reply]:
    op, _, chat = p.arg.partition(":")
    channel = ctx.repo.get_channel(user_key(ctx.user.platform, chat)) if chat else None
    if channel is None:
        return [reply("That channel is gone, or Hearback was removed from it, so there's "
                      "nothing to change there.", private=True)]
    iv = ctx.repo.get_interview(p.interview) if p.interview else None
    if iv is not None and iv.user_key != ctx.user.key:
        iv = None  # the engine checks ownership; this is a second lock on the same door
    if op in ("c", "i", "a", "ms", "mc", "mn") and ctx.user.key not in channel.members:
        # An old button from before they left (or a forged one): membership comes only from
        # using Hearback in the channel itself.
        return [reply(f"You're no longer in {name_of(channel)} as far as I know. Type "
                      f"{cmd(channel.platform, 'share')} there to share again.", private=True)]
    if op == "c":
        return share_into(ctx, channel)
    if op == "i":
        if iv is None:
            return [reply("I can't find that interview any more.", private=True)]
        current = share_in(ctx.repo, ctx.user.key, channel.key)
        if current is not None and current.covers(iv.id):
            return [reply(f"{the_label(iv).capitalize()} is already shared in "
                          f"{name_of(channel)}.", private=True)]
        return _shared(ctx, channel, iv)
    if op == "a":
        return _shared(ctx, channel, None)
    if op in ("ms", "mc", "mn"):
        share = share_in(ctx.repo, ctx.user.key, channel.key)
        if share is None:
            return [reply(f"You don't share anything in {name_of(channel)} now, so there's "
                          "nothing to post.", private=True)]
        share.milestones = list(MILESTONE_CHOICES[op[1]])
        share.milestones_asked = True
        ctx.repo.save_share(share)
        if not share.milestones:
            return [reply(f"OK — no milestone posts in {name_of(channel)}; your entries just "
                          "show on the board.", private=True)]
        kinds = "thank-you notes, calls and offers"
        if "closed" in share.milestones:
            kinds += ", and when an interview closes"
        return [reply(f"OK — I'll post {kinds} in {name_of(channel)}.", private=True)]
    if op == "x":
        if not withdraw(ctx.repo, ctx.user.key, channel.key):
            return [reply(f"You weren't sharing anything in {name_of(channel)}.", private=True)]
        return [reply(f"Done: nothing of yours shows in {name_of(channel)} any more.",
                      private=True)]
    if op == "xi":
        share = share_in(ctx.repo, ctx.user.key, channel.key)
        if share is None or iv is None or iv.id not in share.interviews:
            return [reply("That one isn't shared there (any more).", private=True)]
        share.interviews.remove(iv.id)
        if share.interviews or share.everything:
            ctx.repo.save_share(share)
        else:
            ctx.repo.delete_share(ctx.user.key, channel.key)
        return [reply(f"Done: {the_label(iv)} no longer shows in {name_of(channel)}.",
                      private=True)]
    return [reply("I couldn't read that button, so I changed nothing.", private=True)]


# -- commands in a private chat ----------------------------------------------------------------

def share_command(ctx: Ctx, rest: str) -> list[Reply]:
    channels = my_channels(ctx.repo, ctx.user)
    if not channels:
        return [reply(_no_channel(ctx.user.platform))]
    everything = rest.strip().lower() in ("all", "everything")
    if len(channels) == 1:
        return share_into(ctx, channels[0], everything=everything)
    rows = [[buttons.make(f"{name_of(c)}"[:60], BUTTON_ACTION, ctx.owner, arg=_arg("c", c))]
            for c in channels[:MAX_ROWS]]
    return [reply("Share into which channel?", buttons=rows)]


def unshare_command(ctx: Ctx, rest: str) -> list[Reply]:
    channels = my_channels(ctx.repo, ctx.user)
    if not channels:
        return [reply("You aren't sharing anything in a team channel.")]
    return unshare_from(ctx, channels, everything=rest.strip().lower() in ("all", "everything"))


def board_command(ctx: Ctx, rest: str) -> list[Reply]:
    """The boards of the channels the user shares into (as Slack's App Home shows them); the
    board of a channel they only read is for that channel."""
    boards = boards_for(ctx.repo, ctx.user, ctx.now)
    if boards:
        return [r for _, r in boards]
    if my_channels(ctx.repo, ctx.user):
        return [reply("You don't share into a team channel yet, so there's no board to show "
                      f"here: type {cmd(ctx.user.platform, 'board')} in the channel to see it "
                      f"there, or {cmd(ctx.user.platform, 'share')} to share yours.")]
    return [reply(_no_channel(ctx.user.platform))]


def digest_in_private(ctx: Ctx, rest: str) -> list[Reply]:
    return [reply(f"The weekly digest is a channel setting: type "
                  f"{cmd(ctx.user.platform, 'digest monday 9')} (or "
                  f"{cmd(ctx.user.platform, 'digest off')}) in the team channel.")]


def _no_channel(platform: str) -> str:
    return ("You don't use me in a team channel yet. Add me to your group's channel (Slack: "
            f"/invite @Hearback; Telegram: add me to the group), type {cmd(platform, 'board')} "
            f"or {cmd(platform, 'share')} there, and you can share from here too.")


def boards_for(repo: Repository, user: User, now: datetime) -> list[tuple[Channel, Reply]]:
    """The board of every channel the user shares into (Slack's App Home shows them)."""
    return [(c, board.board(repo, c, now)) for c in my_channels(repo, user)
            if share_in(repo, user.key, c.key) is not None]


# -- milestones --------------------------------------------------------------------------------

Snapshot = dict[str, tuple[bool, str, str | None, frozenset[str]]]


def snapshot(repo: Repository, key: str) -> Snapshot | None:
    """What milestones are measured against; None when the user shares nothing (the usual case,
    and then nothing more is read)."""
    if not repo.shares_for(key):
        return None
    return {iv.id: _facts(repo, iv) for iv in repo.interviews_for(key)}


def _facts(repo: Repository, iv: Interview) -> tuple[bool, str, str | None, frozenset[str]]:
    # A call prompt (or an agreed call) answered with how it went: the call was made.
    answered = frozenset(n.id for n in repo.nudges_for_interview(iv.id)
                         if (n.kind == CALL_PROMPT or (n.kind == AGREED_CONTACT
                                                       and iv.agreed_contact_kind == "call"))
                         and n.answer is not None)
    return (iv.thank_you_sent_at is not None, iv.status, iv.outcome, answered)


def milestones(repo: Repository, user: User, before: Snapshot) -> list[Reply]:
    """Posts for the milestones this turn reached, in each channel that opted into them."""
    shares = repo.shares_for(user.key)
    if not shares:
        return []
    who = board.display_name(user)
    out: list[Reply] = []
    for iv in repo.interviews_for(user.key):
        was = before.get(iv.id)
        if was is None:
            continue
        now = _facts(repo, iv)
        reached: list[tuple[str, str]] = []
        company = iv.company or "their interview"
        if now[0] and not was[0]:
            reached.append(("thank_you", f"✉️ {who} sent a thank-you note after the "
                                         f"{company} interview."))
        if now[3] - was[3] and iv.status == "waiting":
            reached.append(("called", f"📞 {who} made the follow-up call to {company}."))
        if now[1] == "closed" and was[1] != "closed":
            if iv.outcome == "selected":
                reached.append(("offer", f"🎉 {who} got an offer from {company}!"))
            else:
                reached.append(("closed", f"🏁 {who}'s process with {company} has closed. On "
                                          "to the next one!"))
        for share in shares:
            channel = repo.get_channel(share.channel)
            if channel is None or not share.covers(iv.id):
                continue
            for kind, text in reached:
                if kind in share.milestones:
                    out.append(_milestone_post(repo, channel, user, text))
    return out


def _milestone_post(repo: Repository, channel: Channel, user: User, text: str) -> Reply:
    """A milestone post with a cheer button anyone in the channel may press."""
    post_id = repo.new_id()
    channel.posts[post_id] = {"owner": user.key, "cheers": []}
    while len(channel.posts) > KEEP_POSTS:
        del channel.posts[next(iter(channel.posts))]
    repo.save_channel(channel)
    cheer = buttons.make(CHEER_LABEL, CHEER_ACTION, buttons.ANYONE, post_id, channel.chat_id)
    return reply(text, buttons=[[cheer]], to=channel.chat_id)


def cheer(here: Here, p: Press, name: str | None) -> list[Reply]:
    """Someone in the channel cheers a milestone: said in the channel, once per person."""
    channel = here.repo.get_channel(here.key)
    post = channel.posts.get(p.interview) if channel is not None else None
    if channel is None or post is None or p.arg != here.chat:
        return [reply("That post is too old to cheer, but a message says it just as well!",
                      private=True)]
    who = user_key(here.platform, here.user_id)
    if post.get("owner") == who:
        return [reply("That's your own news — let the others cheer you on!", private=True)]
    cheers: list[str] = post.setdefault("cheers", [])
    if who in cheers:
        return [reply("You've already cheered this one. 👏", private=True)]
    cheers.append(who)
    here.repo.save_channel(channel)
    owner = here.repo.get_user(str(post.get("owner")))
    fan = (here.user.display_name if here.user and here.user.display_name else name) or "Someone"
    them = board.display_name(owner) if owner is not None else "them"
    return [reply(f"👏 {fan.strip() or 'Someone'} cheers {them} on!")]


# -- the weekly digest -------------------------------------------------------------------------

def digest_command(here: Here, channel: Channel, rest: str) -> Reply:
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
    return [c for c in repo.channels()
            if c.digest_day is not None and c.next_digest_at is not None
            and c.next_digest_at <= now]


def digest_reply(repo: Repository, channel: Channel, now: datetime) -> Reply:
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
