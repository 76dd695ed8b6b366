"""The SQLite yardstick: the Repository port on Python's sqlite3, laid out like the PostgreSQL
schema (storage/pg_migrations/0001_initial.sql: each record whole as JSON beside the columns
the queries use, the same indexes), so the same chat turn does the same reads and writes on an
embedded SQL database in this process. WAL journal with synchronous=FULL: each commit is on
disk, as with the TinyDB files and PostgreSQL. A benchmark reference only, not a backend
Hearback offers: it has no cross-process leases (InProcessLeases, as the files)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson

from bot.core.contract.models import Channel, Dialog, Interview, Nudge, Share, User
from storage.ids import new_id
from storage.leases import InProcessLeases

SCHEMA = """
CREATE TABLE IF NOT EXISTS users (key TEXT PRIMARY KEY, doc TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS interviews (id TEXT PRIMARY KEY, user_key TEXT NOT NULL,
    created_at TEXT, doc TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS interviews_by_user ON interviews (user_key, created_at);
CREATE TABLE IF NOT EXISTS nudges (id TEXT PRIMARY KEY, user_key TEXT NOT NULL,
    interview_id TEXT NOT NULL, status TEXT NOT NULL, due_at REAL NOT NULL, doc TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS nudges_due ON nudges (due_at, id) WHERE status = 'pending';
CREATE INDEX IF NOT EXISTS nudges_claimed ON nudges (due_at) WHERE status = 'claimed';
CREATE INDEX IF NOT EXISTS nudges_by_interview ON nudges (interview_id);
CREATE INDEX IF NOT EXISTS nudges_by_user ON nudges (user_key);
CREATE TABLE IF NOT EXISTS dialogs (user_key TEXT PRIMARY KEY, doc TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS shares (user_key TEXT NOT NULL, channel TEXT NOT NULL,
    doc TEXT NOT NULL, PRIMARY KEY (user_key, channel));
CREATE TABLE IF NOT EXISTS channels (key TEXT PRIMARY KEY, doc TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS events (platform TEXT NOT NULL, event_id TEXT NOT NULL,
    PRIMARY KEY (platform, event_id));
"""


def _doc(text: str) -> dict[str, Any]:
    doc: dict[str, Any] = orjson.loads(text)
    return doc


def _text(doc: dict[str, Any]) -> str:
    return orjson.dumps(doc).decode()


class SqliteRepository(InProcessLeases):
    """The Repository port on one SQLite file at `path` (created with SCHEMA when new). A
    `transaction()` block is one BEGIN IMMEDIATE … COMMIT (inner blocks join it; ROLLBACK if
    it raises); a call outside a block commits on its own."""

    def __init__(self, path: Path) -> None:
        self._db = sqlite3.connect(path, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.executescript(SCHEMA)
        self._depth = 0

    def close(self) -> None:
        self._db.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self._db.execute("BEGIN IMMEDIATE")
        self._depth = 1
        try:
            yield
        except BaseException:
            self._depth = 0
            self._db.execute("ROLLBACK")
            raise
        self._depth = 0
        self._db.execute("COMMIT")

    def _docs(self, query: str, params: Iterable[Any] = ()) -> list[dict[str, Any]]:
        return [_doc(row[0]) for row in self._db.execute(query, tuple(params))]

    def _one(self, query: str, params: Iterable[Any]) -> dict[str, Any] | None:
        docs = self._docs(query, params)
        return docs[0] if docs else None

    def _run(self, query: str, params: Iterable[Any]) -> None:
        with self.transaction():
            self._db.execute(query, tuple(params))

    def new_id(self) -> str:
        return new_id()

    def event_seen(self, platform: str, event_id: str) -> bool:
        return self._db.execute("SELECT 1 FROM events WHERE platform = ? AND event_id = ?",
                                (platform, event_id)).fetchone() is not None

    def _record_event(self, platform: str, event_id: str) -> None:
        self._run("INSERT OR IGNORE INTO events VALUES (?, ?)", (platform, event_id))

    def get_user(self, key: str) -> User | None:
        doc = self._one("SELECT doc FROM users WHERE key = ?", (key,))
        return User.from_dict(doc) if doc else None

    def save_user(self, user: User) -> None:
        self._run("INSERT OR REPLACE INTO users VALUES (?, ?)", (user.key, _text(user.to_dict())))

    def delete_user(self, user_key: str) -> None:
        with self.transaction():
            self._db.execute("DELETE FROM users WHERE key = ?", (user_key,))
            for table in ("interviews", "nudges", "dialogs", "shares"):
                self._db.execute(f"DELETE FROM {table} WHERE user_key = ?", (user_key,))

    def get_interview(self, interview_id: str) -> Interview | None:
        doc = self._one("SELECT doc FROM interviews WHERE id = ?", (interview_id,))
        return Interview.from_dict(doc) if doc else None

    def save_interview(self, interview: Interview) -> None:
        created = interview.created_at.isoformat() if interview.created_at else None
        self._run("INSERT OR REPLACE INTO interviews VALUES (?, ?, ?, ?)",
                  (interview.id, interview.user_key, created, _text(interview.to_dict())))

    def interviews_for(self, user_key: str) -> list[Interview]:
        docs = self._docs("SELECT doc FROM interviews WHERE user_key = ? ORDER BY rowid",
                          (user_key,))
        return sorted((Interview.from_dict(d) for d in docs), key=lambda i: i.created_at)

    def get_dialog(self, user_key: str) -> Dialog | None:
        doc = self._one("SELECT doc FROM dialogs WHERE user_key = ?", (user_key,))
        return Dialog.from_dict(doc) if doc else None

    def save_dialog(self, dialog: Dialog) -> None:
        self._run("INSERT OR REPLACE INTO dialogs VALUES (?, ?)",
                  (dialog.user_key, _text(dialog.to_dict())))

    def clear_dialog(self, user_key: str) -> None:
        self._run("DELETE FROM dialogs WHERE user_key = ?", (user_key,))

    def add_nudges(self, nudges: Iterable[Nudge]) -> None:
        with self.transaction():
            self._db.executemany(
                "INSERT OR REPLACE INTO nudges VALUES (?, ?, ?, ?, ?, ?)",
                [(n.id, n.user_key, n.interview_id, n.status, n.due_at.timestamp(),
                  _text(n.to_dict())) for n in nudges])

    def save_nudge(self, nudge: Nudge) -> None:
        self.add_nudges([nudge])

    def nudges_for_interview(self, interview_id: str) -> list[Nudge]:
        docs = self._docs("SELECT doc FROM nudges WHERE interview_id = ? ORDER BY due_at, rowid",
                          (interview_id,))
        return [Nudge.from_dict(d) for d in docs]

    def nudges_for_user(self, user_key: str) -> list[Nudge]:
        docs = self._docs("SELECT doc FROM nudges WHERE user_key = ? ORDER BY due_at, rowid",
                          (user_key,))
        return [Nudge.from_dict(d) for d in docs]

    def delete_interview(self, interview_id: str) -> None:
        with self.transaction():
            self._db.execute("DELETE FROM nudges WHERE interview_id = ?", (interview_id,))
            self._db.execute("DELETE FROM interviews WHERE id = ?", (interview_id,))

    def due_nudges(self, now: datetime) -> list[Nudge]:
        docs = self._docs("SELECT doc FROM nudges WHERE status = 'pending' AND due_at <= ? "
                          "ORDER BY due_at, id", (now.timestamp(),))
        return [Nudge.from_dict(d) for d in docs]

    def claimed_nudges(self) -> list[Nudge]:
        docs = self._docs("SELECT doc FROM nudges WHERE status = 'claimed' ORDER BY due_at")
        return [Nudge.from_dict(d) for d in docs]

    def next_due_at(self) -> datetime | None:
        row = self._db.execute("SELECT min(due_at) FROM nudges WHERE status = 'pending'"
                               ).fetchone()
        return datetime.fromtimestamp(row[0], UTC) if row and row[0] is not None else None

    def shares_for(self, user_key: str) -> list[Share]:
        docs = self._docs("SELECT doc FROM shares WHERE user_key = ? ORDER BY rowid", (user_key,))
        return [Share.from_dict(d) for d in docs]

    def save_share(self, share: Share) -> None:
        self._run("INSERT OR REPLACE INTO shares VALUES (?, ?, ?)",
                  (share.user_key, share.channel, _text(share.to_dict())))

    def delete_share(self, user_key: str, channel: str) -> None:
        self._run("DELETE FROM shares WHERE user_key = ? AND channel = ?", (user_key, channel))

    def get_channel(self, key: str) -> Channel | None:
        doc = self._one("SELECT doc FROM channels WHERE key = ?", (key,))
        return Channel.from_dict(doc) if doc else None

    def save_channel(self, channel: Channel) -> None:
        self._run("INSERT OR REPLACE INTO channels VALUES (?, ?)",
                  (channel.key, _text(channel.to_dict())))

    def delete_channel(self, key: str) -> None:
        self._run("DELETE FROM channels WHERE key = ?", (key,))

    def channels(self) -> list[Channel]:
        return [Channel.from_dict(d) for d in self._docs("SELECT doc FROM channels ORDER BY key")]
