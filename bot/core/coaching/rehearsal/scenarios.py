"""The rehearsal's scenario data: the facts a scenario is written from, and the six situations
(what has happened, HR's line, what a good answer must and may do, a model answer)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from bot.core.contract.context import Ctx
from bot.core.contract.models import GENERIC_ROLE_WORDS, Interview
from bot.core.language.wording import role_phrase
from bot.core.plan.kinds import CALL_PROMPT
from bot.core.plan.planner import CALL_HOUR, local_day


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
    greeting: str = "Good morning"  # for the time of the call being practised (local)

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
    name_words = tuple(tokens(f"{u.full_name or ''} {u.display_name or ''}"))
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
                 name_words=name_words, greeting=_greeting(ctx, iv))


def _greeting(ctx: Ctx, iv: Interview) -> str:
    """How HR answers the phone at the time of the call being practised: the pending call
    prompt's local hour (the plan's 10:00 when there is none)."""
    calls = [n for n in ctx.repo.nudges_for_interview(iv.id)
             if n.kind == CALL_PROMPT and n.status == "pending"]
    hour = min(calls, key=lambda n: n.due_at).due_at.astimezone(ctx.prefs.tz).hour \
        if calls else CALL_HOUR.hour
    return "Good morning" if hour < 12 else "Good afternoon" if hour < 18 else "Good evening"


def tokens(name: str | None) -> list[str]:
    """The words of a name, lower case, two letters or more."""
    return [t.lower() for t in re.findall(r"[^\W\d_]+", name or "") if len(t) >= 2]


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
        lambda f: f"{f.greeting}, {_company_hello(f)}. How can I help?",
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
# The offer conversation (issue 17, the offer stage): the salary question, an offer below what
# was hoped, and pressure to decide on the spot. The seed's selected answer asks for the offer in
# writing; these carry on from there.
OFFER_SCENARIOS: tuple[Scenario, ...] = (
    Scenario(
        "m", "The salary question",
        lambda f: "They've called about the offer and come to the money.",
        lambda f: f"Before we put it in writing: what salary are you expecting for {f.role}?",
        ("figure", "value"), ("thanks", "polite"),
        lambda f: f"Thank you for asking, {f.hr}. From my research on similar roles, and with the "
                  f"experience I'd bring, I'm looking for between 55,000 and 60,000. Is that "
                  f"within your range?",
    ),
    Scenario(
        "l", "An offer below what you hoped",
        lambda f: "They've named the salary, and it's lower than you hoped.",
        lambda f: f"We'd like to offer you {f.role} at 50,000. How does that sound?",
        ("thanks", "figure", "value"), ("polite", "delight"),
        lambda f: "Thank you — I'm really pleased to have the offer. Given my experience and "
                  "what similar roles pay, I was hoping for something closer to 56,000. Is "
                  "there any flexibility on the base salary, or on the benefits?",
    ),
    Scenario(
        "d", "Pressure to decide now",
        lambda f: "They'd like your answer on the spot.",
        lambda f: "Great! So can I tell the team you're accepting? We'd need your answer today.",
        ("thanks", "time"), ("writing", "polite", "delight"),
        lambda f: "Thank you, I'm excited about it. It's an important decision, so could I "
                  "have until Friday to give you my answer? And could you send the offer in "
                  "writing, so I can read the details?",
    ),
)
BY_CODE = {s.code: s for s in (*SCENARIOS, *OFFER_SCENARIOS)}
ORDER = tuple(s.code for s in SCENARIOS)
OFFER = "offer"  # Rehearsal.kind of the offer conversation ("call" for the call)


def scenarios_for(kind: str) -> tuple[Scenario, ...]:
    """The situations of a rehearsal of `kind` ("call" or OFFER), in order."""
    return OFFER_SCENARIOS if kind == OFFER else SCENARIOS


def order_for(kind: str) -> tuple[str, ...]:
    return tuple(s.code for s in scenarios_for(kind))


def intro(f: Facts, kind: str) -> str:
    """How a rehearsal of `kind` is introduced: who the bot plays, how it goes, the situations."""
    which = ("the salary question, an offer below what you hoped, and pressure to decide now"
             if kind == OFFER else "the opening, still waiting, they don't remember you, "
             "standby, not selected, and selected")
    return (f"I'll play {f.hr} from HR{' at ' + f.company if f.company else ''}. I say one "
            f"line, you type what you'd say back, and I'll tell you what worked, what to add, "
            f"and show a model answer. {len(order_for(kind))} short situations: {which}.")
