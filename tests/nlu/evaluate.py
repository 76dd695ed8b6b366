"""`make nlu-eval`: how well Hearback understands the corpus in tests/nlu/corpus/ (see GUIDE.md).

For first messages: per fact, how many stated facts were saved right, missed (the user must
re-type them), wrong, and how many were invented when not stated; how many interview reports
were not recognised. For follow-ups: intent accuracy, with a confusion list. Figures are given
for the development split and the held-out split; failures are listed for the development
split only (the held-out one is never tuned on). With `--check`, exits 1 when a held-out figure
is below the floors in FLOORS. It measures quality, not time.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bot.core import features
from bot.core.language.facts import Understanding, read_first_message, read_follow_up

CORPUS = Path(__file__).parent / "corpus"
TZ = ZoneInfo("Europe/London")
NOW = datetime(2026, 11, 25, 15, 0, tzinfo=TZ)
FACTS = ("company", "agency", "role", "people", "people.as", "email", "phone", "interviewed",
         "decision", "no_decision_date", "informer", "agreed")
# The held-out figures CI enforces (`--check`); raised as the understanding improves, never
# lowered to let a change through.
# Set from the held-out figures as they stand (2026-12-02, sixth session: 91.0%, 7.9%, 98.5%,
# 95.3%; the fifth ended at 90.7%, 8.1%, 98.5%, 95.3%). The targets are 92%, 1%, 100%
# and 95%.
FLOORS = {
    "facts_right": 0.905,         # share of stated facts saved right
    "wrong_or_invented": 0.080,   # (wrong + invented) / stated facts, at most
    "reports_recognised": 0.98,   # share of interview reports recognised
    "intents": 0.95,              # share of follow-ups whose intent is right
}
# What a command typed in full gives the user, as an intent of the guide.
COMMAND_INTENTS = {"rehearse": "rehearse", "help": "help", "status": "status", "list": "status",
                   "done": "thank_you_sent", "snooze": "remind", "start": "greeting",
                   "reminders": "remind", "note": "note", "withdraw": "withdraw"}
GENERIC = re.compile(r"\s+(?:role|position|job|post|opening|vacancy)$")
TITLES = re.compile(r"^(?:mr|mrs|ms|miss|dr|prof)\.?\s+")


def heldout(record_id: str) -> bool:
    """About a third of the records, by a hash of the id: not chosen by anyone."""
    return int(hashlib.sha256(record_id.encode()).hexdigest(), 16) % 3 == 0


def load(kind: str) -> list[dict[str, Any]]:
    """Every record of `kind` ("first" or "follow"), from every writer's file."""
    records: list[dict[str, Any]] = []
    for path in sorted(CORPUS.glob(f"*_{kind}.jsonl")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                try:
                    records.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    raise SystemExit(f"{path.name}:{n}: {exc}") from exc
    return records


# -- comparing one fact ---------------------------------------------------------------------------
def _plain(value: str) -> str:
    text = re.sub(r"\s+", " ", value.casefold().replace("’", "'")).strip(" .,;:!?\"'")
    return re.sub(r"^the ", "", text)


def _role(value: str) -> str:
    return GENERIC.sub("", _plain(value))


def _name(value: str) -> str:
    return TITLES.sub("", _plain(value))


def _digits(value: str) -> str:
    return re.sub(r"\D", "", value)


def _when_matches(expected: str, got: datetime | None, *, has_time: bool) -> bool:
    if got is None:
        return False
    local = got.astimezone(TZ)
    if "T" not in expected:
        return local.date().isoformat() == expected
    return has_time and local.strftime("%Y-%m-%dT%H:%M") == expected


def compare(key: str, expected: Any, got: Understanding) -> str | None:
    """"right", "wrong", "missed", "invented" or None (neither stated nor found) for one fact
    (not for people, see `compare_people`)."""
    found: Any
    if key == "company":
        found = got.company
        same = found is not None and expected is not None and _plain(found) == _plain(expected)
    elif key == "agency":
        found = got.agency
        same = found is not None and expected is not None and _plain(found) == _plain(expected)
    elif key == "role":
        found = got.role
        same = found is not None and expected is not None and _role(found) == _role(expected)
    elif key == "email":
        found = got.email
        same = found is not None and expected is not None and found.lower() == expected.lower()
    elif key == "phone":
        found = got.phone
        same = found is not None and expected is not None and \
            _digits(found).lstrip("0") == _digits(expected).lstrip("0")
    elif key == "interviewed":
        found = got.interviewed
        same = expected is not None and _when_matches(expected, found,
                                                      has_time=got.interviewed_has_time)
    elif key == "decision":
        found = got.decision
        options = expected if isinstance(expected, list) else [expected]
        same = found is not None and found.isoformat() in options
    elif key == "no_decision_date":
        found = got.no_decision_date or None
        same = bool(found) == bool(expected)
    elif key == "informer":
        found = got.informer
        same = found == expected
    elif key == "agreed":
        found = got.agreed_at
        same = (expected is not None and found is not None
                and got.agreed_kind == expected.get("kind")
                and _when_matches(expected["at"], found, has_time=got.agreed_has_time))
    else:
        raise ValueError(key)
    if expected is None or expected is False:
        return "invented" if found else None
    if not found:
        return "missed"
    return "right" if same else "wrong"


def compare_people(expected: list[dict[str, str]], got: Understanding) -> list[tuple[str, str]]:
    """(fact, verdict) for each person stated or found: "people" for the name, "people.as"
    for their part (interviewer, recruiter...) when the name is right."""
    out: list[tuple[str, str]] = []
    found = {_name(p.name): p for p in got.people}
    unmatched_found = dict(found)
    unmatched_expected = []
    for person in expected:
        match = found.get(_name(person["name"]))
        if match is None:
            unmatched_expected.append(person)
            continue
        unmatched_found.pop(_name(person["name"]), None)
        out.append(("people", "right"))
        out.append(("people.as", "right" if match.part == person.get("as") else "wrong"))
    # A stated person not found, with someone else found instead: a wrong name.
    extra = list(unmatched_found.values())
    for _person in unmatched_expected:
        out.append(("people", "wrong" if extra and extra.pop(0) else "missed"))
    out += [("people", "invented") for _ in extra]
    return out


# -- the report -----------------------------------------------------------------------------------
@dataclass
class Tally:
    """Counts for one split."""

    facts: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    reports: Counter[str] = field(default_factory=Counter)
    intents: Counter[str] = field(default_factory=Counter)
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)

    def stated(self) -> int:
        return sum(c["right"] + c["missed"] + c["wrong"] for c in self.facts.values())

    def figures(self) -> dict[str, float]:
        stated = self.stated() or 1
        right = sum(c["right"] for c in self.facts.values())
        bad = sum(c["wrong"] + c["invented"] for c in self.facts.values())
        reports = self.reports["recognised"] + self.reports["missed"] or 1
        intents = self.intents["right"] + self.intents["wrong"] or 1
        return {"facts_right": right / stated, "wrong_or_invented": bad / stated,
                "reports_recognised": self.reports["recognised"] / reports,
                "intents": self.intents["right"] / intents}


