"""The nudge loop with a fake clock and a fake sender: right time, once, caught up sensibly."""

from __future__ import annotations

import asyncio
import threading
from datetime import timedelta
from pathlib import Path

import pytest

from bot.adapters.lanes import CoreThread
from bot.core.contract.clock import FakeClock
from bot.core.contract.messages import Reply
from bot.core.contract.models import User
from bot.core.contract.ports import DeliveryError, Repository
from bot.core.engine import Engine
from bot.scheduler import Scheduler
from storage import open_repository
from tests.conftest import Chat, log_interview, nudges_of

# Run on memory, TinyDB and PostgreSQL (tests/conftest.py says why these modules).
pytestmark = pytest.mark.backends


class FakeSender:
    platform = "console"
    nudges_per_second: float | None = None

    def __init__(self) -> None:
        self.sent: list[tuple[str, Reply]] = []
        self.fail_with: DeliveryError | None = None
        self.retracted: list[tuple[str, str]] = []

    async def send(self, user: User, reply: Reply) -> None:
        if self.fail_with is not None:
            raise self.fail_with
        self.sent.append((user.chat_id, reply))

    async def post(self, chat: str, reply: Reply) -> None:
        if self.fail_with is not None:
            raise self.fail_with
        self.sent.append((chat, reply))

    async def retract(self, chat: str, message_id: str) -> None:
        self.retracted.append((chat, message_id))

    @property
    def texts(self) -> list[str]:
        return [r.text for _, r in self.sent]


@pytest.fixture
def sender() -> FakeSender:
    return FakeSender()


@pytest.fixture
def scheduler(repo: Repository, engine: Engine, clock: FakeClock,
              sender: FakeSender) -> Scheduler:
    return Scheduler(repo, engine, clock, {"console": sender})


def tick(s: Scheduler) -> int:
    return asyncio.run(s.tick())


def test_nothing_is_sent_before_its_time(chat: Chat, scheduler: Scheduler, clock: FakeClock,
                                         sender: FakeSender) -> None:
    log_interview(chat)
    clock.advance(timedelta(hours=1, minutes=59))
    assert tick(scheduler) == 0
    assert sender.sent == []


def test_thank_you_reminder_arrives_at_two_hours_with_its_button(
    chat: Chat, scheduler: Scheduler, clock: FakeClock, sender: FakeSender,
    repo: Repository
) -> None:
    log_interview(chat)
    clock.advance(timedelta(hours=2))
    assert tick(scheduler) == 1
    [(chat_id, reply)] = sender.sent
    assert chat_id == "u1"
    assert "Thank-you check" in reply.text and "Jane Doe" in reply.text
    assert reply.button_labels == ["Draft it for me", "Thank-you sent ✓", "Snooze"]
    # Sent once: marked in storage, a second tick sends nothing.
    assert tick(scheduler) == 0
    statuses = {n.kind: n.status for n in nudges_of(repo)}
    assert statuses["thank_you_reminder"] == "sent"


def test_marking_sent_stops_the_last_reminder(chat: Chat, scheduler: Scheduler, clock: FakeClock,
                                              sender: FakeSender) -> None:
    log_interview(chat)
    clock.advance(timedelta(hours=2))
    tick(scheduler)
    chat.last = [sender.sent[-1][1]]
    chat.press("Thank-you sent ✓")
    clock.advance(timedelta(hours=20))  # past Thu 09:00
    tick(scheduler)
    assert not any("Last reminder" in t for t in sender.texts)


