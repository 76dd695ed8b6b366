"""The records Hearback keeps. Each converts to and from a JSON-safe dict for storage."""

from __future__ import annotations

import copy
import re
from dataclasses import asdict, dataclass, field, fields
from datetime import date, datetime
from typing import Any, Literal

# A nudge's status: pending -> claimed -> sent, or cancelled / merged / expired, or paused
# (the user cannot be reached; resumed when they write again). Changed only by `Nudge`'s methods.
NUDGE_STATUSES = ("pending", "claimed", "sent", "cancelled", "merged", "expired", "paused")
# The statuses of a nudge that will never be sent; its note says why.
ENDED_STATUSES = ("cancelled", "merged", "expired")

# Where a nudge came from: the planner, or the user by hand (a snooze, "on standby", a retry
# after "no answer", a reminder they asked for in their own words). Stable: stored in the data
# file.
Origin = Literal["plan", "snooze", "standby", "retry", "reminder"]
# Before `origin` was a field, a hand-made nudge carried it in its note (see `Nudge.from_dict`).
_ORIGIN_NOTES: dict[str, Origin] = {"snoozed": "snooze", "standby": "standby", "retry": "retry"}
_ANSWERED = "answered:"

# Words that say what a role is without naming it. A role that ends in one reads whole ("the
# backend vacancy", never "the backend vacancy role"); fact extraction reads "for the X <word>" as
# role X; a rehearsal answer that says only one of them has not named the role. One list, so the
# label, the wording, the extraction and the rehearsal agree.
GENERIC_ROLE_WORDS = ("role", "position", "job", "post", "opening", "vacancy", "spot", "gig")
GENERIC_ROLE_PATTERN = "(?:" + "|".join(GENERIC_ROLE_WORDS) + ")"  # a regex group, no capture
_ENDS_IN_ROLE_WORD = re.compile(rf"\b{GENERIC_ROLE_PATTERN}$", re.IGNORECASE)


