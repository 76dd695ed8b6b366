"""Durable JSON files for TinyDB.

TinyDB's JSONStorage re-reads its file on every query and rewrites it in place, so a crash in the
middle of a write can leave half a file. Here the document stays in memory, and every write goes
to a temporary file that is flushed and fsynced, then atomically renamed over the old one (and
the directory fsynced): the file on disk is always the old or the new version, never a mix.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

import orjson
from tinydb.storages import Storage

from storage.errors import CorruptDataError, DataDirError

FILE_MODE = 0o600


def corrupt(path: Path, why: str) -> CorruptDataError:
    return CorruptDataError(
        f"The data file {path} is unreadable ({why}). Hearback has not changed it. "
        f"Restore it from a backup, or move it aside to start without it."
    )


def read_json(path: Path) -> dict[str, Any] | None:
    """The JSON object in `path`, None when the file does not exist. The one place storage/
    reads a data file: an unreadable file (permissions, a directory in its place, an I/O error)
    is a DataDirError; an empty file, one that is not JSON or whose top level is not an object
    is a CorruptDataError. Both name the file; the file is never changed."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise DataDirError(
            f"Cannot read the data file {path}: {exc.strerror}. Check its permissions."
        ) from exc
    if not raw.strip():
        raise corrupt(path, "the file is empty")
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise corrupt(path, f"not valid JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise corrupt(path, "not a Hearback data file")
    return data


def load_document(path: Path) -> dict[str, Any] | None:
    """A TinyDB document (an object of tables, each an object): read_json plus that shape."""
    data = read_json(path)
    if data is not None and not all(isinstance(t, dict) for t in data.values()):
        raise corrupt(path, "not a Hearback/TinyDB document")
    return data


def atomic_write(path: Path, payload: bytes) -> None:
    """Replace `path` with `payload`, readable by its owner only: a fresh temp file beside it
    (O_CREAT | O_EXCL | O_NOFOLLOW: never an existing file or a planted link), mode 0600
    whatever the umask, flushed and fsynced, renamed over `path` (a link there is replaced,
    never followed), then the directory fsynced. Raises OSError, the temp file removed."""
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC,
                 FILE_MODE)
    try:
        os.fchmod(fd, FILE_MODE)
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def remove_durably(path: Path) -> None:
    path.unlink(missing_ok=True)
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def dumps(data: dict[str, Any] | None) -> bytes:
    return orjson.dumps(data)


class DurableStorage(Storage):
    """In memory, written through durably. While `deferred`, writes wait for `commit()`."""

    def __init__(self, path: Path, data: dict[str, Any] | None = None, *,
                 loaded: bool = False) -> None:
        self.path = path
        self._data = data if loaded else load_document(path)
        self.deferred = False
        self.dirty = False

    def read(self) -> dict[str, Any] | None:
        return self._data

    def write(self, data: dict[str, Any]) -> None:
        self._data = data
        self.dirty = True
        if not self.deferred:
            self.commit()

    def erase(self) -> None:
        """Forget the whole document: the file is removed at commit."""
        self._data = None
        self.dirty = True
        if not self.deferred:
            self.commit()

    def commit(self) -> None:
        """Put pending changes on disk; if that fails, drop them from memory too."""
        if not self.dirty:
            return
        try:
            if self._data is None:
                remove_durably(self.path)
            else:
                atomic_write(self.path, dumps(self._data))
        except BaseException:
            self.rollback()
            raise
        self.dirty = False

    def rollback(self) -> None:
        """Forget changes that are not on disk."""
        if self.dirty:
            self._data = load_document(self.path)
            self.dirty = False

    def close(self) -> None:
        pass
