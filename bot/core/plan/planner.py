"""Turns an interview's facts into dated nudges. Every rule is a small named function.

All wall-clock reasoning happens in the user's zone (so 10:00 stays 10:00 across a DST change);
the results are stored in UTC.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.core.contract.models import Interview
from bot.core.contract.prefs import Prefs, working_day
from bot.core.plan.kinds import (
    AGREED_CONTACT,
    ASK_FOR_DATE,
    CALL_PROMPT,
    CHECKIN,
    FOLLOW_UP,
    OFFER_DEADLINE,
    REHEARSAL_OFFER,
    ROUND_PREP,
    THANK_YOU_LAST,
    THANK_YOU_REMINDER,
)

THANK_YOU_REMINDER_AFTER = timedelta(hours=2)
MORNING = time(9, 0)
CALL_HOUR = time(10, 0)
ASK_HOUR = time(10, 0)
EVENING = time(18, 0)
OFFICE_CLOSE = time(17, 0)
# Calls wait this many days when no date was given (the article: 3-4 days), then the next
# working day.
NO_DATE_WAIT_DAYS = 3
# Check-ins while waiting, counted in working days after the interview (from a Wednesday:
# Friday, Monday, Friday): never on a weekend or public holiday, when calls are off too.
CHECKIN_DAYS = (2, 3, 7)
# Working days between two contacts with the employer when no date was given (seed: 3-4).
CONTACT_SPACING = 4
# The fewest working days between any two contacts with the employer in a plan (asking HR, the
# call, the follow-up email, a retry): the seed's "three or four days" between contacts.
MIN_CONTACT_GAP = 3
# Check-ins while a decision is overdue (issue 17, "waiting well"): calendar days after the call
# day, each moved to a working day; spaced out as the wait gets longer (3, 7, 14 days, then
# every two weeks) and ending eight weeks on, with a last one that leaves the user to decide
# whether this one is still worth waiting for.
OVERDUE_CHECKIN_DAYS = (3, 7, 14, 28, 42, 56)
# A check-in this close to another prompt is left out (`one_at_a_time`).
ONE_AT_A_TIME = timedelta(hours=1)


@dataclass(frozen=True)
class PlannedNudge:
    kind: str
    due_at: datetime  # stored in UTC whatever zone it was built in

    def __post_init__(self) -> None:
        object.__setattr__(self, "due_at", self.due_at.astimezone(UTC))


def at_local(day: date, at: time, tz: ZoneInfo) -> datetime:
    """The UTC instant of a local wall-clock time; a time skipped by DST moves forward."""
    local = datetime.combine(day, at, tzinfo=tz)
    # Round-tripping through UTC normalises a non-existent local time (spring-forward gap).
    return local.astimezone(UTC)


def local_day(moment: datetime, tz: ZoneInfo) -> date:
    """The calendar day of `moment` (aware) in zone `tz`."""
    return moment.astimezone(tz).date()


def is_business_day(day: date, prefs: Prefs | None = None) -> bool:
    """A working day where the user is: not their country's weekend (Saturday and Sunday, or
    Friday and Saturday...) nor a public holiday there (see `prefs.working_day`)."""
    return working_day(day, 0, prefs) == day


def next_business_day(day: date, prefs: Prefs | None = None) -> date:
    """The first business day strictly after `day`."""
    return working_day(day, 1, prefs)


def on_or_after_business_day(day: date, prefs: Prefs | None = None) -> date:
    """`day` when it is a business day, else the next one."""
    return working_day(day, 0, prefs)


def in_quiet_hours(moment: datetime, prefs: Prefs) -> bool:
    """Whether `moment` falls in the user's quiet hours, local time (they may span midnight)."""
    t = moment.astimezone(prefs.tz).time()
    if prefs.quiet_start > prefs.quiet_end:  # spans midnight, e.g. 21:00-08:00
        return t >= prefs.quiet_start or t < prefs.quiet_end
    return prefs.quiet_start <= t < prefs.quiet_end


def out_of_quiet_hours(moment: datetime, prefs: Prefs) -> datetime:
    """`moment`, or the end of the quiet hours it falls in."""
    if not in_quiet_hours(moment, prefs):
        return moment
    local = moment.astimezone(prefs.tz)
    day = local.date()
    if prefs.quiet_start > prefs.quiet_end and local.time() >= prefs.quiet_start:
        day += timedelta(days=1)
    return at_local(day, prefs.quiet_end, prefs.tz)


