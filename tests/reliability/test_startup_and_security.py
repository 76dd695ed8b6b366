"""Start-up checks and security, against the real `hearback` process (issue 7, items 5 and 6).

Every refusal must exit 2 with ONE stderr line naming the problem and the fix, no traceback, and
leave the data directory exactly as it was (bytes and mtimes; the lock file is not data). Nothing
here touches the internet: the fake Telegram/Slack APIs listen on 127.0.0.1.
"""

from __future__ import annotations

import json
import os
import socket
import stat
import subprocess
import sys
import textwrap
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest

from bot.core.contract.clock import FakeClock
from bot.core.contract.messages import Incoming
from bot.core.engine import Engine
from storage import open_repository
from tests.records import save_everything
from tests.test_storage import user_file

TIMEOUT = 60
ROOT = Path(__file__).resolve().parents[2]
HEARBACK = Path(sys.executable).parent / "hearback"
LOCK = "hearback.lock"
IS_ROOT = os.geteuid() == 0

Snapshot = dict[str, tuple[bytes, int] | None]


def snapshot(top: Path) -> Snapshot:
    """Relative path -> (bytes, mtime_ns) for files, None for folders; the lock file excluded."""
    if not top.exists():
        return {}
    out: Snapshot = {}
    for p in sorted(top.rglob("*")):
        if p.name == LOCK:
            continue
        rel = p.relative_to(top).as_posix()
        out[rel] = (p.read_bytes(), p.stat().st_mtime_ns) if p.is_file() else None
    return out


def run(args: list[str], cwd: Path, env_extra: dict[str, str],
        stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("HEARBACK_", "TELEGRAM_", "SLACK_"))}
    env["PYTHONPATH"] = str(ROOT)
    env.update(env_extra)
    # cwd is a temp dir so a developer's .env cannot leak into the run.
    return subprocess.run([str(HEARBACK), *args], input=stdin, capture_output=True, text=True,
                          encoding="utf-8", timeout=TIMEOUT, env=env, cwd=cwd)


def assert_refused(result: subprocess.CompletedProcess[str], *names: str,
                   logs_before: bool = False) -> str:
    """Exit 2, no traceback, and one `hearback: ...` line naming `names`. With `logs_before`
    (an adapter that had started: its log lines come first) that line must be the last one."""
    output = f"exit {result.returncode}\nstdout:\n{result.stdout}\nstderr:\n{result.stderr}"
    assert result.returncode == 2, output
    assert "Traceback" not in result.stderr + result.stdout, output
    lines = result.stderr.strip().splitlines()
    if logs_before:
        assert [ln for ln in lines if ln.startswith("hearback: ")] == lines[-1:], output
        lines = lines[-1:]
    assert len(lines) == 1, output
    assert lines[0].startswith("hearback: "), output
    for name in names:
        assert name in lines[0], output
    return lines[0]


@pytest.fixture
def populated(tmp_path: Path) -> Path:
    """A data directory holding two users (made by the storage layer, closed again)."""
    data = tmp_path / "data"
    repo = open_repository(data)
    save_everything(repo, "console:ana")
    save_everything(repo, "console:bob", iid="iv-bob", prefix="b")
    repo.close()
    return data


# -- broken data files ------------------------------------------------------------------------
def _corrupt_meta(data: Path) -> Path:
    path = data / "meta.json"
    path.write_bytes(b'{"schema": 2, "app": "hearb')
    return path


def _wrong_schema(data: Path) -> Path:
    path = data / "meta.json"
    path.write_bytes(b'{"schema": 99, "app": "hearback"}')
    return path


# A damaged user file no longer stops start-up: it is set aside for that user alone
# (tests/reliability/test_faults.py).
DATA_CASES: dict[str, Callable[[Path], Path]] = {
    "corrupt-meta-json": _corrupt_meta,
    "wrong-schema-version": _wrong_schema,
}


