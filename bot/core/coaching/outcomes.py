"""Recording how a call (or the wait) ended: selected, still waiting, standby, not selected, no
answer. Each outcome closes the follow-up or re-plans it."""

from __future__ import annotations

import re

from bot.core.coaching import intake, offer, snooze
from bot.core.coaching.standby import put_on_standby, replace_call
from bot.core.contract import buttons
from bot.core.contract.buttons import Press
from bot.core.contract.context import Ctx, interview_pressed
from bot.core.contract.messages import Button, Reply, TextBuilder, bold, reply
from bot.core.contract.models import Interview, Nudge
from bot.core.language.dates import fmt_when
from bot.core.language.wording import the_label
from bot.core.plan import schedule as plans
from bot.core.plan.kinds import CALL_PROMPT
from bot.core.plan.planner import (
    CALL_HOUR,
    at_local,
    local_day,
    next_business_day,
    next_contact_slot,
)
from bot.core.plan.views import in_progress

# The outcome buttons under a call prompt or the `outcome` list (interview in the payload).
BUTTON_ACTION = "oc"
OUTCOMES = (("Selected 🎉", "sel"), ("Still waiting", "wait"), ("On standby", "sby"),
            ("Not selected", "not"), ("No answer", "na"))
MAX_CALL_RETRIES = 2


def outcome_buttons(owner: str, iv: Interview, nudge: Nudge | None = None, *,
                    without: str = "") -> list[list[Button]]:
    """The outcome choices (less the one coded `without`, e.g. "sby" while on standby); under a
    nudge they name it, so each prompt is answered once."""
    tag = f".{nudge.id}" if nudge is not None else ""
    row = [buttons.make(label, BUTTON_ACTION, owner, iv.id, code + tag) for label, code in OUTCOMES
           if code != without]
    return [row[:2], row[2:]]


def choose(ctx: Ctx) -> list[Reply]:
    """The `outcome` command: every open interview with its outcome buttons."""
    open_ivs = plans.open_interviews(ctx)
    if not open_ivs:
        return [reply("You have no open interviews to record a result for.")]
    return [reply("How did it go with ", bold(iv.label), "?",
                  buttons=outcome_buttons(ctx.owner, iv)) for iv in open_ivs]


NEWS = {"sel": ("wonderful news", "selected"), "not": ("hard news", "not selected"),
        "wait": ("an update", "still waiting"), "sby": ("an update", "on standby"),
        "na": ("an update", "no answer")}


def from_text(ctx: Ctx, code: str, text: str = "") -> list[Reply]:
    """"I got the job", "they turned me down", "still waiting"...: offer to record it, never
    assume which interview (the one `text` names, when it names exactly one; else a button
    for each)."""
    open_ivs = plans.open_interviews(ctx)
    closed = [iv for iv in ctx.repo.interviews_for(ctx.user.key) if iv.status != "waiting"]
    if (done := _closed_named(ctx, text, open_ivs, closed)) is not None:
        return done
    if not open_ivs:
        return [reply("I have no open interview to record that for. Type interview to log one.")]
    news, verb = NEWS[code]
    named = [iv for iv in open_ivs if iv.company and
             re.search(rf"\b{re.escape(iv.company)}\b", text, re.IGNORECASE)]
    if len(named) > 1:  # two at one company: the one whose role is named too, if one is
        by_role = [iv for iv in named if iv.role and
                   re.search(rf"\b{re.escape(iv.role)}\b", text, re.IGNORECASE)]
        named = by_role if len(by_role) == 1 else named
    if named:
        open_ivs = named
    if len(open_ivs) == 1:
        iv = open_ivs[0]
        return [reply(f"That sounds like {news} about {the_label(iv)}. Shall I record it as "
                      f"{verb}?",
                      buttons=[[buttons.make(f"Yes, {verb}", BUTTON_ACTION, ctx.owner, iv.id,
                                             code)],
                               [buttons.command_button("No", ctx.owner, "list")]])]
    rows = [[buttons.make(iv.label[:40], BUTTON_ACTION, ctx.owner, iv.id, code)]
            for iv in open_ivs]
    return [reply(f"That sounds like {news}. Which interview should I record as {verb}?",
                  buttons=rows)]


def _closed_named(ctx: Ctx, text: str, open_ivs: list[Interview],
                  closed: list[Interview]) -> list[Reply] | None:
    """News naming only an application already closed ("I accepted the Cyberdyne offer" after
    its offer was recorded): what is recorded for it (an offer's next steps again), never an
    offer to record the news for another application. None when the text names an open one,
    or no closed one."""
    def names(iv: Interview) -> bool:
        return bool(iv.company and re.search(rf"\b{re.escape(iv.company)}\b", text,
                                             re.IGNORECASE))
    hit = [iv for iv in closed if names(iv)]
    if not hit or any(names(iv) for iv in open_ivs):
        return None
    iv = max(hit, key=lambda i: i.interviewed_at)
    lead = reply(f"I have {the_label(iv)} as closed already ({iv.outcome or 'done'}); nothing "
                 f"else changes.")
    return [lead, offer.next_steps(ctx, iv)] if iv.outcome == "selected" else [lead]


