"""`make nlu-train`: train Hearback's three statistical models from the corpus's development
split (never the held-out one) and write them into the package, where the bot loads them:

- entities: a linear-chain CRF (CRFsuite) that tags the companies, agencies, roles and people
  of a message, token by token (BIO labels);
- intents: a maximum-entropy classifier (CRFsuite on one-item sequences) over word and
  character n-grams, for what a message is about;
- parts: a maximum-entropy classifier over the words around a person's name, the rules'
  reading and marks of the whole message, for what that person was to the user.

Spans for the entity model come from the annotations: each annotated value is looked up in its
message (ignoring case) and its tokens labelled; a value that cannot be found is left out.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import pycrfsuite

from bot.core.language.models import ENTITIES_MODEL, INTENTS_MODEL, PARTS_MODEL
from bot.core.language.part_features import part_features
from bot.core.language.parts import rule_parts
from bot.core.language.people import later_mentions
from bot.core.language.tokens import Token, message_features, token_features, tokenize
from tests.nlu.evaluate import heldout, load

LABELS = {"company": "COMPANY", "agency": "AGENCY", "role": "ROLE"}
_GENERIC_TAIL = re.compile(r"\s+(?:role|position|job|post|opening|vacancy)$", re.IGNORECASE)


def _find(tokens: list[Token], text: str, value: str) -> list[tuple[int, int]]:
    """Token ranges [i, j) whose text is `value`, ignoring case and spacing."""
    want = [t.low for t in tokenize(value)]
    if not want:
        return []
    lows = [t.low for t in tokens]
    return [(i, i + len(want)) for i in range(len(lows) - len(want) + 1)
            if lows[i:i + len(want)] == want]


def entity_labels(text: str, facts: dict[str, Any]) -> tuple[list[Token], list[str]]:
    """The message's tokens and their BIO labels from its annotated facts."""
    tokens = tokenize(text)
    labels = ["O"] * len(tokens)

    def mark(value: str, label: str, *, every: bool) -> None:
        for i, j in _find(tokens, text, value)[: None if every else 1]:
            if all(lab == "O" for lab in labels[i:j]):
                labels[i] = f"B-{label}"
                for k in range(i + 1, j):
                    labels[k] = f"I-{label}"

    for key, label in LABELS.items():
        if isinstance(facts.get(key), str):
            mark(facts[key], label, every=False)
    for person in facts.get("people", []):
        name = person["name"]
        mark(name, "PERSON", every=True)
        # "Dr. Amara Diallo" may be written without the title, and "Nadia" alone later on.
        bare = re.sub(r"^(?:mr|mrs|ms|miss|dr|prof)\.?\s+", "", name, flags=re.IGNORECASE)
        if bare != name:
            mark(bare, "PERSON", every=True)
    return tokens, labels


def train_entities(records: list[dict[str, Any]], path: Path) -> None:
    """Fit and save the entity CRF on `records` (first messages)."""
    trainer = pycrfsuite.Trainer(verbose=False)
    for rec in records:
        tokens, labels = entity_labels(rec["text"], rec.get("facts", {}))
        if tokens:
            trainer.append(token_features(tokens), labels)
    trainer.set_params({"c1": 0.05, "c2": 0.05, "max_iterations": 200,
                        "feature.possible_transitions": True})
    trainer.train(str(path))


def intent_examples(first: list[dict[str, Any]], follow: list[dict[str, Any]]
                    ) -> list[tuple[str, str]]:
    """(text, intent) pairs: follow-ups as annotated; first messages as reports (or upcoming
    interviews, or "other" for those not about an interview)."""
    kinds = {"past": "report", "upcoming": "upcoming", "none": "other"}
    pairs = [(r["text"], kinds[r.get("kind", "past")]) for r in first]
    pairs += [(r["text"], r["intent"]) for r in follow
              if not r["intent"].startswith("command:")]
    return pairs


def train_intents(pairs: list[tuple[str, str]], path: Path) -> None:
    """Fit and save the intent classifier on (text, intent) pairs."""
    trainer = pycrfsuite.Trainer(verbose=False)
    for text, intent in pairs:
        trainer.append([message_features(text)], [intent])
    trainer.set_params({"c1": 0.0, "c2": 0.3, "max_iterations": 300})
    trainer.train(str(path))


_TITLE = re.compile(r"^(?:mr|mrs|ms|miss|dr|prof)\.?\s+", re.IGNORECASE)


def _mention(text: str, name: str) -> tuple[int, int] | None:
    """Where `name` is first written in `text` (ignoring case), with or without its title, or
    its last word alone; None when it is not there."""
    for form in (name, _TITLE.sub("", name), name.split()[-1]):
        if form and (at := re.search(rf"(?<!\w){re.escape(form)}(?!\w)", text, re.IGNORECASE)):
            return at.start(), at.end()
    return None


def part_examples(records: list[dict[str, Any]]) -> list[tuple[list[str], str]]:
    """(features, part) for every person annotated in `records` whose name is found."""
    out = []
    for rec in records:
        facts = rec.get("facts", {})
        people = [(p, m) for p in facts.get("people", [])
                  if (m := _mention(rec["text"], p["name"]))]
        later = later_mentions(rec["text"], [(p["name"], m[1]) for p, m in people])
        rules = rule_parts(rec["text"], [m for _, m in people], facts.get("agency"), later,
                           role=facts.get("role"))
        for order, ((person, (start, end)), rule) in enumerate(zip(people, rules, strict=True)):
            out.append((part_features(rec["text"], start, end, person["name"], rule, order,
                                      len(people)), person["as"]))
    return out


def train_parts(examples: list[tuple[list[str], str]], path: Path) -> None:
    """Fit and save the part classifier on (features, part) pairs."""
    trainer = pycrfsuite.Trainer(verbose=False)
    for feats, part in examples:
        trainer.append([feats], [part])
    trainer.set_params({"c1": 0.0, "c2": 1.0, "max_iterations": 200})
    trainer.train(str(path))


# The fresh first-message sets (GUIDE.md, "Fresh sets") train the parts and intents models but
# not the entity tagger: their writers saved an employer without its branch ("IKEA" for "IKEA
# Wembley") where the first writers kept it, and with both conventions the tagger began to drop
# employers ("a phone screen with Priya from Northwind" read Northwind as an agency).
FRESH_WRITERS = frozenset({"n", "p"})


def entity_records(first: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The first messages the entity tagger learns from (not the fresh sets')."""
    return [r for r in first if r["id"].split("-")[0] not in FRESH_WRITERS]


def main() -> int:
    first = [r for r in load("first") if not heldout(r["id"])]
    follow = [r for r in load("follow") if not heldout(r["id"])]
    train_entities(entity_records(first), ENTITIES_MODEL)
    train_intents(intent_examples(first, follow), INTENTS_MODEL)
    train_parts(part_examples(first), PARTS_MODEL)
    print(f"trained on {len(first)} first messages and {len(follow)} follow-ups (development "
          f"split): " + ", ".join(f"{m.name} {m.stat().st_size:,} bytes"
                                  for m in (ENTITIES_MODEL, INTENTS_MODEL, PARTS_MODEL)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
