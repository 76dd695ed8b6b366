"""Grammar as well as spelling (the seed's "no spelling or grammar mistake"): the confusions a
spell checker cannot see, because each word is a real word.

your/you're, its/it's, their/there/they're, then/than, affect/effect, "could of", a/an, a
sentence that starts in lowercase (and "i" alone), and runs of "!!!" or "???" in a message to an
employer. Each is found only in a context that gives it away ("your welcome to call", "better
then any", "its a pleasure", "a interview"; a/an by the sound of the next word, from a
pronouncing dictionary), so a correct use is never flagged; what is not clear is left alone.
Findings are (position, excerpt, advice) as in `message_form`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from bot.core.language.articles import articles
from bot.core.language.confusions import confusions
from bot.core.language.message_form import Finding, Token, sentence_start
from bot.core.language.spelling import spell_checker

_MARKS = re.compile(r"[!?]{2,}")


def grammar(masked: str) -> Iterator[Finding]:
    """The confusions (`confusions`) and a/an by sound (`articles`) in the masked text
    (message_form.masked_text)."""
    yield from confusions(masked)
    yield from articles(masked)


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
