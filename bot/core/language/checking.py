"""Checking a message before the user sends it (step 3, "craft consciously").

A typo or a left-over "[Company]" in a follow-up email can undo a good interview, so every draft
and any text the user pastes with "check this" goes through `check_text`: spelling (pyspellchecker's
English word list, plus the user's own names and common job words), doubled words, placeholders
left in, a missing greeting or sign-off, and ALL-CAPS shouting. `problems_text` turns the result
into lines for a chat reply.

Pure: no I/O of our own. pyspellchecker reads its bundled dictionary the first time a check
needs it (about 0.2 s); that one `SpellChecker` is kept for the life of the process.

Speed: pyspellchecker's own `correction()` can take seconds on a long unknown word (it tries every
edit-distance-2 string over a 45-letter alphabet), so suggestions are computed here over a-z and
the apostrophe, cached, and capped per call. A 100 kB text is checked in a fraction of a second.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from spellchecker import SpellChecker

SPELLING = "spelling"
DOUBLED = "doubled"
PLACEHOLDER = "placeholder"
GREETING = "greeting"
SIGNOFF = "signoff"
CAPS = "caps"


@dataclass(frozen=True)
class Problem:
    kind: str  # SPELLING | DOUBLED | PLACEHOLDER | GREETING | SIGNOFF | CAPS
    excerpt: str  # the offending word/phrase as it appears ("" for a missing greeting/sign-off)
    suggestion: str  # what to do, in plain friendly English


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Words a job seeker writes that pyspellchecker 0.9's English list lacks (checked one by one),
# plus a few it has, for clarity. Lower case; hyphenated forms are also fine part by part.
JOB_WORDS = _wordset("""
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

# Patterns run over texts of any size, so none of them may backtrack much: matches start only at
# the beginning of a run (lookbehind) and repeats are possessive (`++`, Python 3.11+).
# Placeholders left in a template.
_PLACEHOLDER_RES = (
    re.compile(r"<[^<>\n]{1,60}>"),
    re.compile(r"\[[^\[\]\n]{1,60}\]"),
    re.compile(r"\{\{?[^{}\n]{1,60}\}?\}"),
    re.compile(r"(?<!\w)[Xx]{3,}+(?!\w)"),
    re.compile(r"\b(?:TODO|FIXME)\b"),
    re.compile(r"\blorem ipsum\b", re.IGNORECASE),
    re.compile(r"_{3,}+"),
)
# Things that are not words to spell-check: emails, links, phone numbers, @handles.
_TLDS = _wordset("com org net io co uk ie us ca au nz in de fr es it nl be ch at pl se no dk fi pt"
                  " eu jp cn br mx za ai app dev tech info biz me edu gov jobs xyz")
_FILE_EXTS = _wordset("pdf doc docx odt rtf txt md jpg jpeg png gif svg ppt pptx xls xlsx csv"
                       " zip html htm js py ts json")
_EMAIL_RE = re.compile(r"(?<![\w.+%-])[\w.+%-]++@[\w-]++(?:\.[\w-]++)++")
_URL_RE = re.compile(r"\b(?:https?://|www\.)[^\s<>\[\]()\"']++", re.IGNORECASE)
_DOTTED_RE = re.compile(r"(?<![\w.-])[\w-]++(?:\.[\w-]++)++(?:/[^\s<>\[\]()\"']*+)?")
_PHONE_RE = re.compile(r"(?<![\w+(])\+?\(?\d(?:[ \t().-]{0,2}\d){6,}+")
_HANDLE_RE = re.compile(r"(?<![\w@])[@#]\w++")
_MASK = "\x00"  # replaces skipped spans: not a word, not whitespace
_WORD_RE = re.compile(r"(?:[^\W_]|[\u0300-\u036f])++(?:['’‐-](?:[^\W_]|[\u0300-\u036f])++)*+")
_DIGIT_RE = re.compile(r"\d")
_HEADER_RE = re.compile(r"[ \t]*(?:subject|re|to|cc|bcc|from)[ \t]*:", re.IGNORECASE)
_GREETING_RE = re.compile(
    r"^[\W_]*(?:dear|hello|hi|hiya|hey|greetings|good\s+(?:morning|afternoon|evening|day)"
    r"|to\s+whom\s+it\s+may\s+concern)\b", re.IGNORECASE)