def intent_of(text: str) -> str:
    """A follow-up's intent as the engine reads it: a command word first, then free text."""
    cmd = features.parse_command(text, in_dialog=False)
    if cmd is not None:
        # A command word typed with text after it ("rehearse the call w/ me pls") runs that
        # command: the user gets the feature the intent asks for.
        return COMMAND_INTENTS.get(cmd.word, f"command:{cmd.word}")
    meant = features.suggest_command(text)
    if meant is not None and text.strip().startswith("/"):
        return f"command:{meant}"
    intent = read_follow_up(text, NOW, TZ)
    return f"command:{meant}" if intent == "other" and meant is not None else intent


def evaluate(first: Iterable[dict[str, Any]], follow: Iterable[dict[str, Any]]
             ) -> dict[str, Tally]:
    """Run the understanding over the corpus: a Tally for "dev" and one for "heldout"."""
    tallies = {"dev": Tally(), "heldout": Tally()}
    for rec in first:
        tally = tallies["heldout" if heldout(rec["id"]) else "dev"]
        got = read_first_message(rec["text"], NOW, TZ)
        if rec.get("kind", "past") in ("past", "upcoming"):
            ok = got.kind == rec.get("kind", "past")
            tally.reports["recognised" if ok else "missed"] += 1
            if not ok:
                tally.failures.append(f"{rec['id']} not recognised as {rec.get('kind', 'past')} "
                                      f"(read as {got.kind}): {rec['text'][:120]!r}")
        expected = rec.get("facts", {})
        for key in FACTS:
            if key == "people.as" or (key == "interviewed" and rec.get("kind") == "upcoming"):
                continue  # (writers differ on whether an upcoming interview's day goes here)
            if key == "people":
                verdicts = compare_people(expected.get("people", []), got)
            else:
                verdict = compare(key, expected.get(key), got)
                verdicts = [(key, verdict)] if verdict else []
            for fact, verdict in verdicts:
                tally.facts[fact][verdict] += 1
                if verdict != "right":
                    tally.failures.append(f"{rec['id']} {fact} {verdict}: expected "
                                          f"{expected.get(fact.split('.')[0])!r}, got "
                                          f"{got.show(fact)!r}: {rec['text'][:120]!r}")
    for rec in follow:
        tally = tallies["heldout" if heldout(rec["id"]) else "dev"]
        intent = intent_of(rec["text"])
        ok = intent == rec["intent"]
        tally.intents["right" if ok else "wrong"] += 1
        if not ok:
            tally.confusion[(rec["intent"], intent)] += 1
            tally.failures.append(f"{rec['id']} intent {rec['intent']} read as {intent}: "
                                  f"{rec['text'][:120]!r}")
    return tallies


