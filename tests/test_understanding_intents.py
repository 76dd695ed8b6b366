"""Follow-ups in forms a fresh set of messages showed were missed (issue 13): feelings said
without the usual words, "news?" alone, a stats question in percentages, a removal asked
politely, an offer said as "they said yes", a typo that swaps two letters, a thank-you the user
is not sure they sent, and an intent model that may not invent a date. Sentences written for
these tests."""

from __future__ import annotations

import pytest

from bot.core import features
from bot.core.language.facts import read_follow_up
from bot.core.language.journey import removal_target
from tests.conftest import LONDON, START


def intent(text: str) -> str:
    return read_follow_up(text, START, LONDON)


@pytest.mark.parametrize("text", [
    "kinda losing hope with all these applications tbh",
    "i dont think im qualified enough for the Pemberton role honestly",
    "is it normal to feel this anxious a week later",
    "I am so stupid, I forgot to ask them any questions at the end",
    "my head is racing since the call, I keep replaying it",
])
def test_worry_in_other_words_is_a_feeling(text: str) -> None:
    assert intent(text) == "feeling"


@pytest.mark.parametrize(("text", "expected"), [
    ("news?", "news"),
    ("what share of my applications got an answer", "stats"),
    ("how many rejections have I had so far", "stats"),
    ("Pemberton said yes!!!", "outcome_offer"),
    ("got the 'unfortunately' email from Pemberton this morning", "outcome_rejected"),
    ("I've been waitlisted by Pemberton", "outcome_standby"),
    ("what stage am I at with Pemberton", "status"),
    ("who did I speak to at Pemberton again?", "status"),
    ("let's write the thank you note now", "draft_thank_you"),
    ("is Thursday too early to send Pemberton a follow-up?", "contact"),
])
def test_follow_ups_in_more_forms(text: str, expected: str) -> None:
    assert intent(text) == expected


def test_a_thank_you_the_user_is_not_sure_of_is_not_recorded_as_sent() -> None:
    assert intent("where am I with Pemberton? can't remember if I sent the thank you") \
        != "thank_you_sent"


def test_no_new_date_without_a_date() -> None:
    assert intent("pemberton replied: no decision yet, they'll be in touch") == "outcome_waiting"


@pytest.mark.parametrize(("text", "target"), [
    ("could you take pemberton off the list", "pemberton"),
    ("get rid of the Pemberton entry, it's a duplicate", "Pemberton"),
    ("take a break", None), ("take me off the list", None),
])
def test_removal_asked_in_more_words(text: str, target: str | None) -> None:
    assert removal_target(text) == target


def test_a_swap_of_two_letters_wins_a_tie() -> None:
    assert features.suggest_command("/stast") == "stats"


@pytest.mark.parametrize(("text", "expected"), [
    ("Nada. Zilch. Why do companies go quiet like this", "news"),
    ("had the call from Pemberton, it's a naw", "outcome_rejected"),
    ("can't stop replaying the interview and cringing at my answers", "feeling"),
    ("honestly so tired of this", "feeling"),
    ("I'd like to write to Pemberton to say I'm still keen. Good idea?", "contact"),
    ("Show me Pemberton", "status"),
    ("Tomorrow I have the HR interview with Pemberton, last step they said", "upcoming"),
])
def test_more_follow_up_forms(text: str, expected: str) -> None:
    assert intent(text) == expected


def test_a_removal_with_please_and_a_reason() -> None:
    assert removal_target("Delete the Pemberton application please, it was a duplicate") == \
        "Pemberton"


@pytest.mark.parametrize(("text", "expected"), [
    ("my stomach drops every time my phone lights up", "feeling"),
    ("hands still shaking, that final round took everything out of me", "feeling"),
    ("burnt out from all this interviewing, don't have another one in me", "feeling"),
    ("got the thanks-but-no-thanks email from Pemberton Homes", "outcome_rejected"),
    ("wasn't successful at the final stage with Pemberton. so close", "outcome_rejected"),
    ("Pemberton: position filled. Me: 🥲", "outcome_rejected"),
    ("got knocked back by Pemberton", "outcome_rejected"),
    ("Would a quick phone call to Pemberton be out of order at this stage?", "contact"),
    ("Can I send the Pemberton recruiter a quick WhatsApp or is that too casual?", "contact"),
    ("chase pemberton y/n", "contact"),
    ("Can you tell me what the next step is for Pemberton", "status"),
    ("is Pemberton still live or did that fizzle out?", "status"),
    ("did Pemberton ever get back to me?", "news"),
    ("thank you email draft for the second round at Pemberton plz", "draft_thank_you"),
    ("help me thank them, something not too cringe", "draft_thank_you"),
    ("Just back from the onsite at Pemberton. Met the whole team. Exhausted.", "report"),
])
def test_hard_follow_ups(text: str, expected: str) -> None:
    assert intent(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("heads up: the Pemberton assessment centre is Monday", "upcoming"),
    ("Pemberton second interview is in two weeks' time", "upcoming"),
    ("Pemberton round 2 done ✔️", "report"),
    ("Pemberton have offered it to someone else first but they're keeping me in reserve",
     "outcome_standby"),
    ('Got an email from Pemberton: "still reviewing applications". whatever that means',
     "outcome_waiting"),
    ("Pemberton got back to me. Nothing final, they're weighing up the last two of us",
     "outcome_waiting"),
    ("appreciation note dispatched to Pemberton 📨", "thank_you_sent"),
    ('"we are pleased to offer you the position of Warehouse Supervisor" from Pemberton!!',
     "outcome_offer"),
    ("gave Pemberton a bell, no one about", "outcome_no_answer"),
    ("They moved it AGAIN. Now it's the 11th of December. Honestly I'm so tired of waiting.",
     "new_date"),
])
def test_outcomes_dates_and_rounds_in_more_forms(text: str, expected: str) -> None:
    assert intent(text) == expected