_SIGNOFF = (r"(?:(?:with\s+)?(?:best|kind|kindest|warm|warmest|many)\s+(?:regards|wishes|thanks)"
            r"|(?:with\s+)?regards|(?:yours\s+)?(?:sincerely|faithfully|truly)|sincerely\s+yours"
            r"|thank\s+you|thanks|all\s+the\s+best|best|cheers|respectfully|gratefully"
            r"|with\s+(?:gratitude|thanks|appreciation)|take\s+care)\b")
_SIGNOFF_LINE_RE = re.compile(r"^[\W_]*" + _SIGNOFF, re.IGNORECASE)
_SIGNOFF_SENTENCE_RE = re.compile(r"[.!?]\s+" + _SIGNOFF + r"[^.!?]*[.!?]?\s*$",
                                  re.IGNORECASE)
_ABBREVIATIONS = _wordset("mr mrs ms dr prof st jr sr vs etc e.g i.e approx no")
_OPENERS = " \t\"'“”‘’([{*•>–—-" + _MASK
_LETTERS = "abcdefghijklmnopqrstuvwxyz'"

_CAPS_GAP_RE = re.compile(r"[ \t,;:&/–—-]{1,3}")  # words of one all-caps run (not across a ".")
# Words that are doubled on purpose ("I had had enough", "I said that that was fine").
_DOUBLE_OK = frozenset({"had", "that"})
MESSAGE_MIN_WORDS = 12  # below this, a one-line text is a fragment: no greeting/sign-off check
SIGNOFF_LINES = 4  # body lines from the end that may hold the sign-off
SHOUT_LETTERS = 5  # an all-caps word longer than this is shouting (HR, SQL, CV are acronyms)
# Per call: distinct unknown words that get a suggestion, and the costly distance-2 searches.
SUGGEST_BUDGET = 200
DEEP_SUGGEST_BUDGET = 2
DEEP_MIN_LEN, DEEP_MAX_LEN = 5, 9  # shorter: too many far-fetched matches; longer: slow
MAX_LINES = 20  # lines problems_text shows before summing up the rest

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


def check_text(text: str, known_words: Iterable[str] = ()) -> list[Problem]:
    """Problems in a message the user is about to send, in the order they appear.

    `known_words` are names that are right however unusual (the user's, the interviewer's, the
    company's); multi-word names may be passed whole. Blank text has no problems.
    """
    if not text.strip():
        return []
    spell_checker()
    return _Check(text, known_words).run()


def problems_text(problems: list[Problem], *, text: str | None = None) -> list[str]:
    """One line per problem for a chat reply, or one line saying it reads well.

    Pass the checked `text` to get "nothing to check" instead when it was blank. Past
    `MAX_LINES` problems the rest are summed up in a last line.
    """
    if text is not None and not text.strip():
        return ["There's nothing to check yet: paste the message you'd like me to read."]
    if not problems:
        return ["It reads well: no typos, left-over placeholders, doubled words or shouting "
                "that I can spot."]
    lines = [_problem_line(p) for p in problems[:MAX_LINES]]
    rest = len(problems) - MAX_LINES
    if rest > 0:
        lines.append(f"• …and {rest} more. Fix these first, then ask me to check it again.")
    return lines


_LABELS = {SPELLING: "Spelling", DOUBLED: "Doubled word", PLACEHOLDER: "Placeholder left in",
           CAPS: "ALL CAPS", GREETING: "No greeting", SIGNOFF: "No sign-off"}


def _problem_line(p: Problem) -> str:
    label = _LABELS.get(p.kind, p.kind.capitalize())
    if not p.excerpt:
        return f"• {label}: {p.suggestion}"
    excerpt = p.excerpt if len(p.excerpt) <= 60 else p.excerpt[:57].rstrip() + "…"
    return f"• {label}: “{excerpt}” — {p.suggestion}"


def _skipped_spans(text: str) -> Iterator[tuple[int, int]]:
    """Emails, links, domains, phone numbers and @handles: not words to check."""
    for rx in (_EMAIL_RE, _URL_RE, _PHONE_RE, _HANDLE_RE):
        for m in rx.finditer(text):
            yield m.span()
    for m in _DOTTED_RE.finditer(text):
        pieces = m.group().split("/", 1)[0].split(".")
        if any(p in _TLDS for p in pieces[1:]) or pieces[-1].casefold() in _FILE_EXTS:
            # "acme.co.uk", "cv.pdf"; not "e.g"
            yield m.span()


