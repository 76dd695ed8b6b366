"""bot/core/dates.py: every date phrase the intake must understand, relative to a fixed now.

START (tests/conftest.py) is Wednesday 25 November 2026, 15:00 in London (= 15:00 UTC).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from bot.core.language.dates import (
    Direction,
    ParsedDate,
    fmt_day,
    fmt_when,
    parse_date,
    says_no_date,
)
from tests.conftest import LONDON, START

NEW_YORK = ZoneInfo("America/New_York")
TOKYO = ZoneInfo("Asia/Tokyo")


def parse(phrase: str, direction: Direction = "future") -> ParsedDate:
    parsed = parse_date(phrase, START, LONDON, direction)
    assert parsed is not None, f"{phrase!r} was not understood"
    return parsed


# -- the phrases named in the issue ------------------------------------------------------------
@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("by Friday", date(2026, 11, 27)),
        ("Friday", date(2026, 11, 27)),
        ("in two weeks", date(2026, 12, 9)),
        ("within a fortnight", date(2026, 12, 9)),
        ("end of the month", date(2026, 11, 30)),
        ("by the end of the month", date(2026, 11, 30)),
        ("by the end of this month", date(2026, 11, 30)),
        ("tomorrow", date(2026, 11, 26)),
        ("12 Dec", date(2026, 12, 12)),
        ("Dec 12", date(2026, 12, 12)),
        ("the 10th", date(2026, 12, 10)),  # the 10th of November has passed: next month's
        ("the 28th", date(2026, 11, 28)),  # still ahead this month
        ("end of the week", date(2026, 11, 27)),
        ("next week", date(2026, 12, 4)),  # the Friday of next week
        ("in a couple of days", date(2026, 11, 27)),
        ("1 Jan", date(2027, 1, 1)),  # after New Year, not January gone by
    ],
)
def test_future_phrases_give_the_day_a_user_means(phrase: str, expected: date) -> None:
    parsed = parse(phrase)
    assert parsed.day == expected
    assert parsed.has_time is False
    assert parsed.when.time() == time(0, 0)
    assert parsed.when.tzinfo == LONDON
    assert parsed.doubt is None
    assert parsed.alternative is None


def test_next_tuesday_10am_has_a_time() -> None:
    parsed = parse("next Tuesday 10am")
    assert parsed.when == datetime(2026, 12, 1, 10, 0, tzinfo=LONDON)
    assert parsed.has_time is True
    assert parsed.doubt is None
    assert fmt_when(parsed.when, LONDON) == "Tue 1 Dec, 10:00"


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("on Tuesday at 10", datetime(2026, 12, 1, 10, 0, tzinfo=LONDON)),  # "at 10" is an hour
        ("tomorrow at 9", datetime(2026, 11, 26, 9, 0, tzinfo=LONDON)),
        ("noon tomorrow", datetime(2026, 11, 26, 12, 0, tzinfo=LONDON)),
        ("this Monday at 10", datetime(2026, 11, 30, 10, 0, tzinfo=LONDON)),
    ],
)
def test_phrases_with_a_time_of_day(phrase: str, expected: datetime) -> None:
    parsed = parse(phrase)
    assert parsed.when == expected
    assert parsed.has_time is True


def test_they_didnt_say_is_no_date_not_a_parse() -> None:
    assert says_no_date("they didn't say")
    assert parse_date("they didn't say", START, LONDON) is None


@pytest.mark.parametrize(
    "text",
    ["they didn't say", "They did not say when", "they never mentioned a date", "no idea",
     "not sure", "No date yet", "didnt say", "they never told me", "they never said"],
)
def test_says_no_date_recognises_no_date_answers(text: str) -> None:
    assert says_no_date(text) is True


@pytest.mark.parametrize("text", ["by Friday", "they said Friday", "in two weeks", "12 Dec", ""])
def test_says_no_date_is_false_for_real_dates(text: str) -> None:
    assert says_no_date(text) is False


# -- doubtful dates are confirmed, not silently taken -----------------------------------------
def test_12_4_is_ambiguous_and_offers_the_other_reading() -> None:
    parsed = parse("12/4")
    assert parsed.doubt == "day-month order"
    # Day-month is the default reading, but 12 April is months off and 4 December is within
    # weeks: the near day comes first, the other stays as the alternative to confirm.
    assert parsed.day == date(2026, 12, 4)
    assert parsed.alternative == date(2027, 4, 12)
    assert fmt_day(parsed.day) == "Fri 4 Dec"


def test_a_numeric_date_near_in_both_orders_keeps_the_customs_reading() -> None:
    parsed = parse("2/12")
    assert (parsed.day, parsed.alternative) == (date(2026, 12, 2), date(2027, 2, 12))


@pytest.mark.parametrize("phrase", ["25/12", "13/4", "12/12"])
def test_numeric_dates_that_read_only_one_way_are_not_ambiguous(phrase: str) -> None:
    parsed = parse(phrase)
    assert parsed.doubt is None
    assert parsed.alternative is None


def test_numeric_date_read_day_first() -> None:
    assert parse("25/12").day == date(2026, 12, 25)


def test_a_date_already_gone_this_year_is_doubted() -> None:
    # 20 Nov was five days ago: whatever reading is proposed, the user must confirm it.
    parsed = parse("20 Nov")
    assert parsed.doubt in ("past", "far")
    assert (parsed.day.month, parsed.day.day) == (11, 20)


def test_an_explicit_past_date_is_doubted_as_past() -> None:
    parsed = parse("20 Nov 2026")
    assert parsed.day == date(2026, 11, 20)
    assert parsed.doubt == "past"


def test_yesterday_as_a_decision_date_is_doubted_as_past() -> None:
    parsed = parse("yesterday")
    assert parsed.day == date(2026, 11, 24)
    assert parsed.doubt == "past"


def test_a_date_more_than_half_a_year_away_is_doubted() -> None:
    parsed = parse("12 Dec 2027")
    assert parsed.day == date(2027, 12, 12)
    assert parsed.doubt == "far"


def test_next_month_is_vague() -> None:
    parsed = parse("next month")
    assert parsed.day == date(2026, 12, 1)
    assert parsed.doubt == "vague"


# -- unparseable phrases ----------------------------------------------------------------------
@pytest.mark.parametrize("phrase", ["asdf", "", "   ", "purple monkey", "?!", "x" * 200])
def test_unparseable_phrases_give_none(phrase: str) -> None:
    assert parse_date(phrase, START, LONDON) is None
    assert parse_date(phrase, START, LONDON, "past") is None


# -- the past direction: when the interview was -------------------------------------------------
def test_yesterday_in_the_past() -> None:
    parsed = parse("yesterday", "past")
    assert parsed.day == date(2026, 11, 24)
    assert parsed.has_time is True
    assert parsed.doubt is None


def test_this_morning_is_earlier_today() -> None:
    parsed = parse("this morning", "past")
    assert parsed.day == date(2026, 11, 25)
    assert parsed.when < START
    assert parsed.when.hour < 12
    assert parsed.doubt is None


def test_an_hour_ago() -> None:
    parsed = parse("an hour ago", "past")
    assert parsed.when == datetime(2026, 11, 25, 14, 0, tzinfo=LONDON)
    assert parsed.doubt is None


def test_two_hours_ago() -> None:
    assert parse("2 hours ago", "past").when == datetime(2026, 11, 25, 13, 0, tzinfo=LONDON)


def test_a_weekday_in_the_past_is_the_last_one() -> None:
    parsed = parse("Monday", "past")
    assert parsed.day == date(2026, 11, 23)
    assert parsed.when.time() == time(12, 0)  # no time given: midday, not midnight
    assert parsed.doubt is None


def test_the_10th_in_the_past_is_this_month() -> None:
    assert parse("the 10th", "past").day == date(2026, 11, 10)


def test_past_times_never_lie_in_the_future() -> None:
    for phrase in ("today", "this afternoon", "this evening", "yesterday", "an hour ago"):
        assert parse(phrase, "past").when <= START, phrase


@pytest.mark.parametrize("phrase", ["tomorrow", "next week", "in 2 days"])
def test_a_future_day_given_as_when_the_interview_was_is_doubted(phrase: str) -> None:
    # The intake rejects doubt "future" for the interview time; it must not silently become now.
    assert parse(phrase, "past").doubt == "future"


def test_far_past_is_doubted() -> None:
    assert parse("12 Dec", "past").doubt == "far"  # 12 Dec 2025, nearly a year ago


# -- time zones -------------------------------------------------------------------------------
def test_now_may_be_given_in_any_zone() -> None:
    # The clock speaks UTC; the answer is the same as with London's local now.
    in_utc = parse_date("next Tuesday 10am", START.astimezone(UTC), LONDON)
    assert in_utc is not None
    assert in_utc.when == datetime(2026, 12, 1, 10, 0, tzinfo=LONDON)


def test_tomorrow_in_new_york_late_evening_is_by_the_local_date() -> None:
    # 03:00 UTC on Thu 26 Nov is still 22:00 on Wed 25 Nov in New York.
    now = datetime(2026, 11, 26, 3, 0, tzinfo=UTC)
    ny = parse_date("tomorrow", now, NEW_YORK)
    utc = parse_date("tomorrow", now, ZoneInfo("UTC"))
    assert ny is not None and utc is not None
    assert ny.day == date(2026, 11, 26)
    assert ny.when.tzinfo == NEW_YORK
    assert utc.day == date(2026, 11, 27)


def test_tokyo_is_already_thursday() -> None:
    # START is 15:00 UTC = 00:00 on Thu 26 Nov in Tokyo.
    tomorrow = parse_date("tomorrow", START, TOKYO)
    friday = parse_date("by Friday", START, TOKYO)
    tuesday = parse_date("next Tuesday 10am", START, TOKYO)
    assert tomorrow is not None and friday is not None and tuesday is not None
    assert tomorrow.day == date(2026, 11, 27)
    assert friday.day == date(2026, 11, 27)
    assert tuesday.when == datetime(2026, 12, 1, 10, 0, tzinfo=TOKYO)
    assert tuesday.when.astimezone(UTC) == datetime(2026, 12, 1, 1, 0, tzinfo=UTC)


def test_past_date_check_uses_the_local_date() -> None:
    # In Tokyo "today" is already the 26th, so the 25th has passed there.
    parsed = parse_date("25 Nov 2026", START, TOKYO)
    assert parsed is not None
    assert parsed.doubt == "past"
    in_london = parse_date("25 Nov 2026", START, LONDON)
    assert in_london is not None and in_london.doubt is None


# -- formatting -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("day", "text"),
    [
        (date(2026, 12, 4), "Fri 4 Dec"),
        (date(2026, 11, 27), "Fri 27 Nov"),
        (date(2026, 12, 1), "Tue 1 Dec"),
        (date(2027, 1, 10), "Sun 10 Jan"),
    ],
)
def test_fmt_day(day: date, text: str) -> None:
    assert fmt_day(day) == text


def test_fmt_when_shows_the_users_local_time() -> None:
    moment = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
    assert fmt_when(moment, LONDON) == "Tue 1 Dec, 10:00"
    assert fmt_when(moment, TOKYO) == "Tue 1 Dec, 19:00"
    assert fmt_when(moment, NEW_YORK) == "Tue 1 Dec, 05:00"
    assert fmt_when(moment, LONDON, with_year=True) == "Tue 1 Dec 2026, 10:00"


@pytest.mark.parametrize(("phrase", "expected"), [
    ("tomorrow 9", datetime(2026, 11, 26, 9, 0, tzinfo=LONDON)),
    ("friday 10", datetime(2026, 11, 27, 10, 0, tzinfo=LONDON)),
])
def test_a_bare_hour_after_a_day_word_is_a_time(phrase: str, expected: datetime) -> None:
    parsed = parse(phrase)
    assert parsed.when == expected and parsed.has_time


def test_a_day_number_after_a_weekday_and_before_a_month_stays_a_date() -> None:
    parsed = parse("friday 10 december")
    assert parsed.day == date(2026, 12, 10) and not parsed.has_time


@pytest.mark.parametrize(("phrase", "day"), [
    ("5 working days", date(2026, 12, 2)),
    ("in 3 business days", date(2026, 11, 30)),
    ("mid December", date(2026, 12, 15)),
    ("next week", date(2026, 12, 4)),
])
def test_more_everyday_phrases(phrase: str, day: date) -> None:
    assert parse(phrase).day == day


def test_next_weekday_within_this_week_is_a_question() -> None:
    parsed = parse("next friday")
    assert parsed.doubt == "which week"
    assert (parsed.day, parsed.alternative) == (date(2026, 11, 27), date(2026, 12, 4))
    assert parse("next tuesday").doubt is None  # Tue 1 Dec is next week anyway
