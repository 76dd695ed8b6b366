"""`hearback check`: validate the configuration without starting anything, and, when tokens
are set, ask Telegram (`getMe`) and Slack (`auth.test`) who they belong to. One line per check
("ok", "warn" or "FAIL"), never a secret (every line is redacted against the configured
secrets); exit 0 when nothing failed, 1 otherwise. Nothing is changed: the data directory gets
a test file that is removed at once, and PostgreSQL is only read (no migration runs)."""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from bot.config import Config, ConfigError, load_config
from bot.ops.identity import (
    IdentityError,
    slack_app_token_works,
    slack_identity,
    telegram_identity,
)
from bot.ops.logs import Redact, secrets_of
from bot.ops.settings import SECRET_NAMES
from bot.ops.version import hearback_version

# Token shapes as the platforms issue them: Telegram "<bot id>:<35 characters>" (BotFather),
# Slack bot tokens "xoxb-…", app-level tokens "xapp-…", signing secrets 32 hex characters.
TELEGRAM_TOKEN_RE = re.compile(r"^\d+:[A-Za-z0-9_-]{30,}$")
SIGNING_SECRET_RE = re.compile(r"^[0-9a-f]{32}$")
WEBHOOK_SECRET_RE = re.compile(r"^[A-Za-z0-9_-]{1,256}$")  # Telegram's secret_token alphabet


@dataclass(frozen=True)
class Finding:
    """One line of the check: `status` "ok", "warn" (works, but worth knowing) or "fail"."""

    status: str
    text: str


def _ok(text: str) -> Finding:
    return Finding("ok", text)


def _fail(text: str) -> Finding:
    return Finding("fail", text)


def load_collecting(env: Mapping[str, str]) -> tuple[Config, list[Finding]]:
    """The configuration, and one failure per malformed variable: bot/config.py stops at the
    first bad value (its message starts with "NAME="), so that variable is set aside and the
    rest read again, until everything left reads."""
    env = dict(env)
    found: list[Finding] = []
    for _ in range(len(env) + 1):
        try:
            return load_config(env), found
        except ConfigError as exc:
            found.append(_fail(str(exc)))
            name = re.match(r"^([A-Z_]+)=", str(exc))
            if name is None or name.group(1) not in env:
                break
            del env[name.group(1)]
    return load_config({}), found


def data_dir_finding(path: Path, database_url: str | None) -> Finding:
    """Can Hearback create and write files in `path` (created at start-up if missing)?"""
    what = "data directory" if not database_url else "data directory (the inbox)"
    shown = str(path) if path.is_absolute() else f"{path} ({path.absolute()})"
    if path.exists():
        if not path.is_dir():
            return _fail(f"{what} {shown} exists but is not a directory: set "
                         f"HEARBACK_DATA_DIR.")
        owner = path.stat().st_uid
        if owner != os.getuid():
            return _fail(f"{what} {shown} belongs to uid {owner}, not to uid {os.getuid()} who "
                         f"runs this: run Hearback as its owner (systemd: User=) or chown it.")
        try:
            fd, name = tempfile.mkstemp(prefix=".hearback-check-", dir=path)
            os.close(fd)
            os.unlink(name)
        except OSError as exc:
            return _fail(f"{what} {shown} is not writable ({exc.strerror}): fix its "
                         f"permissions or set HEARBACK_DATA_DIR.")
        return _ok(f"{what} {shown}: writable")
    parent = path.absolute().parent
    while not parent.exists():
        parent = parent.parent
    if not os.access(parent, os.W_OK | os.X_OK):
        return _fail(f"{what} {shown} does not exist and can't be created in {parent}: create "
                     f"it for the user that runs Hearback, or set HEARBACK_DATA_DIR.")
    return _ok(f"{what} {shown}: will be created at start-up")


