"""Issue 14, items 1, 2 and 5 in the core: reading a zone as people write it, the holidays and
weekend that come with a zone or a country, the one working-day function, a zone change that
moves every pending nudge to the same wall clock (never into quiet hours), the terminal's zone
announced, and nudges held for an unreachable user folded on their return."""

from __future__ import annotations

import asyncio
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.core.contract.clock import FakeClock
from bot.core.contract.messages import Incoming
from bot.core.contract.models import User
from bot.core.contract.ports import Repository
from bot.core.contract.prefs import Prefs, working_day, zone_calendar
from bot.core.language.dates import fmt_when
from bot.core.language.zones import find_zone
from bot.core.plan.kinds import CALL_PROMPT
from bot.core.plan.planner import call_day, in_quiet_hours, is_business_day
from bot.scheduler import Scheduler
from tests.conftest import KEY, LONDON, Chat, RecordingSender, acme, log_interview, nudges_of

NEW_YORK = ZoneInfo("America/New_York")


def pending_local(repo: Repository, tz: ZoneInfo, key: str = KEY) -> dict[str, list[str]]:
    """Pending nudges by kind, as local wall-clock times in `tz`."""
    out: dict[str, list[str]] = {}
    for n in nudges_of(repo, key):
        if n.status == "pending":
            out.setdefault(n.kind, []).append(fmt_when(n.due_at, tz))
    return out


# -- reading a zone ------------------------------------------------------------------------------
@pytest.mark.parametrize(("typed", "zone"), [
    ("Europe/Berlin", "Europe/Berlin"),
    ("europe/berlin", "Europe/Berlin"),
    ("Berlin", "Europe/Berlin"),
    ("New York", "America/New_York"),
    ("NYC", "America/New_York"),  # a nickname
    ("Big Apple", "America/New_York"),
    ("München", "Europe/Berlin"),  # a local spelling
    ("Muenchen", "Europe/Berlin"),
    ("Bombay", "Asia/Kolkata"),  # an old name
    ("Kiev", "Europe/Kyiv"),  # an old spelling and an old IANA link
    ("Asia/Calcutta", "Asia/Kolkata"),
    ("São Paulo", "America/Sao_Paulo"),
    ("sao paulo", "America/Sao_Paulo"),
    ("Paris, France", "Europe/Paris"),  # "City, Country"
    ("Paris", "Europe/Paris"),  # the most populous Paris
    ("Portland, Oregon", "America/Los_Angeles"),  # a US state picks the Portland
    ("Portland, Maine", "America/New_York"),
    ("Portland OR", "America/Los_Angeles"),
    ("Toronto Canada", "America/Toronto"),
    ("Mumbai, India", "Asia/Kolkata"),
    ("Dubai", "Asia/Dubai"),
    ("I'm in Toronto", "America/Toronto"),
    ("PST", "America/Los_Angeles"),  # abbreviations: the zone with daylight saving
    ("PDT", "America/Los_Angeles"),
    ("EST", "America/New_York"),  # never the fixed-offset IANA "EST"
    ("Eastern", "America/New_York"),
    ("BST", "Europe/London"),
    ("JST", "Asia/Tokyo"),
    ("UTC", "UTC"),
])
def test_zones_as_people_write_them(typed: str, zone: str) -> None:
    assert find_zone(typed).zone == zone


@pytest.mark.parametrize(("typed", "choices"), [
    ("CST", ("America/Chicago", "Asia/Shanghai")),
    ("IST", ("Asia/Kolkata", "Europe/Dublin", "Asia/Jerusalem")),
    ("MST", ("America/Denver", "America/Phoenix")),
])
def test_an_abbreviation_several_zones_use_is_asked_about(typed: str,
                                                          choices: tuple[str, ...]) -> None:
    found = find_zone(typed)
    assert found.zone is None and found.choices == choices


