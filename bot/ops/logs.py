"""The log lines: timestamped in UTC, at HEARBACK_LOG_LEVEL, as text or as one JSON object per
line (HEARBACK_LOG_FORMAT=json), with every configured secret replaced by `[redacted]`.

Text:  2026-12-01T03:10:00.123Z INFO hearback: Hearback running: telegram
JSON:  {"time": "2026-12-01T03:10:00.123Z", "level": "INFO", "logger": "hearback",
        "message": "Hearback running: telegram", "exc": null}
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import TextIO
from urllib.parse import urlsplit

REDACTED = "[redacted]"


def utc_time(record: logging.LogRecord) -> str:
    """The record's creation time in UTC, ISO 8601 with milliseconds and a Z."""
    moment = datetime.fromtimestamp(record.created, UTC)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


class TextFormatter(logging.Formatter):
    """`<UTC time> <LEVEL> <logger>: <message>`, the traceback (if any) on the lines after."""

    def format(self, record: logging.LogRecord) -> str:
        line = f"{utc_time(record)} {record.levelname} {record.name}: {record.getMessage()}"
        if exc := _exception_text(self, record):
            line += "\n" + exc
        return line


class JsonFormatter(logging.Formatter):
    """One JSON object per record, on one line: time (UTC, ISO 8601), level, logger, message,
    and exc (the traceback as one string, or null)."""

    def format(self, record: logging.LogRecord) -> str:
        return json.dumps({"time": utc_time(record), "level": record.levelname,
                           "logger": record.name, "message": record.getMessage(),
                           "exc": _exception_text(self, record) or None}, ensure_ascii=False)


def _exception_text(formatter: logging.Formatter, record: logging.LogRecord) -> str:
    if record.exc_info and not record.exc_text:
        record.exc_text = formatter.formatException(record.exc_info)
    return record.exc_text or ""


class Redact(logging.Filter):
    """Replaces each of `secrets` in a record's message and traceback before it is written
    (a handler's filter: it sees every record the handler writes, the libraries' included)."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        # Longest first, so a secret containing another is replaced whole.
        self.secrets = sorted({s for s in secrets if len(s) >= 4}, key=len, reverse=True)

    def redact(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, REDACTED)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.secrets:
            return True
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: logging reports it itself
            return True
        clean = self.redact(message)
        if clean != message:
            record.msg, record.args = clean, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        return True


def secrets_of(values: Iterable[str | None]) -> list[str]:
    """The strings to keep out of the logs: each value, and the password inside a URL."""
    found: list[str] = []
    for value in values:
        if not value:
            continue
        found.append(value)
        try:
            password = urlsplit(value).password
        except ValueError:
            password = None
        if password:
            found.append(password)
    return found


def configure_logging(level: str, fmt: str, secrets: Iterable[str] = (),
                      stream: TextIO | None = None) -> logging.Handler:
    """Send every log record at `level` or above (one of bot.config.LOG_LEVELS) to `stream`
    (standard error) as `fmt` ("text" or "json"), with `secrets` redacted; replaces the root
    logger's handlers. Returns the handler."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter() if fmt == "json" else TextFormatter())
    handler.addFilter(Redact(secrets))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    return handler
