"""How a failing scheduler tick is reported: the failures of one tick (`Faults`, `TickError`)
and a log that says a repeating error once a minute with a count (`RepeatedErrors`), not once a
tick (issue 15)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

REPEAT_LOG_WINDOW = timedelta(minutes=1)


class TickError(Exception):
    """Part of a tick failed (a user's data could not be read or written, the disk is full).
    `sent`: the messages that did go out in it; `cause`: the first error."""

    def __init__(self, sent: int, failures: int, cause: Exception) -> None:
        super().__init__(f"{failures} part(s) of the tick failed, {sent} message(s) sent; "
                         f"first error: {type(cause).__name__}: {cause}")
        self.sent = sent
        self.failures = failures
        self.cause = cause


class RepeatedErrors:
    """Logs an error the first time (with its traceback unless it is an OSError, whose message
    says it all), then the same error (same type and message) at most once per `window` (a
    minute) with how many times it happened since, and one line when it stops. Times come from
    the caller's clock (UTC)."""

    def __init__(self, logger: logging.Logger, what: str,
                 window: timedelta = REPEAT_LOG_WINDOW) -> None:
        self._log = logger
        self._what = what
        self._window = window
        self._sig: str | None = None
        self._logged_at: datetime | None = None
        self._unlogged = 0
        self._total = 0

    def failed(self, now: datetime, exc: BaseException) -> None:
        sig = f"{type(exc).__name__}: {exc}"
        self._total += 1
        if sig != self._sig or self._logged_at is None:
            self._sig, self._logged_at, self._unlogged = sig, now, 0
            # A traceback helps with a bug; for the disk saying no, the message says it all.
            self._log.error("%s failed: %s", self._what, sig,
                            exc_info=None if isinstance(exc, OSError) else exc)
            return
        self._unlogged += 1
        # A clock that went back counts as a window passed, rather than silencing the log.
        if now - self._logged_at >= self._window or now < self._logged_at:
            self._log.error("%s failed %d more time(s) in the last %d s: %s", self._what,
                            self._unlogged, int(self._window.total_seconds()), sig)
            self._logged_at, self._unlogged = now, 0

    def recovered(self) -> None:
        if self._sig is not None:
            self._log.warning("%s works again after %d failure(s)", self._what, self._total)
        self._sig, self._logged_at, self._unlogged, self._total = None, None, 0, 0

    @property
    def failing(self) -> str | None:
        """The current error ("Type: message"), None when the last try worked."""
        return self._sig


@dataclass
class Faults:
    """The failures of one tick."""

    count: int = 0
    first: Exception | None = None

    def add(self, exc: Exception) -> None:
        self.count += 1
        self.first = self.first or exc
