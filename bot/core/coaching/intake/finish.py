"""The end of an intake: a new interview saved and planned (with the summary and the thank-you
advice), or the one fact asked again applied to an existing interview and its plan re-made."""

from __future__ import annotations

from bot.core.coaching.intake.steps import IntakeState
from bot.core.contract import buttons
from bot.core.contract.context import Ctx
from bot.core.contract.messages import Reply, TextBuilder, bold, reply
from bot.core.contract.models import Interview
from bot.core.language.dates import fmt_day, fmt_when
from bot.core.language.wording import ask_for_date_wording, who_to_thank
from bot.core.plan.kinds import THANK_YOU_KINDS
from bot.core.plan.schedule import schedule
from bot.core.plan.views import describe_facts, plan_text

# How a step's fact is named in "Updated the ..." after an edit.
EDITED = {"company": "company", "role": "role", "interviewer": "interviewer",
          "interviewed_at": "interview time", "decision": "decision date",
          "informer": "who tells you", "agreed": "agreed time"}


def finish(ctx: Ctx, s: IntakeState, prefix: TextBuilder | None = None) -> list[Reply]:
    """Every step is answered or skipped: save the interview (or the update) and close the
    dialog."""
    if s.update:
        return _finish_update(ctx, s, s.update, prefix)
    iv = Interview(
        id=ctx.repo.new_id(),
        user_key=ctx.user.key,
        created_at=ctx.now,
        interviewed_at=s.interviewed_at or ctx.now,
        company=s.company,
        role=s.role,
        interviewer=s.interviewer,
        interviewer_email=s.interviewer_email,
        interviewer_phone=s.interviewer_phone,
        decision_by=s.decision_by,
        decision_unknown=s.decision_unknown,
        informer=s.informer,
        agreed_contact_at=s.agreed_at,
        agreed_contact_kind=s.agreed_kind,
        agency=s.agency,
        contacts=list(s.contacts),
        round=s.round,
    )
    ctx.repo.save_interview(iv)
    schedule(ctx, iv)
    ctx.repo.clear_dialog(ctx.user.key)
    return [summary_reply(ctx, iv, prefix), thank_you_reply(ctx, iv)]


def _apply_edit(iv: Interview, step: str, s: IntakeState) -> None:
    if step == "company":
        iv.company = s.company
    elif step == "role":
        iv.role = s.role
    elif step == "interviewer":
        iv.interviewer = s.interviewer
        iv.interviewer_email = s.interviewer_email or iv.interviewer_email
        iv.interviewer_phone = s.interviewer_phone or iv.interviewer_phone
    elif step == "interviewed_at" and s.interviewed_at:
        iv.interviewed_at = s.interviewed_at
    elif step == "informer":
        iv.informer = s.informer
    elif step == "agreed":
        iv.agreed_contact_at = s.agreed_at
        iv.agreed_contact_kind = s.agreed_kind


def _finish_update(ctx: Ctx, s: IntakeState, iv_id: str,
                   prefix: TextBuilder | None) -> list[Reply]:
    """Apply the re-asked fact to the existing interview and re-plan its nudges."""
    ctx.repo.clear_dialog(ctx.user.key)
    iv = ctx.repo.get_interview(iv_id)
    if iv is None or iv.user_key != ctx.user.key or iv.status != "waiting":
        return [reply("That interview is no longer open, so there's nothing to update.")]
    step = s.step or "decision"
    t = prefix or TextBuilder()
    if s.edit and s.skipped == step:
        ctx.repo.save_interview(iv)
        return [reply(f"Left the {EDITED[step]} as it was.")]
    if step != "decision":
        _apply_edit(iv, step, s)
        t.line(f"Updated the {EDITED[step]}.")
    elif s.decision_by:
        iv.decision_by = s.decision_by
        iv.decision_unknown, iv.call_retries = False, 0
        t.line("Updated: they'll let you know by ", bold(fmt_day(iv.decision_by)), ".")
    elif s.edit:
        iv.decision_by, iv.decision_unknown = None, True
        t.line("Updated: no decision date. I'll remind you to ask HR for one.")
    else:
        # No new date: the 3-4 day wait (and asking HR) starts again from today.
        iv.decision_by, iv.decision_unknown, iv.waiting_since = None, True, ctx.now
        # (No reminder to ask HR: they were just asked; planner.ask_for_date_reminder.)
        t.line("OK, still no date — you've just asked, so no need to ask again. I'll plan the "
               "next call a few days from now.")
    ctx.repo.save_interview(iv)
    schedule(ctx, iv, keep_thank_you=True)
    t.blank()
    t.extend(plan_text(ctx, iv))
    return [reply(t)]


def summary_reply(ctx: Ctx, iv: Interview, prefix: TextBuilder | None = None) -> Reply:
    t = prefix or TextBuilder()
    t.line("Saved. Here's what I have:")
    t.blank()
    t.extend(describe_facts(ctx, iv))
    t.blank()
    t.extend(plan_text(ctx, iv))
    if iv.decision_by is None:
        t.blank()
        t.line(bold("No date yet? Ask for one."))
        t.line("HR runs the hiring process, so they are the right people to ask (if they're "
               "busy, whoever is next in line). A polite, direct question is fine, for example:")
        t.line(ask_for_date_wording(iv))
    return reply(t)


def thank_you_reply(ctx: Ctx, iv: Interview) -> Reply:
    who = who_to_thank(iv)
    name = ctx.user.full_name or ctx.user.display_name or "<your full name>"
    t = TextBuilder()
    t.line(bold("Now: send your thank-you."))
    t.line(f"A short thank-you to {who}, sent as soon as you can, shows you're grateful for the "
           f"chance and helps them remember you when they compare candidates.")
    t.line("Sign it with your full name, phone number, mailing address and email, and use this "
           "subject so it doesn't end up in spam (I can write a checked draft for you):")
    t.line(bold(f"Job interview follow up – {name}"))
    reminders = [fmt_when(n.due_at, ctx.prefs.tz) for n in ctx.repo.nudges_for_interview(iv.id)
                 if n.status == "pending" and n.kind in THANK_YOU_KINDS]
    if reminders:
        t.line(f"If it isn't marked sent, I'll remind you on {' and '.join(reminders)}, and then "
               f"leave it.")
    return reply(t, buttons=[[buttons.make("Draft my thank-you", "dr", ctx.owner, iv.id, "ty")],
                             [buttons.make("Thank-you sent ✓", "ty", ctx.owner, iv.id)],
                             [buttons.command_button("See all interviews", ctx.owner, "list")]])
