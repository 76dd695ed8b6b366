"""`hearback check` and `GET /healthz`, through the real `hearback` process against the fake
Telegram and Slack servers on 127.0.0.1 (tests/fake_telegram.py, tests/fake_slack.py), pointed
at them by TELEGRAM_API_BASE_URL and SLACK_API_URL as an operator would point Hearback at a
self-hosted Bot API server or GovSlack."""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import socket
import sys
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any, TypeVar

import aiohttp

from tests.backends import POSTGRES_URL, open_backend
from tests.fake_slack import FakeSlack
from tests.fake_telegram import BOT_ID, BOT_USERNAME, FakeBotApi

ROOT = Path(__file__).resolve().parent.parent
TG_TOKEN = "123456789:AAH4kQ-fake_token_for_the_check_0000"  # BotFather's shape
SLACK_TOKEN = "xoxb-1111-2222-fakebottokenforcheck"
APP_TOKEN = "xapp-1-A111-2222-fakeapptokenforcheck"
SIGNING = "0123456789abcdef0123456789abcdef"
SECRETS = (TG_TOKEN, SLACK_TOKEN, APP_TOKEN, SIGNING)
T = TypeVar("T")


def run(coro: Coroutine[Any, Any, T]) -> T:
    return asyncio.run(asyncio.wait_for(coro, 90))


def command(*args: str) -> list[str]:
    script = Path(sys.executable).parent / "hearback"
    return [str(script), *args] if script.exists() else [sys.executable, "-m", "bot", *args]


def environment(tmp_path: Path, **settings: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("HEARBACK_", "TELEGRAM_", "SLACK_"))}
    env.update(HEARBACK_DATA_DIR=str(tmp_path / "data"), PYTHONPATH=str(ROOT), **settings)
    return env


async def check(env: dict[str, str], cwd: Path) -> tuple[int, str, str]:
    proc = await asyncio.create_subprocess_exec(
        *command("check"), env=env, cwd=cwd, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE)
    out, err = await proc.communicate()
    assert proc.returncode is not None
    return proc.returncode, out.decode(), err.decode()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# -- hearback check ------------------------------------------------------------------------------

def test_check_says_who_the_tokens_belong_to_without_showing_them(tmp_path: Path) -> None:
    async def scenario() -> tuple[int, str, str, list[str], list[str]]:
        telegram, slack = FakeBotApi(TG_TOKEN), await FakeSlack().start()
        await telegram.start()
        try:
            env = environment(tmp_path, TELEGRAM_BOT_TOKEN=TG_TOKEN,
                              TELEGRAM_API_BASE_URL=telegram.base_url,
                              SLACK_BOT_TOKEN=SLACK_TOKEN, SLACK_APP_TOKEN=APP_TOKEN,
                              SLACK_API_URL=slack.api_url, HEARBACK_TIMEZONE="Europe/London")
            code, out, err = await check(env, tmp_path)
        finally:
            await telegram.stop()
            await slack.close()
        return code, out, err, telegram.methods(), [c.method for c in slack.calls]

    code, out, err, telegram_calls, slack_calls = run(scenario())
    assert code == 0, out + err
    assert f"Telegram: the token belongs to @{BOT_USERNAME} (Hearback, id {BOT_ID}); long " \
           "polling" in out
    assert 'Slack: the token belongs to team "Test Team"' in out
    assert "Socket Mode (the app-level token was accepted)" in out
    assert "time zone for new users: Europe/London" in out
    assert f"data directory {tmp_path / 'data'}: will be created at start-up" in out
    assert out.rstrip().endswith("All good.")
    assert "getMe" in telegram_calls and {"auth.test", "apps.connections.open"} <= set(slack_calls)
    for secret in SECRETS:
        assert secret not in out + err
    assert not (tmp_path / "data").exists()  # checking changed nothing


def test_check_names_each_problem_in_a_line_and_exits_non_zero(tmp_path: Path) -> None:
    (tmp_path / "data").write_text("not a directory")

    async def scenario() -> tuple[int, str, str]:
        telegram = FakeBotApi("999:another-bot-entirely")  # answers 401 to our token
        slack = await FakeSlack().start()
        slack.auth_error = "invalid_auth"
        await telegram.start()
        try:
            env = environment(tmp_path, TELEGRAM_BOT_TOKEN=TG_TOKEN,
                              TELEGRAM_API_BASE_URL=telegram.base_url,
                              SLACK_BOT_TOKEN=SLACK_TOKEN, SLACK_SIGNING_SECRET=SIGNING,
                              SLACK_API_URL=slack.api_url, HEARBACK_TIMEZONE="Mars/Olympus",
                              HEARBACK_TICK_SECONDS="soon")
            return await check(env, tmp_path)
        finally:
            await telegram.stop()
            await slack.close()

    code, out, err = run(scenario())
    assert code == 1, out + err
    failures = [ln.strip() for ln in out.splitlines() if ln.strip().startswith("FAIL")]
    assert failures == [
        "FAIL  HEARBACK_TIMEZONE='Mars/Olympus' is not a known IANA time zone. Use a name like "
        "Europe/London or America/New_York.",
        "FAIL  HEARBACK_TICK_SECONDS='soon' must be a number of seconds between 0.05 and 3600.",
        f"FAIL  data directory {tmp_path / 'data'} exists but is not a directory: set "
        "HEARBACK_DATA_DIR.",
        "FAIL  Telegram: Telegram refused TELEGRAM_BOT_TOKEN (getMe: unauthorized): copy the "
        "token @BotFather gave you again.",
        "FAIL  Slack: Slack refused SLACK_BOT_TOKEN (auth.test: invalid_auth): install the app "
        "and copy its Bot User OAuth Token again.",
    ]
    assert out.rstrip().endswith("5 problems: fix them and run `hearback check` again.")
    assert "time zone for new users" not in out  # the bad one is the line above, not UTC
    for secret in SECRETS:
        assert secret not in out + err


