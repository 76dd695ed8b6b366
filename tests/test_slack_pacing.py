"""Slack nudges paced per channel under a workspace ceiling (issue 18), through the real scheduler
and the real Slack adapter (slack_sdk) against the fake Slack on 127.0.0.1, on simulated time
(benchmarks/slack_burst.py: the pacing sleeps advance the FakeClock; nothing here sleeps).

Slack's limits (docs.slack.dev/reference/methods/chat.postMessage): "1 message per second to a
specific channel" and "several hundred messages per minute" for the workspace, of which nudges
take 300 (SlackAdapter.nudges_per_second = 5).
"""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import timedelta
from pathlib import Path

from benchmarks.slack_burst import (
    BURST,
    CEILING_PER_MINUTE,
    Bench,
    bench,
    burst,
    due_reminders,
)
from bot.core.contract.models import Nudge
from bot.core.plan.kinds import OWN_REMINDER
from bot.core.plan.schedule import nudges_of
from bot.pacing import PRUNE_AT, Buckets, chat_key


def test_1000_due_nudges_keep_slacks_limits_and_go_out_in_minutes_not_a_quarter_hour(
        tmp_path: Path) -> None:
    before = asyncio.run(burst(1000, tmp_path, per_channel=False))
    after = asyncio.run(burst(1000, tmp_path))
    print(f"\nSlack burst of 1,000 due nudges (simulated time):\n  {before.table_row()}\n"
          f"  {after.table_row()}")
    assert before.sent == after.sent == 1000
    # Before: one a second for the whole of Slack, 999 s from the first to the last.
    assert 998 <= before.burst_seconds <= 1000
    # After: every DM got its one nudge, the workspace's ceiling held: a burst of 5, then 5/s.
    assert Counter(channel for _, channel in after.posts) == {
        f"DU{i:05d}": 1 for i in range(1000)}
    assert after.most_in_a_minute <= CEILING_PER_MINUTE + BURST
    assert after.most_in_a_second <= 2 * BURST
    assert 1000 / 5 - 2 <= after.burst_seconds <= 1000 / 5
    assert after.burst_seconds < before.burst_seconds / 4


def test_several_nudges_for_one_person_are_a_second_apart_in_their_dm(tmp_path: Path) -> None:
    # Two people with three reminders each due at 10:00: each DM gets one a second at most,
    # while the other DM's go out in between.
    after = asyncio.run(burst(2, tmp_path, per_user=3))
    assert after.sent == 6
    assert after.closest_in_a_channel is not None and after.closest_in_a_channel >= 0.999
    assert after.burst_seconds <= 2.0 + 1e-6  # DU00000 at 0, 1, 2 s; DU00001 beside it
    before = asyncio.run(burst(2, tmp_path, per_channel=False, per_user=3))
    assert before.burst_seconds >= 5.0  # one a second for all of Slack


def test_a_429_holds_its_channel_and_several_hold_the_workspace(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with bench(tmp_path) as b:
            due_reminders(b.repo, 5, 1)
            scheduler = b.scheduler()
            # Slack refuses one DM with a long Retry-After: handed back, that DM held 30 s,
            # and the other four people's nudges go out in the same tick.
            b.fake.fail("chat.postMessage", status=429, headers={"Retry-After": "30"},
                        channel="DU00001")
            assert await scheduler.tick() == 4
            now = b.clock.now()
            assert scheduler.pacing.held_until(chat_key("slack", "DU00001"), now) is not None
            assert scheduler.pacing.held_until("slack", now) is None
            [kept] = [n for n in nudges_of(b.repo, "slack:U00001")
                      if n.status == "pending"]
            assert now + timedelta(seconds=29) <= kept.due_at <= now + timedelta(seconds=31)
            # It goes out once the hold is over.
            b.clock.advance(timedelta(seconds=31))
            assert await scheduler.tick() == 1
            assert [c for _, c in b.fake.posted].count("DU00001") == 2  # refused, then sent
            # A second channel refused while the first is held: the workspace-wide limit.
            # Everything on Slack waits for it from then on (U00001's went out in between).
            b.clock.advance(timedelta(hours=1))
            due_reminders_later(b, 4)
            for channel in ("DU00000", "DU00002"):
                b.fake.fail("chat.postMessage", status=429, headers={"Retry-After": "20"},
                            channel=channel)
            posted = len(b.fake.posted)
            assert await scheduler.tick() == 1
            assert [c for _, c in b.fake.posted[posted:]] == ["DU00000", "DU00001", "DU00002"]
            held = scheduler.pacing.held_until("slack", b.clock.now())
            assert held is not None and held >= b.clock.now() + timedelta(seconds=19)
            [waiting] = [n for n in nudges_of(b.repo, "slack:U00003") if n.status == "pending"]
            assert waiting.due_at >= held  # U00003's, never tried, waits for the workspace
            b.clock.advance(timedelta(seconds=25))
            assert await scheduler.tick() == 3

    asyncio.run(scenario())


def due_reminders_later(b: Bench, users: int) -> None:
    """One more reminder, due now, for each of the first `users` people of the bench."""
    now = b.clock.now()
    with b.repo.transaction():
        b.repo.add_nudges([Nudge(id=f"later{i}", user_key=f"slack:U{i:05d}", interview_id="",
                                 kind=OWN_REMINDER, due_at=now, created_at=now,
                                 origin="reminder", text="call back")
                           for i in range(users)])


def test_one_processs_buckets_keep_the_chats_paced_lately_only() -> None:
    # Each DM nudged once leaves a bucket behind; once PRUNE_AT are kept, those full again
    # (idle a second at 1/s) go, so a deployment's millionth DM costs no more memory.
    now = [0.0]
    buckets = Buckets(lambda: now[0])
    for i in range(5 * PRUNE_AT):
        assert buckets.take(chat_key("slack", f"D{i}"), 1.0) == 0
        now[0] += 0.01
    assert len(buckets) <= PRUNE_AT + 1
    # A pruned chat starts again with a full bucket; one just used still waits its second.
    assert buckets.take(chat_key("slack", "D0"), 1.0) == 0
    last = chat_key("slack", f"D{5 * PRUNE_AT - 1}")
    assert 0.98 <= buckets.take(last, 1.0) <= 1.0
    # A platform's bucket: one second's worth at once, then the rate.
    assert [buckets.take("telegram", 25.0) for _ in range(25)] == [0.0] * 25
    assert abs(buckets.take("telegram", 25.0) - 0.04) < 1e-9
