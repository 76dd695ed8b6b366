"""The Slack adapter through the real slack-bolt AsyncApp, offline: signed HTTP requests to Bolt's
own aiohttp server (and Socket Mode envelopes over a local WebSocket) go in; a fake Slack Web API
on 127.0.0.1 records everything that comes out. Time comes from a FakeClock; nothing sleeps to
wait for a nudge (the scheduler's tick() is called instead)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import signal
import socket
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import timedelta
from itertools import count
from pathlib import Path
from typing import Any, TypeVar

import pytest

from bot.adapters.slack import SlackAdapter, SlackStartupError, command_text, render
from bot.config import Config
from bot.core.contract.clock import FakeClock
from bot.core.contract.messages import Button, Span, reply
from bot.core.contract.models import User, user_key
from bot.core.contract.ports import DeliveryError
from bot.core.engine import Engine
from bot.scheduler import Scheduler
from storage import ShardedRepository, open_repository
from tests.conftest import START
from tests.fake_slack import (
    TIMEOUT,
    Call,
    FakeSlack,
    SlackSender,
    block_actions,
    block_texts,
    event_callback,
    message_event,
    sign,
)

TOKEN = "xoxb-test-0000-secret-token"
APP_TOKEN = "xapp-test-0000-app-token"
SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
ROOT = Path(__file__).resolve().parent.parent
INTAKE = ("I just had an interview with Jane Doe at Acme for the backend role, "
          "they said they'd let me know by Friday")
INFORMER_QUESTION = "Who will tell you the result?"
CONTACT_QUESTION = "Did anyone ask you to email or call them"

T = TypeVar("T")


def run(scenario: Callable[[], Awaitable[T]], timeout: float = 60) -> T:
    async def bounded() -> T:
        return await asyncio.wait_for(scenario(), timeout)
    return asyncio.run(bounded())


@dataclass
class Slack:
    fake: FakeSlack
    adapter: SlackAdapter
    sender: SlackSender
    repo: ShardedRepository
    engine: Engine
    clock: FakeClock
    ids: Any = None

    def __post_init__(self) -> None:
        self.ids = count(1)

    async def settle(self) -> None:
        await self.adapter.idle(TIMEOUT)

    async def dm(self, text: str, user: str = "U1", *, event_id: str | None = None,
                 headers: dict[str, str] | None = None) -> Call:
        """A direct message; returns the last message the app posted in answer."""
        before = len(self.fake.posts())
        event_id = event_id or f"Ev{next(self.ids)}"
        status, _ = await self.sender.event(message_event(user, text, event_id=event_id),
                                            headers=headers)
        assert status == 200
        await self.settle()
        assert len(self.fake.posts()) > before, f"no answer to {text!r}"
        return self.fake.posts()[-1]

    async def press(self, posted: Call, label: str, user: str = "U1") -> Call:
        before = len(self.fake.posts())
        status, _ = await self.sender.action(block_actions(user, posted, label))
        assert status == 200
        await self.settle()
        assert len(self.fake.posts()) > before, f"no answer to pressing {label!r}"
        return self.fake.posts()[-1]

    async def intake(self, user: str = "U1") -> Call:
        asked = await self.dm(INTAKE, user)
        assert INFORMER_QUESTION in asked.text
        contact = await self.press(asked, "HR", user)
        assert CONTACT_QUESTION in contact.text
        return await self.press(contact, "No", user)

    def user(self, uid: str = "U1") -> User:
        found = self.repo.get_user(user_key("slack", uid))
        assert found is not None
        return found


def config(data_dir: Path, fake: FakeSlack, *, socket_mode: bool = False,
           api_url: str | None = None) -> Config:
    return Config(data_dir=data_dir, timezone="Europe/London", now=None, tick_seconds=30,
                  telegram_token=None, slack_bot_token=TOKEN,
                  slack_app_token=APP_TOKEN if socket_mode else None,
                  slack_signing_secret=SECRET, slack_http_host="127.0.0.1", slack_http_port=0,
                  slack_api_url=api_url or fake.api_url)


@contextlib.asynccontextmanager
async def slack(tmp_path: Path, *, socket_mode: bool = False,
                users: dict[str, dict[str, Any]] | None = None) -> AsyncIterator[Slack]:
    fake = await FakeSlack(users=users or {}).start()
    repo = open_repository(tmp_path / "data")
    clock = FakeClock(START)
    engine = Engine(repo, clock, default_timezone="Europe/London")
    adapter = SlackAdapter(config(tmp_path / "data", fake, socket_mode=socket_mode), engine)
    stop = asyncio.Event()
    task = asyncio.create_task(adapter.run(stop))
    ready = asyncio.create_task(adapter.ready.wait())
    try:
        await asyncio.wait({task, ready}, timeout=TIMEOUT, return_when=asyncio.FIRST_COMPLETED)
        if task.done():
            task.result()  # run() failed: show why
        assert adapter.ready.is_set(), "the adapter did not start"
        url = "http://127.0.0.1:0/slack/events"
        if adapter.address is not None:
            url = f"http://{adapter.address[0]}:{adapter.address[1]}/slack/events"
        yield Slack(fake, adapter, SlackSender(url, SECRET), repo, engine, clock)
    finally:
        for gate in fake.holds.values():
            gate.set()
        stop.set()
        ready.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.wait_for(task, TIMEOUT)
        await fake.close()
        repo.close()


def all_texts(fake: FakeSlack) -> list[str]:
    return [t for c in fake.calls for t in c.texts]


# -- direct messages, buttons, the slash command ------------------------------------------------
def test_full_intake_by_direct_message(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)

    async def scenario() -> None:
        async with slack(tmp_path) as s:
            asked = await s.dm(INTAKE)
            assert asked.args["channel"] == "DU1"
            assert asked.authorization == f"Bearer {TOKEN}"
            assert INFORMER_QUESTION in asked.text
            assert asked.labels[:4] == ["HR", "The interviewer", "A mailing team", "Not sure"]
            ids = [b["action_id"] for b in asked.buttons]
            assert len(ids) == len(set(ids)) and all(i.startswith("hb:") for i in ids)
            assert all(b["value"].startswith("hb1|") and "|U1|" in b["value"]
                       for b in asked.buttons)
            contact = await s.press(asked, "HR")
            # The pressed message lost its buttons and says what was chosen (chat.update).
            [update] = s.fake.calls_to("chat.update")
            assert update.args["channel"] == "DU1" and update.args["ts"] == asked.result["ts"]
            assert not [b for b in update.blocks if b["type"] == "actions"]
            assert "✓ You chose: *HR*" in block_texts(update.blocks)
            assert update.blocks[0] == asked.blocks[0]
            assert CONTACT_QUESTION in contact.text
            saved = await s.press(contact, "No")
            assert len(s.fake.calls_to("chat.update")) == 2
            text = "\n".join(c.text for c in s.fake.posts()[-3:])
            assert "Saved. Here's what I have:" in text
            assert "*backend role at Acme*" in text
            assert "Wed 25 Nov, 17:00 — reminder to send your thank-you" in text
            assert "Thank-you sent ✓" in saved.labels
            [iv] = s.repo.interviews_for("slack:U1")
            assert iv.company == "Acme" and iv.informer == "hr"
            # A new user: one users.info for the time zone and the name, no conversations.open
            # (a DM already is the conversation).
            assert len(s.fake.calls_to("users.info")) == 1
            assert s.fake.calls_to("conversations.open") == []
            assert s.user().display_name == "person-U1"
            assert s.user().chat_id == "DU1"

    run(scenario)
    assert TOKEN not in caplog.text and SECRET not in caplog.text


def test_bot_messages_edits_and_joins_are_ignored(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with slack(tmp_path) as s:
            for extra in ({"subtype": "message_changed"}, {"subtype": "channel_join"},
                          {"bot_id": "B999"}, {"subtype": "bot_message"},
                          {"channel_type": "channel", "channel": "C1"}):
                status, _ = await s.sender.event(message_event("U1", "hello",
                                                               event_id=f"E{extra}", **extra))
                assert status == 200
            await s.settle()
            assert s.fake.posts() == []
            assert s.repo.get_user("slack:U1") is None

    run(scenario)


def test_slash_command_acks_first_and_answers_in_the_dm(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with slack(tmp_path) as s:
            # Opening the DM is held back: the acknowledgement still arrives, so it is sent
            # before any of the work (Slack allows 3 seconds). Used in a DM with someone else
            # (in a team channel it is answered there: tests/test_slack_team.py).
            gate = s.fake.hold("conversations.open")
            started = time.monotonic()
            # (`/hearback interview` opens the form instead: tests/test_slack_forms.py.)
            status, body = await s.sender.command("U2", INTAKE,
                                                  channel="D0U2U3", channel_name="directmessage")
            assert status == 200 and time.monotonic() - started < 3
            assert "direct messages" in body
            await s.fake.wait_for("conversations.open")
            assert s.fake.posts() == []
            gate.set()
            await s.settle()
            [opened] = s.fake.calls_to("conversations.open")
            assert opened.args["users"] == "U2"
            asked = s.fake.posts()[-1]
            assert asked.args["channel"] == "DU2"
            assert INFORMER_QUESTION in asked.text
            # The rest of the intake by typing in the DM.
            contact = await s.dm("HR", "U2")
            assert CONTACT_QUESTION in contact.text
            await s.dm("no", "U2")
            assert "Saved. Here's what I have:" in "\n".join(c.text for c in s.fake.posts()[-3:])
            # From the DM itself the command is acknowledged silently.
            status, body = await s.sender.command("U2", "list", channel="DU2")
            assert status == 200 and body == ""
            await s.settle()
            assert "Your interviews (1 open)" in s.fake.posts()[-1].text
            status, _ = await s.sender.command("U2", "", channel="DU2")
            await s.settle()
            assert "What I can do" in s.fake.posts()[-1].text
            assert len(s.fake.calls_to("conversations.open")) == 1  # the DM is remembered

    run(scenario)


@pytest.mark.parametrize(("typed", "core"), [
    ("", "/help"), ("   ", "/help"), ("help", "/help"), ("LIST", "/list"),
    ("settings timezone Berlin", "/settings timezone Berlin"), ("?", "/?"),
    ("/status", "/status"), ("new", "/new"),
    ("I had an interview at Acme", "I had an interview at Acme"),
    ("check this: a &amp; b", "check this: a & b"),
])
def test_slash_command_text_for_the_core(typed: str, core: str) -> None:
    assert command_text(typed) == core


def test_a_press_by_someone_else_is_refused_and_leaves_the_message(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with slack(tmp_path) as s:
            asked = await s.dm(INTAKE)
            posts_before = len(s.fake.posts())
            status, _ = await s.sender.action(block_actions("U666", asked, "HR"))
            assert status == 200
            [refusal] = await s.fake.wait_for("chat.postEphemeral")
            # Only the presser sees the refusal; nothing is posted to the conversation.
            assert refusal.args.get("user") == "U666"
            assert "belongs to someone else" in str(refusal.args.get("text"))
            assert len(s.fake.posts()) == posts_before
            assert s.fake.calls_to("chat.update") == []
            assert s.repo.get_user("slack:U666") is None
            assert s.repo.interviews_for("slack:U1") == []
            assert s.repo.get_dialog("slack:U1") is not None  # still at the question

    run(scenario)


def test_a_double_click_is_answered_once(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with slack(tmp_path) as s:
            asked = await s.dm(INTAKE)
            before = len(s.fake.posts())
            payload = block_actions("U1", asked, "HR")
            results = await asyncio.gather(s.sender.action(payload), s.sender.action(payload))
            assert [r[0] for r in results] == [200, 200]
            await s.settle()
            assert len(s.fake.posts()) == before + 1
            assert len(s.fake.calls_to("chat.update")) == 1

    run(scenario)


# -- escaping -----------------------------------------------------------------------------------
def test_user_typed_mentions_and_broadcasts_are_escaped(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with slack(tmp_path) as s:
            # Typed literally, Slack sends them entity-encoded; a real @here arrives as markup.
            typed = await s.dm("settings timezone &lt;!channel&gt; &lt;@U123&gt; &amp; <!here>")
            assert ("I don't know the time zone \"&lt;!channel&gt; &lt;@U123&gt; &amp; @here\""
                    in typed.text)
            checked = await s.dm("cancel")
            checked = await s.dm("check this: Dear &lt;!channel&gt;, thanks &lt;@U123&gt;")
            assert "&lt;!channel&gt;" in checked.text
            for text in all_texts(s.fake):
                for raw in ("<!channel>", "<@U123>", "<!here>", "<!everyone>"):
                    assert raw not in text, text
                assert "<" not in text and ">" not in text, text
            for call in s.fake.posts():
                assert all(b["text"]["verbatim"] is True
                           for b in call.blocks if b["type"] == "section")

    run(scenario)


def test_every_style_is_escaped_and_marked() -> None:
    nasty = "<@U1> <!channel> a&b <http://evil|x>"
    out = render.mrkdwn(tuple(Span(nasty, style) for style in
                              ("plain", "bold", "italic", "code", "pre")))
    assert "<" not in out and ">" not in out
    lines = out.split("\n")
    esc = render.escape(nasty)
    assert lines[0] == f"{esc}*{esc}*_{esc}_`{esc}`"
    assert lines[1] == f"```{esc}```"
    assert render.mrkdwn((Span("Checked: ", "bold"), Span("ok"))) == "*Checked:* ok"
    assert render.mrkdwn((Span("one\ntwo", "bold"),)) == "*one*\n*two*"
    assert render.mrkdwn((Span("x ``` y", "pre"),)).count("```") == 2


def test_from_slack_gives_back_what_the_user_typed() -> None:
    assert render.from_slack("mail <mailto:jane@acme.com|jane@acme.com> or call "
                             "<tel:+441234|+44 1234>") == "mail jane@acme.com or call +44 1234"
    assert render.from_slack("<@U1> <@U2|bob> <#C1|general> <!here> <!subteam^S1|@devs>") == \
        "@U1 @bob #general @here @devs"
    assert render.from_slack("see <https://acme.com> and <https://x.io|x.io>") == \
        "see https://acme.com and x.io"
    assert render.from_slack("&lt;!channel&gt; &amp;lt;") == "<!channel> &lt;"


def test_long_replies_are_cut_at_slack_limits() -> None:
    line = "Tom & Jerry <3 " * 30  # 450 characters, entities inside
    long = reply("\n".join(f"{i}: {line}" for i in range(400)),
                 buttons=[[Button("OK", "p1"), Button("Later", "p2")]])
    messages = render.messages(long)
    assert len(messages) > 1
    for m in messages:
        assert len(m.blocks) <= render.MAX_BLOCKS
        sections = [b["text"]["text"] for b in m.blocks if b["type"] == "section"]
        assert sum(map(len, sections)) <= 40_000
        for text in sections:
            assert 0 < len(text) <= render.SECTION_LIMIT
            assert text.count("&") == text.count("&amp;") + text.count("&lt;")
        assert len(render.unescape(m.text)) <= render.FALLBACK_LIMIT
    assert [b["type"] for b in messages[-1].blocks][-1] == "actions"
    assert all(b["type"] != "actions" for m in messages[:-1] for b in m.blocks)
    joined = "\n".join(b["text"]["text"] for m in messages for b in m.blocks
                       if b["type"] == "section")
    assert joined == render.mrkdwn(long.spans)
    # One enormous line is cut too, never inside an entity.
    huge = render.sections((Span("&" * 5000),))
    assert all(len(t) <= render.SECTION_LIMIT and t.endswith("&amp;") for t in huge)
    assert "".join(huge) == "&amp;" * 5000


def test_a_long_draft_stays_preformatted_across_sections() -> None:
    draft = "\n".join(f"Line {i}: Tom & Jerry <tom@example.com>" for i in range(200))
    texts = render.sections((Span("Your draft:"), Span("\n"), Span(draft, "pre"),
                             Span("\n"), Span("Checked", "bold")))
    assert len(texts) > 1
    assert texts[0].startswith("Your draft:\n```Line 0: Tom &amp; Jerry &lt;tom@example.com&gt;")
    assert texts[-1].endswith("```\n*Checked*")
    blocks = [t for t in "\n".join(texts).split("```") if "Line" in t]
    assert "\n".join(b.strip("\n") for b in blocks) == render.escape(draft)
    assert all(len(t) <= render.SECTION_LIMIT and t.count("```") % 2 == 0 for t in texts)


def test_button_labels_are_plain_text_within_slack_limits() -> None:
    [block] = render.action_blocks([[Button("A" * 100, "p"), Button("<@U1> & co", "q")]])
    first, second = block["elements"]
    assert len(first["text"]["text"]) == render.BUTTON_LABEL_LIMIT
    assert second["text"] == {"type": "plain_text", "text": "<@U1> & co", "emoji": True}
    assert [first["action_id"], second["action_id"]] == ["hb:1", "hb:2"]


def test_an_answered_message_keeps_its_text_verbatim_and_names_the_choice() -> None:
    echoed: list[dict[str, Any]] = [
        {"type": "section", "block_id": "x",
         "text": {"type": "mrkdwn", "text": "Hi &lt;!channel&gt;", "verbatim": False}},
        {"type": "context", "elements": [{"type": "mrkdwn", "text": "note"}]},
        {"type": "actions", "elements": [{"type": "button", "action_id": "hb:1"}]}]
    section, note, chosen = render.answered(echoed, "Acme &amp; Co &lt;3")
    assert section["text"] == {"type": "mrkdwn", "text": "Hi &lt;!channel&gt;", "verbatim": True}
    assert note["elements"][0]["verbatim"] is True
    assert chosen["elements"][0]["text"] == "✓ You chose: *Acme &amp; Co &lt;3*"


# -- Slack's request signing --------------------------------------------------------------------
def test_unsigned_wrongly_signed_and_replayed_requests_are_refused(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with slack(tmp_path) as s:
            body = json.dumps(message_event("U1", INTAKE, event_id="EvBad"))
            now = int(time.time())
            refused = [
                await s.sender.post(body, "application/json", signed=False),
                await s.sender.post(body, "application/json",
                                    signature=sign("not-the-secret", body, now)),
                await s.sender.post(body, "application/json",
                                    signature=sign(SECRET, body + " ", now)),
                # Replayed: a request Slack really signed, ten minutes ago.
                await s.sender.post(body, "application/json", timestamp=now - 600),
                await s.sender.post(body, "application/json", timestamp=now + 600),
            ]
            assert [status for status, _ in refused] == [401] * 5
            await s.settle()
            assert s.fake.posts() == [] and s.repo.get_user("slack:U1") is None
            # The same body, properly signed now, is taken.
            status, _ = await s.sender.post(body, "application/json")
            assert status == 200
            await s.settle()
            assert INFORMER_QUESTION in s.fake.posts()[-1].text
            # Slack's URL check works once signed.
            challenge = {"type": "url_verification", "challenge": "abc123", "token": "x"}
            status, text = await s.sender.event(challenge)
            assert status == 200 and "abc123" in text
            status, _ = await s.sender.event(challenge, signed=False)
            assert status == 401

    run(scenario)


def test_a_retried_event_is_answered_once(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with slack(tmp_path) as s:
            payload = message_event("U1", INTAKE, event_id="EvRetried")
            status, _ = await s.sender.event(payload)
            assert status == 200
            await s.settle()
            assert len(s.fake.posts()) == 1
            for n in (1, 2):
                status, _ = await s.sender.event(payload, headers={
                    "X-Slack-Retry-Num": str(n), "X-Slack-Retry-Reason": "http_timeout"})
                assert status == 200
            await s.settle()
            assert len(s.fake.posts()) == 1
            assert len(s.repo.interviews_for("slack:U1")) == 0  # still one intake in progress
            assert len(s.fake.calls_to("users.info")) == 1

    run(scenario)


# -- nudges from the scheduler ------------------------------------------------------------------
def test_a_due_nudge_arrives_as_a_message_in_the_dm(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with slack(tmp_path) as s:
            await s.intake()
            scheduler = Scheduler(s.repo, s.engine, s.clock, {"slack": s.adapter})
            s.clock.advance(timedelta(hours=2))
            assert await scheduler.tick() == 1
            nudge = s.fake.posts()[-1]
            assert nudge.args["channel"] == "DU1"
            assert "*Thank-you check:*" in nudge.text and "Jane Doe" in nudge.text
            assert "Thank-you sent ✓" in nudge.labels and "Snooze" in nudge.labels
            # Its buttons work like any other: the thank-you is marked sent.
            answer = await s.press(nudge, "Thank-you sent ✓")
            assert "is marked sent" in answer.text
            assert await scheduler.tick() == 0

    run(scenario)


def test_rate_limits_are_waited_out_or_handed_back(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with slack(tmp_path) as s:
            await s.intake()
            scheduler = Scheduler(s.repo, s.engine, s.clock, {"slack": s.adapter})
            [iv] = s.repo.interviews_for("slack:U1")
            s.clock.advance(timedelta(hours=2))
            posted = len(s.fake.posts())
            # One 429 with Retry-After: 1 — slack_sdk's handler waits and the retry succeeds.
            s.fake.rate_limit("chat.postMessage", retry_after=1)
            assert await scheduler.tick() == 1
            assert len(s.fake.posts()) == posted + 2
            assert [c.result["ok"] for c in s.fake.posts()[-2:]] == [False, True]
            # A persistent 429: handed back to the scheduler, which keeps the nudge for later.
            s.clock.advance(timedelta(hours=16))  # the next morning's last reminder
            s.fake.rate_limit("chat.postMessage", retry_after=1, times=2)
            assert await scheduler.tick() == 0
            [kept] = [n for n in s.repo.nudges_for_interview(iv.id)
                      if n.note and "rate limit" in n.note]
            assert kept.status == "pending"
            assert kept.due_at == s.clock.now() + timedelta(seconds=1)
            # A long Retry-After is not sat out in the process: straight back to the scheduler.
            s.clock.advance(timedelta(seconds=1))
            calls = len(s.fake.posts())
            s.fake.rate_limit("chat.postMessage", retry_after=120)
            assert await scheduler.tick() == 0
            assert len(s.fake.posts()) == calls + 1
            assert kept.id in [n.id for n in s.repo.nudges_for_interview(iv.id)
                               if n.status == "pending"
                               and n.due_at == s.clock.now() + timedelta(seconds=120)]
            s.clock.advance(timedelta(seconds=120))
            assert await scheduler.tick() == 1

    run(scenario)


def test_send_maps_slack_errors(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with slack(tmp_path) as s:
            await s.dm("hello")
            user = s.user()
            cases = {"channel_not_found": True, "account_inactive": True, "token_revoked": True,
                     "invalid_auth": True, "not_in_channel": True, "internal_error": False}
            for error, permanent in cases.items():
                s.fake.fail("chat.postMessage", error)
                with pytest.raises(DeliveryError) as caught:
                    await s.adapter.send(user, reply("hi"))
                assert caught.value.permanent is permanent, error
                assert caught.value.retry_after is None
                assert error in str(caught.value) and TOKEN not in str(caught.value)
            s.fake.rate_limit("chat.postMessage", retry_after=90)
            with pytest.raises(DeliveryError) as caught:
                await s.adapter.send(user, reply("hi"))
            assert caught.value.retry_after == 90 and not caught.value.permanent

    run(scenario)


def test_network_errors_are_retryable(tmp_path: Path) -> None:
    async def scenario() -> None:
        with socket.socket() as sock:  # a port nothing listens on
            sock.bind(("127.0.0.1", 0))
            dead = f"http://127.0.0.1:{sock.getsockname()[1]}/api/"
        fake = FakeSlack()
        repo = open_repository(tmp_path / "data")
        try:
            engine = Engine(repo, FakeClock(START))
            adapter = SlackAdapter(config(tmp_path / "data", fake, api_url=dead), engine)
            user = User(key="slack:U1", platform="slack", user_id="U1", chat_id="DU1",
                        timezone="UTC", created_at=START)
            with pytest.raises(DeliveryError) as caught:
                await adapter.send(user, reply("hi"))
            assert not caught.value.permanent and caught.value.retry_after is None
            assert "could not reach Slack" in str(caught.value)
        finally:
            repo.close()

    run(scenario)


def test_channel_not_found_pauses_the_user_with_a_log_line(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    async def scenario() -> None:
        async with slack(tmp_path) as s:
            await s.intake()
            scheduler = Scheduler(s.repo, s.engine, s.clock, {"slack": s.adapter})
            s.clock.advance(timedelta(hours=2))
            s.fake.fail("chat.postMessage", "channel_not_found")
            with caplog.at_level(logging.WARNING, logger="hearback.scheduler"):
                assert await scheduler.tick() == 0
            assert s.user().unreachable
            [iv] = s.repo.interviews_for("slack:U1")
            statuses = [n.status for n in s.repo.nudges_for_interview(iv.id)]
            assert "paused" in statuses and "claimed" not in statuses
            [line] = [r for r in caplog.records if r.name == "hearback.scheduler"]
            assert "channel_not_found" in line.getMessage() and "paused" in line.getMessage()
            # Writing again makes them reachable: the paused nudges resume.
            await s.dm("hello")
            assert not s.user().unreachable
            assert "paused" not in [n.status for n in s.repo.nudges_for_interview(iv.id)]

    run(scenario)


# -- App Home, time zones, files ----------------------------------------------------------------
def test_app_home_shows_interviews_and_next_steps(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with slack(tmp_path) as s:
            home = event_callback({"type": "app_home_opened", "user": "U1", "channel": "DU1",
                                   "tab": "home", "event_ts": "1.0"}, "EvHome1")
            await s.sender.event(home)
            await s.settle()
            [intro] = s.fake.calls_to("views.publish")
            assert intro.args["user_id"] == "U1" and intro.view["type"] == "home"
            assert "follow-up coach" in intro.text and intro.labels == ["Log an interview"]
            await s.intake()
            await s.dm("profile")
            await s.sender.event(home | {"event_id": "EvHome2"})
            await s.settle()
            view = s.fake.calls_to("views.publish")[-1]
            assert "*Your interviews (1 open)*" in view.text
            assert "*backend role at Acme*" in view.text
            assert "Next: call them to ask where things stand — Mon 30 Nov, 10:00" in view.text
            for private in ("Jane", "Subject:", "draft"):
                assert private not in view.text
            # The messages tab opening does not publish anything.
            await s.sender.event(event_callback({"type": "app_home_opened", "user": "U1",
                                                 "tab": "messages"}, "EvHome3"))
            await s.settle()
            assert len(s.fake.calls_to("views.publish")) == 2

    run(scenario)


def test_log_an_interview_in_app_home_opens_the_form(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with slack(tmp_path) as s:
            await s.sender.event(event_callback({"type": "app_home_opened", "user": "U5",
                                                 "tab": "home"}, "EvH"))
            await s.settle()
            [view] = s.fake.calls_to("views.publish")
            [button] = view.buttons
            payload = {"type": "block_actions", "user": {"id": "U5", "team_id": "T0001"},
                       "team": {"id": "T0001"}, "api_app_id": "A1", "trigger_id": "1.2",
                       "container": {"type": "view", "view_id": "V1"},
                       "view": {"id": "V1", "type": "home"},
                       "actions": [{"type": "button", "action_id": button["action_id"],
                                    "text": button["text"], "value": button["value"],
                                    "block_id": "b", "action_ts": "1.0"}]}
            status, _ = await s.sender.action(payload)
            assert status == 200
            await s.settle()
            [opened] = s.fake.calls_to("views.open")
            assert opened.args["trigger_id"] == "1.2"
            assert opened.view["title"]["text"] == "Log an interview"
            assert s.fake.posts() == [] and s.fake.calls_to("chat.update") == []

    run(scenario)


def test_time_zone_comes_from_the_slack_profile_on_first_contact(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with slack(tmp_path, users={"U7": {"tz": "America/New_York"},
                                          "U8": {"tz": "Not/AZone"}}) as s:
            saved = await s.intake("U7")
            assert s.user("U7").timezone == "America/New_York"
            # The very first message was already understood in New York time (15:00 London).
            text = "\n".join(c.text for c in s.fake.posts("DU7"))
            assert "Interview: Wed 25 Nov, 10:00" in text
            assert saved.args["channel"] == "DU7"
            assert len(s.fake.calls_to("users.info")) == 1
            # Changeable later with settings (and the plan follows).
            changed = await s.dm("settings timezone Berlin", "U7")
            assert "Time zone set to Europe/Berlin" in changed.text
            assert s.user("U7").timezone == "Europe/Berlin"
            assert len(s.fake.calls_to("users.info")) == 1
            # An unknown zone, or users.info failing, leaves the default.
            await s.dm("hello", "U8")
            assert s.user("U8").timezone == "Europe/London"
            s.fake.fail("users.info", "user_not_found")
            await s.dm("hello", "U9")
            assert s.user("U9").timezone == "Europe/London"

    run(scenario)


def test_export_files_are_uploaded_to_the_dm(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with slack(tmp_path) as s:
            await s.intake()
            await s.dm("export")
            await s.fake.wait_for("files.completeUploadExternal")
            [done] = s.fake.calls_to("files.completeUploadExternal")
            assert done.args["channel_id"] == "DU1"
            titles = [f["title"] for f in json.loads(done.args["files"])]
            names = [c.args["filename"] for c in s.fake.calls_to("files.getUploadURLExternal")]
            assert titles == names and len(names) == 2
            assert any(n.endswith(".json") for n in names) and any(n.endswith(".ics")
                                                                   for n in names)
            data = b"".join(s.fake.uploads.values())
            assert b"Acme" in data and b"BEGIN:VCALENDAR" in data

    run(scenario)


# -- Socket Mode --------------------------------------------------------------------------------
def test_socket_mode_receives_events_and_commands(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with slack(tmp_path, socket_mode=True) as s:
            assert s.adapter.address is None  # no HTTP server in Socket Mode
            [opened] = s.fake.calls_to("apps.connections.open")
            assert opened.authorization == f"Bearer {APP_TOKEN}"
            await s.fake.socket_send({
                "envelope_id": "env-1", "type": "events_api", "accepts_response_payload": False,
                "retry_attempt": 0, "retry_reason": "",
                "payload": message_event("U1", INTAKE, event_id="EvSock1")})
            await s.fake.wait_until(lambda: any(a.get("envelope_id") == "env-1"
                                                for a in s.fake.socket_acks))
            await s.fake.wait_for("chat.postMessage")
            await s.settle()
            assert INFORMER_QUESTION in s.fake.posts()[-1].text
            # Slack redelivers over the socket too: answered once.
            await s.fake.socket_send({
                "envelope_id": "env-2", "type": "events_api", "accepts_response_payload": False,
                "retry_attempt": 1, "retry_reason": "timeout",
                "payload": message_event("U1", INTAKE, event_id="EvSock1")})
            await s.fake.wait_until(lambda: any(a.get("envelope_id") == "env-2"
                                                for a in s.fake.socket_acks))
            await s.settle()
            assert len(s.fake.posts()) == 1
            await s.fake.socket_send({
                "envelope_id": "env-3", "type": "slash_commands",
                "accepts_response_payload": True,
                "payload": {"command": "/hearback", "text": "cancel", "user_id": "U1",
                            "channel_id": "DU1", "team_id": "T0001",
                            "response_url": "https://hooks.slack.invalid/1",
                            "trigger_id": "1.2"}})
            await s.fake.wait_for("chat.postMessage", 2)
            await s.settle()
            assert "Cancelled" in s.fake.posts()[-1].text

    run(scenario)


# -- start-up -----------------------------------------------------------------------------------
def test_a_refused_token_stops_start_up_without_showing_it(tmp_path: Path) -> None:
    async def scenario() -> None:
        fake = await FakeSlack(auth_error="invalid_auth").start()
        repo = open_repository(tmp_path / "data")
        try:
            adapter = SlackAdapter(config(tmp_path / "data", fake), Engine(repo, FakeClock(START)))
            with pytest.raises(SlackStartupError) as caught:
                await adapter.run(asyncio.Event())
            assert "invalid_auth" in str(caught.value) and TOKEN not in str(caught.value)
        finally:
            await fake.close()
            repo.close()

    run(scenario)


def test_a_refused_app_token_stops_socket_mode_start_up(tmp_path: Path) -> None:
    async def scenario() -> None:
        fake = await FakeSlack().start()
        fake.fail("apps.connections.open", "invalid_auth")
        repo = open_repository(tmp_path / "data")
        try:
            adapter = SlackAdapter(config(tmp_path / "data", fake, socket_mode=True),
                                   Engine(repo, FakeClock(START)))
            with pytest.raises(SlackStartupError) as caught:
                await adapter.run(asyncio.Event())
            assert "SLACK_APP_TOKEN (invalid_auth)" in str(caught.value)
            assert APP_TOKEN not in str(caught.value)
        finally:
            await fake.close()
            repo.close()

    run(scenario)


def test_a_busy_port_stops_http_start_up_with_one_line(tmp_path: Path) -> None:
    async def scenario() -> None:
        fake = await FakeSlack().start()
        repo = open_repository(tmp_path / "data")
        try:
            with socket.socket() as taken:
                taken.bind(("127.0.0.1", 0))
                taken.listen()
                port = int(taken.getsockname()[1])
                settings = replace(config(tmp_path / "data", fake), slack_http_port=port)
                adapter = SlackAdapter(settings, Engine(repo, FakeClock(START)))
                with pytest.raises(SlackStartupError) as caught:
                    await adapter.run(asyncio.Event())
            assert f"cannot listen on 127.0.0.1:{port}" in str(caught.value)
        finally:
            await fake.close()
            repo.close()

    run(scenario)


def test_the_manifest_asks_for_what_the_adapter_uses() -> None:
    manifest = (ROOT / "slack-manifest.yml").read_text(encoding="utf-8")
    for needed in ("chat:write", "im:history", "im:write", "commands", "users:read",
                   "files:write", "message.im", "app_home_opened", "command: /hearback",
                   "socket_mode_enabled: true", "home_tab_enabled: true",
                   "messages_tab_enabled: true"):
        assert needed in manifest, needed


# -- the real process ---------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_the_hearback_slack_process_completes_an_intake_over_http(tmp_path: Path) -> None:
    async def scenario() -> None:
        fake = await FakeSlack().start()
        port = free_port()
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("HEARBACK_", "TELEGRAM_", "SLACK_"))}
        env.update(SLACK_BOT_TOKEN=TOKEN, SLACK_SIGNING_SECRET=SECRET, SLACK_HTTP_PORT=str(port),
                   SLACK_HTTP_HOST="127.0.0.1", SLACK_API_URL=fake.api_url,
                   HEARBACK_DATA_DIR=str(tmp_path / "data"), HEARBACK_TIMEZONE="Europe/London",
                   HEARBACK_NOW="2026-11-25T15:00:00", PYTHONPATH=str(ROOT))
        script = Path(sys.executable).parent / "hearback"
        command = [str(script), "slack"] if script.exists() else [sys.executable, "-m", "bot",
                                                                   "slack"]
        proc = await asyncio.create_subprocess_exec(
            *command, env=env, cwd=tmp_path, stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
        errors: list[str] = []

        async def read_stderr(until: str | None = None) -> None:
            assert proc.stderr is not None
            async for raw in proc.stderr:
                errors.append(raw.decode())
                if until is not None and until in errors[-1]:
                    return
            if until is not None:
                raise AssertionError(f"the process ended before {until!r}:\n{''.join(errors)}")

        reader: asyncio.Task[None] | None = None
        try:
            await asyncio.wait_for(read_stderr(until="listening on"), 20)
            reader = asyncio.create_task(read_stderr())
            sender = SlackSender(f"http://127.0.0.1:{port}/slack/events", SECRET)

            async def answer_to(send: Awaitable[tuple[int, str]]) -> Call:
                before = len(fake.posts())
                status, _ = await send
                assert status == 200
                await fake.wait_until(lambda: len(fake.posts()) > before)
                return fake.posts()[-1]

            asked = await answer_to(sender.event(message_event("U1", INTAKE, event_id="EvP1")))
            assert INFORMER_QUESTION in asked.text
            status, _ = await sender.event(message_event("U1", "x", event_id="EvBad"),
                                           signature="v0=bad")
            assert status == 401
            contact = await answer_to(sender.action(block_actions("U1", asked, "HR")))
            assert CONTACT_QUESTION in contact.text
            await answer_to(sender.action(block_actions("U1", contact, "No")))
            await fake.wait_until(lambda: any("Saved. Here's what I have:" in c.text
                                              for c in fake.posts()))
            assert len(fake.calls_to("chat.update")) == 2
            proc.send_signal(signal.SIGTERM)
            code = await asyncio.wait_for(proc.wait(), 20)
            await asyncio.wait_for(reader, 5)
            log = "".join(errors)
            assert code == 0, log
            assert "Traceback" not in log, log
            assert TOKEN not in log and SECRET not in log
            assert (tmp_path / "data" / "users").is_dir()
        finally:
            if proc.returncode is None:
                proc.kill()
                await proc.wait()
            if reader is not None:
                reader.cancel()
            await fake.close()

    run(scenario, timeout=90)
