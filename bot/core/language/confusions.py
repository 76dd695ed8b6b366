"""The word confusions a spell checker cannot see, for `grammar`: your/you're, its/it's,
their/there/they're, then/than, affect/effect and "could of".

Each rule fires only where the words around it leave one reading: "your welcome to call me"
(a possessive "your welcome" cannot take "to call"), "your a great fit", "its been", "their are",
"would there offer include". "Thank you for your very kind words", "your welcome to the team",
"it's people who matter" and "you might of course" are right and stay unflagged; a confusion
that could be either is left alone.

A rule is (pattern, the word to use, why). The pattern's group 1 is the word to replace; an
optional group "pre" is context before it that the excerpt leaves out ("would there offer"
shows "there offer").
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from bot.core.language.message_form import Finding

# Context words, each a regex alternation.
_INTENSIFIER = r"very|so|most|really|always|also|too|more\s+than|absolutely|quite|truly"
_ADVERB = r"always|never|not|also|still|just|really|so|very|quite|definitely|certainly|probably"
_ARTICLE = r"(?-i:a|an|the)\s"  # lower case, then a space: "your A-levels" is a possessive
_SENTENCE = r"(?:^|(?<=[.!?]\s)|(?<=\n))"  # the start of a sentence or line
# What "you're welcome to" goes on with ("your welcome to London" and "to new starters" are
# right as they are).
_WELCOME_TO = (r"call|contact|email|e-mail|reach|get|ask|come|visit|join|drop|use|send|share|"
               r"let|give|ring|phone|message|text|pop|check|see|take|have|try|keep|stay|book|"
               r"forward|reply|write|ping|arrange")
_PREPOSITION = (r"of|about|in|on|into|through|from|by|with|within|to|towards?|at|under|across|"
                r"behind|for|join|joined|meet|met|would|will|could|does|did|do|can|should")
_ORG_NOUN = (r"team|teams|company|office|offices|products?|interview|process|website|offer|"
             r"decision|feedback|consideration|hiring|culture|values|mission|customers|clients|"
             r"people|staff|manager|recruiter|reply|response|deadline|plans|timeline")
# Words after "about it's" that make it a possessive: what a company has ("in it's early days",
# "about it's culture"); anything else ("for it's rare", "about it's hard to say") is left alone.
_ITS_NOUN = (rf"{_ORG_NOUN}|own|way|size|history|future|success|growth|work|launch|name|"
             r"founders?|goals|vision|brand|services|reputation|employees|community|users|app|"
             r"platform|market|industry|roles?|impact|approach|early|current|new|latest|next|"
             r"recent|annual|whole")

_RULES: tuple[tuple[str, str, str], ...] = (
    # your -> you're
    (rf"\b(your)\s+{_ARTICLE}", "you're", "\"you're\" is \"you are\""),
    (rf"\b(your)\s+(?:(?:{_INTENSIFIER})\s+)?welcome(?=\s+to\s+(?:{_WELCOME_TO})\b)",
     "you're", "\"you're\" is \"you are\""),
    (rf"\b(your)\s+(?:{_INTENSIFIER})\s+(?:welcome|kind|right|correct|helpful|generous|"
     r"thoughtful|lovely|sweet|busy|sure|patient)(?=\s*[.!?;]|\s*$|\s+(?:to|that)\s)",
     "you're", "\"you're\" is \"you are\""),
    (rf"{_SENTENCE}(your)\s+welcome(?=\s*[.!]|\s*$)", "you're", "\"you're\" is \"you are\""),
    (r"\b(your)\s+(?:(?:absolutely|quite|so)\s+)?right(?=\s+about\b)", "you're",
     "\"you're\" is \"you are\""),
    (r"\b(your)\s+going(?=\s+to\s+(?:be|love|like|enjoy|need|want)\b)", "you're",
     "\"you're\" is \"you are\""),
    (r"\b(your)\s+not(?=\s+(?:a|an|the|sure|able|alone|available|interested|obliged|"
     r"required|expected|wrong|right|too)\b(?!-))", "you're", "\"you're\" is \"you are\""),
    # you're -> your
    (r"\b(you['’]re)\s+(?:time|consideration|feedback|help|kind\s+words|email|message|reply|"
     r"response|offer|interview|support)\b(?![-\w])(?=\s*[.!?,;:]|\s*$|\s+(?:and|in|on|with|"
     r"yesterday|today|this|last|earlier|during|about|for|so|very)\b)", "your",
     "\"your\" is what belongs to you"),
    # its -> it's
    (rf"\b(its)\s+(?:(?:{_ADVERB})\s+)?{_ARTICLE}", "it's", "\"it's\" is \"it is\""),
    (r"\b(its)\s+(?:(?:always|never|not|also|still|just|really|already|finally)\s+)?been\b",
     "it's", "\"it's\" is \"it is\""),
    (r"\b(its)\s+going(?=\s+to\s+(?:be|take|happen|work)\b)", "it's",
     "\"it's\" is \"it is\""),
    (rf"\b(its)\s+(?:(?:{_INTENSIFIER})\s+)?(?:great|good|nice|important|clear|true|possible|"
     r"exciting|lovely|wonderful|hard|easy|difficult|likely|unlikely|fine|okay|ok)"
     r"(?=\s+(?:to|that)\s|\s*[.!?;]|\s*$)", "it's", "\"it's\" is \"it is\""),
    (r"\b(its)\s+not(?=\s+(?:easy|possible|clear|sure|too|that|just|only|my|your|about|what|"
     r"how|always|yet|something)\b(?!-))", "it's", "\"it's\" is \"it is\""),
    # it's -> its
    (r"\b(it['’]s)\s+own\b", "its", "\"its\" is what belongs to it"),
    (rf"(?P<pre>\b(?:{_PREPOSITION})\s+)(it['’]s)\s+(?:{_ITS_NOUN})\b(?![-'’])", "its",
     "\"its\" is what belongs to it"),
    (r"(?P<pre>\b(?:treats?|treated|values|valued|supports?|supported|grows?|grew|builds?|built|"
     r"leads?|led|serves?|served|admires?|admired)\s+)(it['’]s)\s+(?:own|team|teams|people|"
     r"products|mission|values|culture|customers|clients|employees|staff|community|users)"
     r"\b(?![-\w])", "its", "\"its\" is what belongs to it"),
    # their -> there / they're
    (r"\b(their)\s+(?:is|are|was|were|isn't|aren't|wasn't|weren't|will\s+be|has\s+been|"
     r"have\s+been)\b", "there", "\"there is\", \"there are\""),
    (r"\b(their)\s+(?:(?:going|planning|hoping|looking)(?=\s+to\s+(?:be|make|decide|get|have|"
     r"call|let|send|give|come|take|review|contact|reach|announce|finish)\b)|(?:interviewing|"
     r"hiring|meeting|seeing|speaking\s+to|talking\s+to)(?=\s+(?:other|others|someone|several|"
     r"more|a\s+few|candidates|people|me|you|us)\b)|not(?=\s+(?:sure|ready|a|an|the)\b(?!-))|"
     r"(?:very|so|really|still|also|always)\s+(?:busy|keen|interested|happy|sure)"
     r"(?=\s*[.!?;]|\s*$))", "they're", "\"they're\" is \"they are\""),
    # there -> their
    (rf"(?:{_SENTENCE}|(?P<pre>\b(?:{_PREPOSITION})\s+))(there)\s+(?:{_ORG_NOUN})\b(?![-\w])",
     "their", "\"their\" is what belongs to them"),
    # then -> than
    (r"\b(?:more|less|better|worse|rather|other|earlier|later|sooner|faster|greater|higher|"
     r"lower|bigger|smaller|longer|shorter)\s+(then)(?=\s+(?:I|we|you|they|he|she|expected|"
     r"anticipated|ever|before|usual|usually|planned|last|the|a|an|my|your|any|other|others|"
     r"one|that|this|most|anyone|anything|everyone|\d)\b)", "than",
     "comparisons take \"than\""),
    # affect <-> effect
    (r"\b(?:an?|the|positive|negative|no|any|big|great|lasting|real)\s+(affect)\b", "effect",
     "the noun is \"effect\""),
    (r"\b(?:will|would|could|might|may|can|to|not|does|did)\s+(effect)\s+(?:my|your|their|our|"
     r"his|her|how|whether|the\s+(?!(?:change|changes|transition|transfer|repairs?|reforms?|"
     r"improvements?|merger|sale|payment|settlement)\b))", "affect", "the verb is \"affect\""),
    # "could of" ("you might of course" is right)
    (r"\b((?:could|would|should|must|might)\s+of)\b(?!\s+course\b)", "… have",
     "\"could have\", not \"could of\""),
)
RULES: tuple[tuple[re.Pattern[str], str, str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE | re.MULTILINE), fix, why) for pattern, fix, why in _RULES)

# Each fix's wrong word (a substring of it), for skipping a rule whose word is absent.
_WRONG_WORD = {"you're": "your", "your": "you", "it's": "its", "its": "it", "there": "their",
               "they're": "their", "their": "there", "than": "then", "effect": "affect",
               "affect": "effect", "… have": "of"}


def confusions(masked: str) -> Iterator[Finding]:
    """The confusions in the masked text (message_form.masked_text): (position, excerpt from
    the word to replace, advice with the word to use)."""
    lower = masked.lower()
    for rx, fix, why in RULES:
        if _WRONG_WORD[fix] not in lower:  # most texts lack most words: skip their scans
            continue
        has_pre = "pre" in rx.groupindex
        word_group = 2 if has_pre else 1
        for m in rx.finditer(masked):
            start = m.start(word_group) if has_pre else m.start()
            word = f"{m.group(word_group).split()[0]} have" if fix.startswith("…") else fix
            yield (m.start(word_group), masked[start:m.end()].strip(),
                   f"use \"{word}\" here ({why})")
