"""Issue 17's journey tried as a new user would, through the core with the fake clock: the gaps a
fresh pair of eyes found (a round booked ahead then told of in plain words, two applications at
one company, the offer's drafts for the other applications, what "still no date" promises)."""

from __future__ import annotations

import asyncio
from datetime import datetime

import pytest

from bot.core.contract.clock import FakeClock
from bot.core.contract.models import Interview
from bot.core.contract.ports import Repository
from bot.scheduler import Scheduler
from tests.conftest import KEY, LONDON, Chat, RecordingSender, acme, log_interview

pytestmark = pytest.mark.backends

SCREEN = ("had a phone screen with Priya from Northwind today for the data analyst job, she "
          "said they'd let me know by Friday. HR will tell me")


def the_one(repo: Repository) -> Interview:
    [iv] = repo.interviews_for(KEY)
    return iv


def book_second_round(chat: Chat) -> None:
    """The screen (Wed 25 Nov, 15:00), then a second round booked for Thu 3 Dec at 14:00."""
    chat.say(SCREEN)
    chat.press("No")
    assert "Saved" in chat.text
    chat.press("Thank-you sent ✓")
    chat.say("they want me back for a second round next Thursday at 2pm")


# -- a round booked ahead -------------------------------------------------------------------------
def test_they_want_me_back_for_a_second_round_is_the_second_round(chat: Chat,
                                                                  repo: Repository) -> None:
    book_second_round(chat)
    assert "Added your second round to the data analyst role at Northwind" in chat.text
    iv = the_one(repo)
    assert iv.round == "second"
    assert iv.interviewed_at == datetime(2026, 12, 3, 14, 0, tzinfo=LONDON)


def test_the_booked_round_told_in_plain_words_is_that_round_done(
        chat: Chat, repo: Repository, clock: FakeClock) -> None:
    book_second_round(chat)
    clock.set(datetime(2026, 12, 3, 16, 30, tzinfo=LONDON))
    chat.say("the interview went well today! they said they'll get back to me by next wednesday")
    assert "Logged your second round for the data analyst role at Northwind" in chat.text
    assert "Which company" not in chat.text  # no second intake for the same application
    iv = the_one(repo)
    # The booked time stays; the new decision date is taken.
    assert iv.interviewed_at == datetime(2026, 12, 3, 14, 0, tzinfo=LONDON)
    assert iv.decision_by == datetime(2026, 12, 9).date()
    assert [r["label"] for r in iv.rounds] == ["screen"]
    assert "Interview: Thu 3 Dec, 14:00" in "\n".join(r.text for r in chat.say("status"))


def test_the_booked_round_told_by_its_name_keeps_its_booked_time(
        chat: Chat, repo: Repository, clock: FakeClock) -> None:
    book_second_round(chat)
    clock.set(datetime(2026, 12, 3, 16, 40, tzinfo=LONDON))
    chat.say("second round with Northwind went well today")
    assert "Logged your second round" in chat.text
    assert the_one(repo).interviewed_at == datetime(2026, 12, 3, 14, 0, tzinfo=LONDON)


def test_a_plain_report_about_another_company_still_starts_its_own_intake(
        chat: Chat, repo: Repository, clock: FakeClock) -> None:
    book_second_round(chat)
    clock.set(datetime(2026, 12, 3, 16, 30, tzinfo=LONDON))
    chat.say("I just had an interview at Globex for a product role, it went well")
    assert "Logged your" not in chat.text
    assert "Globex" in chat.text and the_one(repo).company == "Northwind"


def test_a_plain_report_long_after_the_booked_round_is_not_taken_for_it(
        chat: Chat, repo: Repository, clock: FakeClock) -> None:
    book_second_round(chat)
    clock.set(datetime(2026, 12, 8, 16, 30, tzinfo=LONDON))
    chat.say("I had an interview today, it went well")
    assert "Logged your" not in chat.text
    assert the_one(repo).interviewed_at == datetime(2026, 12, 3, 14, 0, tzinfo=LONDON)


