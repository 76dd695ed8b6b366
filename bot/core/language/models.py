"""The two statistical models of language/, trained from the corpus's development split by
`make nlu-train` (tests/nlu/train.py) and shipped in model/: an entity tagger (which words are
a company, an agency, a role, a person) and an intent classifier. Both are CRFsuite models,
loaded once per process; reading a message with them takes well under a millisecond."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pycrfsuite

from bot.core.language.tokens import Token, message_features, token_features, tokenize

MODEL_DIR = Path(__file__).parent / "model"
ENTITIES_MODEL = MODEL_DIR / "entities.crfsuite"
INTENTS_MODEL = MODEL_DIR / "intents.crfsuite"
PARTS_MODEL = MODEL_DIR / "parts.crfsuite"


@dataclass(frozen=True)
class Span:
    """A run of tokens the tagger labelled: its label (COMPANY, AGENCY, ROLE, PERSON), the
    text as written, and its character offsets in the message."""

    label: str
    text: str
    start: int
    end: int


@lru_cache(maxsize=1)
def _tagger() -> pycrfsuite.Tagger:
    tagger = pycrfsuite.Tagger()
    tagger.open(str(ENTITIES_MODEL))
    return tagger


@lru_cache(maxsize=1)
def _classifier() -> pycrfsuite.Tagger:
    tagger = pycrfsuite.Tagger()
    tagger.open(str(INTENTS_MODEL))
    return tagger


def entity_spans(text: str) -> list[Span]:
    """The labelled spans of a message, in order."""
    tokens = tokenize(text)
    if not tokens:
        return []
    labels = _tagger().tag(token_features(tokens))
    spans: list[Span] = []
    current: list[Token] = []
    kind = ""
    for tok, label in [*zip(tokens, labels, strict=True), (None, "O")]:
        inside = label.startswith("I-") and label[2:] == kind and current
        if current and not inside:
            spans.append(Span(kind, text[current[0].start:current[-1].end], current[0].start,
                              current[-1].end))
            current, kind = [], ""
        if tok is not None and label != "O" and not inside:
            current, kind = [tok], label[2:]
        elif tok is not None and inside:
            current.append(tok)
    return spans


def intent_scores(text: str) -> dict[str, float]:
    """Each intent the classifier knows, with its probability for this message."""
    return dict(_scores(text))


@lru_cache(maxsize=256)
def _scores(text: str) -> tuple[tuple[str, float], ...]:
    # One turn asks for the same message's scores several times (the intent, then whether it
    # reports an interview): computed once.
    classifier = _classifier()
    classifier.set([message_features(text)])
    return tuple((label, classifier.marginal(label, 0)) for label in classifier.labels())


@lru_cache(maxsize=1)
def _parts() -> pycrfsuite.Tagger:
    tagger = pycrfsuite.Tagger()
    tagger.open(str(PARTS_MODEL))
    return tagger


def part_scores(features: list[str]) -> dict[str, float]:
    """Each part (interviewer, hiring manager, recruiter, hr, panel, other) with its
    probability for one person, from language.part_features.part_features."""
    tagger = _parts()
    tagger.set([features])
    return {label: tagger.marginal(label, 0) for label in tagger.labels()}
