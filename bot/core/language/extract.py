"""Facts an interview message already states: company, role, interviewer and contact, when it
was, the promised decision date, who will inform, and an agreed time to email or call."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.core.contract.models import GENERIC_ROLE_PATTERN
from bot.core.language.contacts import find_email, find_phone
from bot.core.language.dates import ParsedDate, parse_date, states_no_date

EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE_RE = re.compile(r"(?<![\w@])\+?\d[\d ().-]{6,}\d(?!\w)")
_STOP = (r"for|about|and|today|yesterday|this|they|on|by|as|with|but|who|where|it|which|"
         r"earlier|last|just|at|in|she|he|said|went|is|was|were|has|had|looked|seemed|so|"
         r"that|then|over|done|tomorrow|to|we|i|my|their|our|when")
# Capitalised words; a dot only after a single-letter initial, so "Ann Lee. She" stops at Lee.
_NAME = (r"[A-Z](?:[\w'’-]+|\.)(?:\s+(?:van|de|von|der|da|del|le)?\s*[A-Z](?:[\w'’-]+|\.)){0,2}")
_TITLE = r"(?:(?:Mr|Mrs|Ms|Miss|Dr|Prof)\.?\s+)?"
_WITH_RE = re.compile(
    rf"\bwith\s+(?:(?:a|an|the)\s+\w+\s+(?:called|named)\s+)?({_TITLE}{_NAME})")
# After a person's name: what they are ("Mark the night manager", "Sue, the owner").
_PERSON_AFTER = re.compile(r",?\s+the\s+(?:[\w-]+\s+){0,2}(?:manager|owner|boss|supervisor|lead|"
                           r"leader|director|head|recruiter|chef|landlord|landlady)\b",
                           re.IGNORECASE)
_WORD = r"[\w&'’-]+(?:\.[\w&'’-]+)*"
_AT_RE = re.compile(
    # Words of a company name; a dot only inside a word ("J.P", "Acme.io"), so "BBC. HR" stops.
    rf"\b(?:at|from)\s+(?!\d)(?!(?:{_STOP})\b)({_WORD}(?:\s+(?!(?:{_STOP})\b){_WORD}){{0,3}})",
    re.IGNORECASE,
)
_ROLE_RE = re.compile(
    # "for the X role", "about a X job", "regarding the X vacancy", "re their X post"
    r"\b(?:for|about|regarding|re|concerning)\s+(?:(?:the|a|an|their|its|your)\s+)?"
    r"([\w/&+#.' -]{2,60}?)\s+" + GENERIC_ROLE_PATTERN +
    r"\b|\bas\s+(?:a|an|the)\s+([\w/&+#.' -]{2,60}?)(?=\s*(?:[,.;!?]|$|\s+(?:at|with|"
    r"and|today|yesterday|they)\b))",
    re.IGNORECASE,
)
# "Lisa from HR", "someone from the people team at Aviva": a department, never the employer.
_STAFF_NOT_EMPLOYER = re.compile(r"(?:the\s+)?(?:hr|human\s+resources|people(?:\s+team)?|"
                                 r"talent(?:\s+(?:team|acquisition))?|ta|recruitment|"
                                 r"personnel)(?:\s+(?:team|dept|department))?", re.IGNORECASE)
_NOT_A_ROLE = frozenset({"the", "a", "an", "their", "its", "your", "this", "that", "my", "new",
                         "same", "other"})
_WHEN_RE = re.compile(
    r"\b(just\s+(?:had|did|finished|left|got\s+out|now)|earlier\s+today|this\s+(?:morning|"
    r"afternoon|evening)|yesterday(?:\s+(?:morning|afternoon|evening))?|today|last\s+(?:mon|tue|"
    r"wed|thu|fri|sat|sun)\w*|on\s+(?:mon|tue|wed|thu|fri|sat|sun)\w*|\w+\s+hours?\s+ago)\b",
    re.IGNORECASE,
)
_AGREED_RE = re.compile(
    r"\b(email|e-mail|mail|write\s+to|call|ring|phone|text|message)\s+(?:me|him|her|them)\s+"
    r"((?:on|at|by|next|this|tomorrow|mon|tue|wed|thu|fri|sat|sun)\b[^,.;!?]*?)"
    r"(?=\s*(?:[,;!?]|\.(?:\s|$)|$|\s+(?:and|but|to|so|they|she|he)\b))",
    re.IGNORECASE,
)
_DECISION_RE = re.compile(
    r"\b(?:(?:by|before|until|till|within|no\s+later\s+than|in|on|next)\s+"
    r"((?:the\s+)?(?:end\s+of\s+(?:the\s+|this\s+|next\s+)?(?:week|month)|[^,.;!?]{1,30}?))"
    r"|(tomorrow|today|tonight|this\s+week|next\s+week|later\s+this\s+week|"
    r"(?:the\s+)?\d{1,2}(?:st|nd|rd|th)|"
    r"(?:the\s+)?end\s+of\s+(?:the\s+|this\s+|next\s+)?(?:week|month)))"
    r"(?=\s*(?:[,;!?]|\.(?:\s|$)|$|\s+(?:and|but|so|or)\b))",
    re.IGNORECASE,
)
_EMPLOYER_WILL_RE = re.compile(r"(?:\bwill|'ll|\bwould|'d|\bgoing\s+to|\bshall)\s*$", re.IGNORECASE)
_DECISION_CUE_RE = re.compile(
    r"\b(?:email\s+me|call\s+me|get\s+in\s+touch|be\s+in\s+touch|know|hear|let\s+me\s+know|hear\s+back|get\s+back|decision|decide|result|respond|answer|come\s+"
    r"back|back\s+to\s+me|reply|said|promised|call\s+me|contact\s+me|update)\b",
    re.IGNORECASE,
)


@dataclass
class Facts:
    company: str | None = None
    role: str | None = None
    interviewer: str | None = None
    interviewer_email: str | None = None
    interviewer_phone: str | None = None
    interviewed_at: datetime | None = None
    decision: ParsedDate | None = None
    decision_unknown: bool = False
    informer: str | None = None
    agreed_contact: ParsedDate | None = None
    agreed_contact_kind: str | None = None
    # The recruitment agency, and the other people named ("Priya (recruiter)").
    agency: str | None = None
    contacts: list[str] = field(default_factory=list)


def informer_in(text: str) -> str | None:
    low = text.lower()
    if re.search(r"\b(?:hr|human\s+resources|recruit\w*|talent|people\s+team)\b", low):
        return "hr"
    if re.search(r"\b(?:mailing|email\s+team|automated|portal|by\s+(?:e-?mail|letter))\b", low):
        return "mailing"
    if re.search(r"\b(?:interviewer|hiring\s+manager|she|he|herself|himself)\b\s*(?:will|'ll|"
                 r"would|is\s+going\s+to)?", low) and re.search(r"\b(?:will|'ll)\b", low):
        return "interviewer"
    return None


def clean_name(text: str, limit: int = 80) -> str:
    """User text as a fact: trimmed, single-spaced, no control characters, bounded."""
    text = "".join(" " if ch.isspace() else ch for ch in text if ch.isprintable() or ch.isspace())
    return re.sub(r"\s+", " ", text).strip(" ,.;:!?\"'")[:limit]


def extract(text: str, now: datetime, tz: ZoneInfo) -> Facts:
    facts = Facts()
    rest = text
    if email := find_email(rest):
        facts.interviewer_email = email
        rest = rest.replace(email, " ")
    if phone := find_phone(rest, tz):
        facts.interviewer_phone = re.sub(r"\s+", " ", phone).strip()
        rest = rest.replace(phone, " ")
    m = _AGREED_RE.search(rest)
    if m and _EMPLOYER_WILL_RE.search(rest[max(0, m.start() - 30): m.start()]):
        m = None  # "they'll call me next week" is their promise, not a time for the user to act
    if m:
        parsed = parse_date(m.group(2), now, tz, "future")
        if parsed is not None:
            facts.agreed_contact = parsed
            kind = m.group(1).lower()
            facts.agreed_contact_kind = "call" if kind in ("call", "ring", "phone") else "email"
            rest = rest[: m.start()] + " " + rest[m.end():]
    named = False
    if m := _WITH_RE.search(rest):
        facts.interviewer = clean_name(m.group(1))
        # "with a guy called Pete", "with Mark the night manager": said to be a person
        named = bool(re.search(r"\b(?:called|named)\s", m.group(0))) or \
            bool(_PERSON_AFTER.match(rest, m.end()))
    for m in _AT_RE.finditer(rest):
        candidate = clean_name(m.group(1))
        if candidate and not _STAFF_NOT_EMPLOYER.fullmatch(candidate) and \
                not parse_date(candidate, now, tz, "past"):
            facts.company = candidate
            break
    if facts.company is None and facts.interviewer and " " not in facts.interviewer and \
            not named:
        # "an interview with Acme": one capitalised word is more likely a company than a person.
        facts.company, facts.interviewer = facts.interviewer, None
    for m in _ROLE_RE.finditer(rest):
        role = clean_name(m.group(1) or m.group(2))
        if role and role.lower() not in _NOT_A_ROLE:  # "about the job": no title said
            facts.role = role
            break
    when_text = rest  # the agreed contact is out: "email me on Tuesday" is not the interview day
    if states_no_date(rest):
        facts.decision_unknown = True
    elif cue := _DECISION_CUE_RE.search(rest):
        # The promised date follows the promise: "on Monday, they'll let me know on Friday".
        for m in _DECISION_RE.finditer(rest, cue.start()):
            parsed = parse_date(m.group(0), now, tz, "future")
            if parsed is not None:
                facts.decision = parsed
                when_text = rest[: m.start()] + " " + rest[m.end():]
                break
    if m := _WHEN_RE.search(when_text):
        phrase = m.group(1)
        if re.match(r"just\b", phrase, re.IGNORECASE):
            facts.interviewed_at = now
        else:
            phrase = re.sub(r"^on\s+", "", phrase, flags=re.IGNORECASE)
            parsed = parse_date(phrase, now, tz, "past")
            if parsed is not None and parsed.doubt is None:
                facts.interviewed_at = parsed.when
    facts.informer = informer_in(rest)
    return facts
