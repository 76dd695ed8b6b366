"""The terminal chat in a real terminal, with prompt_toolkit: line editing (arrows, Home/End,
Ctrl-A/E/K/W...), Up/Down history kept in the data directory (history.py), nudges printed above
the prompt while the line being typed stays as it is, a multi-line paste sent as one message,
and colour when the output is a terminal that wants it (NO_COLOR, https://no-color.org, turns
it off; prompt_toolkit reads it).

A paste is one message: terminals mark a paste (bracketed paste, which prompt_toolkit turns on),
so its newlines go into the line being edited and Enter sends it all. A terminal that does not
mark pastes delivers the whole paste in one read, so an Enter with more keys behind it in the
same read is taken as a newline inside the paste, not as "send". Alt-Enter (Esc, Enter) adds a
newline by hand.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Protocol

from prompt_toolkit import PromptSession, print_formatted_text
from prompt_toolkit.formatted_text import FormattedText, OneStyleAndTextTuple
from prompt_toolkit.history import History, InMemoryHistory
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
from prompt_toolkit.keys import Keys
from prompt_toolkit.patch_stdout import patch_stdout
from prompt_toolkit.styles import Style

from bot.adapters.console.history import ConsoleHistory, forget
from bot.adapters.console.screen import Screen, nudge_mark
from bot.core.contract.messages import Reply
from bot.scheduler import Scheduler

PROMPT = "> "
# Four-bit ANSI names, so the terminal's own palette decides the shades (readable on dark and
# light backgrounds); Reply spans map to class:bold, class:italic, class:code, class:pre.
STYLE = Style.from_dict({
    "prompt": "bold",
    "nudge": "ansiyellow bold",
    "number": "ansicyan bold",
    "note": "ansibrightblack",
    "problem": "ansired",
    "ok": "ansigreen",
    "bold": "bold",
    "italic": "italic",
    "code": "ansicyan",
    "pre": "ansicyan",
})


class Chat(Protocol):
    """What the terminal loop needs of the chat (bot.adapters.console.chat.ConsoleChat)."""

    screen: Screen

    async def start(self, scheduler: Scheduler) -> None: ...

    async def tick(self, scheduler: Scheduler) -> None: ...

    def handle_line(self, line: str) -> None: ...

    def known(self) -> bool: ...


def fragments(reply: Reply, first_number: int, notes: list[str], *,
              nudge: bool) -> FormattedText:
    """`reply` as styled text: the same characters as screen.render (plus notes), with the
    nudge mark, the choice numbers and the spans' styles as classes of STYLE."""
    out: list[OneStyleAndTextTuple] = [("", "\n")]
    if mark := nudge_mark(reply, nudge):
        out.append(("class:nudge", mark))
    out += [("" if span.style == "plain" else f"class:{span.style}", span.text)
            for span in reply.spans]
    number = first_number
    for row in reply.buttons:
        out.append(("", "\n  "))
        for i, button in enumerate(row):
            out += [("", "   " if i else ""), ("class:number", f"[{number}]"),
                    ("", f" {button.label}")]
            number += 1
    out += [("class:note", f"\n  ({note})") for note in notes]
    return FormattedText(out)


class TerminalScreen:
    """Prints above the prompt while one is shown (print_formatted_text uses run_in_terminal
    then: the prompt and the half-typed line are erased, the text printed, and they are drawn
    again below it), else straight to the terminal."""

    def reply(self, reply: Reply, first_number: int, notes: list[str], *, nudge: bool) -> None:
        print_formatted_text(fragments(reply, first_number, notes, nudge=nudge), style=STYLE)

    def notice(self, text: str, *, problem: bool) -> None:
        print_formatted_text(FormattedText([("", "\n"), ("class:problem" if problem else
                                                          "class:ok", text)]), style=STYLE)

    def echo(self, line: str) -> None:
        """Nothing: what was typed is already on the screen, on its prompt line."""


