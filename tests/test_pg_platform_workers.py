"""Two workers on one PostgreSQL database behind a load balancer that hands both the same
delivery: the same Telegram update posted to both webhooks, the same Slack event to both HTTP
endpoints. Each worker is the real adapter (python-telegram-bot's Application, slack-bolt's
App) with its own data directory (its inbox) and its own store; the fakes on 127.0.0.1 record
what is sent. The user is answered once: the event is claimed in the turn's own transaction
(Engine.handle, claim_event), and the user is held for the turn (hold_user), so the second
worker waits for the first to commit and then finds the event taken. Skipped with one line
without a PostgreSQL (tests/backends.py)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import cast

import aiohttp

from bot.adapters.roles import PollingLease
from bot.adapters.slack import SlackAdapter
from bot.core.contract.clock import FakeClock
from bot.core.engine import Engine
from storage import ShardedRepository
from storage.pg_roles import PostgresRoleLeases
from storage.postgres import PostgresRepository
from tests.backends import POSTGRES_URL
from tests.conftest import START
from tests.fake_slack import TIMEOUT, FakeSlack, SlackSender, message_event
from tests.fake_telegram import FakeBotApi
from tests.test_slack import config as slack_config
from tests.test_telegram import ADA, TOKEN, Harness, free_port, run

HOOK = "https://hearback.example/tg/hook"
SECRET = "s3cret_Token-1"


@contextlib.asynccontextmanager
async def second_store() -> AsyncIterator[PostgresRepository]:
    store = PostgresRepository(POSTGRES_URL, pool_size=2)
    try:
        yield store
    finally:
        store.close()


def test_one_telegram_update_posted_to_two_workers_is_answered_once(
        pg: PostgresRepository, tmp_path: Path) -> None:
    async def scenario() -> None:
        fake = FakeBotApi(TOKEN)
        await fake.start()
        ports = [free_port(), free_port()]
        async with second_store() as other:
            workers = [
                Harness(tmp_path / f"w{i}", fake, cast(ShardedRepository, store),
                        FakeClock(START), telegram_webhook_url=HOOK,
                        telegram_webhook_secret=SECRET, telegram_webhook_port=port)
                for i, (store, port) in enumerate(zip((pg, other), ports, strict=True))]
            try:
                for w in workers:
                    await w.start()
                update = fake.text_update(ADA, "/help")
                headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
                async with aiohttp.ClientSession() as http:
                    async def post(port: int) -> int:
                        async with http.post(f"http://127.0.0.1:{port}/tg/hook", json=update,
                                             headers=headers) as resp:
                            return resp.status
                    assert await asyncio.gather(*(post(p) for p in ports)) == [200, 200]
                for w in workers:  # each worker took it (its inbox), one answered it
                    await w.handled(update["update_id"])
                sent = fake.sent(ADA)
                assert len(sent) == 2 and "What I can do" in sent[0].text  # help, zone question
                assert pg.event_seen("telegram", str(update["update_id"]))
            finally:
                for w in workers:
                    await w.close()
                await fake.stop()

    run(scenario())


async def until(condition: Callable[[], bool], what: str, timeout: float = 10) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        assert loop.time() < deadline, f"timed out waiting until {what}"
        await asyncio.sleep(0.01)


def test_only_the_holder_of_the_polling_lease_polls_and_another_takes_over(
        pg: PostgresRepository, tmp_path: Path) -> None:
    async def scenario() -> None:
        fake = FakeBotApi(TOKEN)
        await fake.start()
        async with second_store() as other:
            workers = [Harness(tmp_path / f"w{i}", fake, cast(ShardedRepository, store),
                               FakeClock(START)) for i, store in enumerate((pg, other))]
            for i, (w, store) in enumerate(zip(workers, (pg, other), strict=True)):
                w.adapter.polling_lease = PollingLease(PostgresRoleLeases(store), f"w{i}",
                                                       seconds=0.6)
            first, second = workers
            try:
                await first.start()
                await until(first.adapter.polling.is_set, "the first worker polls")
                await second.start()  # up (it can send), but waiting for the lease
                calls = await first.say("/help")
                assert "What I can do" in calls[0].params["text"]
                # Over three lease lengths (the first renewing it), the second never polls.
                loop = asyncio.get_running_loop()
                end = loop.time() + 1.8
                while loop.time() < end:
                    assert not second.adapter.polling.is_set()
                    await asyncio.sleep(0.02)
                await first.close()  # stops polling, then gives the lease back
                assert not first.adapter.polling.is_set()
                await until(second.adapter.polling.is_set, "the second worker takes over")
                calls = await second.say("/help")
                assert "What I can do" in calls[0].params["text"]
                # Each /help answered once (the zone question only the first time).
                assert sum("What I can do" in c.text for c in fake.sent(ADA)) == 2
                assert len(fake.sent(ADA)) == 3
            finally:
                for w in workers:
                    await w.close()
                await fake.stop()

    run(scenario())


@contextlib.asynccontextmanager
async def slack_worker(data_dir: Path, fake: FakeSlack, store: PostgresRepository
                       ) -> AsyncIterator[tuple[SlackAdapter, SlackSender]]:
    """A Slack worker in HTTP mode over `store`; its adapter and a signed sender to its port."""
    engine = Engine(store, FakeClock(START), default_timezone="Europe/London")
    adapter = SlackAdapter(slack_config(data_dir, fake), engine)
    stop = asyncio.Event()
    task = asyncio.create_task(adapter.run(stop))
    try:
        await asyncio.wait_for(adapter.ready.wait(), TIMEOUT)
        assert adapter.address is not None
        host, port = adapter.address[0], adapter.address[1]
        yield adapter, SlackSender(f"http://{host}:{port}/slack/events", SECRET_SLACK)
    finally:
        stop.set()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.wait_for(task, TIMEOUT)


SECRET_SLACK = "8f742231b10e8888abcd99yyyzzz85a5"  # tests/test_slack.py's signing secret


def test_one_slack_event_posted_to_two_workers_is_answered_once(
        pg: PostgresRepository, tmp_path: Path) -> None:
    async def scenario() -> None:
        fake = await FakeSlack(users={}).start()
        try:
            async with second_store() as other, \
                    slack_worker(tmp_path / "w0", fake, pg) as (first, to_first), \
                    slack_worker(tmp_path / "w1", fake, other) as (second, to_second):
                event = message_event("U1", "/help", event_id="EvTwice")
                statuses = await asyncio.gather(to_first.event(event),
                                                to_second.event(event))
                assert [status for status, _ in statuses] == [200, 200]  # both acknowledged
                await first.idle(TIMEOUT)
                await second.idle(TIMEOUT)
                posts = fake.posts()
                assert len(posts) == 1 and "What I can do" in posts[0].text
                # Claimed once, by the message's channel and ts (bot/adapters/slack/inflow.py).
                event_body = event["event"]
                assert pg.event_seen("slack", f"msg:{event_body['channel']}:{event_body['ts']}")
        finally:
            await fake.close()

    asyncio.run(asyncio.wait_for(scenario(), 60))
