"""The words of each timed nudge. Rendered when sent, from the interview as it is then."""

from __future__ import annotations

from bot.core import buttons
from bot.core.context import Ctx
from bot.core.dates import fmt_day, fmt_when
from bot.core.intake import ask_for_date_wording
from bot.core.messages import Button, Reply, TextBuilder, bold, italic, reply
from bot.core.models import Interview, Nudge
from bot.core.planner import (
    AGREED_CONTACT,
    ASK_FOR_DATE,
    CALL_PROMPT,
    CHECKIN,
    REHEARSAL_OFFER,
    THANK_YOU_LAST,
    THANK_YOU_REMINDER,
)
from bot.core.views import next_step, plan_line

# Concrete things to do instead of refreshing the inbox (the article: divert your mind).
DISTRACTIONS = (
    "apply to two more roles today, so this one stops being the only door",
    "take a 30-minute walk without your phone",
    "tidy up your CV with what you learned in this interview",
    "cook something that takes an hour",
    "message a friend you haven't talked to in a while",
    "do one hour of a course or side project you've been putting off",
    "write down three questions you were asked and how you'd answer them even better next time",
)

OUTCOMES = (("Selected 🎉", "sel"), ("Still waiting", "wait"), ("On standby", "sby"),
            ("Not selected", "not"), ("No answer", "na"))


def distraction(seed: str) -> str:
    return DISTRACTIONS[sum(seed.encode()) % len(DISTRACTIONS)]


def outcome_buttons(owner: str, iv: Interview) -> list[list[Button]]:
    row = [buttons.make(label, "oc", owner, iv.id, code) for label, code in OUTCOMES]
    return [row[:2], row[2:]]


def who_to_thank(iv: Interview) -> str:
    return iv.interviewer or (f"the team at {iv.company}" if iv.company else "your interviewer")


def render(ctx: Ctx, nudge: Nudge, iv: Interview) -> Reply | None:
    """The message for a due nudge, or None when it no longer applies."""
    if iv.status != "waiting":
        return None
    owner, tz = ctx.owner, ctx.prefs.tz
    sent_button = [buttons.make("Thank-you sent ✓", "ty", owner, iv.id)]
    t = TextBuilder()
    if nudge.kind in (THANK_YOU_REMINDER, THANK_YOU_LAST):
        if iv.thank_you_sent_at is not None:
            return None
        if nudge.kind == THANK_YOU_REMINDER:
            t.line(bold("Thank-you check: "), f"have you sent your note to {who_to_thank(iv)} "
                   f"about the {iv.label} interview? A few warm lines now keep you fresh in "
                   f"their mind.")
        else:
            t.line(bold("Last reminder about the thank-you "), f"for {iv.label}: it's still "
                   f"worth sending this morning. After this I'll stop asking.")
        t.line("Subject idea: Job interview follow up – "
               f"{ctx.user.display_name or '<your full name>'}")
        return reply(t, buttons=[sent_button])
    if nudge.kind == ASK_FOR_DATE:
        if iv.decision_by is not None:
            return None
        t.line(bold("Ask when you'll hear back. "), f"You don't have a date from "
               f"{iv.company or 'them'} yet, and today is a good day to ask HR — they run the "
               f"process. Keep it short and polite:")
        t.line(ask_for_date_wording(iv))
        return reply(t, buttons=[[buttons.make("They gave me a date", "sd", owner, iv.id)]])
    if nudge.kind == CHECKIN:
        t.line(bold("Waiting is part of the process. "), f"Nothing to do on {iv.label} right now.")
        step = next_step(ctx, iv)
        if step:
            t.line(f"Next step: {plan_line(step, iv)} on {fmt_when(step.due_at, tz)}. Until then, "
                   f"checking your inbox again won't change the answer.")
        t.line("Something for today instead: ", italic(distraction(nudge.id)), ".")
        return reply(t)
    if nudge.kind == REHEARSAL_OFFER:
        t.line(bold("Tomorrow is call day "), f"for {iv.label}. A few minutes of rehearsal "
               f"tonight makes the call much easier. Think through what HR might say:")
        t.line("• \"We're still waiting to hear from the team\" → \"Of course — could you let me "
               "know when you expect an update?\"")
        t.line("• \"You've been selected\" → say you're delighted and ask about next steps.")
        t.line("• \"You're on our standby list\" → thank them and ask when to check back.")
        t.line("• \"We went with someone else\" → stay gracious and ask for brief feedback.")
        t.line("• \"Sorry, who is this?\" → your name, the role, the interview date, calmly.")
        return reply(t)
    if nudge.kind == CALL_PROMPT:
        return call_prompt(ctx, iv)
    if nudge.kind == AGREED_CONTACT:
        verb = "call" if iv.agreed_contact_kind == "call" else "email"
        t.line(bold("It's time, as agreed: "), f"{iv.interviewer or 'your interviewer'} asked you "
               f"to {verb} now about the {iv.label} result.")
        if verb == "email":
            t.line("Read it once more before sending: no typos, their name spelled right, your "
                   "full name and phone under it.")
        return reply(t, buttons=outcome_buttons(owner, iv))
    return None


def call_prompt(ctx: Ctx, iv: Interview) -> Reply:
    t = TextBuilder()
    reason = (f"they said they'd decide by {fmt_day(iv.decision_by)}" if iv.decision_by
              else "a few days have passed without a date")
    t.line(bold("Time to make the call. "), f"For {iv.label}, {reason}. Knowing beats wondering, "
           "and a polite call is completely normal.")
    name = ctx.user.display_name or "<your name>"
    role = iv.role or "the role"
    with_whom = f" with {iv.interviewer}" if iv.interviewer else ""
    script = (f"\"Hello, this is {name}. I interviewed for the {role} position on "
              f"{fmt_day(iv.interviewed_at.astimezone(ctx.prefs.tz).date())}{with_whom}. "
              f"I'm calling to ask whether there's any news on a decision.\"")
    t.line("Script: ", script)
    if iv.interviewer_phone:
        t.line("Number: ", iv.interviewer_phone)
    t.line("Afterwards, tell me how it went:")
    return reply(t, buttons=outcome_buttons(ctx.owner, iv))
