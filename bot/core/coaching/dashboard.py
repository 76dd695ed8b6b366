"""A home screen's dashboard (Slack's App Home): each open application with where it stands, its
next step and what can be done about it there (thank-you sent, the outcome, snooze the next
step, edit), the closed ones in a line each, the `stats` figures, and a way to log another.

Every choice is an ordinary button payload of the feature that answers it (thank_you, outcomes,
snooze, editing, the `interview` command), owned by the user: a press is checked and answered
by the engine as anywhere else, and a stale one (pressed twice, an interview since closed)
finds the record as it is. No drafts, notes or contact details: a home screen may be seen over
a shoulder.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.coaching import editing, outcomes, snooze, stats, thank_you
from bot.core.contract import buttons
from bot.core.contract.context import Ctx
from bot.core.contract.messages import Button, Reply, TextBuilder, bold, reply
from bot.core.contract.models import Interview
from bot.core.contract.prefs import zone_suffix
from bot.core.language.dates import fmt_when
from bot.core.language.wording import day_count
from bot.core.plan.kinds import kind_of
from bot.core.plan.views import (
    closed_stage,
    days_waiting,
    in_progress,
    next_step,
    now_line,
    stage,
    step_phrase,
)

MAX_CARDS = 20  # open applications shown one by one; the rest are counted ("type list")


@dataclass(frozen=True)
class Card:
    """One open application: `summary` (its label, stage and next step), `actions` (buttons:
    "Thank-you sent ✓" while it isn't, "Edit"), `outcomes` (the outcome choices) and `snoozes`
    (putting the next step off: 1 hour, tomorrow morning, next week; none without a next step).
    A platform shows the choices as a menu where it has one."""

    interview_id: str
    summary: Reply
    actions: tuple[Button, ...]
    outcomes: tuple[Button, ...]
    snoozes: tuple[Button, ...]


@dataclass(frozen=True)
class Dashboard:
    """The whole home screen: the open applications (at most MAX_CARDS, then `more` counts the
    rest), the closed ones (None: none), the figures (None: no applications) and the button that
    logs a new interview (the `interview` command)."""

    cards: tuple[Card, ...]
    more: int
    closed: Reply | None
    figures: Reply | None
    log: Button


def dashboard(ctx: Ctx) -> Dashboard:
    """The user's dashboard now (times in their zone)."""
    ivs = ctx.repo.interviews_for(ctx.user.key)
    open_ivs = sorted((iv for iv in ivs if iv.status == "waiting"),
                      key=lambda iv: iv.interviewed_at, reverse=True)
    cards = tuple(_card(ctx, iv) for iv in open_ivs[:MAX_CARDS])
    closed = [iv for iv in ivs if iv.status != "waiting"]
    closed_reply = None
    if closed:
        t = TextBuilder().line(bold("Closed"))
        for iv in sorted(closed, key=lambda iv: iv.interviewed_at, reverse=True)[:10]:
            t.line(f"• {iv.label} — {closed_stage(ctx, iv)}")
        closed_reply = reply(t)
    figures = stats.figures_text(ctx)
    return Dashboard(cards=cards, more=max(0, len(open_ivs) - MAX_CARDS), closed=closed_reply,
                     figures=reply(figures) if figures is not None else None,
                     log=buttons.command_button("Log an interview", ctx.owner, "interview"))


def _card(ctx: Ctx, iv: Interview) -> Card:
    t = TextBuilder().line(bold(iv.label))
    if iv.interviewed_at <= ctx.now:
        waited = days_waiting(iv, ctx.now, ctx.prefs.tz)
        t.add(f" — waiting {day_count(waited)}")
    t.line(f"Stage: {stage(ctx, iv)}")
    current = in_progress(ctx, iv)
    if current is not None:  # the call prompted and not answered yet (issue 17)
        t.line(now_line(ctx, current, iv))
    step = next_step(ctx, iv)
    if step is not None:
        t.line(f"{'Then' if current else 'Next'}: {step_phrase(step, iv)} — "
               f"{fmt_when(step.due_at, ctx.prefs.tz)}{zone_suffix(ctx.prefs)}")
    actions: list[Button] = []
    if iv.thank_you_sent_at is None:
        actions.append(buttons.make("Thank-you sent ✓", thank_you.BUTTON_ACTION, ctx.owner,
                                    iv.id))
    actions.append(buttons.make("Edit", editing.BUTTON_ACTION, ctx.owner, iv.id))
    snoozes: tuple[Button, ...] = ()
    if step is not None:
        tag = f"{kind_of(step.kind).button}.{step.id}"  # (as snooze.snooze_button)
        snoozes = tuple(buttons.make(label, snooze.BUTTON_ACTION, ctx.owner, iv.id,
                                     f"{tag}:{code}") for label, code in snooze.PRESETS)
    choices = tuple(b for row in outcomes.outcome_buttons(ctx.owner, iv) for b in row)
    return Card(interview_id=iv.id, summary=reply(t), actions=tuple(actions), outcomes=choices,
                snoozes=snoozes)
