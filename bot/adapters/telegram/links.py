"""Deep links: `https://t.me/<bot>?start=<payload>` opens the private chat with the bot, and
Telegram sends "/start <payload>" when the user presses Start (Bot API, "Deep linking": the
payload is 1-64 characters of A-Z, a-z, 0-9, _ and -).

Payloads Hearback makes and reads:
- `interview`: log an interview right away (the same as /interview);
- `from_<group id>`: the pointer left in a group for someone the bot could not write to
  privately; the chat opens with a word on why, then the welcome.
Anything else (an unknown or malformed payload) is a plain /start.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

PAYLOAD_RE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
# "/start", "/start@OurBot", then the payload.
START_RE = re.compile(r"^/start(?:@\w+)?(?:\s+(\S+))?\s*$", re.IGNORECASE)
FROM_GROUP = "from_"
INTERVIEW = "interview"


@dataclass(frozen=True)
class Start:
    """What a /start with a payload asks for: the text the core reads, and the group whose
    pointer opened the chat (None for none)."""

    text: str
    group: str | None = None  # the group's chat id, for a chat opened from its pointer


def start_link(username: str, payload: str) -> str:
    """The link that opens the private chat with the bot and sends "/start <payload>". Raises
    ValueError for a payload Telegram would not carry."""
    if not PAYLOAD_RE.match(payload):
        raise ValueError(f"not a deep-link payload: {payload!r}")
    return f"https://t.me/{username}?start={payload}"


def group_payload(chat: str) -> str:
    """The payload of the pointer in group `chat` ("-100123" -> "from_-100123")."""
    return f"{FROM_GROUP}{chat}"


def read_start(text: str) -> Start | None:
    """What a private message starting with /start means; None when it is not /start (then it
    goes to the core unchanged)."""
    m = START_RE.match(text.strip())
    if m is None:
        return None
    payload = m.group(1) or ""
    if not PAYLOAD_RE.match(payload):
        return Start("/start")
    if payload == INTERVIEW:
        return Start("/interview")
    if payload.startswith(FROM_GROUP) and re.fullmatch(r"-?\d{1,20}", payload[len(FROM_GROUP):]):
        return Start("/start", group=payload[len(FROM_GROUP):])
    return Start("/start")
