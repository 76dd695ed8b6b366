"""Recognising what a message asks for: a command word, or an intent in free text."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.core.language.titles import HONORIFICS

_COMMAND_RE = re.compile(r"^/?([a-z?]+)(?:@\w+)?(?:\s+(.*))?$", re.IGNORECASE | re.DOTALL)
_INTERVIEW_RE = re.compile(
    r"\b(?:had|did|finished|done|attended|went\s+to|been\s+to|just\s+left|got\s+out\s+of|completed|"
    r"was\s+at)"
    r"\b.{0,40}\binterview|\binterview(?:ed)?\b.{0,40}\b(?:with|at|for|today|yesterday|went|is\s+"
    r"over|just)\b|^interview\b|"
    # The word itself is not needed: a phone screen, an onsite, a final round, meeting the
    # hiring manager; and its usual misspellings.
    r"\b(?:phone|video|tech(?:nical)?|recruiter)\s+(?:screen|screening|interview|call)\b|"
    r"\bon-?site\b|\bassessment\s+(?:centre|center|day)\b|\b(?:first|second|third|final|last|"
    r"1st|2nd|3rd)\s+(?:round|stage|interview)\b|\b(?:round|stage|interview)\s*(?:#\s*)?[1-5]\b|"
    r"\binterview\s+#|\btrial\s+shift\b|\bsuperday\b|\bmet\s+(?:the|"
    r"their|my)\s+(?:hiring\s+(?:manager|mgr)|recruiter|team|panel|ceo|cto|founder|boss|manager)\b|"
    r"\b(?:intervu|intervew|interveiw|intervw|intvw|intrview|inteview)\b",
    re.IGNORECASE,
)
_NEWS_RE = re.compile(
    r"^\W*news\W*$|\bnews\s+yet\b|"
    r"\b(?:any\s+(?:news|updates?|word|movement|progress)|heard\s+(?:anything|back)|still\s+nothing|"
    r"no\s+news|what'?s\s+next|when\s+(?:will|do)\s+i\s+hear|should\s+i\s+(?:call|email|write)|"
    r"crickets|nothing\s+(?:yet|came|from|so\s+far|in\s+my\s+inbox)|no\s+(?:reply|response|word|"
    r"answer)\s+(?:yet|from)|(?:haven'?t|have\s+not|not)\s+heard|(?:got|get|gotten)\s+back\s+to\s+"
    r"me|hasn'?t\s+(?:rung|called|emailed|replied|written)|still\s+waiting\s+(?:on|for\s+(?:news|"
    r"them|an?\s+answer))|not\s+a\s+peep|no\s+(?:phone\s+)?call|nae\s+word|did\s+\w+\s+(?:maybe\s+)?"
    r"(?:write|call|ring|email|e-mail|reply|get\s+back))\b|\b(?:got|get|gotten)\s+back\s+(?:to\s+"
    r"(?:me|you)\s+)?yet\b|\banything\s+(?:from\s+[\w&' .-]{1,30}\s+)?yet\b|"
    # "is there some news for me?", "did any updates come through?", "still total silence"
    r"\b(?:is|was)\s+there\s+(?:any|some)\s+(?:news|updates?|word)\b|\b(?:did|has|have)\s+(?:any|"
    r"some)\s+(?:news|updates?|word|reply|replies)\s+(?:come|came|arrived|landed)\b|\bstill\s+"
    r"(?:\w+\s+)?silence\b|"
    # "they ghosted me", "radio silence", "heard nothing"
    r"\bghost(?:ed|ing)\b|\binbox\s+(?:is\s+)?(?:still\s+)?empty\b|\bnot\s+even\s+a\s+(?:rejection|no|"
    r"reply|response)\b|\banything\s*\?{2,}|\bnothing\W*$|\bradio\s+silence\b|\bheard\s+nothing\b|\bzilch\b|\bnada\b|"
    r"\bever\s+(?:get|got)\s+back\b|\bnothing\s+in\s+(?:my\s+)?(?:inbox|spam)\b|\b(?:have|has)\s+"
    r"not\s+been\s+in\s+touch\b|\b(?:haven'?t|hasn'?t)\s+been\s+in\s+touch\b|"
    r"\b(?:gone|go|going|went|gone\s+all)\s+(?:quiet|silent|dark)\b|"
    # "check if they replied", "see whether HR has called"
    r"\b(?:check|see|find\s+out)\s+(?:if|whether)\s+[\w&'-]+\s+(?:has\s+|have\s+)?(?:replied|"
    r"answered|written|called|rung|got\s+back|gotten\s+back|emailed|decided|been\s+in\s+touch)\b",
    re.IGNORECASE,
)
_GREETING_RE = re.compile(
    r"^(?:hi|hello|hey|heya|hiya|howya|howdy|namaste|hola|ol[aá]|bonjour|salut|salaam|howzit|g'?day|ciao|"
    r"hallo|hej|merhaba|xin\s+ch[aà]o|good\s+(?:morning|afternoon|evening)|yo)\b(?:[\s,]+(?:there|hi|"
    r"hearback|bot|again|good\s+(?:morning|afternoon|evening)|it'?s\s+\w+|its\s+\w+))*[!., ]*"
    r"\W{0,4}$", re.IGNORECASE
)
_THANKS_SENT_RE = re.compile(
    r"\b(?:sent|mailed|emailed|wrote)\b.{0,30}\bthank|\bthank[- ]?you\b.{0,20}\b(?:is\s+)?sent\b|"
    r"\bthank[- ]?(?:you|u)\s+(?:note|e-?mail|mail|letter|msg|message|card|text)s?\b.{0,40}"
    r"(?<!never\s)"
    r"(?<!not\s)\b(?:went\s+out|is\s+out|are\s+out|gone|done|sent)\b|\b(?:done|sent|finished)\s+(?:the|my)\s+thank|"
    # "I have send my thank you mail already", "the thank you's gone to both of them"
    r"\b(?:have|has|'ve)\s+(?:send|sent|sended)\b.{0,30}\bthank|"
    # "appreciation note dispatched", "cheers-for-your-time email is off", "thanking her"
    r"\b(?:note|e-?mail|message|card|msg)\s+(?:is\s+|has\s+been\s+)?(?:dispatched|off|gone\s+off)\b|"
    r"\b(?:replied|wrote|messaged|emailed)\b.{0,40}\bthanking\s+(?:her|him|them)\b|"
    r"\bfollowed\s+up\b.{0,60}\bthanks\b|\bthank[- ]?(?:you|u)'?s\s+"
    r"(?:gone|went|out|done)\b|\bthank.{0,40}\balready\s+(?:sent|gone|out)\b|"
    r"\bthank.{0,60}\b(?:hit|pressed|clicked)\s+send\b|\b(?:dropped|fired\s+off|shot|gave)\s+"
    r"(?:\w+\s+){0,3}(?:a\s+)?(?:quick\s+|short\s+)?thank[- ]?(?:you|u)\b|"
    # "done, emailed her", "ty note sent ✅", "followed up with a thank you", "said thanks to her"
    r"^\W*(?:done|sent|all\s+done|did\s+it)\W+(?:i\s+)?(?:emailed|messaged|texted|wrote\s+to|"
    r"sent\s+it\s+to)\s+(?:her|him|them|the\s+\w+|\w+)\W*$|\b(?:ty|thx|thanks|thank[- ]?you)\s+"
    r"(?:note|email|e-mail|msg|message|mail|text|card|letter)s?\s+(?:sent|out|done|gone|delivered)\b|"
    r"\b(?:followed\s+up|wrote|messaged|emailed|texted)\s+(?:\w+\s+){0,3}with\s+(?:a|my|the)\s+"
    r"(?:quick\s+|short\s+)?thank|"
    r"\bsaid\s+(?:thanks|thank\s+you)\s+to\b",
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


# A greeting word opening a short message with nothing else asked: "hey there, how are you?",
# "morning!! it's me again", "yo what's up". (Checked last: every other intent comes first.)
_GREETING_OPEN = re.compile(
    r"^(?:hi+|hello+|hey+|heya|hiya|howya|howdy|morning|evening|afternoon|greetings|sup|wassup|"
    r"what'?s\s+up|salam|assalamu?\s*alaikum|kia\s+ora|shalom|namaste|hola|ol[aá]|bonjour|ciao|"
    r"hallo|hej|yo|good\s+(?:morning|afternoon|evening|day))\b(?:[^?\n]{0,40}|[^?\n]{0,30}"
    r"\bhow\s+(?:are|r)\s+(?:you|u|things)(?:\s+(?:doing|today))?\s*\?+)\W*$", re.IGNORECASE)


def is_greeting(text: str) -> bool:
    text = text.strip()
    return bool(_GREETING_RE.match(text) or (len(text.split()) <= 8 and _GREETING_OPEN.match(text)))


def says_thank_you_sent(text: str) -> bool:
    """Says the thank-you went out ("thank you note is out", "done, emailed her"); not when
    the user is unsure of it ("I forget if I sent the thank you")."""
    return bool((_THANKS_SENT_RE.search(text) or THANKED.search(text)) and
                not UNSURE_SENT.search(text))


# Not knowing whether something was sent: "I forget if I already sent the thank you".
UNSURE_SENT = re.compile(r"\b(?:if|whether)\s+i\s+(?:\w+\s+){0,2}(?:sent|send|emailed|wrote|did)\b|"
                         r"\bdid\s+i\s+(?:\w+\s+)?(?:send|email|write)\b", re.IGNORECASE)


# Thanks already given, in so many words: "wrote to globex to thank them for the interview",
# "emailed my thanks to the two people", "thanked them on linkedin" (a report of the thank-you,
# even when it names the interview it was for).
THANKED = re.compile(
    r"\b(?:wrote|texted|emailed|e-mailed|messaged|dm'?d|sent|rang|called|phoned)\b[^.!?]{0,40}\b"
    r"(?:to\s+(?:thank|say\s+(?:a\s+)?(?:thanks?|thank\s+you))|(?:my|our)\s+thanks)\b|"
    r"(?<!\bhave\s)(?<!\bto\s)\bthanked\s+(?:them|her|him|everyone|both|all|the\s+\w+)\b",
    re.IGNORECASE)


_THANKS_RE = re.compile(r"^(?:thanks?|thank\s+you|thx|ty|cheers|great|ok(?:ay)?|cool|got\s+it)"
                        r"\b[\s!.]*(?:so\s+much|a\s+lot)?[\s!.]*$", re.IGNORECASE)
# Thanks to Hearback in more words ("Many thanks, you are very helpful"), but not a thank-you
# note ("thank you note is out").
_THANKS_WORD_RE = re.compile(r"\b(?:thanks|thank\s+you|thx|cheers|ta|obrigad[ao]|gracias|merci|"
                             r"danke|much\s+obliged|appreciate\s+it|you'?re\s+the\s+best|"
                             r"you\s+are\s+the\s+best)\b", re.IGNORECASE)
_THANKS_LONG_RE = re.compile(r"^(?:many\s+)?(?:thanks?|thank\s+(?:you|u)|thx|ty|cheers|ta)\b"
                             r"(?!\s*(?:-|\s)\s*(?:you\s+)?(?:note|email|e-mail|letter|card|msg|"
                             r"message|mail))", re.IGNORECASE)
_NOT_THANKS_RE = re.compile(r"\b(?:sent|send|note|letter|card|draft|write)\b", re.IGNORECASE)


def is_thanks(text: str) -> bool:
    """Thanks to Hearback ("thanks!", "many thanks, you're very helpful"), not about a note."""
    text = text.strip()
    if _NOT_THANKS_RE.search(text):
        return bool(_THANKS_RE.match(text))
    return bool(_THANKS_RE.match(text) or _THANKS_LONG_RE.match(text)) or \
        (len(text.split()) <= 6 and bool(_THANKS_WORD_RE.search(text)))


_CHECK_RE = re.compile(
    r"^(?:(?:please|pls|plz|can\s+you|could\s+you)\s+)?(?:spell[- ]?check|check|proofread|"
    r"proof\s*read|review|correct|fix|look\s+over|read\s+over|check\s+(?:the\s+)?(?:grammar|spelling|english)|"
    r"(?:grammar|spelling|typo)\s+check|does\s+this\s+(?:sound|look|read)\s+(?:\w+\s+)?(?:ok|okay|alright|good|fine|"
    r"right|rude|pushy|polite|professional|weird|desperate|too\s+\w+)|"
    r"is\s+this\s+(?:ok|okay|alright|good|fine)|how\s+does\s+this\s+(?:sound|look|read)|"
    r"any\s+(?:typos|mistakes)|(?:is|does)\s+this\s+(?:\w+\s+)?(?:ok|okay|alright|all\s+right|good|"
    r"fine|right)(?:\s+to\s+send)?|(?:can\s+(?:u|you)\s+)?(?:look|read)\s+over|is\s+the\s+(?:spelling|"
    r"grammar|wording|tone|english)\s+(?:ok|okay|alright|fine|good|right)(?:\s+in\s+this)?)"
    # The word itself, asked of a text: not "checked my email", "checking in", "check if they
    # replied", "review went ok", "correct me if I'm wrong".
    r"(?![\w'’-])(?!\s+(?:(?:if|whether)\s+(?!(?:this|it|my|the|there|i)\b)|when|me\s+if|went|was|is|in|"
    r"up\s+on|back|on\s+(?:my|the|them|their)|with\s+(?:them|him|her|hr))\b)"
    r"(?:[^\n:]{0,60}?)?(?:\s+(?:this|it|my\s+\w+(?:\s+\w+)?))?(?:\s+(?:pls|please|plz))?"
    r"[?!]*(?:\s*(?:[:\-–—→]|>+|=>)\s*|\s*\n|\s*$|\s*(?=[\"“']))", re.IGNORECASE)
# A pasted letter: a greeting line ("Dear Ms Lee,", "Hello Mr. Nowak,") and more lines after it.
_LETTER_RE = re.compile(r"^(?:dear|hello|hi|good\s+(?:morning|afternoon))\b[^\n]{0,40},?\s*\n"
                        r"(?:[^\n]*\n){2,}", re.IGNORECASE)


def check_request(text: str) -> str | None:
    """"check this: <text>" -> the text to check ("" when it is to follow); else None."""
    m = _CHECK_RE.match(text.strip())
    if m:
        return text.strip()[m.end():].strip().strip("\"“”'")
    return text.strip() if _LETTER_RE.match(text.strip() + "\n") else None


# Answers that mean "skip this question": words, and the shrug in its forms.
_SKIP_RE = re.compile(
    r"^(?:skip(?:\s+it)?|pass|next|don'?t\s+know|dont\s+know|dunno|idk|no\s+idea|no\s+clue|"
    r"not\s+sure|unsure|can'?t\s+remember|cant\s+remember|can'?t\s+recall|don'?t\s+remember|"
    r"forgot|i\s+forgot|no\s+recollection|n/?a|na|none\s+given|rather\s+not(?:\s+say)?|"
    r"prefer\s+not(?:\s+to\s+say)?|unknown|\?+|-+|🤷\S*|¯\\_\(ツ\)_/¯)"
    r"(?:\s+(?:tbh|sorry|really|honestly|lol))*[.!]*$", re.IGNORECASE)
# The same words opening a longer answer ("forgot to ask lol", "dunno his name, tall guy").
_SKIP_START_RE = re.compile(
    r"^(?:i\s+|i(?=')|i'?m\s+|honestly,?\s+|sorry,?\s+)?(?:don'?t\s+know|dont\s+know|dunno|idk|no\s+idea|"
    r"no\s+clue|not\s+sure|can'?t\s+remember|cant\s+remember|cannot\s+remember|can'?t\s+recall|"
    r"don'?t\s+remember|forgot|didn'?t\s+(?:get|catch|ask|see|hear)|'?d\s+rather\s+not|would\s+"
    r"rather\s+not|rather\s+not|skip\s+(?:this|that|it)|no\s+name)\b", re.IGNORECASE)


def means_skip(text: str) -> bool:
    """An answer that means "skip this question": "no clue", "can't remember", "n/a", a shrug
    emoji... (the intake and the profile treat it as pressing Skip)."""
    text = text.strip().replace("’", "'")
    return bool(_SKIP_RE.match(text) or _SKIP_START_RE.match(text))


# Words that trail a name but are not part of it: "ms van der berg from hr".
_NAME_TAIL = re.compile(r"\s*(?:,|\(|\bfrom\b|\bat\b|\bof\b|\bin\b|\bwho\b|\bthe\b|\s-\s)"
                        r".*$", re.IGNORECASE)
_PARTICLES = frozenset({"van", "der", "den", "de", "da", "del", "della", "von", "le", "la",
                        "du", "di", "bin", "ibn", "al", "el", "ter", "ten"})
_TITLES = {t.lower(): t for t in (*HONORIFICS, "Mx", "Sir")}  # typed in lowercase: "ms" -> "Ms"


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
    r"what'?s\s+the\s+(?:status|situation|state|latest)|(?:status|situation)\s+(?:of|with|on)|"
    r"where\s+i'?m\s+at|where\s+i\s+am\s+with|what\s+stage\b|\bnext\s+step\s+(?:is\s+)?for\b|"
    r"\bwhat\s+(?:the|my)\s+next\s+step\s+is\b|\beverything\s+i'?ve\s+got\s+(?:on\s+the\s+go|going|"
    r"open)|\bon\s+the\s+go\b|\bstill\s+(?:live|alive|open|in\s+the\s+running)\b|\bfizzled?\s+out\b|"
    r"\b(?:when|what|who)\b[^?]{0,50}\bagain(?=\s*\?)|what'?s\s+(?:still\s+)?pending|which\s+(?:ones|companies|interviews|"
    r"applications)\s+(?:am\s+i|are)\s+(?:still\s+)?(?:waiting|pending)|who\s+(?:interviewed\s+me|did\s+"
    r"i\s+(?:meet|talk\s+to|speak\s+to))\b[^?]{0,30}\bagain\b|"
    r"(?:updates?|overview|summary|recap|rundown)\s+(?:on|of|for)\s+(?:all\s+)?my|\bmy\s+pipeline|"
    r"^\W*(?:quick\s+|a\s+)?(?:recap|overview|summary|rundown|status)(?:\s+(?:please|pls|plz))?\W*$|"
    r"^\W*(?:show|give)\s+me\s+(?!my\b|the\b|a\b|an\b|how\b|what\b)(?-i:[A-Z])[\w&'’.-]*"
    r"(?:\s+(?-i:[A-Z])[\w&'’.-]*)?\W*$|"
    r"how\s+many\s+(?:places|companies|jobs|applications|interviews|employers)\b|lost\s+track|show\s+me\s+my\s+"
    r"(?:interviews|applications|plan)|(?:list|show)\s+(?:me\s+)?(?:all\s+)?my\s+(?:open\s+|"
    r"current\s+)?(?:interviews|applications)|how\s+(?:are|many)\s+(?:of\s+)?my\s+interviews|"
    # "how am i doing overall?", "how's my job search looking", "what's going on with my apps"
    r"how\s+am\s+i\s+(?:doing|getting\s+on)\s+(?:overall|so\s+far|in\s+general|with\s+(?:my|the)|"
    r"on\s+(?:my|the))|how(?:\s+are|\s+is|'s)\s+(?:my|all\s+my|everything\s+with\s+my)\s+"
    r"(?:\w+\s+)?(?:applications?|apps|interviews|job\s+(?:search|hunt)|search|hunt)\s+"
    r"(?:going|looking|doing|coming\s+along)|what'?s\s+(?:happening|going\s+on|new)\s+with\s+"
    r"(?:all\s+)?my\s+(?:applications?|apps|interviews|job\s+(?:search|hunt))|"
    r"(?:recap|rundown|run-down|overview|summary)\s+of\s+(?:all\s+|everything|where)|"
    # the next step asked for: "what happens next?", "ok now what", "what should I do now"
    r"what\s+(?:happens|comes|do\s+i\s+do|should\s+i\s+do|am\s+i\s+(?:meant|supposed)\s+to\s+"
    r"do)\s+(?:now|next)|\bnow\s+what|^\W*(?:so\s+|ok\s+|okay\s+|and\s+)?what\s+now\b|what'?s\s+(?:my|the)\s+next\s+(?:step|move)|"
    r"give\s+me\s+(?:a|the)\s+(?:quick\s+|short\s+|brief\s+)?(?:recap|rundown|run-down|overview|summary))\b",
    re.IGNORECASE)
_REMIND_RE = re.compile(r"\b(?:remind\s+me|remember\s+me\s+to|ping\s+me|nudge\s+me|give\s+me\s+"
                        r"a\s+(?:shout|nudge|reminder)|set\s+(?:a|me\s+a|up\s+a|an?\s+\w+)\s+reminder|"
                        r"(?:add|create|make)\s+a\s+reminder|don'?t\s+let\s+me\s+forget)\b",
                        re.IGNORECASE)
# (not the noun: "the dental practice job", "practice manager")
_REHEARSE_RE = re.compile(r"\b(?:(?<!dental\s)(?<!medical\s)(?<!\bgp\s)(?<!\bvet\s)"
                          r"(?<!law\s)practi[sc]e"
                          r"(?!\s+(?:job|manager|nurse|role|position|owner|receptionist|team|"
                          r"staff))|rehears\w*|role-?play|run\s+through|dry\s+run|"
                          r"prep(?:are)?\s+(?:me\s+)?for\s+the\s+call)\b", re.IGNORECASE)


# The search in figures (`stats`): "show me my stats", "what's my response rate?"
_STATS_RE = re.compile(
    r"\b(?:my\s+(?:stats|statistics|numbers|figures|response\s+rate|success\s+rate|[\w-]+\s+rate)|"
    r"(?:response|success|callback|reply)\s+rate|how\s+many\s+(?:applications|interviews)\s+"
    r"(?:have\s+i|did\s+i|i'?ve)\s+(?:had|done|made|sent|got)|(?:show|give)\s+me\s+(?:the\s+)?"
    r"(?:stats|statistics|numbers|chart)|how\s+many\s+(?:rejections|offers|noes|nos|knock-?backs)"
    r"(?!\s+(?:do|does|should|will|would)\b)|(?:what|which)\s+(?:percentage|percent|proportion|"
    r"share|ratio|fraction)\s+of\s+my)\b|"
    # "what % of my applications…", "how am I doing overall in figures?", "Numbers please: …"
    r"\bwhat\s+%\s+of\s+(?:my|the)\b|\b(?:doing|going|look)\w*\s+(?:\w+\s+)?in\s+(?:figures|"
    r"numbers)\b|^\W*(?:my\s+|the\s+)?(?:numbers|figures|stats|statistics)\W*(?:please|pls|plz)\b",
    re.IGNORECASE)


def asks_stats(text: str) -> bool:
    """Asks for the search in figures (the `stats` command)."""
    return bool(_STATS_RE.search(text))


def asks_status(text: str) -> bool:
    """Asks where things stand (one company, or everything)."""
    return bool(_STATUS_RE.search(text))


def asks_reminder(text: str) -> bool:
    """Asks to be reminded of something later."""
    return bool(_REMIND_RE.search(text))


def wants_rehearsal(text: str) -> bool:
    """Wants to practise the call."""
    return bool(_REHEARSE_RE.search(text))


# "How does this work?", "what commands are there?"
_HELP_RE = re.compile(
    # "can you help with anything apart from follow-ups?", "what else can you do?"
    r"\bcan\s+you\s+(?:also\s+)?help\s+(?:me\s+)?with\s+anything\s+(?:else|apart\s+from|besides|"
    r"other\s+than)\b|\bwhat\s+else\s+(?:can|do)\s+you\b|"
    r"\bhow\s+(?:does\s+)?(?:this|it|the\s+bot|this\s+bot|hearback)\s+works?\b|\bwhat\s+(?:can|do)\s+"
    r"you\s+do\b|\bwhat\s+(?:features|commands)\b|\b(?:features|commands?)\s+(?:are\s+)?(?:there|"
    r"available)\b|\bexplain\s+(?:what|how)\s+(?:you|this|it|the)\b|\bwhat\s+are\s+(?:your|the)\s+"
    r"(?:features|commands)\b|\bwhat\s+(?:are\s+you\s+able\s+to|else\s+can\s+you)\s+(?:help|do)\b|"
    r"\bwhat\s+are\s+(?:the\s+|my\s+)?options\b|\bcan\s+you\s+(?:also\s+)?(?:do|help\s+with|"
    r"handle|set)\b[^?]{0,40}\bor\s+only\b|\bhow\s+do\s+i\s+use\s+(?:you|this|it)\b|"
    r"\bwhat\s+is\s+this\s+(?:bot|thing|app)\b|\blist\s+of\s+(?:the\s+)?(?:things|stuff|"
    r"commands)\s+(?:you|u)\s+(?:do|can)\b|^\W*(?:options|menu|commands)\W*$|"
    # What the bot is for: "can u set reminders or is that not a thing", "do I tell you about
    # every interview?", "am I using this properly?"
    r"\b(?:is\s+that|is\s+this)\s+(?:not\s+)?(?:a\s+thing|something\s+(?:you|u)\s+do)\b|"
    r"\bdo\s+i\s+(?:tell|give|send|log)\s+(?:you|u)\b|\b(?:am\s+i|i['’]?m)\s+using\s+(?:this|you|it|u)\s+(?:right|properly|correctly)\b|"
    r"\bcan\s+(?:you|u)\s+(?:also\s+)?(?:keep\s+track|track|store|export|handle)\b[^.!?]{0,60}\?",
    re.IGNORECASE)
# The employer moved the date: "they've moved it to the 18th", "running behind, Friday week".
_RESCHEDULED_RE = re.compile(
    r"\b(?:moved|pushed|postponed|delayed|put\s+back|running\s+behind|need\s+(?:a\s+bit\s+)?longer|"
    r"needs?\s+(?:till|until|to)\s+(?=\w)|"
    r"instead\s+of|now\s+says?|changed|new\s+date|rescheduled|extended)\b", re.IGNORECASE)


def asks_help(text: str) -> bool:
    """Asks what Hearback can do."""
    return bool(_HELP_RE.search(text))


def reschedules(text: str) -> bool:
    """Says the employer moved or gave a new date (the date itself is read elsewhere)."""
    return bool(_RESCHEDULED_RE.search(text))


# An interview still to come ("tomorrow at 11", "they want me back for an onsite friday") and
# one that happened ("had", "went", "yesterday"): when only one of them shows, it decides.
_FUTURE_RE = re.compile(
    r"\b(?:tomorrow|tmrw|tmr|2moro|next\s+(?:mon|tue|wed|thu|fri|sat|sun|week)\w*|this\s+coming\s+\w+|"
    r"(?:this|coming)\s+(?:sat|sun)\w*|in\s+(?:\d+|a\s+"
    r"few|two|three|a\s+couple\s+of)\s+days|this\s+coming|upcoming|lined\s+up|invited\s+(?:me\s+)?"
    r"(?:to|for|back)|invites?\s+me|wants?\s+me\s+(?:back|in|to\s+come)|wants?\s+to\s+see\s+me|"
    r"another\s+(?:one|interview|round)\s+(?:tomorrow|on|next|this)|(?:i\s+have|i'?ve\s+got|got)\s+(?:an?\s+|"
    r"my\s+|the\s+|another\s+)?(?:[\w-]+\s+){0,2}(?:interview|round|screen|call|onsite|assessment)|"
    r"scheduled|booked|asked\s+me\s+in|see\s+me\s+again|i'?ve\s+a\s+\w+|prepare|get\s+ready|"
    r"tips|advice|nervous\s+before|i\s+interview|i'?m\s+"
    r"interviewing|will\s+be|is\s+(?:on|at)\b|'s\s+(?:on|at)\b|"
    # "the assessment centre is Monday", "is in two weeks' time", "coming up thursday"
    r"(?:is|'s)\s+(?:on\s+)?(?:this\s+|next\s+)?(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*|"
    r"is\s+in\s+(?:\w+\s+){1,2}(?:time|days?|weeks?)|coming\s+up|set\s+up\s+(?:a|an|the)\s+(?:call|"
    r"interview|meeting|chat)|wants?\s+me\s+to\s+(?:meet|come|do))\b", re.IGNORECASE)
_PAST_RE = re.compile(
    r"\b(?:had|did|went|done|finished|was|were|yesterday|ago|spoke|talked|wrapped|"
    r"last(?!\s+(?:step|stage|round|one|interview|part|bit|hurdle))|"
    r"met(?!\s+(?:office|police|opera|museum|gala)\b)|"
    r"got\s+(?:off|out|through|thru|back|hired)|nailed|bombed|blew|earlier|interviewed|came|"
    r"just\s+(?:had|got|finished|left)|this\s+(?:morning|afternoon)|today|2day|attended|"
    r"went\s+(?:well|ok|okay|fine|badly)|saw|smashed|aced|held|gone|told|promised|"
    r"it['’]?s\s+now|sat\s+(?:in|on|down))\b", re.IGNORECASE)
# Clauses about what the employer will do ("they'll ring tomorrow") say nothing of when the
# interview is.
_CLAUSE_SPLIT = re.compile(r"[.,;!?\n]+|\s(?:and|but|then)\s", re.IGNORECASE)
_PROMISE_CLAUSE = re.compile(r"\b(?:will|'ll|’ll|'d|’d|would|said|say|says|told|promised|let\s+"
                             r"(?:me|us)\s+know|hear|get\s+back|ring\s+me|call\s+me|email\s+me|"
                             r"text\s+me|check\s+my|decision|decide|result|asked\s+me\s+to)\b",
                             re.IGNORECASE)


def _about_the_interview(text: str) -> str:
    """The message without its clauses about the employer's promise."""
    return " . ".join(c for c in _CLAUSE_SPLIT.split(text) if not _PROMISE_CLAUSE.search(c))


