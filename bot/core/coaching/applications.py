"""Managing applications (issue 17): withdrawing from one ("I withdrew from Globex", `withdraw`,
a button on `list`), with a polite withdrawal note offered while the employer still counts on
you; removing one with its nudges (confirmed by a button); and notes and the job link kept with
an application ("note for Acme: ask about on-call", `note`), shown in `status` and the export
and never in a team channel (DESIGN: contact details, notes and drafts stay private)."""

from __future__ import annotations

import re

from bot.core.contract import buttons
from bot.core.contract.buttons import Press
from bot.core.contract.context import Ctx
from bot.core.contract.messages import Button, Reply, TextBuilder, bold, reply
from bot.core.contract.models import Interview
from bot.core.language.facts import facts_of
from bot.core.language.journey import (
    URL,
    declines_offer,
    note_request,
    removal_target,
    wants_to_withdraw,
)
from bot.core.language.wording import the_label
from bot.core.plan.schedule import open_interviews

WITHDRAW_ACTION, REMOVE_ACTION = "wd", "rv"
YES, NO = "y", "n"
# A note is kept whole up to this many characters, and an application keeps this many notes.
NOTE_LENGTH, MOST_NOTES = 500, 30
# How many applications `list` puts buttons under.
MOST_LISTED = 6


def _find(ivs: list[Interview], name: str) -> Interview | None:
    """The application whose company (or role) `name` names, ignoring case; None if none or
    several."""
    name = name.strip().strip("'\"").lower()
    if not name:
        return None
    exact = [iv for iv in ivs if (iv.company or "").lower() == name]
    loose = exact or [iv for iv in ivs if any(
        v and re.search(rf"\b{re.escape(v.lower())}\b", name) for v in (iv.company, iv.role))]
    # "Northwind data engineer" among two Northwind applications: the one whose role is named too.
    both = [iv for iv in loose if all(v and re.search(rf"\b{re.escape(v.lower())}\b", name)
                                      for v in (iv.company, iv.role))]
    loose = both if len(loose) > 1 and len(both) == 1 else loose
    # "Lumen" for "Lumen Labs": the start of the company's name, in whole words.
    loose = loose or [iv for iv in ivs if iv.company and
                      re.match(rf"{re.escape(name)}\b", iv.company.lower())]
    return loose[0] if len(loose) == 1 else None


def short_name(iv: Interview, ivs: list[Interview]) -> str:
    """`iv` in a button or a list of names: its company, with its role when another of `ivs`
    is at the same company ("Northwind (data engineer)"), so the two can be told apart."""
    if not iv.company:
        return the_label(iv)
    twins = [o for o in ivs if o.id != iv.id and (o.company or "").lower() == iv.company.lower()]
    return f"{iv.company} ({iv.role})" if twins and iv.role else iv.company


def _mine(ctx: Ctx) -> list[Interview]:
    return ctx.repo.interviews_for(ctx.user.key)


def _named_in(text: str, ivs: list[Interview]) -> Interview | None:
    named = [iv for iv in ivs if iv.company and re.search(
        rf"\b{re.escape(iv.company)}\b", text, re.IGNORECASE)]
    if len(named) > 1:  # two at one company: the one whose role is named too
        named = [iv for iv in named if iv.role and re.search(
            rf"\b{re.escape(iv.role)}\b", text, re.IGNORECASE)]
    return named[0] if len(named) == 1 else None


# -- withdraw -------------------------------------------------------------------------------------
def withdraw_command(ctx: Ctx, rest: str = "") -> list[Reply]:
    """`withdraw [company]`: that application withdrawn; without one, which (buttons)."""
    open_ivs = open_interviews(ctx)
    if not open_ivs:
        return [reply("You have no open applications to withdraw from.")]
    iv = _find(open_ivs, rest) if rest.strip() else None
    if iv is not None:
        return withdraw(ctx, iv)
    if not rest.strip() and len(open_ivs) == 1:  # named by nobody: confirmed by a button
        return withdraw_press(ctx, Press(WITHDRAW_ACTION, ctx.owner, open_ivs[0].id, ""))
    return [reply("Which application are you withdrawing from?" if not rest.strip() else
                  f"I couldn't tell which application \"{rest.strip()}\" is. Which one?",
                  buttons=[[_withdraw_button(ctx, i, "", open_ivs)]
                           for i in open_ivs[:MOST_LISTED]])]


