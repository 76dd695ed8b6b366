"""Corrections in plain words, at any point: "no, the company is Larkfield", "it's Ines not
Inez", "actually the decision is next Friday". The fact is fixed through the intake's own step
(so it is read and checked as an answer would be) and the plan follows."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from bot.core.coaching import intake
from bot.core.contract.context import Ctx
from bot.core.contract.messages import Reply, reply
from bot.core.contract.models import Interview
from bot.core.plan.schedule import open_interviews

# Words for a fact -> the intake step that asks it.
STEP_OF_WORD = {"company": "company", "employer": "company", "firm": "company",
                "role": "role", "job": "role", "position": "role", "title": "role",
                "job title": "role", "interviewer": "interviewer", "name": "interviewer",
                "interviewer's name": "interviewer", "her name": "interviewer",
                "his name": "interviewer", "decision": "decision", "decision date": "decision",
                "deadline": "decision", "date": "decision"}
_MARK = r"(?:no|nope|sorry|oops|actually|wait|correction|my\s+bad|typo)"
_FIELDS = "|".join(sorted(STEP_OF_WORD, key=len, reverse=True))
_FIELD_RE = re.compile(
    rf"^(?:{_MARK}\b[\s,.!:-]*)*(?:the\s+)?(?P<field>{_FIELDS})"
    r"\s+(?:is|was|should\s+be|=|:)\s+(?P<value>.+?)[.!]*$", re.IGNORECASE)
_NOT_RE = re.compile(rf"^(?:{_MARK}\b[\s,.!:-]*)*(?:it'?s|its|it\s+is|it\s+was)\s+(?P<value>.+?)"
                     r"\s*,?\s+not\s+(?P<old>.+?)[.!]*$", re.IGNORECASE)
_HAS_MARK = re.compile(rf"^{_MARK}\b", re.IGNORECASE)


@dataclass(frozen=True)
class Correction:
    """A fix the user asked for: the intake step of the fact (None: the one whose value looks
    like `old`), the new value as typed, and the old value they named."""

    step: str | None
    value: str
    old: str | None = None


# A value that is chat, not a fact: "really nice now that I think about it", "still advertised".
_CHAT = re.compile(r"\b(?:really|very|so|still|going|think|thought|nice|great|good|fine|well|"
                   r"bad|given|said|advertised|open|now|again|too|just|about|probably|maybe)\b",
                   re.IGNORECASE)
_SPELT = re.compile(r"^(?:spelt|spelled|written|actually)\s+", re.IGNORECASE)
MAX_VALUE_WORDS = 5


def correction_of(text: str, *, marked_only: bool) -> Correction | None:
    """The correction a message asks for, or None. With `marked_only`, "the company is X"
    counts only after "no", "actually", "sorry"... (outside a question it could be chat). A
    value of more than a few words, or one that reads as chat, is no correction."""
    text = " ".join(text.split())
    if m := _NOT_RE.match(text):
        fix = Correction(None, m.group("value"), m.group("old"))
    else:
        m = _FIELD_RE.match(text)
        if m is None or (marked_only and not _HAS_MARK.match(text)):
            return None
        fix = Correction(STEP_OF_WORD[m.group("field").lower()],
                         _SPELT.sub("", m.group("value")))
    words = fix.value.split()
    if not words or len(words) > MAX_VALUE_WORDS or _CHAT.search(fix.value):
        return None
    return fix


def _step_like(values: dict[str, str | None], old: str) -> str | None:
    scored = [(fuzz.WRatio(old.lower(), v.lower()), step) for step, v in values.items() if v]
    best = max(scored, default=(0.0, None))
    return best[1] if best[0] >= 80 else None


def correct(ctx: Ctx, text: str) -> list[Reply] | None:
    """Apply a correction: to the intake in progress, or to the interview logged last. None
    when the message is no correction (or names nothing Hearback has)."""
    dialog = ctx.repo.get_dialog(ctx.user.key)
    in_intake = dialog is not None and dialog.flow == intake.FLOW
    fix = correction_of(text, marked_only=not in_intake)
    if fix is None:
        return None
    if dialog is not None and in_intake:
        s = intake.state_of(dialog)
        if s.update is not None:
            return None  # answering an edit question: the answer itself is the fix
        values = {"company": s.company, "role": s.role, "interviewer": s.interviewer}
        step = fix.step or _step_like(values, fix.old or "")
        if step is None:
            return None
        value = _patched(values.get(step), fix)
        return [reply(f"Fixed — {LABELS[step]}: {value}."),
                *intake.correct(ctx, dialog, step, value)]
    if dialog is not None:
        return None
    latest: Interview | None = max(open_interviews(ctx), key=lambda iv: iv.created_at,
                                   default=None)
    if latest is None:
        return None
    values = {"company": latest.company, "role": latest.role, "interviewer": latest.interviewer}
    step = fix.step or _step_like(values, fix.old or "")
    if step is None:
        return None
    intake.start_update(ctx, latest, "", step, edit=True)
    opened = ctx.repo.get_dialog(ctx.user.key)
    if opened is None:
        return None
    return intake.answer_text(ctx, opened, _patched(values.get(step), fix))


# How each fact is named when a fix is confirmed.
LABELS = {"company": "company", "role": "role", "interviewer": "interviewer",
          "decision": "decision date"}


def _patched(current: str | None, fix: Correction) -> str:
    """The fixed value: "it's Ines not Inez" changes only that word of "Inez Duarte"."""
    if current and fix.old and fix.old.lower() in current.lower() and \
            fix.old.lower() != current.lower():
        at = current.lower().index(fix.old.lower())
        return current[:at] + fix.value + current[at + len(fix.old):]
    return fix.value