def next_contact_slot(moment: datetime, prefs: Prefs) -> datetime:
    """The first moment at or after `moment` that suits contacting an employer: a business day,
    in office hours (10:00-17:00 local) and outside the user's quiet hours."""
    candidate = moment
    for _ in range(14):  # bounded: two weeks always hold a business day
        day = local_day(candidate, prefs.tz)
        if is_business_day(day, prefs):
            start = out_of_quiet_hours(max(candidate, at_local(day, CALL_HOUR, prefs.tz)), prefs)
            if local_day(start, prefs.tz) == day and \
                    start.astimezone(prefs.tz).time() < OFFICE_CLOSE:
                return start
        candidate = at_local(day + timedelta(days=1), time(0, 0), prefs.tz)
    return out_of_quiet_hours(moment, prefs)  # quiet hours that cover the whole office day


# -- the rules ---------------------------------------------------------------------------------
def thank_you_reminders(iv: Interview, now: datetime, prefs: Prefs) -> list[PlannedNudge]:
    """Step 4: a reminder ~2 h after intake, a last one the next morning, then nothing."""
    if iv.thank_you_sent_at is not None:
        return []
    first = out_of_quiet_hours(now + THANK_YOU_REMINDER_AFTER, prefs)
    last = out_of_quiet_hours(
        at_local(local_day(now, prefs.tz) + timedelta(days=1), MORNING, prefs.tz), prefs
    )
    if first >= last - timedelta(hours=1):
        # An evening intake: the "couple of hours" fall in the night, so the next-morning
        # reminder is the only one.
        return [PlannedNudge(THANK_YOU_LAST, last)]
    return [PlannedNudge(THANK_YOU_REMINDER, first), PlannedNudge(THANK_YOU_LAST, last)]


def ask_day(iv: Interview, now: datetime, prefs: Prefs) -> date | None:
    """The day to ask HR when they'll decide (step 1): the next business day; None with a
    decision date, after a "still waiting" (`waiting_since`: they have just asked), or when an
    agreed email or call falls within MIN_CONTACT_GAP working days of it (that contact is the
    moment to ask, and two contacts so close would crowd the employer)."""
    if iv.decision_by is not None or iv.waiting_since is not None:
        return None
    day = next_business_day(local_day(now, prefs.tz), prefs)
    if iv.agreed_contact_at is not None:
        agreed = local_day(iv.agreed_contact_at, prefs.tz)
        first, second = sorted((day, agreed))
        if second < working_day(first, MIN_CONTACT_GAP, prefs):
            return None
    return day


def ask_for_date_reminder(iv: Interview, now: datetime, prefs: Prefs) -> list[PlannedNudge]:
    """Step 1: with no decision date, remind the user to ask HR on the next business morning
    (see `ask_day` for when not)."""
    day = ask_day(iv, now, prefs)
    if day is None:
        return []
    return [PlannedNudge(ASK_FOR_DATE, next_contact_slot(at_local(day, ASK_HOUR, prefs.tz), prefs))]


def call_day(iv: Interview, prefs: Prefs, now: datetime | None = None,
             asked: date | None = None) -> date:
    """Step 6: the next business day after the promised date, or 3-4 days after the interview
    (or after the last "still waiting") when no date was given. Never within MIN_CONTACT_GAP
    working days of an agreed email or call, nor of asking HR (on `asked`, by default the
    `ask_day` of a plan made at `now`)."""
    if iv.decision_by is not None:
        day = next_business_day(iv.decision_by, prefs)
    elif iv.waiting_since is not None:
        # After a call that ended "still waiting, they didn't say": the next contact leaves
        # them CONTACT_SPACING working days (the seed's 3-4 days when no timeline is given).
        day = working_day(local_day(iv.waiting_since, prefs.tz), CONTACT_SPACING, prefs)
    else:
        since = iv.interviewed_at
        day = on_or_after_business_day(local_day(since, prefs.tz) +
                                       timedelta(days=NO_DATE_WAIT_DAYS), prefs)
        if asked is None and now is not None:
            asked = ask_day(iv, now, prefs)
    if asked is not None:
        day = max(day, working_day(asked, MIN_CONTACT_GAP, prefs))
    if iv.agreed_contact_at is not None:
        agreed = local_day(iv.agreed_contact_at, prefs.tz)
        day = max(day, working_day(agreed, MIN_CONTACT_GAP, prefs))
    return day


