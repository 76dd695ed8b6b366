"""Who will tell the user the result, as a message about an interview says it: HR or a
recruiter ("hr"), an automated mailing or portal ("mailing"), or the interviewer themself
("interviewer").

Each promise to pass the result on ("she'll ring me Friday", "HR emails everyone next wed",
"you'll hear from me by Tuesday", "the answer will arrive by email from the recruitment
platform") is found, and its giver read from the words of its clause: a word for HR, an agency
or a mailing; a person named there, or the person a "she" or "he" stands for (the one who "said
she'd", else the last named), whose part decides. "They'll let me know" names no one: None.
"""

from __future__ import annotations

import re

from bot.core.language.moment_cues import PROMISE

# Passing the result on ("decide" and "know" are not: "she'll know in two weeks" says nothing
# of who tells).
_GIVE = (r"(?:let\s+(?:me|us|you|everyone)\s+(?:know|no|kno)|get(?:ting)?\s+back|come\s+back\s+to|"
         r"circle\s+back|reach\s+out|be\s+in\s+touch|get\s+in\s+touch|update|inform|contact|"
         r"confirm|revert|advise|call|ring|wring|phone|text|txt|e-?mail|message|whatsapp|ping|send|"
         r"respond|"
         r"reply|chase|post|write|feed\s*back|tell|give\s+(?:me\s+|us\s+)?(?:the\s+|an?\s+|some\s+)?"
         r"(?:feedback|answer|result|news|outcome|decision)|handl\w+\s+(?:the\s+)?feedback|"
         r"pass\s+on|come\s+through|bell|intimate|notify|communicate|follow\s+up|holler|dm|slack|"
         r"telephone|hit\s+(?:me|us)\s+up|msg|drop\s+(?:me|us)\s+a\s+(?:text|line|message|call|"
         r"e-?mail|note)|"
         r"share\s+(?:the\s+|an?\s+)?(?:outcome|result|decision|feedback|news)|"
         r"get\s+(?:the\s+|some\s+|my\s+)?(?:feedback|news|an?\s+answer|the\s+result)\s+to|give\s+(?:me|us)\s+a\s+(?:bell|ring|call|shout|buzz|text|"
         r"tinkle)|shoot\s+(?:me|us)\s+an?\s+(?:text|message|e-?mail|line|note|call|dm))")
_WILL = (r"(?:will|wil|wll|'ll|’ll|would|'d|’d|(?:is|'s|’s|are|'re)\s+going\s+to|gonna|"
         r"(?:is|are)\s+(?:meant|supposed|due)\s+to|"
         r"should|is|are|go)")
# ("to" is not a promise: "she asked me to email her" is the user's part, an agreed contact.)
# "hed", "shell", "theyll": the apostrophe people leave out.
_BARE = r"(?:s?he|they)(?:d|ll)"
_GIVING = re.compile(
    rf"\b(?:{_WILL}\s+(?:\w+\s+){{0,2}}?{_GIVE}|{_GIVE}s\b|promised\s+(?:\w+\s+)?(?:to\s+)?"
    rf"{_GIVE}|{_BARE}\s+(?:\w+\s+){{0,2}}?{_GIVE}|(?:hr|recruiter|agency)\s+to\s+{_GIVE}|"
    # "he give me answer", "she call me Friday": a promise in the present, as some write it.
    rf"(?<=\bhe\s)(?:give|call|email|ring|text|phone|send)\s+(?:me|us)|"
    # "They mail out results in 2-3 weeks": what they do for every candidate.
    rf"(?<=\bthey\s)(?:mail|send|post|e-?mail)\s+(?:out|everyone|all)\b|"
    rf"(?<=\bshe\s)(?:give|call|email|ring|text|phone|send)\s+(?:me|us)|"
    rf"(?:(?<=\bshe\s)|(?<=\bhe\s))send\s+(?:a\s+|the\s+)?(?:message|e-?mail|mail|answer|result)|"
    rf"(?<=\bhr\s)(?:send|sends|give|gives|call|calls|email|emails|contact|contacts|inform|"
    rf"informs)\b|"
    rf"(?<=and\s)(?:(?:get|come)\s+back\s+to|text|txt|call|ring|e-?mail|phone|message|"
    rf"tell|inform|contact)\s+(?:me|us)|"
    rf"(?:'s|’s|is|are|'re)\s+(?:emailing|e-mailing|calling|ringing|phoning|texting|messaging|"
    rf"contacting|writing\s+to|getting\s+back\s+to)\s+(?:me|us|everyone|(?:the\s+)?(?:outcomes?|"
    rf"results?|decisions?))|"
    rf"(?:'s|’s|is|are|'re)\s+(?:going\s+to\s+)?send(?:ing)?\s+(?:me\s+|us\s+)?(?:the\s+|an?\s+)?"
    rf"(?:result|outcome|answer|feedback|decision|news|e-?mail|message|letter|text)|"
    rf"(?:s?he|they)(?:'s|s|’s)\s+gonna\s+{_GIVE})\b|"
    # "all candidates will be notified by email", "we shall be informed by 10/12"
    rf"\b(?:will|shall|would|should)\s+be\s+(?:notified|informed|contacted|told|updated|"
    rf"advised|emailed|e-mailed|called|phoned)\b|"
    # "he promised me an answer", "he say wait his call"
    rf"\bpromised\s+(?:me|us)\s+(?:an?\s+|the\s+)?(?:answer|decision|result|call|reply|"
    rf"feedback|update)\b|\bwait\s+(?:for\s+)?(?:his|her)\s+(?:call|message|e-?mail|text|"
    rf"answer|reply)\b|"
    rf"\b(?:hears?|news|feedback|answer|result|outcome|word|an?\s+e-?mail|a\s+call|"
    rf"by\s+(?:e-?mail|phone|text|letter))\s+"
    rf"(?:back\s+)?(?:by\s+(?:phone|e-?mail|text|letter)\s+)?(?:from|via|through)\b|\b(?:results?|outcome|answer|decision|feedback)\s+"
    rf"(?:will\s+|would\s+)?(?:come|comes|arrive|be\s+sent|be\s+emailed|be\s+posted|be\s+shared|"
    rf"be\s+communicated|be\s+given|be\s+announced)\b",
    re.IGNORECASE)
