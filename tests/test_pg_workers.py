"""Several worker processes on one PostgreSQL database sending hundreds of due nudges
(tests/pg_worker.py): one is SIGKILLed after the platform's "ok" and before marking its batch
sent; two others then share the rest, taking back its expired leases. Nothing is missing, the
duplicates are at most the nudges that were in flight, and each user's nudges go out in order.
Skipped with one line without a PostgreSQL (tests/backends.py); CI starts one."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

from storage.postgres import PostgresRepository
from tests.backends import POSTGRES_URL
from tests.pg_worker import NOW
from tests.records import T0, make_nudge

USERS, PER_USER = 80, 5


def start(worker: str, out: Path, mode: str) -> subprocess.Popen[str]:
    proc = subprocess.Popen([sys.executable, "-m", "tests.pg_worker", POSTGRES_URL, worker,
                             str(out), mode], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            text=True, cwd=Path(__file__).parent.parent)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    return proc


def go(*procs: subprocess.Popen[str]) -> None:
    for proc in procs:
        assert proc.stdin is not None
        proc.stdin.write("go\n")
        proc.stdin.flush()


def test_workers_share_the_queue_and_a_killed_one_costs_only_its_batch(
        pg: PostgresRepository, tmp_path: Path) -> None:
    # Each user's nudges due a minute apart, users interleaved: 400 due by NOW.
    order = {f"console:u{u:02d}": [f"n{u:02d}-{k}" for k in range(PER_USER)]
             for u in range(USERS)}
    pg.add_nudges(make_nudge(nid, key, f"iv{key[-2:]}", due_at=T0 + timedelta(minutes=k,
                                                                             seconds=u))
                  for u, (key, nids) in enumerate(order.items()) for k, nid in enumerate(nids))
    total = USERS * PER_USER
    assert len(pg.due_nudges(NOW)) == total

    dead = start("dead", tmp_path / "dead.json", "die")
    go(dead)
    assert dead.wait(timeout=60) == -9  # SIGKILLed after sending, before marking
    in_flight = json.loads((tmp_path / "dead.json").read_text())["sent"]
    assert len(in_flight) == 30 and len(pg.claimed_nudges()) == 30

    began = time.monotonic()
    live = [start(f"w{i}", tmp_path / f"w{i}.json", "live") for i in (1, 2)]
    go(*live)
    assert [p.wait(timeout=120) for p in live] == [0, 0]
    seconds = time.monotonic() - began
    results = [json.loads((tmp_path / f"w{i}.json").read_text()) for i in (1, 2)]

    sends = [tuple(s) for s in in_flight] + [tuple(s) for r in results for s in r["sent"]]
    sent_ids = [s[1] for s in sends]
    assert set(sent_ids) == {nid for nids in order.values() for nid in nids}  # none missing
    duplicates = len(sent_ids) - len(set(sent_ids))
    assert duplicates <= len(in_flight)  # only what was in flight when the worker died
    assert sum(r["fenced"] for r in results) == 0
    assert all(r["sent"] for r in results)  # both workers took part
    # Each user's nudges, first sends in time order, are in due order.
    violations = 0
    for key, nids in order.items():
        firsts: dict[str, int] = {}
        for _, nid, _, at in sorted((s for s in sends if s[0] == key), key=lambda s: s[3]):
            firsts.setdefault(str(nid), int(at))
        violations += list(firsts) != nids
    assert violations == 0
    assert pg.due_nudges(NOW) == [] and pg.claimed_nudges() == []
    print(f"\n{total} nudges, 2 workers + 1 killed: {len(sent_ids)} sends, {duplicates} "
          f"duplicates (in flight: {len(in_flight)}), {violations} order violations, "
          f"{[len(r['sent']) for r in results]} per worker, {seconds:.2f} s")