def ends_in_role_word(role: str) -> bool:
    """True when the role's last word is one of GENERIC_ROLE_WORDS, in any case ("Backend
    Vacancy"), so a phrase around it adds no 'role' or 'position' of its own."""
    return _ENDS_IN_ROLE_WORD.search(role) is not None


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
    # The public holidays' calendar the user chose (ISO 3166 country and subdivision codes);
    # unset, the zone's country and region apply, unless `no_country` (weekends only).
    country: str | None = None
    region: str | None = None
    no_country: bool = False
    # The zone the platform last reported for the user (a Slack profile's, the terminal
    # machine's); None where the platform tells none (Telegram). A change is offered to them.
    platform_zone: str | None = None
    # The zone is the user's (they chose it, or were told the platform's): not a guess.
    zone_confirmed: bool = False
    # The first-contact question about the zone was asked (it is asked once).
    zone_asked: bool = False
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
    # Random nonces of the delete questions asked since this record was made (the last few):
    # a "Yes, delete everything" press counts only with one of them, so a button from before
    # an earlier delete is told apart by identity, not by comparing clock times (issue 15).
    delete_asks: list[str] = field(default_factory=list)
    # Messages the bot posted about this user in team channels: channel key -> the platform's
    # message ids (Telegram message_id, Slack ts), the most recent few; `delete` takes them down.
    channel_posts: dict[str, list[str]] = field(default_factory=dict)
    # The buttons of the last reply ([label, payload] pairs) and when they were shown (ISO,
    # UTC): a typed "yes" or label presses one (bot/core/offered.py).
    offered: list[list[str]] = field(default_factory=list)
    offered_at: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The record as stored: JSON-safe, dates and times as ISO strings."""
        d = asdict(self)
        d["created_at"] = _iso(self.created_at)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> User:
        """A stored record back; keys this version does not know (a newer one\'s) are
        ignored, missing ones take their defaults."""
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
    # The recruitment agency that put the user forward, and the other people named with their
    # part ("Priya (recruiter)"); never shown in a team channel.
    agency: str | None = None
    contacts: list[str] = field(default_factory=list)
    # One application, several rounds (issue 17): `round` names the current round ("screen",
    # "first", "second", "third", "final", "assessment", "offer"; None: not named), whose time is
    # `interviewed_at`; `rounds` holds the earlier ones, oldest first, as {"label": ..., "at":
    # ISO UTC}. A record saved before rounds existed is one unnamed round: already this shape.
    round: str | None = None
    rounds: list[dict[str, str]] = field(default_factory=list)
    # The user's own notes and the job advert's link: shown to them (status, export), never in
    # a team channel.
    notes: list[str] = field(default_factory=list)
    link: str | None = None
    # The offer stage (issue 17): when the offer came ("Selected"), and the day they need the
    # answer by (None: not asked yet, or they didn't say).
    offer_at: datetime | None = None
    offer_deadline: date | None = None
    # When the employer's answer was recorded (selected, standby, not selected), for `stats`;
    # None before one came, and for answers recorded before it was kept.
    answered_at: datetime | None = None

    @property
    def label(self) -> str:
        company = self.company or "a company you didn't name"
        if not self.role:
            return self.company or "your interview"
        return f"{self.role}{'' if ends_in_role_word(self.role) else ' role'} at {company}"

    def to_dict(self) -> dict[str, Any]:
        """The record as stored: JSON-safe, dates and times as ISO strings."""
        d = asdict(self)
        for name in ("created_at", "interviewed_at", "decision_by", "agreed_contact_at",
                     "thank_you_sent_at", "waiting_since", "offer_at", "offer_deadline",
                     "answered_at"):
            d[name] = _iso(getattr(self, name))
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Interview:
        """A stored record back; keys this version does not know (a newer one\'s) are
        ignored, missing ones take their defaults."""
        known = {f.name for f in fields(cls)}
        data = copy.deepcopy({k: v for k, v in d.items() if k in known})
        for name in ("created_at", "interviewed_at", "agreed_contact_at", "thank_you_sent_at",
                     "waiting_since", "offer_at", "answered_at"):
            data[name] = _dt(d.get(name))
        data["decision_by"] = _d(d.get("decision_by"))
        data["offer_deadline"] = _d(d.get("offer_deadline"))
        return cls(**data)


@dataclass
class Nudge:
    """A dated message to a user about one interview. Times are UTC. `note` is a human-readable
    reason for the last change (why it ended, was re-timed or paused); `answer` is the outcome
    code a call prompt was answered with ("sel", "na", ...), None until it is answered."""

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
    origin: Origin = "plan"
    answer: str | None = None
    # Which making of the interview's nudges this one came from (a plan, a re-plan, a snooze),
    # counted per interview (see `next_batch`): "replaced by a newer plan" is told by it, never
    # by the clock, which may go back. 0 for nudges made before it was kept.
    batch: int = 0
    # The lease of a claim made by `Repository.lease_due_nudges` (several workers on one
    # database): which worker holds it, and until when (UTC). None for a single process's claim.
    leased_by: str | None = None
    lease_until: datetime | None = None
    # The user's own words for a reminder they asked for ("email the recruiter"); None for the
    # nudges the planner makes. Such a reminder may belong to no interview (`interview_id` "").
    text: str | None = None

    @staticmethod
    def next_batch(existing: list[Nudge]) -> int:
        """The batch number for nudges made now for an interview that has `existing` ones:
        one more than the highest so far."""
        return max((n.batch for n in existing), default=0) + 1

    # -- status changes (the only code that sets `status`) ------------------------------------
    def claim(self, now: datetime) -> None:
        """Taken for delivery (durably, before the platform is asked): counts an attempt."""
        self.status, self.claimed_at, self.attempts = "claimed", now, self.attempts + 1

    def lease(self, now: datetime, worker: str, until: datetime) -> None:
        """Claimed by `worker` until `until` (UTC): after that the claim may be returned to the
        queue (`Repository.release_expired_leases`) and taken by another worker."""
        self.claim(now)
        self.leased_by, self.lease_until = worker, until

    def mark_sent(self, now: datetime) -> None:
        """Delivered: history from now on."""
        self.status, self.done_at = "sent", now

    def release(self) -> None:
        """Back in the queue, unclaimed (left claimed by a crash, or a failed delivery)."""
        self.status, self.claimed_at = "pending", None
        self.leased_by = self.lease_until = None

    def retry(self, due_at: datetime, reason: str) -> None:
        """A delivery failed for now: back in the queue, due again at `due_at`."""
        self.release()
        self.retime(due_at, reason)

    def retime(self, due_at: datetime, reason: str) -> None:
        """Moved to another time by the bot (catch-up, a retry, a rate-limit hold); the status
        stays. It then counts as planned: a later re-plan (a new zone or quiet hours) may
        replace it, as hand-made nudges were treated before `origin` existed."""
        self.due_at, self.note, self.origin = due_at, reason, "plan"

    def end(self, status: str, now: datetime, reason: str) -> None:
        """Never to be sent: `status` is one of ENDED_STATUSES (raises ValueError otherwise)."""
        if status not in ENDED_STATUSES:
            raise ValueError(f"a nudge cannot end as {status!r}")
        self.status, self.done_at, self.note = status, now, reason

    def cancel(self, now: datetime, reason: str) -> None:
        """Replaced or no longer wanted (re-planned, snoozed, thank-you sent...)."""
        self.end("cancelled", now, reason)

    def pause(self, now: datetime, reason: str) -> None:
        """Held while the user cannot be reached; `resume` puts it back (as planned: see
        `retime`)."""
        self.status, self.done_at, self.claimed_at, self.note = "paused", now, None, reason
        self.origin = "plan"

    def resume(self) -> None:
        """The user can be reached again: pending once more, as planned (see `retime`)."""
        self.status, self.done_at, self.note, self.origin = "pending", None, "resumed", "plan"

    # -- storage --------------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """The record as stored: JSON-safe, dates and times as ISO strings."""
        d = asdict(self)
        for name in ("due_at", "created_at", "claimed_at", "done_at", "lease_until"):
            d[name] = _iso(getattr(self, name))
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Nudge:
        """A stored record back; unknown keys are ignored, missing ones take their defaults,
        and a record saved before `origin` and `answer` existed gets them from its note."""
        known = {f.name for f in fields(cls)}
        data = {k: v for k, v in d.items() if k in known}
        for name in ("due_at", "created_at", "claimed_at", "done_at", "lease_until"):
            data[name] = _dt(d.get(name))
        if "origin" not in d:
            data.update(_from_old_note(d.get("note"), d.get("status")))
        return cls(**data)


def _from_old_note(note: str | None, status: str | None) -> dict[str, Any]:
    """The fields a record saved before `origin` and `answer` existed kept in its note: an
    answered call prompt held "answered:<code>", a hand-made nudge "snoozed", "standby" or
    "retry" (until a re-time or resume rewrote the note: such a nudge counted as planned, and
    still does). An ended nudge's "snoozed" is the reason it ended, not where it came from."""
    if note is None:
        return {}
    if note.startswith(_ANSWERED):
        return {"answer": note.removeprefix(_ANSWERED), "note": None}
    origin = _ORIGIN_NOTES.get(note)
    if origin is not None and status not in ENDED_STATUSES:
        return {"origin": origin, "note": None}
    return {}


@dataclass
class Dialog:
    """Where a user is in a multi-step flow; kept in storage so it survives restarts."""

    user_key: str
    flow: str
    step: str
    data: dict[str, Any] = field(default_factory=dict)
    pending: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        """The record as stored: JSON-safe, dates and times as ISO strings."""
        return copy.deepcopy(asdict(self))

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Dialog:
        """A stored record back; keys this version does not know (a newer one\'s) are
        ignored, missing ones take their defaults."""
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
        """The record as stored: JSON-safe, dates and times as ISO strings."""
        d = copy.deepcopy(asdict(self))
        d["created_at"] = _iso(self.created_at)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Share:
        """A stored record back; keys this version does not know (a newer one\'s) are
        ignored, missing ones take their defaults."""
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
    # Message ids (the platform's) to take down: posts about members who deleted their data,
    # kept here (ids only, nothing about the person) until the scheduler has removed them.
    retract: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The record as stored: JSON-safe, dates and times as ISO strings."""
        d = copy.deepcopy(asdict(self))
        d["next_digest_at"] = _iso(self.next_digest_at)
        d["created_at"] = _iso(self.created_at)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Channel:
        """A stored record back; keys this version does not know (a newer one\'s) are
        ignored, missing ones take their defaults."""
        known = {f.name for f in fields(cls)}
        data = copy.deepcopy({k: v for k, v in d.items() if k in known})
        data["next_digest_at"] = _dt(d.get("next_digest_at"))
        data["created_at"] = _dt(d.get("created_at"))
        return cls(**data)
