"""Telegram's own ways (issue 18): the bot's description, deep links, the group pointer as a
link, the inline calendar under date questions, the typing indicator. Through the real
python-telegram-bot Application against the fake Bot API on 127.0.0.1 (tests/fake_telegram.py),
with the fake clock at 2026-11-25 15:00 London (a Wednesday)."""

from __future__ import annotations

import logging
import threading
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import orjson
import pytest

from bot.adapters.inbox import reply_from, reply_to_json
from bot.adapters.telegram.datepicker import NAV, month_rows
from bot.adapters.telegram.links import read_start, start_link
from bot.adapters.telegram.menu import set_descriptions
from bot.adapters.telegram.sending import (
    COURTESY_PER_SECOND,
    PER_CHAT_BURST,
    HearbackRateLimiter,
)
from bot.core.contract.clock import FakeClock
from bot.core.contract.messages import DateQuestion, DateRange, Incoming, Reply
from bot.core.notices import (
    BOT_DESCRIPTION,
    BOT_SHORT_DESCRIPTION,
    NOT_YOUR_CALENDAR,
)
from tests.conftest import START
from tests.fake_telegram import BOT_USERNAME, Call
from tests.test_telegram import ADA, EVE, GROUP, Harness, Session, methods, run, texts

TODAY = START.date()  # Wed 25 Nov 2026
# No decision date said: the intake asks for it, with the calendar.
NO_DATE = "I just had an interview with Jane Doe at Acme for the backend role"


def day_button(h: Harness, day: date, chat: int = ADA) -> tuple[int, str]:
    """The newest message in the chat whose calendar offers `day`: (message id, data)."""
    for message_id in sorted(h.fake.messages, reverse=True):
        message = h.fake.messages[message_id]
        if message["chat"]["id"] != chat:
            continue
        for row in (message.get("reply_markup") or {}).get("inline_keyboard", []):
            for button in row:
                if button.get("callback_data", "").endswith(f":{day:%Y%m%d}"):
                    return message_id, button["callback_data"]
    raise AssertionError(f"no calendar in chat {chat} offers {day}")


def calendar_of(rows: list[list[tuple[str, str]]]) -> list[list[tuple[str, str]]]:
    """The calendar's rows of a keyboard (month, weekdays, weeks, the month buttons)."""
    return [row for row in rows
            if all(data.startswith("cal|") or "|dp|" in data for _, data in row)]


def keyboard_of(h: Harness, message_id: int) -> list[list[tuple[str, str]]]:
    markup = h.fake.messages[message_id].get("reply_markup") or {}
    return [[(b["text"], b.get("callback_data", "")) for b in row]
            for row in markup.get("inline_keyboard", [])]


async def pick(h: Harness, day: date, user: int = ADA) -> list[Call]:
    message_id, data = day_button(h, day)
    return await h.deliver(h.fake.press_update(user, message_id, data))


async def to_decision_question(h: Harness) -> Call:
    """A new user's intake up to "when will you hear back?"; that question's message."""
    calls = await h.say(NO_DATE)
    asked = [c for c in calls if "when you'll hear back" in c.text]
    assert asked, texts(calls)
    return asked[0]


# -- the description -------------------------------------------------------------------------

def test_descriptions_are_set_at_start_and_not_again_when_equal(tmp_path: Path) -> None:
    async def scenario() -> None:
        session = Session(tmp_path)
        async with session as h:
            assert h.fake.descriptions == {"": BOT_DESCRIPTION}  # English only: the default
            assert h.fake.short_descriptions == {"": BOT_SHORT_DESCRIPTION}
            assert len(BOT_DESCRIPTION) <= 512 and len(BOT_SHORT_DESCRIPTION) <= 120
            await h.close()
            # A restart: Telegram already shows both, so nothing is set again.
            mark = len(h.fake.calls)
            again = Harness(tmp_path, h.fake, h.repo, FakeClock(START))
            await again.start()
            await again.close()
            later = [c.method for c in h.fake.calls[mark:] if c.method != "getUpdates"]
            assert "getMyDescription" in later and "getMyShortDescription" in later
            assert "setMyDescription" not in later and "setMyShortDescription" not in later

    run(scenario())


