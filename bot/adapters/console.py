"""The terminal chat: buttons become numbered choices; nudges are printed as they come due.

Reads one message per line. With piped input it answers every line, delivers what is due, and
exits at end of input.
"""

from __future__ import annotations

import asyncio
import getpass
import os
import threading
from pathlib import Path
from typing import TextIO

from bot.core.contract.messages import Button, Incoming, Reply
from bot.core.contract.models import User
from bot.core.contract.places import is_zone
from bot.core.contract.ports import DeliveryError
from bot.core.engine import Engine
from bot.scheduler import Scheduler

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


def save_attachments(reply: Reply, folder: Path) -> list[Path]:
    """Files a reply carries (exports) are written where the user can open them, owner-only."""
    saved = []
    for att in reply.attachments:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        path = folder / Path(att.filename).name  # never a path from the reply itself
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(att.data)
        saved.append(path)
    return saved


class ConsoleChat:
    platform = PLATFORM
    nudges_per_second: float | None = None

    def __init__(self, engine: Engine, out: TextIO, *, user: str | None = None,
                 echo: bool = False, files_dir: Path | None = None,
                 zone: str | None = None) -> None:
        self.engine = engine
        # The zone this terminal's clock shows: a new user starts in it and is told so.
        self.zone = zone
        self.files_dir = files_dir or Path.cwd() / "hearback-exports"
        self.out = out
        self.user = user or _login_name()
        self.echo = echo
        self._buttons: list[Button] = []

    # The scheduler's sender: a nudge is simply printed.
    async def send(self, user: User, reply: Reply) -> None:
        self._show([reply], nudge=True)

    async def post(self, chat: str, reply: Reply) -> None:
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
        for path in save_attachments(reply, self.files_dir):
            text += f"\n  (saved {path})"
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
                           and choice), None)
        return Incoming(platform=PLATFORM, user=self.user, chat=self.user,
                        text=None if button else text, button=button.payload if button else None,
                        timezone=self.zone)

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
        await scheduler.tick()  # what came due while the bot was down
        self._show(self.engine.resume(Incoming(PLATFORM, self.user, self.user)))
        while True:
            if prompt:
                self.out.write("> ")
                self.out.flush()
            try:
                wait = scheduler.seconds_to_next(tick_seconds)
                line = await asyncio.wait_for(lines.get(), timeout=wait)
            except TimeoutError:
                await scheduler.tick()
                continue
            if line is None:
                await scheduler.tick()
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
            await scheduler.tick()
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
