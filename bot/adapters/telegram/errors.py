"""What Telegram's errors mean: for start-up, for a nudge (a `DeliveryError` the scheduler
understands), and for a reply (the writer unreachable privately, the bot gone from a group)."""

from __future__ import annotations

import logging
import warnings
from datetime import timedelta

from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    NetworkError,
    RetryAfter,
    TelegramError,
)

from bot.adapters.base import AdapterStartupError
from bot.adapters.telegram.logs import redact
from bot.core.contract.ports import DeliveryError

log = logging.getLogger("hearback.telegram")


class TelegramStartError(AdapterStartupError):
    """The adapter could not start (a refused token, a bad setting, Telegram unreachable)."""


def retry_seconds(exc: RetryAfter) -> float:
    """How long Telegram's flood control asks us to wait, in seconds (PTB 22 gives an int or a
    timedelta)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # PTB 22 warns that the int form is going away
        value: int | float | timedelta = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


def unreachable(exc: TelegramError) -> bool:
    """The bot may not write to this private chat: the user never started it, or blocked it."""
    if isinstance(exc, Forbidden):
        return True
    text = exc.message.lower()
    return isinstance(exc, BadRequest) and ("chat not found" in text or "user not found" in text
                                            or "peer_id_invalid" in text)


def gone_from_group(exc: TelegramError) -> bool:
    """The bot is no longer in the group (kicked, left, the group deleted or upgraded)."""
    if isinstance(exc, (Forbidden, ChatMigrated)):
        return True
    return isinstance(exc, BadRequest) and "chat not found" in exc.message.lower()


def log_undelivered(chat_id: int | str, exc: TelegramError) -> None:
    """Log a reply that did not go out (the message redacted: no token, no webhook secret)."""
    log.error("Telegram: reply to chat %s not delivered: %s: %s", chat_id, type(exc).__name__,
              redact(exc.message))


def delivery_error(exc: TelegramError) -> DeliveryError:
    """A Telegram error while sending a nudge, as the scheduler understands it."""
    what = redact(exc.message)
    if isinstance(exc, RetryAfter):
        seconds = retry_seconds(exc)
        return DeliveryError(f"Telegram flood control: retry in {seconds:g}s",
                             retry_after=seconds)
    if isinstance(exc, Forbidden):  # blocked by the user, kicked from the group, ...
        return DeliveryError(f"Telegram refused: {what}", permanent=True)
    if isinstance(exc, BadRequest) and "chat not found" in what.lower():
        return DeliveryError(f"Telegram: {what}", permanent=True)
    if isinstance(exc, ChatMigrated):  # the group became a supergroup: this id is dead
        return DeliveryError(f"Telegram: {what}", permanent=True)
    if isinstance(exc, NetworkError):  # includes TimedOut
        return DeliveryError(f"Telegram unreachable: {what}")
    return DeliveryError(f"Telegram error: {type(exc).__name__}: {what}")
