"""The words of each timed nudge. Rendered when sent, from the interview as it is then."""

from __future__ import annotations

from datetime import timedelta

from bot.core.coaching import rehearsal
from bot.core.coaching.drafts import draft_reply
from bot.core.coaching.outcomes import outcome_buttons
from bot.core.coaching.snooze import snooze_button
from bot.core.contract import buttons
from bot.core.contract.context import Ctx
from bot.core.contract.messages import Reply, TextBuilder, bold, italic, reply
from bot.core.contract.models import Interview, Nudge
from bot.core.contract.prefs import zone_suffix
from bot.core.language.dates import fmt_day, fmt_when
from bot.core.language.wording import (
    ask_for_date_wording,
    day_count,
    role_phrase,
    the_label,
    who_to_thank,
)
from bot.core.plan.kinds import (
    AGREED_CONTACT,
    ASK_FOR_DATE,
    CALL_PROMPT,
    CHECKIN,
    FOLLOW_UP,
    OFFER_DEADLINE,
    REHEARSAL_OFFER,
    ROUND_PREP,
    THANK_YOU_KINDS,
    THANK_YOU_REMINDER,
)
from bot.core.plan.planner import local_day
from bot.core.plan.views import in_progress, next_step, step_phrase

# Concrete things to do instead of refreshing the inbox (the article: divert your mind).
DISTRACTIONS = (
    "apply to two more roles today, so this one stops being the only door",
    "take a 30-minute walk without your phone",
    "tidy up your CV with what you learned in this interview",
    "cook something that takes an hour",
    "message a friend you haven't talked to in a while",
    "do one hour of a course or side project you've been putting off",
    "write down three questions you were asked and how you'd answer them even better next time",
    "ask someone in a job you'd like for a 15-minute chat about how they got there",
    "go to a class, a match or a meet-up: somewhere the phone stays in your pocket",
    "update your LinkedIn with the project you talked about in the interview",
    "practise one answer that felt weak, out loud, until it sounds like you",
    "plan something for the weekend that has nothing to do with work",
)

# A nudge delivered later than this says when it was due instead of "now".
LATE = timedelta(minutes=30)


def distraction(seed: str) -> str:
    """One of DISTRACTIONS, picked by `seed` (any text, e.g. the time): the seed's "divert
    your mind" advice made concrete."""
    return DISTRACTIONS[sum(seed.encode()) % len(DISTRACTIONS)]


def checkin_distraction(ctx: Ctx, iv: Interview, nudge: Nudge) -> str:
    """A distraction no earlier check-in of this interview gave: the n-th check-in sent gets
    the n-th of DISTRACTIONS, counted from a start that differs between interviews."""
    sent = sum(1 for n in ctx.repo.nudges_for_interview(iv.id)
               if n.kind == CHECKIN and n.status == "sent" and n.id != nudge.id)
    return DISTRACTIONS[(sum(iv.id.encode()) + sent) % len(DISTRACTIONS)]


