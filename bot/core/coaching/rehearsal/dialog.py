"""The rehearsal dialog: pick an interview, then one situation at a time, HR's line, the user's
typed answer, feedback and a model answer; a menu to choose a situation. Its steps are one table
(STEPS); its state is `Rehearsal`, kept in a Dialog row (flow "rehearse"), so a restart carries
on where it was.

Typed words and buttons both become a `Move` (a button's verb), so a word and its button do the
same. Button args carry the rehearsal's session and turn (`n:ab12:3`); a button from an earlier
turn or an earlier rehearsal changes nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.core.coaching.rehearsal.feedback import is_attempt, judge, verdict_text
from bot.core.coaching.rehearsal.scenarios import (
    BY_CODE,
    OFFER,
    ORDER,
    Facts,
    facts_for,
    intro,
    order_for,
    scenarios_for,
)
from bot.core.coaching.rehearsal.words import (
    AGAIN_WORDS,
    FINISH_WORDS,
    IDK_RE,
    MENU_WORDS,
    SKIP_WORDS,
)
from bot.core.contract import buttons, flows
from bot.core.contract.buttons import Press
from bot.core.contract.context import Ctx
from bot.core.contract.flows import Retry, Rows, Step, stored
from bot.core.contract.messages import Button, Reply, TextBuilder, bold, italic, reply
from bot.core.contract.models import Dialog, Interview
from bot.core.language.extract import extract
from bot.core.language.intents import wants_new_interview
from bot.core.language.wording import the_label

FLOW = "rehearse"
BUTTON_ACTION = "rh"
OFFER_ARG = "o"  # "start rehearsing this interview" (the evening-before nudge, "Rehearse again")
NEGOTIATE_ARG = "q"  # "rehearse the offer conversation" (the offer stage)

# Steps of the dialog (stored in Dialog.step).
PICK, ASK, FEEDBACK, MENU = "pick", "ask", "feedback", "menu"
# Verbs of a Move. The first six are also button args (stored in messages: never rename them).
GO, NEXT, AGAIN, CHOOSE, PLAY, STOP = "g", "n", "t", "c", "p", "s"
HINT, ATTEMPT = "hint", "attempt"  # typed only



# -- state --------------------------------------------------------------------------------------
@dataclass
class Rehearsal:
    """Where a rehearsal stands (Dialog.data; the stored key in brackets where it differs)."""

    session: str = field(default="", metadata=stored("sess"))  # a new one per rehearsal
    turn: int = 0  # moves on with every visible change, so earlier buttons go stale
    interview: str = field(default="", metadata=stored("iv"))  # "" for a general practice
    scenario: str = field(default=ORDER[0], metadata=stored("at"))  # the situation's code
    answered: list[str] = field(default_factory=list)  # situations answered at least once
    good: list[str] = field(default_factory=list)  # ... with a strong answer
    skipped: list[str] = field(default_factory=list)  # skipped before being answered
    kind: str = field(default="call", metadata=stored("set"))  # "call", or OFFER

    def __post_init__(self) -> None:
        if self.scenario not in self.order:
            self.scenario = self.order[0]

    @property
    def order(self) -> tuple[str, ...]:
        """The codes of this rehearsal's situations, in order."""
        return order_for(self.kind)

    @property
    def token(self) -> str:
        return f"{self.session}:{self.turn}"


@dataclass(frozen=True)
class Move:
    """What a typed answer or a press asks for: a verb, and its argument (GO: the interview id,
    "" for a general practice; PLAY: the situation's code; AGAIN: the lead; ATTEMPT: the
    text)."""

    verb: str
    arg: str = ""


def _state(dialog: Dialog) -> Rehearsal:
    return flows.load(Rehearsal, dialog.data)


def _save(ctx: Ctx, dialog: Dialog, s: Rehearsal, step: str) -> None:
    """Every visible change moves the turn on, so buttons shown before it go stale."""
    s.turn += 1
    flows.save(ctx, dialog, s, step)


