"""A turn's replies drawing from the pacing every worker shares (bot/adapters/shared_replies.py),
through the real python-telegram-bot objects against the fake Bot API on 127.0.0.1: each
request of a turn takes a token, the scheduler's own sends do not take a second one, and a 429
holds every worker."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from pathlib import Path

from bot.adapters.shared_replies import ReplyPacing
from bot.pacing import LocalPacing
from tests.test_slack import run as run_slack
from tests.test_slack import slack
from tests.test_telegram import Session, run


class RecordingPacing(LocalPacing):
    """In-process pacing that keeps what it was asked (the shared one asks the database)."""

    def __init__(self) -> None:
        super().__init__()
        self.taken: list[str] = []
        self.holds: list[tuple[str, datetime]] = []

    async def acquire(self, platform: str, rate: float) -> None:
        self.taken.append(platform)
        await super().acquire(platform, rate)

    def hold(self, platform: str, until: datetime) -> None:
        self.holds.append((platform, until))
        super().hold(platform, until)


def test_each_reply_request_takes_a_token_and_a_nudge_only_the_schedulers(
        tmp_path: Path) -> None:
    async def scenario() -> None:
        pacing = RecordingPacing()
        async with Session(tmp_path, start=False) as h:
            h.adapter.reply_pacing = ReplyPacing(pacing, "telegram", 25.0, h.clock)
            await h.start()
            before = len(pacing.taken)
            calls = await h.say("/help")
            sent = [c for c in calls if c.method == "sendMessage"]
            assert sent and len(pacing.taken) - before == len(calls)
            await h.intake()
            h.clock.advance(timedelta(hours=3))  # the thank-you reminder comes due
            before = len(pacing.taken)
            mark = len(h.fake.calls)
            assert await h.scheduler.tick() == 1
            assert [c.method for c in h.fake.calls[mark:]] == ["sendMessage"]
            # The scheduler paced it through its own pacing: no second token here.
            assert len(pacing.taken) == before

    run(scenario())


def test_a_429_on_a_reply_holds_every_worker(tmp_path: Path) -> None:
    async def scenario() -> None:
        pacing = RecordingPacing()
        async with Session(tmp_path, start=False) as h:
            h.adapter.reply_pacing = ReplyPacing(pacing, "telegram", 25.0, h.clock)
            await h.start()
            h.fake.fail("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1)
            calls = await h.say("/help")
            assert [c.status for c in calls if c.method == "sendMessage"] == [429, 200, 200]
            [(platform, until)] = pacing.holds
            assert platform == "telegram" and until == h.clock.now() + timedelta(seconds=1)
            assert pacing.held_until("telegram", h.clock.now()) is not None  # every worker
            await asyncio.sleep(0)

    run(scenario())


def test_a_slack_429_holds_its_channel_for_every_worker_and_two_hold_the_workspace(
        tmp_path: Path) -> None:
    async def scenario() -> None:
        pacing = RecordingPacing()
        async with slack(tmp_path) as s:
            s.adapter.reply_pacing = ReplyPacing(pacing, "slack", None, s.clock, per_chat=True)
            s.fake.rate_limit("chat.postMessage", retry_after=1)
            answer = await s.dm("help")
            assert "What I can do" in answer.text  # sent after the wait
            # Slack limits posting per channel: the 429 holds that DM, not all of Slack.
            [(key, until)] = pacing.holds
            assert key == "slack:DU1" and until == s.clock.now() + timedelta(seconds=1)
            assert pacing.taken == []  # per-channel limits: no shared bucket for Slack replies
            # Another DM refused while the first is held: the workspace's limit, every worker
            # holds all of Slack.
            s.fake.rate_limit("chat.postMessage", retry_after=1)
            answer = await s.dm("help", user="U2")
            assert "What I can do" in answer.text
            assert [k for k, _ in pacing.holds] == ["slack:DU1", "slack:DU2", "slack"]
            assert pacing.held_until("slack", s.clock.now()) is not None

    run_slack(scenario)
