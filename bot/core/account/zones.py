"""The user's time zone: established on first contact instead of silently assumed, followed
when the platform reports a change, and changed with every pending nudge moved along.

- A platform that knows the zone (a Slack profile, the terminal's machine) gives it: it is used
  at once; the terminal's first reply says so, with the public holidays that come with it (a
  Slack user sees their own profile's zone, so nothing needs saying).
- Where the platform tells nothing (Telegram), the first reply asks once: buttons with a few
  likely zones (from the user's language) and the current time in each, a city typed in any
  common form (language/zones.py), or a shared location, turned into a zone offline by `tzfpy`.
- When the platform's zone changes (a Slack user travels), switching is offered, not imposed.
- `change_zone` moves every pending nudge, of every kind, to the same wall-clock time in the
  new zone (never into quiet hours), then re-plans the open interviews there.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from bot.core.contract import buttons
from bot.core.contract.buttons import Press
from bot.core.contract.context import Ctx
from bot.core.contract.messages import Button, Reply, TextBuilder, reply
from bot.core.contract.models import User
from bot.core.contract.places import canonical_zone, is_zone, likely_zones, place_name, zone_label
from bot.core.contract.prefs import Prefs, zone_calendar
from bot.core.language.zones import ZoneAnswer, common_word, find_zone
from bot.core.plan.kinds import CONTACT_KINDS
from bot.core.plan.planner import next_contact_slot, out_of_quiet_hours
from bot.core.plan.schedule import nudges_of, replan_all

BUTTON_ACTION = "tz"
KEEP = "-"  # the button argument that keeps the zone as it is
# Button arguments fit Telegram's 64 bytes (features.py checks): a longer zone name is sent as
# its city part and read back with `find_zone`.
LONGEST_ARG = 23
# Offered when the user's language says nothing: the most used zones of the bot's users.
FALLBACK_ZONES = ("America/New_York", "Europe/London", "Asia/Kolkata")


# -- changing the zone ----------------------------------------------------------------------------
def change_zone(ctx: Ctx, zone: str) -> str:
    """Set the user's zone (a valid IANA name), move every pending nudge to the same wall-clock
    time there (out of quiet hours; calls and questions to HR to office hours on a working
    day), re-plan the open interviews, and return what to tell the user (the new zone, and the
    public holidays that now apply when they come from the zone)."""
    user = ctx.user
    old = Prefs.for_user(user)
    before = zone_calendar(user.timezone)
    user.timezone = canonical_zone(zone)
    user.zone_confirmed = True
    new = Prefs.for_user(user)
    ctx.repo.save_user(user)
    moved = replace(ctx, prefs=new)
    for iv in ctx.repo.interviews_for(user.key):
        if iv.agreed_contact_at is not None and iv.status == "waiting":
            # "Email me Tuesday at 10" meant 10:00 where the user is.
            iv.agreed_contact_at = same_wall_clock(iv.agreed_contact_at, old, new)
            ctx.repo.save_interview(iv)
    for n in nudges_of(ctx.repo, user.key):
        if n.status == "paused":  # held: keeps its lateness for the catch-up on return
            n.due_at = same_wall_clock(n.due_at, old, new)
            ctx.repo.save_nudge(n)
        elif n.status == "pending":
            when = max(same_wall_clock(n.due_at, old, new), ctx.now)
            n.due_at = next_contact_slot(when, new) if n.kind in CONTACT_KINDS \
                else out_of_quiet_hours(when, new)
            ctx.repo.save_nudge(n)
    replan_all(moved)
    said = f"Time zone set to {user.timezone} (it's {local_time(ctx.now, user.timezone)} there)."
    if new.from_zone and zone_calendar(user.timezone) != before:
        said += " " + calendar_note(new)
    return said


def same_wall_clock(moment: datetime, old: Prefs, new: Prefs) -> datetime:
    """The instant that shows in `new`'s zone the date and time `moment` showed in `old`'s."""
    local = moment.astimezone(old.tz).replace(tzinfo=None)
    return local.replace(tzinfo=new.tz).astimezone(UTC)


def calendar_note(prefs: Prefs) -> str:
    """Says which public holidays and weekend planning skips, and how to change them."""
    if prefs.country is None:
        return "I skip weekends when planning calls (no public holidays: type settings country " \
               "to add your country's)."
    days = sorted(prefs.calendar.weekend)
    weekend = "Friday and Saturday" if days == [4, 5] else "Saturday and Sunday" \
        if days == [5, 6] else " and ".join(("Monday", "Tuesday", "Wednesday", "Thursday",
                                             "Friday", "Saturday", "Sunday")[d] for d in days)
    return (f"Calls skip the public holidays of {place_name(prefs.country, prefs.region)} and "
            f"the weekend ({weekend}); type settings country to change that.")


def local_time(now: datetime, zone: str) -> str:
    """"14:05" in `zone` at `now`."""
    from zoneinfo import ZoneInfo

    return f"{now.astimezone(ZoneInfo(zone)):%H:%M}"


# -- first contact --------------------------------------------------------------------------------
def platform_zone(ctx: Ctx, zone: str, *, new: bool, shown: bool = False) -> list[Reply]:
    """The platform reported `zone` for the user. New users start in it, told so with the public
    holidays it brings (only the holidays when the platform `shown` the zone itself); for a
    known user a change is offered (once per change), never imposed."""
    user = ctx.user
    if not is_zone(zone) or zone == user.platform_zone:
        return []
    user.platform_zone = zone
    ctx.repo.save_user(user)
    if new:
        user.timezone, user.zone_confirmed = zone, True
        ctx.repo.save_user(user)
        if shown:
            # The platform shows its zone itself (Slack): only the holidays it brings are said,
            # once, so the user can change them.
            return [reply(calendar_note(Prefs.for_user(user)))]
        return [reply(f"I'm using your time zone from {_platform_name(user)}, {zone} (it's "
                      f"{local_time(ctx.now, zone)} there). "
                      + calendar_note(Prefs.for_user(user))
                      + " Type settings timezone to change the zone.")]
    if zone == user.timezone:
        return []
    name = _platform_name(user)
    return [reply(f"{name[:1].upper()}{name[1:]} says you're now in {zone} (it's "
                  f"{local_time(ctx.now, zone)} there); I still plan in {user.timezone}. "
                  f"Shall I move your reminders to {zone_label(zone)} time?",
                  buttons=[[_button(ctx, f"Yes, use {zone_label(zone)}", zone)],
                           [_button(ctx, f"Keep {zone_label(user.timezone)}", KEEP)]])]


def _platform_name(user: User) -> str:
    return {"slack": "your Slack profile", "console": "this terminal"}.get(user.platform,
                                                                           user.platform)


def needs_question(user: User, default_zone: str) -> bool:
    """Whether to ask where the user is: nobody has told us (not the platform, not them), and
    they still have the operator's default (a zone set before this question existed is
    theirs)."""
    return not (user.zone_confirmed or user.zone_asked or user.platform_zone is not None
                or user.timezone != default_zone)


def first_question(ctx: Ctx, language: str | None) -> Reply:
    """Asked once, after the first reply: buttons for likely zones, each with its time now.
    No question is opened (the user may be in the middle of logging an interview): a city
    typed on its own later answers it (`typed_answer`), and so does a shared location."""
    user = ctx.user
    user.zone_asked = True
    ctx.repo.save_user(user)
    return _question(ctx, language)


def typed_answer(ctx: Ctx, text: str) -> list[Reply] | None:
    """A short message naming a place, while the first-contact question is unanswered: the
    user's zone. None when it is not that (the message is read as usual)."""
    user = ctx.user
    if user.zone_confirmed or not user.zone_asked or len(text.split()) > 4 \
            or common_word(text):  # "nice", "yes": words first, places only when asked
        return None
    found = find_zone(text)
    if found.zone is not None:
        return [reply(change_zone(ctx, found.zone))]
    if found.choices:
        return [_not_found(ctx, text, found)]
    return None


