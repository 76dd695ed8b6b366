"""Replies as Slack messages (mrkdwn in Block Kit), and Slack's message text back to plain text.

Every span's text is escaped (`&`, `<`, `>` become entities) before any styling is added, and
every mrkdwn text object is sent with `verbatim: true`, so nothing a user typed can become a
link, a user mention (`<@U123>`), `<!here>` or `<!channel>`: Slack only parses those from the
markup we add ourselves, and we add none of them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from bot.core.contract.messages import Button, Reply, Span
from bot.core.notices import YOU_CHOSE, boards_left_out

SECTION_LIMIT = 3000  # characters in one section block's text
MESSAGE_TEXT_LIMIT = 36_000  # section text per message (Slack truncates a message at 40,000)
MAX_BLOCKS = 50  # blocks in one message
MAX_HOME_BLOCKS = 100  # blocks in an App Home view
BUTTON_LABEL_LIMIT = 75
BUTTONS_PER_ROW = 25  # elements in one actions block
FALLBACK_LIMIT = 300  # the notification text
ACTION_PREFIX = "hb:"  # every button's action_id starts with it (one listener takes them all)

_MARKS = {"bold": "*", "italic": "_", "code": "`"}
_ZWSP = "\u200b"

Block = dict[str, Any]


def escape(text: str) -> str:
    """Slack's three control characters as entities (nothing else is entity-encoded)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


# -- incoming text ------------------------------------------------------------------------------
_MARKUP_RE = re.compile(r"<([^<>]*)>")


def _plain_markup(inner: str) -> str:
    target, _, label = inner.partition("|")
    if target.startswith("@"):  # <@U123> or <@U123|name>
        return "@" + (label or target[1:])
    if target.startswith("#"):  # <#C123|general>
        return "#" + (label or target[1:])
    if target.startswith("!"):  # <!here>, <!channel>, <!subteam^S1|@team>, <!date^...|text>
        if label:
            return label
        return "@" + target[1:].split("^", 1)[0]
    if target.startswith("mailto:"):
        return label or target[len("mailto:"):]
    if target.startswith("tel:"):
        return label or target[len("tel:"):]
    return label or target  # a link: what the user saw


def from_slack(text: str) -> str:
    """A user's message as they typed it: Slack's links and mentions back to their visible text
    (an auto-linked e-mail address becomes the address again), entities decoded."""
    return unescape(_MARKUP_RE.sub(lambda m: _plain_markup(m.group(1)), text))


# -- mrkdwn -------------------------------------------------------------------------------------
DAY_FORMAT = "{date_short_pretty}"
DAY_TIME_FORMAT = "{date_short_pretty} at {time}"


def date_token(span: Span) -> str:
    """A span naming an instant as Slack's date formatting
    (docs.slack.dev/messaging/formatting-message-text, "Date formatting"): `<!date^UNIX^
    {date_short_pretty} at {time}|fallback>`, which Slack shows in each reader's own zone and
    locale ("today", "Dec 3", 09:00 or 9:00 AM), with the span's text (escaped) where it can't.
    Slack parses it in our `verbatim` mrkdwn: verbatim skips only its automatic parsing."""
    assert span.when is not None
    fmt = DAY_FORMAT if span.day_only else DAY_TIME_FORMAT
    fallback = escape(" ".join(span.text.split())).replace("|", "¦")
    return f"<!date^{int(span.when.timestamp())}^{fmt}|{fallback}>"


def _styled(text: str, style: str) -> str:
    """One line of escaped text with an inline style. The marks go around the words, not the
    spaces: Slack only styles `*bold*` when the marks touch the text."""
    if style == "plain" or not text.strip():
        return text
    core = text.strip()
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()):]
    if style == "code":
        core = core.replace("`", "ˋ")  # a backtick would end the code early
    mark = _MARKS.get(style, "")
    return f"{lead}{mark}{core}{mark}{trail}"