def _call_of(iv: Interview, prefs: Prefs, now: datetime | None, call: date | None) -> date:
    """The call day the steps around the call are planned from: `call` when given (a call the
    user moved, or logged late), else `call_day`."""
    return call if call is not None else call_day(iv, prefs, now)


def call_prompt(iv: Interview, prefs: Prefs, now: datetime | None = None) -> list[PlannedNudge]:
    """The call day's prompt (the seed's step 6): CALL_HOUR local on `call_day`, moved to the
    next slot a contact may take (working day, spacing from the other contacts)."""
    due = next_contact_slot(at_local(call_day(iv, prefs, now), CALL_HOUR, prefs.tz), prefs)
    return [PlannedNudge(CALL_PROMPT, due)]


def rehearsal_offer(iv: Interview, prefs: Prefs, now: datetime | None = None,
                    call: date | None = None) -> list[PlannedNudge]:
    """Step 5: offered the evening before the call is due (on `call` when given)."""
    day = _call_of(iv, prefs, now, call) - timedelta(days=1)
    return [PlannedNudge(REHEARSAL_OFFER, out_of_quiet_hours(at_local(day, EVENING, prefs.tz),
                                                             prefs))]


def waiting_checkins(iv: Interview, prefs: Prefs, now: datetime | None = None,
                     call: date | None = None) -> list[PlannedNudge]:
    """Step 2: a few evening check-ins while waiting, none on or after the rehearsal day."""
    start = local_day(iv.waiting_since or iv.interviewed_at, prefs.tz)
    last_ok = _call_of(iv, prefs, now, call) - timedelta(days=2)
    days = [working_day(start, n, prefs) for n in CHECKIN_DAYS]
    return [
        PlannedNudge(CHECKIN, out_of_quiet_hours(at_local(d, EVENING, prefs.tz), prefs))
        for d in days
        if d <= last_ok
    ]


def agreed_contact(iv: Interview) -> list[PlannedNudge]:
    """Step 3: "email me on Tuesday at 10" -> a nudge at exactly that time, as agreed."""
    return [PlannedNudge(AGREED_CONTACT, iv.agreed_contact_at)] if iv.agreed_contact_at else []


# A round still to come is taken to last this long: the follow-up counts from its end.
ROUND_LENGTH = timedelta(hours=1)
# Getting ready for a round the same day, when the evening before has passed.
PREP_BEFORE = timedelta(hours=3)


def follow_up_from(iv: Interview, now: datetime) -> datetime:
    """When the follow-up of the current round starts: now, or the end of a round still to come
    (issue 17: a round announced ahead gets its thank-you after it, not before)."""
    return max(now, iv.interviewed_at + ROUND_LENGTH) if iv.interviewed_at > now else now


def round_preparation(iv: Interview, now: datetime, prefs: Prefs) -> list[PlannedNudge]:
    """Before a round still to come: the evening before, or PREP_BEFORE ahead on the day when
    that evening has passed; never in quiet hours, never once the round has begun."""
    if iv.interviewed_at <= now:
        return []
    eve = at_local(local_day(iv.interviewed_at, prefs.tz) - timedelta(days=1), EVENING, prefs.tz)
    due = out_of_quiet_hours(eve if eve > now else iv.interviewed_at - PREP_BEFORE, prefs)
    return [PlannedNudge(ROUND_PREP, due)] if now < due < iv.interviewed_at else []


def overdue_checkins(iv: Interview, prefs: Prefs, now: datetime | None = None,
                     call: date | None = None) -> list[PlannedNudge]:
    """Step 2 while the decision is overdue: evening check-ins OVERDUE_CHECKIN_DAYS calendar days
    after the call day (each on a working day), so a long silence is never met by silence."""
    start = _call_of(iv, prefs, now, call)
    days = sorted({on_or_after_business_day(start + timedelta(days=d), prefs)
                   for d in OVERDUE_CHECKIN_DAYS})
    return [PlannedNudge(CHECKIN, out_of_quiet_hours(at_local(d, EVENING, prefs.tz), prefs))
            for d in days if d > start]


def follow_up(iv: Interview, prefs: Prefs, now: datetime | None = None,
              call: date | None = None) -> list[PlannedNudge]:
    """Step 6 when the call brings nothing: one written follow-up CONTACT_SPACING working days
    after the call day (the seed's 3-4 days between contacts); no further contact is planned
    (the anti-obsession cap: the user is then coached to let it rest). None on standby: they
    said they'd come back to you, and the check-back call is the contact."""
    if iv.outcome == "standby":
        return []
    return [PlannedNudge(FOLLOW_UP, follow_up_at(_call_of(iv, prefs, now, call), prefs))]


