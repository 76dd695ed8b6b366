"""Measurements, each run in a fresh process (`python -m benchmarks.measure ...`) so that start-up
time and peak memory are the bot's own. Prints one JSON object on stdout."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import resource
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

from benchmarks.synth import START
from bot.core.contract.clock import FakeClock
from bot.core.contract.messages import Incoming, Reply
from bot.core.contract.models import Nudge, User
from bot.core.contract.ports import Repository
from bot.core.engine import Engine
from bot.scheduler import Scheduler

CONVERSATION = (
    "I just had an interview with Jane Doe at Acme for the backend role, they said they'd let "
    "me know by Friday",
    "HR",
    "no",
)
WARMUP_CONVERSATIONS = 3


def peak_rss_mb() -> float:
    """This process's peak resident memory. VmHWM belongs to the address space the process got
    at exec; ru_maxrss would also count the memory of the parent it was forked from (Linux keeps
    it across execve), which here is the benchmark that just built 10,000 users' records."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rss_mb() -> float:
    """This process's resident memory now (VmRSS), in MB."""
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def process_age_s() -> float:
    """Seconds since this process was started (exec, interpreter start-up and imports
    included), from /proc: its start time after boot against the time since boot."""
    with open("/proc/self/stat", encoding="ascii") as fh:
        started_ticks = int(fh.read().rsplit(")", 1)[1].split()[19])
    with open("/proc/uptime", encoding="ascii") as fh:
        uptime = float(fh.read().split()[0])
    return uptime - started_ticks / os.sysconf("SC_CLK_TCK")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def summary_ms(values: list[float]) -> dict[str, float]:
    return {"p50_ms": percentile(values, 0.50) * 1000, "p99_ms": percentile(values, 0.99) * 1000,
            "mean_ms": statistics.fmean(values) * 1000, "samples": len(values)}


def pick_user(rng: random.Random, users: int) -> str:
    i = rng.randrange(users)
    if i % 3 == 0:  # these users are mid-intake; the timed conversation starts a fresh one
        i = i + 1 if i + 1 < users else max(i - 1, 0)
    return str(100_000 + i)


def converse(engine: Engine, uid: str) -> list[float]:
    out = []
    for text in CONVERSATION:
        started = time.perf_counter()
        replies = engine.handle(Incoming("telegram", uid, uid, text=text))
        out.append(time.perf_counter() - started)
        assert replies, "every message gets a reply"
    return out


def chat_turns(engine: Engine, clock: FakeClock, users: int, turns: int,
               budget_s: float, rng: random.Random) -> list[float]:
    for _ in range(WARMUP_CONVERSATIONS):
        converse(engine, pick_user(rng, users))
    samples: list[float] = []
    deadline = time.monotonic() + budget_s
    while len(samples) < turns and (time.monotonic() < deadline or len(samples) < 3):
        samples.extend(converse(engine, pick_user(rng, users)))
        clock.advance(timedelta(seconds=1))
    return samples


class PacedSender:
    platform = "telegram"

    def __init__(self, rate: float | None) -> None:
        self.nudges_per_second = rate
        self.stamps: list[float] = []

    async def send(self, user: User, reply: Reply) -> None:
        self.stamps.append(time.monotonic())


def inject_burst(repo: Repository, users: int, count: int, now_minus: Any) -> None:
    nudges = [Nudge(id=f"burst{j:06d}", user_key=f"telegram:{100_000 + j % users}",
                    interview_id=f"{j % users:06x}0", kind="agreed_contact", due_at=now_minus,
                    created_at=now_minus) for j in range(count)]
    for k in range(0, len(nudges), 500):
        with repo.transaction():
            repo.add_nudges(nudges[k:k + 500])


async def run_burst(repo: Repository, engine: Engine, clock: FakeClock, rate: float | None,
                    users: int, rng: random.Random) -> dict[str, Any]:
    sender = PacedSender(rate)
    scheduler = Scheduler(repo, engine, clock, {"telegram": sender})
    latencies: list[float] = []
    done = asyncio.Event()

    async def chatter() -> None:
        # People keep chatting during the burst: their replies must not stall behind it.
        while not done.is_set():
            planned = time.monotonic() + 0.05
            await asyncio.sleep(0.05)
            uid = pick_user(rng, users)
            engine.handle(Incoming("telegram", uid, uid, text="list"))
            latencies.append(time.monotonic() - planned)

    task = asyncio.create_task(chatter())
    started = time.monotonic()
    sent = await scheduler.tick()
    elapsed = time.monotonic() - started
    done.set()
    await task
    gaps = [b - a for a, b in zip(sender.stamps, sender.stamps[1:], strict=False)]
    steady = sender.stamps[int(rate):] if rate else sender.stamps
    steady_rate = (len(steady) - 1) / (steady[-1] - steady[0]) if len(steady) > 1 else 0.0
    return {
        "sent": sent, "elapsed_s": elapsed, "limit_per_s": rate,
        "steady_rate_per_s": steady_rate,
        "max_gap_ms": max(gaps, default=0.0) * 1000,
        "chat_during_burst": summary_ms(latencies) if latencies else None,
    }


