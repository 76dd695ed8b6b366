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

import bisect
import itertools
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.core.language.dates import ParsedDate, parse_date
from bot.core.language.day_phrases import (
    DAY_PHRASE,
    RANGE,
    TIME_OF_DAY,
    ambiguous_hour,
    clock_of,
    duration_from,
    order_of,
    resolve,
    zone_prefs,
)
from bot.core.language.moment_cues import (
    AGREED,
    COME_BACK,
    CORRECTION,
    FROM_NOW,
    IF_NOT_HEARD,
    JUST_NOW,
    LONG_AGO,
    NEXT_ROUND,
    OVERDUE,
    PAST_PHRASE,
    PROMISE,
    STRONG,
    WEEKDAY_JOB,
    WEEKDAY_ONLY,
    contact_kind,
)

# "it's been nearly a week", "for two days": time that has passed, not a day to come.
_ELAPSED = re.compile(r"\b(?:been|for|spent|took|lasted|waited|waiting)\s+(?:nearly|almost|"
                      r"about|over|around|like|only|just|a\s+good)?\s*$", re.IGNORECASE)
_INTERVIEW_CUE = re.compile(
    r"\b(?:interview\w*|intervew|intervu|screen|call|chat|meet\w*|met|round|stage|onsite|"
    r"on-site|assessment|trial|shift|panel|had|did|was|were|went|done|finished|saw|spoke|"
    r"talked|zoom|teams|video)\b|\b(?:when|date|day|time)\s*[:=]", re.IGNORECASE)
# "it's been 4 days since my interview": the interview that many days before now.
_SINCE = re.compile(r"\b(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|a)\s+(days?|"
                    r"weeks?)\s+since\s+(?:my|the|our|that)\s+(?:[\w-]+\s+){0,2}(?:interview\w*|"
                    r"call|chat|screen\w*|trial|round|meeting)\b", re.IGNORECASE)
_COUNT_WORDS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                "seven": 7, "eight": 8, "nine": 9, "ten": 10}
_SENTENCE_END = re.compile(r"[.!?\n;]+\s|\n")
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
    # "am or pm" when the agreed hour can be the morning or the evening ("call me at 7").
    agreed_doubt: str | None = None


@dataclass(frozen=True)
class _Phrase:
    text: str
    start: int
    end: int
    before: str  # the sentence up to the phrase
    clock: time | None  # a time of day stated next to it
    far_clock: time | None  # one stated in its sentence, not next to another moment
    sentence: str = ""  # the whole sentence up to the phrase
    clock_unsure: bool = False  # `clock` is 7 or 8 without am/pm: morning or evening?


# A message names a few moments; these bound the work on a long paste full of dates and times.
MAX_PHRASES = 40
MAX_TIMES = 40


def _phrases(text: str) -> list[_Phrase]:
    matches = [m for m in itertools.islice(TIME_OF_DAY.finditer(text), MAX_TIMES * 4)
               if clock_of(m)][:MAX_TIMES]
    times = [(m.start(), m.end(), c) for m in matches if (c := clock_of(m))]
    unsure = {m.start() for m in matches if ambiguous_hour(m)}
    days = [m for m in itertools.islice(DAY_PHRASE.finditer(text), MAX_PHRASES)
            if not WEEKDAY_JOB.match(text, m.start())]
    ends = [e.end() for e in _SENTENCE_END.finditer(text)]
    cues = sorted(m.start() for rx in (PROMISE, AGREED) for m in rx.finditer(text))
    out = []
    for m in days:
        k = bisect.bisect_right(ends, m.start())
        sentence_start = ends[k - 1] if k else 0
        sentence_end = ends[k] if k < len(ends) else len(text)
        before = text[max(sentence_start, m.start() - CONTEXT):m.start()]
        near_times = [(s, c) for s, e, c in times
                      if (0 <= m.start() - e <= 14 or 0 <= s - m.end() <= 14)
                      and sentence_start <= min(s, m.start()) and max(e, m.end()) <= sentence_end]
        near = [c for _, c in near_times]
        far = _far_clock(m, times, days, cues, (sentence_start, sentence_end))
        out.append(_Phrase(m.group(0), m.start(), m.end(), before,
                           _after_noon(m.group(0), near[0] if near else None),
                           _after_noon(m.group(0), far), text[sentence_start:m.start()],
                           bool(near_times) and near_times[0][0] in unsure and
                           not _LATE_PART.search(m.group(0))))
    return out