def render(ctx: Ctx, nudge: Nudge, iv: Interview) -> Reply | None:
    """The message for a due nudge, or None when it no longer applies."""
    if nudge.kind == OFFER_DEADLINE:
        return offer_reminder(ctx, nudge, iv)
    if iv.status != "waiting":
        return None
    owner, tz = ctx.owner, ctx.prefs.tz
    sent_button = [buttons.make("Thank-you sent ✓", "ty", owner, iv.id)]
    t = TextBuilder()
    if nudge.kind in THANK_YOU_KINDS:
        if iv.thank_you_sent_at is not None:
            return None
        if nudge.kind == THANK_YOU_REMINDER:
            t.line(bold("Thank-you check: "), f"have you sent your note to {who_to_thank(iv)} "
                   f"about {the_label(iv)}? A few warm lines now keep you fresh in their mind.")
        else:
            t.line(bold("Last reminder about the thank-you "), f"for {the_label(iv)}: it's "
                   f"still worth sending today. After this I'll stop asking.")
        t.line("Subject idea: Job interview follow up – "
               f"{ctx.user.full_name or ctx.user.display_name or '<your full name>'}")
        return reply(t, buttons=[[buttons.make("Draft it for me", "dr", owner, iv.id, "ty")],
                                 sent_button, [snooze_button(owner, iv, nudge)]])
    if nudge.kind == ASK_FOR_DATE:
        if iv.decision_by is not None:
            return None
        t.line(bold("Ask when you'll hear back. "), f"You don't have a date from "
               f"{iv.company or 'them'} yet, and today is a good day to ask HR — they run the "
               f"process. Keep it short and polite:")
        t.line(ask_for_date_wording(iv))
        return reply(t, buttons=[[buttons.make("They gave me a date", "sd", owner, iv.id)],
                                 [snooze_button(owner, iv, nudge)]])
    if nudge.kind == CHECKIN and iv.outcome == "standby":
        return standby_checkin(ctx, nudge, iv)
    if nudge.kind == CHECKIN and _overdue(ctx, iv):
        return overdue_checkin(ctx, nudge, iv)
    if nudge.kind == FOLLOW_UP:
        return follow_up(ctx, nudge, iv)
    if nudge.kind == CHECKIN:
        if iv.thank_you_sent_at is None:
            t.line(bold("Waiting is part of the process. "), f"For {the_label(iv)}, the one "
                   f"thing worth doing is your thank-you, if it isn't sent yet; beyond that, "
                   f"nothing to do right now.")
        else:
            t.line(bold("Waiting is part of the process. "), f"Nothing to do on "
                   f"{the_label(iv)} right now.")
        step = next_step(ctx, iv)
        if step:
            t.line(f"Next step: {step_phrase(step, iv)}, {fmt_when(step.due_at, tz)}"
                   f"{zone_suffix(ctx.prefs)}. Until then, checking your inbox again won't "
                   f"change the answer.")
        t.line("Something for today instead: ", italic(checkin_distraction(ctx, iv, nudge)), ".")
        return reply(t)
    if nudge.kind == REHEARSAL_OFFER:
        t.line(bold("Tomorrow is call day "), f"for {the_label(iv)}. A few minutes of rehearsal "
               f"tonight makes the call much easier. Think through what HR might say:")
        t.line("• \"We're still waiting to hear from the team\" → \"Of course — could you let me "
               "know when you expect an update?\"")
        t.line("• \"You've been selected\" → say you're delighted and ask about next steps.")
        t.line("• \"You're on our standby list\" → thank them and ask when to check back.")
        t.line("• \"We went with someone else\" → stay gracious and ask for brief feedback.")
        t.line("• \"Sorry, who is this?\" → your name, the role, the interview date, calmly.")
        t.line("Or practise it with me: I'll play HR and coach each answer.")
        return reply(t, buttons=[[rehearsal.start_button(owner, iv)]])
    if nudge.kind == CALL_PROMPT:
        prompt = call_prompt(ctx, iv, nudge)
        return reply(*prompt.spans, buttons=[*prompt.buttons, [snooze_button(owner, iv, nudge)]])
    if nudge.kind == AGREED_CONTACT:
        verb = {"call": "call", "message": "message"}.get(iv.agreed_contact_kind or "", "email")
        who = iv.interviewer or "your interviewer"
        if ctx.now - nudge.due_at > LATE:
            when = fmt_when(nudge.due_at, tz) + zone_suffix(ctx.prefs)
            t.line(bold("As agreed: "), f"{who} asked you to {verb} on {when} about "
                   f"{the_label(iv)}. If you haven't yet, do it today.")
        else:
            t.line(bold("It's time, as agreed: "), f"{who} asked you to {verb} now about "
                   f"{the_label(iv)}.")
        if verb == "call":
            t.line("Script: ", call_script(ctx, iv))
            if iv.interviewer_phone:
                t.line("Number: ", iv.interviewer_phone)
        if verb == "email":
            draft = draft_reply(ctx, iv, "fu")
            t.blank()
            t.add(*draft.spans)
            t.blank()
            t.line("When you've sent it, tell me how it goes:")
        return reply(t, buttons=[*outcome_buttons(owner, iv, nudge),
                                 [snooze_button(owner, iv, nudge)]])
    if nudge.kind == ROUND_PREP:
        return round_prep(ctx, iv, nudge)
    return None


def round_prep(ctx: Ctx, iv: Interview, nudge: Nudge) -> Reply | None:
    """Getting ready for a round still to come (issue 17); None once it has begun."""
    if iv.interviewed_at <= ctx.now:
        return None
    t = TextBuilder()
    t.line(bold(f"Your {iv.round or 'next'} round "), f"for {the_label(iv)} is on "
           f"{fmt_when(iv.interviewed_at, ctx.prefs.tz)}{zone_suffix(ctx.prefs)}. To get ready:")
    t.line("• re-read the job advert" + (f" ({iv.link})" if iv.link else "") +
           " and what you learned in the last round")
    for note in iv.notes:
        t.line(f"• your note: {note}")
    t.line("• two or three questions of your own, and a short example for each skill they "
           "asked about")
    t.line("• where it is (or the video link), and be there ten minutes early")
    t.line(f"Want a practice run? I'll ask three questions a {iv.round or 'next'} round often "
           f"brings, one at a time, and coach each answer.")
    return reply(t, buttons=[[rehearsal.practice.start_button(ctx.owner, iv)],
                             [snooze_button(ctx.owner, iv, nudge)]])


