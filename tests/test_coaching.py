"""Coaching flows through the core with a fake clock: profile and drafts, settings, snooze,
edit, anti-obsession, "check this", and a date reported after asking HR."""

from __future__ import annotations

import asyncio
from datetime import date, datetime, timedelta

from bot.core.coaching.calm import NEWS_CHECKS_BEFORE_STEPPING_IN
from bot.core.contract.clock import FakeClock
from bot.core.contract.ports import Repository
from bot.scheduler import Scheduler
from tests.conftest import LONDON, Chat, RecordingSender, acme, log_interview, nudges_of


def pending(repo: Repository, kind: str) -> list[str]:
    return [f"{n.due_at.astimezone(LONDON):%a %d %b %H:%M}" for n in nudges_of(repo)
            if n.status == "pending" and n.kind == kind]


# -- profile and the thank-you draft ------------------------------------------------------------
def test_first_draft_asks_for_the_profile_then_writes_a_checked_draft(
    chat: Chat, repo: Repository
) -> None:
    log_interview(chat, only_if_asked=True)
    chat.press("Draft my thank-you")
    assert "What's your full name" in chat.text
    chat.say("Siobhán Ní Bhriain")
    assert "phone number" in chat.text
    chat.say("+44 7700 900123")
    chat.say("not an email")
    assert "That doesn't look like an email address" in chat.text
    chat.say("siobhan@example.com")
    chat.press("Skip")  # address
    assert "something you enjoyed" in chat.text
    chat.say("their approach to code review")
    text = chat.text
    assert "Subject: Job interview follow up – Siobhán Ní Bhriain" in text
    assert "Dear Jane Doe," in text
    assert "the backend position at Acme" in text
    assert "their approach to code review" in text
    assert "+44 7700 900123" in text and "siobhan@example.com" in text
    # Skipped: left out of the draft, never a placeholder to fill (issue 13).
    assert "<your mailing address>" not in text
    assert "You skipped your mailing address, so I left it out of the draft" in text
    assert "Thank-you sent ✓" in chat.labels
    user = repo.get_user("console:u1")
    assert user is not None and user.full_name == "Siobhán Ní Bhriain" and user.address is None
    # The draft is shown as one preformatted block, easy to copy.
    assert any(s.style == "pre" and "Kind regards," in s.text for s in chat.last[0].spans)


def test_a_second_draft_does_not_ask_for_the_profile_again(chat: Chat) -> None:
    log_interview(chat, only_if_asked=True)
    chat.press("Draft my thank-you")
    for _ in range(4):
        chat.press("Skip")
    chat.press("Skip")  # nothing they liked in particular
    # Every field skipped: the lines are left out, no placeholder anywhere (issue 13).
    assert "Subject: Job interview follow up\n" in chat.text
    assert "<your" not in chat.text
    assert "You skipped your full name, phone, email, mailing address" in chat.text
    chat.say("profile")
    assert "Full name: not set" in chat.text
    chat.press("Change full name")
    chat.say("Jo Bloggs")
    assert "Full name: Jo Bloggs" in chat.text


def test_the_agreed_email_nudge_carries_a_checked_follow_up_draft(
    chat: Chat, repo: Repository, clock: FakeClock
) -> None:
    chat.say("I just had an interview with Bob Smith at Globex for the analyst role. He said "
             "email me on Friday at 10. They said by Wednesday. HR will tell me")
    nudge = next(n for n in nudges_of(repo) if n.kind == "agreed_contact")
    clock.set(nudge.due_at)
    reply = chat.engine.render_nudge(nudge)
    assert reply is not None
    assert "asked you to email now" in reply.text
    assert "Subject: Following up on the analyst position" in reply.text
    assert "Dear Bob Smith," in reply.text
    assert "Checked" in reply.text
    assert "Selected 🎉" in reply.button_labels


def test_not_selected_offers_a_gracious_feedback_request(chat: Chat,
                                                         repo: Repository) -> None:
    log_interview(chat, only_if_asked=True)
    chat.say("they turned me down")
    chat.press("Yes, not selected")
    chat.press("Draft that reply")
    for _ in range(4):
        chat.press("Skip")
    assert "feedback" in chat.text and "Dear Jane Doe," in chat.text


