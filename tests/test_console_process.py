"""The real `hearback console` process, driven through piped stdin; we check what it prints.

HEARBACK_NOW sets the time of each run, so "a few days later" is a second process started with a
later HEARBACK_NOW on the same data directory — no sleeping.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.backends import POSTGRES_URL, open_backend

TIMEOUT = 60
ROOT = Path(__file__).resolve().parent.parent
INTAKE = ("I just had an interview with Jane Doe at Acme for the backend role, "
          "they said they'd let me know by Friday")
START = "2026-11-25T15:00:00"  # a Wednesday afternoon in London
NUDGE = "⏰"
INFORMER_QUESTION = "Who will tell you the result?"
CONTACT_QUESTION = "Did anyone ask you to email or call them at a set time"
CALL_PROMPT = "Time to make the call"
THANK_YOU_REMINDERS = ("Thank-you check", "Last reminder about the thank-you")
OUTCOME_LABELS = ("Selected", "Still waiting", "On standby", "Not selected", "No answer")


def hearback_command(how: str = "script") -> list[str]:
    script = Path(sys.executable).parent / "hearback"
    if how == "script" and script.exists():
        return [str(script), "console"]
    return [sys.executable, "-m", "bot", "console"]


def run_hearback(data_dir: Path, lines: list[str], *, now: str = START,
                 timezone: str = "Europe/London", how: str = "script",
                 database_url: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("HEARBACK_", "TELEGRAM_", "SLACK_"))}
    env.update(HEARBACK_DATA_DIR=str(data_dir), HEARBACK_TIMEZONE=timezone, HEARBACK_NOW=now,
               PYTHONPATH=str(ROOT))
    if database_url is not None:
        env["HEARBACK_DATABASE_URL"] = database_url
    stdin = "".join(f"{line}\n" for line in lines)
    data_dir.parent.mkdir(parents=True, exist_ok=True)
    # cwd is the data dir's parent so a developer's .env in the repo cannot leak into the run.
    return subprocess.run(hearback_command(how), input=stdin, capture_output=True, text=True,
                          encoding="utf-8", timeout=TIMEOUT, env=env, cwd=data_dir.parent)


def ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, f"exit {result.returncode}\n{result.stdout}\n{result.stderr}"
    assert "Traceback" not in result.stderr, result.stderr
    return result.stdout


def after(out: str, marker: str) -> str:
    """What the process printed after `marker` (which must have been printed)."""
    assert marker in out, out
    return out.split(marker, 1)[1]


def nudges_printed(out: str) -> int:
    return sum(1 for line in out.splitlines() if line.startswith(NUDGE))


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


def intake(data_dir: Path, informer: str = "HR", contact: str = "no", how: str = "script") -> str:
    return ok(run_hearback(data_dir, [INTAKE, informer, contact], how=how))


# -- first run: the intake ----------------------------------------------------------------------
def test_intake_from_one_sentence_prints_a_dated_plan(data_dir: Path) -> None:
    out = intake(data_dir)

    # It asked only what the sentence did not say, one question at a time, with choices.
    first_answer = after(out, INTAKE)
    assert INFORMER_QUESTION in first_answer.split("you> HR")[0]
    assert "[1] HR" in first_answer
    assert CONTACT_QUESTION in after(first_answer, "you> HR").split("you> no")[0]
    assert "Which company" not in out and "What role" not in out

    plan = after(out, "you> no")
    assert "Acme" in plan
    assert "Jane Doe" in plan
    assert "Fri 27 Nov" in plan  # "by Friday", read in London on Wed 25 Nov
    assert "Who tells you: HR" in plan
    call_lines = [line for line in plan.splitlines() if "Mon 30 Nov, 10:00" in line]
    assert len(call_lines) == 1, plan
    assert "call" in call_lines[0].lower()
    assert "Job interview follow up" in plan
    assert "[1] Draft my thank-you" in plan and "[2] Thank-you sent" in plan
    assert NUDGE not in out  # nothing was due yet at 15:00 on the day


def test_python_dash_m_bot_prints_the_same_plan_as_the_script(tmp_path: Path) -> None:
    script = intake(tmp_path / "a" / "data", how="script")
    module = intake(tmp_path / "b" / "data", how="module")
    assert module.replace(str(tmp_path / "b"), "") == script.replace(str(tmp_path / "a"), "")


def test_typing_a_button_number_presses_that_button(data_dir: Path) -> None:
    # 2 = "The interviewer" (not the first choice, so an off-by-one would show), 1 = "No",
    # then 2 = "Thank-you sent ✓" under the plan.
    out = ok(run_hearback(data_dir, [INTAKE, "2", "1", "2"]))

    assert "[2] The interviewer" in after(out, INTAKE)
    answered = after(out, "you> 2")
    assert CONTACT_QUESTION in answered.split("you> 1")[0]
    plan = after(answered, "you> 1")
    assert "Who tells you: the interviewer" in plan
    assert "Who tells you: HR" not in out
    assert "Mon 30 Nov, 10:00" in plan
    confirmation = after(after(plan, "[2] Thank-you sent"), "you> 2")
    assert "marked sent" in confirmation

    # The press was saved: when the reminder comes due, there is nothing to remind about.
    later = ok(run_hearback(data_dir, [], now="2026-11-25T17:10:00"))
    assert nudges_printed(later) == 0, later
    for text in THANK_YOU_REMINDERS:
        assert text not in later


def test_a_nudge_that_came_due_while_down_is_printed_at_start(data_dir: Path) -> None:
    intake(data_dir)
    later = ok(run_hearback(data_dir, [], now="2026-11-25T17:10:00"))
    assert nudges_printed(later) == 1, later
    assert "Thank-you check" in later
    assert "Jane Doe" in later
    assert "Job interview follow up" in later
    assert "[2] Thank-you sent" in later


# -- restarts: catch up once, without flooding, never twice -------------------------------------
def test_restart_days_later_catches_up_without_flooding_or_repeating(data_dir: Path) -> None:
    intake(data_dir)  # plans: thank-you reminders, a check-in, a rehearsal offer, the call

    second = ok(run_hearback(data_dir, [], now="2026-11-30T10:05:00"))
    assert second.count(CALL_PROMPT) == 1, second
    call = after(second, CALL_PROMPT)
    assert "Fri 27 Nov" in call
    assert "Jane Doe" in call
    for number, label in enumerate(OUTCOME_LABELS, start=1):
        assert f"[{number}] {label}" in call
    # Five nudges came due while it was down; the stale ones are not all poured out.
    assert sum(second.count(text) for text in THANK_YOU_REMINDERS) <= 1, second
    assert second.count("Waiting is part of the process") <= 1, second
    assert "Tomorrow is call day" not in second  # it is call day
    assert 1 <= nudges_printed(second) <= 2, second

    third = ok(run_hearback(data_dir, [], now="2026-11-30T10:06:00"))
    assert CALL_PROMPT not in third
    assert nudges_printed(third) == 0, third
    for text in THANK_YOU_REMINDERS:
        assert text not in third


def test_typing_a_number_answers_a_nudge_printed_at_start(data_dir: Path) -> None:
    intake(data_dir)
    out = ok(run_hearback(data_dir, ["2"], now="2026-11-30T10:05:00"))
    call = after(out, CALL_PROMPT)
    assert "[2] Still waiting" in call
    answer = after(call, "you> 2")
    assert "OK, still waiting." in answer
    assert "Did they say when you'll hear back?" in answer
    assert "not sure what you mean" not in answer


# -- the data directory it writes ---------------------------------------------------------------
def console_user_key() -> str:
    try:
        login = getpass.getuser() or "local"
    except Exception:
        login = "local"
    return f"console:{login}"


def the_user_file(data_dir: Path) -> Path:
    files = sorted((data_dir / "users").iterdir())
    assert [p.name for p in files] == [
        hashlib.sha256(console_user_key().encode()).hexdigest()[:32] + ".json"]
    return files[0]


def snapshot(data_dir: Path) -> dict[str, bytes]:
    return {p.relative_to(data_dir).as_posix(): p.read_bytes()
            for p in sorted(data_dir.rglob("*")) if p.is_file() and p.name != "hearback.lock"}


def test_a_session_leaves_meta_json_and_one_private_file_for_the_user(data_dir: Path) -> None:
    intake(data_dir)
    assert json.loads((data_dir / "meta.json").read_text()) == {"schema": 2, "app": "hearback"}
    doc = json.loads(the_user_file(data_dir).read_text(encoding="utf-8"))
    assert list(doc["_meta"].values()) == [{"schema": 2, "key": console_user_key()}]
    assert [u["key"] for u in doc["user"].values()] == [console_user_key()]
    assert [i["company"] for i in doc["interviews"].values()] == ["Acme"]
    assert doc["nudges"] and all(n["status"] == "pending" for n in doc["nudges"].values())
    assert sorted(p.name for p in data_dir.iterdir()) in (["meta.json", "users"],
                                                          ["hearback.lock", "meta.json", "users"])
    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700
    assert stat.S_IMODE((data_dir / "users").stat().st_mode) == 0o700
    assert stat.S_IMODE(the_user_file(data_dir).stat().st_mode) == 0o600


def downgrade_to_schema_1(data_dir: Path) -> bytes:
    """Rewrite a schema-2 data dir as the single hearback.json the schema-1 Hearback kept."""
    shard = json.loads(the_user_file(data_dir).read_text(encoding="utf-8"))
    legacy = {"users": shard["user"], "interviews": shard["interviews"],
              "nudges": shard["nudges"], "dialogs": shard["dialog"],
              "meta": {"1": {"schema": 1, "app": "hearback"}}}
    shutil.rmtree(data_dir / "users")
    (data_dir / "meta.json").unlink()
    raw = json.dumps(legacy, ensure_ascii=False).encode("utf-8")
    (data_dir / "hearback.json").write_bytes(raw)
    return raw


def test_a_schema_1_data_dir_is_upgraded_and_its_nudges_still_come(data_dir: Path) -> None:
    intake(data_dir)
    raw = downgrade_to_schema_1(data_dir)

    later = ok(run_hearback(data_dir, [], now="2026-11-25T17:10:00"))

    assert nudges_printed(later) == 1, later
    assert "Thank-you check" in later
    assert "Jane Doe" in later
    assert not (data_dir / "hearback.json").exists()
    assert (data_dir / "hearback.json.v1-migrated").read_bytes() == raw
    assert json.loads((data_dir / "meta.json").read_text()) == {"schema": 2, "app": "hearback"}
    the_user_file(data_dir)
    # And the upgraded data goes on: the reminder was sent once, the call comes on call day.
    again = ok(run_hearback(data_dir, [], now="2026-11-30T10:05:00"))
    assert again.count(CALL_PROMPT) == 1, again
    assert "Thank-you check" not in again


# -- refusing to start ---------------------------------------------------------------------------
BAD_BYTES = [b"\x00\xffnot json", b'{"_meta": {"1": {"sch', b""]


def refused(result: subprocess.CompletedProcess[str], path: Path) -> None:
    assert result.returncode != 0
    assert str(path) in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert "Your plan" not in result.stdout
    assert CALL_PROMPT not in result.stdout
    assert NUDGE not in result.stdout


@pytest.mark.parametrize("bad", BAD_BYTES)
def test_a_corrupt_meta_json_stops_start_up_and_is_left_untouched(
        data_dir: Path, bad: bytes) -> None:
    intake(data_dir)
    path = data_dir / "meta.json"
    path.write_bytes(bad)
    before = snapshot(data_dir)

    result = run_hearback(data_dir, [INTAKE, "HR", "no"], now="2026-11-30T10:05:00")

    refused(result, path)
    assert snapshot(data_dir) == before


@pytest.mark.parametrize("bad", BAD_BYTES)
def test_a_corrupt_user_file_is_set_aside_and_its_user_told_on_every_message(
        data_dir: Path, bad: bytes) -> None:
    # Issue 15: a damaged user file no longer stops the bot for everyone; it is kept as it is
    # for inspection, logged once, and its user is told what happened instead of starting over.
    intake(data_dir)
    path = the_user_file(data_dir)
    path.write_bytes(bad)
    before = snapshot(data_dir)

    result = run_hearback(data_dir, [INTAKE, "HR", "no"], now="2026-11-30T10:05:00")

    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout.count("I can't read what I had saved about you") == 3, result.stdout
    assert CALL_PROMPT not in result.stdout and NUDGE not in result.stdout
    logged = [ln for ln in result.stderr.splitlines() if str(path) in ln]
    assert len(logged) == 1, result.stderr  # once, however many messages
    assert snapshot(data_dir) == before


@pytest.mark.parametrize("bad", BAD_BYTES)
def test_a_corrupt_schema_1_file_stops_start_up_and_is_left_untouched(
        data_dir: Path, bad: bytes) -> None:
    data_dir.mkdir(mode=0o700)  # private, so that the refusal is the only line
    path = data_dir / "hearback.json"
    path.write_bytes(bad)
    path.chmod(0o600)

    result = run_hearback(data_dir, [INTAKE, "HR", "no"])

    refused(result, path)
    assert path.read_bytes() == bad
    assert not (data_dir / "meta.json").exists()
    assert [p.name for p in data_dir.rglob("*.json")] == ["hearback.json"]


def test_a_truncated_user_file_after_a_real_session_is_set_aside_not_sent_from(
        data_dir: Path) -> None:
    intake(data_dir)
    path = the_user_file(data_dir)
    bad = path.read_bytes()[:-40]  # a truncated file, as a crashed copy would leave it
    path.write_bytes(bad)

    result = run_hearback(data_dir, [], now="2026-11-30T10:05:00")

    assert result.returncode == 0, result.stderr
    assert str(path) in result.stderr and "Traceback" not in result.stderr
    assert CALL_PROMPT not in result.stdout and NUDGE not in result.stdout
    assert path.read_bytes() == bad


@pytest.mark.parametrize("which", ["user file", "meta.json"])
def test_data_from_a_newer_hearback_stops_start_up_and_is_left_untouched(
        data_dir: Path, which: str) -> None:
    intake(data_dir)
    if which == "meta.json":
        path = data_dir / "meta.json"
        path.write_text(json.dumps({"schema": 3, "app": "hearback"}), encoding="utf-8")
    else:
        path = the_user_file(data_dir)
        doc = json.loads(path.read_text(encoding="utf-8"))
        doc["_meta"] = {"1": {"schema": 3}}
        path.write_text(json.dumps(doc), encoding="utf-8")
    before = snapshot(data_dir)

    result = run_hearback(data_dir, [], now="2026-11-30T10:05:00")

    refused(result, path)
    assert "3" in result.stderr
    assert snapshot(data_dir) == before


def test_an_unknown_timezone_stops_start_up_with_a_clear_message(data_dir: Path) -> None:
    result = run_hearback(data_dir, [INTAKE], timezone="Mars/Olympus")

    assert result.returncode != 0
    message = result.stderr.strip()
    assert len(message.splitlines()) == 1, result.stderr
    assert "HEARBACK_TIMEZONE" in message
    assert "Mars/Olympus" in message
    assert "Traceback" not in result.stderr
    assert "Your plan" not in result.stdout
    assert not data_dir.exists()  # it failed before touching any data


# -- the storage backend, from HEARBACK_DATABASE_URL ---------------------------------------------
def test_memory_url_chats_without_writing_a_data_directory(data_dir: Path) -> None:
    result = run_hearback(data_dir, [INTAKE, "HR", "no"], database_url="memory://")
    assert "Your plan" in ok(result)
    assert "nothing is saved" in result.stderr  # the operator is warned
    assert not data_dir.exists()


def test_postgresql_keeps_the_chat_across_a_restart_without_a_data_directory(
        data_dir: Path) -> None:
    open_backend("postgres", data_dir.parent).close()  # an empty database (or a skip)
    assert "Your plan" in ok(run_hearback(data_dir, [INTAKE, "HR", "no"],
                                          database_url=POSTGRES_URL))
    listed = ok(run_hearback(data_dir, ["list"], database_url=POSTGRES_URL))
    assert "backend role at Acme" in listed
    assert not data_dir.exists()


def test_an_unreachable_postgresql_is_reported_without_showing_the_password(data_dir: Path) -> None:
    result = run_hearback(data_dir, [INTAKE],
                          database_url="postgresql://hb:s3cret@127.0.0.1:5432/hearback")
    assert result.returncode != 0
    assert "PostgreSQL" in result.stderr
    assert "s3cret" not in result.stderr + result.stdout
    assert "Traceback" not in result.stderr
    assert not data_dir.exists()
