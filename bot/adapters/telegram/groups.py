"""Telegram groups as team channels: which group messages are meant for the bot, and what a
membership change says.

In a group (or supergroup) the bot reads only what is addressed to it: a command of its own
(`/board`, `/board@OurBot`; not `/board@OtherBot`), a message mentioning @OurBot, or a reply to
one of its messages. Everything else is dropped unread: never passed on, stored or logged.
"""

from __future__ import annotations

import re

from telegram import ChatMember, ChatMemberRestricted, Message
from telegram.constants import ChatMemberStatus, ChatType

from bot.core.features import COMMANDS

GROUP_TYPES = (ChatType.GROUP, ChatType.SUPERGROUP)
# "/word" or "/word@SomeBot" at the start of a message, then a space or the end.
GROUP_COMMAND_RE = re.compile(r"^/([A-Za-z_]\w*)(?:@(\w+))?(?=\s|$)")


def left_the_chat(member: ChatMember) -> bool:
    """The member is out of the group (left, banned, or restricted and no longer a member)."""
    if member.status in (ChatMemberStatus.LEFT, ChatMemberStatus.BANNED):
        return True
    return isinstance(member, ChatMemberRestricted) and not member.is_member


def thread_of(message: object) -> int | None:
    """The forum topic a message was written in (answers in the group stay in it), or None."""
    if isinstance(message, Message) and message.is_topic_message:
        return message.message_thread_id
    return None


def addressed(message: Message, me: str | None, bot_id: int | None) -> str | None:
    """The text of a group message meant for us, as the core should read it; None if the
    message is not for us. For us: a command of ours (`/board`, `/board@OurBot`), a message
    mentioning @OurBot (the mention taken out), a reply to one of our messages. `me` is the
    bot's username, `bot_id` its user id (None: not known yet)."""
    text = message.text or ""
    me = me or ""
    m = GROUP_COMMAND_RE.match(text)
    if m is not None:
        word, to = m.group(1), m.group(2)
        if to is not None:
            return f"/{word}{text[m.end():]}" if me and to.lower() == me.lower() else None
        return text if word.lower() in COMMANDS else None
    if me:
        mention = re.compile(rf"(?<![\w@.])@{re.escape(me)}(?!\w)", re.IGNORECASE)
        if mention.search(text):
            return " ".join(mention.sub(" ", text).split()).strip(" ,.:;!-–—")
    replied = message.reply_to_message
    if replied is not None and replied.from_user is not None \
            and replied.from_user.id == bot_id \
            and not (message.is_topic_message
                     and replied.message_id == message.message_thread_id):
        return text
    return None
