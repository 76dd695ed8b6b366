"""The rehearsal's feedback rules: what a good answer is checked for (each check with its praise
and its tip), the phrases that break a calm tone, and the verdict on one answer."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from bot.core.coaching.rehearsal.scenarios import Facts, Scenario, tokens
from bot.core.contract.messages import TextBuilder, bold
from bot.core.contract.models import GENERIC_ROLE_PATTERN

MAX_WORDS = 90  # longer than this is more than anyone says in one breath on the phone


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
# The offer conversation: a figure or a range, a reason for it, asking for time, in writing.
FIGURE_RE = _re(r"(?:[$£€]\s?\d|\b\d{2,3}(?:[,.\s]?\d{3}|\s?k)\b|\b\d+\s?(?:thousand|"
                r"per\s+(?:year|annum|hour)|an?\s+hour|a\s+year)\b)")
VALUE_RE = _re(
    r"\b(?:research|market|similar\s+roles?|comparable|industry|experience|skills?|bring|"
    r"background|years?\s+(?:of|in)|responsibilit(?:y|ies)|based\s+on|given\s+(?:my|the|that)|"
    r"in\s+line\s+with|the\s+going\s+rate|what\s+(?:similar|other)\s+\w+\s+pay)\b")
TIME_RE = _re(
    r"\b(?:think\s+(?:it\s+)?(?:over|about\s+it)|consider|a\s+(?:day|couple\s+of\s+days|few\s+"
    r"days)|until|by\s+(?:monday|tuesday|wednesday|thursday|friday|tomorrow|the\s+end)|"
    r"get\s+back\s+to\s+you|sleep\s+on\s+it|some\s+time|more\s+time|a\s+little\s+time|"
    r"talk\s+(?:it\s+)?(?:over|through)|important\s+decision)\b")
WRITING_RE = _re(r"\b(?:in\s+writing|written|offer\s+letter|contract|by\s+e-?mail|the\s+details)\b")
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


def says_name(text: str, f: Facts) -> bool:
    words = set(re.findall(r"[^\W\d_]+", text.lower()))
    if any(t in words for t in f.name_words):
        return True
    for m in INTRO_RE.finditer(text):
        lead, word = m.group(1).lower(), m.group(2)
        if word.lower() in NOT_NAMES or word.lower() in tokens(f.company):
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
    return any(t in words for t in tokens(f.interviewer) if len(t) >= 3)


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
    "figure": Check(_has(FIGURE_RE), "You named a figure (or a range), which anchors the talk.",
                    lambda f: "Name a figure or a narrow range (\"between 55,000 and 60,000\"): "
                              "whoever says a number first sets the frame."),
    "value": Check(_has(VALUE_RE), "You said what your figure rests on.",
                   lambda f: "Say what your figure rests on — your research on similar roles, "
                             "the experience you bring — so it sounds reasoned, not greedy."),
    "time": Check(_has(TIME_RE), "You asked for time to decide, calmly.",
                  lambda f: "Ask for a little time (\"could I have until Friday?\"): an "
                            "important decision deserves it, and asking is normal."),
    "writing": Check(_has(WRITING_RE), "You asked to see it in writing.",
                     lambda f: "Ask for the offer in writing, so you can read the details "
                               "before you say yes."),
    "future": Check(_has(FUTURE_RE), "You left the door open for future roles.",
                    lambda f: f"Leave the door open: ask them to keep you in mind for future "
                              f"roles at {f.place}."),
}


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


def verdict_text(verdict: Verdict, sc: Scenario, f: Facts, *, last: bool) -> TextBuilder:
    """The feedback on one answer: what jarred, what worked, what to add, the model answer, and
    what to do next (`last`: no situation is left to practise)."""
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
    if last:
        t.line("That was the last situation. Type a new answer to try this one again, or press "
               "Finish.")
    else:
        t.line("Type a new answer to try again, or press Next scenario.")
    return t
