"""The intake flow through Incoming/Reply with a fake clock."""

from __future__ import annotations

from datetime import date

from bot.core.contract.ports import Repository
from tests.conftest import Chat, nudges_of


def test_rich_sentence_fills_facts_and_asks_only_what_is_missing(
    chat: Chat, repo: Repository
) -> None:
    chat.say("I just had an interview with Jane Doe at Acme for the backend role, "
             "they said they'd let me know by Friday")
    # Company, role, interviewer, time and date were given: the next question is who informs.
    assert "Who will tell you the result?" in chat.text
    assert "Which company" not in chat.text and "What role" not in chat.text
    assert {"HR", "The interviewer", "A mailing team", "Not sure", "Skip", "Cancel"} <= set(
        chat.labels)
    chat.press("HR")
    assert "email or call them at a set time" in chat.text
    chat.press("No")
    text = chat.text
    assert "backend role at Acme" in text
    assert "Interviewer: Jane Doe" in text
    assert "They'll let you know by: Fri 27 Nov" in text
    assert "Who tells you: HR" in text
    # The dated plan, in London time.
    assert "Wed 25 Nov, 17:00 — reminder to send your thank-you" in text
    assert "Thu 26 Nov, 09:00 — last thank-you reminder" in text
    assert "Sun 29 Nov, 18:00 — rehearse tomorrow's call" in text
    assert "Mon 30 Nov, 10:00 — call day" in text
    assert "Job interview follow up" in text
    assert "Thank-you sent ✓" in chat.labels
    [iv] = repo.interviews_for("console:u1")
    assert iv.decision_by == date(2026, 11, 27)
    assert iv.informer == "hr"
    assert repo.get_dialog("console:u1") is None


def test_bare_message_asks_every_question_one_at_a_time(
    chat: Chat, repo: Repository
) -> None:
    chat.say("I had an interview")
    assert "Which company was the interview with?" in chat.text
    assert chat.labels == ["Skip", "Cancel"]
    chat.say("Globex")
    assert "What role was it for?" in chat.text
    chat.say("Data analyst")
    assert "Who interviewed you?" in chat.text
    chat.say("Bob Smith, bob@globex.example, +44 20 7946 0958")
    assert "When was the interview?" in chat.text
    assert {"Just now", "Earlier today", "Yesterday"} <= set(chat.labels)
    chat.press("Yesterday")
    assert "Did they say when you'll hear back?" in chat.text
    chat.say("they didn't say")
    assert "Who will tell you the result?" in chat.text
    chat.say("the recruiter")
    chat.say("no")
    text = chat.text
    assert "Data analyst role at Globex" in text
    assert "Bob Smith (bob@globex.example, +44 20 7946 0958)" in text
    assert "Decision date: not given yet" in text
    # No date: coached to ask HR with a polite wording, and reminded the next business morning.
    assert "Ask for one" in text and "HR" in text
    assert "Could you tell me when I can expect to hear" in text
    assert "Thu 26 Nov, 10:00 — ask HR when you'll hear back" in text
    # 3-4 days after the interview (Tue 24 Nov), and three working days after asking HR (Thu):
    # the seed's spacing between two contacts (issue 17).
    assert "Tue 1 Dec, 10:00 — call day" in text
    [iv] = repo.interviews_for("console:u1")
    assert iv.interviewer_email == "bob@globex.example"
    assert iv.decision_unknown is True


def test_skip_and_cancel(chat: Chat, repo: Repository) -> None:
    chat.say("interview")
    chat.press("Skip")
    assert "What role was it for?" in chat.text
    chat.say("skip")
    assert "Who interviewed you?" in chat.text
    chat.press("Cancel")
    assert "Cancelled" in chat.text
    assert repo.get_dialog("console:u1") is None
    assert repo.interviews_for("console:u1") == []
    chat.say("cancel")
    assert "nothing in progress" in chat.text


def test_ambiguous_date_is_confirmed_with_both_readings(
    chat: Chat, repo: Repository
) -> None:
    chat.say("I just had an interview at Acme for the QA role with Ann Lee")
    assert "hear back" in chat.text
    chat.say("12/4")
    assert "Did you mean" in chat.text
    assert "Fri 4 Dec" in chat.labels
    chat.press("Fri 4 Dec")
    assert "Who will tell you the result?" in chat.text
    chat.press("Skip")
    chat.press("No")
    [iv] = repo.interviews_for("console:u1")
    assert iv.decision_by == date(2026, 12, 4)


