"""The draft checker with a LanguageTool server (issue 17, item 8), against a fake server on
127.0.0.1 that speaks the standard `POST /v2/check`: its findings are added to the local checks;
a timeout, an error status or a garbled answer leaves the local checks alone, and the text is
still answered."""

from __future__ import annotations

import json
import threading
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from bot.core.contract.clock import FakeClock
from bot.core.contract.ports import Repository, Services
from bot.core.engine import Engine
from bot.languagetool import LanguageTool
from tests.conftest import Chat, log_interview

TEXT = ("Dear Jane,\n\nI am looking forward to hear from you. I could of called sooner.\n\n"
        "Best,\nAda")


@dataclass
class FakeLanguageTool:
    """What the fake server answers: `status`, `body` (JSON-able or raw bytes), or with
    `hang` it holds the request until released (a server too slow for the timeout)."""

    status: int = 200
    body: Any = None
    hang: bool = False
    requests: list[dict[str, list[str]]] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)
    url: str = ""


def matches_for(text: str) -> dict[str, Any]:
    """LanguageTool's answer for TEXT: "to hear" (a rule local checks don't have), "Jane" (a
    name it doesn't know) and "could of" (which the local grammar check also flags)."""
    def match(word: str, message: str, value: str, short: str = "") -> dict[str, Any]:
        return {"message": message, "shortMessage": short, "offset": text.index(word),
                "length": len(word), "replacements": [{"value": value}],
                "rule": {"id": "X", "issueType": "grammar"}}
    return {"software": {"name": "LanguageTool"}, "matches": [
        match("hear from", "After “looking forward to”, use the -ing form.", "hearing from"),
        match("Jane", "Possible spelling mistake found.", "Jade", "Spelling mistake"),
        match("could of", "Did you mean “could have”?", "could have")]}


@pytest.fixture
def server() -> Iterator[FakeLanguageTool]:
    fake = FakeLanguageTool()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            size = int(self.headers.get("Content-Length", "0"))
            form = urllib.parse.parse_qs(self.rfile.read(size).decode())
            fake.requests.append({"path": [self.path], **form})
            if fake.hang:
                fake.release.wait(10)
            body = fake.body if fake.body is not None else matches_for(form["text"][0])
            data = body if isinstance(body, bytes) else json.dumps(body).encode()
            self.send_response(fake.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    fake.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        fake.release.set()
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def lt_chat(repo: Repository, clock: FakeClock, server: FakeLanguageTool) -> Iterator[Chat]:
    tool = LanguageTool(server.url, language="en-GB", timeout=0.5)
    try:
        yield Chat(Engine(repo, clock, "Europe/London", Services(grammar=tool)))
    finally:
        tool.close()


def test_its_findings_are_added_to_the_local_checks(lt_chat: Chat,
                                                    server: FakeLanguageTool) -> None:
    log_interview(lt_chat)  # with Jane Doe: a known name
    lt_chat.say(f"check this: {TEXT}")
    text = lt_chat.text
    assert "• Grammar (LanguageTool): “hear from” — After “looking forward to”, use the -ing " \
           "form. — try “hearing from”" in text
    # Its "could of" is already the local check's finding: shown once, by the local check.
    assert "(LanguageTool): “could of”" not in text and "Grammar: “could of”" in text
    assert "Spelling mistake" not in text  # "Jane" is the interviewer's name
    [request] = server.requests
    assert request["path"] == ["/v2/check"] and request["language"] == ["en-GB"]
    assert request["text"] == [TEXT]


@pytest.mark.parametrize("trouble", ["timeout", "error", "garbled", "wrong shape"])
def test_without_an_answer_the_local_checks_go_alone(lt_chat: Chat, server: FakeLanguageTool,
                                                      trouble: str,
                                                      caplog: pytest.LogCaptureFixture) -> None:
    if trouble == "timeout":
        server.hang = True
    elif trouble == "error":
        server.status, server.body = 500, {"error": "boom"}
    elif trouble == "garbled":
        server.body = b"<html>not json"
    else:
        server.body = {"matches": [{"offset": "x"}]}
    lt_chat.say(f"check this: {TEXT}")
    text = lt_chat.text
    assert "Checked your text." in text
    assert "Grammar: “could of”" in text  # the local checks still answer
    assert "LanguageTool" not in text
    assert any("local checks only" in r.message for r in caplog.records)


def test_a_draft_is_checked_by_the_server_too(lt_chat: Chat, server: FakeLanguageTool) -> None:
    log_interview(lt_chat)
    lt_chat.press("Draft my thank-you")
    lt_chat.say("Ada Lovelace")
    for _ in range(3):
        lt_chat.press("Skip")
    lt_chat.say("the testing culture")
    assert "Checked:" in lt_chat.text
    assert server.requests and "Subject: Job interview follow up" in server.requests[-1]["text"][0]


def test_the_server_is_configured_by_url_and_wired_in() -> None:
    from bot.cli import services
    from bot.config import ConfigError, load_config

    with pytest.raises(ConfigError, match="HEARBACK_LANGUAGETOOL_URL"):
        load_config({"HEARBACK_LANGUAGETOOL_URL": "localhost:8010"})
    config = load_config({"HEARBACK_LANGUAGETOOL_URL": "http://127.0.0.1:8010/",
                          "HEARBACK_LANGUAGETOOL_TIMEOUT": "1.5"})
    wired = services(config)
    assert isinstance(wired.grammar, LanguageTool)
    assert wired.grammar.endpoint == "http://127.0.0.1:8010/v2/check"
    assert services(load_config({})).grammar is None
    assert services(load_config({})).charts is not None
