"""The moments a message about an interview states: when the interview was, the day the
employer promised news by, and a time someone asked the user to get in touch.

Each day phrase in the message ("yesterday", "last thursday", "by friday", "within a week",
"the 4th", "email her monday at 9") is found, given its part from the words of its sentence
before it (an agreed contact: "told me to email her"; the employer's promise: "they'll let me
know", "hear back"; otherwise the interview itself), and resolved with dateparser
(language.dates.parse_date): the interview's day counting back from now, a promise counting on
from the interview (a "within a week" said at Thursday's interview means the next Thursday).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.core.language.dates import ParsedDate, parse_date

# Weekdays in full and as people shorten them (full names first: "wednesday" is not "wed" +
# "day").
_WD = (r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues|tue|weds|wed|"
       r"thurs|thur|thu|fri|sat|sun)")
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_ORD = r"\d{1,2}(?:st|nd|rd|th)?"
_NUM = r"(?:\d{1,2}|a|one|two|three|four|five|six|seven|eight|nine|ten|a\s+couple\s+of|a\s+few)"
_UNIT = r"(?:days?|weeks?|wks?|working\s+days?|business\s+days?|fortnight)"
_DAY_PHRASE = re.compile(
    rf"\b(?:{_WD}\s+week|a\s+week\s+(?:on|from)\s+{_WD}|"
    rf"{_WD},?\s+(?:the\s+)?{_ORD}(?:\s+(?:of\s+)?{_MONTH})?|{_WD},?\s+{_MONTH}\s+{_ORD}|"
    rf"{_NUM}(?:\s*(?:-|to|or)\s*{_NUM})?\s*(?:working\s+days?|business\s+days?|weeks?|wks?)"
    rf"(?!\s+ago)|"
    rf"(?:earlier\s+)?today|2day|tonight|this\s+(?:morning|afternoon|evening)|"
    rf"yesterday(?:\s+(?:morning|afternoon|evening))?|"
    rf"(?:tomorrow|tomorow|tommorow|tommorrow|tmrw|tmr|2moro|the\s+morra)(?:\s+(?:morning|"
    rf"afternoon|evening))?|"
    rf"(?:early|end\s+of|start\s+of|beginning\s+of)\s+next\s+week|"
    rf"(?:last|next|this|coming)\s+{_WD}(?:'s)?|{_WD}(?:'s)?(?:\s+(?:morning|afternoon|evening"
    rf"|night))?|"
    rf"(?:the\s+)?end\s+of\s+(?:the\s+|this\s+|next\s+)?(?:week|month)|eow|eom|"
    rf"(?:the\s+)?weekend|"
    rf"(?:within|in|inside|after)\s+(?:the\s+next\s+|about\s+|around\s+|~\s*)?{_NUM}"
    rf"(?:\s*(?:-|to|or)\s*{_NUM})?\s*{_UNIT}|"
    rf"(?:within|in)\s+(?:a|the)\s+(?:week|fortnight)|"
    rf"{_NUM}(?:\s*(?:-|to|or)\s*{_NUM})?\s*{_UNIT}\s+ago|"
    rf"(?:the\s+)?{_ORD}\s+(?:of\s+)?{_MONTH}|{_MONTH}\s+{_ORD}\b|(?:the\s+)?\d{{1,2}}(?:st|nd"
    rf"|rd|th))\b",
    re.IGNORECASE)
_TIME = re.compile(
    r"\b(?:at|@|around|about|by|from)?\s*(?:(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)|"
    r"(?<=at\s)(\d{1,2})(?:[:.](\d{2}))?(?![\d:])(?!\s*(?:st|nd|rd|th)\b)(?!\s*%)|"
    r"(noon|midday)|half\s+(?:past\s+)?(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|"
    r"ten|eleven|twelve))\b", re.IGNORECASE)
_WORD_HOURS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
               "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
# The user is to act: "told me to email her", "said to call her", "email him Thursday".
_AGREED = re.compile(
    r"(?:\b(?:told|asked|wants?|wanted|invited|said|says|suggested|reminded)\b[^.!?\n]{0,12}?\bto"
    r"\s+|\b(?:said|says)\s*[:,]?\s*[\"'“]?)(?P<verb>e-?mail|mail|call|ring|phone|text|message|"
    r"whatsapp|ping|drop\s+(?:him|her|them)\s+(?:a|an)\s+\w+|follow\s+up|reach\s+out|get\s+in"
    r"\s+touch|contact|send)\b|"
    r"\b(?P<verb2>e-?mail|call|ring|phone|text|message|whatsapp|ping)\s+(?:him|her|them)\b|"
    r"\b(?:wants?|expects?|asked\s+for|would\s+like)\s+(?:a|an)\s+(?:quick\s+|short\s+|brief\s+)?"
    r"(?P<verb3>e-?mail|call|ring|message|text|note|whatsapp)\s+from\s+me\b",
    re.IGNORECASE)
_PROMISE = re.compile(
    r"\b(?:let\s+(?:me|us)\s+know|hear(?:d)?|hear\s+back|decid\w*|decision\w*|results?|outcome|"
    r"get(?:ting)?\s+back|come\s+back|circle\s+back|reach\s+out|respond|reply|update|feedback|"
    r"news|next\s+steps?|(?:call|ring|text|email|e-mail|message|ping|contact|phone|whatsapp)\s+"
    r"me|be\s+in\s+touch|get\s+in\s+touch|revert|inform|offer|answer|confirm|back\s+to\s+me|"
    r"know|said|says|told|promised|by|until|within|before)\b",
    re.IGNORECASE)
_INTERVIEW_CUE = re.compile(
    r"\b(?:interview\w*|intervew|intervu|screen|call|chat|meet\w*|met|round|stage|onsite|"
    r"on-site|assessment|trial|shift|panel|had|did|was|were|went|done|finished|saw|spoke|"
    r"talked|zoom|teams|video)\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?\n;]+\s|\n")
_DURATION = re.compile(rf"(?:within|in|inside|after)?\s*(?:the\s+next\s+|about\s+|around\s+|~\s*)?"
                       rf"({_NUM})(?:\s*(?:-|to|or)\s*({_NUM}))?\s*({_UNIT})", re.IGNORECASE)
_NUMBERS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
            "eight": 8, "nine": 9, "ten": 10, "a couple of": 2, "a few": 3}
CONTEXT = 70  # characters of a sentence read before a day phrase


@dataclass(frozen=True)
class Moments:
    """The moments read. Times are aware, in the user's zone; `*_has_time` says whether a time
    of day was stated (else the day alone counts). `agreed_kind`: "email", "call", "message"."""

    interviewed: datetime | None = None
    interviewed_has_time: bool = False
    decision: date | None = None
    # The decision as parsed, with its doubt ("which week" for "next Friday") for the intake to
    # confirm; None when it was counted ("within a week") or not stated.
    decision_parsed: ParsedDate | None = None
    agreed_at: datetime | None = None
    agreed_has_time: bool = False
    agreed_kind: str | None = None


@dataclass(frozen=True)
class _Phrase:
    text: str
    start: int
    end: int
    before: str  # the sentence up to the phrase
    clock: time | None  # a time of day stated next to it


def _clock(m: re.Match[str]) -> time | None:
    if m.group(6):
        return time(12, 0)
    hour_text = m.group(1) or m.group(4) or m.group(7)
    if hour_text is None:
        return None
    if m.group(7):
        hour = _WORD_HOURS.get(hour_text.lower()) or int(hour_text)
        return time(hour % 24, 30) if hour <= 23 else None
    hour, minute = int(hour_text), int(m.group(2) or m.group(5) or 0)
    suffix = (m.group(3) or "").lower().replace(".", "")
    if suffix == "pm" and hour < 12:
        hour += 12
    elif suffix == "am" and hour == 12:
        hour = 0
    elif not suffix and 1 <= hour <= 6:
        hour += 12  # "at 2", "yesterday at 1": the working day, not the small hours
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def _phrases(text: str) -> list[_Phrase]:
    times = [(m.start(), m.end(), _clock(m)) for m in _TIME.finditer(text) if _clock(m)]
    out = []
    for m in _DAY_PHRASE.finditer(text):
        sentence_start = 0
        for end in _SENTENCE_END.finditer(text, 0, m.start()):
            sentence_start = end.end()
        before = text[max(sentence_start, m.start() - CONTEXT):m.start()]
        near = [c for s, e, c in times
                if (0 <= m.start() - e <= 14 or 0 <= s - m.end() <= 14)
                and not _SENTENCE_END.search(text[min(e, m.start()):max(s, m.end())])]
        out.append(_Phrase(m.group(0), m.start(), m.end(), before, near[0] if near else None))
    return out


def _duration(phrase: str, anchor: date) -> date | None:
    m = _DURATION.fullmatch(phrase.strip().lower().replace("wks", "weeks").replace("wk", "week"))
    if m is None:
        return None
    amount = _NUMBERS.get(m.group(2) or m.group(1)) or int(m.group(2) or m.group(1))
    unit = m.group(3)
    if "fortnight" in unit:
        return anchor + timedelta(days=14 * amount)
    if "week" in unit:
        return anchor + timedelta(days=7 * amount)
    if "working" in unit or "business" in unit:
        day, left = anchor, amount
        while left:
            day += timedelta(days=1)
            left -= day.weekday() < 5
        return day
    return anchor + timedelta(days=amount)


# Short forms of weekdays people type, for dateparser.
_SHORT_DAYS = {"monday": "mon", "tuesday": "tue|tues", "wednesday": "wed|weds",
               "thursday": "thu|thur|thurs", "friday": "fri", "saturday": "sat", "sunday": "sun"}


def _plain(phrase: str) -> str:
    p = phrase.lower()
    # "Friday 4th": the day of the month decides (it is looked for forwards or backwards).
    p = re.sub(rf"^{_WD},?\s+(?:the\s+)?(\d{{1,2}}(?:st|nd|rd|th)?)$", r"the \1", p)
    p = re.sub(r"\b2day\b|^this\s+(?:morning|afternoon|evening)$|^tonight$|^earlier\s+today$",
               "today", p)
    p = re.sub(r"\b(?:tmrw|tmr|2moro|tomorow|tommorow|tommorrow)\b|\bthe\s+morra\b", "tomorrow", p)
    p = re.sub(r"\beow\b|\bend of week\b", "end of the week", p)
    p = re.sub(r"\beom\b", "end of the month", p)
    p = re.sub(r"\b(?:the\s+)?weekend\b", "saturday", p)
    p = re.sub(r"'s\b", "", p)
    for day, short in _SHORT_DAYS.items():
        p = re.sub(rf"\b(?:{short})\b", day, p)
    return re.sub(r"\s+(?:morning|afternoon|evening|night)$", "", p).strip()


_WEEK_ON = re.compile(rf"^(?:({_WD})\s+week|a\s+week\s+(?:on|from)\s+({_WD}))$", re.IGNORECASE)


def _resolve(phrase: str, anchor: datetime, tz: ZoneInfo, direction: str) -> ParsedDate | None:
    if (m := _WEEK_ON.match(phrase.strip())) and direction != "past":
        # "Friday week", "a week on Monday": that weekday a week after the coming one.
        day = _resolve(m.group(1) or m.group(2), anchor, tz, direction)
        return None if day is None else ParsedDate(when=day.when + timedelta(days=7),
                                                   has_time=day.has_time)
    plain = _plain(phrase)
    return parse_date(plain, anchor, tz, "past" if direction == "past" else "future")


def read_moments(text: str, now: datetime, tz: ZoneInfo) -> Moments:
    """The interview's moment, the promised decision day and an agreed contact in `text`,
    sent at `now` (aware) by someone in `tz`. Anything not stated is None."""
    interviewed: datetime | None = None
    interviewed_has_time = False
    decision: date | None = None
    agreed: tuple[datetime, bool, str] | None = None
    promises: list[_Phrase] = []
    local_now = now.astimezone(tz)
    if re.search(r"\b(?:just|jus)\s+(?:had|did|finished|got\s+(?:off|out|home|back)|left|"
                 r"came\s+out|wrapped|done|back)\b|\bjust\s+now\b", text, re.IGNORECASE):
        interviewed = local_now
    for p in _phrases(text):
        if (m := _AGREED.search(p.before)) and agreed is None:
            verb = (m.group("verb") or m.group("verb2") or m.group("verb3") or "").lower()
            parsed = _resolve(p.text, now, tz, "future")
            if parsed is not None:
                when = parsed.when
                if p.clock is not None:
                    when = when.replace(hour=p.clock.hour, minute=p.clock.minute)
                kind = ("call" if verb in ("call", "ring", "phone") else
                        "message" if verb in ("text", "message", "whatsapp", "ping") else "email")
                agreed = (when, p.clock is not None, kind)
            continue
        if _PROMISE.search(p.before) and not re.search(r"\bago\b", p.text, re.IGNORECASE):
            promises.append(p)
            continue
        if interviewed is None or (interviewed == local_now and p.clock is not None):
            parsed = _resolve(p.text, now, tz, "past")
            if parsed is not None and parsed.when.date() <= local_now.date() and \
                    (_INTERVIEW_CUE.search(p.before) or p.start < len(text) // 2 or
                     parsed.when.date() < local_now.date()):
                when = parsed.when
                if p.clock is not None:
                    when = when.replace(hour=p.clock.hour, minute=p.clock.minute)
                interviewed, interviewed_has_time = when, p.clock is not None
    anchor_day = interviewed.date() if interviewed is not None else local_now.date()
    anchor = datetime.combine(anchor_day, time(17, 0), tzinfo=tz)
    decision_parsed: ParsedDate | None = None
    for p in promises:
        day = _duration(p.text, anchor_day)
        if day is None:
            parsed = _resolve(p.text, anchor, tz, "future")
            day = parsed.when.date() if parsed is not None and parsed.doubt != "far" else None
            decision_parsed = parsed if day is not None else None
        if day is not None:
            decision = day
            break
    return Moments(interviewed=interviewed, interviewed_has_time=interviewed_has_time,
                   decision=decision, decision_parsed=decision_parsed,
                   agreed_at=agreed[0] if agreed else None,
                   agreed_has_time=agreed[1] if agreed else False,
                   agreed_kind=agreed[2] if agreed else None)


# Who will tell the result: the subject of a promise to get back to the user.
_PROMISE_VERB = (r"(?:let\s+(?:me|us)\s+know|get\s+back|come\s+back|circle\s+back|reach\s+out|"
                 r"be\s+in\s+touch|get\s+in\s+touch|update|inform|contact|confirm|revert|call|"
                 r"ring|wring|phone|text|e-?mail|message|whatsapp|ping|send|decide|know|respond|"
                 r"reply|chase|post|write|feed\s*back|sort)")
_WILL = r"(?:will|'ll|’ll|would|'d|’d|is\s+going\s+to|are\s+going\s+to|gonna|should|to)"
_HR_INFORMS = re.compile(
    rf"\b(?:hr|human\s+resources|recruit\w*|talent\s+\w+|people\s+team|agency)\b[^.!?\n]{{0,40}}?"
    rf"\b{_WILL}\s+(?:\w+\s+)?{_PROMISE_VERB}\b|"
    rf"\b(?:hear|email|e-mail|call|news|update|feedback|word)\s+(?:back\s+)?from\s+(?:the\s+)?"
    rf"(?:hr|human\s+resources|recruit\w*|talent|people\s+team|agency)\b|"
    rf"\b(?:hr|recruiter)\s+(?:will|'ll|’ll)\b", re.IGNORECASE)
_MAILING_INFORMS = re.compile(
    r"\b(?:portal|automated|no-?reply|candidate\s+(?:portal|system)|applicant\s+system|"
    r"workday|mailing|email\s+(?:team|update)|automatic\w*)\b", re.IGNORECASE)
_PERSON_INFORMS = re.compile(
    rf"\b(?:she|he)\s*(?:will|'ll|’ll|would|'d|’d|is\s+going\s+to|was\s+going\s+to|gonna)\s+"
    rf"(?:\w+\s+){{0,2}}?{_PROMISE_VERB}\b|\b(?:herself|himself)\b|\b(?:the\s+)?(?:interviewer|"
    rf"hiring\s+manager)\s+(?:will|'ll|’ll)\b", re.IGNORECASE)


def read_informer(text: str, parts: list[tuple[int, str]] | None = None) -> str | None:
    """Who will tell the result, when the message says it: "hr" (HR, a recruiter, the agency),
    "mailing" (a portal, an automated email) or "interviewer" (the person who interviewed,
    promising it themself). `parts` are the people named, as (character offset, part): "she'll
    call me" is HR when the last person named before it is a recruiter or from HR. None when
    it is not said."""
    if _HR_INFORMS.search(text):
        return "hr"
    if _MAILING_INFORMS.search(text) and _PROMISE.search(text):
        return "mailing"
    if m := _PERSON_INFORMS.search(text):
        before = [part for at, part in parts or [] if at < m.start()]
        return "hr" if before and before[-1] in ("recruiter", "hr") else "interviewer"
    return None


def promised_by_name(text: str, name_end: int) -> bool:
    """Whether the words right after a name (at `name_end`) are that person's promise to get
    back to the user ("Nkechi will let me know within a week", "Ruth says she'll chase")."""
    return bool(_NAMED_PROMISE.match(text, name_end))


_NAMED_PROMISE = re.compile(
    rf"\s*(?:\([^)]*\)\s*)?(?:,[^,.!?\n]{{0,30}},\s*)?(?:{_WILL}|said\s+(?:she|he)\s*(?:'d|’d|"
    rf"would|will|'ll)|says\s+(?:she|he)\s*(?:'ll|will|’ll)|promised\s+to)\s+(?:\w+\s+){{0,2}}?"
    rf"{_PROMISE_VERB}\b", re.IGNORECASE)


def first_future_day(text: str, now: datetime, tz: ZoneInfo) -> date | None:
    """The first day phrase of `text` that reads as a day still to come ("they pushed it to
    tue", "moved to 9 Dec"), for a message that says the employer moved the date."""
    today = now.astimezone(tz).date()
    for p in _phrases(text):
        parsed = _resolve(p.text, now, tz, "future")
        if parsed is not None and parsed.when.date() >= today and parsed.doubt != "far":
            return parsed.when.date()
    return None
