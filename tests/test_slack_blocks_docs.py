"""docs/slack-blocks/ holds the Block Kit the code renders today (tests/slack_blocks.py writes
it: `.venv/bin/python -m tests.slack_blocks`)."""

from __future__ import annotations

import pytest

from tests.slack_blocks import OUT, render, text_of


@pytest.mark.parametrize("name", sorted(render()))
def test_the_documented_block_kit_is_what_the_code_renders(name: str) -> None:
    shown = (OUT / name).read_text(encoding="utf-8")
    assert shown == text_of(render()[name]), "run .venv/bin/python -m tests.slack_blocks"


def test_the_sample_home_shows_a_dashboard() -> None:
    home = render()["app-home.json"]
    texts = [b["text"]["text"] for b in home["blocks"] if b["type"] == "section"]
    assert "*Your interviews (2 open)*" in texts
    assert any("Initech" in t and "closed (not selected)" in t for t in texts)
    assert any("Your search: 3 applications" in t for t in texts)
