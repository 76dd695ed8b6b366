"""Faults stay with their cause (issue 15, items 3 and 4), in process with a fake clock.

- A damaged or unreadable user file at run time: that user is set aside (told when they write,
  their file unchanged, logged once); everyone else's reminders still go.
- A full disk (every flush of a data file fails with ENOSPC) and a read-only data directory
  (creating, renaming or removing a file fails with EACCES), injected at the `os` calls storage
  makes: the bot stays alive, each reply says truthfully what was and wasn't saved, a failing
  tick backs off (1 s doubling to 5 min) and its error is logged once a minute with a count.
  The real `hearback console` on a real full and read-only file system is in
  test_faults_process.py.
- The clock going back: a delete confirmed after it, and no nudge sent twice.
"""

from __future__ import annotations

import asyncio
import errno
import io
import itertools
import logging
import os
import stat
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.adapters.console import ConsoleChat
from bot.core.contract.clock import FakeClock
from bot.core.contract.messages import Incoming
from bot.core.engine import Engine
from bot.core.notices import DATA_SET_ASIDE
from bot.scheduler import TICK_BACKOFF_MAX, Scheduler
from storage import ShardedRepository, open_repository
from tests.conftest import START, Chat, RecordingSender, log_interview
from tests.test_storage import user_file

ANA, BOB = "console:ana", "console:bob"
SAVED_NOTHING = "saved nothing of it"


class World:
    """Two console users with a logged interview each, on a real data directory, with a
    scheduler whose sent nudges are recorded."""

    def __init__(self, data_dir: Path, *, cache_size: int = 256) -> None:
        self.data_dir = data_dir
        self.clock = FakeClock(START)
        self.repo = open_repository(data_dir, cache_size=cache_size)
        self.engine = Engine(self.repo, self.clock, default_timezone="Europe/London")
        self.sender = RecordingSender()
        self.scheduler = Scheduler(self.repo, self.engine, self.clock,
                                   {"console": self.sender})
        self.ana = Chat(self.engine, "ana")
        self.bob = Chat(self.engine, "bob")
        log_interview(self.ana, saved=True)
        log_interview(self.bob, saved=True)

    def tick(self) -> int | None:
        return asyncio.run(self.scheduler.guarded_tick())


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    w = World(tmp_path / "data", cache_size=1)  # 1: files are re-read from disk as they would
    yield w  # be after the cache moved on
    w.repo.close()


def evict(repo: ShardedRepository) -> None:
    """Drop every parsed file from memory, so the next access reads the disk."""
    repo._cache.clear()


# -- a damaged or unreadable user file ----------------------------------------------------------
def _folder_in_its_place(path: Path) -> None:
    path.unlink()
    path.mkdir()  # reading it fails with EISDIR: an unreadable file, even for root


DAMAGE: dict[str, Callable[[Path], object]] = {
    "truncated": lambda p: p.write_bytes(p.read_bytes()[:37]),
    "not json": lambda p: p.write_bytes(b"\x00\xff garbage"),
    "a folder in its place": _folder_in_its_place,
}


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_a_user_file_damaged_at_run_time_stops_only_that_user(
        world: World, damage: str, caplog: pytest.LogCaptureFixture) -> None:
    path = user_file(world.data_dir, ANA)
    DAMAGE[damage](path)
    evict(world.repo)
    caplog.set_level(logging.INFO)

    # Two hours on, both thank-you reminders are due; a day of ticks every 30 s follows.
    world.clock.advance(timedelta(hours=2))
    for _ in range(2 * 60 * 24):
        world.tick()
        world.clock.advance(timedelta(seconds=30))
    texts = [r.text for r in world.sender.sent]
    assert texts, "bob's reminders must still go out"
    reminders = [n for n in world.repo.all_nudges() if n.status == "sent"]
    assert reminders and {n.user_key for n in reminders} == {BOB}

    # Ana is told, and her file is never written over, whatever she says.
    before = path.read_bytes() if path.is_file() else None
    for text in ("hello", "list", "I had an interview at Initech"):
        assert world.ana.say(text)[0].text == DATA_SET_ASIDE
    assert (path.read_bytes() if path.is_file() else None) == before
    # An adapter's look-ups (App Home, the DM channel) treat her as unknown, not as an error.
    assert not world.engine.knows("console", "ana")
    assert world.engine.private_chat("console", "ana") is None
    assert "Acme" in world.bob.say("list")[0].text

    # Logged once, not once a tick or once a message.
    about = [r for r in caplog.records if str(path) in r.getMessage()]
    assert len(about) == 1, [r.getMessage() for r in about]
    assert len(caplog.records) < 60, [r.getMessage() for r in caplog.records]


