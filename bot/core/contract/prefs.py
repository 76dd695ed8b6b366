"""A user's planning preferences as one value: zone, quiet hours, and the calendar of public
holidays and weekend days that working days are counted in.

`working_day` is the one function every working-day count in the bot goes through (call day,
"N working days", retries after no answer, check-in spacing): it is the `holidays` library's
`get_nth_working_day`, which skips the country's (and region's) public holidays and its own
weekend (Friday and Saturday where that is the rule).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from zoneinfo import ZoneInfo

import holidays

from bot.core.contract.models import User
from bot.core.contract.places import calendar_for, country_of_zone, region_of_zone


@dataclass(frozen=True)
class Prefs:
    """`country`/`region`: ISO 3166 codes of the holidays calendar in use (the user's own, or
    the zone's when they set none: `from_zone` is then True); `show_zone`: times shown to the
    user name the zone (it is not the one the platform displays)."""

    tz: ZoneInfo
    quiet_start: time = time(21, 0)
    quiet_end: time = time(8, 0)
    country: str | None = None
    region: str | None = None
    from_zone: bool = False
    show_zone: bool = False

    @classmethod
    def for_user(cls, user: User) -> Prefs:
        country, region, from_zone = user.country, user.region, False
        if country is None and not user.no_country:
            country, region, from_zone = (*zone_calendar(user.timezone), True)
        return cls(
            tz=ZoneInfo(user.timezone),
            quiet_start=time.fromisoformat(user.quiet_start),
            quiet_end=time.fromisoformat(user.quiet_end),
            country=country,
            region=region,
            from_zone=from_zone,
            show_zone=shows_zone(user),
        )

    @property
    def calendar(self) -> holidays.HolidayBase:
        """The holidays library's calendar in use (public holidays and weekend days)."""
        try:
            return calendar_for(self.country, self.region)
        except NotImplementedError:  # a code stored by a newer library version
            return calendar_for(None)

    def is_holiday(self, day: date) -> bool:
        """A public holiday (not a weekend) where the user is."""
        return self.country is not None and day in self.calendar


def zone_calendar(zone: str) -> tuple[str | None, str | None]:
    """The country and region whose holidays apply in a zone when the user set none:
    Europe/London -> ("GB", "ENG"), America/Toronto -> ("CA", "ON"), UTC -> (None, None)."""
    country = country_of_zone(zone)
    if country is None:
        return None, None
    try:
        calendar_for(country)
    except NotImplementedError:
        return None, None
    return country, region_of_zone(zone)


def shows_zone(user: User) -> bool:
    """Whether times shown to the user name their zone (issue 14): when it differs from the one
    the platform displays (a Slack profile's, the terminal machine's), when they chose it on a
    platform that displays none, and while it is a guess nobody confirmed on a platform that
    asked them (Telegram)."""
    if user.platform_zone is not None:
        return user.platform_zone != user.timezone
    return user.zone_confirmed or user.zone_asked


def zone_suffix(prefs: Prefs) -> str:
    """" (New York time)" after a time shown to the user when `prefs.show_zone`, else ""."""
    if not prefs.show_zone:
        return ""
    key = prefs.tz.key
    return f" ({key.rsplit('/', 1)[-1].replace('_', ' ')} time)" if "/" in key else f" ({key})"


def working_day(day: date, n: int, prefs: Prefs | None = None) -> date:
    """The n-th working day after `day` (n > 0), before it (n < 0), or `day` itself when it is
    a working day and else the next one (n == 0). Working days leave out the weekend and the
    public holidays of `prefs`' calendar (none: Saturday and Sunday only). Every working-day
    count in the bot goes through here."""
    calendar = prefs.calendar if prefs is not None else calendar_for(None)
    return calendar.get_nth_working_day(day, n)
