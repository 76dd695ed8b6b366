"""How the terminal chat shows things: `render` (a reply as plain text with numbered
choices), the `Screen` it writes to, and `PlainScreen`, the plain-text one piped runs use."""

from __future__ import annotations

from typing import Protocol, TextIO

from bot.core.contract.messages import Reply

NUDGE_MARK = "⏰ "  # the first characters of a printed nudge (tests and users look for it)


def nudge_mark(reply: Reply, nudge: bool) -> str:
    """The mark a printed nudge starts with: none for a reply, and none for a nudge whose text
    already starts with it (a reminder of the user's own reads "⏰ Reminder: …" everywhere)."""
    return NUDGE_MARK if nudge and not reply.text.startswith(NUDGE_MARK.strip()) else ""


def render(reply: Reply, first_number: int = 1) -> str:
    """`reply` as plain text: its text, then one line per button row, each button as
    "[n] label" numbered from `first_number`."""
    lines = [reply.text]
    number = first_number
    for row in reply.buttons:
        cells = []
        for button in row:
            cells.append(f"[{number}] {button.label}")
            number += 1
        lines.append("  " + "   ".join(cells))
    return "\n".join(lines)


class Screen(Protocol):
    """Where the chat's output goes: plain lines on a stream (`PlainScreen`), or styled above
    a live prompt (`terminal.TerminalScreen`)."""

    def reply(self, reply: Reply, first_number: int, notes: list[str], *, nudge: bool) -> None:
        """Show one reply (a nudge when `nudge`), its buttons numbered from `first_number`,
        then `notes` (where its files were saved, or why they were not), one per line."""

    def notice(self, text: str, *, problem: bool) -> None:
        """Show a line about the bot itself (reminders failing when `problem`, working again)."""

    def echo(self, line: str) -> None:
        """Show what was typed, for a transcript of piped input."""


class PlainScreen:
    """Plain text on `out`, each block after a blank line: what piped runs print (tests and
    scripts read it), and what a terminal shows when stdout is not one."""

    def __init__(self, out: TextIO) -> None:
        self.out = out

    def _write(self, text: str) -> None:
        self.out.write(f"\n{text}\n")
        self.out.flush()

    def reply(self, reply: Reply, first_number: int, notes: list[str], *, nudge: bool) -> None:
        text = render(reply, first_number) + "".join(f"\n  ({note})" for note in notes)
        self._write(nudge_mark(reply, nudge) + text)

    def notice(self, text: str, *, problem: bool) -> None:
        self._write(text)

    def echo(self, line: str) -> None:
        self._write(f"you> {line.rstrip()}")
