"""Notes: the employer and the role as people jot them down, where the entity tagger found
none ("bupa interview done, regional clinical director.", "Interview: Paloma Kitchenware",
"my Deloitte final round", "Siemens Energy, Head of Grid Technology, Erlangen")."""

from __future__ import annotations

import re

from bot.core.contract.models import GENERIC_ROLE_PATTERN
from bot.core.language.day_phrases import DAY_PHRASE
from bot.core.language.extract import clean_name
from bot.core.language.occupations import ends_in_occupation
from bot.core.language.spelling import is_dictionary_word, word_frequency
from bot.core.language.tokens import JOB_WORDS, is_given_name, word_set
from bot.core.language.zones import is_city

TRAILING_GENERIC = re.compile(rf"\s+{GENERIC_ROLE_PATTERN}$", re.IGNORECASE)


# Notes that name the employer first or in lowercase: "bupa interview done", "old navy
# interview today", "Barclays yesterday.", "Fortis - Zonal Director", "interview w/ ocado yday".
_NOT_A_COMPANY = word_set("""
i i'm im my the a an another had have just first second third final last next phone video zoom
teams job today yesterday tomorrow tmrw got so ok okay update round interview interviews hi
hello hey dear good morning afternoon evening quick one this that it its big tech screen
yesterday's today's right well met note notes re fyi bonjour hola oi ola olá ciao hallo hej
merhaba namaste salaam salam howzit dzień dobry bom dia buenos días dias buongiorno guten tag
sir madam respected greetings hiya morning aye och ugh omg wow
interviewers interviewer people role position date when where who result results names name
name's he's she's it's that's there's
best regards kind warm warmest cheers thanks sincerely yours thank many
""")
# (Read over the first 160 characters only: a note names the employer first, and a bounded
# input keeps the pattern's backtracking bounded.)
_NOTE_LEAD = re.compile(
    r"^\W*(?P<a>[\w&'’.-]+(?:\s+[\w&'’.-]+){0,2}?)\s+(?:interview|intvw|intervew|phone\s+screen|"
    r"final|panel|assessment|onsite|trial)\b|"
    r"^\W*(?P<b>(?-i:[A-Z0-9])[\w&'’.-]*(?:\s+(?-i:[A-Z])[\w&'’.-]*){0,2})\s*(?:[,–—:]|\s-\s|"
    r"\.\s|\s+(?:yesterday|today|yday|tues|tue|mon|wed|thu|fri)\b)|"
    r"\b(?:interview(?:ed)?|screen|chat|call)\s+(?:w/|with|@|at)\s+(?P<c>(?-i:[a-z])[\w&'’.-]+"
    r"(?:\s+(?-i:[a-z])[\w&'’.-]+){0,2}?)(?=\s+(?:on|for|yday|today|yesterday|tomorrow|tmrw|this|"
    r"last|next|at|was|is|went|done|over|earlier)\b|\s*[,.!]|\s*$)", re.IGNORECASE)
# Where a note may start: the message, and the next two sentences ("Nailed it. Siltronix, test
# engineer, 2nd round.").
_SENTENCE_START = re.compile(r"[.!?\n]+\s*")


_RARE_BEFORE = re.compile(r"(?<![\w&'’.-])(?P<name>(?-i:[a-z])[\w'’]{1,20})\s+(?:interview|final|"
                          r"trial|assessment|screen|onsite|one)\b", re.IGNORECASE)
# Video and test platforms, never the employer.
_TOOLS = word_set("hirevue skype zoom teams webex codility hackerrank pymetrics sonru vervoe "
                  "spotify whatsapp")


def noted_company(text: str) -> str | None:
    """The employer a note names where the tagger found none (see _NOTE_LEAD and
    _NAMED_BY), else None."""
    found: list[str] = []
    starts = [0, *(m.end() for m in _SENTENCE_START.finditer(text[:300]))][:3]
    for start in starts:
        if m := _NOTE_LEAD.search(text[start:start + 160]):
            found.append(m.group("a") or m.group("b") or m.group("c"))
    found += [m.group("name") for rx in _NAMED_BY for m in rx.finditer(text[:600])]
    # "nailed it 😎 deliveroo interview": a lowercase word no dictionary holds, before the word
    found += [m.group("name") for m in _RARE_BEFORE.finditer(text[:600])
              if word_frequency(re.sub(r"['’]s$", "", m.group("name").lower())) == 0 and
              m.group("name").lower() not in _TOOLS]
    if m := _SIGNATURE.search(text[-300:].rstrip(" .!")):
        found.append(m.group("name"))
    for raw in found:
        name = clean_name(raw)
        words = name.lower().split()
        if not words or any(w in _NOT_A_COMPANY for w in words) or words[-1] in JOB_WORDS or \
                re.search(r"\.\s", name) or \
                DAY_PHRASE.fullmatch(name) or is_given_name(words[0]) or \
                (len(words) == 1 and words[0].endswith("ed") and is_dictionary_word(words[0])) \
                or is_city(name):
            continue  # (a person: "Jane Doe"; a verb: "Attended interview …")
        return name
    return None


