"""`list` and `status`: where each interview stands, and "any news?" answered with the plan
instead of more waiting (seed step 2: avoid obsessing — a few checks a day, then the bot steps
in)."""

from __future__ import annotations

import re
from dataclasses import replace

from bot.core.coaching import applications, call_day, calm
from bot.core.coaching.outcomes import outcome_buttons
from bot.core.contract.context import Ctx
from bot.core.contract.messages import Button, Reply, reply
from bot.core.contract.models import Interview
from bot.core.plan import schedule as plans
from bot.core.plan.views import describe_facts, in_progress, interview_list, plan_text


def overview(ctx: Ctx, *, detailed: bool) -> list[Reply]:
    """The list (one reply), or with `detailed` each open interview's facts and plan (one reply
    each; the list when none is open)."""
    interviews = ctx.repo.interviews_for(ctx.user.key)
    first = interview_list(ctx, interviews)
    if not detailed:
        # The script of a call in progress (issue 17: reachable on call day), then withdraw or
        # remove one.
        scripts = tuple((call_day.script_button(ctx.owner, iv),) for iv in interviews
                        if iv.status == "waiting" and call_day.calling(ctx, iv))
        rows = tuple(tuple(row) for row in applications.list_buttons(ctx, interviews))
        return [replace(first, buttons=(*first.buttons, *scripts, *rows))]
    open_ivs = [iv for iv in interviews if iv.status == "waiting"]
    if not open_ivs:
        return [first]
    return [detail(ctx, iv) for iv in open_ivs]


def detail(ctx: Ctx, iv: Interview) -> Reply:
    """One open interview's facts and plan; while a prompted call (or agreed contact) waits for
    its outcome, the outcome buttons under it (and the call script for a call)."""
    t = describe_facts(ctx, iv).blank()
    t.extend(plan_text(ctx, iv))
    rows: list[list[Button]] = []
    current = in_progress(ctx, iv)
    if current is not None:
        rows = outcome_buttons(ctx.owner, iv, current)
        if call_day.calling(ctx, iv):
            rows.append([call_day.script_button(ctx.owner, iv)])
    return reply(t, buttons=rows)


def _checked_too_often(ctx: Ctx) -> bool:
    """Counts this check; True once they are too many today (only while something is open)."""
    return bool(plans.open_interviews(ctx)) and calm.too_many_checks(calm.record_check(ctx))


def _typed(ctx: Ctx, *, detailed: bool) -> list[Reply]:
    # A typed check counts toward "too many today"; not mid-question, where it is a glance.
    # Your own plan is never withheld (issue 17): too many checks add a kind word, no more.
    if ctx.repo.get_dialog(ctx.user.key) is None and _checked_too_often(ctx):
        return [reply("That's a lot of checking today — understandable. Here's where things "
                      "stand; the dates below are when acting really helps."),
                *overview(ctx, detailed=detailed)]
    return overview(ctx, detailed=detailed)


def list_command(ctx: Ctx, rest: str = "") -> list[Reply]:
    """`list` as typed."""
    return _typed(ctx, detailed=False)


def status_command(ctx: Ctx, rest: str = "") -> list[Reply]:
    """`status` as typed."""
    return _typed(ctx, detailed=True)


def list_pressed(ctx: Ctx, rest: str = "") -> list[Reply]:
    """`list` from a button: a press never counts as checking."""
    return overview(ctx, detailed=False)


def status_pressed(ctx: Ctx, rest: str = "") -> list[Reply]:
    """`status` from a button."""
    return overview(ctx, detailed=True)


def any_news(ctx: Ctx) -> list[Reply]:
    """"Any news?": no news is normal; here is when it is really time to act."""
    if _checked_too_often(ctx):
        return [calm.step_in(ctx, "You've asked a few times today — I get it, waiting "
                                  "is hard. Nothing has changed in the plan:")]
    lead = reply("No news yet is normal — decisions usually take longer than anyone "
                 "hopes. Here's where each interview stands, so you know when it's "
                 "really time to act:")
    return [lead, *overview(ctx, detailed=False)]


def status_of(ctx: Ctx, text: str) -> list[Reply]:
    """"Where am I with Globex?": the plan of the open interview whose company the message
    names, or every open interview's when it names none (a glance, not counted as checking)."""
    named = [iv for iv in plans.open_interviews(ctx)
             if iv.company and re.search(rf"\b{re.escape(iv.company)}\b", text, re.IGNORECASE)]
    if len(named) != 1:
        return overview(ctx, detailed=True)
    return [detail(ctx, named[0])]
