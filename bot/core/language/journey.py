"""The words of a longer search (issue 17): which round of an application a message tells
about, when a round still to come is, a reminder asked for in the user's own words, withdrawing
from or removing an application, a note or the job link for one, and a pending step moved by
its name ("move the call to Friday"). Rules that generalise over phrasings; the dates go
through `day_phrases` (dateparser) like every other date Hearback reads."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.core.language.day_phrases import DAY_PHRASE, TIME_OF_DAY, clock_of, order_of, resolve
from bot.core.language.intents import asks_for_news
from bot.core.language.outcome_phrases import reports_outcome

# The rounds an application can have, in the order they usually come (issue 17).
ROUNDS = ("screen", "first", "second", "third", "final", "assessment", "offer")
_ROUND_WORDS = r"(?:round|stage|interview|intervew|interveiw|step)"
# "interview 2 days ago", "stage 1 of 3": a number that counts, not the round's.
_NOT_A_COUNT = r"(?!\s*(?:days?|weeks?|hours?|hrs?|mins?|minutes?|months?|am|pm|of|[:.]\d))"
_ROUND_RES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (label, re.compile(pattern, re.IGNORECASE)) for label, pattern in (
        # "my last interview" is the one before, not the final one: "last" counts only before
        # "round" or "stage".
        ("final", rf"\bfinal\s+(?:{_ROUND_WORDS}|panel|one)\b|\blast\s+(?:round|stage)\b|"
                  r"\bfinals\b|\b(?:on-?site|superday)\b"),
        # "two interviews this week" counts interviews: only "round two" names a round.
        ("third", rf"\b(?:third|3rd)\s+{_ROUND_WORDS}|"
                  rf"\b{_ROUND_WORDS}\s+(?:three|3)\b{_NOT_A_COUNT}"),
        ("second", rf"\b(?:second|2nd)\s+{_ROUND_WORDS}|"
                   rf"\b{_ROUND_WORDS}\s+(?:two|2)\b{_NOT_A_COUNT}|"
                   r"\bsecond\s+(?:chat|call|meeting)\b"),
        ("first", rf"\b(?:first|1st)\s+{_ROUND_WORDS}|"
                  rf"\b{_ROUND_WORDS}\s+(?:one|1)\b{_NOT_A_COUNT}"),
        ("assessment", r"\b(?:assessment\s*(?:centre|center|day)?|take-?home|case\s+study|"
                       r"technical\s+test|coding\s+(?:test|challenge|exercise)|work\s+trial|"
                       r"trial\s+(?:day|shift)|presentation\s+round)\b"),
        # "a phone call with Acme" may be the follow-up call itself: only a screen's words.
        ("screen", r"\b(?:phone|video|fone|tech(?:nical)?)\s+(?:screen|screening)\b|"
                   r"\bphone\s+interview\b|\b(?:recruiter|hr|"
                   r"initial|intro)\s+(?:screen|screening|call)\b|\bscreening\s+(?:call|"
                   r"interview)\b|\bscreener\b"),
    ))
# Another round without its number: "the next round", "they want me back", "back for another".
_NEXT_ROUND = re.compile(
    # ("another interview" may be with another company: not a round by itself.)
    rf"\b(?:next|further|follow-?up)\s+{_ROUND_WORDS}|\b(?:want|wants|asked|invited)\s+"
    r"me\s+back\b|\bback\s+for\s+(?:another|more|a\s+second)\b|\bthrough\s+to\s+the\s+next\b|"
    r"\b(?:passed|got\s+through|made\s+it\s+through)\s+(?:the\s+)?(?:first|phone|screen|initial)",
    re.IGNORECASE)
_ORDER = ("screen", "first", "second", "third", "final")


def round_of(text: str) -> str | None:
    """The round a message names ("second round done" -> "second", "onsite on Friday" ->
    "final", "they want me back" -> "next"), or None when it names none. "next" is the round
    after the application's current one (see `after`)."""
    # The round named first: what happened is told before what comes next ("first round went
    # well, they mentioned a second").
    found = [(m.start(), label) for label, pattern in _ROUND_RES
             if (m := pattern.search(text)) is not None]
    later = _NEXT_ROUND.search(text)
    if later is not None:
        # A round named by its number says more than "they want me back" ("they want me back
        # for a second round"), unless the number is part of it ("passed the first round").
        found = [(at, label) for at, label in found if not later.start() <= at < later.end()]
        found = found or [(later.start(), "next")]
    return min(found)[1] if found else None