def decline_from_text(ctx: Ctx, text: str) -> list[Reply] | None:
    """"I'm going to decline Tyrell", "turning the offer down": the offer named (or the only
    one) gets the checked decline draft offered; None when the message declines no offer of
    theirs."""
    if not declines_offer(text):
        return None
    offers = [iv for iv in _mine(ctx) if iv.outcome == "selected" and iv.offer_at is not None]
    named = _named_in(text, offers)
    if named is None and len(offers) != 1:
        return None
    iv = named or offers[0]
    t = TextBuilder().line(f"Saying no to {the_label(iv)}: that's yours to decide, and a clear, "
                           "warm reply is the professional way to do it.")
    t.line("Tell them soon, so they can move to their next candidate, and thank them for the "
           "offer and their time: it keeps the door open for later. I can draft it for you.")
    return [reply(t, buttons=[[buttons.make("Draft: decline", "dr", ctx.owner, iv.id, "od")],
                              [buttons.command_button("See all interviews", ctx.owner,
                                                      "list")]])]


def withdraw_from_text(ctx: Ctx, text: str) -> list[Reply] | None:
    """"I withdrew from Globex", "pull out of the Acme process": that one withdrawn; None when
    the message is no withdrawal."""
    if not wants_to_withdraw(text):
        return None
    if (named := _named_in(text, _mine(ctx))) is not None:
        return withdraw(ctx, named)  # (says so when it is closed already)
    company = facts_of(text, ctx.now, ctx.prefs.tz).company
    if company is not None and (named := _find(_mine(ctx), company)) is not None:
        return withdraw(ctx, named)  # "Lumen" for Lumen Labs
    if company is not None and any((iv.company or "").lower() == company.lower()
                                   for iv in open_interviews(ctx)):
        return withdraw_command(ctx, company)  # several there: which one (buttons)
    if company is not None:
        return [reply(f"I don't have an application at {company} in your list, so there's "
                      f"nothing to withdraw there. Type list to see yours.")]
    open_ivs = open_interviews(ctx)
    return withdraw(ctx, open_ivs[0]) if len(open_ivs) == 1 else withdraw_command(ctx, "")


def withdraw(ctx: Ctx, iv: Interview) -> list[Reply]:
    """Close `iv` as withdrawn and stop its reminders; the employer still counted on the user
    (the process was open), so a short, polite note is offered (it keeps the door open)."""
    if iv.status != "waiting":
        label = the_label(iv)
        return [reply(f"{label[:1].upper()}{label[1:]} is already closed "
                      f"({iv.outcome or 'done'}), so there's nothing to withdraw.")]
    booked = iv.interviewed_at > ctx.now
    iv.status, iv.outcome = "closed", "withdrawn"
    ctx.repo.save_interview(iv)
    for n in ctx.repo.nudges_for_interview(iv.id):
        if n.status == "pending":
            n.cancel(ctx.now, "withdrawn")
            ctx.repo.save_nudge(n)
    t = TextBuilder().line(bold("Withdrawn: "), f"{the_label(iv)}. I've stopped its reminders.")
    still = " and your next round is still booked" if booked else ""
    t.line(f"They still have you down as a candidate{still}, so a short, polite note saying "
           "you're withdrawing is a kind thing to send: it saves them time and keeps the door "
           "open for later. I can write it for you.")
    return [reply(t, buttons=[
        [buttons.make("Draft my withdrawal note", "dr", ctx.owner, iv.id, "wd")],
        [buttons.make("Remove it from my list", REMOVE_ACTION, ctx.owner, iv.id, "")],
        [buttons.command_button("See all interviews", ctx.owner, "list")]])]


def _withdraw_button(ctx: Ctx, iv: Interview, arg: str, ivs: list[Interview]) -> Button:
    return buttons.make(f"Withdraw: {short_name(iv, ivs)}"[:40], WITHDRAW_ACTION,
                        ctx.owner, iv.id, arg)


def withdraw_press(ctx: Ctx, p: Press) -> list[Reply]:
    """The Withdraw buttons: "" asks to confirm, YES withdraws, NO keeps it."""
    iv = ctx.repo.get_interview(p.interview)
    if iv is None:
        return [reply("That application isn't in your list any more.")]
    if p.arg == YES:
        return withdraw(ctx, iv)
    if p.arg == NO:
        return [reply(f"OK, {the_label(iv)} stays open.")]
    if iv.status != "waiting":
        return withdraw(ctx, iv)  # says it is closed already
    return [reply(f"Withdraw from {the_label(iv)}? I'll stop its reminders and offer you a "
                  f"polite note to send them.",
                  buttons=[[buttons.make("Yes, withdraw", WITHDRAW_ACTION, ctx.owner, iv.id, YES),
                            buttons.make("No, keep it", WITHDRAW_ACTION, ctx.owner, iv.id, NO)]])]


# -- remove ---------------------------------------------------------------------------------------
def remove_from_text(ctx: Ctx, text: str) -> list[Reply] | None:
    """"remove Globex", "delete the Initech interview": asks to confirm; None when the message
    names no application of the user's (it is then read as anything else)."""
    target = removal_target(text)
    if not target:
        return None
    ivs = _mine(ctx)
    if (iv := _find(ivs, target)) is not None:
        return [_confirm_removal(ctx, iv)]
    several = [iv for iv in ivs if (iv.company or "").lower() == target.strip().lower()]
    if len(several) < 2:
        return None
    return [reply(f"You have {len(several)} applications at {several[0].company}. Which one "
                  f"shall I remove?",
                  buttons=[[buttons.make(f"Remove: {short_name(iv, ivs)}"[:40], REMOVE_ACTION,
                                         ctx.owner, iv.id, "")] for iv in several])]