@pytest.mark.parametrize("typed", ["UTC+2", "GMT-5", "+05:30", "utc-03:00"])
def test_a_fixed_offset_is_never_taken_by_surprise(typed: str) -> None:
    found = find_zone(typed)
    assert found.zone is None and found.why is not None and "daylight saving" in found.why


@pytest.mark.parametrize("typed", ["Qwxz Prime", "est5edt", ""])
def test_unknown_places_are_not_guessed(typed: str) -> None:
    assert find_zone(typed).zone is None


def test_an_ambiguous_abbreviation_in_settings_asks_for_the_city(chat: Chat) -> None:
    chat.say("settings timezone CST")
    assert "America/Chicago or Asia/Shanghai" in chat.text
    chat.say("Chicago")
    assert "Time zone set to America/Chicago" in chat.text


# -- holidays and weekends -----------------------------------------------------------------------
@pytest.mark.parametrize(("zone", "calendar"), [
    ("Europe/London", ("GB", "ENG")),
    ("America/Toronto", ("CA", "ON")),
    ("America/Vancouver", ("CA", "BC")),
    ("America/Los_Angeles", ("US", "CA")),
    ("America/New_York", ("US", "NY")),
    ("Australia/Sydney", ("AU", "NSW")),
    ("Europe/Berlin", ("DE", None)),  # no region in the zone's name the library knows
    ("Asia/Riyadh", ("SA", None)),
    ("Asia/Calcutta", ("IN", None)),
    ("UTC", (None, None)),
])
def test_with_no_country_set_the_zone_gives_country_and_region(
        zone: str, calendar: tuple[str | None, str | None]) -> None:
    assert zone_calendar(zone) == calendar


@pytest.mark.parametrize(("prefs", "day", "n", "expected"), [
    # England: Christmas (Fri), Boxing Day (Sat) moved to Mon 28.
    (Prefs(LONDON, country="GB", region="ENG"), date(2026, 12, 24), 1, date(2026, 12, 29)),
    # Scotland: 1 and 2 January are both bank holidays (2 Jan is a Saturday: Mon 4 off).
    (Prefs(LONDON, country="GB", region="SCT"), date(2026, 12, 31), 1, date(2027, 1, 5)),
    (Prefs(LONDON, country="GB", region="ENG"), date(2026, 12, 31), 1, date(2027, 1, 4)),
    # Ontario: Christmas and Boxing Day (observed Mon 28).
    (Prefs(ZoneInfo("America/Toronto"), country="CA", region="ON"), date(2026, 12, 24), 1,
     date(2026, 12, 29)),
    # Saudi Arabia's weekend is Friday and Saturday: after Thursday comes Sunday.
    (Prefs(ZoneInfo("Asia/Riyadh"), country="SA"), date(2026, 12, 3), 1, date(2026, 12, 6)),
    (Prefs(ZoneInfo("Asia/Riyadh"), country="SA"), date(2026, 12, 4), 0, date(2026, 12, 6)),
    # "3 working days" from a Wednesday, Ontario, across Christmas.
    (Prefs(ZoneInfo("America/Toronto"), country="CA", region="ON"), date(2026, 12, 23), 3,
     date(2026, 12, 30)),
    # No country: Saturday and Sunday only.
    (Prefs(LONDON), date(2026, 12, 24), 1, date(2026, 12, 25)),
    (Prefs(LONDON), date(2026, 11, 27), 1, date(2026, 11, 30)),
    (Prefs(LONDON), date(2026, 11, 30), -1, date(2026, 11, 27)),
])
def test_working_days_skip_the_weekend_and_holidays_where_the_user_is(
        prefs: Prefs, day: date, n: int, expected: date) -> None:
    assert working_day(day, n, prefs) == expected


def test_friday_and_saturday_are_the_weekend_in_saudi_arabia() -> None:
    riyadh = Prefs(ZoneInfo("Asia/Riyadh"), country="SA")
    assert not is_business_day(date(2026, 12, 4), riyadh)  # Friday
    assert not is_business_day(date(2026, 12, 5), riyadh)  # Saturday
    assert is_business_day(date(2026, 12, 6), riyadh)  # Sunday


