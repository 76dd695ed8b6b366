"""`list` and `status`: where each interview stands, and "any news?" answered with the plan
instead of more waiting (seed step 2: avoid obsessing — a few checks a day, then the bot steps
in)."""

from __future__ import annotations

import re
from dataclasses import replace

from bot.core.coaching import applications, calm
from bot.core.contract.context import Ctx
from bot.core.contract.messages import Reply, reply
from bot.core.plan import schedule as plans
from bot.core.plan.views import describe_facts, interview_list, plan_text


def overview(ctx: Ctx, *, detailed: bool) -> list[Reply]:
    """The list (one reply), or with `detailed` each open interview's facts and plan (one reply
    each; the list when none is open)."""
    interviews = ctx.repo.interviews_for(ctx.user.key)
    first = interview_list(ctx, interviews)
    if not detailed:
        # Withdraw or remove one from here (issue 17).
        rows = tuple(tuple(row) for row in applications.list_buttons(ctx, interviews))
        return [replace(first, buttons=(*first.buttons, *rows))]
    open_ivs = [iv for iv in interviews if iv.status == "waiting"]
    if not open_ivs:
        return [first]
    replies = []
    for iv in open_ivs:
        t = describe_facts(ctx, iv).blank()
        t.extend(plan_text(ctx, iv))
        replies.append(reply(t))
    return replies


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
    t = describe_facts(ctx, named[0]).blank()
    t.extend(plan_text(ctx, named[0]))
    return [reply(t)]
