"""Instants in replies (Span.when): Slack shows them with its date formatting, in each reader's
own zone (docs.slack.dev/messaging/formatting-message-text, "Date formatting"); Telegram and the
terminal show the fallback text exactly as before; the inbox keeps them across a restart."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.adapters.inbox import Inbox
from bot.adapters.slack import render
from bot.adapters.telegram.render import to_html
from bot.core.contract.messages import TextBuilder, bold, instant, reply

# 09:30 in Tokyo on Thursday 3 December 2026 is 00:30 UTC: 1796257800 seconds since 1970.
STEP = datetime(2026, 12, 3, 9, 30, tzinfo=ZoneInfo("Asia/Tokyo"))
UNIX = 1796257800


def answer() -> TextBuilder:
    return TextBuilder().line(bold("Next call: "), instant("Thu 3 Dec, 09:30", STEP),
                              " · board of ", instant("Thu 3 Dec", STEP, day_only=True))


def test_slack_shows_instants_with_its_date_token_and_the_text_as_fallback() -> None:
    assert int(STEP.timestamp()) == UNIX
    text = render.mrkdwn(reply(answer()).spans)
    assert text == ("*Next call:* "
                    f"<!date^{UNIX}^{{date_short_pretty}} at {{time}}|Thu 3 Dec, 09:30>"
                    f" · board of <!date^{UNIX}^{{date_short_pretty}}|Thu 3 Dec>")
    # The notification text is the plain fallback.
    assert render.plain_fallback(reply(answer())) == \
        "Next call: Thu 3 Dec, 09:30 · board of Thu 3 Dec"
    # A fallback is escaped like any text: it can't close the token or add markup.
    odd = render.mrkdwn([instant("<b>|x & y", STEP)])
    assert odd == f"<!date^{UNIX}^{{date_short_pretty}} at {{time}}|&lt;b&gt;¦x &amp; y>"


def test_telegram_and_the_terminal_show_the_text_as_before() -> None:
    shown = reply(answer())
    assert shown.text == "Next call: Thu 3 Dec, 09:30 · board of Thu 3 Dec"  # the terminal
    before = reply(TextBuilder().line(bold("Next call: "), "Thu 3 Dec, 09:30", " · board of ",
                                      "Thu 3 Dec"))  # the same reply without instants
    assert to_html(shown.spans) == to_html(before.spans) == \
        "<b>Next call: </b>Thu 3 Dec, 09:30 · board of Thu 3 Dec"
    with pytest.raises(ValueError):
        instant("today", datetime(2026, 12, 3, 9, 30))  # naive: no instant at all


def test_the_inbox_keeps_instants_across_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "inbox-slack.jsonl"
    inbox = Inbox(path)
    inbox.add("1", {"event_id": "Ev1"})
    inbox.answered("1", [reply(answer())])
    inbox.close()
    [kept] = Inbox(path).pending()[0].replies or []
    assert kept == reply(answer())
    assert [s.when for s in kept.spans if s.when] == [STEP.astimezone(UTC)] * 2
