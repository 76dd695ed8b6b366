""""check this": the draft checker on any text the user is about to send (step 3). Without the
text, one step asks for it (the dialog keeps no data)."""

from __future__ import annotations

from bot.core.contract import flows
from bot.core.contract.context import Ctx
from bot.core.contract.flows import Retry, Step
from bot.core.contract.messages import Reply, TextBuilder, bold, reply
from bot.core.contract.models import Dialog
from bot.core.language.checking import check_text, problems_text

FLOW = "check"


def _text(ctx: Ctx, s: object, text: str) -> str:
    return text


STEPS: dict[str, Step[object, str]] = flows.table(
    Step("text", "Paste the message you want me to check, in one go.", _text, flows.cancel_only),
)


def known_words(ctx: Ctx) -> list[str]:
    u = ctx.user
    words = [w for w in (u.full_name, u.display_name, u.address) if w]
    for iv in ctx.repo.interviews_for(u.key):
        words.extend(w for w in (iv.company, iv.interviewer, iv.role) if w)
    return words


def start(ctx: Ctx, text: str) -> list[Reply]:
    if text.strip():
        return [result(ctx, text)]
    ctx.repo.save_dialog(Dialog(user_key=ctx.user.key, flow=FLOW, step="text"))
    return [current(ctx, None, "")]


def current(ctx: Ctx, dialog: Dialog | None, lead: str) -> Reply:
    return STEPS["text"].ask(ctx, None, lead)


def answer(ctx: Ctx, dialog: Dialog, text: str) -> list[Reply]:
    ctx.repo.clear_dialog(ctx.user.key)
    got = STEPS["text"].read(ctx, None, text)
    return [result(ctx, text if isinstance(got, Retry) else got)]


def result(ctx: Ctx, text: str) -> Reply:
    problems = check_text(text, known_words(ctx), ctx.services.grammar)
    t = TextBuilder().line(bold("Checked your text."))
    for line in problems_text(problems):
        t.line(line)
    if problems:
        t.line("Fix these and send it to me again with \"check this\" if you like.")
    return reply(t)
