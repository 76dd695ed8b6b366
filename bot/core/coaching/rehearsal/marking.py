"""The interview practice's feedback: what an answer to each kind of question is checked for,
from common interview advice — an answer of about a minute or two, one specific example told
as situation, action and result, the company and the role named, the story ending on its result
or on what was learned, and a question of one's own about the work (and, from the seed's first
step, when they will decide)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.core.coaching.rehearsal.feedback import words_of
from bot.core.coaching.rehearsal.questions import ASK, STORY, WHY, Question, RoundFacts
from bot.core.coaching.rehearsal.words import IDK_RE
from bot.core.contract.messages import TextBuilder, bold

# Under this many words an answer is a line, not an answer: spoken, about a minute is 120-150
# words, so even a short answer runs to three sentences or more.
TOO_SHORT = 25
TOO_SHORT_ASK = 5  # a question of one's own needs a few words, not a minute
# Over this many words is more than two minutes out loud: interviewers lose the thread.
TOO_LONG = 250
MOST_TIPS = 3  # a phone screen's worth of advice at a time


def _re(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


SELF_RE = _re(r"\b(?:experience|skills?|background|worked|working|years?|built|led|studied|"
              r"degree|course|project|trained|managed|my\s+(?:last|current|previous|job|role|"
              r"work)|i'?ve|i\s+have|i\s+bring|i\s+can)\b")
PERKS_RE = _re(r"\b(?:money|salary|pay|paid|wages?|benefits|perks|bonus(?:es)?|holidays?|"
               r"vacation|pension|remote|commute|close\s+to\s+(?:home|where\s+i\s+live))\b")
EXAMPLE_RE = _re(
    r"\b(?:when\s+i|once|one\s+time|a\s+time|last\s+(?:year|month|week|spring|summer|autumn|"
    r"winter|christmas)|in\s+(?:19|20)\d\d|at\s+my\s+(?:last|previous|current|old|first)|"
    r"in\s+my\s+(?:last|previous|current|old|first)|there\s+was|we\s+had|i\s+had\s+(?:a|an|to)|"
    r"i\s+was\s+(?:working|asked|given|leading|in\s+charge)|(?:a|one|our)\s+(?:project|customer|"
    r"client|colleague|manager|deadline))\b")
HABIT_RE = _re(r"\b(?:usually|always|generally|normally|i\s+would|i'?d\s+(?:just|probably))\b")
ACTION_RE = _re(
    r"\bI\s+(?:then\s+|also\s+|quickly\s+|first\s+)?(?:\w+ed|built|led|made|wrote|set|ran|took|"
    r"spoke|told|did|found|got|chose|brought|began|put|sent|met|taught|gave|drove|rang|sat|went|"
    r"kept|showed|split|won|cut|rewrote|rebuilt|stayed|broke|sought|thought|dealt|stepped)\b")
WE_RE = _re(r"\bwe\b")
RESULT_RE = _re(
    r"\d|\b(?:result|so\s+that|which\s+meant|in\s+the\s+end|ended\s+up|reduced|increased|saved|"
    r"cut|improved|grew|doubled|halved|delivered|launched|shipped|finished|on\s+time|won|fixed|"
    r"solved|resolved|thanked|praised|promoted|agreed|worked|succeeded|happy|faster|fewer|"
    r"more|less|kept|(?:almost|hardly|barely)\s+(?:no|any)|no\s+(?:one|longer)|nobody|"
    r"lost\s+(?:almost\s+)?(?:no|nothing))\b")
LEARNED_RE = _re(r"\b(?:learn(?:ed|t)|taught\s+me|lesson|next\s+time|now\s+i|since\s+then|"
                 r"differently|i\s+always\s+now|realised|realized)\b")
NO_QUESTIONS_RE = _re(r"^\W*(?:no|nope|none|nothing|not\s+really|no\s+questions?|i'?m\s+good|"
                      r"no,?\s+(?:i\s+think\s+)?(?:that'?s\s+(?:all|it)|thanks?|thank\s+you)|"
                      r"i\s+don'?t\s+have\s+any)\b")
QUESTION_RE = _re(r"\?|^\W*(?:what|how|why|which|who|when|where|could|can|would|is|are|do|does"
                  r"|will)\b")
OPEN_RE = _re(r"\b(?:what|how|why|which|(?:could|can)\s+you\s+(?:tell|describe|walk|talk))\b")
WORK_RE = _re(
    r"\b(?:team|role|job|work|success|successful|succeed|first\s+(?:\d+|few|six|three)|months?|"
    r"90\s+days|challenges?|projects?|goals?|priorit\w*|culture|day-to-day|typical\s+day|"
    r"manager|customers?|plans?|growth|learn|training|product)\b")
NEXT_RE = _re(r"\b(?:next\s+steps?|hear\s+(?:back|from)|timeline|time\s*frame|when\s+(?:will|"
              r"can|should|do|would)\s+(?:i|you|we)|decide|decision)\b")


@dataclass(frozen=True)
class Marks:
    """The feedback on one answer: what worked, what to do next time (at most MOST_TIPS), and
    for the closing summary the one thing to work on (None: nothing, a strong answer)."""

    praise: list[str]
    tips: list[str]
    work_on: str | None

    @property
    def strong(self) -> bool:
        """An answer with nothing to work on."""
        return not self.tips


def _named(text: str, name: str | None) -> bool:
    return bool(name) and re.search(rf"\b{re.escape(name or '')}\b", text, re.IGNORECASE) \
        is not None


def _last_sentence(text: str) -> str:
    parts = [p for p in re.split(r"(?<=[.!?])\s+", text.strip()) if words_of(p)]
    return parts[-1] if parts else text


def _length_tip(n: int, kind: str) -> str | None:
    if kind == ASK and n < TOO_SHORT_ASK:
        return "Very short: ask a whole question, as you would across the table."
    if kind != ASK and n < TOO_SHORT:
        return (f"Very short ({n} word{'' if n == 1 else 's'}). Aim for about a minute out "
                f"loud: three to six sentences.")
    if n > TOO_LONG:
        return (f"Long ({n} words, over two minutes out loud). Keep to one or two minutes: "
                f"your best point, then stop.")
    return None


def _why(text: str, f: RoundFacts, praise: list[str], tips: list[str]) -> None:
    if PERKS_RE.search(text):  # first: "money" as the reason is the answer's biggest risk
        tips.append("Leave pay and perks out of this one: lead with the work. Money comes at "
                    "the offer.")
    if _named(text, f.company):
        praise.append(f"You named {f.company}.")
    else:
        tips.append(f"Name {f.place} and one specific thing about it — a product, a value, "
                    f"news you read. \"A great company\" fits anyone.")
    if _named(text, f.role_name) or SELF_RE.search(text):
        praise.append("You tied it to your own experience.")
    else:
        tips.append(f"Tie it to you: one skill or experience that fits {f.role}.")


def _story(text: str, q: Question, f: RoundFacts, praise: list[str], tips: list[str]) -> None:
    if EXAMPLE_RE.search(text):
        praise.append("You gave a specific example.")
    else:
        habit = " rather than what you usually do" if HABIT_RE.search(text) else ""
        tips.append(f"Give one real example{habit}: when and where it happened (\"Last spring, "
                    f"at my café job…\").")
    if ACTION_RE.search(text):
        praise.append("You said what you did yourself.")
    elif WE_RE.search(text):
        tips.append("Say what you yourself did — \"I called…\", \"I rebuilt…\" — not only \"we\".")
    else:
        tips.append("Say what you did, step by step: \"I …, then I …\".")
    last = _last_sentence(text)
    setback = "learn" in q.says(f)
    if LEARNED_RE.search(last) or (RESULT_RE.search(last) and not setback):
        praise.append("You ended on the result" + (" and what you learned." if
                                                    LEARNED_RE.search(last) else "."))
    elif setback and not LEARNED_RE.search(text):
        tips.append("End with what you learned and what you do differently now: that's what "
                    "this question is really asking.")
    elif RESULT_RE.search(text) or LEARNED_RE.search(text):
        tips.append("Finish on the result or what you learned, so the story lands.")
    else:
        tips.append("End with the result: what changed, with a number if you can (\"cut the "
                    "wait from three days to one\").")
    if _named(text, f.role_name):
        praise.append(f"You linked it to {f.role}.")


def _ask(text: str, f: RoundFacts, praise: list[str], tips: list[str]) -> None:
    if NO_QUESTIONS_RE.search(text) and "?" not in text:
        tips.append("Always have one ready: \"no questions\" can sound like no interest.")
        return
    if not QUESTION_RE.search(text):
        tips.append("Make it a question you'd really ask: \"What would…?\", \"How does…?\"")
    elif OPEN_RE.search(text):
        praise.append("An open question: it gets them talking.")
    if WORK_RE.search(text) and not PERKS_RE.search(text):
        praise.append("It's about the work, which shows real interest.")
    elif PERKS_RE.search(text):
        tips.append("Save pay, holidays and perks for when there's an offer; here, ask about "
                    "the work.")
    else:
        tips.append("Ask about the work itself: the team, the first months, what success "
                    "looks like.")
    if NEXT_RE.search(text):
        praise.append("You asked when they'll decide: now you know when to follow up.")
    else:
        tips.append("Add one last question: \"When can I expect to hear from you?\" — then you "
                    "know when to follow up.")


# What the closing summary suggests working on, by kind of question.
WORK_ON = {WHY: "your \"why\" answer", STORY: "your story", ASK: "your question for them"}


def mark(text: str, q: Question, f: RoundFacts) -> Marks:
    """The feedback on `text`, the answer to `q` in a practice for `f`'s round. Any text gets
    feedback, a one-word answer included; "I don't know" gets the way to build one."""
    if IDK_RE.match(text):
        return Marks([], ["Not sure is fine — that's what practice is for. Build your answer "
                          "on the outline below and say it out loud once."], WORK_ON[q.kind])
    praise: list[str] = []
    tips: list[str] = []
    if (short := _length_tip(len(words_of(text)), q.kind)) is not None:
        tips.append(short)
    if q.kind == WHY:
        _why(text, f, praise, tips)
    elif q.kind == STORY:
        _story(text, q, f, praise, tips)
    else:
        _ask(text, f, praise, tips)
    return Marks(praise[:MOST_TIPS], tips[:MOST_TIPS], WORK_ON[q.kind] if tips else None)


def feedback_text(marks: Marks, q: Question, f: RoundFacts, number: int) -> TextBuilder:
    """The feedback on answer `number` (1-3): what worked, what to add, a model answer's
    outline."""
    t = TextBuilder().line(bold(f"Feedback on answer {number}"))
    for p in marks.praise:
        t.line(f"✓ {p}")
    for tip in marks.tips:
        t.line(f"• {tip}")
    if marks.strong:
        t.line("A strong answer — say it like that on the day.")
    t.line(bold("A model answer, in outline:"))
    for n, point in enumerate(q.outline(f), 1):
        t.line(f"{n}. {point}")
    return t