def _question(ctx: Ctx, language: str | None, lead: str | None = None) -> Reply:
    zones = [z for z in dict.fromkeys((*likely_zones(language), ctx.user.timezone,
                                       *FALLBACK_ZONES)) if z != "UTC"][:4]
    t = TextBuilder()
    if lead:
        t.line(lead)
    t.line("Which time zone are you in? I'll send reminders at your local time. Tap one, type "
           "your city (\"Toronto\", \"Paris, France\"), or share your location (📎 → "
           "Location).")
    rows = [[_button(ctx, f"{zone_label(z)} ({local_time(ctx.now, z)})", z)] for z in zones]
    rows.append([_button(ctx, f"Keep {ctx.user.timezone}", KEEP)])
    return reply(t, buttons=rows)


def _button(ctx: Ctx, label: str, zone: str) -> Button:
    arg = zone if len(zone) <= LONGEST_ARG else zone.rsplit("/", 1)[1]
    return buttons.make(label, BUTTON_ACTION, ctx.owner, arg=arg)


def _not_found(ctx: Ctx, text: str, found: ZoneAnswer) -> Reply:
    if found.choices:
        return reply(f"\"{text.strip()[:20]}\" is used for several zones. Which one is yours?",
                     buttons=[[_button(ctx, f"{z} ({local_time(ctx.now, z)})", z)]
                              for z in found.choices])
    return _question(ctx, None, found.why)


def press(ctx: Ctx, p: Press) -> list[Reply]:
    """A zone button: the zone (or its city part), or KEEP."""
    if p.arg == KEEP:
        ctx.user.zone_confirmed = True
        ctx.repo.save_user(ctx.user)
        return [reply(f"Keeping {ctx.user.timezone}. Type settings timezone to change it any "
                      f"time.")]
    zone = p.arg if is_zone(p.arg) and ("/" in p.arg or p.arg == "UTC") \
        else find_zone(p.arg.replace("_", " ")).zone
    if zone is None:
        return [reply("That button's zone is unknown here; type settings timezone <city>.")]
    return [reply(change_zone(ctx, zone))]


def from_location(ctx: Ctx, latitude: float, longitude: float) -> list[Reply]:
    """A shared location: its zone, found offline (tzfpy's polygons), becomes the user's."""
    import tzfpy

    zone = tzfpy.get_tz(longitude, latitude)
    if not zone or not is_zone(zone):
        return [reply("I couldn't tell the time zone of that spot. Type your city instead.")]
    return [reply(change_zone(ctx, zone))]