# -- settings -------------------------------------------------------------------------------------
def test_time_zone_by_city_replans_at_local_times(chat: Chat, repo: Repository) -> None:
    log_interview(chat, only_if_asked=True)
    assert pending(repo, "call_prompt") == ["Mon 30 Nov 10:00"]
    chat.say("settings timezone New York")
    assert "Time zone set to America/New_York" in chat.text
    # 10:00 in New York is 15:00 in London.
    assert pending(repo, "call_prompt") == ["Mon 30 Nov 15:00"]
    chat.say("settings timezone Qwxz Prime")
    assert "I don't know the time zone" in chat.text
    chat.say("Europe/Berlin")
    assert "Time zone set to Europe/Berlin" in chat.text


def test_quiet_hours_and_country_holidays(chat: Chat, repo: Repository) -> None:
    chat.say("settings")
    chat.press("Change quiet hours")
    chat.say("22-7")
    assert "Quiet hours set to 22:00–07:00" in chat.text
    chat.say("settings country Narnia")
    assert "I don't know the country" in chat.text
    chat.say("Germany")
    assert "Country set to Germany (DE)" in chat.text
    # Decision on Thu 24 Dec: in Germany Fri 25 Dec is a public holiday -> Mon 28 Dec.
    log_interview(chat, acme("they said they'd let me know by the 24th"), only_if_asked=True)
    assert pending(repo, "call_prompt") == ["Mon 28 Dec 10:00"]
    chat.say("settings country none")
    assert pending(repo, "call_prompt") == ["Fri 25 Dec 10:00"]


# -- snooze ---------------------------------------------------------------------------------------
def test_snooze_a_reminder_with_a_preset_and_with_a_phrase(
    chat: Chat, repo: Repository, clock: FakeClock
) -> None:
    log_interview(chat, only_if_asked=True)
    sender = RecordingSender()
    scheduler = Scheduler(repo, chat.engine, clock, {"console": sender})
    clock.advance(timedelta(hours=2))
    asyncio.run(scheduler.tick())
    chat.last = sender.sent
    chat.press("Snooze")
    assert {"1 hour", "Tomorrow morning", "Next week"} <= set(chat.labels)
    chat.press("1 hour")
    assert "Snoozed" in chat.text and "Wed 25 Nov, 18:00" in chat.text
    # The thank-you series collapses into one last reminder (no second one next morning).
    assert pending(repo, "thank_you_last") == ["Wed 25 Nov 18:00"]
    assert pending(repo, "thank_you_reminder") == []
    clock.advance(timedelta(hours=1))
    asyncio.run(scheduler.tick())
    assert "Last reminder about the thank-you" in sender.sent[-1].text
    chat.say("snooze")
    chat.say("friday 3pm")
    assert "Fri 27 Nov, 15:00" in chat.text
    chat.say("snooze")
    chat.say("whenever")
    assert "couldn't read that" in chat.text


def test_snooze_with_nothing_recent(chat: Chat) -> None:
    chat.say("snooze")
    assert "no recent reminder" in chat.text


# -- edit -----------------------------------------------------------------------------------------
def test_edit_the_decision_date_twice_replans_each_time(chat: Chat,
                                                        repo: Repository) -> None:
    log_interview(chat, only_if_asked=True)
    chat.say("edit")
    chat.press("Decision date")
    chat.say("the 4th")
    assert "Updated: they'll let you know by Fri 4 Dec" in chat.text
    assert pending(repo, "call_prompt") == ["Mon 07 Dec 10:00"]
    chat.say("edit")
    chat.press("Decision date")
    chat.say("in two weeks")
    assert pending(repo, "call_prompt") == ["Thu 10 Dec 10:00"]
    chat.say("edit")
    chat.press("Company")
    chat.say("Acme Robotics")
    assert "Updated the company" in chat.text
    assert repo.interviews_for("console:u1")[0].company == "Acme Robotics"
    chat.say("edit")
    chat.press("Role")
    chat.press("Skip")
    assert "Left the role as it was" in chat.text
    assert repo.interviews_for("console:u1")[0].role == "backend"


def test_edit_with_nothing_open(chat: Chat) -> None:
    chat.say("edit")
    assert "no open interviews" in chat.text


