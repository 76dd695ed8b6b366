"""`delete_user`: every record of the user's leaves the store, pending nudges and shares
included, and they leave every channel; nobody else's records change."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.core.account import channel_posts
from bot.core.contract.ports import Repository
from tests.contract.conftest import make_channel, make_share
from tests.records import T0, make_dialog, make_interview, make_nudge, make_user, save_everything

ANA, BOB = "console:ana", "console:bob"
LATE = T0 + timedelta(days=30)


def two_users(repo: Repository) -> None:
    save_everything(repo, ANA)
    save_everything(repo, BOB, iid="iv-bob", prefix="b")
    repo.add_nudges([make_nudge("a-claimed", ANA, status="claimed"),
                     make_nudge("a-orphan", ANA, "iv-never-saved", due_at=T0 - timedelta(hours=1))])
    repo.save_share(make_share(ANA))
    repo.save_share(make_share(BOB))
    repo.save_channel(make_channel())
    repo.save_channel(make_channel("slack:C02", members=[BOB], posts={}))


def test_every_record_of_the_user_goes(repo: Repository) -> None:
    two_users(repo)
    repo.delete_user(ANA)

    assert repo.get_user(ANA) is None
    assert repo.get_interview("iv000001") is None and repo.interviews_for(ANA) == []
    assert repo.nudges_for_interview("iv000001") == []
    assert repo.get_dialog(ANA) is None
    assert repo.shares_for(ANA) == []
    assert {n.user_key for n in repo.due_nudges(LATE)} == {BOB}  # the orphan nudge too
    assert repo.claimed_nudges() == []
    assert repo.next_due_at() == next(n for n in repo.due_nudges(LATE)).due_at


def test_nobody_elses_records_change(repo: Repository) -> None:
    two_users(repo)
    repo.delete_user(ANA)
    assert repo.get_user(BOB) == make_user(BOB)
    assert repo.interviews_for(BOB) == [make_interview("iv-bob", BOB)]
    assert [n.id for n in repo.nudges_for_interview("iv-bob")] == ["b0000001", "b0000002"]
    assert repo.get_dialog(BOB) == make_dialog(BOB)
    assert repo.shares_for(BOB) == [make_share(BOB)]


def test_the_user_leaves_every_channel_which_stays(repo: Repository) -> None:
    two_users(repo)
    repo.delete_user(ANA)
    # Their membership, their own posts and their cheers on others' posts go.
    assert repo.channels() == [
        make_channel(members=[BOB], posts={"p2": {"owner": BOB, "cheers": []}}),
        make_channel("slack:C02", members=[BOB], posts={})]


def test_a_user_without_records_still_leaves_the_channels(repo: Repository) -> None:
    repo.save_channel(make_channel())
    repo.delete_user(ANA)  # they were seen in the channel, but never wrote to Hearback
    channel = repo.get_channel("slack:C01")
    assert channel is not None and channel.members == [BOB]
    repo.delete_user("console:nobody")
    assert repo.get_user("console:nobody") is None


def test_writing_after_a_delete_starts_fresh(repo: Repository) -> None:
    two_users(repo)
    repo.delete_user(ANA)
    repo.save_user(make_user(ANA))
    assert repo.get_user(ANA) == make_user(ANA)
    assert repo.interviews_for(ANA) == [] and repo.get_dialog(ANA) is None
    assert repo.shares_for(ANA) == []


def test_a_delete_in_a_failed_block_keeps_everything(repo: Repository) -> None:
    two_users(repo)
    due, claimed, channels = repo.due_nudges(LATE), repo.claimed_nudges(), repo.channels()
    with pytest.raises(RuntimeError), repo.transaction():
        repo.delete_user(ANA)
        assert repo.get_user(ANA) is None
        raise RuntimeError("the turn failed after the delete")
    assert repo.get_user(ANA) == make_user(ANA)
    assert repo.interviews_for(ANA) == [make_interview()]
    assert repo.get_dialog(ANA) == make_dialog()
    assert repo.shares_for(ANA) == [make_share(ANA)]
    assert repo.due_nudges(LATE) == due and repo.claimed_nudges() == claimed
    assert repo.channels() == channels


def test_posts_about_the_user_outlive_them_only_as_ids_to_take_down(repo: Repository) -> None:
    # Issue 15: the bot's channel posts about a user are kept with the user; on delete their
    # ids move to the channel's removal list (nothing about the person), and once removed they
    # are gone from the channel record too.
    two_users(repo)
    with repo.transaction():
        channel_posts.record(repo, "slack", ANA, "C01", ["1.1", "1.2"])
        channel_posts.record(repo, "slack", BOB, "C01", ["2.1"])
    user = repo.get_user(ANA)
    assert user is not None and user.channel_posts == {"slack:C01": ["1.1", "1.2"]}
    with repo.transaction():
        assert channel_posts.queue_for_removal(repo, ANA) == 2
        repo.delete_user(ANA)
    assert [c.key for c in channel_posts.pending(repo)] == ["slack:C01"]
    channel = repo.get_channel("slack:C01")
    assert channel is not None and channel.retract == ["1.1", "1.2"] and ANA not in str(
        channel.to_dict())
    channel_posts.retracted(repo, "slack:C01", ["1.1"])
    assert [c.retract for c in channel_posts.pending(repo)] == [["1.2"]]
    bob = repo.get_user(BOB)
    assert bob is not None and bob.channel_posts == {"slack:C01": ["2.1"]}  # his stay his