def test_a_user_in_riyadh_gets_the_call_on_sunday_after_a_thursday_decision(
        chat: Chat, repo: Repository) -> None:
    chat.say("settings timezone Riyadh")
    assert "Saudi Arabia" in chat.text and "Friday and Saturday" in chat.text
    log_interview(chat, acme("they said they'd let me know by Thursday"), only_if_asked=True)
    assert pending_local(repo, ZoneInfo("Asia/Riyadh"))[CALL_PROMPT] == ["Sun 29 Nov, 10:00"]


def test_toronto_around_christmas_calls_after_boxing_day(chat: Chat, repo: Repository) -> None:
    chat.say("settings timezone Toronto")
    assert "Ontario, Canada" in chat.text  # said once, with how to change it
    assert "settings country" in chat.text
    log_interview(chat, acme("they said they'd let me know by the 24th"), only_if_asked=True)
    assert pending_local(repo, ZoneInfo("America/Toronto"))[CALL_PROMPT] == \
        ["Tue 29 Dec, 10:00"]
    chat.say("settings")
    assert "Country: Ontario, Canada (its public holidays are not business days, taken from " \
           "your time zone)" in chat.text


def test_default_settings_no_longer_call_on_christmas_day(chat: Chat, repo: Repository) -> None:
    # Europe/London with no country set: England's bank holidays apply.
    log_interview(chat, acme("they said they'd let me know by the 24th"), only_if_asked=True)
    assert pending_local(repo, LONDON)[CALL_PROMPT] == ["Tue 29 Dec, 10:00"]


@pytest.mark.parametrize(("typed", "said", "call"), [
    ("Canada Ontario", "Ontario, Canada (CA-ON)", "Tue 29 Dec, 10:00"),
    ("Ontario, Canada", "Ontario, Canada (CA-ON)", "Tue 29 Dec, 10:00"),
    ("England", "England, United Kingdom (GB-ENG)", "Tue 29 Dec, 10:00"),
    ("US California", "California, United States (US-CA)", "Mon 28 Dec, 10:00"),
    ("Germany", "Germany (DE)", "Mon 28 Dec, 10:00"),
    ("none", "only weekends are skipped", "Fri 25 Dec, 10:00"),
])
def test_settings_take_a_country_with_its_region(chat: Chat, repo: Repository, typed: str,
                                                 said: str, call: str) -> None:
    log_interview(chat, acme("they said they'd let me know by the 24th"), only_if_asked=True)
    chat.say(f"settings country {typed}")
    assert said in chat.text
    assert pending_local(repo, LONDON)[CALL_PROMPT] == [call]


def test_the_call_day_counts_working_days_with_the_users_holidays() -> None:
    from tests.test_planner import interview

    iv = interview(decision_by=date(2026, 12, 24))
    assert call_day(iv, Prefs(LONDON)) == date(2026, 12, 25)
    assert call_day(iv, Prefs(LONDON, country="GB", region="ENG")) == date(2026, 12, 29)


