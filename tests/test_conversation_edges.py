"""Edge cases of the conversation found in review: re-planning, agreed times, restarts, outcomes
reported in free text, and wording."""

from __future__ import annotations

import asyncio
from datetime import date, datetime, timedelta

import pytest

from bot.core.contract.clock import FakeClock
from bot.core.contract.messages import Incoming, Reply
from bot.core.contract.models import Nudge, User
from bot.core.contract.ports import DeliveryError, Repository
from bot.core.engine import Engine
from bot.scheduler import Scheduler
from tests.conftest import LONDON, Chat, RecordingSender, log_interview, nudges_of

# Run on memory, TinyDB and PostgreSQL (tests/conftest.py says why these modules).
pytestmark = pytest.mark.backends


def call_prompt_reply(chat: Chat, repo: Repository) -> Reply:
    call = next(n for n in nudges_of(repo) if n.kind == "call_prompt" and n.status == "pending")
    reply = chat.engine.render_nudge(call)
    assert reply is not None
    return reply


def pending_kinds(repo: Repository) -> list[tuple[str, str]]:
    return [(n.kind, f"{n.due_at.astimezone(LONDON):%a %d %b %H:%M}") for n in nudges_of(repo)
            if n.status == "pending"]


def test_still_waiting_without_a_new_date_restarts_the_wait(
    chat: Chat, repo: Repository, clock: FakeClock
) -> None:
    log_interview(chat, only_if_asked=True)
    clock.set(datetime(2026, 11, 30, 10, 5, tzinfo=LONDON))  # Monday, call day
    chat.last = [call_prompt_reply(chat, repo)]
    chat.press("Still waiting")
    assert chat.text.count("Did they say when you'll hear back?") == 1
    chat.press("They didn't say")
    assert "still no date" in chat.text
    # The reply promises what the plan holds: no reminder to ask HR again.
    assert "remind you to ask HR" not in chat.text
    kinds = pending_kinds(repo)
    # They have just asked on this call: no "ask HR" tomorrow, and the next call leaves them
    # four working days (issue 17: the seed's 3-4 days between contacts), not two.
    assert all(kind != "ask_for_date" for kind, _ in kinds)
    assert ("call_prompt", "Fri 04 Dec 10:00") in kinds
    assert all(when != "Mon 30 Nov 10:05" for _, when in kinds)


def test_agreed_day_without_a_time_is_confirmed_at_ten(chat: Chat, repo: Repository) -> None:
    chat.say("I just had an interview with Bob Smith at Globex for the analyst role. "
             "He said to email him on Tuesday. They said by the 4th. HR will tell me")
    assert "You didn't give a time, so I picked 10:00." in chat.text
    assert "Yes, Tue 1 Dec, 10:00" in chat.labels
    chat.press("Yes, Tue 1 Dec, 10:00")
    assert "Tue 1 Dec, 10:00 — email Bob Smith, as agreed" in chat.text
    assert "00:00" not in chat.text


def test_the_call_waits_for_the_agreed_email_to_be_answered(chat: Chat) -> None:
    chat.say("I just had an interview with Bob Smith at Globex for the analyst role. He said "
             "email me on Friday at 10. They said they'd decide by Wednesday. HR will tell me")
    text = chat.text
    assert "Fri 27 Nov, 10:00 — email Bob Smith, as agreed" in text
    # Decision Wed 2 Dec would give a call on Thu 3 Dec; the email (Fri) was earlier, so Thu stays.
    assert "Thu 3 Dec, 10:00 — call day" in text
    chat.say("I just had an interview with Ann Lee at Hooli for the QA role. She said email me "
             "on Monday 7 December at 10. They said by Friday. HR will tell me")
    # Decision Fri 27 Nov alone would mean a call on Mon 30 Nov: the agreed email comes first,
    # and the call three working days after it (issue 17: the seed's spacing between contacts).
    assert "Mon 7 Dec, 10:00 — email Ann Lee, as agreed" in chat.text
    assert "Thu 10 Dec, 10:00 — call day" in chat.text


