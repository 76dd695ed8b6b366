"""What the scheduler needs from an adapter: a way to send a reply to a user."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from bot.core.messages import Reply
from bot.core.models import User


class AdapterStartupError(Exception):
    """An adapter cannot start (token refused, port taken...): the CLI prints the message, which
    must name the problem and the fix and never contain a token, and exits non-zero."""


class DeliveryError(Exception):
    """Sending failed. `retry_after` (seconds) when the platform said when to try again;
    `permanent` when retrying cannot help (the user blocked the bot, the app was removed)."""

    def __init__(self, message: str, *, retry_after: float | None = None,
                 permanent: bool = False) -> None:
        super().__init__(message)
        self.retry_after = retry_after
        self.permanent = permanent


class Sender(Protocol):
    platform: str
    # Nudges per second the scheduler may send through this adapter (None: no pacing). Kept
    # below the platform's own limit so that replies to people chatting still get through.
    nudges_per_second: float | None

    async def send(self, user: User, reply: Reply) -> None: ...


@runtime_checkable
class ChannelPoster(Protocol):
    """A sender that can also post in a team channel (the weekly digest)."""

    async def post(self, chat: str, reply: Reply) -> None:
        """DeliveryError(permanent=True) when the bot is no longer in the channel."""
        ...
