"""Features of a person named in a message, for the model of their part (interviewer, hiring
manager, recruiter, hr, panel, other): the words around the name, the rules' own reading, and
what the whole message says. Shared by the model (language.models.part_scores) and its
training (tests/nlu/train.py), so the same mention gives the same features both times."""

from __future__ import annotations

import re

from bot.core.language.tokens import tokenize

WINDOW = 6  # words read on each side of the name
_MESSAGE_MARKS = (
    ("m:panel", re.compile(r"\bpanel\b", re.IGNORECASE)),
    ("m:hm", re.compile(r"\bhiring\s+(?:manager|mgr)\b", re.IGNORECASE)),
    ("m:recruiter", re.compile(r"\brecruit\w*|\bagency\b|\bheadhunter\b", re.IGNORECASE)),
    ("m:hr", re.compile(r"\bhr\b|\bhuman\s+resources\b|\bpeople\s+team\b", re.IGNORECASE)),
)
_TITLE = re.compile(r"^(mr|mrs|ms|miss|dr|prof|ing|chief|cllr|sir)\b\.?", re.IGNORECASE)


def _words(text: str) -> list[str]:
    return [t.low for t in tokenize(text) if t.text.strip()]


def part_features(text: str, start: int, end: int, name: str, rule: str | None,
                  order: int, count: int) -> list[str]:
    """The features of the person `name` named at text[start:end]: the `rule` part (or
    "none"), the words before and after (by distance, and as a bag), the words of an aside in
    brackets right after, their place among the `count` people named (`order`, from 0), a
    title, and marks of the whole message (a panel, a hiring manager, a recruiter, HR)."""
    before = _words(text[max(0, start - 80):start])[-WINDOW:]
    after = _words(text[end:end + 80])[:WINDOW]
    feats = [f"rule={rule or 'none'}", f"order={min(order, 3)}", f"count={min(count, 4)}"]
    feats += [f"L{len(before) - i}={w}" for i, w in enumerate(before)]
    feats += [f"R{i + 1}={w}" for i, w in enumerate(after)]
    feats += [f"l={w}" for w in before] + [f"r={w}" for w in after]
    if len(before) >= 2:
        feats.append(f"LL={before[-2]}_{before[-1]}")
    if len(after) >= 2:
        feats.append(f"RR={after[0]}_{after[1]}")
    if m := re.match(r"\s*\(([^()]{1,40})\)", text[end:]):
        feats += [f"p={w}" for w in _words(m.group(1))]
    if t := _TITLE.match(name):
        feats.append(f"title={t.group(1).lower()}")
    feats += [mark for mark, rx in _MESSAGE_MARKS if rx.search(text)]
    return feats
