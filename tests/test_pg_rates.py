"""The nudge rate limits several workers share on PostgreSQL (storage/pg_rates.py): one token
bucket per platform drawn by two workers together never gives more than the rate, and a 429's
hold set by one worker holds the other; a job lease (Telegram polling, storage/pg_roles.py) has
one holder at a time. Skipped with one line without a PostgreSQL."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from itertools import pairwise

import pytest

from storage.pg_rates import PRUNE_EVERY, PostgresRateLimits
from storage.pg_roles import PostgresRoleLeases
from storage.postgres import PostgresRepository
from tests.backends import POSTGRES_URL
from tests.records import T0


@pytest.fixture
def other(pg: PostgresRepository) -> Iterator[PostgresRepository]:
    store = PostgresRepository(POSTGRES_URL, pool_size=1)
    yield store
    store.close()


def test_two_workers_drawing_from_one_bucket_never_pass_its_rate(
        pg: PostgresRepository, other: PostgresRepository) -> None:
    rate, seconds = 40.0, 1.5
    taken: list[float] = []
    refused = [0, 0]

    def draw(store: PostgresRepository, slot: int) -> None:
        limits = PostgresRateLimits(store)
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            wait = limits.take("telegram", rate)
            if wait == 0:
                taken.append(time.monotonic())
            else:
                refused[slot] += 1
                time.sleep(wait)  # as SharedPacing does: ask again when a token is there

    workers = [threading.Thread(target=draw, args=(s, i)) for i, s in enumerate((pg, other))]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    # One token at most in the bucket: rate x time, plus the one it started with.
    assert rate * seconds * 0.8 <= len(taken) <= rate * seconds + 1
    assert all(refused)  # each worker was told to wait for the other's draws
    # Another platform's bucket is its own.
    assert PostgresRateLimits(pg).take("slack", rate) == 0


def test_a_hold_set_by_one_worker_holds_every_worker(
        pg: PostgresRepository, other: PostgresRepository) -> None:
    mine, theirs = PostgresRateLimits(pg), PostgresRateLimits(other)
    assert theirs.held_until("telegram", T0) is None
    mine.hold("telegram", T0 + timedelta(seconds=30))
    assert theirs.held_until("telegram", T0) == T0 + timedelta(seconds=30)
    theirs.hold("telegram", T0 + timedelta(seconds=5))  # an earlier end does not shorten it
    assert mine.held_until("telegram", T0 + timedelta(seconds=10)) == T0 + timedelta(seconds=30)
    assert mine.held_until("telegram", T0 + timedelta(seconds=30)) is None  # lifted
    assert mine.held_until("slack", T0) is None


def test_a_job_lease_is_held_by_one_worker_and_taken_over_when_it_runs_out(
        pg: PostgresRepository, other: PostgresRepository) -> None:
    mine, theirs = PostgresRoleLeases(pg), PostgresRoleLeases(other)
    assert mine.take("telegram-polling", "w1", 30)
    assert not theirs.take("telegram-polling", "w2", 30)  # w1 has it
    assert mine.take("telegram-polling", "w1", 30)  # renewed
    assert theirs.take("slack-something", "w2", 30)  # another job is another lease
    # w1 stops renewing (SIGKILLed, or hung): once its lease has run out, w2 takes it, and w1
    # learns at its next renewal that it is no longer the holder.
    pg.execute("UPDATE worker_leases SET until = now() - interval '1 second' "
               "WHERE name = 'telegram-polling'")
    assert theirs.take("telegram-polling", "w2", 30)
    assert not mine.take("telegram-polling", "w1", 30)
    mine.give_up("telegram-polling", "w1")  # not its holder: changes nothing
    assert not mine.take("telegram-polling", "w1", 30)
    theirs.give_up("telegram-polling", "w2")  # a clean stop: the next taker needs no wait
    assert mine.take("telegram-polling", "w1", 30)


def test_each_slack_channel_has_its_own_bucket_shared_by_every_worker(
        pg: PostgresRepository, other: PostgresRepository) -> None:
    # Slack allows about one message a second per channel: two workers drawing for one DM
    # together get one a second, while another DM's bucket is untouched by them.
    taken: list[float] = []

    def draw(store: PostgresRepository) -> None:
        limits = PostgresRateLimits(store)
        end = time.monotonic() + 2.2
        while time.monotonic() < end:
            wait = limits.take("slack:DU1", 1.0)
            if wait == 0:
                taken.append(time.monotonic())
            else:
                time.sleep(wait)

    workers = [threading.Thread(target=draw, args=(s,)) for s in (pg, other)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    assert 2 <= len(taken) <= 3  # the first at once, then one a second
    assert all(b - a >= 0.9 for a, b in pairwise(sorted(taken)))
    mine = PostgresRateLimits(pg)
    assert mine.take("slack:DU2", 1.0) == 0  # another channel: its own bucket
    assert mine.take("slack", 5.0) == 0  # and the workspace's
    # A 429 in one channel holds that channel only.
    mine.hold("slack:DU1", T0 + timedelta(seconds=3))
    assert PostgresRateLimits(other).held_until("slack:DU1", T0) == T0 + timedelta(seconds=3)
    assert mine.held_until("slack:DU2", T0) is None and mine.held_until("slack", T0) is None


def test_idle_channel_rows_are_pruned_and_the_rest_kept(pg: PostgresRepository) -> None:
    limits = PostgresRateLimits(pg)
    for chat in ("DU1", "DU2", "DU3"):
        assert limits.take(f"slack:{chat}", 1.0) == 0
    assert limits.take("slack", 5.0) == 0
    limits.hold("slack:DU3", datetime.now(UTC) + timedelta(minutes=30))  # still held
    # DU1 and DU3 idle for a quarter of an hour (their buckets long full again), DU2 busy.
    pg.execute("UPDATE rate_limits SET updated_at = now() - interval '15 minutes' "
               "WHERE platform IN ('slack:DU1', 'slack:DU3', 'slack')")
    assert limits.prune() == 1
    left = {row[0] for row in pg.query("SELECT platform FROM rate_limits")}
    assert left == {"slack", "slack:DU2", "slack:DU3"}
    # A pruned channel starts again with a full bucket.
    assert limits.take("slack:DU1", 1.0) == 0
    assert limits.take("slack:DU1", 1.0) > 0.5
    # Every PRUNE_EVERY chat takes of a worker prune on the way: the rows stay bounded.
    pg.execute("UPDATE rate_limits SET updated_at = now() - interval '15 minutes'")
    for i in range(PRUNE_EVERY):
        limits.take(f"slack:DX{i}", 1.0)
    rows = pg.query("SELECT count(*) FROM rate_limits WHERE position(':' in platform) > 0")[0][0]
    assert rows < PRUNE_EVERY + 2
