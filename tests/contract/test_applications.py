"""Issue 17 on every backend: a user's nudges whatever their interview (their own reminders
belong to none), and removing one application with its nudges, leaving the rest."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from bot.core.contract.ports import Repository
from tests.records import T0, make_interview, make_nudge, make_nudges, save_everything


def test_nudges_for_user_includes_reminders_of_no_interview(repo: Repository) -> None:
    save_everything(repo)
    own = replace(make_nudge("own0001", iid="", due_at=T0 + timedelta(days=6)),
                  kind="own_reminder", text="email the recruiter", origin="reminder")
    repo.add_nudges([own, make_nudge("bob0001", "console:bob", "ivbob001")])
    found = repo.nudges_for_user("console:ana")
    assert [n.id for n in found] == ["n0000001", "n0000002", "own0001"]
    assert found[-1] == own and found[-1].text == "email the recruiter"
    assert repo.nudges_for_interview("") == []  # found by their user only
    assert repo.nudges_for_user("console:nobody") == []
    assert [n.id for n in repo.due_nudges(T0 + timedelta(days=7))] == \
        ["bob0001", "n0000001", "own0001"]


def test_delete_interview_takes_its_nudges_and_leaves_the_rest(repo: Repository) -> None:
    save_everything(repo)
    save_everything(repo, iid="iv000002", prefix="m")
    own = replace(make_nudge("own0001", iid=""), kind="own_reminder")
    repo.add_nudges([own])
    save_everything(repo, "console:bob", "ivbob001", prefix="b")
    repo.delete_interview("iv000001")
    assert repo.get_interview("iv000001") is None
    assert repo.nudges_for_interview("iv000001") == []
    assert [iv.id for iv in repo.interviews_for("console:ana")] == ["iv000002"]
    assert {n.id for n in repo.nudges_for_user("console:ana")} == \
        {n.id for n in make_nudges(prefix="m")} | {"own0001"}
    assert len(repo.nudges_for_user("console:bob")) == 2
    assert repo.get_user("console:ana") is not None
    repo.delete_interview("iv000001")  # again: nothing happens
    repo.delete_interview("no-such")


def test_delete_interview_in_a_failed_transaction_keeps_it(repo: Repository) -> None:
    save_everything(repo)
    with pytest.raises(RuntimeError), repo.transaction():
        repo.delete_interview("iv000001")
        raise RuntimeError("the turn failed")
    assert repo.get_interview("iv000001") == make_interview()
    assert len(repo.nudges_for_interview("iv000001")) == 2