# "I'll hear by Friday": said of a mailing, it is the mailing; else it names no one.
_WILL_HEAR = re.compile(r"\b(?:i'?ll|i\s+will|i\s+should|i\s+would|i'?d|we'?ll|we\s+will|we'?d|"
                        r"we\s+would)\s+"
                        r"(?:hear|know|get\s+(?:an?\s+|the\s+|some\s+)?(?:answer|feedback|call|"
                        r"e-?mail|news|result|decision))\b", re.IGNORECASE)
_HR_WORD = re.compile(
    r"\b(?:hr|h\.r\.|human\s+resources|recruit\w*|talent\s+(?:team|partner|acquisition)|"
    r"people\s+(?:team|partner)|agency|consultant|the\s+office|personnel|grad\s+recruitment)\b",
    re.IGNORECASE)
_MAILING_WORD = re.compile(
    r"\b(?:portal|automated|no-?reply|system|platform|workday|mailing|email\s+(?:team|update)|"
    r"careers?\s+(?:site|page|website)|website|mail\s+id|registered\s+e?-?mail|"
    r"post(?:ed)?\s+(?:me\s+)?(?:a\s+)?(?:letter|leter)|civil\s+service\s+jobs|by\s+(?:letter|"
    r"post)|trac|cs\s+jobs|nhs\s+jobs|jobtrain|taleo|mail(?:s|ing)?\s+out|"
    r"(?:through|via|in)\s+(?:an?\s+|the\s+)?(?:letters?|post))\b", re.IGNORECASE)
# A promise to every candidate at once, by email or letter: a mailing ("all candidates will be
# notified by email on 2 December").
_ALL_CANDIDATES = (r"(?:(?:all|every|each)\s+(?:the\s+)?(?:candidates?|applicants?|interviewees)|"
                   r"everyone|everybody)")
_TO_ALL = re.compile(rf"\b{_ALL_CANDIDATES}\b", re.IGNORECASE)
_BY_MAIL = re.compile(r"\b(?:by|via|through|in\s+an?)\s+(?:e-?mail|letter|post)\b",
                      re.IGNORECASE)
# ("by phone if successful and by email if not": the good news is a person's call)
_BY_PHONE = re.compile(r"\b(?:by|via)\s+(?:phone|telephone|a\s+call)\b|\b(?:phone|call|ring)\s+"
                       r"(?:the\s+)?successful", re.IGNORECASE)


def _mailed_to_all(text: str) -> bool:
    """A promise to every candidate at once by email or letter only (see _TO_ALL)."""
    return bool(_TO_ALL.search(text) and _BY_MAIL.search(text) and not _BY_PHONE.search(text))
