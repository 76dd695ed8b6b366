"""The repository in memory: the whole `Repository` port with nothing on disk, chosen with
HEARBACK_DATABASE_URL=memory:// (tests, and trying the bot out; everything is gone at exit).

It keeps the promises the TinyDB store keeps, and tests/contract/ runs the same tests on both:
records go in and come out as copies (stored as their `to_dict()` form, so a caller's later
change to an object it saved or read never reaches the store), reads inside a transaction see its
writes, and a transaction that raises leaves nothing behind. Channels and event ids use the
same stores as the TinyDB backend, without their files.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from bot.core.contract.models import Channel, Dialog, Interview, Nudge, Share, User
from storage.channels import ChannelStore
from storage.events import EventLog
from storage.ids import new_id
from storage.leases import InProcessLeases
from storage.nesting import NestedTransactions

Doc = dict[str, Any]


@dataclass
class _UserRecords:
    """One user's records in their stored form (what the TinyDB store keeps in their file)."""

    user: Doc | None = None
    interviews: dict[str, Doc] = field(default_factory=dict)  # by id, in insertion order
    nudges: dict[str, Doc] = field(default_factory=dict)  # by id, in insertion order
    dialog: Doc | None = None
    shares: dict[str, Doc] = field(default_factory=dict)  # by channel key


def _ts(doc: Doc) -> float:
    return datetime.fromisoformat(doc["due_at"]).timestamp()


