"""`python -m benchmarks.slack_burst [--users 1000] [--per-user 1] [--json PATH]`: how long a
burst of due Slack nudges takes to go out, and whether it keeps to Slack's posting limits.

Every user has `per-user` reminders due at 10:00 UTC. One scheduler tick sends them through the
real Slack adapter (slack_sdk's AsyncWebClient, the adapter's rendering and error mapping) to the
fake Slack of tests/fake_slack.py on 127.0.0.1, twice:

- **before**: one global pace of one nudge a second for all of Slack (Hearback up to issue 18);
- **after**: each DM at its own second, under the workspace ceiling (bot/pacing.py).

Time is simulated: the scheduler's clock is a FakeClock and the pacing's sleeps advance it
(`LocalPacing(now, sleep)`), so a 17-minute burst is measured in seconds of real time and the
figures are the pacing's alone. The fake Slack stamps every chat.postMessage with that clock,
and the limits are checked on what it received:

- per channel (docs.slack.dev/reference/methods/chat.postMessage, "Rate limiting": "1 message
  per second to a specific channel"): no two posts in one channel less than a second apart;
- per workspace ("several hundred messages per minute"; Hearback's nudges take 300 of them):
  at most 300 in any minute after the opening burst (`CEILING_PER_MINUTE` + `BURST`).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import sys
import tempfile
import time
from bisect import bisect_left
from collections import defaultdict
from collections.abc import AsyncIterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from pathlib import Path
from typing import Any

from aiohttp import web

from bot.adapters.slack import SlackAdapter
from bot.config import Config
from bot.core.contract.clock import FakeClock
from bot.core.contract.messages import Reply
from bot.core.contract.models import Nudge, User, user_key
from bot.core.engine import Engine
from bot.core.plan.kinds import OWN_REMINDER
from bot.pacing import LocalPacing
from bot.scheduler import Scheduler
from storage import MemoryRepository
from tests.fake_slack import Call, FakeSlack

TEN = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
CEILING_PER_MINUTE = 300  # SlackAdapter.nudges_per_second (5) a minute
BURST = 5  # what the workspace bucket lets through at once (one second's worth)


class SimulatedTime:
    """The pacing's clock and sleep on a FakeClock: a sleep advances it (seconds since start)."""

    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock
        self.start = clock.now()

    def seconds(self) -> float:
        return (self.clock.now() - self.start).total_seconds()

    async def sleep(self, seconds: float) -> None:
        self.clock.advance(timedelta(seconds=seconds))
        await asyncio.sleep(0)


@dataclass
class TimedSlack(FakeSlack):
    """The fake Slack, stamping each chat.postMessage with the simulated time it arrived."""

    time: SimulatedTime | None = None
    posted: list[tuple[float, str]] = field(default_factory=list)  # (seconds, channel)

    def _admit(self, call: Call) -> web.Response | None:
        if call.method == "chat.postMessage" and self.time is not None:
            self.posted.append((self.time.seconds(), str(call.args.get("channel"))))
        return None


class OneGlobalPace:
    """Slack as Hearback paced it before: one nudge a second for the whole of Slack, whatever
    the channel (the adapter's own send, without its per-channel rate)."""

    platform = "slack"
    nudges_per_second: float | None = 1.0

    def __init__(self, adapter: SlackAdapter) -> None:
        self.adapter = adapter

    async def send(self, user: User, reply: Reply) -> None:
        await self.adapter.send(user, reply)


@dataclass(frozen=True)
class Figures:
    """One burst: nudges sent, seconds from 10:00 to the last post (simulated), the closest
    two posts in one channel came (seconds; None with one post per channel), the most posts in
    any second and in any minute, and the real seconds the run took."""

    pacing: str
    users: int
    sent: int
    burst_seconds: float
    closest_in_a_channel: float | None
    most_in_a_second: int
    most_in_a_minute: int
    real_seconds: float
    posts: list[tuple[float, str]] = field(repr=False, compare=False)

    def table_row(self) -> str:
        closest = "-" if self.closest_in_a_channel is None else f"{self.closest_in_a_channel:.2f}"
        return (f"{self.pacing:<28} {self.sent:>6} {self.burst_seconds:>9.1f} s "
                f"({self.burst_seconds / 60:4.1f} min) {closest:>8} {self.most_in_a_second:>6} "
                f"{self.most_in_a_minute:>7} {self.real_seconds:>7.1f} s")


