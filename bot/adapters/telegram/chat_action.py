"""The typing indicator: "Hearback is typing…" while a turn takes longer than a moment.

A turn that has not answered within `delay` seconds gets a sendChatAction "typing", repeated
every `every` seconds while it still works (Telegram shows the action for 5 seconds, or until
the bot's next message: Bot API, sendChatAction); the indicator stops as soon as the replies
are ready. A fast turn sends none, and none goes while the rate limits are busy (answers
first; a chat action counts like a message toward them). Private chats only: in a group every
request counts toward Telegram's 20 messages a minute there. A failed chat action is logged and
changes nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable

from telegram.constants import ChatAction
from telegram.error import TelegramError
from telegram.ext import ExtBot

from bot.adapters.telegram.logs import redact

log = logging.getLogger("hearback.telegram")

DELAY = 0.5  # seconds before a turn counts as slow
EVERY = 4.5  # seconds between repeats (Telegram shows it 5 s)


async def _keep_typing(bot: ExtBot[int], chat_id: int, delay: float, every: float,
                       room: Callable[[int], bool] | None) -> None:
    await asyncio.sleep(delay)
    while True:
        if room is None or room(chat_id):
            try:
                await bot.send_chat_action(chat_id=chat_id, action=ChatAction.TYPING)
            except TelegramError as exc:  # only a courtesy: never worth a retry or an error
                log.info("Telegram: typing indicator not shown: %s", redact(exc.message))
                return
        await asyncio.sleep(every)


@contextlib.asynccontextmanager
async def typing(bot: ExtBot[int], chat_id: int, *, delay: float = DELAY, every: float = EVERY,
                 room: Callable[[int], bool] | None = None) -> AsyncIterator[None]:
    """`async with typing(bot, chat):` shows the indicator in private chat `chat_id` while the
    body runs longer than `delay` seconds, every `every` seconds; none once it is done. `room`
    (the rate limiter's `has_room`) says whether a request may go now without delaying an
    answer: when not, that repeat is skipped (under load answers come first)."""
    task = asyncio.create_task(_keep_typing(bot, chat_id, delay, every, room))
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
