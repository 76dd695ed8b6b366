"""The people a first message names and what each was to the user: interviewer, hiring
manager, recruiter, HR, panel or other.

The rules read the words around a name ("recruiter Tess", "Olga Petrova (HR)", "Naomi, the
quality manager I'd be reporting to", "Sipho from Baobab Executive Search"); a statistical
model (language.models.part_scores, trained by tests/nlu/train.py on the corpus's development
split) weighs the rules' reading with the words around the name and what the whole message
says, and decides when it is confident.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.core.language.extract import clean_name
from bot.core.language.intents import tidy_person
from bot.core.language.models import Span, part_scores
from bot.core.language.occupations import is_occupation
from bot.core.language.org_names import PREMISES_NOUNS
from bot.core.language.part_features import part_features
from bot.core.language.parts import CONFIDENT, SAID_OUTRIGHT, Part, rule_parts
from bot.core.language.spelling import is_dictionary_word
from bot.core.language.titles import HONORIFICS, PROFESSIONAL, SALUTATIONS, alternation
from bot.core.language.tokens import ORG_LAST_WORDS, is_given_name, word_set


@dataclass(frozen=True)
class Person:
    """Someone the message names, tidied ("Ms van der Berg"), and their part."""

    name: str
    part: Part = "interviewer"



_KEPT_TOO = ("Capt", "Captain", "Sister")  # kept with the name after them ("Capt. Ewan MacLeod")
# Titles kept with a name, and what may stand before them ("Chef Mr. Romano", "Headteacher Mrs
# Lindqvist"); honorifics of other languages that are not part of the saved name.
_TITLE_AT = re.compile(rf"\b(?:{alternation(HONORIFICS, PROFESSIONAL, _KEPT_TOO)})\b\.?\s+"
                       r"(?=\w)")
_HONORIFIC = re.compile(r"^(?:pani|pan|madam|madame|senhor|senhora|sra|se[nñ]or|se[nñ]ora|"
                        r"ch[iị]|anh|bhai|bhaiya|ma'?am|sir|herr|frau)\s+", re.IGNORECASE)
_LEAD_NOT_NAME = re.compile(r"^(?:(?:to|with|and|by|from|the|our|my|their|are|is|was|were|"
                            # a sentence's first word the tagger ran on into ("So Becky from
                            # Lighthouse rang", "Met Kavya, the founder")
                            r"so|met|saw|then|also|now|ok|okay|well|hi|hey|hiya|today|yesterday|"
                            r"just|spoke|called|asked|told|thanks|plus|but|anyway|apparently|"
                            r"basically)\s+|"
                            r"(?-i:[A-Z]{2,5})\s+"
                            r"(?=(?-i:[A-Z][a-z]))|(?:interviewers?|recruiters?|panel|hr|contact|"
                            r"manager|director|chef|headteacher|head|boss|supervisor|owner|ceo|cto|"
                            r"cfo|coo|md|gm)[:\s]+(?=(?-i:[A-Z])))", re.IGNORECASE)
_TAIL_NOT_NAME = re.compile(r"\s+(?:When|Where|Result|Results|Role|Position|Interview|Interviewers?"
                            r"|Panel|Contact|Date|Time|Feedback|Next|Status|Notes?)$|"
                            # honorifics after a name ("Tanaka-san", "Rahim bhai", "Suresh sir"),
                            # a possessive ("Prof Karimi's lab")
                            r"-(?:san|sama|kun|chan|ji)$|\s+(?:sir|ma['’]?am|madam|bhai|ji|sahib|"
                            r"hanım|bey|bhaiya|didi)$|['’]s$")
# Words no person's name holds: an acronym of a country or the health service, a web domain.
_ORG_TOKEN = re.compile(r"\b(?-i:UK|US|USA|EU|NHS|PLC|LTD|LLC|INC|GB)\b|\.(?:com|io|co|ai|org)\b")


def named_like_an_org(name: str) -> bool:
    """A "name" with a word no person's name holds ("Barts Health NHS", "Takeaway.com"), or
    ending in an organisation's word ("Nova Credit Union", "Dawson Civil")."""
    words = name.split()
    return bool(_ORG_TOKEN.search(name)) or (
        len(words) >= 2 and words[-1].lower().strip(".,") in ORG_LAST_WORDS)
_TITLE_BEFORE = re.compile(rf"\b(?:{alternation(HONORIFICS, PROFESSIONAL)})\.?\s+$")
_ONLY_TITLE = re.compile(rf"^(?:{alternation(HONORIFICS, PROFESSIONAL, SALUTATIONS)})\.?$",
                         re.IGNORECASE)


