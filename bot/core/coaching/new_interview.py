"""Starting the intake of a new interview: the `interview` command (with or without facts after
it) and free text that tells about an interview ("I just had an interview at Acme...")."""

from __future__ import annotations

from bot.core.coaching import intake
from bot.core.contract.context import Ctx
from bot.core.contract.messages import Reply, reply
from bot.core.language.facts import facts_of
from bot.core.language.journey import round_of


def command(ctx: Ctx, rest: str = "") -> list[Reply]:
    """`interview [facts]`: a question in progress is dropped (and the user told so), then the
    intake starts with whatever facts `rest` gives."""
    lead: list[Reply] = []
    if ctx.repo.get_dialog(ctx.user.key) is not None:
        ctx.repo.clear_dialog(ctx.user.key)
        lead.append(reply("Starting over with a new interview."))
    facts = facts_of(rest, ctx.now, ctx.prefs.tz) if rest else None
    return lead + intake.start(ctx, facts)


def from_text(ctx: Ctx, text: str) -> list[Reply]:
    """An interview told in a sentence: the intake starts with the facts in it (and the round
    it names, "phone screen with Acme": the first round of that application)."""
    label = round_of(text)
    return intake.start(ctx, facts_of(text, ctx.now, ctx.prefs.tz),
                        None if label == "next" else label)


def instead_of_answer(ctx: Ctx, text: str) -> list[Reply]:
    """A whole new interview told in the middle of another question: that question is dropped
    and the new interview's intake starts."""
    ctx.repo.clear_dialog(ctx.user.key)
    return [reply("Starting over with the interview you just described."),
            *from_text(ctx, text)]