def after(current: str | None) -> str:
    """The round that follows `current` ("screen" -> "first", None -> "second": an unnamed
    round was the first interview)."""
    if current is None or current not in _ORDER:
        return "second"
    return _ORDER[min(_ORDER.index(current) + 1, len(_ORDER) - 1)]


# Past-tense words that say a round is over ("second round done", "had the final").
_DONE = re.compile(r"\b(?:done|did|had|finished|over|completed|went|just\s+(?:had|did|left|"
                   r"finished)|wrapped|nailed|bombed|got\s+(?:out|through)|was\s+(?:today|"
                   r"yesterday|this))\b", re.IGNORECASE)


def says_done(text: str) -> bool:
    """The message tells of a round that happened (not one still to come)."""
    return bool(_DONE.search(text))


@dataclass(frozen=True)
class Moment:
    """A moment still to come: `at` is aware (the user's zone); `has_time` is False when only a
    day was named (then `at` is that day's midnight)."""

    at: datetime
    has_time: bool


def moment_to_come(text: str, now: datetime, tz: ZoneInfo) -> Moment | None:
    """The first day still to come that `text` names, with its time of day when one is given
    ("next Tuesday at 10:30", "tomorrow at 11", "on the 3rd"); None when it names none. `now`
    is aware. A time with no day ("at 3pm") is today's, or tomorrow's once it has passed."""
    local_now = now.astimezone(tz)
    clock = next((c for m in TIME_OF_DAY.finditer(text) if (c := clock_of(m)) is not None), None)
    for m in DAY_PHRASE.finditer(text):
        parsed = resolve(m.group(0), now, tz, "future", order=order_of(text, tz))
        if parsed is None or parsed.doubt == "far" or parsed.when.date() < local_now.date():
            continue
        if clock is not None:
            at = datetime.combine(parsed.when.date(), clock, tzinfo=tz)
            return Moment(at, True) if at > now else None
        if parsed.has_time and parsed.when > now:
            return Moment(parsed.when, True)
        return Moment(datetime.combine(parsed.when.date(), time(0, 0), tzinfo=tz), False)
    if clock is not None:
        at = datetime.combine(local_now.date(), clock, tzinfo=tz)
        return Moment(at if at > now else at + timedelta(days=1), True)
    return None


# -- your own reminders ---------------------------------------------------------------------------
_REMIND_LEAD = re.compile(
    r"^\s*(?:(?:hey|hi|ok|okay|please|pls|can\s+you|could\s+you|would\s+you|will\s+you),?\s+)*"
    r"(?:remind\s+me|set\s+(?:me\s+)?a\s+reminder|ping\s+me|nudge\s+me|give\s+me\s+a\s+(?:nudge|"
    r"shout|reminder)|remember\s+me)\b[,:]?\s*", re.IGNORECASE)
_WHAT_LEAD = re.compile(r"^(?:to|about|that\s+i\s+(?:should|need\s+to|must|have\s+to)|"
                        r"that|of)\s+", re.IGNORECASE)
# A time of day left at the end of the thing ("on Monday to call Tina at 10"): the time's.
_TRAILING_TIME = re.compile(r"\s+(?:at|@)\s*(?:\d{1,2}(?::\d{2})?\s*(?:am|pm)?|noon|midday)$",
                            re.IGNORECASE)
