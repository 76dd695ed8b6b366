"""A lock that can't be sidestepped, and files only their owner can read (issue 15, items 5-6).

CI runs as root. Root can give a file to another user (os.chown), so the ownership refusals are
tested for real there; as another user they are skipped, since only root can give a file away.
Everything else (modes, links, the lock) means the same for root and for anyone else.
"""

from __future__ import annotations

import logging
import os
import signal
import stat
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.adapters.console import ExportRefused, save_attachment, save_attachments
from bot.core.contract.messages import Attachment, Reply, reply
from storage import DataDirError, DataDirLockedError, open_repository
from tests.records import save_everything
from tests.reliability.test_startup_and_security import assert_refused, run
from tests.test_storage import user_file

ROOT = Path(__file__).resolve().parents[2]
OTHER_UID = 54321  # a user that does not run Hearback
CAN_CHOWN = os.geteuid() == 0
needs_root = pytest.mark.skipif(not CAN_CHOWN, reason="only root can give a file to another "
                                                      "user, which these refusals need")


@pytest.fixture
def data(tmp_path: Path) -> Path:
    d = tmp_path / "data"
    repo = open_repository(d)
    save_everything(repo, "console:ana")
    save_everything(repo, "console:bob", iid="iv-bob", prefix="b")
    repo.close()
    return d


def mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


# -- the lock -------------------------------------------------------------------------------------
HOLD = textwrap.dedent("""
    import sys
    from pathlib import Path
    from storage import open_repository
    repo = open_repository(Path(sys.argv[1]))
    print("ready", flush=True)
    sys.stdin.read()
""")


@pytest.fixture
def holder(data: Path) -> Iterator[subprocess.Popen[str]]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(data)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True, env=env)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    yield proc
    if proc.poll() is None:
        proc.kill()
    proc.wait(timeout=30)


def test_removing_every_removable_path_does_not_let_a_second_process_in(
        data: Path, holder: subprocess.Popen[str], tmp_path: Path) -> None:
    # What an operator might delete to "unlock" it: a lock file (an older release's), meta.json
    # and the events file. None of them is the lock.
    (data / "hearback.lock").write_text("")
    for name in ("hearback.lock", "events.json", "meta.json"):
        (data / name).unlink(missing_ok=True)
    result = run(["console"], tmp_path, {"HEARBACK_DATA_DIR": str(data)}, "help\n")
    assert_refused(result, str(data), "HEARBACK_DATA_DIR")
    with pytest.raises(DataDirLockedError):
        open_repository(data)


def test_the_lock_dies_with_its_process(data: Path, holder: subprocess.Popen[str]) -> None:
    holder.send_signal(signal.SIGKILL)
    holder.wait(timeout=30)
    open_repository(data).close()  # no stale lock to clear by hand


# -- the data directory ----------------------------------------------------------------------------
def test_a_world_readable_data_dir_is_tightened_with_one_warning(
        data: Path, caplog: pytest.LogCaptureFixture) -> None:
    data.chmod(0o777)
    (data / "users").chmod(0o755)
    ana = user_file(data, "console:ana")
    ana.chmod(0o644)
    (data / "meta.json").chmod(0o666)
    bob_mode = mode(user_file(data, "console:bob"))
    caplog.set_level(logging.WARNING, logger="hearback")

    open_repository(data).close()

    assert (mode(data), mode(data / "users"), mode(ana), mode(data / "meta.json")) == (
        0o700, 0o700, 0o600, 0o600)
    assert mode(user_file(data, "console:bob")) == bob_mode == 0o600
    warnings = [r.getMessage() for r in caplog.records]
    assert len(warnings) == 1 and "4 item(s)" in warnings[0] and str(ana) in warnings[0]
    caplog.clear()
    open_repository(data).close()
    assert caplog.records == []  # once tightened, nothing more to say