class MemoryRepository(InProcessLeases, NestedTransactions):
    """The Repository port in this process's memory (HEARBACK_DATABASE_URL=memory://): for
    tests and demos. Records are kept as their to_dict() form, so they are copied in and out
    as on disk; a transaction that raises keeps nothing; everything is gone when the process
    ends. Passes the same contract tests as the TinyDB store (tests/contract/)."""

    def __init__(self) -> None:
        self._users: dict[str, _UserRecords] = {}
        self._iv_owner: dict[str, str] = {}  # interview id -> user key
        self._events = EventLog(None)
        self._channels = ChannelStore(None)
        # What the outermost open transaction changed, as it was before: restored if it raises.
        self._undo_users: dict[str, _UserRecords | None] = {}
        self._undo_events: EventLog | None = None
        self._undo_channels: ChannelStore | None = None

    def close(self) -> None:
        """Nothing to release; the records stay readable until the object goes."""

    # -- transactions ---------------------------------------------------------------------------
    def _finish(self, *, commit: bool) -> None:
        """The outermost block ended: keep its writes, or put back what it changed."""
        undo, self._undo_users = self._undo_users, {}
        events, channels = self._undo_events, self._undo_channels
        self._undo_events = self._undo_channels = None
        if commit:
            return
        for key, before in undo.items():
            self._set_owner(key, None)
            if before is None:
                self._users.pop(key, None)
            else:
                self._users[key] = before
                self._set_owner(key, before)
        if events is not None:
            self._events = events
        if channels is not None:
            self._channels = channels

    def _set_owner(self, key: str, records: _UserRecords | None) -> None:
        """Index `records`' interviews under `key`; with None, forget the ones `key` owns."""
        if records is None:
            current = self._users.get(key)
            for iid in current.interviews if current is not None else ():
                if self._iv_owner.get(iid) == key:
                    del self._iv_owner[iid]
        else:
            self._iv_owner.update(dict.fromkeys(records.interviews, key))

    def _for_write(self, key: str) -> _UserRecords:
        """The user's records, created if new; their state before is kept for a rollback.
        Only call inside `transaction()`."""
        if key not in self._undo_users:
            self._undo_users[key] = copy.deepcopy(self._users.get(key))
        return self._users.setdefault(key, _UserRecords())

    def _shared_for_write(self) -> None:
        if self._undo_events is None:
            self._undo_events = copy.deepcopy(self._events)
        if self._undo_channels is None:
            self._undo_channels = copy.deepcopy(self._channels)

    # -- ids, events ----------------------------------------------------------------------------
    def new_id(self) -> str:
        return new_id()

    def event_seen(self, platform: str, event_id: str) -> bool:
        return self._events.seen(platform, event_id)

    def _record_event(self, platform: str, event_id: str) -> None:
        with self.transaction():
            self._shared_for_write()
            self._events.record(platform, event_id)

    # -- users ----------------------------------------------------------------------------------
    def get_user(self, key: str) -> User | None:
        records = self._users.get(key)
        return User.from_dict(records.user) if records and records.user else None

    def save_user(self, user: User) -> None:
        with self.transaction():
            self._for_write(user.key).user = user.to_dict()

    def delete_user(self, user_key: str) -> None:
        """Every record of the user's goes, pending nudges and shares included, and they leave
        every channel (membership, their posts, their cheers)."""
        with self.transaction():
            self._shared_for_write()
            self._channels.forget_user(user_key)
            if user_key in self._users:
                self._for_write(user_key)
                self._set_owner(user_key, None)
                del self._users[user_key]

    # -- interviews -----------------------------------------------------------------------------
    def get_interview(self, interview_id: str) -> Interview | None:
        key = self._iv_owner.get(interview_id)
        doc = self._users[key].interviews.get(interview_id) if key is not None else None
        return Interview.from_dict(doc) if doc is not None else None

    def save_interview(self, interview: Interview) -> None:
        with self.transaction():
            records = self._for_write(interview.user_key)
            records.interviews[interview.id] = interview.to_dict()
            self._iv_owner[interview.id] = interview.user_key

    def interviews_for(self, user_key: str) -> list[Interview]:
        records = self._users.get(user_key)
        found = [Interview.from_dict(d) for d in records.interviews.values()] if records else []
        return sorted(found, key=lambda i: i.created_at)

    # -- dialogs --------------------------------------------------------------------------------
    def get_dialog(self, user_key: str) -> Dialog | None:
        records = self._users.get(user_key)
        return Dialog.from_dict(records.dialog) if records and records.dialog else None

    def save_dialog(self, dialog: Dialog) -> None:
        with self.transaction():
            self._for_write(dialog.user_key).dialog = dialog.to_dict()

    def clear_dialog(self, user_key: str) -> None:
        if user_key in self._users:
            with self.transaction():
                self._for_write(user_key).dialog = None

    # -- nudges ---------------------------------------------------------------------------------
    def add_nudges(self, nudges: Iterable[Nudge]) -> None:
        with self.transaction():
            for nudge in nudges:
                self._for_write(nudge.user_key).nudges[nudge.id] = nudge.to_dict()

    def save_nudge(self, nudge: Nudge) -> None:
        with self.transaction():
            self._for_write(nudge.user_key).nudges[nudge.id] = nudge.to_dict()

    def nudges_for_interview(self, interview_id: str) -> list[Nudge]:
        # Looked up in the interview's owner's records, as the TinyDB store looks in their file.
        key = self._iv_owner.get(interview_id)
        docs = self._users[key].nudges.values() if key is not None else ()
        return sorted((Nudge.from_dict(d) for d in docs if d["interview_id"] == interview_id),
                      key=lambda n: n.due_at)

    def nudges_for_user(self, user_key: str) -> list[Nudge]:
        records = self._users.get(user_key)
        docs = records.nudges.values() if records else ()
        return sorted((Nudge.from_dict(d) for d in docs), key=lambda n: n.due_at)

    def delete_interview(self, interview_id: str) -> None:
        key = self._iv_owner.get(interview_id)
        if key is None:
            return
        with self.transaction():
            records = self._for_write(key)
            records.interviews.pop(interview_id, None)
            records.nudges = {i: d for i, d in records.nudges.items()
                              if d["interview_id"] != interview_id}
            self._iv_owner.pop(interview_id, None)

    def _with_status(self, status: str) -> list[Doc]:
        return [d for records in self._users.values() for d in records.nudges.values()
                if d.get("status") == status]

    def due_nudges(self, now: datetime) -> list[Nudge]:
        """Pending nudges due at or before `now`, oldest first; equal times in id order (the
        order of the TinyDB store's due index)."""
        cutoff = now.timestamp()
        due = sorted((d for d in self._with_status("pending") if _ts(d) <= cutoff),
                     key=lambda d: (_ts(d), d["id"]))
        return [Nudge.from_dict(d) for d in due]

    def claimed_nudges(self) -> list[Nudge]:
        return sorted((Nudge.from_dict(d) for d in self._with_status("claimed")),
                      key=lambda n: n.due_at)

    def next_due_at(self) -> datetime | None:
        times = [_ts(d) for d in self._with_status("pending")]
        return datetime.fromtimestamp(min(times), UTC) if times else None

    # -- team channels --------------------------------------------------------------------------
    def shares_for(self, user_key: str) -> list[Share]:
        records = self._users.get(user_key)
        return [Share.from_dict(d) for d in records.shares.values()] if records else []

    def save_share(self, share: Share) -> None:
        with self.transaction():
            self._for_write(share.user_key).shares[share.channel] = share.to_dict()

    def delete_share(self, user_key: str, channel: str) -> None:
        if user_key in self._users:
            with self.transaction():
                self._for_write(user_key).shares.pop(channel, None)

    def get_channel(self, key: str) -> Channel | None:
        return self._channels.get(key)

    def save_channel(self, channel: Channel) -> None:
        with self.transaction():
            self._shared_for_write()
            self._channels.save(channel)

    def delete_channel(self, key: str) -> None:
        with self.transaction():
            self._shared_for_write()
            self._channels.delete(key)

    def channels(self) -> list[Channel]:
        return self._channels.all()
