"""Worry, doubt and disappointment ("pretty sure I blew it", "my stomach's in knots"): a kind,
short answer that fits where the search stands, grounded in the seed's advice (step 2: avoid
obsessing): what is in their control, the next step and its date, and something to do
meanwhile. Worry that keeps coming back leads into the anti-obsession intervention."""

from __future__ import annotations

import re

from bot.core.coaching import calm
from bot.core.coaching.nudge_text import distraction
from bot.core.contract.buttons import command_button
from bot.core.contract.context import Ctx
from bot.core.contract.messages import Reply, TextBuilder, italic, reply
from bot.core.language.dates import fmt_when
from bot.core.plan.schedule import open_interviews
from bot.core.plan.views import next_step, step_phrase

_DOWN = re.compile(r"\b(?:crushed|gutted|devastated|rejected|heartbroken|sad|depress\w*|"
                   r"hopeless|give\s+up|no\s+point|failure|useless|low|down|spiral\w*|fraud)\b",
                   re.IGNORECASE)
_BLEW_IT = re.compile(r"\b(?:blew|bombed|messed|screwed|fluffed|botched|ruined|tanked)\b|"
                      r"\bwent\s+(?:badly|terribly|awful)|\bshould\s+have\s+said\b|\btalked\s+(?:way\s+)?"
                      r"too\s+much\b|\bfroze\b|\bso\s+badly\b",
                      re.IGNORECASE)


def feeling(ctx: Ctx, text: str) -> list[Reply]:
    """The answer to a worried or low message: acknowledge, what they can do, the next step."""
    if open_interviews(ctx) and calm.too_many_checks(calm.record_check(ctx)):
        return [calm.step_in(ctx, "It sounds like the waiting is weighing on you — that's "
                                  "completely understandable. Here's where things stand:")]
    t = TextBuilder()
    if _DOWN.search(text):
        t.line("I'm sorry — that's a hard feeling, and it makes sense after all the effort "
               "you've put in. One answer is never a verdict on you.")
    elif _BLEW_IT.search(text):
        t.line("Almost everyone walks out of an interview replaying what they could have said. "
               "Interviewers remember far less of the small slips than you do.")
    else:
        t.line("Feeling on edge while you wait is normal — it shows how much this matters "
               "to you.")
    steps = [(iv, step) for iv in open_interviews(ctx) if (step := next_step(ctx, iv))]
    if steps:
        iv, step = min(steps, key=lambda pair: pair[1].due_at)
        t.line(f"What's in your hands now is the next step: {step_phrase(step, iv)} "
               f"({iv.label}), on {fmt_when(step.due_at, ctx.prefs.tz)}. I'll remind you — "
               "until then there's nothing you need to do about it.")
    else:
        t.line("What's in your hands: a short thank-you if you haven't sent one, and keeping "
               "other applications moving.")
    t.line("Meanwhile: ", italic(distraction(ctx.now.isoformat())), ".")
    if not open_interviews(ctx):
        # Nothing logged yet: the interview they feel about is worth planning.
        t.line("Tell me about the interview (where, when, what they said about next steps) and "
               "I'll plan the follow-up, so you know exactly when to act.")
        return [reply(t, buttons=[[command_button("Log an interview", ctx.owner, "interview")]])]
    return [reply(t)]
