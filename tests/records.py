"""Records to store, shared by the storage tests (tests/test_storage.py, tests/contract/): one
user "console:ana" with an interview, two nudges (one pending, one sent) and a dialog, each field
set to something other than its default so that a round trip that dropped one would show."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.core.contract.models import Dialog, Interview, Nudge, User
from bot.core.contract.ports import Repository

LONDON = ZoneInfo("Europe/London")
T0 = datetime(2026, 11, 25, 15, 0, tzinfo=LONDON)


def make_user(key: str = "console:ana", **changes: Any) -> User:
    user = User(key=key, platform="console", user_id=key.split(":", 1)[1],
                chat_id=key.split(":", 1)[1], timezone="Europe/London", created_at=T0,
                display_name="Ana Lima", quiet_start="22:00", quiet_end="07:30", country="GB")
    for name, value in changes.items():
        setattr(user, name, value)
    return user


def make_interview(iid: str = "iv000001", user_key: str = "console:ana") -> Interview:
    return Interview(
        id=iid, user_key=user_key, created_at=T0, interviewed_at=T0 - timedelta(hours=1),
        company="Acme", role="backend", interviewer="Jane Doe",
        interviewer_email="jane@acme.example", interviewer_phone="+44 20 7946 0000",
        decision_by=date(2026, 11, 27), decision_unknown=False, informer="hr",
        agreed_contact_at=datetime(2026, 12, 1, 10, 0, tzinfo=LONDON), agreed_contact_kind="email",
        thank_you_sent_at=T0 + timedelta(minutes=30), status="waiting", outcome=None,
        call_retries=1,
    )


def make_nudges(iid: str = "iv000001", user_key: str = "console:ana",
                prefix: str = "n") -> list[Nudge]:
    return [
        Nudge(id=f"{prefix}0000001", user_key=user_key, interview_id=iid,
              kind="thank_you_reminder", due_at=T0 + timedelta(hours=2), created_at=T0),
        Nudge(id=f"{prefix}0000002", user_key=user_key, interview_id=iid, kind="call_prompt",
              due_at=datetime(2026, 11, 30, 10, 0, tzinfo=LONDON), status="sent",
              created_at=T0, claimed_at=T0 + timedelta(days=5), done_at=T0 + timedelta(days=5),
              attempts=2, note="delivered after a retry"),
    ]


def make_nudge(nid: str, user_key: str = "console:ana", iid: str = "iv000001", *,
               due_at: datetime = T0, status: str = "pending") -> Nudge:
    return Nudge(id=nid, user_key=user_key, interview_id=iid, kind="checkin", due_at=due_at,
                 status=status, created_at=T0)


def make_dialog(user_key: str = "console:ana") -> Dialog:
    return Dialog(user_key=user_key, flow="intake", step="informer",
                  data={"company": "Acme", "names": ["Jane", "Doe"], "nested": {"n": 1, "ok": True},
                        "unicode": "Zoë – café"},
                  pending={"question": "decision_by", "candidates": ["2026-12-04"]})


def save_everything(repo: Repository, key: str = "console:ana", iid: str = "iv000001",
                    prefix: str = "n") -> None:
    with repo.transaction():
        repo.save_user(make_user(key))
        repo.save_interview(make_interview(iid, key))
        repo.add_nudges(make_nudges(iid, key, prefix))
        repo.save_dialog(make_dialog(key))
