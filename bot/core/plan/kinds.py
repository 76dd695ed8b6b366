"""The table of nudge kinds: everything the rest of the bot needs to know about a kind of nudge.

Each kind is one `NudgeKind` record in `KINDS`, in plan order. The collections below the table
(`CONTACT_KINDS`, `THANK_YOU_KINDS`, ...) are derived from it, so a new kind is one new row.

Two identifiers are stable and must never be renamed without a migration: `code` is stored on
disk in every nudge record, and `button` is inside Snooze buttons already sent to platforms
(payload `hb1|sz|<owner>|<interview>|<button>.<nudge id>[:<preset>]`). Both are checked for
uniqueness at import.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

# The kinds' codes, for code that names one kind (stable: stored in the data file).
THANK_YOU_REMINDER = "thank_you_reminder"
THANK_YOU_LAST = "thank_you_last"
ASK_FOR_DATE = "ask_for_date"
CHECKIN = "checkin"
REHEARSAL_OFFER = "rehearsal_offer"
CALL_PROMPT = "call_prompt"
AGREED_CONTACT = "agreed_contact"
# Issue 17: a reminder the user asked for in their own words (its text in `Nudge.text`, usually
# of no interview), and getting ready for a round of an application still to come.
OWN_REMINDER = "own_reminder"
ROUND_PREP = "round_prep"
FOLLOW_UP = "follow_up"
OFFER_DEADLINE = "offer_deadline"


@dataclass(frozen=True)
class NudgeKind:
    """One kind of nudge and how each part of the bot treats it (the flags default to "no")."""

    code: str  # stored in `Nudge.kind`
    button: str  # two letters, in Snooze button payloads
    # How it reads in the plan ("• Tue 10:00 — <plan_line>"); None: built from the interview
    # (an agreed email or call, see `views.step_phrase`).
    plan_line: str | None
    snooze_name: str  # "Snooze the <snooze_name> for ..."
    step_phrase: str | None = None  # "Next: <step_phrase>"; None: the plan line
    # It asks the user to contact the employer: kept to a business day in office hours
    # (planner.next_contact_slot), also after a snooze or a late catch-up.
    contact: bool = False
    calendar_event: timedelta | None = None  # its length in the calendar export; None: left out
    stale_after: timedelta | None = None  # a catch-up this late drops it as expired
    merge_group: str | None = None  # several due at once of one group collapse into the latest
    covered_by_call: bool = False  # a catch-up drops it when a call prompt is due too
    next_step: bool = False  # a real step the user takes ("Next:", the team board)
    thank_you: bool = False  # the thank-you series: ended by "thank-you sent", snoozed as one


KINDS = (
    NudgeKind(THANK_YOU_REMINDER, "tr",
              plan_line="reminder to send your thank-you, if it isn't sent by then",
              snooze_name="thank-you reminder", stale_after=timedelta(days=2),
              merge_group="thank_you", thank_you=True),
    NudgeKind(THANK_YOU_LAST, "tl", plan_line="last thank-you reminder, then I drop it",
              snooze_name="thank-you reminder", stale_after=timedelta(days=2),
              merge_group="thank_you", thank_you=True),
    NudgeKind(ASK_FOR_DATE, "ad", plan_line="ask HR when you'll hear back",
              snooze_name="reminder to ask HR", contact=True,
              calendar_event=timedelta(minutes=15), covered_by_call=True, next_step=True),
    NudgeKind(CHECKIN, "ci", plan_line="a quick check-in while you wait", snooze_name="check-in",
              stale_after=timedelta(days=1), merge_group="checkin"),
    # "Tomorrow is call day" is only true the evening before: a few hours' grace at most.
    NudgeKind(REHEARSAL_OFFER, "ro", plan_line="rehearse tomorrow's call",
              snooze_name="rehearsal offer", calendar_event=timedelta(minutes=20),
              stale_after=timedelta(hours=3), covered_by_call=True),
    NudgeKind(CALL_PROMPT, "cp", plan_line="call day: phone them and ask where things stand",
              step_phrase="call them to ask where things stand", snooze_name="call reminder",
              contact=True, calendar_event=timedelta(minutes=30), next_step=True),
    # Not a contact kind: the agreed time is kept exactly, as agreed with the interviewer.
    NudgeKind(AGREED_CONTACT, "ac", plan_line=None, snooze_name="reminder to get in touch",
              calendar_event=timedelta(minutes=30), next_step=True),
    # Kept whatever its lateness: the user asked for it (a catch-up still holds it out of quiet
    # hours).
    NudgeKind(OWN_REMINDER, "ur", plan_line="your reminder", snooze_name="reminder",
              calendar_event=timedelta(minutes=15)),
    # Pointless once the round has begun: a few hours' grace.
    NudgeKind(ROUND_PREP, "rp", plan_line="get ready for your next round, with a practice",
              step_phrase="get ready for your next round", snooze_name="preparation reminder",
              stale_after=timedelta(hours=4), next_step=True),
    # While a decision is overdue: one written follow-up, CONTACT_SPACING working days after the
    # call (the seed's 3-4 days), and then no more contacts (the anti-obsession cap).
    NudgeKind(FOLLOW_UP, "fu", plan_line="no news since the call? one short follow-up email",
              step_phrase="send one short follow-up email", snooze_name="follow-up reminder",
              contact=True, calendar_event=timedelta(minutes=15), next_step=True),
    # The working day before the answer to an offer is due (issue 17, the offer stage).
    NudgeKind(OFFER_DEADLINE, "od", plan_line="your answer to the offer is due soon",
              step_phrase="answer the offer (or ask for more time)",
              snooze_name="offer reminder", calendar_event=timedelta(minutes=15),
              next_step=True),
)


def _index(key: str) -> dict[str, NudgeKind]:
    """The table by one of its identifiers; raises ValueError when two kinds share a value."""
    out: dict[str, NudgeKind] = {}
    for kind in KINDS:
        value = getattr(kind, key)
        if value in out:
            raise ValueError(f"nudge kinds {out[value].code} and {kind.code} share the "
                             f"{key} {value!r}")
        out[value] = kind
    return out


def _check_buttons() -> None:
    """Raises ValueError unless every button code is two letters: it sits between the
    separators of a Snooze payload ("<button>.<nudge id>:<preset>")."""
    if bad := [k.code for k in KINDS if not (len(k.button) == 2 and k.button.isalpha())]:
        raise ValueError(f"nudge kinds {bad} need a two-letter button code")


_check_buttons()
BY_CODE = _index("code")
BY_BUTTON = _index("button")

CONTACT_KINDS = frozenset(k.code for k in KINDS if k.contact)
THANK_YOU_KINDS = frozenset(k.code for k in KINDS if k.thank_you)
STEP_KINDS = frozenset(k.code for k in KINDS if k.next_step)
CALENDAR_KINDS = frozenset(k.code for k in KINDS if k.calendar_event is not None)


def kind_of(code: str) -> NudgeKind:
    """The record of a stored kind. A code this version does not know (written by a newer one)
    gets a plain record: no special treatment, and its code as its plan line."""
    return BY_CODE.get(code) or NudgeKind(code, "", plan_line=code, snooze_name="reminder")
