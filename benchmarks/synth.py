"""Synthetic deployments: N users, each with 3 interviews in different stages, the nudges the
planner gives them (past ones already sent, the rest pending) and, for every third user, an
intake in progress. Written both as Hearback's data directory and as a baseline db.json."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from bot.core.contract.models import Dialog, Interview, Nudge, User
from bot.core.contract.ports import Repository
from bot.core.contract.prefs import Prefs
from bot.core.plan.planner import plan
from storage import open_repository

START = datetime(2026, 11, 25, 15, 0, tzinfo=UTC)
ZONES = ("Europe/London", "America/New_York", "Asia/Tokyo", "Europe/Berlin", "Australia/Sydney")
COMPANIES = ("Acme", "Globex", "Initech", "Umbrella", "Hooli", "Stark Industries", "Wayne Corp")
ROLES = ("backend", "data analyst", "QA engineer", "nurse", "product manager", "designer")


@dataclass
class UserRecords:
    user: User
    interviews: list[Interview] = field(default_factory=list)
    nudges: list[Nudge] = field(default_factory=list)
    dialog: Dialog | None = None


def user_key(i: int) -> str:
    return f"telegram:{100_000 + i}"


def make_user(i: int, rng: random.Random) -> UserRecords:
    key = user_key(i)
    tz = ZONES[i % len(ZONES)]
    rec = UserRecords(User(key=key, platform="telegram", user_id=key.split(":")[1],
                           chat_id=key.split(":")[1], timezone=tz,
                           created_at=START - timedelta(days=30), display_name=f"User {i}"))
    prefs = Prefs.for_user(rec.user)
    # Three stages: just interviewed, waiting with a date, waiting without one.
    for n, (age, decision_in, thanked) in enumerate(((0, 6, False), (2, 11, True),
                                                     (4, None, True))):
        created = START - timedelta(days=age, hours=rng.randint(0, 3))
        decision: date | None = (created + timedelta(days=decision_in)).date() \
            if decision_in else None
        iv = Interview(
            id=f"{i:06x}{n}", user_key=key, created_at=created, interviewed_at=created,
            company=rng.choice(COMPANIES), role=rng.choice(ROLES),
            interviewer=f"Interviewer {i}-{n}", interviewer_email=f"hr{i}@example.com",
            decision_by=decision, decision_unknown=decision is None, informer="hr",
            thank_you_sent_at=created + timedelta(hours=1) if thanked else None,
        )
        rec.interviews.append(iv)
        for m, p in enumerate(plan(iv, created, prefs)):
            rec.nudges.append(Nudge(
                id=f"{iv.id}{m:02d}", user_key=key, interview_id=iv.id, kind=p.kind,
                due_at=p.due_at, created_at=created,
                status="sent" if p.due_at <= START else "pending",
                done_at=p.due_at if p.due_at <= START else None,
            ))
    if i % 3 == 0:
        rec.dialog = Dialog(user_key=key, flow="intake", step="role",
                            data={"done": ["company"], "company": "Soylent"})
    return rec


def synthesise(n: int, seed: int = 7) -> list[UserRecords]:
    rng = random.Random(seed)
    return [make_user(i, rng) for i in range(n)]


def write_hearback(data_dir: Path, users: list[UserRecords]) -> None:
    """Through the real repository: one durable write per user."""
    repo = open_repository(data_dir)
    try:
        write_users(repo, users)
    finally:
        repo.close()


def write_users(repo: Repository, users: list[UserRecords]) -> None:
    """`users` into `repo`, one transaction (a durable write on the files) per user."""
    for rec in users:
        with repo.transaction():
            repo.save_user(rec.user)
            for iv in rec.interviews:
                repo.save_interview(iv)
            repo.add_nudges(rec.nudges)
            if rec.dialog is not None:
                repo.save_dialog(rec.dialog)


def write_baseline(path: Path, users: list[UserRecords]) -> None:
    """The same records as one TinyDB JSONStorage file (written in one go, TinyDB's format)."""
    tables: dict[str, dict[str, Any]] = {"users": {}, "interviews": {}, "nudges": {},
                                         "dialogs": {}}

    def put(table: str, doc: dict[str, Any]) -> None:
        tables[table][str(len(tables[table]) + 1)] = doc

    for rec in users:
        put("users", rec.user.to_dict())
        for iv in rec.interviews:
            put("interviews", iv.to_dict())
        for nudge in rec.nudges:
            put("nudges", nudge.to_dict())
        if rec.dialog is not None:
            put("dialogs", rec.dialog.to_dict())
    path.write_text(json.dumps(tables), encoding="utf-8")
