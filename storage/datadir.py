"""Opening a TinyDB data directory: create it private to the owner, lock it, check its
meta.json, upgrade a schema-1 directory, clear temp files a dead writer left, then load the
repository. Every refusal is a StorageError naming the directory or file and saying what to do;
a refusal releases the lock and changes no file."""

from __future__ import annotations

import os
from pathlib import Path

from storage.durable import atomic_write, dumps, read_json
from storage.errors import DataDirError, SchemaVersionError
from storage.lock import DataDirLock
from storage.migrate import migrate_v1
from storage.repository import (
    DEFAULT_CACHE,
    LEGACY_FILE,
    META_FILE,
    MIGRATED_FILE,
    SCHEMA_VERSION,
    USERS_DIR,
    ShardedRepository,
)

DIR_MODE = 0o700


def prepare_dir(path: Path) -> None:
    """Create `path` (mode 0700) if needed; DataDirError when it cannot be used."""
    try:
        path.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    except OSError as exc:
        raise DataDirError(
            f"Cannot create the data directory {path}: {exc.strerror}. "
            f"Set HEARBACK_DATA_DIR to a directory you can write to."
        ) from exc
    if not path.is_dir():
        raise DataDirError(f"HEARBACK_DATA_DIR {path} exists but is not a directory.")
    if not os.access(path, os.W_OK | os.X_OK):
        raise DataDirError(
            f"The data directory {path} is not writable. Fix its permissions or set "
            f"HEARBACK_DATA_DIR to another directory."
        )


def _check_meta(data_dir: Path) -> bool:
    """True when the directory already holds schema-2 data; raises if it holds something else."""
    meta_path = data_dir / META_FILE
    meta = read_json(meta_path)
    if meta is None:
        return False
    version = meta.get("schema")
    if version != SCHEMA_VERSION:
        raise SchemaVersionError(
            f"The data file {meta_path} has schema version {version!r}; this Hearback reads "
            f"version {SCHEMA_VERSION}. Use the matching Hearback release, or restore a "
            f"compatible backup. Nothing was changed."
        )
    return True


def _remove_leftovers(directory: Path) -> None:
    # We hold the lock, so a temp file here is from a writer that died before its rename; the
    # file it was replacing is intact.
    for leftover in directory.glob(".*.tmp"):
        leftover.unlink(missing_ok=True)


def open_repository(data_dir: Path, *, cache_size: int = DEFAULT_CACHE) -> ShardedRepository:
    """Lock the data directory and open its data; refuse with a clear error if unusable."""
    prepare_dir(data_dir)
    lock = DataDirLock(data_dir)
    lock.acquire()
    try:
        _remove_leftovers(data_dir)
        existing = _check_meta(data_dir)
        users_dir = data_dir / USERS_DIR
        if users_dir.exists():
            _remove_leftovers(users_dir)
        if not existing:
            legacy = data_dir / LEGACY_FILE
            if legacy.exists():
                # Order matters for a crash mid-way: user files, then the old file renamed,
                # then meta.json; every prefix of that is picked up correctly at the next start.
                migrate_v1(legacy, users_dir, prepare_dir)
                legacy.rename(data_dir / MIGRATED_FILE)
            prepare_dir(users_dir)
            atomic_write(data_dir / META_FILE, dumps({"schema": SCHEMA_VERSION,
                                                      "app": "hearback"}))
        elif not users_dir.is_dir():
            raise DataDirError(f"The data directory {data_dir} has {META_FILE} but no "
                               f"{USERS_DIR}/ folder. Restore it from a backup.")
        repo = ShardedRepository(data_dir, lock, cache_size=cache_size)
        repo.load()
    except OSError as exc:
        lock.release()
        raise DataDirError(f"Cannot prepare the data in {data_dir}: {exc}. Check free space "
                           f"and permissions; nothing was lost.") from exc
    except BaseException:
        lock.release()
        raise
    return repo