def test_a_new_interview_sentence_mid_intake_starts_over(chat: Chat,
                                                          repo: Repository) -> None:
    chat.say("I had an interview")
    assert "Which company" in chat.text
    chat.say("I just had an interview with Ann Lee at Hooli for the QA role, they said by 3 Dec")
    assert "Starting over" in chat.text
    dialog = repo.get_dialog("console:u1")
    assert dialog is not None and dialog.data["company"] == "Hooli"
    chat.say("interview")
    assert "Starting over with a new interview" in chat.text
    assert "Which company" in chat.text


def test_no_later_than_is_a_date_not_a_no(chat: Chat, repo: Repository) -> None:
    chat.say("I just had an interview with Ann Lee at Hooli for the QA role")
    chat.say("no later than Friday")
    chat.press("HR")
    chat.press("No")
    [iv] = repo.interviews_for("console:u1")
    assert iv.decision_by == date(2026, 11, 27)


def test_next_week_button_on_a_friday_means_the_coming_week(
    chat: Chat, repo: Repository, clock: FakeClock
) -> None:
    clock.set(datetime(2026, 11, 27, 15, 0, tzinfo=LONDON))  # Friday
    chat.say("I just had an interview with Ann Lee at Hooli for the QA role")
    chat.press("Next week")
    chat.press("HR")
    chat.press("No")
    [iv] = repo.interviews_for("console:u1")
    assert iv.decision_by == date(2026, 12, 4)


def test_next_friday_said_on_a_wednesday_is_confirmed(chat: Chat, repo: Repository) -> None:
    chat.say("I just had an interview with Ann Lee at Hooli for the QA role")
    chat.say("next friday")
    assert "Did you mean" in chat.text
    assert {"Fri 27 Nov", "Fri 4 Dec"} <= set(chat.labels)
    chat.press("Fri 4 Dec")
    chat.press("HR")
    chat.press("No")
    assert repo.interviews_for("console:u1")[0].decision_by == date(2026, 12, 4)


def test_a_restart_mid_intake_shows_the_question_again(chat: Chat) -> None:
    chat.say("I had an interview")
    chat.say("Globex")
    fresh = Engine(chat.engine.repo, chat.engine.clock, "Europe/London")
    [again] = fresh.resume(Incoming("console", "u1", "u1"))
    assert "We were in the middle of logging an interview" in again.text
    assert "What role was it for?" in again.text
    assert fresh.resume(Incoming("console", "nobody", "nobody")) == []


def test_an_empty_message_mid_intake_repeats_the_question(chat: Chat) -> None:
    chat.say("I had an interview")
    chat.say("   ")
    assert "empty message" in chat.text and "Which company" in chat.text


def test_days_waiting_are_counted_in_the_users_zone(
    engine: Engine, repo: Repository, clock: FakeClock
) -> None:
    engine.default_timezone = "America/Los_Angeles"
    chat = Chat(engine, user="la")
    clock.set(datetime(2026, 11, 26, 6, 30, tzinfo=LONDON))  # Wed 22:30 in Los Angeles
    log_interview(chat, only_if_asked=True)
    clock.advance(timedelta(hours=10))  # Thu 08:30 in LA, still Thursday in London too
    chat.say("list")
    assert "waiting 1 day" in chat.text


def test_news_of_an_offer_in_free_text_is_recorded_on_request(
    chat: Chat, repo: Repository
) -> None:
    log_interview(chat, only_if_asked=True)
    chat.say("I got the job!!")
    assert "wonderful news" in chat.text
    chat.press("Yes, selected")
    assert "Congratulations" in chat.text
    assert repo.interviews_for("console:u1")[0].outcome == "selected"


def test_a_rejection_with_two_open_interviews_asks_which(chat: Chat,
                                                        repo: Repository) -> None:
    log_interview(chat, only_if_asked=True)
    chat.say("I just had an interview at Globex for the analyst role with Raj Patel, "
             "they didn't say. HR will tell me")
    chat.press("No")
    chat.say("they rejected me")
    assert "Which interview" in chat.text
    chat.press("analyst role at Globex")
    ivs = {iv.company: iv for iv in repo.interviews_for("console:u1")}
    assert ivs["Globex"].outcome == "not selected" and ivs["Acme"].outcome is None