def choose_command(ctx: Ctx, rest: str = "") -> list[Reply]:
    """The `outcome` command (any text after it is ignored)."""
    return choose(ctx)


def press(ctx: Ctx, p: Press) -> list[Reply]:
    """An outcome button: `p.arg` is the outcome code, with ".<nudge id>" under a call prompt."""
    iv = interview_pressed(ctx, p)
    return record(ctx, iv, p.arg)


def record(ctx: Ctx, iv: Interview, arg: str) -> list[Reply]:
    """Record outcome `arg` ("sel", "wait.<nudge id>"...) once per prompt."""
    if iv.status != "waiting":
        return [reply(f"Already recorded: {the_label(iv)} is closed ({iv.outcome}).")]
    code, _, nudge_id = arg.partition(".")
    prompt = next((n for n in ctx.repo.nudges_for_interview(iv.id) if n.id == nudge_id), None)
    if not nudge_id:
        # Told from `outcome` or in words: it answers the call prompted and not answered yet,
        # which stops being the step in progress (plan.views.in_progress).
        prompt = in_progress(ctx, iv)
    if prompt is not None:
        if prompt.answer is not None:
            return [reply("You've already told me how that call went. If something changed "
                          "since, type outcome.")]
        prompt.answer = code
        ctx.repo.save_nudge(prompt)
    return _record(ctx, iv, code)


def _record(ctx: Ctx, iv: Interview, code: str) -> list[Reply]:
    if code == "sel":
        return offer.opened(ctx, iv)
    if code == "not":
        iv.status, iv.outcome = "closed", "not selected"
        iv.answered_at = iv.answered_at or ctx.now  # their first answer (standby may come first)
        ctx.repo.save_interview(iv)
        plans.schedule(ctx, iv)  # a closed interview plans nothing: cancels what's pending
        t = TextBuilder().line(f"I'm sorry — that's disappointing. I've closed the follow-up for "
                               f"{the_label(iv)}.")
        t.line("It's worth a short, gracious reply: thank them for their time and ask if they "
               "could share any feedback on what would make you a stronger candidate. It keeps "
               "the door open for future roles.")
        t.line("If feedback comes: thank them for it, note the one or two points that matter "
               "most, and turn each into something to practise before your next interview — "
               "an answer to rework, an example to prepare. Then let this one go.")
        return [reply(t, buttons=[[buttons.make("Draft that reply", "dr", ctx.owner, iv.id,
                                                "fb")]])]
    if code == "wait":
        return intake.start_update(ctx, iv, "OK, still waiting.")
    if code == "sby":
        return put_on_standby(ctx, iv)
    if code == "na":
        if iv.call_retries >= MAX_CALL_RETRIES:
            for n in ctx.repo.nudges_for_interview(iv.id):
                if n.status == "pending" and n.kind == CALL_PROMPT:
                    n.cancel(ctx.now, "no more retries")
                    ctx.repo.save_nudge(n)
            return [reply("No answer again — that's two retries, so let's stop calling. Send a "
                          "short, polite email to HR asking for an update instead, then let it "
                          "rest. When you hear back, type outcome.",
                          buttons=[[buttons.make("Draft that email", "dr", ctx.owner, iv.id,
                                                 "fu")]])]
        iv.call_retries += 1
        ctx.repo.save_interview(iv)
        day = next_business_day(local_day(ctx.now, ctx.prefs.tz), ctx.prefs)
        due = next_contact_slot(at_local(day, CALL_HOUR, ctx.prefs.tz), ctx.prefs)
        replace_call(ctx, iv, due, "retry")
        # The follow-up email and the check-ins keep their spacing after the new try (issue 17:
        # at least three working days between contacts).
        existing = ctx.repo.nudges_for_interview(iv.id)
        ctx.repo.add_nudges(snooze.replan_around(ctx, iv, CALL_PROMPT, due, existing,
                                                 Nudge.next_batch(existing), rehearse=False))
        left = MAX_CALL_RETRIES - iv.call_retries
        return [reply(f"No answer is common. I'll remind you to try again on "
                      f"{fmt_when(due, ctx.prefs.tz)}"
                      + (" (one more try after that)." if left else " (the last try)."))]
    return [reply("I don't know that outcome; the buttons under the call prompt list them.")]
