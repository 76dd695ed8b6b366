"""What a person named in a first message was to the user, read from the words around their
name: interviewer, hiring manager, recruiter, HR, panel or other (tests/nlu/GUIDE.md, "People's
parts", gives the order of the rules). `rule_parts` is the rules' reading; language.people weighs
it with the statistical model.
"""

from __future__ import annotations

import re
from typing import Literal

from bot.core.language.titles import HONORIFICS, PROFESSIONAL, alternation

Part = Literal["interviewer", "hiring manager", "recruiter", "hr", "panel", "other"]


# Not after "assistant", "deputy" or "vice": a deputy is not the boss ("her assistant manager
# Josh", "the deputy head", "Vice Principal").
_NOT_A_DEPUTY = r"(?<!\bassistant\s)(?<!\bdeputy\s)(?<!\bvice\s)"

# Words near a person's name that say what they were to the user (nearest first wins).
_PARTS: tuple[tuple[Part, re.Pattern[str]], ...] = (
    ("hiring manager", re.compile(
        r"\bhiring\s+(?:manager|mgr)\b|\bfuture\s+(?:boss|manager|line\s+manager)\b|"
        r"(?:\b(?:would|will|to)|['’]d)\s+be\s+my\s+(?:\w+\s+)?(?:boss|manager)\b|\bmy\s+"
        r"(?:future|new|potential|would-be)\s+(?:boss|manager)\b|\bline\s+manager\b|"
        r"\breport(?:ing|s)?\s+(?:straight\s+|directly\s+)?(?:in)?to\b|\bmy\s+(?:boss|manager)\b|"
        # "the partner I'd be working for", "I'd be in her group", "the team I would join"
        r"\b(?:i['’]d|i\s+would|i['’]ll|i\s+will)\s+be\s+(?:working\s+(?:for|under)|supporting|"
        r"in\s+(?:her|his|their)\s+(?:team|group|lab))\b|\b(?:team|group|department)\s+i\s+"
        r"(?:would|'d|will|am\s+going\s+to)?\s*(?:join|be\s+joining|apply\s+for|applied\s+for)\b|"
        r"\b(?:job|post|role)['’]?s?\s+(?:is\s+)?in\s+(?:her|his)\s+team\b|"
        r"\b(?:team|department|shop|store|kitchen)\s+(?:where|that)\s+i\s+(?:will|would|'d)\b|"
        # The manager or owner of the place or team hired for: "the store manager Kelly", "owner
        # Dev", "the gaffer", "head chef Marco" (most writers of the corpus read them so).
        # Any manager but HR's, a recruiter's or a client's: "the practice manager", "ops
        # manager", "manager's name Tariq"; a team's or a function's lead: "team lead", "(EM)".
        r"(?<!\bhr\s)(?<!\bpeople\s)(?<!\btalent\s)(?<!\bresources\s)(?<!\brecruitment\s)"
        r"(?<!\baccount\s)(?<!\bacquisition\s)(?<!\brecruiting\s)(?<!\bcase\s)(?<!\brelationship\s)"
        rf"{_NOT_A_DEPUTY}(?<!\bdep\s)(?<!\basst\s)"
        r"\b(?:managers?|mgr|manger)\b|\b(?-i:HM|EM)\b|\bhm\s+round\b|"
        r"\b(?:it'?s|its)\s+(?:her|his|their)\s+(?:team|department|shop|store|kitchen)\b|"
        r"\b(?:team|hiring|design|planning|shift|section|department|dept|tech|technical|"
        r"engineering|product|ops|operations|sales|store|site|clinical|nursing|ward|unit|"
        r"kitchen|bar|floor|studio)\s+(?:lead|leader|head)\b|\bhead\s+of\b|\bhead\s*teacher\b|"
        r"\b(?:owners?|boss|gaffer|gm|head\s+chef|executive\s+chef|chef\s+de\s+cuisine|"
        r"proprietor|landlord|landlady|foreman|postmaster|postmistress)\b|"
        # the one a junior job answers to, or the head of a small firm, ward or school: "the
        # supervisor Dorota", "the CEO Ana", "ward sister Precious", "the head, Anita Desai"
        r"\b(?:supervisor|ceo|licensee|superintendent|ward\s+sister)\b|"
        # a school's principal, a dealership's, "the site in-charge", "I will work under him",
        # "exec chef", a lead before a name or of a craft ("taproom lead Ruby", "lead artist")
        rf"{_NOT_A_DEPUTY}\b(?:the\s+|school\s+|dealer\s+)?principal"
        r"\b(?!\s+(?:engineer|consultant|scientist|developer|designer|analyst|architect|"
        r"investigator|associate|officer|lecturer|researcher|software|data|product))|"
        r"\bin-?charge\b|\b(?:i|i['’]ll|i['’]d)\s+(?:will\s+|would\s+|am\s+going\s+to\s+)?work\s+"
        r"(?:under|for)\s+(?:him|her)\b|\bexec\s+chef\b|\blead\b(?=\s*[:,]?\s*(?-i:[A-Z]))|"
        r"\blead\s+(?:artist|designer|developer|engineer|chef|scientist|architect|"
        r"producer|animator|barista|bartender)\b|"
        rf"(?<!\bmy\s)(?<!\bhis\s)(?<!\bher\s){_NOT_A_DEPUTY}\bhead\b(?!\s*(?:of|office|"
        r"quarters|hunter|count|start|to|over|back|home|down|up)\b)(?!-)|"
        # the director of the place or function hired for: "the director Kylie", "centre
        # director", "creative director", "director of music"
        r"\b(?:the|centre|center|branch|site|store|school|nursery|practice|creative|studio|art|"
        r"design|it|buying|music|pharmacy|nursing|clinical|technical|engineering|finance|sales|"
        r"marketing|product|hospital|dental|commercial|events|retail|kitchen|"
        r"programme|program|editorial|brand|restaurant|hotel)\s+directors?\b|\bdirectors?\s+of\b",
        re.IGNORECASE)),
    ("recruiter", re.compile(r"\brecruit(?:ers?|ment|ing)?\b|\bagency\b|\btalent\s+"
                             r"(?:partner|acquisition|scout|team|person|lead|manager|specialist)\b|\b(?-i:TA)\b|\bheadhunter\b|\bsourcer\b|"
                             r"\b(?:my|our|agency|recruitment|search|(?-i:[A-Z][\w&]*))\s+"
                             r"(?:consultant|agent)\b|^(?-i:Consultant|Agent)\b|\bresourcer\b|"
                             r"\bsearch\s+partner\b|\bresourcing\s+(?:partner|consultant|team)\b|"
                             r"\b(?:from|fae)\s+talent\b",
                             re.IGNORECASE)),
    ("hr", re.compile(r"\bhr\b|(?:^|\bfrom\s+)people\b(?!\s+(?:who|that|were|are))|\bchro\b|"
                      r"\bh\.r\.|\brh\b|\bhuman\s+resources\b|"
                      r"\bpeople\s+(?:team|"
                      r"partner|ops|operations|and\s+culture|&\s+culture)\b|\bhead\s+of\s+"
                      r"people\b|\bpersonnel\b|\bpersonal\s+department\b",
                      re.IGNORECASE)),
    # ("board members: …", "the interview board, chaired by …", "Committee: …", "the chair")
    ("panel", re.compile(r"\bpanel\b|\b(?:interview|selection|assessment)\s+(?:board|committee)\b|"
                         r"\bboard\s+(?:members?|consisted)\b|\bcommittee\s*:|\bchaired\s+by\b|"
                         r"\bthe\s+chair\b", re.IGNORECASE)),
    # Someone who did not interview them: family, a friend, the colleague who referred them.
    ("other", re.compile(r"\b(?:cousin|friend|mate|colleague|brother|mum|mom|dad|aunt|pa|"
                         r"secretary|receptionist|personal\s+assistant|"
                         r"uncle|neighbou?r|wife|husband|boyfriend|girlfriend|flatmate|"
                         r"classmate|referr\w*)\b|\b(?:didn'?t|did\s+not)\s+interview\b|"
                         r"\bshowed\s+me\s+(?:round|around)\b", re.IGNORECASE)),
)
_PARTS_BY_NAME = dict(_PARTS)

