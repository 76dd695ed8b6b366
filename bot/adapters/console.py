"""The terminal chat: buttons become numbered choices; nudges are printed as they come due.

Reads one message per line. With piped input it answers every line, delivers what is due, and
exits at end of input.

A full disk or a folder it may not write to (ENOSPC, EACCES, EROFS...) never ends the chat: a
reply's file that can't be saved is reported in place of the file, and a reminder round that
can't be saved is reported once, then retried with the scheduler's back-off.
"""

from __future__ import annotations

import asyncio
import getpass
import os
import stat
import threading
from dataclasses import replace
from pathlib import Path
from typing import TextIO

from bot.core.contract.messages import Attachment, Button, Incoming, Reply
from bot.core.contract.models import User
from bot.core.contract.places import is_zone
from bot.core.contract.ports import DeliveryError
from bot.core.engine import Engine
from bot.scheduler import Scheduler
from storage.durable import atomic_write

# Typed answers to a yes/no question whose buttons say more ("Yes, selected").
_YES = frozenset({"yes", "y", "yeah", "yep", "yup", "sure", "ok", "okay", "correct", "right"})
_NO = frozenset({"no", "n", "nope", "nah", "not really"})

PLATFORM = "console"


# Lines that follow one another within this many seconds came from one paste (interactive).
PASTE_WINDOW = 0.05


def render(reply: Reply, first_number: int = 1) -> str:
    lines = [reply.text]
    number = first_number
    for row in reply.buttons:
        cells = []
        for button in row:
            cells.append(f"[{number}] {button.label}")
            number += 1
        lines.append("  " + "   ".join(cells))
    return "\n".join(lines)


class ExportRefused(Exception):
    """The export folder is not safe to write into (someone else's, or others may write there);
    the message names it and says what to do."""


