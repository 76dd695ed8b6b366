"""The repository on PostgreSQL (HEARBACK_DATABASE_URL=postgresql://…), which several Hearback
workers can share: psycopg 3 with a connection pool (psycopg_pool).

Every record is kept whole as JSONB (its to_dict() form, as in the TinyDB files), with the
fields the queries select or order on copied into columns beside it (storage/pg_migrations/).
A `transaction()` block is one database transaction on one pooled connection; a call outside a
block is its own. What races between workers is settled by the database: an event is claimed
with INSERT … ON CONFLICT DO NOTHING, nudges are leased with SELECT … FOR UPDATE SKIP LOCKED
(each user's earliest only, while none of theirs is in flight), and a lease is fenced by worker
and attempt. The schema is migrated at start-up (storage/pg_schema.py).
"""

from __future__ import annotations

import threading
from collections.abc import Collection, Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

import psycopg
from psycopg.types.json import Jsonb
from psycopg_pool import ConnectionPool, PoolTimeout

from bot.core.contract.models import Channel, Dialog, Interview, Nudge, Share, User
from storage.channels import forget_in_channel
from storage.errors import StorageError
from storage.ids import new_id
from storage.pg_schema import migrate

# Handled events are kept this long (Slack retries for minutes, Telegram keeps an update 24
# hours), pruned every PRUNE_EVERY claims of one worker.
EVENT_MAX_AGE = timedelta(days=7)
PRUNE_EVERY = 1000
# hold_user's advisory locks: pg_advisory_xact_lock(USER_LOCKS, hashtext(user key)). The two-key
# form's space is apart from the one-key form's (the schema's MIGRATION_LOCK).
USER_LOCKS = 0x6862  # "hb"
TABLES = ("users", "interviews", "nudges", "dialogs", "shares", "channels", "events",
          "rate_limits", "worker_leases")


class _Local(threading.local):
    conn: psycopg.Connection[Any] | None = None
    depth = 0


