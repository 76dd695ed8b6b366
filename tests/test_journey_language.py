"""The rules of bot/core/language/journey.py over many phrasings (issue 17): the round a message
names, a round's time still to come, a reminder asked for in words, withdrawing, removing, notes
and the job link, and a step moved by name; and what each must not catch."""

from __future__ import annotations

from datetime import datetime

import pytest

from bot.core.language.journey import (
    Moment,
    ReminderRequest,
    after,
    moment_to_come,
    move_request,
    note_request,
    reminder_request,
    reminder_to_cancel,
    removal_target,
    round_of,
    wants_to_withdraw,
)
from tests.conftest import LONDON, START


@pytest.mark.parametrize(("text", "label"), [
    ("second round done", "second"),
    ("Had my 2nd interview with Acme this morning", "second"),
    ("round two with Globex went ok", "second"),
    ("They invited me to a final round next Tuesday", "final"),
    ("the onsite is on Friday", "final"),
    ("last round on Monday, wish me luck", "final"),
    ("third stage tomorrow at 10", "third"),
    ("phone screen with Globex on monday at 9:30", "screen"),
    ("recruiter call done with Hooli", "screen"),
    ("they sent me a take-home test", "assessment"),
    ("assessment centre next week", "assessment"),
    ("they want me back on Thursday", "next"),
    ("through to the next stage!", "next"),
    ("they want me back for a second round next Thursday at 2pm", "second"),
    ("Great news, they invited me back for the final round on Monday", "final"),
    ("passed the first round, the next one is on Tuesday", "next"),
    ("I have two interviews this week", None),
    ("my last interview went badly", None),
    ("interview 2 days ago, still nothing", None),
    ("I have a phone call with Acme tomorrow", None),
    ("I've got another interview tomorrow at the council", None),
    ("any news from Acme?", None),
])
def test_the_round_a_message_names(text: str, label: str | None) -> None:
    assert round_of(text) == label


def test_the_round_after() -> None:
    assert [after(r) for r in (None, "screen", "first", "second", "third", "final")] == \
        ["second", "first", "second", "third", "final", "final"]


@pytest.mark.parametrize(("text", "at", "has_time"), [
    ("final round next Tuesday at 10:30", datetime(2026, 12, 1, 10, 30), True),
    ("I have an interview tomorrow at 11 with Acme", datetime(2026, 11, 26, 11, 0), True),
    ("second stage on Friday", datetime(2026, 11, 27, 0, 0), False),
    ("onsite on the 3rd at 2pm", datetime(2026, 12, 3, 14, 0), True),
])
def test_when_a_round_still_to_come_is(text: str, at: datetime, has_time: bool) -> None:
    assert moment_to_come(text, START, LONDON) == Moment(at.replace(tzinfo=LONDON), has_time)


def test_a_message_with_no_day_to_come_has_no_moment() -> None:
    assert moment_to_come("second round done", START, LONDON) is None
    assert moment_to_come("final round was yesterday", START, LONDON) is None


@pytest.mark.parametrize(("text", "when", "what"), [
    ("remind me in 3 days to email the recruiter", "in 3 days", "email the recruiter"),
    ("remind me Friday at 9 to check the portal", "Friday at 9", "check the portal"),
    ("remind me to check the portal on Friday at 9", "on Friday at 9", "check the portal"),
    ("can you remind me tomorrow morning to call Jane", "tomorrow morning", "call Jane"),
    ("set a reminder for monday: chase Acme", "monday", "chase Acme"),
    ("Remind me on Monday to call Tina at 10", "on Monday at 10", "call Tina"),
    ("ping me friday if i havent heard from globex", "friday",
     "if i havent heard from globex"),
    ("pls remind me in 2 hours to send the references", "in 2 hours", "send the references"),
])
def test_a_reminder_in_words(text: str, when: str, what: str) -> None:
    assert reminder_request(text) == ReminderRequest(when, what)


@pytest.mark.parametrize("text", ["remind me what you can do", "how does this work again? "
                                  "remind me what you help with", "thanks for the reminder"])
