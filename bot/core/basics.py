"""The commands every chat has, whatever the feature: `start` (the welcome) and `help` (built
from the features registry's help lines); `cancel` is the flows' own (contract/flows.py)."""

from __future__ import annotations

from collections.abc import Sequence

from bot.core.contract import buttons
from bot.core.contract.context import Ctx
from bot.core.contract.messages import Button, Reply, TextBuilder, bold, reply

# The button that runs a command by its word ("cmd" + the word as its argument).
COMMAND_BUTTON = "cmd"


def command_button(label: str, owner: str, word: str) -> Button:
    """A button that runs the command `word` for `owner`, as if typed (a press never counts as
    an "any news?" check)."""
    return buttons.make(label, COMMAND_BUTTON, owner, arg=word)


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
