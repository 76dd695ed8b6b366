"""One user flooding the bot never holds up another (issue 15, item 2).

Telegram: the real `hearback telegram` process. Ada sends 40 messages at once; her replies are
paced at about one a second in her chat (past a burst of 10), which must not delay Bob: his
reply arrives within 2 seconds of his message, while Ada's backlog is still being answered. A
`status` of 80 interviews goes out in as few messages as Telegram's 4096 characters allow.
"""

from __future__ import annotations

import asyncio
import signal
import time
from pathlib import Path

from bot.core.contract.messages import Incoming
from tests.conftest import Chat, log_interview
from tests.fake_telegram import MAX_TEXT, utf16_len
from tests.reliability.telegram_process import (
    Answers,
    FakeThread,
    env_for,
    spawn,
    tag,
    wait_until,
)
from tests.test_telegram import Session

ADA, BOB = 2001, 2002
FLOOD = 40
WAIT = 30.0


def test_telegram_one_user_flooding_does_not_delay_another(tmp_path: Path) -> None:
    fake = FakeThread()
    try:
        env = env_for(tmp_path / "data", fake.base_url, webhook_port=None)
        log = tmp_path / "hearback.log"
        proc = spawn(env, log)
        try:
            fake.say(BOB, tag(BOB, 0))  # the bot is up once Bob's first message is answered
            wait_until(lambda: Answers(fake.replies()).answered >= 1, WAIT, "the first answer",
                       proc, log)
            for n in range(FLOOD):
                fake.say(ADA, tag(ADA, n))
            wait_until(lambda: Answers(fake.replies()).order[ADA][-1:] >= [3], WAIT,
                       "Ada's first answers", proc, log)
            asked = time.monotonic()
            fake.say(BOB, tag(BOB, 1))
            wait_until(lambda: len(Answers(fake.replies()).order[BOB]) >= 2, WAIT,
                       "Bob's answer", proc, log)
            waited = time.monotonic() - asked
            answers = Answers(fake.replies())
            behind = FLOOD - len(answers.order[ADA])
            assert waited < 2.0, f"Bob waited {waited:.2f}s behind Ada's flood"
            assert behind > 0, "Ada's flood was answered before Bob wrote: nothing was tested"
            order = answers.order[ADA]
            assert order == list(range(len(order))), f"Ada's answered out of order: {order}"
            print(f"telegram fairness: Bob answered in {waited * 1000:.0f} ms while {behind} of "
                  f"Ada's {FLOOD} messages still waited (paced in her chat), hers in order")
        finally:
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=WAIT)
    finally:
        fake.close()


def test_telegram_status_of_80_interviews_goes_out_in_a_few_full_messages(
        tmp_path: Path) -> None:
    """`status` with 80 open interviews: 80 replies from the core, packed into as few messages
    as Telegram's 4096 characters allow (not 80 messages at one a second)."""
    async def scenario() -> tuple[int, int, int]:
        async with Session(tmp_path, start=False) as h:
            chat = Chat(h.engine, user=str(ADA), platform="telegram")
            for n in range(80):
                log_interview(chat, f"I just had an interview with Jane Doe at Co{n:02d} for the "
                              f"backend role, they said by Friday. HR will tell me",
                              only_if_asked=True)
            await h.start()
            # (some 70,000 characters: about 20 messages, paced as Telegram allows one chat)
            calls = await h.say("status", user=ADA, timeout=60)
            sent = [c for c in calls if c.method == "sendMessage" and c.status == 200]
            text = "\n".join(c.text for c in sent)
            assert all(f"Co{n:02d}" in text for n in range(80)), text[:2000]
            assert all(utf16_len(c.text) <= MAX_TEXT for c in sent)
            longest = max(utf16_len(r.text) for r in chat.engine.handle(
                Incoming("telegram", str(ADA), str(ADA), text="status")))
            return len(sent), utf16_len(text), longest

    messages, size, longest = asyncio.run(asyncio.wait_for(scenario(), 120))
    least = -(-size // MAX_TEXT)  # the fewest messages that text could fit in
    # Whole replies are never split across messages, so each full message holds at least
    # MAX_TEXT - longest characters: packing can do no better than that bound, plus the last.
    packed = -(-size // (MAX_TEXT - longest)) + 1
    assert messages <= packed, f"{messages} messages for {size} characters"
    print(f"telegram status: 80 interviews in {messages} messages ({size} characters; at "
          f"least {least} needed)")
