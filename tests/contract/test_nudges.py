"""What the scheduler asks: which pending nudges are due (oldest first, due exactly now
included), which are claimed, and when the next one is due; all follow every status change."""

from __future__ import annotations

from datetime import UTC, timedelta
from zoneinfo import ZoneInfo

from bot.core.contract.models import NUDGE_STATUSES, Nudge
from bot.core.contract.ports import Repository
from tests.records import T0, make_nudge

NEW_YORK = ZoneInfo("America/New_York")


def nudges_everywhere(repo: Repository) -> dict[str, Nudge]:
    """Three users, one nudge in every status each, due times interleaved across users."""
    made: dict[str, Nudge] = {}
    for u, key in enumerate(("console:ana", "telegram:42", "slack:T1/U1")):
        made.update({f"{key[:2]}-{status}": make_nudge(
            f"{key[:2]}-{status}", key, f"iv-{u}", status=status,
            due_at=T0 + timedelta(minutes=10 * s + u)) for s, status in enumerate(NUDGE_STATUSES)})
        repo.add_nudges([n for n in made.values() if n.user_key == key])
    return made


def test_due_nudges_are_the_pending_ones_due_by_now_oldest_first(repo: Repository) -> None:
    made = nudges_everywhere(repo)
    pending = sorted((n for n in made.values() if n.status == "pending"), key=lambda n: n.due_at)
    assert [n.id for n in pending] == ["co-pending", "te-pending", "sl-pending"]
    assert repo.due_nudges(T0 + timedelta(days=1)) == pending
    assert repo.due_nudges(pending[1].due_at) == pending[:2]
    assert repo.due_nudges(T0 - timedelta(days=1)) == []


def test_a_nudge_due_exactly_now_is_due(repo: Repository) -> None:
    nudge = make_nudge("n1", due_at=T0)
    repo.add_nudges([nudge])
    assert repo.due_nudges(T0) == [nudge]
    assert repo.due_nudges(T0.astimezone(UTC)) == [nudge]  # the same instant in another zone
    assert repo.due_nudges(T0 - timedelta(seconds=1)) == []
    assert repo.due_nudges(T0 - timedelta(milliseconds=1)) == []


def test_claimed_nudges_are_every_claimed_one_earliest_first(repo: Repository) -> None:
    made = nudges_everywhere(repo)
    assert [n.id for n in repo.claimed_nudges()] == ["co-claimed", "te-claimed", "sl-claimed"]
    assert repo.claimed_nudges() == [n for n in made.values() if n.status == "claimed"]


def test_next_due_at_is_the_earliest_pending_in_utc(repo: Repository) -> None:
    made = nudges_everywhere(repo)
    nxt = repo.next_due_at()
    assert nxt == made["co-pending"].due_at
    assert nxt is not None and nxt.utcoffset() == timedelta(0)


def test_the_answers_follow_each_status_change(repo: Repository) -> None:
    late = T0 + timedelta(days=1)
    first = make_nudge("n1", due_at=T0 + timedelta(hours=1))
    second = make_nudge("n2", due_at=T0 + timedelta(hours=2))
    repo.add_nudges([first, second])

    first.status, first.claimed_at = "claimed", T0  # claimed for sending
    repo.save_nudge(first)
    assert repo.due_nudges(late) == [second] and repo.claimed_nudges() == [first]
    assert repo.next_due_at() == second.due_at

    first.status, first.done_at = "sent", T0
    repo.save_nudge(first)
    assert repo.claimed_nudges() == [] and repo.due_nudges(late) == [second]

    second.due_at = T0 + timedelta(days=2)  # re-timed later
    repo.save_nudge(second)
    assert repo.due_nudges(late) == [] and repo.next_due_at() == second.due_at

    second.status = "paused"
    repo.save_nudge(second)
    assert repo.next_due_at() is None

    second.status, second.due_at = "pending", T0 - timedelta(minutes=5)  # resumed, earlier
    repo.save_nudge(second)
    assert repo.due_nudges(T0) == [second] and repo.next_due_at() == second.due_at


def test_due_times_in_different_zones_sort_by_instant(repo: Repository) -> None:
    london = make_nudge("ldn", due_at=T0 + timedelta(minutes=30))
    utc = make_nudge("utc", "telegram:42", "iv-2",
                     due_at=(T0 + timedelta(minutes=20)).astimezone(UTC))
    new_york = make_nudge("nyc", "slack:U1", "iv-3",
                          due_at=(T0 + timedelta(minutes=25)).astimezone(NEW_YORK))
    repo.add_nudges([london, utc, new_york])
    assert [n.id for n in repo.due_nudges(T0 + timedelta(hours=1))] == ["utc", "nyc", "ldn"]
