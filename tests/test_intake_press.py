"""The intake's buttons (answer, Skip, confirm) and the Cancel under any question, pressed in
order, out of order (a button from an earlier question) and during another flow's question,
answer exactly as they did before the features registry and the intake's step table: the
expected transcripts in tests/golden/intake_buttons.json were recorded by running these same
conversations on the code before the restructuring (commit 05ce207)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.core.contract.clock import FakeClock
from bot.core.contract.messages import Incoming, Reply
from bot.core.engine import Engine
from storage import open_repository
from tests.conftest import START

GOLDEN = Path(__file__).parent / "golden" / "intake_buttons.json"

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



@pytest.mark.parametrize("name", list(CONVERSATIONS))
def test_intake_buttons_answer_as_before_the_restructuring(name: str, tmp_path: Path) -> None:
    expected = json.loads(GOLDEN.read_text(encoding="utf-8"))[name]
    got = run(tmp_path / "data", CONVERSATIONS[name])
    assert [[text, labels] for text, labels in got] == expected
    # The steps do press stale and foreign buttons.
    assert any("earlier question" in text or "already" in text for text, _ in got)
