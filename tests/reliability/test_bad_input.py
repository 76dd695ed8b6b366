"""Bad input (issue 7, item 4): hypothesis property tests over the core, through Engine.handle.

Every example builds its own data directory, clock and engine (hypothesis reuses function-scoped
fixtures across examples), and at the end closes the repository and opens it again to prove the
data directory is still valid. The runs are derandomized so CI is reproducible.

- any Unicode text: no exception, no "something went wrong" apology, a non-empty reply;
- any button payload (garbage, forged, another user's, stale): the same, and the other user's
  data neither changes nor shows up in the presser's replies;
- any order of commands, texts, button presses, clock jumps and scheduler ticks for two users:
  the same again.
"""

from __future__ import annotations

import asyncio
import logging
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.core.contract import buttons
from bot.core.contract.clock import FakeClock
from bot.core.contract.messages import Incoming, Reply
from bot.core.contract.models import User, user_key
from bot.core.engine import Engine
from bot.core.features import ALIASES, BUTTONS, COMMANDS
from bot.scheduler import Scheduler
from storage import ShardedRepository, open_repository
from tests.conftest import START

APOLOGY = "something went wrong on my side"
PLATFORM = "console"
ALICE, BOB = "alice", "bob"
# Names only Alice ever types (and Bob's own, for the other direction): if one shows up in the
# other user's replies, data leaked between users.
SECRETS = {ALICE: ("Zorblax", "Quillon"), BOB: ("Vantorix", "Ophelia")}
SENTENCE = {
    ALICE: "I just had an interview with Quillon Marsh at Zorblax for the backend role, "
           "they said by Friday",
    BOB: "I just had an interview with Ophelia Krane at Vantorix for the data role, "
         "they said by next Tuesday",
}
SAMPLE = ("I just had an interview with Jane Doe at Acme for the backend role, they said by "
          "Friday")

SETTINGS: dict[str, Any] = {
    "deadline": None,
    "derandomize": True,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large],
}


