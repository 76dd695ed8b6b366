"""`snooze`: put a reminder off — 1 hour, tomorrow morning, next week, or a time the user types.
The nudge is planned again at that time. Moving the ask-HR reminder or the call plans the steps
that hang on it again around the new time (`replan_around`); moving one check-in leaves the
others; a follow-up email keeps its working days after the call."""

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
from bot.core.language.dates import fmt_day, fmt_when, parse_date
from bot.core.language.wording import the_label
from bot.core.plan.kinds import (
    ASK_FOR_DATE,
    BY_BUTTON,
    CALL_PROMPT,
    CHECKIN,
    CONTACT_KINDS,
    FOLLOW_UP,
    OFFER_DEADLINE,
    OWN_REMINDER,
    REHEARSAL_OFFER,
    THANK_YOU_KINDS,
    THANK_YOU_LAST,
    kind_of,
)
from bot.core.plan.planner import (
    MIN_CONTACT_GAP,
    MORNING,
    OFFICE_CLOSE,
    at_local,
    earliest_contact_after,
    local_day,
    next_contact_slot,
    out_of_quiet_hours,
    plan,
)

FLOW = "snooze"
BUTTON_ACTION = "sz"
PRESETS = (("1 hour", "1h"), ("Tomorrow morning", "tm"), ("Next week", "nw"))
RECENT = timedelta(days=2)


def snooze_button(owner: str, iv: Interview, nudge: Nudge) -> Button:
    """The Snooze button under `nudge` (its kind's button code and id travel in the button)."""
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
    """`snooze [span or day]`: put off the last reminder sent (or a step named in `rest`)."""
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
        return _apply(ctx, iv, last.kind, rest, last.id)
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
    """The open snooze question again, after `lead` (a resumed dialog)."""
    s = flows.load(SnoozeState, dialog.data)
    if ctx.repo.get_interview(s.iv) is None:
        return reply(lead)
    return WHEN.ask(ctx, s, lead)


def answer(ctx: Ctx, dialog: Dialog, text: str) -> list[Reply]:
    """A typed span or day ("2 hours", "until Monday") for the snooze in progress."""
    s = flows.load(SnoozeState, dialog.data)
    iv = ctx.repo.get_interview(s.iv)
    if iv is None:
        ctx.repo.clear_dialog(ctx.user.key)
        return [reply("That interview is gone, so there's nothing to snooze.")]
    return _apply(ctx, iv, s.kind, text, s.source)


def press(ctx: Ctx, p: Press) -> list[Reply]:
    """A Snooze button or one of its presets (1 hour, tomorrow morning, next week, typed)."""
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
    return _apply(ctx, iv, kind, preset, source_id)


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


def move_step(ctx: Ctx, iv: Interview, kind: str, text: str, target: str = "") -> list[Reply]:
    """Put the pending step `kind` of `iv` off to the time `text` says ("Friday", "tomorrow"),
    as a snooze does (issue 17: "move the call to Friday"); `target` is the id of the one meant
    when a plan holds several of the kind (a check-in). An unreadable time asks again."""
    return _apply(ctx, iv, kind, text, target)


# Steps planned from the call: moving it plans them again around the new day (the rehearsal the
# evening before, the follow-up email and the check-ins after it), as the planner spaces them.
AFTER_CALL = frozenset({REHEARSAL_OFFER, FOLLOW_UP, CHECKIN})
# Steps of which a plan holds several: moving one leaves the others where they are.
MANY = frozenset({CHECKIN})
_COUNT_NAMES = {2: "two", 3: "three", 4: "four"}


def _held(existing: list[Nudge], kind: str, when: datetime) -> dict[str, datetime]:
    """The steps the re-plan keeps where they are: the one just moved, and the ask-HR reminder
    or call still pending (a call put off by hand stays put when asking HR moves, unless it
    would come too soon after it: then the planner spaces it again)."""
    held = {kind: when}
    for n in existing:
        if n.status == "pending" and n.kind not in held and \
                (n.kind == ASK_FOR_DATE or (n.kind == CALL_PROMPT and n.origin != "plan")):
            held[n.kind] = n.due_at
    return held


def replan_around(ctx: Ctx, iv: Interview, kind: str, when: datetime,
                  existing: list[Nudge], batch: int, *, rehearse: bool = True) -> list[Nudge]:
    """The steps that hang on the ask-HR reminder or the call (`kind`), moved to `when`, planned
    again around it (planner.plan with the step held): the pending ones are cancelled and the
    new ones returned, unsaved. Nothing for other kinds. `rehearse=False` (a retry after "no
    answer": the call was just rehearsed) leaves the rehearsal offer out."""
    if kind not in (ASK_FOR_DATE, CALL_PROMPT):
        return []
    replaced = AFTER_CALL | ({CALL_PROMPT} if kind == ASK_FOR_DATE else frozenset())
    if not rehearse:
        replaced -= {REHEARSAL_OFFER}
    held = _held(existing, kind, when)
    if kind == ASK_FOR_DATE and CALL_PROMPT in held and \
            held[CALL_PROMPT] < earliest_contact_after(when, ctx.prefs):
        del held[CALL_PROMPT]  # a call put off by hand, now too close after asking HR
    if kind == CALL_PROMPT and ASK_FOR_DATE in held and \
            local_day(held[ASK_FOR_DATE], ctx.prefs.tz) >= local_day(when, ctx.prefs.tz):
        replaced |= {ASK_FOR_DATE}  # the call, now first, is the moment to ask
        del held[ASK_FOR_DATE]
    for n in existing:
        if n.status == "pending" and n.kind in replaced:
            n.cancel(ctx.now, f"planned again around the {kind_of(kind).snooze_name}")
            ctx.repo.save_nudge(n)
    planned = plan(iv, ctx.now, ctx.prefs, held)
    # Only what follows the moved step is made again (an ask-HR reminder the call overtook is
    # dropped, not planned anew).
    return [Nudge(id=ctx.repo.new_id(), user_key=ctx.user.key, interview_id=iv.id, kind=p.kind,
                  due_at=p.due_at, created_at=ctx.now, batch=batch)
            for p in planned if p.kind in replaced - {kind, ASK_FOR_DATE}]