PART_OF_DAY = re.compile(r"\b(?:morning|afternoon|arvo|evening|tonight|night)\b",
                         re.IGNORECASE)
# The hour each part of the day stands for, when no time is given (the intake says which).
PART_HOURS = {"morning": time(9, 0), "afternoon": time(14, 0), "arvo": time(14, 0),
              "evening": time(18, 0), "tonight": time(18, 0), "night": time(18, 0)}
_LATE_PART = re.compile(r"\b(?:afternoon|evening|night|tonight|arvo|aft)\b", re.IGNORECASE)


def _after_noon(phrase: str, clock: time | None) -> time | None:
    """ "last night at 7", "this afternoon at 11"? A morning hour said of a later part of the
    day is that hour after noon (7 -> 19:00); anything else as it is."""
    if clock is not None and 1 <= clock.hour < 12 and _LATE_PART.search(phrase):
        return clock.replace(hour=clock.hour + 12)
    return clock


def _far_clock(day: re.Match[str], times: list[tuple[int, int, time]],
               days: list[re.Match[str]], cues: list[int], sentence: tuple[int, int]
               ) -> time | None:
    """A time of day in the same sentence as `day` but not next to it ("interview at Chipotle
    today for kitchen manager, 8am before the rush"), when nothing between them says it is
    another moment (a promise or an agreed contact starting there (`cues`), another day)."""
    for s, e, c in times:
        if not (sentence[0] <= s and e <= sentence[1]):
            continue
        lo, hi = min(e, day.start()), max(s, day.end())
        k = bisect.bisect_left(cues, lo)
        if k < len(cues) and cues[k] < hi:
            continue
        if any(lo <= d.start() < hi or abs(d.end() - s) <= 14
               for d in days if d is not day):
            continue
        return c
    return None


# Characters between a time and the day phrase it belongs to ("Monday at 10", "10am Monday").
NEAR = 14


def _free_times(text: str) -> list[tuple[time, list[str]]]:
    """Each time of day `text` states outside a sentence that promises or asks something
    (PROMISE, AGREED: "they'll ring at 5"), with the day phrases standing next to it."""
    days = list(itertools.islice(DAY_PHRASE.finditer(text), MAX_PHRASES))
    ends = [0, *(e.end() for e in _SENTENCE_END.finditer(text)), len(text)]
    out = []
    for m in itertools.islice(TIME_OF_DAY.finditer(text), MAX_TIMES):
        if (clock := clock_of(m)) is None:
            continue
        k = bisect.bisect_right(ends, m.start())
        lo, hi = ends[k - 1], ends[k] if k < len(ends) else len(text)
        sentence = text[lo:hi]
        if PROMISE.search(sentence) or AGREED.search(sentence):
            continue
        # (a day in the sentence before is not next to it: "by Friday. It was at 10.30")
        out.append((clock, [d.group(0).strip() for d in days if lo <= d.start() < hi and (
            abs(d.start() - m.end()) <= NEAR or abs(m.start() - d.end()) <= NEAR)]))
    return out


def _lone_clock(text: str, before: time) -> time | None:
    """The only time of day `text` states with no day phrase next to it (see _free_times),
    when it is not later than `before`; else None."""
    found = [clock for clock, near in _free_times(text) if not near]
    return found[0] if len(found) == 1 and found[0] <= before else None


AHEAD = timedelta(minutes=30)  # a time this far after now is still to come, not a slip
_TODAY_ONLY = re.compile(r"^(?:today|2day|this\s+(?:afternoon|evening)|tonight|later(?:\s+today)?)$"
                         , re.IGNORECASE)


