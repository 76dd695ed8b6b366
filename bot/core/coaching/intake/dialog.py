"""The intake dialog: what the first message says is filled in, the rest is asked one step at a
time (steps.STEPS), each with buttons for common answers, Skip and Cancel; a doubtful date is
confirmed before it is kept. State lives in storage (a Dialog of flow "intake")."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime

from bot.core.coaching.intake import finish
from bot.core.coaching.intake.steps import (
    CODES,
    CONFIRM,
    FLOW,
    MAX_FACT,
    NO_RE,
    SKIP,
    STEP_OF,
    STEPS,
    YES_RE,
    Confirm,
    IntakeState,
    confirm_of,
    next_step,
    with_default_time,
)
from bot.core.contract import buttons, flows
from bot.core.contract.buttons import Press
from bot.core.contract.context import Ctx
from bot.core.contract.flows import Flow, Retry
from bot.core.contract.messages import Reply, TextBuilder, bold, reply
from bot.core.contract.models import Dialog, Interview, ends_in_role_word
from bot.core.language.dates import fmt_day, fmt_when
from bot.core.language.extract import Facts
from bot.core.language.intents import means_skip
from bot.core.language.wording import the_label
from bot.core.plan.views import INFORMERS


def _state(dialog: Dialog) -> IntakeState:
    return flows.load(IntakeState, dialog.data)


def _pending(dialog: Dialog) -> Confirm | None:
    return flows.load(Confirm, dialog.pending) if dialog.pending else None


# -- starting -----------------------------------------------------------------------------------
def start(ctx: Ctx, facts: Facts | None, round_label: str | None = None) -> list[Reply]:
    """Log a new interview: `facts` (from the user's message, or None) fill what they can, the
    rest is asked; `round_label` is the round the message named ("screen"), kept with it."""
    s, pending = _prefill(facts, ctx.now) if facts is not None else (IntakeState(), None)
    s.round = round_label
    dialog = Dialog(user_key=ctx.user.key, flow=FLOW, step="", data=flows.dump(s),
                    pending=flows.dump(pending) if pending else None)
    intro = TextBuilder()
    if facts is not None and s.done:
        if next_step(s) is None and pending is None:
            intro.line("Got it — your message had everything I need.")
        else:
            intro.line("Got it — I've noted what you told me. A few quick questions so I can "
                       "plan your follow-up.")
        if (understood := _understood(ctx, s)) and next_step(s) is not None:
            intro.line(f"What I understood: {understood}. If anything's wrong, just tell me "
                       f"(\"no, the company is …\").")
    else:
        intro.line("Let's set up your follow-up. A few quick questions (Skip any you don't know, "
                   "Cancel to stop).")
    return _advance(ctx, dialog, s, intro)


def _understood(ctx: Ctx, s: IntakeState) -> str:
    """The facts read from the first message, in a line: "Acme · backend role · Jane Doe ·
    interview Wed 25 Nov · news by Fri 27 Nov from HR"."""
    parts = [s.company or "", f"{s.role} role" if s.role and not ends_in_role_word(s.role)
             else s.role or "", s.interviewer or ""]
    if s.interviewed_at is not None:
        parts.append(f"interview {fmt_day(s.interviewed_at.astimezone(ctx.prefs.tz).date())}")
    # Who tells the result, as read (language.informer): shown so a wrong reading is corrected.
    # (the plan's own words for it, never a name: the one who tells may be someone not saved)
    source = f"from {INFORMERS[s.informer]}" if s.informer in INFORMERS else None
    if s.decision_by is not None:
        parts.append(" ".join(p for p in (f"news by {fmt_day(s.decision_by)}", source) if p))
    elif source:
        parts.append(f"news {source}")
    if s.agreed_at is not None:
        verb = {"call": "call", "message": "message"}.get(s.agreed_kind or "", "email")
        parts.append(f"{verb} them {fmt_when(s.agreed_at, ctx.prefs.tz)}")
    return " · ".join(p for p in parts if p)


def _prefill(f: Facts, now: datetime) -> tuple[IntakeState, Confirm | None]:
    """The state `f` fills, and a date to confirm first if one is doubtful."""
    def cut(value: str | None) -> str | None:
        return value[:MAX_FACT] if value else None

    s = IntakeState(company=cut(f.company), role=cut(f.role), interviewer=cut(f.interviewer),
                    interviewer_email=f.interviewer_email or None,
                    interviewer_phone=f.interviewer_phone or None,
                    interviewed_at=f.interviewed_at, informer=f.informer or None,
                    agency=cut(f.agency), contacts=[c[:MAX_FACT] for c in f.contacts[:8]])
    s.done = [name for name, known in (("company", s.company), ("role", s.role),
                                       ("interviewer", s.interviewer),
                                       ("interviewed_at", s.interviewed_at),
                                       ("informer", s.informer)) if known]
    pending: Confirm | None = None
    if f.agreed_contact and f.agreed_contact.doubt is None and f.agreed_contact.has_time and \
            f.agreed_contact.when > now:
        s.agreed_at, s.agreed_kind = f.agreed_contact.when, f.agreed_contact_kind or "email"
        s.done.append("agreed")
    elif f.agreed_contact:
        # "email me on Tuesday": no time given, so suggest 10:00 and ask.
        pending = confirm_of("agreed", with_default_time(f.agreed_contact, now),
                             f.agreed_contact_kind or "email")
    if f.decision_unknown:
        s.decision_unknown = True
        s.done.append("decision")
    elif f.decision is not None:
        if f.decision.doubt is not None:
            return s, confirm_of("decision", f.decision)
        s.decision_by = f.decision.day
        s.done.append("decision")
    return s, pending


def start_update(ctx: Ctx, iv: Interview, lead: str, step: str = "decision", *,
                 edit: bool = False) -> list[Reply]:
    """Ask one intake question again for an existing interview and update it: a new decision
    date ("still waiting", "they gave me a date") or, with `edit`, any fact (`edit` command)."""
    if iv.status != "waiting":
        return [reply(f"The follow-up for {the_label(iv)} is already closed ({iv.outcome}).")]
    s = IntakeState(done=[name for name in STEPS if name != step], update=iv.id, edit=edit,
                    step=step)
    flows.open_dialog(ctx, FLOW, step, s)
    return [STEPS[step].ask(ctx, s, lead)]


# -- the loop -----------------------------------------------------------------------------------
def _advance(ctx: Ctx, dialog: Dialog, s: IntakeState,
             prefix: TextBuilder | None = None) -> list[Reply]:
    """The next thing to ask (a date to confirm first), or the end: the interview is saved."""
    pending = _pending(dialog)
    if pending is not None:
        flows.save(ctx, dialog, s, pending.step)
        return [_confirm_reply(ctx, pending, prefix)]
    step = next_step(s)
    if step is None:
        return finish.finish(ctx, s, prefix)
    flows.save(ctx, dialog, s, step)
    return [STEPS[step].ask(ctx, s, prefix)]


def current_question(ctx: Ctx, dialog: Dialog, lead: str) -> Reply:
    """Where the intake stands: the date to confirm, or the open question, after `lead`."""
    t = TextBuilder().line(lead)
    pending = _pending(dialog)
    if pending is not None:
        return _confirm_reply(ctx, pending, t)
    return STEPS[dialog.step].ask(ctx, _state(dialog), t)


def state_of(dialog: Dialog) -> IntakeState:
    """The intake's typed state in an open dialog."""
    return _state(dialog)


def correct(ctx: Ctx, dialog: Dialog, step: str, value: str) -> list[Reply]:
    """A fact fixed mid-intake ("no, the company is Larkfield"): read as the answer to `step`,
    then the intake goes on with what is still open."""
    return _answer(ctx, dialog, step, value, typed=True)


def answer_text(ctx: Ctx, dialog: Dialog, text: str) -> list[Reply]:
    """A typed answer: skip, yes/no to a date awaiting confirmation, or the open step's answer."""
    text = text.strip()
    if means_skip(text):
        return skip(ctx, dialog, CODES[dialog.step])
    if dialog.pending:
        if YES_RE.match(text):
            return _accept_pending(ctx, dialog, "y")
        if NO_RE.match(text) and len(text) < 12:
            dialog.pending = None
            ctx.repo.save_dialog(dialog)
            return [STEPS[dialog.step].ask(ctx, _state(dialog), "No problem.")]
        dialog.pending = None  # they typed a new answer instead
    return _answer(ctx, dialog, dialog.step, text, typed=True)


def answer_button(ctx: Ctx, dialog: Dialog, code: str, value: str) -> list[Reply]:
    """One of the open question's options was pressed (`code`: the step's one-letter code)."""
    step = STEP_OF.get(code)
    if step is None or step != dialog.step or dialog.pending:
        return [current_question(ctx, dialog, "That button is from an earlier question, so I "
                                 "left it alone. Here's where we are:")]
    return _answer(ctx, dialog, step, value, typed=False)


def skip(ctx: Ctx, dialog: Dialog, code: str) -> list[Reply]:
    """Skip the open question: the fact stays unknown (when editing: as it was)."""
    step = STEP_OF.get(code)
    if step is None or step != dialog.step:
        return [current_question(ctx, dialog, "That Skip button is from an earlier question. "
                                 "Here's where we are:")]
    dialog.pending = None
    s = _state(dialog)
    if s.edit:
        s.skipped = step  # editing: Skip leaves the fact as it was
    elif step == "decision":
        s.decision_unknown = True
    s.done.append(step)
    return _advance(ctx, dialog, s)


def confirm(ctx: Ctx, dialog: Dialog, arg: str) -> list[Reply]:
    """A press on the date to confirm: "<code>:y" the reading offered, ":a" the other one, ":n"
    neither (the question is asked again)."""
    code, _, choice = arg.partition(":")
    pending = _pending(dialog)
    if pending is None or STEP_OF.get(code) != pending.step:
        return [current_question(ctx, dialog, "That confirmation has already been handled. "
                                 "Here's where we are:")]
    if choice == "n":
        dialog.pending = None
        ctx.repo.save_dialog(dialog)
        return [STEPS[dialog.step].ask(ctx, _state(dialog), "OK, let's try again.")]
    return _accept_pending(ctx, dialog, choice)


def press(ctx: Ctx, p: Press, flow_of: Callable[[Dialog], Flow | None] | None = None,
          ) -> list[Reply]:
    """An intake button (steps.BUTTON_CODES) or the Cancel under any question (flows.CANCEL):
    the press the engine routed to this module. With no question open it says so; a press
    meant for the intake while another flow's question is open shows that question, through
    `flow_of` (the registry's lookup of a dialog's flow; without it: "already closed")."""
    dialog = ctx.repo.get_dialog(ctx.user.key)
    if dialog is None:
        return [reply("That question is already closed. Type interview to log a new one, or "
                      "list to see your interviews.")]
    if p.action == flows.CANCEL:
        return flows.cancel(ctx)
    if dialog.flow != FLOW:
        flow = flow_of(dialog) if flow_of is not None else None
        return [flow.current(ctx, dialog, "That button is from an earlier question. Here's "
                                          "where we are:")
                if flow is not None else reply("That question is already closed.")]
    if p.action == SKIP:
        return skip(ctx, dialog, p.arg)
    if p.action == CONFIRM:
        return confirm(ctx, dialog, p.arg)
    code, _, value = p.arg.partition(":")
    return answer_button(ctx, dialog, code, value)


def _answer(ctx: Ctx, dialog: Dialog, name: str, value: str, *, typed: bool) -> list[Reply]:
    step, s = STEPS[name], _state(dialog)
    if not value.strip():
        return [step.ask(ctx, s, "I didn't catch an answer.")]
    got = step.read(ctx, s, value, pressed=not typed)
    if isinstance(got, Retry):
        return [step.ask(ctx, s, got.why)]
    if isinstance(got, Confirm):
        dialog.pending = flows.dump(got)
        ctx.repo.save_dialog(dialog)
        return [_confirm_reply(ctx, got)]
    if name not in got.done:
        got.done.append(name)
    return _advance(ctx, dialog, got)


def _accept_pending(ctx: Ctx, dialog: Dialog, choice: str) -> list[Reply]:
    pending = _pending(dialog)
    assert pending is not None
    value = pending.alt if choice == "a" and pending.alt else pending.value
    dialog.pending = None
    s = _state(dialog)
    if pending.step == "decision":
        s = replace(s, decision_by=date.fromisoformat(value[:10]), decision_unknown=False)
    elif pending.step == "agreed":
        s = replace(s, agreed_at=datetime.fromisoformat(value),
                    agreed_kind=s.agreed_kind or pending.kind or "email")
    elif pending.step == "interviewed_at":
        s = replace(s, interviewed_at=datetime.fromisoformat(value))
    if pending.step not in s.done:
        s.done.append(pending.step)
    return _advance(ctx, dialog, s)


# -- confirming doubtful dates ------------------------------------------------------------------
DOUBTS = {
    "past": "That date has already passed this year.",
    "far": "That's quite far away.",
    "day-month order": "Dates like that can be read two ways.",
    "vague": "That's a whole period; I'll plan around its first day unless you're more precise.",
    "time": "You didn't give a time, so I picked 10:00.",
    "morning": "You said morning, so I picked 09:00.",
    "afternoon": "You said afternoon, so I picked 14:00.",
    "evening": "You said evening, so I picked 18:00.",
    "passed": "That time has already passed today, so I moved it to the next day.",
    "am or pm": "An hour without am or pm can be morning or evening; I took the morning "
                "(type it again with pm if you meant the evening).",
    "which week": "\"Next\" can mean this coming one or the one after.",
    "range": "That's a range, so I took its later end.",
}


def _label(step: str, iso: str, ctx: Ctx) -> str:
    if step == "decision":
        d = date.fromisoformat(iso[:10])
        year = f" {d.year}" if d.year != ctx.now.astimezone(ctx.prefs.tz).year else ""
        return fmt_day(d) + year
    return fmt_when(datetime.fromisoformat(iso), ctx.prefs.tz)


def _confirm_reply(ctx: Ctx, p: Confirm, prefix: TextBuilder | None = None) -> Reply:
    t = prefix or TextBuilder()
    code = CODES[p.step]
    main = _label(p.step, p.value, ctx)
    if note := DOUBTS.get(p.doubt or ""):
        t.line(note)
    if p.alt:
        alt = _label(p.step, p.alt, ctx)
        t.line("Did you mean ", bold(main), " or ", bold(alt), "?")
        rows = [[buttons.make(main, CONFIRM, ctx.owner, arg=f"{code}:y")],
                [buttons.make(alt, CONFIRM, ctx.owner, arg=f"{code}:a")]]
    else:
        t.line("Did you mean ", bold(main), "?")
        rows = [[buttons.make(f"Yes, {main}", CONFIRM, ctx.owner, arg=f"{code}:y")]]
    rows.append([buttons.make("No, I'll retype it", CONFIRM, ctx.owner, arg=f"{code}:n"),
                 flows.cancel_button(ctx.owner)])
    return reply(t, buttons=rows)
