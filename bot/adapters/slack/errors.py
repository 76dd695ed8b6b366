"""What Slack's errors mean: for start-up, for a nudge (a `DeliveryError` the scheduler
understands, with Slack's Retry-After), and for a reply (the bot gone from a channel)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from contextvars import ContextVar
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState

from bot.adapters.base import AdapterStartupError
from bot.core.contract.ports import DeliveryError

# Slack answers 429 with Retry-After. Short waits are sat out by slack_sdk's retry handler
# right here; a longer one goes back to the caller (the scheduler re-times the nudge).
SHORT_RATE_LIMIT_WAIT = 5.0
RATE_LIMIT_DEFAULT = 30.0
# The channel of the Web API call in progress (set by the adapter around chat.postMessage):
# slack_sdk's retry handler does not see a JSON body's arguments, and a 429 holds that channel.
CHANNEL: ContextVar[str | None] = ContextVar("hearback_slack_channel", default=None)
# Errors after which retrying cannot help until someone acts (the user left, the app was
# removed or its token revoked): the scheduler pauses that user's nudges.
PERMANENT_ERRORS = frozenset({
    "channel_not_found", "not_in_channel", "is_archived", "account_inactive", "user_not_found",
    "user_disabled", "cannot_dm_bot", "invalid_auth", "not_authed", "token_revoked",
    "token_expired", "app_uninstalled", "team_access_not_granted", "team_not_found",
    "ekm_access_denied", "restricted_action", "no_permission", "missing_scope",
})
# A channel the bot cannot post in any more: what was shared there is withdrawn.
GONE_ERRORS = frozenset({"channel_not_found", "not_in_channel", "is_archived"})
# What a Web API call may raise: Slack's answer, or the network.
SLACK_FAILURES = (SlackClientError, aiohttp.ClientError, OSError)


class SlackStartupError(AdapterStartupError):
    """Slack refused the bot token at start-up (the message names the error, not the token)."""


class ShortRateLimitRetry(AsyncRateLimitErrorRetryHandler):
    """slack_sdk's 429 handler (waits Retry-After, then tries again), limited to short waits."""

    def __init__(self, max_wait: float = SHORT_RATE_LIMIT_WAIT, max_retry_count: int = 1) -> None:
        super().__init__(max_retry_count=max_retry_count)
        self.max_wait = max_wait
        # Told of every 429's Retry-After (seconds) and channel (CHANNEL, None when not known)
        # when workers share the pacing.
        self.told: Callable[[float, str | None], Awaitable[None]] | None = None

    async def _can_retry_async(self, *, state: RetryState, request: HttpRequest,
                               response: HttpResponse | None = None,
                               error: Exception | None = None) -> bool:
        if response is None or response.status_code != 429:
            return False
        if self.told is not None:
            await self.told(retry_after(response.headers), CHANNEL.get())
        return retry_after(response.headers) <= self.max_wait


def retry_after(headers: Mapping[str, Any] | None) -> float:
    """Seconds from a Retry-After header (a plain dict, a dict of lists or aiohttp's headers)."""
    for name, value in (headers or {}).items():
        if name.lower() == "retry-after":
            raw = value[0] if isinstance(value, list) and value else value
            try:
                return max(0.0, float(raw))
            except (TypeError, ValueError):
                break
    return RATE_LIMIT_DEFAULT


def delivery_error(exc: SlackClientError | aiohttp.ClientError | OSError) -> DeliveryError:
    """What the scheduler should do about a failed send. Only Slack's error code is kept."""
    if not isinstance(exc, SlackApiError):
        return DeliveryError(f"could not reach Slack ({type(exc).__name__})")
    data = exc.response.data if isinstance(exc.response.data, dict) else {}
    error = str(data.get("error") or "")
    if exc.response.status_code == 429 or error == "ratelimited":
        wait = retry_after(exc.response.headers)
        return DeliveryError(f"Slack rate limit, retry after {wait:g}s", retry_after=wait)
    if error in PERMANENT_ERRORS:
        return DeliveryError(f"Slack refused the message: {error}", permanent=True)
    return DeliveryError(f"Slack error: {error or exc.response.status_code}")


def error_code(exc: BaseException) -> str:
    """Slack's error code of a failed Web API call ("" for anything else)."""
    if isinstance(exc, SlackApiError) and isinstance(exc.response.data, dict):
        return str(exc.response.data.get("error") or "")
    return ""
