"""The offer stage (issue 17, item 4): "Selected", or "they offered me the job", opens the offer
instead of closing the follow-up with congratulations. The seed's selected call ends with "ask
what the next steps are"; here they are: get the offer in writing, the questions worth asking
(start date, salary, benefits), the deadline to answer (asked; a reminder the working morning
before it, `planner.offer_reminder`), a short negotiation rehearsal (the rehearsal's offer
scenarios), checked drafts to accept or to ask for time, and for each other open application a
draft telling them about the offer and asking for an update.

The flow `offer` has one step, `deadline`; its state is the interview's id (`iv`). Buttons: `of`
with `nd` ("they didn't say", under the question) or `dl` (ask the deadline again, once known)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.core.coaching import rehearsal
from bot.core.coaching.applications import short_name
from bot.core.contract import buttons, flows
from bot.core.contract.buttons import Press
from bot.core.contract.context import Ctx, interview_pressed
from bot.core.contract.flows import Retry, Rows, Step
from bot.core.contract.messages import Button, Reply, TextBuilder, bold, reply
from bot.core.contract.models import Dialog, Interview
from bot.core.contract.prefs import zone_suffix
from bot.core.language.dates import fmt_day, fmt_when, says_no_date
from bot.core.language.moments import day_answered
from bot.core.language.wording import the_label
from bot.core.plan import schedule as plans
from bot.core.plan.kinds import OFFER_DEADLINE
from bot.core.plan.planner import local_day

FLOW = "offer"
BUTTON_ACTION = "of"
NO_DEADLINE = "nd"
SET_DEADLINE = "dl"


@dataclass
class OfferState:
    """The offer whose deadline is asked (Dialog.data)."""

    iv: str = ""


def _deadline(ctx: Ctx, s: OfferState, text: str) -> date | Retry | None:
    """A day still to come, or None for "they didn't say"; Retry for anything else."""
    if text == NO_DEADLINE or says_no_date(text):
        return None
    parsed = day_answered(text, ctx.now, ctx.prefs.tz, None)  # "… by the 10th", "Friday"
    if parsed is None:
        return Retry("I couldn't read a day there. Try \"Friday\", \"in a week\", \"12 Dec\", or "
                     "press They didn't say.")
    day = parsed.when.date()
    if day < local_day(ctx.now, ctx.prefs.tz):
        return Retry(f"{fmt_day(day)} has passed already. Which day do they need your answer by?")
    return day


def _deadline_buttons(ctx: Ctx, s: OfferState, step: object = None) -> Rows:
    return [[buttons.make("They didn't say", BUTTON_ACTION, ctx.owner, s.iv, NO_DEADLINE),
             flows.cancel_button(ctx.owner)]]


STEPS: dict[str, Step[OfferState, date | None]] = flows.table(
    Step("deadline", "By when do they need your answer? (\"Friday\", \"in a week\", \"12 Dec\")",
         _deadline, _deadline_buttons, asks_date="future"),
)
DEADLINE = STEPS["deadline"]


def opened(ctx: Ctx, iv: Interview) -> list[Reply]:
    """Record the offer for `iv` (closed as "selected": its waiting plan ends) and open the offer
    stage: what to do before saying yes, then the deadline question."""
    iv.status, iv.outcome, iv.offer_at = "closed", "selected", ctx.now
    iv.answered_at = iv.answered_at or ctx.now  # their first answer (standby may come first)
    ctx.repo.save_interview(iv)
    plans.schedule(ctx, iv)  # the wait's nudges end; the offer plans its own reminder
    t = TextBuilder().line(bold("Congratulations! 🎉 "), f"An offer for {the_label(iv)} — "
                           "that's wonderful news. Before you say yes:")
    t.line("1. Get it in writing. A call is not yet an offer: ask for the written offer with the "
           "salary, start date and benefits, and read it before you accept.")
    t.line("2. Questions worth asking: the start date; the salary and when it's reviewed; the "
           "benefits (holiday, pension, health cover, bonus); hours, remote work, probation and "
           "notice period.")
    t.line("3. Answer by their deadline — asking for a day or two more is normal and polite.")
    s = OfferState(iv=iv.id)
    flows.open_dialog(ctx, FLOW, DEADLINE.name, s)
    return [reply(t), DEADLINE.ask(ctx, s)]


def current(ctx: Ctx, dialog: Dialog, lead: str) -> Reply:
    return DEADLINE.ask(ctx, flows.load(OfferState, dialog.data), lead)


def answer(ctx: Ctx, dialog: Dialog, text: str) -> list[Reply]:
    s = flows.load(OfferState, dialog.data)
    got = DEADLINE.read(ctx, s, text)
    if isinstance(got, Retry):
        return [DEADLINE.ask(ctx, s, got.why)]
    return _decided(ctx, s, got)


def press(ctx: Ctx, p: Press) -> list[Reply]:
    """"They didn't say" under the deadline question, or "Set the deadline" to ask it again
    (the engine has checked the interview is the presser's)."""
    dialog = ctx.repo.get_dialog(ctx.user.key)
    if p.arg == SET_DEADLINE:
        iv = interview_pressed(ctx, p)
        if iv.outcome != "selected" or iv.offer_at is None:
            return [reply(f"There's no offer recorded for {the_label(iv)}.")]
        state = OfferState(iv=iv.id)
        flows.open_dialog(ctx, FLOW, DEADLINE.name, state)
        return [DEADLINE.ask(ctx, state)]
    if dialog is None or dialog.flow != FLOW:
        return [reply("That question is already closed.")]
    s = flows.load(OfferState, dialog.data)
    if s.iv != p.interview:
        return [current(ctx, dialog, "That button is from another offer. Here's where we are:")]
    return _decided(ctx, s, None)


def _decided(ctx: Ctx, s: OfferState, deadline: date | None) -> list[Reply]:
    ctx.repo.clear_dialog(ctx.user.key)
    iv = ctx.repo.get_interview(s.iv)
    if iv is None or iv.user_key != ctx.user.key:
        return [reply("That offer's interview is gone, so there's nothing to plan.")]
    iv.offer_deadline = deadline
    ctx.repo.save_interview(iv)
    plans.schedule(ctx, iv)
    return [next_steps(ctx, iv)]


def next_steps(ctx: Ctx, iv: Interview) -> Reply:
    """The deadline and its reminder, the rehearsal and the drafts, and the other open
    applications, each with a draft to tell them about the offer."""
    t = TextBuilder()
    reminder = next((n for n in ctx.repo.nudges_for_interview(iv.id)
                     if n.kind == OFFER_DEADLINE and n.status == "pending"), None)
    if iv.offer_deadline is None:
        t.line("No deadline yet: when you ask for the offer in writing, ask when they need your "
               "answer too, and press Set the deadline once you know it.")
    else:
        t.line(bold("Your answer is due "), f"{fmt_day(iv.offer_deadline)}.")
        if reminder is not None:
            t.line(f"I'll remind you on {fmt_when(reminder.due_at, ctx.prefs.tz)}"
                   f"{zone_suffix(ctx.prefs)}.")
    t.line("If the numbers aren't quite right, a short rehearsal of the salary talk helps; and "
           "when you've decided, I have a checked draft to accept, or to ask for a little more "
           "time.")
    rows: list[list[Button]] = [
        [buttons.make("Rehearse negotiating", rehearsal.BUTTON_ACTION, ctx.owner, iv.id,
                      rehearsal.NEGOTIATE_ARG)],
        [buttons.make("Draft: accept", "dr", ctx.owner, iv.id, "oa"),
         buttons.make("Draft: ask for time", "dr", ctx.owner, iv.id, "ot")],
        [buttons.make("Draft: decline", "dr", ctx.owner, iv.id, "od")]]
    if iv.offer_deadline is None:
        rows.append([buttons.make("Set the deadline", BUTTON_ACTION, ctx.owner, iv.id,
                                  SET_DEADLINE)])
    others = plans.open_interviews(ctx)
    # Another role at the offering company: the "offer from another company" draft would be
    # untrue there.
    same = [o for o in others if iv.company and (o.company or "").lower() == iv.company.lower()]
    others = [o for o in others if o not in same]
    if same:
        t.blank()
        t.line(f"You also applied for {', '.join(the_label(o) for o in same)}: that's the same "
               "company, so ask your contact there how it affects that application.")
    if others:
        t.blank()
        names = ", ".join(the_label(o) for o in others)
        t.line(f"Your other open application{'s' if len(others) > 1 else ''}: {names}. An offer "
               "is a fair reason to ask them for an update — it can speed up their decision. "
               "A draft for each:")
        rows += [[buttons.make(f"Draft for {short_name(o, others)}"[:48], "dr", ctx.owner,
                               o.id, "ou")] for o in others]
    return reply(t, buttons=rows)