# -- a zone change moves every pending nudge ------------------------------------------------------
def test_a_zone_change_moves_every_pending_nudge_to_the_same_wall_clock(
        chat: Chat, repo: Repository, clock: FakeClock) -> None:
    # A snooze (hand-made), thank-you reminders (kept on re-plans), an agreed email and the
    # planned nudges: all keep their local times in the new zone.
    chat.say(acme())
    chat.say("email me Tuesday at 10")
    assert "Saved" in chat.text
    clock.advance(timedelta(hours=2, minutes=5))
    asyncio.run(Scheduler(repo, chat.engine, clock, {"console": RecordingSender()}).tick())
    chat.say("snooze")
    chat.say("Monday 3pm")
    before = pending_local(repo, LONDON)
    assert before["thank_you_last"] == ["Mon 30 Nov, 15:00"]  # the snoozed series
    assert before["agreed_contact"] == ["Tue 1 Dec, 10:00"]
    assert any(n.origin == "snooze" and n.status == "pending" for n in nudges_of(repo))
    chat.say("settings timezone New York")
    assert "Time zone set to America/New_York" in chat.text
    after = pending_local(repo, NEW_YORK)
    # Check-ins are re-planned under New York's calendar: Thanksgiving (Thu 26) is no working
    # day there, so the second one moves; everything else keeps its local time.
    assert after.pop("checkin")[:2] == ["Mon 30 Nov, 18:00", "Tue 1 Dec, 18:00"]
    assert before.pop("checkin")[:2] == ["Fri 27 Nov, 18:00", "Mon 30 Nov, 18:00"]
    assert after == before
    user = repo.get_user(KEY)
    assert user is not None
    prefs = Prefs.for_user(user)
    assert not any(in_quiet_hours(n.due_at, prefs) for n in nudges_of(repo)
                   if n.status == "pending")
    # Plans now name the zone the user chose.
    chat.say("list")
    assert "(New York time)" in chat.text


def test_a_time_already_past_in_the_new_zone_waits_for_the_end_of_quiet_hours(
        chat: Chat, repo: Repository, clock: FakeClock) -> None:
    # 15:00 in London is midnight in Tokyo: the thank-you reminder due at 17:00 London (17:00
    # Tokyo has passed) must not go out at once in the Tokyo night.
    log_interview(chat, only_if_asked=True)
    chat.say("settings timezone Tokyo")
    tokyo = ZoneInfo("Asia/Tokyo")
    reminders = pending_local(repo, tokyo)["thank_you_reminder"]
    assert reminders == ["Thu 26 Nov, 08:00"]
    user = repo.get_user(KEY)
    assert user is not None
    assert not any(in_quiet_hours(n.due_at, Prefs.for_user(user)) for n in nudges_of(repo)
                   if n.status == "pending")


# -- the terminal's zone ----------------------------------------------------------------------
def test_the_terminal_starts_in_the_machines_zone_and_says_so(engine: object,
                                                               repo: Repository) -> None:
    from bot.core.engine import Engine

    assert isinstance(engine, Engine)
    replies = engine.handle(Incoming("console", "me", "me", text="hello",
                                     timezone="America/Toronto"))
    first = replies[0].text
    assert "I'm using your time zone from this terminal, America/Toronto" in first
    assert "Ontario, Canada" in first and "settings" in first
    user = repo.get_user("console:me")
    assert user is not None and user.timezone == "America/Toronto"
    # Said once: the next message is answered without it, and times carry no zone label (the
    # terminal's clock shows this zone).
    again = engine.handle(Incoming("console", "me", "me", text="list",
                                   timezone="America/Toronto"))
    assert "this terminal" not in "\n".join(r.text for r in again)
    assert Prefs.for_user(user).show_zone is False


def test_machine_zone_reads_the_clock_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    import tzlocal

    from bot.adapters.console import machine_zone

    monkeypatch.setenv("TZ", "America/Toronto")
    tzlocal.reload_localzone()  # tzlocal caches what it read
    assert machine_zone("UTC") == "America/Toronto"

    def broken() -> str:
        raise LookupError("no zone configured")

    monkeypatch.setattr(tzlocal, "get_localzone_name", broken)
    assert machine_zone("Europe/London") == "Europe/London"
    monkeypatch.setattr(tzlocal, "get_localzone_name", lambda: "Not/AZone")
    assert machine_zone("Europe/London") == "Europe/London"


