"""Spelling, for `checking`: the English word list, the words a job seeker writes that it lacks,
the user's own names, and suggestions for an unknown word.

pyspellchecker reads its bundled dictionary the first time a check needs it (about 0.2 s); that
one `SpellChecker` is kept for the life of the process.

Speed: pyspellchecker's own `correction()` can take seconds on a long unknown word (it tries every
edit-distance-2 string over a 45-letter alphabet), so suggestions are computed here over a-z and
the apostrophe, cached, and capped per check (`Speller`).
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Callable, Iterable, Mapping

from spellchecker import SpellChecker


def wordset(words: str) -> frozenset[str]:
    """The whitespace-separated words of `words`."""
    return frozenset(words.split())


# Words a job seeker writes that pyspellchecker 0.9's English list lacks (checked one by one),
# plus a few it has, for clarity. Lower case; hyphenated forms are also fine part by part.
JOB_WORDS = wordset("""
    backend back-end frontend front-end fullstack full-stack devops devsecops mlops
    onboard onboarding onboarded offboarding linkedin résumé résumés resumé resumes cv cvs
    hr hrbp qa sql nosql api apis ui ux saas fintech edtech github gitlab kubernetes jira figma
    kanban onsite offsite skillset skillsets upskill upskilled upskilling reskilling workflow
    workflows roadmap roadmaps dataset datasets analytics cofounder co-founder ceo cto cfo coo
    cio cpo vp svp evp timelines cybersecurity blockchain microservice microservices codebase
    codebases refactor refactoring deliverables kpi kpis okr okrs webinar webinars mentee mentees
    wfh etc tech dev devs ios aws gcp ml ai nlp llm llms sre nodejs postgresql postgres mysql
    mongodb graphql salesforce hubspot ecommerce e-commerce scaleup scale-up hackathon hackathons
    bootcamp bootcamps js html css csv pdf docx learnings cross-functional follow-up touchpoint
    touchpoints pre-screen rebrand recruiter recruiters teamwork stakeholder stakeholders
""")

# A word: letters (with combining accents), joined by apostrophes or hyphens. Possessive repeats
# (`++`, Python 3.11+) so that it never backtracks much over texts of any size.
WORD_RE = re.compile(r"(?:[^\W_]|[\u0300-\u036f])++(?:['’‐-](?:[^\W_]|[\u0300-\u036f])++)*+")
_DIGIT_RE = re.compile(r"\d")
_LETTERS = "abcdefghijklmnopqrstuvwxyz'"
SHOUT_LETTERS = 5  # an all-caps word longer than this is shouting (HR, SQL, CV are acronyms)
# Per check: distinct unknown words that get a suggestion, and the costly distance-2 searches.
SUGGEST_BUDGET = 200
DEEP_SUGGEST_BUDGET = 2
DEEP_MIN_LEN, DEEP_MAX_LEN = 5, 9  # shorter: too many far-fetched matches; longer: slow

_checker: SpellChecker | None = None
_checker_lock = threading.Lock()
_words: Mapping[str, int] = {}  # the dictionary: lower-case word -> frequency
_suggestion_cache: dict[tuple[str, bool], str | None] = {}


def spell_checker() -> SpellChecker:
    """The process's one English SpellChecker, loaded on first use."""
    global _checker, _words
    if _checker is None:
        with _checker_lock:
            if _checker is None:
                checker = SpellChecker(language="en")
                _words = checker.word_frequency.dictionary
                _checker = checker
    return _checker


def is_dictionary_word(word: str) -> bool:
    """Whether `word` (lower case) is in the English dictionary, as a word people use often
    (a frequency of 50 or more in pyspellchecker's list: rare entries include surnames)."""
    spell_checker()
    return _words.get(word, 0) >= 50


def word_frequency(word: str) -> int:
    """How often `word` (lower case) occurs in pyspellchecker's English list (0 when absent)."""
    spell_checker()
    return _words.get(word, 0)


# -- words and their shapes --------------------------------------------------------------------
def norm(word: str) -> str:
    """A word as the word lists hold it: NFC, straight apostrophe, ASCII hyphen, case-folded."""
    return unicodedata.normalize("NFC", word).replace("’", "'").replace("‐", "-").casefold()


