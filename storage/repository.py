"""The repository over TinyDB: one durable TinyDB file per user, plus in-memory indexes.

Layout of a data directory (schema 2):
    meta.json            {"schema": 2}
    users/<hash>.json    one TinyDB document per user (see storage/shard.py)
    events.json          recently handled platform event ids
    channels.json        team channels: title, who uses Hearback there, digest settings

At start-up every user file is read once to rebuild the indexes (interview -> user, pending
nudges by due time, claimed nudges); afterwards a chat turn touches only that user's file, so its
cost does not grow with the number of users. Recently used user files stay in memory (LRU).
An unreadable user file is set aside for that user alone (storage/quarantine.py).

storage/datadir.py opens a directory (`open_repository`). Beyond the `Repository` port this store
answers `known_users`, `all_nudges`, `due_count` and `pending_count` (storage/whole_store.py),
for the tests of its files, tools and the benchmark; the bot never calls them.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tinydb import Query

from bot.core.contract.models import Channel, Dialog, Interview, Nudge, Share, User
from storage.channels import ChannelStore
from storage.commit import commit_in_order
from storage.due_index import DueIndex
from storage.durable import corrupt, load_document
from storage.errors import (
    PartlySavedError,
    QuarantinedUserError,
    SchemaVersionError,
    StorageError,
)
from storage.events import EventLog
from storage.ids import new_id
from storage.leases import InProcessLeases
from storage.lock import DataDirLock
from storage.migrate import forget_in_v1_backup
from storage.nesting import NestedTransactions
from storage.quarantine import Quarantine
from storage.shard import SHARD_SCHEMA, Shard, check_document, shard_name
from storage.whole_store import WholeStoreViews

SCHEMA_VERSION = SHARD_SCHEMA
META_FILE = "meta.json"
USERS_DIR = "users"
LEGACY_FILE = "hearback.json"  # schema 1: everything in one file
EVENTS_FILE = "events.json"
CHANNELS_FILE = "channels.json"
MIGRATED_FILE = LEGACY_FILE + ".v1-migrated"  # the schema-1 file, kept after the upgrade
log = logging.getLogger("hearback.storage")
# Users whose file stays parsed in memory; the rest are read on demand (~0.1 ms each).
DEFAULT_CACHE = 256


def _ts(iso: str) -> float:
    return datetime.fromisoformat(iso).timestamp()


class ShardedRepository(WholeStoreViews, InProcessLeases, NestedTransactions):
    def __init__(self, data_dir: Path, lock: DataDirLock | None, *,
                 cache_size: int = DEFAULT_CACHE) -> None:
        self.data_dir = data_dir
        self.users_dir = data_dir / USERS_DIR
        self._lock = lock
        self._cache: OrderedDict[str, Shard] = OrderedDict()
        self._cache_size = cache_size
        self._known: set[str] = set()  # user keys with a file
        self._iv_owner: dict[str, str] = {}
        self._claimed: dict[str, str] = {}
        self._by_user: dict[str, tuple[frozenset[str], frozenset[str]]] = {}
        self._due = DueIndex()
        self._touched: dict[str, Shard] = {}
        self._events = EventLog(data_dir / EVENTS_FILE)
        self._channels = ChannelStore(data_dir / CHANNELS_FILE)
        self.quarantine = Quarantine()

    # -- life cycle -----------------------------------------------------------------------------
    def load(self) -> None:
        """Read every user file once: validate it and build the indexes. A file that can't be
        read is set aside (quarantined); another schema version raises SchemaVersionError."""
        entries: dict[str, tuple[float, str]] = {}
        for path in self.users_dir.glob("*.json"):
            try:
                self._load_file(path, entries)
            except SchemaVersionError:
                raise
            except StorageError as exc:
                self.quarantine.hold(path, str(exc))
        self._due.bulk_load(entries)

    def _load_file(self, path: Path, entries: dict[str, tuple[float, str]] | None) -> None:
        """Validate one user file and index it (into `entries`, or the live due index)."""
        doc = load_document(path)
        if doc is None:
            return  # gone meanwhile (a repaired file moved away): nothing to index
        key = check_document(path, doc)
        try:
            self._index(key, doc, entries)
        except (KeyError, ValueError, TypeError, AttributeError) as exc:
            self._unindex(key)  # what _index had added before the damaged record
            if entries is not None:
                for nid in [n for n, (_, k) in entries.items() if k == key]:
                    del entries[nid]
            raise corrupt(path, f"a damaged record ({type(exc).__name__}: {exc})") from exc
        self._known.add(key)

    def close(self) -> None:
        self._cache.clear()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    @property
    def path(self) -> Path:
        return self.data_dir

    # -- quarantine -----------------------------------------------------------------------------
    def _has(self, key: str) -> bool:
        """Whether the user has a file (or one in the making); QuarantinedUserError when their
        file is set aside, so that nothing reads past it or writes over it."""
        if key in self._touched:
            return True
        if len(self.quarantine) and shard_name(key) in self.quarantine:
            self._retry(key)
        return key in self._known

    def _retry(self, key: str) -> None:
        """A quarantined file: back in service if it was repaired, else QuarantinedUserError."""
        path = self.users_dir / shard_name(key)
        if not self.quarantine.changed(path):
            raise self.quarantine.refuse(path)
        try:
            self._load_file(path, None)
        except StorageError as exc:
            self.quarantine.hold(path, str(exc))
            raise self.quarantine.refuse(path) from exc
        self.quarantine.release(path)

    def _set_aside(self, key: str, path: Path, exc: StorageError) -> QuarantinedUserError:
        """A file found unreadable after start-up: out of every index, held, refused."""
        self._unindex(key)
        self._known.discard(key)
        self._cache.pop(key, None)
        self.quarantine.hold(path, str(exc))
        return self.quarantine.refuse(path)

    def _unindex(self, key: str) -> None:
        ivs, nids = self._by_user.pop(key, (frozenset(), frozenset()))
        if not ivs:  # indexing stopped half-way: find what it had added (rare, so a scan)
            ivs = frozenset(i for i, k in self._iv_owner.items() if k == key)
        for iid in ivs:
            self._iv_owner.pop(iid, None)
        for nid in nids:
            self._claimed.pop(nid, None)
            self._due.discard(nid)

    # -- shards and transactions ----------------------------------------------------------------
    def _shard(self, key: str) -> Shard:
        shard = self._touched.get(key)
        if shard is not None:
            return shard  # pinned until its transaction ends, whatever the cache holds
        shard = self._cache.get(key)
        if shard is None:
            known = self._has(key)
            path = self.users_dir / shard_name(key)
            try:
                shard = Shard(path) if known else Shard(path, None, loaded=True)
            except StorageError as exc:
                raise self._set_aside(key, path, exc) from exc
            self._cache[key] = shard
            self._evict(keep=key)
        else:
            self._cache.move_to_end(key)
        return shard

    def _evict(self, keep: str | None = None) -> None:
        while len(self._cache) > self._cache_size:
            key = next((k for k in self._cache if k not in self._touched and k != keep), None)
            if key is None:
                return
            del self._cache[key]

    def _for_write(self, key: str) -> Shard:
        shard = self._shard(key)
        if key not in self._touched:
            shard.storage.deferred = True
            self._touched[key] = shard
        return shard

    def _finish(self, *, commit: bool) -> None:
        """The outermost block ended: one durable write per file it touched, in the order of
        storage/commit.py, or, if it raised, every touched file back as it is on disk. A write
        that fails before anything was written keeps nothing and is raised; one that fails
        after a file was written raises PartlySavedError (the rest rolled back). events.json's
        failure is only logged: the turn is saved, and at worst its redelivery is answered."""
        touched, self._touched = self._touched, {}
        for shard in touched.values():
            shard.storage.deferred = False
        written, failure = 0, None
        if commit:
            kept = [sh.storage for sh in touched.values() if sh.exists]
            gone = [sh.storage for sh in touched.values() if not sh.exists]
            written, failure = commit_in_order([*kept, self._channels, *gone])
        for key, shard in touched.items():
            if failure is not None or not commit:
                shard.storage.rollback()  # (nothing to do for a file already written)
                shard.clear_caches()
                self._reindex(key, shard)
            if shard.exists:
                self._known.add(key)
            else:
                self._known.discard(key)
                self._cache.pop(key, None)
        self._evict()
        if commit and failure is None:
            try:
                self._events.commit()
            except OSError as exc:  # kept in memory: written with the next turn's commit
                log.warning("could not record handled events in %s (%s); the turn itself "
                            "is saved", self._events.path, exc.strerror or exc)
            return
        if self._events.dirty:
            self._events = EventLog(self._events.path)  # drop what this block recorded
        if self._channels.dirty:
            self._channels = ChannelStore(self._channels.path)
        if failure is not None:
            if written:
                raise PartlySavedError(f"{written} file(s) of this change were saved before "
                                       f"a write failed: {failure}") from failure
            raise failure

    @contextmanager
    def _write(self, key: str) -> Iterator[Shard]:
        with self.transaction():
            shard = self._for_write(key)
            shard.ensure_meta(key)
            yield shard
            self._reindex(key, shard)

    # -- indexes --------------------------------------------------------------------------------
    def _index(self, key: str, doc: dict[str, Any],
               entries: dict[str, tuple[float, str]] | None = None) -> None:
        ivs = frozenset(d["id"] for d in doc.get("interviews", {}).values())
        nids: set[str] = set()
        for iid in ivs:
            self._iv_owner[iid] = key
        for d in doc.get("nudges", {}).values():
            nid, status = d["id"], d.get("status")
            if status == "pending":
                nids.add(nid)
                if entries is not None:
                    entries[nid] = (_ts(d["due_at"]), key)
                else:
                    self._due.set(nid, _ts(d["due_at"]), key)
            elif status == "claimed":
                nids.add(nid)
                self._claimed[nid] = key
        self._by_user[key] = (ivs, frozenset(nids))

    def _reindex(self, key: str, shard: Shard) -> None:
        old_ivs, old_nids = self._by_user.pop(key, (frozenset(), frozenset()))
        for iid in old_ivs:
            self._iv_owner.pop(iid, None)
        doc = shard.document()
        live = {d["id"] for d in doc.get("nudges", {}).values()
                if d.get("status") in ("pending", "claimed")}
        for nid in old_nids:
            self._claimed.pop(nid, None)
            if nid not in live:
                self._due.discard(nid)
        for d in doc.get("nudges", {}).values():
            if d.get("status") != "pending":
                self._due.discard(d["id"])
        self._index(key, doc)

    # -- platform events ------------------------------------------------------------------------
    def event_seen(self, platform: str, event_id: str) -> bool:
        return self._events.seen(platform, event_id)

    def _record_event(self, platform: str, event_id: str) -> None:
        """Remember a handled event; written with the transaction it belongs to."""
        with self.transaction():
            self._events.record(platform, event_id)

    # -- ids ------------------------------------------------------------------------------------
    def new_id(self) -> str:
        return new_id()

    # -- users ----------------------------------------------------------------------------------
    def get_user(self, key: str) -> User | None:
        if not self._has(key):
            return None
        doc = Shard.one(self._shard(key).user, "key", key)
        return User.from_dict(dict(doc)) if doc else None

    def save_user(self, user: User) -> None:
        with self._write(user.key) as shard:
            Shard.upsert(shard.user, "key", user.to_dict())

    def delete_user(self, user_key: str) -> None:
        """Remove the user's file (at the end of the transaction) and every index entry, and
        their rows in the schema-1 backup kept after an upgrade, so that no file in the data
        directory mentions them any more.

        The backup is rewritten first, straight away: if the transaction then fails, the user is
        still in their own file and a retry finishes the job; the other order could leave them
        in the backup after a delete that reported success."""
        forget_in_v1_backup(self.data_dir / MIGRATED_FILE, user_key)
        with self.transaction():
            self._channels.forget_user(user_key)
            if not self._has(user_key):
                return
            shard = self._for_write(user_key)
            shard.storage.erase()
            shard.clear_caches()
            self._reindex(user_key, shard)

    # -- team channels --------------------------------------------------------------------------
    def shares_for(self, user_key: str) -> list[Share]:
        if not self._has(user_key):
            return []
        return [Share.from_dict(dict(d)) for d in self._shard(user_key).shares.all()]

    def save_share(self, share: Share) -> None:
        with self._write(share.user_key) as shard:
            Shard.upsert(shard.shares, "channel", share.to_dict())

    def delete_share(self, user_key: str, channel: str) -> None:
        if not self._has(user_key):
            return
        with self._write(user_key) as shard:
            shard.shares.remove(Query().channel == channel)

    def get_channel(self, key: str) -> Channel | None:
        return self._channels.get(key)

    def save_channel(self, channel: Channel) -> None:
        with self.transaction():
            self._channels.save(channel)

    def delete_channel(self, key: str) -> None:
        with self.transaction():
            self._channels.delete(key)

    def channels(self) -> list[Channel]:
        return self._channels.all()

    # -- interviews -----------------------------------------------------------------------------
    def get_interview(self, interview_id: str) -> Interview | None:
        key = self._iv_owner.get(interview_id)
        if key is None:
            return None
        doc = Shard.one(self._shard(key).interviews, "id", interview_id)
        return Interview.from_dict(dict(doc)) if doc else None

    def save_interview(self, interview: Interview) -> None:
        with self._write(interview.user_key) as shard:
            Shard.upsert(shard.interviews, "id", interview.to_dict())

    def interviews_for(self, user_key: str) -> list[Interview]:
        if not self._has(user_key):
            return []
        docs = self._shard(user_key).interviews.all()
        return sorted((Interview.from_dict(dict(d)) for d in docs), key=lambda i: i.created_at)

    # -- dialogs --------------------------------------------------------------------------------
    def get_dialog(self, user_key: str) -> Dialog | None:
        if not self._has(user_key):
            return None
        doc = Shard.one(self._shard(user_key).dialog, "user_key", user_key)
        return Dialog.from_dict(dict(doc)) if doc else None

    def save_dialog(self, dialog: Dialog) -> None:
        with self._write(dialog.user_key) as shard:
            Shard.upsert(shard.dialog, "user_key", dialog.to_dict())

    def clear_dialog(self, user_key: str) -> None:
        if not self._has(user_key):
            return
        with self._write(user_key) as shard:
            shard.dialog.truncate()

    # -- nudges ---------------------------------------------------------------------------------
    def add_nudges(self, nudges: Iterable[Nudge]) -> None:
        by_user: dict[str, list[dict[str, Any]]] = {}
        for n in nudges:
            by_user.setdefault(n.user_key, []).append(n.to_dict())
        with self.transaction():
            for key, docs in by_user.items():
                with self._write(key) as shard:
                    shard.nudges.insert_multiple(docs)

    def save_nudge(self, nudge: Nudge) -> None:
        with self._write(nudge.user_key) as shard:
            Shard.upsert(shard.nudges, "id", nudge.to_dict())

    def nudges_for_interview(self, interview_id: str) -> list[Nudge]:
        key = self._iv_owner.get(interview_id)
        if key is None:
            return []
        docs = self._shard(key).nudges.search(Query().interview_id == interview_id)
        return sorted((Nudge.from_dict(dict(d)) for d in docs), key=lambda n: n.due_at)

    def nudges_for_user(self, user_key: str) -> list[Nudge]:
        docs = self._shard(user_key).nudges.all() if self._has(user_key) else []
        return sorted((Nudge.from_dict(dict(d)) for d in docs), key=lambda n: n.due_at)

    def delete_interview(self, interview_id: str) -> None:
        if (key := self._iv_owner.get(interview_id)) is not None:
            with self._write(key) as shard:
                shard.interviews.remove(Query().id == interview_id)
                shard.nudges.remove(Query().interview_id == interview_id)

    def _load_nudges(self, refs: Iterable[tuple[str, str]]) -> list[Nudge]:
        out: list[Nudge] = []
        for nid, key in refs:
            try:
                shard = self._shard(key)
            except QuarantinedUserError:
                continue  # set aside just now (logged once): the others' nudges still go
            doc = Shard.one(shard.nudges, "id", nid)
            if doc is not None:
                out.append(Nudge.from_dict(dict(doc)))
        return out

    def due_nudges(self, now: datetime) -> list[Nudge]:
        due = self._due.due(now.timestamp())
        return sorted(self._load_nudges((nid, key) for _, nid, key in due),
                      key=lambda n: n.due_at)

    def claimed_nudges(self) -> list[Nudge]:
        return sorted(self._load_nudges(list(self._claimed.items())), key=lambda n: n.due_at)

    def next_due_at(self) -> datetime | None:
        ts = self._due.next_due()
        return datetime.fromtimestamp(ts, UTC) if ts is not None else None