# Words that open the time part: "in 3 days", "on Friday", "tomorrow", "Friday at 9".
_WHEN_START = re.compile(
    r"\b(?:in\s+(?:an?\s+|\d|one|two|three|four|five|six|seven|ten|half|a\s+couple|a\s+few)|on\s+"
    r"(?=\w)|at\s+(?=\d|noon|midday)|tomorrow|tmrw|tonight|this\s+(?:evening|afternoon|weekend)|"
    r"next\s+(?:week|mon|tue|wed|thu|fri|sat|sun)|after\s+(?:lunch|work)|(?:mon|tue|wed|thu|fri|"
    r"sat|sun)[a-z]*\b|(?:early|later|end\s+of)\b|by\s+(?=\w))",
    re.IGNORECASE)


@dataclass(frozen=True)
class ReminderRequest:
    """A reminder asked for in words: `when` as typed ("in 3 days", "Friday at 9"), `what` to
    be reminded of ("email the recruiter"); either may be "" when the message leaves it out."""

    when: str
    what: str


def reminder_request(text: str) -> ReminderRequest | None:
    """"remind me in 3 days to email the recruiter", "remind me to check the portal on Friday
    at 9", "set a reminder for tomorrow 10am: call Jane": the time and the thing; None when the
    message does not open with a request to be reminded."""
    m = _REMIND_LEAD.match(text)
    if m is None:
        return None
    rest = text[m.end():].strip().rstrip(".!?")
    if re.match(r"(?:what|how|where|why|who|which|when)\b", rest, re.IGNORECASE):
        return None  # "remind me what to prep": a question, not a reminder
    request = _split(rest)
    # "remind me what you can do" is no reminder: a reminder names when.
    return request if _SAYS_WHEN.search(request.when) else None


_SAYS_WHEN = re.compile(rf"{_WHEN_START.pattern}|{DAY_PHRASE.pattern}|{TIME_OF_DAY.pattern}|"
                        r"\b(?:hour|hours|minutes|mins|hr|hrs|morning|afternoon|evening|"
                        r"noon|week|weekend)\b", re.IGNORECASE)


def reminder_without_time(text: str) -> str | None:
    """"remind me to call Jane": the thing to be reminded of, when the message asks for a
    reminder but says no time (the user is asked when); None otherwise."""
    m = _REMIND_LEAD.match(text)
    rest = text[m.end():].strip().rstrip(".!?") if m else ""
    lead = _WHAT_LEAD.match(rest)
    if lead is None or reminder_request(text) is not None:
        return None
    return rest[lead.end():].strip() or None


def _split(rest: str) -> ReminderRequest:
    if (about := re.match(r"for\s+", rest, re.IGNORECASE)) is not None and \
            not _WHEN_START.match(rest, about.end()):
        # "a reminder for my dentist on Friday": the thing, then the time.
        body = rest[about.end():]
        cut = _last_when(body)
        return ReminderRequest(when=body[cut:].strip(), what=body[:cut].strip(" ,"))
    if (lead := _WHAT_LEAD.match(rest)) is not None:
        # The thing first ("to check the portal on Friday at 9"): the time is its tail.
        body = rest[lead.end():]
        cut = _last_when(body)
        return ReminderRequest(when=body[cut:].strip(), what=body[:cut].strip(" ,"))
    # The time first ("in 3 days to email", "Friday at 9 to check", "tomorrow: call Jane").
    parts = re.split(r"\s+(?:to|about|that)\s+|\s*[:,-]\s+|\s+(?=if\s)", rest, maxsplit=1)
    if len(parts) != 2:
        return ReminderRequest(when=rest, what="")
    when, what = re.sub(r"^for\s+", "", parts[0]).strip(), parts[1].strip()
    if (tail := _TRAILING_TIME.search(what)) is not None and not TIME_OF_DAY.search(when) and \
            _SAYS_WHEN.search(when):
        when, what = f"{when}{tail.group(0)}", what[:tail.start()].strip()
    return ReminderRequest(when=when, what=what)


def _last_when(body: str) -> int:
    """Where the time at the end of `body` starts (len(body) when there is none)."""
    starts = [m.start() for m in _WHEN_START.finditer(body)]
    return starts[0] if starts else len(body)