# Words of an interview to come even in a clause with "will": "Panel will be the matron and the
# ward manager", "I'm meeting Anders on Thursday", "they moved my interview to monday 10am".
_TO_COME = re.compile(r"\b(?:panel|interviewers?)\s+will\s+be\b|"
                      r"\b(?:i['’]?m|i\s+am|we['’]re|we\s+are)\s+meeting\b|\b(?:moved|rescheduled|"
                      r"pushed|changed)\s+(?:my\s+|the\s+|our\s+)?(?:interview|it|call|meeting|chat|"
                      r"screen\w*)\b[^.!?]{0,40}\bto\s+(?:mon|tue|wed|thu|fri|sat|sun|tomorrow|next)",
                      re.IGNORECASE)


def tense_of(text: str) -> tuple[bool, bool]:
    """(about an interview still to come, about one that happened), from the words of the
    message outside its clauses about the employer's promise."""
    return bool(_FUTURE_RE.search(_about_the_interview(text)) or _TO_COME.search(text)), \
        bool(_PAST_RE.search(text))


# Something interview-like, for an interview still to come told without the word.
_INTERVIEWISH = re.compile(r"\b(?:interview\w*|round|stage|screen\w*|onsite|on-site|assessment|"
                           r"trial|chat|call|dinner|meeting|presentation|panel|superday|one|"
                           r"see\s+me|meet\s+me|come\s+in)\b",
                           re.IGNORECASE)


def sounds_upcoming(text: str) -> bool:
    """An interview still to come ("I've got another one tomorrow at the council")."""
    future, past = tense_of(text)
    return future and not past and bool(_INTERVIEWISH.search(text))