_NAME = r"(?P<name>(?-i:[A-Z])[\w&'’.-]*(?:\s+(?-i:[A-Z&])[\w&'’.-]*){0,3})"
# Other places a note names its employer: "Interview: Paloma Kitchenware", "deliveroo's hiring
# manager", "my Deloitte final round", "went to Carrefour for interview", "intervew with eskom".
_NAMED_BY = tuple(re.compile(p, re.IGNORECASE) for p in (
    rf"\b(?:interview|employer|company)\s*:\s*{_NAME}",
    r"\b(?P<name>[\w&.-]+(?:\s+(?-i:[A-Z])[\w&.-]*){0,2})['’]s\s+(?:hiring\s+manager|area\s+manager|"
    r"hr|recruiter|recruitment|talent|team|head|ceo|founder|grad\w*|graduate|assessment|"
    r"interview|final|panel|screening)\b",
    rf"\b(?:my|the)\s+{_NAME}\s+(?:final|panel|interview|screening|assessment|onsite|trial|"
    rf"round|chat|call)\b",
    rf"\bwent\s+to\s+{_NAME}\s+for\b",
    # "in Corvane Bengaluru office", "at Pemberly's Leeds branch"
    rf"\b(?:at|in)\s+(?:the\s+|their\s+)?{_NAME}\s+(?:office|offices|branch|site|hq|"
    rf"headquarters|campus|depot|warehouse)\b",
    r"\b(?:interv\w*|screen\w*)\s+(?:w/|wi|with|@|at|of)\s+(?P<name>(?-i:[a-z])[\w&'’.-]+)"
    r"(?=\s+(?:for|on|yesterday|today|yday|this|last)\b)",
))
# A pasted e-mail's signature, the name, the title, then the employer: "Best, Jane Doe, Talent
# Partner, Acme Ltd" (read over the last 300 characters).
_SIGNATURE = re.compile(
    rf"\b(?:best|regards|kind\s+regards|best\s+wishes|thanks|cheers|sincerely|many\s+thanks)"
    rf"[,!]?\s+[^,\n]{{2,40}}[,\n]\s*[^,\n]{{2,50}}[,\n]\s*{_NAME}\s*$", re.IGNORECASE)


# A note puts the role right after the employer: "Siemens Energy, Head of Grid Technology,
# Erlangen", "Jumia, Logistics Supervisor.", "zalando. frontend dev.", "Greyfriars (taproom
# manager)".
_ROLE_PIECE = re.compile(r"\s*(?:[,–—:(]|\s-\s|\.)\s*(?P<role>[^,.;:!?()\n–—]{2,60}?)\s*"
                         r"(?=[,.;:!?()\n–—]|\s-\s|$)")
_NOT_A_ROLE = re.compile(r"\b(?:hiring\s+manager|interview\w*|recruit\w*|hr|panel(?!\s+beater)|i|"
                         r"my|me|we|they|he|she|was|were|is|went|had|did|said|today|yesterday|tomorrow|"
                         r"morning|afternoon|done|over|finished|office|site)\b", re.IGNORECASE)


def role_after(text: str, company: str | None) -> str | None:
    """The role a note writes right after the employer's name, when it reads as a job (ends
    in a job word: "Logistics Supervisor", "frontend dev", "copywriter"); else None."""
    if not company:
        return None
    at = text.lower().find(company.lower())
    if at < 0:
        return None
    end = at + len(company)
    m = _ROLE_PIECE.match(text, end)
    if m is None and (day := _DAY_AFTER.match(text, end)) and DAY_PHRASE.fullmatch(day["day"]):
        m = _ROLE_PIECE.match(text, day.end())  # "Glenavon Distillery on Friday (tour guide)"
    if m is None:
        return None
    role = m.group("role").strip()
    if not _ends_like_a_job(role):
        return None
    return TRAILING_GENERIC.sub("", role) or role


# A day between the employer and the role: " on Friday", " yesterday", " last Tuesday".
_DAY_AFTER = re.compile(r"\s+(?:on\s+)?(?P<day>(?:last\s+|this\s+)?[\w/.]+(?:\s+(?:morning|"
                        r"afternoon|evening|night))?)(?=\s*[(,–—:])", re.IGNORECASE)