def _strip_accents(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


def letters(word: str) -> str:
    """The letters of `word`, without apostrophes, hyphens or digits."""
    return word if word.isalpha() else "".join(c for c in word if c.isalpha())


def is_caps(word: str) -> bool:
    """All its letters are capitals (and it has some)."""
    only = letters(word)
    return bool(only) and only.isupper()


def _shape(part: str) -> str:
    """"upper" (HR, EXCITED), "title" (Thank, I'm), "mixed" (LinkedIn, iPhone) or "lower"."""
    only = letters(part)
    if len(only) >= 2 and only.isupper():
        return "upper"
    if any(c.isupper() for c in only[1:]):
        return "mixed"
    return "title" if only[:1].isupper() else "lower"


def _like(original: str, fix: str) -> str:
    """`fix` in the case style of `original`."""
    shape = _shape(original)
    if shape == "upper":
        return fix.upper()
    if shape == "title":
        return fix[:1].upper() + fix[1:]
    return fix


def _edits1(word: str) -> set[str]:
    alphabet = _LETTERS + "".join({c for c in word if c not in _LETTERS})
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    return ({a + b[1:] for a, b in splits if b}
            | {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
            | {a + c + b[1:] for a, b in splits if b for c in alphabet}
            | {a + c + b for a, b in splits for c in alphabet})


def _best(candidates: Iterable[str]) -> str | None:
    return max(candidates, key=lambda w: (_words[w], w), default=None)


# British spellings, as the American ones pyspellchecker's list has (honour -> honor, organise
# -> organize, centre -> center, programme -> program, travelled -> traveled, defence ->
# defense, analyse -> analyze): a word is right when its American form is in the list.
_BRITISH = tuple((re.compile(pattern), american) for pattern, american in (
    (r"(?<=[a-z]{2})our(?=s?$|ed$|ing$|able$|ably$|ite$|ites$|er$|ers$|ful$|less$|ly$|"
     r"hood$|hoods$|ist$|ists$|ism$|isation$|ise$|ised$|ising$|ize$|ized$|izing$)", "or"),
    (r"is(?=e$|ed$|es$|ing$|er$|ers$|ation$|ations$|ational$)", "iz"),
    (r"ys(?=e$|ed$|es$|ing$)", "yz"),
    (r"tre(?=s?$)", "ter"),
    (r"ogue(?=s?$)", "og"),
    (r"mme(?=s?$)", "m"),
    (r"ll(?=ed$|ing$|er$|ers$|or$|ors$|ery$)", "l"),
    (r"ence(?=s?$)", "ense"),
))


# Any of the patterns above, in one search: most unknown words have none (typos, names).
_BRITISH_HINT = re.compile(r"our|(?:is|ys)(?:e|ed|es|ing|er|ers|ation|ations|ational)$|"
                           r"(?:tre|ogue|mme|ence)s?$|ll(?:ed|ing|er|ers|or|ors|ery)$")


def american_spelling(normed: str) -> str | None:
    """`normed` respelt the American way where a British pattern is in it ("honours" ->
    "honors", "organisation" -> "organization"); None where none is ("youre" stays wrong)."""
    if normed.startswith("you") or not _BRITISH_HINT.search(normed):  # "youre" is no "yore"
        return None
    american = normed
    for rx, replacement in _BRITISH:
        american = rx.sub(replacement, american)
    return american if american != normed else None


class Speller:
    """Spelling for one check: the dictionary plus the user's `known_words` (names that are
    right however unusual; multi-word names may be passed whole), with its own suggestion
    budget. Call `spell_checker()` first: the dictionary must be loaded."""

    def __init__(self, known_words: Iterable[str]) -> None:
        self.known: dict[str, str] = {}  # normalised word -> as the user wrote it
        for name in known_words:
            for token in WORD_RE.findall(name):
                for word in {token, *re.split(r"['’‐-]", token)}:
                    if word:
                        self.known.setdefault(norm(word), word)
        self.near_known: dict[str, str] = {}  # a slip of one letter or accent -> the name
        for known, original in self.known.items():
            if len(known) >= 4:
                for variant in _edits1(known) | {_strip_accents(known)}:
                    if variant not in self.known and variant not in _words:
                        self.near_known.setdefault(variant, original)
        self.suggest_left = SUGGEST_BUDGET
        self.deep_left = DEEP_SUGGEST_BUDGET

    def is_word(self, normed: str, *, plural: bool = True) -> bool:
        """A normalised word is in the dictionary, the job words or the user's names."""
        if normed in _words or normed in JOB_WORDS or normed in self.known:
            return True
        if normed.endswith("'s") and len(normed) > 3:
            return self.is_word(normed[:-2], plural=False)
        # The list lacks some plurals ("timelines", "deliverables") but has the singular.
        if (plural and normed.endswith("s") and len(normed) >= 5
                and (normed[:-1] in _words or normed[:-1] in JOB_WORDS)):
            return True
        american = american_spelling(normed)
        return american is not None and self.is_word(american, plural=plural)

    def is_ordinary(self, word: str) -> bool:
        """A dictionary word that is neither a job word nor one of the user's names."""
        normed = norm(word)
        return normed in _words and normed not in JOB_WORDS and normed not in self.known

    def is_known(self, word: str) -> bool:
        """One of the user's names or a job word."""
        normed = norm(word)
        return normed in self.known or normed in JOB_WORDS

    def suggest(self, normed: str, *, deep: bool) -> str | None:
        """The likeliest word for an unknown one (None: nothing close, or no budget left)."""
        if normed in self.near_known:
            return self.near_known[normed]
        key = (normed, deep)
        if key in _suggestion_cache:
            return _suggestion_cache[key]
        if self.suggest_left <= 0:
            return None
        self.suggest_left -= 1
        near = _edits1(normed)
        fix = _best(w for w in near if w in _words)
        if fix is None and deep:
            if not DEEP_MIN_LEN <= len(normed) <= DEEP_MAX_LEN or self.deep_left <= 0:
                return None
            self.deep_left -= 1
            fix = _best({w2 for w1 in near for w2 in _edits1(w1) if w2 in _words})
        if len(_suggestion_cache) > 10_000:
            _suggestion_cache.clear()
        _suggestion_cache[key] = fix
        return fix

    def advice(self, word: str, starts_sentence: Callable[[], bool]) -> str | None:
        """What to tell the user about a word as written, or None when it is fine: a word, a
        brand (LinkedIn), an acronym (HR), a name (capitalised mid-sentence, or nothing close at
        a sentence start, which `starts_sentence` tells only when asked: it costs a look back)."""
        if not word.isalpha() and _DIGIT_RE.search(word):
            return None  # "B2B", "Q3", "2FA"
        normed = norm(word)
        if len(letters(word)) < 2 or self.is_word(normed):
            return None
        if "-" in normed and self.is_word(normed.replace("-", "")):
            return None  # "co-ordinated", "e-mail"
        starts = starts_sentence()
        fixed: list[str] = []
        bad = unsure = False
        for i, part in enumerate(re.split(r"([‐-])", word)):
            fixed.append(part)
            if i % 2 or len(letters(part)) < 2:
                continue
            pnorm, shape = norm(part), _shape(part)
            first = i == 0 and starts
            if self.is_word(pnorm) or shape == "mixed" or (
                    shape == "upper" and len(letters(part)) <= SHOUT_LETTERS):
                continue  # a word, a brand (LinkedIn) or an acronym (HR, SQL)
            if shape == "title" and not first:
                if pnorm in self.near_known:  # "Szczesny" for "Szczęsny"
                    fixed[-1], bad = self.near_known[pnorm], True
                continue  # a capitalised word mid-sentence: a name
            fix = self.suggest(pnorm, deep=shape != "title")
            if fix is None and shape == "title":
                continue  # "Wojciech" at the start of a line: nothing close, so a name
            bad = True
            if fix is None:
                unsure = True
            else:
                fixed[-1] = fix if fix in self.known.values() else _like(part, fix)
        if not bad:
            return None
        if unsure:
            return "I don't know this word; check the spelling"
        return f"did you mean “{''.join(fixed)}”?"
