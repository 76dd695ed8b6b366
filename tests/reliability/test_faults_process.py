"""The real `hearback console` on a real full disk and a real read-only file system (issue 15,
item 3): it stays up, says what happened, logs a bounded number of lines, changes no data file,
and delivers what was held back once the disk is usable again.

The disk is a small tmpfs mounted for the test, which needs root (CI runs as root); elsewhere
these tests are skipped, and test_faults.py covers the same paths by failing the `os` calls.
"""

from __future__ import annotations

import errno
import os
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.test_console_process import (
    CALL_PROMPT,
    INTAKE,
    NUDGE,
    ROOT,
    hearback_command,
    run_hearback,
)

DUE = "2026-11-25T17:10:00"  # the thank-you reminder of an intake at 15:00 is due
LINES = ["help", "I had an interview at Initech for the data role yesterday", "export"]
MAX_LOG_RECORDS = 6  # the tick's error, a repeat, one line per failed message
MAX_STDERR_LINES = 60
# A log line: its UTC time, then its level (bot/ops/logs.py).
LOG_RECORD = re.compile(r"^\S+Z (ERROR|WARNING|INFO|CRITICAL) ")


def _mount(target: Path, *options: str) -> bool:
    result = subprocess.run(["mount", *options, str(target)], capture_output=True, check=False)
    return result.returncode == 0


@pytest.fixture
def disk(tmp_path: Path) -> Iterator[Path]:
    """A 1 MiB file system of its own, mounted at a temp folder."""
    mnt = tmp_path / "disk"
    mnt.mkdir()
    if not _mount(mnt, "-t", "tmpfs", "-o", "size=1m,mode=0700", "tmpfs"):
        pytest.skip("mounting a small tmpfs needs root (as in CI)")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], check=False)


def data_files(data: Path) -> dict[str, bytes]:
    return {p.relative_to(data).as_posix(): p.read_bytes()
            for p in sorted(data.rglob("*")) if p.is_file()}


def fill(disk: Path) -> Path:
    """Fill the file system to the last byte; returns the filler file."""
    filler = disk / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        for size in (65536, 4096, 512, 1):
            try:
                while os.write(fd, b"\0" * size):
                    pass
            except OSError as exc:
                assert exc.errno == errno.ENOSPC
    finally:
        os.close(fd)
    return filler


def check_alive(result: subprocess.CompletedProcess[str], said: str) -> None:
    out = f"exit {result.returncode}\n{result.stdout}\n{result.stderr}"
    assert result.returncode == 0, out
    assert "Traceback" not in result.stderr + result.stdout, out
    assert "export — your data" in result.stdout, out  # a turn that only reads: answered
    assert said in result.stdout and "saved nothing of it" in result.stdout, out
    assert result.stdout.count("I couldn't save or send your reminders just now") == 1, out
    assert "could not be saved" in result.stdout, out  # the export's files: said, not a crash
    assert NUDGE not in result.stdout, out  # not shown, since it could not be marked
    records = [ln for ln in result.stderr.splitlines() if LOG_RECORD.match(ln)]
    assert len(records) <= MAX_LOG_RECORDS, out
    assert len(result.stderr.splitlines()) <= MAX_STDERR_LINES, out  # one traceback at most


def test_a_full_disk(disk: Path) -> None:
    data = disk / "data"
    run_hearback(data, [INTAKE, "HR", "no"])
    filler = fill(disk)
    before = data_files(data)

    result = run_hearback(data, LINES, now=DUE)

    check_alive(result, "the server's disk is full")
    assert data_files(data) == before
    filler.unlink()  # room again: the held-back reminder goes out, once
    again = run_hearback(data, [], now=DUE)
    assert again.returncode == 0 and again.stdout.count("Thank-you check") == 1, again.stdout
    assert CALL_PROMPT not in again.stdout


def test_a_data_directory_made_read_only_while_it_runs(disk: Path) -> None:
    # Read-only at start-up is refused with one line (test_startup_and_security.py); here the
    # file system turns read-only under a running chat. (The reminder's side of a read-only
    # directory is in test_faults.py: its claim can't be saved, so it is held back.)
    data = disk / "data"
    run_hearback(data, [INTAKE, "HR", "no"])
    before = data_files(data)
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("HEARBACK_", "TELEGRAM_", "SLACK_"))}
    env.update(HEARBACK_DATA_DIR=str(data), HEARBACK_TIMEZONE="Europe/London",
               HEARBACK_NOW="2026-11-25T15:30:00", PYTHONPATH=str(ROOT))
    proc = subprocess.Popen(hearback_command(), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, encoding="utf-8", env=env,
                            cwd=disk)
    assert proc.stdin is not None and proc.stdout is not None
    try:
        proc.stdin.write("help\n")
        proc.stdin.flush()
        shown = ""
        while "help — this list" not in shown:  # it is up and answering
            line = proc.stdout.readline()
            assert line, "the chat ended early"
            shown += line
        assert _mount(disk, "-o", "remount,ro")
        stdout, stderr = proc.communicate("".join(f"{ln}\n" for ln in [*LINES[1:], "done"]),
                                          timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
        _mount(disk, "-o", "remount,rw")
    out = f"exit {proc.returncode}\n{stdout}\n{stderr}"
    assert proc.returncode == 0 and "Traceback" not in stdout + stderr, out
    assert stdout.count("my data files are read-only") == 2, out  # the interview, and done
    assert "saved nothing of it" in stdout and "Read-only file system" in stdout, out
    records = [ln for ln in stderr.splitlines()
               if (record := LOG_RECORD.match(ln)) and record.group(1) in ("ERROR", "WARNING")]
    assert len(records) <= MAX_LOG_RECORDS, out
    assert data_files(data) == before
    again = run_hearback(data, ["list"], now=DUE)  # writable again: the reminder goes out
    assert again.returncode == 0 and again.stdout.count("Thank-you check") == 1, again.stdout