def _interview(ctx: Ctx, s: Rehearsal) -> Interview | None:
    if not s.interview:
        return None
    iv = ctx.repo.get_interview(s.interview)
    return iv if iv is not None and iv.user_key == ctx.user.key else None


def _facts(ctx: Ctx, s: Rehearsal) -> Facts:
    return facts_for(ctx, _interview(ctx, s))


def _open_interviews(ctx: Ctx) -> list[Interview]:
    return [iv for iv in ctx.repo.interviews_for(ctx.user.key) if iv.status == "waiting"]


def _next_code(s: Rehearsal) -> str | None:
    """The next situation not yet practised, in order after the current one; ones the user
    skipped come back last."""
    order = s.order
    at = order.index(s.scenario)
    after = [order[(at + k) % len(order)] for k in range(1, len(order))]
    for code in after:
        if code not in s.answered and code not in s.skipped:
            return code
    for code in after:
        if code not in s.answered:
            return code
    return None


# -- the steps: question, typed answer, buttons -------------------------------------------------
def _btn(ctx: Ctx, s: Rehearsal, label: str, verb: str) -> Button:
    return buttons.make(label, BUTTON_ACTION, ctx.owner, s.interview, f"{verb}:{s.token}")


def _pick_buttons(ctx: Ctx, s: Rehearsal, step: object = None) -> Rows:
    rows = [[buttons.make(f"{n}. {iv.label}"[:48], BUTTON_ACTION, ctx.owner, iv.id,
                          f"{GO}:{s.token}")]
            for n, iv in enumerate(_open_interviews(ctx), 1)]
    rows.append([buttons.make("A general practice", BUTTON_ACTION, ctx.owner, "",
                              f"{GO}:{s.token}"),
                 buttons.make("Stop", BUTTON_ACTION, ctx.owner, "", f"{STOP}:{s.token}")])
    return rows


def _typed_pick(ctx: Ctx, s: Rehearsal, text: str) -> Move | Retry:
    open_ivs = _open_interviews(ctx)
    low = text.lower().strip(" .")
    if low.isdigit() and 1 <= int(low) <= len(open_ivs):
        return Move(GO, open_ivs[int(low) - 1].id)
    if low:
        matches = [iv for iv in open_ivs if low in iv.label.lower()]
        if len(matches) == 1:
            return Move(GO, matches[0].id)
        if re.search(r"\b(?:general|generic|any|either)\b", low):
            return Move(GO, "")
    return Retry("I couldn't tell which one you mean. Press a button, or type its number.")


def _situation(ctx: Ctx, s: Rehearsal) -> TextBuilder:
    f, sc = _facts(ctx, s), BY_CODE[s.scenario]
    t = TextBuilder()
    t.line(bold(f"Situation {s.order.index(sc.code) + 1} of {len(s.order)}: {sc.title}"))
    t.line(italic(sc.setting(f)))
    t.line(bold(f"{f.hr} (HR): "), f"\"{sc.line(f)}\"")
    t.blank()
    t.line("What do you say? Type it just as you'd say it on the phone.")
    return t


def _line_buttons(ctx: Ctx, s: Rehearsal, step: object = None) -> Rows:
    return [[_btn(ctx, s, "Skip this one", NEXT), _btn(ctx, s, "Choose scenario", CHOOSE)],
            [_btn(ctx, s, "Stop", STOP)]]


def _word(text: str) -> str:
    return re.sub(r"[^\w' ]+", "", text.lower()).strip()


def _typed_line(ctx: Ctx, s: Rehearsal, text: str) -> Move | Retry:
    """An answer to HR's line, or a word that moves the rehearsal along."""
    word = _word(text)
    for words, verb in ((FINISH_WORDS, STOP), (SKIP_WORDS, NEXT), (AGAIN_WORDS, AGAIN),
                        (MENU_WORDS, CHOOSE)):
        if word in words:
            return Move(verb)
    if IDK_RE.match(text):
        return Move(HINT)
    if not is_attempt(text):
        return Move(AGAIN, "I couldn't find a sentence there to give feedback on — no problem. "
                           "Try writing what you'd really say on the phone, even just one or "
                           "two sentences.")
    return Move(ATTEMPT, text)


