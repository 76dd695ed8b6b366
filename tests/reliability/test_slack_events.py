"""Slack events at least once, answered once, and acknowledged in time (issue 15, items 1-2).

* A message Slack delivers again under a new event_id (same channel and ts) is answered once, in
  HTTP mode and in Socket Mode.
* One user's slow turn (4 s in the core) and a flood of 40 messages from them never hold up an
  acknowledgement: every request, theirs and another user's, is answered 200 within Slack's 3 s.
* The real `hearback slack` process (HTTP mode) is killed with SIGKILL while it answers a
  backlog it has already acknowledged (Slack will not send those again): after the restarts
  every message is answered, in each user's order, twice at most for the turns in flight.
"""

from __future__ import annotations

import asyncio
import copy
import os
import random
import signal
import subprocess
import threading
import time
from collections.abc import Coroutine
from pathlib import Path
from typing import Any, TypeVar

from bot.core.contract.messages import Incoming, Reply
from tests.fake_slack import FakeSlack, SlackSender, message_event
from tests.reliability.telegram_process import HEARBACK, ROOT, Answers, free_port, wait_until
from tests.test_slack import SECRET, TOKEN, run, slack

T = TypeVar("T")
SEED = int(os.environ.get("HEARBACK_SLACK_SEED", "20261130"))
KILLS = int(os.environ.get("HEARBACK_SLACK_KILLS", "8"))
USERS = ("U7001", "U7002", "U7003")
SLOW = 4.0  # seconds one turn takes in the slow-core test
ACK_LIMIT = 3.0  # Slack's limit for an acknowledgement


def tag(user: str, n: int) -> str:
    return f"/zq{user[1:]}x{n:04d}"


def answers_of(fake: FakeSlack) -> Answers:
    """The tags answered, by chat (a DM "D<user>" counted under the user's number)."""
    return Answers([(int(str(c.args.get("channel", "D0"))[2:]), c.text)
                    for c in fake.posts()])


def test_slack_redelivery_under_a_new_event_id_is_answered_once(tmp_path: Path) -> None:
    async def scenario(socket_mode: bool, where: Path) -> int:
        async with slack(where, socket_mode=socket_mode) as s:
            first = message_event("U1", "/zq1x0001", event_id="EvFirst")
            again = copy.deepcopy(first) | {"event_id": "EvAgain"}  # same channel and ts
            if socket_mode:
                for n, body in enumerate((first, again)):
                    await s.fake.socket_send({
                        "envelope_id": f"env-{n}", "type": "events_api",
                        "accepts_response_payload": False, "retry_attempt": n,
                        "retry_reason": "timeout" if n else "", "payload": body})
                    await s.fake.wait_until(lambda n=n: any(  # type: ignore[misc]
                        a.get("envelope_id") == f"env-{n}" for a in s.fake.socket_acks))
                    await s.settle()
            else:
                assert (await s.sender.event(first))[0] == 200
                await s.settle()
                status, _ = await s.sender.event(again, headers={"X-Slack-Retry-Num": "1",
                                                                 "X-Slack-Retry-Reason":
                                                                 "http_timeout"})
                assert status == 200
                await s.settle()
            return sum("/zq1x0001" in c.text for c in s.fake.posts())

    assert run(lambda: scenario(False, tmp_path / "http")) == 1
    assert run(lambda: scenario(True, tmp_path / "socket")) == 1


def test_slack_acknowledges_within_3s_while_one_user_floods_behind_a_slow_turn(
        tmp_path: Path) -> None:
    async def scenario() -> tuple[float, int]:
        async with slack(tmp_path) as s:
            handle = s.engine.handle

            def slow_handle(msg: Incoming, *args: Any) -> list[Reply]:
                if msg.text == "slow":
                    time.sleep(SLOW)  # a core that blocks (a slow disk, a slow model)
                return handle(msg, *args)

            s.engine.handle = slow_handle  # type: ignore[method-assign,assignment]
            acks: list[float] = []

            async def timed(body: dict[str, Any]) -> None:
                began = time.monotonic()
                status, _ = await s.sender.event(body)
                acks.append(time.monotonic() - began)
                assert status == 200

            await timed(message_event("U1", "slow", event_id="EvSlow"))
            await asyncio.sleep(0.1)  # the slow turn has started in the core thread

            async def flood() -> None:  # one after another, as Slack sends one user's messages
                for n in range(40):
                    await timed(message_event("U1", f"/zq1x{n:04d}", event_id=f"EvF{n}"))

            await asyncio.gather(flood(), timed(message_event("U2", "/zq2x0000",
                                                              event_id="EvOther")))
            await s.adapter.idle(SLOW + 30)
            answers = answers_of(s.fake)
            assert answers.order[1] == list(range(40)), answers.order[1]
            assert answers.order[2] == [0]
            return max(acks), len(acks)

    slowest, count = run(scenario, timeout=90)
    assert slowest < ACK_LIMIT, f"an acknowledgement took {slowest:.2f}s"
    print(f"slack acks: {count} requests behind a {SLOW:g} s turn and a 40-message flood, "
          f"slowest acknowledged in {slowest * 1000:.0f} ms (limit 3 s)")


