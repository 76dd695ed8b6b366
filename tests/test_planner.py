"""bot/core/planner.py: every rule that turns an interview's facts into dated nudges.

START (tests/conftest.py) is Wednesday 25 November 2026, 15:00 in London (GMT, = 15:00 UTC).
Calendar used below: Thu 26, Fri 27, Sat 28, Sun 29, Mon 30 Nov, Tue 1 Dec ... Fri 4 Dec.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.core.contract.models import Interview
from bot.core.contract.prefs import Prefs
from bot.core.plan.kinds import (
    AGREED_CONTACT,
    ASK_FOR_DATE,
    CALL_PROMPT,
    CHECKIN,
    FOLLOW_UP,
    REHEARSAL_OFFER,
    THANK_YOU_LAST,
    THANK_YOU_REMINDER,
)
from bot.core.plan.planner import (
    PlannedNudge,
    agreed_contact,
    ask_for_date_reminder,
    at_local,
    call_day,
    call_prompt,
    in_quiet_hours,
    is_business_day,
    next_business_day,
    next_contact_slot,
    out_of_quiet_hours,
    plan,
    rehearsal_offer,
    thank_you_reminders,
    waiting_checkins,
)
from tests.conftest import LONDON, START

NEW_YORK = ZoneInfo("America/New_York")
TOKYO = ZoneInfo("Asia/Tokyo")
P = Prefs(tz=LONDON)


def london(y: int, mo: int, d: int, h: int = 0, mi: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=LONDON)


def utc(y: int, mo: int, d: int, h: int = 0, mi: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=UTC)


def interview(**kw: Any) -> Interview:
    fields: dict[str, Any] = {"id": "iv1", "user_key": "console:u1", "created_at": START,
                              "interviewed_at": START}
    fields.update(kw)
    return Interview(**fields)


def kinds(nudges: list[PlannedNudge]) -> list[str]:
    return [n.kind for n in nudges]


def one(nudges: list[PlannedNudge], kind: str) -> datetime:
    found = [n.due_at for n in nudges if n.kind == kind]
    assert len(found) == 1, f"{kind}: {found}"
    return found[0]


# -- calendar helpers -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 11, 25), date(2026, 11, 26)),  # Wed -> Thu
        (date(2026, 11, 27), date(2026, 11, 30)),  # Fri -> Mon
        (date(2026, 11, 28), date(2026, 11, 30)),  # Sat -> Mon
        (date(2026, 11, 29), date(2026, 11, 30)),  # Sun -> Mon
        (date(2026, 11, 30), date(2026, 12, 1)),  # Mon -> Tue: strictly after
    ],
)
def test_next_business_day(day: date, expected: date) -> None:
    assert next_business_day(day) == expected


def test_is_business_day() -> None:
    week = [date(2026, 11, 23) + timedelta(days=n) for n in range(7)]  # Mon..Sun
    assert [is_business_day(d) for d in week] == [True] * 5 + [False] * 2


def test_at_local_keeps_wall_clock_time_across_the_october_change() -> None:
    assert at_local(date(2026, 10, 23), time(10), LONDON) == utc(2026, 10, 23, 9)  # BST
    assert at_local(date(2026, 10, 26), time(10), LONDON) == utc(2026, 10, 26, 10)  # GMT
    assert at_local(date(2026, 10, 23), time(10), LONDON).tzinfo == UTC


def test_at_local_moves_a_skipped_time_forward() -> None:
    # 01:30 on Sun 29 Mar 2026 does not exist in London: clocks jump from 01:00 to 02:00.
    moment = at_local(date(2026, 3, 29), time(1, 30), LONDON)
    assert moment.astimezone(LONDON).replace(tzinfo=None) == datetime(2026, 3, 29, 2, 30)


# -- quiet hours ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("moment", "quiet"),
    [
        (london(2026, 11, 25, 20, 59), False),
        (london(2026, 11, 25, 21, 0), True),
        (london(2026, 11, 25, 23, 30), True),
        (london(2026, 11, 26, 3, 0), True),
        (london(2026, 11, 26, 7, 59), True),
        (london(2026, 11, 26, 8, 0), False),
        (london(2026, 11, 26, 12, 0), False),
    ],
)
def test_in_quiet_hours_default_2100_to_0800(moment: datetime, quiet: bool) -> None:
    assert in_quiet_hours(moment, P) is quiet


def test_in_quiet_hours_uses_the_users_zone() -> None:
    noon_utc = utc(2026, 11, 25, 12)  # 12:00 London, 21:00 Tokyo, 07:00 New York
    assert in_quiet_hours(noon_utc, P) is False
    assert in_quiet_hours(noon_utc, Prefs(tz=TOKYO)) is True
    assert in_quiet_hours(noon_utc, Prefs(tz=NEW_YORK)) is True
    assert in_quiet_hours(utc(2026, 11, 25, 15), Prefs(tz=NEW_YORK)) is False  # 10:00 there


def test_in_quiet_hours_within_one_day() -> None:
    siesta = Prefs(tz=LONDON, quiet_start=time(13, 0), quiet_end=time(14, 30))
    assert in_quiet_hours(london(2026, 11, 25, 12, 59), siesta) is False
    assert in_quiet_hours(london(2026, 11, 25, 13, 0), siesta) is True
    assert in_quiet_hours(london(2026, 11, 25, 14, 29), siesta) is True
    assert in_quiet_hours(london(2026, 11, 25, 14, 30), siesta) is False
    assert in_quiet_hours(london(2026, 11, 25, 23, 0), siesta) is False


def test_out_of_quiet_hours() -> None:
    assert out_of_quiet_hours(START, P) == START  # 15:00: not quiet, unchanged
    # Evening: to 08:00 the next day. After midnight: to 08:00 the same day.
    assert out_of_quiet_hours(london(2026, 11, 25, 22), P) == london(2026, 11, 26, 8)
    assert out_of_quiet_hours(london(2026, 11, 26, 3), P) == london(2026, 11, 26, 8)
    late_riser = Prefs(tz=LONDON, quiet_start=time(22, 0), quiet_end=time(9, 30))
    assert out_of_quiet_hours(london(2026, 11, 25, 21, 30), late_riser) == london(2026, 11, 25,
                                                                                  21, 30)
    assert out_of_quiet_hours(london(2026, 11, 25, 22), late_riser) == london(2026, 11, 26, 9, 30)


def test_out_of_quiet_hours_in_tokyo() -> None:
    # 15:00 UTC is midnight in Tokyo: the quiet hours end at 08:00 JST = 23:00 UTC.
    assert out_of_quiet_hours(utc(2026, 11, 25, 15), Prefs(tz=TOKYO)) == utc(2026, 11, 25, 23)


@pytest.mark.parametrize(
    ("moment", "slot"),
    [
        (london(2026, 11, 25, 12), london(2026, 11, 25, 12)),  # Wed noon: now
        (london(2026, 11, 25, 8), london(2026, 11, 25, 10)),  # Wed 08:00: office opens at 10
        (london(2026, 11, 25, 17), london(2026, 11, 26, 10)),  # Wed 17:00: offices closing
        (london(2026, 11, 25, 22), london(2026, 11, 26, 10)),  # Wed night: Thu morning
        (london(2026, 11, 27, 22), london(2026, 11, 30, 10)),  # Fri night: Mon morning
        (london(2026, 11, 28, 12), london(2026, 11, 30, 10)),  # Saturday: Monday
        (london(2026, 11, 29, 3), london(2026, 11, 30, 10)),  # Sunday night: Monday
    ],
)
def test_next_contact_slot_is_a_business_day_in_office_hours(
    moment: datetime, slot: datetime
) -> None:
    assert next_contact_slot(moment, P) == slot


def test_next_contact_slot_respects_a_late_end_of_quiet_hours() -> None:
    late_riser = Prefs(tz=LONDON, quiet_start=time(22, 0), quiet_end=time(9, 30))
    assert next_contact_slot(london(2026, 11, 28, 12), late_riser) == london(2026, 11, 30, 10)
    very_late = Prefs(tz=LONDON, quiet_start=time(22, 0), quiet_end=time(11, 30))
    assert next_contact_slot(london(2026, 11, 28, 12), very_late) == london(2026, 11, 30, 11, 30)


# -- step 4: thank-you reminders ----------------------------------------------------------------
def test_thank_you_reminders_two_hours_later_and_next_morning() -> None:
    nudges = thank_you_reminders(interview(), START, P)
    assert nudges == [PlannedNudge(THANK_YOU_REMINDER, london(2026, 11, 25, 17)),
                      PlannedNudge(THANK_YOU_LAST, london(2026, 11, 26, 9))]


def test_an_evening_intake_moves_the_reminder_out_of_quiet_hours() -> None:
    evening = london(2026, 11, 25, 20)
    nudges = thank_you_reminders(interview(interviewed_at=evening), evening, P)
    # 22:00 is in the quiet hours, so the next-morning reminder is the only one.
    assert [n.kind for n in nudges] == [THANK_YOU_LAST]
    assert one(nudges, THANK_YOU_LAST) == london(2026, 11, 26, 9)
    assert all(not in_quiet_hours(n.due_at, P) for n in nudges)


def test_no_thank_you_reminders_once_it_was_sent() -> None:
    assert thank_you_reminders(interview(thank_you_sent_at=START), START, P) == []


def test_thank_you_reminders_in_tokyo() -> None:
    # START is 00:00 on Thu 26 Nov in Tokyo; +2 h = 02:00 is quiet -> 08:00 JST.
    nudges = thank_you_reminders(interview(), START, Prefs(tz=TOKYO))
    assert one(nudges, THANK_YOU_REMINDER) == datetime(2026, 11, 26, 8, tzinfo=TOKYO)
    assert one(nudges, THANK_YOU_LAST) == datetime(2026, 11, 27, 9, tzinfo=TOKYO)
    assert one(nudges, THANK_YOU_REMINDER) == utc(2026, 11, 25, 23)


def test_thank_you_reminders_across_the_october_change() -> None:
    # Sat 24 Oct 20:00 BST; 22:00 is quiet -> one reminder, Sun 25 Oct 09:00, GMT by then.
    evening = london(2026, 10, 24, 20)
    nudges = thank_you_reminders(interview(interviewed_at=evening), evening, P)
    assert [n.kind for n in nudges] == [THANK_YOU_LAST]
    assert one(nudges, THANK_YOU_LAST) == utc(2026, 10, 25, 9)


# -- step 1: ask HR for a date ------------------------------------------------------------------
def test_ask_for_date_next_business_morning() -> None:
    nudges = ask_for_date_reminder(interview(), START, P)
    assert nudges == [PlannedNudge(ASK_FOR_DATE, london(2026, 11, 26, 10))]


def test_ask_for_date_after_a_friday_interview_waits_for_monday() -> None:
    friday = london(2026, 11, 27, 15)
    nudges = ask_for_date_reminder(interview(interviewed_at=friday), friday, P)
    assert nudges == [PlannedNudge(ASK_FOR_DATE, london(2026, 11, 30, 10))]


def test_no_ask_for_date_when_a_date_was_given() -> None:
    assert ask_for_date_reminder(interview(decision_by=date(2026, 11, 27)), START, P) == []


def test_ask_for_date_also_when_the_user_said_they_did_not_say() -> None:
    nudges = ask_for_date_reminder(interview(decision_unknown=True), START, P)
    assert kinds(nudges) == [ASK_FOR_DATE]


# -- step 6: the call day and the call prompt -----------------------------------------------------
@pytest.mark.parametrize(
    ("decision", "expected"),
    [
        (date(2026, 11, 27), date(2026, 11, 30)),  # Fri -> Mon
        (date(2026, 11, 28), date(2026, 11, 30)),  # Sat -> Mon
        (date(2026, 11, 29), date(2026, 11, 30)),  # Sun -> Mon
        (date(2026, 12, 2), date(2026, 12, 3)),  # Wed -> Thu
        (date(2026, 12, 9), date(2026, 12, 10)),  # "in two weeks" -> Thu 10 Dec
    ],
)
def test_call_day_is_the_next_business_day_after_the_promised_date(
    decision: date, expected: date
) -> None:
    assert call_day(interview(decision_by=decision), P) == expected


@pytest.mark.parametrize(
    ("interviewed", "expected"),
    [
        (london(2026, 11, 23, 11), date(2026, 11, 26)),  # Mon + 3 = Thu
        (london(2026, 11, 25, 15), date(2026, 11, 30)),  # Wed + 3 = Sat -> Mon
        (london(2026, 11, 26, 15), date(2026, 11, 30)),  # Thu + 3 = Sun -> Mon
        (london(2026, 11, 27, 15), date(2026, 11, 30)),  # Fri + 3 = Mon
    ],
)
def test_call_day_without_a_date_is_three_days_after_on_a_business_day(
    interviewed: datetime, expected: date
) -> None:
    assert call_day(interview(interviewed_at=interviewed), P) == expected


def test_call_day_counts_from_the_interviews_local_date() -> None:
    # Tue 24 Nov 16:00 UTC is already Wed 25 Nov (01:00) in Tokyo: +3 is Saturday -> Monday.
    iv = interview(interviewed_at=utc(2026, 11, 24, 16))
    assert call_day(iv, Prefs(tz=TOKYO)) == date(2026, 11, 30)
    assert call_day(iv, P) == date(2026, 11, 27)  # in London it is still Tuesday


def test_call_prompt_after_a_friday_decision_is_monday_at_ten() -> None:
    nudges = call_prompt(interview(decision_by=date(2026, 11, 27)), P)
    assert nudges == [PlannedNudge(CALL_PROMPT, london(2026, 11, 30, 10))]


def test_call_prompt_after_a_thursday_interview_without_a_date_is_monday() -> None:
    thursday = london(2026, 11, 26, 15)
    due = one(call_prompt(interview(interviewed_at=thursday), P), CALL_PROMPT)
    assert due == london(2026, 11, 30, 10)
    assert due.astimezone(LONDON).strftime("%a") == "Mon"


def test_call_prompt_waits_for_the_end_of_long_quiet_hours() -> None:
    late_riser = Prefs(tz=LONDON, quiet_start=time(21, 0), quiet_end=time(11, 0))
    due = one(call_prompt(interview(decision_by=date(2026, 11, 27)), late_riser), CALL_PROMPT)
    assert due == london(2026, 11, 30, 11)


def test_call_prompt_in_tokyo_is_ten_oclock_there() -> None:
    due = one(call_prompt(interview(decision_by=date(2026, 11, 27)), Prefs(tz=TOKYO)), CALL_PROMPT)
    assert due == datetime(2026, 11, 30, 10, tzinfo=TOKYO)
    assert due == utc(2026, 11, 30, 1)


def test_call_prompt_across_the_london_dst_change() -> None:
    # British Summer Time ends on Sun 25 Oct 2026: 10:00 is 09:00 UTC before, 10:00 UTC after.
    before = one(call_prompt(interview(interviewed_at=london(2026, 10, 20, 11),
                                       decision_by=date(2026, 10, 22)), P), CALL_PROMPT)
    after = one(call_prompt(interview(interviewed_at=london(2026, 10, 20, 11),
                                      decision_by=date(2026, 10, 23)), P), CALL_PROMPT)
    assert before == utc(2026, 10, 23, 9)  # Fri 23 Oct 10:00 BST
    assert after == utc(2026, 10, 26, 10)  # Mon 26 Oct 10:00 GMT
    assert before.astimezone(LONDON).hour == after.astimezone(LONDON).hour == 10


def test_call_prompt_across_the_new_york_dst_change() -> None:
    # Eastern time falls back on Sun 1 Nov 2026: 10:00 is 14:00 UTC before, 15:00 UTC after.
    ny = Prefs(tz=NEW_YORK)
    start = datetime(2026, 10, 27, 11, tzinfo=NEW_YORK)
    before = one(call_prompt(interview(interviewed_at=start, decision_by=date(2026, 10, 29)), ny),
                 CALL_PROMPT)
    after = one(call_prompt(interview(interviewed_at=start, decision_by=date(2026, 10, 30)), ny),
                CALL_PROMPT)
    assert before == utc(2026, 10, 30, 14)  # Fri 30 Oct 10:00 EDT
    assert after == utc(2026, 11, 2, 15)  # Mon 2 Nov 10:00 EST


def test_no_date_wait_across_the_new_york_dst_change() -> None:
    # Thu 29 Oct + 3 days = Sun 1 Nov (the change itself) -> Mon 2 Nov 10:00 EST.
    ny = Prefs(tz=NEW_YORK)
    thursday = datetime(2026, 10, 29, 16, tzinfo=NEW_YORK)
    due = one(call_prompt(interview(interviewed_at=thursday), ny), CALL_PROMPT)
    assert due == utc(2026, 11, 2, 15)


# -- step 5: rehearsal offer --------------------------------------------------------------------
def test_rehearsal_offer_is_the_evening_before_the_call() -> None:
    nudges = rehearsal_offer(interview(decision_by=date(2026, 12, 9)), P)
    assert nudges == [PlannedNudge(REHEARSAL_OFFER, london(2026, 12, 9, 18))]  # call Thu 10 Dec


def test_rehearsal_offer_before_a_monday_call_is_sunday_evening() -> None:
    due = one(rehearsal_offer(interview(decision_by=date(2026, 11, 27)), P), REHEARSAL_OFFER)
    assert due == london(2026, 11, 29, 18)


def test_rehearsal_offer_on_the_day_british_summer_time_ends() -> None:
    # Call on Mon 26 Oct; the offer is Sun 25 Oct 18:00, already GMT.
    iv = interview(interviewed_at=london(2026, 10, 20, 11), decision_by=date(2026, 10, 23))
    assert one(rehearsal_offer(iv, P), REHEARSAL_OFFER) == utc(2026, 10, 25, 18)


# -- step 2: check-ins while waiting ------------------------------------------------------------
def test_checkins_stop_before_the_rehearsal_day() -> None:
    # Call Mon 30 Nov: only the day-2 check-in (Fri 27) comes before Sat 28.
    nudges = waiting_checkins(interview(decision_by=date(2026, 11, 27)), P)
    assert nudges == [PlannedNudge(CHECKIN, london(2026, 11, 27, 18))]


def test_a_long_wait_gets_three_evening_checkins() -> None:
    nudges = waiting_checkins(interview(decision_by=date(2026, 12, 9)), P)
    assert [n.due_at for n in nudges] == [london(2026, 11, 27, 18), london(2026, 11, 30, 18),
                                          london(2026, 12, 4, 18)]
    assert kinds(nudges) == [CHECKIN] * 3


def test_a_short_wait_gets_no_checkins() -> None:
    # Interview Mon 23, no date: call Thu 26, so no day is two days clear of it after day 2.
    assert waiting_checkins(interview(interviewed_at=london(2026, 11, 23, 11)), P) == []


def test_checkins_are_never_in_quiet_hours() -> None:
    early_night = Prefs(tz=LONDON, quiet_start=time(17, 0), quiet_end=time(8, 0))
    nudges = waiting_checkins(interview(decision_by=date(2026, 12, 9)), early_night)
    assert nudges
    assert all(not in_quiet_hours(n.due_at, early_night) for n in nudges)


# -- step 3: an agreed time ---------------------------------------------------------------------
def test_agreed_contact_is_exactly_the_agreed_time() -> None:
    at = london(2026, 12, 1, 10)
    assert agreed_contact(interview(agreed_contact_at=at)) == [PlannedNudge(AGREED_CONTACT, at)]


def test_agreed_contact_is_kept_even_in_quiet_hours() -> None:
    at = london(2026, 12, 1, 21, 30)  # "call me at 9:30pm" is what was agreed
    assert agreed_contact(interview(agreed_contact_at=at)) == [PlannedNudge(AGREED_CONTACT, at)]


def test_no_agreed_contact_no_nudge() -> None:
    assert agreed_contact(interview()) == []


# -- the whole plan -----------------------------------------------------------------------------
def test_plan_for_the_rich_sentence() -> None:
    nudges = plan(interview(decision_by=date(2026, 11, 27)), START, P)
    assert [(n.kind, n.due_at) for n in nudges] == [
        (THANK_YOU_REMINDER, london(2026, 11, 25, 17)),
        (THANK_YOU_LAST, london(2026, 11, 26, 9)),
        (CHECKIN, london(2026, 11, 27, 18)),
        (REHEARSAL_OFFER, london(2026, 11, 29, 18)),
        (CALL_PROMPT, london(2026, 11, 30, 10)),
        # While the decision is overdue (issue 17): check-ins 3, 7 and 14 days after the call
        # day, then every two weeks up to eight weeks (each on a working day: 28 Dec is a
        # Monday, 11 Jan and 25 Jan too), and one follow-up four working days after the call.
        (CHECKIN, london(2026, 12, 3, 18)),
        (FOLLOW_UP, london(2026, 12, 4, 10)),
        (CHECKIN, london(2026, 12, 7, 18)),
        (CHECKIN, london(2026, 12, 14, 18)),
        (CHECKIN, london(2026, 12, 28, 18)),
        (CHECKIN, london(2027, 1, 11, 18)),
        (CHECKIN, london(2027, 1, 25, 18)),
    ]


def test_plan_without_a_date_asks_for_one_and_calls_after_three_days() -> None:
    nudges = plan(interview(decision_unknown=True), START, P)
    assert one(nudges, ASK_FOR_DATE) == london(2026, 11, 26, 10)
    # Three working days after asking HR (Fri, Mon, Tue), the seed's spacing between contacts;
    # then the follow-up four working days after the call.
    assert one(nudges, CALL_PROMPT) == london(2026, 12, 1, 10)
    assert one(nudges, FOLLOW_UP) == london(2026, 12, 7, 10)


def test_plan_with_an_agreed_contact_two_weeks_wait() -> None:
    iv = interview(decision_by=date(2026, 12, 9), agreed_contact_at=london(2026, 12, 1, 10),
                   agreed_contact_kind="email")
    nudges = plan(iv, START, P)
    assert kinds(nudges)[:8] == [THANK_YOU_REMINDER, THANK_YOU_LAST, CHECKIN, CHECKIN,
                                 AGREED_CONTACT, CHECKIN, REHEARSAL_OFFER, CALL_PROMPT]
    assert kinds(nudges)[8:] == [CHECKIN, FOLLOW_UP, CHECKIN, CHECKIN, CHECKIN, CHECKIN,
                                 CHECKIN]
    assert one(nudges, AGREED_CONTACT) == london(2026, 12, 1, 10)
    assert one(nudges, CALL_PROMPT) == london(2026, 12, 10, 10)


def test_plan_is_in_time_order_in_utc_at_local_hours() -> None:
    now = START.astimezone(UTC)  # what the clock gives
    nudges = plan(interview(interviewed_at=now, decision_by=date(2026, 12, 9)), now,
                  Prefs(tz=TOKYO))
    dues = [n.due_at for n in nudges]
    assert dues == sorted(dues)
    assert all(d.tzinfo is UTC for d in dues)
    local = {n.kind: n.due_at.astimezone(TOKYO).strftime("%a %d %b %H:%M") for n in nudges}
    assert local[CALL_PROMPT] == "Thu 10 Dec 10:00"
    assert local[REHEARSAL_OFFER] == "Wed 09 Dec 18:00"
    assert local[THANK_YOU_REMINDER] == "Thu 26 Nov 08:00"


def test_plan_never_contains_past_nudges() -> None:
    # Planned late (Fri 27 Nov 19:00): Friday's check-in and a past agreed time are gone.
    later = london(2026, 11, 27, 19)
    iv = interview(decision_by=date(2026, 11, 27), agreed_contact_at=london(2026, 11, 26, 10))
    nudges = plan(iv, later, P)
    assert nudges
    assert all(n.due_at > later for n in nudges)
    # Only the check-ins for an overdue decision (after the call day) are left.
    assert all(n.due_at > london(2026, 11, 30, 10) for n in nudges if n.kind == CHECKIN)
    assert AGREED_CONTACT not in kinds(nudges)
    # Three working days after the agreed email of Thursday (Fri, Mon, Tue), not Monday.
    assert one(nudges, CALL_PROMPT) == london(2026, 12, 1, 10)
    assert one(nudges, REHEARSAL_OFFER) == london(2026, 11, 30, 18)


@pytest.mark.parametrize("status", ["closed", "selected", "not_selected"])
def test_a_closed_interview_plans_nothing(status: str) -> None:
    assert plan(interview(decision_by=date(2026, 11, 27), status=status), START, P) == []


def test_thank_you_sent_plans_no_thank_you_reminders() -> None:
    nudges = plan(interview(decision_by=date(2026, 11, 27), thank_you_sent_at=START), START, P)
    assert THANK_YOU_REMINDER not in kinds(nudges)
    assert THANK_YOU_LAST not in kinds(nudges)
    assert CALL_PROMPT in kinds(nudges)


def test_contact_nudges_fall_on_business_days_outside_quiet_hours() -> None:
    for tz in (LONDON, NEW_YORK, TOKYO):
        prefs = Prefs(tz=tz)
        for decision in (date(2026, 11, 27), date(2026, 11, 28), None):
            for now in (START, london(2026, 11, 27, 20), london(2026, 11, 28, 12)):
                iv = interview(interviewed_at=now, decision_by=decision)
                for n in plan(iv, now, prefs):
                    if n.kind in (ASK_FOR_DATE, CALL_PROMPT):
                        local = n.due_at.astimezone(tz)
                        assert local.weekday() < 5, (tz, decision, now, n)
                        assert not in_quiet_hours(n.due_at, prefs), (tz, decision, now, n)


def test_a_call_day_already_past_at_intake_is_planned_for_the_next_office_hours() -> None:
    # Logged on Wed 25 Nov 15:00 about a week-old interview whose promised date was Mon 23 Nov.
    iv = interview(interviewed_at=london(2026, 11, 16, 11), decision_by=date(2026, 11, 23))
    nudges = plan(iv, START, P)
    assert one(nudges, CALL_PROMPT) == START  # Wednesday 15:00 is within office hours
    evening = london(2026, 11, 25, 19)
    assert one(plan(iv, evening, P), CALL_PROMPT) == london(2026, 11, 26, 10)
