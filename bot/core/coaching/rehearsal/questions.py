"""The interview practice's questions (issue 17: a round booked ahead gets a rehearsal before
it): three per kind of round, asked one at a time, written from the application's facts.

Every round gets the same three kinds of question, worded for what that round is for:
- "why": why this company and this role (a screen asks it plainly, a final asks "why you");
- "story": a "tell me about a time…" question, answered with one real example told as
  situation, action, result;
- "ask": the turn of the candidate's own question at the end.
Each question has an outline of a model answer (short points to build one's own answer on)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from bot.core.contract.context import Ctx
from bot.core.contract.models import Interview
from bot.core.language.wording import role_phrase

WHY, STORY, ASK = "why", "story", "ask"
# The rounds the questions are written for (the labels bot/core/coaching/rounds.py stores);
# "third" is asked as a second round, an unnamed or unknown round as a first one.
ROUND_KINDS = ("screen", "first", "second", "final", "assessment")


@dataclass(frozen=True)
class RoundFacts:
    """What the questions are written from: `company` (None: not known), `role` ("the data
    engineer role", "the position"), `role_name` ("data engineer", None), `round` (one of
    ROUND_KINDS), `at` (the round's time, UTC; None for a practice with no round booked)."""

    company: str | None
    role: str
    role_name: str | None
    round: str
    at: datetime | None = None

    @property
    def place(self) -> str:
        """The employer's name, or "the company" when none is known."""
        return self.company or "the company"

    @property
    def a_role(self) -> str:
        """'a data engineer', or 'someone in this job'."""
        if not self.role_name:
            return "someone in this job"
        article = "an" if self.role_name[:1].lower() in "aeiou" else "a"
        return f"{article} {self.role_name}"


def round_kind(label: str | None) -> str:
    """The kind of round the questions are written for (see ROUND_KINDS)."""
    if label == "third":
        return "second"
    return label if label in ROUND_KINDS else "first"


def round_facts(ctx: Ctx, iv: Interview | None, label: str | None) -> RoundFacts:
    """The facts of round `label` of `iv` (None: a practice for no application). The round's
    time is given only while the round is still to come and is the application's current one."""
    kind = round_kind(label)
    if iv is None:
        return RoundFacts(None, "the role", None, kind)
    at = iv.interviewed_at if iv.interviewed_at > ctx.now and iv.round == label else None
    return RoundFacts(iv.company, role_phrase(iv), (iv.role or "").strip() or None, kind, at)


@dataclass(frozen=True)
class Question:
    """One question: its `kind` (WHY, STORY or ASK), what the interviewer says, and the outline
    of a model answer (three or four short points)."""

    kind: str
    says: Callable[[RoundFacts], str]
    outline: Callable[[RoundFacts], tuple[str, ...]]


# -- the outlines, by kind ------------------------------------------------------------------------
def _why_outline(f: RoundFacts) -> tuple[str, ...]:
    return (f"One specific thing about {f.place} you like: a product, a value, something you "
            f"read — named.",
            f"How you fit {f.role}: one skill, with a line of proof.",
            "What you'd bring or hope to learn there — end looking forward.")


def _why_you_outline(f: RoundFacts) -> tuple[str, ...]:
    return (f"What {f.role} needs, in one line (from the advert and the rounds so far).",
            "Your two strongest matches, each with a short proof.",
            f"Why {f.place} in particular — and that you'd like the job.")


def _star_outline(f: RoundFacts) -> tuple[str, ...]:
    return ("Situation: where and when, in one sentence.",
            "Task: what had to be done, and why it mattered.",
            "Action: what you yourself did — two or three steps, \"I\", not \"we\".",
            f"Result: what changed (a number if you can), and why it matters for {f.role}.")


def _setback_outline(f: RoundFacts) -> tuple[str, ...]:
    return ("Situation: a real slip, not a disguised strength, in one sentence.",
            "Action: what you did to put it right — \"I\", not \"we\".",
            "Result: how it ended.",
            "What you learned, and what you do differently since.")


def _ask_outline(f: RoundFacts) -> tuple[str, ...]:
    return ("About the work: \"What would success look like in the first six months?\"",
            f"About the team or {f.place}: \"What is the team working on this year?\"",
            "Last, the next step: \"When can I expect to hear from you?\" — then you know when "
            "to follow up.")


# -- the questions, by round ------------------------------------------------------------------
QUESTIONS: dict[str, tuple[Question, Question, Question]] = {
    # A screen checks motivation and fit, briefly.
    "screen": (
        Question(WHY, lambda f: f"Why do you want to work at {f.place}?", _why_outline),
        Question(STORY, lambda f: f"Tell me about a time your work made a real difference — "
                                  f"something close to what {f.a_role} does.", _star_outline),
        Question(ASK, lambda f: "That's all from me. What would you like to ask?",
                 _ask_outline),
    ),
    "first": (
        Question(WHY, lambda f: f"Tell me a bit about yourself: why {f.role}, and why "
                                f"{f.place}?", _why_outline),
        Question(STORY, lambda f: f"Tell me about a time you solved a difficult problem — the "
                                  f"kind {f.a_role} meets.", _star_outline),
        Question(ASK, lambda f: "Do you have any questions for us?", _ask_outline),
    ),
    # A second round goes deeper: what they know of the company, working with others.
    "second": (
        Question(WHY, lambda f: f"What do you know about {f.place}, and why do you want to "
                                f"work here?", _why_outline),
        Question(STORY, lambda f: "Tell me about a time you disagreed with a colleague or a "
                                  "manager. What did you do?", _star_outline),
        Question(ASK, lambda f: "What questions do you have for the team?", _ask_outline),
    ),
    # A final round decides between the last candidates: why you, and how you handle setbacks.
    "final": (
        Question(WHY, lambda f: f"Why should {f.place} choose you for {f.role}?",
                 _why_you_outline),
        Question(STORY, lambda f: "Tell me about a time something went wrong at work. What did "
                                  "you do, and what did you learn?", _setback_outline),
        Question(ASK, lambda f: "Before we wrap up — what would you like to ask me?",
                 _ask_outline),
    ),
    "assessment": (
        Question(WHY, lambda f: f"Before the exercise: why {f.place}, and why {f.role}?",
                 _why_outline),
        Question(STORY, lambda f: "Tell me about a time you had a tight deadline. How did you "
                                  "plan the work?", _star_outline),
        Question(ASK, lambda f: "Any questions about the exercise, or what happens next?",
                 _ask_outline),
    ),
}


def questions_for(f: RoundFacts) -> tuple[Question, Question, Question]:
    """The three questions of a practice for `f`'s round, in the order they are asked."""
    return QUESTIONS[f.round]


# What to prepare before each kind of round (the practice's closing line).
PREPARE: dict[str, Callable[[RoundFacts], str]] = {
    "screen": lambda f: f"your one-minute \"why {f.place}\", your availability, and a note of "
                        f"when they'll decide.",
    "first": lambda f: "the job advert re-read, two examples that match what it asks for, and "
                       "two questions of your own.",
    "second": lambda f: f"what {f.place} has done lately, a story for each skill they asked "
                        f"about last time, and two questions for the team.",
    "final": lambda f: "your \"why me\" in three sentences, a success and a setback story, two "
                       "questions — and ask when you'll hear back.",
    "assessment": lambda f: "the brief read twice, a plan for your time, what to bring, and "
                            "practice thinking out loud.",
}
