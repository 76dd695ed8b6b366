"""Rehearsing the call (step 5) through the engine: the bot plays HR, the user answers."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.coaching import rehearsal
from bot.core.contract.clock import FakeClock
from bot.core.contract.messages import Incoming, Reply
from bot.core.contract.models import Dialog
from bot.core.contract.ports import Repository
from bot.core.engine import Engine
from storage import ShardedRepository, open_repository
from tests.conftest import Chat, log_interview, nudges_of

KEY = "console:u1"

OPENING = ("Hello, this is Priya Shah. I interviewed for the backend role on Wednesday with "
           "Jane Doe, and I'm calling to ask whether there's any news on a decision.")
# A good answer to each situation, in the rehearsal's order.
GOOD = {
    "The call opens": OPENING,
    "Still waiting on the team": "Of course, thank you for checking. Could you let me know when "
                                 "you expect to hear back from them?",
    "They don't remember you": "No problem! This is Priya Shah, I interviewed for the backend "
                               "role last Wednesday with Jane Doe.",
    "You're on standby": "Thank you for telling me. I'm still very interested in the role — "
                         "could you let me know when you expect to hear from them?",
    "Not selected": "That's a shame, but thank you for letting me know. Could you share any "
                    "feedback on my interview? Please keep me in mind for future roles.",
    "You're selected": "That's wonderful news, thank you so much! I'm delighted. What are the "
                       "next steps?",
}


def dialog(repo: Repository, key: str = KEY) -> Dialog:
    d = repo.get_dialog(key)
    assert d is not None and d.flow == rehearsal.FLOW
    return d


def start_acme(chat: Chat, name: str | None = None) -> None:
    if name:
        chat.engine.handle(Incoming("console", chat.user, chat.user, text="hi",
                                    display_name=name))
    log_interview(chat)
    chat.say("rehearse")


def choose(chat: Chat, title: str) -> None:
    chat.press("Choose scenario")
    n = list(GOOD).index(title) + 1
    chat.press(f"{n}. {title}")
    assert f"Situation {n} of 6: {title}" in chat.text


def offer(chat: Chat, repo: Repository) -> Reply:
    nudge = next(n for n in nudges_of(repo) if n.kind == "rehearsal_offer")
    rendered = chat.engine.render_nudge(nudge)
    assert rendered is not None
    return rendered


# -- starting -----------------------------------------------------------------------------------
def test_rehearse_starts_with_the_opening_for_the_one_open_interview(
    chat: Chat, repo: Repository
) -> None:
    start_acme(chat)
    assert "Let's rehearse the call about the backend role at Acme" in chat.text
    assert "Situation 1 of 6: The call opens" in chat.text
    # The call is planned for 10:00: HR answers as they would then.
    assert "Alex (HR): \"Good morning, Acme, Alex speaking. How can I help?\"" in chat.text
    assert chat.labels == ["Skip this one", "Choose scenario", "Stop"]
    d = dialog(repo)
    assert d.step == "ask" and d.data["at"] == "o"
    assert d.data["iv"] == repo.interviews_for(KEY)[0].id


def test_the_evening_before_offer_carries_a_button_that_starts_it(
    chat: Chat, repo: Repository
) -> None:
    log_interview(chat)
    chat.last = [offer(chat, repo)]
    assert "Tomorrow is call day" in chat.text
    assert chat.labels == ["Rehearse the call"]
    chat.press("Rehearse the call")
    assert "Let's rehearse the call about the backend role at Acme" in chat.text
    assert "Situation 1 of 6" in chat.text
    first = dialog(repo)
    # Pressed again mid-rehearsal: it carries on rather than starting over.
    chat.say(OPENING)
    chat.last = [offer(chat, repo)]
    chat.press("Rehearse the call")
    assert "already rehearsing" in chat.text
    assert "Next scenario" in chat.labels
    again = dialog(repo)
    assert again.data["sess"] == first.data["sess"] and again.data["answered"] == ["o"]


def test_the_offer_button_for_a_closed_interview_explains(
    chat: Chat, repo: Repository
) -> None:
    log_interview(chat)
    button = offer(chat, repo)
    chat.say("outcome")
    chat.press("Selected 🎉")
    chat.press("They didn't say")  # the offer stage's deadline question
    chat.last = [button]
    chat.press("Rehearse the call")
    assert "already closed" in chat.text
    assert repo.get_dialog(KEY) is None


def test_with_no_interviews_it_rehearses_a_generic_one(
    chat: Chat, repo: Repository
) -> None:
    chat.say("/rehearse")
    assert "no open interviews" in chat.text
    assert "\"the position\"" in chat.text
    chat.say("Hello, I'm calling about my interview")
    assert "the position" in chat.text  # the role tip and the model answer
    assert dialog(repo).data["iv"] == ""


def test_with_several_open_interviews_it_asks_which(
    chat: Chat, repo: Repository
) -> None:
    log_interview(chat)
    chat.say("I just had an interview at Globex for the analyst role with Raj Patel. "
             "They didn't say. HR will tell me")
    chat.press("No")
    chat.say("rehearse")
    assert "Which interview's call shall we rehearse?" in chat.text
    assert chat.labels == ["1. backend role at Acme", "2. analyst role at Globex",
                           "A general practice", "Stop"]
    picker = chat.last
    chat.say("2")
    assert "the analyst role at Globex" in chat.text
    assert "Globex, Alex speaking" in chat.text
    # The picker is stale now: pressing it changes nothing.
    chat.last = picker
    chat.press("1. backend role at Acme")
    assert "earlier step" in chat.text
    globex = next(iv for iv in repo.interviews_for(KEY) if iv.company == "Globex")
    assert dialog(repo).data["iv"] == globex.id


def test_rehearse_with_a_company_name_picks_that_interview(chat: Chat) -> None:
    log_interview(chat)
    chat.say("I just had an interview at Globex for the analyst role with Raj Patel. "
             "They didn't say. HR will tell me")
    chat.press("No")
    chat.say("/rehearse globex")
    assert "the analyst role at Globex" in chat.text


# -- feedback -----------------------------------------------------------------------------------
def test_a_good_answer_gets_praise_and_no_tips(chat: Chat, repo: Repository) -> None:
    start_acme(chat, name="Priya Shah")
    chat.say(OPENING)
    text = chat.text
    assert "What worked" in text
    for praise in ("You opened with a greeting.", "You said who you are.", "You named the role.",
                   "You said when you interviewed", "You said why you're calling.",
                   "You kept a calm, friendly tone."):
        assert praise in text
    assert "To make it stronger" not in text
    assert "Keep it calm" not in text
    assert "strong answer" in text
    assert chat.labels == ["Next scenario", "Try again", "Choose scenario", "Stop"]
    assert dialog(repo).data["good"] == ["o"]


@pytest.mark.parametrize("title", list(GOOD))
def test_each_situation_has_a_good_answer_that_passes(
    chat: Chat, repo: Repository, title: str
) -> None:
    start_acme(chat, name="Priya Shah")
    choose(chat, title)
    chat.say(GOOD[title])
    assert "strong answer" in chat.text, chat.text
    assert "To make it stronger" not in chat.text


@pytest.mark.parametrize("answer, quoted", [
    ("WHY HAVEN'T YOU CALLED ME?? You promised I'd hear by Friday!", "You promised"),
    ("Why haven't you decided yet? This is ridiculous.", "ridiculous"),
    ("I need an answer today. Thanks.", "I need an answer today"),
    ("You people kept me waiting for a week, let me know when.", "kept me waiting"),
])
def test_a_rude_or_pushy_answer_gets_calm_down_feedback(
    chat: Chat, repo: Repository, answer: str, quoted: str
) -> None:
    start_acme(chat)
    choose(chat, "Still waiting on the team")
    chat.say(answer)
    assert "Keep it calm." in chat.text
    assert f"\"{quoted}\"" in chat.text
    assert "You kept a calm, friendly tone." not in chat.text
    assert "strong answer" not in chat.text
    assert "w" not in dialog(repo).data["good"]


def test_arguing_with_a_rejection_is_flagged(chat: Chat) -> None:
    start_acme(chat)
    choose(chat, "Not selected")
    chat.say("Are you sure? That's unfair, thank you anyway, any feedback?")
    assert "Keep it calm." in chat.text
    assert "argues with a decision" in chat.text


def test_joy_is_not_mistaken_for_shouting(chat: Chat) -> None:
    start_acme(chat)
    choose(chat, "You're selected")
    chat.say("Wow, thank you!!! I'm thrilled and can start immediately. What are the next steps "
             "with HR?")
    assert "Keep it calm" not in chat.text
    assert "strong answer" in chat.text


def test_a_missing_self_introduction_is_pointed_out(chat: Chat) -> None:
    start_acme(chat, name="Priya Shah")
    choose(chat, "They don't remember you")
    chat.say("I'm calling about my application, I was hoping there's news.")
    text = chat.text
    assert "To make it stronger" in text
    assert "Say who you are: \"This is Priya Shah.\"" in text
    assert "Say which role you interviewed for — the backend" in text
    assert "with Jane Doe" in text  # when and with whom helps them find you
    assert "You said why you're calling." in text


def test_naming_only_the_position_is_asked_to_be_specific(chat: Chat) -> None:
    start_acme(chat)
    chat.say("Hello, this is Priya. I interviewed for the position on Monday with Jane, any "
             "news?")
    assert "You mentioned the role — now name it: the backend" in chat.text


def test_missing_thanks_and_timeline_are_suggested(chat: Chat) -> None:
    start_acme(chat)
    choose(chat, "Still waiting on the team")
    chat.say("Okay, I will wait then.")
    assert "Thank them" in chat.text
    assert "Ask when you can expect an update" in chat.text
    assert "You kept a calm, friendly tone." in chat.text


def test_the_model_answer_is_written_for_this_interview(chat: Chat) -> None:
    start_acme(chat, name="Priya Shah")
    chat.say("hmm, hello there, good to talk")
    model = chat.text.split("A model answer")[1]
    for fact in ("Priya Shah", "the backend", "Jane Doe", "Alex"):
        assert fact in model
    choose(chat, "You're selected")
    chat.say("oh nice thank you")
    assert "the team at Acme" in chat.text.split("A model answer")[1]


def test_without_a_display_name_the_model_answer_leaves_a_slot(chat: Chat) -> None:
    start_acme(chat)
    chat.say("hello, any news about the job?")
    assert "this is (your full name)" in chat.text


# -- moving through the situations --------------------------------------------------------------
def test_all_situations_are_reachable_one_after_another(
    chat: Chat, repo: Repository
) -> None:
    start_acme(chat, name="Priya Shah")
    titles = list(GOOD)
    for n, title in enumerate(titles, 1):
        assert f"Situation {n} of 6: {title}" in chat.text
        chat.say(GOOD[title])
        assert "strong answer" in chat.text
        if n < len(titles):
            chat.press("Next scenario")
    assert "That was the last situation" in chat.text
    assert chat.labels == ["Try again", "Choose scenario", "Finish"]
    chat.press("Finish")
    assert "Rehearsal done. You practised 6 of 6 situations, with a strong answer in 6." \
        in chat.text
    assert "Priya Shah" in chat.text  # the opening line to keep in front of you
    assert repo.get_dialog(KEY) is None


def test_skipped_situations_come_back_at_the_end(chat: Chat, repo: Repository) -> None:
    start_acme(chat)
    chat.press("Skip this one")
    assert "Situation 2 of 6" in chat.text
    chat.say("next")
    assert "Situation 3 of 6" in chat.text
    for title in list(GOOD)[2:]:
        chat.say(GOOD[title])
        chat.press("Next scenario")
    assert "Situation 1 of 6" in chat.text  # the skipped ones, in order
    chat.say(OPENING)
    chat.press("Next scenario")
    assert "Situation 2 of 6" in chat.text
    chat.say(GOOD["Still waiting on the team"])
    assert "Finish" in chat.labels


def test_try_again_repeats_the_line_and_a_better_answer_counts(
    chat: Chat, repo: Repository
) -> None:
    start_acme(chat)
    choose(chat, "Still waiting on the team")
    chat.say("ok I'll wait")
    assert "To make it stronger" in chat.text
    chat.press("Try again")
    assert "Once more" in chat.text
    assert "still waiting to hear back from operations" in chat.text
    chat.say(GOOD["Still waiting on the team"])
    assert "strong answer" in chat.text
    # Typing straight after feedback is another try too.
    chat.say("Thanks. Could you let me know when you expect an update, please?")
    assert "strong answer" in chat.text
    assert dialog(repo).data["good"] == ["w"]


def test_i_dont_know_gets_the_model_answer_and_the_same_line(chat: Chat) -> None:
    start_acme(chat)
    chat.say("I don't know")
    assert "Here's one way to say it" in chat.text
    assert "Situation 1 of 6: The call opens" in chat.text


def test_stop_summarises_and_later_presses_say_it_ended(
    chat: Chat, repo: Repository
) -> None:
    start_acme(chat)
    chat.say("Hello, this is Priya calling about the backend role, any news?")
    feedback = chat.last
    chat.press("Stop")
    assert "Rehearsal done. You practised 1 of 6" in chat.text
    assert "Worth one more run before the call: the call opens." in chat.text
    assert repo.get_dialog(KEY) is None
    chat.last = feedback
    chat.press("Next scenario")
    assert "already ended" in chat.text
    assert chat.labels == ["Rehearse again"]
    assert repo.get_dialog(KEY) is None
    chat.press("Rehearse again")
    assert "Situation 1 of 6" in chat.text


def test_stop_before_any_answer(chat: Chat, repo: Repository) -> None:
    start_acme(chat)
    chat.press("Stop")
    assert "Rehearsal stopped" in chat.text
    assert repo.get_dialog(KEY) is None


# -- buttons that must not change anything ------------------------------------------------------
def test_a_stale_button_changes_nothing(chat: Chat, repo: Repository) -> None:
    start_acme(chat)
    first_line = chat.last
    chat.say(OPENING)
    chat.press("Next scenario")
    before = dialog(repo).to_dict()
    for label in ("Skip this one", "Stop", "Choose scenario"):
        chat.last = first_line
        chat.press(label)
        assert "earlier step of the rehearsal, so I left it alone" in chat.text
        assert "Situation 2 of 6" in chat.text  # where we really are
        assert dialog(repo).to_dict() == before


def test_a_button_from_an_earlier_rehearsal_changes_nothing(
    chat: Chat, repo: Repository
) -> None:
    start_acme(chat)
    old = chat.last
    chat.say("cancel")
    chat.say("rehearse")
    chat.press("Skip this one")
    before = dialog(repo).to_dict()
    chat.last = old
    chat.press("Skip this one")
    assert "earlier step" in chat.text
    assert dialog(repo).to_dict() == before


def test_another_user_cannot_press_my_rehearsal_buttons(
    chat: Chat, repo: Repository
) -> None:
    start_acme(chat)
    before = dialog(repo).to_dict()
    mallory = Chat(chat.engine, user="u2")
    mallory.last = chat.last
    mallory.press("Skip this one")
    assert "belongs to someone else" in mallory.text
    assert dialog(repo).to_dict() == before
    assert repo.get_dialog("console:u2") is None
    # A forged payload in mallory's name pointing at my interview is refused too.
    iv = repo.interviews_for(KEY)[0]
    replies = chat.engine.handle(Incoming("console", "u2", "u2", button=f"hb1|rh|u2|{iv.id}|o"))
    assert "isn't in your list" in replies[0].text
    assert repo.get_dialog("console:u2") is None


@pytest.mark.parametrize("arg", ["", "zz", "n", "n:xx", "pq:0:0", "g:0:0"])
def test_odd_rehearsal_payloads_get_a_reply_and_change_nothing(
    chat: Chat, repo: Repository, arg: str
) -> None:
    start_acme(chat)
    before = dialog(repo).to_dict()
    replies = chat.engine.handle(Incoming("console", "u1", "u1", button=f"hb1|rh|u1||{arg}"))
    assert replies and replies[0].text
    assert dialog(repo).to_dict() == before


def test_buttons_fit_telegram_with_a_long_user_id(engine: Engine) -> None:
    chat = Chat(engine, user="U" + "7" * 19, platform="slack")
    log_interview(chat)
    chat.say("rehearse")
    chat.press("Choose scenario")
    assert len(chat.labels) == 7
    for r in chat.last:
        for b in (b for row in r.buttons for b in row):
            assert len(b.payload.encode()) <= 64


# -- bad answers --------------------------------------------------------------------------------
@pytest.mark.parametrize("text", ["asdf", "ok", "🙂🙂🙂", "asdfgh qwerty zxcvb", "...", "12345"])
def test_nonsense_or_very_short_answers_get_a_kind_nudge(
    chat: Chat, repo: Repository, text: str
) -> None:
    start_acme(chat)
    choose(chat, "You're on standby")
    before = dialog(repo).data["at"]
    chat.say(text)
    assert "couldn't find a sentence there" in chat.text
    assert "Situation 4 of 6: You're on standby" in chat.text  # the same line again
    d = dialog(repo)
    assert d.step == "ask" and d.data["at"] == before and d.data["answered"] == []


def test_an_empty_message_shows_the_same_line(chat: Chat) -> None:
    start_acme(chat)
    chat.say("   ")
    assert "empty message" in chat.text
    assert "Situation 1 of 6: The call opens" in chat.text


def test_a_rambling_answer_is_asked_to_be_shorter(chat: Chat) -> None:
    start_acme(chat)
    chat.say("Hello, this is Priya about the backend role from Wednesday, any news? " * 8)
    assert "Keep it shorter" in chat.text


# -- the engine around it -----------------------------------------------------------------------
def test_help_list_and_cancel_work_mid_rehearsal(chat: Chat, repo: Repository) -> None:
    start_acme(chat)
    line = chat.last
    chat.say("help")
    assert "What I can do" in chat.text
    assert "Situation 1 of 6" in chat.text
    chat.say("list")
    assert "backend role at Acme" in chat.text
    assert "Situation 1 of 6" in chat.text
    assert dialog(repo).step == "ask"
    chat.say("cancel")
    assert "Cancelled" in chat.text
    assert repo.get_dialog(KEY) is None
    chat.last = line
    chat.press("Skip this one")
    assert "already ended" in chat.text


def test_a_restart_mid_rehearsal_carries_on(
    chat: Chat, sharded: ShardedRepository, clock: FakeClock, tmp_path: Path
) -> None:
    start_acme(chat)
    chat.say(OPENING)
    chat.press("Next scenario")
    buttons_before = chat.last
    sharded.close()
    reopened = open_repository(tmp_path / "data")
    try:
        engine = Engine(reopened, clock, default_timezone="Europe/London")
        resumed = engine.resume(Incoming("console", "u1", "u1"))
        assert "Situation 2 of 6: Still waiting on the team" in resumed[0].text
        again = Chat(engine)
        again.last = buttons_before
        again.press("Choose scenario")  # buttons from before the restart still work
        assert "Which situation" in again.text
        again.press("2. Still waiting on the team")
        again.say(GOOD["Still waiting on the team"])
        assert "strong answer" in again.text
        d = reopened.get_dialog(KEY)
        assert d is not None and d.data["answered"] == ["o", "w"]
    finally:
        reopened.close()


def test_a_new_command_leaves_the_rehearsal(chat: Chat, repo: Repository) -> None:
    start_acme(chat)
    chat.say("/outcome")
    assert repo.get_dialog(KEY) is None
    assert "How did it go" in chat.text


# -- the judge on its own -----------------------------------------------------------------------
def _facts() -> rehearsal.Facts:
    return rehearsal.Facts(name="Priya Shah", role="the backend role", role_words=("backend",),
                           company="IBM", interviewer="Jane Doe", when="on Monday 23 November",
                           hr="Alex", name_words=("priya", "shah"))


@pytest.mark.parametrize("text", [
    "Hello, I understand. Could HR at IBM let me know when to expect news?",
    "Thanks, I'm happy to hear that, could you tell me when you expect an update?",
])
def test_acronyms_company_names_and_hello_are_not_shouting_or_swearing(text: str) -> None:
    verdict = rehearsal.judge(text, rehearsal.BY_CODE["w"], _facts())
    assert verdict.calm == []


@pytest.mark.parametrize("text, expected", [
    ("My name is Priya", True),
    ("this is priya from the interview", True),
    ("Hi, it's Tom Jones here", True),
    ("I'm calling about the job", False),
    ("This is great news", False),
    ("I'm very interested", False),
])
def test_saying_who_you_are(text: str, expected: bool) -> None:
    f = rehearsal.Facts(name=None, role="the position", role_words=(), company=None,
                        interviewer=None, when=None, hr="Alex")
    assert rehearsal.says_name(text, f) is expected