def key_bindings() -> KeyBindings:
    """Enter sends, unless more keys came in the same read (an unmarked paste: a newline);
    Alt-Enter inserts a newline."""
    bindings = KeyBindings()

    @bindings.add("enter")
    def _enter(event: KeyPressEvent) -> None:
        pending = [k for k in event.app.key_processor.input_queue
                   if k.key not in (Keys.CPRResponse, Keys.Ignore)]
        if pending:
            event.current_buffer.insert_text("\n")
        else:
            event.current_buffer.validate_and_handle()

    @bindings.add("escape", "enter")
    def _newline(event: KeyPressEvent) -> None:
        event.current_buffer.insert_text("\n")

    return bindings


@contextlib.contextmanager
def _logs_above_prompt(real_stderr: object) -> Iterator[None]:
    """Inside patch_stdout: log handlers writing to `real_stderr` write through the proxy that
    replaced it, so a log line lands above the prompt, not inside the line being typed."""
    moved = [(h, h.setStream(sys.stderr)) for h in logging.getLogger().handlers
             if isinstance(h, logging.StreamHandler) and h.stream is real_stderr]
    try:
        yield
    finally:
        for handler, stream in moved:
            handler.setStream(stream)


async def _tick_loop(chat: Chat, scheduler: Scheduler, tick_seconds: float,
                     wake: asyncio.Event, lock: asyncio.Lock) -> None:
    """Deliver nudges as they come due (at most `tick_seconds` apart); `wake` is set after a
    turn, which may have planned a nudge sooner than the one waited for."""
    while True:
        try:
            await asyncio.wait_for(wake.wait(), timeout=scheduler.seconds_to_next(tick_seconds))
            wake.clear()
            continue
        except TimeoutError:
            pass
        async with lock:
            await chat.tick(scheduler)


def new_session(history_file: Path | None, warn: Callable[[str], None]) -> PromptSession[str]:
    """A prompt with the file history (`warn` tells its trouble), or one for this run only
    when `history_file` is None."""
    history: History = InMemoryHistory() if history_file is None else ConsoleHistory(
        history_file, warn)
    return PromptSession(history=history, key_bindings=key_bindings(), style=STYLE)


def _once(screen: TerminalScreen) -> Callable[[str], None]:
    """A warning shown on `screen` the first time only (a new prompt after `delete` opens the
    same damaged file again)."""
    told: set[str] = set()

    def warn(text: str) -> None:
        if not told:
            told.add(text)
            screen.notice(text, problem=True)

    return warn


async def run_terminal(chat: Chat, scheduler: Scheduler, *, tick_seconds: float,
                       history_file: Path | None) -> None:
    """Chat in the terminal until Ctrl-D (or Ctrl-C). An empty line is not sent (no platform
    sends an empty message). `history_file`: where Up/Down history is kept (None: this run
    only); it is removed when the user deletes their data."""
    screen = TerminalScreen()
    chat.screen = screen
    warn = _once(screen)
    session = new_session(history_file, warn)
    lock = asyncio.Lock()  # one tick at a time: the turn's and the loop's
    wake = asyncio.Event()
    real_stderr = sys.stderr
    with patch_stdout(raw=True), _logs_above_prompt(real_stderr):
        async with lock:
            await chat.start(scheduler)
        ticker = asyncio.create_task(_tick_loop(chat, scheduler, tick_seconds, wake, lock))
        try:
            while True:
                try:
                    line = await session.prompt_async(FormattedText([("class:prompt", PROMPT)]))
                except (EOFError, KeyboardInterrupt):
                    return
                if not line.strip():
                    continue
                async with lock:
                    known = chat.known()
                    chat.handle_line(line)
                    if known and not chat.known():
                        session = _forget(history_file, screen, warn)
                    await chat.tick(scheduler)
                wake.set()
        finally:
            ticker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await ticker


def _forget(history_file: Path | None, screen: TerminalScreen,
            warn: Callable[[str], None]) -> PromptSession[str]:
    """After `delete`: the typed lines go too; a new prompt starts with an empty history."""
    if history_file is not None and not forget(history_file):
        screen.notice(f"⚠ I couldn't remove what you typed from {history_file}: delete that "
                      f"file yourself.", problem=True)
    else:
        screen.notice("What you typed here is forgotten too (Up recalls nothing).",
                      problem=False)
    return new_session(history_file, warn)
