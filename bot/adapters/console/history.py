"""What was typed in the terminal chat, kept in the data directory so that Up recalls it after a
restart (prompt_toolkit's `FileHistory` file format).

The file holds what the user wrote (names, dates, drafts), so it is created owner-only (0600,
never through a link), like the user files beside it. A history file that can't be read or
written never stops the chat: the user is warned once and the chat goes on, recalling only
this run's lines.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path

from prompt_toolkit.history import History

from bot.adapters.console.files import why

KEEP = 1000  # the newest entries loaded at start (the file itself is only appended to)


class ConsoleHistory(History):
    """Up/Down history in `path`. `warn` is called once, with a sentence for the user, when the
    file turns out unreadable or unwritable (a folder in its place, a full disk, a link, no
    permission); from then on this run's lines are kept in memory only. Bytes that are not
    UTF-8 are read as U+FFFD rather than refused."""

    def __init__(self, path: Path, warn: Callable[[str], None]) -> None:
        super().__init__()
        self.path = path
        self._warn = warn
        self.failed = False

    def _give_up(self, exc: OSError) -> None:
        if not self.failed:
            self.failed = True
            self._warn(f"⚠ I can't keep what you type in {self.path} ({why(exc)}), so Up "
                       f"recalls only this session's lines. The chat itself is not affected.")

    def load_history_strings(self) -> Iterable[str]:
        """The saved entries, newest first (at most KEEP); none when there is no file yet or
        it is unreadable."""
        try:
            fd = os.open(self.path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
        except FileNotFoundError:
            return []
        except OSError as exc:
            self._give_up(exc)
            return []
        entries: list[str] = []
        lines: list[str] = []
        try:
            with os.fdopen(fd, "rb") as f:
                for raw in f:
                    line = raw.decode("utf-8", errors="replace")
                    if line.startswith("+"):
                        lines.append(line[1:])
                    elif lines:
                        entries.append("".join(lines).removesuffix("\n"))
                        lines = []
        except OSError as exc:
            self._give_up(exc)
            return []
        if lines:
            entries.append("".join(lines).removesuffix("\n"))
        return entries[::-1][:KEEP]

    def store_string(self, string: str) -> None:
        """Append one entry (FileHistory's format: a line without "+", then "+" and each
        line of the entry)."""
        if self.failed:
            return
        entry = "\n#\n" + "".join(f"+{line}\n" for line in string.split("\n"))
        try:
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW
                         | os.O_CLOEXEC, 0o600)
            with os.fdopen(fd, "ab") as f:
                f.write(entry.encode("utf-8", errors="replace"))
        except OSError as exc:
            self._give_up(exc)



def forget(path: Path) -> bool:
    """Remove the history file at `path` (after `delete`: the user's words must not outlive
    their data). True when nothing of it is left on disk."""
    try:
        path.unlink(missing_ok=True)
    except IsADirectoryError:
        return True  # a folder stood in its place: it never held anything
    except OSError:
        return False
    return True
