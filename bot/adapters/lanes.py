"""Concurrency for the chat adapters: every user's turns in order, different users at once, and
the blocking core off the event loop.

- `Lanes`: one lane of work per key (a platform user id). A lane runs its items one after
  another in the order they arrived; lanes run concurrently, so one user's slow turn or paced
  replies (about one message a second per chat) never hold up another user.
- `CoreThread`: the engine and the storage below it are plain blocking code (file writes with
  fsync, the language models); turns run in this one thread, so the event loop stays free to
  acknowledge platform events (Slack allows 3 seconds) and to send replies meanwhile.
- `guarded(repo)`: the repository with a lock, because the scheduler still reads and writes it
  from the event loop while a turn runs in the core thread (a transaction holds the lock from
  start to end; none spans an `await`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from collections import deque
from collections.abc import Awaitable, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import Any, Generic, TypeVar, cast

from bot.core.contract.ports import Repository

log = logging.getLogger("hearback.lanes")

T = TypeVar("T")
R = TypeVar("R")


class Lanes(Generic[T]):
    """Ordered work per key. `work(item)` is awaited for each item of a key in turn; an
    exception is logged and the lane goes on with its next item."""

    def __init__(self, work: Callable[[T], Awaitable[None]], name: str = "lane") -> None:
        self._work = work
        self._name = name
        self._queues: dict[str, deque[T]] = {}
        self._tasks: dict[str, asyncio.Task[None]] = {}
        self._count = 0
        self._idle = asyncio.Event()
        self._idle.set()

    def put(self, key: str, item: T) -> None:
        """Queue `item` behind `key`'s earlier items (starts the lane if it is idle)."""
        self._queues.setdefault(key, deque()).append(item)
        self._count += 1
        self._idle.clear()
        if key not in self._tasks:
            self._tasks[key] = asyncio.create_task(self._run(key), name=f"{self._name}-{key}")

    def __len__(self) -> int:
        """Items queued or being worked on, over all lanes."""
        return self._count

    async def _run(self, key: str) -> None:
        queue = self._queues[key]
        try:
            while queue:
                item = queue[0]
                try:
                    await self._work(item)
                except Exception:
                    log.exception("%s %s: an item could not be handled", self._name, key)
                finally:
                    queue.popleft()
                    self._count -= 1
        finally:
            self._tasks.pop(key, None)
            if not queue:
                self._queues.pop(key, None)
            if self._count == 0:
                self._idle.set()

    async def drain(self, timeout: float) -> int:
        """Wait up to `timeout` seconds for every lane to finish; then cancel what is left.
        Returns how many items were left unfinished (0: all done)."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._idle.wait(), timeout=max(timeout, 0.0))
        left = self._count
        tasks = list(self._tasks.values())
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._queues.clear()
        self._count = 0
        self._idle.set()
        return left


class CoreThread:
    """The one thread the core runs in for the adapters (turns are serialized there, as the
    storage expects; the event loop only waits for their results)."""

    _shared: CoreThread | None = None

    def __init__(self) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="hearback-core")

    @classmethod
    def shared(cls) -> CoreThread:
        """The process's core thread (every adapter of one process uses the same one)."""
        if cls._shared is None:
            cls._shared = cls()
        return cls._shared

    async def run(self, fn: Callable[..., R], *args: Any, **kwargs: Any) -> R:
        """`fn(*args, **kwargs)` in the core thread; its result (or exception)."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._pool, partial(fn, *args, **kwargs))


class _Guarded:
    """A repository whose every call, and every transaction from start to end, holds one
    re-entrant lock."""

    def __init__(self, repo: Repository) -> None:
        self._repo = repo
        self._lock = threading.RLock()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        with self._lock, self._repo.transaction():
            yield

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._repo, name)
        if not callable(value):
            return value
        lock = self._lock

        def locked(*args: Any, **kwargs: Any) -> Any:
            with lock:
                return value(*args, **kwargs)

        return locked


def guarded(repo: Repository) -> Repository:
    """`repo` safe to use from the core thread and the event loop at once (see the module
    docstring)."""
    return cast(Repository, _Guarded(repo))