_INTERVIEWER_WORD = re.compile(r"\b(?:interviewer|hiring\s+(?:manager|mgr)|herself|himself|"
                               r"personally|from\s+(?:me|him|her))\b", re.IGNORECASE)
_CLAUSE_START = re.compile(r"[.!?;\n]|,\s|\b(?:and|but|then|so)\s", re.IGNORECASE)
_PRONOUN = re.compile(r"\b(?:she|he|her|him|hes|shes)\b", re.IGNORECASE)
_SPEAKER = re.compile(r"(?P<name>\S[^,.!?;\n]{0,40}?)\s+(?:said|says|told\s+me|promised|"
                      r"reckons|mentioned)\b[^.!?;\n]*$", re.IGNORECASE)

Part = tuple[int, int, str]  # a person named: (start, end, part) in the text


def _part_informs(part: str) -> str:
    return "hr" if part in ("recruiter", "hr") else "interviewer"


_SAID_THAT = re.compile(r"\b(?:said|says|told\s+me|mentioned)\b(?:\s+that)?(?=\s+(?:the|their|"
                        r"our|my|his|her)\s)", re.IGNORECASE)


def _giver(text: str, clause_start: int, at: int, end: int, people: list[Part],
           hr_word: re.Pattern[str]) -> str | None:
    """Who gives the result promised at text[at:end], from its clause (text[clause_start:end])
    and the people named."""
    subject, promise = text[clause_start:at], text[at:min(len(text), end + 50)]
    tail = re.split(r"[.!?;\n]", promise, maxsplit=1)[0]
    if _MAILING_WORD.search(tail):
        return "mailing"
    # "Claire (HR) said the hiring manager would get back to me": the one said to tell, not
    # the one who said it.
    if (said := _SAID_THAT.search(subject)) is not None:
        told = subject[said.end():]
        if _MAILING_WORD.search(told):
            return "mailing"  # "Kemi said the recruitment system will email the result"
        if _INTERVIEWER_WORD.search(told) and not hr_word.search(told):
            return "interviewer"
        if hr_word.search(told):
            return "hr"
    if not hr_word.search(subject) and _mailed_to_all(subject + " " + tail) and \
            _BY_MAIL.search(tail):
        return "mailing"
    if hr_word.search(subject) or re.search(r"\b(?:from|via|through)\s+(?:the\s+|their\s+|our\s+)?"
                                            r"(?:hr|recruit\w*|agency|consultant|talent)\b",
                                            tail, re.IGNORECASE) or hr_word.match(promise):
        return "hr"
    if _MAILING_WORD.search(subject):
        return "mailing"
    named = [p for p in people if clause_start <= p[0] < at]
    if re.search(r"\b(?:from|via|through)$", text[at:end], re.IGNORECASE):
        named = [p for p in people if end <= p[0] < end + 20] or named
    if named:
        return _part_informs(named[-1][2])
    if re.match(r"(?:results?|outcome|answer|decision|feedback)\b", promise, re.IGNORECASE):
        return None  # "the result will come within 10 days": no one named
    if who := re.match(r"(s?he)(?:d|ll|'s|s|’s)\b", promise, re.IGNORECASE):
        subject += " " + who.group(1)  # "hed", "she's": the pronoun without what is glued on
    if _INTERVIEWER_WORD.search(subject) or _INTERVIEWER_WORD.search(tail):
        return _speaker(text, clause_start, people) or "interviewer"
    if _PRONOUN.search(subject) or re.search(r"\b(?:from|via)\s+(?:him|her)\b", tail,
                                             re.IGNORECASE):
        # "recruiter was lovely, said she'd get back to me": the one the sentence names
        return _speaker(text, clause_start, people) or \
            ("hr" if hr_word.search(_sentence_before(text, at)) and
             not _last_named(people, at) else None) or \
            _last_named(people, at) or "interviewer"
    return None


def _speaker(text: str, clause_start: int, people: list[Part]) -> str | None:
    """The part of the person who said it: "Sven said he'd…", "Thaís said she will…"."""
    line_start = max(text.rfind(c, 0, clause_start) for c in ".!?\n") + 1
    if m := _SPEAKER.search(text, line_start, clause_start + 1):
        said = [p for p in people if m.start("name") <= p[0] < m.end("name")]
        if said:
            return _part_informs(said[-1][2])
        if _HR_WORD.search(m.group("name")):
            return "hr"
    return None


