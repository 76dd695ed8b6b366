"""One user's TinyDB file: their user record, interviews, nudges, dialog state and shares.

A file per user keeps every write small (a chat turn rewrites one user's few kilobytes, not the
whole deployment) and every query local to one user.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from tinydb import Query, TinyDB
from tinydb.table import Document, Table

from storage.durable import DurableStorage

SHARD_SCHEMA = 2
TABLES = ("user", "interviews", "nudges", "dialog", "shares")


def shard_name(user_key: str) -> str:
    # A hash: user keys hold characters (":", "/", Unicode) that do not belong in file names.
    return hashlib.sha256(user_key.encode()).hexdigest()[:32] + ".json"


class Shard:
    def __init__(self, path: Path, data: dict[str, Any] | None = None, *,
                 loaded: bool = False) -> None:
        self.storage = DurableStorage(path, data, loaded=loaded)
        self.db = TinyDB(storage=lambda: self.storage)
        self.user = self.db.table("user")
        self.interviews = self.db.table("interviews")
        self.nudges = self.db.table("nudges")
        self.dialog = self.db.table("dialog")
        self.shares = self.db.table("shares")  # team channels this user shares into
        self.meta = self.db.table("_meta")

    @property
    def path(self) -> Path:
        return self.storage.path

    @property
    def exists(self) -> bool:
        return self.storage.read() is not None

    def document(self) -> dict[str, Any]:
        return self.storage.read() or {}

    def clear_caches(self) -> None:
        for table in (self.user, self.interviews, self.nudges, self.dialog, self.shares,
                      self.meta):
            table.clear_cache()

    def ensure_meta(self, user_key: str) -> None:
        """The file says which schema it follows and whose it is (read back at start-up)."""
        if not self.meta.all():
            self.meta.insert({"schema": SHARD_SCHEMA, "key": user_key})

    @staticmethod
    def one(table: Table, field: str, value: str) -> Document | None:
        found = table.get(Query()[field] == value)
        assert not isinstance(found, list)
        return found

    @staticmethod
    def upsert(table: Table, field: str, doc: dict[str, Any]) -> None:
        table.upsert(doc, Query()[field] == doc[field])
