"""The profile that signs every draft: full name, phone, email, mailing address (step 4 of the
article: include them so the interviewer can reach you). Each is optional."""

from __future__ import annotations

import re
from typing import Any

from bot.core.contract import buttons
from bot.core.contract.buttons import Press
from bot.core.contract.context import Ctx
from bot.core.contract.messages import Reply, TextBuilder, bold, reply
from bot.core.contract.models import Dialog, User
from bot.core.language.extract import EMAIL_RE, PHONE_RE, clean_name

FLOW = "profile"
BUTTON_ACTION = "pf"
FIELDS = ("full_name", "phone", "email", "address")
LABELS = {"full_name": "Full name", "phone": "Phone", "email": "Email",
          "address": "Mailing address"}
QUESTIONS = {
    "full_name": "What's your full name, as you'd sign an email?",
    "phone": "Which phone number should they call you on?",
    "email": "Which email address should they reply to?",
    "address": "Your mailing address (one line is fine, e.g. \"12 High St, Leeds LS1 4AB\")?",
}
SKIP_RE = re.compile(r"^(?:skip|pass|none|no|n/?a|rather not)[.!]?$", re.IGNORECASE)


def missing(user: User) -> list[str]:
    return [f for f in FIELDS if not getattr(user, f)]


def command(ctx: Ctx, rest: str) -> list[Reply]:
    return [show(ctx)]


def show(ctx: Ctx, lead: str | None = None) -> Reply:
    u = ctx.user
    t = TextBuilder()
    if lead:
        t.line(lead)
    t.line(bold("Your profile"), " (it signs your drafts; nothing here is ever shown in a "
           "group)")
    for f in FIELDS:
        t.line(f"• {LABELS[f]}: {getattr(u, f) or 'not set'}")
    rows = [[buttons.make(f"Change {LABELS[f].lower()}", BUTTON_ACTION, ctx.owner, arg=f)]
            for f in FIELDS]
    if missing(u):
        rows.insert(0, [buttons.make("Fill in what's missing", BUTTON_ACTION, ctx.owner,
                                     arg="all")])
    return reply(t, buttons=rows)


def start(ctx: Ctx, fields: list[str], then: dict[str, Any] | None = None,
          lead: str | None = None) -> list[Reply]:
    """Ask for `fields` one by one; `then` says what to do afterwards (e.g. write a draft)."""
    ctx.user.profile_asked = True
    ctx.repo.save_user(ctx.user)
    if not fields:
        return finish(ctx, then)
    dialog = Dialog(user_key=ctx.user.key, flow=FLOW, step=fields[0],
                    data={"queue": fields[1:], "then": then})
    ctx.repo.save_dialog(dialog)
    return [question(ctx, fields[0], lead)]


def question(ctx: Ctx, field: str, lead: str | None = None) -> Reply:
    t = TextBuilder()
    if lead:
        t.line(lead)
    t.line(QUESTIONS[field])
    return reply(t, buttons=[[buttons.make("Skip", BUTTON_ACTION, ctx.owner, arg=f"skip:{field}"),
                              buttons.make("Cancel", "cx", ctx.owner)]])


def current(ctx: Ctx, dialog: Dialog, lead: str) -> Reply:
    return question(ctx, dialog.step, lead)


def _valid(field: str, text: str) -> str | None:
    """The cleaned value, or None when it does not look like one."""
    if field == "email":
        m = EMAIL_RE.fullmatch(text.strip())
        return m.group(0) if m else None
    if field == "phone":
        m = PHONE_RE.search(text)
        return re.sub(r"\s+", " ", m.group(0)).strip() if m else None
    value = clean_name(text, 200 if field == "address" else 100)
    if field == "full_name" and (len(value) < 2 or not any(ch.isalpha() for ch in value)):
        return None
    return value or None


def answer(ctx: Ctx, dialog: Dialog, text: str) -> list[Reply]:
    field = dialog.step
    if SKIP_RE.match(text.strip()):
        return _next(ctx, dialog)
    value = _valid(field, text)
    if value is None:
        problems = {"email": "That doesn't look like an email address (name@example.com).",
                    "phone": "That doesn't look like a phone number (+44 7700 900123).",
                    "full_name": "Please give your name as you'd sign it (at least two "
                                 "letters).",
                    "address": "I couldn't read an address there."}
        return [question(ctx, field, f"{problems[field]} Try again, or Skip.")]
    setattr(ctx.user, field, value)
    ctx.repo.save_user(ctx.user)
    return _next(ctx, dialog)


def _next(ctx: Ctx, dialog: Dialog) -> list[Reply]:
    queue: list[str] = list(dialog.data.get("queue") or [])
    if queue:
        dialog.step, dialog.data["queue"] = queue[0], queue[1:]
        ctx.repo.save_dialog(dialog)
        return [question(ctx, dialog.step)]
    ctx.repo.clear_dialog(ctx.user.key)
    return finish(ctx, dialog.data.get("then"))


def finish(ctx: Ctx, then: dict[str, Any] | None) -> list[Reply]:
    if then and then.get("draft"):
        from bot.core.coaching import drafts  # drafts ask for the profile, the profile hands back

        return drafts.after_profile(ctx, then)
    return [show(ctx, "Saved.")]


def press(ctx: Ctx, p: Press) -> list[Reply]:
    if p.arg.startswith("skip:"):
        dialog = ctx.repo.get_dialog(ctx.user.key)
        if dialog is None or dialog.flow != FLOW or dialog.step != p.arg[5:]:
            return [reply("That question has already moved on.")]
        return _next(ctx, dialog)
    if p.arg.startswith("all"):
        _, _, kind = p.arg.partition(".")
        then = {"draft": kind, "iv": p.interview} if kind and p.interview else None
        return start(ctx, missing(ctx.user), then)
    if p.arg in FIELDS:
        return start(ctx, [p.arg])
    return [show(ctx)]
