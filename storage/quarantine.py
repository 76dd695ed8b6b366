"""User files set aside because they can't be read (issue 15: faults stay with their cause).

A damaged user file (not JSON, a damaged record, a name that does not match its user) or one
that can't be read (an I/O error, a folder in its place) no longer stops start-up or a tick for
everyone: the file is quarantined. It is left exactly as it is, for inspection; the error is
logged once; every read or write of that user raises QuarantinedUserError (so nothing is ever
written over it, and the user is told when they write); everyone else is served.

Files are known by name (`users/<hash>.json`): a damaged file may not say whose it is, but a
user's key always hashes to the same name. When an operator repairs or restores the file (its
size or modification time changes), the next access tries it again.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

from storage.errors import QuarantinedUserError

log = logging.getLogger("hearback.storage")


@dataclass(frozen=True)
class _Held:
    reason: str
    stamp: tuple[int, int] | None  # (size, mtime_ns) of the file when it was set aside


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


class Quarantine:
    """The user files set aside, by file name."""

    def __init__(self) -> None:
        self._held: dict[str, _Held] = {}

    def __len__(self) -> int:
        return len(self._held)

    def __contains__(self, name: object) -> bool:
        return name in self._held

    def names(self) -> list[str]:
        return sorted(self._held)

    def hold(self, path: Path, reason: str) -> None:
        """Set `path` aside, logging it once (the first time it is held)."""
        if path.name not in self._held:
            log.error("%s It is set aside, unchanged, for inspection: that user is told when "
                      "they write, everyone else is served.", reason)
        self._held[path.name] = _Held(reason, _stamp(path))

    def changed(self, path: Path) -> bool:
        """Whether a held file was replaced or edited since it was set aside (worth a retry)."""
        held = self._held.get(path.name)
        return held is not None and _stamp(path) != held.stamp

    def release(self, path: Path) -> None:
        if self._held.pop(path.name, None) is not None:
            log.warning("user file %s can be read again: back in service", path)

    def refuse(self, path: Path) -> QuarantinedUserError:
        held = self._held[path.name]
        return QuarantinedUserError(
            f"{held.reason} (set aside: Hearback picks up a restored file without a restart)")
