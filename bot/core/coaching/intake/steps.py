"""The intake's questions: its typed state, and one table of steps (question, how a typed answer
and a pressed option are read, the buttons).

A parser returns the state with the answer filled in, a `Confirm` when a date needs a second
look, or `Retry(why)`. The stored keys of `IntakeState` and `Confirm`, the step names and their
one-letter codes are identifiers on disk and in buttons: never rename them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta

from dateutil.relativedelta import FR, relativedelta

from bot.core.contract import buttons, flows
from bot.core.contract.context import Ctx
from bot.core.contract.flows import Retry, Rows, Step
from bot.core.language.dates import (
    ParsedDate,
    fmt_day,
    friday_of_next_week,
    parse_date,
    says_no_date,
)
from bot.core.language.extract import EMAIL_RE, PHONE_RE, clean_name, informer_in
from bot.core.language.intents import tidy_person
from bot.core.language.moments import PART_HOURS, day_answered

FLOW = "intake"
# Button actions (stored in platform messages): answer a question with one of its options
# ("<code>:<value>"), skip it ("<code>"), confirm a doubtful date ("<code>:y|a|n").
ANSWER, SKIP, CONFIRM = "ia", "sk", "cf"
BUTTON_CODES = (ANSWER, SKIP, CONFIRM)

YES_RE = re.compile(r"^(?:y|yes|yeah|yep|yup|correct|right|sure|ok|okay|that'?s right)\b",
                    re.IGNORECASE)
NO_RE = re.compile(r"^(?:n|no|nope|nah|none|not really|no one|nothing|neither)\b", re.IGNORECASE)
MAX_FACT = 100
BARE_NO_RE = re.compile(r"^(?:no|nope|nah|none|not really|no date|nothing)[.!]?$", re.IGNORECASE)
_AGREED_VERB_RE = re.compile(
    r"^(?:(?:yes|yeah|yep)[,!.]?\s*)?(?:(?:he|she|they)\s+(?:said|asked\s+me)\s+)?(?:to\s+)?"
    r"(?:e-?mail|call|ring|phone|write\s+to|message|text)\s+(?:me|him|her|them|back)\s*",
    re.IGNORECASE,
)

DATE_EXAMPLES = ("\"by Friday\", \"in two weeks\", \"12 Dec\", \"end of the month\", \"the 10th\" "
                 "or \"they didn't say\"")


@dataclass
class IntakeState:
    """What the intake knows so far (Dialog.data). Unset facts are None (no key on disk)."""

    done: list[str] = field(default_factory=list)  # steps answered or skipped, in order
    company: str | None = None
    role: str | None = None
    interviewer: str | None = None
    interviewer_email: str | None = None
    interviewer_phone: str | None = None
    interviewed_at: datetime | None = None
    decision_by: date | None = None
    decision_unknown: bool = False
    informer: str | None = None  # "hr", "interviewer", "mailing", "unknown"
    agreed_at: datetime | None = None  # when they asked to be emailed or called
    agreed_kind: str | None = None  # "email", "call" or "message"
    agency: str | None = None  # a recruitment agency that put the user forward
    contacts: list[str] = field(default_factory=list)  # other people named: "Priya (recruiter)"
    round: str | None = None  # the round the first message named ("screen"): issue 17
    # Asking one question again for an existing interview (start_update): its id, whether it
    # is the `edit` command, the step asked, and that step if the user skipped it.
    update: str | None = None
    edit: bool = False
    step: str | None = None
    skipped: str | None = None


@dataclass
class Confirm:
    """A doubtful date waiting for a yes (Dialog.pending): the step it answers, the reading
    offered (ISO: a date for the decision, a date and time otherwise), why it is doubtful, the
    other reading if there is one, and for an agreed contact whether it is an email or a call."""

    step: str
    value: str
    doubt: str | None = None
    alt: str | None = None
    kind: str | None = None


Got = IntakeState | Confirm


def confirm_of(step: str, parsed: ParsedDate, kind: str | None = None) -> Confirm:
    value = parsed.day.isoformat() if step == "decision" else parsed.when.isoformat()
    alt = parsed.alternative.isoformat() if parsed.alternative else None
    return Confirm(step=step, value=value, doubt=parsed.doubt, alt=alt, kind=kind or None)


def with_default_time(parsed: ParsedDate, now: datetime | None = None) -> ParsedDate:
    """A time to get in touch, made a proposal to confirm: with no time given, 10:00 ("email
    me on Tuesday": doubt "time"), or the hour of the part of the day they said ("tomorrow
    afternoon" -> 14:00: doubt "afternoon", see language.moments.PART_HOURS); a moment
    already past by `now` moves to the same time the next day (doubt "passed"): a time that
    has passed is never proposed."""
    when, doubt = parsed.when, parsed.doubt
    if not parsed.has_time:
        part = next((name for name, at in PART_HOURS.items() if at == when.timetz().replace(
            tzinfo=None) and when.time() != time(0, 0)), None)
        if part is None:
            when = when.replace(hour=10, minute=0)
        doubt = doubt or ("afternoon" if part == "arvo" else "evening" if part in (
            "tonight", "night") else part or "time")
    if now is not None and when <= now:
        when, doubt = when + timedelta(days=1), "passed"
    return ParsedDate(when=when, has_time=True, doubt=doubt or "time")


# -- the parsers, one per step ------------------------------------------------------------------
def _name(text: str) -> str | Retry:
    name = clean_name(text, MAX_FACT)
    return name if any(ch.isalnum() for ch in name) else Retry("I couldn't read a name there.")


def _company(ctx: Ctx, s: IntakeState, text: str) -> Got | Retry:
    name = _name(text)
    return name if isinstance(name, Retry) else replace(s, company=name)


def _role(ctx: Ctx, s: IntakeState, text: str) -> Got | Retry:
    name = _name(text)
    return name if isinstance(name, Retry) else replace(s, role=name)


def _interviewer(ctx: Ctx, s: IntakeState, text: str) -> Got | Retry:
    """A name, an email, a phone number: whichever the answer holds."""
    email = phone = name = None
    rest = text
    if m := EMAIL_RE.search(rest):
        email = m.group(0)
        rest = rest.replace(m.group(0), " ")
    if m := PHONE_RE.search(rest):
        phone = re.sub(r"\s+", " ", m.group(0)).strip()
        rest = rest.replace(m.group(0), " ")
    rest = re.sub(r"[()\[\],;]", " ", rest)
    cleaned = tidy_person(clean_name(rest, MAX_FACT))
    if cleaned and not NO_RE.match(cleaned) and any(ch.isalpha() for ch in cleaned):
        name = cleaned
    if not (email or phone or name):
        return Retry("I couldn't find a name, email or phone number there.")
    return replace(s, interviewer=name or s.interviewer,
                   interviewer_email=email or s.interviewer_email,
                   interviewer_phone=phone or s.interviewer_phone)


def _when(ctx: Ctx, s: IntakeState, text: str) -> Got | Retry:
    if re.search(r"\b(?:just|now|right now)\b", text, re.IGNORECASE):
        return replace(s, interviewed_at=ctx.now)
    parsed = parse_date(text, ctx.now, ctx.prefs.tz, "past")
    if parsed is None:
        return Retry("I couldn't read that as a time. Try \"just now\", \"this morning\", "
                     "\"yesterday\" or \"Monday 2pm\".")
    if parsed.doubt in ("future", "far"):
        return Retry(f"{fmt_day(parsed.day)} doesn't look like a recent past date. Hearback "
                     f"helps after the interview — when did it take place?")
    return replace(s, interviewed_at=parsed.when)


def _when_option(ctx: Ctx, s: IntakeState, value: str) -> Got | Retry:
    now_local = ctx.now.astimezone(ctx.prefs.tz)
    moment = {"now": ctx.now, "today": max(now_local.replace(hour=0, minute=0),
                                           now_local - timedelta(hours=3)),
              "yday": now_local - timedelta(days=1)}.get(value)
    return Retry() if moment is None else replace(s, interviewed_at=moment)


def _decision(ctx: Ctx, s: IntakeState, text: str) -> Got | Retry:
    if says_no_date(text) or BARE_NO_RE.match(text.strip()):
        return replace(s, decision_unknown=True)
    parsed = day_answered(text, ctx.now, ctx.prefs.tz, s.interviewed_at)
    if parsed is None:
        return Retry(f"I couldn't read \"{clean_name(text, 40)}\" as a date. You can say things "
                     f"like {DATE_EXAMPLES}.")
    if parsed.doubt:
        return confirm_of("decision", parsed)
    return replace(s, decision_by=parsed.day, decision_unknown=False)


def _decision_option(ctx: Ctx, s: IntakeState, value: str) -> Got | Retry:
    if value == "none":
        return replace(s, decision_unknown=True)
    today = ctx.now.astimezone(ctx.prefs.tz).date()
    day = {"tw": lambda: today + relativedelta(weekday=FR(0)),
           "nw": lambda: friday_of_next_week(today),
           "2w": lambda: today + timedelta(weeks=2)}.get(value)
    return Retry() if day is None else replace(s, decision_by=day())


def _informer_word(text: str) -> str | None:
    low = text.lower()
    if "interviewer" in low or "manager" in low or re.search(r"\b(?:she|he|them)\b", low):
        return "interviewer"
    if "mail" in low:
        return "mailing"
    if NO_RE.match(low) or "sure" in low or "know" in low:
        return "unknown"
    return None


def _informer(ctx: Ctx, s: IntakeState, text: str) -> Got | Retry:
    found = informer_in(text) or _informer_word(text)
    if found is None:
        return Retry("I didn't get who will tell you. Pick one of these, or Skip.")
    return replace(s, informer=found)


def _informer_option(ctx: Ctx, s: IntakeState, value: str) -> Got | Retry:
    return replace(s, informer=value)


def _agreed(ctx: Ctx, s: IntakeState, text: str) -> Got | Retry:
    if NO_RE.match(text.strip()):
        return s
    phrase = _AGREED_VERB_RE.sub("", text.strip(), count=1)
    if YES_RE.fullmatch(phrase.strip(" .!")):
        return Retry("When did they ask you to get in touch? Give me the day and time, like "
                     "\"Tuesday at 10\".")
    parsed = parse_date(phrase, ctx.now, ctx.prefs.tz, "future")
    if parsed is None:
        return Retry("I couldn't read a day and time there. Try \"Tuesday at 10\" or \"3 Dec "
                     "2pm\", or press No.")
    day = parsed.when.astimezone(ctx.prefs.tz).date()
    if day < ctx.now.astimezone(ctx.prefs.tz).date():
        # ("4" alone is read as the 4th of this month, even when it has gone.) Only a time
        # earlier today is moved to tomorrow (with_default_time); a past day is asked again.
        return Retry(f"{fmt_day(day)} has passed already. When did they ask you to get in "
                     f"touch? Try \"Tuesday at 10\" or \"3 Dec 2pm\", or press No.")
    kind = "call" if re.search(r"\b(?:call|ring|phone)\b", text, re.IGNORECASE) else "email"
    if not parsed.has_time or parsed.doubt or parsed.when <= ctx.now:
        # No time given ("email me Tuesday"): suggest 10:00 and let the user confirm.
        return confirm_of("agreed", with_default_time(parsed, ctx.now), kind)
    return replace(s, agreed_at=parsed.when, agreed_kind=kind)


def _agreed_option(ctx: Ctx, s: IntakeState, value: str) -> Got | Retry:
    return s  # the only option is "No"


def _options(ctx: Ctx, s: IntakeState, step: Step[IntakeState, Got]) -> Rows:
    """The step's options, then Skip and Cancel."""
    rows = [[buttons.make(label, ANSWER, ctx.owner, arg=f"{step.tag}:{value}")]
            for label, value in step.options]
    rows.append([buttons.make("Skip", SKIP, ctx.owner, arg=step.tag),
                 flows.cancel_button(ctx.owner)])
    return rows


# -- the table ----------------------------------------------------------------------------------
STEPS: dict[str, Step[IntakeState, Got]] = flows.table(
    Step("company", "Which company was the interview with?", _company, _options, code="c"),
    Step("role", "What role was it for?", _role, _options, code="r"),
    Step("interviewer",
         "Who interviewed you? A name is enough; add their email or phone if you have it.",
         _interviewer, _options, code="i"),
    Step("interviewed_at", "When was the interview?", _when, _options,
         (("Just now", "now"), ("Earlier today", "today"), ("Yesterday", "yday")),
         _when_option, "w", asks_date="past"),
    Step("decision", "Did they say when you'll hear back? (e.g. " + DATE_EXAMPLES + ")",
         _decision, _options,
         (("By the end of this week", "tw"), ("Next week", "nw"), ("In two weeks", "2w"),
          ("They didn't say", "none")),
         _decision_option, "d", asks_date="future"),
    Step("informer", "Who will tell you the result?", _informer, _options,
         (("HR", "hr"), ("The interviewer", "interviewer"), ("A mailing team", "mailing"),
          ("Not sure", "unknown")),
         _informer_option, "f"),
    Step("agreed", "Did anyone ask you to email or call them at a set time (like \"email me "
                   "Tuesday at 10\")? Tell me when, or press No.",
         _agreed, _options, (("No", "no"),), _agreed_option, "g", asks_date="future"),
)
# One-letter codes keep button payloads inside Telegram's 64 bytes (`edit` uses them too).
CODES = {s.name: s.code for s in STEPS.values()}
STEP_OF = {v: k for k, v in CODES.items()}


def next_step(s: IntakeState) -> str | None:
    """The first step not yet answered or skipped."""
    return next((name for name in STEPS if name not in s.done), None)
