"""The interview practice (issue 17: a round booked ahead gets a rehearsal before it): three
questions suited to the round and the application (questions.py), asked one at a time; after
each answer, short feedback and a model answer's outline (marking.py) and the next question; at
the end a summary, the round's time and what to prepare. Its state is `Practice`, kept in a
Dialog row (flow "practice"), so a restart carries on where it was; `cancel` drops it, and
nothing else is saved by it.

Button args carry the practice's session and turn (`n:ab12:3`), as the call rehearsal's do: a
button from an earlier question or an earlier practice changes nothing."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.core.coaching import proofread
from bot.core.coaching.rehearsal.marking import feedback_text, mark
from bot.core.coaching.rehearsal.questions import (
    PREPARE,
    Question,
    RoundFacts,
    questions_for,
    round_facts,
)
from bot.core.coaching.rehearsal.words import FINISH_WORDS, SKIP_WORDS
from bot.core.contract import buttons, flows
from bot.core.contract.buttons import Press
from bot.core.contract.context import Ctx
from bot.core.contract.flows import Retry, Rows, Step, stored
from bot.core.contract.messages import Button, Reply, TextBuilder, bold, italic, reply
from bot.core.contract.models import Dialog, Interview
from bot.core.contract.prefs import zone_suffix
from bot.core.language.dates import fmt_when
from bot.core.language.intents import check_request
from bot.core.language.wording import the_label

FLOW = "practice"
BUTTON_ACTION = "ip"
START_ARG = "o"  # "practise for this application's round" (the preparation nudge, Practise again)
ASK = "ask"  # the one step: a question is open (stored in Dialog.step)
# Verbs of a button (stored in messages: never rename them).
NEXT, STOP = "n", "s"
LONGEST_ARG = 14  # "n:<4>:<turn>", with room for many turns


@dataclass
class Practice:
    """Where a practice stands (Dialog.data; the stored key in brackets where it differs)."""

    session: str = field(default="", metadata=stored("sess"))  # a new one per practice
    turn: int = 0  # moves on with every question asked, so earlier buttons go stale
    interview: str = field(default="", metadata=stored("iv"))  # "" for no application
    round: str = field(default="first", metadata=stored("rd"))  # the round's label
    at: int = 0  # the open question, 0-2
    answered: list[int] = field(default_factory=list)
    work_on: list[str] = field(default_factory=list)  # from answers with something to add

    @property
    def token(self) -> str:
        """This question's button token, "<session>:<turn>": an earlier press is stale."""
        return f"{self.session}:{self.turn}"


def _state(dialog: Dialog) -> Practice:
    return flows.load(Practice, dialog.data)


def _interview(ctx: Ctx, s: Practice) -> Interview | None:
    if not s.interview:
        return None
    iv = ctx.repo.get_interview(s.interview)
    return iv if iv is not None and iv.user_key == ctx.user.key else None


def _facts(ctx: Ctx, s: Practice) -> RoundFacts:
    return round_facts(ctx, _interview(ctx, s), s.round)


def _questions(ctx: Ctx, s: Practice) -> tuple[RoundFacts, tuple[Question, Question, Question]]:
    f = _facts(ctx, s)
    return f, questions_for(f)


# -- the step -------------------------------------------------------------------------------------
def _btn(ctx: Ctx, s: Practice, label: str, verb: str) -> Button:
    return buttons.make(label, BUTTON_ACTION, ctx.owner, s.interview, f"{verb}:{s.token}")


def _question(ctx: Ctx, s: Practice) -> TextBuilder:
    f, qs = _questions(ctx, s)
    t = TextBuilder().line(bold(f"Question {s.at + 1} of {len(qs)}"))
    t.line(f"\"{qs[s.at].says(f)}\"")
    t.line(italic("Type your answer as you'd say it."))
    return t


def _question_buttons(ctx: Ctx, s: Practice, step: object = None) -> Rows:
    return [[_btn(ctx, s, "Skip this one", NEXT), _btn(ctx, s, "Stop", STOP)]]


def _read(ctx: Ctx, s: Practice, text: str) -> str | Retry:
    """The answer (any words at all get feedback), or a verb typed for a button."""
    word = re.sub(r"[^\w' ]+", "", text.lower()).strip()
    if word in FINISH_WORDS:
        return STOP
    if word in SKIP_WORDS:
        return NEXT
    if not word:
        return Retry("Type your answer in words, even a rough one — that's what practice is for.")
    return text


STEPS: dict[str, Step[Practice, str]] = flows.table(
    Step(ASK, _question, _read, _question_buttons),
)


def _save(ctx: Ctx, dialog: Dialog, s: Practice) -> None:
    """Every question asked moves the turn on, so buttons shown before it go stale."""
    s.turn += 1
    flows.save(ctx, dialog, s, ASK)


# -- starting -------------------------------------------------------------------------------------
def start_button(owner: str, iv: Interview, label: str = "Practise the interview") -> Button:
    """A button that starts a practice for `iv`'s current round (the preparation nudge)."""
    return buttons.make(label, BUTTON_ACTION, owner, iv.id, START_ARG)


