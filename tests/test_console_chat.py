"""The terminal adapter in-process: numbering, labels, nudges between questions."""

from __future__ import annotations

import asyncio
import io
import os
from datetime import timedelta

import pytest

from bot.adapters.console import ConsoleChat
from bot.core.contract.clock import FakeClock
from bot.core.contract.ports import Repository
from bot.core.engine import Engine
from bot.scheduler import Scheduler


def test_numbers_and_labels_press_buttons(engine: Engine) -> None:
    out = io.StringIO()
    chat = ConsoleChat(engine, out, user="me")
    chat.handle_line("I just had an interview with Jane Doe at Acme for the backend role, "
                     "they said by Friday")
    assert "[1] HR" in out.getvalue()
    chat.handle_line("2")  # The interviewer
    chat.handle_line("no")  # typed label of the only choice, case-insensitive
    assert "Who tells you: the interviewer" in out.getvalue()


def test_yes_typed_presses_the_button_that_starts_with_yes(engine: Engine) -> None:
    out = io.StringIO()
    chat = ConsoleChat(engine, out, user="me")
    chat.handle_line("I just had an interview with Jane Doe at Acme for the backend role, "
                     "they said by Friday. HR will tell me")
    chat.handle_line("no")
    chat.handle_line("they offered me the job at Acme!!")
    assert "[1] Yes, selected" in out.getvalue()
    chat.handle_line("yes")  # not the whole label
    assert "By when do they need your answer?" in out.getvalue()
    assert "didn't quite get that" not in out.getvalue()


def test_a_nudge_between_questions_keeps_the_question_numbers(
    engine: Engine, repo: Repository, clock: FakeClock
) -> None:
    out = io.StringIO()
    chat = ConsoleChat(engine, out, user="me")
    chat.handle_line("I just had an interview with Jane Doe at Acme for the backend role, "
                     "they said by Friday. HR will tell me")
    chat.handle_line("No")
    clock.advance(timedelta(hours=2))
    chat.handle_line("I just had an interview at Globex for the QA role with Raj Patel")
    assert "[1] By the end of this week" in out.getvalue()
    asyncio.run(Scheduler(repo, engine, clock, {"console": chat}).tick())
    printed = out.getvalue()
    assert "⏰ Thank-you check" in printed
    assert "[8] Thank-you sent ✓" in printed  # after the question's six choices
    chat.handle_line("1")  # still "By the end of this week"
    assert "Who will tell you the result?" in out.getvalue()
    [acme] = repo.interviews_for("console:me")  # Globex is still being logged
    assert acme.thank_you_sent_at is None


def test_a_paste_of_several_lines_is_one_message_in_the_interactive_terminal(
    engine: Engine, repo: Repository, clock: FakeClock
) -> None:
    out = io.StringIO()
    chat = ConsoleChat(engine, out, user="me")
    pasted = io.StringIO("check this:\nDear Ann,\n\nThank you for the interview yesterday.\n\n"
                         "Kind regards,\nSam\n")
    scheduler = Scheduler(repo, engine, clock, {"console": chat})
    asyncio.run(chat.run(scheduler, pasted, tick_seconds=30, prompt=True))
    printed = out.getvalue()
    assert printed.count("Checked your text.") == 1
    # Not taken apart: no empty message, no new interview from "the interview yesterday".
    assert "I got an empty message" not in printed and "Got it" not in printed


def test_line_mode_prompts_again_only_after_something_was_printed(
    engine: Engine, repo: Repository, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Stdin a terminal, stdout not (`hearback console | tee log`): the line mode with a prompt.
    # Ticks with nothing to say must not print "> " again in the middle of a line being typed.
    out = io.StringIO()
    chat = ConsoleChat(engine, out, user="me")
    read_end, write_end = os.pipe()
    scheduler = Scheduler(repo, engine, clock, {"console": chat})
    ticks = 0
    tick = chat.tick

    async def counted(s: Scheduler) -> None:
        nonlocal ticks
        await tick(s)
        ticks += 1
        if ticks == 6:  # the start's tick and five quiet ones
            os.write(write_end, b"help\n")
            os.close(write_end)

    monkeypatch.setattr(chat, "tick", counted)
    with os.fdopen(read_end, encoding="utf-8") as stdin:
        asyncio.run(chat.run(scheduler, stdin, tick_seconds=0.01, prompt=True))
    printed = out.getvalue()
    assert ticks >= 6
    assert "What I can do" in printed
    assert printed.split("What I can do")[0].count("> ") == 1  # once, before the quiet ticks
