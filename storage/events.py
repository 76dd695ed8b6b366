"""Recently handled platform event ids (Telegram update_id, Slack event_id), so an event the
platform delivers twice — a retry, or a redelivery after a restart — is handled once. Kept in
events.json; without a path (the memory backend) in memory only."""

from __future__ import annotations

from collections import OrderedDict
from pathlib import Path

from storage.durable import atomic_write, dumps, load_document

KEEP_PER_PLATFORM = 5000


class EventLog:
    def __init__(self, path: Path | None) -> None:
        self.path = path
        doc = (load_document(path) if path is not None else None) or {}
        self._seen: dict[str, OrderedDict[str, None]] = {
            platform: OrderedDict.fromkeys(str(i) for i in ids.get("ids", []))
            for platform, ids in doc.items()
        }
        self.dirty = False

    def seen(self, platform: str, event_id: str) -> bool:
        return event_id in self._seen.get(platform, ())

    def ids(self) -> list[tuple[str, str]]:
        """Every remembered (platform, event id), oldest first per platform."""
        return [(platform, i) for platform, ids in self._seen.items() for i in ids]

    def record(self, platform: str, event_id: str) -> None:
        ids = self._seen.setdefault(platform, OrderedDict())
        ids[event_id] = None
        while len(ids) > KEEP_PER_PLATFORM:
            ids.popitem(last=False)
        self.dirty = True

    def commit(self) -> None:
        if self.dirty and self.path is not None:
            atomic_write(self.path, dumps({p: {"ids": list(ids)} for p, ids in
                                           self._seen.items()}))
        self.dirty = False
