"""What the TinyDB store answers beyond the `Repository` port, over every user at once: for the
tests of its files, `hearback migrate --to` (storage/pg_copy.py) and the benchmark; the bot
never calls them. A mixin of `ShardedRepository` (storage/repository.py), which provides the
indexes and `_shard`."""

from __future__ import annotations

from datetime import datetime

from bot.core.contract.models import Nudge
from storage.due_index import DueIndex
from storage.shard import Shard


class WholeStoreViews:
    """Views over the whole data directory; the class using it sets `_known` (the user keys
    with a file) and `_due` (the pending nudges by due time) and reads a user's file with
    `_shard`."""

    _known: set[str]
    _due: DueIndex

    def _shard(self, key: str) -> Shard:
        raise NotImplementedError

    def known_users(self) -> list[str]:
        """The keys of every user with a file, sorted."""
        return sorted(self._known)

    def all_nudges(self) -> list[Nudge]:
        """Every nudge of every user, earliest due first (reads every file)."""
        out = [Nudge.from_dict(dict(d)) for key in sorted(self._known)
               for d in self._shard(key).nudges.all()]
        return sorted(out, key=lambda n: n.due_at)

    def due_count(self, now: datetime) -> int:
        """How many pending nudges are due at `now` (UTC), without loading them."""
        return len(self._due.due(now.timestamp()))

    def pending_count(self) -> int:
        """How many nudges are pending."""
        return len(self._due)
