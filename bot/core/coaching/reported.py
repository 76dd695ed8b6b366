"""A decision date the employer gave after the interview ("HR said by the 10th", "actually the
12th", or the "They gave me a date" button): the plan is re-made from it (seed step 1: the
answer to asking HR updates the plan)."""

from __future__ import annotations

from datetime import date

from bot.core.coaching import intake
from bot.core.contract.buttons import Press
from bot.core.contract.context import Ctx, interview_pressed
from bot.core.contract.messages import Reply, TextBuilder, bold, reply
from bot.core.language.dates import fmt_day
from bot.core.language.extract import extract
from bot.core.language.intents import reschedules
from bot.core.language.moments import first_future_day
from bot.core.language.understand import REPORTED_RE
from bot.core.language.wording import the_label
from bot.core.plan import schedule as plans
from bot.core.plan.views import plan_text

# The button under the ask-HR reminder: "They gave me a date".
BUTTON_ACTION = "sd"


def press(ctx: Ctx, p: Press) -> list[Reply]:
    """"They gave me a date": ask for it (the engine has checked the interview is theirs)."""
    iv = interview_pressed(ctx, p)
    return intake.start_update(ctx, iv, "Good.")


def reported_date(ctx: Ctx, text: str) -> list[Reply] | None:
    """The new decision date for the one open interview it can be about, or None when the text
    gives no sure date or it is unclear which interview it is about."""
    open_ivs = plans.open_interviews(ctx)
    undated = [iv for iv in open_ivs if iv.decision_by is None]
    if len(undated) == 1:
        iv = undated[0]
    elif len(open_ivs) == 1 and (REPORTED_RE.search(text) or reschedules(text)):
        iv = open_ivs[0]
    else:
        return None
    facts = extract(text, ctx.now, ctx.prefs.tz)
    day: date | None = None
    if facts.decision is not None and facts.decision.doubt is None:
        day = facts.decision.day
    elif reschedules(text):
        # "they've pushed it to tue", "moved to 9 Dec": the day they moved it to.
        day = first_future_day(text, ctx.now, ctx.prefs.tz)
    if day is None:
        return None
    iv.decision_by, iv.decision_unknown, iv.call_retries = day, False, 0
    ctx.repo.save_interview(iv)
    plans.schedule(ctx, iv, keep_thank_you=True)
    t = TextBuilder().line("Noted: they'll let you know about ", bold(the_label(iv)),
                           f" by {fmt_day(iv.decision_by)}.")
    t.blank()
    t.extend(plan_text(ctx, iv))
    return [reply(t)]