_HR_SAID = re.compile(rf"(?:{_HR_WORD.pattern})[^.!?;\n]{{0,40}}?\b(?:said|says|told\s+(?:me|us)|"
                     r"mentioned)\b[^.!?;\n]{0,12}$", re.IGNORECASE)


# A sentence ends at ".", "!" or "?" before a space, or at a new line; not at a title's dot
# ("HR Ms. Li said…") nor in an address ("kavya.r@sarvamscs.in").
_SENTENCE_END = re.compile(r"(?<!\bMs)(?<!\bMr)(?<!\bMrs)(?<!\bDr)(?<!\bSt)(?<!\bProf)"
                           r"[.!?]+(?=[\s\"'’)]|$)|\n+")


def _sentence_before(text: str, at: int) -> str:
    """The text of `at`'s sentence (or line) up to `at`."""
    ends = [m.end() for m in _SENTENCE_END.finditer(text, 0, at)]
    return text[ends[-1] if ends else 0:at]


def _last_named(people: list[Part], at: int) -> str | None:
    before = [p for p in people if p[1] <= at]
    return _part_informs(before[-1][2]) if before else None


def read_informer(text: str, people: list[Part] | None = None, agency: str | None = None
                  ) -> str | None:
    """Who will tell the result, when the message says it: "hr", "mailing" or "interviewer"
    (see the module's docstring); None when it is not said or no one is named for it.
    `people` are the people named, as (start, end, part) character offsets into `text`;
    `agency` the recruitment agency's name ("Protea will revert by Friday" is HR)."""
    people = people or []
    hr_word = re.compile(rf"{_HR_WORD.pattern}|\b{re.escape(agency.split()[0])}\b", re.IGNORECASE) \
        if agency else _HR_WORD
    for m in _GIVING.finditer(text):
        starts = [c.end() for c in _CLAUSE_START.finditer(text, 0, m.start())]
        # The subject may sit before a "said": "Colin said they'll ring me" -> Colin's clause;
        # "he'd decide … and get back to me": the clause before the "and".
        if text[:m.start()].rstrip().lower().endswith(" and") and len(starts) > 1:
            starts.pop()
        # "Chloe, the recruiter, will call": past the apposition to the name.
        while len(starts) > 1 and not re.search(r"[^\W\d_]{2}", text[starts[-1]:m.start()]):
            starts.pop()
        while len(starts) > 1 and re.fullmatch(
                r"\s*(?:the|my|our|their|his|her)\s+[\w\s]{1,30}?\s*", text[starts[-1]:m.start()],
                re.IGNORECASE):
            starts.pop()
        clause_start = starts[-1] if starts else 0
        subject = text[clause_start:m.start()]
        if re.match(r"\s*(?:they|we|you|it|someone|somebody|one\s+of\s+them)\b", subject,
                    re.IGNORECASE) or \
                re.search(r"\b(?:they|we|someone|somebody)\s*$", subject, re.IGNORECASE) or \
                re.match(r"they", m.group(0), re.IGNORECASE):
            # "they'll be in touch": the company, no one in particular (unless HR or a mailing
            # is named: "they said HR would email").
            inner = re.sub(r"^\s*(?:they|we|you|it)\b[^,]*?\b(?:said|say|says|told\s+me)\b", "",
                           subject, flags=re.IGNORECASE)
            if _MAILING_WORD.search(text[m.start():m.end() + 80].split(".")[0]):
                return "mailing"
            here = text[clause_start:m.end() + 80].split(".")[0]
            if _mailed_to_all(here) and not hr_word.search(here):
                return "mailing"  # "they said all candidates will be notified by email"
            if re.search(r"\b(?:from|via|through)$", m.group(0), re.IGNORECASE) and (
                    after := [p for p in people if m.end() <= p[0] < m.end() + 20]):
                return _part_informs(after[0][2])  # "it'll come through Priya"
            if inner != subject and hr_word.search(inner):
                return "hr"
            # "HR said they'd write", "the recruiter, Sam, said they'll email": HR speaking
            # for their own side (a manager's "they'll let you know" names no one).
            said_by = [p for p in people if clause_start <= p[0] < m.start()]
            if _speaker(text, clause_start, people) == "hr" or _HR_SAID.search(
                    _sentence_before(text, m.start())) or (
                    said_by and _SAYS.search(subject) and _part_informs(said_by[-1][2]) == "hr"):
                return "hr"  # ("Thabo from HR … Thabo says they will revert by the 7th")
            continue
        if (giver := _giver(text, clause_start, m.start(), m.end(), people, hr_word)) is not None:
            return giver
    for m in _WILL_HEAR.finditer(text):
        tail = re.split(r"[.!?;\n]", text[m.end():m.end() + 80], maxsplit=1)[0]
        if _MAILING_WORD.search(tail):
            return "mailing"  # "I'll hear by email from their recruitment platform"
    if (re.search(r"\b(?:portal|automated|no-?reply)\b", text, re.IGNORECASE) and
            PROMISE.search(text)):
        return "mailing"
    return _hr_gave_timing(text, people, hr_word) or ("mailing" if _MASS_NEWS.search(text)
                                                      else None)