PART_WINDOW = 40  # characters before a name read for its part


_APPOSITION = re.compile(r"\s*(?:[(,–—-]|is|was|who\s+is|who['’]?s|['’]s|who(?=['’]d|\s+would|"
                         r"\s+will)|as|from|fae|of|in|(?=the\s|(?:recruiter|hr|manager)\b))\s*"
                         r"(?P<article>the\s+|our\s+|their\s+|an?\s+|my\s+)?", re.IGNORECASE)
_SENTENCE = re.compile(r"[.!?\n;]")
_PAREN_AFTER = re.compile(r"\s*\(([^()]{1,60})\)")
# Another person's words end at ")", "+", "and", "with", "plus": "Maya (HR) + the ops manager
# Georges" says nothing of Georges's part.
_CLAUSE = re.compile(r"\)|\+|&|\band\b|\bwith\b|\bplus\b|\bw/", re.IGNORECASE)
# (after a name, a clause of the user's own goes on: "Dr Osei is the PI and I'd be in her group")
_AFTER_CLAUSE = re.compile(r"\)|\+|&|\band\b(?!\s+(?:i\b|i['’]|my\b|s?he\b|they\b))|\bwith\b|"
                           r"\bplus\b|\bw/", re.IGNORECASE)
_TITLE_DOT = re.compile(rf"\b({alternation(HONORIFICS, PROFESSIONAL, ('Sr', 'Jr', 'St'))})\.")
# ("Ms." ends no sentence)
_APPOSED = re.compile(r"[^,.;:()!?\n]{0,45}")
# A plural word for a part before a list of names: "2 recruiters, Fatima and Omar", "the
# directors Neil Fenwick and Hana Lowe".
_SHARED_CUE = re.compile(r"(?P<cue>\b[\w-]+(?:\s+[\w-]+)?s)\s*[:,–—-]?\s+(?:(?-i:[A-Z])[\w'’-]+"
                         r"(?:\s+(?-i:[A-Z])[\w'’-]+)?\s*(?:,\s*|\s+and\s+|\s*&\s*))+$")


