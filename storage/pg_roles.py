"""Jobs that only one of the workers sharing a PostgreSQL database may do at a time, such as
long-polling Telegram (two getUpdates at once are refused with 409 Conflict): a lease row per
job in `worker_leases` (storage/pg_migrations/0003_workers.sql), taken and renewed in one
statement each, timed by the database's clock so that machines whose clocks differ agree."""

from __future__ import annotations

from storage.postgres import PostgresRepository


class PostgresRoleLeases:
    """`take` and `give_up` of bot/adapters/roles.py's RoleLeases on `repo`'s database."""

    def __init__(self, repo: PostgresRepository) -> None:
        self._repo = repo

    def take(self, name: str, holder: str, seconds: float) -> bool:
        """Take job `name` for `holder` for `seconds`, or renew it when `holder` has it: True
        when `holder` holds it now, False while another holder's lease runs."""
        rows = self._repo.query(
            "INSERT INTO worker_leases (name, holder, until) "
            "VALUES (%s, %s, clock_timestamp() + %s * interval '1 second') "
            "ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, until = EXCLUDED.until "
            "WHERE worker_leases.holder = EXCLUDED.holder "
            "OR worker_leases.until <= clock_timestamp() RETURNING holder",
            (name, holder, seconds))
        return bool(rows)

    def give_up(self, name: str, holder: str) -> None:
        """Let go of job `name` (only if `holder` has it), so another worker takes it at once."""
        self._repo.execute("DELETE FROM worker_leases WHERE name = %s AND holder = %s",
                           (name, holder))
