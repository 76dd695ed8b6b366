"""Corrections typed mid-message (issue 13): "at 3? no, at 1", "Quillbot... no wait,
Quillworks". What the user meant is saved; a "no" that answers a question changes nothing;
a month name that ends a sentence ("Slaughter and May. 3 partners") is no date.
Sentences written for these tests, not taken from the corpus."""

from __future__ import annotations

import pytest

from bot.core.language.corrections import without_corrections
from bot.core.language.facts import read_first_message
from tests.conftest import LONDON, START, Chat


def test_a_corrected_time_is_the_one_saved() -> None:
    got = read_first_message("Video interview with Harrowgate Dental today for receptionist, "
                             "at 11:00? no it was 10:15. Spoke to Ines Duarte.", START, LONDON)
    assert got.interviewed is not None
    assert got.interviewed.astimezone(LONDON).strftime("%Y-%m-%d %H:%M") == "2026-11-25 10:15"


def test_a_corrected_company_is_the_one_saved() -> None:
    got = read_first_message("had my interview at a studio called Brightloom... no wait, "
                             "Brightlane. junior animator. went ok", START, LONDON)
    assert got.company == "Brightlane"


@pytest.mark.parametrize(("text", "meant"), [
    ("assessment day at Port Merrow? no sorry, at Kelsey Docks, for crane operator",
     "assessment day at Kelsey Docks, for crane operator"),
    ("It was Friday at 2, wait no, it got moved to Monday at 2", "It was Monday at 2"),
    ("trial shift at the Anchor tonight... wait no that was last night", "trial shift at the "
     "Anchor last night"),
    ("I had interview with Orbis UK office — no, sorry, it was with their partner, Veltra.",
     "I had interview with their partner, Veltra."),
])
def test_the_corrected_words_are_taken_out(text: str, meant: str) -> None:
    assert without_corrections(text) == meant


@pytest.mark.parametrize("text", [
    "Did they say when? no. They'll email everyone.",
    "no date given, no idea when I'll hear",
    "She said to message her on Slack... wait no, by email",  # nothing of the kind before
    "Had my Amazon interview today, I mean HR were lovely but the manager was cold",
    "Interview at Acme yesterday. Did they say when? No, Sarah just said soon",
    "Tom asked about Python. I mean Python is my main skill",
    "on Monday at 2pm? no 3 people interviewed me",
])
def test_no_clear_correction_changes_nothing(text: str) -> None:
    assert without_corrections(text) == text


def test_the_summary_shows_the_corrected_company(chat: Chat) -> None:
    chat.say("interview done at Brightloom... no wait, Brightlane, for junior animator. "
             "Tomasz said they'd decide by Friday")
    assert "What I understood: Brightlane" in chat.text
    assert "Brightloom" not in chat.text


@pytest.mark.parametrize("text", [
    "just had my session at Slaughter and May. 3 partners, one of them did the talking.",
    "interview at Fennick & March. 4 people on the panel, it went fine",
])
def test_a_month_ending_a_sentence_is_no_date(text: str) -> None:
    got = read_first_message(text, START, LONDON)
    assert got.interviewed is None or got.interviewed.astimezone(LONDON).month == 11


def test_an_abbreviated_month_with_its_dot_is_still_a_date() -> None:
    got = read_first_message("interview at Acme on Nov. 20, decision by Dec. 4", START, LONDON)
    assert got.decision is not None and got.decision.isoformat() == "2026-12-04"

