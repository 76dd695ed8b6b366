"""Telegram's command menu (setMyCommands): one for private chats, one for groups.

The private menu is the features registry's (`features.MENU`: start, then the help's words, in
the registry's order); the group menu follows what works in a team channel.
"""

from __future__ import annotations

import logging

from telegram import BotCommand, BotCommandScopeAllGroupChats
from telegram.error import NetworkError
from telegram.ext import ExtBot

from bot.adapters.telegram.logs import redact
from bot.core.features import MENU
from bot.core.notices import GROUP_HELP_MENU
from bot.core.team import CHANNEL_HELP

log = logging.getLogger("hearback.telegram")

# The private menu, in this order: start, then every word the help lists.
BOT_COMMANDS: tuple[tuple[str, str], ...] = MENU
# The menu in groups: only what works in a team channel.
GROUP_COMMANDS: tuple[tuple[str, str], ...] = (
    *((word.split()[0], what) for word, what in CHANNEL_HELP),
    GROUP_HELP_MENU,
)


def _menu(entries: tuple[tuple[str, str], ...]) -> list[BotCommand]:
    return [BotCommand(word, what[:1].upper() + what[1:]) for word, what in entries]


async def set_commands(bot: ExtBot[int]) -> None:
    """Publish both menus; a network failure is logged and start-up goes on (the menu is a
    convenience, the bot works without it)."""
    try:
        await bot.set_my_commands(_menu(BOT_COMMANDS))
        await bot.set_my_commands(_menu(GROUP_COMMANDS), scope=BotCommandScopeAllGroupChats())
    except NetworkError as exc:
        log.warning("Telegram: could not set the command menu (%s)", redact(exc.message))