def test_full_timeline_when_user_ignores_everything(
    chat: Chat, scheduler: Scheduler, clock: FakeClock, sender: FakeSender
) -> None:
    log_interview(chat)
    # Walk the clock forward in 30-minute steps for a week, as the loop would.
    seen: list[tuple[str, str]] = []
    for _ in range(7 * 48):
        clock.advance(timedelta(minutes=30))
        before = len(sender.sent)
        tick(scheduler)
        for _, reply in sender.sent[before:]:
            local = clock.now().astimezone(chat.engine.prefs_for("console:u1").tz)
            seen.append((f"{local:%a %H:%M}", reply.text.split("\n")[0][:30]))
    assert [when for when, _ in seen] == ["Wed 17:00", "Thu 09:00", "Fri 18:00", "Sun 18:00",
                                          "Mon 10:00"]
    assert "Thank-you check" in seen[0][1]
    assert "Last reminder" in seen[1][1]
    assert "Waiting is part" in seen[2][1]
    assert "Tomorrow is call day" in seen[3][1]
    assert "Time to make the call" in seen[4][1]


def test_catch_up_after_a_week_down_does_not_flood(
    chat: Chat, scheduler: Scheduler, clock: FakeClock, sender: FakeSender,
    repo: Repository
) -> None:
    log_interview(chat)
    clock.advance(timedelta(days=5, hours=-4))  # Mon 30 Nov, 11:00: everything has come due
    tick(scheduler)
    # Stale thank-you reminders, check-in and rehearsal are folded away; the call is what matters.
    assert len(sender.sent) == 1
    assert "Time to make the call" in sender.texts[0]
    statuses = sorted((n.kind, n.status) for n in nudges_of(repo))
    assert ("call_prompt", "sent") in statuses
    assert ("thank_you_reminder", "merged") in statuses
    assert ("rehearsal_offer", "merged") in statuses
    assert tick(scheduler) == 0


def test_catch_up_at_night_holds_the_call_until_a_business_morning(
    chat: Chat, scheduler: Scheduler, clock: FakeClock, sender: FakeSender,
    repo: Repository
) -> None:
    log_interview(chat)
    clock.advance(timedelta(days=5, hours=7, minutes=30))  # Mon 30 Nov, 22:30 London
    tick(scheduler)
    assert not any("Time to make the call" in t for t in sender.texts)
    call = next(n for n in nudges_of(repo) if n.kind == "call_prompt")
    assert call.status == "pending"
    local = call.due_at.astimezone(chat.engine.prefs_for("console:u1").tz)
    assert (local.strftime("%a %d %b"), local.hour) == ("Tue 01 Dec", 10)


def test_restart_recovers_a_claimed_nudge_and_never_resends_a_sent_one(
    tmp_path: Path, clock: FakeClock, sender: FakeSender
) -> None:
    data = tmp_path / "data"
    repo = open_repository(data)
    engine = Engine(repo, clock, "Europe/London")
    chat = Chat(engine)
    log_interview(chat)
    clock.advance(timedelta(hours=2))
    tick(Scheduler(repo, engine, clock, {"console": sender}))
    assert len(sender.sent) == 1
    # Simulate a crash after claiming the next nudge but before it was sent.
    last = next(n for n in nudges_of(repo) if n.kind == "thank_you_last")
    with repo.transaction():
        last.status = "claimed"
        repo.save_nudge(last)
    repo.close()

    repo2 = open_repository(data)
    engine2 = Engine(repo2, clock, "Europe/London")
    s2 = Scheduler(repo2, engine2, clock, {"console": sender})
    assert s2.recover() == 1
    clock.advance(timedelta(hours=16))  # Thu 09:00
    tick(s2)
    assert len(sender.sent) == 2
    assert "Last reminder" in sender.texts[1]
    assert sum("Thank-you check" in t for t in sender.texts) == 1
    repo2.close()


def test_failed_delivery_is_retried_later_and_not_lost(
    chat: Chat, scheduler: Scheduler, clock: FakeClock, sender: FakeSender,
    repo: Repository
) -> None:
    log_interview(chat)
    clock.advance(timedelta(hours=2))
    sender.fail_with = DeliveryError("flood control", retry_after=42)
    assert tick(scheduler) == 0
    nudge = next(n for n in nudges_of(repo) if n.kind == "thank_you_reminder")
    assert nudge.status == "pending"
    assert nudge.due_at == clock.now() + timedelta(seconds=42)
    sender.fail_with = None
    clock.advance(timedelta(seconds=41))
    assert tick(scheduler) == 0
    clock.advance(timedelta(seconds=1))
    assert tick(scheduler) == 1


