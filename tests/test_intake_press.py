"""intake.press, the intake's own handler for its buttons (answer, Skip, confirm) and the Cancel
under any question, answers exactly as the engine's built-in handling of those buttons did.

Each conversation runs twice on fresh data: once as the engine routes it, once with the four
button codes routed to `intake.press` (as the features registry wires it), and the replies must
be the same, stale and foreign presses included."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

from bot.core import engine as engine_module
from bot.core.coaching import intake
from bot.core.contract.clock import FakeClock
from bot.core.contract.flows import CANCEL, Flow
from bot.core.contract.messages import Incoming, Reply
from bot.core.contract.models import Dialog
from bot.core.engine import FLOWS, Engine
from storage import open_repository
from tests.conftest import START

Step = tuple[str, str]  # ("say", text), ("press", a label of the last replies) or
# ("old", a label of the earliest replies that had it: a button from an earlier question)

CONVERSATIONS: dict[str, list[Step]] = {
    "answers, skips and cancels": [
        ("say", "interview"), ("say", "Acme"), ("press", "Skip"), ("old", "Skip"),
        ("say", "Jane Doe"), ("press", "Yesterday"), ("press", "Next week"),
        ("old", "Yesterday"), ("press", "Cancel"), ("old", "Skip"), ("old", "Cancel")],
    "confirming a doubtful date": [
        ("say", "I had an interview at Globex for the data role with Jane Doe yesterday"),
        ("say", "4/12"), ("press", "No, I'll retype it"), ("old", "Mon 12 Apr 2027"),
        ("say", "3/12"), ("press", "Fri 12 Mar 2027"), ("press", "HR"),
        ("say", "email me Tuesday"), ("old", "HR"), ("old", "Mon 12 Apr 2027"),
        ("say", "no"), ("say", "email me Tuesday"), ("press", "Yes, Tue 1 Dec, 10:00")],
    "a press meant for the intake during another question": [
        ("say", "interview"), ("say", "Initech"), ("say", "profile"),
        ("press", "Change phone"), ("old", "Skip"), ("say", "settings"),
        ("press", "Change quiet hours"), ("press", "Cancel"), ("old", "Skip")],
    "the generic Cancel under other questions": [
        ("say", "check this"), ("press", "Cancel"), ("old", "Cancel"), ("say", "profile"),
        ("press", "Fill in what's missing"), ("press", "Cancel")],
}


def run(tmp: Path, steps: list[Step]) -> list[tuple[str, list[str]]]:
    repo = open_repository(tmp)
    eng = Engine(repo, FakeClock(START), default_timezone="Europe/London")
    history: list[Reply] = []
    last: list[Reply] = []
    out = []
    try:
        for kind, what in steps:
            if kind == "say":
                last = eng.handle(Incoming("console", "u1", "u1", text=what))
            else:
                pool = last if kind == "press" else history
                payload = next(b.payload for r in pool for row in r.buttons for b in row
                               if b.label == what)
                last = eng.handle(Incoming("console", "u1", "u1", button=payload))
            history += last
            out.append(("\n".join(r.text for r in last),
                        [b.label for r in last for row in r.buttons for b in row]))
    finally:
        repo.close()
    return out


def _flow_of(dialog: Dialog) -> Flow | None:
    return FLOWS.get(dialog.flow)


@pytest.mark.parametrize("name", list(CONVERSATIONS))
def test_intake_press_answers_as_the_engine_did(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    steps = CONVERSATIONS[name]
    before = run(tmp_path / "engine", steps)
    press = functools.partial(intake.press, flow_of=_flow_of)
    for code in (*intake.BUTTON_CODES, CANCEL):
        monkeypatch.setitem(engine_module.MODULE_BUTTONS, code, press)
    after = run(tmp_path / "press", steps)
    assert after == before
    # The steps above do press stale and foreign buttons.
    assert any("earlier question" in text or "already" in text for text, _ in before)


def test_without_a_lookup_a_press_during_another_flow_says_the_question_is_closed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for code in intake.BUTTON_CODES:
        monkeypatch.setitem(engine_module.MODULE_BUTTONS, code, intake.press)
    replies = run(tmp_path, [("say", "interview"), ("say", "profile"),
                             ("press", "Change phone"), ("old", "Skip")])
    assert replies[-1] == ("That question is already closed.", [])
