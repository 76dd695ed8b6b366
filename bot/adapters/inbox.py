"""The inbox: platform events received but not yet fully answered, kept durably so that a crash
or a stop loses none (at-least-once handling, DESIGN.md "Platform events are handled at least
once").

An event is written here before the platform is told it arrived (Telegram: before the polling
offset moves past it or the webhook request is answered; Slack: before the HTTP or Socket Mode
acknowledgement). It stays until its replies have gone out. After a restart whatever is still
here is handled again, in the order it arrived.

One turn's life, as records appended to `<data dir>/inbox-<platform>.jsonl` (one JSON object a
line, each write flushed and fsynced):

- `{"in": key, "event": {...}}`: received (the platform's own JSON of the event).
- `{"answered": key, "replies": [...]}`: the turn's replies, written inside the turn's storage
  transaction just before it commits. After a crash, an event whose id the engine has recorded
  (the commit happened) gets these replies sent again instead of being handled a second time;
  otherwise it is handled again.
- `{"done": key}`: its replies went out (or were given up on).

So a crash costs at most a second copy of the replies that were in flight, never a lost answer.
A torn last line (a crash mid-write) is ignored: the write it belonged to never completed, so
the platform was not told (an "in"), the turn did not commit (an "answered"), or the replies are
sent again (a "done"). The file is emptied whenever nothing is open (so what people wrote stays
on disk only until it is answered), and rewritten with only the open entries at start-up and
whenever it has grown past COMPACT_AFTER records more than its open entries need.
"""

from __future__ import annotations

import base64
import logging
import os
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import orjson

from bot.core.contract.messages import Attachment, Button, DateQuestion, Reply, Span, Style

log = logging.getLogger("hearback.inbox")

# Records in the file (beyond 4 per open entry) before it is rewritten with the open ones only.
COMPACT_AFTER = 256
FILE_MODE = 0o600


@dataclass
class Entry:
    """One event not yet answered: its key (the platform's id, e.g. a Telegram update_id), the
    platform's JSON of it, and the replies its turn produced (None until it has been answered)."""

    key: str
    event: dict[str, Any]
    replies: list[Reply] | None = field(default=None)


class Inbox:
    """Events received and not yet answered, for one platform. `path` None keeps them in memory
    only (the memory storage backend: nothing on disk). Thread-safe: events arrive on the event
    loop while turns are answered in the core's thread. Raises OSError when the file can't be
    written (the caller must then not confirm the event)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._open: dict[str, Entry] = {}
        self._records = 0
        self._fd: int | None = None
        self._closed = False
        if path is not None:
            # With PostgreSQL nothing else creates the data directory: the inbox is all it holds.
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            self._load(path)
            self._rewrite()

    # -- reading ----------------------------------------------------------------------------
    def _load(self, path: Path) -> None:
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            return
        torn = 0
        for line in raw.splitlines():
            try:
                record = orjson.loads(line)
            except orjson.JSONDecodeError:
                torn += 1  # a write the crash cut short: see the module docstring
                continue
            if not isinstance(record, dict):
                torn += 1
                continue
            if "in" in record:
                key = str(record["in"])
                self._open.setdefault(key, Entry(key, dict(record.get("event") or {})))
            elif "answered" in record and (entry := self._open.get(str(record["answered"]))):
                entry.replies = [reply_from(r) for r in record.get("replies") or []]
            elif "done" in record:
                self._open.pop(str(record["done"]), None)
        if torn:
            log.warning("inbox %s: %d unreadable line(s) skipped (a write cut short by a "
                        "crash)", path.name, torn)
        if self._open:
            log.info("inbox %s: %d event(s) received before the restart are handled again",
                     path.name, len(self._open))

    def pending(self) -> list[Entry]:
        """The events not yet answered, in the order they arrived."""
        with self._lock:
            return list(self._open.values())

    def get(self, key: str) -> Entry | None:
        """The open entry for `key`, if any."""
        with self._lock:
            return self._open.get(key)

    def __len__(self) -> int:
        with self._lock:
            return len(self._open)

    # -- writing ----------------------------------------------------------------------------
    def add(self, key: str, event: dict[str, Any]) -> bool:
        """Keep a received event (durably, before the platform is told). False when it is
        already here (a redelivery of an event not yet answered: nothing is written)."""
        with self._lock:
            if key in self._open:
                return False
            self._append({"in": key, "event": event})
            self._open[key] = Entry(key, event)
            return True

    def answered(self, key: str, replies: Iterable[Reply]) -> None:
        """Keep the replies of `key`'s turn (durably); called before the turn commits."""
        with self._lock:
            entry = self._open.get(key)
            if entry is None:
                return
            kept = list(replies)
            self._append({"answered": key, "replies": [reply_to_json(r) for r in kept]})
            entry.replies = kept

    def done(self, key: str) -> None:
        """`key`'s replies went out: forget it. (Not fsynced: if the machine, not the process,
        dies right after, the replies go out a second time, the promised at-least-once.)"""
        with self._lock:
            if self._open.pop(key, None) is None:
                return
            self._append({"done": key}, sync=False)
            if not self._open:
                self._empty()  # what people wrote stays no longer than it takes to answer
            elif self._records >= COMPACT_AFTER + 4 * len(self._open):
                self._rewrite()  # under steady load: answered events don't linger for long

    def close(self) -> None:
        """No more writes: a turn still running after this (a stop's grace ran out) can't keep
        its replies and is rolled back, to be answered at the next start."""
        with self._lock:
            self._closed = True
            if self._fd is not None:
                os.close(self._fd)
                self._fd = None

    def _append(self, record: dict[str, Any], *, sync: bool = True) -> None:
        if self._closed and sync:
            raise OSError("the inbox is closed (Hearback is stopping)")
        self._records += 1
        if self._fd is None:
            return
        os.write(self._fd, orjson.dumps(record) + b"\n")
        if sync:
            os.fsync(self._fd)

    def _empty(self) -> None:
        """Nothing is open: the file is cut to nothing (a crash half-way leaves only records
        of answered events, which load as nothing open)."""
        self._records = 0
        if self._fd is not None:
            os.ftruncate(self._fd, 0)

    def _rewrite(self) -> None:
        """The file with only the open entries: a temporary file, fsynced, renamed over it."""
        assert self.path is not None
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
        tmp = self.path.with_name(self.path.name + ".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, FILE_MODE)
        try:
            for entry in self._open.values():
                os.write(fd, orjson.dumps({"in": entry.key, "event": entry.event}) + b"\n")
                if entry.replies is not None:
                    os.write(fd, orjson.dumps({"answered": entry.key, "replies": [
                        reply_to_json(r) for r in entry.replies]}) + b"\n")
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, self.path)
        dir_fd = os.open(self.path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
        self._records = len(self._open)
        self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_NOFOLLOW, FILE_MODE)