def _pct(n: float) -> str:
    return f"{100 * n:5.1f}%"


def report(tallies: dict[str, Tally], *, show_failures: bool) -> str:
    """The printed report: per fact and split, recognition, intents and confusions."""
    lines = []
    for split, tally in tallies.items():
        lines.append(f"== {split} split ==")
        lines.append(f"{'fact':18} {'stated':>6} {'right':>6} {'missed':>6} {'wrong':>6} "
                     f"{'invented':>8}")
        for key in FACTS:
            c = tally.facts.get(key, Counter())
            stated = c["right"] + c["missed"] + c["wrong"]
            lines.append(f"{key:18} {stated:6} {c['right']:6} {c['missed']:6} {c['wrong']:6} "
                         f"{c['invented']:8}")
        fig = tally.figures()
        lines.append(f"stated facts right {_pct(fig['facts_right'])}, wrong or invented "
                     f"{_pct(fig['wrong_or_invented'])} of {tally.stated()} stated facts")
        lines.append(f"interview reports recognised {_pct(fig['reports_recognised'])} "
                     f"({tally.reports['missed']} not recognised)")
        total = tally.intents["right"] + tally.intents["wrong"]
        lines.append(f"intents right {_pct(fig['intents'])} of {total}")
        for (want, got), n in tally.confusion.most_common(12):
            lines.append(f"  {want} read as {got}: {n}")
        if show_failures and split == "dev" and tally.failures:
            lines.append(f"-- {len(tally.failures)} failures (dev) --")
            lines += [f"  {f}" for f in tally.failures]
        lines.append("")
    return "\n".join(lines)


def below_floors(tally: Tally) -> list[str]:
    """The held-out figures under their floor (over it, for wrong_or_invented)."""
    fig = tally.figures()
    bad = [f"{k} {_pct(fig[k])} < {_pct(v)}" for k, v in FLOORS.items()
           if k != "wrong_or_invented" and fig[k] < v]
    if fig["wrong_or_invented"] > FLOORS["wrong_or_invented"]:
        bad.append(f"wrong_or_invented {_pct(fig['wrong_or_invented'])} > "
                   f"{_pct(FLOORS['wrong_or_invented'])}")
    return bad


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="nlu-eval", description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 below the floors")
    parser.add_argument("--failures", action="store_true", help="list the dev failures")
    args = parser.parse_args(argv)
    tallies = evaluate(load("first"), load("follow"))
    print(report(tallies, show_failures=args.failures))
    if args.check and (bad := below_floors(tallies["heldout"])):
        print("held-out figures below the floors: " + "; ".join(bad))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
