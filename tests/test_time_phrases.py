"""Issue 14, item 4: the other places people type times. Snooze spans and named days, quiet
hours as people write a range of hours, and a command typed while a settings question is open.
Table-driven, through the conversation where the user would see the result."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from bot.core.account.settings import parse_quiet
from bot.core.contract.clock import FakeClock
from bot.core.contract.ports import Repository
from bot.scheduler import Scheduler
from tests.conftest import KEY, Chat, RecordingSender, log_interview

# -- quiet hours -----------------------------------------------------------------------------------
QUIET = [
    ("22-7", ("22:00", "07:00")),
    ("22 - 7", ("22:00", "07:00")),
    ("21:00-08:00", ("21:00", "08:00")),
    ("21:00–08:00", ("21:00", "08:00")),  # an en dash, as phones type it
    ("21.30-7.15", ("21:30", "07:15")),
    ("22h-7h", ("22:00", "07:00")),
    ("22 to 7", ("22:00", "07:00")),
    ("10pm to 7am", ("22:00", "07:00")),
    ("10 pm - 7 am", ("22:00", "07:00")),
    ("10 p.m. until 7 a.m.", ("22:00", "07:00")),
    ("11pm-6:30am", ("23:00", "06:30")),
    ("from 10 at night until 7 in the morning", ("22:00", "07:00")),
    ("between eleven pm and six", ("23:00", "06:00")),
    ("ten pm to seven am", ("22:00", "07:00")),
    ("9 in the evening to 8 in the morning", ("21:00", "08:00")),
    ("midnight-6", ("00:00", "06:00")),
    ("midnight to 6am", ("00:00", "06:00")),
    ("10-7", ("22:00", "07:00")),  # two bare hours: the evening to the morning
    ("9-8", ("21:00", "08:00")),
    ("1-6", ("01:00", "06:00")),  # a short night stays as written
    ("noon-1pm", ("12:00", "13:00")),
    ("12am-7am", ("00:00", "07:00")),
    ("10pm-7", ("22:00", "07:00")),
    ("7-7", None),
    ("25-3", None),
    ("13pm-7", None),
    ("whenever", None),
    ("22", None),
]


@pytest.mark.parametrize(("typed", "hours"), QUIET)
def test_quiet_hours_as_people_write_them(typed: str, hours: tuple[str, str] | None) -> None:
    assert parse_quiet(typed) == hours


def test_quiet_hours_in_twelve_hour_words_through_settings(chat: Chat, repo: Repository) -> None:
    chat.say("settings quiet 11pm to 6:30am")
    assert "Quiet hours set to 23:00–06:30" in chat.text
    user = repo.get_user(KEY)
    assert user is not None and (user.quiet_start, user.quiet_end) == ("23:00", "06:30")
    chat.say("settings quiet sometime")
    assert "I couldn't read that as a range of hours" in chat.text
    assert "10pm to 7am" in chat.text  # the example shows the 12-hour form too


# -- snooze -------------------------------------------------------------------------------------
# The thank-you reminder arrives at 17:00 on Wed 25 Nov (London); the user answers at 17:05.
SNOOZE = [
    ("2 hours", "Wed 25 Nov, 19:05"),
    ("in 2 hours", "Wed 25 Nov, 19:05"),
    ("2h", "Wed 25 Nov, 19:05"),
    ("for 90 minutes", "Wed 25 Nov, 18:35"),
    ("30 min", "Wed 25 Nov, 17:35"),
    ("45 mins", "Wed 25 Nov, 17:50"),
    ("half an hour", "Wed 25 Nov, 17:35"),
    ("another hour", "Wed 25 Nov, 18:05"),
    ("1.5 hours", "Wed 25 Nov, 18:35"),
    ("a couple of hours", "Wed 25 Nov, 19:05"),
    ("4 hours", "Thu 26 Nov, 08:00"),  # 21:05 is inside quiet hours: their end instead
    ("3 days", "Sat 28 Nov, 17:05"),
    ("two days", "Fri 27 Nov, 17:05"),
    ("a week", "Wed 2 Dec, 17:05"),
    ("until Monday", "Mon 30 Nov, 09:00"),
    ("Friday", "Fri 27 Nov, 09:00"),
    ("till Friday", "Fri 27 Nov, 09:00"),
    ("on Tuesday", "Tue 1 Dec, 09:00"),
    ("next tuesday", "Tue 1 Dec, 09:00"),
    ("Monday afternoon", "Mon 30 Nov, 14:00"),
    ("tomorrow afternoon", "Thu 26 Nov, 14:00"),
    ("this evening", "Wed 25 Nov, 18:00"),
    ("tonight", "Wed 25 Nov, 19:00"),
    ("the weekend", "Sat 28 Nov, 09:00"),
    ("tomorrow", "Thu 26 Nov, 09:00"),
    ("next week", "Mon 30 Nov, 09:00"),
    ("Friday 3pm", "Fri 27 Nov, 15:00"),
]


@pytest.mark.parametrize(("typed", "when"), SNOOZE)
def test_snooze_understands_spans_and_named_days(chat: Chat, repo: Repository,
                                                 clock: FakeClock, typed: str,
                                                 when: str) -> None:
    log_interview(chat, only_if_asked=True)
    clock.advance(timedelta(hours=2, minutes=5))
    sender = RecordingSender()
    asyncio.run(Scheduler(repo, chat.engine, clock, {"console": sender}).tick())
    assert len(sender.sent) == 1  # the thank-you reminder
    chat.say(f"snooze {typed}")
    assert f"Snoozed: I'll bring back the thank-you reminder on {when}." in chat.text


def test_a_snooze_time_that_cannot_be_read_is_asked_again(chat: Chat, repo: Repository,
                                                           clock: FakeClock) -> None:
    log_interview(chat, only_if_asked=True)
    clock.advance(timedelta(hours=2, minutes=5))
    asyncio.run(Scheduler(repo, chat.engine, clock, {"console": RecordingSender()}).tick())
    chat.say("snooze")
    chat.say("0 minutes")
    assert "I couldn't read that as a time still to come" in chat.text
    chat.say("20 minutes")
    assert "Wed 25 Nov, 17:25" in chat.text


# -- a command typed while a settings question is open --------------------------------------------
@pytest.mark.parametrize(("typed", "shows"), [
    ("settings quiet 22-7", "Quiet hours set to 22:00–07:00"),
    ("settings country Germany", "Country set to Germany (DE)"),
    ("/settings timezone Paris", "Time zone set to Europe/Paris"),
    ("list", "You have no interviews logged yet"),
    ("help", "What I can do"),
])
def test_a_typed_command_runs_while_a_settings_question_is_open(
        chat: Chat, repo: Repository, typed: str, shows: str) -> None:
    chat.say("settings")
    chat.press("Change time zone")
    assert "Which time zone are you in?" in chat.text
    chat.say(typed)
    assert shows in chat.text
    user = repo.get_user(KEY)
    assert user is not None
    if "timezone" not in typed:
        assert user.timezone == "Europe/London"  # the command was not read as a zone


def test_the_zone_question_still_reads_a_plain_answer(chat: Chat) -> None:
    chat.say("settings")
    chat.press("Change time zone")
    chat.say("Lisbon")
    assert "Time zone set to Europe/Lisbon" in chat.text
