"""`export` (JSON + .ics) and `delete` (forget me). (Being written.)"""

from __future__ import annotations

from bot.core.buttons import Press
from bot.core.context import Ctx
from bot.core.messages import Reply, reply

BUTTON_ACTION = "del"


def export_command(ctx: Ctx, rest: str) -> list[Reply]:
    return [reply("Export isn't available in this version yet.")]


def delete_command(ctx: Ctx, rest: str) -> list[Reply]:
    return [reply("Delete isn't available in this version yet.")]


def press(ctx: Ctx, press: Press) -> list[Reply]:
    return delete_command(ctx, "")