def start_for(ctx: Ctx, iv: Interview | None, label: str | None,
              lead: TextBuilder | None = None) -> list[Reply]:
    """A practice for round `label` of `iv` (None: no application, a first round's questions),
    from its first question; any other open question is replaced."""
    s = Practice(session=ctx.repo.new_id()[:4], interview=iv.id if iv else "",
                 round=label or "first")
    f = _facts(ctx, s)
    t = lead or TextBuilder()
    what = f"your {label} round" if label else "an interview"
    t.line(bold("Let's practise "), f"{what}{' for ' + the_label(iv) if iv else ''}.")
    t.line("I'll ask three questions interviewers often ask at this stage, one at a time. "
           "After each: what worked, what to add, and a model answer's outline. Type cancel "
           "to stop.")
    if f.at is None and iv is None:
        t.line("(Tell me when a round is booked — \"I have a final round on Tuesday at 10\" — "
               "and I'll tailor the questions and remind you to prepare.)")
    dialog = Dialog(user_key=ctx.user.key, flow=FLOW, step=ASK)
    _save(ctx, dialog, s)
    return [reply(t), STEPS[ASK].ask(ctx, s)]


def press(ctx: Ctx, press: Press) -> list[Reply]:
    """A practice button: START_ARG to start one, or "<verb>:<session>:<turn>"."""
    verb, _, token = press.arg.partition(":")
    if verb == START_ARG:
        return _start_pressed(ctx, press)
    dialog = ctx.repo.get_dialog(ctx.user.key)
    if dialog is None or dialog.flow != FLOW:
        return [reply("That practice has already ended, so the button has nothing left to do. "
                      "Type rehearse whenever you'd like another go.")]
    s = _state(dialog)
    if token != s.token:
        return [current(ctx, dialog, "That button is from an earlier question, so I left it "
                                     "alone. Here's where we are:")]
    if verb == STOP:
        return _finish(ctx, s, stopped=True)
    return _next(ctx, dialog, s, TextBuilder().line("Skipped — here's the next one."))


def _start_pressed(ctx: Ctx, press: Press) -> list[Reply]:
    iv = ctx.repo.get_interview(press.interview) if press.interview else None
    if iv is None or iv.status != "waiting":
        return [reply("That application is closed, so there's no round left to practise for. "
                      "Type rehearse to practise anyway.")]
    if iv.interviewed_at <= ctx.now:
        return [reply(f"Your {iv.round or 'interview'} for {the_label(iv)} has already begun, "
                      f"so there's nothing left to practise for it. Tell me how it went, and "
                      f"I'll help with the thank-you.")]
    dialog = ctx.repo.get_dialog(ctx.user.key)
    if dialog is not None and dialog.flow == FLOW and _state(dialog).interview == iv.id:
        return [current(ctx, dialog, "We're already practising for it. Here's where we are:")]
    lead = None
    if dialog is not None:
        ctx.repo.clear_dialog(ctx.user.key)
        lead = TextBuilder().line("I've put aside what we were in the middle of (nothing from "
                                  "it was saved).")
    return start_for(ctx, iv, iv.round, lead)


# -- the engine's entry points --------------------------------------------------------------------
def current(ctx: Ctx, dialog: Dialog, lead: str) -> Reply:
    """The open question, after `lead`."""
    return STEPS[ASK].ask(ctx, _state(dialog), TextBuilder().line(lead) if lead else None)


def answer(ctx: Ctx, dialog: Dialog, text: str) -> list[Reply]:
    """A typed answer to the open question: feedback, then the next question or the summary."""
    s = _state(dialog)
    if to_check := check_request(text):
        # "check this: …" always proofreads (issue 13), even with a question open
        return [proofread.result(ctx, to_check), STEPS[ASK].ask(ctx, s, None)]
    got = STEPS[ASK].read(ctx, s, text.strip())
    if isinstance(got, Retry):
        return [STEPS[ASK].ask(ctx, s, got.why)]
    if got == STOP:
        return _finish(ctx, s, stopped=True)
    if got == NEXT:
        return _next(ctx, dialog, s, TextBuilder().line("Skipped — here's the next one."))
    f, qs = _questions(ctx, s)
    marks = mark(got, qs[s.at], f)
    s.answered.append(s.at)
    if marks.work_on is not None:
        s.work_on.append(marks.work_on)
    told = reply(feedback_text(marks, qs[s.at], f, s.at + 1))
    return [told, *_next(ctx, dialog, s)]


# -- moving along ---------------------------------------------------------------------------------
def _next(ctx: Ctx, dialog: Dialog, s: Practice, lead: TextBuilder | None = None) -> list[Reply]:
    if s.at + 1 >= len(questions_for(_facts(ctx, s))):
        return _finish(ctx, s)
    s.at += 1
    _save(ctx, dialog, s)
    return [STEPS[ASK].ask(ctx, s, lead)]


def _finish(ctx: Ctx, s: Practice, *, stopped: bool = False) -> list[Reply]:
    """The summary: how many answered, what to work on, the round's time and what to prepare
    (PREPARE). Nothing of the practice is kept."""
    ctx.repo.clear_dialog(ctx.user.key)
    iv, f = _interview(ctx, s), _facts(ctx, s)
    again = [[start_button(ctx.owner, iv, "Practise again")]] \
        if iv is not None and iv.status == "waiting" and iv.interviewed_at > ctx.now else []
    t = TextBuilder()
    if not s.answered:
        t.line("Practice stopped — nothing saved. Type rehearse whenever you'd like a go.")
        return [reply(t, buttons=again)]
    total = len(questions_for(f))
    strong = len(s.answered) - len(s.work_on)
    t.line(bold("Practice stopped. " if stopped else "Practice done. "),
           f"You answered {len(s.answered)} of {total}, {strong} of them strong.")
    if s.work_on:
        t.line("Worth one more go out loud: " + ", ".join(dict.fromkeys(s.work_on)) + ".")
    if f.at is not None:
        t.line(bold(f"Your {s.round} round: "), f"{fmt_when(f.at, ctx.prefs.tz)}"
               f"{zone_suffix(ctx.prefs)}.")
    t.line(bold("To prepare: "), PREPARE[f.round](f))
    return [reply(t, buttons=again)]
