"""One Hearback nudge worker for tests/reliability/test_pg_worker_kills.py, in its own process:
`python -m tests.pg_nudge_worker DB_URL WORKER PLATFORM_URL OFFSET RATE LEASE BATCH [STOP_AFTER]`.

It runs the real scheduler (bot/scheduler.py) on the PostgreSQL database with its own worker
id, the shared pacing (bot/pacing.py SharedPacing over storage/pg_rates.py) at RATE nudges a
second, leases of LEASE seconds and BATCH users at a time, until SIGTERM. Its sender posts each
nudge to the fake platform at PLATFORM_URL (127.0.0.1) as JSON, saying which worker sends; a
429 becomes a DeliveryError with the platform's retry_after, as the real adapters do. Its clock
is the system's shifted by OFFSET seconds (every worker the same, so leases compare). With
STOP_AFTER=N it freezes itself (SIGSTOP) right after the platform's N-th "ok", before marking
that nudge sent: a worker stopped between the platform's ok and marking.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from datetime import UTC, datetime, timedelta

import aiohttp

from bot.core.contract.messages import Reply
from bot.core.contract.models import User
from bot.core.contract.ports import DeliveryError
from bot.core.engine import Engine
from bot.pacing import SharedPacing
from bot.scheduler import Scheduler
from storage.pg_rates import PostgresRateLimits
from storage.postgres import PostgresRepository


class ShiftedClock:
    """The system clock moved by a fixed offset (the same in every worker)."""

    def __init__(self, offset: float) -> None:
        self._offset = timedelta(seconds=offset)

    def now(self) -> datetime:
        return datetime.now(UTC) + self._offset


class PlatformSender:
    """Posts a nudge to the fake platform; `stop_after`: freeze after that many oks."""

    platform = "telegram"

    def __init__(self, url: str, worker: str, rate: float, stop_after: int | None) -> None:
        self.url, self.worker = url, worker
        self.nudges_per_second: float | None = rate
        self.session: aiohttp.ClientSession | None = None
        self.oks = 0
        self.stop_after = stop_after

    async def send(self, user: User, reply: Reply) -> None:
        if self.session is None:
            self.session = aiohttp.ClientSession()
        async with self.session.post(self.url, json={"chat": user.chat_id, "text": reply.text},
                                     headers={"X-Worker": self.worker}) as response:
            body = await response.json()
        if response.status == 429:
            raise DeliveryError("Too Many Requests", retry_after=body["retry_after"])
        if response.status != 200:
            raise DeliveryError(f"platform said {response.status}")
        self.oks += 1
        if self.oks == self.stop_after:
            os.kill(os.getpid(), signal.SIGSTOP)  # the ok is here; marking sent comes after


async def main(url: str, worker: str, platform_url: str, offset: float, rate: float,
               lease: float, batch: int, stop_after: int | None) -> None:
    repo = PostgresRepository(url, pool_size=2)
    clock = ShiftedClock(offset)
    sender = PlatformSender(platform_url, worker, rate, stop_after)
    scheduler = Scheduler(repo, Engine(repo, clock, "Europe/London"), clock,
                          {"telegram": sender}, worker=worker, lease=timedelta(seconds=lease),
                          batch=batch, pacing=SharedPacing(PostgresRateLimits(repo)))
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    print("ready", flush=True)
    await scheduler.run(stop, interval=0.2)
    if sender.session is not None:
        await sender.session.close()
    repo.close()


if __name__ == "__main__":
    args = sys.argv[1:]
    asyncio.run(main(args[0], args[1], args[2], float(args[3]), float(args[4]), float(args[5]),
                     int(args[6]), int(args[7]) if len(args) > 7 else None))
