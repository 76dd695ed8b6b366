"""The "Log an interview" modal as Block Kit, and its submitted state read back as the core's
`InterviewForm`.

Each input block's block_id is the form field's name (contract.forms.FIELDS), so a problem the
core finds is returned beside its input (`response_action: errors`, keyed by block_id, as
Slack documents for view submissions). Every input's action_id is "value". The modal's
private_metadata (kept by Slack, never shown to or changed by the user) carries the interview
being edited and the zone the form was opened in.
"""

from __future__ import annotations

import json
from datetime import date, time
from typing import Any

from bot.core.contract.forms import INFORMER_CHOICES, TEXT_LIMITS, FormErrors, InterviewForm

CALLBACK_ID = "hb_interview"  # the modal's callback_id (the view_submission listener's)
ACTION = "value"  # every input's action_id
TITLE_LIMIT = 24  # characters in a modal's title, submit and close labels (Block Kit)
ERROR_LIMIT = 150  # characters shown for one input's error (kept short; Slack truncates)
# A box under the decision date: Slack's date picker can't be cleared once a day is picked (or
# pre-filled from a message, or kept by an edit), so "they didn't say" is said here instead.
NO_DECISION = "decision_unknown"  # its block_id
NO_DECISION_VALUE = "unknown"

Block = dict[str, Any]


def _text(text: str) -> dict[str, Any]:
    return {"type": "plain_text", "text": text, "emoji": True}


def _input(field: str, label: str, element: dict[str, Any], *, optional: bool = True,
           hint: str | None = None) -> Block:
    block: Block = {"type": "input", "block_id": field, "label": _text(label),
                    "optional": optional, "element": element | {"action_id": ACTION}}
    if hint:
        block["hint"] = _text(hint)
    return block


def _text_input(field: str, value: str, placeholder: str, *, multiline: bool = False) -> Block:
    element: Block = {"type": "plain_text_input", "max_length": TEXT_LIMITS[field],
                      "placeholder": _text(placeholder), "multiline": multiline}
    if value:
        element["initial_value"] = value
    return element


def interview_modal(form: InterviewForm, *, zone: str | None = None) -> dict[str, Any]:
    """The modal for `form` (its values shown as the inputs' initial values; empty ones left
    empty). `zone`: the IANA zone the dates are meant in (shown in the hint, kept in the
    metadata). A form with `interview_id` edits that interview."""
    editing = form.interview_id is not None
    day: Block = {"type": "datepicker", "placeholder": _text("The day of the interview")}
    if form.interview_date is not None:
        day["initial_date"] = form.interview_date.isoformat()
    at: Block = {"type": "timepicker", "placeholder": _text("About when")}
    if form.interview_time is not None:
        at["initial_time"] = form.interview_time.strftime("%H:%M")
    decision: Block = {"type": "datepicker", "placeholder": _text("Leave empty if they didn't say")}
    if form.decision_date is not None:
        decision["initial_date"] = form.decision_date.isoformat()
    options = [{"text": _text(label), "value": code} for code, label in INFORMER_CHOICES]
    informer: Block = {"type": "static_select", "placeholder": _text("Choose one"),
                       "options": options}
    chosen = next((o for o in options if o["value"] == form.informer), None)
    if chosen is not None:
        informer["initial_option"] = chosen
    local = f"Your time zone ({zone})" if zone else "Your time zone"
    blocks = [
        _input("company", "Company", _text_input("company", form.company, "Acme"),
               optional=False),
        _input("role", "Role", _text_input("role", form.role, "Backend engineer")),
        _input("people", "People you met", _text_input(
            "people", form.people, "Jane Doe (hiring manager), Tom (recruiter)"),
            hint="Names with their part in brackets; an email or phone number is kept too."),
        _input("interview_date", "Interview date", day, optional=False),
        _input("interview_time", "Interview time", at, hint=f"{local}. Leave empty if you "
               "don't remember."),
        _input("decision_date", "They'll tell you by", decision),
        _input(NO_DECISION, "No decision date?", {"type": "checkboxes", "options": [
            {"text": _text("They didn't say when"), "value": NO_DECISION_VALUE}]},
            hint="Ticked, the day above is not kept."),
        _input("informer", "Who will tell you", informer),
        _input("agreed", "Agreed to get in touch?", _text_input(
            "agreed", form.agreed, "e.g. email her Tuesday at 10"),
            hint="If someone asked you to email or call them at a set time."),
    ]
    return {
        "type": "modal",
        "callback_id": CALLBACK_ID,
        "title": _text("Edit interview" if editing else "Log an interview"),
        "submit": _text("Save"),
        "close": _text("Cancel"),
        "private_metadata": json.dumps({"iv": form.interview_id or "", "tz": zone or ""}),
        "blocks": blocks,
    }


def metadata(view: dict[str, Any]) -> tuple[str | None, str | None]:
    """(the interview being edited, the zone) from a submitted modal's private_metadata."""
    try:
        data = json.loads(str(view.get("private_metadata") or "{}"))
    except ValueError:
        data = {}
    if not isinstance(data, dict):
        data = {}
    return (str(data.get("iv") or "") or None, str(data.get("tz") or "") or None)


def _state(view: dict[str, Any], field: str) -> dict[str, Any]:
    values = ((view.get("state") or {}).get("values") or {}).get(field) or {}
    found = values.get(ACTION)
    return found if isinstance(found, dict) else {}


def _day(value: object) -> date | None:
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _time(value: object) -> time | None:
    try:
        return time.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def read_form(view: dict[str, Any]) -> InterviewForm:
    """The submitted modal (a view_submission's `view`) as the core's form. Inputs left empty
    are "" or None; a malformed value (never sent by Slack) reads as empty."""
    def text(field: str) -> str:
        return str(_state(view, field).get("value") or "")

    option = _state(view, "informer").get("selected_option") or {}
    no_decision = any(isinstance(o, dict) and o.get("value") == NO_DECISION_VALUE
                      for o in _state(view, NO_DECISION).get("selected_options") or [])
    interview_id, _ = metadata(view)
    return InterviewForm(
        company=text("company"), role=text("role"), people=text("people"),
        interview_date=_day(_state(view, "interview_date").get("selected_date")),
        interview_time=_time(_state(view, "interview_time").get("selected_time")),
        decision_date=None if no_decision else _day(
            _state(view, "decision_date").get("selected_date")),
        informer=str(option.get("value")) if option.get("value") else None,
        agreed=text("agreed"), interview_id=interview_id)


def errors_response(errors: FormErrors) -> dict[str, Any]:
    """The view submission's answer that keeps the modal open with each problem under its
    input (`response_action: errors`, keyed by block_id)."""
    return {"response_action": "errors",
            "errors": {field: problem[:ERROR_LIMIT] for field, problem in errors.items()}}