def _clean_person(name: str) -> str:
    """A tagged name without the words the tagger ran on into: a sentence before it ("Rose.
    Ms Chen"), a job word or "to" before it ("Chef Mr. Romano", "to Holly"), a foreign
    honorific ("Pani Joanna Kaczmarek"), a field label after it ("Ravi Menon When")."""
    name = re.split(r"(?<!\bMr)(?<!\bMs)(?<!\bMrs)(?<!\bDr)(?<!\bIng)(?<!\bEngr)(?<!\bProf)"
                    r"(?<=[a-z])\.\s+(?=[A-Z])", name)[-1]
    if (m := _TITLE_AT.search(name)) and m.start() > 0:
        name = name[m.start():]
    for _ in range(2):
        name = _LEAD_NOT_NAME.sub("", _HONORIFIC.sub("", name))
    return _without_title(_TAIL_NOT_NAME.sub("", name).strip())


# Words of a job title the tagger runs on into a name ("General Counsel Patricia Vance", "Eng
# Marcus Oyelaran", "Ward Sister Grace Obi"), some of them first names too ("General", "Ward").
_TITLE_WORDS = word_set("general senior junior chief head group executive deputy assistant "
                        "principal lead eng sr snr jr registered clinical managing area regional "
                        "operations finance art creative ward store site plant branch team sales "
                        "account practice nurse sister matron acting interim vice")


def _without_title(name: str) -> str:
    """`name` without the job title written before its first name ("General Counsel Patricia
    Vance" -> "Patricia Vance", "manageress Cheryl" -> "Cheryl"); unchanged unless what is
    left starts with a capitalised first name ("Art Garfunkel", "Mason Reid" stay whole)."""
    words = name.split()
    k = 0
    while k < len(words) - 1 and not _TITLE_AT.match(f"{words[k]} _") and \
            words[k].lower() != "professor" and (
            words[k].lower() in _TITLE_WORDS or words[k].islower() or (
                k > 0 and is_occupation(words[k]) and not is_given_name(words[k]))):
        # (a title kept with the name stops it: "Captain Nikos Papadakis", "Prof Ann Lee"; a
        # job word opens a title only after a title word: "Dev Raman" is a name)
        k += 1
    if k and words[k][:1].isupper() and is_given_name(words[k]):
        return " ".join(words[k:])
    return name


# People the tagger may miss: a title and a surname ("Mrs. Nowak"), or a given name right after
# a word for what they do ("the store manager Ciarán", "recruiter was marcus webb",
# "the interviewer (ji-woo park)", "head chef, Anton").
_TITLED = re.compile(rf"\b(?:{alternation(HONORIFICS)})\.?\s+(?-i:[A-Z][\w'’-]+)"
                     r"(?:\s+(?-i:[A-Z][\w'’-]+)){0,2}")
# A name with a Japanese honorific after it ("Tanaka-san"): a person, whoever's name it is.
_SUFFIXED = re.compile(r"\b(?-i:[A-Z])[a-z]+-(?:san|sama|sensei)\b")
# Before the user's own name: "my name is Oleksandr".
_SELF = re.compile(r"\b(?:my\s+name\s+is|my\s+name['’]s|i\s+am|i['’]?m)\s+$", re.IGNORECASE)
# "w/ Sven (CTO, hiring mgr)", "with Priya, the recruiter": a name with its part after it.
_WITH_NAME = re.compile(r"\b(?:with|w/)\s+(?P<name>(?-i:[A-Z][\w'’-]+)(?:\s+(?-i:[A-Z][\w'’-]+))?)"
                        r"(?=\s*[(,])", re.IGNORECASE)
# (a lookahead, so that "for sous chef, head chef Marco" finds Marco after the second "chef")
_CUED = re.compile(
    r"\b(?=(?:interviewer|recruiter|consultant|manager|manger|mgr|supervisor|chef|landlord|owner|"
    r"director|lead|boss|hr|contact|gm|md|ceo|cto|founder|agent|name\s+is|name['’]s|"
    r"(?:s?he|they)['’]?s\s+called|named|"
    # "a girl called shannon", "dude called jermaine"
    + "|".join(rf"(?<=\b{w}\s)called" for w in ("girl", "lady", "woman", "bloke", "fella",
                                                "guy", "man", "dude", "lad", "lass", "chap",
                                                "gent", "someone")) + r")\b"
    r"(?:\s+(?:was|is)\s+|\s*[:,(-]\s*|\s+)"
    r"(?P<name>[\w'’-]+(?:\s+[\w'’-]+)?))", re.IGNORECASE)
