"""A TinyDB storage that keeps the document in memory and writes it durably.

TinyDB's JSONStorage re-reads the file on every query and rewrites it in place, so a crash in the
middle of a write can leave half a file. Here every write goes to a temporary file that is flushed
and fsynced, then atomically renamed over the old one (and the directory fsynced), so the file on
disk is always either the old or the new version. Writes inside `batch()` reach the disk once,
when the outermost batch ends.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from storage.errors import CorruptDataError, DataDirError

FILE_MODE = 0o600


def _corrupt(path: Path, why: str) -> CorruptDataError:
    return CorruptDataError(
        f"The data file {path} is unreadable ({why}). Hearback has not changed it. "
        f"Restore it from a backup, or move it aside to start with empty data."
    )


def load_document(path: Path) -> dict[str, Any] | None:
    """The parsed file, None when it does not exist; a clear error when it cannot be used."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise DataDirError(
            f"Cannot read the data file {path}: {exc.strerror}. Check its permissions."
        ) from exc
    if not raw.strip():
        raise _corrupt(path, "the file is empty")
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _corrupt(path, f"not valid JSON: {exc}") from exc
    if not isinstance(data, dict) or not all(isinstance(t, dict) for t in data.values()):
        raise _corrupt(path, "not a Hearback/TinyDB document")
    return data


class DurableStorage(Storage):
    def __init__(self, path: Path) -> None:
        self.path = path
        self._data: dict[str, Any] | None = load_document(path)
        self._depth = 0
        self._dirty = False

    def read(self) -> dict[str, Any] | None:
        return self._data

    def write(self, data: dict[str, Any]) -> None:
        self._data = data
        if self._depth:
            self._dirty = True
        else:
            self._commit()

    @contextmanager
    def batch(self) -> Iterator[None]:
        self._depth += 1
        try:
            yield
        except BaseException:
            self._depth -= 1
            if self._depth == 0 and self._dirty:
                # The turn failed: drop its in-memory changes so memory matches the disk.
                self._dirty = False
                self._data = load_document(self.path)
            raise
        self._depth -= 1
        if self._depth == 0 and self._dirty:
            self._dirty = False
            self._commit()

    def _commit(self) -> None:
        try:
            self._flush()
        except BaseException:
            # Not on disk: drop the change from memory too, so reads never show unsaved data.
            self._data = load_document(self.path)
            raise

    def _flush(self) -> None:
        payload = json.dumps(self._data, ensure_ascii=False, separators=(",", ":"))
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(payload)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        dir_fd = os.open(self.path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)

    def close(self) -> None:
        pass
