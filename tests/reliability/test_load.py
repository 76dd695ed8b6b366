"""Load: 200 users chatting at once through the real Telegram adapter against the fake Bot API,
and 50 through the real Slack adapter (HTTP mode, signed events) against the fake Slack.

Each user is an asyncio task that goes through a short conversation: an interview told in one
sentence, the "HR" button for who tells the result, "no" (typed on Telegram, the "No" button on
Slack) for an agreed call, then the list. It sends its next message only once the previous one
has been answered, and at once (no think time: the worst case for the rate limits). Every user
names a company of its own (Company000, Company001, ...).

Checked: every message answered, each user's answers in the order of their messages and about
that step, no user ever shown another user's company, nothing lost (storage holds each user's
interview with their company at the end), and no platform rate limit exceeded (the fakes check
them: tests/reliability/load_support.py). Reported (pytest -s, and $HEARBACK_LOAD_REPORT as JSON
when set): user messages answered per second of wall time, and p50/p99 reply time, from the
moment the message reaches the platform to the first request of the answer reaching it.

Nothing sleeps to wait: each user waits for its answer on the fakes' per-chat logs (or, on
Telegram, for the update to be handled), with timeouts.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import time
from collections import defaultdict
from collections.abc import Awaitable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import aiohttp
import pytest

from bot.adapters.slack import SlackAdapter
from bot.adapters.telegram import TelegramAdapter
from bot.config import Config
from bot.core.contract.clock import FakeClock
from bot.core.engine import Engine
from storage import ShardedRepository, open_repository
from tests.conftest import START
from tests.fake_slack import Call as SlackCall
from tests.fake_slack import SlackSender, block_actions, message_event
from tests.reliability.load_support import (
    TELEGRAM_OVERALL_ONLY,
    LoadFigures,
    RateLimitedBotApi,
    RateLimitedSlack,
    report,
)

TELEGRAM_USERS = 200
SLACK_USERS = 50
TOKEN = "123:LOAD"
SLACK_TOKEN = "xoxb-load-0000-secret-token"
SLACK_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
FIRST_CHAT = 70_000  # Telegram user i writes from private chat FIRST_CHAT + i
STEP_TIMEOUT = 60.0  # one answer, at worst (the slowest seen is about 21 s)
RUN_TIMEOUT = 150.0  # one whole platform run
# Loose bounds: a real regression (answers stuck behind a 429 storm or a sleep, a lock held
# across users...) fails them, a slow CI machine does not. On Telegram the reply time is set by
# the overall limit, not by the machine: each of the 200 users always has a message waiting and
# Telegram lets 30 requests a second through, so a reply waits about 200 x 1.75 requests / 30
# = 12 s on average (p99 about 20 s).
MAX_P99_SECONDS = 30.0
MIN_MESSAGES_PER_SECOND = 3.0
COMPANY_RE = re.compile(r"Company\d{3}")

T = TypeVar("T")


def company(i: int) -> str:
    return f"Company{i:03d}"  # all the same length: no name is part of another


def intake(i: int) -> str:
    return (f"I just had an interview with Jane Doe at {company(i)} for the backend role, "
            f"they said they'd let me know by Friday")


@dataclass(frozen=True)
class Step:
    """What the user does (presses the button `press` on the newest message showing it, or
    types `text`), and how the bot must answer, in order: (method, a text it must contain).
    `content`, when set, must be in the answer with `{company}` as the user's own company."""

    answers: tuple[tuple[str, str], ...]
    press: str | None = None
    text: str = ""
    content: str | None = None


INTAKE = "{intake}"  # the user's intake sentence (see intake())
TELEGRAM_STEPS = [
    # A new Telegram user is also asked, once, which time zone they are in.
    Step((("sendMessage", "Who will tell you the result?"),
          ("sendMessage", "Which time zone are you in?")), text=INTAKE),
    Step((("editMessageText", "→ HR"), ("sendMessage", "email or call them")), press="HR"),
    # Typed rather than pressed here: under Telegram's overall limit each request a user's turn
    # makes costs 200 users / 30 per second = 6.7 s of wall time, and a press makes two more
    # than typing (the answer to the press, the edit of the pressed message).
    Step((("sendMessage", "Saved. Here's what I have:"),
          ("sendMessage", "Now: send your thank-you.")), text="no",
         content="backend role at {company}"),
    Step((("sendMessage", "Your interviews (1 open)"),), text="/list",
         content="backend role at {company}"),
]
SLACK_STEPS = [
    Step((("chat.postMessage", "Who will tell you the result?"),), text=INTAKE),
    Step((("chat.update", "You chose: *HR*"),
          ("chat.postMessage", "Did anyone ask you to email or call them")), press="HR"),
    Step((("chat.update", "You chose: *No*"), ("chat.postMessage", "Saved. Here's what I have:"),
          ("chat.postMessage", "Now: send your thank-you.")),
         press="No", content="backend role at {company}"),
    Step((("chat.postMessage", "Your interviews (1 open)"),), text="list",
         content="backend role at {company}"),
]