# The name before its part: "Tess, the owner, said", "Pete the landlord", "Craig, the manager who".
_CUED_AFTER = re.compile(
    r"(?<![\w'’-])(?P<name>(?-i:[A-Z])[\w'’-]+)(?:\s*,\s*|\s+)(?:the|our|my|their)\s+"
    r"(?:[\w-]+\s+){0,2}?(?:interviewer|recruiter|consultant|manager|supervisor|chef|landlord|"
    r"landlady|owner|director|lead|boss|gm|md|ceo|cto|founder)\b", re.IGNORECASE)

# Someone named by how the user knows them: "my cousin Zanele", "my old colleague Fatima", "Mum's
# friend Carol", "my buddy Carlos (he's at …)". Named, so one of the people (the guide's
# "other" when they did not interview the user: see parts.py).
_KIN = (r"friend|mate|buddy|pal|cousin(?:\s+(?:brother|sister))?|brother(?:-in-law)?|"
        r"sister(?:-in-law)?|mum|mom|mother|dad|father|aunt(?:ie|y)?|uncle|wife|husband|partner|"
        r"girlfriend|boyfriend|fianc[ée]e?|flatmate|roommate|housemate|neighbou?r|colleague|"
        r"co-?worker|ex-colleague|classmate|son|daughter|niece|nephew|gran|grandma|grandad")
# "my cousin", "my old colleague", "Mum's friend", "my sister's friend": someone the user knows.
_MY_KIN = (rf"\b(?:my|(?-i:M[uo]m|Dad|[Mm]y\s+\w+)['’]s)\s+(?:(?:old|ex|former|best|good|current|"
           rf"younger|older|big|little|other)\s+)?(?:{_KIN})")
_KNOWN_BY = re.compile(
    rf"{_MY_KIN}\s*,?\s+(?P<name>(?-i:[A-Z])[\w'’-]+(?:\s+(?-i:[A-Z])[\w'’-]+)?)", re.IGNORECASE)
_KIN_BEFORE = re.compile(rf"{_MY_KIN}\s*,?\s*$", re.IGNORECASE)


def after_kin_word(text: str, at: int) -> bool:
    """Whether `text[at:]` starts right after "my cousin", "my old colleague", "Mum's friend":
    what follows is someone the user knows, a person."""
    return bool(_KIN_BEFORE.search(text, max(0, at - 40), at))


def _nickname(word: str) -> bool:
    """A capitalised word no dictionary holds, right after a word for what someone does: a
    name the list of first names lacks ("the manager is Baz", "head chef Gaz")."""
    return word[:1].isupper() and word[1:].islower() and word.isalpha() and \
        not is_dictionary_word(word.lower())


def _missed_mentions(text: str, spans: list[Span], kin: list[re.Match[str]]) -> list[Span]:
    """PERSON spans for people the rules find where no span of the tagger's is (see _TITLED,
    _CUED, and `kin`: the _KNOWN_BY matches); a cued name must start with a given name
    ("Ciarán", "marcus")."""
    taken = [(s.start, s.end) for s in spans]
    out = []
    found = [(m.start(), m.end()) for rx in (_TITLED, _SUFFIXED) for m in rx.finditer(text)]
    found += [(m.start("name"), m.end("name")) for m in _WITH_NAME.finditer(text)
              if is_given_name(m.group("name").split()[0])]
    for m in _CUED.finditer(text):
        if text[m.start():m.start() + 4].lower() == "name" and \
                re.search(r"\bmy\s+$", text[max(0, m.start() - 8):m.start()], re.IGNORECASE):
            continue  # "my name is Yevhenii": the user, not someone they met
        words = m.group("name").split()
        if words and (is_given_name(words[0]) or _nickname(words[0])) and \
                words[0].lower() not in _NOT_NAMES:
            if len(words) > 1 and (words[1].lower() in _NOT_NAMES or not (
                    words[1][:1].isupper() or
                    # ("marcus webb" all in lowercase; not "Ayo ran it": a verb after a name)
                    (words[0].islower() and (is_given_name(words[1]) or words[1].isalpha())))):
                words = words[:1]
            start = m.start("name")
            found.append((start, start + len(" ".join(words))))
    found += [(m.start("name"), m.start("name") + len(_first_only(m.group("name"))))
              for m in kin if m.group("name").split()[0].lower() not in _NOT_NAMES]
    found += [(m.start("name"), m.end("name")) for m in _CUED_AFTER.finditer(text)
              if is_given_name(m.group("name")) and m.group("name").lower() not in _NOT_NAMES]
    for start, end in found:
        if not any(a < end and start < b for a, b in taken):
            taken.append((start, end))
            out.append(Span("PERSON", text[start:end], start, end))
    return out


