"""The real `hearback console` process in a pseudo-terminal (pexpect), its screen kept by a
terminal emulator (pyte, which also answers the cursor-position requests a real terminal
answers): keys are typed as a terminal sends them, and we check what a person would see.

Nothing here sleeps: every wait is for something to appear on the screen, with a timeout. The
nudge that arrives while a line is half-typed comes from HEARBACK_NOW set a few seconds before
a planned nudge is due (the console's clock runs on from HEARBACK_NOW in real time).
"""

from __future__ import annotations

import os
import re
import stat
import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pexpect
import pyte
import pytest

from storage import open_repository
from tests.test_console_process import INTAKE, ROOT, START, hearback_command, ok, run_hearback

ROWS, COLUMNS = 30, 100
TIMEOUT = 15.0  # seconds for any one thing to appear on the screen
LEAD = timedelta(seconds=3)  # from the clock's start to the prompt takes under one second
HELP = "What I can do"  # the first line of the help reply
LIST = "no interviews logged yet"  # the list reply of a new user
LEFT, UP, END, BACKSPACE = "\x1b[D", "\x1b[A", "\x1b[F", "\x7f"
PASTE_START, PASTE_END = "\x1b[200~", "\x1b[201~"  # bracketed paste, as terminals send it
DRAFT = ["Dear Ann,", "Thank you for the interview yesterday.", "", "Kind regards,", "Sam"]
CHECKED = "Checked your text."


class AnsweringScreen(pyte.Screen):
    """A ROWS x COLUMNS screen that answers the program's terminal queries (the cursor position
    prompt_toolkit asks for) through `answer`, as a real terminal does."""

    def __init__(self, answer: Callable[[str], object]) -> None:
        super().__init__(COLUMNS, ROWS)
        self.answer = answer

    def write_process_input(self, data: str) -> None:
        self.answer(data)


class Terminal:
    """`hearback console` on a pty of ROWS x COLUMNS; `raw` is everything it wrote."""

    def __init__(self, data_dir: Path, *, now: str = START, extra_env: dict[str, str] | None = None
                 ) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith(
            ("HEARBACK_", "TELEGRAM_", "SLACK_", "NO_COLOR", "PROMPT_TOOLKIT_"))}
        env.update(HEARBACK_DATA_DIR=str(data_dir), HEARBACK_TIMEZONE="Europe/London",
                   HEARBACK_NOW=now, PYTHONPATH=str(ROOT), TERM="xterm-256color",
                   **(extra_env or {}))
        data_dir.parent.mkdir(parents=True, exist_ok=True)
        command = hearback_command()
        self.child = pexpect.spawn(command[0], command[1:], env=env, cwd=str(data_dir.parent),
                                   encoding="utf-8", dimensions=(ROWS, COLUMNS))
        self.screen = AnsweringScreen(self.child.send)
        self.stream = pyte.Stream(self.screen)
        self.raw = ""
        self.child.logfile_read = self  # pexpect calls write() and flush() below

    def write(self, data: str) -> None:  # pexpect hands us what it read
        self.raw += data
        self.stream.feed(data)

    def flush(self) -> None:
        pass

    def lines(self) -> list[str]:
        return [line.rstrip() for line in self.screen.display]

    def cursor_line(self) -> str:
        return self.lines()[self.screen.cursor.y]

    def wait(self, done: Callable[[], bool], what: str) -> None:
        """Read output until `done()` holds; fail after TIMEOUT with the screen shown."""
        end = time.monotonic() + TIMEOUT
        while not done():
            left = end - time.monotonic()
            try:
                if left <= 0:
                    raise pexpect.TIMEOUT("")
                self.child.read_nonblocking(4096, timeout=left)
            except (pexpect.TIMEOUT, pexpect.EOF):
                pytest.fail(f"never saw {what}; the screen:\n" + "\n".join(self.lines()))

    def shows(self, text: str) -> None:
        self.wait(lambda: any(text in line for line in self.lines()), repr(text))

    def prompt_reads(self, text: str) -> None:
        """Wait until the line being edited is `text`, with the cursor at its end."""
        want = "> " + text
        self.wait(lambda: self.cursor_line() == want.rstrip() and self.screen.cursor.x == len(want),
                  f"the prompt line {want!r}")

    def type(self, *keys: str) -> None:
        for key in keys:
            self.child.send(key)

    def say(self, text: str, reply: str) -> None:
        """Type `text`, press Enter, and wait for `reply` (words not in `text`: what was typed
        is in `raw` too) and the next prompt."""
        before = self.raw.count(reply)
        self.type(text)
        self.prompt_reads(text)
        self.type("\r")
        self.wait(lambda: self.raw.count(reply) > before, repr(reply))
        self.prompt_reads("")

    def quit(self) -> int:
        """Ctrl-D at an empty prompt; the exit status."""
        self.type("\x04")
        self.child.expect(pexpect.EOF, timeout=TIMEOUT)
        self.child.close()
        assert self.child.exitstatus is not None
        return self.child.exitstatus


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def terminals() -> Iterator[list[Terminal]]:
    started: list[Terminal] = []
    yield started
    for term in started:
        if term.child.isalive():
            term.child.terminate(force=True)