# -- a full disk and a read-only directory --------------------------------------------------------
class Faults:
    """Fails the `os` calls that write the data directory, as a full disk (ENOSPC on flushing a
    data file) or a read-only directory (EACCES on creating, renaming or removing a file)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, data_dir: Path) -> None:
        self.data_dir = str(data_dir)
        self.mode: str | None = None
        self.calls = 0
        real_fsync, real_open = os.fsync, os.open
        real_replace, real_unlink = os.replace, os.unlink

        def inside(path: Any) -> bool:
            return str(path).startswith(self.data_dir)

        def refuse(name: str, path: Any) -> None:
            self.calls += 1
            raise PermissionError(errno.EACCES, f"Permission denied ({name})", str(path))

        def fsync(fd: int) -> None:
            if self.mode == "full" and stat.S_ISREG(os.fstat(fd).st_mode):
                self.calls += 1
                raise OSError(errno.ENOSPC, "No space left on device")
            real_fsync(fd)

        def open_(path: Any, flags: int, mode: int = 0o777, *, dir_fd: int | None = None) -> int:
            if self.mode == "read-only" and flags & os.O_CREAT and inside(path):
                refuse("open", path)
            return real_open(path, flags, mode, dir_fd=dir_fd)

        def replace(src: Any, dst: Any, **kw: Any) -> None:
            if self.mode == "read-only" and inside(dst):
                refuse("rename", dst)
            real_replace(src, dst, **kw)

        def unlink(path: Any, **kw: Any) -> None:
            if self.mode == "read-only" and inside(path):
                refuse("unlink", path)
            real_unlink(path, **kw)

        monkeypatch.setattr(os, "fsync", fsync)
        monkeypatch.setattr(os, "open", open_)
        monkeypatch.setattr(os, "replace", replace)
        monkeypatch.setattr(os, "unlink", unlink)


@pytest.mark.parametrize(("mode", "said"), [("full", "the server's disk is full"),
                                            ("read-only", "I'm not allowed to write")])
def test_the_terminal_chat_lives_through_a_full_or_read_only_disk(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture,
        mode: str, said: str) -> None:
    data_dir = tmp_path / "data"
    clock = FakeClock(START)
    repo = open_repository(data_dir)
    engine = Engine(repo, clock, default_timezone="Europe/London")
    out = io.StringIO()
    console = ConsoleChat(engine, out, user="me", files_dir=tmp_path / "exports")
    log_interview(Chat(engine, "me"), saved=True)
    scheduler = Scheduler(repo, engine, clock, {"console": console})
    faults = Faults(monkeypatch, data_dir)
    faults.mode = mode
    caplog.set_level(logging.INFO)
    clock.advance(timedelta(hours=2))  # the thank-you reminder is due

    before = {p: p.read_bytes() for p in data_dir.rglob("*.json")}
    lines = ["help", "I had an interview at Initech for the data role yesterday", "export"]
    asyncio.run(console.run(scheduler, io.StringIO("".join(f"{ln}\n" for ln in lines)),
                            tick_seconds=30, prompt=False))
    text = out.getvalue()

    assert "export — your data" in text  # `help` only reads: served as usual
    assert said in text and SAVED_NOTHING in text  # the new interview: told, not half-saved
    assert "Here is everything I keep about you" in text  # export only reads
    exports = sorted(p.name for p in (tmp_path / "exports").glob("*"))
    if mode == "full":  # the export folder is on the same full disk: said, nothing left
        assert "could not be saved" in text and "No space left on device" in text
        assert exports == []
    else:  # only the data directory is read-only: the files arrive
        assert exports == ["hearback-calendar.ics", "hearback-export.json"]
    assert text.count("I couldn't save or send your reminders just now") == 1
    assert "⏰" not in text  # a reminder is not shown unless its claim could be saved
    assert {p: p.read_bytes() for p in data_dir.rglob("*.json")} == before
    assert faults.calls > 0
    repo.close()


def test_a_failing_tick_backs_off_and_its_log_stays_small(
        world: World, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    Faults(monkeypatch, world.data_dir).mode = "full"
    caplog.set_level(logging.INFO, logger="hearback")
    world.clock.advance(timedelta(hours=2))
    tried: list[float] = []
    real_tick = world.scheduler.tick

    async def counting_tick() -> int:
        tried.append((world.clock.now() - START).total_seconds())
        return await real_tick()

    monkeypatch.setattr(world.scheduler, "tick", counting_tick)
    # An hour of a loop that asks every second (a hot loop, if nothing held it back).
    for _ in range(3600):
        world.tick()
        world.clock.advance(timedelta(seconds=1))
    gaps = [round(b - a) for a, b in itertools.pairwise(tried)]
    assert gaps[:8] == [1, 2, 4, 8, 16, 32, 64, 128], gaps
    assert max(gaps) <= TICK_BACKOFF_MAX.total_seconds() + 1
    assert len(tried) < 30
    assert world.scheduler.seconds_to_next(30) > 0  # the real loop would wait, not spin
    errors = [r for r in caplog.records if r.name == "hearback.scheduler"]
    assert 1 <= len(errors) <= 1 + 60, [r.getMessage() for r in errors]  # ≤ one a minute
    assert any("more time(s) in the last 60 s" in r.getMessage() for r in errors)
    assert not any(r.exc_info for r in errors)  # "No space left on device" says it all

    # The disk has room again: the next try sends both reminders, and says so once.
    monkeypatch.undo()
    caplog.clear()
    world.clock.advance(TICK_BACKOFF_MAX)
    assert world.tick() == 2
    assert [r.getMessage() for r in caplog.records if "works again" in r.getMessage()]


def test_a_delete_on_a_nearly_full_disk_is_reported_as_done(
        world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    # Removing a file needs no space; recording the handled event afterwards does. The delete
    # happened, so the user must hear that it did, not an apology saying nothing changed.
    path = user_file(world.data_dir, ANA)
    asked = world.engine.handle(Incoming("console", "ana", "ana", "delete", event_id="e1"))
    yes = next(b.payload for r in asked for row in r.buttons for b in row
               if b.label == "Yes, delete everything")
    Faults(monkeypatch, world.data_dir).mode = "full"
    replies = world.engine.handle(Incoming("console", "ana", "ana", button=yes, event_id="e2"))
    assert "Done — I've deleted everything" in replies[0].text, replies[0].text
    assert not path.exists()
    assert world.repo.get_user(ANA) is None
    assert world.repo.get_user(BOB) is not None


def test_a_turn_that_could_not_be_saved_says_so_and_keeps_nothing(
        world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    before = {p: p.read_bytes() for p in world.data_dir.rglob("*.json")}
    Faults(monkeypatch, world.data_dir).mode = "full"
    replies = world.ana.say("I had an interview at Initech for the data role yesterday")
    assert "the server's disk is full" in replies[0].text
    assert SAVED_NOTHING in replies[0].text
    assert {p: p.read_bytes() for p in world.data_dir.rglob("*.json")} == before
    monkeypatch.undo()
    assert [iv.company for iv in world.repo.interviews_for(ANA)] == ["Acme"]


# -- the clock going back --------------------------------------------------------------------------
@pytest.mark.parametrize("when", ["before the question", "between question and press"])
def test_delete_works_after_the_clock_went_back_an_hour(world: World, when: str) -> None:
    if when == "before the question":
        world.clock.advance(timedelta(hours=-1))
    asked = world.ana.say("delete")
    if when != "before the question":
        world.clock.advance(timedelta(hours=-1))
    assert "Yes, delete everything" in [b for r in asked for b in r.button_labels]
    replies = world.ana.press("Yes, delete everything")
    assert "Done — I've deleted everything" in replies[0].text, replies[0].text
    assert world.repo.get_user(ANA) is None
    assert not user_file(world.data_dir, ANA).exists()


def test_an_old_yes_still_cannot_delete_what_came_after_a_delete_even_with_the_clock_ahead(
        world: World) -> None:
    asked = world.ana.say("delete")
    yes = next(b.payload for r in asked for row in r.buttons for b in row
               if b.label == "Yes, delete everything")
    world.ana.press("Yes, delete everything")
    world.clock.advance(timedelta(hours=-2))  # the clock went back; the user starts again
    log_interview(world.ana, saved=True)
    replies = world.engine.handle(Incoming("console", "ana", "ana", button=yes))
    assert "from before you last deleted" in replies[0].text
    assert [iv.company for iv in world.repo.interviews_for(ANA)] == ["Acme"]


def test_no_nudge_is_sent_twice_when_the_clock_goes_back(world: World) -> None:
    world.clock.advance(timedelta(hours=2))
    assert world.tick() == 2  # both thank-you reminders
    sent_ids = {n.id for n in world.repo.all_nudges() if n.status == "sent"}
    world.clock.advance(timedelta(hours=-1))
    for _ in range(2 * 60 * 3):  # three hours of ticks, every 30 s, from an hour back
        world.tick()
        world.clock.advance(timedelta(seconds=30))
    texts = [r.text for r in world.sender.sent]
    assert sum("Thank-you check" in t for t in texts) == 2, texts
    again = [n for n in world.repo.all_nudges() if n.status == "sent"]
    assert {n.id for n in again} >= sent_ids and len(again) == len(texts)
