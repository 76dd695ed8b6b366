"""The thank-you (seed step 4: thank them, immediately): marking it sent, by the `done` command,
its "Thank-you sent ✓" button or in words, and saying it is always welcome."""

from __future__ import annotations

from bot.core.coaching import drafts
from bot.core.contract import buttons
from bot.core.contract.buttons import Press
from bot.core.contract.context import Ctx, interview_pressed
from bot.core.contract.messages import Reply, TextBuilder, bold, reply
from bot.core.contract.models import Interview
from bot.core.language.dates import fmt_when
from bot.core.language.wording import the_label
from bot.core.plan import schedule as plans
from bot.core.plan.kinds import THANK_YOU_KINDS

# The button under a thank-you reminder or draft: "Thank-you sent ✓" (interview in the payload).
BUTTON_ACTION = "ty"


def done_command(ctx: Ctx, rest: str = "") -> list[Reply]:
    """`done` (or "I sent the thank-you"): mark the one unsent thank-you, or ask which one."""
    waiting = [iv for iv in ctx.repo.interviews_for(ctx.user.key)
               if iv.status == "waiting" and iv.thank_you_sent_at is None]
    if not waiting:
        return [reply("There's no thank-you waiting to be sent. Log an interview and I'll "
                      "help with the next one.")]
    if len(waiting) == 1:
        return [mark_sent(ctx, waiting[0])]
    rows = [[buttons.make(iv.label[:40], BUTTON_ACTION, ctx.owner, iv.id)] for iv in waiting]
    return [reply("Which thank-you did you send?", buttons=rows)]


def press(ctx: Ctx, p: Press) -> list[Reply]:
    """"Thank-you sent ✓": the engine has checked the interview is this user's."""
    iv = interview_pressed(ctx, p)
    return [mark_sent(ctx, iv)]


def mark_sent(ctx: Ctx, iv: Interview) -> Reply:
    """Record the thank-you as sent now and cancel its pending reminders; pressing twice only
    says when it was marked."""
    if iv.thank_you_sent_at is not None:
        when = fmt_when(iv.thank_you_sent_at, ctx.prefs.tz)
        return reply(f"Already noted: your thank-you for {the_label(iv)} was marked sent on "
                     f"{when}.")
    iv.thank_you_sent_at = ctx.now
    ctx.repo.save_interview(iv)
    for n in ctx.repo.nudges_for_interview(iv.id):
        if n.status == "pending" and n.kind in THANK_YOU_KINDS:
            n.cancel(ctx.now, "thank-you sent")
            ctx.repo.save_nudge(n)
    t = TextBuilder().line("Nice work — your thank-you for ", bold(the_label(iv)),
                           " is marked sent. No more reminders about it.")
    return reply(t)


def always_welcome(ctx: Ctx) -> list[Reply]:
    """"Should I send a thank-you?": yes — a thank-you never counts as chasing (step 4)."""
    unsent = [iv for iv in plans.open_interviews(ctx) if iv.thank_you_sent_at is None]
    if not unsent:
        return [reply("Yes — a thank-you is always welcome, and yours are all marked sent. "
                      "Nice work.")]
    return [reply("Yes — send it as soon as you can; a thank-you never counts as "
                  "chasing. Want a draft?",
                  buttons=[[drafts.draft_button(ctx.owner, iv, "ty",
                                                f"Draft: {iv.label}"[:40])]
                           for iv in unsent])]


def draft_command(ctx: Ctx) -> list[Reply]:
    """"Help me write the thank-you": a draft for the latest interview without one."""
    iv = drafts.latest_unsent(ctx)
    if iv is None:
        return [reply("There's no interview waiting for a thank-you. Log one and I'll draft it.")]
    return drafts.start(ctx, iv, "ty")
