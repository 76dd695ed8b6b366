"""How interviews and plans read to the user: dates in their zone, next steps in plain words."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.core.contract import buttons
from bot.core.contract.context import Ctx
from bot.core.contract.messages import Reply, TextBuilder, bold, reply
from bot.core.contract.models import Interview, Nudge
from bot.core.contract.prefs import zone_suffix
from bot.core.language.dates import fmt_day, fmt_when
from bot.core.language.wording import day_count
from bot.core.plan.kinds import AGREED_CONTACT, CALL_PROMPT, STEP_KINDS, kind_of
from bot.core.plan.planner import local_day

INFORMERS = {
    "hr": "HR",
    "interviewer": "the interviewer",
    "mailing": "a mailing team",
    "agency": "the recruitment agency",  # (the Slack form offers it)
    "unknown": "not sure who",
}


def plan_line(nudge: Nudge, iv: Interview) -> str:
    """A line of the plan: what the nudge at that time is about (a reminder the user asked
    for: their words)."""
    if nudge.text:
        return f"your reminder: {nudge.text}"
    line = kind_of(nudge.kind).plan_line
    return step_phrase(nudge, iv) if line is None else line


def step_phrase(nudge: Nudge, iv: Interview) -> str:
    """What the user will do at a next step, as a verb phrase."""
    if nudge.kind == AGREED_CONTACT:
        verb = {"call": "call", "message": "message"}.get(iv.agreed_contact_kind or "", "email")
        return f"{verb} {iv.interviewer or 'them'}, as agreed"
    kind = kind_of(nudge.kind)
    return kind.step_phrase or kind.plan_line or nudge.kind


def pending(nudges: list[Nudge]) -> list[Nudge]:
    """The pending ones of `nudges`, earliest due first."""
    return sorted((n for n in nudges if n.status == "pending"), key=lambda n: n.due_at)


def next_step(ctx: Ctx, iv: Interview) -> Nudge | None:
    """The next nudge that is a real step (not a reminder or a check-in)."""
    steps = [n for n in pending(ctx.repo.nudges_for_interview(iv.id))
             if n.kind in STEP_KINDS]
    return steps[0] if steps else None


# The prompts answered with the outcome buttons ("how did the call go?"): until the user answers,
# the contact they ask for is the step in progress (issue 17: on call day the call, not the
# follow-up planned after it, is what `list`, `status` and "any news?" show).
PROMPTED_KINDS = frozenset({CALL_PROMPT, AGREED_CONTACT})


def in_progress(ctx: Ctx, iv: Interview) -> Nudge | None:
    """The call (or agreed contact) prompt that went out and is not answered yet: the latest
    step sent, with no newer one of its kind pending (snoozed, retried, re-timed; a call
    planned after an agreed email is a later step, not a newer prompt) and no later step sent
    since (the follow-up email takes over). None when there is none."""
    if iv.status != "waiting":
        return None
    nudges = ctx.repo.nudges_for_interview(iv.id)
    sent = sorted((n for n in nudges if n.status == "sent" and n.kind in STEP_KINDS),
                  key=lambda n: n.due_at)
    last = sent[-1] if sent else None
    if last is None or last.kind not in PROMPTED_KINDS or last.answer is not None:
        return None
    if any(n.status == "pending" and n.kind == last.kind for n in nudges):
        return None
    return last


def is_call(nudge: Nudge, iv: Interview) -> bool:
    """Whether a prompt asks for a phone call (the call prompt, or a call agreed)."""
    return nudge.kind == CALL_PROMPT or iv.agreed_contact_kind == "call"


def now_phrase(nudge: Nudge, iv: Interview) -> str:
    """What the step in progress asks, as a verb phrase: "make the call"."""
    if nudge.kind == CALL_PROMPT:
        return {"standby": "call them to check back", "retry": "try the call again"}.get(
            nudge.origin, "make the call")
    return step_phrase(nudge, iv)


def prompted_today(ctx: Ctx, nudge: Nudge) -> bool:
    """Whether a prompt went out today (the user's day): its call day. On a later day the call
    may have been made and not told, so contacting them again waits its working days."""
    sent = nudge.done_at or nudge.due_at
    return local_day(sent, ctx.prefs.tz) == local_day(ctx.now, ctx.prefs.tz)


def now_line(ctx: Ctx, nudge: Nudge, iv: Interview) -> str:
    """"Now: make the call — prompted today, 10:00": the step in progress (see in_progress)."""
    sent = (nudge.done_at or nudge.due_at).astimezone(ctx.prefs.tz)
    day = "today" if prompted_today(ctx, nudge) else fmt_day(sent.date())
    return f"Now: {now_phrase(nudge, iv)} — prompted {day}, {sent:%H:%M}"


def describe_facts(ctx: Ctx, iv: Interview) -> TextBuilder:
    """The facts of `iv` as `status` shows them: interviewer, dates (local), who tells, rounds,
    notes and link."""
    tz = ctx.prefs.tz
    t = TextBuilder()
    t.line(bold(iv.label))
    who = iv.interviewer or "not noted"
    contacts = ", ".join(c for c in (iv.interviewer_email, iv.interviewer_phone) if c)
    t.line(f"• Interviewer: {who}" + (f" ({contacts})" if contacts else ""))
    t.line(f"• Interview: {fmt_when(iv.interviewed_at, tz)}{zone_suffix(ctx.prefs)}")
    if iv.decision_by:
        t.line(f"• They'll let you know by: {fmt_day(iv.decision_by)}")
    else:
        t.line("• Decision date: not given yet")
    if iv.agency:
        t.line(f"• Agency: {iv.agency}")
    if iv.contacts:
        t.line(f"• Also: {', '.join(iv.contacts)}")
    if iv.informer:
        t.line(f"• Who tells you: {INFORMERS.get(iv.informer, iv.informer)}")
    if iv.agreed_contact_at:
        verb = {"call": "Call", "message": "Message"}.get(iv.agreed_contact_kind or "", "Email")
        t.line(f"• {verb} them: {fmt_when(iv.agreed_contact_at, tz)}{zone_suffix(ctx.prefs)}")
    if iv.rounds or iv.round:
        t.line(f"• {rounds_line(ctx, iv)}")
    if iv.link:
        t.line(f"• Job link: {iv.link}")
    for note in iv.notes:
        t.line(f"• Note: {note}")
    return t


def rounds_line(ctx: Ctx, iv: Interview) -> str:
    """The application's rounds in order: "Rounds: screen (Mon 23 Nov) → second (Wed 25 Nov) →
    final (Tue 1 Dec 10:30, to come)" (issue 17)."""
    tz = ctx.prefs.tz
    done = [f"{r.get('label', 'interview')} "
            f"({fmt_day(local_day(datetime.fromisoformat(r['at']), tz))})"
            for r in iv.rounds if r.get("at")]
    to_come = ", to come" if iv.interviewed_at > ctx.now else ""
    current = f"{iv.round or 'interview'} ({fmt_when(iv.interviewed_at, tz)}{to_come})"
    return "Rounds: " + " → ".join([*done, current])


def plan_text(ctx: Ctx, iv: Interview) -> TextBuilder:
    """The plan of `iv`: the step in progress, then each pending nudge with its local time."""
    t = TextBuilder()
    upcoming = pending(ctx.repo.nudges_for_interview(iv.id))
    current = in_progress(ctx, iv)
    if current is not None:
        t.line(now_line(ctx, current, iv) + " (tell me how it went)")
    if not upcoming:
        t.line("Nothing else scheduled." if current else "Nothing scheduled.")
        return t
    t.line(bold("Your plan"), zone_suffix(ctx.prefs).replace(" (", " (times in ", 1))
    for n in upcoming:
        t.line(f"• {fmt_when(n.due_at, ctx.prefs.tz)} — {plan_line(n, iv)}")
    return t


def days_waiting(iv: Interview, now: datetime, tz: ZoneInfo) -> int:
    """Calendar days since the interview, counted in the user's zone."""
    return max(0, (local_day(now, tz) - local_day(iv.interviewed_at, tz)).days)


def stage(ctx: Ctx, iv: Interview) -> str:
    """Where an interview stands, in a few words."""
    if iv.status != "waiting":
        return f"closed ({iv.outcome or 'done'})"
    if iv.interviewed_at > ctx.now:
        return f"{iv.round or 'next'} round to come, {fmt_when(iv.interviewed_at, ctx.prefs.tz)}"
    if iv.thank_you_sent_at is None:
        return "thank-you to send"
    if iv.outcome == "standby":
        return "on standby"
    calls = [n for n in ctx.repo.nudges_for_interview(iv.id) if n.kind == CALL_PROMPT]
    if any(n.status == "sent" for n in calls):
        return "call made or due"
    if iv.decision_by is None:
        return "waiting, no date yet"
    return f"waiting for their decision (by {fmt_day(iv.decision_by)})"


def closed_stage(ctx: Ctx, iv: Interview) -> str:
    """How a closed interview reads in `list`: an offer with its answer's deadline (issue 17),
    else "closed (<outcome>)"."""
    if iv.outcome == "selected" and iv.offer_at is not None:
        due = iv.offer_deadline
        if due is not None and due >= local_day(ctx.now, ctx.prefs.tz):
            return f"offer 🎉, your answer is due {fmt_day(due)}"
        return "offer 🎉"
    return f"closed ({iv.outcome or 'done'})"


def interview_list(ctx: Ctx, interviews: list[Interview]) -> Reply:
    """The `list` view: each open interview with its stage and next step, then the closed ones;
    with none saved yet, how to log one (or, in the middle of logging the first, that it is
    saved once the questions are answered)."""
    if not interviews:
        dialog = ctx.repo.get_dialog(ctx.user.key)
        if dialog is not None and dialog.flow == "intake":  # (coaching/intake/steps.FLOW)
            company = dialog.data.get("company")
            about = f" with {company}" if isinstance(company, str) and company else ""
            return reply(f"Nothing is saved yet: the interview{about} you're telling me about "
                         f"is saved as soon as you've answered my questions.")
        return reply(
            "You have no interviews logged yet. Tell me about one, e.g. \"I just had an interview "
            "with Jane Doe at Acme for the backend role, they said by Friday\".",
            buttons=[[buttons.command_button("Log an interview", ctx.owner, "interview")]],
        )
    t = TextBuilder()
    open_ivs = [iv for iv in interviews if iv.status == "waiting"]
    closed = [iv for iv in interviews if iv.status != "waiting"]
    t.line(bold(f"Your interviews ({len(open_ivs)} open)"))
    for n, iv in enumerate(open_ivs, 1):
        t.blank()
        waited = days_waiting(iv, ctx.now, ctx.prefs.tz)
        # A round still to come (issue 17) is not waited on yet: its stage says when it is.
        waiting = "" if iv.interviewed_at > ctx.now else f" — waiting {day_count(waited)}"
        t.line(f"{n}. ", bold(iv.label), waiting)
        t.line(f"   Stage: {stage(ctx, iv)}")
        current = in_progress(ctx, iv)
        if current is not None:
            t.line(f"   {now_line(ctx, current, iv)}")
        step = next_step(ctx, iv)
        if step:
            # Under a step in progress the next one comes after it, not instead of it.
            t.line(f"   {'Then' if current else 'Next'}: {step_phrase(step, iv)} — "
                   f"{fmt_when(step.due_at, ctx.prefs.tz)}{zone_suffix(ctx.prefs)}")
    for iv in closed:
        t.line(f"• {iv.label} — {closed_stage(ctx, iv)}")
    return reply(t)
