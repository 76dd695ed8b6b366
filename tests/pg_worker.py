"""A nudge worker process for tests/test_pg_workers.py: `python -m tests.pg_worker URL WORKER OUT
MODE`. It opens the PostgreSQL store, prints "ready", waits for a line on stdin, then leases due
nudges and "sends" each (notes the user, nudge, attempt and the system's monotonic clock, which
all processes share) before marking it sent with the lease's fence. MODE "live" works until no
nudge is pending or claimed, returning expired leases when it finds nothing to lease; MODE
"die" leases one batch, sends it, writes what it sent and SIGKILLs itself before marking any
(a worker stopped between the platform's "ok" and marking sent). Writes JSON to OUT."""

from __future__ import annotations

import json
import os
import signal
import sys
import time
from datetime import timedelta
from pathlib import Path

from storage.postgres import PostgresRepository
from tests.records import T0

NOW = T0 + timedelta(days=1)  # every nudge of the test is due by then
LIVE_LEASE = timedelta(hours=1)
DEAD_LEASE = timedelta(minutes=1)
AFTER_DEAD_LEASE = NOW + DEAD_LEASE + timedelta(seconds=1)  # the workers' clock, later on


def main(url: str, worker: str, out: Path, mode: str) -> None:
    repo = PostgresRepository(url, pool_size=1)
    print("ready", flush=True)
    sys.stdin.readline()
    sent: list[tuple[str, str, int, int]] = []
    fenced = 0
    if mode == "die":
        for n in repo.lease_due_nudges(NOW, worker, NOW + DEAD_LEASE, limit=30):
            sent.append((n.user_key, n.id, n.attempts, time.monotonic_ns()))
        out.write_text(json.dumps({"sent": sent, "fenced": 0}))
        os.kill(os.getpid(), signal.SIGKILL)
    now = AFTER_DEAD_LEASE
    while True:
        leased = repo.lease_due_nudges(now, worker, now + LIVE_LEASE, limit=10)
        for n in leased:
            sent.append((n.user_key, n.id, n.attempts, time.monotonic_ns()))  # the platform's ok
            if not repo.mark_sent_leased(n.id, worker, n.attempts, now):
                fenced += 1
        if leased or repo.release_expired_leases(now):
            continue
        if not repo.due_nudges(now) and not repo.claimed_nudges():
            break
        time.sleep(0.002)  # the other worker holds every user left: poll again shortly
    out.write_text(json.dumps({"sent": sent, "fenced": fenced}))
    repo.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], Path(sys.argv[3]), sys.argv[4])
