"""Issue 17, item 3, through the core with the fake clock: reminders in the user's own words
(stored nudges: they survive a restart, fire at the right local time, wait out quiet hours, are
listed, cancelled by a button, exported), any pending step moved by its name, and the reminder
to log an interview still to come (issue 13)."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.core.contract.clock import FakeClock
from bot.core.contract.ports import Repository
from bot.core.engine import Engine
from bot.scheduler import Scheduler
from storage import open_repository
from tests.conftest import KEY, LONDON, START, Chat, RecordingSender, log_interview

pytestmark = pytest.mark.backends
NEW_YORK = ZoneInfo("America/New_York")


def own(repo: Repository, status: str = "pending") -> list[tuple[str | None, datetime]]:
    return [(n.text, n.due_at) for n in repo.nudges_for_user(KEY)
            if n.kind == "own_reminder" and n.status == status]


def tick(repo: Repository, engine: Engine, clock: FakeClock) -> list[str]:
    sender = RecordingSender()
    asyncio.run(Scheduler(repo, engine, clock, {"console": sender}).tick())
    return [r.text for r in sender.sent]


def test_a_reminder_in_days_is_stored_listed_and_fires(chat: Chat, repo: Repository,
                                                       clock: FakeClock) -> None:
    chat.say("remind me in 3 days to email the recruiter")
    assert "OK — I'll remind you on Sat 28 Nov, 15:00: email the recruiter." in chat.text
    assert chat.labels == ["Cancel this reminder", "My reminders"]
    assert own(repo) == [("email the recruiter", START.astimezone(UTC) + timedelta(days=3))]
    chat.say("can you remind me to check the portal on Friday at 9")
    chat.say("reminders")
    assert "1. Fri 27 Nov, 09:00 — check the portal" in chat.text
    assert "2. Sat 28 Nov, 15:00 — email the recruiter" in chat.text
    assert chat.labels == ["Cancel 1: check the portal", "Cancel 2: email the recruiter"]
    clock.set(datetime(2026, 11, 27, 8, 59, tzinfo=LONDON))
    assert tick(repo, chat.engine, clock) == []
    clock.set(datetime(2026, 11, 27, 9, 0, tzinfo=LONDON))
    assert tick(repo, chat.engine, clock) == ["⏰ Reminder: check the portal"]


def test_a_reminder_survives_a_restart_and_is_caught_up(tmp_path: Path) -> None:
    data = tmp_path / "data"
    clock = FakeClock(START)
    repo = open_repository(data)
    Chat(Engine(repo, clock, default_timezone="Europe/London")).say(
        "remind me Friday at 9 to check the portal")
    repo.close()
    # Down over Friday morning: the reminder comes when the bot is back, said to be late.
    clock.set(datetime(2026, 11, 27, 11, 0, tzinfo=LONDON))
    again = open_repository(data)
    try:
        engine = Engine(again, clock, default_timezone="Europe/London")
        [sent] = tick(again, engine, clock)
        assert sent.startswith("⏰ Reminder: check the portal")
        assert "It was due Fri 27 Nov, 09:00; sorry it comes late." in sent
        assert own(again) == [] and len(own(again, "sent")) == 1
    finally:
        again.close()


def test_a_reminder_fires_at_the_local_time_and_never_in_quiet_hours(
        repo: Repository, clock: FakeClock) -> None:
    engine = Engine(repo, clock, default_timezone="America/New_York")
    chat = Chat(engine)
    chat.say("remind me Friday at 9 to check the portal")
    friday_nine = datetime(2026, 11, 27, 9, 0, tzinfo=NEW_YORK)
    assert own(repo) == [("check the portal", friday_nine.astimezone(UTC))]
    chat.say("remind me tomorrow at 11pm to send the form")
    assert "That time falls in your quiet hours, so I moved it to when they end." in chat.text
    morning = datetime(2026, 11, 27, 8, 0, tzinfo=NEW_YORK)
    assert ("send the form", morning.astimezone(UTC)) in own(repo)
    clock.set(morning - timedelta(minutes=1))
    assert tick(repo, engine, clock) == []
    clock.set(morning)
    assert tick(repo, engine, clock) == ["⏰ Reminder: send the form"]
    clock.set(friday_nine)
    assert tick(repo, engine, clock) == ["⏰ Reminder: check the portal"]


def test_cancel_by_button_and_pressing_it_twice(chat: Chat, repo: Repository) -> None:
    chat.say("remind me in 2 hours to call Jane")
    made = list(chat.last)
    chat.press("Cancel this reminder")
    assert chat.text == "Cancelled your reminder: call Jane."
    assert own(repo) == [] and own(repo, "cancelled")[0][0] == "call Jane"
    chat.last = made
    chat.press("Cancel this reminder")
    assert "That reminder is already cancelled — nothing to cancel." in chat.text
    chat.say("reminders")
    assert "You have no reminders of your own." in chat.text


def test_an_unreadable_time_sets_nothing(chat: Chat, repo: Repository) -> None:
    chat.say("remind me on Blursday to call Jane")
    assert "I couldn't read \"on Blursday\" as a time still to come, so I set nothing." \
        in chat.text
    assert own(repo) == []


def test_the_reminder_comes_with_buttons_to_put_it_off(chat: Chat, repo: Repository,
                                                       clock: FakeClock) -> None:
    chat.say("remind me in 1 hour to stretch")
    clock.advance(timedelta(hours=1))
    sender = RecordingSender()
    asyncio.run(Scheduler(repo, chat.engine, clock, {"console": sender}).tick())
    [fired] = sender.sent
    assert fired.button_labels == ["In 1 hour", "Tomorrow morning"]
    chat.last = [fired]
    chat.press("Tomorrow morning")
    assert "OK, I'll remind you again on Thu 26 Nov, 09:00." in chat.text
    chat.last = [fired]
    chat.press("Tomorrow morning")
    assert "Already done: I'll bring it back on Thu 26 Nov, 09:00." in chat.text
    assert own(repo) == [("stretch", datetime(2026, 11, 26, 9, 0, tzinfo=LONDON))]


def test_own_reminders_are_exported_with_a_calendar_event(chat: Chat) -> None:
    chat.say("remind me Friday at 9 to check the portal")
    [exported] = chat.say("export")
    data = json.loads(exported.attachments[0].data)
    assert [(r["text"], r["about"], r["status"]) for r in data["reminders"]] == [
        ("check the portal", "check the portal", "pending")]
    ics = exported.attachments[1].data.decode()
    assert "SUMMARY:Reminder: check the portal" in ics
    assert "DTSTART;TZID=Europe/London:20261127T090000" in ics


# -- any pending step, by name --------------------------------------------------------------------
def test_moving_steps_by_name(chat: Chat, repo: Repository) -> None:
    log_interview(chat)
    [iv] = repo.interviews_for(KEY)

    def due(kind: str) -> list[datetime]:
        return [n.due_at.astimezone(LONDON) for n in repo.nudges_for_interview(iv.id)
                if n.kind == kind and n.status == "pending"]

    chat.say("move the call to Wednesday")
    assert "the call reminder on Wed 2 Dec, 10:00" in chat.text
    assert due("call_prompt") == [datetime(2026, 12, 2, 10, 0, tzinfo=LONDON)]
    # What hangs on the call is planned again around it (issue 17): the rehearsal the evening
    # before, the follow-up four working days after, the check-ins spaced from the new day.
    assert due("rehearsal_offer") == [datetime(2026, 12, 1, 18, 0, tzinfo=LONDON)]
    assert due("follow_up") == [datetime(2026, 12, 8, 10, 0, tzinfo=LONDON)]
    assert [d.strftime("%d %b") for d in due("checkin")] == [
        "27 Nov", "30 Nov", "07 Dec", "09 Dec", "16 Dec", "30 Dec", "13 Jan", "27 Jan"]
    chat.say("push the thank-you reminder to tomorrow")
    assert due("thank_you_last") == [datetime(2026, 11, 26, 9, 0, tzinfo=LONDON)]
    assert due("thank_you_reminder") == []
    chat.say("remind me in 3 days to email the recruiter")
    chat.say("move my reminder to email the recruiter to Monday")
    assert "Moved: I'll remind you on Mon 30 Nov, 09:00: email the recruiter." in chat.text
    assert own(repo) == [("email the recruiter",
                          datetime(2026, 11, 30, 9, 0, tzinfo=LONDON).astimezone(UTC))]
    chat.say("move the rehearsal to next week")
    assert "Snoozed" in chat.text and "rehearsal offer" in chat.text
    chat.say("move the aquarium visit to Friday")
    assert "I couldn't find a pending aquarium visit to move." in chat.text


def test_an_employer_moving_the_date_is_not_a_step_moved(chat: Chat, repo: Repository) -> None:
    log_interview(chat)
    chat.say("HR said they moved it to the 9th")
    assert "Snoozed" not in chat.text and "couldn't find a pending" not in chat.text


# -- an interview still to come: remind me to log it (issue 13) ------------------------------------
def test_an_upcoming_interview_offers_a_reminder_to_log_it(chat: Chat, repo: Repository,
                                                           clock: FakeClock) -> None:
    chat.say("I have an interview tomorrow at 11 with Globex")
    assert "Good luck" in chat.text
    assert "Remind me to log it afterwards" in chat.labels
    offer = list(chat.last)
    chat.press("Remind me to log it afterwards")
    assert "Done: on Thu 26 Nov, 13:00 I'll ask how it went." in chat.text
    chat.last = offer
    chat.press("Remind me to log it afterwards")
    assert chat.text == "That reminder is already set."
    assert len(own(repo)) == 1
    clock.set(datetime(2026, 11, 26, 13, 0, tzinfo=LONDON))
    assert tick(repo, chat.engine, clock) == [
        "⏰ Reminder: tell me how your interview at Globex went (I'll plan the thank-you and "
        "the follow-up)"]
    assert repo.interviews_for(KEY) == []  # nothing logged until they tell how it went


def test_no_reminder_offer_when_the_day_is_not_said(chat: Chat) -> None:
    chat.say("I've got an interview coming up with Globex, any tips?")
    assert "Remind me to log it afterwards" not in chat.labels


def test_a_reminder_without_a_thing_is_set_for_the_time(chat: Chat, repo: Repository) -> None:
    chat.say("remind me tomorrow at 10")
    assert chat.text.startswith("OK — I'll remind you on Thu 26 Nov, 10:00.")
    assert own(repo) == [(None, datetime(2026, 11, 26, 10, 0, tzinfo=LONDON).astimezone(UTC))]


def test_cancel_a_reminder_by_its_words(chat: Chat, repo: Repository) -> None:
    chat.say("remind me in 3 days to email the recruiter")
    chat.say("remind me Friday at 9 to check the portal")
    chat.say("cancel my reminder to check the portal")
    assert chat.text == "Cancelled your reminder for Fri 27 Nov, 09:00: check the portal."
    assert [text for text, _ in own(repo)] == ["email the recruiter"]
    chat.say("delete the reminder about the dentist")
    assert "I couldn't tell which reminder \"the dentist\" is; here they all are." in chat.text
    assert "1. Sat 28 Nov, 15:00 — email the recruiter" in chat.text
    assert chat.labels == ["Cancel 1: email the recruiter"]


def test_moving_a_step_two_applications_have_asks_which(chat: Chat, repo: Repository) -> None:
    log_interview(chat)
    log_interview(chat, "I just had an interview with Sam at Globex for the data role, they "
                        "said they'd let me know by Friday. HR will tell me")
    before = sorted(n.due_at for n in repo.nudges_for_user(KEY) if n.status == "pending")
    chat.say("move the call to Wednesday")
    assert chat.text == ("Which one: Acme or Globex? Say it with the company, e.g. \"move the "
                         "Acme call to Wednesday\".")
    assert sorted(n.due_at for n in repo.nudges_for_user(KEY) if n.status == "pending") == before
    chat.say("move the Globex call to Wednesday")
    [globex] = [iv for iv in repo.interviews_for(KEY) if iv.company == "Globex"]
    assert [n.due_at.astimezone(LONDON) for n in repo.nudges_for_interview(globex.id)
            if n.kind == "call_prompt" and n.status == "pending"] == [
        datetime(2026, 12, 2, 10, 0, tzinfo=LONDON)]


def test_snooze_typed_after_an_own_reminder_says_how_to_put_it_off(
        chat: Chat, repo: Repository, clock: FakeClock) -> None:
    chat.say("remind me in 1 hour to stretch")
    clock.advance(timedelta(hours=1))
    tick(repo, chat.engine, clock)
    chat.say("snooze")
    assert chat.text == ("To put off your reminder (stretch), use the buttons under it, or say "
                         "e.g. \"move my reminder about stretch to tomorrow\".")
    chat.say("move my reminder about stretch to tomorrow")
    assert "Moved: I'll remind you on Thu 26 Nov, 09:00: stretch." in chat.text


def test_a_reminder_without_a_time_asks_when(chat: Chat, repo: Repository) -> None:
    chat.say("remind me to call Jane")
    assert chat.text == ("When shall I remind you to call Jane? Say it with the time, e.g. "
                         "\"remind me tomorrow at 10 to call Jane\" or \"remind me in 2 hours to "
                         "call Jane\".")
    assert own(repo) == []