# -- the real process ---------------------------------------------------------------------------
class FakeSlackThread:
    """The fake Slack Web API on its own event loop in a thread (the test blocks and kills)."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self._thread.start()
        self.fake: FakeSlack = self.call(self._start())

    @staticmethod
    async def _start() -> FakeSlack:
        return await FakeSlack().start()

    def call(self, coro: Coroutine[Any, Any, T], timeout: float = 30.0) -> T:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    def answers(self) -> Answers:
        async def snapshot() -> Answers:
            return answers_of(self.fake)
        return self.call(snapshot())

    def close(self) -> None:
        self.call(self.fake.close())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(timeout=10)


def spawn(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as out:
        return subprocess.Popen([str(HEARBACK), "slack"], stdin=subprocess.DEVNULL, stdout=out,
                                stderr=subprocess.STDOUT, env=env, cwd=log.parent)


def test_slack_process_killed_mid_backlog_answers_every_acknowledged_message(
        tmp_path: Path) -> None:
    rng = random.Random(SEED)
    print(f"slack kills: seed={SEED} kills={KILLS}")
    remote = FakeSlackThread()
    port = free_port()
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("HEARBACK_", "TELEGRAM_", "SLACK_"))}
    env.update(HEARBACK_DATA_DIR=str(tmp_path / "data"), HEARBACK_TIMEZONE="Europe/London",
               HEARBACK_TICK_SECONDS="3600", SLACK_BOT_TOKEN=TOKEN, SLACK_SIGNING_SECRET=SECRET,
               SLACK_HTTP_PORT=str(port), SLACK_API_URL=remote.fake.api_url,
               PYTHONPATH=str(ROOT))
    sender = SlackSender(f"http://127.0.0.1:{port}/slack/events", SECRET)
    log = tmp_path / "hearback.log"
    written = dict.fromkeys(USERS, 0)
    events = iter(range(1_000_000))

    def send_some(per_user: int) -> None:
        """The users write at once, each one message after another; a message counts once
        Slack got its 200 (it never sends it again)."""
        async def one_user(user: str) -> None:
            for _ in range(per_user):
                body = message_event(user, tag(user, written[user]),
                                     event_id=f"EvK{next(events)}")
                status, _ = await sender.event(body)
                assert status == 200
                written[user] += 1

        async def everyone() -> None:
            await asyncio.gather(*(one_user(u) for u in USERS))

        remote.call(everyone())

    def listening() -> bool:
        try:
            remote.call(sender.event({"type": "url_verification", "challenge": "c"}), 5)
        except Exception:
            return False
        return True

    carried = 0
    try:
        started = time.monotonic()
        for kill in range(KILLS + 1):
            proc = spawn(env, log)
            try:
                wait_until(listening, 30, "the Slack app to listen", proc, log)
                send_some(rng.randint(3, 6))
                if kill == KILLS:
                    wait_until(lambda: remote.answers().answered >= sum(written.values()), 30,
                               "every message answered", proc, log)
                    break
                time.sleep(rng.uniform(0.0, 0.03))
            finally:
                proc.send_signal(signal.SIGKILL if kill < KILLS else signal.SIGTERM)
                proc.wait(timeout=30)
            if kill < KILLS:
                # Acknowledged but not answered when the process died: only the inbox has them.
                carried += sum(written.values()) - remote.answers().answered
        elapsed = time.monotonic() - started
        answers = remote.answers()
        for user in USERS:
            number = int(user[1:])
            assert answers.order[number] == list(range(written[user])), answers.order[number]
        assert answers.duplicates <= KILLS * len(USERS)
        assert carried, "no kill left an acknowledged message unanswered: nothing was tested"
        print(f"slack kills: {KILLS} kills in {elapsed:.1f}s, {sum(written.values())} "
              f"acknowledged messages from {len(USERS)} users ({carried / KILLS:.1f} "
              f"acknowledged but unanswered per kill, answered after the restart), all "
              f"answered in order, {answers.duplicates} twice")
    finally:
        remote.close()
