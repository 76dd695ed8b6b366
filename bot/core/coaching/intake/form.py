"""An interview logged with one form (contract.forms.InterviewForm) instead of the chat: the form
read with the understanding layer, checked, and saved through the intake's own ending
(`finish.finish`: the same interview, plan, summary and thank-you advice as a finished chat);
an edit re-plans like the `edit` command. Also the form pre-filled from a message's text (a
recruiter's email pasted into Slack) or from an interview being edited. Pure: `ctx` gives the
repository, `now` and the user's zone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.core.coaching.intake import finish
from bot.core.coaching.intake.steps import MAX_FACT, STEPS, Confirm, IntakeState
from bot.core.contract.context import Ctx
from bot.core.contract.forms import INFORMER_CODES, TEXT_LIMITS, FormErrors, InterviewForm
from bot.core.contract.messages import Reply, TextBuilder, bold, reply
from bot.core.contract.models import Interview
from bot.core.language.contacts import find_email, find_phone
from bot.core.language.dates import fmt_day
from bot.core.language.extract import clean_name
from bot.core.language.facts import facts_from, read_interview
from bot.core.language.intents import tidy_person
from bot.core.language.parts import part_in
from bot.core.language.people import Person
from bot.core.language.plain import plain_text
from bot.core.plan.planner import local_day
from bot.core.plan.schedule import schedule
from bot.core.plan.views import describe_facts, plan_text

# How far back an interview may be logged, and ahead a decision date may be: the date reader's
# "far" (language.dates.parse_date asks about a date more than 183 days away).
FAR = timedelta(days=183)
# A picked day without a time: midday, local (today: the moment it is logged, if earlier).
NO_TIME = time(12, 0)
# People typed in a list: "Jane Doe (hiring manager), Tom (recruiter); Priya and Sam".
_SEPARATORS = re.compile(r"\s*(?:[,;/+\n]|\band\b|&)\s*(?![^()]*\))", re.IGNORECASE)
_ASIDE = re.compile(r"\(([^()]*)\)")
# What an address or number taken out of the text leaves: its brackets ("Jane Doe <…>"), its
# label ("tel.", "email:") and a dash before it ("Jane Doe – …").
_LEFT_BEHIND = re.compile(r"<\s*>|\[\s*]|\(\s*\)|\b(?:tel|phone|mobile|mob|cell|e-?mail)\b"
                          r"\.?:?", re.IGNORECASE)
_DANGLING_DASH = re.compile(r"\s[-–—]+(?=\s*(?:[,;/+\n]|$))")
_PEOPLE_EXAMPLE = "Jane Doe (hiring manager), Tom (recruiter)"
_AGREED_EXAMPLE = "email her Tuesday at 10"


@dataclass(frozen=True)
class People:
    """The people field, read: the interviewer saved with the interview, the others as
    "Name (part)" contacts, and an email or phone number found in it (the interviewer's)."""

    interviewer: str | None
    contacts: tuple[str, ...]
    email: str | None
    phone: str | None


def read_people(text: str, tz: ZoneInfo) -> People | None:
    """"Jane Doe (hiring manager), Tom (recruiter)": each name with the part its words give
    (parts.part_in: the same word rules a message is read with), a part alone after a comma
    going to the name before it ("Jane Doe, hiring manager"). The interviewer is the first one
    who interviewed (interviewer, hiring manager, panel), else the first named (as
    facts.facts_of chooses). None when no name is found in non-empty text; an empty People for
    empty text. `tz` tells which country's phone numbers to expect."""
    text = plain_text(text)
    email = find_email(text)
    rest = text.replace(email, " ") if email else text
    phone = find_phone(rest, tz)
    rest = rest.replace(phone, " ") if phone else rest
    if email or phone:
        rest = _DANGLING_DASH.sub(" ", _LEFT_BEHIND.sub(" ", rest))
    people: list[Person] = []
    for piece in _SEPARATORS.split(rest):
        aside = " ".join(_ASIDE.findall(piece))
        name = tidy_person(clean_name(_ASIDE.sub(" ", piece), MAX_FACT))
        part = part_in(aside) if aside else None
        if name and not any(ch.isalpha() for ch in name):
            name = ""
        if name and not aside and people and (alone := part_in(name, only=True)):
            people[-1] = Person(people[-1].name, alone)  # "Jane Doe, hiring manager"
            continue
        if name:
            people.append(Person(name, part or "interviewer"))
    if not people and (email or phone):
        return People(None, (), email, phone)
    if not people:
        return None if text.strip() else People(None, (), None, None)
    chosen = next((p for p in people if p.part in ("interviewer", "hiring manager", "panel")),
                  people[0])
    contacts = tuple(f"{p.name} ({p.part})" for p in people if p is not chosen)
    return People(chosen.name, contacts[:8], email, phone)


# -- pre-filling --------------------------------------------------------------------------------
def from_text(text: str, now: datetime, tz: ZoneInfo) -> InterviewForm:
    """The form a message's text fills (Slack's "Log interview from this message"): company,
    role, people, the interview's day (and time, when the message gives one), the decision
    day, who informs and an agreed time, as the understanding layer reads them (facts_of);
    everything it doesn't find is left empty. `now` is aware (UTC), `tz` the user's zone."""
    read = read_interview(text, now, tz)
    facts = facts_from(read, tz)
    # Each person with their part, as the field is typed ("Jane Doe (hiring manager)").
    people = [p.name if p.part == "interviewer" else f"{p.name} ({p.part})"
              for p in read.people]
    day: date | None = None
    at: time | None = None
    if facts.interviewed_at is not None and facts.interviewed_at <= now:
        local = facts.interviewed_at.astimezone(tz)
        day = local.date()
        if read.interviewed_has_time:  # (not "yesterday": no time said)
            at = local.time().replace(second=0, microsecond=0)
    agreed = ""
    if facts.agreed_contact is not None and facts.agreed_contact.when > now:
        verb = {"call": "call", "message": "message"}.get(facts.agreed_contact_kind or "",
                                                          "email")
        when = facts.agreed_contact.when.astimezone(tz)
        agreed = f"{verb} them {when:%d %b %Y}" + (f" at {when:%H:%M}"
                                                   if facts.agreed_contact.has_time else "")
    return InterviewForm(
        company=_cut(facts.company, "company"), role=_cut(facts.role, "role"),
        people=_cut(", ".join(people), "people"), interview_date=day, interview_time=at,
        decision_date=facts.decision.day if facts.decision is not None else None,
        informer=facts.informer if facts.informer in INFORMER_CODES else None, agreed=agreed)


def of_interview(iv: Interview, tz: ZoneInfo) -> InterviewForm:
    """The form an open interview fills, to edit it (times in the user's zone `tz`)."""
    local = iv.interviewed_at.astimezone(tz)
    people = ", ".join(p for p in (iv.interviewer or "", *iv.contacts) if p)
    agreed = ""
    if iv.agreed_contact_at is not None:
        verb = {"call": "call", "message": "message"}.get(iv.agreed_contact_kind or "", "email")
        agreed = f"{verb} them {iv.agreed_contact_at.astimezone(tz):%d %b %Y at %H:%M}"
    return InterviewForm(company=_cut(iv.company, "company"), role=_cut(iv.role, "role"),
                         people=_cut(people, "people"),
                         interview_date=local.date(),
                         interview_time=local.time().replace(second=0, microsecond=0),
                         decision_date=iv.decision_by, informer=iv.informer, agreed=agreed,
                         interview_id=iv.id)


def _cut(text: str | None, name: str) -> str:
    return (text or "")[:TEXT_LIMITS[name]]


# -- checking -----------------------------------------------------------------------------------
def interviewed_at(form: InterviewForm, now: datetime, tz: ZoneInfo) -> datetime | None:
    """The interview's moment (aware): the picked day and time in the user's zone; a day with
    no time is its midday, or now when that is still to come today. None without a day."""
    if form.interview_date is None:
        return None
    if form.interview_time is not None:
        return datetime.combine(form.interview_date, form.interview_time, tzinfo=tz)
    return min(datetime.combine(form.interview_date, NO_TIME, tzinfo=tz), now)


def check(ctx: Ctx, form: InterviewForm, before: Interview | None = None) -> FormErrors:
    """What is wrong with the form, by field: the company is missing; no interview day, or one
    still to come, or more than FAR ago (unless it is the day `before`, the interview being
    edited, already has); a decision day before the interview or more than FAR ahead; people
    or an agreed contact that can't be read; a text over its limit. Empty when it can be saved."""
    tz, now = ctx.prefs.tz, ctx.now
    errors: FormErrors = {}
    for name, limit in TEXT_LIMITS.items():
        if len(getattr(form, name)) > limit:
            errors[name] = f"That's more than I keep here ({limit} characters)."
    if not clean_name(form.company, MAX_FACT):
        errors["company"] = "Which company was the interview with? I need at least this."
    when = interviewed_at(form, now, tz)
    today = local_day(now, tz)
    if when is None:
        errors["interview_date"] = "Pick the day of the interview."
    elif when > now + timedelta(minutes=1):
        field = "interview_time" if form.interview_date == today else "interview_date"
        errors[field] = ("That's still to come. Log the interview once it has taken place, "
                         "and I'll plan the follow-up from there.")
    elif form.interview_date is not None and form.interview_date < today - FAR and not (
            before is not None and local_day(before.interviewed_at, tz) == form.interview_date):
        day = f"{fmt_day(form.interview_date)} {form.interview_date.year}"
        errors["interview_date"] = (f"That's more than six months ago ({day}) — too far back to "
                                    f"follow up. Pick the day it took place.")
    if form.decision_date is not None:
        if form.interview_date is not None and form.decision_date < form.interview_date:
            errors["decision_date"] = ("That's before the interview. Pick the day they said "
                                       "you'd hear by, or leave it empty if they didn't say.")
        elif form.decision_date > today + FAR:
            errors["decision_date"] = ("That's more than six months away. Pick a closer day, or "
                                       "leave it empty if they didn't say.")
    if form.informer is not None and form.informer not in INFORMER_CODES:
        errors["informer"] = "Pick one of the choices."
    if read_people(form.people, tz) is None:
        errors["people"] = f"I couldn't find a name there. Try \"{_PEOPLE_EXAMPLE}\"."
    if form.agreed.strip() and not _agreed_kept(form, before, tz) and \
            _agreed(ctx, form.agreed) is None:
        errors["agreed"] = (f"I couldn't read that as a day and time still to come. Try "
                            f"\"{_AGREED_EXAMPLE}\", or leave it empty.")
    return errors


def _agreed_kept(form: InterviewForm, before: Interview | None, tz: ZoneInfo) -> bool:
    """Whether an edit leaves the agreed time as the form showed it (it may have passed)."""
    return before is not None and form.agreed == of_interview(before, tz).agreed


def _agreed(ctx: Ctx, text: str) -> tuple[datetime, str] | None:
    """An agreed time to get in touch, read by the intake's own step ("email her Tuesday at
    10"): (when, "email" | "call" | "message"), or None when unreadable. A day without a time
    takes the step's proposal (10:00, or the hour of "afternoon"), which the summary shows."""
    got = STEPS["agreed"].read(ctx, IntakeState(), clean_name(text, TEXT_LIMITS["agreed"]))
    if isinstance(got, Confirm):
        return datetime.fromisoformat(got.value), got.kind or "email"
    if isinstance(got, IntakeState) and got.agreed_at is not None:
        return got.agreed_at, got.agreed_kind or "email"
    return None


# -- saving -------------------------------------------------------------------------------------
def submit(ctx: Ctx, form: InterviewForm) -> list[Reply]:
    """Save a checked form: a new interview through the intake's ending (the summary and the
    thank-you advice, as after the chat), or the changes to the interview it edits (its plan
    re-made, the thank-you reminders kept). A form that no longer passes `check` (it was
    checked when sent: a day may have turned since) is answered with what is wrong, unsaved."""
    before = None
    if form.interview_id is not None:
        before = ctx.repo.get_interview(form.interview_id)
        if before is None or before.user_key != ctx.user.key:
            return [reply("That interview isn't in your list any more, so there was nothing to "
                          "change.")]
        if before.status != "waiting":
            return [reply(f"The follow-up for {before.label} is already closed "
                          f"({before.outcome or 'done'}), so I left it as it was.")]
    errors = check(ctx, form, before)
    if errors:
        t = TextBuilder().line("I couldn't save that form:")
        for problem in errors.values():
            t.line(f"• {problem}")
        return [reply(t)]
    people = read_people(form.people, ctx.prefs.tz) or People(None, (), None, None)
    agreed = _agreed(ctx, form.agreed) if form.agreed.strip() else None
    if _agreed_kept(form, before, ctx.prefs.tz) and before is not None:
        agreed = (before.agreed_contact_at, before.agreed_contact_kind or "email") \
            if before.agreed_contact_at is not None else None
    when = interviewed_at(form, ctx.now, ctx.prefs.tz)
    assert when is not None  # (check asked for a day)
    s = IntakeState(done=list(STEPS), company=clean_name(form.company, MAX_FACT),
                    role=clean_name(form.role, MAX_FACT) or None,
                    interviewer=people.interviewer, interviewer_email=people.email,
                    interviewer_phone=people.phone, interviewed_at=when,
                    decision_by=form.decision_date,
                    decision_unknown=form.decision_date is None, informer=form.informer,
                    agreed_at=agreed[0] if agreed else None,
                    agreed_kind=agreed[1] if agreed else None, contacts=list(people.contacts))
    if before is not None:
        return [_update(ctx, before, s)]
    lead = None
    if ctx.repo.get_dialog(ctx.user.key) is not None:  # (finish closes it)
        lead = TextBuilder().line("(The question I'd asked in our chat is closed: the form has "
                                  "it all.)").blank()
    return finish.finish(ctx, s, lead)


def _update(ctx: Ctx, iv: Interview, s: IntakeState) -> Reply:
    """The edited facts on `iv`; its plan re-made when any fact changed (as `edit` does)."""
    was = replace(iv, contacts=list(iv.contacts))
    iv.company, iv.role, iv.informer = s.company, s.role, s.informer
    iv.interviewer, iv.contacts = s.interviewer, s.contacts
    iv.interviewer_email = s.interviewer_email or (iv.interviewer_email if s.interviewer else None)
    iv.interviewer_phone = s.interviewer_phone or (iv.interviewer_phone if s.interviewer else None)
    assert s.interviewed_at is not None
    kept = iv.interviewed_at.astimezone(ctx.prefs.tz).replace(second=0, microsecond=0)
    if s.interviewed_at != kept:  # (the form shows minutes: unchanged, the exact time stays)
        iv.interviewed_at = s.interviewed_at
    if s.decision_by != iv.decision_by:
        iv.decision_by, iv.decision_unknown, iv.call_retries = \
            s.decision_by, s.decision_by is None, 0
    iv.agreed_contact_at, iv.agreed_contact_kind = s.agreed_at, s.agreed_kind
    if iv == was:
        return reply("Nothing changed for ", bold(iv.label), ", so the plan stays as it was.")
    ctx.repo.save_interview(iv)
    schedule(ctx, iv, keep_thank_you=True)
    t = TextBuilder().line("Updated. Here's what I have now:").blank()
    t.extend(describe_facts(ctx, iv)).blank().extend(plan_text(ctx, iv))
    return reply(t)