def _export_folder(folder: Path) -> None:
    """Create `folder` (0700) or check the existing one: it must be a folder of this user that
    nobody else may write into, else another account could plant or swap files in it."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    st = folder.stat()
    if not stat.S_ISDIR(st.st_mode):
        raise ExportRefused(f"{folder} is not a folder")
    if st.st_uid != os.geteuid():
        raise ExportRefused(f"{folder} belongs to another user (uid {st.st_uid})")
    if st.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        raise ExportRefused(f"others may write into {folder} "
                            f"(mode {stat.S_IMODE(st.st_mode):o}; chmod 700 fixes it)")


def write_private(path: Path, data: bytes) -> None:
    """Write `path` so that only its owner can ever read it (storage.durable.atomic_write: a
    fresh O_EXCL | O_NOFOLLOW temp file, mode 0600, renamed over `path`; a link or a readable
    file at `path` is replaced, never followed or reused). Raises OSError when that fails."""
    atomic_write(path, data)


def save_attachment(att: Attachment, folder: Path) -> Path:
    """A file a reply carries (an export), written owner-only into `folder` (see
    write_private). Raises ExportRefused for an unsafe folder, OSError when the disk refuses."""
    _export_folder(folder)
    path = folder / Path(att.filename).name  # never a path from the reply itself
    write_private(path, att.data)
    return path


def save_attachments(reply: Reply, folder: Path) -> tuple[list[Path], str | None]:
    """Save every file of `reply`; returns the paths saved and, if one could not be, what to
    tell the user about it (the files after it are not tried)."""
    saved: list[Path] = []
    for att in reply.attachments:
        try:
            saved.append(save_attachment(att, folder))
        except ExportRefused as exc:
            return saved, (f"{att.filename} not saved: {exc}. Run Hearback from another "
                           f"folder to get the files.")
        except OSError as exc:
            return saved, (f"{att.filename} could not be saved in {folder}: {_why(exc)}. "
                           f"Free some space or fix the folder's permissions, then type "
                           f"export again.")
    return saved, None


def _why(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


class ConsoleChat:
    platform = PLATFORM
    nudges_per_second: float | None = None

    def __init__(self, engine: Engine, out: TextIO, *, user: str | None = None,
                 echo: bool = False, files_dir: Path | None = None,
                 zone: str | None = None, charts_dir: Path | None = None) -> None:
        self.engine = engine
        # Where images (the `stats` chart) are saved: the data directory's charts/ (bot/cli.py);
        # exports go to files_dir.
        self.charts_dir = charts_dir
        # The zone this terminal's clock shows: a new user starts in it and is told so.
        self.zone = zone
        self.files_dir = files_dir or Path.cwd() / "hearback-exports"
        self.out = out
        self.user = user or _login_name()
        self.echo = echo
        self._buttons: list[Button] = []
        self._told: str | None = None  # the reminder fault the user was last told about

    # The scheduler's sender: a nudge is simply printed.
    async def send(self, user: User, reply: Reply) -> None:
        self._show([reply], nudge=True)

    async def post(self, chat: str, reply: Reply) -> None:
        raise DeliveryError("the terminal has no team channels", permanent=True)

    async def retract(self, chat: str, message_id: str) -> None:
        raise DeliveryError("the terminal has no team channels", permanent=True)

    def _show(self, replies: list[Reply], *, nudge: bool = False) -> None:
        """Print what one turn (or one nudge) produced. Typed numbers refer to the buttons of
        the last turn; a nudge's buttons are numbered after them, so a reminder arriving in the
        middle of a question does not take over the question's numbers."""
        if not nudge and replies:
            self._buttons = []
        for reply in replies:
            if reply.buttons and not nudge:
                self._buttons = []
            first = len(self._buttons) + 1
            self._buttons.extend(b for row in reply.buttons for b in row)
            self._print(reply, first, nudge=nudge)

    def _print(self, reply: Reply, first_number: int, *, nudge: bool = False) -> None:
        prefix = "⏰ " if nudge else ""
        text = render(reply, first_number)
        images = replace(reply, attachments=tuple(
            a for a in reply.attachments if a.mime.startswith("image/")))
        files = replace(reply, attachments=tuple(
            a for a in reply.attachments if not a.mime.startswith("image/")))
        saved, problem = save_attachments(files, self.files_dir)
        if images.attachments and problem is None:
            saved_images, problem = save_attachments(images, self.charts_dir or self.files_dir)
            saved += saved_images
        for path in saved:
            text += f"\n  (saved {path})"
        if problem:
            text += f"\n  ({problem})"
        self.out.write(f"\n{prefix}{text}\n")
        self.out.flush()

    def incoming(self, line: str) -> Incoming:
        """A typed line; a number or a button label presses that button."""
        text = line.rstrip("\r\n")
        choice = text.strip()
        button = None
        if choice.isdigit() and 1 <= int(choice) <= len(self._buttons):
            button = self._buttons[int(choice) - 1]
        else:
            button = next((b for b in self._buttons if b.label.casefold() == choice.casefold()
                           and choice), None) or self._yes_or_no(choice)
        return Incoming(platform=PLATFORM, user=self.user, chat=self.user,
                        text=None if button else text, button=button.payload if button else None,
                        timezone=self.zone)

    def _yes_or_no(self, choice: str) -> Button | None:
        """ "yes" (or "yeah", "y", "sure") for the one button whose label starts with Yes, "no"
        ("nope", "n") for the one starting with No: "Yes, selected" is pressed by typing yes."""
        word = choice.strip(" .!").casefold()
        meant = "yes" if word in _YES else "no" if word in _NO else None
        if meant is None:
            return None
        found = [b for b in self._buttons
                 if b.label.split(maxsplit=1)[0].strip(",.!").casefold() == meant] if \
            self._buttons else []
        return found[0] if len(found) == 1 else None

    async def tick(self, scheduler: Scheduler) -> None:
        """Deliver what is due (the scheduler's back-off applies after a failure). A fault is
        told once when it starts, and once when reminders work again; never raised."""
        await scheduler.guarded_tick()
        failing = scheduler.errors.failing
        if failing == self._told:
            return
        if failing is not None:
            self.out.write(f"\n⚠ I couldn't save or send your reminders just now ({failing}). "
                           f"Nothing is lost: I'll keep trying, and you can go on chatting.\n")
        else:
            self.out.write("\n✓ Reminders are working again.\n")
        self.out.flush()
        self._told = failing

    def handle_line(self, line: str) -> None:
        if self.echo:
            self.out.write(f"\nyou> {line.rstrip()}\n")
        self._show(self.engine.handle(self.incoming(line)))

    async def run(self, scheduler: Scheduler, stdin: TextIO, *, tick_seconds: float,
                  prompt: bool) -> None:
        loop = asyncio.get_running_loop()
        lines: asyncio.Queue[str | None] = asyncio.Queue()

        def read() -> None:
            for line in stdin:
                loop.call_soon_threadsafe(lines.put_nowait, line)
            loop.call_soon_threadsafe(lines.put_nowait, None)

        # A daemon thread: a blocked read must not keep the process alive after Ctrl-C.
        threading.Thread(target=read, name="console-stdin", daemon=True).start()
        await self.tick(scheduler)  # what came due while the bot was down
        self._show(self.engine.resume(Incoming(PLATFORM, self.user, self.user)))
        while True:
            if prompt:
                self.out.write("> ")
                self.out.flush()
            try:
                wait = scheduler.seconds_to_next(tick_seconds)
                line = await asyncio.wait_for(lines.get(), timeout=wait)
            except TimeoutError:
                await self.tick(scheduler)
                continue
            if line is None:
                await self.tick(scheduler)
                self.out.write("\n")
                return
            ended = False
            if prompt:
                # A paste of several lines arrives all at once: it is one message, as on
                # Telegram and Slack (typed lines come far slower than PASTE_WINDOW apart).
                while True:
                    try:
                        more = await asyncio.wait_for(lines.get(), timeout=PASTE_WINDOW)
                    except TimeoutError:
                        break
                    if more is None:
                        ended = True
                        break
                    line += more
            self.handle_line(line)
            await self.tick(scheduler)
            if ended:
                self.out.write("\n")
                return


def machine_zone(fallback: str) -> str:
    """The IANA zone this machine's clock is set to (tzlocal reads TZ, /etc/localtime or the
    OS's setting), or `fallback` when it cannot tell or names no IANA zone."""
    import tzlocal

    try:
        zone = tzlocal.get_localzone_name()
    except Exception:  # tzlocal raises its own errors for broken settings
        return fallback
    return zone if zone and is_zone(zone) else fallback


def _login_name() -> str:
    try:
        return getpass.getuser() or "local"
    except Exception:  # no login name in some containers
        return "local"


def is_interactive(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