def _after_feedback(ctx: Ctx, s: Rehearsal) -> TextBuilder:
    return TextBuilder().line(f"We're rehearsing the call — you've just had feedback on "
                              f"\"{BY_CODE[s.scenario].title}\". Type a new answer to try it "
                              f"again, or choose:")


def _after_buttons(ctx: Ctx, s: Rehearsal, step: object = None) -> Rows:
    nxt = _next_code(s)
    first: list[Button] = []
    if nxt is not None:
        first.append(_btn(ctx, s, "Next scenario", NEXT))
    first.append(_btn(ctx, s, "Try again", AGAIN))
    return [first, [_btn(ctx, s, "Choose scenario", CHOOSE),
                    _btn(ctx, s, "Stop" if nxt is not None else "Finish", STOP)]]


def _menu_buttons(ctx: Ctx, s: Rehearsal, step: object = None) -> Rows:
    rows = [[_btn(ctx, s, f"{n}. {sc.title}{' ✓' if sc.code in s.good else ''}",
                  f"{PLAY}{sc.code}")]
            for n, sc in enumerate(scenarios_for(s.kind), 1)]
    rows.append([_btn(ctx, s, "Stop", STOP)])
    return rows


def _typed_menu(ctx: Ctx, s: Rehearsal, text: str) -> Move | Retry:
    word, scenarios = _word(text), scenarios_for(s.kind)
    if word.isdigit() and 1 <= int(word) <= len(scenarios):
        code: str | None = scenarios[int(word) - 1].code
    else:
        found = [sc.code for sc in scenarios if word and word in sc.title.lower()]
        code = found[0] if len(found) == 1 else None
    if word in FINISH_WORDS:
        return Move(STOP)
    if code is None:
        return Retry("Press one of the buttons, or type its number.")
    return Move(PLAY, code)


STEPS: dict[str, Step[Rehearsal, Move]] = flows.table(
    Step(PICK, "Which interview's call shall we rehearse?", _typed_pick, _pick_buttons),
    Step(ASK, _situation, _typed_line, _line_buttons),
    Step(FEEDBACK, _after_feedback, _typed_line, _after_buttons),
    Step(MENU, "Which situation would you like to practise?", _typed_menu, _menu_buttons),
)


def _step(dialog: Dialog) -> Step[Rehearsal, Move]:
    return STEPS.get(dialog.step, STEPS[ASK])


# -- starting -----------------------------------------------------------------------------------
def start_button(owner: str, iv: Interview, label: str = "Rehearse the call") -> Button:
    """A button that starts a rehearsal for this interview (used by the evening-before nudge)."""
    return buttons.make(label, BUTTON_ACTION, owner, iv.id, OFFER_ARG)


def _begin(ctx: Ctx, dialog: Dialog, s: Rehearsal,
           lead: TextBuilder | None = None) -> list[Reply]:
    iv = _interview(ctx, s)
    f = facts_for(ctx, iv)
    t = lead or TextBuilder()
    what = f"the call about {the_label(iv)}" if iv else "a follow-up call about \"the position\""
    if s.kind == OFFER:
        what = f"the offer conversation about {the_label(iv) if iv else 'the position'}"
    t.line(bold("Let's rehearse "), what, ".")
    t.line(intro(f, s.kind), " Going through them now means nothing on the day can throw "
           "you. Type cancel to stop at any time.")
    s.scenario = s.order[0]
    _save(ctx, dialog, s, ASK)
    return [reply(t), STEPS[ASK].ask(ctx, s)]


