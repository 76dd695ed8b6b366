"""Jobs only one worker may do at a time when several share a database (storage/pg_roles.py on
PostgreSQL): `PollingLease` is Telegram's long polling, which Telegram allows one connection at
a time (a second getUpdates is refused with 409 Conflict). Its holder renews it every third of
its length; the others try to take it as often, and one does once it has run out (its worker
stopped, or hung longer than the lease)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


class RoleLeases(Protocol):
    """Where the leases live (storage/pg_roles.py: PostgresRoleLeases). Blocking calls."""

    def take(self, name: str, holder: str, seconds: float) -> bool:
        """Take or renew job `name` for `holder` for `seconds`: whether `holder` has it."""
        ...

    def give_up(self, name: str, holder: str) -> None:
        """Let go of job `name` if `holder` has it."""
        ...


@dataclass(frozen=True)
class PollingLease:
    """The lease a Telegram worker must hold to poll: `holder` is the worker's id (bot/cli.py
    worker_id), `seconds` how long it lasts unrenewed (renewed every third of that)."""

    leases: RoleLeases
    holder: str
    seconds: float = 30.0
    name: str = "telegram-polling"