# -- managing applications ----------------------------------------------------------------------
_WITHDRAW = re.compile(
    r"\b(?:withdr[ae]w(?:n|ing)?|pull(?:ed|ing)?\s+out|back(?:ed|ing)?\s+out|drop(?:ped|ping)?"
    r"\s+out|no\s+longer\s+(?:interested|want|pursuing|in\s+the\s+running\s+for)|not\s+"
    r"interested\s+any\s*more|(?:turn(?:ed|ing)?|declin(?:ed|ing))\s+(?:down\s+)?(?:the\s+)?"
    r"(?:next\s+round|interview|their\s+invitation)|(?:don'?t|do\s+not)\s+want\s+(?:to\s+go\s+"
    r"(?:on|ahead)|the\s+job)\s+(?:at|with)|(?:i'?m|i\s+am)\s+out\s+of\s+the\s+running|"
    # "Decided not to continue with Acme", "I'm not going to proceed with Globex"
    # (said by the user, not "the client decided not to proceed with me")
    r"(?:^|[.!?]\s+|\bi\s+(?:have\s+|am\s+|'?ve\s+)?|\bi'?m\s+)(?:decided|deciding|chose|choosing|"
    r"going|gonna)\s+not\s+to\s+(?:continue|proceed|go\s+ahead|carry\s+on|move\s+forward|go\s+"
    r"forward)\s+(?:with|in)|\b(?:i'?m|i\s+am)\s+not\s+(?:going\s+to|gonna)\s+(?:continue|proceed|"
    r"carry\s+on)\s+(?:with|in)|\bi(?:'?m|\s+am)?\s+step(?:ped|ping)?\s+(?:away|back)\s+from)\b",
    re.IGNORECASE)


# Someone else withdrawing (the employer, an offer, another candidate) is not the user.
_THEY_WITHDREW = re.compile(r"\b(?:they|she|he|it|company|employer|recruiter|hr|role|job|"
                            r"position|vacancy|offer|candidate|someone|somebody|person|other|"
                            r"guy|girl|one)\s+(?:has\s+|have\s+|had\s+|was\s+|were\s+|got\s+|"
                            r"been\s+|just\s+)*(?:withdr|pull|back|drop)", re.IGNORECASE)
# The user says it of themself, or as an instruction ("pull out of Globex").
_MINE = re.compile(r"\b(?:i|i'm|im|i've|ive|i'd|i'll|we|we're|me|my|myself)\b|^\s*(?:please\s+)?"
                   r"(?:withdraw|pull|back|drop|not\s+interested|no\s+longer)", re.IGNORECASE)


# Saying no to an offer: "I'm going to decline Tyrell", "turning the offer down", "I'll say no
# to Acme's offer".
_DECLINE = re.compile(r"\b(?:declin(?:e(?!s)|ed|ing)|"
                      r"turn(?:ed|ing)?\s+(?!(?:me|us)\b)(?:\w+\s+){0,3}?down|"
                      r"say(?:ing)?\s+no\s+to|reject(?:ing)?\s+(?:the|their|it|this|that)\b|"
                      r"not\s+(?:going\s+to\s+|gonna\s+)?(?:accept|take)\s+(?:it|the\s+offer|"
                      r"their\s+offer|the\s+job))", re.IGNORECASE)


def declines_offer(text: str) -> bool:
    """The user says no to an offer (see _DECLINE) of their own, not someone else's."""
    return bool(_DECLINE.search(text)) and bool(_MINE.search(text)) and \
        not _THEY_WITHDREW.search(text) and \
        not re.search(r"\b(?:they|she|he|company|employer|it|recruiter|hr)\b[^.!?]{0,20}?\b"
                      r"(?:declin|reject|turn\w*\s+(?:me|us)\s+down)|\b(?:me|us)\s+down\b",
                      text, re.IGNORECASE)


def wants_to_withdraw(text: str) -> bool:
    """The user withdraws from an application ("I withdrew from Globex", "pull out of Globex",
    "no longer interested in the Acme job"); not someone else ("they withdrew the offer", "the
    other candidate dropped out")."""
    return bool(_WITHDRAW.search(text)) and bool(_MINE.search(text)) and \
        not _THEY_WITHDREW.search(text)


