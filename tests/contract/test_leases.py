"""What several workers need from the store (every backend): a due nudge leased to one worker at
a time, only each user's earliest while none of theirs is in flight, marked sent only by the
lease's holder, and taken back when the lease runs out."""

from __future__ import annotations

import contextlib
from datetime import timedelta

from bot.core.contract.ports import Repository
from tests.records import T0, make_nudge

UNTIL = T0 + timedelta(minutes=5)


def queue(repo: Repository) -> None:
    """Ana has three nudges due (a1 earliest), Bob two, Cy one not yet due."""
    repo.add_nudges([
        make_nudge("a2", "console:ana", due_at=T0 - timedelta(minutes=20)),
        make_nudge("a1", "console:ana", due_at=T0 - timedelta(minutes=30)),
        make_nudge("a3", "console:ana", due_at=T0 - timedelta(minutes=10)),
        make_nudge("b1", "console:bob", "iv-b", due_at=T0 - timedelta(minutes=25)),
        make_nudge("b2", "console:bob", "iv-b", due_at=T0),
        make_nudge("c1", "console:cy", "iv-c", due_at=T0 + timedelta(minutes=1)),
    ])


def test_a_lease_takes_each_users_earliest_due_nudge_once(repo: Repository) -> None:
    queue(repo)
    leased = repo.lease_due_nudges(T0, "w1", UNTIL)
    assert [n.id for n in leased] == ["a1", "b1"]  # earliest due first, one per user
    assert all(n.status == "claimed" and n.leased_by == "w1" and n.lease_until == UNTIL
               and n.attempts == 1 and n.claimed_at == T0 for n in leased)
    assert sorted(n.id for n in repo.claimed_nudges()) == ["a1", "b1"]
    # Another worker gets nothing: both users have a nudge in flight, Cy's is not due.
    assert repo.lease_due_nudges(T0, "w2", UNTIL) == []
    assert [n.id for n in repo.due_nudges(T0)] == ["a2", "a3", "b2"]  # still pending


def test_the_next_nudge_of_a_user_waits_until_the_one_in_flight_is_sent(
        repo: Repository) -> None:
    queue(repo)
    repo.lease_due_nudges(T0, "w1", UNTIL)
    assert repo.mark_sent_leased("a1", "w1", 1, T0 + timedelta(seconds=1))
    assert [n.id for n in repo.lease_due_nudges(T0, "w2", UNTIL)] == ["a2"]
    assert sorted(n.id for n in repo.claimed_nudges()) == ["a2", "b1"]  # a1 left: sent


def test_the_limit_keeps_the_earliest(repo: Repository) -> None:
    queue(repo)
    assert [n.id for n in repo.lease_due_nudges(T0, "w1", UNTIL, limit=1)] == ["a1"]
    assert [n.id for n in repo.lease_due_nudges(T0, "w2", UNTIL, limit=5)] == ["b1"]


def test_only_the_holder_of_the_lease_marks_it_sent(repo: Repository) -> None:
    queue(repo)
    repo.lease_due_nudges(T0, "w1", UNTIL)
    assert not repo.mark_sent_leased("a1", "w2", 1, T0)  # not its lease
    assert not repo.mark_sent_leased("a1", "w1", 2, T0)  # not this attempt
    assert not repo.mark_sent_leased("a2", "w1", 1, T0)  # never leased
    assert not repo.mark_sent_leased("zz", "w1", 1, T0)  # unknown
    assert sorted(n.id for n in repo.claimed_nudges()) == ["a1", "b1"]
    assert repo.mark_sent_leased("a1", "w1", 1, T0)
    assert not repo.mark_sent_leased("a1", "w1", 1, T0)  # once


def test_an_expired_lease_is_returned_and_fenced(repo: Repository) -> None:
    queue(repo)
    repo.lease_due_nudges(T0, "w1", UNTIL)  # w1 stops answering
    assert repo.release_expired_leases(UNTIL - timedelta(seconds=1)) == 0
    assert repo.release_expired_leases(UNTIL) == 2
    assert repo.claimed_nudges() == []
    later = UNTIL + timedelta(seconds=1)
    again = repo.lease_due_nudges(later, "w2", later + timedelta(minutes=5))
    assert [(n.id, n.leased_by, n.attempts) for n in again] == [
        ("a1", "w2", 2), ("b1", "w2", 2), ("c1", "w2", 1)]  # c1 came due meanwhile
    # w1 wakes up and reports its old attempt: refused, w2's lease stands.
    assert not repo.mark_sent_leased("a1", "w1", 1, later)
    assert repo.mark_sent_leased("a1", "w2", 2, later)


def test_a_claim_without_a_lease_is_in_flight_but_never_expires(repo: Repository) -> None:
    repo.add_nudges([make_nudge("a1", due_at=T0 - timedelta(minutes=2), status="claimed"),
                     make_nudge("a2", due_at=T0 - timedelta(minutes=1))])
    assert repo.lease_due_nudges(T0, "w1", UNTIL) == []  # Ana has one in flight
    assert repo.release_expired_leases(T0 + timedelta(days=365)) == 0


def test_a_lease_taken_in_a_failed_block_is_not_kept(repo: Repository) -> None:
    queue(repo)
    try:
        with repo.transaction():
            assert len(repo.lease_due_nudges(T0, "w1", UNTIL)) == 2
            raise RuntimeError("the worker failed before its claim committed")
    except RuntimeError:
        pass
    assert repo.claimed_nudges() == []
    assert [n.id for n in repo.lease_due_nudges(T0, "w2", UNTIL)] == ["a1", "b1"]


def test_holding_a_user_lasts_the_transaction_and_keeps_its_writes(repo: Repository) -> None:
    # Every backend: a user taken inside a block (twice: it is re-entrant, as a nested block
    # of the same turn would) keeps the block's writes, and a block that raised lets go too.
    with repo.transaction():
        repo.hold_user("console:ana")
        repo.hold_user("console:ana")
        with repo.transaction():
            repo.hold_user("console:ana")
            repo.add_nudges([make_nudge("a1", "console:ana")])
    with contextlib.suppress(RuntimeError), repo.transaction():
        repo.hold_user("console:ana")
        repo.add_nudges([make_nudge("a2", "console:ana")])
        raise RuntimeError("the turn failed")
    with repo.transaction():
        repo.hold_user("console:ana")  # free again: taken at once
        repo.add_nudges([make_nudge("a3", "console:ana")])
    assert [n.id for n in repo.due_nudges(T0)] == ["a1", "a3"]