def storage_findings(config: Config) -> list[Finding]:
    url = (config.database_url or "").strip()
    if not url:
        return [_files_schema(config.data_dir)]
    scheme = url.split(":", 1)[0].lower() if ":" in url else ""
    if scheme == "memory":
        return [Finding("warn", "storage: memory:// keeps nothing: everything is forgotten "
                                "when Hearback stops (tests and demos only).")]
    if scheme in ("postgres", "postgresql") or scheme.startswith("postgresql+"):
        return [_postgres(url)]
    return [_fail("HEARBACK_DATABASE_URL must be empty (files), postgresql://… or memory://; "
                  f"{scheme or 'the value'} is not a storage Hearback knows.")]


def _files_schema(data_dir: Path) -> Finding:
    import json

    from storage import SCHEMA_VERSION

    meta = data_dir / "meta.json"
    if not meta.exists():
        return _ok("storage: TinyDB files in the data directory (none yet)")
    try:
        version = json.loads(meta.read_text(encoding="utf-8")).get("schema")
    except (OSError, ValueError, AttributeError) as exc:
        return _fail(f"storage: {meta} can't be read ({exc}): restore it from a backup.")
    if version != SCHEMA_VERSION:
        return _fail(f"storage: {meta} has schema {version!r}; this Hearback reads "
                     f"{SCHEMA_VERSION}: use the matching release or restore a backup.")
    return _ok(f"storage: TinyDB files in the data directory (schema {version})")


def _postgres(url: str) -> Finding:
    """Connect and read the schema version, changing nothing (start-up migrates, not this)."""
    import psycopg

    from storage.pg_schema import SCHEMA_VERSION
    from storage.store import _libpq_url

    try:
        with psycopg.connect(_libpq_url(url), connect_timeout=5) as conn:
            server = conn.info.server_version
            row = conn.execute("SELECT to_regclass('hearback_schema') IS NOT NULL").fetchone()
            version = 0
            if row and row[0]:
                got = conn.execute("SELECT coalesce(max(version), 0) FROM hearback_schema"
                                   ).fetchone()
                version = int(got[0]) if got else 0
    except psycopg.Error as exc:
        return _fail(f"storage: PostgreSQL can't be reached with HEARBACK_DATABASE_URL "
                     f"({type(exc).__name__}: {str(exc).strip().splitlines()[0]}).")
    major, minor = divmod(server, 10000)
    where = f"PostgreSQL {major}.{minor}"
    if version > SCHEMA_VERSION:
        return _fail(f"storage: {where} holds schema {version}, newer than this Hearback "
                     f"({SCHEMA_VERSION}): upgrade Hearback.")
    todo = ("up to date" if version == SCHEMA_VERSION else
            f"schema {version}; start-up will migrate it to {SCHEMA_VERSION}")
    return _ok(f"storage: {where} reachable, {todo}")


def telegram_findings(config: Config, ask: Callable[[str, str | None], str]) -> list[Finding]:
    token = config.telegram_token
    if not token:
        return []
    if not TELEGRAM_TOKEN_RE.match(token):
        return [_fail("TELEGRAM_BOT_TOKEN does not look like a token from @BotFather (digits, "
                      "a colon, then about 35 letters, digits, _ or -).")]
    secret = config.telegram_webhook_secret
    if config.telegram_webhook_url and secret and not WEBHOOK_SECRET_RE.match(secret):
        return [_fail("TELEGRAM_WEBHOOK_SECRET may only contain letters, digits, _ and - "
                      "(1-256 characters).")]
    mode = (f"webhook mode at {config.telegram_webhook_url}, listening on port "
            f"{config.telegram_webhook_port} (GET /healthz there)"
            if config.telegram_webhook_url else "long polling")
    try:
        return [_ok(f"Telegram: the token belongs to {ask(token, config.telegram_api_base_url)}; "
                    f"{mode}")]
    except IdentityError as exc:
        return [_fail(f"Telegram: {exc}")]


