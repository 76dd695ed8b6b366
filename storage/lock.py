"""One process owns a data directory at a time.

The lock is `flock(2)` on the data directory itself (an open descriptor of the folder), not on
a file inside it: no path can be removed to let a second process in, since the lock belongs to
the directory's inode for as long as the owner keeps its descriptor open, and the kernel drops it
when the process dies (a SIGKILL leaves no stale lock). Two opens in one process conflict too
(flock locks belong to an open file description). Linux and macOS have flock; on NFS it is only
local to one machine, which is why many workers use PostgreSQL instead. An earlier release
locked a file, `hearback.lock`; one left behind is harmless and ignored.
"""

from __future__ import annotations

import errno
import fcntl
import os
from pathlib import Path

from storage.errors import DataDirLockedError


class DataDirLock:
    """`acquire()` takes the directory's exclusive lock or raises DataDirLockedError naming the
    directory and the fix; `release()` gives it back (idempotent)."""

    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir
        self._fd: int | None = None

    def acquire(self) -> None:
        fd = os.open(self.path, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            os.close(fd)
            if exc.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                raise
            raise DataDirLockedError(
                f"Another Hearback process is already using the data directory {self.path}. "
                f"Stop that process, or point HEARBACK_DATA_DIR at another directory."
            ) from exc
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            fd, self._fd = self._fd, None
            os.close(fd)  # closing the last descriptor drops the flock
