"""Issue 17, items 3 and 5, as a reviewer found them in the terminal chat: moving a step by name
re-plans what hangs on it (the rehearsal, the follow-up email, the check-ins), one check-in moves
alone, the follow-up email and the offer's reminder move by name, overdue check-ins go on past two
weeks, and every plan keeps three working days between two contacts with the employer."""

from __future__ import annotations

import asyncio
from datetime import date, datetime, timedelta
from itertools import pairwise

import pytest

from bot.core.contract.clock import FakeClock
from bot.core.contract.models import Interview
from bot.core.contract.ports import Repository
from bot.core.contract.prefs import Prefs, working_day
from bot.core.engine import Engine
from bot.core.plan.kinds import AGREED_CONTACT, ASK_FOR_DATE, CALL_PROMPT, FOLLOW_UP
from bot.core.plan.planner import plan
from bot.scheduler import Scheduler
from tests.conftest import KEY, LONDON, START, Chat, RecordingSender, log_interview

NO_DATE = "I just had an interview with Jane Doe at Acme for the backend role. HR will tell me"


def due(repo: Repository, kind: str) -> list[str]:
    """The pending nudges of `kind`, as "Fri 04 Dec 10:00" in London."""
    return [n.due_at.astimezone(LONDON).strftime("%a %d %b %H:%M")
            for n in sorted(repo.nudges_for_user(KEY), key=lambda n: n.due_at)
            if n.status == "pending" and n.kind == kind]


def moments(repo: Repository) -> list[datetime]:
    return [n.due_at for n in repo.nudges_for_user(KEY) if n.status == "pending"]


def logged(chat: Chat) -> None:
    """Acme, news by Friday 27 Nov: the call Mon 30 Nov, the follow-up Fri 4 Dec."""
    log_interview(chat, saved=True)
    chat.say("done")


def test_moving_the_call_moves_its_rehearsal_follow_up_and_check_ins(chat: Chat,
                                                                     repo: Repository) -> None:
    logged(chat)
    assert due(repo, "follow_up") == ["Fri 04 Dec 10:00"]
    chat.say("move the call to Friday 4 December")
    assert "Snoozed: I'll bring back the call reminder on Fri 4 Dec, 10:00." in chat.text
    assert "Moved with it: the rehearsal offer to Thu 3 Dec, 18:00 and the follow-up reminder " \
           "to Thu 10 Dec, 10:00." in chat.text
    assert due(repo, "call_prompt") == ["Fri 04 Dec 10:00"]
    assert due(repo, "rehearsal_offer") == ["Thu 03 Dec 18:00"]
    # Four working days after the new call, as the planner spaces it: never before the call.
    assert due(repo, "follow_up") == ["Thu 10 Dec 10:00"]
    # The check-ins are spaced from the new call day; none shares the rehearsal's evening.
    assert due(repo, "checkin") == ["Fri 27 Nov 18:00", "Mon 30 Nov 18:00", "Mon 07 Dec 18:00",
                                    "Fri 11 Dec 18:00", "Fri 18 Dec 18:00", "Mon 04 Jan 18:00",
                                    "Fri 15 Jan 18:00", "Fri 29 Jan 18:00"]
    assert len(set(moments(repo))) == len(moments(repo))  # no two prompts at one moment
    chat.say("status")
    assert "Thu 3 Dec, 18:00 — rehearse tomorrow's call" in chat.text
    assert "Fri 4 Dec, 10:00 — no news since the call?" not in chat.text


def test_moving_one_check_in_keeps_the_others(chat: Chat, repo: Repository) -> None:
    logged(chat)
    before = due(repo, "checkin")
    assert before[:4] == ["Fri 27 Nov 18:00", "Thu 03 Dec 18:00", "Mon 07 Dec 18:00",
                          "Mon 14 Dec 18:00"]
    chat.say("move the check-in to Saturday")
    assert chat.text == "Snoozed: I'll bring back the check-in on Sat 28 Nov, 09:00."
    # Only the next one moved; the overdue ones stay where they were.
    assert due(repo, "checkin") == ["Sat 28 Nov 09:00", *before[1:]]


