"""What Slack sends the app for shortcuts, the App Home's buttons and menus, and a submitted
modal, built the way Slack builds them (its interactivity payloads) from what the fake Slack
recorded: a view the app opened or published, and the values a user would pick."""

from __future__ import annotations

import time
from typing import Any

from tests.fake_slack import TEAM, Call, trigger_id


def _user(user: str) -> dict[str, str]:
    return {"id": user, "team_id": TEAM, "username": user.lower(), "name": user.lower()}


def global_shortcut(user: str, callback_id: str = "log_interview") -> dict[str, Any]:
    return {"type": "shortcut", "callback_id": callback_id, "trigger_id": trigger_id(),
            "user": _user(user), "team": {"id": TEAM}, "action_ts": f"{time.time():.6f}",
            "token": "legacy"}


def message_shortcut(user: str, text: str, *, channel: str = "C0JOBS",
                     callback_id: str = "log_from_message") -> dict[str, Any]:
    """The message shortcut on someone's message `text` in `channel` (Slack sends the message
    as it is stored: mrkdwn with its entities)."""
    ts = f"{int(time.time())}.000100"
    return {"type": "message_action", "callback_id": callback_id, "trigger_id": trigger_id(),
            "user": _user(user), "team": {"id": TEAM}, "channel": {"id": channel,
                                                                   "name": "jobs"},
            "message_ts": ts, "message": {"type": "message", "user": "URECRUITER", "ts": ts,
                                          "text": text},
            "response_url": "https://hooks.slack.invalid/actions/1", "token": "legacy"}


def _value(element: dict[str, Any], picked: object) -> dict[str, Any]:
    """An input's state as Slack reports it: `picked` (None: left empty; or the initial
    value when `picked` is ...)."""
    kind = element["type"]
    state: dict[str, Any] = {"type": kind}
    if kind == "plain_text_input":
        state["value"] = element.get("initial_value") if picked is ... else picked
    elif kind == "datepicker":
        state["selected_date"] = element.get("initial_date") if picked is ... else picked
    elif kind == "timepicker":
        state["selected_time"] = element.get("initial_time") if picked is ... else picked
    elif kind == "checkboxes":  # `picked`: the values of the ticked options
        ticked = picked if isinstance(picked, list) else []
        state["selected_options"] = element.get("initial_options", []) if picked is ... else [
            o for o in element["options"] if o["value"] in ticked]
    elif kind == "static_select":
        if picked is ...:
            state["selected_option"] = element.get("initial_option")
        else:
            state["selected_option"] = next(
                (o for o in element["options"] if o["value"] == picked), None)
    return state


def view_submission(user: str, opened: Call, **picked: object) -> dict[str, Any]:
    """Submitting the modal the app opened (`opened`: its views.open call, whose answer holds
    the view's id): every input as it was shown, except those in `picked` (field name ->
    the typed text, the ISO date "2026-11-24", the time "14:30", the option's value; None
    empties it)."""
    view = opened.result["view"]
    values = {block["block_id"]: {block["element"]["action_id"]: _value(
        block["element"], picked.get(block["block_id"], ...))}
        for block in view["blocks"] if block["type"] == "input"}
    return {"type": "view_submission", "team": {"id": TEAM}, "user": _user(user),
            "api_app_id": "A1", "token": "legacy", "trigger_id": trigger_id(),
            "view": view | {"state": {"values": values}, "team_id": TEAM, "app_id": "A1",
                            "bot_id": "BBOT"},
            "response_urls": []}


def home_press(user: str, published: Call, label: str) -> dict[str, Any]:
    """Pressing the button, or picking the menu option, `label` in a published App Home."""
    view = published.view
    for block in view["blocks"]:
        for element in block.get("elements", []) if block["type"] == "actions" else []:
            if element["type"] == "button" and element["text"]["text"] == label:
                action = {"type": "button", "action_id": element["action_id"],
                          "text": element["text"], "value": element["value"]}
            elif element["type"] == "static_select" and any(
                    o["text"]["text"] == label for o in element["options"]):
                option = next(o for o in element["options"] if o["text"]["text"] == label)
                action = {"type": "static_select", "action_id": element["action_id"],
                          "selected_option": option, "placeholder": element["placeholder"]}
            else:
                continue
            return {"type": "block_actions", "user": _user(user), "team": {"id": TEAM},
                    "api_app_id": "A1", "trigger_id": trigger_id(),
                    "container": {"type": "view", "view_id": "V1"},
                    "view": view | {"id": "V1"},
                    "actions": [action | {"block_id": block.get("block_id", "b"),
                                          "action_ts": f"{time.time():.6f}"}]}
    raise AssertionError(f"no {label!r} in the Home view")
