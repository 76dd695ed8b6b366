"""Receiving Telegram updates: messages, button presses and membership changes become `Incoming`
for the engine (or withdrawals of what was shared in a group), and the replies go out through
`Sending._reply`.

A press on someone else's button in a group is answered with an alert to the presser alone. When
the bot leaves or is removed from a group, everything shared there is withdrawn, and so is a
member's sharing when they leave.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial

from telegram import CallbackQuery, Chat, Message, Update
from telegram import User as TgUser
from telegram.constants import ChatType, ParseMode
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.adapters.delivery import Origin
from bot.adapters.inbox import Inbox
from bot.adapters.lanes import CoreThread
from bot.adapters.telegram.chat_action import DELAY, EVERY, typing
from bot.adapters.telegram.datepicker import NAV, is_calendar, month_rows, picked_label, read_nav
from bot.adapters.telegram.groups import GROUP_TYPES, addressed, left_the_chat, thread_of
from bot.adapters.telegram.links import read_start
from bot.adapters.telegram.logs import redact
from bot.adapters.telegram.render import keyboard, with_choice
from bot.adapters.telegram.sending import (
    NO_PREVIEW,
    PLATFORM,
    REPLY_RETRIES,
    Bot,
    HearbackRateLimiter,
    Sending,
)
from bot.core.contract import buttons
from bot.core.contract.messages import Button, Incoming, Reply
from bot.core.contract.messages import reply as make_reply
from bot.core.notices import NOT_YOUR_CALENDAR, TEXT_ONLY, from_group

log = logging.getLogger("hearback.telegram")


def origin_of(chat_id: int, user: TgUser, *, group: bool = False) -> Origin:
    """Where a turn came from, for delivery: the chat, the writer, and the name a pointer in
    the group greets them by."""
    return Origin(str(chat_id), str(user.id), in_channel=group, name=user.first_name)


class Receiving(Sending):
    """The adapter's incoming side: one update's handling, run in its user's lane (see
    `updates`; a base of `TelegramAdapter`)."""

    _bot_id: int | None
    inbox: Inbox
    core: CoreThread
    # The typing indicator (chat_action): after this many seconds of a turn, then every so many.
    typing_delay: float = DELAY
    typing_every: float = EVERY

    async def _on_message(self, update: Update, bot: Bot) -> None:
        message = update.message
        if message is None:
            return
        if message.chat.type in GROUP_TYPES:
            await self._in_group(bot, update, message)
            return
        user = update.effective_user
        if message.chat.type != ChatType.PRIVATE or user is None or user.is_bot:
            return
        if message.location is not None:  # a shared location: it tells the user's zone
            where = (message.location.latitude, message.location.longitude)
            replies = await self._turn(update, self._incoming(update, user, message.chat.id,
                                                              location=where))
        elif message.text is None:
            if message.effective_attachment is None:
                return  # a service message (a pin, a video chat...): nothing said to us
            incoming = self._incoming(update, user, message.chat.id)
            resumed = await self.core.run(self.engine.resume, incoming)
            replies = [make_reply(TEXT_ONLY), *resumed]
        else:
            start = read_start(message.text)  # a deep link's "/start <payload>"
            text = start.text if start is not None else message.text
            async with typing(bot, message.chat.id, delay=self.typing_delay,
                              every=self.typing_every, room=self._room(bot)):
                replies = await self._turn(update, self._incoming(update, user,
                                                                  message.chat.id, text=text))
            if start is not None and start.group is not None:
                title = await self._group_title(bot, start.group, user.id)
                replies = [from_group(title), *replies]
        await self._reply(bot, origin_of(message.chat.id, user), replies)

    @staticmethod
    def _room(bot: Bot) -> Callable[[int], bool] | None:
        """The rate limiter's say on a typing indicator (None: no Hearback limiter)."""
        limiter = bot.rate_limiter
        return limiter.has_room if isinstance(limiter, HearbackRateLimiter) else None

    async def _group_title(self, bot: Bot, group: str, user_id: int) -> str | None:
        """The name of the group whose pointer opened a private chat, if the user is a member
        there (getChatMember): anyone can write a link with any group's id, and a group's name
        is for its members. None when not a member, or Telegram can't tell."""
        try:
            member = await bot.get_chat_member(chat_id=int(group), user_id=user_id)
            if left_the_chat(member):
                return None
            return (await bot.get_chat(chat_id=int(group))).title
        except TelegramError as exc:  # the bot left the group, the network: greet without it
            log.info("Telegram: group of a deep link not looked up: %s", redact(exc.message))
            return None

    async def _in_group(self, bot: Bot, update: Update, message: Message) -> None:
        """A group message. Leaving is noted; of the rest only what is addressed to us goes to
        the core, and everything else is dropped here, unread."""
        chat = str(message.chat.id)
        if message.left_chat_member is not None:  # a service message, sent even in privacy mode
            left = message.left_chat_member
            if left.id == self._bot_id:
                await self.core.run(self._channel_gone, chat, "removed from the group")
            else:
                await self.core.run(self.engine.member_left, PLATFORM, chat, str(left.id))
            return
        if message.migrate_to_chat_id is not None:
            # Upgraded to a supergroup: the shares follow it to its new id.
            await self.core.run(self.engine.channel_moved, PLATFORM, chat,
                                str(message.migrate_to_chat_id))
            log.info("Telegram: group %s became supergroup %s; its shares moved with it", chat,
                     message.migrate_to_chat_id)
            return
        user = message.from_user
        if user is None or user.is_bot or message.text is None:
            return
        text = addressed(message, self._username, self._bot_id)
        if text is None:
            return
        replies = await self._turn(update, self._incoming(update, user, message.chat.id,
                                                          text=text, group=message.chat))
        await self._reply(bot, origin_of(message.chat.id, user, group=True), replies,
                          thread=thread_of(message))

    async def _turn(self, update: Update, incoming: Incoming) -> list[Reply]:
        """The replies to one update: the engine's answer (in the core thread, with the replies
        kept in the inbox as the turn commits), or, for an update answered before a crash
        whose replies may not all have gone out, the same replies again."""
        key = str(update.update_id)
        entry = self.inbox.get(key)
        if entry is not None and entry.replies is not None and incoming.event_id is not None \
                and await self.core.run(self.engine.answered, PLATFORM, incoming.event_id):
            return entry.replies
        return await self.core.run(self.engine.handle, incoming,
                                   partial(self.inbox.answered, key))

    def _incoming(self, update: Update, user: TgUser, chat_id: int, *, text: str | None = None,
                  button: str | None = None, group: Chat | None = None,
                  location: tuple[float, float] | None = None) -> Incoming:
        # Telegram tells no time zone: a new user is asked (zone_unknown), with the zones
        # likely for their app's language offered first.
        return Incoming(platform=PLATFORM, user=str(user.id), chat=str(chat_id), text=text,
                        button=button, display_name=user.full_name,
                        event_id=str(update.update_id), in_channel=group is not None,
                        channel_title=group.title if group is not None else None,
                        zone_unknown=group is None, language=user.language_code,
                        location=location)

    async def _on_membership(self, update: Update) -> None:
        """The bot (my_chat_member) or a member (chat_member, for a bot that is an
        administrator) left or was removed from a group."""
        change = update.my_chat_member or update.chat_member
        if change is None or change.chat.type not in GROUP_TYPES:
            return  # in a private chat: the user blocked the bot (a send will find out)
        member = change.new_chat_member
        if not left_the_chat(member):
            return
        chat = str(change.chat.id)
        if update.my_chat_member is not None or member.user.id == self._bot_id:
            await self.core.run(self._channel_gone, chat, f"now {member.status}")
        else:
            await self.core.run(self.engine.member_left, PLATFORM, chat, str(member.user.id))

    async def _on_press(self, update: Update, bot: Bot) -> None:
        query = update.callback_query
        if query is None:
            return
        answered = False
        try:
            message = query.message
            chat = message.chat if message is not None else None
            if query.data is None or chat is None:
                return
            group = chat.type in GROUP_TYPES
            if chat.type != ChatType.PRIVATE and not group:
                return
            if query.data.startswith(f"{NAV}|"):  # the calendar's own buttons: no turn
                answered = await self._calendar(bot, query)
                return
            incoming = self._incoming(update, query.from_user, chat.id, button=query.data,
                                      group=chat if group else None)
            if group:
                replies = await self._turn(update, incoming)
            else:
                async with typing(bot, chat.id, delay=self.typing_delay,
                                  every=self.typing_every, room=self._room(bot)):
                    replies = await self._turn(update, incoming)
            press = buttons.parse(query.data)
            if (press is not None and not buttons.may_press(press, str(query.from_user.id),
                                                            in_channel=group)) or \
                    (press is None and group):
                # Someone else's button (the core refused it): say so to the presser only and
                # leave the message and its buttons as they are for their owner.
                text = replies[0].text if replies else None
                answered = await self._answer(bot, query, text)
                return
            origin = origin_of(chat.id, query.from_user, group=group)
            if press is not None and press.owner == buttons.ANYONE:
                # A cheer: its button stays for the rest of the group; a note for the presser
                # alone ("already cheered") comes as an alert, not in their private chat.
                notes = [r.text for r in replies if r.private]
                answered = await self._answer(bot, query, "\n".join(notes) or None)
                public = [r for r in replies if not r.private]
                await self._reply(bot, origin, public, thread=thread_of(message))
                return
            answered = await self._answer(bot, query, None)
            if replies:  # handled: the flow moved on, so the old buttons go
                await self._settle(bot, query, group=group)
                await self._reply(bot, origin, replies, thread=thread_of(message))
        finally:
            if not answered:
                await self._answer(bot, query, None)

    async def _calendar(self, bot: Bot, query: CallbackQuery) -> bool:
        """A month button or an inert cell of the calendar (bot/adapters/telegram/datepicker):
        the owner's month button redraws the calendar in place, keeping the question's other
        buttons; anyone else's press gets an alert. Answers the press; returns True."""
        nav = read_nav(query.data or "")
        message = query.message
        if nav is None or not isinstance(message, Message):
            return await self._answer(bot, query, None)  # a name, a weekday, a blank day
        if nav.question.owner != str(query.from_user.id):
            return await self._answer(bot, query, NOT_YOUR_CALENDAR)
        await self._answer(bot, query, None)
        kept = [[Button(b.text, str(b.callback_data or ""), b.url) for b in row]
                for row in (message.reply_markup.inline_keyboard if message.reply_markup
                            else ())]
        kept = [row for row in kept if not any(is_calendar(b.payload) for b in row)]
        markup = keyboard([*month_rows(nav.question, nav.month), *kept])
        try:
            await bot.edit_message_reply_markup(chat_id=message.chat.id,
                                                message_id=message.message_id,
                                                reply_markup=markup,
                                                rate_limit_args=REPLY_RETRIES)
        except TelegramError as exc:  # "message is not modified", too old: nothing to fix
            log.info("Telegram: calendar not redrawn: %s", redact(exc.message))
        return True

    async def _answer(self, bot: Bot, query: CallbackQuery, text: str | None) -> bool:
        """Stop the button's spinner (an alert when there is something to say)."""
        try:
            await bot.answer_callback_query(query.id, text=text[:200] if text else None,
                                            show_alert=bool(text), rate_limit_args=REPLY_RETRIES)
        except TelegramError as exc:  # too old to answer, or the network: nothing to redo
            log.warning("Telegram: could not answer a button press: %s", redact(exc.message))
        return True

    async def _settle(self, bot: Bot, query: CallbackQuery, *, group: bool = False) -> None:
        """The pressed message loses its keyboard and notes the choice, so old buttons can't
        be pressed again. In a group (where everyone sees it) only when the press was one of
        the message's own buttons."""
        message = query.message
        if not isinstance(message, Message):
            return  # too old for Telegram to show us
        label = next((b.text for row in (message.reply_markup.inline_keyboard
                                          if message.reply_markup else ())
                      for b in row if b.callback_data == query.data), None)
        if label is not None and query.data is not None:
            label = picked_label(query.data) or label  # a calendar day: the date in full
        if group and label is None:
            return
        try:
            text = with_choice(message.text_html, label) if message.text and label else None
            if text is not None:
                await bot.edit_message_text(text, chat_id=message.chat.id,
                                            message_id=message.message_id,
                                            parse_mode=ParseMode.HTML,
                                            link_preview_options=NO_PREVIEW,
                                            rate_limit_args=REPLY_RETRIES)
            else:
                await bot.edit_message_reply_markup(chat_id=message.chat.id,
                                                    message_id=message.message_id,
                                                    reply_markup=None,
                                                    rate_limit_args=REPLY_RETRIES)
        except TelegramError as exc:  # e.g. "message is not modified": nothing to fix
            log.info("Telegram: pressed message not updated: %s", redact(exc.message))

    def _on_polling_error(self, exc: TelegramError) -> None:
        log.warning("Telegram: polling failed (%s: %s); PTB retries with back-off",
                    type(exc).__name__, redact(exc.message))

    async def _on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        error = context.error
        log.error("Telegram: an update could not be handled: %s",
                  redact(f"{type(error).__name__}: {error}"), exc_info=error)
