"""Buttons answered in words: the buttons of the last reply are remembered with the user, so
that typing "yes" under "Shall I record it as selected? [Yes, selected] [No]", or typing a
button's label, presses it on every platform (people type on Telegram and Slack as often as
they tap). Only outside a question in progress: a dialog's flow reads its own typed answers.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from bot.core.account.exporting import BUTTON_ACTION as DELETE_ACTION
from bot.core.contract import buttons
from bot.core.contract.messages import Reply
from bot.core.contract.models import User

# Buttons a typed word never presses: deleting all their data takes the button itself.
PRESS_ONLY = frozenset({DELETE_ACTION})

# Typed words that mean the one button whose label starts with Yes or No.
YES = frozenset({"yes", "y", "yeah", "yea", "yep", "yup", "sure", "ok", "okay", "correct",
                 "right", "please", "yes please", "go on", "do it", "si", "sí", "oui", "ja"})
NO = frozenset({"no", "n", "nope", "nah", "not really", "no thanks", "no thank you", "non",
                "nein"})
# An offer this old is forgotten: "yes" the next day answers nothing.
FRESH = timedelta(hours=12)
MAX_OFFERED = 12  # buttons remembered, at most (a reply shows a few)


def offer_of(replies: Sequence[Reply]) -> list[list[str]]:
    """The [label, payload] pairs of the last reply to the user's own chat that has buttons
    (a post to a team channel or a link button is not theirs to answer); [] when none, or
    when that reply asks something only a press may answer (deleting everything: "typing yes
    won't do it")."""
    for r in reversed(replies):
        if r.to is not None or not r.buttons:
            continue
        pairs = [[b.label, b.payload] for row in r.buttons for b in row if b.payload]
        if any(_press_only(payload) for _, payload in pairs):
            return []
        return pairs[:MAX_OFFERED]
    return []


def _press_only(payload: str) -> bool:
    press = buttons.parse(payload)
    return press is not None and press.action in PRESS_ONLY


def remember(user: User, replies: Sequence[Reply], now: datetime) -> bool:
    """Record on `user` the buttons `replies` end with (`now`: UTC); whether it changed."""
    offered = offer_of(replies)
    if offered == user.offered:
        return False
    user.offered = offered
    user.offered_at = now.isoformat() if offered else None
    return True


def typed_press(user: User, text: str, now: datetime) -> str | None:
    """The payload of the offered button `text` names: its label typed in full, or a word for
    yes or no when exactly one offered label starts with it. None when nothing matches or the
    offer is older than FRESH (`now`: UTC)."""
    if not user.offered or user.offered_at is None or \
            now - datetime.fromisoformat(user.offered_at) > FRESH:
        return None
    typed = " ".join(text.casefold().strip(" .!,✓✔️👍").split())
    if not typed:
        return None
    for label, payload in user.offered:
        if " ".join(label.casefold().strip(" .!,✓✔️").split()) == typed:
            return payload
    meant = "yes" if typed in YES else "no" if typed in NO else None
    if meant is None:
        return None
    found = [payload for label, payload in user.offered
             if label.split(maxsplit=1)[0].strip(",.!").casefold() == meant]
    return found[0] if len(found) == 1 else None
