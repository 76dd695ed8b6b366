"""Which rehearsal `rehearse` (typed, or asked for in words) starts: the interview practice for a
round booked ahead, or the call with HR (seed step 5).

- Asked for in words that are about an interview ("practise for the interview", "prep me for
  the final round", "mock interview"): the practice, for the round booked ahead (the one whose
  company the message names, when it names one).
- About the call ("practise the call"), or `rehearse` while a call is near (its prompt due
  within CALL_NEAR): the call, as before.
- `rehearse` otherwise, with a round booked ahead: the practice for it; with several, a button
  for each."""

from __future__ import annotations

import re
from datetime import timedelta

from bot.core.coaching.rehearsal import dialog, practice
from bot.core.contract import buttons
from bot.core.contract.context import Ctx
from bot.core.contract.messages import Reply, reply
from bot.core.contract.models import Interview
from bot.core.language.asks import wants_interview_practice
from bot.core.language.journey import ROUNDS, round_of
from bot.core.language.wording import the_label
from bot.core.plan.kinds import CALL_PROMPT
from bot.core.plan.schedule import open_interviews

# A call prompt due within this is "near": the call's rehearsal is offered the evening before.
CALL_NEAR = timedelta(days=2)
_ABOUT_THE_CALL = re.compile(r"\b(?:call|phone|ring)\b", re.IGNORECASE)


def rounds_ahead(ctx: Ctx) -> list[Interview]:
    """The open applications whose current round is still to come, soonest first."""
    return sorted((iv for iv in open_interviews(ctx) if iv.interviewed_at > ctx.now),
                  key=lambda iv: iv.interviewed_at)


def call_near(ctx: Ctx) -> bool:
    """A call to HR is due within CALL_NEAR for one of the open applications."""
    return any(n.kind == CALL_PROMPT and n.status == "pending" and
               n.due_at - ctx.now <= CALL_NEAR
               for iv in open_interviews(ctx) for n in ctx.repo.nudges_for_interview(iv.id))


def _named(text: str, ivs: list[Interview]) -> list[Interview]:
    low = text.lower()
    return [iv for iv in ivs if (iv.company and re.search(
        rf"\b{re.escape(iv.company.lower())}\b", low)) or low.strip() in iv.label.lower()]


def command(ctx: Ctx, rest: str) -> list[Reply]:
    """`rehearse` (optionally with a company): the practice for a round booked ahead while no
    call is near, else the call's rehearsal (dialog.command)."""
    ahead = rounds_ahead(ctx)
    if rest.strip():
        named = _named(rest, ahead)
        if len(named) == 1:
            return practice.start_for(ctx, named[0], named[0].round)
        return dialog.command(ctx, rest)
    if not ahead or call_near(ctx):
        return dialog.command(ctx, rest)
    return _practise(ctx, ahead)


def from_text(ctx: Ctx, text: str) -> list[Reply]:
    """A rehearsal asked for in words (see the module)."""
    ahead = rounds_ahead(ctx)
    if wants_interview_practice(text) and not _ABOUT_THE_CALL.search(text):
        named = _named(text, ahead) if ahead else []
        if not ahead:
            ivs = _named(text, open_interviews(ctx))
            iv = ivs[0] if len(ivs) == 1 else None
            return practice.start_for(ctx, iv, None)
        label = round_of(text)
        if len(named) == 1 or len(ahead) == 1:
            iv = named[0] if named else ahead[0]
            if label in ROUNDS and label not in (iv.round, "offer"):
                # "prep me for the final round" with the second booked: the round asked for
                # (its questions; no time, as it is not booked yet)
                return practice.start_for(ctx, iv, label)
        return _practise(ctx, named if len(named) == 1 else ahead)
    if _ABOUT_THE_CALL.search(text):
        return dialog.command(ctx, "")
    return command(ctx, "")


def _practise(ctx: Ctx, ahead: list[Interview]) -> list[Reply]:
    """The practice for the one round ahead, or a button for each of several."""
    if len(ahead) == 1:
        return practice.start_for(ctx, ahead[0], ahead[0].round)
    rows = [[practice.start_button(ctx.owner, iv, f"{iv.round or 'next'} round: "
                                                 f"{iv.company or iv.label}"[:48])]
            for iv in ahead]
    rows.append([buttons.make("The follow-up call instead", dialog.BUTTON_ACTION, ctx.owner,
                              arg=dialog.OFFER_ARG)])
    names = "; ".join(f"{the_label(iv)} ({iv.round or 'next'} round)" for iv in ahead)
    return [reply(f"You have rounds coming up: {names}. Which one shall we practise for?",
                  buttons=rows)]
