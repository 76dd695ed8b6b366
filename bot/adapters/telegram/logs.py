"""Keeping the bot token (and the webhook secret) out of every log line.

python-telegram-bot and httpx put the token in URLs they log (httpx logs each request at INFO,
PTB the API URL at DEBUG), and PTB's InvalidToken error message quotes it. Their loggers are kept
at WARNING, and a log record factory replaces any registered secret in every record's message and
traceback before a handler can see it, whichever handlers are configured, now or later.
"""

from __future__ import annotations

import logging
from typing import Any

REDACTED = "[redacted]"
QUIET_LOGGERS = ("httpx", "httpcore", "telegram", "tornado.access")
RATE_LIMITER_LOGGER = "telegram.ext.AIORateLimiter"

_secrets: set[str] = set()
_installed = False


def protect(secret: str | None) -> None:
    """Never let `secret` appear in a log record from now on."""
    global _installed
    if not secret:
        return
    _secrets.add(secret)
    if not _installed:
        previous = logging.getLogRecordFactory()

        def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
            record = previous(*args, **kwargs)
            _scrub(record)
            return record

        logging.setLogRecordFactory(factory)
        _installed = True


def redact(text: str) -> str:
    for secret in sorted(_secrets, key=len, reverse=True):
        text = text.replace(secret, REDACTED)
    return text


def _not_a_handled_flood_error(record: logging.LogRecord) -> bool:
    # AIORateLimiter logs every 429 it passes on as an ERROR with a traceback; the adapter and
    # the scheduler handle it (wait, retry) and log one line of their own instead.
    return not str(record.msg).startswith("Rate limit hit after maximum")


def quiet_libraries() -> None:
    """Library loggers that log URLs (with the token) below WARNING stay at WARNING."""
    for name in QUIET_LOGGERS:
        logger = logging.getLogger(name)
        if logger.level < logging.WARNING:
            logger.setLevel(logging.WARNING)
    limiter = logging.getLogger(RATE_LIMITER_LOGGER)
    if _not_a_handled_flood_error not in limiter.filters:
        limiter.addFilter(_not_a_handled_flood_error)


def _scrub(record: logging.LogRecord) -> None:
    if not _secrets:
        return
    try:
        message = record.getMessage()
    except Exception:  # a broken format string: leave it to logging's own error handling
        return
    clean = redact(message)
    if clean != message:
        record.msg, record.args = clean, None
    if record.exc_info and record.exc_info[1] is not None and not record.exc_text:
        text = logging.Formatter().formatException(record.exc_info)
        clean = redact(text)
        if clean != text:
            record.exc_text = clean  # formatters print exc_text instead of re-formatting
