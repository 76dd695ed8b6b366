"""Rehearsing the call (step 5): the bot plays HR, the user answers, the bot coaches.

One situation at a time: HR's line, the user's typed answer, then feedback (what worked, what to
add, whether the tone stayed calm) and a model answer written for this interview. State lives in
a Dialog row (flow "rehearse"), so a restart carries on where it was.

Button args carry the rehearsal's session and turn (`n:ab12:3`); a button from an earlier turn or
an earlier rehearsal changes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bot.core.contract import buttons
from bot.core.contract.buttons import Press
from bot.core.contract.context import Ctx
from bot.core.contract.messages import Button, Reply, TextBuilder, bold, italic, reply
from bot.core.contract.models import GENERIC_ROLE_PATTERN, GENERIC_ROLE_WORDS, Dialog, Interview
from bot.core.language.extract import extract
from bot.core.language.intents import wants_new_interview
from bot.core.language.wording import role_phrase, the_label
from bot.core.plan.planner import local_day

FLOW = "rehearse"
BUTTON_ACTION = "rh"
OFFER_ARG = "o"  # "start rehearsing this interview" (the evening-before nudge, "Rehearse again")

# Steps of the dialog.
PICK, ASK, FEEDBACK, MENU = "pick", "ask", "feedback", "menu"
MAX_WORDS = 90  # longer than this is more than anyone says in one breath on the phone


# -- the facts a scenario is written from -------------------------------------------------------
@dataclass(frozen=True)
class Facts:
    name: str | None  # the user's display name
    role: str  # "the backend role" / "the position"
    role_words: tuple[str, ...]  # specific words of the role ("backend"), lower case
    company: str | None
    interviewer: str | None
    when: str | None  # "on Wednesday 25 November" / "yesterday"
    hr: str  # the HR person the bot plays
    name_words: tuple[str, ...] = ()  # words of the user's names, lower case

    @property
    def you(self) -> str:
        return self.name or "(your full name)"

    @property
    def place(self) -> str:
        return self.company or "the company"

    @property
    def team(self) -> str:
        return f"the team at {self.company}" if self.company else "the team"

    @property
    def interview_ref(self) -> str:
        """' on Wednesday 25 November with Jane Doe', or '' when nothing is known."""
        out = f" {self.when}" if self.when else ""
        if self.interviewer:
            out += f" with {self.interviewer}"
        return out


_GENERIC_WORDS = {*GENERIC_ROLE_WORDS, "the", "and", "for", "of", "a", "an", "in", "to"}


def facts_for(ctx: Ctx, iv: Interview | None) -> Facts:
    u = ctx.user
    name = (u.full_name or "").strip() or (u.display_name or "").strip() or None
    name_words = tuple(_tokens(f"{u.full_name or ''} {u.display_name or ''}"))
    if iv is None:
        return Facts(name=name, role="the position", role_words=(), company=None,
                     interviewer=None, when=None, hr="Alex", name_words=name_words)
    words = tuple(w for w in re.findall(r"[^\W_]+", (iv.role or "").lower())
                  if len(w) >= 2 and w not in _GENERIC_WORDS)
    day = local_day(iv.interviewed_at, ctx.prefs.tz)
    today = local_day(ctx.now, ctx.prefs.tz)
    if day == today:
        when = "earlier today"
    elif (today - day).days == 1:
        when = "yesterday"
    else:
        when = f"on {day:%A} {day.day} {day:%B}"
    first = (iv.interviewer or "").split()[0].lower() if iv.interviewer else ""
    return Facts(name=name, role=role_phrase(iv), role_words=words, company=iv.company,
                 interviewer=iv.interviewer, when=when, hr="Sam" if first == "alex" else "Alex",
                 name_words=name_words)


# -- what an answer is checked for --------------------------------------------------------------
def _re(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


GREET_RE = _re(r"\b(?:hello|hi|hey|hiya|good\s+(?:morning|afternoon|evening|day)|greetings)\b")
THANKS_RE = _re(r"\b(?:thank|thanks|thx|appreciate|grateful|cheers)\b")
POLITE_ASK_RE = _re(
    r"\b(?:please|could\s+you|would\s+you|would\s+it\s+be|can\s+you|may\s+i|might\s+i|"
    r"if\s+possible|if\s+you\s+could|do\s+you\s+know|is\s+there\s+any\s+way|"
    r"i(?:'d|\s+would)\s+(?:appreciate|be\s+grateful|love\s+to\s+know)|would\s+you\s+mind|"
    r"kindly)\b"
)
UNDERSTAND_RE = _re(
    r"\b(?:of\s+course|no\s+problem|not\s+a\s+problem|no\s+worries|sure|i\s+understand|"
    r"understood|that'?s\s+(?:fine|ok|okay|alright|all\s+right|understandable)|"
    r"that\s+makes\s+sense|fair\s+enough|completely\s+understand)\b"
)
TIMELINE_RE = _re(
    r"\b(?:when\s+(?:will|would|do|should|can|could|might|are|is|shall|it'?s|you)|timeline|"
    r"time\s*frame|how\s+long|by\s+when|what\s+date|which\s+day|next\s+steps?|"
    r"what\s+happens\s+next|expect|hear\s+back|hear\s+from|an\s+update|any\s+update|updates?|"
    r"let\s+me\s+know|keep\s+me\s+(?:posted|informed|updated|in\s+the\s+loop)|check\s+back|"
    r"check\s+in|get\s+back\s+to\s+me|the\s+status|call\s+(?:you\s+)?back|follow\s+up)\b"
)
REASON_RE = _re(
    r"\b(?:calling|ringing|phoning|call(?:ed)?\s+(?:to|about|regarding)|wanted\s+to\s+(?:ask|"
    r"check|follow|find|know)|follow(?:ing)?\s+up|news|heard|decision|status|result|outcome|"
    r"update|where\s+things\s+stand|progress|any\s+word)\b"
)
NEXT_STEPS_RE = _re(
    r"\b(?:next\s+steps?|what\s+happens\s+next|what(?:'s|\s+is)\s+next|start\s+date|"
    r"when\s+(?:would|do|can|should|could|will)\s+i\s+start|paperwork|contract|offer\s+letter|"
    r"in\s+writing|the\s+details|onboarding|what\s+do\s+you\s+need\s+from\s+me|formal\s+offer|"
    r"the\s+offer|sign|what\s+should\s+i\s+(?:do|expect)|hear\s+from|expect)\b"
)
DELIGHT_RE = _re(
    r"\b(?:delighted|thrilled|excited|great\s+news|wonderful|fantastic|amazing|brilliant|happy|"
    r"glad|pleased|can'?t\s+wait|cannot\s+wait|looking\s+forward|over\s+the\s+moon|"
    r"honou?red|great|awesome|love\s+to|wow|yay)\b"
)
INTEREST_RE = _re(
    r"\b(?:interested|keen|would\s+(?:love|like)\s+to|happy\s+to\s+wait|glad\s+to\s+wait|"
    r"really\s+want|excited\s+about|(?:love|welcome)\s+the\s+(?:chance|opportunity)|"
    r"still\s+(?:available|want|hope)|hope\s+(?:to|it|so)|fingers\s+crossed|enthusiastic)\b"
)
FEEDBACK_RE = _re(
    r"\b(?:feedback|advice|improve|do\s+better|could\s+have\s+done|areas|what\s+(?:could|should|"
    r"can)\s+i|pointers|tips|learn\s+from|suggestions?|where\s+i\s+fell\s+short)\b"
)
FUTURE_RE = _re(
    r"\b(?:future|other\s+(?:roles|openings|positions|vacancies|opportunities)|keep\s+me\s+in\s+"
    r"mind|keep\s+my\s+(?:cv|details|resume|application)|(?:stay|keep)\s+in\s+touch|next\s+time|"
    r"on\s+file|consider\s+me)\b"
)
DATE_RE = _re(
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thurs|"
    r"fri|january|february|march|april|june|july|august|september|october|november|december|"
    r"jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|yesterday|last\s+week|this\s+week|"
    r"the\s+other\s+day|days?\s+ago|weeks?\s+ago|\d{1,2}(?:st|nd|rd|th)|"
    r"\d{1,2}[/.-]\d{1,2})\b"
)
GENERIC_ROLE_RE = _re(rf"\b(?:{GENERIC_ROLE_PATTERN}|interview(?:ed)?)\b")
INTRO_RE = re.compile(
    r"\b(this\s+is|my\s+name\s+is|my\s+name'?s|name\s+is|it'?s|it\s+is|i\s+am|i'?m)\s+"
    r"([^\W\d_][\w'-]*)", re.IGNORECASE)
NOT_NAMES = _wordset("""
    a about actually also an and applying at back calling candidate checking definitely
    delighted disappointing excellent fantastic fine following for from glad going good great
    happy here hearing hoping how i in interested it just looking me my news no not of ok okay
    on one our quite really regarding ringing sad so sorry still such sure that the thrilled to
    too trying unfortunately very what who why wondering wonderful writing your amazing awesome
    brilliant with calling phoning interviewing afraid excited pleased keen glad happy
    """)

# Calm: phrases that sound like blame, pressure, anger or arguing, with why they hurt.
CALM_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (_re(r"\byou\s+(?:promised|said\s+you\s+would|said\s+you'?d|told\s+me\s+you|were\s+supposed"
         r"\s+to|should\s+have|should'?ve|never|didn'?t\s+even|forgot|guys\s+said)\b"),
     "sounds like blame, even if it's true"),
    (_re(r"\bwhy\s+(?:haven'?t|hasn'?t|didn'?t|did\s+not|have\s+not|has\s+not|won'?t|"
         r"wouldn'?t|aren'?t|isn'?t|is\s+it\s+taking|so\s+long|no\s+one|nobody)\b|"
         r"\bwhat(?:'s|\s+is)\s+taking\s+(?:so|this)\s+long\b|\btook\s+(?:you|them|so)\s+long\b|"
         r"\babout\s+time\b|\bhow\s+long\s+(?:do|does|must)\s+i\s+(?:have\s+to\s+)?wait\b"),
     "comes across as an accusation"),
    (_re(r"\b(?:i\s+demand|i\s+insist|i\s+need\s+(?:an\s+answer|to\s+know)\s+(?:now|today|right"
         r"\s+now|immediately)|asap|or\s+else|last\s+chance|i\s+expect\s+an\s+answer|"
         r"you\s+(?:must|have\s+to|need\s+to|better)\s+(?:tell|give|decide|call|let|get|"
         r"answer|reply|make|hurry)|(?:tell\s+me|answer|decide)\s+(?:right\s+)?now)\b"),
     "puts pressure on them"),
    (_re(r"\b(?:unacceptable|ridiculous|unprofessional|disrespectful|rude|a\s+joke|pathetic|"
         r"useless|incompetent|stupid|idiots?|waste\s+of\s+(?:my\s+)?time|how\s+dare|"
         r"you\s+people|wtf|damn|hell|crap|shit\w*|f+u+c+k\w*|bloody|screw\s+you)\b"),
     "sounds angry"),
    (_re(r"\b(?:ignor(?:e|ed|ing)\s+me|left\s+me\s+hanging|kept\s+me\s+waiting|"
         r"strung\s+along|nobody\s+(?:called|told))\b"),
     "sounds like a complaint"),
    (_re(r"\b(?:reconsider|not\s+fair|unfair|why\s+not\s+me|big\s+mistake|you'?ll\s+regret|"
         r"your\s+loss)\b"),
     "argues with a decision that's already made"),
)
ARGUE_NOT_SELECTED_RE = _re(r"\b(?:are\s+you\s+sure|change\s+your\s+mind|that\s+can'?t\s+be)\b")
ACRONYMS = frozenset({"HR", "CV", "IT", "UK", "US", "USA", "EU", "OK", "ID", "CEO", "CTO", "CFO",
                      "QA", "UX", "UI", "AI", "PM", "AM", "I", "ASAP", "NHS", "BBC", "SQL",
                      "API", "AWS", "PHP", "CSS", "HTML", "IBM", "SAP", "ML", "VP", "PR"})

IDK_RE = _re(r"^\s*(?:i\s+)?(?:don'?t\s+know|dunno|no\s+idea|not\s+sure|idk|"
             r"what\s+(?:should|do|would|could)\s+i\s+say|help\s+me|give\s+me\s+an?\s+"
             r"(?:example|hint)|example|hint)\W*$")
SKIP_WORDS = {"next", "skip", "pass", "next one", "skip it", "skip this one", "next scenario"}
AGAIN_WORDS = {"again", "retry", "try again", "repeat", "once more", "one more time"}
FINISH_WORDS = {"done", "finish", "finished", "end", "that's enough", "enough", "exit"}
MENU_WORDS = {"choose", "menu", "scenarios", "pick", "choose scenario", "list scenarios"}
COMMON_WORDS = _wordset("""
    i you he she it we they me my your our the a an to of for in on at is am are was were be
    been will would could can should may do did have has had not no yes ok okay sure so and or
    but that this thank thanks hello hi please know let when what how why who which there here
    just about with from call calling role job position interview news great good sorry fine
    """)


@dataclass(frozen=True)
class Check:
    """One thing a good answer does: how to spot it, what to praise, what to suggest."""

    found: Callable[[str, Facts], bool]
    praise: str
    tip: Callable[[Facts], str]


def _has(pattern: re.Pattern[str]) -> Callable[[str, Facts], bool]:
    return lambda text, f: bool(pattern.search(text))


def _tokens(name: str | None) -> list[str]:
    return [t.lower() for t in re.findall(r"[^\W\d_]+", name or "") if len(t) >= 2]


def says_name(text: str, f: Facts) -> bool:
    words = set(re.findall(r"[^\W\d_]+", text.lower()))
    if any(t in words for t in f.name_words):
        return True
    for m in INTRO_RE.finditer(text):
        lead, word = m.group(1).lower(), m.group(2)
        if word.lower() in NOT_NAMES or word.lower() in _tokens(f.company):
            continue
        strict = not lead.startswith(("this", "my", "name"))
        if strict and not word[:1].isupper():
            continue  # "I'm calling", "it's fine": not a name
        return True
    return False


def names_role(text: str, f: Facts) -> bool:
    low = text.lower()
    if f.role_words:
        return any(re.search(rf"\b{re.escape(w)}\b", low) for w in f.role_words)
    return bool(GENERIC_ROLE_RE.search(text))


def says_when_or_who(text: str, f: Facts) -> bool:
    if DATE_RE.search(text):
        return True
    words = set(re.findall(r"[^\W\d_]+", text.lower()))
    return any(t in words for t in _tokens(f.interviewer) if len(t) >= 3)


def _role_tip(f: Facts) -> str:
    return (f"Say which role you interviewed for — {f.role} — HR is often filling several at "
            f"once.")


def _when_tip(f: Facts) -> str:
    if f.when or f.interviewer:
        return (f"Add when you interviewed and with whom — \"{f.interview_ref.strip()}\" — so "
                f"they can find your file in seconds.")
    return ("Add when you interviewed and with whom (\"last Tuesday, with Jane Doe\"), so they "
            "can find your file in seconds.")


CHECKS: dict[str, Check] = {
    "greet": Check(_has(GREET_RE), "You opened with a greeting.",
                   lambda f: "Start with a greeting — a simple \"Hello\" or \"Good afternoon\" "
                             "sets a friendly tone from the first second."),
    "thanks": Check(_has(THANKS_RE), "You thanked them.",
                    lambda f: "Thank them — for checking, for telling you, or for their time. "
                              "It costs two words and people remember it."),
    "polite": Check(_has(POLITE_ASK_RE), "You made your question a polite request.",
                    lambda f: "Make your question a request: \"Could you let me know…\" or add a "
                              "\"please\"."),
    "name": Check(says_name, "You said who you are.",
                  lambda f: f"Say who you are: \"This is {f.you}.\" HR speaks to many "
                            f"candidates, and your name is the first thing they need."),
    "role": Check(names_role, "You named the role.", _role_tip),
    "when": Check(says_when_or_who, "You said when you interviewed (or with whom), so they can "
                                    "find you quickly.", _when_tip),
    "reason": Check(_has(REASON_RE), "You said why you're calling.",
                    lambda f: "Say why you're calling: you'd like to know whether there's news "
                              "on a decision."),
    "timeline": Check(_has(TIMELINE_RE), "You asked when to expect news.",
                      lambda f: "Ask when you can expect an update, so you know when to check "
                                "back instead of guessing."),
    "next": Check(_has(NEXT_STEPS_RE), "You asked about the next steps.",
                  lambda f: "Ask what happens next — the written offer, paperwork, a start "
                            "date."),
    "delight": Check(_has(DELIGHT_RE), "You let your pleasure show.",
                     lambda f: "Let your pleasure show: say you're delighted. They want to hear "
                               "that you're happy to join."),
    "interest": Check(_has(INTEREST_RE), "You made it clear you're still interested.",
                      lambda f: "Say you're still interested in the role: it keeps you first in "
                                "line if the other candidate says no."),
    "feedback": Check(_has(FEEDBACK_RE), "You asked for feedback — gold for your next "
                                         "interview.",
                      lambda f: "Ask, briefly, whether they could share any feedback. It helps "
                                "with the next interview, and few candidates ask."),
    "understand": Check(_has(UNDERSTAND_RE), "You showed you understand their side.",
                        lambda f: "Show you understand: \"Of course\" or \"No problem\" before "
                                  "your question keeps it warm."),
    "future": Check(_has(FUTURE_RE), "You left the door open for future roles.",
                    lambda f: f"Leave the door open: ask them to keep you in mind for future "
                              f"roles at {f.place}."),
}


# -- the scenarios ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Scenario:
    code: str
    title: str
    setting: Callable[[Facts], str]
    line: Callable[[Facts], str]
    required: tuple[str, ...]
    bonus: tuple[str, ...]
    model: Callable[[Facts], str]


def _possessive(company: str | None) -> str:
    if not company:
        return "the"
    return f"{company}'" if company.endswith("s") else f"{company}'s"


def _company_hello(f: Facts) -> str:
    return f"{f.company}, {f.hr} speaking" if f.company else f"HR department, {f.hr} speaking"


SCENARIOS: tuple[Scenario, ...] = (
    Scenario(
        "o", "The call opens",
        lambda f: f"You've dialled {_possessive(f.company)} HR line, and someone picks up.",
        lambda f: f"Good afternoon, {_company_hello(f)}. How can I help?",
        ("greet", "name", "role", "when", "reason"), ("thanks",),
        lambda f: f"Hello {f.hr}, this is {f.you}. I interviewed for {f.role}{f.interview_ref}, "
                  f"and I'm calling to ask whether there's any news on a decision.",
    ),
    Scenario(
        "w", "Still waiting on the team",
        lambda f: "You've said who you are and asked whether there's news.",
        lambda f: f"Thanks for calling. I've checked: we're still waiting to hear back from "
                  f"operations about {f.role}. The team hasn't decided yet.",
        ("thanks", "timeline", "polite"), ("understand", "interest"),
        lambda f: f"Of course — thank you for checking, {f.hr}. Could you let me know when you "
                  f"expect to hear from them, so I know when it's best to call back? I'm still "
                  f"very interested in {f.role}.",
    ),
    Scenario(
        "f", "They don't remember you",
        lambda f: "You've asked whether there's any news on your application.",
        lambda f: "Sorry, could you remind me who you are? I'm afraid I can't place your name.",
        ("name", "role", "when"), ("reason", "understand"),
        lambda f: f"No problem at all. This is {f.you} — I interviewed for "
                  f"{f.role}{f.interview_ref}. I'm calling to ask whether there's any news on a "
                  f"decision.",
    ),
    Scenario(
        "s", "You're on standby",
        lambda f: "You've introduced yourself and asked for news.",
        lambda f: f"I'll be honest with you: we've offered {f.role} to another candidate first. "
                  f"If they turn it down, you're the next person we'll call.",
        ("thanks", "interest", "timeline"), ("polite", "understand"),
        lambda f: f"Thank you for being open with me, {f.hr}. I'm still very interested in "
                  f"{f.role}, so I'm happy to wait. Could you let me know when you expect to "
                  f"hear back from them, and when it would be a good time to check in?",
    ),
    Scenario(
        "n", "Not selected",
        lambda f: "You've introduced yourself and asked for news.",
        lambda f: f"I'm sorry — after a lot of thought, we've decided to go with another "
                  f"candidate for {f.role}.",
        ("thanks", "feedback"), ("future", "polite"),
        lambda f: f"I'm disappointed, of course, but thank you for letting me know. Could you "
                  f"share any feedback from my interview? It would really help me. And please "
                  f"keep me in mind for future roles{' at ' + f.company if f.company else ''}.",
    ),
    Scenario(
        "y", "You're selected",
        lambda f: "You've introduced yourself and asked for news.",
        lambda f: f"Oh, good timing — I was just about to ring you. We'd like to offer you "
                  f"{f.role}!",
        ("thanks", "delight", "next"), ("polite",),
        lambda f: f"That's wonderful news — thank you so much! I'm delighted, and I can't wait "
                  f"to start working with {f.team}. What are the next steps — "
                  f"will the offer details come in writing?",
    ),
)
BY_CODE = {s.code: s for s in SCENARIOS}
ORDER = tuple(s.code for s in SCENARIOS)


# -- judging an answer --------------------------------------------------------------------------
@dataclass(frozen=True)
class Verdict:
    praise: list[str]
    tips: list[str]
    calm: list[tuple[str, str]]  # (the words that jarred, why)

    @property
    def good(self) -> bool:
        return not self.tips and not self.calm


def words_of(text: str) -> list[str]:
    return re.findall(r"[^\W\d_]+(?:'[^\W\d_]+)?", text)


def is_attempt(text: str) -> bool:
    """Enough of a sentence to give feedback on: three words, at least one ordinary one."""
    words = words_of(text)
    if len(words) < 3:
        return False
    common = sum(1 for w in words if w.lower() in COMMON_WORDS)
    return common >= 1 and len(set(w.lower() for w in words)) >= 2


def shouting(text: str, f: Facts) -> str | None:
    own = {w.upper() for w in words_of(f"{f.company or ''} {f.role}")}
    caps = [w for w in words_of(text)
            if len(w) >= 2 and w.isupper() and w not in ACRONYMS and w not in own]
    if len(caps) >= 2 or any(len(w) >= 5 for w in caps):
        return " ".join(caps[:4])
    return None


def calm_issues(text: str, scenario: Scenario, f: Facts) -> list[tuple[str, str]]:
    issues: list[tuple[str, str]] = []
    for pattern, why in CALM_RULES:
        if m := pattern.search(text):
            issues.append((m.group(0), why))
    if scenario.code == "n" and (m := ARGUE_NOT_SELECTED_RE.search(text)):
        issues.append((m.group(0), "argues with a decision that's already made"))
    if (caps := shouting(text, f)) is not None:
        issues.append((caps, "reads as shouting in capitals"))
    if scenario.code != "y" and (m := re.search(r"[!?]*(?:!!!|\?\?|\?!|!\?)[!?]*", text)):
        issues.append((m.group(0), "sounds exasperated"))
    return issues


def judge(text: str, scenario: Scenario, f: Facts) -> Verdict:
    praise: list[str] = []
    tips: list[str] = []
    for key in scenario.required:
        check = CHECKS[key]
        if check.found(text, f):
            praise.append(check.praise)
        elif key == "role" and GENERIC_ROLE_RE.search(text):
            tips.append(f"You mentioned the role — now name it: {f.role}. HR is often hiring "
                        f"for several at once.")
        else:
            tips.append(check.tip(f))
    for key in scenario.bonus:
        if CHECKS[key].found(text, f):
            praise.append(CHECKS[key].praise)
    if len(words_of(text)) > MAX_WORDS:
        tips.append("Keep it shorter: on the phone, two or three sentences are easier to follow "
                    "than a speech.")
    calm = calm_issues(text, scenario, f)
    if not calm:
        praise.append("You kept a calm, friendly tone.")
    return Verdict(praise, tips, calm)


# -- state --------------------------------------------------------------------------------------
def _data(dialog: Dialog) -> dict[str, Any]:
    d = dialog.data
    d.setdefault("turn", 0)
    d.setdefault("sess", "")
    d.setdefault("iv", "")
    d.setdefault("at", ORDER[0])
    d.setdefault("answered", [])
    d.setdefault("good", [])
    d.setdefault("skipped", [])
    if d["at"] not in BY_CODE:
        d["at"] = ORDER[0]
    return d


def _token(dialog: Dialog) -> str:
    d = _data(dialog)
    return f"{d['sess']}:{d['turn']}"


def _save(ctx: Ctx, dialog: Dialog, step: str) -> None:
    """Every visible change moves the turn on, so buttons shown before it go stale."""
    dialog.step = step
    _data(dialog)["turn"] += 1
    ctx.repo.save_dialog(dialog)


def _interview(ctx: Ctx, dialog: Dialog) -> Interview | None:
    ivid = _data(dialog).get("iv") or ""
    if not ivid:
        return None
    iv = ctx.repo.get_interview(ivid)
    return iv if iv is not None and iv.user_key == ctx.user.key else None


def _facts(ctx: Ctx, dialog: Dialog) -> Facts:
    return facts_for(ctx, _interview(ctx, dialog))


def _btn(ctx: Ctx, dialog: Dialog, label: str, verb: str) -> Button:
    return buttons.make(label, BUTTON_ACTION, ctx.owner, _data(dialog)["iv"],
                        f"{verb}:{_token(dialog)}")


def start_button(owner: str, iv: Interview, label: str = "Rehearse the call") -> Button:
    """A button that starts a rehearsal for this interview (used by the evening-before nudge)."""
    return buttons.make(label, BUTTON_ACTION, owner, iv.id, OFFER_ARG)


def _next_code(d: dict[str, Any]) -> str | None:
    """The next situation not yet practised, in order after the current one; ones the user
    skipped come back last."""
    at = ORDER.index(d["at"])
    after = [ORDER[(at + k) % len(ORDER)] for k in range(1, len(ORDER))]
    for code in after:
        if code not in d["answered"] and code not in d["skipped"]:
            return code
    for code in after:
        if code not in d["answered"]:
            return code
    return None


# -- replies ------------------------------------------------------------------------------------
def _line_reply(ctx: Ctx, dialog: Dialog, lead: TextBuilder | None = None) -> Reply:
    d = _data(dialog)
    f = _facts(ctx, dialog)
    sc = BY_CODE[d["at"]]
    t = lead or TextBuilder()
    t.line(bold(f"Situation {ORDER.index(sc.code) + 1} of {len(ORDER)}: {sc.title}"))
    t.line(italic(sc.setting(f)))
    t.line(bold(f"{f.hr} (HR): "), f"\"{sc.line(f)}\"")
    t.blank()
    t.line("What do you say? Type it just as you'd say it on the phone.")
    rows = [[_btn(ctx, dialog, "Skip this one", "n"), _btn(ctx, dialog, "Choose scenario", "c")],
            [_btn(ctx, dialog, "Stop", "s")]]
    return reply(t, buttons=rows)


def _after_buttons(ctx: Ctx, dialog: Dialog) -> list[list[Button]]:
    d = _data(dialog)
    nxt = _next_code(d)
    first: list[Button] = []
    if nxt is not None:
        first.append(_btn(ctx, dialog, "Next scenario", "n"))
    first.append(_btn(ctx, dialog, "Try again", "t"))
    return [first, [_btn(ctx, dialog, "Choose scenario", "c"),
                    _btn(ctx, dialog, "Stop" if nxt is not None else "Finish", "s")]]


def _feedback_reply(ctx: Ctx, dialog: Dialog, verdict: Verdict, f: Facts) -> Reply:
    sc = BY_CODE[_data(dialog)["at"]]
    t = TextBuilder()
    if verdict.calm:
        t.line(bold("Keep it calm."))
        for words, why in verdict.calm[:3]:
            t.line(f"• \"{words[:60]}\" {why}.")
        t.line("However long the wait has been, the person on the phone rarely sets the "
               "timeline, and pressure makes you harder to say yes to. Say what you need in a "
               "friendly, steady voice — you want them on your side.")
        t.blank()
    if verdict.praise:
        t.line(bold("What worked"))
        for p in verdict.praise:
            t.line(f"✓ {p}")
    if verdict.tips:
        t.blank()
        t.line(bold("To make it stronger"))
        for tip in verdict.tips:
            t.line(f"• {tip}")
    elif not verdict.calm:
        t.blank()
        t.line("That's a strong answer — nothing to add. Say it like that on the call.")
    t.blank()
    t.line(bold("A model answer"), " (make it your own):")
    t.line(f"\"{sc.model(f)}\"")
    t.blank()
    if _next_code(_data(dialog)) is None:
        t.line("That was the last situation. Type a new answer to try this one again, or press "
               "Finish.")
    else:
        t.line("Type a new answer to try again, or press Next scenario.")
    return reply(t, buttons=_after_buttons(ctx, dialog))


def _menu_reply(ctx: Ctx, dialog: Dialog, lead: TextBuilder | None = None) -> Reply:
    d = _data(dialog)
    t = lead or TextBuilder()
    t.line("Which situation would you like to practise?")
    rows = []
    for n, sc in enumerate(SCENARIOS, 1):
        mark = " ✓" if sc.code in d["good"] else ""
        rows.append([_btn(ctx, dialog, f"{n}. {sc.title}{mark}", f"p{sc.code}")])
    rows.append([_btn(ctx, dialog, "Stop", "s")])
    return reply(t, buttons=rows)


def _open_interviews(ctx: Ctx) -> list[Interview]:
    return [iv for iv in ctx.repo.interviews_for(ctx.user.key) if iv.status == "waiting"]


def _pick_reply(ctx: Ctx, dialog: Dialog, lead: TextBuilder | None = None) -> Reply:
    t = lead or TextBuilder()
    t.line("Which interview's call shall we rehearse?")
    tok = _token(dialog)
    rows = [[buttons.make(f"{n}. {iv.label}"[:48], BUTTON_ACTION, ctx.owner, iv.id, f"g:{tok}")]
            for n, iv in enumerate(_open_interviews(ctx), 1)]
    rows.append([buttons.make("A general practice", BUTTON_ACTION, ctx.owner, "", f"g:{tok}"),
                 buttons.make("Stop", BUTTON_ACTION, ctx.owner, "", f"s:{tok}")])
    return reply(t, buttons=rows)


# -- starting -----------------------------------------------------------------------------------
def _new_dialog(ctx: Ctx, iv: Interview | None) -> Dialog:
    return Dialog(user_key=ctx.user.key, flow=FLOW, step=ASK,
                  data={"sess": ctx.repo.new_id()[:4], "turn": 0, "iv": iv.id if iv else "",
                        "at": ORDER[0], "answered": [], "good": [], "skipped": []})


def _begin(ctx: Ctx, dialog: Dialog, lead: TextBuilder | None = None) -> list[Reply]:
    iv = _interview(ctx, dialog)
    f = facts_for(ctx, iv)
    t = lead or TextBuilder()
    what = (f"the call about {the_label(iv)}" if iv is not None
            else "a follow-up call about \"the position\"")
    t.line(bold("Let's rehearse "), what, ".")
    t.line(f"I'll play {f.hr} from HR{' at ' + f.company if f.company else ''}. I say one line, "
           f"you type what you'd say back, and I'll tell you what worked, what to add, and show "
           f"a model answer. {len(ORDER)} short situations: the opening, still waiting, they "
           f"don't remember you, standby, not selected, and selected.")
    t.line("Going through them now means no answer on the real call can throw you. Type cancel "
           "to stop at any time.")
    _data(dialog)["at"] = ORDER[0]
    _save(ctx, dialog, ASK)
    return [reply(t), _line_reply(ctx, dialog)]


def start_for(ctx: Ctx, iv: Interview | None, lead: TextBuilder | None = None) -> list[Reply]:
    dialog = _new_dialog(ctx, iv)
    return _begin(ctx, dialog, lead)


def command(ctx: Ctx, rest: str) -> list[Reply]:
    """`rehearse` (optionally `/rehearse acme`): which interview, then the first situation."""
    open_ivs = _open_interviews(ctx)
    lead = TextBuilder()
    wanted = rest.strip().lower()
    if wanted and open_ivs:
        matches = [iv for iv in open_ivs if wanted in iv.label.lower()]
        if len(matches) == 1:
            return start_for(ctx, matches[0])
        if not matches:
            lead.line(f"I couldn't find an open interview matching \"{rest.strip()[:40]}\".")
        else:
            open_ivs = matches
    if not open_ivs:
        lead.line("You have no open interviews logged, so let's practise a general one.")
        return start_for(ctx, None, lead)
    if len(open_ivs) == 1:
        return start_for(ctx, open_ivs[0], lead if lead.spans() else None)
    dialog = Dialog(user_key=ctx.user.key, flow=FLOW, step=PICK,
                    data={"sess": ctx.repo.new_id()[:4], "turn": 0, "iv": ""})
    _save(ctx, dialog, PICK)
    return [_pick_reply(ctx, dialog, lead if lead.spans() else None)]


# -- the engine's entry points ------------------------------------------------------------------
def current(ctx: Ctx, dialog: Dialog, lead: str) -> Reply:
    t = TextBuilder().line(lead) if lead else TextBuilder()
    if dialog.step == PICK:
        return _pick_reply(ctx, dialog, t)
    if dialog.step == MENU:
        return _menu_reply(ctx, dialog, t)
    if dialog.step == FEEDBACK:
        sc = BY_CODE[_data(dialog)["at"]]
        t.line(f"We're rehearsing the call — you've just had feedback on \"{sc.title}\". Type a "
               f"new answer to try it again, or choose:")
        return reply(t, buttons=_after_buttons(ctx, dialog))
    return _line_reply(ctx, dialog, t)


def answer(ctx: Ctx, dialog: Dialog, text: str) -> list[Reply]:
    text = text.strip()
    word = re.sub(r"[^\w' ]+", "", text.lower()).strip()
    if dialog.step == PICK:
        return _typed_pick(ctx, dialog, text)
    if dialog.step == MENU:
        return _typed_menu(ctx, dialog, word)
    if word in FINISH_WORDS:
        return _finish(ctx, dialog)
    if word in SKIP_WORDS:
        return _go_next(ctx, dialog, skipping=dialog.step == ASK)
    if word in AGAIN_WORDS:
        return _again(ctx, dialog)
    if word in MENU_WORDS:
        _save(ctx, dialog, MENU)
        return [_menu_reply(ctx, dialog)]
    f = _facts(ctx, dialog)
    sc = BY_CODE[_data(dialog)["at"]]
    if IDK_RE.match(text):
        _save(ctx, dialog, ASK)
        t = TextBuilder().line("That's what practice is for. Here's one way to say it:")
        t.line(f"\"{sc.model(f)}\"")
        t.line("Now try it in your own words — the same line again:")
        return [_line_reply(ctx, dialog, t)]
    if not is_attempt(text):
        _save(ctx, dialog, ASK)
        t = TextBuilder().line("I couldn't find a sentence there to give feedback on — no "
                               "problem. Try writing what you'd really say on the phone, even "
                               "just one or two sentences.")
        return [_line_reply(ctx, dialog, t)]
    verdict = judge(text, sc, f)
    d = _data(dialog)
    if sc.code not in d["answered"]:
        d["answered"].append(sc.code)
    if verdict.good and sc.code not in d["good"]:
        d["good"].append(sc.code)
    _save(ctx, dialog, FEEDBACK)
    replies = [_feedback_reply(ctx, dialog, verdict, f)]
    if sc.code not in ("o", "f") and wants_new_interview(text) and extract(
            text, ctx.now, ctx.prefs.tz).company:
        replies.append(reply("(If you meant to log a new interview rather than answer HR, type "
                             "cancel and then tell me about it again.)"))
    return replies


def press(ctx: Ctx, press: Press) -> list[Reply]:
    verb, _, token = press.arg.partition(":")
    if verb == OFFER_ARG:
        return _offer(ctx, press)
    dialog = ctx.repo.get_dialog(ctx.user.key)
    if dialog is None or dialog.flow != FLOW:
        rows = []
        if press.interview:
            iv = ctx.repo.get_interview(press.interview)
            if iv is not None and iv.status == "waiting":
                rows.append([start_button(ctx.owner, iv, "Rehearse again")])
        return [reply("That rehearsal has already ended, so the button has nothing left to do. "
                      "Type rehearse whenever you'd like another round.", buttons=rows)]
    if token != _token(dialog):
        return [current(ctx, dialog, "That button is from an earlier step of the rehearsal, so "
                                     "I left it alone. Here's where we are:")]
    if verb == "s":
        return _finish(ctx, dialog)
    if verb == "g" and dialog.step == PICK:
        iv = ctx.repo.get_interview(press.interview) if press.interview else None
        _data(dialog)["iv"] = iv.id if iv is not None else ""
        return _begin(ctx, dialog)
    if dialog.step == PICK:
        return [current(ctx, dialog, "First, choose an interview:")]
    if verb == "n":
        return _go_next(ctx, dialog, skipping=dialog.step == ASK)
    if verb == "t":
        return _again(ctx, dialog)
    if verb == "c":
        _save(ctx, dialog, MENU)
        return [_menu_reply(ctx, dialog)]
    if verb.startswith("p") and verb[1:] in BY_CODE:
        _data(dialog)["at"] = verb[1:]
        _save(ctx, dialog, ASK)
        return [_line_reply(ctx, dialog)]
    return [current(ctx, dialog, "I didn't recognise that button. Here's where we are:")]


# -- moving along -------------------------------------------------------------------------------
def _offer(ctx: Ctx, press: Press) -> list[Reply]:
    iv = ctx.repo.get_interview(press.interview) if press.interview else None
    if iv is not None and iv.status != "waiting":
        return [reply(f"{iv.label} is already closed ({iv.outcome or 'done'}), so there's no "
                      f"call left to rehearse for it. Type rehearse to practise anyway.")]
    dialog = ctx.repo.get_dialog(ctx.user.key)
    if dialog is not None and dialog.flow == FLOW and dialog.step != PICK \
            and _data(dialog)["iv"] == (iv.id if iv else ""):
        return [current(ctx, dialog, "We're already rehearsing this call. Here's where we are:")]
    lead = None
    if dialog is not None:
        ctx.repo.clear_dialog(ctx.user.key)
        if dialog.flow != FLOW:
            lead = TextBuilder().line("I've put aside what we were in the middle of (nothing "
                                      "from it was saved).")
    return start_for(ctx, iv, lead)


def _go_next(ctx: Ctx, dialog: Dialog, *, skipping: bool) -> list[Reply]:
    d = _data(dialog)
    if skipping and d["at"] not in d["skipped"] and d["at"] not in d["answered"]:
        d["skipped"].append(d["at"])
    nxt = _next_code(d)
    if nxt is None:
        return _finish(ctx, dialog)
    d["at"] = nxt
    _save(ctx, dialog, ASK)
    return [_line_reply(ctx, dialog)]


def _again(ctx: Ctx, dialog: Dialog) -> list[Reply]:
    _save(ctx, dialog, ASK)
    return [_line_reply(ctx, dialog, TextBuilder().line("Once more — take your time:"))]


def _finish(ctx: Ctx, dialog: Dialog) -> list[Reply]:
    d = _data(dialog)
    f = _facts(ctx, dialog)
    ctx.repo.clear_dialog(ctx.user.key)
    t = TextBuilder()
    answered = [c for c in ORDER if c in d["answered"]]
    if not answered:
        t.line("Rehearsal stopped — no problem. Type rehearse whenever you'd like to practise.")
        return [reply(t)]
    strong = [c for c in answered if c in d["good"]]
    t.line(bold("Rehearsal done. "), f"You practised {len(answered)} of {len(ORDER)} "
           f"situations, with a strong answer in {len(strong)}.")
    left = [BY_CODE[c].title.lower() for c in answered if c not in strong]
    if left:
        t.line("Worth one more run before the call: " + ", ".join(left) + ".")
    t.blank()
    t.line("On the day, keep your opening line in front of you:")
    t.line(f"\"{BY_CODE['o'].model(f)}\"")
    t.line("Whatever they say, stay friendly, thank them, and ask what happens next.")
    return [reply(t)]


def _typed_pick(ctx: Ctx, dialog: Dialog, text: str) -> list[Reply]:
    open_ivs = _open_interviews(ctx)
    choice: Interview | None = None
    low = text.lower().strip(" .")
    if low.isdigit() and 1 <= int(low) <= len(open_ivs):
        choice = open_ivs[int(low) - 1]
    elif low:
        matches = [iv for iv in open_ivs if low in iv.label.lower()]
        if len(matches) == 1:
            choice = matches[0]
        elif re.search(r"\b(?:general|generic|any|either)\b", low):
            _data(dialog)["iv"] = ""
            return _begin(ctx, dialog)
    if choice is None:
        return [_pick_reply(ctx, dialog, TextBuilder().line(
            "I couldn't tell which one you mean. Press a button, or type its number."))]
    _data(dialog)["iv"] = choice.id
    return _begin(ctx, dialog)


def _typed_menu(ctx: Ctx, dialog: Dialog, word: str) -> list[Reply]:
    code: str | None = None
    if word.isdigit() and 1 <= int(word) <= len(SCENARIOS):
        code = SCENARIOS[int(word) - 1].code
    else:
        found = [s.code for s in SCENARIOS if word and word in s.title.lower()]
        code = found[0] if len(found) == 1 else None
    if word in FINISH_WORDS:
        return _finish(ctx, dialog)
    if code is None:
        return [_menu_reply(ctx, dialog, TextBuilder().line(
            "Press one of the buttons, or type its number."))]
    _data(dialog)["at"] = code
    _save(ctx, dialog, ASK)
    return [_line_reply(ctx, dialog)]
