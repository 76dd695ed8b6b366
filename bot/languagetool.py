"""A LanguageTool server as the draft checker's grammar service (issue 17, item 8): when the
operator sets HEARBACK_LANGUAGETOOL_URL, every draft and every "check this" text is also sent to
the server's standard `POST /v2/check` (form fields `text` and `language`; the answer's
`matches`, each with `message`, `offset`, `length` and `replacements`, see
https://languagetool.org/http-api/). The call has a short timeout (HEARBACK_LANGUAGETOOL_TIMEOUT,
2 s by default): a slow, failing or garbled answer gives None, and the core keeps its local
checks (bot/core/language/checking.py). This module is the I/O; the core sees only the
`TextService` port."""

from __future__ import annotations

import logging
from typing import Any

import httpx

from bot.core.contract.ports import TextFinding

log = logging.getLogger("hearback.languagetool")

MAX_FINDINGS = 30  # a text with more is mostly noise to a reader; the first ones matter


class LanguageTool:
    """`TextService` over a LanguageTool server at `url` ("http://127.0.0.1:8010"), asking in
    `language` ("en-US") and giving up after `timeout` seconds. Safe to call from any thread
    (httpx.Client is thread-safe)."""

    def __init__(self, url: str, *, language: str = "en-US", timeout: float = 2.0,
                 transport: httpx.BaseTransport | None = None) -> None:
        self.endpoint = url.rstrip("/") + "/v2/check"
        self.language = language
        self._client = httpx.Client(timeout=httpx.Timeout(timeout), transport=transport)

    def close(self) -> None:
        self._client.close()

    def check(self, text: str) -> list[TextFinding] | None:
        """The server's findings for `text`, or None (logged) when it couldn't answer in time,
        answered with an error status, or sent something that isn't LanguageTool's JSON."""
        try:
            response = self._client.post(self.endpoint,
                                         data={"text": text, "language": self.language})
            response.raise_for_status()
            return _findings(response.json(), len(text))
        except httpx.TimeoutException:
            log.warning("LanguageTool did not answer within the timeout; local checks only")
        except httpx.HTTPStatusError as exc:
            log.warning("LanguageTool answered %s; local checks only", exc.response.status_code)
        except httpx.HTTPError as exc:
            log.warning("LanguageTool could not be reached (%s); local checks only",
                        type(exc).__name__)
        except (ValueError, TypeError, KeyError) as exc:
            log.warning("LanguageTool's answer could not be read (%s); local checks only",
                        type(exc).__name__)
        return None


def _findings(body: Any, size: int) -> list[TextFinding]:
    """The `matches` of a /v2/check answer as findings; raises KeyError/TypeError/ValueError
    for an answer of another shape. A match outside the text is dropped."""
    out: list[TextFinding] = []
    for match in body["matches"][:MAX_FINDINGS]:
        offset, length = int(match["offset"]), int(match["length"])
        if offset < 0 or length <= 0 or offset + length > size:
            continue
        message = str(match.get("shortMessage") or match["message"]).strip()
        options = [str(r["value"]) for r in match.get("replacements") or [] if r.get("value")]
        if options:
            message += f" — try “{options[0]}”"
        out.append(TextFinding(offset, length, message))
    return out