def start(terminals: list[Terminal], data_dir: Path, *, now: str = START,
          extra_env: dict[str, str] | None = None) -> Terminal:
    """A terminal the test's teardown ends if still running, once its prompt is shown."""
    term = Terminal(data_dir, now=now, extra_env=extra_env)
    terminals.append(term)
    term.prompt_reads("")
    return term


def test_arrow_keys_edit_the_line(data_dir: Path, terminals: list[Terminal]) -> None:
    term = start(terminals, data_dir)
    term.type("hepl")
    term.prompt_reads("hepl")
    term.type(LEFT, LEFT)  # the cursor moves back two characters: "he|pl"
    term.wait(lambda: term.screen.cursor.x == len("> he"), "the cursor after 'he'")
    term.type("l", END, BACKSPACE)  # "hel|pl" -> "helpl" -> "help"
    term.prompt_reads("help")
    term.type("\r")
    term.shows(HELP)
    assert "Did you mean" not in term.raw  # "help" went out, not "hepl" or "he^[[D..."
    term.prompt_reads("")
    assert term.quit() == 0


def test_up_recalls_earlier_lines_also_after_a_restart(
        data_dir: Path, terminals: list[Terminal]) -> None:
    term = start(terminals, data_dir)
    term.say("help", HELP)
    term.say("list", LIST)
    term.type(UP)
    term.prompt_reads("list")
    term.type(UP)
    term.prompt_reads("help")
    term.type("\r")
    term.wait(lambda: term.raw.count(HELP) == 2, "the help reply a second time")
    term.prompt_reads("")
    assert term.quit() == 0

    history = data_dir / "console_history"
    assert stat.S_IMODE(history.stat().st_mode) == 0o600  # it holds what the user wrote
    assert [line for line in history.read_text().splitlines() if line.startswith("+")] == [
        "+help", "+list", "+help"]

    again = start(terminals, data_dir)
    again.type(UP)
    again.prompt_reads("help")
    again.type(UP)
    again.prompt_reads("list")
    again.type("\r")
    again.shows(LIST)
    assert HELP not in again.raw
    assert again.quit() == 0


def test_a_nudge_due_while_typing_appears_above_and_the_line_stays(
        data_dir: Path, terminals: list[Terminal]) -> None:
    ok(run_hearback(data_dir, [INTAKE, "HR", "no"]))  # plans the thank-you check
    repo = open_repository(data_dir)
    try:
        due = repo.next_due_at()
    finally:
        repo.close()
    assert due is not None

    term = start(terminals, data_dir, now=(due - LEAD).isoformat())
    assert "⏰" not in term.raw, "the nudge came before the prompt: start-up took over LEAD"
    term.type("hel")
    term.prompt_reads("hel")
    assert "⏰" not in term.raw, "the nudge came before the typing: start-up took over LEAD"

    term.shows("⏰ Thank-you check")
    term.prompt_reads("hel")  # the half-typed line, intact, on the prompt below the nudge
    lines = term.lines()
    nudge_row = next(i for i, line in enumerate(lines) if line.startswith("⏰ Thank-you check"))
    assert nudge_row < term.screen.cursor.y
    assert any("[2] Thank-you sent" in line for line in lines[nudge_row:term.screen.cursor.y])
    assert sum(line.startswith("> ") for line in lines[nudge_row:]) == 1  # one prompt, at the end

    term.type("p", "\r")
    term.shows(HELP)  # "hel" + "p": the line was not lost or cut by the nudge
    term.prompt_reads("")
    assert term.quit() == 0


