"""Replies as Telegram messages: HTML parse mode, every span escaped, long text split cleanly.

The core's text is a sequence of styled spans, so user-typed text can never become markup: each
span's text is escaped (`&`, `<`, `>`) and only then wrapped in the tag for its style. A message
longer than Telegram's 4096 characters is split on line boundaries (inside a line only when the line
alone is too long); a styled span cut by the split is closed at the end of one message and opened
again at the start of the next, so every message is well-formed HTML on its own.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.adapters.telegram.datepicker import month_rows
from bot.core.contract.buttons import MAX_PAYLOAD
from bot.core.contract.messages import Button, Reply, Span
from bot.core.notices import CHOOSE

log = logging.getLogger("hearback.telegram")

MAX_MESSAGE = 4096  # Telegram's limit on a message's text
TAGS = {"bold": "b", "italic": "i", "code": "code", "pre": "pre"}


def length(text: str) -> int:
    """Telegram counts UTF-16 code units (an emoji counts twice)."""
    return len(text.encode("utf-16-le")) // 2


def escape(text: str) -> str:
    return html.escape(text, quote=False)


def tag_for(style: str) -> str | None:
    return TAGS.get(style)


@dataclass(frozen=True)
class Piece:
    """Part of one span on one line; `span` numbers the span it came from."""

    span: int
    style: str
    text: str

    @property
    def cost(self) -> int:
        return length(escape(self.text))


@dataclass(frozen=True)
class OutMessage:
    html: str
    keyboard: InlineKeyboardMarkup | None = None


def span_html(span: Span) -> str:
    tag = tag_for(span.style)
    body = escape(span.text)
    return f"<{tag}>{body}</{tag}>" if tag else body


def to_html(spans: Iterable[Span]) -> str:
    """The whole text as one HTML string (no splitting)."""
    return "".join(span_html(s) for s in spans)


def _overhead(style: str) -> int:
    tag = tag_for(style)
    return 2 * len(tag) + 5 if tag else 0  # <tag></tag>


def _lines(spans: Sequence[Span]) -> list[list[Piece]]:
    """Pieces grouped into lines; each line but the last ends with a piece ending in '\\n'."""
    lines: list[list[Piece]] = [[]]
    for index, span in enumerate(spans):
        parts = span.text.split("\n")
        for k, part in enumerate(parts):
            last = k == len(parts) - 1
            text = part if last else part + "\n"
            if text:
                lines[-1].append(Piece(index, span.style, text))
            if not last:
                lines.append([])
    return [line for line in lines if line]


def _cut(piece: Piece, budget: int) -> list[Piece]:
    """A piece too long for one message, cut at spaces where possible."""
    out: list[Piece] = []
    rest = piece.text
    while length(escape(rest)) > budget:
        # The longest prefix whose escaped form fits, then back to the last space in it.
        lo, hi = 1, len(rest)
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if length(escape(rest[:mid])) <= budget:
                lo = mid
            else:
                hi = mid - 1
        cut = lo
        space = rest.rfind(" ", 0, cut)
        if space > cut // 2:
            cut = space + 1
        out.append(Piece(piece.span, piece.style, rest[:cut]))
        rest = rest[cut:]
    if rest:
        out.append(Piece(piece.span, piece.style, rest))
    return out


def _units(spans: Sequence[Span], limit: int) -> list[list[Piece]]:
    """Lines, with any line too long for one message cut into parts that each fit."""
    budget = limit - max(_overhead(s) for s in TAGS) - 1
    units: list[list[Piece]] = []
    for line in _lines(spans):
        if _line_cost(line, None) <= budget:
            units.append(line)
            continue
        current: list[Piece] = []
        for piece in line:
            for part in _cut(piece, budget) if piece.cost > budget else [piece]:
                if current and _line_cost([*current, part], None) > budget:
                    units.append(current)
                    current = []
                current.append(part)
        if current:
            units.append(current)
    return units


def _line_cost(line: Sequence[Piece], before: Piece | None) -> int:
    """What a line adds to a message whose last piece is `before` (tags for each new span)."""
    cost = 0
    prev = before
    for piece in line:
        if prev is None or prev.span != piece.span:
            cost += _overhead(piece.style)
        cost += piece.cost
        prev = piece
    return cost


def _render(pieces: Sequence[Piece]) -> str:
    """Well-formed HTML for consecutive pieces: each run of one span inside its own tags."""
    pieces = list(pieces)
    # A message does not start or end with a blank line.
    while pieces and not pieces[-1].text.strip():
        pieces.pop()
    if pieces:
        last = pieces[-1]
        pieces[-1] = Piece(last.span, last.style, last.text.rstrip("\n"))
    while pieces and not pieces[0].text.strip("\n"):
        pieces.pop(0)
    out: list[str] = []
    run: list[Piece] = []

    def flush() -> None:
        if not run:
            return
        tag = tag_for(run[0].style)
        body = escape("".join(p.text for p in run))
        out.append(f"<{tag}>{body}</{tag}>" if tag else body)
        run.clear()

    for piece in pieces:
        if run and run[-1].span != piece.span:
            flush()
        run.append(piece)
    flush()
    return "".join(out)


def split_html(spans: Sequence[Span], limit: int = MAX_MESSAGE) -> list[str]:
    """The text as one or more HTML messages, each at most `limit` characters long (counted
    on the HTML, which is never shorter than the text Telegram counts)."""
    if not spans:
        return []
    chunks: list[list[Piece]] = []
    current: list[Piece] = []
    cost = 0
    for unit in _units(spans, limit):
        add = _line_cost(unit, current[-1] if current else None)
        if current and cost + add > limit:
            chunks.append(current)
            current, cost = [], _line_cost(unit, None)
        else:
            cost += add
        current.extend(unit)
    if current:
        chunks.append(current)
    rendered = [_render(chunk) for chunk in chunks]
    return [text for text in rendered if html.unescape(_strip_tags(text)).strip()]


def _strip_tags(text: str) -> str:
    for tag in TAGS.values():
        text = text.replace(f"<{tag}>", "").replace(f"</{tag}>", "")
    return text


def keyboard(rows: Sequence[Sequence[Button]]) -> InlineKeyboardMarkup | None:
    """Inline keyboard rows; the callback data is the core's payload (at most 64 bytes), or a
    button with a `url` opens that link."""
    out: list[list[InlineKeyboardButton]] = []
    for row in rows:
        cells = []
        for button in row:
            if button.url is not None:
                cells.append(InlineKeyboardButton(button.label, url=button.url))
                continue
            if not 1 <= len(button.payload.encode()) <= MAX_PAYLOAD:
                log.error("button %r dropped: its payload does not fit Telegram's %d bytes",
                          button.label, MAX_PAYLOAD)
                continue
            cells.append(InlineKeyboardButton(button.label, callback_data=button.payload))
        if cells:
            out.append(cells)
    return InlineKeyboardMarkup(out) if out else None


def messages(reply: Reply, limit: int = MAX_MESSAGE) -> list[OutMessage]:
    """The text messages for a reply; the keyboard goes with the last one (for a question that
    asks for a day, an inline calendar above its buttons). Attachments are sent separately, as
    documents."""
    texts = split_html(reply.spans, limit)
    rows: list[Sequence[Button]] = list(reply.buttons)
    if reply.asks_date is not None:  # a date question: the calendar above its own buttons
        rows[:0] = month_rows(reply.asks_date)
    markup = keyboard(rows)
    if not texts:
        # Telegram refuses an empty message: a word goes with the buttons.
        return [OutMessage(CHOOSE, markup)] if markup else []
    out = [OutMessage(text) for text in texts[:-1]]
    out.append(OutMessage(texts[-1], markup))
    return out


def with_choice(message_html: str, label: str, limit: int = MAX_MESSAGE) -> str | None:
    """A pressed message's text with the chosen button noted under it, or None if too long."""
    text = f"{message_html}\n\n<i>→ {escape(label)}</i>"
    return text if length(text) <= limit else None