# -- two applications at one company --------------------------------------------------------------
def two_at_northwind(chat: Chat) -> None:
    """The data analyst role at Northwind, Contoso's BI developer role, then a data engineer
    role at Northwind too."""
    for text in (SCREEN,
                 "I just had an interview at Contoso for the BI developer role with Mark Lee, "
                 "they said by Friday. HR will tell me",
                 "also had an interview at Northwind for the data engineer role with Tom this "
                 "morning, they said by Friday. HR will tell me"):
        chat.say(text)
        chat.press("No")
        assert "Saved" in chat.text


def by_role(repo: Repository, role: str) -> Interview:
    return next(iv for iv in repo.interviews_for(KEY) if iv.role == role)


def test_list_buttons_tell_two_applications_at_one_company_apart(chat: Chat) -> None:
    two_at_northwind(chat)
    chat.say("list")
    assert chat.labels == [
        "Withdraw: Northwind (data analyst)", "Remove: Northwind (data analyst)",
        "Withdraw: Contoso", "Remove: Contoso",
        "Withdraw: Northwind (data engineer)", "Remove: Northwind (data engineer)"]


def test_a_note_names_the_role_to_pick_one_of_two_at_one_company(chat: Chat,
                                                                  repo: Repository) -> None:
    two_at_northwind(chat)
    chat.say("note for Northwind: ask about the on-call rota")
    assert "(Northwind (data analyst), Contoso, Northwind (data engineer))" in chat.text
    assert all(not iv.notes for iv in repo.interviews_for(KEY))
    chat.say("note for Northwind data engineer: ask about the on-call rota")
    assert "Noted for the data engineer role at Northwind" in chat.text
    assert by_role(repo, "data engineer").notes == ["ask about the on-call rota"]
    assert by_role(repo, "data analyst").notes == []


def test_withdrawing_from_a_company_with_two_applications_asks_which(chat: Chat,
                                                                     repo: Repository) -> None:
    two_at_northwind(chat)
    chat.say("I withdrew from Northwind")
    assert "don't have an application at Northwind" not in chat.text
    assert "Withdraw: Northwind (data engineer)" in chat.labels
    assert all(iv.status == "waiting" for iv in repo.interviews_for(KEY))
    chat.say("I've withdrawn from the Northwind data engineer role")
    assert "Withdrawn: the data engineer role at Northwind" in chat.text
    assert by_role(repo, "data engineer").outcome == "withdrawn"
    assert by_role(repo, "data analyst").status == "waiting"


def test_an_offer_naming_company_and_role_is_offered_for_that_one(chat: Chat) -> None:
    two_at_northwind(chat)
    chat.say("Northwind offered me the data analyst job!!")
    assert "about the data analyst role at Northwind. Shall I record it as selected?" \
        in chat.text
    assert chat.labels[0] == "Yes, selected"


def test_the_offer_drafts_no_other_company_letter_to_the_same_company(chat: Chat) -> None:
    two_at_northwind(chat)
    chat.say("Northwind offered me the data analyst job!!")
    chat.press("Yes, selected")
    chat.say("next Monday")
    assert "Draft for Contoso" in chat.labels
    assert not any(label.startswith("Draft for Northwind") for label in chat.labels)
    assert "You also applied for the data engineer role at Northwind: that's the same " \
        "company" in chat.text


# -- moving the call by name ----------------------------------------------------------------------
def pending(repo: Repository, kind: str) -> list[datetime]:
    return sorted(n.due_at.astimezone(LONDON) for n in repo.nudges_for_user(KEY)
                  if n.status == "pending" and n.kind == kind)