def run(scenario: Awaitable[T]) -> T:
    async def bounded() -> T:
        return await asyncio.wait_for(scenario, RUN_TIMEOUT)
    return asyncio.run(bounded())


@dataclass
class UserRun:
    """One user's conversation: reply times (seconds) of the steps answered, what went wrong."""

    reply_times: list[float] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def check_step(who: str, n: int, step: Step, answers: list[tuple[str, str]],
               own: str) -> list[str]:
    """Problems with step n's answers, (method, text) as they arrived, against `step`."""
    problems: list[str] = []
    got = [m for m, _ in answers]
    want = [m for m, _ in step.answers]
    content = step.content
    if got != want:
        problems.append(f"{who} step {n}: answered with {got}, expected {want}")
    for (method, text), (_, marker) in zip(answers, step.answers, strict=False):
        if marker not in text:
            problems.append(f"{who} step {n}: {method} without {marker!r}: {text[:120]!r}")
    if content is not None and not any(content.format(company=own) in t for _, t in answers):
        problems.append(f"{who} step {n}: no {content.format(company=own)!r} in the answer")
    for _, text in answers:
        strangers = set(COMPANY_RE.findall(text)) - {own}
        if strangers:
            problems.append(f"{who} step {n}: shown another user's data {sorted(strangers)}")
    return problems


def summarise(runs: list[UserRun]) -> tuple[list[float], list[str]]:
    times = [t for r in runs for t in r.reply_times]
    problems = [p for r in runs for p in r.problems]
    return times, problems


def logged_problems(caplog: pytest.LogCaptureFixture) -> list[str]:
    """Errors logged by anyone, and the bot's own warnings (a failed send, a retry...)."""
    return [f"log: {r.name}: {r.getMessage()}" for r in caplog.records
            if r.levelno >= logging.ERROR
            or (r.levelno >= logging.WARNING and r.name.startswith("hearback"))]


def assert_healthy(figures: LoadFigures, problems: list[str], errors: list[str],
                   violations: list[Any], users: int, steps: int) -> None:
    assert violations == [], f"{len(violations)} requests over a rate limit: {violations[:10]}"
    assert problems == [], f"{len(problems)} problems, first ones: {problems[:10]}"
    assert errors == [], f"errors: {errors[:10]}"
    assert figures.messages == users * steps
    assert figures.reply_p99_seconds < MAX_P99_SECONDS, figures.line()
    assert figures.messages_per_second > MIN_MESSAGES_PER_SECOND, figures.line()