_REMOVE = re.compile(
    r"^\s*(?:(?:can|could|would)\s+(?:you|u)\s+)?(?:please\s+|pls\s+)?(?:remove|delete|erase|"
    r"forget|drop|get\s+rid\s+of|clear\s+out|scrap|ditch|bin|cross\s+off|stop\s+tracking|untrack|"
    # ("take Tesco off please", "take the Acme one off my list")
    r"take(?=\s.{1,40}\s+off(?:\s+(?:the|my)\s+list)?(?:\s+(?:please|pls))?[.!]?\s*$))"
    r"\s+(?:the\s+|my\s+)?"
    r"(?!everything|all\b|me\b|it\b|that\b|this\b|them\b|data\b|account\b|"
    r"my\s+(?:data|account))([\w&' .-]{2,40}?)"
    r"(?:\s+(?:interview|application|one|entry))?(?:\s+(?:from\s+(?:my\s+)?(?:list|interviews)|"
    r"off(?:\s+(?:the|my)\s+list)?))?(?:\s+for\s+me)?(?:\s+(?:please|pls))?(?:,\s*(?:it'?s|its|it\s+was)\s+a\s+"
    r"(?:duplicate|dupe|mistake))?"
    # ", I added it by mistake", " - put it in twice"
    r"(?:\s*[,-]\s*(?:i\s+)?(?:added|entered|put|logged)\s+it\s+(?:in\s+)?(?:by\s+(?:mistake|"
    r"accident)|twice))?"
    r"(?:,\s*(?:it'?s|its|that'?s|they'?re)\s+(?:dead|over|done|gone|finished)(?:\s+anyway)?)?"
    r"[.!?]?\s*$", re.IGNORECASE)


def removal_target(text: str) -> str | None:
    """The application a message asks to remove ("remove Globex", "delete the Initech
    interview", "forget the Acme one"), as written; None otherwise (and never for "delete
    everything" or "forget me": that is `delete`)."""
    m = _REMOVE.match(text)
    return m.group(1).strip() if m else None


_NOTE = re.compile(r"^\s*(?:/?note|add\s+(?:a\s+)?note|jot(?:\s+(?:this|that|it))?(?:\s+down)?|"
                   r"memo)\b\s*"
                   r"(?:(?:for|to|on|about|re:?)\s+(?P<company>[^:]{1,40}?)\s*)?[:\-–]\s*"
                   r"(?P<note>.+)$|^\s*(?:/?note|add\s+(?:a\s+)?note)\s+(?P<plain>.+)$",
                   re.IGNORECASE | re.DOTALL)
# "For Acme, jot down that the HM is Tomasz", "Save this on the Acme application: referral from
# Jen", "note down for Globex that parking is at the back": a note said in a sentence.
_NOTE_SAID = re.compile(
    r"^\s*(?:for\s+(?P<company>[^,:]{1,40}?)\s*,\s*)?(?:please\s+|pls\s+|can\s+you\s+)?(?:jot|note|"
    r"write)\s+down\s+(?:for\s+(?P<company2>[^,:]{1,40}?)\s+)?(?:that\s+)?(?P<note>.+)$|"
    r"^\s*(?:please\s+|pls\s+|can\s+you\s+)?(?:save|store|keep|add|put|file)\s+(?:this|that)\s+"
    r"(?:on|to|for|against|under|with)\s+(?:the\s+|my\s+)?(?P<company3>[^:]{1,40}?)\s+"
    r"(?:application|app|one|job|file|interview)(?:\s+(?:please|pls))?\s*[:\-–]\s*(?P<note3>.+)$",
    re.IGNORECASE | re.DOTALL)
