"""`hearback migrate --to postgresql://…`: copy a TinyDB data directory into PostgreSQL.

Every record goes in as it is stored; a record already in the database (same key or id) is left
as it is, so running it twice changes nothing, and a copy interrupted half-way is finished by
running it again. The handled-event ids go too, so that a platform's redelivery after the switch
is still answered once. The bot must be stopped: the data directory is locked while it runs."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from psycopg.types.json import Jsonb

from storage.events import EventLog
from storage.postgres import PostgresRepository
from storage.repository import EVENTS_FILE, ShardedRepository

KINDS = ("users", "interviews", "nudges", "dialogs", "shares", "channels", "events")


@dataclass
class CopyReport:
    """Per kind of record: how many were copied, and how many were in the database already."""

    copied: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    present: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))

    def lines(self) -> list[str]:
        return [f"  {kind:<11} {self.copied[kind]:>7} copied, {self.present[kind]:>7} already "
                f"there" for kind in KINDS]


_INSERT = {
    "users": "INSERT INTO users (key, doc) VALUES (%s, %s) ON CONFLICT DO NOTHING",
    "interviews": "INSERT INTO interviews (id, user_key, created_at, doc) "
                  "VALUES (%s, %s, %s, %s) ON CONFLICT DO NOTHING",
    "nudges": "INSERT INTO nudges (id, user_key, interview_id, status, due_at, leased_by, "
              "lease_until, attempts, doc) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s) "
              "ON CONFLICT DO NOTHING",
    "dialogs": "INSERT INTO dialogs (user_key, doc) VALUES (%s, %s) ON CONFLICT DO NOTHING",
    "shares": "INSERT INTO shares (user_key, channel, doc) VALUES (%s, %s, %s) "
              "ON CONFLICT DO NOTHING",
    "channels": "INSERT INTO channels (key, doc) VALUES (%s, %s) ON CONFLICT DO NOTHING",
    "events": "INSERT INTO events (platform, event_id) VALUES (%s, %s) ON CONFLICT DO NOTHING",
}


def copy_to_postgres(source: ShardedRepository, target: PostgresRepository) -> CopyReport:
    """Copy every record of `source` into `target` in one transaction (all or nothing); what
    was copied and what was there already. Records of a quarantined (unreadable) user file are
    not copied: fix it first (they are named in the log)."""
    rows: dict[str, list[tuple[Any, ...]]] = {kind: [] for kind in KINDS}
    nudges_by_user: dict[str, list[tuple[Any, ...]]] = {}
    for n in source.all_nudges():
        nudges_by_user.setdefault(n.user_key, []).append(PostgresRepository.nudge_row(n))
    for key in source.known_users():
        user = source.get_user(key)
        if user is not None:
            rows["users"].append((key, Jsonb(user.to_dict())))
        rows["interviews"] += [(i.id, i.user_key, i.created_at, Jsonb(i.to_dict()))
                               for i in source.interviews_for(key)]
        rows["nudges"] += nudges_by_user.get(key, [])
        dialog = source.get_dialog(key)
        if dialog is not None:
            rows["dialogs"].append((key, Jsonb(dialog.to_dict())))
        rows["shares"] += [(s.user_key, s.channel, Jsonb(s.to_dict()))
                           for s in source.shares_for(key)]
    rows["channels"] = [(c.key, Jsonb(c.to_dict())) for c in source.channels()]
    rows["events"] = EventLog(source.data_dir / EVENTS_FILE).ids()
    report = CopyReport()
    with target.transaction():
        for kind in KINDS:
            for row in rows[kind]:
                inserted = target.execute(_INSERT[kind], row)
                report.copied[kind] += inserted
                report.present[kind] += 1 - inserted
    return report