# The result sent to everyone at once in writing, no one named: "outcome letters go out on the
# 9th", "they're emailing everyone by the 3rd", "they'll let people know by sms" (a phone round,
# "they'll ring everyone", names no channel to wait on).
_MASS_NEWS = re.compile(
    r"\b(?:outcome\s+)?letters?\s+(?:go|goes|will\s+go|are\s+sent|will\s+be\s+sent|get\s+sent|comes?|"
    r"will\s+come|arrives?|will\s+arrive)\b|\bresults?\s+(?:go|goes|will\s+go)\s+out\s+by\s+(?:letter|"
    r"post|e-?mail)\b|\b(?:automated|automatic)\s+(?:e-?mail|message|text|letter)s?\s+(?:goes|go|will\s+"
    r"go|is\s+sent|are\s+sent|will\s+be\s+sent|comes?|will\s+come)\b|"
    r"\bexpect\s+a\s+letter\b|\boutcome\s+letters?\b|\bletters?\s+(?:issue|are\s+issued)\b|"
    r"\bletter\s+(?:in|by)\s+(?:the\s+)?post\b|"
    r"\b(?:answer|result|outcome|decision)s?\s+by\s+(?:letter|post)\b|"
    rf"\b(?:write|writing)\s+to\s+{_ALL_CANDIDATES}\b|\binform\w*\s+{_ALL_CANDIDATES}\s+by\s+"
    r"(?:e-?mail|letter|post)\b|"
    r"\bcivil\s+service\s+jobs\b|"
    rf"\b(?:e-?mail|text)\w*\s+{_ALL_CANDIDATES}\b|\bby\s+sms\b|"
    # "everyone gets a letter", "a letter will follow", "I'll get a letter with a start date",
    # "result in the app", "check the status on the careers site", "via Trac", "via CS Jobs",
    # "results are emailed automatically", "outcome in writing"
    r"\b(?:get|gets|receive|receives|be\s+sent|send|sends)\s+(?:us\s+|me\s+|you\s+)?(?:a|an|the)\s+"
    r"(?:outcome\s+|decision\s+)?letter\b|\ba\s+letter\s+(?:will|would|should)\s+(?:follow|come|"
    r"arrive|be\s+sent)\b|\b(?:in|on|via|through)\s+the\s+(?:app|careers?\s+(?:site|page|portal)|"
    r"website|portal)\b|\bvia\s+(?:trac|cs\s+jobs|nhs\s+jobs|jobtrain|workday|taleo|hirevue)\b|"
    r"\b(?:e-?mailed|sent)\s+automatically\b|\bautomatic\s+(?:e-?mail|message|text|letter)\b|"
    r"\b(?:outcome|result|decision|answer)s?\s+in\s+writing\b|"
    # "we'd hear by letter", "they'll write to everyone", "letters would be mailed", "letter to
    # follow"
    r"\bhear\s+(?:back\s+)?by\s+(?:letter|post)\b|\bwrite\s+to\s+all\s+of\s+us\b|"
    r"\bletters?\s+(?:would|will|should)\s+be\s+(?:sent|mailed|posted)\b|\bletters?\s+to\s+follow\b",
    re.IGNORECASE)
# Talk of the result or its timing: "I'd hear within a week", "decision by next friday",
# "next steps by email", "two weeks".
_RESULT_TALK = re.compile(
    r"\b(?:hear|answers?|results?|decisions?|decide|outcomes?|feedback|next\s+steps?|news|"
    r"invites?|offers?|updates?|wait|back\s+to\s+me|let\s+me\s+know|(?:be|get)\s+in\s+touch|"
    r"reply|respond|revert|contacted|send|mail|e-?mail|(?:i['’]d|i['’]ll|i\s+will|i\s+would)\s+"
    r"know)\b|\b(?:\d+|one|two|three|four|a)\s+"
    r"(?:working\s+|business\s+)?(?:days?|weeks?)\b|\b(?:monday|tuesday|wednesday|thursday|"
    r"friday|saturday|sunday|tomorrow|next\s+week|december|january|\d{1,2}(?:st|nd|rd|th))\b",
    re.IGNORECASE)
