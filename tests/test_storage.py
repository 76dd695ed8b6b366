"""Storage against real files in a temp dir: durability, transactions, bad files, locking,
the per-user layout (schema 2), its start-up index, its cache, and the upgrade from schema 1.

Layout under test:
    data/meta.json ({"schema": 2, "app": "hearback"}) (the lock is a flock on data/ itself),
    data/users/<sha256(user key)[:32]>.json, one TinyDB document per user with the tables
    _meta ({"schema": 2, "key": <user key>}), user, interviews, nudges and dialog.
"""

from __future__ import annotations

import hashlib
import json
import os
import select
import signal
import stat
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

import storage.durable
from bot.core.contract.models import Nudge, User
from storage import (
    SCHEMA_VERSION,
    CorruptDataError,
    DataDirError,
    DataDirLockedError,
    PartlySavedError,
    QuarantinedUserError,
    SchemaVersionError,
    ShardedRepository,
    StorageError,
    open_repository,
)
from tests.records import (
    T0,
    make_dialog,
    make_interview,
    make_nudge,
    make_nudges,
    make_user,
    save_everything,
)

TIMEOUT = 60
ROOT = Path(__file__).resolve().parent.parent
LOCK = "hearback.lock"
META = "meta.json"
USERS = "users"
LEGACY = "hearback.json"
MIGRATED = "hearback.json.v1-migrated"


# -- looking at the files ---------------------------------------------------------------------
def user_file(data_dir: Path, key: str) -> Path:
    """Where the documented layout puts a user's file (computed here, not by storage/)."""
    return data_dir / USERS / (hashlib.sha256(key.encode()).hexdigest()[:32] + ".json")


def read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def rows(path: Path, table: str) -> list[dict[str, Any]]:
    """The rows of one table of a TinyDB file."""
    return list(read_json(path).get(table, {}).values())


def tree(data_dir: Path) -> list[str]:
    """Every file and folder under the data dir, relative, without the lock file."""
    return sorted(p.relative_to(data_dir).as_posix() for p in data_dir.rglob("*")
                  if p.name != LOCK)


def snapshot(data_dir: Path) -> dict[str, bytes]:
    """Path -> bytes of every file under the data dir except the lock file."""
    return {p.relative_to(data_dir).as_posix(): p.read_bytes()
            for p in sorted(data_dir.rglob("*")) if p.is_file() and p.name != LOCK}


def fingerprint(path: Path) -> tuple[int, int, bytes]:
    """Inode, mtime and bytes: an atomic rewrite changes the inode even with equal bytes."""
    st = path.stat()
    return st.st_ino, st.st_mtime_ns, path.read_bytes()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def repo(data_dir: Path) -> Iterator[ShardedRepository]:
    r = open_repository(data_dir)
    yield r
    r.close()


def child_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("HEARBACK_", "TELEGRAM_", "SLACK_"))}
    env["PYTHONPATH"] = str(ROOT)
    return env


# -- round trips ------------------------------------------------------------------------------
def test_everything_written_survives_close_and_reopen(data_dir: Path) -> None:
    repo = open_repository(data_dir)
    user, interview, nudges, dialog = make_user(), make_interview(), make_nudges(), make_dialog()
    with repo.transaction():
        repo.save_user(user)
        repo.save_interview(interview)
        repo.add_nudges(nudges)
        repo.save_dialog(dialog)
    repo.close()

    again = open_repository(data_dir)
    try:
        assert again.get_user(user.key) == user
        assert again.get_interview(interview.id) == interview
        assert again.interviews_for(user.key) == [interview]
        assert again.nudges_for_interview(interview.id) == nudges
        assert again.all_nudges() == nudges
        assert again.get_dialog(dialog.user_key) == dialog
        assert again.known_users() == [user.key]
        assert again.get_user("console:nobody") is None
        assert again.get_interview("missing") is None
        assert again.get_dialog("console:nobody") is None
        assert again.interviews_for("console:nobody") == []
        assert again.nudges_for_interview("missing") == []
    finally:
        again.close()


def test_nudges_saved_before_origin_was_a_field_open_with_it_and_are_saved_with_it(
        data_dir: Path) -> None:
    # The version before kept a nudge's origin and a call's answer in its note.
    repo = open_repository(data_dir)
    save_everything(repo)
    repo.close()
    path = user_file(data_dir, "console:ana")
    doc = read_json(path)
    old = sorted(doc["nudges"].values(), key=lambda row: row["id"])
    for row, note in zip(old, ("snoozed", "answered:na"), strict=True):
        del row["origin"], row["answer"]
        row["note"] = note
    path.write_text(json.dumps(doc), encoding="utf-8")

    repo = open_repository(data_dir)
    try:
        snoozed, answered = repo.nudges_for_interview("iv000001")
        assert (snoozed.origin, snoozed.note, snoozed.answer) == ("snooze", None, None)
        assert (answered.origin, answered.note, answered.answer) == ("plan", None, "na")
        assert repo.due_nudges(T0 + timedelta(days=1)) == [snoozed]
        repo.save_nudge(snoozed)
    finally:
        repo.close()
    saved = {row["id"]: row for row in rows(path, "nudges")}
    assert saved[snoozed.id]["origin"] == "snooze" and saved[snoozed.id]["note"] is None


def test_updates_and_deletes_survive_reopen_without_duplicating_rows(data_dir: Path) -> None:
    repo = open_repository(data_dir)
    repo.save_user(make_user())
    repo.save_interview(make_interview())
    repo.add_nudges(make_nudges())
    repo.save_dialog(make_dialog())
    repo.close()

    repo = open_repository(data_dir)
    repo.save_user(make_user(display_name="Ana Lima-Souza", timezone="America/New_York"))
    interview = make_interview()
    interview.status, interview.outcome = "closed", "selected"
    repo.save_interview(interview)
    first = make_nudges()[0]
    first.status, first.done_at = "cancelled", T0 + timedelta(hours=3)
    repo.save_nudge(first)
    repo.clear_dialog("console:ana")
    repo.close()

    repo = open_repository(data_dir)
    try:
        user = repo.get_user("console:ana")
        assert user is not None
        assert (user.display_name, user.timezone) == ("Ana Lima-Souza", "America/New_York")
        assert repo.interviews_for("console:ana") == [interview]
        assert repo.all_nudges() == [first, make_nudges()[1]]
        assert repo.get_dialog("console:ana") is None
        assert repo.due_nudges(T0 + timedelta(days=30)) == []  # the cancelled one is not due
    finally:
        repo.close()
    path = user_file(data_dir, "console:ana")
    assert [u["key"] for u in rows(path, "user")] == ["console:ana"]
    assert [i["id"] for i in rows(path, "interviews")] == ["iv000001"]
    assert sorted(n["id"] for n in rows(path, "nudges")) == ["n0000001", "n0000002"]
    assert rows(path, "dialog") == []
    assert rows(path, "_meta") == [{"schema": SCHEMA_VERSION, "key": "console:ana"}]


def test_due_and_claimed_queries_read_the_reopened_files(data_dir: Path) -> None:
    repo = open_repository(data_dir)
    nudges = make_nudges()
    claimed = Nudge(id="n0000003", user_key="console:ana", interview_id="iv000001",
                    kind="checkin", due_at=T0 + timedelta(days=2), status="claimed",
                    claimed_at=T0 + timedelta(days=2))
    repo.save_user(make_user())
    repo.add_nudges([*nudges, claimed])
    repo.close()

    repo = open_repository(data_dir)
    try:
        assert repo.due_nudges(T0 + timedelta(hours=1)) == []
        assert repo.due_nudges(T0 + timedelta(days=9)) == [nudges[0]]  # pending only
        assert repo.claimed_nudges() == [claimed]
        assert repo.next_due_at() == nudges[0].due_at
    finally:
        repo.close()


