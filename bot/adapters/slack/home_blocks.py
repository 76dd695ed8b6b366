"""The App Home dashboard as Block Kit: a "Log an interview" button, each open application (its
stage and next step, then "Thank-you sent ✓", an outcome menu, a snooze menu and "Edit"), the
closed ones, the figures, the team boards, and a line on how to talk to the bot; within Slack's
100 blocks per view.

Every button and menu option carries the core's payload (which names its owner); all action_ids
start with render.ACTION_PREFIX, so one listener takes them, as for messages.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.adapters.slack import render
from bot.adapters.slack.render import Block, context, section, sections
from bot.core.coaching import editing
from bot.core.coaching.dashboard import Card, Dashboard
from bot.core.contract import buttons
from bot.core.contract.messages import Button, Reply
from bot.core.notices import boards_left_out

OPTION_LIMIT = 75  # characters in a menu option's text (Block Kit)


class _Ids:
    """action_ids unique in the view: hb:1, hb:2, ..."""

    def __init__(self) -> None:
        self.number = 0

    def next(self) -> str:
        self.number += 1
        return f"{render.ACTION_PREFIX}{self.number}"


def _button(ids: _Ids, button: Button, *, primary: bool = False) -> Block:
    element: Block = {"type": "button", "action_id": ids.next(),
                      "text": {"type": "plain_text", "text": render.label(button.label),
                               "emoji": True},
                      "value": button.payload}
    if primary:
        element["style"] = "primary"
    return element


def _menu(ids: _Ids, placeholder: str, choices: Sequence[Button]) -> Block:
    """A static_select whose options' values are the core's payloads (a pick is a press)."""
    return {"type": "static_select", "action_id": ids.next(),
            "placeholder": {"type": "plain_text", "text": placeholder, "emoji": True},
            "options": [{"text": {"type": "plain_text", "text": b.label[:OPTION_LIMIT],
                                  "emoji": True}, "value": b.payload} for b in choices]}


def is_edit(button: Button) -> bool:
    """The dashboard's "Edit" (the `edit` feature's button for one interview): on Slack it
    opens the modal."""
    press = buttons.parse(button.payload)
    return press is not None and press.action == editing.BUTTON_ACTION and not press.arg


def card_blocks(ids: _Ids, card: Card) -> list[Block]:
    """One application: its text, then its buttons and menus in one actions block."""
    blocks: list[Block] = [section(t) for t in sections(card.summary.spans)]
    edits = [b for b in card.actions if is_edit(b)]
    elements = [_button(ids, b) for b in card.actions if b not in edits]
    if card.outcomes:
        elements.append(_menu(ids, "Record the outcome", card.outcomes))
    if card.snoozes:
        elements.append(_menu(ids, "Snooze the next step", card.snoozes))
    elements.extend(_button(ids, b) for b in edits)
    if elements:
        blocks.append({"type": "actions", "block_id": f"iv:{card.interview_id}",
                       "elements": elements})
    return blocks


def dashboard_view(board: Dashboard, footer: str,
                   boards: Sequence[Reply] = ()) -> dict[str, Any]:
    """The App Home view of a known user (`boards`: the team boards they share into, text
    only). Applications that don't fit are counted in a line; so are boards."""
    ids = _Ids()
    limit = render.MAX_HOME_BLOCKS - 3  # room for a "left out" line and the footer's two
    blocks: list[Block] = [
        {"type": "header", "text": {"type": "plain_text", "text": "Hearback", "emoji": True}},
        {"type": "actions", "block_id": "log", "elements": [_button(ids, board.log,
                                                                    primary=True)]},
    ]
    count = len(board.cards) + board.more
    blocks.append(section(f"*Your interviews ({count} open)*"))
    if not board.cards:
        blocks.append(section("No open applications. Log one when you've had an interview."))
    more = board.more
    for card in board.cards:
        shown = [{"type": "divider"}, *card_blocks(ids, card)]
        if len(blocks) + len(shown) > limit - 12:  # (the figures and one board still fit)
            more += 1
            continue
        blocks.extend(shown)
    if more:
        blocks.append(context(f"…and {more} more open. Type list in the Messages tab to see "
                              f"them all."))
    for extra in (board.closed, board.figures):
        if extra is not None:
            blocks.append({"type": "divider"})
            blocks.extend(section(t) for t in sections(extra.spans))
    left_out = 0
    for team in boards:
        team_blocks = [{"type": "divider"}, *(section(t) for t in sections(team.spans))]
        if len(blocks) + len(team_blocks) <= limit:
            blocks.extend(team_blocks)
        else:
            left_out += 1
    blocks = blocks[:limit]
    if left_out:
        blocks.append(context(boards_left_out(left_out)))
    blocks.append({"type": "divider"})
    blocks.append(context(render.escape(footer)))
    return {"type": "home", "blocks": blocks}
