"""bot/core/extract.py: the facts one free-text message already states.

START (tests/conftest.py) is Wednesday 25 November 2026, 15:00 in London.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.core.language.extract import Facts, clean_name, extract, informer_in
from tests.conftest import LONDON, START

RICH = ("I just had an interview with Jane Doe at Acme for the backend role, they said they'd "
        "let me know by Friday")
CONTACTS = ("Interview with Bob Smith at Initech, bob.smith@initech.com, +44 20 7946 0958. "
            "He said email me on Tuesday at 10. About the decision, they didn't say.")


def facts(text: str) -> Facts:
    return extract(text, START, LONDON)


def test_the_rich_sentence_fills_every_fact_it_states() -> None:
    f = facts(RICH)
    assert f.company == "Acme"
    assert f.role == "backend"
    assert f.interviewer == "Jane Doe"
    assert f.interviewed_at == START
    assert f.decision is not None
    assert f.decision.day == date(2026, 11, 27)  # Fri 27 Nov
    assert f.decision.doubt is None
    assert f.decision_unknown is False
    # Nothing was said about contact details or an agreed time.
    assert f.interviewer_email is None
    assert f.interviewer_phone is None
    assert f.agreed_contact is None
    assert f.agreed_contact_kind is None


def test_contacts_agreed_time_and_no_decision_date() -> None:
    f = facts(CONTACTS)
    assert f.company == "Initech"
    assert f.interviewer == "Bob Smith"
    assert f.interviewer_email == "bob.smith@initech.com"
    assert f.interviewer_phone == "+44 20 7946 0958"
    assert f.agreed_contact is not None
    assert f.agreed_contact.when == datetime(2026, 12, 1, 10, 0, tzinfo=LONDON)  # Tue 1 Dec 10:00
    assert f.agreed_contact.has_time is True
    assert f.agreed_contact_kind == "email"
    assert f.decision_unknown is True
    assert f.decision is None


def test_an_agreed_contact_day_is_not_the_interview_day() -> None:
    # "email me on Tuesday" is when to write, not when the interview happened (last Tuesday).
    assert facts(CONTACTS).interviewed_at is None


def test_hr_will_email_me_in_two_weeks() -> None:
    f = facts("HR will email me in two weeks")
    assert f.informer == "hr"
    assert f.decision is not None
    assert f.decision.day == date(2026, 12, 9)
    assert f.agreed_contact is None


def test_their_promise_to_call_is_a_decision_date_not_an_agreed_contact() -> None:
    f = facts("they'll call me next week")
    assert f.agreed_contact is None
    assert f.agreed_contact_kind is None
    assert f.decision is not None
    assert f.decision.day == date(2026, 12, 4)  # by the Friday of next week


def test_their_promise_to_email_is_a_decision_date() -> None:
    f = facts("They'll email me next Tuesday")
    assert f.agreed_contact is None
    assert f.decision is not None
    assert f.decision.day == date(2026, 12, 1)


def test_a_request_to_call_them_is_an_agreed_contact() -> None:
    f = facts("Interview at Acme this morning, the hiring manager said call me on Monday at 2pm")
    assert f.company == "Acme"
    assert f.agreed_contact is not None
    assert f.agreed_contact.when == datetime(2026, 11, 30, 14, 0, tzinfo=LONDON)
    assert f.agreed_contact_kind == "call"
    assert f.decision is None
    assert f.interviewed_at is not None
    assert f.interviewed_at.date() == date(2026, 11, 25)
    assert f.interviewed_at < START


def test_the_bare_sentence_gives_no_facts() -> None:
    assert facts("I had an interview") == Facts()


def test_a_role_with_position_and_a_recruiter() -> None:
    f = facts("I had an interview at Globex yesterday for the data analyst position, the "
              "recruiter will get back to me by the end of the month")
    assert f.company == "Globex"
    assert f.role == "data analyst"
    assert f.informer == "hr"
    assert f.interviewed_at is not None
    assert f.interviewed_at.date() == date(2026, 11, 24)
    assert f.decision is not None
    assert f.decision.day == date(2026, 11, 30)


def test_interview_day_and_decision_day_are_told_apart() -> None:
    f = facts("I had an interview at Acme on Monday, they'll let me know on Friday")
    assert f.interviewed_at is not None
    assert f.interviewed_at.date() == date(2026, 11, 23)  # last Monday
    assert f.decision is not None
    assert f.decision.day == date(2026, 11, 27)  # this Friday, not next Monday


def test_the_decision_day_is_not_taken_as_the_interview_day() -> None:
    f = facts("I had an interview at Acme, they'll let me know on Friday")
    assert f.decision is not None
    assert f.decision.day == date(2026, 11, 27)
    assert f.interviewed_at is None  # unknown: the intake asks, rather than guess last Friday


def test_a_single_capitalised_name_after_with_is_a_company() -> None:
    f = facts("Had an interview with Acme today, they'll let me know by 12 Dec")
    assert f.company == "Acme"
    assert f.interviewer is None
    assert f.decision is not None
    assert f.decision.day == date(2026, 12, 12)


def test_a_first_name_with_a_company_is_the_interviewer() -> None:
    f = facts("interview with Jane at Acme, she said she'd get back to me by the 10th")
    assert f.interviewer == "Jane"
    assert f.company == "Acme"
    assert f.decision is not None
    assert f.decision.day == date(2026, 12, 10)


def test_without_a_promise_a_date_word_is_not_a_decision() -> None:
    # "on Monday" is when the interview was; nobody promised anything.
    f = facts("I had an interview at Acme on Monday")
    assert f.decision is None
    assert f.interviewed_at is not None
    assert f.interviewed_at.date() == date(2026, 11, 23)


def test_a_past_date_phrase_is_not_a_company() -> None:
    f = facts("I had an interview at 3pm yesterday with Jane Doe")
    assert f.company is None
    assert f.interviewer == "Jane Doe"


def test_dates_are_read_in_the_users_zone() -> None:
    # At START it is already 00:00 on Thursday 26 Nov in Tokyo: "tomorrow" is Friday there.
    f = extract("I just had an interview at Acme, they'll let me know by tomorrow", START,
                ZoneInfo("Asia/Tokyo"))
    assert f.decision is not None
    assert f.decision.day == date(2026, 11, 27)
    in_london = extract("I just had an interview at Acme, they'll let me know by tomorrow", START,
                        LONDON)
    assert in_london.decision is not None
    assert in_london.decision.day == date(2026, 11, 26)


def test_just_had_uses_now_whatever_zone_it_is_given_in() -> None:
    now = START.astimezone(UTC)
    f = extract("I just had an interview at Acme", now, LONDON)
    assert f.interviewed_at == now


@pytest.mark.parametrize(
    ("text", "who"),
    [
        ("HR will let me know", "hr"),
        ("the recruiter will call", "hr"),
        ("I'll get an email from the mailing team", "mailing"),
        ("the hiring manager will call me", "interviewer"),
        ("she'll let me know", "interviewer"),
        ("they said by Friday", None),
    ],
)
def test_informer_in(text: str, who: str | None) -> None:
    assert informer_in(text) == who


def test_clean_name_trims_and_bounds_user_text() -> None:
    assert clean_name("  Acme\x00  Corp, ") == "Acme Corp"
    assert clean_name("\"Jane\tDoe\"") == "Jane Doe"
    assert clean_name("Jane\nDoe") == "Jane Doe"
    assert len(clean_name("x" * 500)) == 80


@pytest.mark.parametrize(("text", "day"), [
    ("I had an interview at Acme, they'll let me know tomorrow", date(2026, 11, 26)),
    ("I had an interview at Acme, they'll let me know next week", date(2026, 12, 4)),
])
def test_a_promise_without_a_preposition_is_still_a_decision_date(text: str, day: date) -> None:
    found = facts(text)
    assert found.decision is not None and found.decision.day == day


@pytest.mark.parametrize(("text", "company", "role", "interviewer"), [
    ("I had an interview for an audit associate role at Deloitte", "Deloitte", "audit associate",
     None),
    ("interview at Globex went well", "Globex", None, None),
    ("Interview done at BBC. HR said they'd call by Friday", "BBC", None, None),
    ("I had an interview with Mr. Brown at Initech", "Initech", None, "Mr. Brown"),
    ("I had an interview at Acme.io yesterday", "Acme.io", None, None),
])
def test_names_stop_where_the_sentence_moves_on(
    text: str, company: str, role: str | None, interviewer: str | None
) -> None:
    found = facts(text)
    assert (found.company, found.role, found.interviewer) == (company, role, interviewer)


def test_end_of_the_month_without_a_preposition() -> None:
    found = facts("I had an interview at Acme, the recruiter said end of the month")
    assert found.decision is not None and found.decision.day == date(2026, 11, 30)
