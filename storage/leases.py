"""Leases and event claims for the backends that live in one process (memory, the TinyDB files):
built on their own port calls. One process owns such a store (the data directory is locked), so
a transaction is all the atomicity these need; storage/postgres.py does the same in SQL for
several workers."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from contextlib import AbstractContextManager
from datetime import datetime
from typing import Protocol

from bot.core.contract.models import Nudge


class _Store(Protocol):
    def transaction(self) -> AbstractContextManager[None]: ...
    def due_nudges(self, now: datetime) -> list[Nudge]: ...
    def claimed_nudges(self) -> list[Nudge]: ...
    def save_nudge(self, nudge: Nudge) -> None: ...
    def event_seen(self, platform: str, event_id: str) -> bool: ...
    def _record_event(self, platform: str, event_id: str) -> None: ...


class InProcessLeases:
    """`claim_event`, `hold_user`, `lease_due_nudges`, `mark_sent_leased` and
    `release_expired_leases` of the Repository port (see bot/core/contract/ports.py for the
    promises) over a store's `due_nudges`, `claimed_nudges`, `save_nudge`, `event_seen` and
    `_record_event`."""

    def claim_event(self: _Store, platform: str, event_id: str) -> bool:
        with self.transaction():
            if self.event_seen(platform, event_id):
                return False
            self._record_event(platform, event_id)
            return True

    def hold_user(self: _Store, user_key: str) -> None:
        """Nothing to take: one process owns the store, and its callers run one transaction at
        a time (bot/adapters/lanes.py), so a turn already has the user to itself."""

    def lease_due_nudges(self: _Store, now: datetime, worker: str, lease_until: datetime,
                         limit: int = 100, platforms: Collection[str] | None = None
                         ) -> list[Nudge]:
        with self.transaction():
            due = self.due_nudges(now)
            if platforms is not None:
                due = [n for n in due if n.user_key.split(":", 1)[0] in platforms]
            taken = first_per_user(due,
                                   {n.user_key for n in self.claimed_nudges()}, limit)
            for n in taken:
                n.lease(now, worker, lease_until)
                self.save_nudge(n)
        return taken

    def mark_sent_leased(self: _Store, nudge_id: str, worker: str, attempt: int,
                         now: datetime) -> bool:
        with self.transaction():
            for n in self.claimed_nudges():
                if n.id == nudge_id and n.leased_by == worker and n.attempts == attempt:
                    n.mark_sent(now)
                    n.lease_until = None  # history: who sent it stays in leased_by
                    self.save_nudge(n)
                    return True
        return False

    def release_expired_leases(self: _Store, now: datetime) -> int:
        with self.transaction():
            expired = [n for n in self.claimed_nudges()
                       if n.lease_until is not None and n.lease_until <= now]
            for n in expired:
                n.release()
                self.save_nudge(n)
        return len(expired)


def first_per_user(due: Iterable[Nudge], busy: set[str], limit: int) -> list[Nudge]:
    """Of `due` (earliest first), each user's first, skipping users in `busy` (a nudge in
    flight); at most `limit`, in due order (equal times by id)."""
    ordered = sorted(due, key=lambda n: (n.due_at, n.id))
    taken: list[Nudge] = []
    seen = set(busy)
    for n in ordered:
        if len(taken) >= limit:
            break
        if n.user_key not in seen:
            seen.add(n.user_key)
            taken.append(n)
    return taken
