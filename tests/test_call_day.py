"""Issue 17, items 5 and 6 through the core with the fake clock and the scheduler: on call day
the call is the step in progress until its outcome is told; the call script is reachable on
demand; the calm intervention never says to wait for a date that has come; standby check-ins
have their own words; day counts read "1 day"; a reminder's alarm is printed once."""

from __future__ import annotations

import asyncio
import io
from datetime import datetime, timedelta

from bot.adapters.console import ConsoleChat
from bot.core.contract.clock import FakeClock
from bot.core.contract.messages import Reply
from bot.core.contract.ports import Repository
from bot.core.engine import Engine
from bot.scheduler import Scheduler
from tests.conftest import LONDON, Chat, log_interview, nudges_of, tick_hourly

SCRIPT = ("\"Hello, this is <your name>. I interviewed for the backend position on Wed 25 Nov "
          "with Jane Doe. I'm calling to ask whether there's any news on a decision.\"")
GLOBEX = ("I just had an interview with Bob Stone at Globex for the data role, they said by "
          "11 December. HR will tell me")
OUTCOMES = ["Selected 🎉", "Still waiting", "On standby", "Not selected", "No answer"]


def run_until(scheduler: Scheduler, clock: FakeClock, until: datetime) -> list[Reply]:
    """Tick every hour up to `until`; the nudges sent meanwhile."""
    return [reply for _, reply in tick_hourly(scheduler, clock, until)]


def to_the_call(chat: Chat, scheduler: Scheduler, clock: FakeClock) -> Reply:
    """Acme logged (news by Fri 27 Nov), thank-you sent, and the call prompt delivered by the
    scheduler on Mon 30 Nov at 10:00; returns it."""
    log_interview(chat, only_if_asked=True)
    chat.say("done")
    sent = run_until(scheduler, clock, datetime(2026, 11, 30, 10, 0, tzinfo=LONDON))
    [call] = [r for r in sent if "Time to make the call" in r.text]
    return call


def test_the_call_script_is_reachable_on_demand_with_the_outcome_buttons(
        chat: Chat, scheduler: Scheduler, clock: FakeClock) -> None:
    call = to_the_call(chat, scheduler, clock)
    assert SCRIPT in call.text  # the script on demand is the call prompt's
    clock.set(datetime(2026, 11, 30, 11, 30, tzinfo=LONDON))
    for asked in ("script", "call script", "what do I say on the call?",
                  "what should I say when I call Acme?"):
        chat.say(asked)
        assert "Your call script for the backend role at Acme" in chat.text, asked
        assert SCRIPT in chat.text, asked
        assert chat.labels[:5] == OUTCOMES, asked
        assert "Draft a follow-up email" not in chat.labels, asked
    chat.say("I'm going to call them now")
    assert "Call script: Acme" in chat.labels
    # Told in words, the outcome answers the call in progress: the follow-up is next again.
    chat.say("outcome")
    chat.press("No answer")
    chat.say("list")
    assert "Now: make the call" not in chat.text
    assert "Next: call them to ask where things stand — Tue 1 Dec, 10:00" in chat.text


def test_with_two_applications_the_script_asks_which_unless_one_is_named(
        chat: Chat, clock: FakeClock) -> None:
    log_interview(chat, only_if_asked=True)
    log_interview(chat, GLOBEX, only_if_asked=True)
    chat.say("what do I say on the call?")
    assert "Which application is the call about?" in chat.text
    assert chat.labels == ["Call script: Acme", "Call script: Globex"]
    chat.press("Call script: Globex")
    assert "Your call script for the data role at Globex" in chat.text
    assert "with Bob Stone" in chat.text and chat.labels[:5] == OUTCOMES
    chat.say("what should I say when I call Acme?")
    assert "Your call script for the backend role at Acme" in chat.text


def test_calm_says_wait_only_for_a_date_ahead(
        chat: Chat, scheduler: Scheduler, clock: FakeClock) -> None:
    log_interview(chat, only_if_asked=True)
    chat.say("done")
    for _ in range(4):  # before the date: waiting is right, until the call
        chat.say("any news?")
    assert "Nothing is lost by waiting until Mon 30 Nov, 10:00" in chat.text
    # After the call and the one follow-up, nothing is planned: no date to wait for.
    sent = run_until(scheduler, clock, datetime(2026, 11, 30, 10, 0, tzinfo=LONDON))
    chat.last = [r for r in sent if "Time to make the call" in r.text]
    chat.press("Still waiting")
    chat.press("They didn't say")
    run_until(scheduler, clock, datetime(2026, 12, 15, 12, 0, tzinfo=LONDON))
    assert any(n.kind == "follow_up" and n.status == "sent" for n in nudges_of(chat.engine.repo))
    chat.say("should I email Acme again?")
    assert "The ball is in their court" in chat.text
    assert "waiting until" not in chat.text and "You've done your part" in chat.text


def test_standby_check_ins_have_their_own_words(
        chat: Chat, scheduler: Scheduler, clock: FakeClock) -> None:
    chat.last = [to_the_call(chat, scheduler, clock)]
    chat.press("On standby")
    chat.press("In two weeks")
    assert "Mon 14 Dec, 10:00" in chat.text
    checkins = [r for r in run_until(scheduler, clock, datetime(2026, 12, 8, 12, 0,
                                                                tzinfo=LONDON))]
    assert checkins  # Thu 3 Dec and Mon 7 Dec
    for r in checkins:
        assert "Still on standby for the backend role at Acme" in r.text
        assert "Your check-back call is on Mon 14 Dec, 10:00" in r.text
        assert "Something for this week:" in r.text
        assert "Still no news" not in r.text and "past the date" not in r.text
        assert "On standby" not in r.button_labels and "Selected 🎉" in r.button_labels


def test_one_day_past_the_date_reads_one_day(
        chat: Chat, repo: Repository, clock: FakeClock) -> None:
    log_interview(chat, only_if_asked=True)  # news by Fri 27 Nov
    chat.say("done")
    checkin = next(n for n in nudges_of(repo) if n.kind == "checkin")
    clock.set(datetime(2026, 11, 28, 10, 0, tzinfo=LONDON))  # delivered a day late
    reply = chat.engine.render_nudge(checkin)
    assert reply is not None and "it's 1 day past the date they gave" in reply.text
    clock.set(datetime(2026, 11, 26, 10, 0, tzinfo=LONDON))
    chat.say("list")
    assert "waiting 1 day\n" in chat.text


def test_a_reminder_printed_in_the_terminal_has_one_alarm(
        engine: Engine, repo: Repository, clock: FakeClock) -> None:
    out = io.StringIO()
    chat = ConsoleChat(engine, out, user="me")
    chat.handle_line("remind me in 1 hour to check the portal")
    clock.advance(timedelta(hours=1, minutes=1))
    asyncio.run(Scheduler(repo, engine, clock, {"console": chat}).tick())
    assert "⏰ Reminder: check the portal" in out.getvalue()
    assert "⏰ ⏰" not in out.getvalue()
