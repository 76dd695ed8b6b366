"""Issue 17, item 1: a round booked ahead gets its preparation nudge and a practice of the
interview before it (not the HR call's role-play), through the core with the fake clock: the
nudge delivered by the scheduler, its button, three questions suited to the round with feedback
and a model answer's outline after each, the summary with the round's time; the practice asked
for in words; `cancel` midway; a one-word answer."""

from __future__ import annotations

import asyncio
from datetime import datetime

import pytest

from bot.core.contract.clock import FakeClock
from bot.core.contract.messages import Reply
from bot.core.contract.ports import Repository
from bot.scheduler import Scheduler
from tests.conftest import KEY, LONDON, Chat, RecordingSender
from tests.test_journey import log_screen, the_one

SECOND = "They invited me to a second round next Tuesday at 10:30"  # Tue 1 Dec, 10:30
FINAL = "They invited me to a final round next Tuesday at 10:30"


def book(chat: Chat, clock: FakeClock, invite: str = SECOND) -> None:
    """A screen at Acme (Wed 25 Nov), then a round booked for Tue 1 Dec, 10:30."""
    log_screen(chat)
    chat.press("Thank-you sent ✓")
    clock.set(datetime(2026, 11, 26, 10, 0, tzinfo=LONDON))
    chat.say(invite)
    assert "round to the backend role at Acme" in chat.text


def prep_nudge(chat: Chat, repo: Repository, clock: FakeClock) -> Reply:
    """The evening before the round: what the scheduler delivers."""
    sender = RecordingSender()
    clock.set(datetime(2026, 11, 30, 18, 0, tzinfo=LONDON))
    asyncio.run(Scheduler(repo, chat.engine, clock, {"console": sender}).tick())
    [prep] = [r for r in sender.sent if "round for the backend role" in r.text]
    chat.last = [prep]  # pressing its button as the user would
    return prep


STORY = ("Last year at my café job the card machine broke on a busy Saturday. I set up a cash "
         "queue, rang the supplier and kept the regulars posted. In the end we lost almost no "
         "sales, and the owner made my queue the plan for next time.")


def test_the_preparation_nudge_starts_a_practice_of_that_round(
        chat: Chat, repo: Repository, clock: FakeClock) -> None:
    book(chat, clock)
    prep = prep_nudge(chat, repo, clock)
    assert "Your second round for the backend role at Acme is on Tue 1 Dec, 10:30" in prep.text
    assert "I'll ask three questions a second round often brings" in prep.text
    assert "play HR" not in prep.text
    assert prep.button_labels[0] == "Practise the interview"

    chat.press("Practise the interview")
    assert "Let's practise your second round for the backend role at Acme." in chat.text
    assert "You've dialled" not in chat.text  # not the HR call's role-play
    assert "Question 1 of 3" in chat.text
    assert "\"What do you know about Acme, and why do you want to work here?\"" in chat.text
    assert chat.labels == ["Skip this one", "Stop"]

    chat.say("I've followed Acme's move into payments for a year, and their engineering blog "
             "on moving to event-driven services is exactly the backend work I've been doing "
             "at my current job. I'd bring three years of Python and queue design, and I'd "
             "like to learn how a team that size runs it.")
    assert "Feedback on answer 1" in chat.text
    assert "✓ You named Acme." in chat.text
    assert "✓ You tied it to your own experience." in chat.text
    assert "A strong answer" in chat.text
    assert "A model answer, in outline:" in chat.text
    assert "Question 2 of 3" in chat.text
    assert "Tell me about a time you disagreed with a colleague or a manager" in chat.text

    chat.say(STORY)
    assert "Feedback on answer 2" in chat.text
    assert "✓ You gave a specific example." in chat.text
    assert "✓ You said what you did yourself." in chat.text
    assert "Situation: where and when, in one sentence." in chat.text
    assert "Question 3 of 3" in chat.text and "What questions do you have for the team?" \
        in chat.text

    chat.say("Salary?")
    assert "Feedback on answer 3" in chat.text
    assert "Save pay, holidays and perks for when there's an offer" in chat.text
    assert "\"When can I expect to hear from you?\"" in chat.text
    summary = chat.last[-1].text
    assert "Practice done. You answered 3 of 3" in summary
    assert "Worth one more go out loud: your question for them." in summary
    assert "Your second round: Tue 1 Dec, 10:30." in summary
    assert "To prepare: what Acme has done lately" in summary
    assert chat.labels == ["Practise again"]
    assert repo.get_dialog(KEY) is None
    # Phone-sized: no reply of the practice runs past a dozen lines.
    assert all(r.text.count("\n") < 12 for r in chat.last)


@pytest.mark.parametrize("typed", ["prep me for the final round", "practise for the interview",
                                   "mock interview", "rehearse"])