def _first_only(name: str) -> str:
    """"Ciarán Works" -> "Ciarán": a second capitalised word that is a dictionary word (a
    sentence's next word written with a capital) is not the surname."""
    words = name.split()
    return words[0] if len(words) > 1 and (words[1].lower() in _NOT_NAMES or (
        is_dictionary_word(words[1].lower()) and not is_given_name(words[1]))) else name


_NOT_NAMES = word_set("""
said says say was is and the a an will who from at of for to in on me my him her very really so
just also there here today job guy man lady woman bloke interview asked told wants want thinks
reckons seemed seems had has have did does go gave give called named rang phoned emailed texted
na abeg oga sha wey dey
""")


def _bare(name: str) -> list[str]:
    """A name's words without its titles, lower case ("Mrs. Petra Lang" -> ["petra", "lang"])."""
    return [w for w in re.sub(r"[.,]", " ", name.lower()).split() if not _ONLY_TITLE.match(w)]


def _same_person(name: str, earlier: str) -> bool:
    """A later mention of someone named before: the same name, a part of it ("Lang", "Mrs.
    Lang" after "Mrs. Petra Lang"; "Minh Anh" after "Minh Anh Vu")."""
    words, before = _bare(name), _bare(earlier)
    if not words:
        return False
    return words == before or (len(words) < len(before) and (
        words == before[:len(words)] or words == before[-len(words):]))


_HONORIFIC_FIRST = re.compile(rf"(?:{alternation(HONORIFICS)})\b", re.IGNORECASE)


_PREMISES_AFTER = re.compile(rf"(?:['’]s)?\s+(?:{PREMISES_NOUNS}|offices|campus|hq|headquarters|"
                             r"showroom)\b", re.IGNORECASE)


def _part_of_an_org(name: str, text: str, span: Span, orgs: set[str]) -> bool:
    """A "person" that holds the company's or agency's name ("Hilton Dublin"), or is two or
    more of its words ("Marine Kiln" of "Tokyo Marine Kiln"), or one word before or after a
    firm's "&" ("Ernst & Young", "Kasprzak & Wróbel"). "Morgan" at Morgan Stanley, "Sarah & Tom"
    and "Priya Shah & Tom Brown" are people."""
    key = f" {name.lower().removesuffix(chr(39) + 's')} "
    if any(f" {org} " in key or (len(name.split()) > 1 and key in f" {org} ") for org in orgs):
        return True
    if _PREMISES_AFTER.match(text, span.end):
        return True  # "the London Bridge office", "Dr. Oetker's Leeds site": a place of a firm
    if len(name.split()) > 1:
        return False
    after = re.match(r"\s*&\s*((?-i:[A-Z])[\w'’-]*)(?!\s+(?-i:[A-Z]))", text[span.end:])
    before = re.search(r"(?<![\w'’-])((?-i:[A-Z])[\w'’-]*)\s*&\s*$",
                       text[max(0, span.start - 30):span.start])
    other = after or before
    # ("Sarah & Tom": two given names are two people)
    return other is not None and not (is_given_name(name) and is_given_name(other.group(1)))


def name_words(name: str) -> set[str]:
    """The words of a name a later mention may use alone: "Idris" and "Mabey" of "Idris Mabey",
    "Mo" when it is the whole name, never a title ("Dr. said she'd call" names no one)."""
    short = 1 if " " not in name.strip() else 2
    return {w for w in name.split() if len(w) > short and w[:1].isupper() and
            not _ONLY_TITLE.match(w) and w.replace("’", "'") != "Ma'am"}


def _common_words(name: str) -> bool:
    """A "name" made only of ordinary English words, with no first name or title ("Process
    Safety", "Park Royal", "Night Shelter", "Mexican"): words the tagger took for a person."""
    if _TITLE_BEFORE.search(name + " ") or _HONORIFIC_FIRST.match(name):
        return False
    words = [w.strip("'’.,-").lower() for w in name.split()]
    if words and words[-1] in _TITLE_HEADS:
        return True  # "Art Director", "Senior Analyst": a job title, never a surname
    if not words or any(is_given_name(w) for w in words):
        return False
    return all(is_dictionary_word(w) for w in words)