# A manager over several sites ("the area manager Rui", "regional director Mr Tilley"): the
# boss of the one hired only when the job is itself a site's manager; the corpus's writers read
# them as an interviewer for a barista, a cook or an assistant manager (GUIDE: the manager "of
# the shop ... hired for").
_ABOVE_SITE = re.compile(r"\b(?:area|regional|region|district|divisional|cluster|zone|multi-site)"
                         r"\s+(?:operations\s+|ops\s+)?(?:manager|mgr|manger|director|lead|head)$",
                         re.IGNORECASE)
_SITE_JOB = re.compile(r"(?<!assistant\s)(?<!deputy\s)(?<!trainee\s)(?<!graduate\s)\b(?:store|"
                       r"shop|branch|restaurant|site|salon|chef|general|unit|home|centre|center|"
                       r"practice|pub|bar|hotel|cafe|café|club|depot|warehouse|kitchen|venue|"
                       r"boutique|showroom|dealership)\s+manager\b", re.IGNORECASE)


def _site_job(role: str | None) -> bool:
    """The job is a site's manager ("store manager", "Restaurant Manager"): a manager over
    several sites (area, regional) would be the user's boss."""
    return bool(role and _SITE_JOB.search(role))


def _said_by(words: str, m: re.Match[str], part: Part, over_site: bool) -> Part:
    """`part` as the match `m` in `words` says it, but a manager over several sites is the
    hiring manager only when `over_site` (the job is a site's manager), else an interviewer."""
    if part == "hiring manager" and not over_site and _ABOVE_SITE.search(words[:m.end()]):
        return "interviewer"
    return part


def _part(text: str, start: int, end: int, *, since: int = 0, until: int | None = None,
          over_site: bool = False) -> Part | None:
    """What a person was to the user, from the words just before their name in the same
    clause ("recruiter Tess", "the hiring manager, Nadia"), an aside after it ("Olga Petrova
    (HR)", "Sven (CTO, hiring mgr)"), or a phrase in apposition ("Naomi, the quality manager
    I'd be reporting to", "Ms Nair, Group HR Director"); None when nothing says. The words
    before start no earlier than `since`, those after end at `until` (where the next person is
    named: "Femi Adeyemi, and Carol Hughes from HR" says nothing of Femi). `over_site`: see
    `_said_by`."""
    if paren := _PAREN_AFTER.match(text, end):
        for part, rx in _PARTS:
            if m0 := rx.search(paren.group(1)):
                return _said_by(paren.group(1), m0, part, over_site)
    window = _TITLE_DOT.sub(r"\1 ", text[max(0, since, start - PART_WINDOW):start])
    before = _CLAUSE.split(_SENTENCE.split(window)[-1])[-1]
    after = ""
    if (lead := _APPOSITION.match(text, end)) and (
            lead.group(0).strip() or re.match(r"\s+(?:recruiter|hr|manager)\b", text[end:],
                                              re.IGNORECASE)):
        # (from the article on: "Ms Lan the director", "Sam, my future boss")
        from_ = lead.start("article") if lead.group("article") else lead.end()
        after = _AFTER_CLAUSE.split(_APPOSED.match(text, from_).group(0))[0]  # type: ignore[union-attr]
        if until is not None:
            after = after[:max(0, until - from_)]
    if (shared := _SHARED_CUE.search(window)) is not None:
        before = shared.group("cue")  # "2 recruiters, Fatima and Omar": Omar too
    best: tuple[int, Part] | None = None
    for part, rx in _PARTS:
        for m in rx.finditer(before):
            distance = len(before) - m.end()
            if best is None or distance < best[0]:
                best = (distance, _said_by(before, m, part, over_site))
        if (m2 := rx.search(after)) and (best is None or m2.start() < best[0]):
            best = (m2.start(), _said_by(after, m2, part, over_site))
    return best[1] if best is not None else None


