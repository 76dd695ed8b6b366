"""Who will tell the user the result, as a message about an interview says it: HR or a
recruiter, an automated mailing, or the interviewer themself."""

from __future__ import annotations

import re

from bot.core.language.moments import PROMISE

# Who will tell the result: the subject of a promise to get back to the user.
_PROMISE_VERB = (r"(?:let\s+(?:me|us)\s+know|get\s+back|come\s+back|circle\s+back|reach\s+out|"
                 r"be\s+in\s+touch|get\s+in\s+touch|update|inform|contact|confirm|revert|call|"
                 r"ring|wring|phone|text|e-?mail|message|whatsapp|ping|send|decide|know|respond|"
                 r"reply|chase|post|write|feed\s*back|sort)")
_WILL = r"(?:will|'ll|’ll|would|'d|’d|is\s+going\s+to|are\s+going\s+to|gonna|should|to)"
_HR_INFORMS = re.compile(
    rf"\b(?:hr|human\s+resources|recruit\w*|talent\s+\w+|people\s+team|agency)\b[^.!?\n]{{0,40}}?"
    rf"\b{_WILL}\s+(?:\w+\s+)?{_PROMISE_VERB}\b|"
    rf"\b(?:hear|email|e-mail|call|news|update|feedback|word)\s+(?:back\s+)?from\s+(?:the\s+)?"
    rf"(?:hr|human\s+resources|recruit\w*|talent|people\s+team|agency)\b|"
    rf"\b(?:hr|recruiter)\s+(?:will|'ll|’ll)\b", re.IGNORECASE)
_MAILING_INFORMS = re.compile(
    r"\b(?:portal|automated|no-?reply|candidate\s+(?:portal|system)|applicant\s+system|"
    r"workday|mailing|email\s+(?:team|update)|automatic\w*)\b", re.IGNORECASE)
_PERSON_INFORMS = re.compile(
    rf"\b(?:she|he)\s*(?:will|'ll|’ll|would|'d|’d|is\s+going\s+to|was\s+going\s+to|gonna)\s+"
    rf"(?:\w+\s+){{0,2}}?{_PROMISE_VERB}\b|\b(?:herself|himself)\b|\b(?:the\s+)?(?:interviewer|"
    rf"hiring\s+manager)\s+(?:will|'ll|’ll)\b", re.IGNORECASE)


def read_informer(text: str, parts: list[tuple[int, str]] | None = None) -> str | None:
    """Who will tell the result, when the message says it: "hr" (HR, a recruiter, the agency),
    "mailing" (a portal, an automated email) or "interviewer" (the person who interviewed,
    promising it themself). `parts` are the people named, as (character offset, part): "she'll
    call me" is HR when the last person named before it is a recruiter or from HR. None when
    it is not said."""
    if _HR_INFORMS.search(text):
        return "hr"
    if _MAILING_INFORMS.search(text) and PROMISE.search(text):
        return "mailing"
    if m := _PERSON_INFORMS.search(text):
        before = [part for at, part in parts or [] if at < m.start()]
        return "hr" if before and before[-1] in ("recruiter", "hr") else "interviewer"
    return None


def promised_by_name(text: str, name_end: int) -> bool:
    """Whether the words right after a name (at `name_end`) are that person's promise to get
    back to the user ("Nkechi will let me know within a week", "Ruth says she'll chase")."""
    return bool(_NAMED_PROMISE.match(text, name_end))


_NAMED_PROMISE = re.compile(
    rf"\s*(?:\([^)]*\)\s*)?(?:,[^,.!?\n]{{0,30}},\s*)?(?:{_WILL}|said\s+(?:she|he)\s*(?:'d|’d|"
    rf"would|will|'ll)|says\s+(?:she|he)\s*(?:'ll|will|’ll)|promised\s+to)\s+(?:\w+\s+){{0,2}}?"
    rf"{_PROMISE_VERB}\b", re.IGNORECASE)
