"""Turning the planner's output into stored nudges, and keeping it up to date.

Re-planning replaces the pending nudges that came from the facts. Nudges the user set by hand
(a snooze, "on standby", a retry after "no answer") are kept when only the time settings change,
so changing quiet hours never brings back a call the user just put off.
"""

from __future__ import annotations

from datetime import date

from bot.core.contract.context import Ctx
from bot.core.contract.models import Interview, Nudge
from bot.core.contract.ports import Repository
from bot.core.plan.kinds import ASK_FOR_DATE, CALL_PROMPT, CHECKIN, THANK_YOU_KINDS
from bot.core.plan.planner import local_day, plan

# Origins of nudges the user asked for; `keep_manual` re-plans leave them alone.
MANUAL_ORIGINS = frozenset({"snooze", "standby", "retry"})


def nudges_of(repo: Repository, user_key: str) -> list[Nudge]:
    """Every nudge of the user's, in due order: their interviews' and their own reminders (of
    no interview)."""
    return repo.nudges_for_user(user_key)


def open_interviews(ctx: Ctx) -> list[Interview]:
    """The user's applications still waiting for a decision."""
    return [iv for iv in ctx.repo.interviews_for(ctx.user.key) if iv.status == "waiting"]


def schedule(ctx: Ctx, iv: Interview, *, keep_thank_you: bool = False,
             keep_manual: bool = False) -> None:
    """(Re)plan an interview's nudges: pending ones are replaced; sent ones stay as history."""
    existing = ctx.repo.nudges_for_interview(iv.id)
    # A call or ask-HR reminder the user put off by hand, kept: the rest is planned around it
    # (the rehearsal the evening before, the follow-up and check-ins after: planner.plan).
    held = {n.kind: n.due_at for n in existing if keep_manual and n.status == "pending" and
            n.origin in MANUAL_ORIGINS and n.kind in (ASK_FOR_DATE, CALL_PROMPT)}
    planned = plan(iv, ctx.now, ctx.prefs, held)
    kept: set[str] = set()
    kept_days: set[date] = set()
    batch = Nudge.next_batch(existing)
    for n in existing:
        if n.status != "pending":
            continue
        if (keep_thank_you and n.kind in THANK_YOU_KINDS) or \
                (keep_manual and n.origin in MANUAL_ORIGINS):
            kept.add(n.kind)
            if n.kind == CHECKIN:
                kept_days.add(local_day(n.due_at, ctx.prefs.tz))
            continue
        n.cancel(ctx.now, "replanned")
        ctx.repo.save_nudge(n)
    if keep_thank_you:
        planned = [p for p in planned if p.kind not in THANK_YOU_KINDS]
    if kept_days:
        # A check-in moved by hand is one of several: the others stay, one a day, and the one
        # it was moved from (cancelled as "snoozed") does not come back.
        kept_days |= {local_day(n.due_at, ctx.prefs.tz) for n in existing
                      if n.kind == CHECKIN and n.status == "cancelled" and n.note == "snoozed"}
    planned = [p for p in planned if p.kind not in kept or
               (p.kind == CHECKIN and local_day(p.due_at, ctx.prefs.tz) not in kept_days)]
    ctx.repo.add_nudges(
        Nudge(id=ctx.repo.new_id(), user_key=ctx.user.key, interview_id=iv.id, kind=p.kind,
              due_at=p.due_at, created_at=ctx.now, batch=batch)
        for p in planned
    )


def replan_all(ctx: Ctx) -> None:
    """After a change of time zone, quiet hours or country: every open interview again."""
    for iv in open_interviews(ctx):
        schedule(ctx, iv, keep_thank_you=True, keep_manual=True)