# -- Telegram ------------------------------------------------------------------------------------
class TelegramRig:
    """The real TelegramAdapter (python-telegram-bot Application, long polling) over a real data
    directory, against the rate-limiting fake Bot API."""

    def __init__(self, tmp_path: Path, fake: RateLimitedBotApi, repo: ShardedRepository) -> None:
        self.fake = fake
        self.repo = repo
        engine = Engine(repo, FakeClock(START), default_timezone="Europe/London")
        config = Config(data_dir=tmp_path / "data", timezone="Europe/London", now=None,
                        tick_seconds=1.0, telegram_token=TOKEN, slack_bot_token=None,
                        telegram_api_base_url=fake.base_url)
        self.adapter = TelegramAdapter(config, engine)
        self.stop = asyncio.Event()
        self.task: asyncio.Task[None] | None = None
        self.handled: defaultdict[int, asyncio.Event] = defaultdict(asyncio.Event)

    async def start(self) -> None:
        self.task = asyncio.create_task(self.adapter.run(self.stop))
        started = asyncio.create_task(self.adapter.started.wait())
        await asyncio.wait([self.task, started], timeout=STEP_TIMEOUT,
                           return_when=asyncio.FIRST_COMPLETED)
        started.cancel()
        if self.task.done():
            self.task.result()  # raises what made start-up fail
        assert self.adapter.started.is_set() and self.adapter.app is not None, "not started"
        # Told of each update once the adapter has answered it (in the user's lane).
        self.adapter.on_done = lambda key: self.handled[int(key)].set()

    async def close(self) -> None:
        self.stop.set()
        if self.task is not None and not self.task.done():
            await asyncio.wait_for(self.task, STEP_TIMEOUT)

    async def user(self, i: int) -> UserRun:
        chat = FIRST_CHAT + i
        key, own, who = str(chat), company(i), f"telegram user {i}"
        out = UserRun()
        loop = asyncio.get_running_loop()
        for n, step in enumerate(TELEGRAM_STEPS):
            if step.press is not None:
                try:
                    message_id, data = self.fake.last_with_button(chat, step.press)
                except AssertionError as exc:
                    out.problems.append(f"{who} step {n}: {exc}")
                    return out
                update = self.fake.press_update(chat, message_id, data)
            else:
                text = intake(i) if step.text == INTAKE else step.text
                update = self.fake.text_update(chat, text, first_name=f"User{i}")
            mark = self.fake.log.count(key)
            queued = loop.time()
            await self.fake.queue(update)
            try:
                await asyncio.wait_for(self.handled[update["update_id"]].wait(), STEP_TIMEOUT)
            except TimeoutError:
                out.problems.append(f"{who} step {n}: not handled in {STEP_TIMEOUT:g}s")
                return out
            arrived = self.fake.log.since(key, mark)
            if not arrived:
                out.problems.append(f"{who} step {n}: not answered")
                return out
            out.reply_times.append(arrived[0][0] - queued)
            out.problems += check_step(who, n, step, [(c.method, c.text) for _, c in arrived],
                                       own)
        return out

    def transcript_problems(self, i: int) -> list[str]:
        """The chat's whole transcript (what Telegram accepted, in arrival order) against the
        expected conversation: nothing extra, nothing missing, nothing out of order. Requests
        refused for a rate limit are in `violations`."""
        got = [c.method for _, c in self.fake.log.since(str(FIRST_CHAT + i), 0)]
        want = [m for step in TELEGRAM_STEPS for m, _ in step.answers]
        return [] if got == want else [f"telegram user {i}: transcript {got}, expected {want}"]


def test_200_telegram_users_at_once(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING)

    async def scenario() -> tuple[LoadFigures, list[str], list[str], list[Any]]:
        fake = RateLimitedBotApi(TOKEN)
        await fake.start()
        repo = open_repository(tmp_path / "data")
        rig = TelegramRig(tmp_path, fake, repo)
        try:
            await rig.start()
            started = time.perf_counter()
            runs = await asyncio.gather(*(rig.user(i) for i in range(TELEGRAM_USERS)))
            wall = time.perf_counter() - started
            times, problems = summarise(list(runs))
            for i in range(TELEGRAM_USERS):
                problems += rig.transcript_problems(i)
                stored = repo.interviews_for(f"telegram:{FIRST_CHAT + i}")
                if [iv.company for iv in stored] != [company(i)]:
                    problems.append(f"telegram user {i}: stored {[iv.company for iv in stored]}")
            limited = [c for c in fake.calls if c.method.startswith(("send", "edit"))
                       or c.method in TELEGRAM_OVERALL_ONLY]
            errors = [f"{c.method} {c.status} {c.params.get('chat_id')}" for c in fake.calls
                      if c.status not in (200, 429)]
            figures = LoadFigures.of(
                "telegram", TELEGRAM_USERS, times, wall, len(limited), len(fake.violations),
                {"overall": fake.limits.peak("overall"), "per chat": fake.limits.peak("chat ")})
            return figures, problems, errors, list(fake.violations)
        finally:
            try:
                await rig.close()
            finally:
                await fake.stop()
                repo.close()

    figures, problems, errors, violations = run(scenario())
    report(figures)
    errors += logged_problems(caplog)
    assert_healthy(figures, problems, errors, violations, TELEGRAM_USERS, len(TELEGRAM_STEPS))


