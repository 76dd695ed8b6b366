"""Telegram's command menu (setMyCommands): one for private chats, one for groups.

The menu follows the core's help: `HELP_ENTRIES` is the one name it is read through (today the
engine's help lines), and the group menu follows what works in a team channel.
"""

from __future__ import annotations

import logging

from telegram import BotCommand, BotCommandScopeAllGroupChats
from telegram.error import NetworkError
from telegram.ext import ExtBot

from bot.adapters.telegram.logs import redact
from bot.core.engine import HELP_LINES as HELP_ENTRIES
from bot.core.notices import GROUP_HELP_MENU, START_MENU
from bot.core.team.sharing import CHANNEL_HELP

log = logging.getLogger("hearback.telegram")

# The private menu, in this order: start, then every word the help lists.
BOT_COMMANDS: tuple[tuple[str, str], ...] = (START_MENU, *HELP_ENTRIES)
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