# -- the layout -------------------------------------------------------------------------------
def test_a_new_data_dir_gets_meta_json_and_an_empty_users_folder_at_once(data_dir: Path) -> None:
    assert not data_dir.exists()
    repo = open_repository(data_dir)
    try:
        assert read_json(data_dir / META) == {"schema": SCHEMA_VERSION, "app": "hearback"}
        assert SCHEMA_VERSION == 2
        assert (data_dir / USERS).is_dir()
        assert tree(data_dir) == [META, USERS]
        assert repo.known_users() == []
        assert repo.due_nudges(T0 + timedelta(days=365)) == []
        assert repo.next_due_at() is None
        assert repo.claimed_nudges() == []
    finally:
        repo.close()


def test_each_user_gets_one_file_named_by_the_hash_of_their_key(repo: ShardedRepository,
                                                                  data_dir: Path) -> None:
    keys = ["console:ana", "telegram:12345", "slack:T01/U02", "console:zoë 🙂"]
    for n, key in enumerate(keys):
        save_everything(repo, key, iid=f"iv{n}", prefix=f"u{n}-")

    assert tree(data_dir) == sorted([META, USERS, *(f"{USERS}/{user_file(data_dir, k).name}"
                                                    for k in keys)])
    for n, key in enumerate(keys):
        path = user_file(data_dir, key)
        assert rows(path, "_meta") == [{"schema": SCHEMA_VERSION, "key": key}]
        assert [u["key"] for u in rows(path, "user")] == [key]
        assert [i["id"] for i in rows(path, "interviews")] == [f"iv{n}"]
        assert {d["user_key"] for d in rows(path, "nudges")} == {key}
        assert [d["user_key"] for d in rows(path, "dialog")] == [key]
    assert repo.known_users() == sorted(keys)


def test_reopening_rewrites_no_file_and_adds_no_second_meta_row(data_dir: Path) -> None:
    repo = open_repository(data_dir)
    save_everything(repo)
    repo.close()
    before = {p: fingerprint(data_dir / p) for p in snapshot(data_dir)}

    for _ in range(2):
        again = open_repository(data_dir)
        assert again.get_user("console:ana") == make_user()
        again.close()

    assert {p: fingerprint(data_dir / p) for p in snapshot(data_dir)} == before
    assert rows(user_file(data_dir, "console:ana"), "_meta") == [
        {"schema": SCHEMA_VERSION, "key": "console:ana"}]


# -- transactions -----------------------------------------------------------------------------
def test_writes_outside_a_transaction_are_on_disk_at_once(repo: ShardedRepository,
                                                          data_dir: Path) -> None:
    repo.save_user(make_user())
    assert [u["key"] for u in rows(user_file(data_dir, "console:ana"), "user")] == ["console:ana"]
    repo.add_nudges([make_nudge("n1")])
    assert [n["id"] for n in rows(user_file(data_dir, "console:ana"), "nudges")] == ["n1"]


def test_transaction_writes_reach_the_disk_only_at_the_end(repo: ShardedRepository,
                                                           data_dir: Path) -> None:
    before = snapshot(data_dir)
    with repo.transaction():
        repo.save_user(make_user())
        assert snapshot(data_dir) == before
        repo.save_interview(make_interview())
        repo.add_nudges(make_nudges())
        repo.save_dialog(make_dialog())
        repo.save_user(make_user("console:bob"))
        assert snapshot(data_dir) == before
        assert tree(data_dir) == [META, USERS]  # not even an empty file for a new user
        # Inside the block the repository already sees its own writes.
        assert repo.get_user("console:ana") == make_user()
        assert repo.get_interview("iv000001") == make_interview()
        assert [n.id for n in repo.due_nudges(T0 + timedelta(days=1))] == ["n0000001"]
    path = user_file(data_dir, "console:ana")
    assert [u["key"] for u in rows(path, "user")] == ["console:ana"]
    assert [i["id"] for i in rows(path, "interviews")] == ["iv000001"]
    assert sorted(n["id"] for n in rows(path, "nudges")) == ["n0000001", "n0000002"]
    assert [d["user_key"] for d in rows(path, "dialog")] == ["console:ana"]
    assert [u["key"] for u in rows(user_file(data_dir, "console:bob"), "user")] == ["console:bob"]


def test_nested_transactions_write_once_when_the_outermost_ends(repo: ShardedRepository,
                                                                data_dir: Path) -> None:
    before = snapshot(data_dir)
    with repo.transaction():
        with repo.transaction():
            repo.save_user(make_user())
        assert snapshot(data_dir) == before
        repo.save_interview(make_interview())
    assert repo.get_user("console:ana") is not None
    path = user_file(data_dir, "console:ana")
    assert len(rows(path, "user")) == 1
    assert len(rows(path, "interviews")) == 1


def test_one_transaction_touching_two_users_writes_both_files(repo: ShardedRepository,
                                                              data_dir: Path) -> None:
    save_everything(repo, "console:ana")
    repo.save_user(make_user("console:bob"))
    with repo.transaction():
        repo.save_user(make_user(display_name="Ana Two"))
        repo.save_interview(make_interview("iv-bob", "console:bob"))
        repo.add_nudges([make_nudge("b1", "console:bob", "iv-bob", due_at=T0 + timedelta(hours=1)),
                         make_nudge("a9", "console:ana", due_at=T0 + timedelta(hours=3))])

    ana, bob = user_file(data_dir, "console:ana"), user_file(data_dir, "console:bob")
    assert [u["display_name"] for u in rows(ana, "user")] == ["Ana Two"]
    assert sorted(n["id"] for n in rows(ana, "nudges")) == ["a9", "n0000001", "n0000002"]
    assert [i["id"] for i in rows(bob, "interviews")] == ["iv-bob"]
    assert [n["id"] for n in rows(bob, "nudges")] == ["b1"]
    assert [n.id for n in repo.due_nudges(T0 + timedelta(hours=5))] == ["b1", "n0000001", "a9"]


def test_an_exception_rolls_back_every_user_it_touched(repo: ShardedRepository,
                                                       data_dir: Path) -> None:
    save_everything(repo, "console:ana")
    repo.save_user(make_user("console:bob"))
    repo.save_interview(make_interview("iv-bob", "console:bob"))
    bob_nudge = make_nudge("b1", "console:bob", "iv-bob", due_at=T0 + timedelta(hours=1))
    bob_claimed = make_nudge("b2", "console:bob", "iv-bob", due_at=T0, status="claimed")
    repo.add_nudges([bob_nudge, bob_claimed])
    # Warm every cache so a stale one would show after the rollback.
    late = T0 + timedelta(days=30)
    assert [n.id for n in repo.due_nudges(late)] == ["b1", "n0000001"]
    assert len(repo.interviews_for("console:ana")) == 1
    before = snapshot(data_dir)
    due_before, next_before = repo.due_nudges(late), repo.next_due_at()
    claimed_before = repo.claimed_nudges()

    with pytest.raises(RuntimeError, match="boom"), repo.transaction():
        repo.save_user(make_user(display_name="Changed Name"))
        repo.save_user(make_user("console:bob", display_name="Bob Changed"))
        repo.save_user(make_user("console:cy"))  # a new user too
        repo.save_interview(make_interview("iv000002"))
        repo.save_interview(make_interview("iv-cy", "console:cy"))
        ana_pending = make_nudges()[0]
        ana_pending.status = "sent"  # leaves the due index
        repo.save_nudge(ana_pending)
        moved = make_nudge("b1", "console:bob", "iv-bob", due_at=T0 - timedelta(days=1))
        repo.save_nudge(moved)  # re-timed earlier
        released = make_nudge("b2", "console:bob", "iv-bob", due_at=T0)  # claimed -> pending
        repo.save_nudge(released)
        repo.add_nudges([make_nudge("c1", "console:cy", "iv-cy", due_at=T0 - timedelta(days=2)),
                         make_nudge("a3", "console:ana", "iv000002",
                                    due_at=T0 + timedelta(minutes=1))])
        repo.clear_dialog("console:ana")
        # Read inside the block, so the caches hold the doomed rows.
        assert len(repo.interviews_for("console:ana")) == 2
        assert [n.id for n in repo.due_nudges(late)] == ["c1", "b1", "b2", "a3"]
        assert repo.claimed_nudges() == []
        raise RuntimeError("boom")

    assert snapshot(data_dir) == before  # both files byte-identical, no file for cy
    assert repo.get_user("console:ana") == make_user()
    assert repo.get_user("console:bob") == make_user("console:bob")
    assert repo.get_user("console:cy") is None
    assert repo.known_users() == ["console:ana", "console:bob"]
    assert repo.get_interview("iv000002") is None
    assert repo.get_interview("iv-cy") is None
    assert repo.get_interview("iv-bob") == make_interview("iv-bob", "console:bob")
    assert [i.id for i in repo.interviews_for("console:ana")] == ["iv000001"]
    assert repo.get_dialog("console:ana") == make_dialog()
    assert repo.due_nudges(late) == due_before
    assert repo.next_due_at() == next_before
    assert repo.claimed_nudges() == claimed_before == [bob_claimed]
    assert repo.nudges_for_interview("iv-bob") == [bob_claimed, bob_nudge]

    # The repository is still usable, and the next write does not resurrect the failed ones.
    repo.save_user(make_user("console:dee"))
    repo.save_nudge(make_nudge("b9", "console:bob", "iv-bob"))
    assert len(rows(user_file(data_dir, "console:ana"), "interviews")) == 1
    assert sorted(n["id"] for n in rows(user_file(data_dir, "console:bob"), "nudges")) == [
        "b1", "b2", "b9"]
    assert [u["display_name"] for u in rows(user_file(data_dir, "console:bob"), "user")] == [
        make_user("console:bob").display_name]
    assert not user_file(data_dir, "console:cy").exists()


