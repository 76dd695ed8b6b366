"""The records Hearback keeps. Each converts to and from a JSON-safe dict for storage."""

from __future__ import annotations

import copy
import re
from dataclasses import asdict, dataclass, field, fields
from datetime import date, datetime
from typing import Any

# A nudge's status: pending -> claimed -> sent, or cancelled / merged / expired, or paused
# (the user cannot be reached; resumed when they write again).
NUDGE_STATUSES = ("pending", "claimed", "sent", "cancelled", "merged", "expired", "paused")


def _dt(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _d(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def user_key(platform: str, user: str) -> str:
    return f"{platform}:{user}"


@dataclass
class User:
    key: str
    platform: str
    user_id: str
    chat_id: str
    timezone: str
    created_at: datetime
    display_name: str | None = None
    quiet_start: str = "21:00"
    quiet_end: str = "08:00"
    country: str | None = None
    # Set when a platform says the user cannot be reached (blocked the bot, left the workspace).
    unreachable: bool = False
    # The profile that signs drafts (each optional; asked once, when the first draft needs it).
    full_name: str | None = None
    phone: str | None = None
    email: str | None = None
    address: str | None = None
    profile_asked: bool = False
    # Recent "any news?" checks and early wishes to contact the employer (ISO times), for the
    # anti-obsession thresholds.
    news_checks: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["created_at"] = _iso(self.created_at)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> User:
        known = {f.name for f in fields(cls)}
        # A copy: the list fields must not be the stored record's own lists.
        data = copy.deepcopy({k: v for k, v in d.items() if k in known})
        data["created_at"] = _dt(d["created_at"])
        return cls(**data)


@dataclass
class Interview:
    id: str
    user_key: str
    created_at: datetime
    interviewed_at: datetime
    company: str | None = None
    role: str | None = None
    interviewer: str | None = None
    interviewer_email: str | None = None
    interviewer_phone: str | None = None
    decision_by: date | None = None
    # True when the user told us no date was given (different from "not asked yet").
    decision_unknown: bool = False
    informer: str | None = None
    agreed_contact_at: datetime | None = None
    agreed_contact_kind: str | None = None
    thank_you_sent_at: datetime | None = None
    status: str = "waiting"
    outcome: str | None = None
    call_retries: int = 0
    # When the user last reported "still waiting" with no new date: the wait restarts here.
    waiting_since: datetime | None = None
    # Something the user liked in the interview, for the thank-you draft.
    liked: str | None = None
    # Times the user contacted (or asked to contact) the employer before the promised date.
    early_contacts: int = 0

    @property
    def label(self) -> str:
        company = self.company or "a company you didn't name"
        if not self.role:
            return self.company or "your interview"
        generic = re.search(r"\b(?:role|position|job|post|opening)$", self.role, re.IGNORECASE)
        return f"{self.role}{'' if generic else ' role'} at {company}"

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        for name in ("created_at", "interviewed_at", "decision_by", "agreed_contact_at",
                     "thank_you_sent_at", "waiting_since"):
            d[name] = _iso(getattr(self, name))
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Interview:
        known = {f.name for f in fields(cls)}
        data = {k: v for k, v in d.items() if k in known}
        for name in ("created_at", "interviewed_at", "agreed_contact_at", "thank_you_sent_at",
                     "waiting_since"):
            data[name] = _dt(d.get(name))
        data["decision_by"] = _d(d.get("decision_by"))
        return cls(**data)


@dataclass
class Nudge:
    id: str
    user_key: str
    interview_id: str
    kind: str
    due_at: datetime
    status: str = "pending"
    created_at: datetime | None = None
    claimed_at: datetime | None = None
    done_at: datetime | None = None
    attempts: int = 0
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        for name in ("due_at", "created_at", "claimed_at", "done_at"):
            d[name] = _iso(getattr(self, name))
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Nudge:
        known = {f.name for f in fields(cls)}
        data = {k: v for k, v in d.items() if k in known}
        for name in ("due_at", "created_at", "claimed_at", "done_at"):
            data[name] = _dt(d.get(name))
        return cls(**data)


@dataclass
class Dialog:
    """Where a user is in a multi-step flow; kept in storage so it survives restarts."""

    user_key: str
    flow: str
    step: str
    data: dict[str, Any] = field(default_factory=dict)
    pending: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        return copy.deepcopy(asdict(self))

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Dialog:
        d = copy.deepcopy(d)
        return cls(user_key=d["user_key"], flow=d["flow"], step=d["step"],
                   data=d.get("data") or {}, pending=d.get("pending"))


# Milestones a sharer can have posted in a channel. "closed" (a process ending without an offer)
# is never posted unless the person opted into it: a rejection is theirs to announce.
MILESTONES = ("thank_you", "called", "offer", "closed")


@dataclass
class Share:
    """One user's sharing into one team channel: which interviews, and which milestones are
    posted there. Kept in the user's own file, so `delete` takes it with everything else."""

    user_key: str
    channel: str  # the channel's key, e.g. "slack:C0123"
    interviews: list[str] = field(default_factory=list)
    everything: bool = False  # every interview, new ones included
    milestones: list[str] = field(default_factory=list)
    milestones_asked: bool = False
    created_at: datetime | None = None

    def covers(self, interview_id: str) -> bool:
        return self.everything or interview_id in self.interviews

    def to_dict(self) -> dict[str, Any]:
        d = copy.deepcopy(asdict(self))
        d["created_at"] = _iso(self.created_at)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Share:
        known = {f.name for f in fields(cls)}
        data = copy.deepcopy({k: v for k, v in d.items() if k in known})
        data["created_at"] = _dt(d.get("created_at"))
        return cls(**data)


@dataclass
class Channel:
    """A team channel (Slack channel, Telegram group) Hearback was used in."""

    key: str  # user_key(platform, chat_id)
    platform: str
    chat_id: str
    title: str | None = None
    # People seen using Hearback here (so a DM `share` can offer this channel). Only user keys.
    members: list[str] = field(default_factory=list)
    # Weekly digest: weekday (0 = Monday) and local hour in `digest_tz`; off while day is None.
    digest_day: int | None = None
    digest_hour: int = 9
    digest_tz: str = "UTC"
    next_digest_at: datetime | None = None
    created_at: datetime | None = None
    # Recent milestone posts: post id -> {"owner": user key, "cheers": [user keys]}.
    posts: dict[str, dict[str, Any]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        d = copy.deepcopy(asdict(self))
        d["next_digest_at"] = _iso(self.next_digest_at)
        d["created_at"] = _iso(self.created_at)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Channel:
        known = {f.name for f in fields(cls)}
        data = copy.deepcopy({k: v for k, v in d.items() if k in known})
        data["next_digest_at"] = _dt(d.get("next_digest_at"))
        data["created_at"] = _dt(d.get("created_at"))
        return cls(**data)
