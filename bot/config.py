"""Settings from the environment (and a .env file). Bad values fail early with a clear message."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dotenv import load_dotenv


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


def load_env_file(path: str = ".env") -> None:
    """Values already in the environment win over the file."""
    load_dotenv(path, override=False)


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
    raw_tick = env.get("HEARBACK_TICK_SECONDS", "").strip() or "30"
    try:
        tick = float(raw_tick)
        if not 0.05 <= tick <= 3600:
            raise ValueError
    except ValueError as exc:
        raise ConfigError(
            f"HEARBACK_TICK_SECONDS={raw_tick!r} must be a number of seconds between 0.05 and 3600."
        ) from exc
    return Config(
        data_dir=Path(env.get("HEARBACK_DATA_DIR", "").strip() or "./data"),
        timezone=tz,
        now=now,
        tick_seconds=tick,
        telegram_token=env.get("TELEGRAM_BOT_TOKEN", "").strip() or None,
        slack_bot_token=env.get("SLACK_BOT_TOKEN", "").strip() or None,
    )