def start_for(ctx: Ctx, iv: Interview | None, lead: TextBuilder | None = None,
              kind: str = "call") -> list[Reply]:
    """Rehearse the call about `iv` (None: a general practice), or with `kind` OFFER the offer
    conversation, from the first situation."""
    s = Rehearsal(session=ctx.repo.new_id()[:4], interview=iv.id if iv else "", kind=kind)
    dialog = Dialog(user_key=ctx.user.key, flow=FLOW, step=ASK, data=flows.dump(s))
    return _begin(ctx, dialog, s, lead)


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
    s = Rehearsal(session=ctx.repo.new_id()[:4])
    dialog = Dialog(user_key=ctx.user.key, flow=FLOW, step=PICK)
    _save(ctx, dialog, s, PICK)
    return [STEPS[PICK].ask(ctx, s, lead if lead.spans() else None)]


# -- the engine's entry points ------------------------------------------------------------------
def current(ctx: Ctx, dialog: Dialog, lead: str) -> Reply:
    """Where the rehearsal stands, after `lead`."""
    t = TextBuilder().line(lead) if lead else TextBuilder()
    return _step(dialog).ask(ctx, _state(dialog), t)


def answer(ctx: Ctx, dialog: Dialog, text: str) -> list[Reply]:
    """A typed answer, read by the open step."""
    step, s = _step(dialog), _state(dialog)
    got = step.read(ctx, s, text.strip())
    if isinstance(got, Retry):
        return [step.ask(ctx, s, got.why)]
    return _do(ctx, dialog, s, got)


def press(ctx: Ctx, press: Press) -> list[Reply]:
    """A rehearsal button: "<verb>:<session>:<turn>", or OFFER_ARG to start one."""
    verb, _, token = press.arg.partition(":")
    if verb in (OFFER_ARG, NEGOTIATE_ARG):
        return _offer(ctx, press, OFFER if verb == NEGOTIATE_ARG else "call")
    dialog = ctx.repo.get_dialog(ctx.user.key)
    if dialog is None or dialog.flow != FLOW:
        rows = []
        if press.interview:
            iv = ctx.repo.get_interview(press.interview)
            if iv is not None and iv.status == "waiting":
                rows.append([start_button(ctx.owner, iv, "Rehearse again")])
        return [reply("That rehearsal has already ended, so the button has nothing left to do. "
                      "Type rehearse whenever you'd like another round.", buttons=rows)]
    s = _state(dialog)
    if token != s.token:
        return [current(ctx, dialog, "That button is from an earlier step of the rehearsal, so "
                                     "I left it alone. Here's where we are:")]
    if verb == STOP:
        return _finish(ctx, s)
    if verb == GO and dialog.step == PICK:
        iv = ctx.repo.get_interview(press.interview) if press.interview else None
        return _do(ctx, dialog, s, Move(GO, iv.id if iv is not None else ""))
    if dialog.step == PICK:
        return [current(ctx, dialog, "First, choose an interview:")]
    if verb in (NEXT, AGAIN, CHOOSE):
        return _do(ctx, dialog, s, Move(verb))
    if verb.startswith(PLAY) and verb[1:] in BY_CODE:
        return _do(ctx, dialog, s, Move(PLAY, verb[1:]))
    return [current(ctx, dialog, "I didn't recognise that button. Here's where we are:")]


# -- moving along -------------------------------------------------------------------------------
def _do(ctx: Ctx, dialog: Dialog, s: Rehearsal, move: Move) -> list[Reply]:
    if move.verb == STOP:
        return _finish(ctx, s)
    if move.verb == GO:
        s.interview = move.arg
        return _begin(ctx, dialog, s)
    if move.verb == NEXT:
        return _go_next(ctx, dialog, s, skipping=dialog.step == ASK)
    if move.verb == CHOOSE:
        _save(ctx, dialog, s, MENU)
        return [STEPS[MENU].ask(ctx, s)]
    if move.verb == PLAY:
        s.scenario = move.arg
    lead: TextBuilder | None = None
    if move.verb == AGAIN:
        lead = TextBuilder().line(move.arg or "Once more — take your time:")
    elif move.verb == HINT:
        lead = TextBuilder().line("That's what practice is for. Here's one way to say it:")
        lead.line(f"\"{BY_CODE[s.scenario].model(_facts(ctx, s))}\"")
        lead.line("Now try it in your own words — the same line again:")
    elif move.verb == ATTEMPT:
        return _attempt(ctx, dialog, s, move.arg)
    _save(ctx, dialog, s, ASK)
    return [STEPS[ASK].ask(ctx, s, lead)]


