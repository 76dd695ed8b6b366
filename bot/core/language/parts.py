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
        r"(?<!\baccount\s)(?<!\bacquisition\s)(?<!\bcase\s)(?<!\brelationship\s)"
        r"\b(?:managers?|mgr|manger)\b|\b(?-i:HM|EM)\b|\bhm\s+round\b|"
        r"\b(?:it'?s|its)\s+(?:her|his|their)\s+(?:team|department|shop|store|kitchen)\b|"
        r"\b(?:team|hiring|design|planning|shift|section|department|dept|tech|technical|"
        r"engineering|product|ops|operations|sales|store|site|clinical|nursing|ward|unit|"
        r"kitchen|bar|floor|studio)\s+(?:lead|leader|head)\b|\bhead\s+of\b|\bhead\s*teacher\b|"
        r"\b(?:owners?|boss|gaffer|gm|head\s+chef|executive\s+chef|chef\s+de\s+cuisine|"
        r"proprietor|landlord|landlady|foreman|postmaster|postmistress)\b|"
        # the director of the place or function hired for: "the director Kylie", "centre
        # director", "creative director", "director of music"
        r"\b(?:the|centre|center|branch|site|store|school|nursery|practice|creative|studio|art|"
        r"design|it|buying|music|pharmacy|nursing|clinical|technical|engineering|finance|sales|"
        r"marketing|product)\s+directors?\b|\bdirectors?\s+of\b",
        re.IGNORECASE)),
    ("recruiter", re.compile(r"\brecruit(?:ers?|ment|ing)?\b|\bagency\b|\btalent\s+"
                             r"(?:partner|acquisition|scout|team)\b|\b(?-i:TA)\b|\bheadhunter\b|\bsourcer\b|"
                             r"\b(?:my|our|agency|recruitment|search|(?-i:[A-Z][\w&]*))\s+"
                             r"(?:consultant|agent)\b|^(?-i:Consultant|Agent)\b|\bresourcer\b|"
                             r"\bsearch\s+partner\b|\bresourcing\s+(?:partner|consultant|team)\b|"
                             r"\b(?:from|fae)\s+talent\b",
                             re.IGNORECASE)),
    ("hr", re.compile(r"\bhr\b|\bchro\b|\bh\.r\.|\brh\b|\bhuman\s+resources\b|\bpeople\s+(?:team|"
                      r"partner|ops|operations|and\s+culture|&\s+culture)\b|\bhead\s+of\s+"
                      r"people\b|\bpersonnel\b|\bpersonal\s+department\b",
                      re.IGNORECASE)),
    ("panel", re.compile(r"\bpanel\b", re.IGNORECASE)),
    # Someone who did not interview them: family, a friend, the colleague who referred them.
    ("other", re.compile(r"\b(?:cousin|friend|mate|colleague|brother|mum|mom|dad|aunt|"
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
_TITLE_DOT = re.compile(rf"\b({alternation(HONORIFICS, PROFESSIONAL, ('Sr', 'Jr', 'St'))})\.")
# ("Ms." ends no sentence)
_APPOSED = re.compile(r"[^,.;:()!?\n]{0,45}")
# A plural word for a part before a list of names: "2 recruiters, Fatima and Omar", "the
# directors Neil Fenwick and Hana Lowe".
_SHARED_CUE = re.compile(r"(?P<cue>\b[\w-]+(?:\s+[\w-]+)?s)\s*[:,–—-]?\s+(?:(?-i:[A-Z])[\w'’-]+"
                         r"(?:\s+(?-i:[A-Z])[\w'’-]+)?\s*(?:,\s*|\s+and\s+|\s*&\s*))+$")


def _part(text: str, start: int, end: int) -> Part | None:
    """What a person was to the user, from the words just before their name in the same
    clause ("recruiter Tess", "the hiring manager, Nadia"), an aside after it ("Olga Petrova
    (HR)", "Sven (CTO, hiring mgr)"), or a phrase in apposition ("Naomi, the quality manager
    I'd be reporting to", "Ms Nair, Group HR Director"); None when nothing says."""
    if paren := _PAREN_AFTER.match(text, end):
        for part, rx in _PARTS:
            if rx.search(paren.group(1)):
                return part
    window = _TITLE_DOT.sub(r"\1 ", text[max(0, start - PART_WINDOW):start])
    before = _CLAUSE.split(_SENTENCE.split(window)[-1])[-1]
    after = ""
    if (lead := _APPOSITION.match(text, end)) and (
            lead.group(0).strip() or re.match(r"\s+(?:recruiter|hr|manager)\b", text[end:],
                                              re.IGNORECASE)):
        # (from the article on: "Ms Lan the director", "Sam, my future boss")
        after = _APPOSED.match(text, lead.start("article") if lead.group("article")
                               else lead.end()).group(0)  # type: ignore[union-attr]
    if (shared := _SHARED_CUE.search(window)) is not None:
        before = shared.group("cue")  # "2 recruiters, Fatima and Omar": Omar too
    best: tuple[int, Part] | None = None
    for part, rx in _PARTS:
        for m in rx.finditer(before):
            distance = len(before) - m.end()
            if best is None or distance < best[0]:
                best = (distance, part)
        if (m2 := rx.search(after)) and (best is None or m2.start() < best[0]):
            best = (m2.start(), part)
    return best[1] if best is not None else None


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


def rule_parts(text: str, mentions: list[tuple[int, int]], agency: str | None,
               later: list[list[tuple[int, int]]] | None = None) -> list[str]:
    """The rules' reading of each person named at text[start:end]: a part, or "fb:<part>" for
    the message's default when the words around the name say nothing (the message's own word
    for the only person named, "panel" when it speaks of a panel, else "interviewer").
    `later` gives each person's later mentions ("Tom and Sara met me. Tom, the hiring manager,
    said…"), read when the first says nothing."""
    fallback: Part = "interviewer"
    if len(mentions) >= 2 and _PARTS_BY_NAME["panel"].search(text):
        fallback = "panel"
    elif len(mentions) == 1:
        for part in ("hiring manager", "recruiter"):
            if _PARTS_BY_NAME[part].search(text):
                fallback = part
                break
    out: list[str] = []
    for k, (start, end) in enumerate(mentions):
        said: Part | None = _part(text, start, end) or _agency_person(text, start, end, agency)
        for start2, end2 in (later[k] if later else []):
            # (a later "Gemma's the HR advisor" is more than the panel she sat on)
            if said in (None, "panel"):
                said = _part(text, start2, end2) or said
        out.append(said or _interviewer_said(text, start, end) or f"fb:{fallback}")
    return out