# "For Acme: salary band they mentioned was 52-58k": a note headed with its application, when
# what follows is a plain statement (not a question, nor an outcome: "For Acme: rejected").
_NOTE_HEADED = re.compile(r"^\s*(?:for|re:?)\s+(?:the\s+)?(?P<company>[^:?\n]{1,40}?)\s*:\s*"
                          r"(?P<note>[^?]{3,})$", re.IGNORECASE | re.DOTALL)
URL = re.compile(r"\bhttps?://[^\s<>\"']+[^\s<>\"'.,;:!?)]", re.IGNORECASE)
_LINK = re.compile(r"\b(?:job\s+(?:link|ad|advert|posting|post|listing|description|url)|link|"
                   r"posting|advert|listing|url|jd)\b", re.IGNORECASE)


@dataclass(frozen=True)
class NoteRequest:
    """A note for an application: `company` as written ("" when not said), `note` the text."""

    company: str
    note: str


def note_request(text: str) -> NoteRequest | None:
    """"note for Acme: ask about on-call", "note: bring the portfolio", "add a note to Globex -
    salary band 50-60k"; a job link stated for one ("the job link for Acme is https://...")
    comes back with the URL as its note. None for anything else."""
    m = _NOTE.match(text)
    if m is not None:
        note = (m.group("note") or m.group("plain") or "").strip()
        return NoteRequest((m.group("company") or "").strip(), note) if note else None
    if (m := _NOTE_SAID.match(text)) is not None:
        company = m.group("company") or m.group("company2") or m.group("company3") or ""
        return NoteRequest(company.strip(), (m.group("note") or m.group("note3")).strip())
    if (m := _NOTE_HEADED.match(text)) is not None and reports_outcome(m.group("note")) is None \
            and not asks_for_news(m.group("note")):
        return NoteRequest(m.group("company").strip(), m.group("note").strip())
    url = URL.search(text)
    if url is not None and _LINK.search(text):
        before = text[:url.start()]
        company = re.search(r"\b(?:for|at|of|to)\s+(?:the\s+)?([\w&' .-]{2,40}?)\s+(?:job|role|"
                            r"position|one|is|:|-|=|here)", before, re.IGNORECASE)
        return NoteRequest(company.group(1).strip() if company else "", url.group(0))
    return None


_CANCEL_REMINDER = re.compile(
    r"^\s*(?:please\s+)?(?:cancel|delete|remove|drop|stop|scrap|forget(?:\s+about)?)\s+(?:the\s+|"
    r"my\s+|that\s+)?reminders?\b(?:\s+(?:to|about|for|of))?\s*(?P<what>.*?)[.!]?\s*$",
    re.IGNORECASE)


def reminder_to_cancel(text: str) -> str | None:
    """"cancel my reminder to email the recruiter", "delete the reminder about the portal":
    the words of the reminder meant ("" when none are given); None for anything else."""
    m = _CANCEL_REMINDER.match(text)
    return m.group("what").strip() if m else None


# -- moving a pending step by its name ---------------------------------------------------------
_MOVE = re.compile(
    r"^\s*(?:(?:please|can\s+you|could\s+you)\s+)?(?:move|push|put\s+off|postpone|delay|shift|"
    r"reschedule|snooze|bump|put\s+back)\s+(?:the\s+|my\s+)?(?P<what>.{2,60})\s+(?:to|till|"
    r"until|til|for|by|back\s+to)\s+(?P<when>.+?)[.!]?\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class MoveRequest:
    """A pending step moved by name: `what` as typed ("call", "thank-you reminder", "Acme
    call"), `when` as typed ("Friday", "tomorrow")."""

    what: str
    when: str


def move_request(text: str) -> MoveRequest | None:
    """"move the call to Friday", "push the thank-you reminder to tomorrow", "snooze the Acme
    check-in until Monday"; None for anything else (an employer moving a date is `new_date`:
    "they moved it to the 18th" has no step named after the verb)."""
    m = _MOVE.match(text)
    if m is None or re.match(r"(?:it|that|this|them|date|decision|on|forward|ahead|along|up|"
                             r"out|in)\b", m.group("what"), re.IGNORECASE):
        return None
    return MoveRequest(m.group("what").strip(), m.group("when").strip())
