"""Grammar as well as spelling (the seed's "no spelling or grammar mistake"): the confusions a
spell checker cannot see, because each word is a real word.

your/you're, its/it's, their/there/they're, then/than, affect/effect, "could of", a/an, a
sentence that starts in lowercase (and "i" alone), and runs of "!!!" or "???" in a message to an
employer. Each is found only in a context that gives it away ("your welcome", "more then",
"its a pleasure", "a interview"), so a correct use is never flagged; what is not clear is left
alone. Findings are (position, excerpt, advice) as in `message_form`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from bot.core.language.message_form import Finding, Token, sentence_start
from bot.core.language.spelling import spell_checker

# (pattern, the word to use instead, why): the first group is the word to replace.
_CONFUSIONS: tuple[tuple[re.Pattern[str], str, str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), fix, why) for pattern, fix, why in (
        (r"\b(your)\s+(?:welcome|right|going|coming|doing|not|being|so|very|always|never|"
         r"absolutely)\b", "you're", "\"you're\" is \"you are\""),
        (r"\b(you'?re)\s+(?:time|help|consideration|team|company|interview|email|message|"
         r"feedback|support|offer|role|kind\s+words)\b", "your",
         "\"your\" is what belongs to them"),
        (r"\b(its)\s+(?:a|an|the|been|going|not|great|good|very|so|always|really|important|"
         r"clear|true|nice|possible|exciting|been)\b", "it's", "\"it's\" is \"it is\""),
        (r"\b(it['’]s)\s+(?:own|team|people|products|mission|values|culture|customers|clients|"
         r"employees|office|offices|website)\b", "its", "\"its\" is what belongs to it"),
        (r"\b(their)\s+(?:is|are|was|were|will\s+be|has\s+been|have\s+been)\b", "there",
         "\"there is\", \"there are\""),
        (r"\b(their)\s+(?:going|doing|coming|not|looking|hiring|interviewing)\b", "they're",
         "\"they're\" is \"they are\""),
        (r"\b(there)\s+(?:team|company|office|products|interview|process|website|offer|"
         r"decision|feedback|time|consideration|hiring)\b", "their",
         "\"their\" is what belongs to them"),
        (r"\b(?:more|less|better|worse|rather|other|earlier|later|sooner|faster|greater|higher|"
         r"lower|bigger|smaller|longer|shorter)\s+(then)\b", "than", "comparisons take \"than\""),
        (r"\b(?:an?|the|positive|negative|no|any|big|great|lasting|real)\s+(affect)\b", "effect",
         "the noun is \"effect\""),
        (r"\b(?:will|would|could|might|may|can|to|not|does|did)\s+(effect)\s+(?:my|your|the|"
         r"their|our|his|her|how|whether)\b", "affect", "the verb is \"affect\""),
        (r"\b((?:could|would|should|must|might)\s+of)\b", "… have", "\"could have\", not "
         "\"could of\""),
    ))
# "a"/"an" by the sound that follows: vowels read as consonants and silent h's are exceptions.
_A_BEFORE_VOWEL = re.compile(r"\b(a)\s+(?!(?:uni|use|usu|uti|eu|one|once|ure|uro)\w*)[aeiou]\w+",
                             re.IGNORECASE)
_AN_BEFORE_CONSONANT = re.compile(r"\b(an)\s+(?!(?:hour|honest|honou?r|heir|herb)\w*)"
                                  r"[bcdfgjklmnpqrstvwxyz][a-z]+\b")
_MARKS = re.compile(r"[!?]{2,}")


def grammar(masked: str) -> Iterator[Finding]:
    """The confusions and a/an in the masked text (message_form.masked_text)."""
    for rx, fix, why in _CONFUSIONS:
        for m in rx.finditer(masked):
            word = f"{m.group(1).split()[0]} have" if fix.startswith("…") else fix
            yield m.start(1), m.group(0), f"use \"{word}\" here ({why})"
    for m in _A_BEFORE_VOWEL.finditer(masked):
        yield m.start(1), m.group(0), "\"an\" before a vowel sound"
    for m in _AN_BEFORE_CONSONANT.finditer(masked):
        yield m.start(1), m.group(0), "\"a\" before a consonant sound"


MESSAGE_WORDS = 8  # shorter texts are fragments, not messages: their first word is left alone


def capitals(masked: str, words: list[Token]) -> Iterator[Finding]:
    """A sentence that starts in lowercase, and "i" on its own (in a text of MESSAGE_WORDS
    words or more)."""
    if len(words) < MESSAGE_WORDS:
        return
    dictionary = spell_checker().word_frequency.dictionary
    for tok in words:
        if tok.text == "i" or tok.text.startswith("i'"):
            yield tok.start, tok.text, "\"I\" takes a capital"
        elif tok.text[:1].islower() and tok.text.isalpha() and tok.text in dictionary and \
                _opens_sentence(masked, tok.start):
            # (A word the dictionary does not know gets the spelling advice instead.)
            yield tok.start, tok.text, "start the sentence with a capital"


def _opens_sentence(masked: str, pos: int) -> bool:
    """The word at `pos` opens the text, a paragraph (after a blank line) or a sentence (after
    ".", "!" or "?"); a line that merely wraps does not."""
    before = masked[:pos].rstrip(" \t\r\n\"'“‘(")
    if not before.strip():
        return True
    if masked[len(before):pos].count("\n") >= 2:
        return True
    return before[-1] in ".!?" and sentence_start(masked, pos)


def marks(masked: str) -> Iterator[Finding]:
    """Runs of "!!" or "??": one mark is enough in a message to an employer."""
    for m in _MARKS.finditer(masked):
        yield m.start(), m.group(0), "one mark is enough in a message to an employer"
