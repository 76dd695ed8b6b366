"""Commands, free text, buttons and bad input through the engine."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bot.core.contract.clock import FakeClock
from bot.core.contract.messages import Incoming
from bot.core.contract.ports import Repository
from storage import ShardedRepository
from tests.conftest import Chat, log_interview, nudges_of

# Run on memory, TinyDB and PostgreSQL (tests/conftest.py says why these modules).
pytestmark = pytest.mark.backends


@pytest.mark.parametrize("word", ["start", "/start", "/start@HearbackBot", "hello"])
def test_start_and_greetings_welcome(chat: Chat, word: str) -> None:
    chat.say(word)
    assert "I'm Hearback" in chat.text
    assert "Log an interview" in chat.labels


@pytest.mark.parametrize("word", ["help", "/help", "HELP", "?"])
def test_help_lists_commands(chat: Chat, word: str) -> None:
    chat.say(word)
    for command in ("interview", "list", "status", "done", "cancel"):
        assert f"• {command} —" in chat.text


def test_unknown_command_and_unknown_text_get_help(chat: Chat) -> None:
    chat.say("/frobnicate now")
    assert "I don't know the command /frobnicate" in chat.text
    assert "What I can do" in chat.text
    chat.say("the weather is nice")
    # Short and kind, with three ways on, never the whole command list (issue 13).
    assert "I didn't quite get that" in chat.text
    assert "What I can do" not in chat.text
    assert chat.labels == ["Log an interview", "Where things stand", "Help"]


def test_team_commands_outside_any_channel_explain_how_to_start(chat: Chat) -> None:
    for word in ("/board", "share", "unshare"):
        chat.say(word)
        assert "team channel" in chat.text
    chat.say("digest monday 9")
    assert "channel setting" in chat.text


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_empty_message_gets_a_friendly_reply(chat: Chat, text: str) -> None:
    chat.say(text)
    assert "empty message" in chat.text


def test_huge_message_is_refused_kindly_and_loses_nothing(
    chat: Chat, repo: Repository
) -> None:
    chat.say("I had an interview")
    chat.say("x" * 100_000)
    assert "100,000 characters" in chat.text
    dialog = repo.get_dialog("console:u1")
    assert dialog is not None and dialog.step == "company"
    chat.say("Acme")
    assert "What role" in chat.text


@pytest.mark.parametrize("name", ["Ünïcödé GmbH", "שלום בע\"מ", "株式会社テスト", "Acme 🚀",
                                  "<b>Evil</b> & Co", "@channel <!here>"])
def test_odd_unicode_and_markup_are_kept_as_plain_text(
    chat: Chat, repo: Repository, name: str
) -> None:
    chat.say("I had an interview")
    chat.say(name)
    chat.say("Engineer")
    dialog = repo.get_dialog("console:u1")
    assert dialog is not None
    assert dialog.data["company"] == name.strip(" ,.;:!?\"'")
    # Spans keep user text plain: it never carries a style an adapter would render as markup.
    chat.say("Skip")
    chat.press("Just now")
    chat.press("They didn't say")
    chat.press("HR")
    chat.press("No")
    summary = chat.last[0]
    user_spans = [s for s in summary.spans if dialog.data["company"] in s.text]
    assert user_spans and all(s.style in ("plain", "bold") for s in user_spans)


def test_control_characters_are_dropped_from_facts(chat: Chat, repo: Repository) -> None:
    chat.say("I had an interview")
    chat.say("Ac\x00me\x07 Corp\u200b")
    dialog = repo.get_dialog("console:u1")
    assert dialog is not None and dialog.data["company"] == "Acme Corp"


def test_done_marks_thank_you_and_stops_its_reminders(chat: Chat, repo: Repository) -> None:
    log_interview(chat)
    offer = chat.last
    chat.press("Thank-you sent ✓")
    assert "marked sent" in chat.text
    pending = [n.kind for n in nudges_of(repo) if n.status == "pending"]
    assert not any(k.startswith("thank_you") for k in pending)
    # The same button pressed again: recognised, nothing changes.
    chat.last = offer
    chat.press("Thank-you sent ✓")
    assert "Already noted" in chat.text
    chat.say("done")
    assert "no thank-you waiting" in chat.text


def test_done_with_several_interviews_asks_which(chat: Chat, repo: Repository) -> None:
    log_interview(chat)
    chat.say("I just had an interview at Globex for the analyst role with Raj Patel. "
             "They didn't say. HR will tell me")
    chat.press("No")
    chat.say("I sent the thank-you")
    assert "Which thank-you did you send?" in chat.text
    chat.press("analyst role at Globex")
    [acme, globex] = repo.interviews_for("console:u1")
    assert globex.thank_you_sent_at is not None and acme.thank_you_sent_at is None


def test_any_news_shows_the_plan_calmly(chat: Chat) -> None:
    log_interview(chat)
    chat.say("any news??")
    assert "No news yet is normal" in chat.text
    assert "Mon 30 Nov, 10:00" in chat.text


def test_another_user_cannot_touch_my_interview(chat: Chat, repo: Repository) -> None:
    log_interview(chat)
    mallory = Chat(chat.engine, user="u2")
    mallory.last = chat.last
    mallory.press("Thank-you sent ✓")
    assert "belongs to someone else" in mallory.text
    [iv] = repo.interviews_for("console:u1")
    assert iv.thank_you_sent_at is None
    mallory.say("list")
    assert "no interviews logged yet" in mallory.text
    # A forged payload claiming to be mallory's own, but pointing at u1's interview.
    forged = f"hb1|ty|u2|{iv.id}|"
    replies = chat.engine.handle(Incoming("console", "u2", "u2", button=forged))
    assert "isn't in your list" in replies[0].text
    assert repo.interviews_for("console:u1")[0].thank_you_sent_at is None


@pytest.mark.parametrize("payload", ["garbage", "hb1|x", "hb1|zz|u1||", "hb1|ia|u1||c:x"])
def test_forged_or_broken_buttons_get_a_reply(chat: Chat, payload: str) -> None:
    replies = chat.engine.handle(Incoming("console", "u1", "u1", button=payload))
    assert replies and replies[0].text


def test_outcome_selected_closes_and_cancels_nudges(chat: Chat, repo: Repository) -> None:
    log_interview(chat)
    [iv] = repo.interviews_for("console:u1")
    prompt = chat.engine.render_nudge(next(n for n in nudges_of(repo)
                                           if n.kind == "call_prompt"))
    assert prompt is not None
    chat.last = [prompt]
    assert "Time to make the call" in chat.text
    assert "Number:" not in chat.text
    assert set(chat.labels) == {"Selected 🎉", "Still waiting", "On standby", "Not selected",
                                "No answer", "Snooze"}
    chat.press("Selected 🎉")
    assert "Congratulations" in chat.text
    assert all(n.status != "pending" for n in repo.nudges_for_interview(iv.id))
    chat.last = [prompt]
    chat.press("Not selected")
    assert "Already recorded" in chat.text


def test_outcome_not_selected_offers_a_feedback_request(
    chat: Chat, repo: Repository
) -> None:
    log_interview(chat)
    [iv] = repo.interviews_for("console:u1")
    call = next(n for n in nudges_of(repo) if n.kind == "call_prompt")
    reply = chat.engine.render_nudge(call)
    assert reply is not None
    chat.last = [reply]
    chat.press("Not selected")
    assert "feedback" in chat.text
    closed = repo.get_interview(iv.id)
    assert closed is not None and closed.status == "closed"
    assert chat.engine.render_nudge(call) is None  # a closed interview sends nothing more


def test_still_waiting_asks_new_date_and_replans(
    chat: Chat, repo: Repository, clock: FakeClock
) -> None:
    log_interview(chat)
    clock.advance(timedelta(days=5))  # Mon 30 Nov, 15:00: call day
    [iv] = repo.interviews_for("console:u1")
    call = next(n for n in nudges_of(repo) if n.kind == "call_prompt")
    reply = chat.engine.render_nudge(call)
    assert reply is not None
    chat.last = [reply]
    chat.press("Still waiting")
    assert "Did they say when you'll hear back?" in chat.text
    chat.say("by the 4th")
    assert "Updated: they'll let you know by Fri 4 Dec" in chat.text
    assert "Mon 7 Dec, 10:00 — call day" in chat.text
    updated = repo.get_interview(iv.id)
    assert updated is not None and updated.decision_by == date(2026, 12, 4)
    pending_calls = [n for n in repo.nudges_for_interview(iv.id)
                     if n.kind == "call_prompt" and n.status == "pending"]
    assert len(pending_calls) == 1


def test_a_failure_inside_a_turn_is_apologised_for_and_rolled_back(
    chat: Chat, repo: Repository, monkeypatch: pytest.MonkeyPatch
) -> None:
    chat.say("I had an interview")
    chat.say("Acme")

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(repo, "save_interview", broken)
    chat.say("Engineer")  # role answered: saved in the dialog...
    chat.say("Skip")
    chat.press("Just now")
    chat.press("They didn't say")
    chat.press("HR")
    chat.press("No")  # ...but finishing needs save_interview, which fails
    assert "something went wrong on my side" in chat.text
    monkeypatch.undo()
    dialog = repo.get_dialog("console:u1")
    assert dialog is not None and dialog.step == "agreed"  # the failed turn left no trace
    assert repo.interviews_for("console:u1") == []
    assert [n for n in nudges_of(repo)] == []
    chat.say("no")
    assert "Saved." in chat.text
    assert len(repo.interviews_for("console:u1")) == 1


def test_a_redelivered_event_is_answered_once_even_after_a_restart(
    chat: Chat, sharded: ShardedRepository
) -> None:
    from bot.core.engine import Engine
    from storage import open_repository

    msg = Incoming("telegram", "42", "42", text="I had an interview", event_id="1001")
    assert chat.engine.handle(msg) != []
    assert chat.engine.handle(msg) == []  # a retry of the same update
    data_dir = sharded.path
    sharded.close()
    again = open_repository(data_dir)
    try:
        engine = Engine(again, chat.engine.clock, "Europe/London")
        assert engine.handle(msg) == []  # redelivered after a restart
        other = Incoming("telegram", "42", "42", text="Acme", event_id="1002")
        assert "What role" in engine.handle(other)[0].text
    finally:
        again.close()


def test_a_platform_time_zone_is_used_for_a_new_user_only(
    chat: Chat, repo: Repository
) -> None:
    first = Incoming("slack", "U1", "D1", text="hello", timezone="America/New_York")
    chat.engine.handle(first)
    user = repo.get_user("slack:U1")
    assert user is not None and user.timezone == "America/New_York"
    chat.engine.handle(Incoming("slack", "U1", "D1", text="hello", timezone="Asia/Tokyo"))
    user = repo.get_user("slack:U1")
    assert user is not None and user.timezone == "America/New_York"  # settings change it
    chat.engine.handle(Incoming("slack", "U2", "D2", text="hi", timezone="Mars/Base"))
    user = repo.get_user("slack:U2")
    assert user is not None and user.timezone == "Europe/London"  # unknown: the default


def test_overview_lists_interviews_and_nothing_for_strangers(chat: Chat) -> None:
    assert chat.engine.overview("console", "u1") is None
    chat.say("I just had an interview with Jane Doe at Acme for the backend role, "
             "they said they'd let me know by Friday. HR will tell me")
    chat.press("No")
    view = chat.engine.overview("console", "u1")
    assert view is not None and "backend role at Acme" in view.text
    assert "Jane Doe" not in view.text  # no contacts on a home screen
