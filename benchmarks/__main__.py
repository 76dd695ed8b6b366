"""`python -m benchmarks --users 100 1000 10000 [--json PATH]`: build synthetic deployments and
measure chat turns, due-nudge lookup, a nudge burst, start-up and memory against the targets,
and the same chat turn on a naive one-file TinyDB baseline."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.synth import synthesise, write_baseline, write_hearback

TARGETS = {"turn_p50_ms": 5.0, "turn_p99_ms": 20.0, "due_lookup_ms": 2.0, "startup_s": 2.0,
           "peak_rss_mb": 300.0, "speedup": 50.0}


def run_measure(kind: str, path: Path, users: int, extra: list[str]) -> dict[str, Any]:
    cmd = [sys.executable, "-m", "benchmarks.measure", kind, str(path), "--users", str(users),
           *extra]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{kind} measurement failed:\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def bench_size(users: int, args: argparse.Namespace, burst: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="hearback-bench-") as tmp:
        root = Path(tmp)
        t = time.perf_counter()
        records = synthesise(users)
        write_hearback(root / "data", records)
        write_baseline(root / "db.json", records)
        del records
        built = time.perf_counter() - t
        print(f"  {users:,} users: data built in {built:.1f} s", file=sys.stderr)
        hb = run_measure("hearback", root / "data", users,
                         ["--turns", str(args.turns), "--burst", str(burst),
                          "--burst-rate", str(args.burst_rate)])
        base = run_measure("baseline", root / "db.json", users,
                           ["--turns", str(args.baseline_turns),
                            "--budget", str(args.baseline_budget)])
        size_mb = (root / "db.json").stat().st_size / 1e6
    return {
        "users": users, "pending": hb["pending"], "db_json_mb": size_mb,
        "turn_p50_ms": hb["turn"]["p50_ms"], "turn_p99_ms": hb["turn"]["p99_ms"],
        "turn_samples": hb["turn"]["samples"],
        "baseline_p50_ms": base["turn"]["p50_ms"], "baseline_p99_ms": base["turn"]["p99_ms"],
        "baseline_samples": base["turn"]["samples"],
        "speedup": base["turn"]["p50_ms"] / hb["turn"]["p50_ms"],
        "due_lookup_ms": hb["due_lookup"]["p50_ms"],
        "due_lookup_p99_ms": hb["due_lookup"]["p99_ms"],
        "due_found": hb["due_lookup"]["due"],
        "startup_s": hb["startup_s"], "peak_rss_mb": hb["peak_rss_mb"],
        "burst": hb.get("burst"),
    }


def table(rows: list[dict[str, Any]]) -> str:
    head = ("users", "pending", "turn p50", "turn p99", "baseline p50", "speedup",
            "due lookup", "start-up", "peak RSS")
    lines = [" | ".join(head), " | ".join("---" for _ in head)]
    for r in rows:
        lines.append(" | ".join((
            f"{r['users']:,}", f"{r['pending']:,}", f"{r['turn_p50_ms']:.2f} ms",
            f"{r['turn_p99_ms']:.2f} ms", f"{r['baseline_p50_ms']:.1f} ms", f"{r['speedup']:.0f}x",
            f"{r['due_lookup_ms'] * 1000:.0f} µs ({r['due_found']:,} due)",
            f"{r['startup_s']:.2f} s", f"{r['peak_rss_mb']:.0f} MB")))
    for r in rows:
        b = r.get("burst")
        if b:
            chat = b["chat_during_burst"] or {}
            lines.append("")
            lines.append(
                f"Burst at {r['users']:,} users: {b['sent']:,} nudges in {b['elapsed_s']:.1f} s, "
                f"limit {b['limit_per_s']}/s, steady rate {b['steady_rate_per_s']:.1f}/s, "
                f"longest gap {b['max_gap_ms']:.0f} ms; chat replies meanwhile p99 "
                f"{chat.get('p99_ms', 0):.1f} ms")
    return "\n".join(lines)


def check(rows: list[dict[str, Any]], *, strict: bool) -> list[str]:
    """Failures: always a chat turn slower than the baseline; with --strict, every target."""
    problems = []
    for r in rows:
        if r["turn_p50_ms"] >= r["baseline_p50_ms"]:
            problems.append(f"{r['users']} users: chat turn p50 {r['turn_p50_ms']:.2f} ms is not "
                            f"faster than the baseline's {r['baseline_p50_ms']:.2f} ms")
        if strict:
            for name, limit in TARGETS.items():
                value = r[name]
                bad = value < limit if name == "speedup" else value > limit
                if bad:
                    problems.append(f"{r['users']} users: {name} {value:.2f} misses {limit}")
    if strict and len(rows) > 1:
        small, large = rows[0], rows[-1]
        for name in ("turn_p50_ms", "turn_p99_ms"):
            if large[name] > 2 * small[name]:
                problems.append(f"{name} grows more than 2x from {small['users']} to "
                                f"{large['users']} users")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--users", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--turns", type=int, default=1500, help="timed chat turns per size")
    parser.add_argument("--baseline-turns", type=int, default=60)
    parser.add_argument("--baseline-budget", type=float, default=60.0,
                        help="seconds the baseline may spend on chat turns per size")
    parser.add_argument("--burst", type=int, default=10000,
                        help="due nudges sent in one burst at the largest size (0: skip)")
    parser.add_argument("--burst-rate", type=float, default=25.0,
                        help="nudges per second the scheduler may send (Telegram allows ~30/s)")
    parser.add_argument("--check", action="store_true",
                        help="exit 1 if a chat turn is slower than the baseline (CI)")
    parser.add_argument("--strict", action="store_true", help="exit 1 if any target is missed")
    args = parser.parse_args(argv)
    sizes = sorted(args.users)
    rows = []
    for users in sizes:
        rows.append(bench_size(users, args, args.burst if users == sizes[-1] else 0))
    print(table(rows))
    if args.json:
        args.json.write_text(json.dumps({"targets": TARGETS, "results": rows}, indent=2))
    problems = check(rows, strict=args.strict)
    for p in problems:
        print(f"FAIL: {p}")
    return 1 if problems and (args.check or args.strict) else 0


if __name__ == "__main__":
    raise SystemExit(main())