def test_a_changed_description_is_set_again(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with Session(tmp_path) as h:
            h.fake.descriptions[""] = "An old text"
            assert h.adapter.app is not None
            assert await set_descriptions(h.adapter.app.bot) == 1
            assert h.fake.descriptions[""] == BOT_DESCRIPTION

    run(scenario())


def test_a_description_refused_does_not_stop_start_up(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    async def scenario() -> None:
        session = Session(tmp_path, start=False)
        async with session as h:
            h.fake.fail("setMyDescription", 429, "Too Many Requests: retry after 30",
                        retry_after=30)
            with caplog.at_level(logging.WARNING, logger="hearback.telegram"):
                await h.start()
            await h.fake.wait_for(lambda: "getUpdates" in h.fake.methods(polling=True))
            assert "could not set the bot's description" in caplog.text
            assert "Hi, I'm Hearback" in texts(await h.say("/start"))[0]  # it works

    run(scenario())


# -- deep links ------------------------------------------------------------------------------

def test_start_interview_opens_logging_an_interview(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with Session(tmp_path) as h:
            shown = texts(await h.say("/start interview"))
            assert any("Which company was the interview with?" in t for t in shown), shown
            assert h.repo.get_dialog(f"telegram:{ADA}") is not None

    run(scenario())


def test_the_group_pointer_links_to_a_greeting_with_context(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with Session(tmp_path) as h:
            h.fake.never_started(ADA)
            calls = await h.deliver(h.fake.group_update(ADA, "/list", GROUP))
            [pointer] = [c for c in calls if c.chat_id == GROUP]
            [(label, url)] = pointer.urls
            assert label == "Open a private chat"
            assert url.startswith(f"https://t.me/{BOT_USERNAME}?start=")
            payload = parse_qs(urlsplit(url).query)["start"][0]
            # She opens it: Telegram sends "/start <payload>" in the private chat.
            h.fake.refused.pop(ADA)
            calls = await h.say(f"/start {payload}")
            shown = texts(calls)
            assert shown[0] == ("Thanks for opening a chat with me. Now I can answer you here: "
                                "ask again in Cohort (or right here) and the answer comes to "
                                "this chat.")
            assert "Hi, I'm Hearback" in shown[1]
            assert [c.params["user_id"] for c in calls if c.method == "getChatMember"] == \
                [str(ADA)]
            # Someone not in the group, with the same link: greeted, but not told its name.
            shown = texts(await h.say(f"/start {payload}", user=EVE))
            assert "ask again in the group (or right here)" in shown[0]
            assert "Cohort" not in " ".join(shown)

    run(scenario())


def test_unknown_payloads_are_a_plain_start(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with Session(tmp_path) as h:
            await h.say("/start")  # a new user is also asked their zone, once
            plain = texts(await h.say("/start"))
            assert "Hi, I'm Hearback" in plain[0]
            for payload in ("promo_2026", "from_acme", "x" * 64, "interview2"):
                assert texts(await h.say(f"/start {payload}")) == plain, payload
            assert h.repo.get_dialog(f"telegram:{ADA}") is None  # no intake was opened

    run(scenario())


def test_start_payloads_follow_telegrams_rules() -> None:
    assert read_start("/start interview") is not None
    assert read_start("/start interview").text == "/interview"  # type: ignore[union-attr]
    came = read_start(f"/start@{BOT_USERNAME} from_-100500")
    assert came is not None and came.text == "/start" and came.group == "-100500"
    for odd in ("/start from_", "/start from_12a", "/start " + "a" * 65, "/start a.b",
                "/start"):
        start = read_start(odd)
        assert start is not None and start.text == "/start" and start.group is None, odd
    assert read_start("interview") is None and read_start("/status") is None
    assert start_link("HearbackBot", "from_-100500") == \
        "https://t.me/HearbackBot?start=from_-100500"
    with pytest.raises(ValueError):
        start_link("HearbackBot", "not allowed!")


# -- the calendar ----------------------------------------------------------------------------

def test_a_picked_day_becomes_the_decision_date(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with Session(tmp_path) as h:
            asked = await to_decision_question(h)
            rows = calendar_of(asked.keyboard)
            assert rows[0][0][0] == "November 2026"
            assert [label for label, _ in rows[1]] == ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"]
            days = [label for row in rows[2:-1] for label, _ in row]
            assert "[25]" in days  # today, marked
            # 1-24 Nov have passed (a decision is ahead): only the last two weeks are shown.
            assert days == ["·", "·", "[25]", "26", "27", "28", "29", "30", " ", " ", " ", " ",
                            " ", " "]
            # The question's own buttons stay under the calendar.
            assert {"They didn't say", "Skip", "Cancel"} <= set(asked.labels)
            picked = await pick(h, date(2026, 11, 27))
            assert methods(picked)[:2] == ["answerCallbackQuery", "editMessageText"]
            assert picked[1].text.endswith("→ Fr 27 Nov 2026")  # the choice, under it
            assert "Who will tell you the result?" in texts(picked)[0]
            await h.press("HR")
            done = await h.press("No")
            summary = texts(done)[0]
            assert summary.startswith("Saved.") and "Fri 27 Nov" in summary
            [iv] = h.repo.interviews_for(f"telegram:{ADA}")
            assert iv.decision_by == date(2026, 11, 27)

    run(scenario())


def test_month_buttons_edit_the_keyboard_and_a_later_day_can_be_picked(
        tmp_path: Path) -> None:
    async def scenario() -> None:
        async with Session(tmp_path) as h:
            await to_decision_question(h)
            message_id, _ = h.fake.last_with_button(ADA, "Dec ›")
            before = keyboard_of(h, message_id)
            assert before[-5][0][0] == "By the end of this week"  # the options, kept below
            calls = await h.press("Dec ›")
            assert methods(calls) == ["answerCallbackQuery", "editMessageReplyMarkup"]
            after = keyboard_of(h, message_id)
            assert after[0][0][0] == "December 2026"
            assert after[-1] == [("Skip", before[-1][0][1]), ("Cancel", before[-1][1][1])]
            assert calendar_of(after)[-1][0][0] == "‹ Nov"
            await h.press("Jan ›")
            assert keyboard_of(h, message_id)[0][0][0] == "January 2027"
            picked = await pick(h, date(2027, 1, 8))
            assert "Who will tell you the result?" in texts(picked)[0]
            await h.press("HR")
            summary = texts(await h.press("No"))[0]
            assert "Fri 8 Jan" in summary
            # No month before this one: a decision can't be behind us.
            q = DateQuestion("decision", str(ADA), TODAY, "future")
            nav = month_rows(q)[-1]
            assert nav[0].label == " " and nav[1].label == "Dec ›"

    run(scenario())


def test_the_interview_date_calendar_offers_past_days_only(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with Session(tmp_path) as h:
            calls = await h.say("I had an interview with Jane Doe at Acme for the backend role")
            [asked] = [c for c in calls if "When was the interview?" in c.text]
            rows = calendar_of(asked.keyboard)
            days = [label for row in rows[2:-1] for label, _ in row]
            assert "[25]" in days and days.count("·") == 4  # 26-29 Nov are still to come
            assert days[0] == " " and days[6] == "1"  # 1 Nov 2026 is a Sunday
            assert rows[-1][0][0] == "‹ Oct" and rows[-1][1][0] == " "  # no later month
            picked = await pick(h, date(2026, 11, 23))
            assert "when you'll hear back" in texts(picked)[0]
            [dialog_iv] = [h.repo.get_dialog(f"telegram:{ADA}")]
            assert dialog_iv is not None
            assert dialog_iv.data["interviewed_at"].startswith("2026-11-23")

    run(scenario())


def test_typing_the_date_still_works_and_a_stale_calendar_changes_nothing(
        tmp_path: Path) -> None:
    async def scenario() -> None:
        async with Session(tmp_path) as h:
            await to_decision_question(h)
            message_id, stale = day_button(h, date(2026, 11, 30))  # kept for later
            typed = await h.say("4 Dec")
            assert "Who will tell you the result?" in " ".join(texts(typed))
            # The old calendar, pressed now: the open question is another one.
            calls = await h.deliver(h.fake.press_update(ADA, message_id, stale))
            shown = " ".join(texts(calls))
            assert "That calendar is from an earlier question" in shown
            assert "Who will tell you the result?" in shown
            dialog = h.repo.get_dialog(f"telegram:{ADA}")
            assert dialog is not None and dialog.step == "informer"
            assert dialog.data["decision_by"] == "2026-12-04"  # as typed, not the stale day
            # After the intake is saved, the old calendar has nothing to answer.
            await h.press("HR")
            await h.press("No")
            late = await h.deliver(h.fake.press_update(ADA, message_id, stale))
            assert "already closed" in " ".join(texts(late))
            [iv] = h.repo.interviews_for(f"telegram:{ADA}")
            assert iv.decision_by == date(2026, 12, 4)

    run(scenario())


def test_someone_elses_calendar_does_nothing(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with Session(tmp_path) as h:
            asked = await to_decision_question(h)
            message_id = h.fake.last_with_button(ADA, "Dec ›")[0]
            before = keyboard_of(h, message_id)
            calls = await h.press("Dec ›", user=EVE)
            assert methods(calls) == ["answerCallbackQuery"]
            assert calls[0].params["text"] == NOT_YOUR_CALENDAR
            assert calls[0].params["show_alert"] == "true"
            _, data = day_button(h, date(2026, 11, 30))
            calls = await h.deliver(h.fake.press_update(EVE, message_id, data))
            assert methods(calls) == ["answerCallbackQuery"]
            assert "someone else" in calls[0].params["text"]
            assert keyboard_of(h, message_id) == before == asked.keyboard
            dialog = h.repo.get_dialog(f"telegram:{ADA}")
            assert dialog is not None and dialog.step == "decision"
            assert h.repo.get_dialog(f"telegram:{EVE}") is None
            # The inert cells (month name, weekdays) only stop the spinner.
            calls = await h.press("Mo")
            assert methods(calls) == ["answerCallbackQuery"] and "text" not in calls[0].params

    run(scenario())


def test_every_calendar_callback_fits_64_bytes() -> None:
    owner = "9" * 20  # the longest owner the registry allows for
    ranges: tuple[DateRange, ...] = ("past", "future", "any")
    for accepts in ranges:
        q = DateQuestion("interviewed_at", owner, date(2026, 12, 31), accepts)
        for month in (None, date(2027, 12, 1), date(2025, 12, 1)):
            for row in month_rows(q, month):
                assert len(row) <= 8
                for button in row:
                    assert 1 <= len(button.payload.encode()) <= 64, button
                    assert button.label
    assert NAV == "cal"


# -- the typing indicator --------------------------------------------------------------------

def test_a_slow_turn_shows_typing_and_a_fast_one_does_not(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with Session(tmp_path) as h:
            await h.say("/help")  # the user exists; the models are loaded
            # Fast: answered long before the indicator is due.
            h.adapter.typing_delay = 5.0
            fast = await h.say("/help")
            assert "sendChatAction" not in methods(fast)
            # Slow: the core is held until the indicator has been shown twice.
            h.adapter.typing_delay, h.adapter.typing_every = 0.05, 0.05
            gate = threading.Event()
            handle = h.engine.handle

            def slow(msg: Incoming, *args: Any, **kwargs: Any) -> list[Reply]:
                gate.wait(10)
                return handle(msg, *args, **kwargs)

            h.engine.handle = slow  # type: ignore[method-assign]
            mark = len(h.fake.calls)
            update = await h.fake.queue(h.fake.text_update(ADA, "/list"))
            await h.fake.wait_for(lambda: sum(
                c.method == "sendChatAction" for c in h.fake.calls[mark:]) >= 2)
            gate.set()
            await h.handled(update["update_id"])
            calls = [c for c in h.fake.calls[mark:] if c.method != "getUpdates"]
            actions = [c for c in calls if c.method == "sendChatAction"]
            assert all(c.params["action"] == "typing" and c.chat_id == ADA for c in actions)
            # The indicator stops when the answer goes: nothing after the first message.
            first = methods(calls).index("sendMessage")
            assert "sendChatAction" not in methods(calls)[first:]
            h.engine.handle = handle  # type: ignore[method-assign]
            h.adapter.typing_delay = 5.0
            assert "sendChatAction" not in methods(await h.say("/help"))

    run(scenario())


def test_a_failing_chat_action_changes_nothing(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with Session(tmp_path) as h:
            h.adapter.typing_delay = 0.0
            h.fake.fail("sendChatAction", 400, "Bad Request: chat not found", times=5)
            calls = await h.say("/help")
            assert "What I can do" in texts(calls)[0]

    run(scenario())


# -- exports stay files ----------------------------------------------------------------------

def test_exports_are_still_files(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with Session(tmp_path) as h:
            await h.intake()
            calls = await h.say("/export")
            assert [c.method for c in calls if c.method != "sendChatAction"] == [
                "sendMessage", "sendDocument", "sendDocument"]

    run(scenario())


def test_calendar_shows_in_a_resumed_question(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with Session(tmp_path) as h:
            await to_decision_question(h)
            calls = await h.say("help")  # an aside: the open question is asked again
            again = [c for c in calls if "when you'll hear back" in c.text]
            assert again and again[-1].keyboard[0][0][0] == "November 2026"

    run(scenario())



def test_a_date_question_kept_in_the_inbox_comes_back_with_its_calendar() -> None:
    question = DateQuestion("decision", str(ADA), TODAY, "future")
    kept = Reply(spans=(), asks_date=question)
    assert reply_from(orjson.loads(orjson.dumps(reply_to_json(kept)))).asks_date == question
    # An inbox written before calendars existed reads as no calendar.
    old = reply_to_json(kept)
    del old["asks_date"]
    assert reply_from(old).asks_date is None


def test_a_day_picked_for_an_agreed_call_proposes_a_time_to_confirm(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with Session(tmp_path) as h:
            await to_decision_question(h)
            await pick(h, date(2026, 11, 30))
            asked = await h.press("HR")
            [question] = [c for c in asked if "email or call them" in c.text]
            assert calendar_of(question.keyboard)[0][0][0] == "November 2026"
            await h.press("Dec ›")
            proposed = texts(await pick(h, date(2026, 12, 1)))
            assert any("Tue 1 Dec" in t and "10:00" in t for t in proposed), proposed

    run(scenario())


def test_no_typing_indicator_while_the_rate_limits_are_busy() -> None:
    async def scenario() -> None:
        limiter = HearbackRateLimiter()
        assert limiter.has_room(ADA)
        chat = limiter.chat_limiter("sendMessage", ADA)
        assert chat is not None
        await chat.acquire(PER_CHAT_BURST // 2 + 1)  # a burst of answers in her chat
        assert not limiter.has_room(ADA) and limiter.has_room(EVE)
        # Many slow turns at once: only a few indicators a second, all chats together.
        many = HearbackRateLimiter()
        shown = [many.has_room(chat) for chat in range(1, 201)]
        assert shown.count(True) == COURTESY_PER_SECOND and all(shown[:COURTESY_PER_SECOND])
        busy = HearbackRateLimiter()
        overall = busy._base_limiter
        assert overall is not None
        await overall.acquire(16)  # over half of Telegram's 30 a second in use
        assert not busy.has_room(EVE)

    run(scenario())