def test_outcome_command_lists_open_interviews_with_buttons(chat: Chat) -> None:
    chat.say("outcome")
    assert "no open interviews" in chat.text
    log_interview(chat, only_if_asked=True)
    chat.say("/outcome")
    assert "How did it go with" in chat.text
    assert "On standby" in chat.labels


def test_no_answer_retries_twice_then_suggests_an_email(
    chat: Chat, repo: Repository, clock: FakeClock
) -> None:
    log_interview(chat, only_if_asked=True)
    clock.set(datetime(2026, 11, 30, 10, 5, tzinfo=LONDON))
    first = call_prompt_reply(chat, repo)
    chat.last = [first]
    chat.press("No answer")
    assert "Tue 1 Dec, 10:00 (one more try after that)" in chat.text
    chat.last = [first]  # the same prompt's button again: already answered, nothing changes
    chat.press("No answer")
    assert "already told me how that call went" in chat.text
    chat.last = [call_prompt_reply(chat, repo)]
    chat.press("No answer")
    assert "(the last try)" in chat.text
    chat.last = [call_prompt_reply(chat, repo)]
    chat.press("No answer")
    assert "let's stop calling" in chat.text and "Draft that email" in chat.labels
    assert not any(n.kind == "call_prompt" and n.status == "pending" for n in nudges_of(repo))


def test_thanks_gets_a_friendly_reply(chat: Chat) -> None:
    chat.say("thanks!")
    assert "You're welcome" in chat.text


def test_the_call_script_reads_well_without_a_role(chat: Chat, repo: Repository) -> None:
    chat.say("I just had an interview at Acme, they said by Friday. HR will tell me")
    chat.press("Skip")  # role
    chat.press("Skip")  # interviewer
    if "set time" in chat.text:
        chat.press("No")
    text = call_prompt_reply(chat, repo).text
    assert "I interviewed for the position on Wed 25 Nov" in text
    assert "the the" not in text


def test_an_evening_intake_promises_only_the_morning_reminder(
    chat: Chat, clock: FakeClock
) -> None:
    clock.set(datetime(2026, 11, 25, 22, 30, tzinfo=LONDON))
    log_interview(chat, only_if_asked=True)
    assert "I'll remind you on Thu 26 Nov, 09:00, and then leave it" in chat.text
    assert "two hours" not in chat.text


def test_a_user_who_blocked_the_bot_is_paused_and_resumed_when_they_write(
    chat: Chat, repo: Repository, clock: FakeClock
) -> None:
    log_interview(chat, only_if_asked=True)

    class Blocked:
        platform = "console"
        nudges_per_second: float | None = None

        async def send(self, user: User, reply: Reply) -> None:
            raise DeliveryError("Forbidden: bot was blocked by the user", permanent=True)

    clock.advance(timedelta(hours=2))
    asyncio.run(Scheduler(repo, chat.engine, clock, {"console": Blocked()}).tick())
    user = repo.get_user("console:u1")
    assert user is not None and user.unreachable
    assert any(n.status == "paused" for n in nudges_of(repo))
    chat.say("list")  # they are back
    user = repo.get_user("console:u1")
    assert user is not None and not user.unreachable
    assert not any(n.status == "paused" for n in nudges_of(repo))


def test_a_thank_you_is_never_chasing(chat: Chat) -> None:
    log_interview(chat, only_if_asked=True)
    chat.say("should I email Jane a thank you note?")
    assert "a thank-you never counts as chasing" in chat.text
    assert "Draft: backend role at Acme" in chat.labels


