"""Team channels: opt-in sharing of interview status into a Slack channel or Telegram group.

Nothing is shared by default. A person shares one interview or all of them into a channel they
use Hearback in (`share`, there or in a private chat), chooses which milestones get posted, and
can withdraw at any time (`unshare`). Only the owner can change their shares: every button here
carries its owner, and the engine refuses a press by anyone else. In a channel Hearback answers
only its commands; choices that would show someone's interviews go to them privately.

A button's arg is `op:chat` (the channel's chat id): c choose this channel, i share one interview,
a share all, ms/mc/mn which milestones get posted, x stop sharing there, xi stop one interview.
"""

from __future__ import annotations

from bot.core.contract import buttons
from bot.core.contract.buttons import Press
from bot.core.contract.context import Ctx
from bot.core.contract.messages import Button, Reply, TextBuilder, bold, reply
from bot.core.contract.models import Channel, Interview, Share, user_key
from bot.core.language.wording import command_as_typed as cmd
from bot.core.language.wording import the_label
from bot.core.team import board
from bot.core.team.channels import my_channels, name_of, no_channel_text, share_in, withdraw

BUTTON_ACTION = "sh"
STANDARD = ("thank_you", "called", "offer")
MILESTONE_CHOICES = {"s": STANDARD, "c": (*STANDARD, "closed"), "n": ()}
MAX_ROWS = 20
SHARED_FIELDS = ("Others there see your name, the company, role, stage, days waiting and the "
                 "date of your next step — never interviewer names or contacts, notes, drafts "
                 "or your profile.")


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
                 to=channel.chat_id, about=[ctx.user.key])


def unshare_from(ctx: Ctx, channels: list[Channel], *, everything: bool = False) -> list[Reply]:
    """Stop sharing in these channels: everything at once, or buttons to choose what
    (privately)."""
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
    """A sharing button pressed by its owner (the engine checked that), in a channel or a
    private chat; the answer is private."""
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
    """`share` (or `share all`) in a private chat: into the user's one channel, or a choice."""
    channels = my_channels(ctx.repo, ctx.user)
    if not channels:
        return [reply(no_channel_text(ctx.user.platform))]
    everything = rest.strip().lower() in ("all", "everything")
    if len(channels) == 1:
        return share_into(ctx, channels[0], everything=everything)
    rows = [[buttons.make(f"{name_of(c)}"[:60], BUTTON_ACTION, ctx.owner, arg=_arg("c", c))]
            for c in channels[:MAX_ROWS]]
    return [reply("Share into which channel?", buttons=rows)]


def unshare_command(ctx: Ctx, rest: str) -> list[Reply]:
    """`unshare` (or `unshare all`) in a private chat, over every channel the user is in."""
    channels = my_channels(ctx.repo, ctx.user)
    if not channels:
        return [reply("You aren't sharing anything in a team channel.")]
    return unshare_from(ctx, channels, everything=rest.strip().lower() in ("all", "everything"))