def _last_call(existing: list[Nudge]) -> datetime | None:
    """When the call is (the pending one) or was (the last one sent), UTC; None without one."""
    pending = [n.due_at for n in existing if n.kind == CALL_PROMPT and n.status == "pending"]
    sent = [n.due_at for n in existing if n.kind == CALL_PROMPT and n.status == "sent"]
    return min(pending) if pending else max(sent, default=None)


def _held_back(ctx: Ctx, iv: Interview, kind: str, when: datetime,
               existing: list[Nudge]) -> tuple[datetime, str]:
    """`when`, or the earliest time the step may have, and why in a few words ("" when kept):
    a follow-up email MIN_CONTACT_GAP working days after the call (seed: 3-4 days between
    contacts; never before the call it follows up)."""
    call = _last_call(existing) if kind == FOLLOW_UP else None
    if call is not None and when < (earliest := earliest_contact_after(call, ctx.prefs)):
        return earliest, (f" — the earliest: {_COUNT_NAMES.get(MIN_CONTACT_GAP, MIN_CONTACT_GAP)} "
                          f"working days after the call on {fmt_day(local_day(call, ctx.prefs.tz))}"
                          f", so it doesn't crowd them")
    return when, ""


def _moved_too(ctx: Ctx, made: list[Nudge]) -> str:
    """" Moved with it: the rehearsal offer to Thu 3 Dec, 18:00, ..." for the steps a move
    planned again; "" when none."""
    steps = [f"the {kind_of(n.kind).snooze_name} to {fmt_when(n.due_at, ctx.prefs.tz)}"
             for n in sorted(made, key=lambda n: n.due_at) if n.kind not in MANY]
    checkins = " The check-ins are spaced around the new date." \
        if any(n.kind in MANY for n in made) else ""
    if not steps:
        return checkins
    return f"\nMoved with it: {', '.join(steps[:-1])}{' and ' if len(steps) > 1 else ''}" \
           f"{steps[-1]}.{checkins}"


def _apply(ctx: Ctx, iv: Interview, kind: str, text: str, target: str = "") -> list[Reply]:
    when = WHEN.read(ctx, SnoozeState(iv=iv.id, kind=kind), text)
    if isinstance(when, Retry):
        return _ask(ctx, iv, kind, when.why)
    # Calls and questions to HR wait for office hours on a business day; the rest for the end
    # of quiet hours.
    when = next_contact_slot(when, ctx.prefs) if kind in CONTACT_KINDS \
        else out_of_quiet_hours(when, ctx.prefs)
    existing = ctx.repo.nudges_for_interview(iv.id)
    if kind == OFFER_DEADLINE and iv.offer_deadline is not None and \
            when >= at_local(iv.offer_deadline, OFFICE_CLOSE, ctx.prefs.tz):
        ctx.repo.clear_dialog(ctx.user.key)
        return [reply(f"Your answer to the offer is due {fmt_day(iv.offer_deadline)}, so a "
                      f"reminder after that comes too late. Pick a time before it, e.g. "
                      f"\"move the offer reminder to tomorrow morning\".")]
    when, why = _held_back(ctx, iv, kind, when, existing)
    # Thank-you reminders are one series: snoozing it moves the series to one last reminder.
    group = THANK_YOU_KINDS if kind in THANK_YOU_KINDS else frozenset({kind})
    kind = THANK_YOU_LAST if kind in THANK_YOU_KINDS else kind
    day = local_day(when, ctx.prefs.tz)
    for n in existing:
        # Of a kind a plan holds several of, only the one meant moves (and one already on the
        # new day makes way: one check-in a day).
        if n.status == "pending" and n.kind in group and (
                kind not in MANY or n.id == target or local_day(n.due_at, ctx.prefs.tz) == day):
            n.cancel(ctx.now, "snoozed")
            ctx.repo.save_nudge(n)
    batch = Nudge.next_batch(existing)
    nudge = Nudge(id=ctx.repo.new_id(), user_key=ctx.user.key, interview_id=iv.id, kind=kind,
                  due_at=when, created_at=ctx.now, origin="snooze", batch=batch)
    # A call moved to (or before) the day of asking HR overtakes it (see `replan_around`).
    overtaken = kind == CALL_PROMPT and any(
        n.status == "pending" and n.kind == ASK_FOR_DATE and local_day(n.due_at, ctx.prefs.tz)
        >= day for n in existing)
    made = replan_around(ctx, iv, kind, when, existing, batch)
    ctx.repo.add_nudges([nudge, *made])
    ctx.repo.clear_dialog(ctx.user.key)
    return [reply(f"Snoozed: I'll bring back the {kind_of(kind).snooze_name} on "
                  f"{fmt_when(when, ctx.prefs.tz)}{zone_suffix(ctx.prefs)}{why}."
                  f"{_moved_too(ctx, made)}"
                  + ("\nNo separate reminder to ask HR now: the call comes first, so ask them "
                     "then when they expect to decide." if overtaken else ""))]
