"""What a message about an interview states, read once into one record: whether it reports an
interview (and whether it happened or is still to come) and its facts. The intake saves from
it; tests/nlu/evaluate.py measures it against the corpus (tests/nlu/GUIDE.md)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Literal
from zoneinfo import ZoneInfo

from bot.core.contract.models import GENERIC_ROLE_PATTERN
from bot.core.language.agencies import is_known_agency, known_agency_in
from bot.core.language.corrections import without_corrections
from bot.core.language.dates import ParsedDate
from bot.core.language.day_phrases import DAY_PHRASE
from bot.core.language.employers import employer_first
from bot.core.language.extract import Facts, clean_name, extract
from bot.core.language.informer import read_informer
from bot.core.language.intents import tense_of, tidy_person, wants_new_interview
from bot.core.language.models import Span, entity_spans, intent_scores
from bot.core.language.moments import day_to_come_at, read_moments, time_to_come_today
from bot.core.language.notes import noted_company, role_after, role_for, role_noted
from bot.core.language.org_names import (
    capitalised,
    employer_before_role,
    names_of,
    org_only,
    place_of_premises,
    role_of,
    role_opening,
    tidy_name,
)
from bot.core.language.people import (
    Person,
    after_kin_word,
    name_words,
    named_like_an_org,
    read_people,
)
from bot.core.language.plain import plain_text
from bot.core.language.tokens import ORG_LAST_WORDS, is_given_name
from bot.core.language.understand import understand
from bot.core.language.zones import is_city

Kind = Literal["past", "upcoming", "none"]
# What a person named in a message was to the user (the corpus guide's `as`).
@dataclass
class Understanding:
    """A first message, read. Times are aware (the user's zone); `*_has_time` says whether the
    message stated a time of day or only a day."""

    kind: Kind = "none"
    company: str | None = None
    agency: str | None = None
    role: str | None = None
    people: list[Person] = field(default_factory=list)
    email: str | None = None
    phone: str | None = None
    interviewed: datetime | None = None
    interviewed_has_time: bool = False
    decision: date | None = None
    no_decision_date: bool = False
    informer: str | None = None
    agreed_at: datetime | None = None
    agreed_has_time: bool = False
    agreed_kind: str | None = None
    agreed_doubt: str | None = None  # "am or pm": the hour can be morning or evening
    # The promised day as parsed, with the doubt the intake asks about ("next Friday": this
    # week's or next?); None when it was counted ("within a week") or read by the rules.
    decision_parsed: ParsedDate | None = None

    def show(self, fact: str) -> object:
        """One fact as read, for a report ("people.as" gives the parts)."""
        if fact == "people":
            return [p.name for p in self.people]
        if fact == "people.as":
            return [p.part for p in self.people]
        if fact == "agreed":
            return (self.agreed_at.isoformat() if self.agreed_at else None, self.agreed_kind)
        value = getattr(self, fact)
        return value.isoformat() if isinstance(value, date | datetime) else value


_TRAILING_GENERIC = re.compile(rf"\s+{GENERIC_ROLE_PATTERN}$", re.IGNORECASE)
# Names that are recruitment agencies, never the employer.
_AGENCY_NAME = re.compile(r"\b(?:recruitment|recruiting|staffing|talent|resourcing|personnel|"
                          r"search|headhunters?|employment\s+agency)\b", re.IGNORECASE)
def _first(spans: list[Span], label: str, text: str = "") -> str | None:
    return next(iter(names_of(spans, label, text)), None)


# Any sign that a recruitment agency is involved.
_AGENCY_CUE = re.compile(r"\b(?:agenc(?:y|ies)|recruit\w*|consultan\w*|head-?hunt\w*|staffing|"
                         r"sourcer|put\s+me\s+(?:forward|up)|submitted\s+me|through|via|thru|"
                         r"on\s+behalf|client|temp(?:ing)?)\b", re.IGNORECASE)


def _company_and_agency(text: str, spans: list[Span], fallback: str | None
                        ) -> tuple[str | None, str | None]:
    """The employer and the agency: a company span that is an agency's name, or the agency the
    rules find, is never the company when another company is named."""
    companies = employer_first(text, names_of(spans, "COMPANY", text))
    agency = _first(spans, "AGENCY", text)
    if agency is None:
        agency = next((c for c in companies if _AGENCY_NAME.search(c) or is_known_agency(c)),
                      None) or _agency_by_rule(text, None)
    if agency is None and len(companies) <= 1 and (known := known_agency_in(text)) and \
            (not companies or companies[0].lower() != known.lower()):
        agency = known  # "Sarah from Randstad … a warehouse job at DHL"
    others = [c for c in companies if agency is None or c.lower() != agency.lower()]
    company = others[0] if others else (companies[0] if companies and agency is None else None)
    if company is None and fallback and (agency is None or fallback.lower() != agency.lower()):
        at = text.find(fallback)  # "with Revolut's talent team": the possessive is not the name's
        after = text[at + len(fallback):][:20] if at >= 0 else ""
        company = None if place_of_premises(fallback, after) else \
            org_only(tidy_name(fallback, after)) or None
    if company is None and agency is not None and not _AGENCY_NAME.search(agency) and \
            not is_known_agency(agency) and re.search(
                rf"\brecruiter\s+(?:(?:was|is)\s+)?(?:at|from|with|of|@)\s+(?:the\s+)?"
                rf"{re.escape(agency)}", text, re.IGNORECASE):
        # "phone screen w recruiter at Linear": with no other employer named, the company's
        # own recruiter.
        company, agency = agency, None
    if company is None and agency is not None and not _AGENCY_CUE.search(text):
        # A message with no word of agencies at all ("I withdrew from Initech") names the
        # employer: the tagger's agency reading needs some sign of one.
        company, agency = agency, None
    if company and agency and company.lower() == agency.lower():
        agency = None  # the employer, tagged as both
    return company, agency


_BEFORE_COMPANY = re.compile(r"^\s*(?:\([^)]*\)\s*)?(?:at|@|from|of)\s*$", re.IGNORECASE)
_JOINED_PERSON = re.compile(r"^(?:&|and)\s+((?-i:[A-Z])\w+(?:\s+(?-i:[A-Z])[\w'’-]+)?)$",
                            re.IGNORECASE)
_AFTER_WITH = re.compile(r"\b(?:with|w/|met|saw)\s*$", re.IGNORECASE)


def _looks_like_a_person(span: Span) -> bool:
    words = span.text.split()
    return (2 <= len(words) <= 3 and is_given_name(words[0]) and \
        words[-1].lower().strip(".,") not in ORG_LAST_WORDS and \
        all(w[:1].isupper() for w in words)) or (len(words) == 2 and span.text.islower() and
                                                 is_given_name(words[0]) and
                                                 words[-1] not in ORG_LAST_WORDS)


def _people_named_like_companies(text: str, spans: list[Span]) -> list[Span]:
    """"with Jane Doe at Acme": the tagger, used to "an interview with <company>", may take the
    person for a company too. A company span that starts with a given name and stands right
    before "at|from <the other company>" is a person."""
    out: list[Span] = []
    for i, span in enumerate(spans):
        nxt = spans[i + 1] if i + 1 < len(spans) else None
        words = span.text.split()
        before_company = nxt is not None and nxt.label == "COMPANY" and \
            len(words) <= 3 and bool(_BEFORE_COMPANY.match(text[span.end:nxt.start])) and \
            not is_city(nxt.text, 15_000) and \
            (is_given_name(words[0]) or (len(words) >= 2 and _AFTER_WITH.search(text[:span.start])
                                         and all(w[:1].isupper() for w in words)))
        after_with = (_looks_like_a_person(span) or (
            len(words) == 1 and is_given_name(words[0]) and
            bool(re.match(r"\s*\(", text[span.end:])))) and \
            bool(_AFTER_WITH.search(text[:span.start]))  # "w/ Sven (CTO, hiring mgr)"
        if span.label == "COMPANY" and (before_company or after_with):
            span = Span("PERSON", span.text, span.start, span.end)
        elif span.label in ("COMPANY", "AGENCY") and len(words) <= 2 and \
                after_kin_word(text, span.start):
            span = Span("PERSON", span.text, span.start, span.end)  # "my cousin Zanele got me…"
        elif span.label == "COMPANY" and (m := _JOINED_PERSON.match(span.text)):
            # "Priya Shah & Tom Brown": the second of two people joined by "&"
            span = Span("PERSON", m.group(1), span.start + m.start(1), span.end)
        elif span.label == "PERSON" and out and out[-1].label == "PERSON" and \
                _BEFORE_COMPANY.match(text[out[-1].end:span.start]) and \
                not any(is_given_name(w) for w in words):
            # "Tom Brown from Corran": where a person is from, when it is no one's name
            span = Span("COMPANY", span.text, span.start, span.end)
        out.append(span)
    return out


# "a recruiter from Brightpath", "through Calloway Recruitment", "the agency (Crestline)".
_NAME = r"[A-Z][\w&'’.-]*(?:\s+(?:&|and)\s+[A-Z][\w'’.-]*|\s+[A-Z][\w&'’.-]*){0,3}"
_AGENT_WORD = r"(?:[Rr]ecruiter|[Hh]eadhunter|[Cc]onsultant)"
_AGENCY = re.compile(
    # "Henley Forbes (recruitment agency)", "the agency, PropTalent", "Carter Bright agency sent
    # me to Pellow", "Adecco sent me to a client", "Kinetic Talent put me forward"
    rf"\b({_NAME})\s*\((?:an?\s+|the\s+)?(?:recruitment\s+|staffing\s+|temp\s+)?(?:agency|"
    rf"recruiters?)\)|\b(?:the|an?|my)\s+(?:recruitment\s+|staffing\s+|temp\s+)?(?:agency|"
    rf"headhunters?|search\s+firm),?\s+(?:called\s+)?"
    rf"((?-i:{_NAME}))|(?<![.!?]\s)\b({_NAME})(?:\s+agency)?(?:,\s+(?:they|who))?\s+(?:(?:'ve|has|have)"
    rf"\s+)?(?:sent\s+me\s+(?:to|along\s+to|over\s+to)|put\s+me\s+forward|submitted\s+me|"
    rf"placed\s+me|lined\s+me\s+up|got\s+me\s+(?:an?\s+|the\s+)?(?:interview|trial))\b|"
    # "through the Staff Direct agency"
    rf"\b(?:through|via|with)\s+the\s+((?-i:{_NAME}))\s+(?:recruitment\s+|staffing\s+|temp\s+)?"
    rf"agency\b|"
    r"\b(?:recruiter|recruitment\s+consultant|consultant|agent|headhunter)(?:\s+(?:was|is))?\s+"
    r"(?:from|at|with|of)"
    r"\s+([A-Z][\w&'’.-]*(?:\s+(?:&|and)\s+[A-Z][\w'’.-]*|\s+[A-Z][\w&'’.-]*){0,3})|\b(?:through|via)\s+(?:an?\s+agency\s+"
    r"called\s+)?([A-Z][\w&'’.-]*(?:\s+[A-Z][\w&'’.-]*){0,2}\s+(?:Recruitment|Recruiting|"
    r"Staffing|Talent|Resourcing|Search|Personnel))\b|\bagency\s*\(([^)]{2,40})\)|"
    # "the Manila agency Pacific Star Manpower", "Headhunter: Stefan Braun
    # (Kessler & Partner)", "Recruiter on LinkedIn (Priya Shah, TalentForge)"
    rf"\b(?:the|an?|my)\s+(?-i:[A-Z][\w-]+)\s+agency,?\s+(?:called\s+)?((?-i:{_NAME}))|"
    rf"\b{_AGENT_WORD}\b[^()\n]{{0,30}}\(\s*(?-i:{_NAME})\s*,\s*((?-i:{_NAME}))\s*\)|"
    rf"\b{_AGENT_WORD}\s*:\s*(?-i:{_NAME})\s*\(((?-i:{_NAME}))\)")


def _org_named_like_a_person(spans: list[Span]) -> str | None:
    """With no employer found, a name the tagger took for a person but that ends in an
    organisation's word ("Clarke Dental", "Helio Energy") is the employer."""
    for span in spans:
        words = span.text.split()
        if span.label == "PERSON" and len(words) >= 2 and words[-1][:1].isupper() and \
                words[-1].lower().strip(".,") in ORG_LAST_WORDS:
            return tidy_name(span.text, "") or None
    return None


def _agency_by_rule(text: str, company: str | None) -> str | None:
    m = _AGENCY.search(text)
    if m is None:
        return None
    k, found = next((k, g) for k, g in enumerate(m.groups()) if g)
    agency = clean_name(found)
    if k in (1, 2) and agency and (is_given_name(agency.split()[0]) or
                                   after_kin_word(text, m.start(k + 1))):
        return None  # "My mate Kieran got me an interview", "a headhunter, Oliver Shaw": people
    return agency if agency and (company is None or agency.lower() != company.lower()) else None


# "Orbis Water's engineering lead", "Halden's HR": a name whose staff are spoken of is the employer
# (not a person: "Jane's manager" starts with a given name and is left alone).
_STAFF_OF = re.compile(r"\s*['’]s\s+(?:[\w-]+\s+){0,2}(?:lead|manager|recruiter|hr|team|head|"
                       r"director|founder|ceo|cto|cfo|coo|md|boss|people|talent|panel|"
                       r"interviewers?|office)\b", re.IGNORECASE)


def _employer_of_staff(text: str, spans: list[Span], named: str | None) -> str | None:
    """The employer named only through its staff (see _STAFF_OF): a span, or the name the
    rules took for the interviewer (`named`); else None."""
    found = [(s.start, s.text) for s in spans if s.label in ("PERSON", "COMPANY")]
    if named and (at := text.find(named)) >= 0:
        found.append((at, named))
    for start, written in found:
        name = written.removesuffix("'s").removesuffix("’s")
        words = name.split()
        if words and not is_given_name(words[0]) and _STAFF_OF.match(text, start + len(name)):
            return tidy_name(name, "") or None
    return None


def _parts_at(text: str, spans: list[Span], people: list[Person]
              ) -> list[tuple[int, int, str]]:
    """Where each person is named, (start, end, part), for who "she'll call" is: the spans
    found, and every later mention of a first or last name ("Diane will call me")."""
    parts = {p.name.lower(): p.part for p in people}

    def part_of(written: str) -> str:
        name = tidy_person(clean_name(written)).lower()
        if name in parts:
            return parts[name]
        # ("Bev said they'll…" after "the HR officer, Bev Sutton": Bev's part)
        same = [p.part for p in people
                if name and set(name.split()) <= {w.lower() for w in name_words(p.name)}]
        return same[0] if same else "interviewer"

    found = [(s.start, s.end, part_of(s.text)) for s in spans if s.label == "PERSON"]
    for person in people:
        for word in name_words(person.name):
            found += [(m.start(), m.end(), person.part)
                      for m in re.finditer(rf"\b{re.escape(word)}\b", text, re.IGNORECASE)]
    return sorted(set(found))


def _with_rule_time(day: datetime | None, has_time: bool, rule: datetime | None
                    ) -> datetime | None:
    """The interview's moment: a stated time as read; with only a day, the rules' reading of
    the same day ("this morning" -> 09:00) rather than the moment the message was sent."""
    if day is None:
        return rule
    if not has_time and rule is not None and rule.date() == day.date():
        return rule
    return day


def read_first_message(text: str, now: datetime, tz: ZoneInfo) -> Understanding:
    """Read a first message: its kind and every fact it states. `now` is the instant it was
    sent (aware), `tz` the user's zone. A message not about an interview (kind "none": "how do
    I write a cover letter for a retail job") states no facts of one."""
    kind = recognise(plain_text(text), now, tz)
    if kind == "none":
        return Understanding(kind="none")
    return _read(text, now, tz, kind)


def _read(text: str, now: datetime, tz: ZoneInfo, kind: Kind = "past") -> Understanding:
    """Every fact `text` states, read as a message about an interview of `kind`."""
    text = without_corrections(plain_text(text))  # "at 3? no, at 1": only what they meant
    facts = extract(text, now, tz)
    spans = _people_named_like_companies(text, entity_spans(text))
    moments = read_moments(text, now, tz)
    decision = moments.decision
    agreed = facts.agreed_contact
    company, agency = _company_and_agency(
        text, spans, _org_named_like_a_person(spans) or facts.company or noted_company(text))
    if company is None and (owner := _employer_of_staff(text, spans, facts.interviewer)):
        company = owner
    if company is None and (named := _org_named_like_a_person(spans)) is not None:
        company = named
    role = role_of(spans, text)
    if (company is None or role is None) and (both := employer_before_role(spans, text)):
        company, role = both  # "Aviva claims handler video interview"
    if role is not None:
        role = _TRAILING_GENERIC.sub("", role) or role
        if company is not None and role.lower() == company.lower():
            role = None  # the employer's name, tagged twice
    role = role or facts.role or role_after(text, company) or role_noted(text) or \
        role_opening(text, company) or role_for(text)
    people = read_people(text, spans, agency, company, role)
    orgs = {o.lower() for o in (company, agency) if o}
    if not people and facts.interviewer and not named_like_an_org(facts.interviewer) and \
            not any(facts.interviewer.lower().replace("’", "'").startswith(o) for o in orgs):
        people = [Person(tidy_person(facts.interviewer))]
    return Understanding(
        kind=kind,
        company=capitalised(company), agency=capitalised(agency),
        role=role,
        people=people,
        email=facts.interviewer_email, phone=facts.interviewer_phone,
        interviewed=_with_rule_time(moments.interviewed, moments.interviewed_has_time,
                                    facts.interviewed_at),
        interviewed_has_time=moments.interviewed_has_time, decision=decision,
        no_decision_date=facts.decision_unknown,
        informer=read_informer(text, _parts_at(text, spans, people), agency),
        agreed_at=moments.agreed_at or (agreed.when if agreed is not None else None),
        agreed_has_time=moments.agreed_has_time if moments.agreed_at else
        (agreed.has_time if agreed is not None else False),
        agreed_kind=moments.agreed_kind or facts.agreed_contact_kind,
        agreed_doubt=moments.agreed_doubt,
        decision_parsed=moments.decision_parsed if moments.decision else None,
    )


def recognise(text: str, now: datetime, tz: ZoneInfo) -> Kind:
    """Whether a message reports an interview that happened, one still to come, or neither."""
    future, past = tense_of(text)
    scores = intent_scores(text)
    best = max(scores, key=lambda k: scores[k]) if scores else "other"
    intent = understand(text, now, tz).intent
    # ("old navy interview today and i got hired on the spot!!!": the interview, with its news)
    about_interview = best in ("report", "upcoming") or intent in ("report", "upcoming") or \
        (intent.startswith("outcome_") and wants_new_interview(text))
    if future and not past and (about_interview or best == "other"):
        return "upcoming"
    if about_interview and (at := day_to_come_at(text, now, tz)) is not None and \
            not tense_of(text[:at])[1]:
        # "Second stage with Carrow & Quint tomorrow at 10:30 …": a day still to come named
        # before anything in the past tense.
        return "upcoming"
    if best == "upcoming" and not (past and not future) and \
            not (not future and _RESULT_TO_COME.search(text)):
        # ("… store manager Jamie. decision tomorrow": a result to come is after an interview)
        return "upcoming"
    if about_interview and not _HAPPENED.search(text) and time_to_come_today(text, now, tz):
        return "upcoming"  # "phone screen w recruiter at Linear at 5:30 today", said at 15:00
    if about_interview and not past and _PREPARING.search(text):
        return "upcoming"  # "friday 9:30 screening … prep help?", "what do I wear"
    if not about_interview and not future and (past or DAY_PHRASE.search(text)) and \
            any(s.label in ("COMPANY", "ROLE") for s in entity_spans(text)):
        # Notes with no word for an interview: "bombed it. zalando. frontend dev.", "3M,
        # process engineer, Thursday last week".
        return "past"
    return "past" if about_interview else "none"


_RESULT_TO_COME = re.compile(r"\b(?:decision|result|results|outcome|feedback|hear\s+back)\s+"
                             r"(?:by\s+|on\s+|within\s+)?(?:tomorrow|tmrw|(?:mon|tues?|wed|thu|"
                             r"fri|sat|sun)\w*|next\s+week)\b", re.IGNORECASE)
# Words that say it happened (not "today", which may be still to come).
_HAPPENED = re.compile(r"\b(?:had|did|went|done|finished|was|were|yesterday|ago|spoke|talked|"
                       r"wrapped|met|interviewed|just|over|got\s+out|came\s+out|left)\b",
                       re.IGNORECASE)
# Getting ready for an interview still to come.
_PREPARING = re.compile(r"\b(?:prep(?:are|aring|ping)?\b|what\s+(?:do|should|shall)\s+i\s+(?:wear|"
                        r"bring|say|expect)|do\s+i\s+need\s+to\s+bring|any\s+tips|wish\s+me\s+"
                        r"luck|how\s+(?:do|should)\s+i\s+(?:prepare|get\s+ready)|nervous\s+about)",
                        re.IGNORECASE)


def read_follow_up(text: str, now: datetime, tz: ZoneInfo) -> str:
    """The intent label of a later message (free text; see language.understand)."""
    return understand(text, now, tz).intent


def facts_of(text: str, now: datetime, tz: ZoneInfo) -> Facts:
    """The facts the intake starts from (language.extract.Facts), read with the models and
    the rules of `read_first_message`. The person saved as the interviewer is the first one
    who interviewed (or the first named); a promised day keeps the doubt the intake asks
    about ("next Friday": this week's or next?)."""
    return facts_from(read_interview(text, now, tz), tz)


def read_interview(text: str, now: datetime, tz: ZoneInfo) -> Understanding:
    """Every fact `text` states, read as a message about an interview whatever it seems to be
    about (a message picked to log an interview from, such as a recruiter's email)."""
    return _read(text, now, tz)


def facts_from(u: Understanding, tz: ZoneInfo) -> Facts:
    """`facts_of` for a message already read (`tz`: the user's zone)."""
    interviewers = [p for p in u.people if p.part in ("interviewer", "hiring manager", "panel")]
    person = next(iter(interviewers or u.people), None)
    decision: ParsedDate | None = None
    if u.decision is not None:
        parsed = u.decision_parsed
        decision = parsed if parsed is not None and parsed.day == u.decision else ParsedDate(
            when=datetime.combine(u.decision, time(0, 0), tzinfo=tz), has_time=False)
    agreed = ParsedDate(when=u.agreed_at.astimezone(tz), has_time=u.agreed_has_time,
                        doubt=u.agreed_doubt) \
        if u.agreed_at is not None else None
    return Facts(company=u.company, role=u.role, interviewer=person.name if person else None,
                 interviewer_email=u.email, interviewer_phone=u.phone,
                 interviewed_at=u.interviewed, decision=decision,
                 decision_unknown=u.no_decision_date, informer=u.informer,
                 agreed_contact=agreed, agreed_contact_kind=u.agreed_kind, agency=u.agency,
                 contacts=[f"{p.name} ({p.part})" for p in u.people if p is not person])
