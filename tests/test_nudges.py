"""The table of nudge kinds (bot/core/plan/kinds.py) and the Nudge record's status changes and
stored fields (bot/core/contract/models.py), including records saved before `origin` existed."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from bot.core.contract.models import NUDGE_STATUSES, Nudge
from bot.core.plan import kinds
from bot.core.plan.kinds import (
    AGREED_CONTACT,
    ASK_FOR_DATE,
    CALENDAR_KINDS,
    CALL_PROMPT,
    CHECKIN,
    CONTACT_KINDS,
    FOLLOW_UP,
    KINDS,
    OFFER_DEADLINE,
    OWN_REMINDER,
    REHEARSAL_OFFER,
    ROUND_PREP,
    STEP_KINDS,
    THANK_YOU_KINDS,
    THANK_YOU_LAST,
    THANK_YOU_REMINDER,
    NudgeKind,
    kind_of,
)
from tests.conftest import START

# Stored on disk (kind) and inside Snooze buttons already sent (button): never to change.
STABLE = {"thank_you_reminder": "tr", "thank_you_last": "tl", "ask_for_date": "ad",
          "checkin": "ci", "rehearsal_offer": "ro", "call_prompt": "cp", "agreed_contact": "ac",
          "own_reminder": "ur", "round_prep": "rp", "follow_up": "fu", "offer_deadline": "od"}


# -- the table --------------------------------------------------------------------------------
def test_the_stored_codes_and_button_codes_are_the_ones_already_in_use() -> None:
    assert {k.code: k.button for k in KINDS} == STABLE
    assert [k.code for k in KINDS] == [THANK_YOU_REMINDER, THANK_YOU_LAST, ASK_FOR_DATE, CHECKIN,
                                       REHEARSAL_OFFER, CALL_PROMPT, AGREED_CONTACT,
                                       OWN_REMINDER, ROUND_PREP, FOLLOW_UP, OFFER_DEADLINE]


def test_the_derived_lists_say_what_each_kind_is() -> None:
    assert {ASK_FOR_DATE, CALL_PROMPT, FOLLOW_UP} == CONTACT_KINDS
    assert {THANK_YOU_REMINDER, THANK_YOU_LAST} == THANK_YOU_KINDS
    assert {ASK_FOR_DATE, CALL_PROMPT, AGREED_CONTACT, ROUND_PREP, FOLLOW_UP,
            OFFER_DEADLINE} == STEP_KINDS
    assert {ASK_FOR_DATE, AGREED_CONTACT, REHEARSAL_OFFER, CALL_PROMPT, OWN_REMINDER, FOLLOW_UP,
            OFFER_DEADLINE} == CALENDAR_KINDS
    assert {k.code for k in KINDS if k.covered_by_call} == {REHEARSAL_OFFER, ASK_FOR_DATE}
    assert {k.code: k.merge_group for k in KINDS if k.merge_group} == {
        THANK_YOU_REMINDER: "thank_you", THANK_YOU_LAST: "thank_you", CHECKIN: "checkin"}
    assert {k.code: k.stale_after for k in KINDS if k.stale_after} == {
        THANK_YOU_REMINDER: timedelta(days=2), THANK_YOU_LAST: timedelta(days=2),
        CHECKIN: timedelta(days=1), REHEARSAL_OFFER: timedelta(hours=3),
        ROUND_PREP: timedelta(hours=4)}


@pytest.mark.parametrize("field", ["code", "button"])
def test_two_kinds_sharing_a_code_or_a_button_code_are_refused(
        monkeypatch: pytest.MonkeyPatch, field: str) -> None:
    first = KINDS[0]
    clash = NudgeKind(first.code if field == "code" else "new_kind",
                      first.button if field == "button" else "zz", plan_line="x",
                      snooze_name="x")
    monkeypatch.setattr(kinds, "KINDS", (*KINDS, clash))
    with pytest.raises(ValueError, match=f"share the {field}"):
        kinds._index(field)


@pytest.mark.parametrize("button", ["t", "t.", "abc", "1a"])
def test_a_button_code_must_be_two_letters(monkeypatch: pytest.MonkeyPatch, button: str) -> None:
    odd = NudgeKind("new_kind", button, plan_line="x", snooze_name="x")
    monkeypatch.setattr(kinds, "KINDS", (*KINDS, odd))
    with pytest.raises(ValueError, match="new_kind"):
        kinds._check_buttons()


def test_a_kind_this_version_does_not_know_gets_no_special_treatment() -> None:
    unknown = kind_of("from_a_newer_version")
    assert unknown.plan_line == "from_a_newer_version"
    assert not (unknown.contact or unknown.thank_you or unknown.next_step
                or unknown.covered_by_call)
    assert unknown.calendar_event is None and unknown.stale_after is None
    assert unknown.merge_group is None
    assert kind_of(CALL_PROMPT) is kinds.BY_CODE[CALL_PROMPT]


# -- status changes ---------------------------------------------------------------------------
def nudge(**changes: Any) -> Nudge:
    n = Nudge(id="n1", user_key="console:u1", interview_id="iv1", kind=CALL_PROMPT,
              due_at=START, created_at=START)
    for name, value in changes.items():
        setattr(n, name, value)
    return n


def test_a_delivery_claims_counts_and_marks_sent() -> None:
    n = nudge()
    later = START + timedelta(minutes=1)
    n.claim(START)
    assert (n.status, n.claimed_at, n.attempts) == ("claimed", START, 1)
    n.mark_sent(later)
    assert (n.status, n.done_at, n.claimed_at, n.attempts) == ("sent", later, START, 1)


def test_a_failed_delivery_goes_back_in_the_queue_or_pauses() -> None:
    n = nudge()
    n.claim(START)
    retry_at = START + timedelta(seconds=30)
    n.retry(retry_at, "delivery failed: timeout")
    assert (n.status, n.claimed_at, n.due_at, n.attempts) == ("pending", None, retry_at, 1)
    assert n.note == "delivery failed: timeout"
    n.claim(retry_at)
    n.pause(retry_at, "delivery failed: blocked")
    assert (n.status, n.claimed_at, n.done_at) == ("paused", None, retry_at)
    n.resume()
    assert (n.status, n.done_at, n.note, n.attempts) == ("pending", None, "resumed", 2)


def test_ending_a_nudge_records_when_and_why() -> None:
    for status in ("cancelled", "merged", "expired"):
        n = nudge()
        n.end(status, START, "because")
        assert (n.status, n.done_at, n.note) == (status, START, "because")
    n = nudge(origin="snooze")
    n.cancel(START, "replanned")
    assert (n.status, n.done_at, n.note, n.origin) == ("cancelled", START, "replanned", "snooze")
    with pytest.raises(ValueError):
        nudge().end("sent", START, "not an ending")
    assert set(NUDGE_STATUSES) >= {"pending", "claimed", "sent", "paused", "cancelled"}


def test_retiming_keeps_the_status_and_makes_a_hand_made_nudge_planned() -> None:
    # As before `origin` existed: a re-time rewrote the note that marked it hand-made, so a
    # later re-plan (a new zone, quiet hours) replaces it at a time that suits the new settings.
    n = nudge(origin="retry")
    n.retime(START + timedelta(hours=1), "re-timed from 15:00")
    assert (n.status, n.origin, n.due_at) == ("pending", "plan", START + timedelta(hours=1))
    for made in ("snooze", "standby"):
        paused = nudge(origin=made)
        paused.pause(START, "unreachable")
        paused.resume()
        assert (paused.status, paused.origin) == ("pending", "plan")


# -- stored records ---------------------------------------------------------------------------
def test_origin_and_answer_round_trip_through_a_dict() -> None:
    n = nudge(origin="standby", answer="na", note="re-timed")
    d = n.to_dict()
    assert (d["origin"], d["answer"], d["note"]) == ("standby", "na", "re-timed")
    assert Nudge.from_dict(d) == n


def old_dict(note: str | None, status: str = "pending") -> dict[str, Any]:
    """A nudge as the version before `origin` and `answer` saved it."""
    d = nudge(status=status, note=note).to_dict()
    del d["origin"], d["answer"]
    return d


@pytest.mark.parametrize(("note", "status", "origin", "answer", "kept_note"), [
    # Hand-made nudges carried where they came from in the note.
    ("snoozed", "pending", "snooze", None, None),
    ("standby", "pending", "standby", None, None),
    ("retry", "sent", "retry", None, None),
    ("snoozed", "paused", "snooze", None, None),
    # On an ended nudge, "snoozed" is why it ended: it stays the note.
    ("snoozed", "cancelled", "plan", None, "snoozed"),
    # A call prompt answered with how the call went.
    ("answered:na", "sent", "plan", "na", None),
    ("answered:sel", "cancelled", "plan", "sel", None),
    # Reasons stay reasons; a rewritten note left a nudge counted as planned, as it was.
    ("re-timed from 2026-11-25T15:00:00+00:00", "pending", "plan", None,
     "re-timed from 2026-11-25T15:00:00+00:00"),
    ("resumed", "pending", "plan", None, "resumed"),
    ("replanned", "cancelled", "plan", None, "replanned"),
    (None, "pending", "plan", None, None),
])
def test_a_nudge_saved_before_origin_was_a_field_loads_with_its_origin(
        note: str | None, status: str, origin: str, answer: str | None,
        kept_note: str | None) -> None:
    n = Nudge.from_dict(old_dict(note, status))
    assert (n.origin, n.answer, n.note, n.status) == (origin, answer, kept_note, status)


def test_a_new_record_is_never_read_as_an_old_one() -> None:
    # A planned nudge whose reason happens to read like an old marker keeps it as its note.
    d = nudge(note="snoozed").to_dict()
    assert Nudge.from_dict(d).origin == "plan" and Nudge.from_dict(d).note == "snoozed"
