"""The in-memory index of pending nudges by due time, rebuilt from the user files at start-up.

A sorted list (sortedcontainers) of (due time, nudge id, user key): finding what is due is a
binary search plus a slice, O(log n + k) for k due among n pending, however many users there are.
"""

from __future__ import annotations

from sortedcontainers import SortedList

_MAX_ID = "\U0010ffff"  # sorts after every nudge id, for "everything due at or before ts"


class DueIndex:
    def __init__(self) -> None:
        self._order: SortedList = SortedList()  # (due ts, nudge id, user key)
        self._entries: dict[str, tuple[float, str]] = {}  # nudge id -> (due ts, user key)

    def __len__(self) -> int:
        return len(self._entries)

    def set(self, nudge_id: str, due_ts: float, user_key: str) -> None:
        old = self._entries.get(nudge_id)
        if old == (due_ts, user_key):
            return
        if old is not None:
            self._order.discard((old[0], nudge_id, old[1]))
        self._entries[nudge_id] = (due_ts, user_key)
        self._order.add((due_ts, nudge_id, user_key))

    def discard(self, nudge_id: str) -> None:
        old = self._entries.pop(nudge_id, None)
        if old is not None:
            self._order.discard((old[0], nudge_id, old[1]))

    def bulk_load(self, entries: dict[str, tuple[float, str]]) -> None:
        self._entries = dict(entries)
        self._order = SortedList((ts, nid, key) for nid, (ts, key) in self._entries.items())

    def due(self, now_ts: float) -> list[tuple[float, str, str]]:
        """(due ts, nudge id, user key) of every pending nudge due at `now_ts`, oldest first."""
        end = self._order.bisect_right((now_ts, _MAX_ID, _MAX_ID))
        due: list[tuple[float, str, str]] = self._order[:end]
        return due

    def next_due(self) -> float | None:
        return self._order[0][0] if self._order else None