def most_in_window(stamps: list[float], window: float) -> int:
    """The most stamps (seconds, sorted) in any half-open window of `window` seconds."""
    return max((bisect_left(stamps, s + window - 1e-9) - i for i, s in enumerate(stamps)),
               default=0)


def figures(pacing: str, users: int, sent: int, posts: list[tuple[float, str]],
            real: float) -> Figures:
    by_channel: dict[str, list[float]] = defaultdict(list)
    for at, channel in posts:
        by_channel[channel].append(at)
    gaps = [b - a for stamps in by_channel.values() for a, b in pairwise(stamps)]
    stamps = sorted(at for at, _ in posts)
    return Figures(pacing, users, sent, stamps[-1] if stamps else 0.0,
                   min(gaps) if gaps else None, most_in_window(stamps, 1.0),
                   most_in_window(stamps, 60.0), real, posts)


def due_reminders(repo: MemoryRepository, users: int, per_user: int) -> None:
    """`users` Slack users, each with `per_user` reminders of their own due at 10:00 (a
    microsecond apart, so they have an order)."""
    for i in range(users):
        uid = f"U{i:05d}"
        key = user_key("slack", uid)
        with repo.transaction():
            repo.save_user(User(key=key, platform="slack", user_id=uid, chat_id=f"D{uid}",
                                timezone="Europe/London", created_at=TEN - timedelta(days=3),
                                display_name=f"Person {i}"))
            repo.add_nudges([Nudge(id=f"r{i:05d}-{k}", user_key=key, interview_id="",
                                   kind=OWN_REMINDER,
                                   due_at=TEN - (per_user - k) * timedelta(microseconds=1),
                                   created_at=TEN - timedelta(days=1), origin="reminder",
                                   text=f"email the recruiter ({k + 1})")
                             for k in range(per_user)])


@dataclass
class Bench:
    """A Slack adapter over the fake Slack, on a memory store and simulated time."""

    fake: TimedSlack
    repo: MemoryRepository
    engine: Engine
    adapter: SlackAdapter
    clock: FakeClock
    sim: SimulatedTime

    def scheduler(self, per_channel: bool = True) -> Scheduler:
        """The real scheduler, paced on simulated time (`per_channel` False: as before)."""
        sender = self.adapter if per_channel else OneGlobalPace(self.adapter)
        return Scheduler(self.repo, self.engine, self.clock, {"slack": sender},
                         pacing=LocalPacing(self.sim.seconds, self.sim.sleep))


@contextlib.asynccontextmanager
async def bench(data_dir: Path) -> AsyncIterator[Bench]:
    """A `Bench` at 10:00 UTC, its fake Slack closed at the end."""
    clock = FakeClock(TEN)
    sim = SimulatedTime(clock)
    fake = TimedSlack(time=sim)
    await fake.start()
    try:
        repo = MemoryRepository()
        engine = Engine(repo, clock, default_timezone="Europe/London")
        adapter = SlackAdapter(Config(
            data_dir=data_dir, timezone="Europe/London", now=None, tick_seconds=30,
            telegram_token=None, slack_bot_token="xoxb-bench", slack_signing_secret="bench",
            slack_api_url=fake.api_url), engine)
        yield Bench(fake, repo, engine, adapter, clock, sim)
    finally:
        await fake.close()


async def burst(users: int, data_dir: Path, *, per_channel: bool = True,
                per_user: int = 1) -> Figures:
    """Send `users` x `per_user` due nudges in one tick; their figures (see module doc)."""
    async with bench(data_dir) as b:
        due_reminders(b.repo, users, per_user)
        scheduler = b.scheduler(per_channel)
        started = time.perf_counter()
        sent = await scheduler.tick()
        real = time.perf_counter() - started
        name = "per channel + workspace" if per_channel else "one global 1/s (before)"
        return figures(name, users, sent, b.fake.posted, real)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--users", type=int, default=1000)
    parser.add_argument("--per-user", type=int, default=1)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        runs = [asyncio.run(burst(args.users, Path(tmp), per_channel=False,
                                  per_user=args.per_user)),
                asyncio.run(burst(args.users, Path(tmp), per_user=args.per_user))]
    print(f"{'pacing':<28} {'sent':>6} {'burst (simulated)':>20} {'closest':>8} "
          f"{'max/1s':>6} {'max/60s':>7} {'real':>9}")
    for run in runs:
        print(run.table_row())
    if args.json is not None:
        out: list[dict[str, Any]] = []
        for run in runs:
            row = asdict(run)
            del row["posts"]
            out.append(row)
        args.json.write_text(json.dumps(out, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