def disk_full(fd: int) -> None:
    raise OSError(28, "No space left on device")


def test_a_failed_write_to_disk_leaves_files_and_memory_as_before(
        repo: ShardedRepository, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    save_everything(repo, "console:ana")
    repo.save_user(make_user("console:bob"))
    before = snapshot(data_dir)
    due_before = repo.due_nudges(T0 + timedelta(days=30))

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OSError, match="No space"), repo.transaction():
        repo.save_user(make_user("console:bob", display_name="Bob Changed"))
        repo.save_user(make_user("console:cy"))
        repo.add_nudges([make_nudge("a5", "console:ana", due_at=T0 - timedelta(days=1))])
    with pytest.raises((OSError, StorageError), match="No space"):
        repo.save_interview(make_interview("iv000002"))
    with pytest.raises((OSError, StorageError), match="No space"):
        repo.save_user(make_user("console:dee"))
    monkeypatch.undo()

    assert snapshot(data_dir) == before  # no change, no temp file, no file for a new user
    # What the repository answers matches the disk, not the writes that never got there.
    assert repo.get_user("console:bob") == make_user("console:bob")
    assert repo.get_user("console:cy") is None
    assert repo.get_user("console:dee") is None
    assert repo.known_users() == ["console:ana", "console:bob"]
    assert repo.get_interview("iv000002") is None
    assert [i.id for i in repo.interviews_for("console:ana")] == ["iv000001"]
    assert repo.due_nudges(T0 + timedelta(days=30)) == due_before
    assert repo.next_due_at() == make_nudges()[0].due_at