# The gap between two names that is the first one's aside: "Ruth Ames, the planning lead, Dr
# Colin Hart" says nothing of Colin.
_ASIDE_GAP = re.compile(r"\s*(?:,|–|—|\s-)\s*(?:the|our|their|my|an?|who)\b[^,;:()]{1,45}"
                        r"(?:,|–|—|\s-)\s*(?:and\s+|&\s*)?$", re.IGNORECASE)


def part_in(words: str, *, only: bool = False) -> Part | None:
    """The part a few words name ("hiring manager", "HR", "recruiter at Hays"), read by the same
    word rules as the words around a name in a message; None when they name none. With `only`,
    the words must be nothing but the part ("the hiring manager", "HR"), not a name with it."""
    bare = re.sub(r"\b(?:the|a|an|my|our|their|his|her)\b", " ", words, flags=re.IGNORECASE)
    for part, rx in _PARTS:
        if rx.search(words) and not (only and re.search(r"[^\W\d_]", rx.sub(" ", bare))):
            return part
    return None


def _agency_person(text: str, start: int, end: int, agency: str | None) -> Part | None:
    """"Sipho from Baobab Executive Search", "Odgers Berndtson (Priyanka Deshpande)", "the
    Heidrick partner is Marcus": someone named with the agency is the recruiter."""
    if not agency:
        return None
    name = re.escape(agency.split()[0])
    after = re.match(rf"\s*,?\s*(?:from|at|of|with)\s+(?:the\s+)?{name}", text[end:end + 60],
                     re.IGNORECASE)
    before = re.search(rf"\b{name}\b[^.!?\n]{{0,25}}$", text[max(0, start - 50):start],
                       re.IGNORECASE)
    return "recruiter" if after or before else None


# Words that say a person interviewed the user, read only when nothing names a more specific
# part (the guide's order: hiring manager, recruiter, HR and panel come first).
_INTERVIEWER_BEFORE = re.compile(r"\binterview(?:ers?|ed\s+by)\b(?:\s+(?:was|were|is|are))?"
                                 r"[\s:–—-]*(?:\w+\s+)?$", re.IGNORECASE)
_INTERVIEWER_AFTER = re.compile(r"\s*(?:\([^()]*\)\s*)?(?:,\s*)?(?:who\s+)?(?:interview(?:ed|s)?"
                                r"\s+me|(?:ran|led|did|conducted|took)\s+(?:it|the\s+interview|"
                                r"my\s+interview)|interviewed\b)", re.IGNORECASE)


def _interviewer_said(text: str, start: int, end: int) -> Part | None:
    """"interviewer: Gurpreet Sandhu", "interviewed by Ana", "Mr Bao interview me", "Kenji
    ran it": the words say this person interviewed the user."""
    window = _SENTENCE.split(_TITLE_DOT.sub(r"\1 ", text[max(0, start - PART_WINDOW):start]))[-1]
    if _INTERVIEWER_BEFORE.search(window) or _INTERVIEWER_AFTER.match(text, end):
        return "interviewer"
    return None


# Parts the words around a name state outright ("Kate Ford from HR", "recruiter Tess"): the
# rules' reading stands, whatever the model weighs from the rest of the message.
SAID_OUTRIGHT = frozenset({"hr", "recruiter", "hiring manager"})
CONFIDENT = 0.5  # the model's probability over which its part is taken