# -- nudges held while the user could not be reached ----------------------------------------------
def test_held_nudges_are_folded_on_return_as_after_downtime(
        chat: Chat, repo: Repository, clock: FakeClock) -> None:
    log_interview(chat, acme("they said they'd let me know by Friday"), only_if_asked=True)
    user = repo.get_user(KEY)
    assert user is not None
    user.unreachable = True  # the platform said they blocked the bot
    repo.save_user(user)
    sender = RecordingSender()
    scheduler = Scheduler(repo, chat.engine, clock, {"console": sender})
    for _ in range(8):  # a tick a day for eight days: nothing reaches them
        clock.advance(timedelta(days=1))
        asyncio.run(scheduler.tick())
    assert sender.sent == []
    held = [n for n in nudges_of(repo) if n.status == "paused"]
    assert len(held) >= 5  # thank-you x2, check-ins, rehearsal, call
    # Thu 3 Dec 15:00: they write again; the next tick sends only what still matters.
    chat.say("hi")
    asyncio.run(scheduler.tick())
    fates = {n.kind: n.status for n in nudges_of(repo) if n.id in {h.id for h in held}}
    assert fates["thank_you_reminder"] in ("merged", "expired")
    assert fates["thank_you_last"] == "expired"
    assert fates["rehearsal_offer"] in ("merged", "expired")
    assert fates["checkin"] in ("merged", "expired")
    # The call is still the step to take: sent now, in office hours on a working day.
    assert [r.text.split("\n")[0] for r in sender.sent] and len(sender.sent) == 1
    assert "call" in sender.sent[0].text.lower()
    assert not any(n.status == "paused" for n in nudges_of(repo))


def test_a_held_call_comes_back_in_office_hours_not_at_night(
        chat: Chat, repo: Repository, clock: FakeClock) -> None:
    log_interview(chat, acme("they said they'd let me know by Friday"), only_if_asked=True)
    user = repo.get_user(KEY)
    assert user is not None
    user.unreachable = True
    repo.save_user(user)
    scheduler = Scheduler(repo, chat.engine, clock, {"console": RecordingSender()})
    clock.set(datetime(2026, 12, 1, 12, 0, tzinfo=LONDON))
    asyncio.run(scheduler.tick())
    clock.set(datetime(2026, 12, 1, 23, 30, tzinfo=LONDON))  # back late at night
    chat.say("hi")
    sender = RecordingSender()
    asyncio.run(Scheduler(repo, chat.engine, clock, {"console": sender}).tick())
    assert sender.sent == []
    calls = [n for n in nudges_of(repo) if n.kind == CALL_PROMPT and n.status == "pending"]
    assert [fmt_when(n.due_at, LONDON) for n in calls] == ["Wed 2 Dec, 10:00"]


def test_user_record_round_trips_the_new_fields() -> None:
    user = User(key="telegram:1", platform="telegram", user_id="1", chat_id="1",
                timezone="Asia/Dubai", created_at=datetime(2026, 11, 25, tzinfo=LONDON),
                country="CA", region="ON", platform_zone=None, zone_confirmed=True,
                zone_asked=True)
    again = User.from_dict(user.to_dict())
    assert (again.region, again.zone_confirmed, again.zone_asked) == ("ON", True, True)
    assert User.from_dict({k: v for k, v in user.to_dict().items()
                           if k not in ("region", "no_country")}).region is None


@pytest.mark.parametrize("typed", ["yes", "no", "okay", "bye", "hi", "thanks"])
def test_everyday_words_are_not_read_as_other_names_of_places(typed: str) -> None:
    # geonames lists "yes" and "okay" among other names of real cities.
    assert find_zone(typed).zone is None


def test_after_the_zone_question_a_short_word_is_still_a_word(engine: object,
                                                              repo: Repository) -> None:
    from bot.core.engine import Engine

    assert isinstance(engine, Engine)

    def say(text: str) -> str:
        replies = engine.handle(Incoming("telegram", "5", "5", text=text, zone_unknown=True))
        return "\n".join(r.text for r in replies)

    assert "Which time zone are you in?" in say("hello")
    assert "Time zone set" not in say("nice")  # the city of Nice only when asked for a place
    user = repo.get_user("telegram:5")
    assert user is not None and (user.timezone, user.zone_confirmed) == ("Europe/London", False)
    assert "Which time zone" not in say("thanks")  # asked once
    assert "Time zone set to Europe/Lisbon" in say("Lisbon")
