"""The inline calendar under a question that asks for a day (`Reply.asks_date`).

A month is a grid of day buttons, Monday first: the month's name, the weekdays, the weeks, and
a row to move a month back or on. Today (in the user's zone, from the core's clock) is marked
[like this]; days the question can't take (after today for the interview date, before it for a
decision or a call) are shown as "·" and do nothing, and a week without a day to pick is left
out (a shorter keyboard on a phone). A day's button is the core's own
`flows.date_pick` payload, so picking it is read exactly as that ISO date typed (every check of
a typed date applies) and only while its question is open; the owner is checked by the core.
Moving between months is the adapter's alone: its callback data (`NAV`) carries what is needed
to draw the other month (owner, step, which days, today, the month), so it needs no state,
and pressing it edits only the keyboard.

Every callback data fits Telegram's 64 bytes (Bot API, InlineKeyboardButton.callback_data):
the longest navigation data is 57 bytes (a 20-character owner, a 14-character step name).
Own code, not the telegram-bot-calendar package: that one marks today with the machine's
`date.today()` (not the user's zone, nor the injected clock) and its callback data carries
neither the owner nor the question, which Hearback's presses must.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from bot.core.contract import flows
from bot.core.contract.messages import Button, DateQuestion, DateRange
from bot.core.notices import MONTHS, WEEKDAYS

NAV = "cal"  # the first field of the adapter's own callback data
NOOP = f"{NAV}|-"  # a cell that does nothing (names, weekdays, padding, days out of range)
BLANK = " "
OUT_OF_RANGE = "·"
# How far from today the calendar goes, in days: a year back for a past interview, two years
# on for what is ahead.
BACK, AHEAD = 366, 731
_ACCEPTS = {"p": "past", "f": "future", "a": "any"}


@dataclass(frozen=True)
class Nav:
    """A month button's data: draw `month` (its first day) of `question`."""

    question: DateQuestion
    month: date


def bounds(q: DateQuestion) -> tuple[date, date]:
    """The first and last day the question can take."""
    first = q.today if q.accepts == "future" else q.today - timedelta(days=BACK)
    last = q.today if q.accepts == "past" else q.today + timedelta(days=AHEAD)
    return first, last


def nav_data(q: DateQuestion, month: date) -> str:
    """`cal|<owner>|<step>|<p|f|a>|<today YYYYMMDD>|<month YYYYMM>`."""
    return "|".join((NAV, q.owner, q.step, q.accepts[0], f"{q.today:%Y%m%d}", f"{month:%Y%m}"))


def read_nav(data: str) -> Nav | None:
    """The month button `data` stands for; None for the no-op cell, or damaged data."""
    parts = data.split("|")
    if len(parts) != 6 or parts[0] != NAV or not parts[1] or not parts[2]:
        return None
    _, owner, step, accepts, today, month = parts
    kind: DateRange | None = _ACCEPTS.get(accepts)  # type: ignore[assignment]
    if kind is None or not (today.isdigit() and len(today) == 8 and month.isdigit()
                            and len(month) == 6):
        return None
    try:
        day = date(int(today[:4]), int(today[4:6]), int(today[6:]))
        first = date(int(month[:4]), int(month[4:]), 1)
    except ValueError:
        return None
    return Nav(DateQuestion(step, owner, day, kind), first)


def is_calendar(payload: str) -> bool:
    """A button of the calendar (a day, a month button, a no-op cell)."""
    if payload.startswith(f"{NAV}|"):
        return True
    parts = payload.split("|")
    return len(parts) == 5 and parts[1] == flows.DATE_PICK


def month_rows(q: DateQuestion, month: date | None = None) -> list[list[Button]]:
    """The calendar for the month holding `month` (default: today's), as button rows, moved
    inside the question's bounds."""
    first, last = bounds(q)
    shown = (month or q.today).replace(day=1)
    shown = max(shown, first.replace(day=1))
    shown = min(shown, last.replace(day=1))
    rows: list[list[Button]] = [
        [Button(f"{MONTHS[shown.month - 1]} {shown.year}", NOOP)],
        [Button(name, NOOP) for name in WEEKDAYS],
    ]
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(shown.year, shown.month):
        row = []
        for day in week:
            if day.month != shown.month:
                row.append(Button(BLANK, NOOP))
            elif not first <= day <= last:
                row.append(Button(OUT_OF_RANGE, NOOP))
            else:
                label = f"[{day.day}]" if day == q.today else str(day.day)
                row.append(flows.date_pick(q.owner, q.step, day, label))
        if any(b.payload != NOOP for b in row):  # a week with no day to pick is left out
            rows.append(row)
    before = (shown - timedelta(days=1)).replace(day=1)
    after = (shown + timedelta(days=31)).replace(day=1)
    rows.append([
        Button(f"‹ {MONTHS[before.month - 1][:3]}", nav_data(q, before))
        if before >= first.replace(day=1) else Button(BLANK, NOOP),
        Button(f"{MONTHS[after.month - 1][:3]} ›", nav_data(q, after))
        if after <= last.replace(day=1) else Button(BLANK, NOOP),
    ])
    return rows


def picked_label(payload: str) -> str | None:
    """How a picked day reads under the pressed question ("Fr 4 Dec 2026"); None if `payload`
    is not a day of a calendar."""
    parts = payload.split("|")
    if len(parts) != 5 or parts[1] != flows.DATE_PICK:
        return None
    picked = flows.picked_day(parts[4])
    if picked is None:
        return None
    day = date.fromisoformat(picked[1])
    return f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1][:3]} {day.year}"