def test_when_only_one_users_write_fails_memory_still_matches_each_file(
        repo: ShardedRepository, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Each user's file is atomic on its own (a block touching several users is documented not
    # to be atomic across them); whichever files did or did not get written, what the
    # repository answers must be what is on disk.
    repo.save_user(make_user("console:ana"))
    repo.save_user(make_user("console:bob"))
    calls = {"n": 0}
    real_fsync = os.fsync

    def fail_third(fd: int) -> None:  # file + directory of the first user, then the second's
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError(28, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fail_third)
    # The second write failed after the first was on disk: the error says part was saved, so
    # the bot does not tell the user that nothing changed (issue 15).
    with pytest.raises(PartlySavedError, match="No space"), repo.transaction():
        repo.save_user(make_user("console:ana", display_name="Ana New"))
        repo.save_user(make_user("console:bob", display_name="Bob New"))
    monkeypatch.undo()

    names: list[str | None] = []
    for key in ("console:ana", "console:bob"):
        on_disk = User.from_dict(rows(user_file(data_dir, key), "user")[0])
        assert repo.get_user(key) == on_disk
        names.append(on_disk.display_name)
    assert names == ["Ana New", "Ana Lima"]  # the first written, then it stopped
    assert [p for p in tree(data_dir) if p.endswith(".tmp")] == []


@pytest.mark.parametrize("failure", ["exception", "fsync"])
def test_a_new_user_whose_first_transaction_fails_leaves_no_trace(
        repo: ShardedRepository, data_dir: Path, monkeypatch: pytest.MonkeyPatch,
        failure: str) -> None:
    save_everything(repo, "console:ana")
    before = snapshot(data_dir)
    key = "console:new"

    with pytest.raises((RuntimeError, OSError)), repo.transaction():
        repo.save_user(make_user(key))
        repo.save_interview(make_interview("iv-new", key))
        repo.add_nudges([make_nudge("new1", key, "iv-new", due_at=T0 - timedelta(days=3)),
                         make_nudge("new2", key, "iv-new", status="claimed")])
        repo.save_dialog(make_dialog(key))
        assert repo.get_user(key) == make_user(key)  # visible inside the block
        if failure == "exception":
            raise RuntimeError("boom")
        monkeypatch.setattr(os, "fsync", disk_full)
    monkeypatch.undo()

    def unknown(r: ShardedRepository) -> None:
        assert r.get_user(key) is None
        assert key not in r.known_users()
        assert r.get_interview("iv-new") is None
        assert r.interviews_for(key) == []
        assert r.nudges_for_interview("iv-new") == []
        assert r.get_dialog(key) is None
        assert [n.id for n in r.due_nudges(T0 + timedelta(days=30))] == ["n0000001"]
        assert r.next_due_at() == make_nudges()[0].due_at
        assert r.claimed_nudges() == []
        assert all(n.user_key != key for n in r.all_nudges())

    assert not user_file(data_dir, key).exists()
    assert snapshot(data_dir) == before
    unknown(repo)
    repo.close()
    again = open_repository(data_dir)
    try:
        unknown(again)
        # A later successful first write holds only what it wrote.
        again.save_user(make_user(key))
        path = user_file(data_dir, key)
        assert [u["key"] for u in rows(path, "user")] == [key]
        assert rows(path, "interviews") == rows(path, "nudges") == rows(path, "dialog") == []
        assert again.get_interview("iv-new") is None
    finally:
        again.close()


def test_a_write_for_one_user_never_rewrites_another_users_file(
        repo: ShardedRepository, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for n, key in enumerate(["console:ana", "console:bob", "console:cy"]):
        save_everything(repo, key, iid=f"iv{n}", prefix=f"u{n}-")
    ana = user_file(data_dir, "console:ana")
    others = [data_dir / META, user_file(data_dir, "console:bob"),
              user_file(data_dir, "console:cy")]
    untouched = {p: fingerprint(p) for p in others}
    ana_before = fingerprint(ana)
    replaced: list[str] = []
    real_replace = os.replace

    def spy(src: Any, dst: Any, **kwargs: Any) -> None:
        replaced.append(Path(dst).name)
        real_replace(src, dst, **kwargs)

    monkeypatch.setattr(os, "replace", spy)
    repo.save_user(make_user(display_name="Ana Again"))
    with repo.transaction():
        repo.save_interview(make_interview("iv9", "console:ana"))
        assert repo.get_user("console:bob") is not None  # reading others is not writing them
        assert repo.interviews_for("console:cy") != []
        repo.add_nudges([make_nudge("a1", "console:ana", "iv9")])
    nudge = make_nudge("a1", "console:ana", "iv9")
    nudge.status = "sent"
    repo.save_nudge(nudge)
    repo.save_dialog(make_dialog("console:ana"))
    repo.clear_dialog("console:ana")
    assert sorted(n.id for n in repo.due_nudges(T0 + timedelta(days=30))) == [
        "u0-0000001", "u1-0000001", "u2-0000001"]
    with pytest.raises(RuntimeError), repo.transaction():  # rolled back: writes nothing
        repo.save_user(make_user("console:bob", display_name="Never"))
        raise RuntimeError("boom")
    monkeypatch.undo()

    assert {p: fingerprint(p) for p in others} == untouched
    assert fingerprint(ana) != ana_before
    assert replaced and set(replaced) == {ana.name}


# -- the index rebuilt at start-up ------------------------------------------------------------
STATUSES = ("pending", "pending", "sent", "cancelled", "claimed", "expired")


def populate(repo: ShardedRepository, n_users: int, per_user: int = 4) -> dict[str, Nudge]:
    """n_users users, one interview each, per_user nudges of every status with distinct,
    scrambled due times from 10 hours before T0 to 10 hours after. Returns id -> nudge."""
    model: dict[str, Nudge] = {}
    slots = n_users * per_user
    for i in range(n_users):
        key = f"console:user{i:03d}"
        nudges = []
        for j in range(per_user):
            k = i * per_user + j
            minute = (k * 7919) % slots  # 7919 is prime: a permutation of the slots
            due = T0 - timedelta(hours=10) + timedelta(minutes=minute * 1200 / slots)
            status = STATUSES[(i + j) % len(STATUSES)]
            nudges.append(Nudge(id=f"nd{k:05d}", user_key=key, interview_id=f"iv{i:03d}",
                                kind="checkin", due_at=due, status=status, created_at=T0,
                                claimed_at=due if status == "claimed" else None))
        with repo.transaction():
            repo.save_user(make_user(key))
            repo.save_interview(make_interview(f"iv{i:03d}", key))
            repo.add_nudges(nudges)
        model.update((n.id, n) for n in nudges)
    return model


def check_against(repo: ShardedRepository, model: dict[str, Nudge], n_users: int) -> None:
    """Every query the scheduler and the engine use gives what the model says."""
    pending = sorted((n for n in model.values() if n.status == "pending"), key=lambda n: n.due_at)
    assert pending, "the model must have pending nudges for this check to mean anything"
    times = sorted({T0 - timedelta(days=1), pending[0].due_at - timedelta(seconds=1),
                    pending[0].due_at, pending[len(pending) // 3].due_at, T0,
                    pending[-1].due_at, T0 + timedelta(days=1)})
    for now in times:
        assert repo.due_nudges(now) == [n for n in pending if n.due_at <= now], now
    assert repo.next_due_at() == pending[0].due_at
    claimed = sorted((n for n in model.values() if n.status == "claimed"), key=lambda n: n.due_at)
    assert repo.claimed_nudges() == claimed
    for i in range(n_users):
        key, iid = f"console:user{i:03d}", f"iv{i:03d}"
        assert repo.get_interview(iid) == make_interview(iid, key)
        mine = sorted((n for n in model.values() if n.interview_id == iid),
                      key=lambda n: n.due_at)
        assert repo.nudges_for_interview(iid) == mine
    assert repo.known_users() == [f"console:user{i:03d}" for i in range(n_users)]


def test_the_index_is_rebuilt_at_start_up_across_many_users(data_dir: Path) -> None:
    repo = open_repository(data_dir)
    model = populate(repo, 300)
    repo.close()

    again = open_repository(data_dir)
    try:
        check_against(again, model, 300)
        due = again.due_nudges(T0 + timedelta(days=1))
        assert {n.status for n in due} == {"pending"}  # never a sent/cancelled/claimed one
        assert len(due) == len({n.id for n in due})  # each once
        assert [n.due_at for n in due] == sorted(n.due_at for n in due)
    finally:
        again.close()


def test_the_index_follows_updates_and_is_the_same_after_reopen(data_dir: Path) -> None:
    repo = open_repository(data_dir)
    model = populate(repo, 40)
    changes = 0
    for n in sorted(model.values(), key=lambda n: n.id):
        k = int(n.id[2:])
        if n.status == "pending" and k % 3 == 0:
            n.status, n.done_at = "sent", T0  # delivered: leaves the index
        elif n.status == "pending" and k % 3 == 1:
            n.due_at = n.due_at + timedelta(hours=30)  # re-timed: moves in the index
        elif n.status == "claimed" and k % 2 == 0:
            n.status, n.claimed_at = "pending", None  # recovered after a crash: back in
        elif n.status == "cancelled" and k % 2 == 0:
            n.status, n.due_at = "pending", T0 + timedelta(minutes=k, seconds=1)  # re-opened
        else:
            continue
        repo.save_nudge(n)
        changes += 1
    assert changes > 20
    check_against(repo, model, 40)
    repo.close()

    again = open_repository(data_dir)
    try:
        check_against(again, model, 40)
    finally:
        again.close()


# -- the cache of user files ------------------------------------------------------------------
def exercise(repo: ShardedRepository, n_users: int) -> list[Any]:
    """Writes round-robin over n_users (so a small cache keeps evicting), then every read."""
    for i in range(n_users):
        save_everything(repo, f"console:c{i:02d}", iid=f"iv{i:02d}", prefix=f"c{i:02d}-")
    for round_ in range(3):
        for i in range(n_users):
            key = f"console:c{i:02d}"
            repo.save_user(make_user(key, display_name=f"name {round_}"))
            nudge = make_nudges(f"iv{i:02d}", key, f"c{i:02d}-")[0]
            nudge.due_at = T0 + timedelta(minutes=round_ * 100 + i)
            repo.save_nudge(nudge)
            repo.add_nudges([make_nudge(f"x{round_}-{i:02d}", key, f"iv{i:02d}",
                                        due_at=T0 + timedelta(hours=5, minutes=i,
                                                             seconds=round_))])
            if i % 4 == round_:
                repo.clear_dialog(key)
    answers: list[Any] = []
    for i in reversed(range(n_users)):
        key = f"console:c{i:02d}"
        answers += [repo.get_user(key), repo.interviews_for(key), repo.get_dialog(key),
                    repo.get_interview(f"iv{i:02d}"), repo.nudges_for_interview(f"iv{i:02d}")]
    answers += [repo.due_nudges(T0 + timedelta(hours=6)), repo.next_due_at(),
                repo.claimed_nudges(), repo.all_nudges(), repo.known_users()]
    return answers


def test_a_small_cache_gives_the_same_answers_and_files_as_a_big_one(tmp_path: Path) -> None:
    small_dir, big_dir = tmp_path / "small", tmp_path / "big"
    small = open_repository(small_dir, cache_size=3)
    big = open_repository(big_dir)
    try:
        small_answers, big_answers = exercise(small, 20), exercise(big, 20)
        assert small_answers == big_answers
        assert len(small_answers[-2]) == 20 * 5  # all_nudges: 2 + 3 per user
    finally:
        small.close()
        big.close()
    assert snapshot(small_dir) == snapshot(big_dir)
    assert len(tree(small_dir)) == 2 + 20

    small = open_repository(small_dir, cache_size=3)
    try:
        assert small.all_nudges() == big_answers[-2]
        assert small.due_nudges(T0 + timedelta(hours=6)) == big_answers[-5]
    finally:
        small.close()


def test_writes_to_users_evicted_from_the_cache_are_not_lost(data_dir: Path) -> None:
    repo = open_repository(data_dir, cache_size=3)
    for i in range(20):
        repo.save_user(make_user(f"console:e{i:02d}"))
    repo.save_interview(make_interview("iv-e00", "console:e00"))
    for i in range(1, 20):  # push e00 out of the cache
        assert repo.get_user(f"console:e{i:02d}") is not None
    repo.add_nudges([make_nudge("e00-1", "console:e00", "iv-e00")])  # reloaded from its file
    for i in range(1, 20):
        repo.save_dialog(make_dialog(f"console:e{i:02d}"))
    repo.save_user(make_user("console:e00", display_name="Evicted Twice"))

    assert repo.get_interview("iv-e00") == make_interview("iv-e00", "console:e00")
    assert [n.id for n in repo.nudges_for_interview("iv-e00")] == ["e00-1"]
    path = user_file(data_dir, "console:e00")
    assert [i["id"] for i in rows(path, "interviews")] == ["iv-e00"]
    assert [n["id"] for n in rows(path, "nudges")] == ["e00-1"]
    assert [u["display_name"] for u in rows(path, "user")] == ["Evicted Twice"]
    repo.close()

    again = open_repository(data_dir, cache_size=3)
    try:
        user = again.get_user("console:e00")
        assert user is not None and user.display_name == "Evicted Twice"
        assert [n.id for n in again.due_nudges(T0)] == ["e00-1"]
        assert all(again.get_dialog(f"console:e{i:02d}") == make_dialog(f"console:e{i:02d}")
                   for i in range(1, 20))
    finally:
        again.close()


def test_a_transaction_touching_more_users_than_the_cache_holds(data_dir: Path) -> None:
    repo = open_repository(data_dir, cache_size=3)
    try:
        with repo.transaction():
            for i in range(5):
                repo.save_user(make_user(f"console:t{i}"))
            repo.save_interview(make_interview("iv-t4", "console:t4"))  # KeyError today
        assert repo.get_interview("iv-t4") == make_interview("iv-t4", "console:t4")
        assert [i["id"] for i in rows(user_file(data_dir, "console:t4"), "interviews")] == [
            "iv-t4"]
    finally:
        repo.close()


# -- the files themselves ---------------------------------------------------------------------
def test_no_temp_files_are_left_behind(data_dir: Path) -> None:
    repo = open_repository(data_dir)
    keys = [f"console:u{i}" for i in range(5)]
    for i, key in enumerate(keys):
        with repo.transaction():
            repo.save_user(make_user(key))
            repo.save_interview(make_interview(f"iv{i}", key))
            repo.add_nudges([make_nudge(f"n{i}", key, f"iv{i}")])
        repo.save_dialog(make_dialog(key))
    expected = sorted([META, USERS, *(f"{USERS}/{user_file(data_dir, k).name}" for k in keys)])
    assert tree(data_dir) == expected
    repo.close()
    assert tree(data_dir) == expected


def test_files_and_folders_are_private_to_the_owner(tmp_path: Path) -> None:
    data_dir = tmp_path / "nested" / "data"
    old_umask = os.umask(0o002)  # a permissive umask must not leak into the modes
    try:
        repo = open_repository(data_dir)
        repo.save_user(make_user())
        with repo.transaction():
            repo.save_interview(make_interview())
            repo.save_user(make_user("console:bob"))
        repo.close()
    finally:
        os.umask(old_umask)
    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700
    assert stat.S_IMODE((data_dir / USERS).stat().st_mode) == 0o700
    assert stat.S_IMODE((data_dir / META).stat().st_mode) == 0o600
    files = list((data_dir / USERS).iterdir())
    assert len(files) == 2
    for path in files:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    lock = data_dir / LOCK
    if lock.exists():
        assert stat.S_IMODE(lock.stat().st_mode) & 0o077 == 0


def test_temp_files_left_by_a_dead_writer_are_removed_at_start_up(data_dir: Path) -> None:
    repo = open_repository(data_dir)
    save_everything(repo)
    repo.close()
    before = snapshot(data_dir)
    ana = user_file(data_dir, "console:ana")
    # What a writer killed between creating its temp file and renaming it leaves behind.
    leftovers = [data_dir / ".meta.json.4242.tmp", ana.with_name(f".{ana.name}.4242.tmp"),
                 ana.with_name(f".{user_file(data_dir, 'console:bob').name}.77.tmp")]
    for path in leftovers:
        path.write_bytes(b'{"_meta": {"1": {"sche')

    repo = open_repository(data_dir)
    try:
        assert [p for p in leftovers if p.exists()] == []
        assert snapshot(data_dir) == before
        assert repo.get_user("console:ana") == make_user()
        assert repo.known_users() == ["console:ana"]
    finally:
        repo.close()


# -- refusing unusable files ------------------------------------------------------------------
def two_users(data_dir: Path) -> None:
    repo = open_repository(data_dir)
    save_everything(repo, "console:ana")
    save_everything(repo, "console:bob", iid="iv-bob", prefix="b")
    repo.close()


CORRUPT_CASES = ["garbage", "truncated", "empty", "whitespace", "list", "table-not-a-dict"]


def _corrupt_bytes(case: str, valid: bytes) -> bytes:
    if case == "garbage":
        return b"\x00\xff\xfe\x89PNG not json at all \x01\x02"
    if case == "truncated":
        return valid[: len(valid) // 2]
    if case == "empty":
        return b""
    if case == "whitespace":
        return b"  \n\n"
    if case == "list":
        return b'[{"schema": 2}]'
    if case == "table-not-a-dict":
        return b'{"_meta": {"1": {"schema": 2}}, "user": [1, 2, 3]}'
    raise AssertionError(case)


def expect_refusal(data_dir: Path, error: type[Exception], path: Path) -> None:
    """Opening fails with `error` naming `path`, and changes no file."""
    before = snapshot(data_dir)
    with pytest.raises(error) as info:
        open_repository(data_dir)
    assert str(path) in str(info.value)
    assert snapshot(data_dir) == before


def expect_quarantine(data_dir: Path, path: Path, owner: str | None = "console:ana",
                      sound: tuple[str, str] = ("console:bob", "iv-bob")) -> None:
    """Opening works; `path` is set aside unchanged (reads and writes of `owner` raise
    QuarantinedUserError naming it), and the `sound` user (key, interview id) is served."""
    before = snapshot(data_dir)
    repo = open_repository(data_dir)
    key, iid = sound
    try:
        assert path.name in repo.quarantine.names()
        assert repo.get_user(key) == make_user(key)
        assert repo.interviews_for(key) == [make_interview(iid, key)]
        due = {n.user_key for n in repo.due_nudges(T0 + timedelta(days=60))}
        assert key in due and owner not in due
        if owner is not None:
            with pytest.raises(QuarantinedUserError) as info:
                repo.get_user(owner)
            assert str(path) in str(info.value)
            with pytest.raises(QuarantinedUserError):  # never written over
                repo.save_user(make_user(owner, display_name="New"))
    finally:
        repo.close()
    assert snapshot(data_dir) == before


@pytest.mark.parametrize("case", CORRUPT_CASES)
def test_a_corrupt_user_file_is_set_aside_untouched_and_the_others_are_served(
        data_dir: Path, case: str) -> None:
    two_users(data_dir)
    path = user_file(data_dir, "console:ana")
    bad = _corrupt_bytes(case, path.read_bytes())
    path.write_bytes(bad)

    expect_quarantine(data_dir, path)

    assert path.read_bytes() == bad
    # Once the file is moved aside (or restored), the user is back without a restart.
    repo = open_repository(data_dir)
    try:
        aside = path.with_name(path.name + ".broken")
        path.rename(aside)
        assert repo.get_user("console:ana") is None
        assert repo.known_users() == ["console:bob"]
        assert repo.quarantine.names() == []
    finally:
        repo.close()
    assert aside.read_bytes() == bad


def test_a_restored_user_file_is_back_in_service_without_a_restart(data_dir: Path) -> None:
    two_users(data_dir)
    path = user_file(data_dir, "console:ana")
    good = path.read_bytes()
    path.write_bytes(good[:20])
    repo = open_repository(data_dir)
    try:
        with pytest.raises(QuarantinedUserError):
            repo.get_user("console:ana")
        path.write_bytes(good)  # the operator restores the backup
        assert repo.get_user("console:ana") == make_user()
        assert repo.interviews_for("console:ana") == [make_interview()]
        assert {n.user_key for n in repo.due_nudges(T0 + timedelta(days=60))} == {
            "console:ana", "console:bob"}
    finally:
        repo.close()


@pytest.mark.parametrize("case", ["garbage", "truncated", "empty", "whitespace", "list",
                                  "a-string"])
def test_a_corrupt_meta_json_is_refused_with_its_path_and_left_untouched(
        data_dir: Path, case: str) -> None:
    two_users(data_dir)
    path = data_dir / META
    bad = b'"hearback"' if case == "a-string" else _corrupt_bytes(case, path.read_bytes())
    path.write_bytes(bad)

    expect_refusal(data_dir, CorruptDataError, path)

    assert path.read_bytes() == bad
    path.rename(data_dir / "meta.json.broken")
    repo = open_repository(data_dir)
    try:
        assert repo.get_user("console:ana") == make_user()
        assert repo.get_user("console:bob") == make_user("console:bob")
    finally:
        repo.close()
    assert (data_dir / "meta.json.broken").read_bytes() == bad
    assert read_json(path) == {"schema": SCHEMA_VERSION, "app": "hearback"}


@pytest.mark.parametrize("version", [SCHEMA_VERSION + 1, 1, 0, "2", None])
def test_a_wrong_schema_version_in_meta_json_is_refused_and_left_untouched(
        data_dir: Path, version: object) -> None:
    two_users(data_dir)
    path = data_dir / META
    path.write_text(json.dumps({"schema": version, "app": "hearback"}), encoding="utf-8")

    expect_refusal(data_dir, SchemaVersionError, path)

    # The lock was released: fixing the version lets it open again.
    path.write_text(json.dumps({"schema": SCHEMA_VERSION, "app": "hearback"}), encoding="utf-8")
    repo = open_repository(data_dir)
    try:
        assert repo.get_user("console:ana") == make_user()
    finally:
        repo.close()


def test_meta_json_without_a_schema_version_is_refused(data_dir: Path) -> None:
    two_users(data_dir)
    path = data_dir / META
    path.write_text(json.dumps({"app": "hearback"}), encoding="utf-8")
    expect_refusal(data_dir, SchemaVersionError, path)


@pytest.mark.parametrize("version", [SCHEMA_VERSION + 1, 1, 0, "2", None, "no _meta table"])
def test_a_wrong_schema_version_in_a_user_file_is_refused_and_left_untouched(
        data_dir: Path, version: object) -> None:
    two_users(data_dir)
    path = user_file(data_dir, "console:bob")
    doc = read_json(path)
    good_meta = doc["_meta"]
    if version == "no _meta table":
        del doc["_meta"]
    else:
        doc["_meta"] = {"1": {"schema": version}}
    path.write_text(json.dumps(doc), encoding="utf-8")

    if isinstance(version, int):  # another release's file: stop rather than guess
        expect_refusal(data_dir, SchemaVersionError, path)
    else:  # no readable version: a damaged file, set aside
        expect_quarantine(data_dir, path, owner="console:bob",
                          sound=("console:ana", "iv000001"))

    doc["_meta"] = good_meta
    path.write_text(json.dumps(doc), encoding="utf-8")
    repo = open_repository(data_dir)
    try:
        assert repo.get_user("console:bob") == make_user("console:bob")
    finally:
        repo.close()


@pytest.mark.parametrize("name", ["another user's name", "not a hash"])
def test_a_user_file_under_the_wrong_name_is_set_aside(data_dir: Path,
                                                                 name: str) -> None:
    two_users(data_dir)
    source = user_file(data_dir, "console:ana")
    if name == "another user's name":
        target = user_file(data_dir, "console:cy")
    else:
        target = data_dir / USERS / "ana-backup.json"
    target.write_bytes(source.read_bytes())

    expect_quarantine(data_dir, target, owner="console:cy" if name != "not a hash" else None)


@pytest.mark.parametrize("user_table", ["two records", "no key", "another key", "no meta key"])
def test_a_user_file_that_does_not_name_one_user_is_set_aside(
        data_dir: Path, user_table: str) -> None:
    two_users(data_dir)
    path = user_file(data_dir, "console:ana")
    doc = read_json(path)
    record = doc["user"]["1"]
    if user_table == "two records":
        doc["user"] = {"1": record, "2": make_user("console:bob").to_dict()}
    elif user_table == "no key":
        doc["user"] = {"1": {k: v for k, v in record.items() if k != "key"}}
    elif user_table == "another key":
        doc["user"] = {"1": {**record, "key": "console:bob"}}
    else:
        doc["_meta"] = {"1": {"schema": 2}}
    path.write_text(json.dumps(doc), encoding="utf-8")

    expect_quarantine(data_dir, path)


@pytest.mark.parametrize("user_table", [{}, None])
def test_a_user_file_without_a_user_record_still_opens(
        data_dir: Path, user_table: object) -> None:
    # The file's _meta names its user, so the rest of their data stays reachable.
    two_users(data_dir)
    path = user_file(data_dir, "console:ana")
    doc = read_json(path)
    if user_table is None:
        del doc["user"]
    else:
        doc["user"] = user_table
    path.write_text(json.dumps(doc), encoding="utf-8")
    repo = open_repository(data_dir)
    try:
        assert repo.get_user("console:ana") is None
        assert repo.interviews_for("console:ana") != []
    finally:
        repo.close()


@pytest.mark.parametrize("damage", ["nudge without due_at", "due_at not a date",
                                    "nudge without id", "_meta row not an object",
                                    "interview row without id", "user key not a string"])
def test_a_user_file_with_damaged_rows_is_set_aside(data_dir: Path,
                                                              damage: str) -> None:
    two_users(data_dir)
    path = user_file(data_dir, "console:ana")
    doc = read_json(path)
    nudge = next(iter(doc["nudges"].values()))
    if damage == "nudge without due_at":
        del nudge["due_at"]
    elif damage == "due_at not a date":
        nudge["due_at"] = "next Tuesday"
    elif damage == "nudge without id":
        del nudge["id"]
    elif damage == "_meta row not an object":
        doc["_meta"] = {"1": 2}
    elif damage == "interview row without id":
        del next(iter(doc["interviews"].values()))["id"]
    else:
        doc["user"]["1"]["key"] = 42
    path.write_text(json.dumps(doc), encoding="utf-8")

    expect_quarantine(data_dir, path)


def test_meta_json_without_the_users_folder_is_refused(data_dir: Path) -> None:
    two_users(data_dir)
    users = data_dir / USERS
    for path in users.iterdir():
        path.unlink()
    users.rmdir()

    with pytest.raises(DataDirError) as info:
        open_repository(data_dir)
    assert str(data_dir) in str(info.value)
    assert "users" in str(info.value)
    assert tree(data_dir) == [META]  # it did not start over with an empty folder


# -- upgrading a schema-1 data dir ------------------------------------------------------------
ANA, BOB = "console:ana", "telegram:4242"


def legacy_records() -> dict[str, list[Any]]:
    bob_pending = make_nudge("b-due", BOB, "iv-b1", due_at=T0 - timedelta(hours=1))
    bob_claimed = make_nudge("b-claimed", BOB, "iv-b2", due_at=T0 - timedelta(hours=2),
                             status="claimed")
    bob_cancelled = make_nudge("b-cancelled", BOB, "iv-b1", due_at=T0 - timedelta(hours=3),
                               status="cancelled")
    return {
        "users": [make_user(ANA), make_user(BOB, platform="telegram", display_name="Bob")],
        "interviews": [make_interview("iv-a1", ANA), make_interview("iv-b1", BOB),
                       make_interview("iv-b2", BOB)],
        "nudges": [*make_nudges("iv-a1", ANA, "a"), bob_pending, bob_claimed, bob_cancelled],
        "dialogs": [make_dialog(ANA)],
    }


def legacy_bytes(schema: object = 1, *, with_meta: bool = True) -> bytes:
    """A schema-1 hearback.json as the single-file Hearback wrote it: TinyDB tables of rows."""
    doc: dict[str, Any] = {
        table: {str(n): record.to_dict() for n, record in enumerate(records, start=1)}
        for table, records in legacy_records().items()
    }
    if with_meta:
        doc["meta"] = {"1": {"schema": schema, "app": "hearback"}}
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")


def check_migrated(repo: ShardedRepository) -> None:
    records = legacy_records()
    nudges = {n.id: n for n in records["nudges"]}
    assert repo.known_users() == sorted([ANA, BOB])
    assert repo.get_user(ANA) == records["users"][0]
    assert repo.get_user(BOB) == records["users"][1]
    assert repo.interviews_for(ANA) == [make_interview("iv-a1", ANA)]
    assert repo.interviews_for(BOB) == [make_interview("iv-b1", BOB),
                                        make_interview("iv-b2", BOB)]
    assert repo.get_interview("iv-b2") == make_interview("iv-b2", BOB)
    assert repo.nudges_for_interview("iv-a1") == make_nudges("iv-a1", ANA, "a")
    assert repo.nudges_for_interview("iv-b1") == [nudges["b-cancelled"], nudges["b-due"]]
    assert repo.get_dialog(ANA) == make_dialog(ANA)
    assert repo.get_dialog(BOB) is None
    assert repo.due_nudges(T0) == [nudges["b-due"]]
    assert repo.due_nudges(T0 + timedelta(days=30)) == [nudges["b-due"], nudges["a0000001"]]
    assert repo.next_due_at() == nudges["b-due"].due_at
    assert repo.claimed_nudges() == [nudges["b-claimed"]]


def test_a_schema_1_data_file_is_migrated_to_one_file_per_user(data_dir: Path) -> None:
    data_dir.mkdir()
    raw = legacy_bytes()
    (data_dir / LEGACY).write_bytes(raw)

    repo = open_repository(data_dir)
    try:
        check_migrated(repo)
    finally:
        repo.close()

    assert not (data_dir / LEGACY).exists()
    assert (data_dir / MIGRATED).read_bytes() == raw  # kept, byte for byte
    assert read_json(data_dir / META) == {"schema": SCHEMA_VERSION, "app": "hearback"}
    ana, bob = user_file(data_dir, ANA), user_file(data_dir, BOB)
    assert tree(data_dir) == sorted([META, MIGRATED, USERS, f"{USERS}/{ana.name}",
                                     f"{USERS}/{bob.name}"])
    assert rows(bob, "_meta") == [{"schema": SCHEMA_VERSION, "key": BOB}]
    assert [u["key"] for u in rows(bob, "user")] == [BOB]
    assert sorted(i["id"] for i in rows(bob, "interviews")) == ["iv-b1", "iv-b2"]
    assert sorted(n["id"] for n in rows(bob, "nudges")) == ["b-cancelled", "b-claimed", "b-due"]
    assert rows(bob, "dialog") == []
    assert [d["user_key"] for d in rows(ana, "dialog")] == [ANA]
    for path in (ana, bob, data_dir / META):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path

    # The next start reads the new layout and leaves the old file alone.
    kept = fingerprint(data_dir / MIGRATED)
    users_before = snapshot(data_dir)
    repo = open_repository(data_dir)
    try:
        check_migrated(repo)
        repo.save_nudge(make_nudge("b-due", BOB, "iv-b1", due_at=T0, status="sent"))
        assert repo.due_nudges(T0) == []
    finally:
        repo.close()
    assert fingerprint(data_dir / MIGRATED) == kept
    assert snapshot(data_dir)[f"{USERS}/{ana.name}"] == users_before[f"{USERS}/{ana.name}"]


@pytest.mark.parametrize("schema", [2, 0, "1", None, "no meta table"])
def test_a_schema_1_file_with_a_wrong_version_is_refused_and_nothing_is_changed(
        data_dir: Path, schema: object) -> None:
    data_dir.mkdir()
    path = data_dir / LEGACY
    raw = (legacy_bytes(with_meta=False) if schema == "no meta table"
           else legacy_bytes(schema))
    path.write_bytes(raw)

    with pytest.raises(SchemaVersionError) as info:
        open_repository(data_dir)

    assert str(path) in str(info.value)
    assert path.read_bytes() == raw
    assert not (data_dir / META).exists()
    assert not (data_dir / MIGRATED).exists()
    assert [p for p in tree(data_dir) if p.startswith(f"{USERS}/")] == []
    # The lock was released: once the file is fixed, the upgrade goes through.
    path.write_bytes(legacy_bytes(1))
    repo = open_repository(data_dir)
    try:
        check_migrated(repo)
    finally:
        repo.close()


def test_refusing_a_schema_1_file_creates_no_folder(data_dir: Path) -> None:
    data_dir.mkdir()
    (data_dir / LEGACY).write_bytes(legacy_bytes(3))
    with pytest.raises(SchemaVersionError):
        open_repository(data_dir)
    assert tree(data_dir) == [LEGACY]


@pytest.mark.parametrize("case", ["garbage", "truncated", "empty", "list"])
def test_a_corrupt_schema_1_file_is_refused_with_its_path_and_left_untouched(
        data_dir: Path, case: str) -> None:
    data_dir.mkdir()
    path = data_dir / LEGACY
    bad = _corrupt_bytes(case, legacy_bytes())
    path.write_bytes(bad)

    with pytest.raises(CorruptDataError) as info:
        open_repository(data_dir)

    assert str(path) in str(info.value)
    assert path.read_bytes() == bad
    assert not (data_dir / META).exists()
    assert [p for p in tree(data_dir) if p.startswith(f"{USERS}/")] == []


def test_an_interrupted_migration_is_completed_at_the_next_start(
        data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data_dir.mkdir()
    raw = legacy_bytes()
    (data_dir / LEGACY).write_bytes(raw)
    real_write = storage.durable.atomic_write
    written: list[Path] = []

    def die_after_one_file(path: Path, *args: Any, **kwargs: Any) -> None:
        if written:
            raise OSError(28, "No space left on device")
        real_write(path, *args, **kwargs)
        written.append(path)

    monkeypatch.setattr("storage.migrate.atomic_write", die_after_one_file)
    with pytest.raises((OSError, StorageError), match="No space"):
        open_repository(data_dir)
    monkeypatch.undo()
    # Half done: one user's file, but no meta.json, and the old file is still in place.
    assert (data_dir / LEGACY).read_bytes() == raw
    assert not (data_dir / META).exists()
    assert [p.name for p in (data_dir / USERS).iterdir()] == [written[0].name]

    repo = open_repository(data_dir)
    try:
        check_migrated(repo)
    finally:
        repo.close()
    assert (data_dir / MIGRATED).read_bytes() == raw
    assert read_json(data_dir / META) == {"schema": SCHEMA_VERSION, "app": "hearback"}


def test_what_the_repository_accepted_never_stops_the_next_start(data_dir: Path) -> None:
    repo = open_repository(data_dir)
    repo.add_nudges(make_nudges())  # no save_user for console:ana
    repo.close()

    again = open_repository(data_dir)  # CorruptDataError today
    try:
        assert again.all_nudges() == make_nudges()
    finally:
        again.close()


# -- one process per data directory -----------------------------------------------------------
def test_a_second_open_in_the_same_process_is_refused(repo: ShardedRepository,
                                                      data_dir: Path) -> None:
    repo.save_user(make_user("console:bob"))
    before = snapshot(data_dir)
    with pytest.raises(DataDirLockedError) as info:
        open_repository(data_dir)
    assert str(data_dir) in str(info.value)
    assert snapshot(data_dir) == before
    # The first one is unaffected.
    repo.save_user(make_user())
    assert repo.get_user("console:ana") == make_user()
    assert repo.known_users() == ["console:ana", "console:bob"]


def test_after_close_the_directory_can_be_opened_again(data_dir: Path) -> None:
    first = open_repository(data_dir)
    first.save_user(make_user())
    first.close()
    second = open_repository(data_dir)
    try:
        assert second.get_user("console:ana") == make_user()
        with pytest.raises(DataDirLockedError):
            open_repository(data_dir)
    finally:
        second.close()
    open_repository(data_dir).close()


OPEN_IN_CHILD = textwrap.dedent("""
    import sys
    from pathlib import Path
    from storage import DataDirLockedError, open_repository
    try:
        repo = open_repository(Path(sys.argv[1]))
    except DataDirLockedError as exc:
        print(exc)
        sys.exit(3)
    print("opened", repo.known_users())
    repo.close()
""")


def test_a_second_process_is_refused_while_the_first_holds_the_dir(
        repo: ShardedRepository, data_dir: Path) -> None:
    repo.save_user(make_user())
    before = snapshot(data_dir)
    result = subprocess.run([sys.executable, "-c", OPEN_IN_CHILD, str(data_dir)],
                            capture_output=True, text=True, timeout=TIMEOUT, env=child_env())
    assert result.returncode == 3, result.stderr
    assert str(data_dir) in result.stdout
    assert "opened" not in result.stdout
    assert snapshot(data_dir) == before


def test_a_second_process_opens_once_the_first_has_closed(data_dir: Path) -> None:
    first = open_repository(data_dir)
    first.save_user(make_user())
    first.close()
    result = subprocess.run([sys.executable, "-c", OPEN_IN_CHILD, str(data_dir)],
                            capture_output=True, text=True, timeout=TIMEOUT, env=child_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "opened ['console:ana']"


def hearback_command() -> list[str]:
    script = Path(sys.executable).parent / "hearback"
    if script.exists():
        return [str(script), "console"]
    return [sys.executable, "-m", "bot", "console"]


def test_the_real_hearback_process_refuses_a_locked_data_dir(
        repo: ShardedRepository, data_dir: Path, tmp_path: Path) -> None:
    save_everything(repo)
    before = snapshot(data_dir)
    env = child_env()
    env.update(HEARBACK_DATA_DIR=str(data_dir), HEARBACK_TIMEZONE="Europe/London",
               HEARBACK_NOW="2026-11-25T18:00:00")  # ana's reminder is due: it must not go out
    result = subprocess.run(hearback_command(), input="help\n", capture_output=True, text=True,
                            timeout=TIMEOUT, env=env, cwd=tmp_path)
    assert result.returncode != 0
    message = result.stderr.strip()
    assert len(message.splitlines()) == 1, result.stderr
    assert str(data_dir) in message
    assert "Traceback" not in result.stderr
    assert result.stdout.strip() == ""  # it did not start chatting
    assert snapshot(data_dir) == before


# -- crash durability -------------------------------------------------------------------------
SAVE_THEN_WAIT = textwrap.dedent("""
    import sys
    from datetime import datetime, timezone
    from pathlib import Path
    from bot.core.contract.models import Interview, User
    from storage import open_repository

    repo = open_repository(Path(sys.argv[1]))
    now = datetime(2026, 11, 25, 15, 0, tzinfo=timezone.utc)
    with repo.transaction():
        repo.save_user(User(key="console:ana", platform="console", user_id="ana",
                            chat_id="ana", timezone="Europe/London", created_at=now))
        repo.save_interview(Interview(id="crash001", user_key="console:ana", created_at=now,
                                      interviewed_at=now, company="Acme", role="backend"))
    print("saved", flush=True)
    sys.stdin.read()  # hold the repository open until the parent kills this process
""")

WRITE_UNTIL_KILLED = textwrap.dedent("""
    import sys
    from datetime import datetime, timedelta, timezone
    from pathlib import Path
    from bot.core.contract.models import Interview, Nudge, User
    from storage import open_repository

    repo = open_repository(Path(sys.argv[1]))
    now = datetime(2026, 11, 25, 15, 0, tzinfo=timezone.utc)

    def user(key, name):
        return User(key=key, platform="console", user_id=key, chat_id=key,
                    timezone="Europe/London", created_at=now, display_name=name)

    i = 0
    while True:
        key = f"console:w{i}"
        with repo.transaction():
            repo.save_user(user(key, "new"))
            repo.save_interview(Interview(id=f"iv{i}", user_key=key, created_at=now,
                                          interviewed_at=now))
            repo.add_nudges([Nudge(id=f"n{i}", user_key=key, interview_id=f"iv{i}",
                                   kind="checkin", due_at=now + timedelta(minutes=i))])
        repo.save_user(user("console:w0", f"v{i}"))  # and rewrite an existing file each time
        print(i, flush=True)
        i += 1
""")


def kill_child_after(script: str, data_dir: Path, lines: int) -> list[str]:
    """Run `script`, read `lines` lines it prints, SIGKILL it; returns the lines read."""
    child = subprocess.Popen([sys.executable, "-c", script, str(data_dir)],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, env=child_env())
    read: list[str] = []
    try:
        assert child.stdout is not None
        while len(read) < lines:
            ready, _, _ = select.select([child.stdout], [], [], TIMEOUT)
            assert ready, "the child stopped reporting"
            line = child.stdout.readline()
            assert line, child.stderr.read() if child.stderr else "the child exited"
            read.append(line.strip())
        os.kill(child.pid, signal.SIGKILL)
        assert child.wait(timeout=TIMEOUT) == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()
            child.wait(timeout=TIMEOUT)
        for stream in (child.stdin, child.stdout, child.stderr):
            if stream is not None:
                stream.close()
    return read


needs_sigkill = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX SIGKILL")


@needs_sigkill
def test_data_saved_before_a_sigkill_is_there_after_reopen(data_dir: Path) -> None:
    assert kill_child_after(SAVE_THEN_WAIT, data_dir, 1) == ["saved"]

    path = user_file(data_dir, "console:ana")
    assert isinstance(read_json(path), dict)  # valid JSON, not half a file
    assert isinstance(read_json(data_dir / META), dict)
    assert tree(data_dir) == sorted([META, USERS, f"{USERS}/{path.name}"])
    # The dead process's lock does not block the next one.
    repo = open_repository(data_dir)
    try:
        user = repo.get_user("console:ana")
        assert user is not None and user.timezone == "Europe/London"
        interview = repo.get_interview("crash001")
        assert interview is not None
        assert (interview.company, interview.role) == ("Acme", "backend")
        assert interview.created_at == datetime(2026, 11, 25, 15, 0, tzinfo=UTC)
    finally:
        repo.close()


@needs_sigkill
def test_a_sigkill_in_the_middle_of_writing_loses_nothing_that_was_committed(
        data_dir: Path) -> None:
    reported = kill_child_after(WRITE_UNTIL_KILLED, data_dir, 40)
    assert reported == [str(i) for i in range(40)]

    # Every user file on disk is whole; a temp file the kill cut short may be lying around.
    for path in (data_dir / USERS).glob("*.json"):
        assert isinstance(read_json(path), dict), path
    repo = open_repository(data_dir)
    try:
        assert [p for p in tree(data_dir) if p.endswith(".tmp")] == []
        now = datetime(2026, 11, 25, 15, 0, tzinfo=UTC)
        for i in range(40):  # everything it said was saved is there, and indexed
            assert repo.get_user(f"console:w{i}") is not None, i
            assert repo.get_interview(f"iv{i}") is not None, i
            assert [n.id for n in repo.nudges_for_interview(f"iv{i}")] == [f"n{i}"]
        due = [n.id for n in repo.due_nudges(now + timedelta(minutes=39))]
        assert due == [f"n{i}" for i in range(40)]
        w0 = repo.get_user("console:w0")
        assert w0 is not None and w0.display_name is not None
        assert int(w0.display_name[1:]) >= 39
        assert len(repo.known_users()) >= 40
    finally:
        repo.close()
