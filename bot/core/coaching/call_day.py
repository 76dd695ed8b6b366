"""The call script on demand (issue 17, item 5: "on any day, status, list and the call script
stay reachable"). `script`, "call script", "what do I say on the call?" or "what should I say
when I call Acme?" give the same script as the call prompt (seed step 6: who you are, the role,
when and with whom you interviewed, the question), filled in for that application, with the
outcome buttons under it; when several applications could be meant, a button for each.

Button: `cs` (the interview in the payload, no argument): the script of that application."""

from __future__ import annotations

import re

from bot.core.coaching import rehearsal
from bot.core.coaching.nudge_text import call_script, script_ask
from bot.core.coaching.outcomes import outcome_buttons
from bot.core.contract import buttons
from bot.core.contract.buttons import Press
from bot.core.contract.context import Ctx, interview_pressed
from bot.core.contract.messages import Button, Reply, TextBuilder, bold, reply
from bot.core.contract.models import Interview
from bot.core.language.wording import the_label
from bot.core.plan.kinds import CALL_PROMPT
from bot.core.plan.schedule import open_interviews
from bot.core.plan.views import in_progress, is_call

BUTTON_ACTION = "cs"


def script_button(owner: str, iv: Interview) -> Button:
    """"Call script: Acme": the script of `iv`, with its outcome buttons."""
    return buttons.make(f"Call script: {iv.company or iv.label}"[:48], BUTTON_ACTION, owner,
                        iv.id)


def calling(ctx: Ctx, iv: Interview) -> bool:
    """Whether a call of `iv` was prompted and is not answered yet (its call day)."""
    current = in_progress(ctx, iv)
    return current is not None and is_call(current, iv)


def script_reply(ctx: Ctx, iv: Interview) -> Reply:
    """The script of `iv`'s call, in the words of its call prompt (a standby check-back asks
    whether anything changed), the number when one is noted, and the outcome buttons (naming
    the prompt in progress, so that answer is recorded once)."""
    current = in_progress(ctx, iv)
    nudges = ctx.repo.nudges_for_interview(iv.id)
    calls = [n for n in nudges if n.kind == CALL_PROMPT and n.status == "pending"]
    origin = current.origin if current is not None else \
        min(calls, key=lambda n: n.due_at).origin if calls else "plan"
    if iv.outcome == "standby":
        origin = "standby"
    t = TextBuilder().line(bold("Your call script "), f"for {the_label(iv)}:")
    t.line(call_script(ctx, iv, script_ask(origin)))
    if iv.interviewer_phone:
        t.line("Number: ", iv.interviewer_phone)
    t.line("Ask for HR (or whoever runs the hiring) if someone else picks up; be brief, polite "
           "and direct.")
    t.line("Afterwards, tell me how it went:")
    return reply(t, buttons=[*outcome_buttons(ctx.owner, iv, current),
                             [rehearsal.start_button(ctx.owner, iv, "Rehearse it first")]])


def _callable(ctx: Ctx) -> list[Interview]:
    """The open applications a call could be about: interviewed already."""
    return [iv for iv in open_interviews(ctx) if iv.interviewed_at <= ctx.now]


def for_text(ctx: Ctx, text: str) -> list[Reply]:
    """The script of the application `text` names; with none named, of the one whose call is
    in progress, or of the only one; otherwise "which one?" with a button each."""
    ivs = _callable(ctx)
    if not ivs:
        return [reply("You have no open application to call about yet. Type interview to log "
                      "one, and I'll prompt you with the script when it's time to call.")]
    named = [iv for iv in ivs if iv.company and
             re.search(rf"\b{re.escape(iv.company)}\b", text, re.IGNORECASE)]
    pool = named or ivs
    if len(pool) > 1 and not named:
        # The call prompted today is the one meant, when only one is.
        pool = [iv for iv in ivs if calling(ctx, iv)] or pool
    if len(pool) == 1:
        return [script_reply(ctx, pool[0])]
    return [reply("Which application is the call about?",
                  buttons=[[script_button(ctx.owner, iv)] for iv in pool])]


def command(ctx: Ctx, rest: str = "") -> list[Reply]:
    """`script` (optionally with a company: `script Acme`)."""
    return for_text(ctx, rest)


def press(ctx: Ctx, p: Press) -> list[Reply]:
    """A "Call script: <company>" button (the engine checked the interview is theirs)."""
    iv = interview_pressed(ctx, p)
    if iv.status != "waiting":
        return [reply(f"{the_label(iv)} is closed now ({iv.outcome or 'done'}), so there's no "
                      f"call to make.")]
    return [script_reply(ctx, iv)]
