"""Rehearsing the call (step 5): the bot plays HR. (Being written.)"""

from __future__ import annotations

from bot.core.buttons import Press
from bot.core.context import Ctx
from bot.core.messages import Reply, reply
from bot.core.models import Dialog

FLOW = "rehearse"
BUTTON_ACTION = "rh"


def command(ctx: Ctx, rest: str) -> list[Reply]:
    return [reply("Rehearsal isn't available in this version yet.")]


def answer(ctx: Ctx, dialog: Dialog, text: str) -> list[Reply]:
    ctx.repo.clear_dialog(ctx.user.key)
    return command(ctx, "")


def current(ctx: Ctx, dialog: Dialog, lead: str) -> Reply:
    return reply(lead)


def press(ctx: Ctx, press: Press) -> list[Reply]:
    return command(ctx, "")