def _confirm_removal(ctx: Ctx, iv: Interview) -> Reply:
    return reply(f"Remove {the_label(iv)} completely, with its notes and reminders? This can't "
                 f"be undone (to keep it in your history, withdraw instead).",
                 buttons=[[buttons.make("Yes, remove it", REMOVE_ACTION, ctx.owner, iv.id, YES),
                           buttons.make("No, keep it", REMOVE_ACTION, ctx.owner, iv.id, NO)]])


def remove_press(ctx: Ctx, p: Press) -> list[Reply]:
    """The Remove buttons: "" asks to confirm, YES removes the application with its nudges (and
    from what is shared in team channels), NO keeps it. A second Yes finds it gone (the engine
    answers that the button has nothing to do)."""
    iv = ctx.repo.get_interview(p.interview)
    if iv is None:
        return [reply("That application isn't in your list any more.")]
    if p.arg == NO:
        return [reply(f"OK, I kept {the_label(iv)}.")]
    if p.arg != YES:
        return [_confirm_removal(ctx, iv)]
    label = the_label(iv)
    for share in ctx.repo.shares_for(ctx.user.key):
        if iv.id in share.interviews:
            share.interviews.remove(iv.id)
            ctx.repo.save_share(share)
    ctx.repo.delete_interview(iv.id)
    return [reply(f"Removed {label}, with its notes and reminders.",
                  buttons=[[buttons.command_button("See all interviews", ctx.owner, "list")]])]


def list_buttons(ctx: Ctx, ivs: list[Interview]) -> list[list[Button]]:
    """The rows under `list`: withdraw an open application, remove any."""
    rows = []
    for iv in ivs[:MOST_LISTED]:
        name = short_name(iv, ivs)[:32]
        row = [buttons.make(f"Remove: {name}", REMOVE_ACTION, ctx.owner, iv.id, "")]
        if iv.status == "waiting":
            row.insert(0, _withdraw_button(ctx, iv, "", ivs))
        rows.append(row)
    return rows


# -- notes and the job link ---------------------------------------------------------------------
def note_command(ctx: Ctx, rest: str = "") -> list[Reply]:
    """`note [company:] <text>`: a note (or the job link, a URL) kept with an application."""
    if not rest.strip():
        return [reply("Write the note after the word, e.g. \"note Acme: ask about on-call\" or "
                      "\"note Acme: https://…\" for the job link. Notes show in status and your "
                      "export, never in a team channel.")]
    return note_from_text(ctx, f"note {rest.strip()}") or []


def note_from_text(ctx: Ctx, text: str) -> list[Reply] | None:
    """"note for Acme: ask about on-call", "the job link for Acme is https://…": kept with the
    application; None when the message is no note."""
    request = note_request(text)
    if request is None:
        return None
    ivs = _mine(ctx)
    open_ivs = [iv for iv in ivs if iv.status == "waiting"]
    note = request.note
    iv = _find(ivs, request.company) if request.company else None
    if iv is None and not request.company:
        # "note Acme - salary 50k": a company named at the start of the note.
        iv = next((i for i in ivs if i.company and re.match(
            rf"{re.escape(i.company)}\b[\s:,-]*", note, re.IGNORECASE)), None)
        if iv is not None:
            note = re.sub(rf"^{re.escape(iv.company or '')}\b[\s:,-]*", "", note, flags=re.I)
        elif (named := _named_in(text, ivs)) is not None:
            iv = named  # "Globex job ad: https://…": the company named anywhere in the message
        elif len(open_ivs) == 1:
            iv = open_ivs[0]
    if iv is None or not note:
        names = ", ".join(short_name(i, open_ivs) for i in open_ivs) or "none open"
        return [reply(f"Which application is that note for ({names})? Say it like \"note for "
                      f"Acme: ask about on-call\"; I saved nothing yet.")]
    if (url := URL.fullmatch(note.strip())) is not None:
        iv.link = url.group(0)
        ctx.repo.save_interview(iv)
        return [reply(f"Saved the job link for {the_label(iv)}: {iv.link}. It shows in status "
                      f"and your export, never in a team channel.")]
    iv.notes = [*iv.notes, note[:NOTE_LENGTH]][-MOST_NOTES:]
    ctx.repo.save_interview(iv)
    return [reply(f"Noted for {the_label(iv)}: \"{note[:NOTE_LENGTH]}\". Notes show in status "
                  f"and your export, never in a team channel.")]