def at_the_call_prompt(chat: Chat, repo: Repository, clock: FakeClock) -> None:
    """Acme logged, thank-you sent, and the call prompt on Mon 30 Nov just arrived."""
    log_interview(chat, only_if_asked=True)
    chat.say("done")
    clock.set(datetime(2026, 11, 30, 10, 5, tzinfo=LONDON))
    chat.last = [call_prompt_reply(chat, repo)]


def pending_calls(repo: Repository) -> list[Nudge]:
    return [n for n in nudges_of(repo) if n.kind == "call_prompt" and n.status == "pending"]


def change_quiet_hours(chat: Chat, clock: FakeClock) -> None:
    clock.set(datetime(2026, 11, 30, 11, 0, tzinfo=LONDON))
    chat.say("settings quiet 22-7")


def test_changing_quiet_hours_keeps_a_call_put_off_by_standby(
    chat: Chat, repo: Repository, clock: FakeClock
) -> None:
    at_the_call_prompt(chat, repo, clock)
    chat.press("On standby")
    chat.press("They didn't say")  # standby asks when to check back (issue 17): a week
    assert "Mon 7 Dec, 10:00" in chat.text
    change_quiet_hours(chat, clock)
    calls = pending_calls(repo)
    assert [f"{n.due_at.astimezone(LONDON):%a %d %b %H:%M}" for n in calls] == ["Mon 07 Dec 10:00"]


def test_changing_quiet_hours_keeps_a_snoozed_call(
    chat: Chat, repo: Repository, clock: FakeClock
) -> None:
    at_the_call_prompt(chat, repo, clock)
    chat.press("Snooze")
    chat.press("Next week")
    assert "Mon 7 Dec, 10:00" in chat.text
    [snoozed] = pending_calls(repo)
    assert snoozed.origin == "snooze"
    change_quiet_hours(chat, clock)
    assert [n.id for n in pending_calls(repo)] == [snoozed.id]


def test_outcomes_typed_in_words(chat: Chat) -> None:
    log_interview(chat, only_if_asked=True)
    chat.say("they're still waiting on the team")
    assert "Yes, still waiting" in chat.labels
    chat.say("I'm on standby")
    assert "Yes, on standby" in chat.labels
    chat.say("they didn't pick up")
    assert "Yes, no answer" in chat.labels


def test_a_second_reported_date_replaces_the_first(chat: Chat,
                                                   repo: Repository) -> None:
    log_interview(chat, only_if_asked=True)
    chat.say("actually they said they'd let me know by the 4th")
    assert "by Fri 4 Dec" in chat.text
    assert repo.interviews_for("console:u1")[0].decision_by == date(2026, 12, 4)


def test_an_old_snooze_button_after_the_thank_you_is_sent_does_nothing(
    chat: Chat, repo: Repository, clock: FakeClock
) -> None:
    log_interview(chat, only_if_asked=True)
    nudge = next(n for n in nudges_of(repo) if n.kind == "thank_you_reminder")
    clock.set(nudge.due_at)
    reminder = chat.engine.render_nudge(nudge)
    assert reminder is not None
    chat.say("done")
    chat.last = [reminder]
    chat.press("Snooze")
    assert "already marked sent" in chat.text
    assert not any(n.note == "snoozed" for n in nudges_of(repo))
    assert not any(n.origin == "snooze" for n in nudges_of(repo))


def test_an_agreed_call_comes_with_the_script_and_number(chat: Chat,
                                                          repo: Repository) -> None:
    chat.say("I just had an interview with Bob Smith (+44 20 7946 0958) at Globex for the "
             "analyst role. He said call me on Friday at 10. HR will tell me")
    if "hear back" in chat.text:
        chat.press("They didn't say")
    nudge = next(n for n in nudges_of(repo) if n.kind == "agreed_contact")
    reply = chat.engine.render_nudge(nudge)
    assert reply is not None
    assert "asked you to call" in reply.text
    assert "Script: \"Hello, this is" in reply.text and "Number: +44 20 7946 0958" in reply.text


def test_command_words_mid_question_are_commands(chat: Chat, repo: Repository) -> None:
    chat.say("I had an interview")
    chat.say("delete")
    assert "Delete everything I know about you?" in chat.text
    dialog = repo.get_dialog("console:u1")
    assert dialog is not None and "company" not in dialog.data


