"""Day phrases and times of day as people write them, and what day they name.

`DAY_PHRASE` finds the phrases ("yesterday", "last thursday", "Thursday next week", "within
48h", "mid-January", "Tues 11/24"), `TIME_OF_DAY` the times ("8am", "10:15", "14h", "half ten",
"noon"); `resolve` turns a phrase into a day, through dateparser (language.dates.parse_date)
after rewriting the forms it does not know; the rules that are not dateparser's ("last Tuesday"
is the one of the week before, "next Friday" the one of next week) say where they come from.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta

from bot.core.contract.places import country_of_zone
from bot.core.contract.prefs import Prefs, working_day, zone_calendar
from bot.core.language.dates import WEEKDAY_NAMES, ParsedDate, parse_date, weekday_nth

# Weekdays in full and as people shorten them (full names first: "wednesday" is not "wed" +
# "day").
# The days as people type them in a hurry, misspellings included ("wensday", "thrusday").
_MISSPELT = {"monday": "munday|mondy|monady", "tuesday": "tuesay|tusday|teusday|tuseday|tuesdy",
             "wednesday": "wensday|wendsday|wednsday|wedensday|wednesay|wedsday|wensdey|wedenesday",
             "thursday": "thrusday|thurday|thursay|thursdy|thirsday",
             "friday": "firday|fridy|frday|fryday", "saturday": "saterday|satuday|saturady",
             "sunday": "sundy|sundey"}
_TYPOS = "|".join(_MISSPELT.values())
_WD = (rf"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|{_TYPOS}|mon|tues|tue|weds|"
       rf"wed|thurs|thur|thu|fri|sat|sun)")
# Standing alone, "sat", "sun", "mon" and "wed" are more often words ("the VP sat in").
_WD_ALONE = (rf"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|{_TYPOS}|tues|tue|"
             rf"weds|thurs|thur|thu|fri)")
_MONTH_NAME = (r"(?:january|february|march|april|may|june|july|august|september|october|"
               r"november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\b")
# A dot only after an abbreviation ("Nov. 24"): "Slaughter and May. 3 partners" is no date.
_MONTH = (r"(?:(?:jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.|"
          r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*)")
_ORD = r"\d{1,2}(?:st|nd|rd|th)?"
_NUM = r"(?:\d{1,2}|a|one|two|three|four|five|six|seven|eight|nine|ten|a\s+couple\s+of|a\s+few)"
_UNIT = r"(?:days?|weeks?|wks?|working\s+days?|business\s+days?|fortnight|hours?|hrs?|h)"
# "2nd round", "my 3rd interview": an ordinal that counts something, not a day of the month.
_NOT_A_DAY = (r"round|interview|intervew|stage|step|time|attempt|try|go|year|floor|line|shift|"
              r"place|call|meeting|one|person|candidate|choice|panel|part|week|day")
# A weekday or "weekend" followed by a capitalised word that is not a month starts a name
# ("Friday Pictures", "Sunday Times", "Weekend Media").
_NOT_A_NAME = (r"(?!\s+(?!(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b)"
               r"(?-i:[A-Z][a-z]))")
DAY_PHRASE = re.compile(
    # Numeric dates: "20/11", "Tues 11/24", "on 24.11.2026", "Friday 20.11" (a dot form needs
    # "on", "the" or a weekday before it, else "9.30" would be a date).
    rf"\b(?:(?:{_WD},?\s+)?\d{{1,2}}/\d{{1,2}}(?:/\d{{2,4}})?(?![\d/])|"
    rf"(?:(?<=\bon\s)|(?<=\bthe\s)|(?<=\bto\s)|(?<=\bby\s)|(?<=\buntil\s)|(?<=\btill\s)|"
    rf"(?<=\bbefore\s)|{_WD},?\s+)\d{{1,2}}\.\d{{1,2}}(?:\.\d{{4}}|\.\d{{2}})?"
    rf"(?![\d:]|\s*(?:am|pm|h)\b)|\d{{1,2}}\.\d{{1,2}}(?=\.(?:\s|$|[,.;!?]))|"
    # Named days: "Christmas Eve", "on Christmas" ("a Christmas temp" is no day).
    rf"(?:christmas|xmas)\s+(?:eve|day)|(?:(?<=\bon\s)|(?<=\bat\s)|(?<=\bover\s))(?:christmas|xmas)"
    rf"(?!\s+\w)|boxing\s+day|new\s+year'?s\s+(?:eve|day)|"
    rf"{_WD}\s+or\s+{_WD}|(?:in\s+|within\s+)?(?:a|one)\s+(?:day|week|month)\s+or\s+two|"
    rf"(?:in|within)\s+(?:a|one|two|three|four|five|six|\d{{1,2}})\s+months?(?!\s+of\b)|"
    rf"(?:in|within)\s+(?:a|one)\s+year|"
    rf"(?:the\s+)?(?:first|1st|second|2nd|third|3rd|last)\s+week\s+of\s+(?:{_MONTH_NAME}|next\s+"
    rf"month|the\s+new\s+year)|after\s+(?:the\s+)?(?:holidays|christmas|xmas|new\s+year)|"
    rf"(?:early\s+)?in\s+the\s+new\s+year|(?:before|by)\s+(?:christmas|xmas|the\s+holidays)|"
    rf"(?:before\s+|by\s+)?the\s+end\s+of\s+the\s+year|(?:in\s+)?a\s+fortnight|"
    rf"{_WD}\s+next\s+week|next\s+week\s+{_WD}|{_WD}\s+(?:of\s+)?last\s+week|"
    rf"last\s+week\s+{_WD}|{_WD}\s+week|a\s+week\s+(?:on|from)\s+{_WD}|"
    rf"(?:early|mid|late|the\s+end\s+of|end\s+of|the\s+beginning\s+of|beginning\s+of|"
    rf"start\s+of|the\s+start\s+of|the\s+middle\s+of)[\s-]+(?:{_MONTH_NAME}|next\s+month)|"
    # ("Tuesday 2:30pm" is a day and a time, not "Tuesday the 2nd")
    rf"{_WD},?\s+(?:the\s+)?{_ORD}(?![:.]\d|\s*(?:am|pm|a\.m\.|p\.m\.)(?!\w))"
    rf"(?:\s+(?:of\s+)?{_MONTH})?|{_WD},?\s+{_MONTH}\s+{_ORD}|"
    rf"{_NUM}(?:\s*(?:-|to|or)\s*{_NUM})?\s*(?:working\s+days?|business\s+days?|weeks?|wks?)"
    rf"(?!\s+ago)|"
    rf"(?:earlier\s+)?today|2day|tonight|this\s+(?:morning|mornin['’]?|afternoon|evening|arvo|avo|"
    rf"aft)|"
    # "interviewed w/ The Body Shop earlier": today ("earlier this week" is not).
    rf"earlier(?!\s+(?:this|that|in|on|than|last|today|the|same)\b)(?=\s*(?:$|[^\w\s]|\w))|"
    rf"(?:yesterday|yday|yest|ystd)(?:\s+(?:morning|afternoon|evening))?|last\s+(?:night|nite|nyt)|"
    rf"(?:tomorrow|tomorow|tommorow|tommorrow|tmrw|tmr|2moro|the\s+morra)(?:\s+(?:morning|"
    rf"afternoon|evening))?|"
    rf"(?:early|end\s+of|start\s+of|beginning\s+of)\s+next\s+week|"
    rf"(?:last|next|this|coming)\s+{_WD}(?:'s)?|(?<![@.])(?:{_WD_ALONE}|(?<=on\s)(?:sat|sun|mon|wed)|(?-i:Mon|Wed)\b(?!['’]))(?:'s)?(?:\s+(?:morning|afternoon|"
    rf"evening|night))?(?!\.[a-z]){_NOT_A_NAME}|"
    rf"(?:the\s+)?end\s+of\s+(?:the\s+|this\s+|next\s+)?(?:week|month)|eow|eom|month[\s-]end|"
    rf"(?:the\s+)?weekend{_NOT_A_NAME}|"
    rf"(?:within|in|inside|after)\s+(?:the\s+next\s+|about\s+|around\s+|~\s*)?{_NUM}"
    rf"(?:\s*(?:-|to|or)\s*{_NUM})?\s*{_UNIT}(?!\s+of\b)|"
    rf"(?:within|in)\s+(?:a|the)\s+(?:week|fortnight)|(?:within|in|during)\s+this\s+week|"
    rf"(?:this|next)\s+week|"
    rf"{_NUM}(?:\s*(?:-|to|or)\s*{_NUM})?\s*{_UNIT}\s+ago|"
    # ("technical interview (2nd)" is a round, not a day)
    rf"(?:the\s+)?{_ORD}\s+(?:of\s+)?{_MONTH}|{_MONTH}\s+{_ORD}\b|(?:the\s+)?(?<!\()\d{{1,2}}(?:st|nd"
    rf"|rd|th)(?!\s+(?:{_NOT_A_DAY})))\b",
    re.IGNORECASE)
TIME_OF_DAY = re.compile(
    r"\b(?:at|@|around|about|by|from)?\s*(?:(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)|"
    # A bare hour after "at", "by", "after" ("at 2"), but not a date ("by 5 January", "by 8/1")
    # nor a count ("by 5 days").
    r"(?:(?<=at\s)|(?<=by\s)|(?<=after\s)|(?<=@\s)|(?<=@))(\d{1,2})(?:[:.](\d{2}))?(?![\d:])"
    r"(?!\s*(?:st|nd|rd|th)\b)(?!\s*%)(?!\s*[/.-]\s*\d)(?!\s+(?:past|to)\s+(?:\d|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b)"
    r"(?!\s*(?:of\s+)?(?:jan|feb|mar|apr|may|"
    r"jun|jul|aug|sep|oct|nov|dec)[a-z]*\b)(?!\s*(?:days?|weeks?|working|business|hours?|hrs?|"
    r"months?)\b)|"
    r"(noon|midday|midnight)|half\s+(?:past\s+)?(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|"
    r"ten|eleven|twelve)|"
    # A clock without am/pm ("10:15", "14:00") and the continental "14h", "9h30", "11h00".
    r"(\d{1,2}):(\d{2})(?!\d)|(\d{1,2})h(\d{2})?|"
    # A range's start takes the range's am/pm ("2-5pm" is 14:00): groups 12 to 14.
    r"(\d{1,2})(?::(\d{2}))?\s*[-–]\s*\d{1,2}(?::\d{2})?\s*(am|pm)|"
    # "quarter to ten", "quarter past 2": groups 15 and 16.
    r"(?:a\s+)?quarter\s+(past|to|after)\s+(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|"
    r"ten|eleven|twelve)|"
    # "this morning 10.30", "9.30 video call", "(virtual, 9.40)": a clock with a dot and no
    # "at", not a price, a length or a version: groups 17 and 18; "3 o'clock": group 19.
    r"(?<![\d£$€.,:/])(\d{1,2})\.([0-5]\d)(?![\d.,%/])(?!\s*(?:an?\s+hour|per\b|ph\b|p/h|/h|"
    r"k\b|pounds|dollars|euros|gbp|usd|eur|rand|hours?|hrs?|h\b|years?|yrs?|months?|weeks?|days?|"
    r"stars?|miles|km|kg|lakh|l\b|lpa|ctc|million|m\b|gpa))|"
    r"(\d{1,2})\s*o['’]?\s*clock|"
    # "10 past 9", "twenty to three": groups 20 to 22.
    r"(\d{1,2}|five|ten|twenty|twenty-five|twenty\s+five)\s+(past|to|after)\s+(\d{1,2}|one|two|"
    r"three|four|five|six|seven|eight|nine|ten|eleven|twelve))\b", re.IGNORECASE)
_MINUTE_WORDS = {"five": 5, "ten": 10, "twenty": 20, "twenty-five": 25, "twenty five": 25}
_WORD_HOURS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
               "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
_DURATION = re.compile(rf"(?:within|in|inside|after)?\s*(?:the\s+next\s+|about\s+|around\s+|~\s*)?"
                       rf"({_NUM})(?:\s*(?:-|to|or)\s*({_NUM}))?\s*({_UNIT})", re.IGNORECASE)
_NUMBERS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
            "eight": 8, "nine": 9, "ten": 10, "a couple of": 2, "a few": 3}


def clock_of(m: re.Match[str]) -> time | None:
    """The time of day a TIME_OF_DAY match names (local wall clock), or None when it is no
    time ("48h", "25:00"). An hour from 1 to 6 without am/pm is the afternoon ("at 2")."""
    if m.group(6):
        return time(0, 0) if m.group(6).lower() == "midnight" else time(12, 0)
    if m.group(16) or m.group(22):
        hour_word, way = (m.group(16), m.group(15)) if m.group(16) else (m.group(22), m.group(21))
        hour = _WORD_HOURS.get(hour_word.lower()) or int(hour_word)
        past = 15 if m.group(16) else _MINUTE_WORDS.get(m.group(20).lower()) or int(m.group(20))
        if not 0 < past < 60:
            return None
        if way.lower() == "to":
            hour, minute = hour - 1, 60 - past
        else:
            minute = past
        if 1 <= hour <= 6:
            hour += 12  # as "half two": the working day
        return time(hour % 24, minute) if 0 <= hour <= 23 else None
    if m.group(10) and not 7 <= int(m.group(10)) <= 23:
        return None  # "2h", "48h": a length of time, not a time of day
    hour_text = m.group(1) or m.group(4) or m.group(7) or m.group(8) or m.group(10) or \
        m.group(12) or m.group(17) or m.group(19)
    if hour_text is None:
        return None
    if m.group(7):
        hour = _WORD_HOURS.get(hour_text.lower()) or int(hour_text)
        if 1 <= hour <= 6:
            hour += 12  # "half two": the working day, as for "at 2"
        return time(hour % 24, 30) if hour <= 23 else None
    minute_text = m.group(2) or m.group(5) or m.group(9) or m.group(11) or m.group(13) or \
        m.group(18)
    hour, minute = int(hour_text), int(minute_text or 0)
    suffix = (m.group(3) or m.group(14) or "").lower().replace(".", "")
    if suffix == "pm" and hour < 12:
        hour += 12
    elif suffix == "am" and hour == 12:
        hour = 0
    elif not suffix and 1 <= hour <= 6:
        hour += 12  # "at 2", "yesterday at 1": the working day, not the small hours
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def ambiguous_hour(m: re.Match[str]) -> bool:
    """Whether a TIME_OF_DAY match is an hour that can be the morning or the evening of a
    working day (7 or 8 without am/pm: "call me at 7"); it is read as the morning and asked
    about."""
    hour_text = m.group(4) or m.group(8)
    return hour_text is not None and hour_text.isdigit() and int(hour_text) in (7, 8)


def duration_from(phrase: str, anchor: date, prefs: Prefs | None = None) -> date | None:
    """The day a period names counted from `anchor` ("within a week", "3-5 working days" (the
    later bound), "48h" (two days)), or None when `phrase` is not a period. Working days
    leave out the weekend and the public holidays of `prefs`' calendar (contract.prefs.
    working_day, the one count of working days)."""
    m = _DURATION.fullmatch(phrase.strip().lower().replace("wks", "weeks").replace("wk", "week"))
    if m is None:
        return None
    amount = _NUMBERS.get(m.group(2) or m.group(1)) or int(m.group(2) or m.group(1))
    unit = m.group(3)
    if unit.startswith("h"):
        return anchor + timedelta(days=max(1, -(-amount // 24)))  # "within 48h": two days
    if "fortnight" in unit:
        return anchor + timedelta(days=14 * amount)
    if "week" in unit:
        return anchor + timedelta(days=7 * amount)
    if "working" in unit or "business" in unit:
        return working_day(anchor, amount, prefs)
    return anchor + timedelta(days=amount)


def zone_prefs(tz: ZoneInfo) -> Prefs:
    """The holiday calendar a message is read with: the one of the zone's country and region
    (England for Europe/London, Ontario for America/Toronto)."""
    country, region = zone_calendar(tz.key)
    return Prefs(tz=tz, country=country, region=region, from_zone=True)


RANGE = re.compile(r"\d\s*(?:-|–|to|or)\s*\d|\b(?:one|a)\s+(?:or|to)\s+two\b|\bor\s+two\b",
                   re.IGNORECASE)


# Short forms of weekdays people type, for dateparser.
_SHORT_DAYS = {"monday": "mon", "tuesday": "tue|tues", "wednesday": "wed|weds",
               "thursday": "thu|thur|thurs", "friday": "fri", "saturday": "sat", "sunday": "sun"}
_SHORT_DAYS = {day: f"{short}|{_MISSPELT[day]}" for day, short in _SHORT_DAYS.items()}


def _plain(phrase: str) -> str:
    p = phrase.lower()
    # "Friday 4th": the day of the month decides (it is looked for forwards or backwards).
    p = re.sub(rf"^{_WD},?\s+(?:the\s+)?(\d{{1,2}}(?:st|nd|rd|th)?)$", r"the \1", p)
    p = re.sub(r"\b2day\b|^this\s+(?:morning|mornin['’]?|afternoon|evening|arvo|avo|aft)$|"
               r"^tonight$|^earlier(?:\s+today)?$", "today", p)
    p = re.sub(r"^last\s+(?:night|nite|nyt)$|\b(?:yday|yest|ystd)\b", "yesterday", p)
    p = re.sub(r"\b(?:tmrw|tmr|2moro|tomorow|tommorow|tommorrow)\b|\bthe\s+morra\b", "tomorrow", p)
    p = re.sub(r"\beow\b|\bend of week\b|^(?:within|in|during)\s+(?:the|this)\s+week$",
               "end of the week", p)
    p = re.sub(r"\beom\b|^month[\s-]end$", "end of the month", p)
    p = re.sub(r"\b(?:the\s+)?weekend\b", "saturday", p)
    p = re.sub(r"'s\b", "", p)
    for day, short in _SHORT_DAYS.items():
        p = re.sub(rf"\b(?:{short})\b", day, p)
    return re.sub(r"\s+(?:morning|afternoon|evening|night)$", "", p).strip()


_NEXT_WEEK_DAY = re.compile(rf"^(?:({_WD})\s+next\s+week|next\s+week\s+({_WD}))$",
                            re.IGNORECASE)
_LAST_WEEK_DAY = re.compile(rf"^(?:({_WD})\s+(?:of\s+)?last\s+week|last\s+week\s+({_WD}))$",
                            re.IGNORECASE)
_NEXT_DAY = re.compile(rf"^next\s+({_WD})(?:'s)?$", re.IGNORECASE)
_MONTH_PART = re.compile(rf"^(?:the\s+)?(early|mid|late|end\s+of|beginning\s+of|start\s+of|"
                         rf"middle\s+of)[\s-]+({_MONTH_NAME}|next\s+month)$", re.IGNORECASE)
# The day each part of a month stands for: a stated guess the intake confirms ("doubt").
_PART_DAY = {"early": 7, "beginning": 3, "start": 3, "mid": 15, "middle": 15, "late": 24}


def _month_part(m: re.Match[str], today: date, tz: ZoneInfo) -> ParsedDate:
    """"mid-January", "end of November", "early next month": a day in that month (the 7th,
    15th, 24th, the last day), in the coming year when the month has passed; doubt "vague"."""
    part, month_text = m.group(1).lower().split()[0], m.group(2).lower()
    if month_text.startswith("next"):
        first = (today.replace(day=1) + timedelta(days=32)).replace(day=1)
    else:
        month = next(i for i, name in enumerate(_MONTH_NAMES, 1) if month_text.startswith(name))
        first = date(today.year + (month < today.month), month, 1)
    last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    day = last if part == "end" else first.replace(day=_PART_DAY[part])
    return ParsedDate(when=datetime.combine(day, time(0, 0), tzinfo=tz), has_time=False,
                      doubt="vague")


_NAMED_DAY = re.compile(r"^(?:(christmas|xmas)(?:\s+(eve|day))?|(boxing)\s+day|new\s+year'?s\s+"
                        r"(eve|day))$", re.IGNORECASE)


def _named_day(m: re.Match[str], today: date, tz: ZoneInfo, direction: str) -> ParsedDate:
    """Christmas Eve, Christmas (Day), Boxing Day, New Year's Eve and Day: the nearest one on
    the side of today that `direction` looks at ("past" or "future")."""
    if m.group(1):
        month, day = 12, 24 if (m.group(2) or "").lower() == "eve" else 25
    elif m.group(3):
        month, day = 12, 26
    else:
        month, day = (12, 31) if m.group(4).lower() == "eve" else (1, 1)
    years = (today.year - 1, today.year, today.year + 1)
    options = [date(y, month, day) for y in years]
    pick = max(o for o in options if o <= today) if direction == "past" else \
        min(o for o in options if o >= today)
    return ParsedDate(when=datetime.combine(pick, time(12 if direction == "past" else 0, 0),
                                            tzinfo=tz), has_time=False)


_EITHER_DAY = re.compile(rf"^{_WD}\s+or\s+({_WD})$", re.IGNORECASE)  # the later one
_OR_TWO = re.compile(r"^(?:in\s+|within\s+)?(?:a|one)\s+(day|week|month)\s+or\s+two$",
                     re.IGNORECASE)
_IN_MONTHS = re.compile(r"^(?:in|within|after)\s+(a|one|two|three|four|five|six|\d{1,2})\s+"
                        r"months?$", re.IGNORECASE)
_WEEK_OF = re.compile(rf"^(?:the\s+)?(first|1st|second|2nd|third|3rd|last)\s+week\s+of\s+"
                      rf"({_MONTH_NAME}|next\s+month|the\s+new\s+year)$", re.IGNORECASE)
_NEW_YEAR = re.compile(r"^(?:after\s+(?:the\s+)?(?:holidays|christmas|xmas|new\s+year)|"
                       r"(?:early\s+)?in\s+the\s+new\s+year)$", re.IGNORECASE)
_CHRISTMAS = re.compile(r"^(?:before|by)\s+(?:christmas|xmas|the\s+holidays)$", re.IGNORECASE)
_YEAR_END = re.compile(r"^(?:before\s+|by\s+)?the\s+end\s+of\s+the\s+year$", re.IGNORECASE)
_COUNTS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_WEEK_DAY = {"first": 7, "1st": 7, "second": 14, "2nd": 14, "third": 21, "3rd": 21}


def _season(phrase: str, today: date) -> tuple[date, str | None] | None:
    """Days named by the calendar rather than a date, still to come from `today`, with the
    doubt the intake confirms: "in two months" (the same day two months on), "in a year",
    "a week or two" (the later end: "range"), "first week of January" (its 7th: "vague"),
    "after the holidays" / "in the new year" (the first Monday from 4 January: "vague"),
    "before Christmas" (24 December: "vague"), "by the end of the year" (31 December)."""
    if m := _IN_MONTHS.match(phrase):
        n = _COUNTS.get(m.group(1).lower()) or int(m.group(1))
        return today + relativedelta(months=n), None
    if re.match(r"^(?:in|within)\s+(?:a|one)\s+year$", phrase, re.IGNORECASE):
        return today + relativedelta(years=1), None
    if m := _OR_TWO.match(phrase):
        unit = m.group(1).lower()
        later = today + (relativedelta(months=2) if unit == "month" else
                         timedelta(days=14 if unit == "week" else 2))
        return later, "range"
    if m := _WEEK_OF.match(phrase):
        first = _month_start(m.group(2).lower(), today)
        last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        return (last if m.group(1).lower() == "last" else
                first.replace(day=_WEEK_DAY[m.group(1).lower()])), "vague"
    if _NEW_YEAR.match(phrase):
        jan4 = date(today.year + 1, 1, 4)
        return jan4 + timedelta(days=-jan4.weekday() % 7), "vague"
    if _CHRISTMAS.match(phrase):
        eve = date(today.year, 12, 24)
        return (eve if eve >= today else date(today.year + 1, 12, 24)), "vague"
    if _YEAR_END.match(phrase):
        return date(today.year, 12, 31), "vague"
    return None


def _month_start(text: str, today: date) -> date:
    """The first day of the month `text` names ("january", "next month", "the new year"),
    the coming one."""
    if text.startswith("next") or text.startswith("the new"):
        month = 1 if text.startswith("the new") else (today.month % 12) + 1
    else:
        month = next(i for i, name in enumerate(_MONTH_NAMES, 1) if text.startswith(name))
    return date(today.year + (month < today.month), month, 1)


_MONTH_NAMES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_WEEK_ON = re.compile(rf"^(?:({_WD})\s+week|a\s+week\s+(?:on|from)\s+({_WD}))$", re.IGNORECASE)


def resolve(phrase: str, anchor: datetime, tz: ZoneInfo, direction: str, *,
            order: str = "DMY") -> ParsedDate | None:
    """The day (local, in `tz`) a DAY_PHRASE match names, counted from `anchor` (aware)
    towards `direction` ("past" or "future"); `order` is how numeric dates read ("DMY" or
    "MDY"). None when the phrase names no day."""
    if (named := _NAMED_DAY.match(phrase.strip())) is not None:
        return _named_day(named, anchor.astimezone(tz).date(), tz, direction)
    if direction != "past" and (season := _season(phrase.strip(), anchor.astimezone(tz).date())):
        return ParsedDate(when=datetime.combine(season[0], time(0, 0), tzinfo=tz),
                          has_time=False, doubt=season[1])
    if (m := _EITHER_DAY.match(phrase.strip())) and direction != "past":
        later = resolve(m.group(1), anchor, tz, direction, order=order)
        return None if later is None else ParsedDate(when=later.when, has_time=False,
                                                      doubt="range")
    # "Tuesday last week", "next week Wednesday": that weekday in the week before or after this.
    for rx, weeks in ((_LAST_WEEK_DAY, -1), (_NEXT_WEEK_DAY, 1)):
        if (m := rx.match(phrase.strip())) and not (weeks > 0 and direction == "past"):
            today = anchor.astimezone(tz).date()
            wd = WEEKDAY_NAMES.index(_plain(m.group(1) or m.group(2)))
            day = today - timedelta(days=today.weekday()) + timedelta(days=7 * weeks + wd)
            return ParsedDate(when=datetime.combine(day, time(0, 0), tzinfo=tz), has_time=False)
    if (m := _NEXT_DAY.match(phrase.strip())) and direction != "past":
        # "next Friday": that day in the week after this one (said on a Thursday, not
        # tomorrow); the nearer one is offered as the other reading when it is still to come.
        today = anchor.astimezone(tz).date()
        day = today - timedelta(days=today.weekday()) + timedelta(
            days=7 + WEEKDAY_NAMES.index(_plain(m.group(1))))
        nearer = day - timedelta(days=7)
        return ParsedDate(when=datetime.combine(day, time(0, 0), tzinfo=tz), has_time=False,
                          doubt="which week" if nearer > today else None,
                          alternative=nearer if nearer > today else None)
    if (m := _MONTH_PART.match(phrase.strip())) and direction != "past":
        return _month_part(m, anchor.astimezone(tz).date(), tz)
    if (m := _WEEK_ON.match(phrase.strip())) and direction != "past":
        # "Friday week", "a week on Monday": that weekday a week after the coming one.
        coming = resolve(m.group(1) or m.group(2), anchor, tz, direction)
        return None if coming is None else ParsedDate(when=coming.when + timedelta(days=7),
                                                      has_time=coming.has_time)
    if (found := weekday_nth(phrase, anchor.astimezone(tz).date(), tz, direction)) is not None:
        return found  # "Thursday 3rd": the month whose 3rd is a Thursday
    plain = _plain(phrase)
    if (m := _LAST_WEEKDAY.match(plain)) and direction == "past":
        # "last Tuesday" said on a Wednesday is the Tuesday of the week before, not yesterday
        # (people say "yesterday" for that; the corpus's writers all read it so); said on a
        # Saturday it is this week's, four days ago: the latest one at least three days back.
        today = anchor.astimezone(tz).date()
        day = today - timedelta(days=(today.weekday() - WEEKDAY_NAMES.index(m[1])) % 7)
        if (today - day).days < 3:
            day -= timedelta(days=7)
        return ParsedDate(when=datetime.combine(day, time(12, 0), tzinfo=tz), has_time=False)
    return parse_date(plain, anchor, tz, "past" if direction == "past" else "future",
                      order=order)


_LAST_WEEKDAY = re.compile(rf"^last\s+({'|'.join(WEEKDAY_NAMES)})$")


_MDY = re.compile(r"\b(\d{1,2})/(\d{1,2})\b")


# Countries that write the month first ("12/4" is 4 December).
_MONTH_FIRST = frozenset({"US", "PH", "FM", "MH", "PW", "AS", "GU", "MP", "PR", "UM", "VI"})


def order_of(text: str, tz: ZoneInfo | None = None) -> str:
    """How the message writes numeric dates: "MDY" when one shows the month first ("11/24"),
    "DMY" when one shows the day first ("24/11"); otherwise the custom of the country of the
    user's zone `tz` (month first in the United States and the Philippines), else "DMY"."""
    for m in _MDY.finditer(text):
        first, second = int(m.group(1)), int(m.group(2))
        if first <= 12 < second <= 31:
            return "MDY"
        if second <= 12 < first <= 31:
            return "DMY"
    if tz is not None and country_of_zone(tz.key) in _MONTH_FIRST:
        return "MDY"
    return "DMY"