@needs_root
@pytest.mark.parametrize("whose", ["the directory", "a user file", "the users folder"])
def test_data_owned_by_someone_else_is_refused_and_left_alone(
        data: Path, whose: str, tmp_path: Path) -> None:
    target = {"the directory": data, "a user file": user_file(data, "console:ana"),
              "the users folder": data / "users"}[whose]
    os.chown(target, OTHER_UID, -1)
    before = mode(target)
    with pytest.raises(DataDirError) as info:
        open_repository(data)
    assert str(target) in str(info.value) and f"uid {OTHER_UID}" in str(info.value)
    assert mode(target) == before and target.stat().st_uid == OTHER_UID
    result = run(["console"], tmp_path, {"HEARBACK_DATA_DIR": str(data)}, "help\n")
    assert_refused(result, str(target))


@pytest.mark.parametrize("where", ["a user file", "events.json", "a folder"])
def test_a_symbolic_link_inside_the_data_dir_is_refused(data: Path, tmp_path: Path,
                                                         where: str) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    if where == "a user file":
        link = user_file(data, "console:ana")
        target = outside / "ana.json"
        link.rename(target)
    elif where == "events.json":
        link = data / "events.json"
        target = outside / "events.json"
        target.write_text("{}")
        link.unlink(missing_ok=True)
    else:
        link = data / "users" / "more"
        target = outside
    link.symlink_to(target)
    kept = target.read_bytes() if target.is_file() else None

    with pytest.raises(DataDirError) as info:
        open_repository(data)
    assert str(link) in str(info.value) and "symbolic link" in str(info.value)
    result = run(["console"], tmp_path, {"HEARBACK_DATA_DIR": str(data)}, "delete\n")
    assert_refused(result, str(link))
    assert link.is_symlink() and (target.read_bytes() if target.is_file() else None) == kept


# -- exports ---------------------------------------------------------------------------------------
def export_reply() -> Reply:
    return reply("files", attachments=(Attachment("hearback-export.json", "application/json",
                                                  b'{"secret": 1}\n'),))


def test_an_export_replaces_a_readable_file_with_a_private_one(tmp_path: Path) -> None:
    folder = tmp_path / "exports"
    folder.mkdir(mode=0o700)
    old = folder / "hearback-export.json"
    old.write_text("old")
    old.chmod(0o644)
    old_inode = old.stat().st_ino
    path = save_attachment(Attachment("hearback-export.json", "x", b"new"), folder)
    assert path == old and path.read_bytes() == b"new"
    assert mode(path) == 0o600 and path.stat().st_ino != old_inode  # a new file, not reused
    assert [p.name for p in folder.iterdir()] == ["hearback-export.json"]  # no temp left


def test_an_export_never_follows_a_planted_link(tmp_path: Path) -> None:
    folder = tmp_path / "exports"
    folder.mkdir(mode=0o700)
    victim = tmp_path / "victim.txt"
    victim.write_text("the attacker wants this overwritten or readable")
    victim.chmod(0o644)
    (folder / "hearback-export.json").symlink_to(victim)
    path = save_attachment(Attachment("hearback-export.json", "x", b"mine"), folder)
    assert not path.is_symlink() and path.read_bytes() == b"mine" and mode(path) == 0o600
    assert victim.read_text() == "the attacker wants this overwritten or readable"
    assert mode(victim) == 0o644


@pytest.mark.parametrize("loose", [0o777, 0o770, 0o722])
def test_an_export_folder_others_may_write_into_is_refused(tmp_path: Path, loose: int) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    folder.chmod(loose)
    saved, problem = save_attachments(export_reply(), folder)
    assert saved == [] and problem is not None and "others may write" in problem
    assert list(folder.iterdir()) == []


@needs_root
def test_an_export_folder_of_someone_else_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "theirs"
    folder.mkdir(mode=0o700)
    os.chown(folder, OTHER_UID, -1)
    with pytest.raises(ExportRefused, match="another user"):
        save_attachment(Attachment("hearback-export.json", "x", b"mine"), folder)
    assert list(folder.iterdir()) == []


def test_the_terminal_export_is_owner_only(tmp_path: Path) -> None:
    result = run(["console"], tmp_path, {"HEARBACK_DATA_DIR": str(tmp_path / "data")},
                 "export\n")
    assert result.returncode == 0, result.stderr
    folder = tmp_path / "hearback-exports"
    assert mode(folder) == 0o700
    files = sorted(folder.iterdir())
    assert [p.name for p in files] == ["hearback-calendar.ics", "hearback-export.json"]
    assert all(mode(p) == 0o600 for p in files)