def test_a_new_time_zone_keeps_what_was_moved_and_what_hangs_on_it(chat: Chat,
                                                                   repo: Repository) -> None:
    logged(chat)
    chat.say("move the call to Friday 4 December")
    chat.say("move the check-in to Saturday")
    before = {kind: due(repo, kind) for kind in ("call_prompt", "rehearsal_offer", "follow_up",
                                                 "checkin")}
    assert before["checkin"][0] == "Sat 28 Nov 09:00"
    chat.say("settings timezone Dublin")  # the same clock time: the plan is made again
    # The follow-up stays four working days after the moved call (not back on its day), and
    # the moved check-in neither takes the others with it nor comes back on Friday.
    assert {kind: due(repo, kind) for kind in before} == before


def test_the_follow_up_email_moves_by_name_and_keeps_its_distance_from_the_call(
        chat: Chat, repo: Repository) -> None:
    logged(chat)
    chat.say("move the follow-up email to Monday 7 December")
    assert chat.text == "Snoozed: I'll bring back the follow-up reminder on Mon 7 Dec, 10:00."
    assert due(repo, "follow_up") == ["Mon 07 Dec 10:00"]
    chat.say("push the follow-up to 1 Dec")  # the call is Mon 30 Nov: too soon after it
    assert "on Thu 3 Dec, 10:00 — the earliest: three working days after the call on " \
           "Mon 30 Nov" in chat.text
    assert due(repo, "follow_up") == ["Thu 03 Dec 10:00"]
    chat.say("snooze the follow-up until Wednesday 9 December")
    assert due(repo, "follow_up") == ["Wed 09 Dec 10:00"]
    assert due(repo, "call_prompt") == ["Mon 30 Nov 10:00"]  # nothing else moved


def test_the_offer_reminder_moves_by_name_but_not_past_the_deadline(chat: Chat,
                                                                    repo: Repository) -> None:
    log_interview(chat)
    chat.say("they offered me the job at Acme!")
    chat.press("Yes, selected")
    chat.say("next Wednesday")  # the answer is due Wed 2 Dec; the reminder Tue 1 Dec 09:00
    assert due(repo, "offer_deadline") == ["Tue 01 Dec 09:00"]
    chat.say("move the offer reminder to Monday")
    assert chat.text == "Snoozed: I'll bring back the offer reminder on Mon 30 Nov, 09:00."
    assert due(repo, "offer_deadline") == ["Mon 30 Nov 09:00"]
    chat.say("push the deadline reminder to Friday 4 December")
    assert "Your answer to the offer is due Wed 2 Dec, so a reminder after that comes too " \
           "late." in chat.text
    assert due(repo, "offer_deadline") == ["Mon 30 Nov 09:00"]


def test_without_a_date_the_call_comes_three_working_days_after_asking_hr(
        chat: Chat, repo: Repository) -> None:
    log_interview(chat, NO_DATE, informer="They didn't say")
    assert "Thu 26 Nov, 10:00 — ask HR when you'll hear back" in chat.text
    assert "Tue 1 Dec, 10:00 — call day" in chat.text  # (was Mon 30 Nov: two working days)
    assert "Mon 7 Dec, 10:00 — no news since the call?" in chat.text


def test_moving_the_ask_hr_reminder_takes_the_call_along(chat: Chat, repo: Repository) -> None:
    log_interview(chat, NO_DATE, informer="They didn't say")
    chat.say("move the ask HR reminder to Monday")
    assert "Snoozed: I'll bring back the reminder to ask HR on Mon 30 Nov, 10:00." in chat.text
    assert "the call reminder to Thu 3 Dec, 10:00" in chat.text
    assert due(repo, "call_prompt") == ["Thu 03 Dec 10:00"]
    assert due(repo, "rehearsal_offer") == ["Wed 02 Dec 18:00"]
    assert due(repo, "follow_up") == ["Wed 09 Dec 10:00"]
    # The call moved to before asking HR: the call is then the moment to ask.
    chat.say("move the call to Friday")
    assert "No separate reminder to ask HR now" in chat.text
    assert due(repo, "ask_for_date") == []
    assert due(repo, "call_prompt") == ["Fri 27 Nov 10:00"]


