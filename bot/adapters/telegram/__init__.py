"""The Telegram adapter (python-telegram-bot 22).

Updates arrive by long polling, or through a webhook when TELEGRAM_WEBHOOK_URL is set. In a
private chat, text and button presses become `Incoming` for the engine, and its replies go back as
HTML messages. A group (or supergroup) is a team channel: there the bot reads only what is
addressed to it, and a reply the core marks `private` goes to the writer's private chat (with a
pointer in the group when the bot may not write to them there). Where replies go is decided by
`bot.adapters.delivery`; this package holds only the Telegram side:

- `app`: the application, its start (polling or webhook) and stop; `TelegramAdapter`.
- `updates`: updates kept in the inbox before Telegram is told, then answered in per-user
  lanes (at least once, each user's in order, users concurrently).
- `receiving`: updates (messages, presses, membership changes) to the engine and back.
- `groups`: which group messages are addressed to the bot; membership changes.
- `sending`: rate limits, nudges and digests for the scheduler, the transport for a turn.
- `errors`: what Telegram's errors mean (start-up, `DeliveryError`, unreachable, gone).
- `menu`: the command menus; `render`: replies as HTML messages; `logs`: secrets out of logs.
"""

from bot.adapters.telegram.app import TelegramAdapter, file_url_for
from bot.adapters.telegram.errors import (
    TelegramStartError,
    delivery_error,
    gone_from_group,
    unreachable,
)
from bot.adapters.telegram.menu import BOT_COMMANDS, GROUP_COMMANDS
from bot.adapters.telegram.sending import PER_CHAT_BURST, HearbackRateLimiter

__all__ = [
    "BOT_COMMANDS",
    "GROUP_COMMANDS",
    "PER_CHAT_BURST",
    "HearbackRateLimiter",
    "TelegramAdapter",
    "TelegramStartError",
    "delivery_error",
    "file_url_for",
    "gone_from_group",
    "unreachable",
]
