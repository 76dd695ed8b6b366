"""Transactions: a block's writes are seen inside it and kept when the outermost block ends; if
it raises, none of them is kept, whatever record they touched, and the store goes on working."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.core.contract.ports import Repository
from tests.contract.conftest import make_channel, make_share
from tests.records import (
    T0,
    make_dialog,
    make_interview,
    make_nudge,
    make_nudges,
    make_user,
    save_everything,
)

LATE = T0 + timedelta(days=30)


def test_a_blocks_writes_are_seen_inside_it_and_kept_after(repo: Repository) -> None:
    with repo.transaction():
        save_everything(repo)  # a nested block
        repo.save_user(make_user("console:bob"))
        assert repo.get_user("console:ana") == make_user()
        assert repo.get_interview("iv000001") == make_interview()
        assert [n.id for n in repo.due_nudges(T0 + timedelta(days=1))] == ["n0000001"]
        assert repo.next_due_at() == make_nudges()[0].due_at
    assert repo.get_user("console:bob") == make_user("console:bob")
    assert repo.get_dialog("console:ana") == make_dialog()
    assert repo.nudges_for_interview("iv000001") == make_nudges()


def test_an_exception_drops_every_write_of_the_block(repo: Repository) -> None:
    save_everything(repo, "console:ana")
    repo.save_user(make_user("console:bob"))
    repo.save_interview(make_interview("iv-bob", "console:bob"))
    bob_nudge = make_nudge("b1", "console:bob", "iv-bob", due_at=T0 + timedelta(hours=1))
    bob_claimed = make_nudge("b2", "console:bob", "iv-bob", due_at=T0, status="claimed")
    repo.add_nudges([bob_nudge, bob_claimed])
    repo.save_share(make_share())
    repo.save_channel(make_channel())
    repo.save_channel(make_channel("slack:C02"))
    assert repo.claim_event("slack", "Ev1")
    due_before, next_before = repo.due_nudges(LATE), repo.next_due_at()

    with pytest.raises(RuntimeError, match="boom"), repo.transaction():
        repo.save_user(make_user(display_name="Changed Name"))
        repo.save_user(make_user("console:cy"))  # a new user too
        repo.save_interview(make_interview("iv000002"))
        repo.save_interview(make_interview("iv-cy", "console:cy"))
        sent = make_nudges()[0]
        sent.status = "sent"  # leaves what is due
        repo.save_nudge(sent)
        repo.save_nudge(make_nudge("b1", "console:bob", "iv-bob", due_at=T0 - timedelta(days=1)))
        repo.save_nudge(make_nudge("b2", "console:bob", "iv-bob", due_at=T0))  # released
        repo.add_nudges([make_nudge("c1", "console:cy", "iv-cy", due_at=T0 - timedelta(days=2))])
        repo.clear_dialog("console:ana")
        repo.save_dialog(make_dialog("console:bob"))
        repo.save_share(make_share(everything=True))
        repo.delete_share("console:ana", "slack:C01")
        repo.save_share(make_share("console:bob"))
        repo.save_channel(make_channel(title="Renamed"))
        repo.delete_channel("slack:C02")
        repo.save_channel(make_channel("slack:C03"))
        assert repo.claim_event("slack", "Ev2")
        with repo.transaction():  # a nested block that ended well is dropped with its outer one
            repo.save_user(make_user("console:dee"))
        assert [n.id for n in repo.due_nudges(LATE)] == ["c1", "b1", "b2"]
        assert repo.claimed_nudges() == []
        assert repo.event_seen("slack", "Ev2")
        raise RuntimeError("boom")

    assert repo.get_user("console:ana") == make_user()
    assert repo.get_user("console:cy") is None and repo.get_user("console:dee") is None
    assert repo.get_interview("iv000002") is None and repo.get_interview("iv-cy") is None
    assert [i.id for i in repo.interviews_for("console:ana")] == ["iv000001"]
    assert repo.interviews_for("console:cy") == []
    assert repo.get_dialog("console:ana") == make_dialog()
    assert repo.get_dialog("console:bob") is None
    assert repo.due_nudges(LATE) == due_before
    assert repo.next_due_at() == next_before
    assert repo.claimed_nudges() == [bob_claimed]
    assert repo.nudges_for_interview("iv-bob") == [bob_claimed, bob_nudge]
    assert repo.shares_for("console:ana") == [make_share()]
    assert repo.shares_for("console:bob") == []
    assert repo.channels() == [make_channel(), make_channel("slack:C02")]
    assert repo.event_seen("slack", "Ev1") and not repo.event_seen("slack", "Ev2")

    # The store goes on, and the next write does not bring back the dropped ones.
    repo.save_nudge(make_nudge("b9", "console:bob", "iv-bob", due_at=T0 + timedelta(hours=2)))
    assert [n.id for n in repo.nudges_for_interview("iv-bob")] == ["b2", "b1", "b9"]
    assert [i.id for i in repo.interviews_for("console:ana")] == ["iv000001"]
    assert repo.get_user("console:cy") is None


def test_a_new_users_failed_first_block_leaves_no_trace(repo: Repository) -> None:
    save_everything(repo)
    key = "console:new"
    with pytest.raises(RuntimeError), repo.transaction():
        repo.save_user(make_user(key))
        repo.save_interview(make_interview("iv-new", key))
        repo.add_nudges([make_nudge("new1", key, "iv-new", due_at=T0 - timedelta(days=3)),
                         make_nudge("new2", key, "iv-new", status="claimed")])
        repo.save_dialog(make_dialog(key))
        repo.save_share(make_share(key))
        raise RuntimeError("boom")

    assert repo.get_user(key) is None
    assert repo.get_interview("iv-new") is None and repo.interviews_for(key) == []
    assert repo.nudges_for_interview("iv-new") == []
    assert repo.get_dialog(key) is None and repo.shares_for(key) == []
    assert [n.id for n in repo.due_nudges(LATE)] == ["n0000001"]
    assert repo.claimed_nudges() == []
    # A later first write holds only what it wrote.
    repo.save_user(make_user(key))
    assert repo.interviews_for(key) == [] and repo.get_dialog(key) is None


def test_an_error_caught_inside_the_block_does_not_undo_it(repo: Repository) -> None:
    # Nested blocks join the outermost one: only its end decides.
    with repo.transaction():
        repo.save_user(make_user())
        with pytest.raises(RuntimeError), repo.transaction():
            repo.save_interview(make_interview())
            raise RuntimeError("handled by the caller")
        repo.save_dialog(make_dialog())
    assert repo.get_user("console:ana") == make_user()
    assert repo.get_interview("iv000001") == make_interview()
    assert repo.get_dialog("console:ana") == make_dialog()


def test_writes_outside_a_block_are_kept_one_by_one(repo: Repository) -> None:
    repo.save_user(make_user())
    with pytest.raises(RuntimeError), repo.transaction():
        repo.save_interview(make_interview())
        raise RuntimeError("boom")
    repo.add_nudges([make_nudge("n1")])
    assert repo.get_user("console:ana") == make_user()
    assert repo.get_interview("iv000001") is None
    assert [n.id for n in repo.due_nudges(T0)] == ["n1"]
