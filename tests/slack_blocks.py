"""The Block Kit JSON of the "Log an interview" modal and of a sample App Home, as the adapter
renders them, written to docs/slack-blocks/ (paste one into Slack's Block Kit Builder to see
it). tests/test_slack_blocks_docs.py fails when the files no longer match the code; run
`.venv/bin/python -m tests.slack_blocks` to write them again.

The sample is made through the engine with a fake clock (Wednesday 25 November 2026, 15:00 in
London); record ids, which are random, are replaced by stable placeholders.
"""

from __future__ import annotations

import json
import re
import tempfile
from dataclasses import replace
from datetime import date, time
from pathlib import Path
from typing import Any

from bot.adapters.slack.home_blocks import dashboard_view
from bot.adapters.slack.modal import interview_modal
from bot.core.coaching.intake.form import from_text
from bot.core.contract.clock import FakeClock
from bot.core.contract.forms import InterviewForm
from bot.core.contract.messages import Incoming
from bot.core.engine import Engine
from bot.core.notices import HOME_FOOTER
from storage import open_repository
from tests.conftest import LONDON, START

OUT = Path(__file__).resolve().parent.parent / "docs" / "slack-blocks"
USER = "U0123ABCD"
MAIL = ("Hi Sam, thanks for coming in yesterday to talk about the Backend Engineer role at "
        "Acme. Jane Doe (hiring manager) will let you know by Friday 4 December.")
_ID = re.compile(r"\b[0-9a-f]{12}\b")


def _stable(view: dict[str, Any]) -> dict[str, Any]:
    """The view with each random record id replaced by id1, id2, … in order of appearance."""
    text = json.dumps(view, ensure_ascii=False)
    names: dict[str, str] = {}
    text = _ID.sub(lambda m: names.setdefault(m.group(0), f"id{len(names) + 1}"), text)
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def _home() -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        repo = open_repository(Path(tmp))
        try:
            engine = Engine(repo, FakeClock(START), default_timezone="Europe/London")
            acme = InterviewForm(company="Acme", role="Backend engineer",
                                 people="Jane Doe (hiring manager), Tom (recruiter)",
                                 interview_date=date(2026, 11, 25), interview_time=time(11, 0),
                                 decision_date=date(2026, 12, 4), informer="hr")
            for form in (acme, replace(acme, company="Globex", role="Data analyst",
                                       people="Priya Patel", decision_date=None,
                                       interview_date=date(2026, 11, 20), informer="unknown"),
                         replace(acme, company="Initech", role="QA lead", people="Bill",
                                 interview_date=date(2026, 11, 2), decision_date=None)):
                engine.handle(Incoming("slack", USER, f"D{USER}", form=form))
            initech = next(iv for iv in repo.interviews_for(f"slack:{USER}")
                           if iv.company == "Initech")
            engine.handle(Incoming("slack", USER, f"D{USER}",
                                   button=f"hb1|oc|{USER}|{initech.id}|not"))
            board = engine.dashboard("slack", USER)
            assert board is not None
            return _stable(dashboard_view(board, HOME_FOOTER))
        finally:
            repo.close()


def render() -> dict[str, dict[str, Any]]:
    """File name -> the JSON it holds."""
    today = START.astimezone(LONDON).date()
    return {
        "modal-log-interview.json": interview_modal(InterviewForm(interview_date=today),
                                                    zone="Europe/London"),
        "modal-from-message.json": interview_modal(from_text(MAIL, START, LONDON),
                                                   zone="Europe/London"),
        "app-home.json": _home(),
    }


def text_of(view: dict[str, Any]) -> str:
    return json.dumps(view, indent=2, ensure_ascii=False) + "\n"


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, view in render().items():
        (OUT / name).write_text(text_of(view), encoding="utf-8")
        print(f"wrote {OUT / name}")


if __name__ == "__main__":
    main()
