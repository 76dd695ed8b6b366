"""Nudges claimed and marked sent per second on PostgreSQL by 1, 2 and 4 worker processes, through
the storage port as the scheduler uses it: `lease_due_nudges` (a batch, each user's earliest
only), then `mark_sent_leased` for each (fenced by worker and attempt). No platform call: this
is what the database allows, to compare with the platforms' limits (Telegram about 30
messages/s, Slack about 1/s per channel), which must be what paces delivery.

Each run starts from the same state: `count` nudges due now for as many users (spread over all
of them), the rest of the users' nudges pending in the future, and the table vacuumed."""

from __future__ import annotations

import multiprocessing
import time
from datetime import timedelta
from multiprocessing.synchronize import Barrier
from typing import Any

import orjson
import psycopg

from benchmarks.populate import copy_rows
from benchmarks.synth import START
from bot.core.contract.models import Nudge

NOW = START + timedelta(seconds=1)  # due: the injected nudges only (planned ones are later)
PREFIX = "lease"


def due_rows(users: int, count: int) -> list[tuple[Any, ...]]:
    """`count` due nudges, each for a different user when count <= users (else round robin)."""
    step = max(1, users // max(1, count))
    rows = []
    for j in range(count):
        i = (j * step) % users
        n = Nudge(id=f"{PREFIX}{j:07d}", user_key=f"telegram:{100_000 + i}",
                  interview_id=f"{i:06x}0", kind="agreed_contact", due_at=START,
                  created_at=START)
        rows.append((n.id, n.user_key, n.interview_id, n.status, n.due_at, None, None, 0,
                     orjson.dumps(n.to_dict()).decode()))
    return rows


def reset(url: str, users: int, count: int) -> None:
    """Remove the nudges of the last run, vacuum, and put `count` due ones in."""
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("DELETE FROM nudges WHERE id LIKE %s", (PREFIX + "%",))
        conn.execute("VACUUM ANALYZE nudges")
        with conn.transaction():
            copy_rows(conn, "nudges", due_rows(users, count))
        conn.execute("ANALYZE nudges")


def _left(conn: psycopg.Connection[Any]) -> int:
    row = conn.execute("SELECT count(*) FROM nudges WHERE status IN ('pending', 'claimed') "
                       "AND due_at <= %s", (NOW,)).fetchone()
    return int(row[0]) if row else 0


def _worker(url: str, name: str, batch: int, barrier: Barrier,
            out: multiprocessing.Queue[tuple[int, float, float]]) -> None:
    from storage.postgres import PostgresRepository

    repo = PostgresRepository(url, pool_size=1)
    watch = psycopg.connect(url, autocommit=True)
    barrier.wait()
    began, marked = time.time(), 0
    while True:
        taken = repo.lease_due_nudges(NOW, name, NOW + timedelta(minutes=5), batch)
        if not taken:
            if _left(watch) == 0:
                break
            time.sleep(0.002)  # what is left is in another worker's batch
            continue
        for n in taken:
            marked += repo.mark_sent_leased(n.id, name, n.attempts, NOW)
    out.put((marked, began, time.time()))
    watch.close()
    repo.close()


def commit_ms(url: str, samples: int = 200) -> float:
    """The server's median time to commit a transaction that writes (its WAL flushed to disk):
    what each `mark_sent_leased` waits for at least, on this machine right now."""
    times = []
    with psycopg.connect(url) as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS bench_commits (n integer)")
        for n in range(samples):
            conn.execute("INSERT INTO bench_commits VALUES (%s)", (n,))
            started = time.perf_counter()
            conn.commit()
            times.append(time.perf_counter() - started)
        conn.execute("DROP TABLE bench_commits")
        conn.commit()
    return sorted(times)[len(times) // 2] * 1000


def run(url: str, users: int, workers: int, count: int, batch: int = 50) -> dict[str, Any]:
    """Claim and mark `count` due nudges with `workers` processes: how many, how fast, and the
    checks (every one marked once, none left)."""
    reset(url, users, count)
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(workers)
    out: multiprocessing.Queue[tuple[int, float, float]] = ctx.Queue()
    procs = [ctx.Process(target=_worker, args=(url, f"bench-{k}", batch, barrier, out))
             for k in range(workers)]
    for p in procs:
        p.start()
    results = [out.get(timeout=600) for _ in procs]
    for p in procs:
        p.join()
    marked = sum(r[0] for r in results)
    elapsed = max(r[2] for r in results) - min(r[1] for r in results)
    with psycopg.connect(url) as conn:
        row = conn.execute("SELECT count(*) FILTER (WHERE status = 'sent'), count(*) "
                           "FROM nudges WHERE id LIKE %s", (PREFIX + "%",)).fetchone()
    sent, total = (int(row[0]), int(row[1])) if row else (0, 0)
    return {"workers": workers, "nudges": count, "commit_ms": commit_ms(url), "marked": marked,
            "sent_rows": sent, "total_rows": total, "elapsed_s": elapsed, "per_s": marked / elapsed,
            "per_worker": sorted(r[0] for r in results)}