def test_a_retry_after_no_answer_takes_the_follow_up_along(chat: Chat, repo: Repository,
                                                           clock: FakeClock) -> None:
    logged(chat)
    clock.set(datetime(2026, 11, 30, 11, tzinfo=LONDON))
    for _ in range(2):
        chat.say("outcome")
        chat.press("No answer")
    assert "I'll remind you to try again on Tue 1 Dec, 10:00" in chat.text
    # The last try is Tue 1 Dec: the follow-up email four working days after it, not Fri 4 Dec.
    assert due(repo, "call_prompt") == ["Tue 01 Dec 10:00"]
    assert due(repo, "follow_up") == ["Mon 07 Dec 10:00"]


def test_an_interview_logged_after_its_date_gets_its_follow_up(chat: Chat,
                                                              repo: Repository) -> None:
    log_interview(chat, "I had an interview at Initech with Bill on 9 November for the QA role, "
                        "they said they'd let me know by 16 November. HR will tell me",
                  only_if_asked=True)
    chat.say("status")
    # The call is due now (Wed 25 Nov, in office hours), the follow-up four working days on.
    assert "Wed 25 Nov, 15:00 — call day" in chat.text
    assert "Tue 1 Dec, 10:00 — no news since the call? one short follow-up email" in chat.text


def test_overdue_check_ins_go_on_until_eight_weeks_then_stop(chat: Chat, repo: Repository,
                                                             engine: Engine,
                                                             clock: FakeClock) -> None:
    logged(chat)
    sender = RecordingSender()
    scheduler = Scheduler(repo, engine, clock, {"console": sender})
    sent: list[tuple[str, str]] = []

    def run_until(until: datetime) -> None:
        while clock.now() < until:
            clock.advance(timedelta(hours=3))
            before = len(sender.sent)
            asyncio.run(scheduler.tick())
            sent.extend((clock.now().astimezone(LONDON).strftime("%d %b"), r.text)
                        for r in sender.sent[before:])

    run_until(datetime(2026, 12, 15, 12, tzinfo=LONDON))
    chat.say("status")
    assert "Nothing scheduled" not in chat.text  # (it was, after the 14-day check-in)
    assert "Tue 29 Dec, 18:00 — a quick check-in while you wait" in chat.text
    run_until(datetime(2027, 3, 1, tzinfo=LONDON))
    overdue = [(day, text) for day, text in sent if text.startswith("Still no news?")]
    # 3, 7, 14 days after the call day, then every two weeks (28 Dec is a bank holiday).
    assert [day for day, _ in overdue] == ["03 Dec", "07 Dec", "14 Dec", "29 Dec", "11 Jan",
                                           "25 Jan"]
    # Each check-in of the whole wait (Friday's before the call too) has its own distraction.
    checkins = [text.rsplit("Something for ", 1)[1].split(": ", 1)[1] for _, text in sent
                if "Something for " in text]
    assert len(checkins) == 7 and len(set(checkins)) == 7
    chat.say("status")
    assert "Nothing scheduled." in chat.text  # eight weeks on, the plan ends


# -- every plan keeps its contacts apart --------------------------------------------------------
@pytest.mark.parametrize("decision", [None, date(2026, 11, 26), date(2026, 11, 27),
                                      date(2026, 12, 9), date(2026, 11, 20)])
@pytest.mark.parametrize("agreed", [None, datetime(2026, 11, 27, 10, tzinfo=LONDON),
                                    datetime(2026, 12, 1, 10, tzinfo=LONDON)])
@pytest.mark.parametrize("country", [None, "GB"])
def test_every_plan_keeps_three_working_days_between_contacts(
        decision: date | None, agreed: datetime | None, country: str | None) -> None:
    prefs = Prefs(tz=LONDON, country=country, region="ENG" if country else None)
    iv = Interview(id="i1", user_key=KEY, created_at=START, interviewed_at=START,
                   decision_by=decision, agreed_contact_at=agreed,
                   agreed_contact_kind="email" if agreed else None)
    contacts = sorted(n.due_at.astimezone(LONDON).date() for n in plan(iv, START, prefs)
                      if n.kind in (ASK_FOR_DATE, CALL_PROMPT, FOLLOW_UP, AGREED_CONTACT))
    assert len(contacts) >= 2
    for first, second in pairwise(contacts):
        assert second >= working_day(first, 3, prefs), (first, second)
