"""What a message about an interview states, read once into one record: whether it reports an
interview (and whether it happened or is still to come) and its facts. The intake saves from
it; tests/nlu/evaluate.py measures it against the corpus (tests/nlu/GUIDE.md)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal
from zoneinfo import ZoneInfo

from bot.core.language.extract import extract
from bot.core.language.understand import understand

Kind = Literal["past", "upcoming", "none"]
# What a person named in a message was to the user (the corpus guide's `as`).
Part = Literal["interviewer", "hiring manager", "recruiter", "hr", "panel", "other"]


@dataclass(frozen=True)
class Person:
    """Someone the message names, tidied ("Ms van der Berg"), and their part."""

    name: str
    part: Part = "interviewer"


@dataclass
class Understanding:
    """A first message, read. Times are aware (the user's zone); `*_has_time` says whether the
    message stated a time of day or only a day."""

    kind: Kind = "none"
    company: str | None = None
    agency: str | None = None
    role: str | None = None
    people: list[Person] = field(default_factory=list)
    email: str | None = None
    phone: str | None = None
    interviewed: datetime | None = None
    interviewed_has_time: bool = False
    decision: date | None = None
    no_decision_date: bool = False
    informer: str | None = None
    agreed_at: datetime | None = None
    agreed_has_time: bool = False
    agreed_kind: str | None = None

    def show(self, fact: str) -> object:
        """One fact as read, for a report ("people.as" gives the parts)."""
        if fact == "people":
            return [p.name for p in self.people]
        if fact == "people.as":
            return [p.part for p in self.people]
        if fact == "agreed":
            return (self.agreed_at.isoformat() if self.agreed_at else None, self.agreed_kind)
        value = getattr(self, fact)
        return value.isoformat() if isinstance(value, date | datetime) else value


def read_first_message(text: str, now: datetime, tz: ZoneInfo) -> Understanding:
    """Read a first message: its kind and every fact it states. `now` is the instant it was
    sent (aware), `tz` the user's zone."""
    facts = extract(text, now, tz)
    decision = facts.decision.day if facts.decision is not None else None
    agreed = facts.agreed_contact
    return Understanding(
        kind="past" if understand(text, now, tz).intent == "report" else "none",
        company=facts.company, role=facts.role,
        people=[Person(facts.interviewer)] if facts.interviewer else [],
        email=facts.interviewer_email, phone=facts.interviewer_phone,
        interviewed=facts.interviewed_at, decision=decision,
        no_decision_date=facts.decision_unknown, informer=facts.informer,
        agreed_at=agreed.when if agreed is not None else None,
        agreed_has_time=agreed.has_time if agreed is not None else False,
        agreed_kind=facts.agreed_contact_kind,
    )


def read_follow_up(text: str, now: datetime, tz: ZoneInfo) -> str:
    """The intent label of a later message (free text; see language.understand)."""
    return understand(text, now, tz).intent