def test_moving_the_call_takes_its_rehearsal_to_the_evening_before(chat: Chat,
                                                                    repo: Repository) -> None:
    log_interview(chat, only_if_asked=True)  # by Friday: the call Mon 30 Nov, rehearsal Sun
    assert pending(repo, "rehearsal_offer") == [datetime(2026, 11, 29, 18, 0, tzinfo=LONDON)]
    chat.say("move the call to 3 Dec")
    assert pending(repo, "call_prompt") == [datetime(2026, 12, 3, 10, 0, tzinfo=LONDON)]
    # "Tomorrow is call day" comes the evening before the new call, not before the old one.
    assert pending(repo, "rehearsal_offer") == [datetime(2026, 12, 2, 18, 0, tzinfo=LONDON)]
    chat.say("status")
    assert "Sun 29 Nov, 18:00 — rehearse" not in chat.text


# -- typos in a reminder's time -----------------------------------------------------------
@pytest.mark.parametrize("typed", ["tomorow at 10", "tmrw at 10", "tommorow at 10"])
def test_a_reminder_for_tomorrow_spelt_as_people_type_it_is_set(chat: Chat, repo: Repository,
                                                                 typed: str) -> None:
    chat.say(f"remind me {typed} to reply to the Hooli email")
    assert "I'll remind you on Thu 26 Nov, 10:00: reply to the Hooli email" in chat.text
    assert pending(repo, "own_reminder") == [datetime(2026, 11, 26, 10, 0, tzinfo=LONDON)]


# -- a past day typed for the agreed contact --------------------------------------------------
def test_a_day_already_gone_for_the_agreed_contact_is_asked_again(chat: Chat) -> None:
    chat.say(acme())
    assert "set time" in chat.text
    chat.say("4")  # (a number out of the buttons' range: read as "the 4th", of this month)
    assert "Wed 4 Nov has passed already" in chat.text
    assert "Did you mean" not in chat.text and "Nov, 10:00" not in chat.text
    chat.press("No")
    assert "Saved" in chat.text


# -- moving a step of one of two applications ------------------------------------------------
def two_open(chat: Chat) -> None:
    log_interview(chat, "interview at Wayne Enterprises today for the analyst role with Lucius, "
                  "they'll decide by Friday, HR will tell me", saved=True)
    log_interview(chat, "interview at Oscorp this morning for the researcher role with Otto, "
                  "they'll decide by Friday, HR will tell me", saved=True)


def calls(repo: Repository, company: str) -> list[datetime]:
    [iv] = [iv for iv in repo.interviews_for(KEY) if iv.company == company]
    return sorted(n.due_at.astimezone(LONDON) for n in repo.nudges_for_interview(iv.id)
                  if n.status == "pending" and n.kind == "call_prompt")


def test_a_step_moved_by_the_first_word_of_the_company(chat: Chat, repo: Repository) -> None:
    two_open(chat)
    chat.say("move the call to 3 Dec")
    assert "Which one: Wayne Enterprises or Oscorp?" in chat.text
    assert "\"move the Wayne Enterprises call to 3 Dec\"" in chat.text
    chat.say("move the Wayne call to 3 Dec")
    assert "Snoozed: I'll bring back the call reminder on Thu 3 Dec, 10:00" in chat.text
    assert calls(repo, "Wayne Enterprises") == [datetime(2026, 12, 3, 10, 0, tzinfo=LONDON)]
    assert calls(repo, "Oscorp") == [datetime(2026, 11, 30, 10, 0, tzinfo=LONDON)]


def test_snooze_typed_with_a_step_moves_that_step(chat: Chat, repo: Repository) -> None:
    two_open(chat)
    chat.say("snooze the Oscorp call till 3 Dec")
    assert "Snoozed: I'll bring back the call reminder on Thu 3 Dec, 10:00" in chat.text
    assert calls(repo, "Oscorp") == [datetime(2026, 12, 3, 10, 0, tzinfo=LONDON)]
    chat.say("snooze the check-in till monday")
    assert "Which one: Wayne Enterprises or Oscorp?" in chat.text


