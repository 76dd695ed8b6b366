"""`settings`: time zone (IANA name or city), quiet hours, and the country whose public holidays
are not business days. Changing any of them re-plans the user's open interviews. The three
questions are one step table (STEPS); the dialog keeps no data beyond the open step."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

import holidays
from holidays.registry import COUNTRIES

from bot.core.account.zones import change_zone, local_time
from bot.core.contract import buttons, flows
from bot.core.contract.buttons import Press
from bot.core.contract.context import Ctx
from bot.core.contract.flows import Retry, Step
from bot.core.contract.messages import Reply, TextBuilder, bold, reply
from bot.core.contract.models import Dialog
from bot.core.contract.places import calendar_for, place_name
from bot.core.contract.prefs import Prefs
from bot.core.language.zones import find_timezone as find_timezone  # used by team
from bot.core.language.zones import find_zone, plain
from bot.core.plan.schedule import replan_all

FLOW = "settings"
BUTTON_ACTION = "st"
FIELDS = {"tz": "Time zone", "quiet": "Quiet hours", "country": "Country (public holidays)"}


# -- quiet hours: the ways people write a range of hours ----------------------------------------
_NUMBER_WORDS = {w: n for n, w in enumerate(("zero", "one", "two", "three", "four", "five", "six",
                                              "seven", "eight", "nine", "ten", "eleven",
                                              "twelve"))}
_HOUR = r"(\d{1,2}|" + "|".join(_NUMBER_WORDS) + r"|midnight|noon|midday)"
_MERIDIEM = (r"(a\.?\s?m\.?|p\.?\s?m\.?|in the morning|in the evening|in the afternoon|at night"
             r"|o'?clock|h(?:rs)?)")
_TIME = rf"{_HOUR}(?:\s*[:.h]\s*(\d{{2}}))?\s*{_MERIDIEM}?"
_QUIET_RE = re.compile(
    rf"^(?:(?:quiet|no messages|don'?t message me)\s+)?(?:from|between)?\s*{_TIME}\s*"
    rf"(?:-|–|—|to|until|till|til|through|and)\s*{_TIME}$")


def _hour_of(word: str, minute: str | None, meridiem: str | None) -> tuple[int, int, bool] | None:
    """(hour 0-23, minute, whether the hour's half of the day was said) or None."""
    m = int(minute or 0)
    if word in ("midnight", "noon", "midday"):
        return (0 if word == "midnight" else 12), m, True
    h = _NUMBER_WORDS[word] if word in _NUMBER_WORDS else int(word)
    mer = (meridiem or "").replace(".", "").replace(" ", "")
    if mer.startswith(("pm", "inthe evening", "intheevening", "intheafternoon", "atnight")):
        if h > 12:
            return None
        return (h % 12) + (0 if mer == "atnight" and h == 12 else 12), m, True
    if mer.startswith(("am", "inthemorning")):
        return None if h > 12 else (h % 12, m, True)
    return h, m, False


def parse_quiet(text: str) -> tuple[str, str] | None:
    """Quiet hours from a range as people write it: "22-7", "21:00–08:00", "10pm to 7am",
    "from 10 at night until 7 in the morning", "between eleven pm and six", "midnight-6".
    Returns ("HH:MM", "HH:MM") local, or None when it is not a range of hours. Two bare hours
    that would make more than 12 quiet hours ("10-7") read the first as evening (22:00)."""
    m = _QUIET_RE.match(" ".join(text.strip().lower().split()))
    if not m:
        return None
    first = _hour_of(m.group(1), m.group(2), m.group(3))
    second = _hour_of(m.group(4), m.group(5), m.group(6))
    if first is None or second is None:
        return None
    (h1, m1, said1), (h2, m2, _) = first, second
    if h1 > 23 or h2 > 23 or m1 > 59 or m2 > 59 or (h1, m1) == (h2, m2):
        return None
    if not said1 and h1 < 12 and (h2 * 60 + m2 - h1 * 60 - m1) % (24 * 60) > 12 * 60:
        h1 += 12  # "10-7": the evening to the morning, not 21 quiet hours
    return f"{h1:02d}:{m1:02d}", f"{h2:02d}:{m2:02d}"


# -- country and region for public holidays ---------------------------------------------------
@lru_cache(maxsize=1)
def _countries() -> dict[str, str]:
    """Lower-case country names and ISO codes -> the ISO code the holidays library knows."""
    out: dict[str, str] = {}
    supported = set(holidays.list_supported_countries())
    for module, info in COUNTRIES.items():
        code = info[1]
        if code in supported:
            out[code.lower()] = code
            out[plain(info[2])] = code
            out[module.replace("_", " ")] = code
    out.update({"uk": "GB", "britain": "GB", "great britain": "GB", "usa": "US",
                "america": "US", "united states of america": "US"})
    return out


@lru_cache(maxsize=32)
def _regions(country: str) -> dict[str, str]:
    """A country's subdivisions the holidays library knows: codes and names -> code."""
    calendar = calendar_for(country)
    out = {plain(code): code for code in calendar.subdivisions}
    for name, code in (getattr(calendar, "subdivisions_aliases", {}) or {}).items():
        out[plain(name)] = code
    return out


@lru_cache(maxsize=1)
def _lone_regions() -> dict[str, tuple[str, str]]:
    """Region names that say their country ("England", "Ontario", "California"), from the
    countries people most often name that way."""
    out: dict[str, tuple[str, str]] = {}
    for country in ("GB", "US", "CA", "AU", "DE", "ES", "CH", "IN"):
        for name, code in _regions(country).items():
            if len(name) > 3:
                out.setdefault(name, (country, code))
    return out


def find_country(text: str) -> tuple[str, str | None] | None:
    """A country with an optional subdivision, as people write it: "Germany", "DE", "Canada
    Ontario", "Ontario, Canada", "US California", "England", "US-CA". Returns (country code,
    subdivision code or None) in the holidays library's codes, or None."""
    key = plain(text).removeprefix("the ").replace("-", " ").replace(",", " ")
    key = " ".join(key.split())
    if key in _countries():
        return _countries()[key], None
    if key in _lone_regions():
        return _lone_regions()[key]
    words = key.split()
    for cut in range(1, len(words)):
        for country_part, region_part in ((" ".join(words[:cut]), " ".join(words[cut:])),
                                          (" ".join(words[-cut:]), " ".join(words[:-cut]))):
            code = _countries().get(country_part)
            if code is not None and region_part in _regions(code):
                return code, _regions(code)[region_part]
    return None


@dataclass(frozen=True)
class Change:
    """What a settings answer changes: User attributes and their new values, and how the reply
    says it."""

    values: dict[str, str | bool | None]
    done: str


def _tz(ctx: Ctx, s: object, text: str) -> Change | Retry:
    found = find_zone(text)
    if found.zone is None:
        if found.choices:
            return Retry(f"\"{text.strip()[:20]}\" can mean {', '.join(found.choices[:-1])} or "
                         f"{found.choices[-1]}: type the city you're in.")
        return Retry(found.why or f"I don't know the time zone \"{text.strip()[:40]}\".")
    return Change({"timezone": found.zone}, "")


def _quiet(ctx: Ctx, s: object, text: str) -> Change | Retry:
    quiet = parse_quiet(text)
    if quiet is None:
        return Retry("I couldn't read that as a range of hours.")
    return Change({"quiet_start": quiet[0], "quiet_end": quiet[1]},
                  f"Quiet hours set to {quiet[0]}–{quiet[1]}.")


def _country(ctx: Ctx, s: object, text: str) -> Change | Retry:
    if text.strip().lower() in ("none", "no", "off", "-"):
        return Change({"country": None, "region": None, "no_country": True},
                      "Country cleared: only weekends are skipped now.")
    found = find_country(text)
    if found is None:
        return Retry(f"I don't know the country \"{text.strip()[:40]}\".")
    code, region = found
    return Change({"country": code, "region": region, "no_country": False},
                  f"Country set to {place_name(code, region)} ({code}"
                  f"{'-' + region if region else ''}): its public holidays are skipped.")


STEPS: dict[str, Step[object, Change]] = flows.table(
    Step("tz", "Which time zone are you in? A city (\"Berlin\", \"New York\") or an IANA name "
               "(\"Europe/Berlin\").", _tz, flows.cancel_only),
    Step("quiet", "When should I stay quiet? Give a range like \"21:00-08:00\", \"22-7\" or "
                  "\"10pm to 7am\".",
         _quiet, flows.cancel_only),
    Step("country", "Which country's public holidays should I skip when planning calls? A name "
                    "or code, with your region if holidays differ there (\"Germany\", \"Canada "
                    "Ontario\", \"England\", \"US California\"), or \"none\".", _country,
         flows.cancel_only),
)


# -- the command --------------------------------------------------------------------------------
def command(ctx: Ctx, rest: str) -> list[Reply]:
    m = re.match(r"^(time\s*zone|timezone|tz|zone|quiet(?:\s+hours)?|country|holidays)\b\s*(.*)$",
                 rest.strip(), re.IGNORECASE | re.DOTALL)
    if not m:
        return [show(ctx)]
    word = m.group(1).lower()
    field = "tz" if "z" in word else "quiet" if word.startswith("quiet") else "country"
    if m.group(2).strip():
        return apply(ctx, field, m.group(2))
    return ask(ctx, field)


def show(ctx: Ctx, lead: str | None = None) -> Reply:
    u = ctx.user
    t = TextBuilder()
    if lead:
        t.line(lead)
    t.line(bold("Your settings"))
    t.line(f"• Time zone: {u.timezone} (it's {local_time(ctx.now, u.timezone)} there)")
    t.line(f"• Quiet hours: {u.quiet_start}–{u.quiet_end} (no messages then)")
    p = ctx.prefs
    where = place_name(p.country, p.region) if p.country else "not set"
    t.line(f"• Country: {where}"
           + (" (its public holidays are not business days"
              + (", taken from your time zone)" if p.from_zone else ")") if p.country else ""))
    return reply(t, buttons=[[buttons.make(f"Change {label.split(' (')[0].lower()}",
                                           BUTTON_ACTION, ctx.owner, arg=field)]
                             for field, label in FIELDS.items()])


def ask(ctx: Ctx, field: str, lead: str | None = None) -> list[Reply]:
    ctx.repo.save_dialog(Dialog(user_key=ctx.user.key, flow=FLOW, step=field))
    return [STEPS[field].ask(ctx, None, lead)]


def current(ctx: Ctx, dialog: Dialog, lead: str) -> Reply:
    return STEPS[dialog.step].ask(ctx, None, lead)


def answer(ctx: Ctx, dialog: Dialog, text: str) -> list[Reply]:
    return apply(ctx, dialog.step, text)


def press(ctx: Ctx, p: Press) -> list[Reply]:
    return ask(ctx, p.arg) if p.arg in FIELDS else [show(ctx)]


def apply(ctx: Ctx, field: str, text: str) -> list[Reply]:
    """Set `field` ("tz", "quiet", "country") from `text` and re-plan the open interviews; a
    value that can't be read asks again."""
    change = STEPS[field].read(ctx, None, text)
    if isinstance(change, Retry):
        return ask(ctx, field, change.why)
    u = ctx.user
    ctx.repo.clear_dialog(u.key)
    if "timezone" in change.values:
        done = change_zone(ctx, str(change.values["timezone"]))
        return [show(replace(ctx, prefs=Prefs.for_user(u)),
                     f"{done} I've moved your reminders to the same local times there.")]
    for name, value in change.values.items():
        setattr(u, name, value)
    ctx.repo.save_user(u)
    moved = replace(ctx, user=u, prefs=Prefs.for_user(u))
    replan_all(moved)
    return [show(moved, f"{change.done} I've re-planned your open interviews to match.")]