def test_check_refuses_malformed_tokens_before_calling_anyone(tmp_path: Path) -> None:
    async def scenario() -> tuple[int, str, str]:
        env = environment(tmp_path, TELEGRAM_BOT_TOKEN="my-bot-token",
                          SLACK_BOT_TOKEN="xoxp-user-token-by-mistake",
                          TELEGRAM_API_BASE_URL="http://127.0.0.1:9/bot",
                          SLACK_API_URL="http://127.0.0.1:9/api/")
        return await check(env, tmp_path)

    code, out, _ = run(scenario())
    assert code == 1
    assert "FAIL  TELEGRAM_BOT_TOKEN does not look like a token from @BotFather" in out
    assert "FAIL  SLACK_BOT_TOKEN should be the Bot User OAuth Token, starting xoxb-" in out
    assert "neither SLACK_APP_TOKEN (Socket Mode) nor SLACK_SIGNING_SECRET" in out
    assert "my-bot-token" not in out and "xoxp-user-token-by-mistake" not in out


def test_check_reports_an_unreachable_platform(tmp_path: Path) -> None:
    port = free_port()  # nothing listens there
    env = environment(tmp_path, TELEGRAM_BOT_TOKEN=TG_TOKEN,
                      TELEGRAM_API_BASE_URL=f"http://127.0.0.1:{port}/bot",
                      SLACK_BOT_TOKEN=SLACK_TOKEN, SLACK_SIGNING_SECRET=SIGNING,
                      SLACK_API_URL=f"http://127.0.0.1:{port}/api/")
    code, out, err = run(check(env, tmp_path))
    assert code == 1, out + err
    assert re.search(rf"FAIL  Telegram: could not reach Telegram at http://127.0.0.1:{port}/bot "
                     r"\(\w+\): check the network or TELEGRAM_API_BASE_URL\.", out), out
    assert re.search(rf"FAIL  Slack: could not reach Slack at http://127.0.0.1:{port}/api/ "
                     r"\(\w+\): check the network or SLACK_API_URL\.", out), out
    # One line per problem: not also the client library's own ERROR lines about it.
    assert err == ""
    assert TG_TOKEN not in out + err and SLACK_TOKEN not in out + err


