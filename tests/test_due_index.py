"""DueIndex, the in-memory heap of pending nudges by due time (storage/due_index.py)."""

from __future__ import annotations

import random

import pytest

from storage.due_index import DueIndex


def ids(entries: list[tuple[float, str, str]]) -> list[str]:
    return [nid for _, nid, _ in entries]


def test_an_empty_index_has_nothing_due() -> None:
    index = DueIndex()
    assert len(index) == 0
    assert index.due(1e12) == []
    assert index.next_due() is None


def test_due_returns_what_is_due_oldest_first_with_its_user() -> None:
    index = DueIndex()
    index.set("late", 300.0, "console:bob")
    index.set("early", 100.0, "console:ana")
    index.set("middle", 200.0, "console:cy")

    assert index.due(99.0) == []
    assert index.due(100.0) == [(100.0, "early", "console:ana")]  # due_ts <= now is due
    assert index.due(250.0) == [(100.0, "early", "console:ana"), (200.0, "middle", "console:cy")]
    assert ids(index.due(1000.0)) == ["early", "middle", "late"]
    assert index.next_due() == 100.0
    assert len(index) == 3


def test_asking_what_is_due_does_not_consume_it() -> None:
    index = DueIndex()
    index.set("a", 10.0, "u")
    index.set("b", 20.0, "u")
    first = index.due(15.0)
    assert index.due(15.0) == first == [(10.0, "a", "u")]
    assert ids(index.due(30.0)) == ["a", "b"]
    assert index.next_due() == 10.0


def test_nudges_due_at_the_same_moment_are_all_returned() -> None:
    index = DueIndex()
    for nid in ("n3", "n1", "n2"):
        index.set(nid, 50.0, f"user-{nid}")
    due = index.due(50.0)
    assert sorted(ids(due)) == ["n1", "n2", "n3"]
    assert {(nid, key) for _, nid, key in due} == {(n, f"user-{n}") for n in ("n1", "n2", "n3")}


def test_discard_removes_a_nudge_and_unknown_ids_are_ignored() -> None:
    index = DueIndex()
    index.set("a", 10.0, "u")
    index.set("b", 20.0, "u")
    index.discard("a")
    index.discard("never-there")
    assert ids(index.due(100.0)) == ["b"]
    assert index.next_due() == 20.0
    assert len(index) == 1
    index.discard("b")
    assert index.due(100.0) == []
    assert index.next_due() is None
    assert len(index) == 0


def test_setting_a_nudge_again_moves_it_to_its_new_time() -> None:
    index = DueIndex()
    index.set("a", 10.0, "u")
    index.set("b", 20.0, "u")
    index.set("a", 30.0, "u")  # re-timed later

    assert index.due(15.0) == []  # not at its old time
    assert index.next_due() == 20.0
    assert index.due(30.0) == [(20.0, "b", "u"), (30.0, "a", "u")]
    assert len(index) == 2

    index.set("a", 5.0, "u")  # and earlier again
    assert index.next_due() == 5.0
    assert index.due(10.0) == [(5.0, "a", "u")]


def test_setting_a_nudge_again_for_another_user_reports_the_new_user() -> None:
    index = DueIndex()
    index.set("a", 10.0, "console:ana")
    index.set("a", 10.0, "console:bob")
    assert index.due(10.0) == [(10.0, "a", "console:bob")]
    assert len(index) == 1


def test_a_nudge_is_never_returned_twice() -> None:
    index = DueIndex()
    # The same id pushed again and again, including back to a time it had before and the same
    # entry set twice, leaves several heap entries behind: only one may come out.
    index.set("a", 10.0, "u")
    index.set("a", 20.0, "u")
    index.set("a", 10.0, "u")
    index.set("a", 10.0, "u")
    index.discard("b")
    index.set("b", 15.0, "u")
    index.discard("b")
    index.set("b", 15.0, "u")

    for _ in range(3):  # and again on later calls, after due() put entries back
        assert index.due(100.0) == [(10.0, "a", "u"), (15.0, "b", "u")]
    assert index.next_due() == 10.0
    assert len(index) == 2


def test_a_discarded_nudge_set_again_is_due_once() -> None:
    index = DueIndex()
    index.set("a", 10.0, "u")
    assert index.due(10.0) == [(10.0, "a", "u")]
    index.discard("a")
    assert index.due(10.0) == []
    index.set("a", 10.0, "u")
    assert index.due(10.0) == [(10.0, "a", "u")]


def test_next_due_skips_entries_that_were_discarded_or_moved() -> None:
    index = DueIndex()
    index.set("a", 1.0, "u")
    index.set("b", 2.0, "u")
    index.set("c", 3.0, "u")
    index.discard("a")
    index.set("b", 9.0, "u")
    assert index.next_due() == 3.0
    index.discard("c")
    assert index.next_due() == 9.0


def test_bulk_load_replaces_the_contents() -> None:
    index = DueIndex()
    index.set("old", 1.0, "u")
    index.bulk_load({"x": (30.0, "console:ana"), "y": (10.0, "console:bob"),
                     "z": (20.0, "console:ana")})
    assert len(index) == 3
    assert index.next_due() == 10.0
    assert index.due(25.0) == [(10.0, "y", "console:bob"), (20.0, "z", "console:ana")]
    # It keeps working as usual afterwards.
    index.set("y", 40.0, "console:bob")
    index.discard("z")
    assert ids(index.due(100.0)) == ["x", "y"]


def test_thousands_of_re_timings_keep_the_answers_right() -> None:
    # Re-timing the same ten nudges again and again is what leaves stale entries behind in a
    # lazily-deleted heap (and what triggers its compaction); whatever the structure, the
    # answers must stay those of the last times set.
    index = DueIndex()
    for n in range(10):
        index.set(f"n{n}", float(n), "u")
    for round_ in range(1, 600):
        for n in range(10):
            index.set(f"n{n}", float(round_ * 100 + n), "u")
    final = {f"n{n}": float(599 * 100 + n) for n in range(10)}

    assert len(index) == 10
    assert index.next_due() == final["n0"]
    assert index.due(final["n0"] - 1) == []
    assert index.due(final["n4"]) == [(final[f"n{n}"], f"n{n}", "u") for n in range(5)]
    assert ids(index.due(1e9)) == [f"n{n}" for n in range(10)]
    # And it keeps working for nudges added afterwards.
    index.set("late", 1e8, "v")
    index.discard("n0")
    assert ids(index.due(1e9)) == [*(f"n{n}" for n in range(1, 10)), "late"]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_operations_agree_with_a_plain_dict(seed: int) -> None:
    rng = random.Random(seed)
    index = DueIndex()
    model: dict[str, tuple[float, str]] = {}
    names = [f"n{i}" for i in range(60)]
    for step in range(4000):
        op = rng.random()
        nid = rng.choice(names)
        if op < 0.55:
            ts, key = float(rng.randrange(0, 200)), rng.choice(["ana", "bob"])
            index.set(nid, ts, key)
            model[nid] = (ts, key)
        elif op < 0.75:
            index.discard(nid)
            model.pop(nid, None)
        elif op < 0.95:
            now = float(rng.randrange(-10, 220))
            got = index.due(now)
            want = sorted((ts, n, key) for n, (ts, key) in model.items() if ts <= now)
            assert got == want, f"step {step}"
        else:
            expected = min((ts for ts, _ in model.values()), default=None)
            assert index.next_due() == expected, f"step {step}"
        assert len(index) == len(model)