def _mask(text: str, spans: Iterable[tuple[int, int]]) -> str:
    chars = list(text)
    for start, end in spans:
        chars[start:end] = _MASK * (end - start)
    return "".join(chars)


def _is_placeholder(match: str) -> bool:
    inner = match.strip("<>[]{}")
    if not inner.strip("_"):
        return True  # "___"
    # "[1]" or "<jane@acme.com>" (already masked) are not placeholders; "[...]" is.
    return bool(re.search(r"[^\W\d_]", inner)) or "..." in inner or "…" in inner


# --- the check -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Token:
    start: int
    end: int
    text: str


@dataclass
class _Found:
    pos: int
    problem: Problem
    count: int = 1


def _norm(word: str) -> str:
    return unicodedata.normalize("NFC", word).replace("’", "'").replace("‐", "-").casefold()


def _strip_accents(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


def _letters(word: str) -> str:
    return word if word.isalpha() else "".join(c for c in word if c.isalpha())


def _is_caps(word: str) -> bool:
    letters = _letters(word)
    return bool(letters) and letters.isupper()


def _shape(part: str) -> str:
    """"upper" (HR, EXCITED), "title" (Thank, I'm), "mixed" (LinkedIn, iPhone) or "lower"."""
    letters = _letters(part)
    if len(letters) >= 2 and letters.isupper():
        return "upper"
    if any(c.isupper() for c in letters[1:]):
        return "mixed"
    return "title" if letters[:1].isupper() else "lower"


def _like(original: str, fix: str) -> str:
    """`fix` in the case style of `original`."""
    shape = _shape(original)
    if shape == "upper":
        return fix.upper()
    if shape == "title":
        return fix[:1].upper() + fix[1:]
    return fix


def _edits1(word: str) -> set[str]:
    letters = _LETTERS + "".join({c for c in word if c not in _LETTERS})
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    return ({a + b[1:] for a, b in splits if b}
            | {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
            | {a + c + b[1:] for a, b in splits if b for c in letters}
            | {a + c + b for a, b in splits for c in letters})


def _best(candidates: Iterable[str]) -> str | None:
    return max(candidates, key=lambda w: (_words[w], w), default=None)


class _Check:
    def __init__(self, text: str, known_words: Iterable[str]) -> None:
        self.text = text
        self.found: dict[tuple[str, str], _Found] = {}
        self.known: dict[str, str] = {}  # normalised word -> as the user wrote it
        for name in known_words:
            for token in _WORD_RE.findall(name):
                for word in {token, *re.split(r"['’‐-]", token)}:
                    if word:
                        self.known.setdefault(_norm(word), word)
        self.near_known: dict[str, str] = {}  # a slip of one letter or accent -> the name
        for norm, original in self.known.items():
            if len(norm) >= 4:
                for variant in _edits1(norm) | {_strip_accents(norm)}:
                    if variant not in self.known and variant not in _words:
                        self.near_known.setdefault(variant, original)
        self.suggest_left = SUGGEST_BUDGET
        self.deep_left = DEEP_SUGGEST_BUDGET
        masked = _mask(text, _skipped_spans(text))
        self.placeholders: list[tuple[int, int]] = []
        for rx in _PLACEHOLDER_RES:  # one pattern at a time, so they never overlap
            spans = [m.span() for m in rx.finditer(masked) if _is_placeholder(m.group())]
            masked = _mask(masked, spans)
            self.placeholders += spans
        self.placeholders.sort()
        self.masked = masked
        self.tokens = [_Token(m.start(), m.end(), m.group())
                       for m in _WORD_RE.finditer(self.masked)]

    def run(self) -> list[Problem]:
        for s, e in self.placeholders:
            excerpt = self.text[s:e]
            self.add(s, PLACEHOLDER, excerpt, _placeholder_advice(excerpt))
        self.check_spelling()
        self.check_doubled()
        self.check_caps()
        self.check_greeting_and_signoff()
        found = sorted(self.found.values(), key=lambda f: f.pos)
        return [f.problem if f.count == 1 else
                Problem(f.problem.kind, f.problem.excerpt,
                        f"{f.problem.suggestion} (found {f.count} times)")
                for f in found]

    def add(self, pos: int, kind: str, excerpt: str, suggestion: str) -> None:
        key = (kind, _norm(excerpt))
        if key in self.found:
            self.found[key].count += 1
        else:
            self.found[key] = _Found(pos, Problem(kind, excerpt, suggestion))

    # --- spelling ---

    def is_word(self, norm: str, *, plural: bool = True) -> bool:
        if norm in _words or norm in JOB_WORDS or norm in self.known:
            return True
        if norm.endswith("'s") and len(norm) > 3:
            return self.is_word(norm[:-2], plural=False)
        # The list lacks some plurals ("timelines", "deliverables") but has the singular.
        return (plural and norm.endswith("s") and len(norm) >= 5
                and (norm[:-1] in _words or norm[:-1] in JOB_WORDS))

    def sentence_start(self, pos: int) -> bool:
        m = self.masked
        i = pos - 1
        while i >= 0 and m[i] in _OPENERS:
            i -= 1
        if i < 0 or m[i] == "\n":
            return True
        if m[i] == ":":  # "Subject: Folow up"
            return bool(_HEADER_RE.fullmatch(m, m.rfind("\n", 0, i) + 1, i + 1))
        if m[i] not in ".!?…" or i == pos - 1:
            return False
        j = i
        while j > 0 and (m[j - 1].isalpha() or m[j - 1] == "."):
            j -= 1
        return m[j:i].casefold() not in _ABBREVIATIONS

    def suggest(self, norm: str, *, deep: bool) -> str | None:
        """The likeliest word for an unknown one (None: nothing close, or no budget left)."""
        if norm in self.near_known:
            return self.near_known[norm]
        key = (norm, deep)
        if key in _suggestion_cache:
            return _suggestion_cache[key]
        if self.suggest_left <= 0:
            return None
        self.suggest_left -= 1
        near = _edits1(norm)
        fix = _best(w for w in near if w in _words)
        if fix is None and deep:
            if not DEEP_MIN_LEN <= len(norm) <= DEEP_MAX_LEN or self.deep_left <= 0:
                return None
            self.deep_left -= 1
            fix = _best({w2 for w1 in near for w2 in _edits1(w1) if w2 in _words})
        if len(_suggestion_cache) > 10_000:
            _suggestion_cache.clear()
        _suggestion_cache[key] = fix
        return fix

    def check_spelling(self) -> None:
        for tok in self.tokens:
            if not tok.text.isalpha() and _DIGIT_RE.search(tok.text):
                continue  # "B2B", "Q3", "2FA"
            norm = _norm(tok.text)
            if len(_letters(tok.text)) < 2 or self.is_word(norm):
                continue
            if "-" in norm and self.is_word(norm.replace("-", "")):
                continue  # "co-ordinated", "e-mail"
            starts = self.sentence_start(tok.start)
            fixed: list[str] = []
            bad = unsure = False
            for i, part in enumerate(re.split(r"([‐-])", tok.text)):
                fixed.append(part)
                if i % 2 or len(_letters(part)) < 2:
                    continue
                pnorm, shape = _norm(part), _shape(part)
                first = i == 0 and starts
                if self.is_word(pnorm) or shape == "mixed" or (
                        shape == "upper" and len(_letters(part)) <= SHOUT_LETTERS):
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
                continue
            if unsure:
                advice = "I don't know this word; check the spelling"
            else:
                advice = f"did you mean “{''.join(fixed)}”?"
            self.add(tok.start, SPELLING, tok.text, advice)

    # --- doubled words ---

    def check_doubled(self) -> None:
        toks = self.tokens
        i = 0
        while i + 1 < len(toks):
            a, b = toks[i], toks[i + 1]
            gap = self.masked[a.end:b.start]
            if (a.text.casefold() == b.text.casefold() and gap.isspace()
                    and gap.count("\n") <= 1 and _letters(a.text) == a.text
                    and a.text.casefold() not in _DOUBLE_OK):
                excerpt = " ".join(self.text[a.start:b.end].split())
                self.add(a.start, DOUBLED, excerpt,
                         f"“{a.text}” is there twice in a row; remove one")
                i += 2
            else:
                i += 1

    # --- shouting ---

    def check_caps(self) -> None:
        runs: list[list[_Token]] = []
        for tok in self.tokens:
            if not _is_caps(tok.text) or any(c.isdigit() for c in tok.text):
                continue
            prev = runs[-1][-1] if runs else None
            if prev is not None and _CAPS_GAP_RE.fullmatch(self.masked[prev.end:tok.start]):
                runs[-1].append(tok)
            else:
                runs.append([tok])
        advice = "write it in normal case; capitals read as shouting"
        for run in runs:
            ordinary = [t for t in run if len(_letters(t.text)) >= 2
                        and _norm(t.text) in _words and _norm(t.text) not in JOB_WORDS
                        and _norm(t.text) not in self.known]
            if len(run) >= 3 and len(ordinary) >= 2:
                self.add(run[0].start, CAPS, self.text[run[0].start:run[-1].end], advice)
                continue
            for t in run:
                if len(_letters(t.text)) > SHOUT_LETTERS and not self.is_word_known(t.text):
                    self.add(t.start, CAPS, t.text, advice)

    def is_word_known(self, word: str) -> bool:
        norm = _norm(word)
        return norm in self.known or norm in JOB_WORDS

    # --- greeting and sign-off ---

    def check_greeting_and_signoff(self) -> None:
        lines = [(m.start(), m.group()) for m in re.finditer(r"[^\n]+", self.text)
                 if m.group().strip()]
        body = [(pos, line) for pos, line in lines if not _HEADER_RE.match(line)]
        if not body or (len(body) < 2 and len(self.tokens) < MESSAGE_MIN_WORDS):
            return  # a fragment, not a whole message
        if (len(body) > 1 and not _GREETING_RE.match(body[0][1])
                and _GREETING_RE.match(body[1][1]) and _looks_like_title(body[0][1])):
            body = body[1:]  # a subject line without "Subject:" above "Dear …"
        greeted = bool(_GREETING_RE.match(body[0][1]))
        if not greeted:
            self.add(-1, GREETING, "",
                     "start with a greeting that uses their name, such as “Dear Ms Doe,”")
        rest = body[1:] if greeted and len(body) > 1 else body  # one paragraph: "Hi… Thanks, Tom"
        if not any(_is_signoff(line) for line in _closing_lines(rest)):
            self.add(len(self.text), SIGNOFF, "",
                     "end with a sign-off such as “Best regards,” or “Kind regards,” "
                     "and your full name under it")


def _closing_lines(lines: list[tuple[int, str]]) -> Iterator[str]:
    """The lines at the end that may hold the sign-off, last first: the signature block (name,
    title, phone, email, address) and up to `SIGNOFF_LINES` lines of the body above it."""
    body_lines = 0
    for _, line in reversed(lines[-(SIGNOFF_LINES + 8):]):
        yield line
        if not _looks_like_signature(line):
            body_lines += 1
            if body_lines >= SIGNOFF_LINES:
                return


def _looks_like_signature(line: str) -> bool:
    stripped = line.strip()
    if any(c.isdigit() for c in stripped) or next(_skipped_spans(stripped), None):
        return True
    return len(stripped.split()) <= 5 and stripped[-1:] not in ".!?"


def _looks_like_title(line: str) -> bool:
    stripped = line.strip()
    return len(stripped.split()) <= 12 and stripped[-1:] not in ".!?,;:"


def _is_signoff(line: str) -> bool:
    if _SIGNOFF_LINE_RE.match(line) and len(line.split()) <= 12:
        return True  # "Best regards," / "Thank you again for your time."
    return bool(_SIGNOFF_SENTENCE_RE.search(line))  # "... soon. Thanks again, Tom"


def _placeholder_advice(excerpt: str) -> str:
    inner = excerpt.casefold()
    for words, what in ((("company", "employer", "organisation", "organization"),
                         "the company's name"),
                        (("your name", "full name", "my name"), "your name"),
                        (("name", "interviewer", "manager"), "the person's name"),
                        (("role", "position", "job", "title"), "the job title"),
                        (("date", "day", "time"), "the actual date"),
                        (("phone", "number"), "your phone number"),
                        (("email", "e-mail"), "your email address"),
                        (("address",), "your address")):
        if any(w in inner for w in words):
            return f"replace it with {what}"
    return "replace it with the real text, or delete it"