def time_to_come_today(text: str, now: datetime, tz: ZoneInfo) -> bool:
    """Whether `text` names a time later today (half an hour or more after `now`) for the
    interview: "screen at Linear at 5:30 today" said at 15:00. A time of a promise or an
    agreed contact ("they'll ring at 5") or of another day ("Monday at 10") does not count."""
    local_now = now.astimezone(tz)
    return any(all(_TODAY_ONLY.match(day) for day in near) and
               datetime.combine(local_now.date(), clock, tzinfo=tz) - local_now >= AHEAD
               for clock, near in _free_times(text))


def read_moments(text: str, now: datetime, tz: ZoneInfo) -> Moments:
    """The interview's moment, the promised decision day and an agreed contact in `text`,
    sent at `now` (aware) by someone in `tz`. Anything not stated is None."""
    interviewed: datetime | None = None
    interviewed_has_time = False
    decision: date | None = None
    agreed: tuple[datetime, bool, str] | None = None
    agreed_doubt: str | None = None
    promises: list[_Phrase] = []
    local_now = now.astimezone(tz)
    just_now = bool(JUST_NOW.search(text))  # a later day or time stated may still say when
    if just_now:
        interviewed = local_now
    agreed_phrases: list[tuple[_Phrase, str, str]] = []
    taken_at: int | None = None  # where the day read as the interview's ends
    for p in _phrases(text):
        if (m := AGREED.search(p.before)) and not agreed_phrases:
            verb = next((m.group(g) for g in ("verb", "verb2", "verb3", "verb4", "verb5",
                                              "verb6") if m.group(g)), "").lower()
            agreed_phrases.append((p, verb, p.before[m.start():]))
            continue
        if agreed_phrases and _same_clause_on(text, agreed_phrases[0][0], p):
            continue  # "email him Wednesday if I've heard nothing, so that's today": the same
        if _ELAPSED.search(p.before):
            continue
        if IF_NOT_HEARD.search(p.before[-60:]) or COME_BACK.search(p.before[-30:]):
            # ("come back Monday at 7 to sort the paperwork": a next step of the user's)
            continue  # "if I don't hear by Friday, call her": the condition of an agreed contact
        if PROMISE.search(p.before) and not PAST_PHRASE.search(p.text):
            promises.append(p)
            continue
        if interviewed is None or just_now or (taken_at is not None and (
                CORRECTION.search(text[taken_at:p.start]) or NEXT_ROUND.search(p.before))):
            parsed = resolve(p.text, now, tz, "past", order=order_of(text, tz))
            if just_now and (parsed is None or (
                    parsed.when.date() == local_now.date() and p.clock is None)):
                continue  # "just had" stays now, unless a time or another day is stated
            if parsed is not None and parsed.when.date() < local_now.date() - LONG_AGO and \
                    not re.search(r"\b(?:19|20)\d\d\b", p.text):
                continue  # "over Christmas", "on 2 December": never last year's, unless written
            if parsed is not None and parsed.when.date() <= local_now.date() and \
                    (_INTERVIEW_CUE.search(p.sentence) or p.start < len(text) // 2 or
                     parsed.when.date() < local_now.date() or
                     # "Hilton Garden Inn, receptionist, today at 2": a time already past
                     (p.clock is not None and p.clock <= local_now.time())):
                when = parsed.when
                clock = p.clock or p.far_clock
                if clock is not None:
                    when = when.replace(hour=clock.hour, minute=clock.minute)
                interviewed, interviewed_has_time = when, clock is not None
                just_now = False
                taken_at = p.end
    if interviewed is None and (since := _SINCE.search(text)):
        n = int(since.group(1)) if since.group(1).isdigit() else \
            _COUNT_WORDS[since.group(1).lower()]
        interviewed = local_now - timedelta(days=n * (7 if since.group(2).lower()
                                                       .startswith("week") else 1))
    if interviewed is not None and not interviewed_has_time and \
            (clock := _lone_clock(text, local_now.time() if interviewed.date() == local_now.date()
                                  else time(23, 59))) is not None:
        # "just had my phone interview, 2:30 to 3", "yesterday … Video at 10": the one time
        # the message states, tied to no other moment (before now, when the day is today), is
        # when it was.
        interviewed, interviewed_has_time = interviewed.replace(
            hour=clock.hour, minute=clock.minute, second=0, microsecond=0), True
    anchor_day = interviewed.date() if interviewed is not None else local_now.date()
    anchor = datetime.combine(anchor_day, time(17, 0), tzinfo=tz)
    for p, verb, clause in agreed_phrases:
        # Counted, like a promise, from the interview ("email him Wednesday" said at last
        # Friday's interview is the Wednesday after it); "tomorrow" from now.
        parsed = resolve(p.text, now if FROM_NOW.match(p.text.strip()) else anchor, tz,
                          "future", order=order_of(text, tz))
        if parsed is not None and parsed.when.date() < local_now.date() and \
                WEEKDAY_ONLY.match(p.text.strip()):
            # Written days later, "give him a call Monday" is the Monday to come: a contact
            # can only be made from now on.
            parsed = resolve(p.text, now, tz, "future", order=order_of(text, tz))
        if parsed is not None:
            when = parsed.when
            if p.clock is not None:
                when = when.replace(hour=p.clock.hour, minute=p.clock.minute)
            elif (part := PART_OF_DAY.search(p.text)) is not None:
                # "email her tomorrow afternoon": that part's usual hour, still to be confirmed
                # (has_time stays False).
                hour = PART_HOURS[part.group(0).lower()]
                when = when.replace(hour=hour.hour, minute=hour.minute)
            agreed = (when, p.clock is not None, contact_kind(verb, clause))
            agreed_doubt = "am or pm" if p.clock is not None and p.clock_unsure else None
    decision_parsed: ParsedDate | None = None
    # The phrase a strong cue leads to comes first ("interviews finish tomorrow, and she'll
    # phone everyone by Monday": Monday).
    # When several have a strong cue, the latest is when the news is due ("he'd decide over
    # the weekend and get back to me Monday": Monday).
    strong = [p for p in promises if STRONG.search(p.before[-45:])]
    found: list[tuple[date, ParsedDate | None]] = []
    for p in strong or promises:
        if re.search(r"\bfew\b", p.text, re.IGNORECASE):
            continue  # "in a few days": no day a careful reader could name; the intake asks
        day, parsed = _promised_day(p, text, anchor, local_now, tz)
        if day is not None:
            found.append((day, parsed))
            if not strong:
                break
    if found:
        decision, decision_parsed = max(found, key=lambda f: f[0])
    return Moments(interviewed=interviewed, interviewed_has_time=interviewed_has_time,
                   decision=decision, decision_parsed=decision_parsed,
                   agreed_at=agreed[0] if agreed else None,
                   agreed_has_time=agreed[1] if agreed else False,
                   agreed_kind=agreed[2] if agreed else None, agreed_doubt=agreed_doubt)


