"""Dates and times as people write them, table-driven (issue 14, item 3): each phrase gives the
same day whether it comes in a first message ("… they'll let me know <phrase>") or as the
answer to "when will they let you know?" (the intake's question), in the user's zone, from a
reference moment: an ordinary Wednesday, the days after Christmas (a year end), the weeks of a
daylight-saving change, and zones with other customs (month-first dates in New York, the
Friday-Saturday weekend in Riyadh, National Day in Dubai, Boxing Day in Toronto).

Periods count from the interview day (here the day of the message: "interview at Acme
today"); working days leave out the zone's public holidays and weekend.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.core.language.facts import read_first_message
from bot.core.language.moments import answered_day
from tests.conftest import Chat

LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")
TORONTO = ZoneInfo("America/Toronto")
DUBAI = ZoneInfo("Asia/Dubai")
RIYADH = ZoneInfo("Asia/Riyadh")
SYDNEY = ZoneInfo("Australia/Sydney")

WED = datetime(2026, 11, 25, 15, 0, tzinfo=LONDON)   # an ordinary Wednesday
YEAR_END = datetime(2026, 12, 29, 11, 0, tzinfo=LONDON)  # Tuesday after Christmas


def d(y: int, m: int, day: int) -> date:
    return date(y, m, day)


# (phrase, reference moment, expected day of the news)
DECISIONS: list[tuple[str, datetime, date]] = [
    # weekdays and "next"
    ("by Friday", WED, d(2026, 11, 27)),
    ("by Friday", YEAR_END, d(2027, 1, 1)),
    ("on Monday", WED, d(2026, 11, 30)),
    ("on Monday", YEAR_END, d(2027, 1, 4)),
    ("next Friday", WED, d(2026, 12, 4)),
    ("next Friday", YEAR_END, d(2027, 1, 8)),
    ("Friday week", WED, d(2026, 12, 4)),
    ("Friday week", YEAR_END, d(2027, 1, 8)),
    ("Thursday next week", WED, d(2026, 12, 3)),
    ("Thursday next week", YEAR_END, d(2027, 1, 7)),
    ("next week Tuesday", WED, d(2026, 12, 1)),
    ("Monday or Tuesday", WED, d(2026, 12, 1)),
    ("tomorrow", WED, d(2026, 11, 26)),
    ("tomorrow", YEAR_END, d(2026, 12, 30)),
    # the week, the month, the year
    ("this week", WED, d(2026, 11, 27)),
    ("this week", YEAR_END, d(2027, 1, 1)),
    ("the end of the week", WED, d(2026, 11, 27)),
    ("next week", WED, d(2026, 12, 4)),
    ("next week", YEAR_END, d(2027, 1, 8)),
    ("end of next week", WED, d(2026, 12, 4)),
    ("end of next week", YEAR_END, d(2027, 1, 8)),
    ("the end of the month", WED, d(2026, 11, 30)),
    ("the end of the month", YEAR_END, d(2026, 12, 31)),
    ("end of next month", WED, d(2026, 12, 31)),
    ("end of next month", YEAR_END, d(2027, 1, 31)),
    ("by the end of the year", WED, d(2026, 12, 31)),
    ("by the end of the year", YEAR_END, d(2026, 12, 31)),
    # days of the month and dates
    ("the 4th", WED, d(2026, 12, 4)),
    ("the 4th", YEAR_END, d(2027, 1, 4)),
    ("the 30th", WED, d(2026, 11, 30)),
    ("the 30th", YEAR_END, d(2026, 12, 30)),
    ("by the 1st", WED, d(2026, 12, 1)),
    ("by the 1st", YEAR_END, d(2027, 1, 1)),
    ("4 December", WED, d(2026, 12, 4)),
    ("December 4th", WED, d(2026, 12, 4)),
    ("5 January", WED, d(2027, 1, 5)),
    ("5 January", YEAR_END, d(2027, 1, 5)),
    ("January 8th", WED, d(2027, 1, 8)),
    ("8 Jan", YEAR_END, d(2027, 1, 8)),
    ("18.12.", WED, d(2026, 12, 18)),
    ("12/14", WED, d(2026, 12, 14)),          # one reading only: 14 Dec, never 2114
    ("4/12", WED, d(2026, 12, 4)),            # day first in London (confirmed: two readings)
    ("3/1", YEAR_END, d(2027, 1, 3)),         # a year end: next January, not last
    # periods, counted from the interview day
    ("within a week", WED, d(2026, 12, 2)),
    ("within a week", YEAR_END, d(2027, 1, 5)),
    ("in two weeks", WED, d(2026, 12, 9)),
    ("in two weeks", YEAR_END, d(2027, 1, 12)),
    ("in a fortnight", WED, d(2026, 12, 9)),
    ("within a fortnight", YEAR_END, d(2027, 1, 12)),
    ("in 10 days", WED, d(2026, 12, 5)),
    ("in 10 days", YEAR_END, d(2027, 1, 8)),
    ("within 48 hours", WED, d(2026, 11, 27)),
    ("within 48 hours", YEAR_END, d(2026, 12, 31)),
    ("in a week or two", WED, d(2026, 12, 9)),
    ("in a week or two", YEAR_END, d(2027, 1, 12)),
    ("2-3 weeks", WED, d(2026, 12, 16)),
    ("2-3 weeks", YEAR_END, d(2027, 1, 19)),
    ("in a month", WED, d(2026, 12, 25)),
    ("in a month", YEAR_END, d(2027, 1, 29)),
    ("in two months", WED, d(2027, 1, 25)),
    ("in two months", YEAR_END, d(2027, 2, 28)),   # no 29 February in 2027
    ("in a year", WED, d(2027, 11, 25)),
    # working days: weekends and England's bank holidays left out
    ("in 3 working days", WED, d(2026, 11, 30)),
    ("in 3 working days", YEAR_END, d(2027, 1, 4)),  # New Year's Day left out
    ("in 5 business days", WED, d(2026, 12, 2)),
    ("in 5 business days", YEAR_END, d(2027, 1, 6)),
    ("3-5 working days", WED, d(2026, 12, 2)),
    ("3-5 working days", YEAR_END, d(2027, 1, 6)),
    ("7-10 business days", WED, d(2026, 12, 9)),
    # parts of months and seasons (confirmed: "vague")
    ("mid-January", WED, d(2027, 1, 15)),
    ("mid-January", YEAR_END, d(2027, 1, 15)),
    ("early January", WED, d(2027, 1, 7)),
    ("late January", YEAR_END, d(2027, 1, 24)),
    ("end of January", WED, d(2027, 1, 31)),
    ("end of January", YEAR_END, d(2027, 1, 31)),
    ("the beginning of February", YEAR_END, d(2027, 2, 3)),
    ("mid-December", WED, d(2026, 12, 15)),
    ("early next month", WED, d(2026, 12, 7)),
    ("early next month", YEAR_END, d(2027, 1, 7)),
    ("mid next month", WED, d(2026, 12, 15)),
    ("late next month", WED, d(2026, 12, 24)),
    ("first week of January", WED, d(2027, 1, 7)),
    ("first week of January", YEAR_END, d(2027, 1, 7)),
    ("second week of January", WED, d(2027, 1, 14)),
    ("after the holidays", WED, d(2027, 1, 4)),
    ("after the holidays", YEAR_END, d(2027, 1, 4)),
    ("in the new year", WED, d(2027, 1, 4)),
    ("in the new year", YEAR_END, d(2027, 1, 4)),
    ("before Christmas", WED, d(2026, 12, 24)),
    ("after Christmas", WED, d(2027, 1, 4)),
]

# Zones with other customs: (phrase, reference moment, expected day).
ZONED: list[tuple[str, datetime, date]] = [
    # New York writes the month first.
    ("by 12/4", datetime(2026, 11, 25, 10, 0, tzinfo=NEW_YORK), d(2026, 12, 4)),
    ("by 1/8", datetime(2026, 12, 29, 10, 0, tzinfo=NEW_YORK), d(2027, 1, 8)),
    ("in 3 business days", datetime(2026, 11, 25, 10, 0, tzinfo=NEW_YORK),
     d(2026, 12, 1)),  # Thanksgiving (26 Nov) left out
    # Toronto: Christmas and Boxing Day (observed Monday 28 December) left out.
    ("in 3 working days", datetime(2026, 12, 21, 10, 0, tzinfo=TORONTO), d(2026, 12, 24)),
    ("in 5 working days", datetime(2026, 12, 21, 10, 0, tzinfo=TORONTO), d(2026, 12, 30)),
    # Riyadh: the weekend is Friday and Saturday.
    ("in 2 working days", datetime(2026, 11, 26, 10, 0, tzinfo=RIYADH), d(2026, 11, 30)),
    ("in 1 working day", datetime(2026, 11, 25, 10, 0, tzinfo=RIYADH), d(2026, 11, 26)),
    # Dubai: National Day (2 and 3 December) left out.
    ("in 3 working days", datetime(2026, 11, 29, 10, 0, tzinfo=DUBAI), d(2026, 12, 4)),
    # Sydney, the week daylight saving starts (4 October 2026).
    ("by Monday", datetime(2026, 10, 1, 10, 0, tzinfo=SYDNEY), d(2026, 10, 5)),
    ("within a week", datetime(2026, 10, 1, 10, 0, tzinfo=SYDNEY), d(2026, 10, 8)),
    # London, the week the clocks go forward (29 March 2026).
    ("by Monday", datetime(2026, 3, 26, 10, 0, tzinfo=LONDON), d(2026, 3, 30)),
    ("next week", datetime(2026, 3, 26, 10, 0, tzinfo=LONDON), d(2026, 4, 3)),
]

# Times someone asked the user to get in touch (first messages): (phrase, reference, local
# wall clock expected, its UTC instant) — across the daylight-saving changes too.
AGREED: list[tuple[str, datetime, datetime]] = [
    ("email her Thursday at 2", WED, datetime(2026, 11, 26, 14, 0, tzinfo=LONDON)),
    ("text her tonight at 8", WED, datetime(2026, 11, 25, 20, 0, tzinfo=LONDON)),
    ("ring her Friday after 3", WED, datetime(2026, 11, 27, 15, 0, tzinfo=LONDON)),
    ("email him tomorrow at noon", WED, datetime(2026, 11, 26, 12, 0, tzinfo=LONDON)),
    ("call him Monday at 10", datetime(2026, 3, 26, 10, 0, tzinfo=LONDON),
     datetime(2026, 3, 30, 10, 0, tzinfo=LONDON)),   # BST: 09:00 UTC
    ("call him Monday at 9", datetime(2026, 10, 28, 10, 0, tzinfo=NEW_YORK),
     datetime(2026, 11, 2, 9, 0, tzinfo=NEW_YORK)),  # EST again: 14:00 UTC
    ("call her Monday at 10", datetime(2026, 10, 1, 10, 0, tzinfo=SYDNEY),
     datetime(2026, 10, 5, 10, 0, tzinfo=SYDNEY)),   # AEDT: 23:00 UTC the day before
    ("email her Tuesday at 9:30", YEAR_END, datetime(2027, 1, 5, 9, 30, tzinfo=LONDON)),
]

# When the interview was (first messages): (message, reference, local moment, time stated).
INTERVIEWED: list[tuple[str, datetime, datetime, bool]] = [
    ("Interview at Acme yesterday at 10:15", WED,
     datetime(2026, 11, 24, 10, 15, tzinfo=LONDON), True),
    ("Interview at Acme last Tuesday", WED, datetime(2026, 11, 17, 12, 0, tzinfo=LONDON), False),
    ("Interview at Acme last night at 7", WED, datetime(2026, 11, 24, 19, 0, tzinfo=LONDON), True),
    ("Interview at Acme this afternoon at half two", WED,
     datetime(2026, 11, 25, 14, 30, tzinfo=LONDON), True),
    ("Interview at Acme this morning at 9.30", WED,
     datetime(2026, 11, 25, 9, 30, tzinfo=LONDON), True),
    ("Interview at Acme on 23.11 at 13:30", WED,
     datetime(2026, 11, 23, 13, 30, tzinfo=LONDON), True),
    ("Interview at Acme on Christmas Eve at 11", YEAR_END,
     datetime(2026, 12, 24, 11, 0, tzinfo=LONDON), True),
    ("Interview at Acme on Saturday 28/3 at 10", datetime(2026, 3, 30, 12, 0, tzinfo=LONDON),
     datetime(2026, 3, 28, 10, 0, tzinfo=LONDON), True),  # GMT, the day before BST
]


def zone(now: datetime) -> ZoneInfo:
    assert isinstance(now.tzinfo, ZoneInfo)
    return now.tzinfo


def _first_message(phrase: str, now: datetime) -> date | None:
    got = read_first_message(f"Interview at Acme today for the analyst role. They said "
                             f"they'd let me know {phrase}.", now.astimezone(UTC), zone(now))
    return got.decision


def _answer(phrase: str, now: datetime) -> date | None:
    parsed = answered_day(phrase, now.astimezone(UTC), zone(now), now)
    return parsed.day if parsed is not None else None


@pytest.mark.parametrize(("phrase", "now", "day"), DECISIONS + ZONED)
def test_a_phrase_in_a_first_message(phrase: str, now: datetime, day: date) -> None:
    assert _first_message(phrase, now) == day


@pytest.mark.parametrize(("phrase", "now", "day"), DECISIONS + ZONED)
def test_the_same_phrase_as_an_answer(phrase: str, now: datetime, day: date) -> None:
    assert _answer(phrase, now) == day


@pytest.mark.parametrize(("phrase", "now", "when"), AGREED)
def test_an_agreed_time(phrase: str, now: datetime, when: datetime) -> None:
    got = read_first_message(f"Interview at Acme today. She told me to {phrase}.",
                             now.astimezone(UTC), zone(now))
    assert got.agreed_at == when and got.agreed_has_time


@pytest.mark.parametrize(("text", "now", "when", "has_time"), INTERVIEWED)
def test_the_interview_moment(text: str, now: datetime, when: datetime, has_time: bool) -> None:
    got = read_first_message(text, now.astimezone(UTC), zone(now))
    assert got.interviewed is not None
    assert got.interviewed.astimezone(now.tzinfo) == when
    assert got.interviewed_has_time == has_time


def test_the_table_is_big_enough() -> None:
    # Issue 14 asks for at least 150 rows.
    assert 2 * len(DECISIONS + ZONED) + len(AGREED) + len(INTERVIEWED) >= 150


@pytest.mark.parametrize(("said", "lead", "proposed"), [
    ("She told me to call her today at 10",   # said at 15:00: already past
     "That time has already passed today", "Thu 26 Nov, 10:00"),
    ("She told me to text her this evening", "You said evening, so I picked 18:00",
     "Wed 25 Nov, 18:00"),
    ("She asked me to email her tomorrow afternoon", "You said afternoon, so I picked 14:00",
     "Thu 26 Nov, 14:00"),
    ("She asked me to email her on Monday", "You didn't give a time, so I picked 10:00",
     "Mon 30 Nov, 10:00"),
])
def test_an_agreed_time_is_proposed_in_the_future_and_said_how(
        chat: Chat, said: str, lead: str, proposed: str) -> None:
    chat.say(f"I just had an interview with Jane Doe at Acme for the backend role. HR will "
             f"tell me by Friday. {said}")
    assert lead in chat.text
    assert f"Yes, {proposed}" in chat.labels


@pytest.mark.parametrize(("said", "asked"), [
    ("She told me to call her Thursday at 7", True),    # 07:00 or 19:00: asked
    ("She told me to call her Thursday at 2", False),   # 14:00: the working day
    ("She told me to call her Thursday at 7pm", False),
])
def test_an_hour_that_can_be_morning_or_evening_is_asked_about(
        chat: Chat, said: str, asked: bool) -> None:
    chat.say(f"I just had an interview with Jane Doe at Acme for the backend role. HR will "
             f"tell me by Friday. {said}")
    assert ("morning or evening" in chat.text) == asked
