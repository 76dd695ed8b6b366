"""A message typed in a team channel: Hearback answers only its team commands there (board,
share, unshare, digest, help) and sends anything that would show someone's interviews to them
privately."""

from __future__ import annotations

import re

from bot.core.contract.context import Ctx
from bot.core.contract.messages import Incoming, Reply, TextBuilder, bold, reply
from bot.core.contract.models import Channel
from bot.core.contract.prefs import Prefs
from bot.core.language.intents import Command
from bot.core.language.wording import command_as_typed as cmd
from bot.core.team import board
from bot.core.team.channels import Here, channel_for, name_of
from bot.core.team.digest import digest_command
from bot.core.team.sharing import share_into, unshare_from

TEAM_WORDS = frozenset({"share", "unshare", "board", "digest"})
CHANNEL_WORDS = TEAM_WORDS | {"start", "help"}
CHANNEL_HELP = (
    ("board", "everyone's shared interviews, by person"),
    ("share", "share yours here — you choose which, and what gets posted"),
    ("unshare", "stop sharing (one interview or all)"),
    ("digest monday 9", "post the board here every week (digest off stops it)"),
)


def loose_command(text: str) -> Command | None:
    """A mention in other words ("hey @Hearback, show the board"): the first channel command
    word in it, if any."""
    for word in re.findall(r"[a-z]+", text.lower()):
        if word in CHANNEL_WORDS:
            return Command(word, "")
    return None


def channel_turn(here: Here, msg: Incoming, cmd: Command | None) -> list[Reply]:
    """Answer a message addressed to Hearback in a channel (`cmd` as parsed, None for a mention
    in other words); the writer joins the channel's record if Hearback knows them."""
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
    """What Hearback does in a channel, with the commands as typed on its platform."""
    t = TextBuilder().line(bold(f"Hearback in {name_of(channel)}"))
    t.line("Job hunting together: each person can share how their interviews stand — nothing is "
           "shared unless they choose to.")
    for word, what in CHANNEL_HELP:
        t.line("• ", bold(cmd(channel.platform, word)), f" — {what}")
    t.line("I only read messages addressed to me here. Logging interviews, drafts and reminders "
           "happen in a private chat with me.")
    return reply(t)