# Last words of a job title that are no surname (unlike "Baker", "Cook" or "Porter").
_TITLE_HEADS = word_set("director manager engineer developer designer analyst assistant associate "
                        "specialist coordinator consultant officer administrator advisor adviser "
                        "executive lead head intern supervisor recruiter interviewer")


def later_mentions(text: str, found: list[tuple[str, int]]) -> list[list[tuple[int, int]]]:
    """For each (name, end of its first mention), the [start, end) of every later mention of a
    word of the name (`name_words`: "Idris, the hiring manager, …" after "Idris Mabey")."""
    return [[(m.start(), m.end()) for word in name_words(name)
             for m in re.compile(rf"\b{re.escape(word)}\b").finditer(text, end)]
            for name, end in found]


def read_people(text: str, spans: list[Span], agency: str | None = None,
                company: str | None = None, role: str | None = None) -> list[Person]:
    """The people named (PERSON spans, each once, tidied), each with their part: the model's
    when it is confident (over CONFIDENT), else the rules' (`rule_parts`). A name that is the
    company's or the agency's, or a title alone, is no person."""
    orgs = {o.lower() for o in (agency, company) if o}
    found: list[tuple[str, Span]] = []
    known_by = list(_KNOWN_BY.finditer(text))
    spans = sorted([*spans, *_missed_mentions(text, spans, known_by)], key=lambda s: s.start)
    kin = {m.start("name") for m in known_by}  # ("my friend Mercy": a name)
    for span in spans:
        if span.label != "PERSON" or _SELF.search(text, max(0, span.start - 16), span.start):
            continue  # ("my name is Oleksandr": the user)
        written = span.text
        if title := _TITLE_BEFORE.search(text, max(0, span.start - 8), span.start):
            written = title.group(0) + written  # "Mr. Romano": the title is part of the name
        name = tidy_person(_clean_person(clean_name(written)))
        if not name or _ONLY_TITLE.match(name) or _part_of_an_org(name, text, span, orgs) or \
                named_like_an_org(name) or \
                any(_same_person(name, n) for n, _ in found) or \
                (_common_words(name) and span.start not in kin):
            continue
        found.append((name, span))
    # Later mentions of a first or last name ("Idris, the hiring manager, …").
    later = later_mentions(text, [(name, first.end) for name, first in found])
    rules = rule_parts(text, [(s.start, s.end) for _, s in found], agency, later, role)
    people, all_scores = [], []
    for order, ((name, span), rule) in enumerate(zip(found, rules, strict=True)):
        scores = part_scores(part_features(text, span.start, span.end, name, rule, order,
                                           len(found)))
        best = max(scores, key=lambda k: scores[k]) if scores else None
        part = best if best is not None and scores[best] >= CONFIDENT and \
            rule not in SAID_OUTRIGHT else rule.removeprefix("fb:")
        people.append(Person(name, part))  # type: ignore[arg-type]
        all_scores.append(scores)
    return _one_boss(text, people, rules, all_scores)


# The one the job reports to, said outright: "my future boss", "the role reports into him",
# "Alan, who's the hiring manager". Where a message says it, it names one hiring manager (every
# such message of the corpus's development split with two people or more does).
_BOSS_SAID = re.compile(r"\b(?:(?:my|the)\s+(?:future|would-be|new|potential|direct|line)\s+"
                        r"(?:boss|manager|line\s+manager)|my\s+boss|be\s+my\s+(?:boss|manager|line\s+"
                        r"manager|supervisor)|(?:i['’]?d|i\s+would|role|post|position|job)\s+(?:would\s+)?"
                        r"reports?\s+(?:in)?to|\(hm\)|hiring\s+(?:manager|mgr))",
                        re.IGNORECASE)


def _one_boss(text: str, people: list[Person], rules: list[str],
              scores: list[dict[str, float]]) -> list[Person]:
    """At most one hiring manager where the message says who the boss is: the one the rules
    read so outright, else the one the model thinks likeliest; the others take their next
    likeliest part ("interviewer" when the model has none)."""
    bosses = [k for k, p in enumerate(people) if p.part == "hiring manager"]
    if len(bosses) < 2 or not _BOSS_SAID.search(text):
        return people
    said = [k for k in bosses if rules[k] == "hiring manager"]
    keep = said[0] if said else max(bosses, key=lambda k: scores[k].get("hiring manager", 0.0))
    out = list(people)
    for k in bosses:
        if k != keep:
            rest = {part: p for part, p in scores[k].items() if part != "hiring manager"}
            part = max(rest, key=lambda x: rest[x]) if rest else "interviewer"
            out[k] = Person(people[k].name, part)  # type: ignore[arg-type]
    return out
