"""One process owns a data directory at a time."""

from __future__ import annotations

from pathlib import Path

from filelock import FileLock, Timeout

from storage.errors import DataDirLockedError

LOCK_NAME = "hearback.lock"


class DataDirLock:
    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / LOCK_NAME
        self._lock = FileLock(str(self.path), timeout=0, mode=0o600)

    def acquire(self) -> None:
        try:
            self._lock.acquire()
        except Timeout as exc:
            raise DataDirLockedError(
                f"Another Hearback process is already using the data directory "
                f"{self.path.parent} (lock file {self.path}). Stop that process, or point "
                f"HEARBACK_DATA_DIR at another directory."
            ) from exc

    def release(self) -> None:
        self._lock.release()
