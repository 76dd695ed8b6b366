"""The inbox of platform events (bot/adapters/inbox.py): what a restart finds in it, and the
Telegram adapter answering from it after a crash."""

from __future__ import annotations

import asyncio
from functools import partial
from pathlib import Path

from bot.adapters.inbox import COMPACT_AFTER, Inbox
from bot.core.contract.messages import Attachment, Button, Incoming, Span, reply
from tests.fake_telegram import FakeBotApi
from tests.test_telegram import ADA, INTAKE, Session


def test_an_answered_event_keeps_its_replies_and_a_torn_line_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "inbox-telegram.jsonl"
    inbox = Inbox(path)
    answer = reply("Saved ", Span("<b>", "bold"), buttons=[[Button("Yes", "hb1|cf|1||y")]],
                   attachments=[Attachment("a.ics", "text/calendar", b"\x00BEGIN")])
    assert inbox.add("1", {"update_id": 1})
    assert not inbox.add("1", {"update_id": 1})  # delivered again while open: kept once
    inbox.add("2", {"update_id": 2})
    inbox.answered("1", [answer])
    inbox.close()
    with path.open("ab") as f:
        f.write(b'{"done": "1"')  # a crash in the middle of a write
    again = Inbox(path)
    assert [(e.key, e.event) for e in again.pending()] == [("1", {"update_id": 1}),
                                                          ("2", {"update_id": 2})]
    assert again.pending()[0].replies == [answer]
    assert again.pending()[1].replies is None
    again.done("1")
    again.done("2")
    again.close()
    assert path.read_bytes() == b""  # nothing open: what people wrote is gone from disk
    assert Inbox(path).pending() == []


def test_telegram_after_a_crash_between_commit_and_send_sends_the_same_replies_once(
        tmp_path: Path) -> None:
    """The turn committed (its update id recorded, its replies in the inbox) and the process
    died before sending them: at the next start they go out, and the message is not handled a
    second time (which would have answered the intake's first question with nothing)."""
    async def scenario() -> None:
        async with Session(tmp_path, start=False) as h:
            fake: FakeBotApi = h.fake
            update = fake.text_update(ADA, INTAKE)
            inbox = Inbox(tmp_path / "data" / "inbox-telegram.jsonl")
            key = str(update["update_id"])
            inbox.add(key, update)
            first = h.engine.handle(Incoming("telegram", str(ADA), str(ADA), text=INTAKE,
                                             event_id=key), partial(inbox.answered, key))
            inbox.close()  # ... and the process dies here
            dialog = h.repo.get_dialog(f"telegram:{ADA}")
            await h.start()
            await h.handled(update["update_id"])
            sent = [c.text for c in fake.sent(ADA)]
            assert sent == [r.text for r in first]
            assert h.repo.get_dialog(f"telegram:{ADA}") == dialog
            assert (tmp_path / "data" / "inbox-telegram.jsonl").read_bytes() == b""

    asyncio.run(asyncio.wait_for(scenario(), 30))


def test_under_steady_load_answered_events_leave_the_file(tmp_path: Path) -> None:
    """With always something open the file is never emptied; it is rewritten instead, so what
    an answered message said does not stay on disk for long."""
    path = tmp_path / "inbox-slack.jsonl"
    inbox = Inbox(path)
    inbox.add("open", {"text": "still being answered"})
    for n in range(COMPACT_AFTER):
        inbox.add(str(n), {"text": f"secret-{n}"})
        inbox.done(str(n))
    inbox.close()
    kept = path.read_bytes()
    assert b"secret-0\"" not in kept and b"still being answered" in kept
    assert [e.key for e in Inbox(path).pending()] == ["open"]
