"""On standby (issue 17, item 5): you're their next choice if the offer falls through. The seed's
standby answer asks when it would be good to check back; so does Hearback: a check-back call is
pencilled in a week out at once (kept if the question is never answered), then the day the user
gives ("in two weeks", "Monday", "they didn't say") re-times it.

The flow `standby` has one step, `when`; its state is the interview's id (`iv`). Buttons: `sb`
with `1w`, `2w` or `nd`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from bot.core.contract import buttons, flows
from bot.core.contract.buttons import Press
from bot.core.contract.context import Ctx
from bot.core.contract.flows import Retry, Rows, Step
from bot.core.contract.messages import Reply, bold, reply
from bot.core.contract.models import Dialog, Interview, Nudge, Origin
from bot.core.contract.prefs import zone_suffix
from bot.core.language.dates import fmt_day, fmt_when, says_no_date
from bot.core.language.moments import day_answered
from bot.core.language.wording import the_label
from bot.core.plan.kinds import CALL_PROMPT, FOLLOW_UP
from bot.core.plan.planner import CALL_HOUR, at_local, local_day, next_contact_slot

FLOW = "standby"
BUTTON_ACTION = "sb"
STANDBY_WAIT = timedelta(days=7)  # when they didn't say: a week, then a friendly check-back
PRESETS = {"1w": timedelta(days=7), "2w": timedelta(days=14), "nd": STANDBY_WAIT}


@dataclass
class StandbyState:
    """The interview on standby whose check-back day is asked (Dialog.data)."""

    iv: str = ""


def _day(ctx: Ctx, s: StandbyState, text: str) -> date | Retry:
    today = local_day(ctx.now, ctx.prefs.tz)
    if text in PRESETS:
        return today + PRESETS[text]
    if says_no_date(text):
        return today + STANDBY_WAIT
    parsed = day_answered(text, ctx.now, ctx.prefs.tz, None)  # "… by the 10th", "Friday"
    if parsed is None:
        return Retry("I couldn't read a day there. Try \"in two weeks\", \"Monday\", \"12 Dec\", "
                     "or press a button.")
    day = parsed.when.date()
    if day <= today:
        return Retry(f"{fmt_day(day)} isn't ahead of us. When would be a good day to check back?")
    return day


def _buttons(ctx: Ctx, s: StandbyState, step: object = None) -> Rows:
    return [[buttons.make(label, BUTTON_ACTION, ctx.owner, s.iv, code)
             for label, code in (("In a week", "1w"), ("In two weeks", "2w"))],
            [buttons.make("They didn't say", BUTTON_ACTION, ctx.owner, s.iv, "nd")]]


STEPS: dict[str, Step[StandbyState, date]] = flows.table(
    Step("when", "When did they say it's good to check back? (\"in two weeks\", \"Monday\")",
         _day, _buttons, asks_date="future"),
)
WHEN = STEPS["when"]


def put_on_standby(ctx: Ctx, iv: Interview) -> list[Reply]:
    """Record standby for `iv` (still open), pencil in a check-back a week out, and ask when
    they said to check back."""
    iv.outcome, iv.call_retries = "standby", 0  # still open: they may come back to you
    iv.answered_at = iv.answered_at or ctx.now
    ctx.repo.save_interview(iv)
    due = _check_back(ctx, local_day(ctx.now, ctx.prefs.tz) + STANDBY_WAIT)
    replace_call(ctx, iv, due, "standby")
    for n in ctx.repo.nudges_for_interview(iv.id):
        if n.status == "pending" and n.kind == FOLLOW_UP:  # the check-back is the contact now
            n.cancel(ctx.now, "on standby")
            ctx.repo.save_nudge(n)
    s = StandbyState(iv=iv.id)
    flows.open_dialog(ctx, FLOW, WHEN.name, s)
    return [reply("On standby means you're their next choice if the offer falls through — a "
                  "good sign. Meanwhile, keep other applications moving."),
            WHEN.ask(ctx, s)]


def current(ctx: Ctx, dialog: Dialog, lead: str) -> Reply:
    return WHEN.ask(ctx, flows.load(StandbyState, dialog.data), lead)


def answer(ctx: Ctx, dialog: Dialog, text: str) -> list[Reply]:
    s = flows.load(StandbyState, dialog.data)
    got = WHEN.read(ctx, s, text)
    if isinstance(got, Retry):
        return [WHEN.ask(ctx, s, got.why)]
    return _plan(ctx, s, got)


def press(ctx: Ctx, p: Press) -> list[Reply]:
    dialog = ctx.repo.get_dialog(ctx.user.key)
    if dialog is None or dialog.flow != FLOW:
        return [reply("That question is already closed.")]
    s = flows.load(StandbyState, dialog.data)
    got = WHEN.read(ctx, s, p.arg, pressed=True)
    if isinstance(got, Retry) or s.iv != p.interview:
        return [current(ctx, dialog, "That button is from an earlier question. Here it is:")]
    return _plan(ctx, s, got)


def _plan(ctx: Ctx, s: StandbyState, day: date) -> list[Reply]:
    ctx.repo.clear_dialog(ctx.user.key)
    iv = ctx.repo.get_interview(s.iv)
    if iv is None or iv.user_key != ctx.user.key or iv.status != "waiting":
        return [reply("That interview is closed now, so there's no check-back to plan.")]
    due = _check_back(ctx, day)
    replace_call(ctx, iv, due, "standby")
    return [reply(bold("Planned: "), f"I'll prompt you to check back about {the_label(iv)} on "
                  f"{fmt_when(due, ctx.prefs.tz)}{zone_suffix(ctx.prefs)}, with a short "
                  f"script. Until then, nothing to send.")]


def _check_back(ctx: Ctx, day: date) -> datetime:
    return next_contact_slot(at_local(day, CALL_HOUR, ctx.prefs.tz), ctx.prefs)


def replace_call(ctx: Ctx, iv: Interview, due: datetime, origin: Origin) -> None:
    """The pending call prompt moves to `due`, as a new nudge made by hand (`origin`)."""
    existing = ctx.repo.nudges_for_interview(iv.id)
    for n in existing:
        if n.status == "pending" and n.kind == CALL_PROMPT:
            n.cancel(ctx.now, "re-timed")
            ctx.repo.save_nudge(n)
    ctx.repo.add_nudges([Nudge(id=ctx.repo.new_id(), user_key=ctx.user.key, interview_id=iv.id,
                               kind=CALL_PROMPT, due_at=due, created_at=ctx.now, origin=origin,
                               batch=Nudge.next_batch(existing))])