def _hard_split(text: str, limit: int) -> list[str]:
    """A line longer than a section: cut at spaces where possible, never inside an entity."""
    out: list[str] = []
    while len(text) > limit:
        cut = text.rfind(" ", limit // 2, limit)
        if cut <= 0:
            cut = limit
            amp = text.rfind("&", cut - 5, cut)
            if amp != -1 and ";" not in text[amp:cut]:
                cut = amp
        out.append(text[:cut])
        text = text[cut:]
    out.append(text)
    return out


def _pre_units(text: str, limit: int) -> list[str]:
    """A preformatted span as one or more ``` blocks, each within `limit`."""
    if not text.strip():
        return []
    body = escape(text).replace("```", f"`{_ZWSP}`{_ZWSP}`")
    room = limit - 6  # the two ``` marks
    pieces: list[list[str]] = [[]]
    size = 0
    for line in body.split("\n"):
        for part in _hard_split(line, room):
            extra = len(part) + (1 if pieces[-1] else 0)
            if pieces[-1] and size + extra > room:
                pieces.append([])
                size, extra = 0, len(part)
            pieces[-1].append(part)
            size += extra
    return ["```" + "\n".join(p) + "```" for p in pieces if "".join(p).strip()]


def _units(spans: Sequence[Span], limit: int) -> list[str]:
    """The reply as rendered lines (a ``` block counts as one), each at most `limit` long."""
    units: list[str] = []
    line: list[str] = []
    after_block = False  # a ``` block ends its own line: the next line break is already there
    for span in spans:
        if span.style == "pre":
            if line:
                units.append("".join(line))
                line.clear()
            units.extend(_pre_units(span.text, limit))
            after_block = True
            continue
        for i, piece in enumerate(span.text.split("\n")):
            if i > 0:
                if after_block:
                    after_block = False
                else:
                    units.append("".join(line))
                    line.clear()
            if piece:
                line.append(_styled(date_token(span) if span.when is not None
                                    else escape(piece), span.style))
                after_block = False
    if line:
        units.append("".join(line))
    out: list[str] = []
    for unit in units:
        out.extend(_hard_split(unit, limit) if len(unit) > limit else [unit])
    return out


def mrkdwn(spans: Sequence[Span]) -> str:
    """The whole reply as one mrkdwn string (no length limit)."""
    return "\n".join(_units(spans, 1 << 30))


def sections(spans: Sequence[Span], limit: int = SECTION_LIMIT) -> list[str]:
    """The reply's text cut at line boundaries into pieces of at most `limit` characters."""
    chunks: list[str] = []
    current: str | None = None
    for unit in _units(spans, limit):
        if current is None:
            current = unit
        elif len(current) + 1 + len(unit) <= limit:
            current = f"{current}\n{unit}"
        else:
            chunks.append(current)
            current = unit
    if current is not None:
        chunks.append(current)
    # A section's text may not be empty; blank pieces (empty lines at a cut) are dropped.
    return [c.strip("\n") for c in chunks if c.strip()]


def plain_fallback(reply: Reply, limit: int = FALLBACK_LIMIT) -> str:
    """The notification text: the reply's first words, escaped."""
    text = " ".join(reply.text.split())
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return escape(text) or "Hearback"


# -- blocks -------------------------------------------------------------------------------------
def section(text: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text, "verbatim": True}}


def context(text: str) -> Block:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": text, "verbatim": True}]}


def label(text: str) -> str:
    """A button's text within Slack's limit, on one line."""
    text = " ".join(text.split()) or "?"
    return text if len(text) <= BUTTON_LABEL_LIMIT else text[: BUTTON_LABEL_LIMIT - 1] + "…"


