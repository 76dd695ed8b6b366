"""Schema 1 (everything in one hearback.json) to schema 2 (a file per user).

Idempotent: if it is interrupted, meta.json is not yet written and the next start runs it again
over the same user files. The old file is kept, renamed, once the new layout is complete.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from storage.durable import atomic_write, dumps, load_document
from storage.errors import SchemaVersionError
from storage.shard import SHARD_SCHEMA, TABLES, shard_name


def migrate_v1(legacy: Path, users_dir: Path, prepare_dir: Callable[[Path], None]) -> int:
    """Split the schema-1 file into user files; the folder is only created once the old file
    has been read and its version accepted."""
    doc = load_document(legacy)
    assert doc is not None
    meta = list(doc.get("meta", {}).values())
    version = meta[0].get("schema") if meta else None
    if version != 1:
        raise SchemaVersionError(
            f"The data file {legacy} has schema version {version!r}; this Hearback can read or "
            f"upgrade version 1 only. Nothing was changed."
        )
    shards: dict[str, dict[str, dict[str, Any]]] = {}
    for user in doc.get("users", {}).values():
        shards[user["key"]] = {"_meta": {"1": {"schema": SHARD_SCHEMA, "key": user["key"]}},
                               "user": {"1": user},
                               **{t: {} for t in TABLES if t != "user"}}
    sources = (("interviews", "interviews", "user_key"), ("nudges", "nudges", "user_key"),
               ("dialogs", "dialog", "user_key"))
    for source, table, field in sources:
        for d in doc.get(source, {}).values():
            shard = shards.get(d[field])
            if shard is not None:
                shard[table][str(len(shard[table]) + 1)] = d
    prepare_dir(users_dir)
    for key, shard in shards.items():
        atomic_write(users_dir / shard_name(key), dumps(shard))
    return len(shards)


def forget_in_v1_backup(backup: Path, user_key: str) -> int:
    """Remove one user's rows from the schema-1 file kept after the upgrade, rewriting it
    atomically; other users' rows are left exactly as they were. Returns how many rows went
    (0 when the file does not exist or never held the user: then it is not rewritten)."""
    doc = load_document(backup)
    if doc is None:
        return 0
    # The user's interviews, so that a nudge or dialog row pointing at one goes too.
    interview_ids = {d.get("id") for d in doc.get("interviews", {}).values()
                     if isinstance(d, dict) and d.get("user_key") == user_key}

    def theirs(row: Any) -> bool:
        return isinstance(row, dict) and (
            row.get("key") == user_key or row.get("user_key") == user_key
            or (row.get("interview_id") is not None and row.get("interview_id") in interview_ids))

    removed = 0
    kept: dict[str, dict[str, Any]] = {}
    for table, rows in doc.items():
        if table == "meta":
            kept[table] = rows
            continue
        kept[table] = {doc_id: row for doc_id, row in rows.items() if not theirs(row)}
        removed += len(rows) - len(kept[table])
    if removed:
        atomic_write(backup, dumps(kept))
    return removed
