"""The baseline: the repository a TinyDB user would write first.

One db.json with TinyDB's default JSONStorage: every query re-reads and parses the whole file,
every write rewrites it (no fsync, no sharding, no indexes). Same interface and same records as
the real repository, so the same engine runs on both.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from tinydb import Query, TinyDB
from tinydb.table import Document, Table

from bot.core.contract.models import Channel, Dialog, Interview, Nudge, Share, User
from storage.leases import InProcessLeases


class NaiveRepository(InProcessLeases):
    def __init__(self, path: Path) -> None:
        self.db = TinyDB(path)
        self.users = self.db.table("users")
        self.interviews = self.db.table("interviews")
        self.nudges = self.db.table("nudges")
        self.dialogs = self.db.table("dialogs")
        self.shares = self.db.table("shares")
        self.channel_docs = self.db.table("channels")

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        yield

    def new_id(self) -> str:
        return os.urandom(4).hex()

    @staticmethod
    def _one(table: Table, field: str, value: str) -> Document | None:
        found = table.get(Query()[field] == value)
        assert not isinstance(found, list)
        return found

    def get_user(self, key: str) -> User | None:
        doc = self._one(self.users, "key", key)
        return User.from_dict(dict(doc)) if doc else None

    def save_user(self, user: User) -> None:
        self.users.upsert(user.to_dict(), Query().key == user.key)

    def get_interview(self, interview_id: str) -> Interview | None:
        doc = self._one(self.interviews, "id", interview_id)
        return Interview.from_dict(dict(doc)) if doc else None

    def save_interview(self, interview: Interview) -> None:
        self.interviews.upsert(interview.to_dict(), Query().id == interview.id)

    def interviews_for(self, user_key: str) -> list[Interview]:
        docs = self.interviews.search(Query().user_key == user_key)
        return sorted((Interview.from_dict(dict(d)) for d in docs), key=lambda i: i.created_at)

    def get_dialog(self, user_key: str) -> Dialog | None:
        doc = self._one(self.dialogs, "user_key", user_key)
        return Dialog.from_dict(dict(doc)) if doc else None

    def save_dialog(self, dialog: Dialog) -> None:
        self.dialogs.upsert(dialog.to_dict(), Query().user_key == dialog.user_key)

    def clear_dialog(self, user_key: str) -> None:
        self.dialogs.remove(Query().user_key == user_key)

    def add_nudges(self, nudges: Iterable[Nudge]) -> None:
        docs: list[dict[str, Any]] = [n.to_dict() for n in nudges]
        if docs:
            self.nudges.insert_multiple(docs)

    def save_nudge(self, nudge: Nudge) -> None:
        self.nudges.upsert(nudge.to_dict(), Query().id == nudge.id)

    def nudges_for_interview(self, interview_id: str) -> list[Nudge]:
        docs = self.nudges.search(Query().interview_id == interview_id)
        return sorted((Nudge.from_dict(dict(d)) for d in docs), key=lambda n: n.due_at)

    def nudges_for_user(self, user_key: str) -> list[Nudge]:
        docs = self.nudges.search(Query().user_key == user_key)
        return sorted((Nudge.from_dict(dict(d)) for d in docs), key=lambda n: n.due_at)

    def delete_interview(self, interview_id: str) -> None:
        self.interviews.remove(Query().id == interview_id)
        self.nudges.remove(Query().interview_id == interview_id)

    def event_seen(self, platform: str, event_id: str) -> bool:
        return False

    def _record_event(self, platform: str, event_id: str) -> None:
        pass

    def delete_user(self, user_key: str) -> None:
        self.users.remove(Query().key == user_key)
        for table in (self.interviews, self.nudges, self.dialogs, self.shares):
            table.remove(Query().user_key == user_key)

    def due_nudges(self, now: datetime) -> list[Nudge]:
        docs = self.nudges.search(Query().status == "pending")
        pending = (Nudge.from_dict(dict(d)) for d in docs)
        return sorted((n for n in pending if n.due_at <= now), key=lambda n: n.due_at)

    def claimed_nudges(self) -> list[Nudge]:
        docs = self.nudges.search(Query().status == "claimed")
        return [Nudge.from_dict(dict(d)) for d in docs]

    def next_due_at(self) -> datetime | None:
        docs = self.nudges.search(Query().status == "pending")
        return min((Nudge.from_dict(dict(d)).due_at for d in docs), default=None)

    def shares_for(self, user_key: str) -> list[Share]:
        return [Share.from_dict(dict(d)) for d in self.shares.search(Query().user_key == user_key)]

    def save_share(self, share: Share) -> None:
        q = Query()
        self.shares.upsert(share.to_dict(),
                           (q.user_key == share.user_key) & (q.channel == share.channel))

    def delete_share(self, user_key: str, channel: str) -> None:
        q = Query()
        self.shares.remove((q.user_key == user_key) & (q.channel == channel))

    def get_channel(self, key: str) -> Channel | None:
        doc = self._one(self.channel_docs, "key", key)
        return Channel.from_dict(dict(doc)) if doc else None

    def save_channel(self, channel: Channel) -> None:
        self.channel_docs.upsert(channel.to_dict(), Query().key == channel.key)

    def delete_channel(self, key: str) -> None:
        self.channel_docs.remove(Query().key == key)

    def channels(self) -> list[Channel]:
        return [Channel.from_dict(dict(d)) for d in self.channel_docs.all()]
