"""Issue 14, item 1 on the platforms: a Telegram user is asked once where they are (buttons for
likely zones, a typed city, a shared location), through the real python-telegram-bot objects
against the fake Bot API; a Slack user's profile zone is followed, a change offered and the
plan moved when they accept, through the real slack-bolt app against the fake Web API."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bot.core.contract.models import User, user_key
from bot.core.language.dates import fmt_when
from storage import ShardedRepository
from tests.conftest import LONDON, nudges_of
from tests.fake_slack import event_callback
from tests.test_slack import run as run_slack
from tests.test_slack import slack
from tests.test_telegram import ADA, INTAKE, Harness, Session, run, texts


def telegram_user(repo: ShardedRepository) -> User:
    found = repo.get_user(user_key("telegram", str(ADA)))
    assert found is not None
    return found


def update_with(h: Harness, text: str, **message: Any) -> dict[str, Any]:
    """A text update with more in its message (a language code, a location instead of text)."""
    update = h.fake.text_update(ADA, text)
    language = message.pop("language_code", None)
    if language:
        update["message"]["from"]["language_code"] = language
    update["message"].update(message)
    if "location" in message:
        del update["message"]["text"]
    return update


def test_telegram_asks_once_with_likely_zones_for_the_users_language(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with Session(tmp_path) as h:
            calls = await h.deliver(update_with(h, "/start", language_code="de"))
            welcome, question = texts(calls)
            assert "Hi, I'm Hearback." in welcome
            assert "Which time zone are you in?" in question
            asked = [c for c in calls if c.method == "sendMessage"][-1]
            # Likely zones for German, each with its time now (15:00 in London), then the
            # fallbacks and a way to keep the default.
            assert asked.labels[:3] == ["Berlin (16:00)", "Vienna (16:00)", "Zurich (16:00)"]
            assert asked.labels[-1] == "Keep Europe/London"
            picked = await h.press("Berlin (16:00)")
            said = " ".join(texts(picked))
            assert "Time zone set to Europe/Berlin" in said
            assert "public holidays of Germany" in said and "settings country" in said
            user = telegram_user(h.repo)
            assert (user.timezone, user.zone_confirmed) == ("Europe/Berlin", True)
            # Asked once: the next message is just answered.
            later = await h.say("/help")
            assert not any("Which time zone" in t for t in texts(later))
            # Plans name the zone (Telegram shows no zone of its own).
            await h.say(INTAKE)
            await h.press("HR")
            saved = await h.press("No")
            assert any("Your plan (times in Berlin time)" in t for t in texts(saved))

    run(scenario())


def test_telegram_a_typed_city_answers_the_question(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with Session(tmp_path) as h:
            first = await h.say("hello")
            assert "Which time zone are you in?" in texts(first)[-1]
            answered = await h.say("Toronto")
            said = " ".join(texts(answered))
            assert "Time zone set to America/Toronto" in said
            assert "Ontario, Canada" in said  # the holidays that now apply, said once
            assert telegram_user(h.repo).timezone == "America/Toronto"

    run(scenario())


def test_telegram_a_shared_location_sets_the_zone_offline(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with Session(tmp_path) as h:
            await h.say("/start")
            # Dubai, shared with 📎 → Location: no network lookup, tzfpy's polygons.
            calls = await h.deliver(update_with(h, "", location={"latitude": 25.2048,
                                                                 "longitude": 55.2708}))
            said = " ".join(texts(calls))
            assert "Time zone set to Asia/Dubai" in said
            assert "United Arab Emirates" in said
            assert telegram_user(h.repo).timezone == "Asia/Dubai"

    run(scenario())


def test_telegram_the_question_follows_the_first_answer_and_loses_nothing(
        tmp_path: Path) -> None:
    async def scenario() -> None:
        async with Session(tmp_path) as h:
            first = await h.say(INTAKE)
            intake, question = texts(first)
            assert "Who will tell you the result?" in intake  # the interview is being logged
            assert "Which time zone are you in?" in question
            await h.press("HR")
            await h.press("No")
            user = telegram_user(h.repo)
            london = [fmt_when(n.due_at, LONDON) for n in nudges_of(h.repo, user.key)
                      if n.kind == "call_prompt" and n.status == "pending"]
            assert london == ["Mon 30 Nov, 10:00"]
            # Picking New York afterwards moves the plan to New York's wall clock.
            picked = await h.press("New York (10:00)")
            assert "Time zone set to America/New_York" in " ".join(texts(picked))
            ny = ZoneInfo("America/New_York")
            calls_after = [fmt_when(n.due_at, ny) for n in nudges_of(h.repo, user.key)
                           if n.kind == "call_prompt" and n.status == "pending"]
            assert calls_after == ["Mon 30 Nov, 10:00"]

    run(scenario())


def test_slack_follows_a_change_of_profile_zone_by_offering_to_replan(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with slack(tmp_path) as s:
            await s.intake("U1")
            assert s.user("U1").timezone == "Europe/London"
            # Slack shows its users their own zone: adopting it needs no word, but the public
            # holidays it brings are said once, at the head of the first answer.
            assert all("time zone" not in c.text.lower() for c in s.fake.posts())
            notes = [c for c in s.fake.posts() if "public holidays of England" in c.text]
            assert len(notes) == 1 and "settings country" in notes[0].text
            # They fly to Tokyo and change their Slack zone; an hour on, they write.
            s.fake.users["U1"] = {"tz": "Asia/Tokyo"}
            s.clock.advance(timedelta(hours=1))
            offer = await s.dm("list", "U1")
            assert "Your Slack profile says you're now in Asia/Tokyo" in offer.text
            assert s.user("U1").timezone == "Europe/London"  # offered, not imposed
            done = await s.press(offer, "Yes, use Tokyo", "U1")
            assert "Time zone set to Asia/Tokyo" in done.text
            assert "Japan" in done.text
            user = s.user("U1")
            assert user.timezone == "Asia/Tokyo"
            tokyo = ZoneInfo("Asia/Tokyo")
            calls = [fmt_when(n.due_at, tokyo) for n in nudges_of(s.repo, "slack:U1")
                     if n.kind == "call_prompt" and n.status == "pending"]
            assert calls == ["Mon 30 Nov, 10:00"]
            # Once per change: writing again later brings no second offer.
            s.clock.advance(timedelta(hours=2))
            again = await s.dm("list", "U1")
            assert "says you're now in" not in again.text

    run_slack(scenario)


def test_slack_keeping_the_zone_is_remembered(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with slack(tmp_path, users={"U2": {"tz": "America/New_York"}}) as s:
            await s.dm("hello", "U2")
            assert s.user("U2").timezone == "America/New_York"
            s.fake.users["U2"] = {"tz": "America/Chicago"}
            s.clock.advance(timedelta(hours=1))
            offer = await s.dm("list", "U2")
            kept = await s.press(offer, "Keep New York", "U2")
            assert "Keeping America/New_York" in kept.text
            assert s.user("U2").timezone == "America/New_York"
            # Plans now name the zone: it differs from the one Slack displays.
            listed = await s.dm("list", "U2")
            assert "no interviews" in listed.text
            await s.intake("U2")
            listed = await s.dm("list", "U2")
            assert "(New York time)" in listed.text

    run_slack(scenario)


def test_slack_app_home_opening_also_follows_a_changed_zone(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with slack(tmp_path) as s:
            await s.intake("U1")
            s.fake.users["U1"] = {"tz": "America/Toronto"}
            s.clock.advance(timedelta(hours=1))
            home = event_callback({"type": "app_home_opened", "user": "U1", "channel": "DU1",
                                   "tab": "home", "event_ts": "1.0"}, "EvHomeZone")
            before = len(s.fake.posts())
            await s.sender.event(home)
            await s.settle()
            offer = s.fake.posts()[-1]
            assert len(s.fake.posts()) == before + 1 and offer.args["channel"] == "DU1"
            assert "says you're now in America/Toronto" in offer.text
            done = await s.press(offer, "Yes, use Toronto", "U1")
            assert "Time zone set to America/Toronto" in done.text
            # Opening it again soon reads no profile and offers nothing.
            posts, reads = len(s.fake.posts()), len(s.fake.calls_to("users.info"))
            await s.sender.event(home | {"event_id": "EvHomeZone2"})
            await s.settle()
            assert len(s.fake.posts()) == posts
            assert len(s.fake.calls_to("users.info")) == reads

    run_slack(scenario)
