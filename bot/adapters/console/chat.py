"""The terminal chat: buttons become numbered choices; nudges are printed as they come due.

Reads one message per line. With piped input it answers every line, delivers what is due, and
exits at end of input. In a terminal (stdin and stdout both ttys) `run` hands over to
`terminal.run_terminal`: line editing, history, nudges above the prompt, colour.

A full disk or a folder it may not write to (ENOSPC, EACCES, EROFS...) never ends the chat: a
reply's file that can't be saved is reported in place of the file, and a reminder round that
can't be saved is reported once, then retried with the scheduler's back-off.
"""

from __future__ import annotations

import asyncio
import getpass
import threading
from dataclasses import replace
from pathlib import Path
from typing import TextIO

from bot.adapters.console.files import save_attachments
from bot.adapters.console.screen import PlainScreen, Screen
from bot.core.contract.messages import Button, Incoming, Reply
from bot.core.contract.models import User, user_key
from bot.core.contract.places import is_zone
from bot.core.contract.ports import DeliveryError
from bot.core.engine import Engine
from bot.scheduler import Scheduler

# Typed answers to a yes/no question whose buttons say more ("Yes, selected").
_YES = frozenset({"yes", "y", "yeah", "yep", "yup", "sure", "ok", "okay", "correct", "right"})
_NO = frozenset({"no", "n", "nope", "nah", "not really"})

PLATFORM = "console"
HISTORY_FILE = "console_history"  # in HEARBACK_DATA_DIR (history_file)

# Lines that follow one another within this many seconds came from one paste (line mode with a
# prompt: stdin is a terminal but stdout is not; a real terminal uses bracketed paste instead).
PASTE_WINDOW = 0.05

FAILING = ("⚠ I couldn't save or send your reminders just now ({failing}). "
           "Nothing is lost: I'll keep trying, and you can go on chatting.")
WORKING_AGAIN = "✓ Reminders are working again."


class ConsoleChat:
    """The terminal adapter: one local user (the login name), typed lines in, replies and
    nudges out through `screen`. It is also the scheduler's `Sender` for the "console"
    platform; it has no team channels."""

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
        self.screen: Screen = PlainScreen(out)
        self.user = user or _login_name()
        self.echo = echo
        self._buttons: list[Button] = []
        self._told: str | None = None  # the reminder fault the user was last told about
        self._printed = 0  # replies and notices shown so far (line mode's prompt follows them)

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
        images = replace(reply, attachments=tuple(
            a for a in reply.attachments if a.mime.startswith("image/")))
        files = replace(reply, attachments=tuple(
            a for a in reply.attachments if not a.mime.startswith("image/")))
        saved, problem = save_attachments(files, self.files_dir)
        if images.attachments and problem is None:
            saved_images, problem = save_attachments(images, self.charts_dir or self.files_dir)
            saved += saved_images
        notes = [f"saved {path}" for path in saved] + ([problem] if problem else [])
        self.screen.reply(reply, first_number, notes, nudge=nudge)
        self._printed += 1

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
            self.screen.notice(FAILING.format(failing=failing), problem=True)
        else:
            self.screen.notice(WORKING_AGAIN, problem=False)
        self._told = failing
        self._printed += 1

    def handle_line(self, line: str) -> None:
        """Answer one message (a typed line, or several pasted lines as one message)."""
        if self.echo:
            self.screen.echo(line)
        self._show(self.engine.handle(self.incoming(line)))

    def known(self) -> bool:
        """Whether Hearback holds a record of this user (False before the first message and
        after `delete`; False too when the record can't be read: that is no deletion, so a
        caller compares before and after a turn)."""
        try:
            return self.engine.repo.get_user(user_key(PLATFORM, self.user)) is not None
        except Exception:  # an unreadable record: the turn itself tells the user
            return False

    async def start(self, scheduler: Scheduler) -> None:
        """What every run begins with: deliver what came due while the bot was down, then
        pick up the conversation where it stood (an open question is asked again)."""
        await self.tick(scheduler)
        self._show(self.engine.resume(Incoming(PLATFORM, self.user, self.user)))

    async def run(self, scheduler: Scheduler, stdin: TextIO, *, tick_seconds: float,
                  prompt: bool, history_file: Path | None = None) -> None:
        """Chat until end of input. With `prompt` and both `stdin` and the output terminals,
        the line editor runs (terminal.run_terminal; `history_file` keeps what was typed, None
        keeps it for this run only); otherwise lines are read from `stdin` as they come, a
        prompt shown when `prompt`. Nudges are printed when due, at most `tick_seconds` apart."""
        if prompt and is_interactive(stdin) and is_interactive(self.out):
            from bot.adapters.console.terminal import run_terminal

            await run_terminal(self, scheduler, tick_seconds=tick_seconds,
                               history_file=history_file)
            return
        await self._run_lines(scheduler, stdin, tick_seconds=tick_seconds, prompt=prompt)

    async def _run_lines(self, scheduler: Scheduler, stdin: TextIO, *, tick_seconds: float,
                         prompt: bool) -> None:
        loop = asyncio.get_running_loop()
        lines: asyncio.Queue[str | None] = asyncio.Queue()

        def read() -> None:
            for line in stdin:
                loop.call_soon_threadsafe(lines.put_nowait, line)
            loop.call_soon_threadsafe(lines.put_nowait, None)

        # A daemon thread: a blocked read must not keep the process alive after Ctrl-C.
        threading.Thread(target=read, name="console-stdin", daemon=True).start()
        await self.start(scheduler)
        prompted_after = -1  # self._printed when "> " was last shown
        while True:
            if prompt and self._printed != prompted_after:
                # Again only when something was printed below it: never in the middle of a
                # line being typed just because a tick went by.
                self.out.write("> ")
                self.out.flush()
                prompted_after = self._printed
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
            prompted_after = -1
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


def history_file(data_dir: Path, database_url: str | None) -> Path | None:
    """Where the terminal keeps what was typed (Up recalls it after a restart): the data
    directory's `console_history`; None with HEARBACK_DATABASE_URL=memory://, which promises
    that nothing is written."""
    if (database_url or "").strip().lower().startswith("memory:"):
        return None
    return data_dir / HISTORY_FILE


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
