"""Writing one transaction's files in an order that keeps a failure truthful (issue 15).

Files can't be replaced atomically together, so the order is chosen so that a failure (a full
disk, a read-only folder) leaves nothing half-done in the common turns: first the user files that
are rewritten (they need space), then channels.json, then the user files that are removed (a
delete needs no space). events.json comes after all of them and is the caller's business: the
turn is saved without it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol


class Pending(Protocol):
    """A file with changes waiting: `dirty` while they are; `commit()` writes them durably or
    raises (having dropped them)."""

    @property
    def dirty(self) -> bool: ...

    def commit(self) -> None: ...


def commit_in_order(steps: Sequence[Pending]) -> tuple[int, BaseException | None]:
    """Commit `steps` in order, stopping at the first failure. Returns how many files were
    written (changes that are now on disk) and the failure, if any."""
    written = 0
    for step in steps:
        dirty = step.dirty
        try:
            step.commit()
        except BaseException as exc:
            return written, exc
        written += dirty
    return written, None
