"""Natural-language dates in the user's time zone.

dateparser does the parsing. A few everyday phrases it does not know ("end of the month",
"the 10th", "at 10", "a couple of days") are rewritten into forms it does know, or computed with
dateutil's relativedelta; there is no grammar of our own here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from dateparser.date import DateDataParser
from dateutil.relativedelta import FR, relativedelta

from bot.core.contract.prefs import Prefs, working_day, zone_calendar

Direction = Literal["future", "past"]

NO_DATE_RE = re.compile(
    r"\b(?:(?:they\s+)?(?:didn'?t|did\s+not|don'?t|never)\s+(?:say|said|tell|told|mention(?:ed)?|"
    r"give|gave)|no\s+(?:date|"
    r"timeline|idea|clue)|not\s+sure|unknown|no\s+one\s+said|nothing\s+(?:said|specific))\b",
    re.IGNORECASE,
)
# In a whole message about an interview, the words that say no date for the news was given:
# narrower than NO_DATE_RE ("not sure how it went" says nothing about a date), so each names
# the date, the timing or "when".
_NO_DATE_WORD = (r"(?:date|dates|timeline|time\s*line|time\s*frame|timescales?|deadline|"
                 r"indication|timing|idea\s+(?:of\s+)?when|day)")
NO_DATE_IN_REPORT_RE = re.compile(
    rf"\b(?:didn'?t|did\s+not|don'?t|wouldn'?t|won'?t|couldn'?t|never|not|no\s+one|nobody)"
    rf"\s+(?:\w+\s+){{0,4}}?(?:any\s+|a\s+|an\s+)?{_NO_DATE_WORD}\b|"
    rf"\bno\s+(?:set\s+|specific\s+|real\s+|firm\s+)?(?:dates?|day(?!\s+off)|timeline|time\s*frame|"
    rf"timescales?|deadline|indication)\b(?!\s+(?:for\s+(?:the|my)\s+)?(?:interview|start))|"
    rf"\bno\s+(?:word|info\w*|mention|idea|clue|news)\s+(?:on|about|of|as\s+to|re)\s+(?:when|"
    rf"timing|timeline|timescales?|dates?|how\s+long|a\s+decision)|"
    rf"\bnothing\s+(?:said\s+)?(?:about|on|re|regarding)\s+(?:when|timing|timeline|dates?)|"
    rf"\b(?:nobody|no\s+one)\s+(?:has\s+)?(?:told|said)\s+(?:me\s+)?(?:anything\s+)?"
    rf"(?:about\s+)?when|\bin\s+due\s+course\b|\bon\s+a\s+rolling\s+basis\b|"
    rf"\b(?:didn'?t|did\s+not|never)\s+(?:say|said|tell|told|mention(?:ed)?|give|gave)\b"
    rf"(?=[^.!?\n]{{0,25}}\b(?:when|date|timeline|back|decid\w*)\b)|"
    rf"\b(?:decision|decide|hear\s+back|result|outcome)\b[^.!?\n]{{0,40}}\b(?:didn'?t|did\s+not|"
    rf"never)\s+(?:say|said|tell|told|mention(?:ed)?)\b|"
    # "no idea when they'll get back", "not sure when I'll hear", "no promises on timing"
    rf"\b(?:no\s+idea|not\s+sure|unsure|(?:i\s+)?don'?t\s+know|dunno|no\s+clue|who\s+knows)\s+when\s+"
    rf"(?:i'?ll|i\s+will|they'?ll|they\s+will|we'?ll|i'?d|they'?d|i\s+(?:get|hear)|they\s+(?:decide|get))\b|"
    rf"\bno\s+promises?\s+(?:on|about|re|as\s+to)\s+(?:timing|when|dates?|timelines?|timescales?)\b|"
    # "vague about when", "no ETA", "open-ended", "didn't specify", "no exact date"
    rf"\b(?:vague|cagey|non-?committal)\s+(?:about|on|re)\s+(?:when|timing|timelines?|dates?)\b|"
    rf"\bno\s+eta\b|\bopen-?ended\b|\b(?:didn'?t|did\s+not|never|wouldn'?t|won'?t)\s+specify\b|"
    rf"\bno\s+(?:exact|fixed|definite|particular|concrete)\s+(?:dates?|day|timeline|time\s*frame)\b|"
    # "they didn't say." standing alone: the words the intake itself offers for no date.
    rf"\bthey\s+(?:didn'?t|did\s+not|never)\s+(?:say|said)\s*(?:[.!,;]|$)",
    re.IGNORECASE,
)
_TIME_RE = re.compile(
    r"\b(?:\d{1,2}(?::\d{2})\s*(?:am|pm)?|\d{1,2}\s*(?:am|pm)|noon|midday)\b", re.IGNORECASE
)
_FILLER_RE = re.compile(
    r"^(?:(?:they\s+)?(?:said|say)\s+)?(?:(?:they'?(?:d|ll|\s+will|\s+would)\s+)?"
    r"(?:let\s+me\s+know|get\s+back(?:\s+to\s+me)?|decide|call(?:\s+me)?|reply|answer)\s+)?"
    r"(?:by|before|until|till|on|around|about|no\s+later\s+than|sometime|some\s+time)?\s*",
    re.IGNORECASE,
)
_ORDINAL_RE = re.compile(r"^(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)(?:\s+of\s+(?:the|this)\s+month)?$",
                         re.IGNORECASE)
_WORD_NUMBERS = {
    "a couple of": "2", "couple of": "2", "a few": "3", "few": "3", "a fortnight": "2 weeks",
    "fortnight": "2 weeks", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5",
    "six": "6", "seven": "7", "ten": "10",
}
_WEEKDAY = (r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun|monday|tuesday|wednesday|thursday|"
            r"friday|saturday|sunday)")
_NUMERIC_DM_RE = re.compile(
    rf"^(?:{_WEEKDAY},?\s+)?(\d{{1,2}})[/.](\d{{1,2}})(?:[/.](\d{{4}}|\d{{2}}))?\.?$")
_WITHIN_RE = re.compile(r"^(?:within|in|inside)\s+(?:the\s+)?(?:next\s+)?", re.IGNORECASE)


@dataclass(frozen=True)
class ParsedDate:
    """A parsed phrase. `when` is local (aware, in the user's zone)."""

    when: datetime
    has_time: bool
    # Set when the user should confirm: "past", "far", "day-month order".
    doubt: str | None = None
    # For "12/4": the other reading of day and month.
    alternative: date | None = None

    @property
    def day(self) -> date:
        return self.when.date()


def _numeric_day(day: int, month: int, year: int | None, today: date,
                 direction: Direction) -> date | None:
    """The date `day`/`month` (of `year`, two digits meaning 20xx) names, or None when there is
    no such date. Without a year, the year that puts it nearest to `today`, a day on the wrong
    side of today for `direction` counting three times as far ("12/14" said in November is 14
    Dec this year, never 2114; "3/1" said in December is next January)."""
    if year is not None:
        year += 2000 if year < 100 else 0
        try:
            return date(year, month, day)
        except ValueError:
            return None
    options = []
    for y in (today.year - 1, today.year, today.year + 1):
        try:
            options.append(date(y, month, day))
        except ValueError:
            continue
    if not options:
        return None

    def cost(d: date) -> int:
        gap = (d - today).days
        wrong_side = gap < 0 if direction == "future" else gap > 0
        return abs(gap) * (3 if wrong_side else 1)
    return min(options, key=cost)


def friday_of_next_week(today: date) -> date:
    """The Friday of the Monday-to-Friday week after this one (from a weekend: the coming one)."""
    next_monday = today + timedelta(days=7 - today.weekday())
    return next_monday + timedelta(days=4)


def _business_days_later(phrase: str, now: datetime, tz: ZoneInfo) -> datetime | None:
    """ "in 3 working days": counted with contract.prefs.working_day, on the holiday calendar
    of the zone's country and region."""
    m = re.fullmatch(r"(?:in\s+|within\s+)?(\d{1,2})\s+(?:working|business)\s+days?", phrase)
    if not m:
        return None
    country, region = zone_calendar(tz.key)
    day = working_day(now.date(), int(m.group(1)),
                      Prefs(tz=tz, country=country, region=region, from_zone=True))
    return datetime.combine(day, now.time())


def _end_of(phrase: str, now: datetime) -> datetime | None:
    p = phrase.lower().strip()
    # "this month" reaches here as "month": "this mon..." is dropped before weekdays.
    if re.fullmatch(r"(?:the\s+)?end\s+of\s+(?:the\s+|this\s+)?month|month\s+end", p):
        return now + relativedelta(day=31)
    if re.fullmatch(r"(?:the\s+)?end\s+of\s+next\s+month", p):
        return now + relativedelta(months=1, day=31)
    if re.fullmatch(r"(?:the\s+)?end\s+of\s+(?:the|this)\s+week|end\s+of\s+week|this\s+week", p):
        return now + relativedelta(weekday=FR(0))
    if re.fullmatch(r"(?:the\s+)?end\s+of\s+next\s+week|next\s+week", p):
        return datetime.combine(friday_of_next_week(now.date()), now.time())
    if re.fullmatch(r"early\s+next\s+week|start\s+of\s+next\s+week|beginning\s+of\s+next\s+week",
                    p):
        return now + relativedelta(days=+1, weekday=0)
    return None


def _normalise(phrase: str) -> str:
    p = phrase.strip().strip(".!?,;").strip()
    p = _FILLER_RE.sub("", p, count=1)
    low = p.lower()
    # The spellings of "tomorrow" people type (as day_phrases reads them in sentences).
    low = re.sub(r"\b(?:tmrw|tmr|2moro|tomorow|tommorow|tommorrow)\b", "tomorrow", low)
    for word, number in _WORD_NUMBERS.items():
        low = re.sub(rf"\b{word}\b", number, low)
    low = _WITHIN_RE.sub("in ", low)
    low = re.sub(rf"\bcoming\b|\bthis\s+(?={_WEEKDAY}\b)", "", low)
    # "tomorrow 9", "friday 10" (nothing after): an hour after a day word.
    low = re.sub(rf"\b(tomorrow|today|{_WEEKDAY})\s+(\d{{1,2}})\s*$", r"\1 at \2:00", low)
    # "at 10" / "tomorrow 9" mean an hour; dateparser reads a bare number as a day.
    low = re.sub(r"\b(at|@)\s*(\d{1,2})(?![\d:]|\s*(?:am|pm|st|nd|rd|th))", r"at \2:00", low)
    low = re.sub(r"\bnoon\b|\bmidday\b", "12:00", low)
    low = re.sub(r"^(?:mid|the\s+middle\s+of)[\s-]+([a-z]{3,9})$", r"15 \1", low)
    return re.sub(r"\s+", " ", low).strip()


# The days of the week, Monday first (date.weekday() indexes it).
WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY_NTH = re.compile(r"^([a-z]+)\.?,?\s+(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)?$")


def _weekday_index(word: str) -> int | None:
    """0 (Monday) to 6 for a weekday written in full or cut short ("thurs", "weds")."""
    return next((i for i, d in enumerate(WEEKDAY_NAMES) if len(word) >= 3 and word[:3] == d[:3]),
                None)


def weekday_nth(phrase: str, today: date, tz: ZoneInfo, direction: str) -> ParsedDate | None:
    """"Thursday 3rd", "Tue 1st": the day of a month nearest `today` (local), within about two
    months either side, whose weekday is the one named; on a tie the one towards `direction`
    ("past" or "future"). None when the phrase is not of that form or no month fits (the day of
    the month alone then decides)."""
    m = _WEEKDAY_NTH.match(phrase.strip().lower())
    weekday = _weekday_index(m.group(1)) if m is not None else None
    if m is None or weekday is None:
        return None
    day, fits = int(m.group(2)), []
    for shift in range(-2, 3):
        year, month = divmod(today.month - 1 + shift, 12)
        try:
            candidate = date(today.year + year, month + 1, day)
        except ValueError:
            continue
        if candidate.weekday() == weekday and abs((candidate - today).days) <= 62:
            fits.append(candidate)
    if not fits:
        return None
    towards = -1 if direction == "past" else 1
    best = min(fits, key=lambda d: (abs((d - today).days), -towards * (d - today).days))
    hour = time(12, 0) if direction == "past" else time(0, 0)
    return ParsedDate(when=datetime.combine(best, hour, tzinfo=tz), has_time=False)
    day = int(m.group(2))
    step = -1 if direction == "past" else 1
    month = date(today.year, today.month, 1)
    for _ in range(3):
        try:
            candidate = month.replace(day=day)
        except ValueError:
            candidate = None
        if candidate is not None and candidate.weekday() == weekday and (
                candidate <= today if step < 0 else candidate >= today):
            hour = time(12, 0) if direction == "past" else time(0, 0)
            return ParsedDate(when=datetime.combine(candidate, hour, tzinfo=tz),
                              has_time=False)
        year, mon = divmod(month.month - 1 + step, 12)
        month = date(month.year + year, mon + 1, 1)
    return None


# A numeric date read the custom's way but months off, when the other order gives a day within
# weeks, is the other order: an interview or a promise of news is weeks away, not seasons.
_FAR_DAYS = 60
_NEAR_DAYS = 31


def parse_date(
    phrase: str,
    now: datetime,
    tz: ZoneInfo,
    direction: Direction = "future",
    order: str = "DMY",
) -> ParsedDate | None:
    """Parse `phrase` relative to `now`, in `tz`. None when nothing sensible was found.
    `order` ("DMY" or "MDY") is how a numeric date such as "4/12" is read first; the other
    reading becomes the `alternative` when both are dates."""
    _order = order
    local_now = now.astimezone(tz)
    text = _normalise(phrase)
    if not text or len(text) > 80:
        return None
    has_time = bool(_TIME_RE.search(text))
    doubt: str | None = None
    alternative: date | None = None

    naive_now = local_now.replace(tzinfo=None)
    result: datetime | None = _end_of(text, naive_now) or _business_days_later(text, naive_now, tz)
    if result is None and (nth := weekday_nth(text, naive_now.date(), tz, direction)):
        result = nth.when.replace(tzinfo=None)
    if result is None and (m := _ORDINAL_RE.match(text)):
        day = int(m.group(1))
        if not 1 <= day <= 31:
            return None
        result = naive_now + relativedelta(day=day)
        step = 1 if direction == "future" else -1
        while result.day != day or (result.date() < naive_now.date() if step > 0
                                    else result.date() > naive_now.date()):
            result = naive_now + relativedelta(months=step, day=day)
            step += 1 if step > 0 else -1
            if abs(step) > 3:
                return None
    if result is None and (m := _NUMERIC_DM_RE.match(text)):
        a, b = int(m.group(1)), int(m.group(2))
        year = int(m.group(3)) if m.group(3) else None
        first, second = ((a, b), (b, a)) if _order == "DMY" else ((b, a), (a, b))
        readings = [d for d in (_numeric_day(dd, mm, year, naive_now.date(), direction)
                                for dd, mm in (first, second)) if d is not None]
        if not readings:
            return None
        # A reading on the wrong side of today is no reading ("by 12/9" for news still to
        # come is 9 Dec, not 12 Sep) when the other one is on the right side.
        today = naive_now.date()
        right_side = [d for d in readings if (d >= today if direction == "future" else d <= today)]
        readings = right_side or readings
        if len(readings) == 2 and abs((readings[0] - today).days) > _FAR_DAYS and \
                abs((readings[1] - today).days) <= _NEAR_DAYS:
            # ("decision by 12/4" in London: 4 December, not next April; the doubt stays)
            readings = readings[::-1]
        if len(readings) == 2 and readings[0] != readings[1]:
            doubt, alternative = "day-month order", readings[1]
        result = datetime.combine(readings[0], time(0, 0))
    if result is None:
        parser = DateDataParser(
            languages=["en"],
            settings={
                "PREFER_DATES_FROM": direction,
                "RELATIVE_BASE": naive_now,
                "RETURN_AS_TIMEZONE_AWARE": False,
                "PREFER_DAY_OF_MONTH": "first",
                "DATE_ORDER": _order,
            },
        )
        data = parser.get_date_data(text)
        result = data.date_obj
        if result is None:
            return None
        if data.period in ("month", "year") and not re.search(r"\d", text):
            # "next month" means some day in it; the first is a poor guess, so ask.
            doubt = doubt or "vague"
    if direction == "past":
        # "an hour ago", "this morning": the time dateparser found is the best guess there is.
        if result.time() == time(0, 0):
            result = result.replace(hour=12)
        if result.date() > naive_now.date():
            doubt = doubt or "future"  # "tomorrow" cannot be when something already happened
        result = min(result, naive_now)
        has_time = True
    elif not has_time:
        result = datetime.combine(result.date(), time(0, 0))
    when = result.replace(tzinfo=tz)
    if doubt is None and direction == "future" and re.search(rf"\bnext\s+{_WEEKDAY}\b", text) \
            and when.date().isocalendar()[:2] == local_now.date().isocalendar()[:2]:
        # "next Friday" said on a Wednesday: this week's Friday, or next week's? Ask.
        doubt, alternative = "which week", when.date() + timedelta(days=7)
    if doubt is None:
        if direction == "future" and when.date() < local_now.date():
            doubt = "past"
        elif abs((when.date() - local_now.date()).days) > 183:
            doubt = "far"
    return ParsedDate(when=when, has_time=has_time, doubt=doubt, alternative=alternative)


def says_no_date(text: str) -> bool:
    """Whether an answer to "when will they decide?" says no date was given ("they didn't
    say", "no idea", "not sure")."""
    return bool(NO_DATE_RE.search(text) or NO_DATE_IN_REPORT_RE.search(text))


def states_no_date(text: str) -> bool:
    """Whether a whole message about an interview says no date for the news was given ("no
    word on timing", "they wouldn't give me any timeline", "HR will be in touch in due
    course"), without reading "not sure how it went" as such."""
    return bool(NO_DATE_IN_REPORT_RE.search(text))


def fmt_day(d: date) -> str:
    """'Fri 4 Dec'."""
    return f"{d:%a} {d.day} {d:%b}"


def fmt_when(dt: datetime, tz: ZoneInfo, *, with_year: bool = False) -> str:
    """'Fri 4 Dec, 10:00' in the user's zone."""
    local = dt.astimezone(tz)
    year = f" {local.year}" if with_year else ""
    return f"{fmt_day(local.date())}{year}, {local:%H:%M}"
