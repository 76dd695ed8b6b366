"""The form of a message, for `checking`: everything but the spelling of its words.

What is not prose (emails, links, domains, phone numbers, @handles) and is masked out before
anything is checked; the words and where sentences start; placeholders left in a template;
doubled words; ALL-CAPS shouting; a missing greeting or sign-off. Each check yields findings as
(position, excerpt, advice); `checking` names their kind.

Patterns run over texts of any size, so none of them may backtrack much: matches start only at
the beginning of a run (lookbehind) and repeats are possessive (`++`, Python 3.11+).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from bot.core.language.spelling import SHOUT_LETTERS, WORD_RE, Speller, is_caps, letters, wordset

# (position in the text, the excerpt as written or "" for something missing, what to do)
Finding = tuple[int, str, str]

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
_TLDS = wordset("com org net io co uk ie us ca au nz in de fr es it nl be ch at pl se no dk fi pt"
                " eu jp cn br mx za ai app dev tech info biz me edu gov jobs xyz")
_FILE_EXTS = wordset("pdf doc docx odt rtf txt md jpg jpeg png gif svg ppt pptx xls xlsx csv"
                     " zip html htm js py ts json")
_EMAIL_RE = re.compile(r"(?<![\w.+%-])[\w.+%-]++@[\w-]++(?:\.[\w-]++)++")
_URL_RE = re.compile(r"\b(?:https?://|www\.)[^\s<>\[\]()\"']++", re.IGNORECASE)
_DOTTED_RE = re.compile(r"(?<![\w.-])[\w-]++(?:\.[\w-]++)++(?:/[^\s<>\[\]()\"']*+)?")
_PHONE_RE = re.compile(r"(?<![\w+(])\+?\(?\d(?:[ \t().-]{0,2}\d){6,}+")
_HANDLE_RE = re.compile(r"(?<![\w@])[@#]\w++")
_MASK = "\x00"  # replaces skipped spans: not a word, not whitespace
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
_ABBREVIATIONS = wordset("mr mrs ms dr prof st jr sr vs etc e.g i.e approx no")
_OPENERS = " \t\"'“”‘’([{*•>–—-" + _MASK

_CAPS_GAP_RE = re.compile(r"[ \t,;:&/–—-]{1,3}")  # words of one all-caps run (not across a ".")
# Words that are doubled on purpose ("I had had enough", "I said that that was fine").
_DOUBLE_OK = frozenset({"had", "that"})
MESSAGE_MIN_WORDS = 12  # below this, a one-line text is a fragment: no greeting/sign-off check
SIGNOFF_LINES = 4  # body lines from the end that may hold the sign-off


@dataclass(frozen=True)
class Token:
    """A word of the (masked) text and where it is: text[start:end]."""

    start: int
    end: int
    text: str


# -- reading the text --------------------------------------------------------------------------
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


def masked_text(text: str) -> tuple[str, list[tuple[int, int]]]:
    """`text` (same length) with what is not prose and the placeholders masked out, and the
    placeholders' spans, in order."""
    masked = _mask(text, _skipped_spans(text))
    placeholders: list[tuple[int, int]] = []
    for rx in _PLACEHOLDER_RES:  # one pattern at a time, so they never overlap
        spans = [m.span() for m in rx.finditer(masked) if _is_placeholder(m.group())]
        masked = _mask(masked, spans)
        placeholders += spans
    return masked, sorted(placeholders)


def tokens(masked: str) -> list[Token]:
    """The words of a masked text, in order."""
    return [Token(m.start(), m.end(), m.group()) for m in WORD_RE.finditer(masked)]


def sentence_start(masked: str, pos: int) -> bool:
    """The word at `pos` starts a sentence, a line or a header's value ("Subject: Folow up")."""
    m = masked
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


# -- the checks --------------------------------------------------------------------------------
def placeholders(text: str, spans: list[tuple[int, int]]) -> Iterator[Finding]:
    """Placeholders left in, each with what to put there."""
    for s, e in spans:
        excerpt = text[s:e]
        yield s, excerpt, _placeholder_advice(excerpt)


def doubled_words(text: str, masked: str, words: list[Token]) -> Iterator[Finding]:
    """The same word twice in a row ("the the"), not across a paragraph break."""
    i = 0
    while i + 1 < len(words):
        a, b = words[i], words[i + 1]
        gap = masked[a.end:b.start]
        if (a.text.casefold() == b.text.casefold() and gap.isspace()
                and gap.count("\n") <= 1 and letters(a.text) == a.text
                and a.text.casefold() not in _DOUBLE_OK):
            excerpt = " ".join(text[a.start:b.end].split())
            yield a.start, excerpt, f"“{a.text}” is there twice in a row; remove one"
            i += 2
        else:
            i += 1


def shouting(text: str, masked: str, words: list[Token], speller: Speller) -> Iterator[Finding]:
    """A run of three or more capitalised words (two of them ordinary words), or one long
    all-caps word that is not an acronym, a job word or a name."""
    runs: list[list[Token]] = []
    for tok in words:
        if not is_caps(tok.text) or any(c.isdigit() for c in tok.text):
            continue
        prev = runs[-1][-1] if runs else None
        if prev is not None and _CAPS_GAP_RE.fullmatch(masked[prev.end:tok.start]):
            runs[-1].append(tok)
        else:
            runs.append([tok])
    advice = "write it in normal case; capitals read as shouting"
    for run in runs:
        ordinary = [t for t in run if len(letters(t.text)) >= 2 and speller.is_ordinary(t.text)]
        if len(run) >= 3 and len(ordinary) >= 2:
            yield run[0].start, text[run[0].start:run[-1].end], advice
            continue
        for t in run:
            if len(letters(t.text)) > SHOUT_LETTERS and not speller.is_known(t.text):
                yield t.start, t.text, advice


def greeting_and_signoff(text: str, word_count: int) -> tuple[Finding | None, Finding | None]:
    """What a whole message lacks: a greeting first (found at -1), a sign-off near the end
    (found at the end of the text). A fragment (one short line) lacks neither."""
    lines = [(m.start(), m.group()) for m in re.finditer(r"[^\n]+", text) if m.group().strip()]
    body = [(pos, line) for pos, line in lines if not _HEADER_RE.match(line)]
    if not body or (len(body) < 2 and word_count < MESSAGE_MIN_WORDS):
        return None, None  # a fragment, not a whole message
    if (len(body) > 1 and not _GREETING_RE.match(body[0][1])
            and _GREETING_RE.match(body[1][1]) and _looks_like_title(body[0][1])):
        body = body[1:]  # a subject line without "Subject:" above "Dear …"
    greeted = bool(_GREETING_RE.match(body[0][1]))
    greeting = None if greeted else (
        -1, "", "start with a greeting that uses their name, such as “Dear Ms Doe,”")
    rest = body[1:] if greeted and len(body) > 1 else body  # one paragraph: "Hi… Thanks, Tom"
    signoff = None if any(_is_signoff(line) for line in _closing_lines(rest)) else (
        len(text), "", "end with a sign-off such as “Best regards,” or “Kind regards,” and your "
        "full name under it")
    return greeting, signoff


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
