"""One list of generic role words (bot/core/contract/models.py): a role that already ends in one
("backend vacancy") reads whole in the label, the_label and role_phrase, with no second 'role' or
'position' after it; fact extraction reads "for the X <word>" as role X for every word.
"""

from __future__ import annotations

import re

import pytest

from bot.core.contract.models import GENERIC_ROLE_WORDS, Interview
from bot.core.language.extract import extract
from bot.core.language.wording import role_phrase, the_label
from tests.conftest import LONDON, START

DOUBLED = re.compile(rf"\b(?:{'|'.join(GENERIC_ROLE_WORDS)})\s+(?:role|position)\b",
                     re.IGNORECASE)


def interview(role: str | None, company: str | None = "Acme") -> Interview:
    return Interview(id="iv1", user_key="console:u", created_at=START, interviewed_at=START,
                     company=company, role=role)


@pytest.mark.parametrize("word", GENERIC_ROLE_WORDS)
def test_a_role_ending_in_a_generic_word_reads_whole(word: str) -> None:
    iv = interview(f"backend {word}")
    assert iv.label == f"backend {word} at Acme"
    assert the_label(iv) == f"the backend {word} at Acme"
    assert role_phrase(iv) == f"the backend {word}"
    for text in (iv.label, the_label(iv), role_phrase(iv)):
        assert not DOUBLED.search(text), text


def test_backend_vacancy_is_not_the_backend_vacancy_role() -> None:
    iv = interview("backend vacancy")
    assert the_label(iv) == "the backend vacancy at Acme"
    assert role_phrase(iv) == "the backend vacancy"


@pytest.mark.parametrize("word", GENERIC_ROLE_WORDS)
def test_the_generic_word_counts_in_any_case(word: str) -> None:
    iv = interview(f"Backend {word.capitalize()}")
    assert iv.label == f"Backend {word.capitalize()} at Acme"
    assert role_phrase(iv) == f"the Backend {word.capitalize()}"


def test_a_named_role_gets_its_kind_added() -> None:
    iv = interview("Backend developer")
    assert iv.label == "Backend developer role at Acme"
    assert the_label(iv) == "the Backend developer role at Acme"
    assert role_phrase(iv) == "the Backend developer position"


def test_a_generic_word_inside_a_role_is_not_its_end() -> None:
    # "Job" starts the role and "postman" only begins with "post": both still get their kind.
    assert interview("Job coach").label == "Job coach role at Acme"
    assert role_phrase(interview("postman")) == "the postman position"


@pytest.mark.parametrize("word", GENERIC_ROLE_WORDS)
def test_extraction_reads_the_role_before_every_generic_word(word: str) -> None:
    facts = extract(f"Just had an interview at Acme for the data analyst {word}", START, LONDON)
    assert facts.role == "data analyst"
