"""Dates and times in first messages that were read wrong (issue 13; "some dates and time
zones are wrong"): a weekday before a clock is no day of the month, a round's "(2nd)" is no
day, "Thursday 3rd" is the month whose 3rd is a Thursday, "10 past 9", "@ 1", and a message that
opens with "Update" still has its interview day. Sentences written for these tests."""

from __future__ import annotations

import pytest

from bot.core.language.facts import read_first_message
from tests.conftest import LONDON, START  # START: Wednesday 25 November 2026, 15:00 London


def local(text: str) -> tuple[str | None, str | None, str | None]:
    u = read_first_message(text, START, LONDON)
    fmt = "%Y-%m-%d %H:%M"
    return (u.interviewed.astimezone(LONDON).strftime(fmt) if u.interviewed else None,
            u.decision.isoformat() if u.decision else None,
            u.agreed_at.astimezone(LONDON).strftime(fmt) if u.agreed_at else None)


@pytest.mark.parametrize(("text", "interviewed"), [
    ("Brindle Tech interview for the QA role, Tuesday 2:30pm, with Linda Cho", "2026-11-24 14:30"),
    ("technical interview (2nd) with Brindle Tech on Mon 23rd 14:00", "2026-11-23 14:00"),
    ("interview at Brindle Bakery was at 10 past 9 this morning", "2026-11-25 09:10"),
    ("Brindle Mobile sales interview today @ 1, store manager Denise", "2026-11-25 13:00"),
    ("interview at Brindle Books yesterday at twenty to three", "2026-11-24 14:40"),
])
def test_when_the_interview_was(text: str, interviewed: str) -> None:
    assert local(text)[0] == interviewed


def test_a_weekday_and_a_day_of_the_month_find_their_month() -> None:
    _, decision, _ = local("interview at Brindle Foods yesterday, she said they'd let me know "
                           "by Thursday 3rd")
    assert decision == "2026-12-03"  # 3 November was a Tuesday


def test_an_update_label_is_no_promise() -> None:
    interviewed, decision, _ = local(
        "Update I should've sent days ago: interviewed at Brindle Hotels on the 16th for "
        "revenue manager. The GM said I'd have an answer by the 23rd. That came and went.")
    assert (interviewed or "")[:10] == "2026-11-16"
    assert decision == "2026-11-23"


def test_to_after_an_hour_is_not_a_clock() -> None:
    # "after 3 to find out": 15:00, not "3 to …" as a time before the hour
    _, _, agreed = local("Interview at Brindle Inn today. Told to ring the head chef, Anton, "
                         "Friday after 3 to find out.")
    assert agreed == "2026-11-27 15:00"


@pytest.mark.parametrize("text", [
    "interview at Brindle Bank today, they were vague about when they'd decide",
    "Brindle Bank interview done. no ETA on a decision",
    "interviewed at Brindle Bank yesterday, they didn't specify when results come",
    "Brindle Bank interview this morning, no exact date for the outcome",
])
def test_no_date_given_in_more_words(text: str) -> None:
    got = read_first_message(text, START, LONDON)
    assert got.no_decision_date and got.decision is None


def test_a_weekday_and_day_find_the_nearest_month_either_way() -> None:
    from datetime import date

    from bot.core.language.dates import weekday_nth
    today = date(2026, 11, 25)
    # Thu 3 Dec is eight days away, Thu 3 Sep twelve weeks back: the nearer, either way.
    for direction in ("past", "future"):
        found = weekday_nth("Thursday 3rd", today, LONDON, direction)
        assert found is not None and found.when.date() == date(2026, 12, 3)
    found = weekday_nth("Fri 20th", today, LONDON, "past")
    assert found is not None and found.when.date() == date(2026, 11, 20)
    assert weekday_nth("Tuesday 2nd", today, LONDON, "past") is None  # no month near fits