@pytest.mark.parametrize("case", list(DATA_CASES))
def test_an_unusable_data_file_is_refused_in_one_line_and_left_untouched(
        case: str, populated: Path, tmp_path: Path) -> None:
    path = DATA_CASES[case](populated)
    before = snapshot(populated)
    result = run(["console"], tmp_path, {"HEARBACK_DATA_DIR": str(populated)}, "help\n")
    line = assert_refused(result, str(path))
    assert any(fix in line for fix in ("Restore", "restore", "backup")), line
    assert snapshot(populated) == before


@pytest.mark.skipif(IS_ROOT, reason="root ignores directory permissions, so a non-writable "
                                    "parent cannot be simulated")
def test_a_missing_data_dir_under_a_non_writable_parent_is_refused(tmp_path: Path) -> None:
    parent = tmp_path / "readonly"
    parent.mkdir()
    parent.chmod(0o500)
    try:
        data = parent / "data"
        result = run(["console"], tmp_path, {"HEARBACK_DATA_DIR": str(data)})
        assert_refused(result, str(data), "HEARBACK_DATA_DIR")
        assert not data.exists()
        assert list(parent.iterdir()) == []
    finally:
        parent.chmod(0o700)


def test_a_read_only_user_file_is_read_and_not_rewritten_by_a_start_up(
        populated: Path, tmp_path: Path) -> None:
    # 0o400 still lets the owner (and root) read it, and a start-up with no input writes
    # nothing: Hearback starts normally (exit 0) and leaves the file, mode included, as it was.
    # A later write replaces the file by atomic rename, which the folder's permissions allow.
    path = user_file(populated, "console:ana")
    path.chmod(0o400)
    before = snapshot(populated)
    # HEARBACK_NOW before any nudge is due, so the start-up has nothing to send or record.
    result = run(["console"], tmp_path, {"HEARBACK_DATA_DIR": str(populated),
                                         "HEARBACK_NOW": "2020-01-01T00:00:00+00:00"})
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(populated) == before
    assert stat.S_IMODE(path.stat().st_mode) == 0o400


HOLD_LOCK = textwrap.dedent("""
    import sys
    from pathlib import Path
    from storage import open_repository
    repo = open_repository(Path(sys.argv[1]))
    print("ready", flush=True)
    sys.stdin.read()
    repo.close()
""")


def test_a_data_dir_locked_by_another_process_is_refused(populated: Path,
                                                         tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("HEARBACK_", "TELEGRAM_", "SLACK_"))}
    env["PYTHONPATH"] = str(ROOT)
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(populated)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                              env=env, cwd=tmp_path)
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "ready"
        before = snapshot(populated)
        result = run(["console"], tmp_path, {"HEARBACK_DATA_DIR": str(populated)}, "help\n")
        assert_refused(result, str(populated), "HEARBACK_DATA_DIR")
        assert snapshot(populated) == before
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=TIMEOUT)


# -- malformed environment ---------------------------------------------------------------------
ENV_CASES: list[tuple[str, list[str], dict[str, str], tuple[str, ...]]] = [
    ("timezone", ["console"], {"HEARBACK_TIMEZONE": "Mars/Olympus"},
     ("HEARBACK_TIMEZONE", "Mars/Olympus", "Europe/London")),
    ("tick", ["console"], {"HEARBACK_TICK_SECONDS": "abc"}, ("HEARBACK_TICK_SECONDS", "'abc'")),
    ("webhook-port", ["console"], {"TELEGRAM_WEBHOOK_PORT": "99999"},
     ("TELEGRAM_WEBHOOK_PORT", "99999", "65535")),
    ("webhook-url", ["console"], {"TELEGRAM_WEBHOOK_URL": "http://insecure"},
     ("TELEGRAM_WEBHOOK_URL", "https://")),
    ("slack-half-configured", ["slack"], {"SLACK_BOT_TOKEN": "xoxb-SECRET-VALUE"},
     ("SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET")),
    ("slack-api-url", ["console"], {"SLACK_API_URL": "notaurl"}, ("SLACK_API_URL", "notaurl")),
]


@pytest.mark.parametrize(("args", "env", "names"), [c[1:] for c in ENV_CASES],
                         ids=[c[0] for c in ENV_CASES])