def _same_clause_on(text: str, agreed: _Phrase, p: _Phrase) -> bool:
    """Whether `p` follows the agreed contact's day in its sentence with no promise of news of
    its own between them ("email him Wednesday if I've heard nothing, so that's today"): a
    remark on the agreed day, not a second promise."""
    between = IF_NOT_HEARD.sub("", text[agreed.end:p.start])
    return p.start > agreed.end and not _SENTENCE_END.search(between) and \
        not STRONG.search(between)


def _promised_day(p: _Phrase, text: str, anchor: datetime, now: datetime, tz: ZoneInfo
                  ) -> tuple[date | None, ParsedDate | None]:
    """The day a promise phrase names: a period counted from the interview day (`anchor`),
    "tomorrow" from when the message was written (`now`), "before the weekend" the Friday."""
    day = duration_from(p.text, anchor.date(), zone_prefs(tz))
    if day is not None:
        # "3-5 working days", "2-3 weeks": the later end, said so when it is confirmed.
        return day, (ParsedDate(when=datetime.combine(day, time(0, 0), tzinfo=tz),
                                has_time=False, doubt="range") if RANGE.search(p.text) else None)
    phrase = p.text
    if re.search(r"\bbefore\s*$", p.before, re.IGNORECASE) and \
            re.fullmatch(r"(?:the\s+)?weekend", phrase.strip(), re.IGNORECASE):
        phrase = "friday"
    base = now if FROM_NOW.match(phrase.strip()) else anchor
    parsed = resolve(phrase, base, tz, "future", order=order_of(text, tz))
    if parsed is not None and base is anchor and parsed.when.date() < now.date() and \
            WEEKDAY_ONLY.match(phrase.strip()) and not OVERDUE.search(text):
        # Written days later, "they'll decide by Monday" with no word of waiting past it is the
        # Monday still to come, not one already gone.
        parsed = resolve(phrase, now, tz, "future", order=order_of(text, tz))
    if parsed is None or parsed.doubt == "far":
        return None, None
    return parsed.when.date(), parsed


