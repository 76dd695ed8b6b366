"""`snooze`: put a reminder off — 1 hour, tomorrow morning, next week, or a time the user types.
The nudge is planned again at that time; nothing else in the plan moves."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from bot.core.contract import buttons, flows
from bot.core.contract.buttons import Press
from bot.core.contract.context import Ctx
from bot.core.contract.flows import Retry, Rows, Step
from bot.core.contract.messages import Button, Reply, TextBuilder, reply
from bot.core.contract.models import Dialog, Interview, Nudge
from bot.core.contract.prefs import zone_suffix
from bot.core.language.dates import fmt_when, parse_date
from bot.core.language.wording import the_label
from bot.core.plan.kinds import (
    BY_BUTTON,
    CALL_PROMPT,
    CONTACT_KINDS,
    OWN_REMINDER,
    REHEARSAL_OFFER,
    THANK_YOU_KINDS,
    THANK_YOU_LAST,
    kind_of,
)
from bot.core.plan.planner import (
    EVENING,
    MORNING,
    at_local,
    local_day,
    next_contact_slot,
    out_of_quiet_hours,
)

FLOW = "snooze"
BUTTON_ACTION = "sz"
PRESETS = (("1 hour", "1h"), ("Tomorrow morning", "tm"), ("Next week", "nw"))
RECENT = timedelta(days=2)


def snooze_button(owner: str, iv: Interview, nudge: Nudge) -> Button:
    return buttons.make("Snooze", BUTTON_ACTION, owner, iv.id,
                        f"{kind_of(nudge.kind).button}.{nudge.id}")


def _stale(ctx: Ctx, iv: Interview, kind: str, source_id: str) -> str | None:
    """Why a Snooze press on an old nudge should do nothing, if it should."""
    if kind in THANK_YOU_KINDS and iv.thank_you_sent_at is not None:
        return "Your thank-you is already marked sent, so there's nothing to snooze."
    nudges = ctx.repo.nudges_for_interview(iv.id)
    source = next((n for n in nudges if n.id == source_id), None)
    if source is None:
        return None
    if source.answer is not None:
        return "You've already answered that one, so there's nothing to snooze."
    if any(n.kind == kind and n.status in ("pending", "sent") and n.id != source.id
           and _newer(n, source) for n in nudges):
        return "That reminder has been replaced by a newer plan; snooze the newer one instead."
    return None


def _newer(n: Nudge, source: Nudge) -> bool:
    """Whether `n` was made by a later plan than `source`: by their batch numbers, which a clock
    that went back cannot reorder. Only nudges made before batches were kept (batch 0) fall
    back to their times."""
    if source.batch and n.batch:
        return n.batch > source.batch
    sent_at = source.done_at or source.due_at
    return n.created_at is not None and n.created_at > sent_at


def _last_sent(ctx: Ctx) -> Nudge | None:
    recent = [n for iv in ctx.repo.interviews_for(ctx.user.key) if iv.status == "waiting"
              for n in ctx.repo.nudges_for_interview(iv.id)
              if n.status == "sent" and n.done_at and ctx.now - n.done_at <= RECENT]
    return max(recent, key=lambda n: n.done_at or n.due_at, default=None)


def command(ctx: Ctx, rest: str) -> list[Reply]:
    last = _last_sent(ctx)
    own = [n for n in ctx.repo.nudges_for_user(ctx.user.key) if n.kind == OWN_REMINDER and
           n.status == "sent" and n.done_at and ctx.now - n.done_at <= RECENT]
    if own and (last is None or (own[-1].done_at or own[-1].due_at) > (last.done_at or
                                                                       last.due_at)):
        # The last one was the user's own (issue 17): it is put off by name or its buttons.
        words = own[-1].text or "it"
        return [reply(f"To put off your reminder ({words}), use the buttons under it, or say "
                      f"e.g. \"move my reminder about {words} to tomorrow\".")]
    if last is None:
        return [reply("There's no recent reminder to snooze. When one arrives, it has a Snooze "
                      "button, or type snooze right after it.")]
    iv = ctx.repo.get_interview(last.interview_id)
    if iv is None:
        return [reply("There's no recent reminder to snooze.")]
    if rest.strip():
        return _apply(ctx, iv, last.kind, rest)
    return _ask(ctx, iv, last.kind)


@dataclass
class SnoozeState:
    """The snooze question in progress (Dialog.data): the interview, the nudge kind, and the id
    of the reminder whose Snooze button was pressed ("" when typed)."""

    iv: str = ""
    kind: str = ""
    source: str = ""


def _snooze_until(ctx: Ctx, s: SnoozeState) -> TextBuilder:
    iv = ctx.repo.get_interview(s.iv)
    label = the_label(iv) if iv is not None else "the interview"
    return TextBuilder().line(f"Snooze the {kind_of(s.kind).snooze_name} for {label} until when? "
                              f"Pick one, or type a time like \"2 hours\", \"Friday\" or "
                              f"\"Monday 3pm\".")


def _presets(ctx: Ctx, s: SnoozeState, step: object = None) -> Rows:
    button = kind_of(s.kind).button
    tag = f"{button}.{s.source}" if s.source else button
    rows = [[buttons.make(label, BUTTON_ACTION, ctx.owner, s.iv, f"{tag}:{code}")]
            for label, code in PRESETS]
    rows.append([flows.cancel_button(ctx.owner)])
    return rows


def _until(ctx: Ctx, s: SnoozeState, text: str) -> datetime | Retry:
    when = read_time(ctx, text)
    if when is None or when <= ctx.now:
        return Retry("I couldn't read that as a time still to come.")
    return when


# One question: until when (a preset's code, or a typed time).
STEPS: dict[str, Step[SnoozeState, datetime]] = flows.table(
    Step("when", _snooze_until, _until, _presets, asks_date="future"),
)
WHEN = STEPS["when"]


def _ask(ctx: Ctx, iv: Interview, kind: str, lead: str | None = None,
         source_id: str = "") -> list[Reply]:
    s = SnoozeState(iv=iv.id, kind=kind, source=source_id)
    flows.open_dialog(ctx, FLOW, WHEN.name, s)
    return [WHEN.ask(ctx, s, lead)]


def current(ctx: Ctx, dialog: Dialog, lead: str) -> Reply:
    s = flows.load(SnoozeState, dialog.data)
    if ctx.repo.get_interview(s.iv) is None:
        return reply(lead)
    return WHEN.ask(ctx, s, lead)


def answer(ctx: Ctx, dialog: Dialog, text: str) -> list[Reply]:
    s = flows.load(SnoozeState, dialog.data)
    iv = ctx.repo.get_interview(s.iv)
    if iv is None:
        ctx.repo.clear_dialog(ctx.user.key)
        return [reply("That interview is gone, so there's nothing to snooze.")]
    return _apply(ctx, iv, s.kind, text)


def press(ctx: Ctx, p: Press) -> list[Reply]:
    iv = ctx.repo.get_interview(p.interview) if p.interview else None
    tag, _, preset = p.arg.partition(":")
    code, _, source_id = tag.partition(".")
    kind = BY_BUTTON[code].code if code in BY_BUTTON else None
    if iv is None or kind is None:
        return [reply("That snooze button has nothing to work on any more.")]
    if iv.status != "waiting":
        return [reply(f"The follow-up for {the_label(iv)} is closed, so there's nothing to "
                      f"snooze.")]
    if (why := _stale(ctx, iv, kind, source_id)) is not None:
        return [reply(why)]
    if not preset:
        return _ask(ctx, iv, kind, source_id=source_id)
    return _apply(ctx, iv, kind, preset)


_COUNT_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                "seven": 7, "eight": 8, "nine": 9, "ten": 10, "twelve": 12, "fifteen": 15,
                "twenty": 20, "thirty": 30, "forty five": 45, "a couple of": 2, "a few": 3}
_UNITS = {"m": "minutes", "min": "minutes", "mins": "minutes", "minute": "minutes",
          "minutes": "minutes", "h": "hours", "hr": "hours", "hrs": "hours", "hour": "hours",
          "hours": "hours", "d": "days", "day": "days", "days": "days", "w": "weeks",
          "wk": "weeks", "week": "weeks", "weeks": "weeks"}
_RELATIVE_RE = re.compile(
    r"^(?:for|in|by|another|snooze|remind me in|wait)?\s*(\d{1,3}(?:[.,]5)?|"
    + "|".join(sorted(_COUNT_WORDS, key=len, reverse=True))
    + r"|half an?)\s*(" + "|".join(sorted(_UNITS, key=len, reverse=True))
    + r")(?:\s+(?:more|later|from now))?$")
# Parts of the day after a day ("Monday afternoon"): the hour they stand for, local.
_PARTS = {"morning": time(9, 0), "afternoon": time(14, 0), "evening": time(18, 0),
          "tonight": time(19, 0), "night": time(19, 0)}
_LEAD_RE = re.compile(r"^(?:until|till|til|to|for|on|at|snooze|remind me|again)\s+")


def relative(text: str, now: datetime) -> datetime | None:
    """"in 2 hours", "30 min", "another hour", "3 days", "half an hour", "a week": `now` plus
    that much (UTC); None when the text is no such span."""
    words = " ".join(text.strip().lower().split())
    m = _RELATIVE_RE.match(re.sub(r"^another (?=[a-z])", "an ", words))
    if m is None:
        return None
    amount_text, unit = m.group(1), _UNITS[m.group(2)]
    if amount_text.startswith("half"):
        amount = 0.5
    else:
        amount = float(_COUNT_WORDS.get(amount_text, 0) or amount_text.replace(",", "."))
    if amount <= 0:
        return None
    return now + timedelta(**{unit: amount})


def read_time(ctx: Ctx, text: str) -> datetime | None:
    """A time to come as typed (for a snooze, and the user's own reminders): a preset, a span
    from now ("2 hours", "in 3 days"), or a day with an optional time or part of the day
    ("Friday", "until Monday", "tomorrow afternoon", "Friday 3pm", "on Friday at 9"); a day
    alone means its morning (09:00 local). Aware; None when unreadable."""
    tz = ctx.prefs.tz
    today = local_day(ctx.now, tz)
    presets = {
        "1h": lambda: ctx.now + timedelta(hours=1),
        "tm": lambda: at_local(today + timedelta(days=1), MORNING, tz),
        "nw": lambda: at_local(today + timedelta(days=7 - today.weekday()), MORNING, tz),
    }
    key = {"1 hour": "1h", "an hour": "1h", "tomorrow morning": "tm", "tomorrow": "tm",
           "next week": "nw"}.get(text.strip().lower(), text.strip())
    if key in presets:
        return presets[key]()
    if (later := relative(text, ctx.now)) is not None:
        return later
    words = _LEAD_RE.sub("", " ".join(text.strip().lower().split()))
    if words in ("the weekend", "weekend", "saturday morning"):
        return at_local(today + timedelta(days=(5 - today.weekday()) % 7 or 7), MORNING, tz)
    part = next((p for p in _PARTS if words.endswith(p)), None)
    if part is not None:
        day_words = words.removesuffix(part).strip() or "today"
        if day_words == "this":
            day_words = "today"
        day = parse_date(day_words, ctx.now, tz, "future")
        if day is not None and not day.has_time:
            return at_local(day.when.date(), _PARTS[part], tz)
    parsed = parse_date(words, ctx.now, tz, "future")
    if parsed is None:
        return None
    return parsed.when if parsed.has_time else parsed.when.replace(hour=MORNING.hour)


def move_step(ctx: Ctx, iv: Interview, kind: str, text: str) -> list[Reply]:
    """Put the pending step `kind` of `iv` off to the time `text` says ("Friday", "tomorrow"),
    as a snooze does (issue 17: "move the call to Friday"); an unreadable time asks again."""
    return _apply(ctx, iv, kind, text)


def _rehearsal_before(ctx: Ctx, iv: Interview, kind: str, call_at: datetime,
                      existing: list[Nudge]) -> list[Nudge]:
    """A call moved to `call_at` takes its rehearsal offer along ("Tomorrow is call day", seed
    step 5): the pending one is cancelled, and a new one set the evening before the new call
    day when that evening is still ahead. Nothing for other kinds."""
    if kind != CALL_PROMPT:
        return []
    for n in existing:
        if n.status == "pending" and n.kind == REHEARSAL_OFFER:
            n.cancel(ctx.now, "its call moved")
            ctx.repo.save_nudge(n)
    eve = out_of_quiet_hours(at_local(local_day(call_at, ctx.prefs.tz) - timedelta(days=1),
                                      EVENING, ctx.prefs.tz), ctx.prefs)
    if not ctx.now < eve < call_at:
        return []
    return [Nudge(id=ctx.repo.new_id(), user_key=ctx.user.key, interview_id=iv.id,
                  kind=REHEARSAL_OFFER, due_at=eve, created_at=ctx.now, origin="snooze",
                  batch=Nudge.next_batch(existing))]


def _apply(ctx: Ctx, iv: Interview, kind: str, text: str) -> list[Reply]:
    when = WHEN.read(ctx, SnoozeState(iv=iv.id, kind=kind), text)
    if isinstance(when, Retry):
        return _ask(ctx, iv, kind, when.why)
    # Calls and questions to HR wait for office hours on a business day; the rest for the end
    # of quiet hours.
    when = next_contact_slot(when, ctx.prefs) if kind in CONTACT_KINDS \
        else out_of_quiet_hours(when, ctx.prefs)
    # Thank-you reminders are one series: snoozing it moves the series to one last reminder.
    group = THANK_YOU_KINDS if kind in THANK_YOU_KINDS else frozenset({kind})
    kind = THANK_YOU_LAST if kind in THANK_YOU_KINDS else kind
    existing = ctx.repo.nudges_for_interview(iv.id)
    for n in existing:
        if n.status == "pending" and n.kind in group:
            n.cancel(ctx.now, "snoozed")
            ctx.repo.save_nudge(n)
    nudge = Nudge(id=ctx.repo.new_id(), user_key=ctx.user.key, interview_id=iv.id, kind=kind,
                  due_at=when, created_at=ctx.now, origin="snooze",
                  batch=Nudge.next_batch(existing))
    ctx.repo.add_nudges([nudge, *_rehearsal_before(ctx, iv, kind, when, existing)])
    ctx.repo.clear_dialog(ctx.user.key)
    return [reply(f"Snoozed: I'll bring back the {kind_of(kind).snooze_name} on "
                  f"{fmt_when(when, ctx.prefs.tz)}{zone_suffix(ctx.prefs)}.")]