def role_for(text: str) -> str | None:
    """The role after "for" in the sentence of an interview or application, when it reads as
    a job ("interview at Pinewood Leisure Park for lifeguard", "applied for nail tech"); None
    otherwise (see `_job_like`)."""
    for m in _FOR_ROLE.finditer(text[:600]):
        role = m.group("role").strip()
        first = role.split()[0]
        if _job_like(role) and not (first[:1].isupper() and is_given_name(first)):
            return TRAILING_GENERIC.sub("", role) or role  # (not "for Sam": a person)
    return None


_FOR_ROLE = re.compile(
    r"\b(?:interv\w*|intervew|trial|assessment|screen\w*|applied|applying|application)\b"
    r"[^.!?\n]{0,80}?\bfor\s+(?:(?:a|an|the)\s+)?(?P<role>[\w'’&/-]+(?:\s+[\w'’&/-]+){0,3}?)"
    r"\s*(?=[,.;:!?()\n]|\s+(?:at|with|in|on|today|yesterday|tomorrow|and|but|this|last|next|"
    r"role|position|job|post|vacancy|opening|i|it|was|went)\b|$)", re.IGNORECASE)


def _ends_like_a_job(role: str) -> bool:
    """A few words (one to five), none of _NOT_A_ROLE, ending in a job word ("night shift
    clerk", "frontend dev", "copywriter")."""
    words = role.split()
    return 1 <= len(words) <= 5 and not _NOT_A_ROLE.search(role) and ends_in_occupation(role)


# A role under its label: "Role: VP Clinical Operations", "Role is VP Manufacturing", "for
# position logistician", "on position of customs declarant".
_LABELLED_ROLE = re.compile(
    r"\b(?:(?:role|position|post|job\s+title)\s*(?::\s*|=\s*|\s+(?:is|was|of)\s+|\s+)|"
    r"job\s*(?::\s*|\s+(?:is|was)\s+))"
    r"(?P<role>[^,.;:!?()\n]{2,60}?)\s*(?=[,.;:!?()\n]|\s+(?:at|with|in|for|and|on|today|"
    r"yesterday|this|last)\b|$)", re.IGNORECASE)
# A sentence or aside that is only a job: "Interview done. Nurse.", "at the Ivy today. waiter.",
# "(Arclight Games, gameplay programmer)".
# (Not an aside in brackets, which is a person's title: "Dr Olivia Ferrante (medical director)".)
_PIECE = re.compile(r"(?:^|[.!?,\n]|\s-\s)\s*(?P<role>[^.!?(),\n]{2,40}?)\s*(?=[.!?),\n]|\s-\s|$)")
# Job words that are also a field or a company's ("Zafiro Systems", "Nimbus Cloud"): not enough
# to end a job said on its own.
_FIELD_WORDS = word_set("systems cloud it data software security network services sales marketing "
                        "support product project programme program qa test finance legal hr "
                        "customer success service engineering shift")


# Words that are no employer's name but may stand in a job's title ("final", "lab tech").
_NOT_IN_A_ROLE = _NOT_A_COMPANY - {"final", "first", "second", "tech"}


def _job_like(role: str, *, titled: bool = False) -> bool:
    """Whether `role` reads as a job: a few words ending in a job word ("night shift clerk")
    or, when `titled`, all capitalised ("VP Manufacturing")."""
    words = role.split()
    if not 1 <= len(words) <= 5 or _NOT_A_ROLE.search(role) or \
            any(w.lower() in _NOT_IN_A_ROLE for w in words):
        return False
    return _ends_like_a_job(role) or (titled and all(w[:1].isupper() for w in words))


def role_noted(text: str) -> str | None:
    """The role a note gives under a label ("Role: …") or as a sentence of its own (see
    _LABELLED_ROLE and _PIECE), when it reads as a job; else None."""
    for m in _LABELLED_ROLE.finditer(text[:600]):
        role = m.group("role").strip()
        if _job_like(role, titled=True):
            return TRAILING_GENERIC.sub("", role) or role
    for m in _PIECE.finditer(text[:600]):
        role = m.group("role").strip()
        words = role.split()
        if _job_like(role) and not is_given_name(words[0]) and \
                words[-1].lower() not in _FIELD_WORDS and not re.search(r"\d", role) and \
                words[0].lower() not in ("at", "with", "from", "for", "by", "in", "to"):
            return TRAILING_GENERIC.sub("", role) or role
    return None
