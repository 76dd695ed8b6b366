"""One normalisation of typed text before anything reads it (issue 14): the forms phones and
word processors put in that mean the same as plain ones.

Curly apostrophes and quotes become straight ones ("they didn’t say" is "they didn't say"),
non-breaking and other Unicode spaces become a space, zero-width spaces go, and the text is
put in Unicode NFC form (an accent typed as a combining mark is one letter). Dashes stay: a dash
in a draft is the writer's style, and the readers that care accept every kind.
"""

from __future__ import annotations

import re
import unicodedata

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'",
                         "\u2032": "'", "\u02bc": "'", "\u201c": '"', "\u201d": '"',
                         "\u201e": '"', "\u201f": '"', "\u2033": '"'})
# Unicode's spaces other than the plain one and the line breaks (category Zs).
_SPACES = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
# (Not the joiners U+200C and U+200D: they shape emoji such as 👩‍💻 and Persian and Indic words.)
_ZERO_WIDTH = re.compile(r"[\u200b\u2060\ufeff]")


def plain_text(text: str) -> str:
    """`text` with curly quotes straightened, Unicode spaces made plain and zero-width
    spaces removed (not the joiners), in NFC form. Idempotent; keeps line breaks and every
    other character."""
    text = unicodedata.normalize("NFC", text)
    return _ZERO_WIDTH.sub("", _SPACES.sub(" ", text.translate(_QUOTES)))