def test_asked_for_in_words_with_a_final_round_booked(
        chat: Chat, clock: FakeClock, typed: str) -> None:
    book(chat, clock, FINAL)
    chat.say(typed)
    assert "Let's practise your final round for the backend role at Acme." in chat.text
    assert "\"Why should Acme choose you for the backend position?\"" in chat.text
    chat.press("Stop")
    assert "Practice stopped — nothing saved." in chat.text


def test_a_round_asked_for_by_name_when_another_is_booked(chat: Chat, clock: FakeClock) -> None:
    book(chat, clock)
    chat.say("prep me for the final round")
    assert "Let's practise your final round for the backend role at Acme." in chat.text
    assert "Why should Acme choose you" in chat.text


def test_rehearse_is_the_call_when_no_round_is_ahead(chat: Chat) -> None:
    log_screen(chat)
    chat.say("rehearse")
    assert "Let's rehearse the call about the backend role at Acme" in chat.text


def test_cancel_midway_keeps_nothing(chat: Chat, repo: Repository, clock: FakeClock) -> None:
    book(chat, clock)
    before = the_one(repo).to_dict()
    prep_nudge(chat, repo, clock)
    chat.press("Practise the interview")
    chat.say(STORY)
    assert "Question 2 of 3" in chat.text
    skip_later = chat.last
    chat.say("cancel")
    assert "Cancelled — I didn't save anything from that." in chat.text
    assert repo.get_dialog(KEY) is None
    assert the_one(repo).to_dict() == before
    chat.last = skip_later
    chat.press("Skip this one")
    assert "That practice has already ended" in chat.text


def test_a_one_word_answer_gets_useful_feedback(chat: Chat, repo: Repository,
                                                clock: FakeClock) -> None:
    book(chat, clock)
    prep_nudge(chat, repo, clock)
    chat.press("Practise the interview")
    chat.say("money")
    assert "Very short (1 word). Aim for about a minute out loud" in chat.text
    assert "Name Acme and one specific thing about it" in chat.text
    assert "Leave pay and perks out of this one: lead with the work." in chat.text
    assert "1. One specific thing about Acme you like" in chat.text
    assert "A strong answer" not in chat.text
    assert "Question 2 of 3" in chat.text


def test_a_button_from_an_earlier_question_changes_nothing(
        chat: Chat, repo: Repository, clock: FakeClock) -> None:
    book(chat, clock)
    prep_nudge(chat, repo, clock)
    chat.press("Practise the interview")
    first = chat.last
    chat.say("dunno")
    assert "Not sure is fine" in chat.text and "Question 2 of 3" in chat.text
    chat.last = first
    chat.press("Skip this one")
    assert "That button is from an earlier question" in chat.text
    assert "Question 2 of 3" in chat.text


def test_the_booked_round_reply_offers_the_practice(chat: Chat, clock: FakeClock) -> None:
    book(chat, clock)
    chat.press("Practise now")
    assert "Let's practise your second round for the backend role at Acme." in chat.text


GLOBEX = ("I just had an interview with Sam Lee at Globex for the data role, they said they'd "
          "let me know by Friday. HR will tell me")


def test_rehearse_is_the_call_while_a_call_is_near(chat: Chat, clock: FakeClock) -> None:
    book(chat, clock)  # Acme's second round: Tue 1 Dec
    clock.set(datetime(2026, 11, 26, 11, 0, tzinfo=LONDON))
    chat.say(GLOBEX)  # Globex's call: the working day after Friday, Mon 30 Nov
    chat.press("No")
    clock.set(datetime(2026, 11, 28, 12, 0, tzinfo=LONDON))
    chat.say("rehearse")
    assert "Which interview's call shall we rehearse?" in chat.text
    chat.say("cancel")
    chat.say("mock interview")  # the interview, said in words: the round ahead
    assert "Let's practise your second round for the backend role at Acme." in chat.text


def test_several_rounds_ahead_ask_which(chat: Chat, clock: FakeClock) -> None:
    book(chat, clock)  # Acme's second round: Tue 1 Dec
    chat.say(GLOBEX)
    chat.press("No")
    chat.say("They invited me to a final round with Globex next Wednesday at 14:00")
    assert "Added your final round to the data role at Globex" in chat.text
    chat.say("rehearse")
    assert "Which one shall we practise for?" in chat.text
    assert chat.labels == ["second round: Acme", "final round: Globex",
                           "The follow-up call instead"]
    chat.press("final round: Globex")
    assert "Let's practise your final round for the data role at Globex." in chat.text
    chat.say("cancel")
    chat.say("practise for the Acme interview")
    assert "Let's practise your second round for the backend role at Acme." in chat.text


def test_check_this_during_a_practice_proofreads_and_asks_the_question_again(
        chat: Chat, repo: Repository, clock: FakeClock) -> None:
    book(chat, clock)
    prep_nudge(chat, repo, clock)
    chat.press("Practise the interview")
    chat.say("check this: your welcome to the team, it was a honour")
    assert "Checked your text." in chat.text and "a honour" in chat.text
    assert "Feedback on answer 1" not in chat.text and "Question 1 of 3" in chat.text
