"""Which of several organisations a message names is the employer of the interview.

A first message often tells a story before it gets to the interview: "I've been at Brennan
Logistics for 4 yrs … told me about an opening at Halvorsen Cold Chain", "my wife works at
Pinebrook Medical …", "I'm currently at Tuas Marine … got interview with Pasir Ris Offshore".
The first name is then the user's own job, or a friend's, and the employer is the one the
interview, the opening or the application is at. The words right before each mention decide."""

from __future__ import annotations

import re

# Right before the employer: the interview, the job or the application is at, with or for it
# ("interview at", "an opening at", "the Store Manager job at", "applied to", "went for",
# "their competitor", "a third firm,").
_FOR_THE_JOB = re.compile(
    r"(?:\b(?:interview\w*|intervu|screen(?:ing)?|call|chat|assessment|trial|tryout|stage|"
    r"round|shift|opening|vacanc(?:y|ies)|job|role|position|post|gig|spot|opportunity|"
    r"apprenticeship|internship|placement|offer|application)\b[^.!?;]{0,40}?"
    r"\b(?:at|with|in|for|from|@)|\bw/|\b(?:appl(?:y|ied|ying)|went|going|got\s+in)\s+"
    r"(?:(?:for|to|at|with)\s+)?|\b(?:competitor|rival|sister\s+company|third\s+\w+)[,:]?"
    r"|\binterview\w*\s*[:-]|\binvited\s+(?:me\s+)?(?:to|by))\s+(?:the\s+)?$",
    re.IGNORECASE)
# Right before someone's own job: the user's current or past work, a relative's or a friend's
# ("I've been at", "I work at", "I'm a line cook at", "my current boss at", "my wife works
# at", "he's at", "my old manager from", "myself currently working in").
_SOMEONE_WORKS = re.compile(
    r"(?:\b(?:work(?:s|ed|ing)?|been|temp(?:ing|ed)?|employed|based|stuck|placed|"
    r"currently|still|now|already|retired)\b[^.!?;()]{0,20}?"
    r"|\b(?:i'?m|i\s+am|im|he'?s|she'?s|he\s+is|she\s+is|they'?re)\s+(?:an?\s+[\w -]{1,30}?\s+)?"
    r"|\bmy\s+(?:current|old|previous|former|ex|last)\b[^.!?;()]{0,25}?)"
    r"\b(?:at|in|for|with|from)\s+(?:the\s+)?$",
    re.IGNORECASE)
_CLAUSE_START = re.compile(r".*(?:[.!?;]\s|\n|\bbut\b|\band\b(?=\s+(?:i|i'?ve|i'?m)\b))",
                           re.IGNORECASE | re.DOTALL)
LOOK_BACK = 70  # characters of the clause before a mention that are read


def _clause_before(text: str, at: int) -> str:
    """The words before `at` in its own clause, at most LOOK_BACK characters."""
    before = text[max(0, at - LOOK_BACK): at]
    m = _CLAUSE_START.match(before)
    return before[m.end():] if m else before


def _mentions(text: str, name: str) -> list[int]:
    return [m.start() for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text,
                                           re.IGNORECASE)]


def _score(text: str, name: str, others: list[str]) -> int:
    """+1 when some mention of `name` is where the interview or job is, -1 when its first
    mention is someone's own work and none is the job's, else 0. The words before a mention
    are read only after the last other name in them: in "interview wi Scottish Water at the
    Juniper House office" the interview is Scottish Water's."""
    mentions = _mentions(text, name)
    if not mentions:
        return 0
    befores = []
    for at in mentions:
        before = _clause_before(text, at)
        low = before.lower()
        cut = max((low.rfind(o.lower()) + len(o) for o in others
                   if o.lower() in low and not name.lower().startswith(o.lower())), default=0)
        befores.append(before[cut:])
    if any(_FOR_THE_JOB.search(before) for before in befores):
        return 1
    return -1 if _SOMEONE_WORKS.search(befores[0]) else 0


def employer_first(text: str, names: list[str]) -> list[str]:
    """`names` (organisations in the order the message names them) with the interview's
    employer first: the first name whose mention is where the job is, else the first one not
    named as someone's own work; the order is kept when nothing tells them apart."""
    if len(names) < 2:
        return names
    scores = [_score(text, n, names[:k] + names[k + 1:]) for k, n in enumerate(names)]
    best = max(range(len(names)), key=lambda k: (scores[k], -k))
    if scores[best] <= scores[0]:
        return names
    # "an opening at Delmar", after "a manager at Delmar Packaging": the name in full
    best = next((k for k, n in enumerate(names) if n.lower().startswith(
        names[best].lower() + " ") and scores[k] >= 0), best)
    return [names[best], *names[:best], *names[best + 1:]]


# Right before the user's own job title, not the one applied for: "currently at Tuas Marine as
# planner", "myself working in Godavari Motors as service advisor", "I'm an RN at Lakehead".
_OWN_JOB = re.compile(
    r"(?:\b(?:work(?:s|ed|ing)?|currently|still|been|employed|temp(?:ing|ed)?)\b[^.!?;]{0,40}?"
    r"\bas|\b(?:i'?m|i\s+am|im|myself)(?:\s+(?:currently|still|now|working\s+as))?)"
    r"\s+(?:an?\s+)?$", re.IGNORECASE)


def someones_own_job(text: str, at: int) -> bool:
    """Whether the job title at `text[at:]` is the user's current one (see `_OWN_JOB`)."""
    return bool(_OWN_JOB.search(_clause_before(text, at)))
