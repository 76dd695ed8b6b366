"""Storage against real files in a temp dir: durability, transactions, bad files, locking."""

from __future__ import annotations

import json
import os
import select
import signal
import stat
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.core.models import Dialog, Interview, Nudge, User
from storage import (
    SCHEMA_VERSION,
    CorruptDataError,
    DataDirLockedError,
    SchemaVersionError,
    TinyRepository,
    open_repository,
)
from storage.repository import DATA_FILE

LONDON = ZoneInfo("Europe/London")
T0 = datetime(2026, 11, 25, 15, 0, tzinfo=LONDON)
TIMEOUT = 60
ROOT = Path(__file__).resolve().parent.parent


# -- builders ---------------------------------------------------------------------------------
def make_user(key: str = "console:ana", **changes: Any) -> User:
    user = User(key=key, platform="console", user_id=key.split(":", 1)[1],
                chat_id=key.split(":", 1)[1], timezone="Europe/London", created_at=T0,
                display_name="Ana Lima", quiet_start="22:00", quiet_end="07:30", country="GB")
    for name, value in changes.items():
        setattr(user, name, value)
    return user


def make_interview(iid: str = "iv000001", user_key: str = "console:ana") -> Interview:
    return Interview(
        id=iid, user_key=user_key, created_at=T0, interviewed_at=T0 - timedelta(hours=1),
        company="Acme", role="backend", interviewer="Jane Doe",
        interviewer_email="jane@acme.example", interviewer_phone="+44 20 7946 0000",
        decision_by=date(2026, 11, 27), decision_unknown=False, informer="hr",
        agreed_contact_at=datetime(2026, 12, 1, 10, 0, tzinfo=LONDON), agreed_contact_kind="email",
        thank_you_sent_at=T0 + timedelta(minutes=30), status="waiting", outcome=None,
        call_retries=1,
    )


def make_nudges(iid: str = "iv000001", user_key: str = "console:ana") -> list[Nudge]:
    return [
        Nudge(id="n0000001", user_key=user_key, interview_id=iid, kind="thank_you_reminder",
              due_at=T0 + timedelta(hours=2), created_at=T0),
        Nudge(id="n0000002", user_key=user_key, interview_id=iid, kind="call_prompt",
              due_at=datetime(2026, 11, 30, 10, 0, tzinfo=LONDON), status="sent",
              created_at=T0, claimed_at=T0 + timedelta(days=5), done_at=T0 + timedelta(days=5),
              attempts=2, note="delivered after a retry"),
    ]


def make_dialog(user_key: str = "console:ana") -> Dialog:
    return Dialog(user_key=user_key, flow="intake", step="informer",
                  data={"company": "Acme", "names": ["Jane", "Doe"], "nested": {"n": 1, "ok": True},
                        "unicode": "Zoë – café"},
                  pending={"question": "decision_by", "candidates": ["2026-12-04"]})


def file_of(repo: TinyRepository) -> Path:
    return repo.path


def read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def repo(data_dir: Path) -> Iterator[TinyRepository]:
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
        assert again.get_user("console:nobody") is None
        assert again.get_interview("missing") is None
        assert again.get_dialog("console:nobody") is None
    finally:
        again.close()


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
    finally:
        repo.close()
    doc = read_json(data_dir / DATA_FILE)
    assert len(doc["users"]) == 1
    assert len(doc["interviews"]) == 1
    assert len(doc["nudges"]) == 2
    assert doc["dialogs"] == {}


def test_due_and_claimed_queries_read_the_reopened_file(data_dir: Path) -> None:
    repo = open_repository(data_dir)
    nudges = make_nudges()
    claimed = Nudge(id="n0000003", user_key="console:ana", interview_id="iv000001",
                    kind="checkin", due_at=T0 + timedelta(days=2), status="claimed",
                    claimed_at=T0 + timedelta(days=2))
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


# -- transactions -----------------------------------------------------------------------------
def test_writes_outside_a_transaction_are_on_disk_at_once(repo: TinyRepository) -> None:
    repo.save_user(make_user())
    assert "console:ana" in json.dumps(read_json(file_of(repo))["users"])


