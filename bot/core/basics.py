"""The commands every chat has, whatever the feature: `start` (the welcome) and `help` (built
from the features registry's help lines); `cancel` is the flows' own (contract/flows.py)."""

from __future__ import annotations

from collections.abc import Sequence

from bot.core.contract.buttons import command_button
from bot.core.contract.context import Ctx
from bot.core.contract.messages import Reply, TextBuilder, bold, reply


def welcome_reply(ctx: Ctx) -> Reply:
    """`start`, a greeting: what Hearback does and an example of how to begin."""
    t = TextBuilder()
    t.line(bold("Hi, I'm Hearback."), " I help you follow up after a job interview: the "
           "thank-you note, asking when you'll hear back, keeping calm while you wait, and "
           "making the call when it's time.")
    t.blank()
    t.line("Just tell me about it, for example:")
    t.line("\"I just had an interview with Jane Doe at Acme for the backend role, they said "
           "they'd let me know by Friday\"")
    return reply(t, buttons=[[command_button("Log an interview", ctx.owner, "interview"),
                              command_button("Help", ctx.owner, "help")]])


def help_reply(ctx: Ctx, lines: Sequence[tuple[str, str]], lead: str | None = None) -> Reply:
    """The help: `lines` are (command word, what it does), in the registry's order; `lead`
    (optional) says first why the help is shown."""
    t = TextBuilder()
    if lead:
        t.line(lead)
        t.blank()
    t.line(bold("What I can do"))
    for word, what in lines:
        t.line(f"• {word} — {what}")
    t.blank()
    t.line("Or just write, e.g. \"I had an interview at Acme yesterday\", \"any news?\" or "
           "\"check this: <your email>\".")
    return reply(t, buttons=[[command_button("Log an interview", ctx.owner, "interview"),
                              command_button("My interviews", ctx.owner, "list")]])


def did_you_mean(ctx: Ctx, word: str) -> Reply:
    """A mistyped command ("hepl", "/exprot"): the command it is closest to, as a button."""
    return reply(f"Did you mean {word}?",
                 buttons=[[command_button(f"Yes, {word}", ctx.owner, word),
                           command_button("No, show help", ctx.owner, "help")]])


def not_understood(ctx: Ctx) -> Reply:
    """The short, kind fallback for a message Hearback cannot place: three ways on, never the
    whole command list."""
    return reply("Sorry, I didn't quite get that. You can tell me about an interview in your "
                 "own words, ask where things stand, or see everything I can do.",
                 buttons=[[command_button("Log an interview", ctx.owner, "interview"),
                           command_button("Where things stand", ctx.owner, "list"),
                           command_button("Help", ctx.owner, "help")]])


def upcoming_reply(ctx: Ctx) -> Reply:
    """An interview still to come: good luck, and how to log it once it is done (the follow-up
    starts after the interview, with the thank-you)."""
    return reply("Good luck — you've got this. Prepare a couple of questions of your own and "
                 "note who you meet. Once it's over, just tell me how it went (for example "
                 "\"interview done with Jane at Acme, they'll decide by Friday\") and I'll plan "
                 "your thank-you and follow-up.",
                 buttons=[[command_button("Log it now", ctx.owner, "interview")]])
