"""The Telegram adapter: the real python-telegram-bot Application against a fake Bot API server on
127.0.0.1 (tests/fake_telegram.py), with a fake clock for nudges. No test touches the internet."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import signal
import socket
import sys
from collections import defaultdict
from collections.abc import Coroutine
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any, TypeVar

import aiohttp
import pytest
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut
from telegram.ext import AIORateLimiter

from bot.adapters.telegram import (
    BOT_COMMANDS,
    PER_CHAT_BURST,
    HearbackRateLimiter,
    TelegramAdapter,
    TelegramStartError,
    delivery_error,
    file_url_for,
)
from bot.adapters.telegram.logs import quiet_libraries
from bot.adapters.telegram.render import MAX_MESSAGE, messages, split_html
from bot.config import Config
from bot.core.contract import buttons
from bot.core.contract.clock import FakeClock
from bot.core.contract.messages import Button, Reply, Span
from bot.core.engine import Engine
from bot.core.features import COMMANDS, HELP_LINES
from bot.scheduler import Scheduler
from storage import ShardedRepository, open_repository
from tests.conftest import START
from tests.fake_telegram import BOT_USERNAME, Call, FakeBotApi, parse_html

TOKEN = "123:TEST"
ADA = 1001  # the user; in a private chat the chat id is the user id
EVE = 2002  # someone else
GROUP = -100500
INTAKE = ("I just had an interview with Jane Doe at Acme for the backend role, "
          "they said they'd let me know by Friday")
TIMEOUT = 20.0
ROOT = Path(__file__).resolve().parent.parent

T = TypeVar("T")


def run(coro: Coroutine[Any, Any, T]) -> T:
    return asyncio.run(asyncio.wait_for(coro, TIMEOUT))


def make_config(data_dir: Path, base_url: str, **changes: Any) -> Config:
    config = Config(data_dir=data_dir, timezone="Europe/London", now=None, tick_seconds=1.0,
                    telegram_token=TOKEN, slack_bot_token=None, telegram_api_base_url=base_url)
    return replace(config, **changes)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class Harness:
    """A running adapter (and a scheduler) over one data directory, against the fake API."""

    def __init__(self, tmp_path: Path, fake: FakeBotApi, repo: ShardedRepository,
                 clock: FakeClock, **config: Any) -> None:
        self.fake = fake
        self.repo = repo
        self.clock = clock
        self.engine = Engine(repo, clock, default_timezone="Europe/London")
        self.adapter = TelegramAdapter(make_config(tmp_path / "data", fake.base_url, **config),
                                       self.engine)
        self.adapter.webhook_listen = "127.0.0.1"
        # No typing indicator unless a test asks for one (tests/test_telegram_native.py): a
        # slow first turn on a busy machine would otherwise add a sendChatAction anywhere.
        self.adapter.typing_delay = 600.0
        self.scheduler = Scheduler(repo, self.engine, clock, {"telegram": self.adapter})
        self.stop = asyncio.Event()
        self.task: asyncio.Task[None] | None = None
        self._done: defaultdict[int, asyncio.Event] = defaultdict(asyncio.Event)

    async def start(self) -> None:
        self.task = asyncio.create_task(self.adapter.run(self.stop))
        started = asyncio.create_task(self.adapter.started.wait())
        await asyncio.wait([self.task, started], return_when=asyncio.FIRST_COMPLETED)
        if self.task.done():
            started.cancel()
            self.task.result()  # raises what made start-up fail
        assert self.adapter.app is not None
        # Observes each update once the adapter has answered it (in the user's lane).
        self.adapter.on_done = lambda key: self._done[int(key)].set()

    async def close(self) -> None:
        self.stop.set()
        if self.task is not None and not self.task.done():
            await asyncio.wait_for(self.task, 10)

    async def deliver(self, update: dict[str, Any], timeout: float = 10.0) -> list[Call]:
        """Telegram hands the bot an update (by getUpdates); the calls made in answer, once it
        is handled (at most `timeout` seconds, its paced messages sent)."""
        mark = len(self.fake.calls)
        await self.fake.queue(update)
        await self.handled(update["update_id"], timeout)
        return [c for c in self.fake.calls[mark:] if c.method != "getUpdates"]

    async def handled(self, update_id: int, timeout: float = 10.0) -> None:
        await asyncio.wait_for(self._done[update_id].wait(), timeout)

    async def say(self, text: str, user: int = ADA, timeout: float = 10.0) -> list[Call]:
        return await self.deliver(self.fake.text_update(user, text), timeout)

    async def press(self, label: str, user: int = ADA, chat: int = ADA) -> list[Call]:
        message_id, data = self.fake.last_with_button(chat, label)
        return await self.deliver(self.fake.press_update(user, message_id, data))

    async def intake(self) -> None:
        await self.say(INTAKE)
        await self.press("HR")
        await self.press("No")


class Session:
    """`async with Session(tmp_path) as h:` a fake API, storage, a clock and a running adapter."""

    def __init__(self, tmp_path: Path, *, start: bool = True, token: str = TOKEN,
                 **config: Any) -> None:
        self.tmp_path = tmp_path
        self.fake = FakeBotApi(token)
        self.start = start
        self.config = config
        self.repo: ShardedRepository | None = None

    async def __aenter__(self) -> Harness:
        await self.fake.start()
        self.repo = open_repository(self.tmp_path / "data")
        self.h = Harness(self.tmp_path, self.fake, self.repo, FakeClock(START), **self.config)
        if self.start:
            await self.h.start()
        return self.h

    async def __aexit__(self, *exc: object) -> None:
        try:
            await self.h.close()
        finally:
            await self.fake.stop()
            assert self.repo is not None
            self.repo.close()


def texts(calls: list[Call]) -> list[str]:
    return [c.text for c in calls if c.method == "sendMessage" and c.status == 200]


def methods(calls: list[Call]) -> list[str]:
    return [c.method for c in calls]


# -- start-up ---------------------------------------------------------------------------------

def test_start_registers_commands_and_polls(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with Session(tmp_path) as h:
            await h.fake.wait_for(lambda: "getUpdates" in h.fake.methods(polling=True))
            assert h.fake.methods()[:8] == ["getMe", "setMyCommands", "setMyCommands",
                                            "getMyDescription", "setMyDescription",
                                            "getMyShortDescription", "setMyShortDescription",
                                            "deleteWebhook"]
            [call] = [c for c in h.fake.calls if c.method == "setMyCommands"
                      and "scope" not in c.params]  # the default menu (groups have their own)
            commands = call.params["commands"]
            words = [c["command"] for c in commands]
            assert words[0] == "start" and set(words) <= set(COMMANDS)
            assert {"interview", "list", "status", "done", "outcome", "rehearse", "export",
                    "delete", "cancel", "help"} <= set(words)
            assert all(c["description"][0].isupper() for c in commands)
            polls = [c for c in h.fake.calls if c.method == "getUpdates"]
            assert polls[0].params["allowed_updates"] == ["message", "callback_query",
                                                          "my_chat_member", "chat_member"]
            assert float(polls[0].params["timeout"]) == h.adapter.poll_timeout

    run(scenario())


def test_command_menu_covers_the_help() -> None:
    assert [w for w, _ in BOT_COMMANDS] == ["start", *(w for w, _ in HELP_LINES)]


def test_file_url_follows_the_api_url() -> None:
    assert file_url_for("http://127.0.0.1:8081/bot") == "http://127.0.0.1:8081/file/bot"
    assert file_url_for("https://tg.example/x/bot{token}") == "https://tg.example/x/file/bot{token}"
    assert file_url_for("https://tg.example/weird") is None


# -- conversations ----------------------------------------------------------------------------

def test_full_intake_by_free_text(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with Session(tmp_path) as h:
            first = await h.say(INTAKE)
            # The reply, then (a new user) the one question about their time zone.
            assert methods(first) == ["sendMessage", "sendMessage"]
            assert "Which time zone are you in?" in first[1].text
            assert first[0].chat_id == ADA and first[0].params["parse_mode"] == "HTML"
            assert "Who will tell you the result?" in first[0].text
            assert first[0].labels == ["HR", "The interviewer", "A mailing team", "Not sure",
                                       "Skip", "Cancel"]
            second = await h.say("HR")
            assert "email or call them at a set time" in texts(second)[0]
            third = await h.say("no")
            assert methods(third) == ["sendMessage", "sendMessage"]
            summary, thank_you = third
            assert summary.text.startswith("Saved.") and "Who tells you: HR" in summary.text
            assert "Now: send your thank-you." in thank_you.text
            assert "Thank-you sent ✓" in thank_you.labels
            # Bold spans arrive as bold entities.
            _, entities = parse_html(summary.params["text"])
            bold = [summary.text[e["offset"]:e["offset"] + e["length"]] for e in entities
                    if e["type"] == "bold"]
            assert "backend role at Acme" in bold
            user = h.repo.get_user(f"telegram:{ADA}")
            assert user is not None and user.chat_id == str(ADA)
            assert user.display_name == "Ada Lovelace"
            assert len(h.repo.interviews_for(user.key)) == 1

    run(scenario())


def test_full_intake_by_buttons_edits_the_pressed_messages(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with Session(tmp_path) as h:
            await h.say(INTAKE)
            question_id, hr_data = h.fake.last_with_button(ADA, "HR")
            pressed = await h.press("HR")
            assert methods(pressed) == ["answerCallbackQuery", "editMessageText", "sendMessage"]
            answer, edit, nxt = pressed
            assert "text" not in answer.params  # no alert: the spinner just stops
            assert int(edit.params["message_id"]) == question_id
            assert "reply_markup" not in edit.params  # the keyboard is gone
            assert edit.text.endswith("→ HR")
            assert "Who will tell you the result?" in edit.text
            assert "reply_markup" not in h.fake.messages[question_id]
            assert "email or call them" in nxt.text
            done = await h.press("No")
            assert methods(done) == ["answerCallbackQuery", "editMessageText", "sendMessage",
                                     "sendMessage"]
            assert texts(done)[0].startswith("Saved.")
            # The old button, pressed again (a stale client): the core refuses, nothing changes.
            again = await h.deliver(h.fake.press_update(ADA, question_id, hr_data))
            assert methods(again)[0] == "answerCallbackQuery"
            assert "already closed" in " ".join(texts(again))
            assert len(h.repo.interviews_for(f"telegram:{ADA}")) == 1

    run(scenario())


def test_a_press_by_someone_else_is_refused(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with Session(tmp_path) as h:
            await h.say(INTAKE)
            question_id, _ = h.fake.last_with_button(ADA, "HR")
            refused = await h.press("HR", user=EVE)
            assert methods(refused) == ["answerCallbackQuery"]
            [answer] = refused
            assert answer.params["show_alert"] == "true"
            assert "someone else" in answer.params["text"]
            assert h.fake.messages[question_id].get("reply_markup")  # left for its owner
            assert h.repo.get_dialog(f"telegram:{ADA}") is not None
            # The owner can still answer.
            ok = await h.press("HR")
            assert "email or call them" in texts(ok)[0]

    run(scenario())


def test_user_text_is_escaped_never_markup(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with Session(tmp_path) as h:
            await h.deliver(h.fake.text_update(
                ADA, "I just had an interview with Jane Doe for the backend role, they said "
                "by Friday", first_name="<i>Ada</i>", last_name="&amp;"))
            asked = await h.say("<b>Evil</b> & Co")
            assert "Who will tell you the result?" in texts(asked)[0]
            await h.press("HR")
            done = await h.press("No")
            summary = next(c for c in done if c.method == "sendMessage")
            raw = summary.params["text"]
            assert "&lt;b&gt;Evil&lt;/b&gt; &amp; Co" in raw
            assert "<b>Evil</b>" not in raw
            text, entities = parse_html(raw)
            assert "backend role at <b>Evil</b> & Co" in text  # shown literally
            bold = [text[e["offset"]:e["offset"] + e["length"]] for e in entities
                    if e["type"] == "bold"]
            assert "Evil" not in bold and "backend role at <b>Evil</b> & Co" in bold
            thank_you = texts(done)[1]
            assert "Job interview follow up – <i>Ada</i> &amp;" in thank_you  # their name, as typed
            # Pressing a button re-renders that message (to show the choice): still literal.
            message_id, _ = h.fake.last_with_button(ADA, "Thank-you sent ✓")
            pressed = await h.press("Thank-you sent ✓")
            [edit] = [c for c in pressed if c.method == "editMessageText"]
            assert "Job interview follow up – <i>Ada</i> &amp;" in edit.text
            assert edit.text.endswith("→ Thank-you sent ✓")
            assert not [e for e in h.fake.messages[message_id]["entities"]
                        if e["type"] == "italic" and e["length"] == 3]

    run(scenario())


def test_export_is_sent_as_documents(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with Session(tmp_path) as h:
            await h.intake()
            calls = await h.say("/export")
            assert methods(calls) == ["sendMessage", "sendDocument", "sendDocument"]
            names = [c.files["document"][0] for c in calls[1:]]
            assert names == ["hearback-export.json", "hearback-calendar.ics"]
            assert all(c.chat_id == ADA for c in calls)
            data = json.loads(calls[1].files["document"][1])
            assert "Acme" in json.dumps(data)
            assert calls[2].files["document"][1].startswith(b"BEGIN:VCALENDAR")

    run(scenario())


def test_commands_addressed_to_the_bot_by_name(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with Session(tmp_path) as h:
            calls = await h.say(f"/help@{BOT_USERNAME}")
            assert "What I can do" in texts(calls)[0]
            calls = await h.say(f"/interview@{BOT_USERNAME}")
            assert "Which company" in texts(calls)[0] or "Who" in texts(calls)[0]

    run(scenario())


def test_group_chats_answer_only_what_is_addressed_to_the_bot(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with Session(tmp_path) as h:
            chatter = await h.deliver(h.fake.text_update(ADA, INTAKE, chat_id=GROUP))
            assert chatter == []
            other_bot = await h.deliver(h.fake.text_update(ADA, "/start@OtherBot",
                                                           chat_id=GROUP))
            assert other_bot == []
            helped = await h.deliver(h.fake.text_update(ADA, f"/start@{BOT_USERNAME}",
                                                        chat_id=GROUP))
            [call] = helped  # the group's help (tests/test_telegram_team.py: the rest)
            assert call.chat_id == GROUP and "Hearback in “Cohort”" in call.text
            assert "board" in call.text and "share" in call.text
            assert h.repo.get_user(f"telegram:{ADA}") is None  # a group creates no record

    run(scenario())


def test_non_text_messages_get_a_note_and_the_open_question(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with Session(tmp_path) as h:
            await h.say(INTAKE)
            calls = await h.deliver(h.fake.sticker_update(ADA))
            note, question = texts(calls)
            assert "only read text" in note
            assert "Who will tell you the result?" in question

    run(scenario())


# -- long messages ----------------------------------------------------------------------------

def test_split_keeps_lines_whole_and_tags_balanced() -> None:
    lines = [f"Line {i:04d}: " + "word " * 12 for i in range(300)]
    draft = "\n".join(f"draft {i} <&> " + "x" * 40 for i in range(120))
    spans = (Span("\n".join(lines[:150]) + "\n"), Span("Title\n", "bold"), Span(draft, "pre"),
             Span("\n" + "\n".join(lines[150:])))
    chunks = split_html(spans)
    assert len(chunks) > 2
    full = "".join(s.text for s in spans)
    shown = []
    for chunk in chunks:
        assert len(chunk) <= MAX_MESSAGE
        text, _ = parse_html(chunk)  # well-formed on its own
        shown.append(text)
        assert not text.startswith("\n") and not text.endswith("\n")
    # Nothing lost or reordered, and every cut falls at the end of a line.
    assert "\n".join(shown) == full.strip("\n")
    pre_parts = [c for c in chunks if "<pre>" in c]
    assert len(pre_parts) >= 2  # the draft was split, closed and reopened
    assert all(c.count("<pre>") == c.count("</pre>") for c in chunks)


def test_split_cuts_a_single_huge_line_and_counts_emoji_double() -> None:
    chunks = split_html((Span("😀 " * 3000, "bold"),))
    assert len(chunks) >= 3
    for chunk in chunks:
        assert len(chunk.encode("utf-16-le")) // 2 <= MAX_MESSAGE
        text, _ = parse_html(chunk)
        assert text.strip(" 😀") == ""
    assert sum(parse_html(c)[0].count("😀") for c in chunks) == 3000


def test_reply_rendering_keyboard_on_the_last_message() -> None:
    reply = Reply(spans=(Span("a\n" * 3000),),
                  buttons=((Button("Yes", "hb1|x|1||"),), (Button("No", "hb1|y|1||"),)))
    out = messages(reply)
    assert len(out) == 2
    assert out[0].keyboard is None and out[1].keyboard is not None
    assert messages(Reply(spans=())) == []
    assert messages(Reply(spans=(), buttons=((Button("Go", "hb1|g|1||"),),)))[0].html


def test_a_long_nudge_arrives_in_parts_with_the_keyboard_last(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with Session(tmp_path) as h:
            await h.say("hi")
            user = h.repo.get_user(f"telegram:{ADA}")
            assert user is not None
            body = "\n".join(f"{i}: " + "long line of a draft " * 8 for i in range(200))
            reply = Reply(spans=(Span("Your draft:\n"), Span(body, "pre")),
                          buttons=((buttons.make("Done", "ty", str(ADA), "iv1"),),))
            mark = len(h.fake.calls)
            await h.adapter.send(user, reply)
            parts = h.fake.sent(ADA, since=mark)
            assert len(parts) >= 4 and all(c.status == 200 for c in parts)
            assert [bool(c.labels) for c in parts] == [False] * (len(parts) - 1) + [True]
            assert all(parse_html(c.params["text"])[1][0]["type"] == "pre" for c in parts[1:])
            assert "\n".join(c.text for c in parts).split() == reply.text.split()

    run(scenario())


# -- nudges from the scheduler ----------------------------------------------------------------

def test_a_nudge_arrives_as_send_message_with_its_keyboard(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with Session(tmp_path) as h:
            await h.intake()
            mark = len(h.fake.calls)
            h.clock.advance(timedelta(hours=1, minutes=59))
            assert await h.scheduler.tick() == 0
            h.clock.advance(timedelta(minutes=1))
            assert await h.scheduler.tick() == 1
            [nudge] = [c for c in h.fake.calls[mark:] if c.method != "getUpdates"]
            assert nudge.method == "sendMessage" and nudge.chat_id == ADA
            assert "Thank-you check" in nudge.text
            assert nudge.labels == ["Draft it for me", "Thank-you sent ✓", "Snooze"]
            for _, data in (b for row in nudge.keyboard for b in row):
                press = buttons.parse(data)
                assert press is not None and press.owner == str(ADA)
                assert len(data.encode()) <= 64
            pressed = await h.press("Thank-you sent ✓")
            assert "marked sent" in texts(pressed)[0]
            after = len(h.fake.calls)
            h.clock.advance(timedelta(hours=17))  # past the next morning's last reminder
            await h.scheduler.tick()
            assert not [c for c in h.fake.sent(ADA, since=after) if "thank-you" in c.text]

    run(scenario())


def test_429_keeps_the_nudge_and_delivers_it_later(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with Session(tmp_path) as h:
            await h.intake()
            h.fake.fail("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1)
            mark = len(h.fake.calls)
            h.clock.advance(timedelta(hours=2))
            assert await h.scheduler.tick() == 0
            assert [c.status for c in h.fake.calls[mark:] if c.method == "sendMessage"] == [429]
            [nudge] = [n for iv in h.repo.interviews_for(f"telegram:{ADA}")
                       for n in h.repo.nudges_for_interview(iv.id) if n.attempts]
            assert nudge.status == "pending"
            assert nudge.due_at == h.clock.now() + timedelta(seconds=1)
            assert await h.scheduler.tick() == 0  # not before retry_after
            h.clock.advance(timedelta(seconds=1))
            assert await h.scheduler.tick() == 1
            delivered = h.fake.sent(ADA, since=mark)
            assert len(delivered) == 1 and "Thank-you check" in delivered[0].text
            user = h.repo.get_user(f"telegram:{ADA}")
            assert user is not None and not user.unreachable

    run(scenario())


def test_403_marks_the_user_unreachable_and_pauses_nudges(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with Session(tmp_path) as h:
            await h.intake()
            h.fake.fail("sendMessage", 403, "Forbidden: bot was blocked by the user", times=99)
            h.clock.advance(timedelta(hours=2))
            assert await h.scheduler.tick() == 0
            key = f"telegram:{ADA}"
            user = h.repo.get_user(key)
            assert user is not None and user.unreachable
            statuses = [n.status for iv in h.repo.interviews_for(key)
                        for n in h.repo.nudges_for_interview(iv.id)]
            assert "paused" in statuses
            tries = len([c for c in h.fake.calls if c.status == 403])
            h.clock.advance(timedelta(days=6))
            assert await h.scheduler.tick() == 0
            assert len([c for c in h.fake.calls if c.status == 403]) == tries  # not retried
            # They unblock the bot and write again: reachable, nudges resume.
            h.fake.failures.clear()
            await h.say("hello")
            user = h.repo.get_user(key)
            assert user is not None and not user.unreachable
            statuses = [n.status for iv in h.repo.interviews_for(key)
                        for n in h.repo.nudges_for_interview(iv.id)]
            assert "paused" not in statuses and "pending" in statuses

    run(scenario())


def test_network_errors_on_a_nudge_retry_with_back_off(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with Session(tmp_path) as h:
            await h.intake()
            h.fake.fail("sendMessage", 502, "Bad Gateway")
            h.clock.advance(timedelta(hours=2))
            assert await h.scheduler.tick() == 0
            user = h.repo.get_user(f"telegram:{ADA}")
            assert user is not None and not user.unreachable
            h.clock.advance(timedelta(seconds=30))
            assert await h.scheduler.tick() == 1

    run(scenario())


@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
def test_errors_map_to_delivery_errors() -> None:
    flood = delivery_error(RetryAfter(7))
    assert flood.retry_after == 7 and not flood.permanent
    assert delivery_error(Forbidden("Forbidden: bot was blocked by the user")).permanent
    assert delivery_error(BadRequest("Bad Request: chat not found")).permanent
    for exc in (NetworkError("boom"), TimedOut("slow"), BadRequest("Bad Request: other")):
        err = delivery_error(exc)
        assert not err.permanent and err.retry_after is None


def test_rate_limits_per_private_chat_on_top_of_ptbs_limiter() -> None:
    limiter = HearbackRateLimiter()
    assert isinstance(limiter, AIORateLimiter)
    per_chat = limiter.chat_limiter("sendMessage", ADA)
    assert per_chat is not None and per_chat.max_rate == PER_CHAT_BURST
    assert per_chat.time_period == PER_CHAT_BURST  # one a second on average
    assert limiter.chat_limiter("sendDocument", str(ADA)) is per_chat
    assert limiter.chat_limiter("sendMessage", GROUP) is None  # PTB's 20/min group limit
    assert limiter.chat_limiter("sendMessage", "@channel") is None
    assert limiter.chat_limiter("answerCallbackQuery", None) is None
    assert limiter.chat_limiter("editMessageText", ADA) is None


def test_a_reply_that_gets_429_waits_and_is_sent(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with Session(tmp_path) as h:
            h.fake.fail("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1)
            calls = await h.say("/help")
            # The help after the wait, then the new user's time zone question.
            assert [c.status for c in calls if c.method == "sendMessage"] == [429, 200, 200]
            assert "What I can do" in texts(calls)[0]

    run(scenario())


def test_a_reply_refused_with_400_is_not_retried_as_a_network_error(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    async def scenario() -> None:
        async with Session(tmp_path) as h:
            h.fake.fail("sendMessage", 400, "Bad Request: can't parse entities: x")
            calls = await h.say("/help")
            assert [c.status for c in calls if c.method == "sendMessage"] == [400]
            assert "What I can do" in texts(await h.say("/help"))[0]

    run(scenario())
    assert "network error while replying" not in caplog.text
    assert "not delivered: BadRequest" in caplog.text


# -- the same update twice --------------------------------------------------------------------

def test_an_update_delivered_again_after_a_restart_is_answered_once(tmp_path: Path) -> None:
    async def scenario() -> None:
        fake = FakeBotApi(TOKEN)
        await fake.start()
        repo = open_repository(tmp_path / "data")
        clock = FakeClock(START)
        try:
            first = Harness(tmp_path, fake, repo, clock)
            await first.start()
            update = fake.text_update(ADA, INTAKE)
            assert len(texts(await first.deliver(update))) == 2  # the reply, the zone question
            await first.close()
            # The process died before Telegram heard the update was handled: it comes again.
            second = Harness(tmp_path, fake, repo, clock)
            second.engine = first.engine  # same data directory, same engine state
            await second.start()
            try:
                again = await second.deliver(json.loads(json.dumps(update)))
                assert texts(again) == []
                follow = await second.say("HR")
                assert "email or call them" in texts(follow)[0]
            finally:
                await second.close()
        finally:
            await fake.stop()
            repo.close()

    run(scenario())


def test_polling_confirms_handled_updates_when_stopping(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with Session(tmp_path) as h:
            update = await h.fake.queue(h.fake.text_update(ADA, "hi"))
            await h.handled(update["update_id"])
        last = [c for c in h.fake.calls if c.method == "getUpdates"][-1]
        assert int(last.params["offset"]) == update["update_id"] + 1
        assert h.fake.updates == []

    run(scenario())


# -- webhook ----------------------------------------------------------------------------------

def test_webhook_checks_the_secret_and_answers_once(tmp_path: Path) -> None:
    async def scenario() -> None:
        port = free_port()
        async with Session(tmp_path, telegram_webhook_url="https://hearback.example/tg/hook",
                           telegram_webhook_secret="s3cret_Token-1",
                           telegram_webhook_port=port) as h:
            assert "getUpdates" not in h.fake.methods(polling=True)
            assert h.fake.webhook is not None
            assert h.fake.webhook["url"] == "https://hearback.example/tg/hook"
            assert h.fake.webhook["secret_token"] == "s3cret_Token-1"
            assert h.fake.webhook["allowed_updates"] == ["message", "callback_query",
                                                         "my_chat_member", "chat_member"]
            url = f"http://127.0.0.1:{port}/tg/hook"
            update = h.fake.text_update(ADA, "/help")
            async with aiohttp.ClientSession() as http:
                for headers in ({}, {"X-Telegram-Bot-Api-Secret-Token": "wrong"}):
                    async with http.post(url, json=update, headers=headers) as resp:
                        assert resp.status == 403
                assert h.fake.sent() == []
                good = {"X-Telegram-Bot-Api-Secret-Token": "s3cret_Token-1"}
                async with http.post(url, json=update, headers=good) as resp:
                    assert resp.status == 200
                await h.handled(update["update_id"])
                assert "What I can do" in h.fake.sent(ADA)[0].text
                # Telegram retries a delivery it thinks failed: the same update, no new answer.
                h._done.pop(update["update_id"])
                async with http.post(url, json=update, headers=good) as resp:
                    assert resp.status == 200
                await h.handled(update["update_id"])
                assert len(h.fake.sent(ADA)) == 2  # the help and the zone question, once

    run(scenario())


def test_webhook_without_a_configured_secret_uses_a_random_one(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with Session(tmp_path, telegram_webhook_url="https://hearback.example/hook",
                           telegram_webhook_port=free_port()) as h:
            assert h.fake.webhook is not None
            assert len(h.fake.webhook["secret_token"]) >= 32

    run(scenario())


def test_a_bad_webhook_secret_stops_start_up_clearly(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with Session(tmp_path, start=False,
                           telegram_webhook_url="https://hearback.example/hook",
                           telegram_webhook_secret="has spaces!") as h:
            with pytest.raises(TelegramStartError, match="TELEGRAM_WEBHOOK_SECRET"):
                await h.start()

    run(scenario())


def test_a_webhook_port_in_use_stops_start_up_clearly(tmp_path: Path) -> None:
    async def scenario() -> None:
        with socket.socket() as busy:
            busy.bind(("127.0.0.1", 0))
            busy.listen()
            port = busy.getsockname()[1]
            async with Session(tmp_path, start=False,
                               telegram_webhook_url="https://hearback.example/hook",
                               telegram_webhook_port=port) as h:
                with pytest.raises(TelegramStartError, match="TELEGRAM_WEBHOOK_PORT"):
                    await h.start()

    run(scenario())


# -- tokens stay out of logs ------------------------------------------------------------------

def test_the_token_never_reaches_a_log_line(tmp_path: Path,
                                            caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)

    async def scenario() -> None:
        async with Session(tmp_path) as h:
            await h.intake()
            h.fake.fail("sendMessage", 502, "Bad Gateway")
            h.clock.advance(timedelta(hours=2))
            await h.scheduler.tick()
            # Whatever a library logs, the token is taken out.
            logging.getLogger("httpx").warning("HTTP Request: POST %s/getMe",
                                               f"{h.fake.base_url}{TOKEN}")
            try:
                raise NetworkError(f"failed: {h.fake.base_url}{TOKEN}/sendMessage")
            except NetworkError:
                logging.getLogger("telegram.ext.Updater").exception("polling failed")

    run(scenario())
    assert caplog.records
    lines = [caplog.handler.format(r) for r in caplog.records]
    assert not [line for line in lines if TOKEN in line]
    assert any("[redacted]" in line for line in lines)


def test_a_refused_token_stops_start_up_without_showing_it(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)

    async def scenario() -> None:
        async with Session(tmp_path, start=False, token="999:OTHER") as h:
            with pytest.raises(TelegramStartError) as err:
                await h.start()
            assert TOKEN not in str(err.value) and "TELEGRAM_BOT_TOKEN" in str(err.value)
            assert err.value.__cause__ is None and err.value.__suppress_context__

    run(scenario())
    assert not [r for r in caplog.records if TOKEN in caplog.handler.format(r)]


def test_library_loggers_are_kept_at_warning() -> None:
    quiet_libraries()
    for name in ("httpx", "httpcore", "telegram"):
        assert logging.getLogger(name).getEffectiveLevel() >= logging.WARNING


# -- the real process -------------------------------------------------------------------------

def test_the_hearback_telegram_process_completes_an_intake(tmp_path: Path) -> None:
    async def scenario() -> tuple[list[str], str]:
        fake = FakeBotApi(TOKEN)
        await fake.start()
        script = Path(sys.executable).parent / "hearback"
        command = [str(script), "telegram"] if script.exists() else \
            [sys.executable, "-m", "bot", "telegram"]
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("HEARBACK_", "TELEGRAM_", "SLACK_"))}
        env.update(TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_BASE_URL=fake.base_url,
                   HEARBACK_DATA_DIR=str(tmp_path / "data"), HEARBACK_NOW="2026-11-25T15:00:00",
                   HEARBACK_TIMEZONE="Europe/London", HEARBACK_TICK_SECONDS="0.5",
                   PYTHONPATH=str(ROOT))
        proc = await asyncio.create_subprocess_exec(
            *command, env=env, cwd=tmp_path, stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE)
        try:
            await fake.wait_for(lambda: "getUpdates" in fake.methods(polling=True))
            await fake.queue(fake.text_update(ADA, INTAKE))
            await fake.wait_for(lambda: any("Who will tell you" in c.text for c in fake.sent()))
            message_id, data = fake.last_with_button(ADA, "HR")
            await fake.queue(fake.press_update(ADA, message_id, data))
            await fake.wait_for(lambda: any("email or call" in c.text for c in fake.sent()))
            message_id, data = fake.last_with_button(ADA, "No")
            await fake.queue(fake.press_update(ADA, message_id, data))
            await fake.wait_for(lambda: any("send your thank-you" in c.text
                                            for c in fake.sent()))
            await fake.wait_for(lambda: not fake.updates)  # every update confirmed
            proc.send_signal(signal.SIGTERM)
            _, err = await asyncio.wait_for(proc.communicate(), 15)
        finally:
            if proc.returncode is None:
                proc.kill()
                await proc.wait()
            await fake.stop()
        assert proc.returncode == 0, err.decode()
        return fake.methods(), err.decode()

    sequence, stderr = run(scenario())
    assert TOKEN not in stderr and "Traceback" not in stderr
    # (A typing indicator may come with any turn that takes over half a second here.)
    assert [m for m in sequence if m != "sendChatAction"] == [
        "getMe", "setMyCommands", "setMyCommands", "getMyDescription", "setMyDescription",
        "getMyShortDescription", "setMyShortDescription", "deleteWebhook",
        "sendMessage",  # who tells you the result? (buttons)
        "sendMessage",  # which time zone are you in? (a new user, asked once)
        "answerCallbackQuery", "editMessageText", "sendMessage",  # HR -> set-time question
        "answerCallbackQuery", "editMessageText", "sendMessage", "sendMessage",  # No -> plan
    ]
