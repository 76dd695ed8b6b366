"""Button payloads: who may press, which interview, what it does. Short enough for Telegram's
64-byte callback data; the core refuses a press whose owner is not the person pressing."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.contract.messages import Button

PREFIX = "hb1"
MAX_PAYLOAD = 64
# The owner of a button anyone in a team channel may press (the cheer under a milestone post).
ANYONE = "*"


@dataclass(frozen=True)
class Press:
    """A parsed button payload `hb1|<action>|<owner>|<interview id>|<arg>`: what it does, the
    platform user id who may press it (ANYONE: anyone in the channel), the interview it is
    about ("" for none) and the action's argument ("" for none)."""

    action: str
    owner: str
    interview: str
    arg: str


def make(label: str, action: str, owner: str, interview: str = "", arg: str = "") -> Button:
    """A button whose payload carries the action, its owner, the interview and an argument.
    Raises ValueError when the payload would pass Telegram's 64-byte `callback_data` limit
    (the features registry checks every declared button's worst case at import)."""
    payload = "|".join((PREFIX, action, owner, interview, arg))
    if len(payload.encode()) > MAX_PAYLOAD:
        raise ValueError(f"button payload too long: {payload!r}")
    return Button(label=label, payload=payload)


def parse(payload: str) -> Press | None:
    """The Press a payload made by `make` stands for; None for anything else (an old format, a
    forged or damaged payload)."""
    parts = payload.split("|")
    if len(parts) != 5 or parts[0] != PREFIX or not parts[1] or not parts[2]:
        return None
    return Press(action=parts[1], owner=parts[2], interview=parts[3], arg=parts[4])


def may_press(press: Press, user: str, *, in_channel: bool) -> bool:
    """The owner may press their buttons; in a team channel, anyone may press an ANYONE one."""
    return press.owner == user or (in_channel and press.owner == ANYONE)


# The button that runs a command by its word ("cmd", the word as its argument): stored in
# messages already sent, never rename it.
COMMAND_BUTTON = "cmd"


def command_button(label: str, owner: str, word: str) -> Button:
    """A button that runs the command `word` for `owner`, as if typed (a press never counts as
    an "any news?" check)."""
    return make(label, COMMAND_BUTTON, owner, arg=word)