def test_a_foreign_press_leaves_the_pressers_record_alone(
    chat: Chat, repo: Repository
) -> None:
    log_interview(chat, only_if_asked=True)
    other = Chat(chat.engine, user="u2")
    other.say("hello")  # u2 exists, with their own chat
    before = repo.get_user("console:u2")
    payload = next(b.payload for r in chat.last for row in r.buttons for b in row)
    replies = chat.engine.handle(Incoming("console", "u2", "u1-chat", button=payload))
    assert "belongs to someone else" in replies[0].text
    assert repo.get_user("console:u2") == before
    assert repo.get_user("console:ghost") is None
    chat.engine.handle(Incoming("console", "ghost", "x", button=payload))
    assert repo.get_user("console:ghost") is None


def test_every_nudge_of_an_unreachable_user_is_held(
    chat: Chat, repo: Repository, clock: FakeClock
) -> None:
    log_interview(chat, only_if_asked=True)
    user = repo.get_user("console:u1")
    assert user is not None
    user.unreachable = True
    repo.save_user(user)
    sender = RecordingSender()
    scheduler = Scheduler(repo, chat.engine, clock, {"console": sender})
    for _ in range(7):  # a tick a day for a week
        clock.advance(timedelta(days=1))
        asyncio.run(scheduler.tick())
    assert sender.sent == []
    assert not any(n.status == "pending" and n.due_at <= clock.now() for n in nudges_of(repo))
    chat.say("list")  # they write again: held nudges resume, stale ones get folded
    assert any(n.status == "pending" for n in nudges_of(repo))



def test_a_retried_call_moved_by_catch_up_follows_a_new_time_zone(
    chat: Chat, repo: Repository, clock: FakeClock
) -> None:
    # "No answer" plans a retry (hand-made); the bot is then down past it, so catch-up moves it
    # on. Once the bot has moved it, it is part of the plan again: a new zone re-plans it to a
    # daytime call in that zone instead of keeping an instant that is now the middle of the night.
    at_the_call_prompt(chat, repo, clock)
    chat.press("No answer")
    clock.set(datetime(2026, 12, 1, 19, 0, tzinfo=LONDON))  # down all of the retry day
    asyncio.run(Scheduler(repo, chat.engine, clock, {"console": RecordingSender()}).tick())
    chat.say("settings timezone San Francisco")
    chat.say("list")
    assert "Next: call them to ask where things stand — Tue 1 Dec, 11:00" in chat.text


def test_a_clock_that_went_back_does_not_hide_a_newer_plan_from_an_old_snooze_button(
    chat: Chat, repo: Repository, clock: FakeClock
) -> None:
    # Issue 15: "replaced by a newer plan" is told by the plan's batch number, not by times.
    log_interview(chat, only_if_asked=True)
    call = next(n for n in nudges_of(repo) if n.kind == "call_prompt")
    sender = RecordingSender()
    scheduler = Scheduler(repo, chat.engine, clock, {"console": sender})
    clock.set(call.due_at)
    asyncio.run(scheduler.tick())
    old_message = next(m for m in sender.sent
                       if any("|cp." in b.payload for row in m.buttons for b in row))
    clock.advance(timedelta(days=-1))  # the clock goes back a day, before the call prompt
    chat.say("settings country Germany")  # a re-plan: a new call prompt replaces it
    chat.last = [old_message]
    chat.press("Snooze")
    assert "replaced by a newer plan" in chat.text


def test_a_snooze_button_works_after_the_clock_went_back(
    chat: Chat, repo: Repository, clock: FakeClock
) -> None:
    log_interview(chat, only_if_asked=True)
    sender = RecordingSender()
    scheduler = Scheduler(repo, chat.engine, clock, {"console": sender})
    clock.advance(timedelta(hours=2))
    asyncio.run(scheduler.tick())
    reminder = [m for m in sender.sent if "Snooze" in m.button_labels][-1]
    clock.advance(timedelta(hours=-3))
    chat.last = [reminder]
    chat.press("Snooze")
    assert "1 hour" in chat.labels and "replaced" not in chat.text