def follow_up_at(call: date, prefs: Prefs) -> datetime:
    """When the written follow-up after a call on `call` is due: CONTACT_SPACING working days
    later, in office hours."""
    day = working_day(call, CONTACT_SPACING, prefs)
    return next_contact_slot(at_local(day, ASK_HOUR, prefs.tz), prefs)


def earliest_contact_after(contact: datetime, prefs: Prefs) -> datetime:
    """The first office-hours moment MIN_CONTACT_GAP working days after a contact at `contact`
    (a follow-up moved too close to the call is held to it)."""
    day = working_day(local_day(contact, prefs.tz), MIN_CONTACT_GAP, prefs)
    return next_contact_slot(at_local(day, ASK_HOUR, prefs.tz), prefs)


def offer_reminder(iv: Interview, now: datetime, prefs: Prefs) -> list[PlannedNudge]:
    """The offer stage: a reminder on the working morning before the answer is due (or within the
    hour when that has passed), while the deadline is still to come; nothing without one."""
    if iv.outcome != "selected" or iv.offer_deadline is None:
        return []
    end = at_local(iv.offer_deadline, OFFICE_CLOSE, prefs.tz)
    due = at_local(working_day(iv.offer_deadline, -1, prefs), MORNING, prefs.tz)
    due = out_of_quiet_hours(max(due, now + timedelta(hours=1)), prefs)
    return [PlannedNudge(OFFER_DEADLINE, due)] if due < end else []


def plan(iv: Interview, now: datetime, prefs: Prefs,
         held: Mapping[str, datetime] | None = None) -> list[PlannedNudge]:
    """Every nudge for an open interview, in time order; nothing in the past. A round still to
    come gets its preparation, and its follow-up counts from its end (`follow_up_from`); a
    closed one plans only the reminder of an offer's deadline.

    `held` holds steps at a time the user chose (ASK_FOR_DATE and CALL_PROMPT, UTC): the steps
    that hang on them are planned around them — the call MIN_CONTACT_GAP working days after
    asking HR, the rehearsal the evening before the call, the follow-up email and the check-ins
    after it. A call day already past when planned (logged late) is held at the next office
    hours, and the rest follows it the same way."""
    if iv.status != "waiting":
        return offer_reminder(iv, now, prefs)
    held = held or {}
    start = follow_up_from(iv, now)
    asks = ask_for_date_reminder(iv, start, prefs)
    asked = local_day(asks[0].due_at, prefs.tz) if asks else None
    if ASK_FOR_DATE in held:
        asks = [PlannedNudge(ASK_FOR_DATE, held[ASK_FOR_DATE])]
        asked = local_day(held[ASK_FOR_DATE], prefs.tz)
    call_at = held.get(CALL_PROMPT) or next_contact_slot(
        at_local(call_day(iv, prefs, start, asked), CALL_HOUR, prefs.tz), prefs)
    if call_at <= now:
        # Logged after the call day had passed: the call is still the step to take, soon.
        call_at = next_contact_slot(now, prefs)
    call = local_day(call_at, prefs.tz)
    nudges = [
        *round_preparation(iv, now, prefs),
        *thank_you_reminders(iv, start, prefs),
        *asks,
        *waiting_checkins(iv, prefs, start, call),
        *agreed_contact(iv),
        *(r for r in rehearsal_offer(iv, prefs, start, call) if r.due_at < call_at),
        PlannedNudge(CALL_PROMPT, call_at),
        *follow_up(iv, prefs, start, call),
        *overdue_checkins(iv, prefs, start, call),
    ]
    return one_at_a_time(sorted((n for n in nudges if n.due_at >= now), key=lambda n: n.due_at))


def one_at_a_time(nudges: list[PlannedNudge]) -> list[PlannedNudge]:
    """`nudges` without the check-ins due within ONE_AT_A_TIME of another prompt (a rehearsal
    offer at 18:00, say): that moment already has its message, and two at once read as noise."""
    others = [n.due_at for n in nudges if n.kind != CHECKIN]
    return [n for n in nudges
            if n.kind != CHECKIN or all(abs(n.due_at - o) >= ONE_AT_A_TIME for o in others)]
