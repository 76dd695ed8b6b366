"""The shared delivery rules (bot/adapters/delivery.py) over a fake transport: where each reply
goes, and what a failure does to the rest of the turn. The platform tests check the same rules
through Telegram and Slack themselves."""

from __future__ import annotations

import asyncio

from bot.adapters.delivery import (
    Failed,
    Failure,
    Kind,
    Origin,
    Target,
    TurnLocks,
    deliver,
    pack,
    target,
)
from bot.core.contract.messages import Button, Reply, reply

GROUP = Origin("G1", "U1", in_channel=True, name="Ada")
DM = Origin("D1", "U1")


class FakeTransport:
    """Records what was sent where; fails the sends listed in `fail` ((kind, chat) -> failure)."""

    handle = "HearbackBot"

    def __init__(self, fail: dict[tuple[Kind, str], Failure] | None = None) -> None:
        self.fail = fail or {}
        self.sent: list[tuple[Kind, str, str]] = []
        self.forgotten: list[str] = []
        self.told_not_here = 0

    async def send(self, target: Target, reply: Reply) -> Failed | None:
        failure = self.fail.get((target.kind, target.chat))
        if failure is not None:
            return Failed(failure, "test")
        self.sent.append((target.kind, target.chat, reply.text))
        return None

    def forget(self, chat: str, why: str) -> None:
        self.forgotten.append(chat)

    def left_note(self, chat: str) -> Reply:
        return reply(f"gone from {chat}", private=True)

    async def not_here(self) -> None:
        self.told_not_here += 1


def test_each_reply_goes_where_it_belongs() -> None:
    assert target(GROUP, reply("x")) == Target(Kind.HERE, "G1")
    assert target(GROUP, reply("x", private=True)) == Target(Kind.PRIVATE, "G1")
    assert target(GROUP, reply("x", to="G1")) == Target(Kind.HERE, "G1")
    assert target(GROUP, reply("x", to="G2")) == Target(Kind.CHANNEL, "G2")
    assert target(DM, reply("x", private=True)) == Target(Kind.HERE, "D1")  # a DM is private


def test_an_unreachable_writer_gets_one_pointer_and_nothing_private_after_it() -> None:
    t = FakeTransport({(Kind.PRIVATE, "G1"): Failure.UNREACHABLE})
    asyncio.run(deliver(t, GROUP, [reply("a", private=True), reply("b", private=True),
                                   reply("public")]))
    assert [(k, c) for k, c, _ in t.sent] == [(Kind.HERE, "G1"), (Kind.HERE, "G1")]
    assert t.sent[0][2].startswith("Ada, please start a private chat with me first "
                                   "(@HearbackBot)")
    assert t.sent[1][2] == "public"


def test_a_channel_the_bot_left_is_forgotten_once_and_the_writer_told() -> None:
    t = FakeTransport({(Kind.CHANNEL, "G2"): Failure.GONE})
    asyncio.run(deliver(t, DM, [reply("post", to="G2"), reply("milestone", to="G2"),
                                reply("after")]))
    assert t.forgotten == ["G2"]
    assert t.sent == [(Kind.HERE, "D1", "gone from G2"), (Kind.HERE, "D1", "after")]


def test_a_lost_answer_ends_the_turn_but_a_lost_post_elsewhere_does_not() -> None:
    t = FakeTransport({(Kind.CHANNEL, "G2"): Failure.LOST, (Kind.HERE, "D1"): Failure.LOST})
    asyncio.run(deliver(t, DM, [reply("post", to="G2"), reply("answer"), reply("later")]))
    assert t.sent == [] and t.forgotten == []
    t = FakeTransport({(Kind.CHANNEL, "G2"): Failure.THROTTLED})
    asyncio.run(deliver(t, DM, [reply("post", to="G2"), reply("answer")]))
    assert t.sent == []  # throttled: the rest would be held back too


def test_the_channel_a_turn_came_from_is_forgotten_when_the_bot_is_not_in_it() -> None:
    t = FakeTransport({(Kind.HERE, "G1"): Failure.GONE})
    asyncio.run(deliver(t, GROUP, [reply("board"), reply("more")]))
    assert t.forgotten == ["G1"] and t.told_not_here == 1 and t.sent == []


def test_one_turn_at_a_time_per_user() -> None:
    async def scenario() -> list[str]:
        locks = TurnLocks()
        order: list[str] = []

        async def turn(user: str, name: str, pause: float) -> None:
            async with locks.of(user):
                order.append(f"{name} in")
                await asyncio.sleep(pause)
                order.append(f"{name} out")

        await asyncio.gather(turn("U1", "first", 0.02), turn("U1", "second", 0),
                             turn("U2", "other", 0))
        return order

    order = asyncio.run(scenario())
    assert order.index("first out") < order.index("second in")
    assert order.index("other in") < order.index("first out")  # another user doesn't wait


def test_long_answers_are_packed_into_few_messages_questions_keep_their_own() -> None:
    """Eight 100-character replies (a status of eight interviews) fit two 500-character
    messages; a reply with buttons stays on its own, and so do posts for another channel."""
    block = "x" * 99 + "\n"
    replies = [reply(f"{n}{block}") for n in range(8)]
    replies.append(reply("Which one?", buttons=[[Button("A", "hb1|cmd|U1||a")]]))
    replies.append(reply("posted", to="G2"))
    packed = pack(replies, 500)
    assert [len(r.text) for r in packed[:2]] == [4 * 101 + 3 * 2, 4 * 101 + 3 * 2]
    assert [r.text.split("\n\n")[0][0] for r in packed[:2]] == ["0", "4"]  # order kept
    assert packed[2].button_labels == ["A"] and packed[3].to == "G2"
    assert len(packed) == 4
    t = FakeTransport()
    asyncio.run(deliver(t, DM, replies, pack_limit=500))
    assert len(t.sent) == 4