def test_not_a_reminder(text: str) -> None:
    assert reminder_request(text) is None


@pytest.mark.parametrize(("text", "withdraws"), [
    ("I withdrew from Globex", True),
    ("pull out of Globex", True),
    ("I want to pull out of the Initech process", True),
    ("not interested in acme anymore, withdrawing", True),
    ("no longer interested in the Hooli job", True),
    ("backed out of the Hooli interview this morning", True),
    ("they withdrew the offer", False),
    ("the role has been withdrawn", False),
    ("I'm so nervous", False),
])
def test_withdrawing(text: str, withdraws: bool) -> None:
    assert wants_to_withdraw(text) is withdraws


@pytest.mark.parametrize(("text", "target"), [
    ("remove Globex", "Globex"), ("delete the Initech interview", "Initech"),
    ("forget the Acme one", "Acme"), ("please remove my Hooli application", "Hooli"),
    ("delete everything", None), ("forget me", None), ("forget it", None),
    ("delete my data", None),
])
def test_removing(text: str, target: str | None) -> None:
    assert removal_target(text) == target


@pytest.mark.parametrize(("text", "company", "note"), [
    ("note for Acme: ask about on-call", "Acme", "ask about on-call"),
    ("note: bring portfolio", "", "bring portfolio"),
    ("add a note to Globex - parking at the back", "Globex", "parking at the back"),
    ("the job link for Acme is https://acme.example/jobs/12.", "Acme",
     "https://acme.example/jobs/12"),
    ("here's the job posting: https://jobs.example/123", "", "https://jobs.example/123"),
])
def test_notes_and_links(text: str, company: str, note: str) -> None:
    found = note_request(text)
    assert found is not None and (found.company, found.note) == (company, note)


def test_a_url_alone_is_no_note() -> None:
    assert note_request("check this out https://news.example/story") is None


@pytest.mark.parametrize(("text", "what", "when"), [
    ("move the call to Friday", "call", "Friday"),
    ("push the thank-you reminder to tomorrow", "thank-you reminder", "tomorrow"),
    ("snooze the Acme check-in until Monday", "Acme check-in", "Monday"),
    ("move my reminder to email the recruiter to Monday", "reminder to email the recruiter",
     "Monday"),
    ("can you postpone the rehearsal till tomorrow evening", "rehearsal", "tomorrow evening"),
])
def test_moving_a_step_by_name(text: str, what: str, when: str) -> None:
    found = move_request(text)
    assert found is not None and (found.what, found.when) == (what, when)


@pytest.mark.parametrize("text", ["they moved it to the 18th", "HR pushed the decision to "
                                  "next week", "move on to the next thing"])
def test_not_a_step_moved(text: str) -> None:
    assert move_request(text) is None


@pytest.mark.parametrize(("text", "words"), [
    ("cancel my reminder to email the recruiter", "email the recruiter"),
    ("delete the reminder about the portal", "the portal"),
    ("please remove that reminder", ""),
    ("cancel", None), ("remove Globex", None),
])
def test_a_reminder_cancelled_by_its_words(text: str, words: str | None) -> None:
    assert reminder_to_cancel(text) == words


@pytest.mark.parametrize("text", [
    "the other candidate dropped out so I'm next in line",
    "someone pulled out, they want me back",
    "the offer was withdrawn",
])
def test_someone_else_withdrawing_is_not_the_user(text: str) -> None:
    assert not wants_to_withdraw(text)


def test_a_question_after_remind_me_is_no_reminder() -> None:
    assert reminder_request("Can you remind me what to prep? I have my vetting interview on "
                            "Tuesday 8 December at 10am.") is None


def test_a_reminder_for_a_thing_on_a_day() -> None:
    assert reminder_request("can you set a reminder for my dentist on friday") == \
        ReminderRequest("on friday", "my dentist")
    assert reminder_request("set a reminder for monday: chase Acme") == \
        ReminderRequest("monday", "chase Acme")
