"""Settings from the environment (and a .env file). Bad values fail early with a clear message."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dotenv import load_dotenv

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
LOG_FORMATS = ("text", "json")


class ConfigError(Exception):
    pass


@dataclass(frozen=True)
class Config:
    data_dir: Path
    timezone: str
    now: datetime | None
    tick_seconds: float
    telegram_token: str | None
    slack_bot_token: str | None
    telegram_api_base_url: str | None = None
    telegram_webhook_url: str | None = None
    telegram_webhook_secret: str | None = None
    telegram_webhook_port: int = 8443
    slack_app_token: str | None = None
    slack_signing_secret: str | None = None
    slack_http_host: str = "127.0.0.1"
    slack_http_port: int = 3000
    slack_api_url: str = "https://slack.com/api/"
    # Which storage (storage.open_store): None for the files in data_dir, "memory://" for tests.
    # May hold a password one day (PostgreSQL), so it stays out of repr() too.
    database_url: str | None = None
    # How long a stop (SIGTERM, Ctrl-C) may take, in seconds: events received are answered
    # meanwhile, and what is not answered by then is kept for the next start.
    stop_grace_seconds: float = 8.0
    # HEARBACK_TIMEZONE was set: the terminal then uses it instead of the machine's zone.
    timezone_set: bool = False
    # A LanguageTool server whose /v2/check adds to the draft checks (bot/languagetool.py), its
    # language code, and how long one check may take (seconds) before the local checks go alone.
    languagetool_url: str | None = None
    languagetool_language: str = "en-US"
    languagetool_timeout: float = 2.0
    # HEARBACK_LOG_LEVEL (None when unset: INFO, the terminal chat WARNING) and
    # HEARBACK_LOG_FORMAT ("text" or "json"; bot/ops/logs.py).
    log_level: str | None = None
    log_format: str = "text"

    def __repr__(self) -> str:
        # Tokens and secrets never reach a log line or an error message through repr().
        return f"Config(data_dir={self.data_dir!r}, timezone={self.timezone!r})"


def load_env_file(path: str = ".env") -> None:
    """Values already in the environment win over the file."""
    load_dotenv(path, override=False)


def _seconds(env: Mapping[str, str], name: str, default: float, low: float, high: float
             ) -> float:
    """A number of seconds from `env[name]` (`default` when unset), between `low` and `high`.
    Raises ConfigError naming the variable and the range otherwise."""
    raw = env.get(name, "").strip() or str(default)
    try:
        value = float(raw)
        if not low <= value <= high:
            raise ValueError
    except ValueError as exc:
        raise ConfigError(f"{name}={raw!r} must be a number of seconds between {low:g} and "
                          f"{high:g}.") from exc
    return value


def load_config(env: Mapping[str, str] | None = None) -> Config:
    env = os.environ if env is None else env
    tz = env.get("HEARBACK_TIMEZONE", "").strip() or "UTC"
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ConfigError(
            f"HEARBACK_TIMEZONE={tz!r} is not a known IANA time zone. Use a name like "
            f"Europe/London or America/New_York."
        ) from exc
    now: datetime | None = None
    if raw_now := env.get("HEARBACK_NOW", "").strip():
        try:
            now = datetime.fromisoformat(raw_now)
        except ValueError as exc:
            raise ConfigError(
                f"HEARBACK_NOW={raw_now!r} is not an ISO date-time such as 2026-11-25T15:00+00:00."
            ) from exc
        now = now.replace(tzinfo=ZoneInfo(tz)) if now.tzinfo is None else now
        now = now.astimezone(UTC)
    tick = _seconds(env, "HEARBACK_TICK_SECONDS", 30, 0.05, 3600)
    grace = _seconds(env, "HEARBACK_STOP_GRACE_SECONDS", 8, 1, 600)

    def text(name: str) -> str | None:
        return env.get(name, "").strip() or None

    def port(name: str, default: int) -> int:
        raw = env.get(name, "").strip()
        if not raw:
            return default
        if not raw.isdigit() or not 1 <= int(raw) <= 65535:
            raise ConfigError(f"{name}={raw!r} must be a port number between 1 and 65535.")
        return int(raw)

    webhook_url = text("TELEGRAM_WEBHOOK_URL")
    if webhook_url and not webhook_url.startswith("https://"):
        raise ConfigError(f"TELEGRAM_WEBHOOK_URL={webhook_url!r} must be an https:// URL "
                          f"(Telegram only calls webhooks over HTTPS).")
    base_url = text("TELEGRAM_API_BASE_URL")
    if base_url and not base_url.startswith(("http://", "https://")):
        raise ConfigError(f"TELEGRAM_API_BASE_URL={base_url!r} must be a URL such as "
                          f"http://127.0.0.1:8081/bot.")
    api_url = text("SLACK_API_URL") or "https://slack.com/api/"
    if not api_url.startswith(("http://", "https://")):
        raise ConfigError(f"SLACK_API_URL={api_url!r} must be a URL such as "
                          f"https://slack.com/api/.")
    lt_url = text("HEARBACK_LANGUAGETOOL_URL")
    if lt_url and not lt_url.startswith(("http://", "https://")):
        raise ConfigError(f"HEARBACK_LANGUAGETOOL_URL={lt_url!r} must be a URL such as "
                          f"http://127.0.0.1:8010 (the server, without /v2/check).")
    log_level = (text("HEARBACK_LOG_LEVEL") or "").upper() or None
    if log_level is not None and log_level not in LOG_LEVELS:
        raise ConfigError(f"HEARBACK_LOG_LEVEL={log_level!r} must be one of "
                          f"{', '.join(LOG_LEVELS)}.")
    log_format = (text("HEARBACK_LOG_FORMAT") or "text").lower()
    if log_format not in LOG_FORMATS:
        raise ConfigError(f"HEARBACK_LOG_FORMAT={log_format!r} must be text or json.")
    return Config(
        data_dir=Path(env.get("HEARBACK_DATA_DIR", "").strip() or "./data"),
        timezone=tz,
        timezone_set=bool(env.get("HEARBACK_TIMEZONE", "").strip()),
        now=now,
        tick_seconds=tick,
        telegram_token=text("TELEGRAM_BOT_TOKEN"),
        slack_bot_token=text("SLACK_BOT_TOKEN"),
        telegram_api_base_url=base_url,
        telegram_webhook_url=webhook_url,
        telegram_webhook_secret=text("TELEGRAM_WEBHOOK_SECRET"),
        telegram_webhook_port=port("TELEGRAM_WEBHOOK_PORT", 8443),
        slack_app_token=text("SLACK_APP_TOKEN"),
        slack_signing_secret=text("SLACK_SIGNING_SECRET"),
        slack_http_host=text("SLACK_HTTP_HOST") or "127.0.0.1",
        slack_http_port=port("SLACK_HTTP_PORT", 3000),
        slack_api_url=api_url if api_url.endswith("/") else api_url + "/",
        database_url=text("HEARBACK_DATABASE_URL"),
        stop_grace_seconds=grace,
        languagetool_url=lt_url,
        languagetool_language=text("HEARBACK_LANGUAGETOOL_LANGUAGE") or "en-US",
        languagetool_timeout=_seconds(env, "HEARBACK_LANGUAGETOOL_TIMEOUT", 2, 0.1, 30),
        log_level=log_level,
        log_format=log_format,
    )
