"""Issue 17, items 1 and 2, through the core with the fake clock: one application with several
rounds (screen -> second -> final stays one application, its plan re-made from the latest
round), records saved before rounds existed, withdrawing (with the polite note), removing one
application, and notes and the job link (in status and the export, never on a board)."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.core.contract.clock import FakeClock
from bot.core.contract.models import Interview
from bot.core.contract.ports import Repository
from bot.core.engine import Engine
from bot.scheduler import Scheduler
from storage import open_repository
from tests.conftest import KEY, LONDON, Chat, RecordingSender, nudges_of
from tests.test_team import CHAN, engine_people, share_all_here

pytestmark = pytest.mark.backends

SCREEN = ("I had a phone screen with Jane Doe at Acme for the backend role this morning, they "
          "said they'd let me know by Friday. HR will tell me")


def pending_kinds(repo: Repository, iv_id: str) -> list[tuple[str, datetime]]:
    return [(n.kind, n.due_at.astimezone(LONDON)) for n in repo.nudges_for_interview(iv_id)
            if n.status == "pending"]


def log_screen(chat: Chat) -> None:
    chat.say(SCREEN)
    chat.press("No")
    assert "Saved" in chat.text and "Rounds: screen" in chat.text


def the_one(repo: Repository) -> Interview:
    [iv] = repo.interviews_for(KEY)
    return iv


# -- one application, several rounds -------------------------------------------------------------
def test_screen_second_final_stays_one_application(chat: Chat, repo: Repository,
                                                    clock: FakeClock) -> None:
    log_screen(chat)
    chat.press("Thank-you sent ✓")
    clock.advance(timedelta(days=1))  # Thu 26 Nov, 15:00
    chat.say("second round done")
    assert "Logged your second round for the backend role at Acme" in chat.text
    assert "Rounds: screen (Wed 25 Nov) → second (Thu 26 Nov, 15:00)" in chat.text
    assert "Now: send your thank-you" in chat.text  # a new round, a new thank-you
    iv = the_one(repo)
    assert (iv.round, [r["label"] for r in iv.rounds]) == ("second", ["screen"])
    assert iv.thank_you_sent_at is None and iv.decision_by is None
    kinds = dict(pending_kinds(repo, iv.id))
    assert kinds["thank_you_reminder"] == datetime(2026, 11, 26, 17, 0, tzinfo=LONDON)
    assert "ask_for_date" in kinds  # the screen's "by Friday" was for the screen

    chat.say("They invited me to a final round next Tuesday at 10:30")
    assert "Added your final round to the backend role at Acme — the same application" \
        in chat.text
    assert chat.labels == ["Practise now", "See all interviews"]
    iv = the_one(repo)
    assert iv.round == "final" and [r["label"] for r in iv.rounds] == ["screen", "second"]
    assert iv.interviewed_at == datetime(2026, 12, 1, 10, 30, tzinfo=LONDON)
    plan = pending_kinds(repo, iv.id)
    # Ready the evening before; the thank-you after the round, not before it.
    assert plan[0] == ("round_prep", datetime(2026, 11, 30, 18, 0, tzinfo=LONDON))
    assert ("thank_you_reminder", datetime(2026, 12, 1, 13, 30, tzinfo=LONDON)) in plan
    assert all(due > iv.interviewed_at for kind, due in plan if kind != "round_prep")
    chat.say("list")
    assert "Your interviews (1 open)" in chat.text
    assert "Stage: final round to come, Tue 1 Dec, 10:30" in chat.text
    [exported] = chat.say("export")
    ics = exported.attachments[1].data.decode()
    assert "SUMMARY:Final round: the backend role at Acme" in ics
    assert "DTSTART;TZID=Europe/London:20261201T103000" in ics

    sender = RecordingSender()
    clock.set(datetime(2026, 11, 30, 18, 0, tzinfo=LONDON))
    asyncio.run(Scheduler(repo, chat.engine, clock, {"console": sender}).tick())
    prep = next(r for r in sender.sent if "final round" in r.text)
    assert "Your final round for the backend role at Acme is on Tue 1 Dec, 10:30" in prep.text
    assert prep.button_labels[0] == "Practise the interview"

    clock.set(datetime(2026, 12, 1, 12, 0, tzinfo=LONDON))
    chat.say("final round done, they'll let me know by Friday")
    iv = the_one(repo)
    assert iv.round == "final" and [r["label"] for r in iv.rounds] == ["screen", "second"]
    assert iv.decision_by is not None and iv.decision_by.isoformat() == "2026-12-04"
    assert len(repo.interviews_for(KEY)) == 1


def test_a_round_for_a_company_not_logged_starts_its_own_intake(chat: Chat,
                                                                  repo: Repository) -> None:
    log_screen(chat)
    chat.say("I just had a second round with Globex for the data role, they'll decide by "
             "Friday")
    assert "Added" not in chat.text and "Logged your" not in chat.text
    assert any(w in chat.text for w in ("Saved", "Got it"))


def test_several_open_applications_and_no_company_asks_which(chat: Chat,
                                                             repo: Repository) -> None:
    log_screen(chat)
    chat.say("I just had an interview with Sam at Globex for the data role, they said by "
             "Friday. HR will tell me")
    chat.press("No")
    chat.say("second round done")
    assert "Which application is that round for (Acme, Globex)?" in chat.text
    assert all(not iv.rounds for iv in repo.interviews_for(KEY))


def test_a_record_saved_before_rounds_existed_reads_as_one_unnamed_round(
        chat: Chat, repo: Repository, clock: FakeClock) -> None:
    log_screen(chat)
    old = the_one(repo).to_dict()
    for key in ("round", "rounds", "notes", "link"):
        del old[key]
    before = Interview.from_dict(old)
    assert (before.round, before.rounds, before.notes, before.link) == (None, [], [], None)
    before.company = "Acme"
    repo.save_interview(before)
    clock.advance(timedelta(hours=3))
    chat.say("they want me back for another interview on Friday at 2pm")
    iv = the_one(repo)
    assert iv.round == "second" and iv.rounds == [
        {"label": "interview", "at": before.interviewed_at.isoformat()}]


# -- withdraw and remove ---------------------------------------------------------------------------
def test_withdrawing_stops_the_plan_and_offers_a_polite_note(chat: Chat,
                                                             repo: Repository) -> None:
    log_screen(chat)
    chat.say("I withdrew from Acme")
    assert "Withdrawn: the backend role at Acme. I've stopped its reminders." in chat.text
    assert "still have you down as a candidate" in chat.text
    iv = the_one(repo)
    assert (iv.status, iv.outcome) == ("closed", "withdrawn")
    assert pending_kinds(repo, iv.id) == []
    chat.press("Draft my withdrawal note")
    assert "the details that sign your draft" in chat.text
    chat.say("Ada Lima")
    for _ in range(3):  # phone, email, address
        chat.press("Skip")
    assert "Your withdrawal note draft" in chat.text
    assert "Subject: Withdrawing my application – Ada Lima" in chat.text
    assert "Dear Jane Doe," in chat.text and "I have decided to withdraw my application" \
        in chat.text
    assert "Checked:" in chat.text
    chat.say("withdraw")
    assert "You have no open applications to withdraw from." in chat.text


def test_withdraw_typed_alone_confirms_first(chat: Chat, repo: Repository) -> None:
    log_screen(chat)
    chat.say("withdraw")
    assert "Withdraw from the backend role at Acme?" in chat.text
    assert the_one(repo).status == "waiting"
    chat.press("Yes, withdraw")
    assert the_one(repo).outcome == "withdrawn"
    chat.say("/withdraw")
    assert "You have no open applications to withdraw from." in chat.text


def test_withdraw_by_button_on_the_list_confirms_first(chat: Chat, repo: Repository) -> None:
    log_screen(chat)
    chat.say("list")
    chat.press("Withdraw: Acme")
    assert "Withdraw from the backend role at Acme?" in chat.text
    chat.press("No, keep it")
    assert the_one(repo).status == "waiting"
    chat.say("list")
    chat.press("Withdraw: Acme")
    chat.press("Yes, withdraw")
    assert the_one(repo).outcome == "withdrawn"
    assert "Draft my withdrawal note" in chat.labels
    chat.say("list")
    assert "Withdraw: Acme" not in chat.labels and "Remove: Acme" in chat.labels


def test_remove_asks_then_deletes_with_its_nudges_and_a_second_press_is_harmless(
        chat: Chat, repo: Repository) -> None:
    log_screen(chat)
    iv_id = the_one(repo).id
    chat.say("remove Acme")
    assert "Remove the backend role at Acme completely" in chat.text
    confirm = list(chat.last)
    chat.press("Yes, remove it")
    assert "Removed the backend role at Acme, with its notes and reminders." in chat.text
    assert repo.interviews_for(KEY) == [] and repo.nudges_for_interview(iv_id) == []
    assert [n for n in nudges_of(repo) if n.interview_id == iv_id] == []
    chat.last = confirm
    chat.press("Yes, remove it")
    assert "isn't in your list any more" in chat.text


# -- notes and the job link ---------------------------------------------------------------------
def test_notes_and_the_link_show_in_status_and_export_but_never_on_the_board(
        engine: Engine, repo: Repository) -> None:
    ada, _, eve = engine_people(engine)
    ada.log("Acme")
    ada.dm("note for Acme: ask about on-call")
    assert "Noted for the backend role at Acme" in ada.last[0].text
    ada.dm("the job link for Acme is https://acme.example/jobs/12")
    assert "Saved the job link" in ada.last[0].text
    ada.dm("note Acme - salary band 50-60k")
    status = "\n".join(r.text for r in ada.dm("status"))
    assert "• Note: ask about on-call" in status and "• Note: salary band 50-60k" in status
    assert "• Job link: https://acme.example/jobs/12" in status
    [exported] = ada.dm("export")
    data = json.loads(exported.attachments[0].data)
    [iv] = data["interviews"]
    assert iv["notes"] == ["ask about on-call", "salary band 50-60k"]
    assert iv["link"] == "https://acme.example/jobs/12"
    share_all_here(ada)
    board = "\n".join(r.text for r in eve.here("board"))
    assert "Acme" in board
    for private in ("on-call", "acme.example", "50-60k", "Note"):
        assert private not in board
    assert CHAN


def test_a_note_without_a_company_among_several_asks_which_and_saves_nothing(
        chat: Chat, repo: Repository) -> None:
    log_screen(chat)
    chat.say("I just had an interview with Sam at Globex for the data role, they said by "
             "Friday. HR will tell me")
    chat.press("No")
    chat.say("note: bring the portfolio")
    assert "Which application is that note for (Acme, Globex)?" in chat.text
    assert all(not iv.notes for iv in repo.interviews_for(KEY))
    chat.say("note Globex: bring the portfolio")
    assert [iv.notes for iv in repo.interviews_for(KEY)] == [[], ["bring the portfolio"]]


def test_the_stored_fields_round_trip(repo: Repository) -> None:
    iv = Interview(id="iv1", user_key=KEY, created_at=datetime(2026, 11, 25, tzinfo=UTC),
                   interviewed_at=datetime(2026, 11, 25, tzinfo=UTC), round="final",
                   rounds=[{"label": "screen", "at": "2026-11-20T10:00:00+00:00"}],
                   notes=["ask about on-call"], link="https://acme.example/jobs/12")
    assert Interview.from_dict(iv.to_dict()) == iv


def test_an_invitation_without_a_day_asks_when_and_changes_nothing(
        chat: Chat, repo: Repository) -> None:
    log_screen(chat)
    before = the_one(repo)
    chat.say("Acme invited me to the next round!")
    assert "A first round for the backend role at Acme — well done! When is it?" in chat.text
    assert the_one(repo) == before
    chat.say("first round with Acme on Tuesday at 10")
    assert the_one(repo).round == "first"
    assert the_one(repo).interviewed_at == datetime(2026, 12, 1, 10, 0, tzinfo=LONDON)


def test_a_data_file_written_before_rounds_existed_still_works(tmp_path: Path) -> None:
    """A TinyDB user file whose interview has none of issue 17's keys (as the version before
    wrote it): read as one unnamed round, shown, and a round added to it; no rewrite needed."""
    data, clock = tmp_path / "data", FakeClock(datetime(2026, 11, 25, 15, 0, tzinfo=LONDON))
    repo = open_repository(data)
    chat = Chat(Engine(repo, clock, default_timezone="Europe/London"))
    log_screen(chat)
    repo.close()
    [path] = (data / "users").glob("*.json")
    doc = json.loads(path.read_text())
    for iv in doc["interviews"].values():
        for key in ("round", "rounds", "notes", "link"):
            del iv[key]
    path.write_text(json.dumps(doc))
    repo = open_repository(data)
    try:
        chat = Chat(Engine(repo, clock, default_timezone="Europe/London"))
        chat.say("status")
        assert "backend role at Acme" in chat.text and "Rounds:" not in chat.text
        clock.advance(timedelta(days=1))
        chat.say("second round done")
        assert "Rounds: interview (Wed 25 Nov) → second (Thu 26 Nov, 15:00)" in chat.text
    finally:
        repo.close()


def test_withdrawing_names_the_right_application(chat: Chat, repo: Repository) -> None:
    log_screen(chat)
    chat.say("I just had an interview with Sam at Globex for the data role, they said by "
             "Friday. HR will tell me")
    chat.press("No")
    chat.say("I withdrew from Globex")
    assert "Withdrawn: the data role at Globex" in chat.text
    chat.say("I pulled out of Globex")
    assert "The data role at Globex is already closed (withdrawn)" in chat.text
    chat.say("I withdrew from Initech")
    assert "I don't have an application at Initech in your list" in chat.text
    assert [iv.status for iv in repo.interviews_for(KEY)] == ["waiting", "closed"]


def test_a_note_for_the_start_of_the_company_name_is_kept(chat: Chat, repo: Repository) -> None:
    chat.say("had a phone screen with Lumen Labs today for the data engineer role, recruiter "
             "Amy said she'd let me know by friday")
    if "set time" in chat.text:
        chat.press("No")
    chat.say("note for Lumen: ask about on-call")
    assert "Which application" not in chat.text
    assert [iv.notes for iv in repo.interviews_for(KEY)] == [["ask about on-call"]]


def test_withdrawing_by_the_start_of_the_company_name(chat: Chat, repo: Repository) -> None:
    chat.say("had a phone screen with Lumen Labs today for the data engineer role, recruiter "
             "Amy said she'd let me know by friday")
    if "set time" in chat.text:
        chat.press("No")
    chat.say("I withdrew from Lumen")
    assert "Withdrawn: the data engineer role at Lumen Labs" in chat.text


def test_a_round_named_by_the_firm_without_its_legal_form_is_that_application(
        chat: Chat, repo: Repository) -> None:
    chat.say("interview at Brindle Analytics Ltd today for a Data Analyst role with Sarah Lee, "
             "they said by Friday")
    chat.press("HR")
    chat.press("No")
    chat.say("They invited me to a final round with Brindle Analytics on Tuesday at 10")
    assert "Added your final round to the Data Analyst role at Brindle Analytics Ltd" in chat.text
    assert len(repo.interviews_for(KEY)) == 1
