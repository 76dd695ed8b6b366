"""Run chat adapters and the nudge loop together until SIGINT/SIGTERM."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from typing import Protocol

from bot.adapters.base import AdapterStartupError
from bot.core.contract.ports import Sender
from bot.scheduler import Scheduler

log = logging.getLogger("hearback")


class Adapter(Sender, Protocol):
    async def run(self, stop: asyncio.Event) -> None:
        """Receive messages until `stop` is set (polling, a webhook server, a socket)."""
        ...


async def serve(adapters: list[Adapter], scheduler: Scheduler, tick_seconds: float,
                grace_seconds: float = 8.0) -> None:
    """Run `adapters` and the nudge loop (a tick every `tick_seconds`) until SIGINT/SIGTERM or
    until one of them ends. Stopping takes at most `grace_seconds` (HEARBACK_STOP_GRACE_SECONDS):
    each adapter stops fetching, answers what it has received while the grace lasts and keeps
    the rest for the next start; whatever still runs then is cancelled. Re-raises the first
    part's failure (an `AdapterStartupError` unlogged: the CLI prints it)."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)
    tasks = [asyncio.create_task(a.run(stop), name=f"adapter-{a.platform}") for a in adapters]
    tasks.append(asyncio.create_task(scheduler.run(stop, tick_seconds), name="scheduler"))
    await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    stop.set()  # one part ended (or failed): stop the others cleanly
    _, late = await asyncio.wait(tasks, timeout=grace_seconds)
    for task in late:
        log.warning("%s did not stop within %gs: cancelled", task.get_name(), grace_seconds)
        task.cancel()
    results = await asyncio.gather(*tasks, return_exceptions=True)
    for task, result in zip(tasks, results, strict=True):
        if isinstance(result, BaseException) and not isinstance(result, asyncio.CancelledError):
            if not isinstance(result, AdapterStartupError):  # the CLI prints that one itself
                log.error("%s stopped: %s", task.get_name(), result)
            raise result