# -- Slack ---------------------------------------------------------------------------------------
class SlackRig:
    """The real SlackAdapter (slack-bolt AsyncApp in HTTP mode) over a real data directory:
    users' messages and presses go in as signed requests, answers come out at the fake Slack."""

    def __init__(self, tmp_path: Path, fake: RateLimitedSlack, repo: ShardedRepository) -> None:
        self.fake = fake
        self.repo = repo
        engine = Engine(repo, FakeClock(START), default_timezone="Europe/London")
        config = Config(data_dir=tmp_path / "data", timezone="Europe/London", now=None,
                        tick_seconds=30, telegram_token=None, slack_bot_token=SLACK_TOKEN,
                        slack_signing_secret=SLACK_SECRET, slack_http_host="127.0.0.1",
                        slack_http_port=0, slack_api_url=fake.api_url)
        self.adapter = SlackAdapter(config, engine)
        self.stop = asyncio.Event()
        self.task: asyncio.Task[None] | None = None
        self.sender = SlackSender("http://127.0.0.1:0/slack/events", SLACK_SECRET)

    async def start(self) -> None:
        self.task = asyncio.create_task(self.adapter.run(self.stop))
        ready = asyncio.create_task(self.adapter.ready.wait())
        await asyncio.wait({self.task, ready}, timeout=STEP_TIMEOUT,
                           return_when=asyncio.FIRST_COMPLETED)
        if self.task.done():
            ready.cancel()
            self.task.result()  # run() failed: show why
        assert self.adapter.ready.is_set() and self.adapter.address is not None
        host, port = self.adapter.address
        self.sender.url = f"http://{host}:{port}/slack/events"

    async def close(self) -> None:
        self.stop.set()
        if self.task is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.wait_for(self.task, STEP_TIMEOUT)

    async def user(self, i: int) -> UserRun:
        uid = f"U{i:03d}"
        channel, own, who = f"D{uid}", company(i), f"slack user {i}"
        out = UserRun()
        loop = asyncio.get_running_loop()
        last: SlackCall | None = None  # the newest message with buttons
        for n, step in enumerate(SLACK_STEPS):
            if step.press is not None:
                if last is None or step.press not in last.labels:
                    out.problems.append(f"{who} step {n}: no button {step.press!r} to press")
                    return out
                request = self.sender.action(block_actions(uid, last, step.press))
            else:
                text = intake(i) if step.text == INTAKE else step.text
                request = self.sender.event(message_event(uid, text, event_id=f"Ev{uid}x{n}"))
            mark = self.fake.log.count(channel)
            sent = loop.time()
            try:
                status, _ = await request
            except (aiohttp.ClientError, TimeoutError) as exc:
                out.problems.append(f"{who} step {n}: Slack could not deliver it to the app "
                                    f"({type(exc).__name__}: {exc})")
                return out
            if status != 200:
                out.problems.append(f"{who} step {n}: Slack's request answered {status}")
                return out
            try:
                await self.fake.log.wait(channel, mark + len(step.answers), STEP_TIMEOUT)
            except TimeoutError:
                got = [c.method for _, c in self.fake.log.since(channel, mark)]
                out.problems.append(f"{who} step {n}: not fully answered in "
                                    f"{STEP_TIMEOUT:g}s (got {got})")
                return out
            arrived = self.fake.log.since(channel, mark)
            out.reply_times.append(arrived[0][0] - sent)
            answers = [(c.method, "\n".join(c.texts)) for _, c in arrived]
            out.problems += check_step(who, n, step, answers, own)
            with_buttons = [c for _, c in arrived if c.method == "chat.postMessage" and c.buttons]
            if with_buttons:
                last = with_buttons[-1]
        return out

    def transcript_problems(self, i: int) -> list[str]:
        """As TelegramRig.transcript_problems."""
        got = [c.method for _, c in self.fake.log.since(f"DU{i:03d}", 0)]
        want = [m for step in SLACK_STEPS for m, _ in step.answers]
        return [] if got == want else [f"slack user {i}: transcript {got}, expected {want}"]


def test_50_slack_users_at_once(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING)

    async def scenario() -> tuple[LoadFigures, list[str], list[str], list[Any]]:
        fake = RateLimitedSlack()
        await fake.start()
        repo = open_repository(tmp_path / "data")
        rig = SlackRig(tmp_path, fake, repo)
        try:
            await rig.start()
            started = time.perf_counter()
            runs = await asyncio.gather(*(rig.user(i) for i in range(SLACK_USERS)))
            wall = time.perf_counter() - started
            await rig.adapter.idle(STEP_TIMEOUT)  # nothing more on its way
            times, problems = summarise(list(runs))
            for i in range(SLACK_USERS):
                problems += rig.transcript_problems(i)
                stored = repo.interviews_for(f"slack:U{i:03d}")
                if [iv.company for iv in stored] != [company(i)]:
                    problems.append(f"slack user {i}: stored {[iv.company for iv in stored]}")
            limited = [c for c in fake.calls if c.method in ("chat.postMessage", "chat.update")]
            errors = [f"{c.method} {c.result.get('error')}" for c in fake.calls
                      if not c.result.get("ok") and c.result.get("error") != "ratelimited"]
            figures = LoadFigures.of("slack", SLACK_USERS, times, wall, len(limited),
                                     len(fake.violations),
                                     {"per channel": fake.limits.peak("channel ")})
            return figures, problems, errors, list(fake.violations)
        finally:
            try:
                await rig.close()
            finally:
                await fake.close()
                repo.close()

    figures, problems, errors, violations = run(scenario())
    report(figures)
    errors += logged_problems(caplog)
    assert_healthy(figures, problems, errors, violations, SLACK_USERS, len(SLACK_STEPS))
