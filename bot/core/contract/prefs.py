"""A user's planning preferences as one value: zone, quiet hours, country for holidays."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

from bot.core.contract.models import User


@dataclass(frozen=True)
class Prefs:
    tz: ZoneInfo
    quiet_start: time = time(21, 0)
    quiet_end: time = time(8, 0)
    # ISO 3166 code: business days skip that country's public holidays.
    country: str | None = None

    @classmethod
    def for_user(cls, user: User) -> Prefs:
        return cls(
            tz=ZoneInfo(user.timezone),
            quiet_start=time.fromisoformat(user.quiet_start),
            quiet_end=time.fromisoformat(user.quiet_end),
            country=user.country,
        )

    def is_holiday(self, day: date) -> bool:
        return self.country is not None and day in public_holidays(self.country)


@lru_cache(maxsize=64)
def public_holidays(country: str) -> holidays.HolidayBase:
    """The holidays library's calendar for a country (it fills in years as they are asked)."""
    return holidays.country_holidays(country)