# -- news about an application already closed ---------------------------------------------------
def test_news_naming_the_offer_already_recorded_is_not_offered_for_another(
        chat: Chat, repo: Repository) -> None:
    log_interview(chat, "interview at Cyberdyne today for the ML engineer role with Miles, "
                  "they'll decide by Friday, HR will tell me", saved=True)
    log_interview(chat, "interview at Tyrell today for the data scientist role with Rachael, "
                  "they'll decide by Monday, HR will tell me", saved=True)
    chat.say("got the job at Cyberdyne!!")
    chat.press("Yes, selected")
    chat.press("They didn't say")
    chat.say("I accepted the Cyberdyne offer")
    assert "Tyrell" not in chat.last[0].text
    assert "I have the ML engineer role at Cyberdyne as closed already (selected)" in chat.text
    assert "Draft: accept" in chat.labels and "Set the deadline" in chat.labels
    assert "Yes, selected" not in chat.labels
    tyrell = next(iv for iv in repo.interviews_for(KEY) if iv.company == "Tyrell")
    assert tyrell.status == "waiting" and tyrell.outcome is None


# -- a reminder's Cancel button after it was moved ------------------------------------------------
def test_the_first_cancel_button_still_cancels_a_reminder_moved_since(chat: Chat,
                                                                      repo: Repository) -> None:
    chat.say("remind me on friday at 9 to chase the referral from Dana")
    first = chat.last
    chat.say("move my reminder about Dana to monday")
    assert "Moved: I'll remind you on Mon 30 Nov, 09:00" in chat.text
    chat.last = first  # the button under the first confirmation, pressed now
    chat.press("Cancel this reminder")
    assert "already" not in chat.text
    assert "Cancelled your reminder: chase the referral from Dana" in chat.text
    assert pending(repo, "own_reminder") == []
    chat.last = first
    chat.press("Cancel this reminder")  # pressed twice: nothing left, and it says so
    assert "already cancelled" in chat.text


def test_removing_a_company_with_two_applications_asks_which(chat: Chat,
                                                             repo: Repository) -> None:
    two_at_northwind(chat)
    chat.say("remove Northwind")
    assert "You have 2 applications at Northwind. Which one shall I remove?" in chat.text
    assert chat.labels == ["Remove: Northwind (data analyst)", "Remove: Northwind (data engineer)"]
    chat.press("Remove: Northwind (data engineer)")
    chat.press("Yes, remove it")
    assert "Removed the data engineer role at Northwind" in chat.text
    assert sorted(iv.role or "" for iv in repo.interviews_for(KEY)) == ["BI developer",
                                                                       "data analyst"]


# -- call day: "should I call them?" after the call prompt -------------------------------------
def test_asking_to_call_after_todays_call_prompt_is_a_yes(chat: Chat, repo: Repository,
                                                          clock: FakeClock) -> None:
    log_interview(chat, only_if_asked=True)  # Acme, by Friday: the call Mon 30 Nov, 10:00
    log_interview(chat, "interview at Pied Piper today for the dev role with Richard, they'll "
                  "decide by Monday, HR will tell me", saved=True)
    engine, sender = chat.engine, RecordingSender()
    clock.set(datetime(2026, 11, 30, 10, 5, tzinfo=LONDON))
    asyncio.run(Scheduler(repo, engine, clock, {"console": sender}).tick())
    assert any("Time to make the call" in r.text and "Acme" in r.text for r in sender.sent)
    clock.set(datetime(2026, 11, 30, 10, 40, tzinfo=LONDON))
    chat.say("should I call Acme?")
    assert "Yes — it's the right time to get in touch about backend role at Acme" in chat.text
    assert "Not yet" not in chat.text
    chat.say("should I email Pied Piper?")  # its call is tomorrow: still a wait
    assert "Not yet for the dev role at Pied Piper" in chat.text


def test_a_booked_round_moved_says_moved_and_keeps_one_round(chat: Chat,
                                                             repo: Repository) -> None:
    log_interview(chat, "phone screen at Acme today for the backend role with Jane, they'll "
                  "decide by Friday, HR will tell me", saved=True)
    chat.say("Acme invited me to a final round next Tuesday at 10")
    assert "Added your final round" in chat.text
    chat.say("the final round got moved to Thursday at 3pm")
    assert "Moved your final round for the backend role at Acme to the new time." in chat.text
    assert "Added" not in chat.text
    assert "Rounds: screen (Wed 25 Nov) → final (Thu 26 Nov, 15:00, to come)" in chat.text
    iv = the_one(repo)
    assert [r["label"] for r in iv.rounds] == ["screen"]
    assert iv.interviewed_at == datetime(2026, 11, 26, 15, 0, tzinfo=LONDON)


