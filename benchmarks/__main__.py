"""`python -m benchmarks --users 100 1000 10000 100000 [--json PATH]`: build synthetic
deployments and measure, per size and in one run, the same chat turn on the three stores (the
TinyDB files, PostgreSQL, and SQLite as a yardstick), each worker's start-up and memory, due-nudge
lookup and a nudge burst on the files, the same turn on a naive one-file TinyDB baseline, and
nudges claimed and marked per second by 1, 2 and 4 PostgreSQL workers.

PostgreSQL is the server HEARBACK_TEST_DATABASE_URL or HEARBACK_DATABASE_URL names (`make bench`
starts a throwaway one when neither is set); each size gets its own database there
(hearback_bench_<users>, dropped at the end), and the named database itself is never written."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks import lease_bench
from benchmarks.populate import build, create_pg, drop_pg
from benchmarks.report import check, table

BACKENDS = ("tinydb", "postgresql", "sqlite")


def run_measure(kind: str, path: str, users: int, extra: list[str]) -> dict[str, Any]:
    cmd = [sys.executable, "-m", "benchmarks.measure", kind, path, "--users", str(users),
           *extra]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{kind} measurement failed:\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _row(users: int, backend: str, m: dict[str, Any]) -> dict[str, Any]:
    return {"users": users, "backend": backend,
            "turn_p50_ms": m["turn"]["p50_ms"], "turn_p99_ms": m["turn"]["p99_ms"],
            "turn_samples": m["turn"]["samples"], "startup_s": m["startup_s"],
            "exec_to_ready_s": m["exec_to_ready_s"], "ready_rss_mb": m["ready_rss_mb"],
            "peak_rss_mb": m["peak_rss_mb"]}


def bench_size(users: int, args: argparse.Namespace, pg_server: str | None,
               largest: bool) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """This size's rows (one per backend) and, at the largest size, the lease runs."""
    rows: list[dict[str, Any]] = []
    leases: list[dict[str, Any]] = []
    dbname = f"hearback_bench_{users}"
    pg_url = create_pg(pg_server, dbname) if pg_server and "postgresql" in args.backends \
        else None
    try:
        with tempfile.TemporaryDirectory(prefix="hearback-bench-") as tmp:
            root = Path(tmp)
            with_baseline = "tinydb" in args.backends and users <= args.baseline_max
            t = time.perf_counter()
            pending = build(users,
                            tinydb_dir=root / "data" if "tinydb" in args.backends else None,
                            baseline=root / "db.json" if with_baseline else None,
                            pg_url=pg_url,
                            sqlite_path=root / "ref.sqlite" if "sqlite" in args.backends
                            else None)
            print(f"  {users:,} users ({pending:,} pending nudges): data built in "
                  f"{time.perf_counter() - t:.1f} s", file=sys.stderr)
            turns = ["--turns", str(args.turns)]
            if "tinydb" in args.backends:
                burst = args.burst if largest else 0
                hb = run_measure("hearback", str(root / "data"), users,
                                 [*turns, "--burst", str(burst),
                                  "--burst-rate", str(args.burst_rate)])
                row = _row(users, "tinydb", hb)
                row.update(due_lookup_ms=hb["due_lookup"]["p50_ms"],
                           due_found=hb["due_lookup"]["due"], burst=hb.get("burst"))
                if with_baseline:
                    base = run_measure("baseline", str(root / "db.json"), users,
                                       ["--turns", str(args.baseline_turns),
                                        "--budget", str(args.baseline_budget)])
                    row.update(baseline_p50_ms=base["turn"]["p50_ms"],
                               baseline_p99_ms=base["turn"]["p99_ms"])
                rows.append(row)
            if pg_url is not None:
                rows.append(_row(users, "postgresql",
                                 run_measure("postgresql", pg_url, users, turns)))
                if largest:
                    for workers in args.lease_workers:
                        leases.append({"users": users, **lease_bench.run(
                            pg_url, users, workers, args.lease_nudges)})
                        print(f"  leases, {workers} worker(s): {leases[-1]['per_s']:.0f}/s",
                              file=sys.stderr)
            if "sqlite" in args.backends:
                rows.append(_row(users, "sqlite", run_measure(
                    "sqlite", str(root / "ref.sqlite"), users, turns)))
            for r in rows:
                r["pending"] = pending
    finally:
        if pg_url is not None and pg_server is not None:
            drop_pg(pg_server, dbname)
    return rows, leases


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--users", type=int, nargs="+", default=[100, 1000, 10000, 100000])
    parser.add_argument("--backends", nargs="+", choices=BACKENDS, default=list(BACKENDS))
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--turns", type=int, default=1500, help="timed chat turns per size")
    parser.add_argument("--baseline-turns", type=int, default=60)
    parser.add_argument("--baseline-budget", type=float, default=60.0,
                        help="seconds the baseline may spend on chat turns per size")
    parser.add_argument("--baseline-max", type=int, default=10000,
                        help="largest size the naive baseline runs at (a turn re-reads it all)")
    parser.add_argument("--burst", type=int, default=10000,
                        help="due nudges sent in one burst at the largest size (0: skip)")
    parser.add_argument("--burst-rate", type=float, default=25.0,
                        help="nudges per second the scheduler may send (Telegram allows ~30/s)")
    parser.add_argument("--lease-workers", type=int, nargs="*", default=[1, 2, 4],
                        help="PostgreSQL worker processes claiming nudges, at the largest size")
    parser.add_argument("--lease-nudges", type=int, default=5000,
                        help="due nudges each lease run claims and marks sent")
    parser.add_argument("--check", action="store_true",
                        help="exit 1 if a chat turn is slower than the baseline (CI)")
    parser.add_argument("--strict", action="store_true", help="exit 1 if any target is missed")
    args = parser.parse_args(argv)
    pg_server = (os.environ.get("HEARBACK_TEST_DATABASE_URL", "").strip()
                 or os.environ.get("HEARBACK_DATABASE_URL", "").strip() or None)
    if pg_server is not None and not pg_server.startswith("postgres"):
        pg_server = None  # memory:// and the like: no PostgreSQL server to measure
    if pg_server is None and "postgresql" in args.backends:
        print("PostgreSQL: skipped (set HEARBACK_TEST_DATABASE_URL, or run `make bench`, "
              "which starts a throwaway server)", file=sys.stderr)
    sizes = sorted(args.users)
    rows: list[dict[str, Any]] = []
    leases: list[dict[str, Any]] = []
    for users in sizes:
        size_rows, size_leases = bench_size(users, args, pg_server, users == sizes[-1])
        rows += size_rows
        leases += size_leases
    print(table(rows, leases))
    if args.json:
        args.json.write_text(json.dumps({"rows": rows, "leases": leases}, indent=2))
    problems = check(rows, leases, strict=args.strict)
    for p in problems:
        print(f"FAIL: {p}")
    return 1 if problems and (args.check or args.strict) else 0


if __name__ == "__main__":
    raise SystemExit(main())