def _attempt(ctx: Ctx, dialog: Dialog, s: Rehearsal, text: str) -> list[Reply]:
    """An answer to HR's line: judged, with feedback and a model answer."""
    f, sc = _facts(ctx, s), BY_CODE[s.scenario]
    verdict = judge(text, sc, f)
    if sc.code not in s.answered:
        s.answered.append(sc.code)
    if verdict.good and sc.code not in s.good:
        s.good.append(sc.code)
    _save(ctx, dialog, s, FEEDBACK)
    told = verdict_text(verdict, sc, f, last=_next_code(s) is None)
    replies = [reply(told, buttons=_after_buttons(ctx, s))]
    if sc.code not in ("o", "f") and wants_new_interview(text) and extract(
            text, ctx.now, ctx.prefs.tz).company:
        replies.append(reply("(If you meant to log a new interview rather than answer HR, type "
                             "cancel and then tell me about it again.)"))
    return replies


def _offer(ctx: Ctx, press: Press, kind: str) -> list[Reply]:
    iv = ctx.repo.get_interview(press.interview) if press.interview else None
    if iv is not None and iv.status != "waiting" and kind != OFFER:
        return [reply(f"{iv.label} is already closed ({iv.outcome or 'done'}), so there's no "
                      f"call left to rehearse for it. Type rehearse to practise anyway.")]
    dialog = ctx.repo.get_dialog(ctx.user.key)
    if dialog is not None and dialog.flow == FLOW and dialog.step != PICK \
            and _state(dialog).interview == (iv.id if iv else "") \
            and _state(dialog).kind == kind:
        return [current(ctx, dialog, "We're already rehearsing this. Here's where we are:")]
    lead = None
    if dialog is not None:
        ctx.repo.clear_dialog(ctx.user.key)
        if dialog.flow != FLOW:
            lead = TextBuilder().line("I've put aside what we were in the middle of (nothing "
                                      "from it was saved).")
    return start_for(ctx, iv, lead, kind)


def _go_next(ctx: Ctx, dialog: Dialog, s: Rehearsal, *, skipping: bool) -> list[Reply]:
    if skipping and s.scenario not in s.skipped and s.scenario not in s.answered:
        s.skipped.append(s.scenario)
    nxt = _next_code(s)
    if nxt is None:
        return _finish(ctx, s)
    s.scenario = nxt
    _save(ctx, dialog, s, ASK)
    return [STEPS[ASK].ask(ctx, s)]


def _finish(ctx: Ctx, s: Rehearsal) -> list[Reply]:
    f = _facts(ctx, s)
    ctx.repo.clear_dialog(ctx.user.key)
    t = TextBuilder()
    answered = [c for c in s.order if c in s.answered]
    if not answered:
        t.line("Rehearsal stopped — no problem. Type rehearse whenever you'd like to practise.")
        return [reply(t)]
    strong = [c for c in answered if c in s.good]
    t.line(bold("Rehearsal done. "), f"You practised {len(answered)} of {len(s.order)} "
           f"situations, with a strong answer in {len(strong)}.")
    left = [BY_CODE[c].title.lower() for c in answered if c not in strong]
    if left:
        t.line("Worth one more run before the call: " + ", ".join(left) + ".")
    t.blank()
    if s.kind == OFFER:
        t.line("In the real conversation: thank them, name your figure with its reason, and ask "
               "for the offer in writing and a day or two to decide.")
        return [reply(t)]
    t.line("On the day, keep your opening line in front of you:")
    t.line(f"\"{BY_CODE['o'].model(f)}\"")
    t.line("Whatever they say, stay friendly, thank them, and ask what happens next.")
    return [reply(t)]