def slack_findings(config: Config, ask: Callable[[str, str], str],
                   app_check: Callable[[str, str], None]) -> list[Finding]:
    token = config.slack_bot_token
    if not token:
        return []
    found: list[Finding] = []
    if not token.startswith("xoxb-"):
        found.append(_fail("SLACK_BOT_TOKEN should be the Bot User OAuth Token, starting "
                           "xoxb- (OAuth & Permissions)."))
    app_token, signing = config.slack_app_token, config.slack_signing_secret
    if app_token and not app_token.startswith("xapp-"):
        found.append(_fail("SLACK_APP_TOKEN should be an app-level token, starting xapp- "
                           "(Basic Information → App-Level Tokens)."))
    if not app_token and not signing:
        found.append(_fail("SLACK_BOT_TOKEN is set but neither SLACK_APP_TOKEN (Socket Mode) "
                           "nor SLACK_SIGNING_SECRET (HTTP mode) is: set one of them."))
    if not app_token and signing and not SIGNING_SECRET_RE.match(signing):
        found.append(_fail("SLACK_SIGNING_SECRET should be the 32 hexadecimal characters of "
                           "Basic Information → Signing Secret."))
    if found:
        return found
    try:
        who = ask(token, config.slack_api_url)
        if app_token:
            app_check(app_token, config.slack_api_url)
    except IdentityError as exc:
        return [_fail(f"Slack: {exc}")]
    mode = ("Socket Mode (the app-level token was accepted)" if app_token else
            f"HTTP mode on {config.slack_http_host}:{config.slack_http_port}/slack/events "
            f"(GET /healthz there)")
    return [_ok(f"Slack: the token belongs to {who}; {mode}")]


def languagetool_finding(config: Config) -> list[Finding]:
    if not config.languagetool_url:
        return []
    import httpx

    url = config.languagetool_url.rstrip("/") + "/v2/languages"
    try:
        httpx.get(url, timeout=config.languagetool_timeout * 2).raise_for_status()
    except httpx.HTTPError as exc:
        return [Finding("warn", f"LanguageTool at {config.languagetool_url} did not answer "
                                f"({type(exc).__name__}): drafts get the local checks only.")]
    return [_ok(f"LanguageTool at {config.languagetool_url} answers")]


def run_check(env: Mapping[str, str], out: TextIO) -> int:
    """Print the findings to `out`; 1 when any failed, else 0."""
    redact = Redact(secrets_of(env.get(name) for name in SECRET_NAMES)).redact
    out.write(f"Hearback {hearback_version()}: checking the configuration "
              f"(the environment and ./.env)\n")
    config, found = load_collecting(env)
    if not found:
        found.append(_ok("settings: every variable set is well-formed"))
    if config.timezone_set or not env.get("HEARBACK_TIMEZONE", "").strip():  # else: failed above
        found.append(_ok(f"time zone for new users: {config.timezone}"
                         + ("" if config.timezone_set else " (HEARBACK_TIMEZONE unset)")))
    found.append(data_dir_finding(config.data_dir, config.database_url))
    found += storage_findings(config)
    found += telegram_findings(config, telegram_identity)
    found += slack_findings(config, slack_identity, slack_app_token_works)
    found += languagetool_finding(config)
    if not config.telegram_token and not config.slack_bot_token:
        found.append(_ok("no TELEGRAM_BOT_TOKEN or SLACK_BOT_TOKEN: `hearback` starts the "
                         "terminal chat"))
    marks = {"ok": "ok  ", "warn": "warn", "fail": "FAIL"}
    for finding in found:
        out.write(f"  {marks[finding.status]}  {redact(finding.text)}\n")
    failed = sum(f.status == "fail" for f in found)
    if failed:
        out.write(f"{failed} problem{'s' if failed > 1 else ''}: fix "
                  f"{'them' if failed > 1 else 'it'} and run `hearback check` again.\n")
        return 1
    out.write("All good.\n")
    return 0