# The boss said after the name, of the one named last ("Bill Jansen interviewed me; I'd report
# to him", "Eve is the one who'd manage me", "Tomasz, he will be my manager"): the guide's
# hiring manager, "the person the job would report to".
_BOSS_AFTER = re.compile(
    r"\b(?:s?he|they)(?:['’]d|['’]ll|\s+would|\s+will|\s+is\s+going\s+to)\s+be\s+my\s+"
    r"(?:\w+\s+)?(?:boss|manager|supervisor)\b|"
    r"\bi(?:['’]d|\s+would|['’]ll|\s+will)\s+(?:be\s+)?report(?:ing)?\s+(?:directly\s+)?(?:in)?to\s+"
    r"(?:him|her|them)\b|"
    r"\b(?:s?he|they|(?-i:[A-Z])[\w'’-]+)(?:['’]s|\s+is|\s+are)\s+the\s+one\s+(?:who['’]d|who\s+would|who\s+will|"
    r"i['’]d|i\s+would|i['’]ll)\s+(?:manage\s+me|report\s+to|be\s+working\s+for)|"
    r"\bi(?:['’]d|\s+would|['’]ll|\s+will)\s+be\s+working\s+(?:in|for|under)\s+(?:her|his|their)\b",
    re.IGNORECASE)
_BOSS_REACH = 120  # characters from the end of a name to the words that make them the boss
# Someone who only showed the user round: "Jade showed me round", "Sheila popped in".
_SHOWED_ROUND = re.compile(r"\s+(?:just\s+|then\s+|also\s+)?(?:showed|show|took)\s+me\s+"
                           r"(?:round|around|the\s+\w+)\b|\s+(?:just\s+)?popped\s+in\b",
                           re.IGNORECASE)


def _boss_after(text: str, mentions: list[tuple[int, int]],
                later: list[list[tuple[int, int]]], out: list[str]) -> None:
    """Make the one `_BOSS_AFTER`'s words name ("Eve is the one who'd manage me"), else the one
    named last before them, the hiring manager, unless their own words say HR, recruiter or
    other; in place. `later`: each person's later mentions."""
    for m in _BOSS_AFTER.finditer(text):
        named = [k for k, spans in enumerate(later) if any(a == m.start() for a, _ in spans)]
        before = named or [k for k, (_, end) in enumerate(mentions) if end <= m.start()]
        if before and (named or m.start() - mentions[before[-1]][1] <= _BOSS_REACH) and \
                out[before[-1]] not in ("hr", "recruiter", "other"):
            out[before[-1]] = "hiring manager"


def rule_parts(text: str, mentions: list[tuple[int, int]], agency: str | None,
               later: list[list[tuple[int, int]]] | None = None,
               role: str | None = None) -> list[str]:
    """The rules' reading of each person named at text[start:end]: a part, or "fb:<part>" for
    the message's default when the words around the name say nothing (the message's own word
    for the only person named, "panel" when it speaks of a panel, else "interviewer").
    `later` gives each person's later mentions ("Tom and Sara met me. Tom, the hiring manager,
    said…"), read when the first says nothing; `role` is the job applied for (a manager over
    several sites is the boss of a site's manager only, see `_said_by`)."""
    over_site = _site_job(role)
    fallback: Part = "interviewer"
    if len(mentions) >= 2 and _PARTS_BY_NAME["panel"].search(text):
        fallback = "panel"
    elif len(mentions) == 1:
        # (not the job's own title: "Kim, for the office manager role" is no hiring manager)
        rest = re.sub(re.escape(role), " ", text, flags=re.IGNORECASE) if role else text
        for part in ("hiring manager", "recruiter"):
            if any(_said_by(rest, m, part, over_site) == part
                   for m in _PARTS_BY_NAME[part].finditer(rest)):
                fallback = part
                break
    out: list[str] = []
    for k, (start, end) in enumerate(mentions):
        since = 0
        if k and _ASIDE_GAP.match(text[mentions[k - 1][1]:start]):
            since = start
        until = mentions[k + 1][0] if k + 1 < len(mentions) else None
        said: Part | None = _part(text, start, end, since=since, until=until,
                                  over_site=over_site) or \
            _agency_person(text, start, end, agency)
        for start2, end2 in (later[k] if later else []):
            # (a later "Gemma's the HR advisor" is more than the panel she sat on)
            if said in (None, "panel"):
                said = _part(text, start2, end2, over_site=over_site) or said
        if said is None and _SHOWED_ROUND.match(text, end):
            said = "other"
        out.append(said or _interviewer_said(text, start, end) or f"fb:{fallback}")
    _boss_after(text, mentions, later or [[] for _ in mentions], out)
    return out
