"""bot/core/catchup.py: what happens to nudges that came due while the bot was down.

START (tests/conftest.py) is Wednesday 25 November 2026, 15:00 in London.
Calendar: Fri 27, Sat 28, Sun 29, Mon 30 Nov, Tue 1, Wed 2, Thu 3, Fri 4, Sat 5, Mon 7 Dec.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from bot.core.contract.models import Nudge
from bot.core.contract.prefs import Prefs
from bot.core.plan.catchup import Triage, triage
from bot.core.plan.kinds import (
    AGREED_CONTACT,
    ASK_FOR_DATE,
    CALL_PROMPT,
    CHECKIN,
    REHEARSAL_OFFER,
    THANK_YOU_LAST,
    THANK_YOU_REMINDER,
)
from bot.core.plan.planner import (
    in_quiet_hours,
)
from tests.conftest import LONDON, START

P = Prefs(tz=LONDON)
NEW_YORK = ZoneInfo("America/New_York")


def london(y: int, mo: int, d: int, h: int = 0, mi: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=LONDON)


_ids = iter(range(1, 10_000))


def nudge(kind: str, due: datetime, interview: str = "iv1") -> Nudge:
    return Nudge(id=f"n{next(_ids)}", user_key="console:u1", interview_id=interview, kind=kind,
                 due_at=due.astimezone(UTC), created_at=START.astimezone(UTC))


def accounted_once(due: list[Nudge], result: Triage) -> None:
    """Every due nudge gets exactly one fate: sent, re-timed or dropped."""
    ids = ([n.id for n in result.send] + [n.id for n, _ in result.retime]
           + [n.id for n, _, _ in result.drop])
    assert sorted(ids) == sorted(n.id for n in due)


def dropped(result: Triage) -> dict[str, str]:
    return {n.id: status for n, status, _ in result.drop}


# -- a week of downtime -------------------------------------------------------------------------
def week_of_downtime() -> dict[str, Nudge]:
    """The bot went down after the intake on Wed 25 Nov and is back on Wed 2 Dec."""
    return {
        "thanks": nudge(THANK_YOU_REMINDER, london(2026, 11, 25, 17)),
        "thanks_last": nudge(THANK_YOU_LAST, london(2026, 11, 26, 9)),
        "checkin_fri": nudge(CHECKIN, london(2026, 11, 27, 18)),
        "checkin_mon": nudge(CHECKIN, london(2026, 11, 30, 18)),
        "checkin_tue": nudge(CHECKIN, london(2026, 12, 1, 18)),
        "call": nudge(CALL_PROMPT, london(2026, 11, 30, 10)),
    }


def test_a_week_of_downtime_does_not_flood_the_user() -> None:
    n = week_of_downtime()
    due = list(n.values())
    result = triage(due, london(2026, 12, 2, 11), P)  # Wed 2 Dec 11:00, a business morning
    accounted_once(due, result)
    fate = dropped(result)
    # The earlier thank-you reminder folds into the last one, which is days stale: both gone.
    assert fate[n["thanks"].id] == "merged"
    assert fate[n["thanks_last"].id] == "expired"
    # Only the latest check-in (17 h late) is still worth sending; the older ones are merged.
    assert fate[n["checkin_fri"].id] == "merged"
    assert fate[n["checkin_mon"].id] == "merged"
    # The call still matters, and now is a fine time to call: sent, not dropped.
    assert [x.id for x in result.send] == [n["call"].id, n["checkin_tue"].id]
    assert result.retime == []
    sent = Counter(x.kind for x in result.send)
    assert sent[THANK_YOU_REMINDER] + sent[THANK_YOU_LAST] <= 1
    assert sent[CHECKIN] <= 1
    assert sent[CALL_PROMPT] == 1


def test_a_week_of_downtime_caught_up_at_night_sends_nothing_until_morning() -> None:
    n = week_of_downtime()
    due = list(n.values())
    now = london(2026, 12, 2, 23)  # Wed 23:00
    result = triage(due, now, P)
    accounted_once(due, result)
    assert result.send == []
    # The call waits for Thursday morning; by now even the latest check-in (29 h) is stale.
    assert result.retime == [(n["call"], london(2026, 12, 3, 10))]
    assert dropped(result) == {n["thanks"].id: "merged", n["thanks_last"].id: "expired",
                               n["checkin_fri"].id: "merged", n["checkin_mon"].id: "merged",
                               n["checkin_tue"].id: "expired"}


def test_only_the_latest_thank_you_reminder_is_sent_when_it_is_fresh() -> None:
    first = nudge(THANK_YOU_REMINDER, london(2026, 11, 25, 17))
    last = nudge(THANK_YOU_LAST, london(2026, 11, 26, 9))
    result = triage([first, last], london(2026, 11, 26, 12), P)  # back the next day at noon
    assert result.send == [last]
    assert dropped(result) == {first.id: "merged"}


def test_groups_are_per_interview() -> None:
    a = nudge(CHECKIN, london(2026, 12, 1, 18), interview="iv1")
    b = nudge(CHECKIN, london(2026, 12, 1, 18), interview="iv2")
    older_a = nudge(CHECKIN, london(2026, 11, 30, 18), interview="iv1")
    result = triage([a, b, older_a], london(2026, 12, 2, 10), P)
    assert sorted(x.id for x in result.send) == sorted([a.id, b.id])
    assert dropped(result) == {older_a.id: "merged"}


def test_a_stale_checkin_alone_is_expired() -> None:
    old = nudge(CHECKIN, london(2026, 11, 27, 18))
    result = triage([old], london(2026, 11, 30, 10), P)  # 2.5 days late
    assert result.send == [] and result.retime == []
    assert dropped(result) == {old.id: "expired"}


def test_a_due_call_prompt_covers_the_rehearsal_offer_and_the_ask_for_date() -> None:
    rehearsal = nudge(REHEARSAL_OFFER, london(2026, 11, 29, 18))
    ask = nudge(ASK_FOR_DATE, london(2026, 11, 26, 10))
    call = nudge(CALL_PROMPT, london(2026, 11, 30, 10))
    result = triage([ask, rehearsal, call], london(2026, 11, 30, 10, 5), P)
    assert result.send == [call]
    assert dropped(result) == {rehearsal.id: "merged", ask.id: "merged"}


def test_a_stale_rehearsal_offer_is_expired() -> None:
    rehearsal = nudge(REHEARSAL_OFFER, london(2026, 11, 29, 18))
    result = triage([rehearsal], london(2026, 11, 30, 14), P)  # 20 h late, call not yet due
    assert dropped(result) == {rehearsal.id: "expired"}


# -- late contact nudges are re-timed to a proper slot -----------------------------------------
def test_a_call_prompt_caught_up_at_23_00_waits_for_the_next_business_morning() -> None:
    call = nudge(CALL_PROMPT, london(2026, 11, 30, 10))
    now = london(2026, 11, 30, 23)  # Mon 23:00
    result = triage([call], now, P)
    assert result.send == []
    assert result.retime == [(call, london(2026, 12, 1, 10))]  # Tue 10:00
    (_, when), = result.retime
    assert when > now and not in_quiet_hours(when, P)


def test_a_call_prompt_caught_up_on_friday_night_waits_for_monday() -> None:
    call = nudge(CALL_PROMPT, london(2026, 12, 3, 10))
    result = triage([call], london(2026, 12, 4, 23), P)  # Fri 4 Dec 23:00
    assert result.retime == [(call, london(2026, 12, 7, 10))]  # Mon 7 Dec 10:00
    assert result.send == []


def test_a_call_prompt_caught_up_on_a_saturday_waits_for_monday() -> None:
    call = nudge(CALL_PROMPT, london(2026, 12, 3, 10))
    result = triage([call], london(2026, 12, 5, 12), P)  # Sat 5 Dec noon
    assert result.send == []
    assert result.retime == [(call, london(2026, 12, 7, 10))]


def test_a_late_call_prompt_on_a_business_afternoon_is_sent() -> None:
    call = nudge(CALL_PROMPT, london(2026, 11, 30, 10))
    result = triage([call], london(2026, 11, 30, 15), P)  # five hours late, Monday 15:00
    assert result.send == [call]
    assert result.retime == [] and result.drop == []


def test_a_late_ask_for_date_in_new_york_waits_for_the_local_morning() -> None:
    ny = Prefs(tz=NEW_YORK)
    ask = nudge(ASK_FOR_DATE, datetime(2026, 12, 2, 10, tzinfo=NEW_YORK))
    now = datetime(2026, 12, 3, 2, 0, tzinfo=UTC)  # Thu 02:00 UTC = Wed 21:00 in New York
    result = triage([ask], now, ny)
    assert result.retime == [(ask, datetime(2026, 12, 3, 10, tzinfo=NEW_YORK))]
    assert result.retime[0][1] == datetime(2026, 12, 3, 15, tzinfo=UTC)
    # The same instant is 02:00 in London, whose office hours start five hours sooner.
    assert triage([ask], now, P).retime == [(ask, datetime(2026, 12, 3, 10, tzinfo=UTC))]


# -- on time ----------------------------------------------------------------------------------
def test_an_on_time_nudge_is_just_sent() -> None:
    checkin = nudge(CHECKIN, london(2026, 11, 27, 18))
    result = triage([checkin], london(2026, 11, 27, 18, 1), P)
    assert result.send == [checkin]
    assert result.retime == [] and result.drop == []


def test_an_on_time_call_prompt_is_just_sent() -> None:
    call = nudge(CALL_PROMPT, london(2026, 11, 30, 10))
    result = triage([call], london(2026, 11, 30, 10, 10), P)
    assert result.send == [call]
    assert result.retime == [] and result.drop == []


def test_a_nudge_caught_up_in_quiet_hours_waits_for_the_morning() -> None:
    reminder = nudge(THANK_YOU_REMINDER, london(2026, 11, 25, 20, 30))
    result = triage([reminder], london(2026, 11, 25, 22, 30), P)  # two hours late, at night
    assert result.send == []
    assert result.retime == [(reminder, london(2026, 11, 26, 8))]


# -- an agreed time is honoured -----------------------------------------------------------------
def test_a_late_agreed_contact_is_still_sent() -> None:
    agreed = nudge(AGREED_CONTACT, london(2026, 12, 1, 10))
    result = triage([agreed], london(2026, 12, 3, 14), P)  # two days late
    assert result.send == [agreed]
    assert result.retime == [] and result.drop == []


def test_an_agreed_contact_in_the_evening_is_sent_at_the_agreed_time() -> None:
    agreed = nudge(AGREED_CONTACT, london(2026, 12, 1, 21, 30))  # inside the quiet hours
    result = triage([agreed], london(2026, 12, 1, 21, 31), P)
    assert result.send == [agreed]
    assert result.retime == []


def test_an_agreed_contact_survives_a_downtime_among_other_nudges() -> None:
    n = week_of_downtime()
    agreed = nudge(AGREED_CONTACT, london(2026, 12, 1, 10))
    due = [*n.values(), agreed]
    result = triage(due, london(2026, 12, 2, 11), P)
    accounted_once(due, result)
    assert agreed in result.send
    assert [x.kind for x in result.send] == [CALL_PROMPT, AGREED_CONTACT, CHECKIN]  # due order


def test_nothing_due_nothing_done() -> None:
    result = triage([], START, P)
    assert result.send == [] and result.retime == [] and result.drop == []


def test_a_late_agreed_contact_caught_up_at_night_waits_for_the_morning() -> None:
    agreed = nudge(AGREED_CONTACT, london(2026, 12, 1, 10))
    result = triage([agreed], london(2026, 12, 2, 3), P)  # 17 h late, at 03:00
    assert result.send == []
    assert result.retime == [(agreed, london(2026, 12, 2, 8))]
    # On time it goes out as agreed, whatever the hour.
    early = nudge(AGREED_CONTACT, london(2026, 12, 2, 7))
    assert triage([early], london(2026, 12, 2, 7), P).send == [early]


def test_a_rehearsal_offer_caught_up_the_next_morning_is_dropped() -> None:
    rehearsal = nudge(REHEARSAL_OFFER, london(2026, 11, 29, 18))
    result = triage([rehearsal], london(2026, 11, 29, 22), P)  # 4 h late: it's night already
    assert dropped(result) == {rehearsal.id: "expired"}