def test_a_contact_question_about_a_company_not_logged_is_never_answered_for_another(
    chat: Chat,
) -> None:
    log_interview(chat, only_if_asked=True)
    chat.say("should I email Hooli?")
    assert "don't have an interview with Hooli" in chat.text
    assert "Acme" in chat.text  # what is logged, to pick from
    chat.say("should I email Acme?")
    assert "Hooli" not in chat.text and "Acme" in chat.text


def test_on_call_day_repeated_checks_keep_the_plan_and_say_it_is_time_to_act(
    chat: Chat, repo: Repository, clock: FakeClock
) -> None:
    # Issue 17: a few "any news?" on call day never lock the user out of status and list,
    # and never tell them to wait until a date that is today. The call prompt goes out through
    # the scheduler, as it does for a user: until they say how the call went, the call is the
    # step in progress, not the follow-up email planned after it.
    log_interview(chat, only_if_asked=True)
    chat.say("done")
    sender = RecordingSender()
    scheduler = Scheduler(repo, chat.engine, clock, {"console": sender})
    clock.set(datetime(2026, 11, 30, 10, 0, tzinfo=LONDON))
    asyncio.run(scheduler.tick())
    assert any("Time to make the call" in r.text for r in sender.sent)
    clock.set(datetime(2026, 11, 30, 11, 0, tzinfo=LONDON))
    chat.say("any news?")
    assert "Now: make the call — prompted today, 10:00" in chat.text
    assert "Next: send one short follow-up email" not in chat.text
    for _ in range(3):
        chat.say("any news?")
    assert "Today is the day to act" in chat.text
    assert "make the call (backend role at Acme)" in chat.text
    assert "waiting until" not in chat.text
    assert "Call script: Acme" in chat.labels
    chat.say("status")
    assert "Now: make the call — prompted today, 10:00" in chat.text
    assert "Your plan" in chat.text
    assert "Selected 🎉" in chat.labels and "No answer" in chat.labels
    chat.say("list")
    assert "Your interviews (1 open)" in chat.text
    assert "Now: make the call — prompted today, 10:00" in chat.text
    chat.press("Call script: Acme")
    assert "I interviewed for the backend position on Wed 25 Nov with Jane Doe" in chat.text
    chat.press("Still waiting")  # the outcome: the call is no longer in progress
    chat.press("They didn't say")
    chat.say("list")
    assert "Now: make the call" not in chat.text and "Next:" in chat.text


def test_standby_and_no_answer_prompts_have_their_own_words(
    chat: Chat, repo: Repository, clock: FakeClock
) -> None:
    # Issue 17, item 6: the check-back while on standby and the retry after no answer are not
    # the first call's words.
    log_interview(chat, only_if_asked=True)
    clock.set(datetime(2026, 11, 30, 10, 5, tzinfo=LONDON))
    first = call_prompt_reply(chat, repo)
    assert "Time to make the call" in first.text
    chat.last = [first]
    chat.press("No answer")
    retry = call_prompt_reply(chat, repo)
    assert "Try the call again" in retry.text and "Nobody picked up" in retry.text
    chat.last = [retry]
    chat.press("On standby")
    standby = call_prompt_reply(chat, repo)
    assert "Time to check back" in standby.text and "standby list" in standby.text


def test_a_call_well_past_the_promised_date_says_so(
    chat: Chat, repo: Repository, clock: FakeClock
) -> None:
    log_interview(chat, only_if_asked=True)  # "by Friday" (27 Nov)
    call = next(n for n in nudges_of(repo) if n.kind == "call_prompt" and n.status == "pending")
    clock.set(datetime(2026, 12, 2, 10, 0, tzinfo=LONDON))  # caught up on Wednesday
    reply = chat.engine.render_nudge(call)
    assert reply is not None and "passed 5 days ago" in reply.text