# -- anti-obsession -------------------------------------------------------------------------------
def test_repeated_news_checks_get_a_kind_intervention(chat: Chat, clock: FakeClock) -> None:
    log_interview(chat, only_if_asked=True)
    for _ in range(NEWS_CHECKS_BEFORE_STEPPING_IN):
        chat.say("any news?")
        assert "No news yet is normal" in chat.text
        clock.advance(timedelta(minutes=20))
    chat.say("any news??")
    assert "waiting is hard" in chat.text
    assert "call them to ask where things stand — Mon 30 Nov, 10:00" in chat.text
    assert "For today, instead:" in chat.text
    chat.say("status")
    assert "a lot of checking" in chat.text
    clock.advance(timedelta(days=1))  # a new day: the count starts again
    chat.say("any news?")
    assert "No news yet is normal" in chat.text


def test_early_contact_is_capped_before_the_promised_date(chat: Chat,
                                                          repo: Repository) -> None:
    log_interview(chat, acme("they didn't say when"), only_if_asked=True)  # no date given
    chat.say("should I email them?")
    assert "asking HR when you can expect to hear" in chat.text  # the one useful contact
    chat.say("can I call them now?")
    assert "Not yet" in chat.text and "For today, instead:" in chat.text
    assert "Subject:" not in chat.text  # no new draft
    assert repo.interviews_for("console:u1")[0].early_contacts == 2


def test_contact_is_fine_once_the_call_day_has_come(chat: Chat, clock: FakeClock) -> None:
    log_interview(chat, only_if_asked=True)
    clock.set(datetime(2026, 11, 30, 11, 0, tzinfo=LONDON))
    chat.say("should I call them?")
    assert "right time to get in touch" in chat.text


# -- check this, and a date reported later ------------------------------------------------------
def test_check_this_finds_planted_mistakes_and_spares_known_names(chat: Chat) -> None:
    log_interview(chat, only_if_asked=True)
    chat.say("check this: Dear Jane Doe, thank you for the the interveiw at Acme. Best regards")
    assert "interveiw" in chat.text and "interview" in chat.text
    assert "the the" in chat.text
    assert "Jane" not in chat.text.split("Checked your text.")[1].split("interveiw")[0]
    chat.say("check this")
    assert "Paste the message" in chat.text
    chat.say("Dear Jane, Thank you for the interview. Kind regards, Jo")
    assert "It reads well" in chat.text
    assert "•" not in chat.text  # no problem listed


def test_a_date_reported_after_asking_hr_updates_the_plan(chat: Chat,
                                                           repo: Repository) -> None:
    log_interview(chat, acme("they didn't say when"), only_if_asked=True)
    assert pending(repo, "ask_for_date") == ["Thu 26 Nov 10:00"]
    chat.say("HR said they'd let me know by the 10th")
    assert "Noted: they'll let you know about the backend role at Acme by Thu 10 Dec" in chat.text
    assert pending(repo, "ask_for_date") == []
    assert pending(repo, "call_prompt") == ["Fri 11 Dec 10:00"]
    assert repo.interviews_for("console:u1")[0].decision_by == date(2026, 12, 10)


def test_list_shows_each_interviews_stage(chat: Chat, clock: FakeClock) -> None:
    log_interview(chat, only_if_asked=True)
    chat.say("list")
    assert "Stage: thank-you to send" in chat.text
    chat.say("done")
    chat.say("list")
    assert "Stage: waiting for their decision (by Fri 27 Nov)" in chat.text
    chat.say("/outcome")
    chat.press("On standby")
    clock.advance(timedelta(days=2))
    chat.say("list")
    assert "Stage: on standby" in chat.text and "waiting 2 days" in chat.text


def test_time_zone_by_a_city_that_is_not_an_iana_name(chat: Chat) -> None:
    chat.say("settings timezone San Francisco")
    assert "Time zone set to America/Los_Angeles" in chat.text
    chat.say("settings timezone Mumbai")
    assert "Time zone set to Asia/Kolkata" in chat.text


def test_draft_by_text_profile_button_hands_back_and_liked_is_changeable(chat: Chat) -> None:
    log_interview(chat, only_if_asked=True)
    chat.say("can you draft my thank-you?")
    for _ in range(4):
        chat.press("Skip")  # the profile, asked once
    chat.say("the pairing session")
    assert "the pairing session" in chat.text
    chat.press("Fill in my profile")
    chat.say("Jo Bloggs")
    for _ in range(3):
        chat.press("Skip")
    assert "Subject: Job interview follow up – Jo Bloggs" in chat.text  # the draft again
    chat.press("Change what I enjoyed")
    chat.say("the team's code reviews")
    assert "the team's code reviews" in chat.text and "pairing session" not in chat.text
