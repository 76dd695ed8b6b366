"""An interview logged with one form (Slack's modal) through the engine: the same interview,
plan and summary as the chat intake, the checks a user sees beside the fields, the form a
message pre-fills, editing, and the dashboard's buttons."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time

from bot.core.coaching.intake.form import from_text, read_people
from bot.core.contract.clock import FakeClock
from bot.core.contract.forms import InterviewForm
from bot.core.contract.messages import Incoming, Reply
from bot.core.contract.ports import Repository
from bot.core.engine import Engine
from tests.conftest import LONDON, START, Chat

ACME = InterviewForm(company="Acme", role="backend", people="Jane Doe",
                     interview_date=date(2026, 11, 25), interview_time=time(15, 0),
                     decision_date=date(2026, 11, 27), informer="hr")


def send(engine: Engine, form: InterviewForm, user: str = "u1") -> list[Reply]:
    return engine.handle(Incoming("console", user, user, form=form))


def plan_of(repo: Repository, key: str) -> list[tuple[str, object]]:
    [iv] = repo.interviews_for(key)
    return sorted((n.kind, n.due_at) for n in repo.nudges_for_interview(iv.id)
                  if n.status == "pending")


def test_a_form_saves_what_the_chat_intake_saves(engine: Engine, repo: Repository) -> None:
    chat = Chat(engine, "u2")
    chat.say("I just had an interview with Jane Doe at Acme for the backend role, they said "
             "they'd let me know by Friday")
    chat.press("HR")
    chat.press("No")
    by_chat = chat.last
    by_form = send(engine, ACME)
    # The same two answers: the summary with the plan, then the thank-you advice and buttons.
    assert [r.text for r in by_form] == [r.text for r in by_chat]
    assert [r.button_labels for r in by_form] == [r.button_labels for r in by_chat]
    assert "Saved. Here's what I have:" in by_form[0].text
    assert "Wed 25 Nov, 17:00 — reminder to send your thank-you" in by_form[0].text
    assert plan_of(repo, "console:u1") == plan_of(repo, "console:u2")
    [iv] = repo.interviews_for("console:u1")
    assert (iv.company, iv.role, iv.interviewer, iv.decision_by, iv.informer) == \
        ("Acme", "backend", "Jane Doe", date(2026, 11, 27), "hr")
    assert iv.interviewed_at == START


def test_picked_dates_are_local_days_in_the_users_zone(engine: Engine, repo: Repository) -> None:
    Chat(engine).say("settings timezone America/New_York")
    send(engine, replace(ACME, interview_date=date(2026, 11, 24), interview_time=time(9, 30),
                         decision_date=None, informer="unknown"))
    [iv] = repo.interviews_for("console:u1")
    assert iv.interviewed_at.astimezone(LONDON).hour == 14  # 09:30 in New York
    assert iv.decision_by is None and iv.decision_unknown  # (asked as "they didn't say")
    # A day without a time: its midday, or now if that is still to come today.
    send(engine, replace(ACME, interview_time=None, company="Globex"))
    globex = next(i for i in repo.interviews_for("console:u1") if i.company == "Globex")
    assert globex.interviewed_at == START  # 10:00 in New York: midday is still to come


def test_people_and_the_agreed_contact_are_read(engine: Engine, repo: Repository) -> None:
    replies = send(engine, replace(ACME, people="Jane Doe (hiring manager), Tom (recruiter), "
                                                "jane.doe@acme.example",
                                   agreed="email her Monday at 10"))
    [iv] = repo.interviews_for("console:u1")
    assert iv.interviewer == "Jane Doe" and iv.contacts == ["Tom (recruiter)"]
    assert iv.interviewer_email == "jane.doe@acme.example"
    assert iv.agreed_contact_kind == "email"
    assert iv.agreed_contact_at is not None
    assert iv.agreed_contact_at.astimezone(LONDON).strftime("%a %H:%M") == "Mon 10:00"
    assert "Email them: Mon 30 Nov, 10:00" in replies[0].text
    people = read_people("Priya Patel, HR; Sam and Lee (panel)", LONDON)
    assert people is not None
    assert (people.interviewer, people.contacts) == ("Sam", ("Priya Patel (hr)", "Lee (panel)"))


def test_an_address_or_number_beside_a_name_leaves_no_marks_in_it(engine: Engine,
                                                                  repo: Repository) -> None:
    # "Name <address>", as a mail client writes it: the summary and the thank-you advice named
    # the interviewer "Jane Doe < >".
    replies = send(engine, replace(ACME, people="Jane Doe <jane.doe@acme.example>"))
    [iv] = repo.interviews_for("console:u1")
    assert (iv.interviewer, iv.interviewer_email) == ("Jane Doe", "jane.doe@acme.example")
    assert "Interviewer: Jane Doe (jane.doe@acme.example)\n" in replies[0].text
    assert "A short thank-you to Jane Doe, sent" in replies[1].text
    for typed, name in (("Jane Doe [jane@acme.example], Tom (recruiter)", "Jane Doe"),
                        ("Jane Doe - jane@acme.example", "Jane Doe"),
                        ("Jane Doe – tel. +44 20 7946 0958", "Jane Doe"),
                        ("Jane Doe, phone: +44 20 7946 0958", "Jane Doe")):
        people = read_people(typed, LONDON)
        assert people is not None and people.interviewer == name, typed
        assert not any("Tel" in c or "Phone" in c for c in people.contacts), typed


def test_bad_fields_are_named_and_nothing_is_saved(engine: Engine, repo: Repository,
                                                   clock: FakeClock) -> None:
    bad = InterviewForm(company="  ", people="???", interview_date=date(2026, 3, 1),
                        decision_date=date(2026, 2, 1), agreed="whenever")
    errors = engine.form_errors("console", "u1", bad)
    assert set(errors) == {"company", "people", "interview_date", "decision_date", "agreed"}
    assert "company" in errors["company"]
    assert "more than six months ago" in errors["interview_date"]
    assert "before the interview" in errors["decision_date"]
    assert "Jane Doe (hiring manager)" in errors["people"]
    assert "email her Tuesday at 10" in errors["agreed"]
    later = replace(ACME, interview_time=time(18, 0))
    assert "still to come" in engine.form_errors("console", "u1", later)["interview_time"]
    far = replace(ACME, decision_date=date(2027, 9, 1))
    assert "six months away" in engine.form_errors("console", "u1", far)["decision_date"]
    assert engine.form_errors("console", "u1", ACME) == {}
    # Sent anyway (it was checked a moment ago): told what is wrong, nothing saved.
    [answer] = send(engine, bad)
    assert "I couldn't save that form" in answer.text and "before the interview" in answer.text
    assert repo.interviews_for("console:u1") == []


def test_a_message_prefills_the_form() -> None:
    text = ("Hi Sam, thanks for coming in yesterday to talk about the Backend Engineer role at "
            "Acme. Jane Doe (hiring manager) will let you know by Friday 4 December.")
    filled = from_text(text, START, LONDON)
    assert filled.company == "Acme" and filled.role == "Backend Engineer"
    assert filled.people == "Jane Doe (hiring manager)"
    assert filled.interview_date == date(2026, 11, 24)
    assert filled.decision_date == date(2026, 12, 4)
    assert filled.agreed == "" and filled.interview_id is None
    assert from_text("see you soon", START, LONDON) == InterviewForm()


def test_editing_through_the_form_replans(engine: Engine, repo: Repository,
                                          clock: FakeClock) -> None:
    send(engine, ACME)
    [iv] = repo.interviews_for("console:u1")
    shown = engine.form_to_edit("console", "u1", iv.id)
    assert isinstance(shown, InterviewForm)
    assert (shown.company, shown.people, shown.interview_date, shown.interview_time) == \
        ("Acme", "Jane Doe", date(2026, 11, 25), time(15, 0))
    [same] = send(engine, shown)
    assert "Nothing changed" in same.text
    [updated] = send(engine, replace(shown, decision_date=date(2026, 12, 4)))
    assert "Updated." in updated.text and "Fri 4 Dec" in updated.text
    [iv] = repo.interviews_for("console:u1")
    assert iv.decision_by == date(2026, 12, 4)
    # Someone else's interview, or one that is gone: nothing to edit, nothing changed.
    assert "nothing to edit" in str(engine.form_to_edit("console", "u9", iv.id))
    [refused] = send(engine, replace(shown, company="Evil"), user="u9")
    assert "isn't in your list" in refused.text
    assert repo.interviews_for("console:u1")[0].company == "Acme"


def test_the_dashboard_buttons_act_once(engine: Engine, repo: Repository) -> None:
    assert engine.dashboard("console", "u1") is None  # not known yet
    send(engine, ACME)
    board = engine.dashboard("console", "u1")
    assert board is not None and board.log.label == "Log an interview"
    [card] = board.cards
    assert "*" not in card.summary.text and "Acme" in card.summary.text
    assert "Stage: thank-you to send" in card.summary.text
    assert "Next: call them to ask where things stand — Mon 30 Nov, 10:00" in card.summary.text
    assert [b.label for b in card.actions] == ["Thank-you sent ✓", "Edit"]
    assert [b.label for b in card.snoozes] == ["1 hour", "Tomorrow morning", "Next week"]
    assert [b.label for b in card.outcomes][:2] == ["Selected 🎉", "Still waiting"]
    assert board.figures is not None and "Your search: 1 application" in board.figures.text

    def press(payload: str) -> str:
        return "\n".join(r.text for r in engine.handle(
            Incoming("console", "u1", "u1", button=payload)))

    sent = card.actions[0].payload
    assert "marked sent" in press(sent)
    assert "Already noted" in press(sent)  # a stale button finds the record as it is
    assert "Snoozed" in press(card.snoozes[2].payload)
    not_selected = next(b for b in card.outcomes if b.label == "Not selected").payload
    assert "closed the follow-up" in press(not_selected)
    assert "Already recorded" in press(not_selected)
    board = engine.dashboard("console", "u1")
    assert board is not None and board.cards == () and board.closed is not None
    assert "Acme" in board.closed.text
    # Someone else pressing the owner's payload: refused, nothing recorded for them.
    refused = engine.handle(Incoming("console", "u9", "u9", button=sent))
    assert "someone else" in refused[0].text and repo.get_user("console:u9") is None
