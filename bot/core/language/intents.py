"""Recognising what a message asks for: a command word, or an intent in free text."""

from __future__ import annotations

import re
from dataclasses import dataclass

_COMMAND_RE = re.compile(r"^/?([a-z?]+)(?:@\w+)?(?:\s+(.*))?$", re.IGNORECASE | re.DOTALL)
_INTERVIEW_RE = re.compile(
    r"\b(?:had|did|finished|done|attended|went\s+to|just\s+left|got\s+out\s+of|completed|was\s+at)"
    r"\b.{0,40}\binterview|\binterview(?:ed)?\b.{0,40}\b(?:with|at|for|today|yesterday|went|is\s+"
    r"over|just)\b|^interview\b|"
    # The word itself is not needed: a phone screen, an onsite, a final round, meeting the
    # hiring manager; and its usual misspellings.
    r"\b(?:phone|video|tech(?:nical)?|recruiter)\s+(?:screen|screening|interview|call)\b|"
    r"\bon-?site\b|\bassessment\s+(?:centre|center|day)\b|\b(?:first|second|third|final|last|"
    r"1st|2nd|3rd)\s+(?:round|stage|interview)\b|\btrial\s+shift\b|\bsuperday\b|\bmet\s+(?:the|"
    r"their|my)\s+(?:hiring\s+(?:manager|mgr)|recruiter|team|panel|ceo|cto|founder|boss|manager)\b|"
    r"\b(?:intervu|intervew|interveiw|intervw|intvw|intrview|inteview)\b",
    re.IGNORECASE,
)
_NEWS_RE = re.compile(
    r"\b(?:any\s+(?:news|update|word|movement|progress)|heard\s+(?:anything|back)|still\s+nothing|"
    r"no\s+news|what'?s\s+next|when\s+(?:will|do)\s+i\s+hear|should\s+i\s+(?:call|email|write)|"
    r"crickets|nothing\s+(?:yet|came|from|so\s+far|in\s+my\s+inbox)|no\s+(?:reply|response|word|"
    r"answer)\s+(?:yet|from)|(?:haven'?t|have\s+not|not)\s+heard|(?:got|get|gotten)\s+back\s+to\s+"
    r"me|hasn'?t\s+(?:rung|called|emailed|replied|written)|still\s+waiting\s+(?:on|for\s+(?:news|"
    r"them|an?\s+answer)))\b",
    re.IGNORECASE,
)
_GREETING_RE = re.compile(
    r"^(?:hi|hello|hey|hiya|howdy|good\s+(?:morning|afternoon|evening)|yo)\b(?:\s+there)?"
    r"[!. ]*\W{0,4}$", re.IGNORECASE
)
_THANKS_SENT_RE = re.compile(
    r"\b(?:sent|mailed|emailed|wrote)\b.{0,30}\bthank|\bthank[- ]?you\b.{0,20}\b(?:is\s+)?sent\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Command:
    """A command as typed: its canonical word and the text after it ("" when none)."""

    word: str
    rest: str


@dataclass(frozen=True)
class Vocabulary:
    """The command words a parser knows (bot/core/features.py builds the one in use).

    `words`: canonical command words; `aliases`: other words people type -> a canonical word;
    `takes_text`: words that may be followed by text without a slash ("settings timezone
    Berlin")."""

    words: frozenset[str]
    aliases: dict[str, str]
    takes_text: frozenset[str]


def parse_command(text: str, vocabulary: Vocabulary, *, in_dialog: bool) -> Command | None:
    """A command word, with or without '/'. Mid-dialog only '/word' or a bare word counts, so an
    answer like "list of tasks" is not taken for a command. None when the text is no command."""
    stripped = text.strip()
    m = _COMMAND_RE.match(stripped)
    if not m:
        return None
    word = m.group(1).lower()
    word = vocabulary.aliases.get(word, word)
    rest = (m.group(2) or "").strip()
    if word not in vocabulary.words:
        return None
    # Mid-question a bare command word is still the command (a company called "Delete" is far
    # less likely than someone typing delete); "/word" always is.
    if not stripped.startswith("/") and rest and (in_dialog or word not in vocabulary.takes_text):
        return None
    return Command(word, rest)


def unknown_slash_command(text: str) -> str | None:
    m = re.match(r"^/([A-Za-z_]\w*)", text.strip())
    return m.group(1) if m else None


def wants_new_interview(text: str) -> bool:
    return bool(_INTERVIEW_RE.search(text))


def asks_for_news(text: str) -> bool:
    return bool(_NEWS_RE.search(text))


def is_greeting(text: str) -> bool:
    return bool(_GREETING_RE.match(text.strip()))


def says_thank_you_sent(text: str) -> bool:
    return bool(_THANKS_SENT_RE.search(text))


_OFFER_RE = re.compile(
    r"\b(?:got|landed|received|have|accepted)\s+(?:the|an?|their)\s+(?:job|offer|position|role)\b|"
    r"\bi'?m\s+hired\b|\bi\s+got\s+it\b|\bthey\s+(?:offered|hired|picked|chose)\s+me\b|"
    r"\bi\s+(?:was|got|have\s+been)\s+selected\b|\b(?:want|wants)\s+(?:to\s+(?:hire|offer)\s+)?me"
    r"(?:\s+(?:on\s+board|to\s+start))?\s*[!.]|\bmake\s+me\s+an\s+offer\b|\b(?:got|received|have)"
    r"\s+(?:an?|the|their)\s+(?:\w+\s+)?(?:offer|contract)\b|\boffered\s+me\b|\bi\s+accepted\b|"
    r"\bit'?s\s+a\s+yes\b|\bhired\s+(?:me|on\s+the\s+spot)\b",
    re.IGNORECASE,
)
_REJECTION_RE = re.compile(
    r"\b(?:rejected|turned\s+(?:me\s+)?down)\b|\bdidn'?t\s+get\s+(?:it|the\s+(?:job|offer|"
    r"role|position))\b|\bnot\s+selected\b|\bwent\s+with\s+(?:someone|another)\b|"
    r"\boffered\s+(?:it|the\s+(?:job|role|position))\s+to\s+(?:someone|another)\b|"
    r"\b(?:was|were)\s+unsuccessful\b|\bdidn'?t\s+get\s+(?:the\s+)?[\w' -]{0,25}?(?:job|role|"
    r"position|offer|place)\b|\bdidn'?t\s+make\s+it\b|\b(?:said|it'?s|was)\s+a\s+no\b|"
    r"\b\w+\s+said\s+no\b|\bother\s+candidates?\b|\binternal\s+candidate\b|\bnot\s+(?:been\s+)?"
    r"successful\b|\bnot\s+moving\s+forward\b|\bdecided\s+not\s+to\b|\bgot\s+a\s+no\b",
    re.IGNORECASE,
)
_THANKS_RE = re.compile(r"^(?:thanks?|thank\s+you|thx|ty|cheers|great|ok(?:ay)?|cool|got\s+it)"
                        r"\b[\s!.]*(?:so\s+much|a\s+lot)?[\s!.]*$", re.IGNORECASE)
# Thanks to Hearback in more words ("Many thanks, you are very helpful"), but not a thank-you
# note ("thank you note is out").
_THANKS_LONG_RE = re.compile(r"^(?:many\s+)?(?:thanks?|thank\s+(?:you|u)|thx|ty|cheers|ta)\b"
                             r"(?!\s*(?:-|\s)\s*(?:you\s+)?(?:note|email|e-mail|letter|card|msg|"
                             r"message|mail))", re.IGNORECASE)
_NOT_THANKS_RE = re.compile(r"\b(?:sent|send|note|letter|card|draft|write)\b", re.IGNORECASE)


_WAITING_RE = re.compile(r"^(?:they(?:'re|\s+are)\s+)?still\s+(?:waiting|deciding)\b|"
                         r"\bstill\s+no\s+decision\b|\b(?:hasn'?t|haven'?t|has\s+not|have\s+not)"
                         r"\s+(?:made\s+(?:a\s+)?(?:call|decision|up\s+their\s+minds?)|decided)\b|"
                         r"\bstill\s+(?:interviewing|seeing|deciding|considering)\b|\bhang\s+tight\b",
                         re.IGNORECASE)
_STANDBY_RE = re.compile(r"\b(?:on\s+(?:the\s+)?standby|on\s+(?:the\s+)?(?:reserve|waiting)\s+"
                         r"list|second\s+choice|back-?up\s+candidate)\b", re.IGNORECASE)
_NO_ANSWER_RE = re.compile(r"\b(?:didn'?t|did\s+not|doesn'?t|won'?t)\s+(?:answer|pick\s+up)|"
                           r"\bno\s+(?:answer|one\s+(?:answered|picked\s+up))\b|\bvoicemail\b",
                           re.IGNORECASE)


def reports_outcome(text: str) -> str | None:
    """The outcome code a message reports ('sel', 'not', 'wait', 'sby', 'na'), else None."""
    if _REJECTION_RE.search(text):
        return "not"
    if _OFFER_RE.search(text):
        return "sel"
    if _STANDBY_RE.search(text):
        return "sby"
    if _NO_ANSWER_RE.search(text):
        return "na"
    if _WAITING_RE.search(text):
        return "wait"
    return None


def is_thanks(text: str) -> bool:
    """Thanks to Hearback ("thanks!", "many thanks, you're very helpful"), not about a note."""
    text = text.strip()
    return bool(_THANKS_RE.match(text)) or (bool(_THANKS_LONG_RE.match(text)) and
                                            not _NOT_THANKS_RE.search(text))


_CONTACT_RE = re.compile(
    r"\b(?:should|can|could|shall|may|do)\s+i\s+(?:call|email|e-mail|write\s+to|message|contact|"
    r"ping|chase|follow\s+up(?:\s+with)?|text|ring)\b|\bi\s+(?:want|need|'d\s+like|would\s+like)"
    r"\s+to\s+(?:call|email|write\s+to|message|contact|chase|follow\s+up)\b|"
    r"\b(?:draft|write)\s+(?:a|another|me\s+a)\s+follow[- ]?up\b|"
    r"\b(?:thinking\s+(?:of|about)|considering|planning\s+to|tempted\s+to|want(?:ing)?\s+to|is\s+it\s+"
    r"(?:too\s+)?(?:pushy|weird|ok|okay|bad|rude|too\s+soon)\s+to)\s+(?:call(?:ing)?|e-?mail(?:ing)?|"
    r"text(?:ing)?|ping(?:ing)?|message|messaging|chase|chasing|drop(?:ping)?|ring(?:ing)?|"
    r"contact(?:ing)?|follow(?:ing)?\s+up|reach(?:ing)?\s+out)\b",
    re.IGNORECASE,
)
_CHECK_RE = re.compile(
    r"^(?:(?:please|pls|plz|can\s+you|could\s+you)\s+)?(?:check|proofread|proof\s*read|review|"
    r"correct|fix|look\s+over|read\s+over|check\s+(?:the\s+)?(?:grammar|spelling|english)|"
    r"grammar\s+check|does\s+this\s+(?:sound|look|read)\s+(?:ok|okay|alright|good|fine|right)|"
    r"is\s+this\s+(?:ok|okay|alright|good|fine)|how\s+does\s+this\s+(?:sound|look|read)|"
    r"any\s+(?:typos|mistakes))(?:\s+(?:this|it|my\s+\w+(?:\s+\w+)?))?(?:\s+(?:pls|please|plz))?"
    r"[?!]*(?:\s*[:\-]\s*|\s*\n|\s*$|\s*(?=[\"“']))", re.IGNORECASE)
# A pasted letter: a greeting line ("Dear Ms Lee,", "Hello Mr. Nowak,") and more lines after it.
_LETTER_RE = re.compile(r"^(?:dear|hello|hi|good\s+(?:morning|afternoon))\b[^\n]{0,40},?\s*\n"
                        r"(?:[^\n]*\n){2,}", re.IGNORECASE)


def wants_to_contact(text: str) -> bool:
    return bool(_CONTACT_RE.search(text))


def check_request(text: str) -> str | None:
    """"check this: <text>" -> the text to check ("" when it is to follow); else None."""
    m = _CHECK_RE.match(text.strip())
    if m:
        return text.strip()[m.end():].strip().strip("\"“”'")
    return text.strip() if _LETTER_RE.match(text.strip() + "\n") else None


_DRAFT_THANKS_RE = re.compile(
    r"\b(?:draft|write|help\s+(?:me\s+)?(?:with|write)|need|want)\b.{0,30}\bthank|"
    r"\bwhat\s+(?:do|should|can)\s+i\s+(?:even\s+)?(?:say|write|put)\b.{0,30}\bthank",
    re.IGNORECASE)


def wants_thank_you_draft(text: str) -> bool:
    return bool(_DRAFT_THANKS_RE.search(text))


# Answers that mean "skip this question": words, and the shrug in its forms.
_SKIP_RE = re.compile(
    r"^(?:skip(?:\s+it)?|pass|next|don'?t\s+know|dont\s+know|dunno|idk|no\s+idea|no\s+clue|"
    r"not\s+sure|unsure|can'?t\s+remember|cant\s+remember|can'?t\s+recall|don'?t\s+remember|"
    r"forgot|i\s+forgot|no\s+recollection|n/?a|na|none\s+given|rather\s+not(?:\s+say)?|"
    r"prefer\s+not(?:\s+to\s+say)?|unknown|\?+|-+|🤷\S*|¯\\_\(ツ\)_/¯)"
    r"(?:\s+(?:tbh|sorry|really|honestly|lol))*[.!]*$", re.IGNORECASE)


def means_skip(text: str) -> bool:
    """An answer that means "skip this question": "no clue", "can't remember", "n/a", a shrug
    emoji... (the intake and the profile treat it as pressing Skip)."""
    return bool(_SKIP_RE.match(text.strip().replace("’", "'")))


# Words that trail a name but are not part of it: "ms van der berg from hr".
_NAME_TAIL = re.compile(r"\s*(?:,|\(|\bfrom\b|\bat\b|\bof\b|\bin\b|\bwho\b|\bthe\b|\s-\s)"
                        r".*$", re.IGNORECASE)
_PARTICLES = frozenset({"van", "der", "den", "de", "da", "del", "della", "von", "le", "la",
                        "du", "di", "bin", "ibn", "al", "el", "ter", "ten"})
_TITLES = {"mr": "Mr", "mrs": "Mrs", "ms": "Ms", "miss": "Miss", "dr": "Dr", "prof": "Prof",
           "mx": "Mx", "sir": "Sir"}


def tidy_person(text: str) -> str:
    """A person's name as it should be saved: trailing words that are not the name dropped
    ("from hr"), capitals fixed when the name was typed in lowercase ("ms van der berg" ->
    "Ms van der Berg"); a name typed with capitals is kept as typed."""
    name = _NAME_TAIL.sub("", " ".join(text.split())).strip(" .,;:!?\"'")
    if not name or not name.islower():
        return name
    words = name.split()
    out = []
    for i, word in enumerate(words):
        bare = word.rstrip(".")
        if bare in _TITLES and i == 0:
            out.append(_TITLES[bare] + ("." if word.endswith(".") else ""))
        elif bare in _PARTICLES and 0 < i < len(words) - 1:
            out.append(word)
        else:
            out.append("-".join(part[:1].upper() + part[1:] for part in word.split("-")))
    return " ".join(out)


# "Where am I with Globex?", "what's the situation with all my interviews?"
_STATUS_RE = re.compile(
    r"\b(?:where\s+(?:am\s+i|are\s+we|do\s+i\s+stand|do\s+things\s+stand|things\s+stand)|"
    r"what'?s\s+the\s+(?:status|situation|state)|(?:status|situation)\s+(?:of|with|on)|"
    r"(?:update|overview|summary)\s+(?:on|of)\s+(?:all\s+)?my|lost\s+track|show\s+me\s+my\s+"
    r"(?:interviews|applications|plan))\b", re.IGNORECASE)
_REMIND_RE = re.compile(r"\b(?:remind\s+me|ping\s+me|nudge\s+me|give\s+me\s+a\s+(?:shout|"
                        r"nudge|reminder)|set\s+(?:a|me\s+a)\s+reminder)\b", re.IGNORECASE)
_REHEARSE_RE = re.compile(r"\b(?:practi[sc]e|rehears\w*|role-?play|run\s+through|dry\s+run|"
                          r"prep(?:are)?\s+(?:me\s+)?for\s+the\s+call)\b", re.IGNORECASE)


def asks_status(text: str) -> bool:
    """Asks where things stand (one company, or everything)."""
    return bool(_STATUS_RE.search(text))


def asks_reminder(text: str) -> bool:
    """Asks to be reminded of something later."""
    return bool(_REMIND_RE.search(text))


def wants_rehearsal(text: str) -> bool:
    """Wants to practise the call."""
    return bool(_REHEARSE_RE.search(text))
