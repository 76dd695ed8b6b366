"""The repository over TinyDB: users, interviews, nudges and dialog state in one data file."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from tinydb import Query, TinyDB
from tinydb.table import Document, Table

from bot.core.models import Dialog, Interview, Nudge, User
from storage.durable import DurableStorage
from storage.errors import DataDirError, SchemaVersionError
from storage.lock import DataDirLock

SCHEMA_VERSION = 1
DATA_FILE = "hearback.json"
DIR_MODE = 0o700


class TinyRepository:
    def __init__(self, db: TinyDB, storage: DurableStorage, lock: DataDirLock | None) -> None:
        self._db = db
        self._storage = storage
        self._lock = lock
        self._users = db.table("users")
        self._interviews = db.table("interviews")
        self._nudges = db.table("nudges")
        self._dialogs = db.table("dialogs")
        self._meta = db.table("meta")

    @property
    def path(self) -> Path:
        return self._storage.path

    def close(self) -> None:
        self._db.close()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    @contextmanager
    def transaction(self) -> Iterator[None]:
        try:
            with self._storage.batch():
                yield
        except BaseException:
            for table in (self._users, self._interviews, self._nudges, self._dialogs):
                table.clear_cache()
            raise

    def new_id(self) -> str:
        return secrets.token_hex(4)

    # -- helpers ------------------------------------------------------------------------------
    @staticmethod
    def _upsert(table: Table, key_field: str, key: str, doc: dict[str, Any]) -> None:
        table.upsert(doc, Query()[key_field] == key)

    @staticmethod
    def _one(table: Table, key_field: str, key: str) -> Document | None:
        found = table.get(Query()[key_field] == key)
        assert not isinstance(found, list)
        return found

    # -- users --------------------------------------------------------------------------------
    def get_user(self, key: str) -> User | None:
        doc = self._one(self._users, "key", key)
        return User.from_dict(dict(doc)) if doc else None

    def save_user(self, user: User) -> None:
        self._upsert(self._users, "key", user.key, user.to_dict())

    # -- interviews ---------------------------------------------------------------------------
    def get_interview(self, interview_id: str) -> Interview | None:
        doc = self._one(self._interviews, "id", interview_id)
        return Interview.from_dict(dict(doc)) if doc else None

    def save_interview(self, interview: Interview) -> None:
        self._upsert(self._interviews, "id", interview.id, interview.to_dict())

    def interviews_for(self, user_key: str) -> list[Interview]:
        docs = self._interviews.search(Query().user_key == user_key)
        return sorted((Interview.from_dict(dict(d)) for d in docs), key=lambda i: i.created_at)

    # -- dialogs ------------------------------------------------------------------------------
    def get_dialog(self, user_key: str) -> Dialog | None:
        doc = self._one(self._dialogs, "user_key", user_key)
        return Dialog.from_dict(dict(doc)) if doc else None

    def save_dialog(self, dialog: Dialog) -> None:
        self._upsert(self._dialogs, "user_key", dialog.user_key, dialog.to_dict())

    def clear_dialog(self, user_key: str) -> None:
        self._dialogs.remove(Query().user_key == user_key)

    # -- nudges -------------------------------------------------------------------------------
    def add_nudges(self, nudges: Iterable[Nudge]) -> None:
        docs = [n.to_dict() for n in nudges]
        if docs:
            self._nudges.insert_multiple(docs)

    def save_nudge(self, nudge: Nudge) -> None:
        self._upsert(self._nudges, "id", nudge.id, nudge.to_dict())

    def nudges_for_interview(self, interview_id: str) -> list[Nudge]:
        docs = self._nudges.search(Query().interview_id == interview_id)
        return sorted((Nudge.from_dict(dict(d)) for d in docs), key=lambda n: n.due_at)

    def due_nudges(self, now: datetime) -> list[Nudge]:
        docs = self._nudges.search(Query().status == "pending")
        pending = (Nudge.from_dict(dict(d)) for d in docs)
        return sorted((n for n in pending if n.due_at <= now), key=lambda n: n.due_at)

    def claimed_nudges(self) -> list[Nudge]:
        docs = self._nudges.search(Query().status == "claimed")
        return sorted((Nudge.from_dict(dict(d)) for d in docs), key=lambda n: n.due_at)

    def next_due_at(self) -> datetime | None:
        docs = self._nudges.search(Query().status == "pending")
        pending = [Nudge.from_dict(dict(d)) for d in docs]
        return min((n.due_at for n in pending), default=None)

    def all_nudges(self) -> list[Nudge]:
        docs = self._nudges.all()
        return sorted((Nudge.from_dict(dict(d)) for d in docs), key=lambda n: n.due_at)


def _prepare_dir(data_dir: Path) -> None:
    try:
        data_dir.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    except OSError as exc:
        raise DataDirError(
            f"Cannot create the data directory {data_dir}: {exc.strerror}. "
            f"Set HEARBACK_DATA_DIR to a directory you can write to."
        ) from exc
    if not data_dir.is_dir():
        raise DataDirError(f"HEARBACK_DATA_DIR {data_dir} exists but is not a directory.")
    if not os.access(data_dir, os.W_OK | os.X_OK):
        raise DataDirError(
            f"The data directory {data_dir} is not writable. Fix its permissions or set "
            f"HEARBACK_DATA_DIR to another directory."
        )


def _check_schema(repo: TinyRepository, path: Path, existed: bool) -> None:
    meta = repo._meta.all()
    if not existed:
        repo._meta.insert({"schema": SCHEMA_VERSION, "app": "hearback"})
        return
    version = meta[0].get("schema") if meta else None
    if version != SCHEMA_VERSION:
        raise SchemaVersionError(
            f"The data file {path} has schema version {version!r}; this Hearback reads version "
            f"{SCHEMA_VERSION}. Use the matching Hearback release, or restore a compatible backup. "
            f"The file was not changed."
        )


def open_repository(data_dir: Path) -> TinyRepository:
    """Lock the data directory and open its data file; refuse with a clear error if unusable."""
    _prepare_dir(data_dir)
    lock = DataDirLock(data_dir)
    lock.acquire()
    try:
        path = data_dir / DATA_FILE
        if path.exists() and not os.access(path, os.W_OK):
            raise DataDirError(
                f"The data file {path} is read-only. Make it writable for this user "
                f"(chmod u+w) so Hearback can save your data."
            )
        # We hold the lock, so a temp file left here is from a writer that died mid-write;
        # the data file itself is intact (the rename never happened).
        for leftover in data_dir.glob(f".{DATA_FILE}.*.tmp"):
            leftover.unlink(missing_ok=True)
        storage = DurableStorage(path)
        existed = storage.read() is not None
        db = TinyDB(storage=lambda: storage)
        repo = TinyRepository(db, storage, lock)
        _check_schema(repo, path, existed)
    except BaseException:
        lock.release()
        raise
    return repo