def test_a_languagetool_server_that_does_not_answer_is_a_warning_not_a_failure(
        tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    code, out, err = run(check(environment(tmp_path, HEARBACK_LANGUAGETOOL_URL=url), tmp_path))
    assert code == 0, out + err
    assert f"warn  LanguageTool at {url} did not answer (ConnectError): drafts get the local " \
           "checks only." in out


def test_check_reads_the_postgresql_schema_without_changing_it(tmp_path: Path) -> None:
    # Emptied and migrated, so up to date (skipped, or failed when required, without one).
    open_backend("postgres", tmp_path).close()
    code, out, err = run(check(environment(tmp_path, HEARBACK_DATABASE_URL=POSTGRES_URL),
                               tmp_path))
    assert code == 0, out + err
    assert re.search(r"ok    storage: PostgreSQL \d+\.\d+ reachable, up to date", out), out
    missing = re.sub(r"^(postgres(?:ql)?://[^/]*/)[^?]*", r"\1hearback_no_such_db", POSTGRES_URL)
    code, out, _ = run(check(environment(tmp_path, HEARBACK_DATABASE_URL=missing), tmp_path))
    assert code == 1 and "FAIL  storage: PostgreSQL can't be reached" in out, out
    assert "hearback_no_such_db" in out  # the server's own reason, in one line


def test_check_never_shows_the_database_password(tmp_path: Path) -> None:
    url = f"postgresql://hearback:s3cret-pass@127.0.0.1:{free_port()}/hearback"
    code, out, err = run(check(environment(tmp_path, HEARBACK_DATABASE_URL=url), tmp_path))
    assert code == 1 and "FAIL  storage: PostgreSQL can't be reached" in out, out
    assert "s3cret-pass" not in out + err


# -- /healthz ------------------------------------------------------------------------------------

async def _serve(env: dict[str, str], mode: str, cwd: Path, ready: Callable[[str], bool]
                 ) -> tuple[asyncio.subprocess.Process, list[str]]:
    proc = await asyncio.create_subprocess_exec(
        *command(mode), env=env, cwd=cwd, stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    lines: list[str] = []
    assert proc.stderr is not None
    async for raw in proc.stderr:
        lines.append(raw.decode())
        if ready(lines[-1]):
            return proc, lines
    raise AssertionError("the process ended before it was ready:\n" + "".join(lines))


async def _stop(proc: asyncio.subprocess.Process, lines: list[str]) -> str:
    proc.send_signal(signal.SIGTERM)
    _, rest = await asyncio.wait_for(proc.communicate(), 20)
    return "".join(lines) + rest.decode()


async def _healthz(port: int) -> tuple[int, dict[str, Any]]:
    async with aiohttp.ClientSession() as session, \
            session.get(f"http://127.0.0.1:{port}/healthz") as response:
        return response.status, await response.json()


def test_slack_http_mode_answers_healthz_and_logs_json(tmp_path: Path) -> None:
    port = free_port()
    meta = tmp_path / "data" / "meta.json"

    async def scenario() -> tuple[list[tuple[int, dict[str, Any]]], str, int | None]:
        slack = await FakeSlack().start()
        env = environment(tmp_path, SLACK_BOT_TOKEN=SLACK_TOKEN, SLACK_SIGNING_SECRET=SIGNING,
                          SLACK_HTTP_HOST="127.0.0.1", SLACK_HTTP_PORT=str(port),
                          SLACK_API_URL=slack.api_url, HEARBACK_LOG_FORMAT="json")
        proc, lines = await _serve(env, "slack", tmp_path,
                                   lambda line: "listening on" in line)
        try:
            answers = [await _healthz(port)]
            saved = meta.read_bytes()
            meta.unlink()  # the store no longer answers: its schema marker is gone
            answers.append(await _healthz(port))
            meta.write_bytes(saved)
            answers.append(await _healthz(port))
            stderr = await _stop(proc, lines)
        finally:
            if proc.returncode is None:
                proc.kill()
                await proc.wait()
            await slack.close()
        return answers, stderr, proc.returncode

    answers, stderr, code = run(scenario())
    assert code == 0, stderr
    from importlib.metadata import version

    healthy = {"ok": True, "backend": "tinydb", "version": version("hearback")}
    assert answers == [(200, healthy), (503, healthy | {"ok": False}), (200, healthy)]
    records = [json.loads(line) for line in stderr.splitlines()]  # every line is one object
    assert any("listening on" in r["message"] for r in records)
    # A healthy start warns about nothing (Bolt warned that SLACK_BOT_TOKEN was unused, at
    # every start, although it is the token Hearback uses).
    started = next(i for i, r in enumerate(records) if "listening on" in r["message"])
    assert [r for r in records[:started + 1] if r["level"] != "INFO"] == []
    assert any(r["level"] == "WARNING" and r["logger"] == "hearback.health" for r in records)
    assert all(r["time"].endswith("Z") for r in records)
    for secret in SECRETS:
        assert secret not in stderr


def test_the_telegram_webhook_server_answers_healthz(tmp_path: Path) -> None:
    port = free_port()

    async def scenario() -> tuple[tuple[int, dict[str, Any]], int, str, int | None]:
        telegram = FakeBotApi(TG_TOKEN)
        await telegram.start()
        env = environment(tmp_path, TELEGRAM_BOT_TOKEN=TG_TOKEN,
                          TELEGRAM_API_BASE_URL=telegram.base_url,
                          TELEGRAM_WEBHOOK_URL="https://bot.example.test/hearback/telegram",
                          TELEGRAM_WEBHOOK_PORT=str(port), HEARBACK_DATABASE_URL="memory://")
        proc, lines = await _serve(env, "telegram", tmp_path,
                                   lambda line: "Telegram: webhook on" in line)
        try:
            answer = await _healthz(port)
            async with aiohttp.ClientSession() as session, session.post(
                    f"http://127.0.0.1:{port}/hearback/telegram", json={}) as response:
                unsigned = response.status  # the webhook itself still wants its secret
            stderr = await _stop(proc, lines)
        finally:
            if proc.returncode is None:
                proc.kill()
                await proc.wait()
            await telegram.stop()
        return answer, unsigned, stderr, proc.returncode

    answer, unsigned, stderr, code = run(scenario())
    assert code == 0, stderr
    assert answer[0] == 200 and answer[1]["ok"] is True and answer[1]["backend"] == "memory"
    assert unsigned == 403
    assert TG_TOKEN not in stderr
    assert re.match(r"^\d{4}-\d\d-\d\dT[\d:.]+Z (INFO|WARNING) ", stderr), stderr
