"""Corrections people make as they type: "at 3:00? no it was 1:30", "Quillbot... no wait,
Quillworks", "Port of Tilbury? no sorry, at Thamesmead Container Terminal", "It was Friday at 2,
wait no, it got moved to Monday at 2". The words corrected are taken out, so every reader of the
message (company, people, dates, times) sees only what the user meant.

A correction is a marker ("no sorry", "no wait", "wait no", "sorry, I mean", a "no" right after
"?" or a dash, "scratch that", "or rather") followed by the right words. What it replaces is the
last phrase of the same kind before the marker, in the same sentence: a time for a time, a day for
a day, a phrase that starts with the same preposition ("at …", "with …"), or a capitalised name
for a name. When no such phrase is found the text is left as it is: a correction whose target is
not clear changes nothing.
"""

from __future__ import annotations

import re

# A marker that can only be a correction ("no wait") corrects any kind of phrase; one that may
# also answer a question or start a thought ("? no", ", I mean") corrects only a time, a day or a
# phrase with a preposition, never a name ("Did they say when? No, Sarah said soon").
_MARKER = re.compile(
    r"[\s,.…?!—–-]*(?:(?P<strong>\bno,?\s+sorry\b|\bno,?\s+wait\b|\bwait,?\s+no\b|\bsorry,?\s+i\s+"
    r"mean\b|\bscratch\s+that\b|\bor\s+rather\b)|(?<=[?…—–])\s*no\b(?![.!])|(?<=[?…—–]\s)no\b(?![.!])|"
    r"(?<=[,.…—–-])\s*i\s+mean\b|(?<=[,.…—–-]\s)i\s+mean\b)[\s,.…:—–-]*"
    r"(?:(?:it|that)\s+was\s+|it\s+got\s+moved\s+to\s+|they\s+moved\s+it\s+to\s+)?",
    re.IGNORECASE)
_DAY = (r"(?:on\s+)?(?:(?:last|this|next)\s+)?(?:monday|tuesday|wednesday|thursday|friday|"
        r"saturday|sunday|yesterday|today|tomorrow|tonight|morning|afternoon|evening|night)\b|"
        r"the\s+\d{1,2}(?:st|nd|rd|th)\b")
# (a clock, not a count: "no 3 people interviewed me")
_TIME = r"\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.|o'?\s?clock)?(?!\w)(?!\s+[a-z]{3,})"
_PREPOSITION = r"(?:at|on|with|for|by|in|via|from)\b"
# A name, not a sentence's first word: at most four words after a lowercase word or "at".
_NAME = (r"(?<=[a-z,]\s)[A-Z][\w&'’.-]*(?:\s+(?:of\s+|and\s+|&\s+|the\s+)?[A-Z][\w&'’.-]*){0,3}"
         r"(?=[\s.…,—–-]*$)")
_SENTENCE_END = re.compile(r"[.!?](?=\s+[A-Z])|\n")
WINDOW = 80  # characters before the marker searched for what it corrects


def _target(before: str, head: str, *, strong: bool) -> int | None:
    """Where in `before` the phrase that `head` corrects starts; None when none is clear.
    Only a `strong` marker corrects a name."""
    if re.match(rf"at\s+{_TIME}", head, re.IGNORECASE):
        kind = rf"(?:at\s+)?{_TIME}"  # "at 3? no, at 1": from the first "at"
    elif re.match(_TIME, head, re.IGNORECASE):
        kind = _TIME
    elif re.match(_DAY, head, re.IGNORECASE):
        kind = _DAY
    elif m := re.match(_PREPOSITION, head, re.IGNORECASE):
        kind = rf"\b{m.group(0)}\b"
    elif strong and re.match(r"[A-Z]", head) and not re.match(
            r"(?:I|They|It|We|She|He|You|That|This)\b", head):
        kind = _NAME
    else:
        return None
    flags = 0 if kind == _NAME else re.IGNORECASE
    found = [m.start() for m in re.finditer(rf"(?<![\w'’]){kind}", before, flags)
             if m.group(0).strip()]
    return found[-1] if found else None


def without_corrections(text: str) -> str:
    """`text` with each corrected phrase and its marker taken out ("at 3:00? no it was 1:30"
    -> "at 1:30"); unchanged when it has no correction whose target is clear."""
    out, pos = [], 0
    for m in _MARKER.finditer(text):
        if m.start() < pos:
            continue
        head = text[m.end():m.end() + 40]
        start = max(pos, m.start() - WINDOW)
        ends = [e.end() for e in _SENTENCE_END.finditer(text, start, m.start())]
        start = ends[-1] if ends else start
        at = _target(text[start:m.start()], head, strong=m.group("strong") is not None)
        if at is None or not head.strip():
            continue
        out.append(text[pos:start + at])
        pos = m.end()
    return "".join(out) + text[pos:] if out else text
