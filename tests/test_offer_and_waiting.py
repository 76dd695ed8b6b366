"""Issue 17, items 4 and 5 through the core with the fake clock: the offer stage (deadline asked,
a reminder before it, drafts for the other open applications, a negotiation rehearsal), a
three-week overdue wait with spaced check-ins, and standby asking when to check back."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from bot.core.contract.clock import FakeClock
from bot.core.contract.ports import Repository
from bot.scheduler import Scheduler
from tests.conftest import LONDON, Chat, log_interview, nudges_of, tick_hourly

GLOBEX = ("I just had an interview with Bob Stone at Globex for the data role, they said by "
          "11 December. HR will tell me")


def fill_profile(chat: Chat) -> None:
    """The profile asked before a first draft: a name, the rest skipped."""
    assert "What's your full name" in chat.text
    chat.say("Ada Lovelace")
    for _ in range(3):
        chat.press("Skip")


def run_until(scheduler: Scheduler, clock: FakeClock, until: datetime) -> list[tuple[str, str]]:
    """Tick every hour up to `until`; (London time, text) of each nudge sent."""
    return [(at.astimezone(LONDON).strftime("%a %d %b %H:00"), reply.text)
            for at, reply in tick_hourly(scheduler, clock, until)]


def test_an_offer_asks_the_deadline_reminds_before_it_and_drafts_for_the_others(
        chat: Chat, repo: Repository, clock: FakeClock, scheduler: Scheduler) -> None:
    log_interview(chat)
    log_interview(chat, GLOBEX)
    chat.say("they offered me the job at Acme!")
    assert "about the backend role at Acme" in chat.text  # the company named, not asked
    chat.press("Yes, selected")
    assert "Get it in writing" in chat.text
    assert "start date" in chat.text and "salary" in chat.text and "benefits" in chat.text
    assert "By when do they need your answer?" in chat.text
    chat.say("someday maybe")
    assert "couldn't read a day" in chat.text  # asked again, nothing lost
    chat.say("next Wednesday")  # from Wed 25 Nov: Wed 2 Dec
    assert "Your answer is due Wed 2 Dec" in chat.text
    assert "I'll remind you on Tue 1 Dec, 09:00" in chat.text
    assert chat.labels == ["Rehearse negotiating", "Draft: accept", "Draft: ask for time",
                           "Draft: decline", "Draft for Globex"]
    # Acme's wait is over: no call prompt or check-in of Acme's is left, Globex's plan stands.
    acme = next(iv for iv in repo.interviews_for("console:u1") if iv.company == "Acme")
    assert [n.kind for n in nudges_of(repo) if n.status == "pending"
            and n.interview_id == acme.id] == ["offer_deadline"]

    chat.press("Draft for Globex")
    fill_profile(chat)  # the profile questions before a first draft
    assert "received a job offer from another company and have been asked to reply by " \
           "Wed 2 Dec" in chat.text
    assert "Checked:" in chat.text and "Dear Bob Stone," in chat.text
    chat.say("list")
    assert "• backend role at Acme — offer 🎉, your answer is due Wed 2 Dec" in chat.text
    assert "1. data role at Globex" in chat.text

    sent = run_until(scheduler, clock, datetime(2026, 12, 2, 12, tzinfo=LONDON))
    offer_nudges = [(at, text) for at, text in sent if "answer to the offer" in text]
    assert [at for at, _ in offer_nudges] == ["Tue 01 Dec 09:00"]
    assert "Wed 2 Dec, for the backend role at Acme" in offer_nudges[0][1]
    reminder = next(r for r in scheduler.senders["console"].sent  # type: ignore[attr-defined]
                    if "answer to the offer" in r.text)
    assert reminder.button_labels == ["Draft: accept", "Draft: ask for time", "Draft: decline"]


def test_the_offer_without_a_deadline_plans_no_reminder_and_drafts_ask_for_time(
        chat: Chat, repo: Repository) -> None:
    log_interview(chat)
    chat.say("outcome")
    chat.press("Selected 🎉")
    chat.press("They didn't say")
    assert "No deadline yet" in chat.text
    assert not [n for n in nudges_of(repo) if n.status == "pending"]
    assert "Set the deadline" in chat.labels
    chat.press("Draft: ask for time")
    fill_profile(chat)
    assert "Would it be possible to give you my answer by Fri 27 Nov?" in chat.text
    assert "Checked:" in chat.text


def test_the_deadline_can_be_set_later_and_its_question_is_answered_once(
        chat: Chat, repo: Repository) -> None:
    log_interview(chat)
    chat.say("outcome")
    chat.press("Selected 🎉")
    question = list(chat.last)
    chat.press("They didn't say")
    steps = list(chat.last)
    chat.last = question
    chat.press("They didn't say")  # the same button again: the question is closed
    assert "already closed" in chat.text
    chat.say("list")
    assert "backend role at Acme — offer 🎉" in chat.text
    chat.last = steps
    chat.press("Set the deadline")
    assert "By when do they need your answer?" in chat.text
    chat.say("Friday")
    assert "Your answer is due Fri 27 Nov" in chat.text
    assert "Set the deadline" not in chat.labels
    assert [n.kind for n in nudges_of(repo) if n.status == "pending"] == ["offer_deadline"]


def test_the_negotiation_rehearsal_judges_a_salary_answer(chat: Chat) -> None:
    log_interview(chat)
    chat.say("outcome")
    chat.press("Selected 🎉")
    chat.say("in a week")
    chat.press("Rehearse negotiating")
    assert "Situation 1 of 3: The salary question" in chat.text
    chat.say("I'd like more money please")
    assert "Name a figure" in chat.text and "what your figure rests on" in chat.text
    chat.press("Next scenario")
    assert "An offer below what you hoped" in chat.text
    chat.say("Thank you! Given my experience, I was hoping for 56,000. Is there flexibility?")
    assert "That's a strong answer" in chat.text


def test_not_selected_says_what_to_do_with_the_feedback(chat: Chat) -> None:
    log_interview(chat)
    chat.say("outcome")
    chat.press("Not selected")
    assert "gracious reply" in chat.text and "If feedback comes" in chat.text
    assert chat.labels == ["Draft that reply"]


def test_a_three_week_overdue_wait_gets_spaced_check_ins_each_different(
        chat: Chat, clock: FakeClock, scheduler: Scheduler) -> None:
    log_interview(chat)  # by Friday 27 Nov: the call on Monday 30 Nov
    chat.press("Thank-you sent ✓") if "Thank-you sent ✓" in chat.labels else chat.say("done")
    sent = run_until(scheduler, clock, datetime(2026, 12, 18, 23, tzinfo=LONDON))
    overdue = [(at, text) for at, text in sent if text.startswith("Still no news?")]
    assert [at for at, _ in overdue] == ["Thu 03 Dec 18:00", "Mon 07 Dec 18:00",
                                         "Mon 14 Dec 18:00"]
    distractions = [text.rsplit("Something for this week: ", 1)[1] for _, text in overdue]
    assert len(set(distractions)) == 3
    # The first two name the next step's date (the one follow-up email); the last one, with
    # every contact made, says the ball is in their court.
    assert "Next step: send one short follow-up email, Fri 4 Dec, 10:00" in overdue[0][1]
    assert "the ball is in their court" in overdue[2][1]
    # Contacts keep their spacing: the call, then one follow-up four working days later.
    contacts = [at for at, text in sent if text.startswith(("Time to make the call",
                                                            "One short follow-up"))]
    assert contacts == ["Mon 30 Nov 10:00", "Fri 04 Dec 10:00"]
    # Past every planned contact, outreach stays capped.
    chat.say("should I email Acme again?")
    assert "A third message rarely changes an answer" in chat.text


def test_between_the_call_and_the_follow_up_contact_waits_its_working_days(
        chat: Chat, clock: FakeClock, scheduler: Scheduler) -> None:
    log_interview(chat)
    run_until(scheduler, clock, datetime(2026, 12, 1, 11, tzinfo=LONDON))  # the call was Mon
    chat.say("should I email Acme?")
    assert "Not yet for the backend role at Acme" in chat.text
    assert "Fri 4 Dec" in chat.text


def test_standby_asks_when_to_check_back_and_plans_it(chat: Chat, repo: Repository,
                                                      clock: FakeClock,
                                                      scheduler: Scheduler) -> None:
    log_interview(chat)
    chat.say("outcome")
    chat.press("On standby")
    assert "When did they say it's good to check back?" in chat.text
    assert chat.labels == ["In a week", "In two weeks", "They didn't say"]
    chat.say("yesterday")
    assert "isn't ahead of us" in chat.text
    chat.say("in two weeks")
    assert "I'll prompt you to check back about the backend role at Acme on Wed 9 Dec, " \
           "10:00" in chat.text
    calls = [n for n in nudges_of(repo) if n.status == "pending" and n.kind == "call_prompt"]
    assert [(n.origin, n.due_at.astimezone(LONDON).day) for n in calls] == [("standby", 9)]
    assert not [n for n in nudges_of(repo) if n.status == "pending" and n.kind == "follow_up"]
    sent = run_until(scheduler, clock, datetime(2026, 12, 9, 11, tzinfo=LONDON))
    assert any(text.startswith("Time to check back.") for _, text in sent)


def test_a_contact_question_naming_two_applications_asks_which(chat: Chat) -> None:
    log_interview(chat)
    log_interview(chat, "I just had an interview with Bob at Acme for the data role, they "
                        "said by 11 December. HR will tell me")
    chat.say("should I email Acme?")  # two roles at Acme
    assert "Which one do you mean?" in chat.text
    assert chat.labels == ["backend role at Acme", "data role at Acme"]
    chat.press("data role at Acme")
    assert "Not yet for the data role at Acme" in chat.text
    assert "Fri 11 Dec" in chat.text


@pytest.mark.parametrize(("deadline", "now_hour", "expected"), [
    (date(2026, 11, 30), 15, datetime(2026, 11, 27, 9, tzinfo=LONDON)),  # Mon: Friday morning
    (date(2026, 11, 26), 15, datetime(2026, 11, 25, 16, tzinfo=LONDON)),  # tomorrow: in the hour
    (date(2026, 11, 25), 15, datetime(2026, 11, 25, 16, tzinfo=LONDON)),  # today: in the hour
    (date(2026, 11, 25), 17, None),  # today, after office hours: too late to remind
])
def test_the_offer_reminder_comes_the_working_morning_before_or_soon(
        deadline: date, now_hour: int, expected: datetime | None) -> None:
    from bot.core.contract.models import Interview
    from bot.core.contract.prefs import Prefs
    from bot.core.plan.planner import plan

    now = datetime(2026, 11, 25, now_hour, tzinfo=LONDON)
    iv = Interview(id="i1", user_key="console:u1", created_at=now, interviewed_at=now,
                   status="closed", outcome="selected", offer_at=now, offer_deadline=deadline)
    planned = plan(iv, now, Prefs(tz=LONDON))
    assert [p.due_at for p in planned] == ([expected] if expected else [])


def test_a_three_round_application_that_ends_in_an_offer(
        chat: Chat, repo: Repository, clock: FakeClock, scheduler: Scheduler) -> None:
    # Issue 17's whole journey through the core: a phone screen, a second round, a final round
    # booked ahead with its preparation nudge, the offer, its deadline and the reminder.
    chat.say("had a phone screen with Lumen Labs today for the data engineer role, recruiter "
             "Amy said she'd let me know by friday")
    if "set time" in chat.text:
        chat.press("No")
    chat.say("done")  # the thank-you for the screen
    clock.advance(timedelta(days=2))
    chat.say("second round with Lumen Labs done this morning, went well")
    assert "the same application" in chat.text or "one more round" in chat.text
    clock.advance(timedelta(hours=2))
    chat.say("thank you email sent")
    chat.say("They invited me to a final round next Tuesday at 10:30")
    assert "final round" in chat.text and "Tue 1 Dec, 10:30" in chat.text
    [iv] = repo.interviews_for("console:u1")  # one application all along
    assert [r["label"] for r in iv.rounds] == ["screen", "second"] and iv.round == "final"
    sent = run_until(scheduler, clock, datetime(2026, 12, 1, 9, tzinfo=LONDON))
    assert any("final round" in text and "To get ready" in text for _, text in sent)
    clock.set(datetime(2026, 12, 2, 11, tzinfo=LONDON))
    chat.say("Lumen Labs offered me the job!!")
    chat.press("Yes, selected")
    assert "Get it in writing" in chat.text
    chat.say("by next Monday")
    assert "Your answer is due Mon 7 Dec" in chat.text
    [iv] = repo.interviews_for("console:u1")
    assert iv.outcome == "selected" and iv.offer_deadline == date(2026, 12, 7)
    assert [r["label"] for r in iv.rounds] == ["screen", "second"] and iv.round == "final"
    reminders = [at for at, text in run_until(scheduler, clock,
                                              datetime(2026, 12, 7, 12, tzinfo=LONDON))
                 if "answer to the offer" in text]
    assert reminders == ["Fri 04 Dec 09:00"]  # the working morning before Monday


def test_a_two_month_silence_gets_check_ins_to_the_end_each_with_its_own_distraction(
        chat: Chat, clock: FakeClock, scheduler: Scheduler) -> None:
    log_interview(chat)
    chat.press("Thank-you sent ✓") if "Thank-you sent ✓" in chat.labels else chat.say("done")
    sent = run_until(scheduler, clock, datetime(2027, 2, 10, 23, tzinfo=LONDON))
    checkins = [text for _, text in sent if "Something for " in text]
    overdue = [text for text in checkins if text.startswith("Still no news?")]
    assert len(overdue) == 6  # 3, 7, 14, 28, 42 and 56 days after the call
    # Every check-in of the wait, before the call and after, has a distraction of its own.
    distractions = [text.rsplit(": ", 1)[1] for text in checkins]
    assert len(set(distractions)) == len(distractions)
    # Only the last says it is the last, and suggests deciding whether to keep waiting.
    assert ["This is the last check-in" in text for text in overdue] == [False] * 5 + [True]
    assert "type withdraw" in overdue[-1]
