"""`edit`: change any fact of an open interview; the plan is re-made from the new facts."""

from __future__ import annotations

from bot.core.coaching import intake
from bot.core.contract import buttons
from bot.core.contract.buttons import Press
from bot.core.contract.context import Ctx
from bot.core.contract.messages import Reply, bold, reply

BUTTON_ACTION = "ed"
FACTS = (("Company", "company"), ("Role", "role"), ("Interviewer", "interviewer"),
         ("Interview time", "interviewed_at"), ("Decision date", "decision"),
         ("Who tells you", "informer"), ("Agreed email/call time", "agreed"))


def command(ctx: Ctx, rest: str) -> list[Reply]:
    open_ivs = [iv for iv in ctx.repo.interviews_for(ctx.user.key) if iv.status == "waiting"]
    if not open_ivs:
        return [reply("You have no open interviews to edit. Type interview to log one.")]
    if len(open_ivs) > 1:
        return [reply("Which interview do you want to change?",
                      buttons=[[buttons.make(iv.label[:40], BUTTON_ACTION, ctx.owner, iv.id)]
                               for iv in open_ivs])]
    return [_facts(ctx, open_ivs[0].id, open_ivs[0].label)]


def _facts(ctx: Ctx, iv_id: str, label: str) -> Reply:
    rows = [[buttons.make(name, BUTTON_ACTION, ctx.owner, iv_id, intake.CODES[step])]
            for name, step in FACTS]
    return reply("What should change for ", bold(label), "?", buttons=rows)


def press(ctx: Ctx, p: Press) -> list[Reply]:
    iv = ctx.repo.get_interview(p.interview) if p.interview else None
    if iv is None or iv.status != "waiting":
        return [reply("That interview is closed or gone, so there's nothing to edit.")]
    if not p.arg:
        return [_facts(ctx, iv.id, iv.label)]
    step = intake.STEP_OF.get(p.arg)
    if step is None:
        return [_facts(ctx, iv.id, iv.label)]
    return intake.start_update(ctx, iv, f"Editing {iv.label}.", step, edit=True)