class ErrorLog(logging.Handler):
    """Keeps what the engine logged with a traceback, so a failing example shows the cause."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.errors: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        text = record.getMessage()
        if record.exc_info:
            text += "\n" + logging.Formatter().formatException(record.exc_info)
        self.errors.append(text)


class Recorder:
    """A scheduler sender that keeps who was sent what."""

    platform = PLATFORM
    nudges_per_second: float | None = None

    def __init__(self) -> None:
        self.sent: list[tuple[str, Reply]] = []

    async def send(self, user: User, reply: Reply) -> None:
        self.sent.append((user.user_id, reply))


@dataclass
class World:
    data: Path
    clock: FakeClock
    repo: ShardedRepository
    engine: Engine
    errors: ErrorLog
    last: dict[str, list[Reply]] = field(default_factory=dict)

    def send(self, user: str, *, text: str | None = None,
             button: str | None = None) -> list[Reply]:
        replies = self.engine.handle(Incoming(PLATFORM, user, user, text=text, button=button))
        what = f"{user} sent text={text!r:.200} button={button!r}"
        assert replies, f"no reply: {what}"
        for r in replies:
            assert APOLOGY not in r.text, f"the engine failed: {what}\n" + "\n".join(
                self.errors.errors)
        assert any(r.text.strip() for r in replies), f"only empty replies: {what}"
        self.last[user] = replies
        return replies

    def payloads(self, user: str) -> list[str]:
        return [b.payload for r in self.last.get(user, []) for row in r.buttons for b in row]

    def reopen_ok(self) -> None:
        self.repo.close()
        open_repository(self.data).close()


@contextmanager
def world() -> Iterator[World]:
    handler = ErrorLog()
    logger = logging.getLogger("hearback.engine")
    logger.addHandler(handler)
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        clock = FakeClock(START)
        repo = open_repository(data)
        try:
            yield World(data, clock, repo, Engine(repo, clock, default_timezone="Europe/London"),
                        handler)
        finally:
            repo.close()  # idempotent; releases the lock if a test failed mid-way
            logger.removeHandler(handler)


def log_interview(w: World, user: str) -> None:
    """Tell the sentence and answer every intake question with its first button."""
    w.send(user, text=SENTENCE[user])
    for _ in range(15):
        if w.repo.get_dialog(user_key(PLATFORM, user)) is None:
            break
        pays = w.payloads(user)
        if not pays:
            break
        w.send(user, button=pays[0])


def snapshot(repo: ShardedRepository, user: str) -> Any:
    key = user_key(PLATFORM, user)
    ivs = repo.interviews_for(key)
    return (repo.get_user(key), ivs, repo.get_dialog(key),
            [repo.nudges_for_interview(iv.id) for iv in ivs])


def reply_blob(replies: list[Reply]) -> str:
    parts = []
    for r in replies:
        parts.append(r.text)
        parts.extend(b.label for row in r.buttons for b in row)
        parts.extend(a.data.decode("utf-8", "replace") for a in r.attachments)
    return "\n".join(parts)


def assert_no_leak(replies: list[Reply], reader: str, typed: str = "") -> None:
    blob = reply_blob(replies)
    for owner, names in SECRETS.items():
        if owner == reader:
            continue
        for name in names:
            if name not in typed:
                assert name not in blob, f"{owner}'s {name!r} shown to {reader}: {blob[:500]!r}"


# -- 1. any text ---------------------------------------------------------------------------------
FRAGMENTS = [
    "", " ", "\n", "\t", "\x00", "\x07", "\x1b[31m", "\r\n", "\u200e", "\u200f", "\u202e",
    "\u2066", "\ufeff", "\u200b", "\u00a0", "😀", "👩‍💻", "🏳️‍🌈", "\U0010fffd", "\uffff", "\ufffe",
    "e\u0301", "ﷺ", "שלום", "مرحبا", "日本語", "<b>", "</b>", "<i>x</i>", '<a href="http://x">y</a>',
    "<script>alert(1)</script>", "&amp;", "&lt;", "*bold*", "_it_", "`code`", "```pre```",
    "<!channel>", "<!here>", "<@U123>", "<#C123|general>", "<http://x|y>", "<mailto:a@b.c|a>",
    "/start@HearbackBot", "/help@Bot", "/interview@Bot at Acme", "/unknown", "/", "//", "@Bot",
    "interview", "list", "status", "done", "delete", "cancel", "settings timezone Berlin",
    "snooze tomorrow", "rehearse", "yes", "no", "skip", "1", "tomorrow", "12/4", "31/02",
    "next friday", "by 99/99/9999", "check this:", "any news?", "they said the 10th",
    "I had an interview at", "with", "|", "hb1|cmd|alice||help", "%s %d {0} {}", "\\", "'\"",
    "9" * 40, "-1", "1e309", "NaN",
]
any_char = st.characters(codec="utf-8")  # every code point but surrogates
pieces = st.one_of(st.sampled_from(FRAGMENTS), st.text(any_char, max_size=12))
texts = st.one_of(
    st.text(any_char, max_size=300),
    st.lists(pieces, max_size=10).map(" ".join),
    st.lists(pieces, max_size=10).map("".join),
    st.sampled_from(FRAGMENTS),
    st.tuples(st.text(any_char, min_size=1, max_size=30),
              st.sampled_from([3999, 4000, 4001, 20_000, 100_000]))
    .map(lambda t: (t[0] * (t[1] // len(t[0]) + 1))[:t[1]]),
)
# Where the user is when the odd text arrives.
PREFIXES: list[list[str]] = [
    [], ["interview"], [SAMPLE], ["rehearse"], ["settings"], ["profile"], ["check this:"],
    ["snooze"], ["edit"], ["outcome"], ["delete"],
]


@settings(max_examples=400, **SETTINGS)
@given(prefix=st.sampled_from(PREFIXES), logged=st.booleans(),
       messages=st.lists(texts, min_size=1, max_size=3))
def test_any_text_is_answered_without_error(prefix: list[str], logged: bool,
                                            messages: list[str]) -> None:
    with world() as w:
        if logged:
            log_interview(w, ALICE)
        for text in prefix:
            w.send(ALICE, text=text)
        for text in messages:
            w.send(ALICE, text=text)
        w.reopen_ok()


# -- 2. any button payload -----------------------------------------------------------------------
ACTIONS = sorted({"cmd", "ia", "sk", "cf", "cx", "ty", "sd", "oc", *BUTTONS})
short = st.text(any_char, max_size=12)


@dataclass(frozen=True)
class Forged:
    action: str
    owner: str  # "A", "B" or a literal
    interview: str  # "A", "B" or a literal
    arg: str


@dataclass(frozen=True)
class Real:
    whose: str  # "A" or "B" (B's own, possibly stale)
    index: int


presses = st.one_of(
    st.text(any_char, max_size=80),
    st.builds(Forged,
              action=st.one_of(st.sampled_from(ACTIONS), short),
              owner=st.one_of(st.sampled_from(["A", "B", ""]), short),
              interview=st.one_of(st.sampled_from(["A", "B", ""]), short),
              arg=st.one_of(st.sampled_from([*COMMANDS, "f:hr", "f", "sel", "not", "", "x:y"]),
                            short)),
    st.builds(Real, whose=st.sampled_from(["A", "B"]), index=st.integers(0, 50)),
)


def resolve(press: Forged | Real | str, w: World, seen: dict[str, list[str]]) -> str:
    if isinstance(press, str):
        return press
    if isinstance(press, Real):
        pool = seen[ALICE if press.whose == "A" else BOB]
        return pool[press.index % len(pool)] if pool else "hb1|cmd|bob||help"
    ids = {"A": ALICE, "B": BOB}
    owner = ids.get(press.owner, press.owner)
    interview = press.interview
    if interview in ids:
        ivs = w.repo.interviews_for(user_key(PLATFORM, ids[interview]))
        interview = ivs[0].id if ivs else ""
    return "|".join((buttons.PREFIX, press.action, owner, interview, press.arg))


@settings(max_examples=300, **SETTINGS)
@given(alice_then=st.sampled_from([[], ["interview"], ["rehearse"], ["profile"], ["snooze"]]),
       bob_logs=st.booleans(),
       sequence=st.lists(presses, min_size=1, max_size=8))
def test_any_button_payload_is_safe(alice_then: list[str], bob_logs: bool,
                                    sequence: list[Forged | Real | str]) -> None:
    with world() as w:
        seen: dict[str, list[str]] = {ALICE: [], BOB: []}
        log_interview(w, ALICE)
        seen[ALICE] += w.payloads(ALICE)
        for text in ["list", "status", "done", "outcome", "edit", *alice_then]:
            w.send(ALICE, text=text)
            seen[ALICE] += w.payloads(ALICE)
        if bob_logs:
            log_interview(w, BOB)
        w.send(BOB, text="help")
        seen[BOB] += w.payloads(BOB)
        for press in sequence:
            payload = resolve(press, w, seen)
            before = snapshot(w.repo, ALICE)
            replies = w.send(BOB, button=payload)
            assert snapshot(w.repo, ALICE) == before, f"bob's press {payload!r} changed alice"
            assert_no_leak(replies, BOB, typed=payload)
            seen[BOB] += w.payloads(BOB)
        w.reopen_ok()


# -- 3. any order of commands, texts, presses, time and ticks ------------------------------------
WORDS = [*COMMANDS, *(f"/{c}" for c in COMMANDS), *ALIASES]
VOCAB = [*WORDS, SAMPLE, "MINE", "yes", "no", "skip", "1", "tomorrow", "12/4", "next friday",
         "cancel", "any news?", "they said the 10th", "I sent the thank you", "PRESS_FIRST",
         "PRESS_LAST"]
steps = st.lists(
    st.one_of(
        st.tuples(st.sampled_from([ALICE, BOB]), st.sampled_from(VOCAB)),
        st.tuples(st.just("TICK"), st.integers(0, 10 * 24 * 60).map(str)),
    ),
    min_size=1, max_size=25,
)


@settings(max_examples=200, **SETTINGS)
@given(sequence=steps)
def test_any_order_of_commands_for_two_users(sequence: list[tuple[str, str]]) -> None:
    with world() as w:
        recorder = Recorder()
        scheduler = Scheduler(w.repo, w.engine, w.clock, {PLATFORM: recorder})
        for who, what in sequence:
            if who == "TICK":
                w.clock.advance(timedelta(minutes=int(what)))
                before = len(recorder.sent)
                asyncio.run(scheduler.tick())
                for uid, r in recorder.sent[before:]:
                    assert APOLOGY not in r.text
                    assert_no_leak([r], uid)
                continue
            other = BOB if who == ALICE else ALICE
            before_other = snapshot(w.repo, other)
            if what in ("PRESS_FIRST", "PRESS_LAST"):
                pays = w.payloads(who)
                if not pays:
                    continue
                replies = w.send(who, button=pays[0 if what == "PRESS_FIRST" else -1])
            else:
                replies = w.send(who, text=SENTENCE[who] if what == "MINE" else what)
            assert snapshot(w.repo, other) == before_other, f"{who}'s {what!r} changed {other}"
            assert_no_leak(replies, who)
        w.reopen_ok()


# -- 4. a team channel: another member's data stays theirs ---------------------------------------
EVE = "eve"
CHANNEL = "C0TEAM"
TEAM_VOCAB = [*WORDS, "share all", "unshare all", "digest monday 9", "digest off",
              "digest someday", "board please", "PRESS_SEEN", "PRESS_BOBS"]
team_steps = st.lists(
    st.tuples(st.booleans(), st.one_of(st.sampled_from(TEAM_VOCAB), texts), st.integers(0, 50)),
    min_size=1, max_size=12,
)


@settings(max_examples=120, **SETTINGS)
@given(sequence=team_steps)
def test_in_a_team_channel_nobody_sees_or_changes_another_members_data(
        sequence: list[tuple[bool, str, int]]) -> None:
    """Alice shares nothing; Bob shares everything into the channel. Whatever Eve (who logs an
    interview of her own) types or presses, in the channel or in private, she never sees Alice's
    interview nor Bob's interviewer, and changes neither of them."""
    with world() as w:
        def in_channel(user: str, *, text: str | None = None,
                       button: str | None = None) -> list[Reply]:
            replies = w.engine.handle(Incoming(PLATFORM, user, CHANNEL, text=text,
                                               button=button, in_channel=True,
                                               channel_title="#team"))
            assert replies and all(APOLOGY not in r.text for r in replies), (text, button)
            w.last[user] = replies
            return replies

        log_interview(w, ALICE)
        log_interview(w, BOB)
        in_channel(BOB, text="share all")
        bobs = [b.payload for r in in_channel(BOB, text="unshare") for row in r.buttons
                for b in row]
        in_channel(BOB, text="share all")
        w.send(EVE, text=SAMPLE)
        in_channel(EVE, text="board")
        seen: list[str] = []
        secrets = (*SECRETS[ALICE], "Ophelia", "Krane")
        for private, what, index in sequence:
            before = (snapshot(w.repo, ALICE), snapshot(w.repo, BOB),
                      w.repo.shares_for(user_key(PLATFORM, ALICE)),
                      w.repo.shares_for(user_key(PLATFORM, BOB)))
            button = None
            if what == "PRESS_SEEN" and seen:
                button = seen[index % len(seen)]
            elif what == "PRESS_BOBS" and bobs:
                button = bobs[index % len(bobs)]
            text = None if button else what
            if private:
                replies = w.send(EVE, text=text, button=button)
            else:
                replies = in_channel(EVE, text=text, button=button)
            seen += [b.payload for r in replies for row in r.buttons for b in row]
            blob = reply_blob(replies)
            for name in secrets:
                if name not in what:
                    assert name not in blob, f"{name!r} shown to eve after {what!r}"
            after = (snapshot(w.repo, ALICE), snapshot(w.repo, BOB),
                     w.repo.shares_for(user_key(PLATFORM, ALICE)),
                     w.repo.shares_for(user_key(PLATFORM, BOB)))
            assert after == before, f"eve's {what!r} / {button!r} changed someone else's data"
        assert "Vantorix" in in_channel(ALICE, text="board")[0].text  # Bob's share held
        w.reopen_ok()