def test_a_malformed_setting_is_refused_in_one_line_naming_it(
        args: list[str], env: dict[str, str], names: tuple[str, ...], populated: Path,
        tmp_path: Path) -> None:
    before = snapshot(populated)
    result = run(args, tmp_path, {"HEARBACK_DATA_DIR": str(populated), **env}, "help\n")
    line = assert_refused(result, *names)
    assert "xoxb-SECRET-VALUE" not in result.stdout + result.stderr, line
    assert snapshot(populated) == before


# -- fresh start and file modes ----------------------------------------------------------------
def test_a_fresh_start_creates_an_owner_only_data_dir(tmp_path: Path) -> None:
    data = tmp_path / "fresh" / "data"
    result = run(["console"], tmp_path, {"HEARBACK_DATA_DIR": str(data)})
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    assert stat.S_IMODE((data / "users").stat().st_mode) == 0o700
    assert stat.S_IMODE((data / "meta.json").stat().st_mode) == 0o600
    # A second start finds the same data and changes nothing.
    before = snapshot(data)
    assert run(["console"], tmp_path, {"HEARBACK_DATA_DIR": str(data)}).returncode == 0
    assert snapshot(data) == before


def test_user_and_event_files_are_owner_only_even_with_a_loose_umask(tmp_path: Path) -> None:
    data = tmp_path / "data"
    old = os.umask(0o002)
    try:
        repo = open_repository(data)
        try:
            engine = Engine(repo, FakeClock(datetime(2026, 11, 25, 15, tzinfo=UTC)))
            engine.handle(Incoming(platform="telegram", user="42", chat="42", text="help",
                                   event_id="1001"))
        finally:
            repo.close()
    finally:
        os.umask(old)
    assert (data / "events.json").exists()
    for path in [data, data / "users"]:
        assert stat.S_IMODE(path.stat().st_mode) == 0o700, path
    files = [data / "meta.json", data / "events.json", *(data / "users").iterdir()]
    assert len(files) >= 3
    for path in files:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


# -- tokens never reach the logs ---------------------------------------------------------------
class FakeApi(BaseHTTPRequestHandler):
    status = 200
    body: ClassVar[dict[str, object]] = {}

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        payload = json.dumps(self.body).encode()
        self.send_response(self.status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = _answer
    do_POST = _answer

    def log_message(self, format: str, *args: object) -> None:
        pass


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def fake_api() -> Iterator[Callable[[int, dict[str, object]], str]]:
    servers: list[ThreadingHTTPServer] = []

    def start(status: int, body: dict[str, object]) -> str:
        handler = type("Handler", (FakeApi,), {"status": status, "body": body})
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def test_a_refused_telegram_token_never_appears_in_the_output(
        fake_api: Callable[[int, dict[str, object]], str], tmp_path: Path) -> None:
    token = "123456:SECRET-TOKEN-VALUE"
    base = fake_api(401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
    result = run(["telegram"], tmp_path, {"HEARBACK_DATA_DIR": str(tmp_path / "data"),
                                          "TELEGRAM_BOT_TOKEN": token,
                                          "TELEGRAM_API_BASE_URL": base + "/bot"})
    assert "SECRET-TOKEN-VALUE" not in result.stdout + result.stderr
    assert_refused(result, "TELEGRAM_BOT_TOKEN", logs_before=True)


def test_a_refused_slack_token_never_appears_in_the_output(
        fake_api: Callable[[int, dict[str, object]], str], tmp_path: Path) -> None:
    token = "xoxb-SECRET-VALUE"
    base = fake_api(200, {"ok": False, "error": "invalid_auth"})
    result = run(["slack"], tmp_path, {"HEARBACK_DATA_DIR": str(tmp_path / "data"),
                                       "SLACK_BOT_TOKEN": token,
                                       "SLACK_SIGNING_SECRET": "signing-SECRET-VALUE",
                                       "SLACK_HTTP_PORT": str(free_port()),
                                       "SLACK_API_URL": base + "/api/"})
    output = result.stdout + result.stderr
    assert "SECRET-VALUE" not in output
    assert_refused(result, "SLACK_BOT_TOKEN", "invalid_auth", logs_before=True)