def test_permanent_failure_pauses_instead_of_retrying_forever(
    chat: Chat, scheduler: Scheduler, clock: FakeClock, sender: FakeSender,
    repo: Repository
) -> None:
    log_interview(chat)
    clock.advance(timedelta(hours=2))
    sender.fail_with = DeliveryError("bot was blocked by the user", permanent=True)
    tick(scheduler)
    nudge = next(n for n in nudges_of(repo) if n.kind == "thank_you_reminder")
    assert nudge.status == "paused"
    sender.fail_with = None
    clock.advance(timedelta(minutes=5))
    tick(scheduler)
    assert sender.sent == []


def test_nudges_of_a_closed_interview_are_cancelled(
    chat: Chat, scheduler: Scheduler, clock: FakeClock, sender: FakeSender,
    repo: Repository
) -> None:
    log_interview(chat)
    [iv] = repo.interviews_for("console:u1")
    iv.status = "closed"
    repo.save_interview(iv)  # closed behind the planner's back: the loop still must not send
    # A working afternoon (Tue 26 Jan) past the last overdue check-in too, eight weeks after
    # the call day.
    clock.advance(timedelta(days=62))
    tick(scheduler)
    assert sender.sent == []
    assert all(n.status != "pending" for n in nudges_of(repo))


def test_a_platform_without_a_sender_is_left_pending(
    engine: Engine, repo: Repository, clock: FakeClock, sender: FakeSender
) -> None:
    tg = Chat(engine, user="42", platform="telegram")
    log_interview(tg)
    clock.advance(timedelta(hours=3))
    tick(Scheduler(repo, engine, clock, {"console": sender}))
    assert sender.sent == []
    assert all(n.status == "pending" for n in nudges_of(repo, "telegram:42"))


def test_a_burst_is_paced_at_the_senders_rate(
    engine: Engine, repo: Repository, clock: FakeClock
) -> None:
    import time

    for i in range(15):
        log_interview(Chat(engine, user=f"q{i}"))
    clock.advance(timedelta(hours=2))  # 15 thank-you reminders due at once
    slow = FakeSender()
    slow.nudges_per_second = 10.0
    started = time.monotonic()
    assert tick(Scheduler(repo, engine, clock, {"console": slow})) == 15
    # The platform's bucket (bot/pacing.py) lets 10 through at once, then 10/s: the last 5
    # take about 0.5 s.
    assert time.monotonic() - started >= 0.4
    assert len(slow.sent) == 15


def test_a_tick_runs_its_storage_steps_off_the_event_loop(
    chat: Chat, repo: Repository, engine: Engine, clock: FakeClock, sender: FakeSender
) -> None:
    # Issue 15: served with the platforms, a tick's storage steps run in the adapters' core
    # thread, so the event loop (which acknowledges every user's updates) never waits for them.
    log_interview(chat, only_if_asked=True)
    clock.advance(timedelta(hours=2))
    loop_thread: list[int] = []
    step_threads: set[int] = set()

    class Watched:
        def __getattr__(self, name: str) -> object:
            value = getattr(repo, name)
            if not callable(value):
                return value

            def call(*args: object, **kwargs: object) -> object:
                step_threads.add(threading.get_ident())
                return value(*args, **kwargs)
            return call

    core = CoreThread()

    async def scenario() -> int:
        loop_thread.append(threading.get_ident())
        s = Scheduler(Watched(), engine, clock, {"console": sender},  # type: ignore[arg-type]
                      offload=core.run)
        return await s.tick()

    assert asyncio.run(scenario()) == 1
    assert "Thank-you check" in sender.texts[0]
    assert step_threads and loop_thread[0] not in step_threads