def test_past_date_is_confirmed_and_can_be_retyped(chat: Chat, repo: Repository) -> None:
    chat.say("I just had an interview at Acme for the QA role with Ann Lee")
    chat.say("20 Nov")
    assert "Did you mean" in chat.text
    chat.say("no")
    assert "Did they say when you'll hear back?" in chat.text
    chat.say("next Tuesday")
    assert "Who will tell you" in chat.text
    chat.say("HR")
    chat.say("no")
    [iv] = repo.interviews_for("console:u1")
    assert iv.decision_by == date(2026, 12, 1)


def test_unparseable_date_is_asked_again_with_examples(chat: Chat) -> None:
    chat.say("I just had an interview at Acme for the QA role with Ann Lee")
    chat.say("when the moon is blue")
    assert "couldn't read" in chat.text
    assert "by Friday" in chat.text and "end of the month" in chat.text
    assert "Did they say when you'll hear back?" in chat.text


def test_agreed_email_time_becomes_a_nudge(chat: Chat, repo: Repository) -> None:
    chat.say("I just had an interview at Acme for the QA role with Ann Lee. "
             "She said email me on Tuesday at 10. They said by the 10th. HR will tell me")
    text = chat.text
    assert "Email them: Tue 1 Dec, 10:00" in text
    assert "Tue 1 Dec, 10:00 — email Ann Lee, as agreed" in text
    assert "They'll let you know by: Thu 10 Dec" in text
    kinds = [n.kind for n in nudges_of(repo)]
    assert "agreed_contact" in kinds


def test_stale_and_foreign_buttons_change_nothing(engine: object, chat: Chat,
                                                  repo: Repository) -> None:
    chat.say("I had an interview")
    old_skip = chat.last
    chat.say("Globex")
    assert "What role" in chat.text
    # Pressing the company question's Skip again: refused, the question stays.
    chat.last = old_skip
    chat.press("Skip")
    assert "earlier question" in chat.text
    assert "What role was it for?" in chat.text
    # Another user pressing u1's button is refused and changes nothing.
    mallory = Chat(chat.engine, user="u2")
    mallory.last = old_skip
    mallory.press("Cancel")
    assert "belongs to someone else" in mallory.text
    dialog = repo.get_dialog("console:u1")
    assert dialog is not None and dialog.data["company"] == "Globex"


def test_restart_mid_intake_keeps_the_dialog(chat: Chat, clock: object, tmp_path: object) -> None:
    chat.say("I had an interview")
    chat.say("Globex")
    # A new engine over the same repository (as after a restart) continues where we were.
    from bot.core.engine import Engine

    fresh = Chat(Engine(chat.engine.repo, chat.engine.clock, "Europe/London"))
    fresh.say("Analyst")
    assert "Who interviewed you?" in fresh.text


def test_several_interviews_are_listed_with_next_steps(chat: Chat) -> None:
    chat.say("I just had an interview with Jane Doe at Acme for the backend role, "
             "they said they'd let me know by Friday. HR will tell me")
    chat.press("No")
    chat.say("I just had an interview with Raj Patel at Globex for the data analyst job. "
             "They didn't say when. HR will tell me")
    chat.press("No")
    chat.say("list")
    text = chat.text
    assert "Your interviews (2 open)" in text
    assert "backend role at Acme" in text and "data analyst role at Globex" in text
    assert "Next: call them to ask where things stand — Mon 30 Nov, 10:00" in text
    assert "Next: ask HR when you'll hear back — Thu 26 Nov, 10:00" in text
    chat.say("status")
    assert "Your plan" in chat.text
    assert chat.text.count("Your plan") == 2


def test_list_in_the_middle_of_the_first_intake_says_it_is_not_saved_yet(chat: Chat) -> None:
    chat.say("I just had an interview at Acme")
    assert "What role was it for?" in chat.text
    chat.say("list")
    assert "Nothing is saved yet: the interview with Acme you're telling me about" in chat.text
    assert "no interviews logged yet" not in chat.text
    assert "Log an interview" not in chat.labels  # (it is being logged)
    assert "What role was it for?" in chat.text  # and the question is asked again