def test_transaction_writes_reach_the_disk_only_at_the_end(repo: TinyRepository) -> None:
    path = file_of(repo)
    before = path.read_bytes()
    with repo.transaction():
        repo.save_user(make_user())
        assert path.read_bytes() == before
        repo.save_interview(make_interview())
        repo.add_nudges(make_nudges())
        repo.save_dialog(make_dialog())
        assert path.read_bytes() == before
        # Inside the block the repository already sees its own writes.
        assert repo.get_user("console:ana") == make_user()
    doc = read_json(path)
    assert [u["key"] for u in doc["users"].values()] == ["console:ana"]
    assert [i["id"] for i in doc["interviews"].values()] == ["iv000001"]
    assert sorted(n["id"] for n in doc["nudges"].values()) == ["n0000001", "n0000002"]
    assert [d["user_key"] for d in doc["dialogs"].values()] == ["console:ana"]


def test_nested_transactions_write_once_when_the_outermost_ends(repo: TinyRepository) -> None:
    path = file_of(repo)
    before = path.read_bytes()
    with repo.transaction():
        with repo.transaction():
            repo.save_user(make_user())
        assert path.read_bytes() == before
        repo.save_interview(make_interview())
    assert repo.get_user("console:ana") is not None
    doc = read_json(path)
    assert len(doc["users"]) == 1
    assert len(doc["interviews"]) == 1


def test_an_exception_in_a_transaction_leaves_file_and_memory_as_before(
        repo: TinyRepository) -> None:
    path = file_of(repo)
    committed = make_user()
    repo.save_user(committed)
    repo.save_interview(make_interview())
    repo.add_nudges(make_nudges()[:1])
    # Warm TinyDB's query cache so a stale cache would show after the rollback.
    assert len(repo.interviews_for("console:ana")) == 1
    assert len(repo.due_nudges(T0 + timedelta(days=30))) == 1
    before = path.read_bytes()

    with pytest.raises(RuntimeError, match="boom"), repo.transaction():
        repo.save_user(make_user(display_name="Changed Name"))
        repo.save_user(make_user("console:bob"))
        repo.save_interview(make_interview("iv000002"))
        repo.add_nudges([Nudge(id="n0000009", user_key="console:ana", interview_id="iv000002",
                               kind="checkin", due_at=T0)])
        repo.save_dialog(make_dialog())
        # Read inside the block, so the caches hold the doomed rows.
        assert len(repo.interviews_for("console:ana")) == 2
        assert len(repo.due_nudges(T0 + timedelta(days=30))) == 2
        raise RuntimeError("boom")

    assert path.read_bytes() == before
    assert repo.get_user("console:ana") == committed
    assert repo.get_user("console:bob") is None
    assert repo.get_interview("iv000002") is None
    assert [i.id for i in repo.interviews_for("console:ana")] == ["iv000001"]
    assert [n.id for n in repo.due_nudges(T0 + timedelta(days=30))] == ["n0000001"]
    assert [n.id for n in repo.all_nudges()] == ["n0000001"]
    assert repo.get_dialog("console:ana") is None

    # The repository is still usable, and the next write does not resurrect the failed ones.
    repo.save_user(make_user("console:cy"))
    doc = read_json(path)
    assert sorted(u["key"] for u in doc["users"].values()) == ["console:ana", "console:cy"]
    assert len(doc["interviews"]) == 1
    assert len(doc["nudges"]) == 1
    assert doc.get("dialogs", {}) == {}


def test_a_failed_write_to_disk_leaves_file_and_memory_as_before(
        repo: TinyRepository, monkeypatch: pytest.MonkeyPatch) -> None:
    path = file_of(repo)
    repo.save_user(make_user())
    before = path.read_bytes()

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OSError, match="No space"), repo.transaction():
        repo.save_user(make_user("console:bob"))
    with pytest.raises(OSError, match="No space"):
        repo.save_interview(make_interview())
    monkeypatch.undo()

    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == [DATA_FILE, "hearback.lock"]
    # What the repository answers matches the disk, not the writes that never got there.
    assert repo.get_user("console:bob") is None
    assert repo.get_interview("iv000001") is None
    assert repo.interviews_for("console:ana") == []


# -- the file itself --------------------------------------------------------------------------
def test_the_data_file_carries_the_schema_version(data_dir: Path) -> None:
    repo = open_repository(data_dir)
    repo.save_user(make_user())
    repo.close()
    doc = read_json(data_dir / DATA_FILE)
    assert [m["schema"] for m in doc["meta"].values()] == [SCHEMA_VERSION]
    # Reopening does not add a second meta row.
    open_repository(data_dir).close()
    assert len(read_json(data_dir / DATA_FILE)["meta"]) == 1