@pytest.mark.parametrize("text", [
    "still nothing from Pemberton and I'm so anxious",
    "no reply from Pemberton yet, my stomach's in knots",
])
def test_fretting_that_no_news_came_is_a_news_question(text: str) -> None:
    assert intent(text) == "news"


def test_worry_without_waiting_is_still_a_feeling() -> None:
    assert intent("my stomach's in knots about the whole thing") == "feeling"


@pytest.mark.parametrize(("text", "expected"), [
    # notes headed with their application, or "jot this down for …"
    ("For Pemberton: parking is behind the building, bring ID", "note"),
    ("jot this down for Pemberton - they use Python and Go", "note"),
    ("For Pemberton: rejected, sadly", "outcome_rejected"),
    # removal said another way
    ("stop tracking Pemberton for me", "remove"),
    ("please get rid of the Pemberton entry, I put it in twice", "remove"),
    # a no in soft words; a decision not reached yet
    ("lovely feedback from Pemberton but not this time", "outcome_rejected"),
    ("Pemberton wrote that they have not yet reached a decision", "outcome_waiting"),
    # someone else declining is no withdrawal of the user's
    ("I'm Pemberton's second choice; if their first pick declines I get it", "outcome_standby"),
    # contact said with "worth" or as a nudge to send after a round
    ("is it worth ringing Pemberton again or will that annoy them", "contact"),
    ("I want to send a gentle nudge to Pemberton, nothing since the final round", "contact"),
    # news asked in more words; a sleepless night
    ("is there any news for me from Pemberton yet", "news"),
    ("did any updates come in from Pemberton today?", "news"),
    ("another sleepless night thinking about that panel", "feeling"),
    ("thank u mail to Pemberton is out", "thank_you_sent"),
    # questions on things Hearback does not coach
    ("what does a 'strengths-based interview' mean?", "other"),
    ("should I wear a blazer to the Pemberton final or is that too much?", "other"),
    ("if Pemberton offers 40k should I negotiate?", "other"),
    # a text to check after an arrow or ">>"
    ("is this ok to send? >> Hi Dana, any update on the analyst role? Thanks, Sam", "check"),
])
def test_follow_ups_a_fresh_set_showed(text: str, expected: str) -> None:
    assert intent(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # news said as a complaint, after a round, or ending in "nothing."
    ("ten days since my final round at Pemberton and not a peep", "news"),
    ("inbox still empty. day 9 with Pemberton", "news"),
    ("three weeks. not even a rejection from Pemberton", "news"),
    ("Pemberton said they'd let me know by monday. it's wednesday. nothing.", "news"),
    ("still waiting on Pemberton... nothing in my inbox, nothing on the portal", "news"),
    ("is there any news on the dental practice job or do I just sit tight", "news"),
    # status asked about what was logged
    ("did I log the Pemberton second round? where is that one at", "status"),
    # outcomes in more words
    ("well that's a no from Pemberton", "outcome_rejected"),
    ("Pemberton have filled the barista position, oh well", "outcome_rejected"),
    ("HR emailed: the role has been offered to another candidate", "outcome_rejected"),
    ("the shop gave it to the manager's cousin apparently", "outcome_rejected"),
    ("I wasn't the right 'culture fit' for Pemberton, whatever that means", "outcome_rejected"),
    ("the owner said she needs a few more days to think about it", "outcome_waiting"),
    ("recruiter says I'm the back-up if their pick falls through", "outcome_standby"),
    ("tried the Pemberton switchboard, all lines are busy and then it cuts me off",
     "outcome_no_answer"),
    ("contract arrived from Pemberton this morning and I signed it", "outcome_offer"),
    ("the manager texted 'you're hired, see you monday'", "outcome_offer"),
    # contact, stats, help, removal
    ("how long do I wait before chasing Pemberton", "contact"),
    ("what's my application-to-interview rate?", "stats"),
    ("can you help with anything apart from interviews?", "help"),
    ("take Pemberton off please", "remove"),
    # feelings said another way
    ("I shouldn't have worn trainers to that one, what was I thinking", "feeling"),
    ("trying to stay positive but it's hard today", "feeling"),
])
def test_follow_ups_a_second_fresh_set_showed(text: str, expected: str) -> None:
    assert intent(text) == expected


def test_asking_whether_an_interview_was_logged_is_a_status_question() -> None:
    assert intent("did I log the Pemberton one?") == "status"
