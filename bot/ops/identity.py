"""Asking the platforms who a token belongs to, for `hearback check`: Telegram's `getMe`
(python-telegram-bot's Bot, so TELEGRAM_API_BASE_URL is read exactly as the adapter reads it)
and Slack's `auth.test` (slack_sdk's WebClient at SLACK_API_URL), plus `apps.connections.open`
for an app-level token. Each returns what it found as one line, or raises IdentityError with
a line saying what is wrong; neither line holds the token (the caller redacts anyway)."""

from __future__ import annotations

import asyncio
import logging

TIMEOUT = 10.0  # seconds per call: a check should fail in seconds, not hang
# slack_sdk's client logs a failed request at ERROR before raising it; the check says the same
# in its own one line, so the client's logger keeps quiet.
_SLACK_LOG = logging.getLogger("hearback.check.slack_sdk")
_SLACK_LOG.setLevel(logging.CRITICAL)


class IdentityError(Exception):
    """The platform refused the token, or could not be reached."""


def telegram_identity(token: str, base_url: str | None) -> str:
    """`getMe` with `token`: "@username (first name, id N)". IdentityError when Telegram
    refuses the token (401/404) or can't be reached."""
    from telegram import Bot
    from telegram.error import InvalidToken, NetworkError, TelegramError
    from telegram.request import HTTPXRequest

    async def ask() -> str:
        request = HTTPXRequest(connect_timeout=TIMEOUT, read_timeout=TIMEOUT)
        bot = Bot(token, base_url=base_url or "https://api.telegram.org/bot", request=request)
        try:
            await bot.initialize()  # calls getMe
            me = bot.bot
            return f"@{me.username} ({me.first_name}, id {me.id})"
        finally:
            await bot.shutdown()

    where = base_url or "api.telegram.org"
    try:
        return asyncio.run(ask())
    except InvalidToken:
        raise IdentityError("Telegram refused TELEGRAM_BOT_TOKEN (getMe: unauthorized): copy "
                            "the token @BotFather gave you again.") from None
    except NetworkError as exc:
        raise IdentityError(f"could not reach Telegram at {where} ({type(exc).__name__}): "
                            f"check the network or TELEGRAM_API_BASE_URL.") from None
    except TelegramError as exc:
        raise IdentityError(f"Telegram answered getMe with an error: {exc.message}") from None


def slack_identity(token: str, api_url: str) -> str:
    """`auth.test` with the bot token: 'team "Name" (T…), bot user name (U…)'. IdentityError
    when Slack refuses it (invalid_auth, token_revoked, …) or can't be reached."""
    from slack_sdk import WebClient
    from slack_sdk.errors import SlackApiError

    try:
        auth = WebClient(token=token, base_url=api_url, timeout=int(TIMEOUT),
                         logger=_SLACK_LOG).auth_test()
    except SlackApiError as exc:
        code = exc.response.get("error") if exc.response is not None else "error"
        raise IdentityError(f"Slack refused SLACK_BOT_TOKEN (auth.test: {code}): install the "
                            f"app and copy its Bot User OAuth Token again.") from None
    except OSError as exc:
        raise IdentityError(f"could not reach Slack at {api_url} ({type(exc).__name__}): "
                            f"check the network or SLACK_API_URL.") from None
    return (f'team "{auth.get("team")}" ({auth.get("team_id")}), bot user '
            f'{auth.get("user")} ({auth.get("user_id")})')


def slack_app_token_works(app_token: str, api_url: str) -> None:
    """`apps.connections.open` with the app-level token (what Socket Mode calls first; it only
    hands out a WebSocket address, nothing connects). IdentityError when Slack refuses it."""
    from slack_sdk import WebClient
    from slack_sdk.errors import SlackApiError

    try:
        WebClient(token=app_token, base_url=api_url, timeout=int(TIMEOUT), logger=_SLACK_LOG
                  ).apps_connections_open(app_token=app_token)
    except SlackApiError as exc:
        code = exc.response.get("error") if exc.response is not None else "error"
        raise IdentityError(f"Slack refused SLACK_APP_TOKEN (apps.connections.open: {code}): "
                            f"generate an app-level token with connections:write.") from None
    except OSError as exc:
        raise IdentityError(f"could not reach Slack at {api_url} ({type(exc).__name__}).") \
            from None