@pytest.mark.parametrize("marked", [True, False], ids=["bracketed paste", "unmarked paste"])
def test_a_multi_line_paste_is_one_message(
        data_dir: Path, terminals: list[Terminal], marked: bool) -> None:
    term = start(terminals, data_dir)
    term.type("check this: ")
    term.prompt_reads("check this: ")
    if marked:  # the terminal marks the paste; Enter sends it
        term.type(PASTE_START + "\r".join(DRAFT) + "\r" + PASTE_END)
        term.shows("Kind regards,")
        term.type("\r")
    else:  # a terminal that does not mark pastes: all the lines arrive in one read
        term.type("\r".join(DRAFT) + "\r")
    term.shows(CHECKED)
    term.prompt_reads("")
    term.say("help", HELP)  # every reply to the paste came before this one

    assert term.raw.count(CHECKED) == 1
    # Not taken apart: no empty message, no new interview from "the interview yesterday".
    assert "I got an empty message" not in term.raw and "Got it" not in term.raw
    assert term.quit() == 0


# SGR parameters that set a colour: 30-37/90-97 and 38 (foreground), 40-47/100-107 and 48.
_SGR = re.compile(r"\x1b\[([0-9;]*)m")
_COLOUR = re.compile(r"^(3[0-8]|4[0-8]|9[0-7]|10[0-7])$")


def colours(raw: str) -> set[str]:
    return {p for params in _SGR.findall(raw) for p in params.split(";") if _COLOUR.match(p)}


def test_colour_in_a_terminal_unless_no_color_is_set(
        data_dir: Path, terminals: list[Terminal]) -> None:
    term = start(terminals, data_dir)
    term.say("help", HELP)
    assert colours(term.raw)  # the choice numbers, at least
    assert term.quit() == 0

    plain = start(terminals, data_dir, extra_env={"NO_COLOR": "1"})
    plain.say("help", HELP)
    assert colours(plain.raw) == set()
    assert "[1] Log an interview" in "\n".join(plain.lines())
    assert plain.quit() == 0

    piped = ok(run_hearback(data_dir, ["help"]))
    assert HELP in piped and "\x1b" not in piped  # piped output stays plain text


@pytest.mark.parametrize("damage", ["garbage", "a folder"])
def test_a_damaged_history_file_does_not_stop_the_chat(
        data_dir: Path, terminals: list[Terminal], damage: str) -> None:
    data_dir.mkdir(mode=0o700, parents=True)
    history = data_dir / "console_history"
    if damage == "garbage":
        history.write_bytes(b"\x00\xff\xfe\n+\xffhelp\n\x00+\n+stats")
    else:
        history.mkdir()

    term = start(terminals, data_dir)
    term.say("help", HELP)
    term.say("list", LIST)
    term.type(UP)
    term.prompt_reads("list")  # this session's lines are recalled either way
    term.type(UP)
    term.prompt_reads("help")
    term.type("\x15")  # Ctrl-U: clear the line
    term.prompt_reads("")
    assert term.quit() == 0

    warning = "I can't keep what you type in"
    if damage == "garbage":  # read as far as it makes sense, then appended to
        assert warning not in term.raw
        assert history.read_bytes().endswith(b"\n#\n+help\n\n#\n+list\n")
    else:  # told once, and the chat went on
        assert term.raw.count(warning) == 1
        assert history.is_dir()


def test_delete_forgets_what_was_typed_too(data_dir: Path, terminals: list[Terminal]) -> None:
    term = start(terminals, data_dir)
    term.say("I had an interview at Acme for the QA role with Raj Patel", "When was the interview?")
    term.say("cancel", "Cancelled —")
    term.say("delete", "Delete everything I know about you?")
    assert (data_dir / "console_history").exists()
    term.say("1", "What you typed here is forgotten too")  # "1": Yes, delete everything
    assert "deleted everything I had about you" in term.raw
    assert not (data_dir / "console_history").exists()

    term.type(UP, "x")  # nothing to recall: the line is just the x
    term.prompt_reads("x")
    term.type("\x15")
    term.prompt_reads("")
    assert term.quit() == 0
    assert not (data_dir / "console_history").exists()  # nor was anything written after
