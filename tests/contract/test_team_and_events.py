"""Shares (one per user and channel, kept with the user), channels (one shared list, by key)
and the platform event ids that make a redelivered event be handled once."""

from __future__ import annotations

import pytest

from bot.core.contract.ports import Repository
from storage.events import KEEP_PER_PLATFORM
from storage.leases import InProcessLeases
from tests.contract.conftest import make_channel, make_share


def test_one_share_per_user_and_channel(repo: Repository) -> None:
    repo.save_share(make_share())
    repo.save_share(make_share(channel="telegram:-100"))
    repo.save_share(make_share("console:bob"))
    updated = make_share(milestones=["offer"])
    repo.save_share(updated)

    assert sorted(s.channel for s in repo.shares_for("console:ana")) == [
        "slack:C01", "telegram:-100"]
    assert next(s for s in repo.shares_for("console:ana") if s.channel == "slack:C01") == updated
    assert repo.shares_for("console:bob") == [make_share("console:bob")]

    repo.delete_share("console:ana", "slack:C01")
    assert [s.channel for s in repo.shares_for("console:ana")] == ["telegram:-100"]
    assert repo.shares_for("console:bob") == [make_share("console:bob")]
    repo.delete_share("console:ana", "slack:C01")  # already gone
    repo.delete_share("console:nobody", "slack:C01")  # never there
    assert repo.get_user("console:nobody") is None and repo.shares_for("console:nobody") == []


def test_channels_are_listed_by_key_and_deleted_one_at_a_time(repo: Repository) -> None:
    for key in ("telegram:-100", "slack:C02", "slack:C01"):
        repo.save_channel(make_channel(key))
    assert [c.key for c in repo.channels()] == ["slack:C01", "slack:C02", "telegram:-100"]

    repo.delete_channel("slack:C02")
    repo.delete_channel("slack:C404")  # unknown: nothing happens
    assert [c.key for c in repo.channels()] == ["slack:C01", "telegram:-100"]
    assert repo.get_channel("slack:C02") is None
    assert repo.get_channel("telegram:-100") == make_channel("telegram:-100")


def test_an_event_is_claimed_once_per_platform(repo: Repository) -> None:
    assert not repo.event_seen("telegram", "1001")
    assert repo.claim_event("telegram", "1001")  # the first caller
    assert not repo.claim_event("telegram", "1001")  # a redelivery: someone has it already
    assert repo.event_seen("telegram", "1001")
    assert not repo.event_seen("slack", "1001")  # ids are per platform
    assert not repo.event_seen("telegram", "1002")


def test_an_event_recorded_in_a_failed_block_is_not_seen(repo: Repository) -> None:
    with pytest.raises(RuntimeError), repo.transaction():
        assert repo.claim_event("slack", "Ev1")
        raise RuntimeError("the turn failed: the platform's retry must be handled")
    assert not repo.event_seen("slack", "Ev1")
    assert repo.claim_event("slack", "Ev1")  # the retry is handled


def test_only_the_most_recent_events_are_remembered(repo: Repository) -> None:
    if not isinstance(repo, InProcessLeases):
        pytest.skip("PostgreSQL keeps events by age (tests/test_postgres.py)")
    with repo.transaction():
        for i in range(KEEP_PER_PLATFORM + 1):
            repo.claim_event("telegram", str(i))
        repo.claim_event("slack", "0")
    assert not repo.event_seen("telegram", "0")  # the oldest made room
    assert repo.event_seen("telegram", "1")
    assert repo.event_seen("telegram", str(KEEP_PER_PLATFORM))
    assert repo.event_seen("slack", "0")
