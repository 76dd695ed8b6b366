"""Checking a message before the user sends it (step 3, "craft consciously").

A typo or a left-over "[Company]" in a follow-up email can undo a good interview, so every draft
and any text the user pastes with "check this" goes through `check_text`: spelling (pyspellchecker's
English word list, plus the user's own names and common job words: `spelling`), doubled words,
placeholders left in, a missing greeting or sign-off, and ALL-CAPS shouting (`message_form`), and
grammar a spell checker cannot see (`grammar`: your/you're, its/it's, their/there, then/than,
affect/effect, "could of", a/an, capitals, "!!!").
With a grammar service (`ports.TextService`: a LanguageTool server, wired outside the core) its
findings are added where no local check already found something, with the local checks as the
fallback when it can't answer. `problems_text` turns the result into lines for a chat reply.

Pure: no I/O of our own (the word list is loaded once, see `spelling`; the service is a port).
A 100 kB text is checked locally in a fraction of a second.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial

from bot.core.contract.ports import TextFinding, TextService
from bot.core.language import grammar
from bot.core.language import message_form as form
from bot.core.language.spelling import Speller, norm, spell_checker

SPELLING = "spelling"
DOUBLED = "doubled"
PLACEHOLDER = "placeholder"
GREETING = "greeting"
SIGNOFF = "signoff"
CAPS = "caps"
GRAMMAR = "grammar"
CAPITAL = "capital"
MARKS = "marks"
SERVICE = "service"  # a finding of the grammar service (LanguageTool)
MAX_LINES = 20  # lines problems_text shows before summing up the rest


@dataclass(frozen=True)
class Problem:
    kind: str  # SPELLING | DOUBLED | PLACEHOLDER | GREETING | SIGNOFF | CAPS | GRAMMAR | ...
    excerpt: str  # the offending word/phrase as it appears ("" for a missing greeting/sign-off)
    suggestion: str  # what to do, in plain friendly English


def check_text(text: str, known_words: Iterable[str] = (),
               service: TextService | None = None) -> list[Problem]:
    """Problems in a message the user is about to send, in the order they appear.

    `known_words` are names that are right however unusual (the user's, the interviewer's, the
    company's); multi-word names may be passed whole. Blank text has no problems. The same
    problem found again is reported once, with how many times it was found. `service`, when
    given, adds its findings (see the module's docstring).
    """
    if not text.strip():
        return []
    spell_checker()
    known = list(known_words)
    problems = _Problems(text)
    problems.collect(known)
    if service is not None:
        problems.add_service(service.check(text), known)
    return problems.result()


def problems_text(problems: list[Problem], *, text: str | None = None) -> list[str]:
    """One line per problem for a chat reply, or one line saying it reads well.

    Pass the checked `text` to get "nothing to check" instead when it was blank. Past
    `MAX_LINES` problems the rest are summed up in a last line.
    """
    if text is not None and not text.strip():
        return ["There's nothing to check yet: paste the message you'd like me to read."]
    if not problems:
        return ["It reads well: no typos, grammar slips, left-over placeholders, doubled words "
                "or shouting that I can spot."]
    lines = [_problem_line(p) for p in problems[:MAX_LINES]]
    rest = len(problems) - MAX_LINES
    if rest > 0:
        lines.append(f"• …and {rest} more. Fix these first, then ask me to check it again.")
    return lines


_LABELS = {SPELLING: "Spelling", DOUBLED: "Doubled word", PLACEHOLDER: "Placeholder left in",
           CAPS: "ALL CAPS", GREETING: "No greeting", SIGNOFF: "No sign-off",
           GRAMMAR: "Grammar", CAPITAL: "Capital letter", MARKS: "Punctuation",
           SERVICE: "Grammar (LanguageTool)"}


def _problem_line(p: Problem) -> str:
    label = _LABELS.get(p.kind, p.kind.capitalize())
    if not p.excerpt:
        return f"• {label}: {p.suggestion}"
    excerpt = p.excerpt if len(p.excerpt) <= 60 else p.excerpt[:57].rstrip() + "…"
    return f"• {label}: “{excerpt}” — {p.suggestion}"


@dataclass
class _Found:
    pos: int
    problem: Problem
    count: int = 1


class _Problems:
    """The problems of one text, each kind and excerpt once (counted), by position."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.found: dict[tuple[str, str], _Found] = {}
        self.placeholders: list[tuple[int, int]] = []

    def collect(self, known_words: Iterable[str]) -> None:
        text = self.text
        speller = Speller(known_words)
        masked, placeholder_spans = form.masked_text(text)
        self.placeholders = placeholder_spans
        words = form.tokens(masked)
        self.add(PLACEHOLDER, form.placeholders(text, placeholder_spans))
        for tok in words:
            advice = speller.advice(tok.text, partial(form.sentence_start, masked, tok.start))
            if advice is not None:
                self.add(SPELLING, [(tok.start, tok.text, advice)])
        self.add(DOUBLED, form.doubled_words(text, masked, words))
        self.add(CAPS, form.shouting(text, masked, words, speller))
        self.add(GRAMMAR, grammar.grammar(masked))
        self.add(CAPITAL, grammar.capitals(masked, words))
        self.add(MARKS, grammar.marks(masked))
        greeting, signoff = form.greeting_and_signoff(text, len(words))
        self.add(GREETING, [greeting] if greeting else [])
        self.add(SIGNOFF, [signoff] if signoff else [])

    def add_service(self, findings: list[TextFinding] | None, known: list[str]) -> None:
        """A grammar service's findings (None: it couldn't answer), less those on words a local
        check already flagged, on the known names, or inside a placeholder."""
        taken = [(f.pos, f.pos + max(1, len(f.problem.excerpt))) for f in self.found.values()]
        taken += self.placeholders
        names = {norm(w) for name in known for w in (name, *name.split())}
        for f in findings or []:
            end = f.offset + f.length
            excerpt = self.text[f.offset:end]
            if any(a < end and f.offset < b for a, b in taken) or norm(excerpt) in names:
                continue
            self.add(SERVICE, [(f.offset, excerpt, f.message)])

    def result(self) -> list[Problem]:
        found = sorted(self.found.values(), key=lambda f: f.pos)
        return [f.problem if f.count == 1 else
                Problem(f.problem.kind, f.problem.excerpt,
                        f"{f.problem.suggestion} (found {f.count} times)")
                for f in found]

    def add(self, kind: str, findings: Iterable[form.Finding]) -> None:
        for pos, excerpt, suggestion in findings:
            key = (kind, norm(excerpt))
            if key in self.found:
                self.found[key].count += 1
            else:
                self.found[key] = _Found(pos, Problem(kind, excerpt, suggestion))