def first_future_day(text: str, now: datetime, tz: ZoneInfo) -> date | None:
    """The first day phrase of `text` that reads as a day still to come ("they pushed it to
    tue", "moved to 9 Dec"), for a message that says the employer moved the date."""
    today = now.astimezone(tz).date()
    for p in _phrases(text):
        parsed = resolve(p.text, now, tz, "future", order=order_of(text, tz))
        if parsed is not None and parsed.when.date() >= today and parsed.doubt != "far":
            return parsed.when.date()
    return None


def day_to_come_at(text: str, now: datetime, tz: ZoneInfo) -> int | None:
    """Where `text` first names a day that can only be still to come ("tomorrow at 10:30",
    "on the 9th of December", "thursday the 3rd", "next Monday"), outside the employer's
    promises and agreed contacts; None when it names none. A bare weekday ("on Friday") is
    not one: it may be last Friday."""
    today = now.astimezone(tz).date()
    for p in _phrases(text):
        if PROMISE.search(re.split(r"[.!?\n]", p.before[-80:])[-1]) or AGREED.search(p.before):
            continue
        if re.match(r"within\b", p.text, re.IGNORECASE):
            continue  # "within 5 days" is always a promise
        if _BARE_WEEKDAY.fullmatch(p.text.strip()):
            continue
        past = resolve(p.text, now, tz, "past", order=order_of(text, tz))
        future = resolve(p.text, now, tz, "future", order=order_of(text, tz))
        if past is not None and (past.doubt == "future" or past.when.date() > today):
            return p.start  # (read as past as can be, still to come: "thursday the 3rd")
        if past is not None and future is not None and future.doubt is None:
            # "thursday the 3rd" said on 25 Nov: 3 Dec (8 days on), not 3 Nov (22 days ago).
            ahead, ago = (future.day - today).days, (today - past.day).days
            if ahead > 0 and 2 * ahead < ago:
                return p.start
    return None


_BARE_WEEKDAY = re.compile(r"(?:on\s+)?(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*(?:'s)?"
                           r"(?:\s+(?:morning|afternoon|evening|night))?"
                           # "Monday 3:30", "fri at 10am": a time does not make it the one to come
                           r"(?:,?\s+(?:at\s+)?\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm)?)?", re.IGNORECASE)


def answered_day(text: str, now: datetime, tz: ZoneInfo, interviewed: datetime | None
                 ) -> ParsedDate | None:
    """The day an answer to "when will they let you know?" names, read as the same words in a
    first message are (issue 14: the same phrase gives the same date either way): a period
    counted from the interview day (`interviewed`, else today), "tomorrow" from `now`,
    "Thursday next week", "end of November". None when it names no day."""
    local_now = now.astimezone(tz)
    anchor_day = interviewed.astimezone(tz).date() if interviewed is not None else \
        local_now.date()
    anchor = datetime.combine(anchor_day, time(17, 0), tzinfo=tz)
    for p in _phrases(text):
        day, parsed = _promised_day(p, text, anchor, local_now, tz)
        if day is not None:
            return parsed or ParsedDate(when=datetime.combine(day, time(0, 0), tzinfo=tz),
                                        has_time=False)
    return None


def day_answered(text: str, now: datetime, tz: ZoneInfo, interviewed: datetime | None
                 ) -> ParsedDate | None:
    """The day an answer to a date question names: the day in a sentence ("they want an answer
    by the 10th", see answered_day), else the words read as a date still to come; None when
    there is neither."""
    return answered_day(text, now, tz, interviewed) or parse_date(text, now, tz, "future")