def test_a_round_at_a_company_with_two_applications_goes_by_the_role(
        chat: Chat, repo: Repository) -> None:
    two_at_northwind(chat)
    chat.say("Northwind invited me to a final round on Tuesday at 10")
    assert "Which one is that round for?" in chat.text
    assert "Got it" not in chat.text and len(repo.interviews_for(KEY)) == 3  # no new intake
    assert all(iv.round != "final" for iv in repo.interviews_for(KEY))
    chat.say("final round for the data engineer role at Northwind on Tuesday at 10")
    assert "Added your final round to the data engineer role at Northwind" in chat.text
    assert by_role(repo, "data engineer").round == "final"
    assert by_role(repo, "data analyst").round == "screen"


# -- odd inputs ----------------------------------------------------------------------------------
def test_a_job_link_led_by_the_company_is_kept_with_it(chat: Chat, repo: Repository) -> None:
    two_open(chat)
    chat.say("Oscorp job ad: https://oscorp.example/careers/42")
    assert "Saved the job link for the researcher role at Oscorp" in chat.text
    [oscorp] = [iv for iv in repo.interviews_for(KEY) if iv.company == "Oscorp"]
    assert oscorp.link == "https://oscorp.example/careers/42"


def test_a_repeating_reminder_is_refused_with_a_clear_reason(chat: Chat,
                                                             repo: Repository) -> None:
    chat.say("remind me every monday to update the tracker")
    assert "I can't repeat a reminder yet, so I set nothing" in chat.text
    assert "\"remind me on Monday at 9 to update the tracker\"" in chat.text
    assert pending(repo, "own_reminder") == []


def test_moving_a_companys_step_never_moves_an_unrelated_reminder(chat: Chat,
                                                                  repo: Repository) -> None:
    log_interview(chat, only_if_asked=True)  # Acme: no agreed email, a follow-up email Fri 4 Dec
    chat.say("remind me on friday at 9 to email mum")
    chat.say("move the Acme email to 7 Dec")
    # The Acme email of the plan is its follow-up email (issue 17: movable by name); mum's
    # reminder stays.
    assert "Snoozed: I'll bring back the follow-up reminder on Mon 7 Dec, 10:00" in chat.text
    assert pending(repo, "own_reminder") == [datetime(2026, 11, 27, 9, 0, tzinfo=LONDON)]
    chat.say("remind me on friday at 10 to email the Acme recruiter")
    chat.say("move the Acme email to 4 Dec")  # a reminder of one's own that names Acme
    assert "Moved: I'll remind you on Fri 4 Dec, 09:00: email the Acme recruiter" in chat.text


def test_a_round_for_another_role_at_the_company_is_a_new_application(
        chat: Chat, repo: Repository) -> None:
    chat.say(SCREEN)
    chat.press("No")
    chat.say("second interview at Northwind next Tuesday at 10 for the data engineer role")
    assert "Added your" not in chat.text
    [analyst] = repo.interviews_for(KEY)
    assert analyst.role == "data analyst" and analyst.round == "screen"


def test_a_plain_report_after_a_round_told_as_done_is_not_taken_for_it(
        chat: Chat, repo: Repository, clock: FakeClock) -> None:
    chat.say(SCREEN)
    chat.press("No")
    clock.set(datetime(2026, 11, 27, 11, 0, tzinfo=LONDON))
    chat.say("second round with Northwind done")
    assert "Logged your second round" in chat.text
    clock.set(datetime(2026, 11, 27, 15, 0, tzinfo=LONDON))
    chat.say("I had an interview today, it went well")
    assert "Logged your" not in chat.text  # not booked ahead: the intake asks as before