def action_blocks(rows: Iterable[Sequence[Button]]) -> list[Block]:
    """A button row becomes an actions block. Each button's action_id is unique in the message;
    its value is the core's payload (which names the owner: the core refuses other people)."""
    blocks: list[Block] = []
    number = 0
    for row in rows:
        for start in range(0, len(row), BUTTONS_PER_ROW):
            elements = []
            for button in row[start:start + BUTTONS_PER_ROW]:
                number += 1
                elements.append({
                    "type": "button",
                    "action_id": f"{ACTION_PREFIX}{number}",
                    # plain_text is shown as typed: never parsed for mentions or links.
                    "text": {"type": "plain_text", "text": label(button.label), "emoji": True},
                    "value": button.payload,
                })
            if elements:
                blocks.append({"type": "actions", "elements": elements})
    return blocks


@dataclass(frozen=True)
class Message:
    """One chat.postMessage: the notification text and the blocks."""

    text: str
    blocks: list[Block]


def messages(reply: Reply) -> list[Message]:
    """A reply as one message, or several when it is longer than a Slack message may be. The
    buttons go with the last one."""
    buttons = action_blocks(reply.buttons)[:MAX_BLOCKS - 1]
    room = MAX_BLOCKS - len(buttons)  # sections per message, leaving room for the buttons
    groups: list[list[str]] = [[]]
    size = 0
    for text in sections(reply.spans):
        if groups[-1] and (size + len(text) > MESSAGE_TEXT_LIMIT or len(groups[-1]) >= room):
            groups.append([])
            size = 0
        groups[-1].append(text)
        size += len(text)
    fallback = plain_fallback(reply)
    out = [Message(text=fallback, blocks=[section(t) for t in group]) for group in groups]
    out[-1].blocks.extend(buttons)
    return [m for m in out if m.blocks]


def _verbatim(block: Block) -> Block:
    """A block Slack echoed back, with every mrkdwn text kept verbatim (no auto-parsing)."""
    out = dict(block)
    for key in ("text", "fields", "elements"):
        value = out.get(key)
        if isinstance(value, dict) and value.get("type") == "mrkdwn":
            out[key] = value | {"verbatim": True}
        elif isinstance(value, list):
            out[key] = [v | {"verbatim": True} if isinstance(v, dict) and v.get("type") == "mrkdwn"
                        else v for v in value]
    return out


def answered(blocks: Sequence[Block], chosen: str) -> list[Block]:
    """A message's blocks after one of its buttons was pressed: the buttons are gone and a line
    says which was chosen. `chosen` is the pressed button's text as Slack sent it back (Slack
    echoes texts entity-encoded, so it is decoded before being escaped again)."""
    kept = [_verbatim(b) for b in blocks if b.get("type") != "actions"]
    kept.append(context(f"✓ {YOU_CHOSE} *{escape(label(unescape(chosen)))}*"))
    return kept


def home_view(reply: Reply, footer: str, boards: Sequence[Reply] = ()) -> dict[str, Any]:
    """The App Home tab: the reply's text and buttons, then each team board (text only, after a
    divider), and a line on how to talk to the bot; within Slack's 100 blocks. A board that
    doesn't fit whole is left out, and a line says so."""
    blocks: list[Block] = [{"type": "header",
                            "text": {"type": "plain_text", "text": "Hearback", "emoji": True}}]
    blocks.extend(section(t) for t in sections(reply.spans))
    blocks.extend(action_blocks(reply.buttons))
    blocks = blocks[: MAX_HOME_BLOCKS - 2]
    left_out = 0
    for board in boards:
        board_blocks = [{"type": "divider"}, *(section(t) for t in sections(board.spans))]
        # Room is kept for the "left out" line and the footer's two blocks.
        if len(blocks) + len(board_blocks) <= MAX_HOME_BLOCKS - 3:
            blocks.extend(board_blocks)
        else:
            left_out += 1
    if left_out:
        blocks.append(context(boards_left_out(left_out)))
    blocks.append({"type": "divider"})
    blocks.append(context(escape(footer)))
    return {"type": "home", "blocks": blocks}