# "I'd hear within 3 working days from the recruiter", "the decision would be communicated by
# the recruiter".
_FROM_HR = re.compile(
    r"\b(?:hear|decisions?|results?|outcomes?|answers?|feedback|news|next\s+steps?|an?\s+e-?mail|"
    r"an?\s+call)\b[^.!?\n]{0,50}?"
    r"\b(?:from|by|via|through)\s+(?:(?-i:[A-Z][\w'’-]+)\s+)?"
    r"(?:the\s+|their\s+|my\s+|our\s+)?(?:(?!about\b|re\b|regarding\b)[\w'’&-]+\s+){0,2}?(?:hr|human\s+resources|recruit\w*|agency|talent\s+"
    r"(?:team|partner|acquisition)|people\s+team|resourcing|head\s+office\s+recruit\w*)\b"
    r"(?!\s+(?:platform|system|portal|site|website))|"
    # "wait for HR's call on or before Dec 5"
    r"\b(?:hr|h\.r\.|recruiter|agency)['’]s\s+(?:call|e-?mail|text|message|letter|decision|answer|"
    r"feedback)\b",
    re.IGNORECASE)
# The user is the one to get in touch: "HR told me to email her Monday", "said to follow up".
_USER_TO_CONTACT = re.compile(r"\b(?:told|asked|said|says|wants)\s+(?:me\s+)?to\s+(?:\w+\s+)?"
                              r"(?:e-?mail|call|ring|phone|text|message|follow|chase|contact|"
                              r"check|reach)\b", re.IGNORECASE)
_SAYS = re.compile(r"\b(?:said|says|say|told|tells|tell|saying|emailed|e-mailed|mentioned|"
                   r"promised|indicated|reckons|"
                   r"informed|informs|confirmed|explained|assured|advised|wrote|texted|"
                   r"messaged)\b|"
                   # notes: "Hannah: decision by 1 Dec"
                   r"(?<=\w):(?=\s*(?:decision|results?|outcome|feedback|answer|news|next\s+steps?)\b)",
                   re.IGNORECASE)


_SAID_AFTER = re.compile(r",\s*(?P<who>[\w'’. ]{1,30}?)\s+(?:said|says|told\s+me|mentioned)\W*$",
                         re.IGNORECASE)


def _hr_gave_timing(text: str, people: list[Part], hr_word: re.Pattern[str]) -> str | None:
    """"hr" when HR or a recruiter is the one who spoke of the result or its timing ("Recruiter
    Marco said I'll hear by Friday", "HR said two weeks", "liz says decision by next friday",
    "a recruiter called Jenna. she said next steps by email"): the person the user will hear
    from, by the corpus's convention (tests/nlu/GUIDE.md, "Who tells the result"); else None."""
    if _FROM_HR.search(text):
        return "hr"
    start = 0
    for end in [m.end() for m in _SENTENCE_END.finditer(text)] + [len(text)]:
        sentence = text[start:end]
        said = _SAYS.search(sentence)
        # "Outcome by 2 Dec, she said.": the words said come first, the speaker after them.
        after = _SAID_AFTER.search(sentence)
        if after is not None and _RESULT_TALK.search(sentence[:after.start()]):
            said, talk, who = after, True, (after.start("who"), after.end("who"))
        else:
            talk = said is not None and bool(_RESULT_TALK.search(sentence, said.end()))
            who = (0, said.start()) if said is not None else (0, 0)
        if said is not None and talk and not _USER_TO_CONTACT.search(sentence):
            subject = sentence[who[0]:who[1]]
            named = [p for p in people if start + who[0] <= p[0] < start + who[1]]
            before = [p for p in people if p[1] <= start]
            if named:
                speaker: str | None = named[-1][2]
            elif re.fullmatch(r"\s*(?:and\s+)?(?:(?:s?he|her|him)\s*)?", subject, re.IGNORECASE):
                # ("he said…", or no subject at all: "Said final decision by 12/4.")
                speaker = before[-1][2] if before else None  # the last named before it
            elif hr_word.search(subject) and not re.search(
                    r"\b(?:interviewer|manager|boss|owner|they|we)\b", subject, re.IGNORECASE):
                speaker = "hr"
            else:
                speaker = None
            if speaker in ("hr", "recruiter"):
                return "hr"
        start = end
    return None
