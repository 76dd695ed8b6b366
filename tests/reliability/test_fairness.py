"""One user flooding the bot never holds up another (issue 15, item 2).

Telegram: the real `hearback telegram` process. Ada sends 40 messages at once; her replies are
paced at about one a second in her chat (past a burst of 10), which must not delay Bob: his
reply arrives within 2 seconds of his message, while Ada's backlog is still being answered.
"""

from __future__ import annotations

import signal
import time
from pathlib import Path

from tests.reliability.telegram_process import (
    Answers,
    FakeThread,
    env_for,
    spawn,
    tag,
    wait_until,
)

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
