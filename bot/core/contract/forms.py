"""An interview told as one form (Slack's "Log an interview" modal) instead of a chat: plain
data between an adapter and the core, no platform objects.

The field names are also the ids the adapter gives the form's inputs, so that a problem the
core finds (`FormErrors`) is shown beside the right input. Dates are the user's local calendar
days (a date picker shows no zone); the time, if any, is their local wall-clock time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

# Who will tell the result: the stored `Interview.informer` codes, in the order offered.
# "hr" also covers a recruiter at the employer; "agency" a recruitment agency.
INFORMER_CHOICES: tuple[tuple[str, str], ...] = (
    ("hr", "HR / recruiter"),
    ("interviewer", "The hiring manager / interviewer"),
    ("agency", "The recruitment agency"),
    ("mailing", "A mailing team"),
    ("unknown", "I don't know"),
)
INFORMER_CODES = frozenset(code for code, _ in INFORMER_CHOICES)

# The fields, in the order a form shows them (also the ids of its inputs).
FIELDS = ("company", "role", "people", "interview_date", "interview_time", "decision_date",
          "informer", "agreed")
# Characters a text field may hold (the chat intake keeps a fact to 100; people and the agreed
# contact are read as sentences).
TEXT_LIMITS = {"company": 100, "role": 100, "people": 300, "agreed": 200}


@dataclass(frozen=True)
class InterviewForm:
    """What the form holds. Text fields as typed ("" when empty); `people` is free text such as
    "Jane Doe (hiring manager), Tom (recruiter)" and `agreed` a phrase such as "email her
    Tuesday at 10", both read by the core's understanding layer. `interview_date`,
    `decision_date`: local days (None: not picked); `interview_time`: local time of day (None:
    not picked). `informer`: one of INFORMER_CODES or None. `interview_id`: the interview being
    edited (None: a new one)."""

    company: str = ""
    role: str = ""
    people: str = ""
    interview_date: date | None = None
    interview_time: time | None = None
    decision_date: date | None = None
    informer: str | None = None
    agreed: str = ""
    interview_id: str | None = None


# field name -> what is wrong with it, in words for the user.
FormErrors = dict[str, str]
