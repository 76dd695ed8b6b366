"""Dialogs are identifiers on disk: one saved by the version before flows kept typed state
(commit 05ce207) resumes after the upgrade, where the user was.

Each dict below is exactly what that version stored (taken from its runs): the flow name, the
step, the `data` keys and the `pending` confirmation. The dialog is stored through the
repository, the engine is asked where the user was (as an adapter does on start-up), and the
user carries on by typing and by pressing the buttons of the replies."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from bot.core.contract.messages import Incoming
from bot.core.contract.models import Dialog
from bot.core.contract.ports import Repository
from tests.conftest import Chat, log_interview

KEY = "console:u1"


def store_and_resume(chat: Chat, repo: Repository, stored: dict[str, Any]) -> None:
    """Put the old dialog on disk, then ask the engine where we were (the replies' buttons can
    be pressed next)."""
    repo.save_dialog(Dialog.from_dict(stored))
    chat.last = chat.engine.resume(Incoming("console", chat.user, chat.user))


def open_dialog(repo: Repository) -> Dialog:
    dialog = repo.get_dialog(KEY)
    assert dialog is not None
    return dialog


# -- intake -------------------------------------------------------------------------------------
def test_an_intake_saved_mid_way_asks_its_next_question_and_keeps_what_it_had(
    chat: Chat, repo: Repository
) -> None:
    chat.say("hello")  # the user exists, as they did before the upgrade
    store_and_resume(chat, repo, {
        "user_key": KEY, "flow": "intake", "step": "decision",
        "data": {"done": ["company", "role", "interviewed_at", "interviewer"],
                 "company": "Globex", "role": "backend", "interviewer": "Jane Doe",
                 "interviewer_email": "jane@globex.example",
                 "interviewed_at": "2026-11-24T15:00:00+00:00"},
        "pending": None})
    assert "We were in the middle of logging an interview:" in chat.text
    assert "Did they say when you'll hear back?" in chat.text
    assert chat.labels == ["By the end of this week", "Next week", "In two weeks",
                           "They didn't say", "Skip", "Cancel"]
    chat.press("Next week")
    assert "Who will tell you the result?" in chat.text
    assert open_dialog(repo).data["decision_by"] == "2026-12-04"
    chat.say("HR")
    chat.press("No")
    assert "Saved. Here's what I have:" in chat.text
    iv = repo.interviews_for(KEY)[0]
    assert (iv.company, iv.role, iv.interviewer, iv.interviewer_email) == (
        "Globex", "backend", "Jane Doe", "jane@globex.example")
    assert iv.interviewed_at == datetime.fromisoformat("2026-11-24T15:00:00+00:00")
    assert iv.decision_by == date(2026, 12, 4) and iv.informer == "hr"
    assert repo.get_dialog(KEY) is None


def test_an_intake_waiting_for_a_date_to_be_confirmed_offers_both_readings_again(
    chat: Chat, repo: Repository
) -> None:
    chat.say("hello")
    store_and_resume(chat, repo, {
        "user_key": KEY, "flow": "intake", "step": "decision",
        "data": {"done": ["company", "role", "interviewed_at", "interviewer"],
                 "company": "Globex", "role": "backend",
                 "interviewed_at": "2026-11-24T20:00:00+00:00"},
        "pending": {"step": "decision", "doubt": "day-month order", "value": "2026-12-04",
                    "alt": "2027-04-12"}})
    assert "Dates like that can be read two ways." in chat.text
    assert "Did you mean Fri 4 Dec or Mon 12 Apr 2027?" in chat.text
    chat.press("Mon 12 Apr 2027")
    dialog = open_dialog(repo)
    assert dialog.step == "informer" and dialog.pending is None
    assert dialog.data["decision_by"] == "2027-04-12" and dialog.data["company"] == "Globex"


def test_an_agreed_time_waiting_for_a_yes_is_kept_with_its_kind(
    chat: Chat, repo: Repository
) -> None:
    chat.say("hello")
    store_and_resume(chat, repo, {
        "user_key": KEY, "flow": "intake", "step": "agreed",
        "data": {"done": ["company", "role", "interviewer", "interviewed_at", "decision",
                          "informer"],
                 "company": "Acme", "role": "backend", "interviewer": "Jane Doe",
                 "interviewed_at": "2026-11-25T15:00:00+00:00", "decision_by": "2026-12-04",
                 "informer": "unknown"},
        "pending": {"step": "agreed", "doubt": "time", "value": "2026-12-01T10:00:00+00:00",
                    "kind": "call"}})
    assert "You didn't give a time, so I picked 10:00." in chat.text
    chat.say("yes")
    iv = repo.interviews_for(KEY)[0]
    assert iv.agreed_contact_at == datetime.fromisoformat("2026-12-01T10:00:00+00:00")
    assert iv.agreed_contact_kind == "call" and iv.decision_by == date(2026, 12, 4)


def test_an_edit_saved_mid_way_updates_the_interview_it_was_editing(
    chat: Chat, repo: Repository
) -> None:
    log_interview(chat)
    iv = repo.interviews_for(KEY)[0]
    store_and_resume(chat, repo, {
        "user_key": KEY, "flow": "intake", "step": "role",
        "data": {"done": ["company", "interviewer", "interviewed_at", "decision", "informer",
                          "agreed"],
                 "update": iv.id, "edit": True, "step": "role"},
        "pending": None})
    assert "What role was it for?" in chat.text
    chat.say("Data engineer")
    assert "Updated the role." in chat.text
    assert repo.interviews_for(KEY)[0].role == "Data engineer"
    assert repo.get_dialog(KEY) is None


# -- rehearsal ----------------------------------------------------------------------------------
def test_a_rehearsal_saved_after_feedback_carries_on_with_its_buttons_and_progress(
    chat: Chat, repo: Repository
) -> None:
    log_interview(chat)
    iv = repo.interviews_for(KEY)[0]
    store_and_resume(chat, repo, {
        "user_key": KEY, "flow": "rehearse", "step": "feedback",
        "data": {"sess": "ab12", "turn": 2, "iv": iv.id, "at": "o", "answered": ["o"],
                 "good": ["o"], "skipped": []},
        "pending": None})
    assert "We were rehearsing your call:" in chat.text
    assert "you've just had feedback on \"The call opens\"" in chat.text
    assert chat.labels == ["Next scenario", "Try again", "Choose scenario", "Stop"]
    chat.press("Next scenario")
    assert "Situation 2 of 6: Still waiting on the team" in chat.text
    assert "operations about the backend position" in chat.text
    data = open_dialog(repo).data
    assert (data["sess"], data["turn"], data["at"], data["iv"]) == ("ab12", 3, "w", iv.id)
    chat.press("Choose scenario")
    assert "1. The call opens ✓" in chat.labels  # the strong answer from before the upgrade
    chat.press("Stop")
    assert "You practised 1 of 6 situations, with a strong answer in 1." in chat.text


def test_a_rehearsal_saved_on_a_line_takes_the_typed_answer(
    chat: Chat, repo: Repository
) -> None:
    chat.say("hello")
    store_and_resume(chat, repo, {
        "user_key": KEY, "flow": "rehearse", "step": "ask",
        "data": {"sess": "0000", "turn": 1, "iv": "", "at": "f", "answered": [], "good": [],
                 "skipped": ["o"]},
        "pending": None})
    assert "Situation 3 of 6: They don't remember you" in chat.text
    chat.say("No problem! This is Priya Shah, I interviewed for the role last Wednesday.")
    assert "What worked" in chat.text
    data = open_dialog(repo).data
    assert open_dialog(repo).step == "feedback"
    assert (data["answered"], data["skipped"], data["turn"]) == (["f"], ["o"], 2)


# -- the profile on the way to a draft ----------------------------------------------------------
def test_profile_questions_saved_on_the_way_to_a_draft_still_hand_back_to_the_draft(
    chat: Chat, repo: Repository
) -> None:
    log_interview(chat)
    iv = repo.interviews_for(KEY)[0]
    store_and_resume(chat, repo, {
        "user_key": KEY, "flow": "profile", "step": "email",
        "data": {"queue": ["address"], "then": {"draft": "ty", "iv": iv.id}},
        "pending": None})
    assert "Which email address should they reply to?" in chat.text
    chat.say("priya@example.com")
    assert "Your mailing address" in chat.text
    chat.press("Skip")
    assert "Was there something you enjoyed" in chat.text  # back to the thank-you draft
    chat.say("the team's approach to testing")
    assert "Your thank-you draft" in chat.text
    assert "I especially enjoyed hearing about the team's approach to testing." in chat.text
    assert "priya@example.com" in chat.text
