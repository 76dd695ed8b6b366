"""`GET /healthz` on the HTTP server Hearback runs (Telegram's webhook, Slack's HTTP mode): 200
with `{"ok": true, "backend": …, "version": …}` when the store answers, 503 with `"ok": false`
when it doesn't (or not within `timeout` seconds). For a load balancer's or an orchestrator's
health check; nothing about users or settings is in the answer.

What "the store answers" means per backend: PostgreSQL runs `SELECT 1` on a pooled connection;
the TinyDB files read the data directory's `meta.json` (its schema marker) and need the
directory writable; the memory store always answers.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bot.core.contract.ports import Repository
from bot.ops.version import hearback_version
from storage import MemoryRepository, ShardedRepository

log = logging.getLogger("hearback.health")
PATH = "/healthz"


def backend_name(repo: Repository) -> str:
    """"tinydb", "memory" or "postgresql": the store behind `repo`."""
    if isinstance(repo, ShardedRepository):
        return "tinydb"
    if isinstance(repo, MemoryRepository):
        return "memory"
    return "postgresql"


def probe_for(repo: Repository) -> Callable[[], None]:
    """A blocking call that returns when the store answers and raises when it doesn't. `repo`
    is the store itself, not the adapters' locked wrapper, so a long chat turn holding that
    lock does not make the process look unhealthy."""
    if isinstance(repo, ShardedRepository):
        data_dir = repo.data_dir

        def files() -> None:
            with open(data_dir / "meta.json", "rb") as meta:
                json.loads(meta.read())
            if not os.access(data_dir, os.W_OK | os.X_OK):
                raise PermissionError(f"{data_dir} is not writable")

        return files
    if isinstance(repo, MemoryRepository):
        return lambda: None
    query: Callable[[str], Any] = getattr(repo, "query")  # noqa: B009 - PostgresRepository
    return lambda: query("SELECT 1")


@dataclass
class Health:
    """The answer to `GET /healthz` for one process: `check()` gives (HTTP status, JSON body)."""

    probe: Callable[[], None]
    backend: str
    version: str
    timeout: float = 3.0  # seconds the store has to answer before the answer is 503

    @classmethod
    def of(cls, repo: Repository) -> Health:
        return cls(probe_for(repo), backend_name(repo), hearback_version())

    async def check(self) -> tuple[int, dict[str, Any]]:
        body: dict[str, Any] = {"ok": True, "backend": self.backend, "version": self.version}
        try:
            # In a thread of its own: a store that hangs must not hold up the event loop.
            await asyncio.wait_for(asyncio.to_thread(self.probe), self.timeout)
        except Exception as exc:  # any failure to answer is "unhealthy", said in the log
            log.warning("health check: the %s store did not answer (%s)", self.backend,
                        type(exc).__name__ if isinstance(exc, TimeoutError) else exc)
            return 503, body | {"ok": False}
        return 200, body


def add_to_aiohttp(app: Any, health: Health) -> None:
    """Serve `GET /healthz` from an aiohttp `web.Application` (Bolt's HTTP-mode server)."""
    from aiohttp import web

    async def healthz(request: web.Request) -> web.Response:
        status, body = await health.check()
        return web.json_response(body, status=status)

    app.router.add_get(PATH, healthz)


def add_to_tornado(updater: Any, health: Health) -> None:
    """Serve `GET /healthz` from python-telegram-bot's webhook server (a tornado Application)
    once `updater.start_webhook` has started it. PTB has no public hook for extra routes, so
    this reaches its server through `Updater._httpd`; a PTB release that moves it raises
    here (and tests/test_ops.py fails) rather than running without the endpoint."""
    import tornado.web

    application = updater._httpd._http_server.request_callback
    if not isinstance(application, tornado.web.Application):
        raise TypeError("python-telegram-bot's webhook server is not a tornado Application")

    class HealthHandler(tornado.web.RequestHandler):
        async def get(self) -> None:
            status, body = await health.check()
            self.set_status(status)
            self.set_header("Content-Type", "application/json")
            self.finish(json.dumps(body))

    application.add_handlers(r".*", [(PATH, HealthHandler)])