def test_a_new_data_dir_gets_a_valid_file_at_once(data_dir: Path) -> None:
    assert not data_dir.exists()
    repo = open_repository(data_dir)
    try:
        assert file_of(repo) == data_dir / DATA_FILE
        assert isinstance(read_json(data_dir / DATA_FILE), dict)
    finally:
        repo.close()


def test_no_temp_files_are_left_behind(data_dir: Path) -> None:
    repo = open_repository(data_dir)
    for i in range(5):
        with repo.transaction():
            repo.save_user(make_user(f"console:u{i}"))
            repo.add_nudges([Nudge(id=f"n{i}", user_key=f"console:u{i}", interview_id="x",
                                   kind="checkin", due_at=T0)])
        repo.save_dialog(make_dialog(f"console:u{i}"))
    assert sorted(p.name for p in data_dir.iterdir()) == [DATA_FILE, "hearback.lock"]
    repo.close()
    assert sorted(p.name for p in data_dir.iterdir()) in (
        [DATA_FILE], [DATA_FILE, "hearback.lock"])


def test_file_and_directory_are_private_to_the_owner(tmp_path: Path) -> None:
    data_dir = tmp_path / "nested" / "data"
    old_umask = os.umask(0o002)  # a permissive umask must not leak into the modes
    try:
        repo = open_repository(data_dir)
        repo.save_user(make_user())
        with repo.transaction():
            repo.save_interview(make_interview())
        repo.close()
    finally:
        os.umask(old_umask)
    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700
    assert stat.S_IMODE((data_dir / DATA_FILE).stat().st_mode) == 0o600
    lock = data_dir / "hearback.lock"
    if lock.exists():
        assert stat.S_IMODE(lock.stat().st_mode) & 0o077 == 0


# -- refusing unusable files ------------------------------------------------------------------
def _valid_file_bytes(tmp_path: Path) -> bytes:
    scratch = tmp_path / "scratch"
    repo = open_repository(scratch)
    repo.save_user(make_user())
    repo.save_interview(make_interview())
    repo.close()
    return (scratch / DATA_FILE).read_bytes()


CORRUPT_CASES = ["garbage", "truncated", "empty", "whitespace", "list", "table-not-a-dict"]