def measure_hearback(args: argparse.Namespace) -> dict[str, Any]:
    from storage import open_repository

    rng = random.Random(11)
    started = time.perf_counter()
    repo = open_repository(Path(args.path))
    clock = FakeClock(START + timedelta(minutes=1))
    engine = Engine(repo, clock, "Europe/London")
    Scheduler(repo, engine, clock, {}).recover()
    startup = time.perf_counter() - started
    result: dict[str, Any] = {"startup_s": startup, "exec_to_ready_s": process_age_s(),
                              "ready_rss_mb": rss_mb(), "pending": repo.pending_count()}

    lookup_at = START + timedelta(hours=1)
    timings = []
    for _ in range(200):
        t = time.perf_counter()
        found = repo.due_count(lookup_at)
        timings.append(time.perf_counter() - t)
    result["due_lookup"] = {**summary_ms(timings), "due": found}

    result["turn"] = summary_ms(chat_turns(engine, clock, args.users, args.turns, args.budget,
                                           rng))
    if args.burst:
        inject_burst(repo, args.users, args.burst, clock.now() - timedelta(seconds=1))
        result["burst"] = asyncio.run(run_burst(repo, engine, clock, args.burst_rate or None,
                                                args.users, rng))
    repo.close()
    result["peak_rss_mb"] = peak_rss_mb()
    return result


def measure_baseline(args: argparse.Namespace) -> dict[str, Any]:
    from benchmarks.baseline import NaiveRepository

    rng = random.Random(11)
    repo = NaiveRepository(Path(args.path))
    clock = FakeClock(START + timedelta(minutes=1))
    engine = Engine(repo, clock, "Europe/London")
    turns = chat_turns(engine, clock, args.users, args.turns, args.budget, rng)
    repo.close()
    return {"turn": summary_ms(turns)}


def measure_sql(args: argparse.Namespace) -> dict[str, Any]:
    """A worker on PostgreSQL (`path` is a libpq connection string) or the SQLite yardstick
    (`path` is its file): start-up as a worker does it (open the store, the schema checked and
    migrated, the engine built, claims in flight read and expired leases returned: nothing read
    per user), the resident memory then, and the same chat turns as on the TinyDB files."""
    rng = random.Random(11)
    started = time.perf_counter()
    repo: Repository
    if args.kind == "postgresql":
        from storage.postgres import PostgresRepository

        repo = PostgresRepository(args.path)
    else:
        from benchmarks.sqlite_ref import SqliteRepository

        repo = SqliteRepository(Path(args.path))
    clock = FakeClock(START + timedelta(minutes=1))
    engine = Engine(repo, clock, "Europe/London")
    # The scheduler's recover() at start-up: the claims in flight, and the expired leases back.
    repo.claimed_nudges()
    repo.release_expired_leases(clock.now())
    result: dict[str, Any] = {"startup_s": time.perf_counter() - started,
                              "exec_to_ready_s": process_age_s(), "ready_rss_mb": rss_mb()}
    result["turn"] = summary_ms(chat_turns(engine, clock, args.users, args.turns, args.budget,
                                           rng))
    repo.close()
    result["peak_rss_mb"] = peak_rss_mb()
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.measure")
    parser.add_argument("kind", choices=("hearback", "baseline", "postgresql", "sqlite"))
    parser.add_argument("path")
    parser.add_argument("--users", type=int, required=True)
    parser.add_argument("--turns", type=int, default=600)
    parser.add_argument("--budget", type=float, default=60.0, help="seconds for chat turns")
    parser.add_argument("--burst", type=int, default=0)
    parser.add_argument("--burst-rate", type=float, default=25.0)
    args = parser.parse_args(argv)
    measure = {"hearback": measure_hearback, "baseline": measure_baseline,
               "postgresql": measure_sql, "sqlite": measure_sql}[args.kind]
    result = measure(args)
    json.dump(result, sys.stdout)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
