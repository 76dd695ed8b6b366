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

from storage.durable import DurableStorage, corrupt
from storage.errors import SchemaVersionError

SHARD_SCHEMA = 2
TABLES = ("user", "interviews", "nudges", "dialog", "shares")


def shard_name(user_key: str) -> str:
    # A hash: user keys hold characters (":", "/", Unicode) that do not belong in file names.
    return hashlib.sha256(user_key.encode()).hexdigest()[:32] + ".json"


def check_document(path: Path, doc: dict[str, Any]) -> str:
    """The user key a user file's document belongs to, after checking its schema marker and
    that it holds that one user under the right name. SchemaVersionError for another version
    (a newer Hearback's file), CorruptDataError for anything else wrong."""
    meta = list(doc.get("_meta", {}).values())
    version = meta[0].get("schema") if meta and isinstance(meta[0], dict) else None
    if isinstance(version, int) and version != SHARD_SCHEMA:
        raise SchemaVersionError(
            f"The data file {path} has schema version {version!r}; this Hearback reads "
            f"version {SHARD_SCHEMA}. Use the matching Hearback release, or restore a "
            f"compatible backup. The file was not changed."
        )
    if version != SHARD_SCHEMA:
        raise corrupt(path, "it has no schema marker")
    key = meta[0].get("key")
    users = list(doc.get("user", {}).values())
    if not isinstance(key, str) or len(users) > 1 or any(
            not isinstance(u, dict) or u.get("key") != key for u in users):
        raise corrupt(path, "it does not name exactly one user")
    if path.name != shard_name(key):
        raise corrupt(path, "its name does not match the user it holds")
    return key


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