def _corrupt_bytes(case: str, tmp_path: Path) -> bytes:
    if case == "garbage":
        return b"\x00\xff\xfe\x89PNG not json at all \x01\x02"
    if case == "truncated":
        valid = _valid_file_bytes(tmp_path)
        return valid[: len(valid) // 2]
    if case == "empty":
        return b""
    if case == "whitespace":
        return b"  \n\n"
    if case == "list":
        return b'[{"schema": 1}]'
    if case == "table-not-a-dict":
        return b'{"meta": {"1": {"schema": 1}}, "users": [1, 2, 3]}'
    raise AssertionError(case)


@pytest.mark.parametrize("case", CORRUPT_CASES)
def test_a_corrupt_file_is_refused_with_its_path_and_left_untouched(
        tmp_path: Path, case: str) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    path = data_dir / DATA_FILE
    bad = _corrupt_bytes(case, tmp_path)
    path.write_bytes(bad)

    with pytest.raises(CorruptDataError) as info:
        open_repository(data_dir)

    assert str(path) in str(info.value)
    assert path.read_bytes() == bad
    assert sorted(p.name for p in data_dir.iterdir()) in ([DATA_FILE],
                                                          [DATA_FILE, "hearback.lock"])
    # The refusal released the lock: once the file is moved aside the directory opens.
    path.rename(data_dir / "hearback.json.broken")
    open_repository(data_dir).close()
    assert (data_dir / "hearback.json.broken").read_bytes() == bad


@pytest.mark.parametrize("version", [SCHEMA_VERSION + 1, 0, "1", None])
def test_a_wrong_schema_version_is_refused_and_left_untouched(
        data_dir: Path, version: object) -> None:
    repo = open_repository(data_dir)
    repo.save_user(make_user())
    repo.close()
    path = data_dir / DATA_FILE
    doc = read_json(path)
    doc["meta"] = {"1": {"schema": version, "app": "hearback"}}
    path.write_text(json.dumps(doc), encoding="utf-8")
    before = path.read_bytes()

    with pytest.raises(SchemaVersionError) as info:
        open_repository(data_dir)

    assert str(path) in str(info.value)
    assert path.read_bytes() == before
    # The lock was released: fixing the version lets it open again.
    doc["meta"] = {"1": {"schema": SCHEMA_VERSION, "app": "hearback"}}
    path.write_text(json.dumps(doc), encoding="utf-8")
    repo = open_repository(data_dir)
    try:
        assert repo.get_user("console:ana") == make_user()
    finally:
        repo.close()


def test_a_file_without_a_schema_version_is_refused(data_dir: Path) -> None:
    data_dir.mkdir()
    path = data_dir / DATA_FILE
    path.write_text(json.dumps({"users": {}, "interviews": {}}), encoding="utf-8")
    before = path.read_bytes()
    with pytest.raises(SchemaVersionError, match=str(path).replace("\\", "\\\\")):
        open_repository(data_dir)
    assert path.read_bytes() == before


# -- one process per data directory -----------------------------------------------------------
def test_a_second_open_in_the_same_process_is_refused(repo: TinyRepository,
                                                      data_dir: Path) -> None:
    before = file_of(repo).read_bytes()
    with pytest.raises(DataDirLockedError) as info:
        open_repository(data_dir)
    assert str(data_dir) in str(info.value)
    assert file_of(repo).read_bytes() == before
    # The first one is unaffected.
    repo.save_user(make_user())
    assert repo.get_user("console:ana") == make_user()


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
    repo.close()
    print("opened")
""")


def test_a_second_process_is_refused_while_the_first_holds_the_dir(
        repo: TinyRepository, data_dir: Path) -> None:
    result = subprocess.run([sys.executable, "-c", OPEN_IN_CHILD, str(data_dir)],
                            capture_output=True, text=True, timeout=TIMEOUT, env=child_env())
    assert result.returncode == 3, result.stderr
    assert str(data_dir) in result.stdout
    assert "opened" not in result.stdout


def test_a_second_process_opens_once_the_first_has_closed(data_dir: Path) -> None:
    open_repository(data_dir).close()
    result = subprocess.run([sys.executable, "-c", OPEN_IN_CHILD, str(data_dir)],
                            capture_output=True, text=True, timeout=TIMEOUT, env=child_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "opened"


def hearback_command() -> list[str]:
    script = Path(sys.executable).parent / "hearback"
    if script.exists():
        return [str(script), "console"]
    return [sys.executable, "-m", "bot", "console"]


def test_the_real_hearback_process_refuses_a_locked_data_dir(
        repo: TinyRepository, data_dir: Path, tmp_path: Path) -> None:
    before = file_of(repo).read_bytes()
    env = child_env()
    env.update(HEARBACK_DATA_DIR=str(data_dir), HEARBACK_TIMEZONE="Europe/London",
               HEARBACK_NOW="2026-11-25T15:00:00")
    result = subprocess.run(hearback_command(), input="help\n", capture_output=True, text=True,
                            timeout=TIMEOUT, env=env, cwd=tmp_path)
    assert result.returncode != 0
    message = result.stderr.strip()
    assert len(message.splitlines()) == 1, result.stderr
    assert str(data_dir) in message
    assert "Traceback" not in result.stderr
    assert result.stdout.strip() == ""  # it did not start chatting
    assert file_of(repo).read_bytes() == before


# -- crash durability -------------------------------------------------------------------------
SAVE_THEN_WAIT = textwrap.dedent("""
    import sys
    from datetime import datetime, timezone
    from pathlib import Path
    from bot.core.models import Interview, User
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


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX SIGKILL")
def test_data_saved_before_a_sigkill_is_there_after_reopen(data_dir: Path) -> None:
    child = subprocess.Popen([sys.executable, "-c", SAVE_THEN_WAIT, str(data_dir)],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, env=child_env())
    try:
        assert child.stdout is not None
        ready, _, _ = select.select([child.stdout], [], [], TIMEOUT)
        assert ready, "the child never reported saving"
        line = child.stdout.readline()
        assert line.strip() == "saved", line + (child.stderr.read() if child.stderr else "")
        os.kill(child.pid, signal.SIGKILL)
        assert child.wait(timeout=TIMEOUT) == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()
            child.wait(timeout=TIMEOUT)
        for stream in (child.stdin, child.stdout, child.stderr):
            if stream is not None:
                stream.close()

    path = data_dir / DATA_FILE
    doc = read_json(path)  # valid JSON, not half a file
    assert isinstance(doc, dict)
    assert sorted(p.name for p in data_dir.iterdir()) in ([DATA_FILE],
                                                          [DATA_FILE, "hearback.lock"])
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
