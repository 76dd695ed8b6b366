"""Taking in Telegram updates at least once, each user's in order, different users at once.

python-telegram-bot's Updater confirms an update to Telegram as soon as it is in the
application's update queue (polling: the next getUpdates moves the offset past it; webhook: the
HTTP answer follows the put), before any handler has run. So the queue here is `InboxQueue`:
its `put` first writes the update to the durable inbox (bot/adapters/inbox.py), and an update
that can't be written is not confirmed (the put raises; Telegram sends it again). PTB's one
handler, `_on_update`, only hands the update to its user's lane (bot/adapters/lanes.py); the lane
answers it (`Receiving`) and then drops it from the inbox. What was still in the inbox at a
crash or a stop is answered after the next start, before new updates.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from telegram import Update
from telegram.ext import ContextTypes

from bot.adapters.inbox import Inbox
from bot.adapters.lanes import Lanes
from bot.adapters.telegram.groups import GROUP_TYPES, addressed
from bot.adapters.telegram.receiving import Receiving
from bot.adapters.telegram.sending import App, Bot

log = logging.getLogger("hearback.telegram")


def lane_of(update: Update) -> str:
    """Whose turn an update is: the user who wrote or pressed (the chat for the rest)."""
    if update.effective_user is not None:
        return str(update.effective_user.id)
    if update.effective_chat is not None:
        return f"chat:{update.effective_chat.id}"
    return "-"


class InboxQueue(asyncio.Queue[object]):
    """PTB's update queue, with every update written to the inbox before `put` returns (and so
    before Telegram is told it arrived). An update already in the inbox and not yet answered (a
    webhook retried, a poll after a restart) is not queued twice."""

    def __init__(self, inbox: Callable[[], Inbox], wanted: Callable[[Update], bool]) -> None:
        super().__init__()
        self._inbox = inbox
        self._wanted = wanted

    async def put(self, item: object) -> None:
        if isinstance(item, Update):
            if not self._wanted(item):
                return  # group chatter not addressed to the bot: dropped unread, never kept
            inbox = self._inbox()
            if not await asyncio.to_thread(inbox.add, str(item.update_id), item.to_dict()):
                return
        await super().put(item)


class Updates(Receiving):
    """The adapter's intake of updates (a base of `TelegramAdapter`)."""

    app: App | None
    inbox: Inbox
    _lanes: Lanes[Update]
    # Called with an update's inbox key once it has been answered (tests wait on it).
    on_done: Callable[[str], None] | None

    def _wanted(self, update: Update) -> bool:
        """Whether an update is for the bot at all: in a group only what is addressed to it
        and the service messages it acts on (a member left, the group moved). One left out is
        done with at once."""
        wanted = self._for_us(update)
        if not wanted and self.on_done is not None:
            self.on_done(str(update.update_id))
        return wanted

    def _for_us(self, update: Update) -> bool:
        message = update.message
        if message is None or message.chat.type not in GROUP_TYPES:
            return True
        if message.left_chat_member is not None or message.migrate_to_chat_id is not None:
            return True
        if message.from_user is None or message.from_user.is_bot or message.text is None:
            return False
        return addressed(message, self._username, self._bot_id) is not None

    async def _on_update(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """PTB's handler for every update: it joins its user's lane (returns at once)."""
        self._lanes.put(lane_of(update), update)

    async def _work(self, update: Update) -> None:
        """One update, in its lane: answered, then dropped from the inbox. A bug is logged and
        the update dropped too (handling it again would fail again); a stop that cuts it short
        (cancellation) leaves it in the inbox for the next start."""
        assert self.app is not None
        bot: Bot = self.app.bot
        try:
            if update.callback_query is not None:
                await self._on_press(update, bot)
            elif update.message is not None:
                await self._on_message(update, bot)
            elif update.my_chat_member is not None or update.chat_member is not None:
                await self._on_membership(update)
        except Exception:
            log.exception("Telegram: update %d could not be handled", update.update_id)
        key = str(update.update_id)
        await asyncio.to_thread(self.inbox.done, key)
        if self.on_done is not None:
            self.on_done(key)

    def _replay(self, bot: Bot) -> int:
        """Queue what the inbox kept from before this start (in arrival order)."""
        count = 0
        for entry in self.inbox.pending():
            update = Update.de_json(entry.event, bot)
            if update is None:  # pragma: no cover - PTB returns None only for empty data
                continue
            self._lanes.put(lane_of(update), update)
            count += 1
        if count:
            log.info("Telegram: %d update(s) received before the restart are answered now",
                     count)
        return count

    def _handed_back(self, left: int) -> None:
        if left:
            log.warning("Telegram: stopped with %d update(s) not yet answered; they stay in "
                        "the inbox and are answered at the next start", left)
