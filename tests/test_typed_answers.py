"""Buttons answered in words (bot/core/offered.py): on Telegram and Slack people type "yes"
under a question with buttons as often as they tap; the typed word presses the button, and
only while the question is the last thing the bot asked."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.core.contract.clock import FakeClock
from bot.core.contract.ports import Repository
from bot.core.engine import Engine
from tests.conftest import Chat, acme

pytestmark = pytest.mark.backends


@pytest.fixture
def tg(engine: Engine) -> Chat:
    """A Telegram user: the platform's adapter passes typed text as it is (no button mapping)."""
    return Chat(engine, user="42", platform="telegram")


def offered_selected(tg: Chat) -> None:
    tg.say(acme() + ". HR will tell me")
    if "Did anyone ask you" in tg.text:
        tg.say("no")
    tg.say("I got the job!!")
    assert "Shall I record it as selected?" in tg.text
    assert tg.labels == ["Yes, selected", "No"]


def test_typed_yes_presses_the_one_yes_button(tg: Chat, repo: Repository) -> None:
    offered_selected(tg)
    tg.say("yes")
    assert "Congratulations" in tg.text
    assert "By when do they need your answer?" in tg.text
    iv = repo.interviews_for("telegram:42")[0]
    assert iv.outcome == "selected"


def test_a_typed_no_presses_the_no_button(tg: Chat, repo: Repository) -> None:
    offered_selected(tg)
    tg.say("No")
    assert repo.interviews_for("telegram:42")[0].outcome != "selected"
    assert "Your interviews (1 open)" in tg.text  # what the No button shows


def test_a_typed_label_presses_its_button(tg: Chat, repo: Repository) -> None:
    offered_selected(tg)
    tg.say("Yes, selected!")
    assert repo.interviews_for("telegram:42")[0].outcome == "selected"


def test_the_deadline_is_read_from_a_sentence(tg: Chat, repo: Repository) -> None:
    offered_selected(tg)
    tg.say("yep")
    tg.say("they want an answer by the 10th")
    assert "Your answer is due Thu 10 Dec." in tg.text
    deadline = repo.interviews_for("telegram:42")[0].offer_deadline
    assert deadline is not None and deadline.isoformat() == "2026-12-10"


def test_an_old_offer_is_forgotten(tg: Chat, repo: Repository, clock: FakeClock) -> None:
    offered_selected(tg)
    clock.advance(timedelta(hours=13))
    tg.say("yes")
    assert repo.interviews_for("telegram:42")[0].outcome != "selected"
    assert "Congratulations" not in tg.text


def test_yes_answers_only_the_last_question(tg: Chat, repo: Repository) -> None:
    offered_selected(tg)
    tg.say("list")  # a reply with other buttons replaces the offer
    tg.say("yes")
    assert repo.interviews_for("telegram:42")[0].outcome != "selected"


def test_declining_an_offer_in_words_offers_the_checked_decline_draft(
        tg: Chat, repo: Repository) -> None:
    offered_selected(tg)
    tg.say("yes")
    tg.say("they didn't say")
    assert "Draft: decline" in tg.labels  # beside accept and ask for time
    tg.say("I'm going to decline Acme, I took another offer")
    assert "Saying no to the backend role at Acme" in tg.text
    assert tg.labels[0] == "Draft: decline"
    tg.press("Draft: decline")
    for _ in range(4):  # the profile that signs drafts is asked once: skip it
        if "I have decided to decline the offer" in tg.text or "Skip" not in tg.labels:
            break
        tg.press("Skip")
    assert "I have decided to decline the offer" in tg.text
    assert "Thank you very much for offering me the backend" in tg.text, tg.text
    assert repo.interviews_for("telegram:42")[0].outcome == "selected"  # nothing else changed