class PostgresRepository:
    """The Repository port on PostgreSQL (see the module docstring). `url` is a libpq URL
    (postgresql://user:password@host/db, or postgresql:///db?host=/socket/dir); `pool_size`
    connections at most. Raises StorageError when the database can't be reached, and
    SchemaVersionError when its schema is newer than this code."""

    def __init__(self, url: str, *, pool_size: int = 4, connect_timeout: float = 10.0) -> None:
        self._local = _Local()
        self._claims = 0
        try:  # one plain connection first: a wrong URL fails at once, with libpq's reason
            psycopg.connect(url, connect_timeout=max(1, round(connect_timeout))).close()
        except psycopg.Error as exc:
            reason = " ".join(str(exc).split())[:300] or type(exc).__name__
            raise StorageError(
                f"Could not connect to the PostgreSQL database HEARBACK_DATABASE_URL names "
                f"({reason}). Check that it runs and that the URL's host, user and database "
                f"are right.") from exc
        self._pool = ConnectionPool(url, min_size=1, max_size=max(1, pool_size), open=False,
                                    name="hearback")
        try:
            self._pool.open(wait=True, timeout=connect_timeout)
            self.schema_version, self.applied = migrate(self._pool)
        except PoolTimeout as exc:
            self._pool.close()
            raise StorageError("The PostgreSQL database HEARBACK_DATABASE_URL names did not "
                               f"accept connections within {connect_timeout:g} s.") from exc
        except BaseException:
            self._pool.close()
            raise

    def close(self) -> None:
        self._pool.close()

    # -- transactions ---------------------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[None]:
        local = self._local
        if local.conn is not None:  # an inner block joins the outer one
            local.depth += 1
            try:
                yield
            finally:
                local.depth -= 1
            return
        with self._pool.connection() as conn:
            local.conn = conn
            try:
                with conn.transaction():
                    yield
            finally:
                local.conn = None

    @contextmanager
    def _cur(self) -> Iterator[psycopg.Cursor[Any]]:
        """A cursor in the open block's transaction, or in one of its own (committed at the
        end of the `with`)."""
        conn = self._local.conn
        if conn is not None:
            with conn.cursor() as cur:
                yield cur
            return
        with self._pool.connection() as own, own.cursor() as cur:
            yield cur

    def _docs(self, sql: str, params: Any = ()) -> list[dict[str, Any]]:
        with self._cur() as cur:
            cur.execute(sql.encode(), params)
            return [row[0] for row in cur.fetchall()]

    def _one(self, sql: str, params: Any = ()) -> dict[str, Any] | None:
        docs = self._docs(sql, params)
        return docs[0] if docs else None

    def execute(self, sql: str, params: Any = ()) -> int:
        """Run one statement (in the open block's transaction, if any); rows it changed."""
        with self._cur() as cur:
            cur.execute(sql.encode(), params)
            return cur.rowcount

    def query(self, sql: str, params: Any = ()) -> list[tuple[Any, ...]]:
        """Run one statement (in the open block's transaction, if any); the rows it returned."""
        with self._cur() as cur:
            cur.execute(sql.encode(), params)
            return [tuple(row) for row in cur.fetchall()]

    def _write(self, sql: str, rows: Iterable[Any]) -> None:
        with self._cur() as cur:
            cur.executemany(sql.encode(), list(rows))

    # -- ids, events ----------------------------------------------------------------------------
    def new_id(self) -> str:
        return new_id()

    def claim_event(self, platform: str, event_id: str) -> bool:
        with self._cur() as cur:
            cur.execute("INSERT INTO events (platform, event_id) VALUES (%s, %s) "
                        "ON CONFLICT DO NOTHING", (platform, event_id))
            first = cur.rowcount == 1
        self._claims += 1
        if self._claims % PRUNE_EVERY == 0:
            self.prune_events(EVENT_MAX_AGE)
        return first

    def event_seen(self, platform: str, event_id: str) -> bool:
        with self._cur() as cur:
            cur.execute("SELECT 1 FROM events WHERE platform = %s AND event_id = %s",
                        (platform, event_id))
            return cur.fetchone() is not None

    def prune_events(self, max_age: timedelta) -> int:
        """Forget handled events older than `max_age` (by the database's clock); how many."""
        with self._cur() as cur:
            cur.execute("DELETE FROM events WHERE seen_at < now() - %s", (max_age,))
            return cur.rowcount

    # -- users ----------------------------------------------------------------------------------
    def get_user(self, key: str) -> User | None:
        doc = self._one("SELECT doc FROM users WHERE key = %s", (key,))
        return User.from_dict(doc) if doc is not None else None

    def save_user(self, user: User) -> None:
        self._write("INSERT INTO users (key, doc) VALUES (%s, %s) "
                    "ON CONFLICT (key) DO UPDATE SET doc = EXCLUDED.doc",
                    [(user.key, Jsonb(user.to_dict()))])

    def delete_user(self, user_key: str) -> None:
        """Every record of the user's goes, pending nudges and shares included, and they leave
        every channel (membership, their posts, their cheers)."""
        with self.transaction(), self._cur() as cur:
            for table, column in (("users", "key"), ("interviews", "user_key"),
                                  ("nudges", "user_key"), ("dialogs", "user_key"),
                                  ("shares", "user_key")):
                cur.execute(f"DELETE FROM {table} WHERE {column} = %s".encode(), (user_key,))
            cur.execute("SELECT doc FROM channels ORDER BY key FOR UPDATE")
            for doc in [row[0] for row in cur.fetchall()]:
                channel = Channel.from_dict(doc)
                if forget_in_channel(channel, user_key):
                    self.save_channel(channel)

    # -- interviews -----------------------------------------------------------------------------
    def get_interview(self, interview_id: str) -> Interview | None:
        doc = self._one("SELECT doc FROM interviews WHERE id = %s", (interview_id,))
        return Interview.from_dict(doc) if doc is not None else None

    def save_interview(self, interview: Interview) -> None:
        self._write("INSERT INTO interviews (id, user_key, created_at, doc) "
                    "VALUES (%s, %s, %s, %s) ON CONFLICT (id) DO UPDATE SET "
                    "user_key = EXCLUDED.user_key, created_at = EXCLUDED.created_at, "
                    "doc = EXCLUDED.doc",
                    [(interview.id, interview.user_key, interview.created_at,
                      Jsonb(interview.to_dict()))])

    def interviews_for(self, user_key: str) -> list[Interview]:
        docs = self._docs("SELECT doc FROM interviews WHERE user_key = %s ORDER BY seq",
                          (user_key,))
        return sorted((Interview.from_dict(d) for d in docs), key=lambda i: i.created_at)

    def delete_interview(self, interview_id: str) -> None:
        with self.transaction(), self._cur() as cur:
            cur.execute("DELETE FROM nudges WHERE interview_id = %s AND user_key IN (SELECT "
                        "user_key FROM interviews WHERE id = %s)", (interview_id, interview_id))
            cur.execute("DELETE FROM interviews WHERE id = %s", (interview_id,))

    # -- dialogs --------------------------------------------------------------------------------
    def get_dialog(self, user_key: str) -> Dialog | None:
        doc = self._one("SELECT doc FROM dialogs WHERE user_key = %s", (user_key,))
        return Dialog.from_dict(doc) if doc is not None else None

    def save_dialog(self, dialog: Dialog) -> None:
        self._write("INSERT INTO dialogs (user_key, doc) VALUES (%s, %s) "
                    "ON CONFLICT (user_key) DO UPDATE SET doc = EXCLUDED.doc",
                    [(dialog.user_key, Jsonb(dialog.to_dict()))])

    def clear_dialog(self, user_key: str) -> None:
        self._write("DELETE FROM dialogs WHERE user_key = %s", [(user_key,)])

    # -- nudges ---------------------------------------------------------------------------------
    _UPSERT_NUDGE = (
        "INSERT INTO nudges (id, user_key, interview_id, status, due_at, leased_by, "
        "lease_until, attempts, doc) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s) "
        "ON CONFLICT (id) DO UPDATE SET user_key = EXCLUDED.user_key, "
        "interview_id = EXCLUDED.interview_id, status = EXCLUDED.status, "
        "due_at = EXCLUDED.due_at, leased_by = EXCLUDED.leased_by, "
        "lease_until = EXCLUDED.lease_until, attempts = EXCLUDED.attempts, doc = EXCLUDED.doc")

    @staticmethod
    def nudge_row(n: Nudge) -> tuple[Any, ...]:
        """The nudges table's columns for `n`, in the order of its INSERT."""
        return (n.id, n.user_key, n.interview_id, n.status, n.due_at, n.leased_by,
                n.lease_until, n.attempts, Jsonb(n.to_dict()))

    def add_nudges(self, nudges: Iterable[Nudge]) -> None:
        self._write(self._UPSERT_NUDGE, [self.nudge_row(n) for n in nudges])

    def save_nudge(self, nudge: Nudge) -> None:
        self._write(self._UPSERT_NUDGE, [self.nudge_row(nudge)])

    def nudges_for_interview(self, interview_id: str) -> list[Nudge]:
        # The interview's owner's nudges only, as the file backends look in the owner's file.
        docs = self._docs("SELECT n.doc FROM nudges n JOIN interviews i ON i.id = n.interview_id "
                          "AND i.user_key = n.user_key WHERE n.interview_id = %s "
                          "ORDER BY n.due_at, n.seq", (interview_id,))
        return [Nudge.from_dict(d) for d in docs]

    def nudges_for_user(self, user_key: str) -> list[Nudge]:
        docs = self._docs("SELECT doc FROM nudges WHERE user_key = %s ORDER BY due_at, seq",
                          (user_key,))
        return [Nudge.from_dict(d) for d in docs]

    def due_nudges(self, now: datetime) -> list[Nudge]:
        docs = self._docs("SELECT doc FROM nudges WHERE status = 'pending' AND due_at <= %s "
                          "ORDER BY due_at, id", (now,))
        return [Nudge.from_dict(d) for d in docs]

    def claimed_nudges(self) -> list[Nudge]:
        docs = self._docs("SELECT doc FROM nudges WHERE status = 'claimed' ORDER BY due_at, seq")
        return [Nudge.from_dict(d) for d in docs]

    def next_due_at(self) -> datetime | None:
        with self._cur() as cur:
            cur.execute("SELECT min(due_at) FROM nudges WHERE status = 'pending'")
            row = cur.fetchone()
        return row[0] if row else None

    def hold_user(self, user_key: str) -> None:
        """A transaction-level advisory lock on the user (in its own key space, USER_LOCKS),
        released when the open transaction ends. Two keys hashing alike only wait for each
        other. RuntimeError outside `transaction()`: a lock released at once holds nothing."""
        if self._local.conn is None:
            raise RuntimeError("hold_user() is only meaningful inside transaction()")
        self.execute("SELECT pg_advisory_xact_lock(%s, hashtext(%s))", (USER_LOCKS, user_key))

    def lease_due_nudges(self, now: datetime, worker: str, lease_until: datetime,
                         limit: int = 100, platforms: Collection[str] | None = None
                         ) -> list[Nudge]:
        # Each user's earliest due nudge (no pending one of theirs before it) while none of
        # theirs is claimed, locked; rows another worker is taking are skipped, and the
        # conditions are checked again on the locked row, so a nudge claimed meanwhile is never
        # taken twice. Written as anti-joins walking the due index in order, so it stops after
        # `limit` rows: a DISTINCT ON over every due nudge first (and the planner, misled by
        # status and due_at moving together, scanning the table for it) took 0.6 s a batch at
        # 100,000 users (benchmarks/lease_bench.py). `platforms`: only these platforms' users.
        with self.transaction():
            docs = self._docs(
                "SELECT n.doc FROM nudges n"
                " WHERE n.status = 'pending' AND n.due_at <= %(now)s"
                " AND (%(platforms)s::text[] IS NULL"
                "      OR split_part(n.user_key, ':', 1) = ANY(%(platforms)s::text[]))"
                " AND NOT EXISTS (SELECT 1 FROM nudges c WHERE c.user_key = n.user_key"
                "   AND c.status = 'claimed')"
                " AND NOT EXISTS (SELECT 1 FROM nudges e WHERE e.user_key = n.user_key"
                "   AND e.status = 'pending' AND (e.due_at, e.id) < (n.due_at, n.id))"
                " ORDER BY n.due_at, n.id LIMIT %(limit)s FOR UPDATE OF n SKIP LOCKED",
                {"now": now, "limit": limit,
                 "platforms": sorted(platforms) if platforms is not None else None})
            taken = [Nudge.from_dict(d) for d in docs]
            for n in taken:
                n.lease(now, worker, lease_until)
            self.add_nudges(taken)
        return taken

    def mark_sent_leased(self, nudge_id: str, worker: str, attempt: int,
                         now: datetime) -> bool:
        # One statement, fenced in its WHERE: the record changes as Nudge.mark_sent would
        # change it (status, done_at), the lease's end cleared; who sent it stays in leased_by.
        return self.execute(
            "UPDATE nudges SET status = 'sent', lease_until = NULL, doc = doc || "
            "jsonb_build_object('status', 'sent', 'done_at', %s::text, 'lease_until', null) "
            "WHERE id = %s AND status = 'claimed' AND leased_by = %s AND attempts = %s",
            (now.isoformat(), nudge_id, worker, attempt)) == 1

    def release_expired_leases(self, now: datetime) -> int:
        with self.transaction():
            docs = self._docs("SELECT doc FROM nudges WHERE status = 'claimed' "
                              "AND lease_until <= %s FOR UPDATE SKIP LOCKED", (now,))
            expired = [Nudge.from_dict(d) for d in docs]
            for n in expired:
                n.release()
            self.add_nudges(expired)
        return len(expired)

    # -- team channels --------------------------------------------------------------------------
    def shares_for(self, user_key: str) -> list[Share]:
        docs = self._docs("SELECT doc FROM shares WHERE user_key = %s ORDER BY seq", (user_key,))
        return [Share.from_dict(d) for d in docs]

    def save_share(self, share: Share) -> None:
        self._write("INSERT INTO shares (user_key, channel, doc) VALUES (%s, %s, %s) "
                    "ON CONFLICT (user_key, channel) DO UPDATE SET doc = EXCLUDED.doc",
                    [(share.user_key, share.channel, Jsonb(share.to_dict()))])

    def delete_share(self, user_key: str, channel: str) -> None:
        self._write("DELETE FROM shares WHERE user_key = %s AND channel = %s",
                    [(user_key, channel)])

    def get_channel(self, key: str) -> Channel | None:
        doc = self._one("SELECT doc FROM channels WHERE key = %s", (key,))
        return Channel.from_dict(doc) if doc is not None else None

    def save_channel(self, channel: Channel) -> None:
        self._write("INSERT INTO channels (key, doc) VALUES (%s, %s) "
                    "ON CONFLICT (key) DO UPDATE SET doc = EXCLUDED.doc",
                    [(channel.key, Jsonb(channel.to_dict()))])

    def delete_channel(self, key: str) -> None:
        self._write("DELETE FROM channels WHERE key = %s", [(key,)])

    def channels(self) -> list[Channel]:
        return [Channel.from_dict(d) for d in self._docs("SELECT doc FROM channels ORDER BY key")]

    # -- for tests and tools --------------------------------------------------------------------
    def wipe(self) -> None:
        """Delete every record (the tables stay): for the tests, which share one database."""
        with self.transaction(), self._cur() as cur:
            for table in TABLES:
                cur.execute(f"DELETE FROM {table}".encode())