def inbox_path(data_dir: Path, platform: str, database_url: str | None) -> Path | None:
    """Where `platform`'s inbox lives: in the data directory, or nowhere (memory storage)."""
    if database_url and database_url.startswith("memory:"):
        return None
    return data_dir / f"inbox-{platform}.jsonl"


# -- replies as JSON ------------------------------------------------------------------------
def reply_to_json(reply: Reply) -> dict[str, Any]:
    """A Reply as plain JSON (attachments' bytes in base64)."""
    return {"spans": [[s.text, s.style] for s in reply.spans],
            # Spans naming an instant (Span.when): index -> [ISO time, day only]; a key of its
            # own, so an older Hearback reading this file still reads the spans.
            "instants": {str(i): [s.when.isoformat(), s.day_only]
                         for i, s in enumerate(reply.spans) if s.when is not None},
            "buttons": [[[b.label, b.payload] for b in row] for row in reply.buttons],
            "attachments": [[a.filename, a.mime, base64.b64encode(a.data).decode()]
                            for a in reply.attachments],
            "to": reply.to, "private": reply.private,
            "asks_date": None if (q := reply.asks_date) is None else
            [q.step, q.owner, q.today.isoformat(), q.accepts]}


def reply_from(data: dict[str, Any]) -> Reply:
    """The Reply `reply_to_json` wrote."""
    style: Style
    spans = []
    instants = data.get("instants") or {}
    for i, (text, style) in enumerate(data.get("spans") or []):
        when, day_only = instants.get(str(i)) or (None, False)
        spans.append(Span(str(text), style, datetime.fromisoformat(when) if when else None,
                          bool(day_only)))
    return Reply(spans=tuple(spans),
                 buttons=tuple(tuple(Button(str(label), str(payload)) for label, payload in row)
                               for row in data.get("buttons") or []),
                 attachments=tuple(Attachment(str(name), str(mime), base64.b64decode(blob))
                                   for name, mime, blob in data.get("attachments") or []),
                 to=data.get("to"), private=bool(data.get("private")),
                 asks_date=_date_question(data.get("asks_date")))


def _date_question(data: Any) -> DateQuestion | None:
    """A DateQuestion `reply_to_json` wrote (None: none, or from before it was kept)."""
    if not isinstance(data, list) or len(data) != 4 or data[3] not in ("past", "future", "any"):
        return None
    step, owner, today, accepts = data
    return DateQuestion(str(step), str(owner), date.fromisoformat(str(today)), accepts)