def _overdue(ctx: Ctx, iv: Interview) -> bool:
    """The decision is late: its promised day has passed, or the first call is behind us."""
    today = local_day(ctx.now, ctx.prefs.tz)
    if iv.decision_by is not None:
        return today > iv.decision_by
    return any(n.kind == CALL_PROMPT and n.status == "sent"
               for n in ctx.repo.nudges_for_interview(iv.id))


def overdue_checkin(ctx: Ctx, nudge: Nudge, iv: Interview) -> Reply:
    """A check-in while the decision is overdue (issue 17, "waiting well"): how long it has
    been, that silence is common, the next step's date or that the ball is in their court,
    and a distraction no earlier check-in gave."""
    t = TextBuilder()
    since = iv.decision_by or local_day(iv.interviewed_at, ctx.prefs.tz)
    days = (local_day(ctx.now, ctx.prefs.tz) - since).days
    what = (f"{day_count(days)} past the date they gave" if iv.decision_by
            else f"{day_count(days)} since the interview")
    t.line(bold("Still no news? "), f"For {the_label(iv)} it's {what}. Hiring often runs "
           f"late — budgets, holidays, a second candidate — and it says little about you.")
    step = next_step(ctx, iv)
    if step is not None:
        t.line(f"Next step: {step_phrase(step, iv)}, {fmt_when(step.due_at, ctx.prefs.tz)}"
               f"{zone_suffix(ctx.prefs)}. Until then, nothing to send.")
    else:
        t.line("You've asked, and followed up: the ball is in their court now. More messages "
               "won't bring the answer sooner, so put your energy into the other doors. When "
               "you hear, type outcome.")
    if not _later_checkin(ctx, nudge, iv):
        # The last one planned (eight weeks after the call): a silence that long is usually
        # an answer; deciding to move on frees the energy waiting takes.
        t.line("This is the last check-in I'll send for it. After this long without a word, "
               "it's fair to decide whether you still want to wait: if not, type withdraw to "
               "close it (a short, polite note is offered), and keep your energy for the "
               "applications that are moving.")
    t.line("Something for this week: ", italic(checkin_distraction(ctx, iv, nudge)), ".")
    return reply(t, buttons=outcome_buttons(ctx.owner, iv))


def _later_checkin(ctx: Ctx, nudge: Nudge, iv: Interview) -> bool:
    """Whether another check-in of `iv` is still pending after `nudge`."""
    return any(n.kind == nudge.kind and n.status == "pending" and n.id != nudge.id and
               n.due_at > nudge.due_at for n in ctx.repo.nudges_for_interview(iv.id))


def standby_checkin(ctx: Ctx, nudge: Nudge, iv: Interview) -> Reply:
    """A check-in while on standby (issue 17, item 6): they did hear — they are the next
    choice — so not the overdue words; when the check-back call is (the seed's standby answer:
    ask when to check back), and something to do meanwhile. The outcome buttons, less
    "On standby", for news that comes first."""
    t = TextBuilder().line(bold("Still on standby "), f"for {the_label(iv)}: you're the one "
                           f"they turn to if things change, and nothing changes that until "
                           f"they tell you.")
    step = next_step(ctx, iv)
    if step is not None and step.kind == CALL_PROMPT:
        t.line(f"Your check-back call is on {fmt_when(step.due_at, ctx.prefs.tz)}"
               f"{zone_suffix(ctx.prefs)}; I'll send you a short script then. Until then, "
               f"nothing to send.")
    elif in_progress(ctx, iv) is not None:
        t.line("Your check-back call is due: type script for the words, and tell me how it "
               "went.")
    else:
        t.line("Let them come back to you now; if you hear, tell me with a button below.")
    t.line("Something for this week: ", italic(checkin_distraction(ctx, iv, nudge)), ".")
    return reply(t, buttons=outcome_buttons(ctx.owner, iv, without="sby"))


