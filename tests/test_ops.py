"""What an operator runs Hearback with: `--version`, `--help` (every command and environment
variable, from the one table the README and .env.example are checked against), the log lines
(UTC timestamps, HEARBACK_LOG_LEVEL, HEARBACK_LOG_FORMAT=json, secrets redacted), the
systemd unit and the Dockerfile. `hearback check` and /healthz: tests/test_ops_process.py."""

from __future__ import annotations

import asyncio
import io
import json
import logging
import os
import re
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from importlib.metadata import version
from pathlib import Path

import pytest

from bot.cli import COMMANDS
from bot.ops.health import Health
from bot.ops.logs import configure_logging, secrets_of
from bot.ops.settings import SETTINGS
from storage.postgres import PostgresRepository

ROOT = Path(__file__).resolve().parent.parent


def hearback(*args: str, env: dict[str, str] | None = None, stdin: str = "",
             cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The real `hearback` process (the installed script), with only the given settings."""
    script = Path(sys.executable).parent / "hearback"
    command = [str(script)] if script.exists() else [sys.executable, "-m", "bot"]
    clean = {k: v for k, v in os.environ.items()
             if not k.startswith(("HEARBACK_", "TELEGRAM_", "SLACK_"))}
    clean.update(env or {}, PYTHONPATH=str(ROOT))
    return subprocess.run([*command, *args], input=stdin, capture_output=True, text=True,
                          env=clean, cwd=cwd or ROOT, timeout=120)


def test_version_comes_from_the_package_metadata() -> None:
    result = hearback("--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"hearback {version('hearback')}"


def test_help_lists_every_command_and_every_environment_variable() -> None:
    result = hearback("--help")
    assert result.returncode == 0, result.stderr
    for name, _ in COMMANDS:
        assert re.search(rf"^  {re.escape(name or '(none)')} ", result.stdout, re.M), name
    for setting in SETTINGS:
        assert re.search(rf"^  {setting.name} ", result.stdout, re.M), setting.name
    assert {n for n, _ in COMMANDS} >= {"", "console", "telegram", "slack", "check", "migrate"}
    check_help = hearback("check", "--help")
    assert check_help.returncode == 0 and "getMe" in check_help.stdout


def _readme_table_names() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    names: list[str] = []
    for row in re.findall(r"^\| (`[^|]+`) \|", table, re.M):
        names += re.findall(r"`([A-Z_]+)`", row)
    return names


def test_the_readme_table_env_example_and_config_name_the_same_variables() -> None:
    ours = [s.name for s in SETTINGS]
    assert len(ours) == len(set(ours))
    assert sorted(_readme_table_names()) == sorted(ours)
    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    documented = set(re.findall(r"^([A-Z_]+)=", example, re.M))
    # compose.yaml's own settings (the database password, the published port) are not
    # Hearback's: .env.example lists them for `docker compose`.
    assert documented - {"POSTGRES_PASSWORD", "HEARBACK_PUBLIC_PORT"} == set(ours)
    config = (ROOT / "bot" / "config.py").read_text(encoding="utf-8")
    read = set(re.findall(r'"((?:HEARBACK|TELEGRAM|SLACK)_[A-Z_]+)"', config))
    assert read == set(ours)


# -- logs -------------------------------------------------------------------------------------

@pytest.fixture
def restore_logging() -> object:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield None
    for handler in list(root.handlers):
        root.removeHandler(handler)
    for handler in handlers:
        root.addHandler(handler)
    root.setLevel(level)


def test_json_lines_carry_utc_time_level_logger_message_and_the_traceback(
        restore_logging: object) -> None:
    out = io.StringIO()
    token = "xoxb-1234-very-secret"
    url = "postgresql://hearback:pa55word@db.example/hearback"
    configure_logging("INFO", "json", secrets_of([token, url, None]), stream=out)
    log = logging.getLogger("hearback.test")
    log.debug("not at INFO")
    log.info("signed in with %s", token)
    try:
        raise RuntimeError(f"could not connect to db as pa55word via {url}")
    except RuntimeError:
        log.exception("storage failed")
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [(r["level"], r["logger"]) for r in lines] == [("INFO", "hearback.test"),
                                                           ("ERROR", "hearback.test")]
    assert lines[0]["message"] == "signed in with [redacted]" and lines[0]["exc"] is None
    assert lines[1]["exc"].startswith("Traceback") and "RuntimeError" in lines[1]["exc"]
    assert "pa55word" not in out.getvalue() and token not in out.getvalue()
    for record in lines:
        assert record["time"].endswith("Z")
        moment = datetime.fromisoformat(record["time"].replace("Z", "+00:00"))
        assert abs(moment - datetime.now(UTC)) < timedelta(minutes=1)


TEXT_LINE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (INFO|WARNING|ERROR) [\w.]+: ")


def test_the_process_logs_timestamped_lines_at_the_level_asked(tmp_path: Path) -> None:
    data = tmp_path / "data"
    env = {"HEARBACK_DATA_DIR": str(data), "HEARBACK_TIMEZONE": "Europe/London"}

    def run(**settings: str) -> subprocess.CompletedProcess[str]:
        # A data directory others may read: Hearback makes it owner-only and says so in one
        # WARNING record (storage/datadir.py), the record these runs look at.
        data.mkdir(exist_ok=True)
        data.chmod(0o777)
        result = hearback("console", env=env | settings, stdin="help\n")
        assert result.returncode == 0, result.stderr
        return result

    text = run(HEARBACK_LOG_LEVEL="INFO")
    lines = text.stderr.splitlines()
    assert lines and all(TEXT_LINE.match(ln) for ln in lines), text.stderr
    assert "made them owner-only" in text.stderr
    assert run(HEARBACK_LOG_LEVEL="ERROR").stderr == ""
    as_json = run(HEARBACK_LOG_FORMAT="json")
    records = [json.loads(ln) for ln in as_json.stderr.splitlines()]
    assert [(r["level"], r["logger"]) for r in records] == [("WARNING", "hearback.storage")]
    assert set(records[0]) == {"time", "level", "logger", "message", "exc"}
    assert "made them owner-only" in records[0]["message"] and records[0]["exc"] is None


def test_a_bad_log_setting_stops_start_up_with_one_line(tmp_path: Path) -> None:
    result = hearback("console", env={"HEARBACK_LOG_LEVEL": "LOUD",
                                      "HEARBACK_DATA_DIR": str(tmp_path)})
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "hearback: HEARBACK_LOG_LEVEL='LOUD' must be one of DEBUG, INFO, WARNING, ERROR, "
        "CRITICAL."]


# -- /healthz on PostgreSQL (the process tests run it on the files and in memory) ------------------

def test_health_asks_postgresql_and_says_503_once_it_does_not_answer(
        pg: PostgresRepository) -> None:
    health = Health.of(pg)
    status, body = asyncio.run(health.check())
    assert (status, body) == (200, {"ok": True, "backend": "postgresql",
                                    "version": version("hearback")})
    pg.close()  # the pool is gone: the store can't answer
    status, body = asyncio.run(health.check())
    assert status == 503 and body["ok"] is False


# -- deployment files ---------------------------------------------------------------------------

def unit_service() -> tuple[dict[str, str], dict[str, str]]:
    """deploy/hearback.service: its sections' texts, and the [Service] settings (a line ending
    in a backslash continued, as systemd reads it)."""
    unit = (ROOT / "deploy" / "hearback.service").read_text(encoding="utf-8")
    unit = re.sub(r"\\\n\s*", " ", unit)
    sections = dict(re.findall(r"^\[(\w+)\]\n(.*?)(?=^\[|\Z)", unit, re.M | re.S))
    return sections, dict(re.findall(r"^(\w+)=(.*)$", sections["Service"], re.M))


def test_the_systemd_unit_runs_hearback_as_its_own_user_and_restarts_it() -> None:
    sections, service = unit_service()
    assert service["User"] and service["User"] != "root"
    assert service["Restart"] == "on-failure"
    assert service["EnvironmentFile"].startswith("/")
    assert service["ExecStart"].split()[-1].endswith("/hearback")
    assert "HEARBACK_DATA_DIR=" in service.get("Environment", "") or \
        "StateDirectory" in service
    assert service["KillSignal"] == "SIGTERM"
    assert "WantedBy" in sections["Install"]


def test_the_service_keeps_its_data_in_its_state_directory_whatever_the_env_file_says() -> None:
    # The environment systemd gives the process (systemd.exec): Environment=, then the
    # EnvironmentFile=, whose settings override it; then the command. The file is the operator's
    # .env, copied from .env.example, which says HEARBACK_DATA_DIR=./data: the service must
    # still use /var/lib/hearback, which it creates, and which `hearback check` is run against.
    _, service = unit_service()
    env = dict(word.split("=", 1) for word in service.get("Environment", "").split())
    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    assert re.search(r"^HEARBACK_DATA_DIR=\./data$", example, re.M)
    env.update(re.findall(r"^([A-Z_]+)=(.*)$", example, re.M))
    argv = service["ExecStart"].split()
    if argv[0].endswith("/env"):
        argv.pop(0)
        while "=" in argv[0]:
            name, value = argv.pop(0).split("=", 1)
            env[name] = value
    assert argv == ["/opt/hearback/.venv/bin/hearback"]
    assert env["HEARBACK_DATA_DIR"] == f"/var/lib/{service['StateDirectory']}"
    assert env["MPLCONFIGDIR"] == f"/var/cache/{service['CacheDirectory']}"


def test_the_dockerfile_copies_everything_the_install_needs_before_it_runs() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    before_install = dockerfile.split("RUN make install", 1)[0]
    copied = {word for line in re.findall(r"^COPY (.+)$", before_install, re.M)
              for word in line.split()[:-1] if not word.startswith("--")}
    packages = re.findall(r'"(\w+)\*"', pyproject.split("[tool.setuptools.packages.find]")[1]
                          .split("\n[", 1)[0])
    assert packages and set(packages) <= copied
    readme = re.search(r'^readme = "([^"]+)"', pyproject, re.M)
    assert readme and readme.group(1) in copied  # setuptools reads it while installing
    assert {"pyproject.toml", "Makefile"} <= copied
    script = re.search(r'^(\w+) = "bot\.cli:main"', pyproject, re.M)
    assert script and re.search(rf'^CMD \["{script.group(1)}"\]', dockerfile, re.M)
    # The data directory the image declares is the one Hearback is told to use.
    data_dir = re.search(r"HEARBACK_DATA_DIR=(\S+)", dockerfile)
    volume = re.search(r"^VOLUME (\S+)", dockerfile, re.M)
    assert data_dir and volume and data_dir.group(1) == volume.group(1)
    # `make install` runs as the image's user and writes .venv into the WORKDIR: a WORKDIR that
    # Docker creates is root's, so it must be made and given to that user first, as root.
    user = re.search(r"^USER (\S+)$", dockerfile, re.M)
    workdir = re.search(r"^WORKDIR (\S+)$", dockerfile, re.M)
    assert user and workdir
    assert workdir.start() < user.start() < dockerfile.index("RUN make install")
    as_root = dockerfile[:user.start()]
    made = re.search(rf"mkdir [^&\n]*{re.escape(workdir.group(1))}\b", as_root)
    owned = re.search(rf"chown {user.group(1)} [^&\n]*{re.escape(workdir.group(1))}\b", as_root)
    assert made and owned and made.start() < workdir.start()
