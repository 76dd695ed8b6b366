"""Telegram's command menu (setMyCommands): one for private chats, one for groups; and the bot's
description (setMyDescription: shown in an empty chat before /start) and short description
(setMyShortDescription: on the bot's profile and in shared links).

The private menu is the features registry's (`features.MENU`: start, then the help's words, in
the registry's order); the group menu follows what works in a team channel. The descriptions'
words are the core's (`notices.BOT_DESCRIPTION`, `BOT_SHORT_DESCRIPTION`); Hearback speaks
English only, so only the default (no language_code) is set.
"""

from __future__ import annotations

import logging

from telegram import BotCommand, BotCommandScopeAllGroupChats
from telegram.error import NetworkError, TelegramError
from telegram.ext import ExtBot

from bot.adapters.telegram.logs import redact
from bot.core.features import MENU
from bot.core.notices import BOT_DESCRIPTION, BOT_SHORT_DESCRIPTION, GROUP_HELP_MENU
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


# Telegram's documented limits (Bot API: setMyDescription, setMyShortDescription).
MAX_DESCRIPTION = 512
MAX_SHORT_DESCRIPTION = 120


async def set_descriptions(bot: ExtBot[int], description: str = BOT_DESCRIPTION,
                           short: str = BOT_SHORT_DESCRIPTION) -> int:
    """Publish the description and short description, each only when Telegram's current one
    (getMyDescription, getMyShortDescription) differs, so a restart spends no requests on them.
    Returns how many were set. Any Telegram error (the network, a 429, a refusal) is logged
    and start-up goes on: the bot works without them. ValueError for a text over Telegram's
    limit (512, 120 characters), a mistake in the code."""
    if len(description) > MAX_DESCRIPTION or len(short) > MAX_SHORT_DESCRIPTION:
        raise ValueError("a bot description is over Telegram's limit (512 / 120 characters)")
    changed = 0
    try:
        if (await bot.get_my_description()).description != description:
            await bot.set_my_description(description=description)
            changed += 1
        if (await bot.get_my_short_description()).short_description != short:
            await bot.set_my_short_description(short_description=short)
            changed += 1
    except TelegramError as exc:
        log.warning("Telegram: could not set the bot's description (%s: %s)",
                    type(exc).__name__, redact(exc.message))
    return changed