def follow_up(ctx: Ctx, nudge: Nudge, iv: Interview) -> Reply:
    """The one written follow-up after the call (CONTACT_SPACING working days later)."""
    t = TextBuilder().line(bold("One short follow-up. "), f"No news on {the_label(iv)} since "
                           f"the call? A polite email asking for an update is reasonable now — "
                           f"and it's the last contact I'll suggest; after it, let it rest.")
    draft = draft_reply(ctx, iv, "fu")
    t.blank()
    t.add(*draft.spans)
    t.blank()
    t.line("When you hear back, tell me:")
    return reply(t, buttons=[*outcome_buttons(ctx.owner, iv, nudge),
                             [snooze_button(ctx.owner, iv, nudge)]])


def offer_reminder(ctx: Ctx, nudge: Nudge, iv: Interview) -> Reply | None:
    """The working morning before an offer's answer is due; None once it no longer applies."""
    if iv.outcome != "selected" or iv.offer_deadline is None:
        return None
    t = TextBuilder().line(bold("Your answer to the offer is due "),
                           f"{fmt_day(iv.offer_deadline)}, for {the_label(iv)}.")
    t.line("Ready? Accept in writing and confirm the start date. Not sure yet? Ask politely for "
           "a little more time today, not on the day itself — it's a normal request.")
    # No Snooze: the deadline is theirs, and snoozing works on open interviews only.
    return reply(t, buttons=[[buttons.make("Draft: accept", "dr", ctx.owner, iv.id, "oa")],
                             [buttons.make("Draft: ask for time", "dr", ctx.owner, iv.id, "ot")],
                             [buttons.make("Draft: decline", "dr", ctx.owner, iv.id, "od")]])


# What the call asks for, by how the call prompt was made (`Nudge.origin`): a standby check-back
# or the first call (also its retries).
STANDBY_ASK = "I'm on your standby list and wanted to check whether anything has changed."
DECISION_ASK = "I'm calling to ask whether there's any news on a decision."


def script_ask(origin: str) -> str:
    """The last sentence of the script for a call prompt of `origin` (see STANDBY_ASK)."""
    return STANDBY_ASK if origin == "standby" else DECISION_ASK


def call_script(ctx: Ctx, iv: Interview, ask: str = DECISION_ASK) -> str:
    """Who you are, the role, when and with whom you interviewed, and the `ask`."""
    name = ctx.user.full_name or ctx.user.display_name or "<your name>"
    with_whom = f" with {iv.interviewer}" if iv.interviewer else ""
    return (f"\"Hello, this is {name}. I interviewed for {role_phrase(iv)} on "
            f"{fmt_day(iv.interviewed_at.astimezone(ctx.prefs.tz).date())}{with_whom}. "
            f"{ask}\"")


def call_prompt(ctx: Ctx, iv: Interview, nudge: Nudge | None = None) -> Reply:
    """The call prompt, in the words of its moment (issue 17): a check-back while on standby,
    another try after no answer, a call well past the promised date, or the first call."""
    t = TextBuilder()
    origin = nudge.origin if nudge is not None else "plan"
    today = ctx.now.astimezone(ctx.prefs.tz).date()
    late = (today - iv.decision_by).days if iv.decision_by else 0
    if origin == "standby":
        t.line(bold("Time to check back. "), f"You're on the standby list for {the_label(iv)}: "
               "a short, friendly call shows you're still keen and keeps you first in line.")
        t.line("Script: ", call_script(ctx, iv, STANDBY_ASK))
    elif origin == "retry":
        t.line(bold("Try the call again. "), f"Nobody picked up last time about "
               f"{the_label(iv)} — that's common. A different time of day often works.")
        t.line("Script: ", call_script(ctx, iv))
    else:
        if iv.decision_by is None:
            reason = "a few days have passed without a date"
        elif late >= 3:
            reason = (f"their date, {fmt_day(iv.decision_by)}, passed {late} days ago — asking "
                      f"now is reasonable, not pushy")
        else:
            reason = f"they said they'd decide by {fmt_day(iv.decision_by)}"
        t.line(bold("Time to make the call. "), f"For {the_label(iv)}, {reason}. Knowing beats "
               "wondering, and a polite call is completely normal.")
        t.line("Script: ", call_script(ctx, iv))
    if iv.interviewer_phone:
        t.line("Number: ", iv.interviewer_phone)
    t.line("Afterwards, tell me how it went:")
    return reply(t, buttons=outcome_buttons(ctx.owner, iv, nudge))
