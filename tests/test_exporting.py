"""`export` (JSON + .ics) and `delete` (forget me), through the engine with a fake clock and a
real data directory: the files parse, the calendar has the right events at the right local
times, and after a confirmed delete no file in the data directory mentions the user, the
schema-1 backup included."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar, Event

from bot.core.account import exporting
from bot.core.contract.clock import FakeClock
from bot.core.contract.context import Ctx
from bot.core.contract.messages import Attachment, Incoming, Reply
from bot.core.contract.models import Dialog, Interview, Nudge, User
from bot.core.contract.ports import DeliveryError, Repository
from bot.core.contract.prefs import Prefs
from bot.core.engine import Engine
from bot.scheduler import Scheduler
from storage import ShardedRepository, open_repository
from storage.migrate import forget_in_v1_backup
from tests.conftest import LONDON, START, Chat, log_interview, nudges_of

KEY = "console:u1"
FIRST = ("I just had an interview with Jane Doe at Acme for the backend role, they said they'd "
         "let me know by Friday")
WITH_EMAIL = ("I just had an interview with Jane Doe at Acme for the backend role, her email is "
              "jane.doe@acme.example, they said they'd let me know by Friday")
MIGRATED = "hearback.json.v1-migrated"


def attachments(replies: list[Reply]) -> dict[str, Attachment]:
    return {a.filename: a for r in replies for a in r.attachments}


def export(chat: Chat) -> tuple[dict[str, Any], Calendar]:
    replies = chat.say("export")
    assert len(replies) == 1
    files = attachments(replies)
    assert sorted(files) == ["hearback-calendar.ics", "hearback-export.json"]
    assert files["hearback-export.json"].mime == "application/json"
    assert files["hearback-calendar.ics"].mime == "text/calendar"
    data = json.loads(files["hearback-export.json"].data.decode("utf-8"))
    cal = Calendar.from_ical(files["hearback-calendar.ics"].data)
    assert isinstance(cal, Calendar)
    return data, cal


def assert_valid(cal: Calendar) -> None:
    """What RFC 5545 asks of a calendar (Calendar.validate checks the same, but is untyped):
    PRODID and VERSION, at least one component, a VTIMEZONE for every TZID used."""
    assert cal.get("PRODID") and str(cal.get("VERSION")) == "2.0"
    assert cal.subcomponents
    assert cal.get_missing_tzids() == set()


def events(cal: Calendar) -> list[Event]:
    return [e for e in cal.walk("VEVENT") if isinstance(e, Event)]


def by_summary(cal: Calendar) -> dict[str, Event]:
    return {str(e["SUMMARY"]): e for e in events(cal)}


def payload(replies: list[Reply], label: str) -> str:
    for r in replies:
        for row in r.buttons:
            for b in row:
                if b.label == label:
                    return b.payload
    raise AssertionError(f"no button {label!r}")


def press_payload(engine: Engine, data: str, user: str = "u1") -> list[Reply]:
    return engine.handle(Incoming("console", user, user, button=data))


def text_of(replies: list[Reply]) -> str:
    return "\n".join(r.text for r in replies)


def files_mentioning(data_dir: Path, needles: list[str]) -> dict[str, list[str]]:
    """grep -rl for each needle over every file under the data directory."""
    found: dict[str, list[str]] = {}
    for path in sorted(data_dir.rglob("*")):
        if path.is_file():
            raw = path.read_bytes()
            hits = [n for n in needles if n.encode("utf-8") in raw]
            if hits:
                found[str(path.relative_to(data_dir))] = hits
    return found


# -- export ------------------------------------------------------------------------------------
def test_export_is_json_of_everything_with_every_nudge_and_its_status(
        chat: Chat, repo: Repository) -> None:
    log_interview(chat, WITH_EMAIL, informer="HR", saved=True)
    chat.say("done")  # the thank-you reminders become cancelled

    data, _ = export(chat)

    assert "hearback-export.json" in chat.text and "hearback-calendar.ics" in chat.text
    assert list(data) == ["format", "version", "exported_at", "note", "user", "interviews",
                          "reminders", "dialog", "shared_in_team_channels"]
    assert data["shared_in_team_channels"] == [] and data["reminders"] == []
    assert data["format"] == "hearback-export" and data["version"] == 1
    assert datetime.fromisoformat(data["exported_at"]) == START
    assert data["user"]["key"] == KEY and data["user"]["timezone"] == "Europe/London"
    [iv] = data["interviews"]
    stored = repo.interviews_for(KEY)[0]
    assert {k: v for k, v in iv.items() if k != "nudges"} == stored.to_dict()
    assert (iv["company"], iv["role"], iv["interviewer"]) == ("Acme", "backend", "Jane Doe")
    assert iv["interviewer_email"] == "jane.doe@acme.example"
    assert iv["decision_by"] == "2026-11-27"
    assert datetime.fromisoformat(iv["interviewed_at"]) == START
    nudges = repo.nudges_for_interview(stored.id)
    assert [(n["id"], n["kind"], n["status"]) for n in iv["nudges"]] == [
        (n.id, n.kind, n.status) for n in sorted(nudges, key=lambda n: (n.due_at, n.id))]
    statuses = {n["kind"]: n["status"] for n in iv["nudges"]}
    assert statuses["thank_you_reminder"] == "cancelled"
    assert statuses["call_prompt"] == "pending"
    for n in iv["nudges"]:
        assert Nudge.from_dict(n) == next(s for s in nudges if s.id == n["id"])
        assert n["about"]
    assert data["dialog"] is None


def test_the_same_data_exports_to_the_same_bytes(chat: Chat) -> None:
    log_interview(chat, FIRST, informer="HR", saved=True)
    first = attachments(chat.say("export"))
    second = attachments(chat.say("export"))
    assert first == second
    text = first["hearback-export.json"].data.decode("utf-8")
    assert text.startswith("{\n  \"format\"")  # indented, readable


def test_export_includes_the_dialog_in_progress(chat: Chat, repo: Repository,
                                                clock: FakeClock) -> None:
    # Typed `export` mid-flow reaches the module after the engine has closed the question, so
    # the module is called directly here with a question open.
    chat.say(FIRST)
    dialog = repo.get_dialog(KEY)
    assert dialog is not None
    user = repo.get_user(KEY)
    assert user is not None
    ctx = Ctx(repo=repo, user=user, now=clock.now(), prefs=Prefs.for_user(user))
    [r] = exporting.export_command(ctx, "")
    data = json.loads(attachments([r])["hearback-export.json"].data)
    assert data["dialog"]["flow"] == dialog.flow and data["dialog"]["step"] == dialog.step
    assert Dialog.from_dict(data["dialog"]) == dialog
    assert list(data["dialog"]["data"]) == sorted(data["dialog"]["data"])  # a stable order


def test_the_calendar_has_the_real_steps_at_their_local_times(chat: Chat) -> None:
    log_interview(chat, FIRST, informer="HR", saved=True)
    _, cal = export(chat)

    assert str(cal["PRODID"]).startswith("-//Hearback//")
    assert str(cal["VERSION"]) == "2.0"
    assert_valid(cal)
    assert [tz.tz_name for tz in cal.timezones] == ["Europe/London"]
    evs = by_summary(cal)
    assert sorted(evs) == ["Call Acme about the backend position",
                           "Decision expected: backend role at Acme",
                           "Follow up with Acme by email, if no news",
                           "Rehearse tomorrow's call to Acme"]
    call = evs["Call Acme about the backend position"]
    start = call.decoded("DTSTART")
    assert start == datetime(2026, 11, 30, 10, 0, tzinfo=LONDON)  # Mon 30 Nov, 10:00 London
    assert start.tzinfo is not None and str(start.tzinfo) == "Europe/London"
    assert call.decoded("DTEND") > start
    assert "Jane Doe" in str(call["DESCRIPTION"]) and "Wed 25 Nov" in str(call["DESCRIPTION"])
    rehearse = evs["Rehearse tomorrow's call to Acme"]
    assert rehearse.decoded("DTSTART") == datetime(2026, 11, 29, 18, 0, tzinfo=LONDON)
    decision = evs["Decision expected: backend role at Acme"]
    assert decision.decoded("DTSTART") == date(2026, 11, 27)  # all day
    assert decision.decoded("DTEND") == date(2026, 11, 28)
    assert str(decision["TRANSP"]) == "TRANSPARENT"
    for e in events(cal):
        assert e.decoded("DTSTAMP") == START.astimezone(UTC)
        assert str(e["UID"]).endswith("@hearback")
        assert e["DESCRIPTION"]
    assert len({str(e["UID"]) for e in events(cal)}) == 4
    # Reminders and check-ins are the bot's business, not calendar events.
    assert not any("thank" in s.lower() or "check-in" in s.lower() for s in evs)


def test_calendar_uids_stay_the_same_across_exports(chat: Chat, clock: FakeClock) -> None:
    log_interview(chat, FIRST, informer="HR", saved=True)
    _, first = export(chat)
    clock.advance(timedelta(hours=1))
    _, second = export(chat)
    assert {str(e["UID"]) for e in events(first)} == {str(e["UID"]) for e in events(second)}


def test_an_agreed_email_is_in_the_calendar_in_summer_time(
        engine: Engine, repo: Repository, clock: FakeClock) -> None:
    clock.set(datetime(2026, 6, 10, 15, 0, tzinfo=LONDON))  # a Wednesday, BST (UTC+1)
    chat = Chat(engine)
    chat.say(WITH_EMAIL)
    chat.press("HR")
    chat.say("email me on Tuesday at 11")
    _, cal = export(chat)
    evs = by_summary(cal)
    email = evs["Email Jane Doe at Acme, as agreed"]
    start = email.decoded("DTSTART")
    assert start == datetime(2026, 6, 16, 11, 0, tzinfo=LONDON)
    assert start.astimezone(UTC).hour == 10  # 11:00 BST is 10:00 UTC
    assert "jane.doe@acme.example" in str(email["DESCRIPTION"])
    assert cal.get_missing_tzids() == set()


def test_a_user_with_nothing_logged_gets_small_valid_files_and_a_friendly_note(
        chat: Chat) -> None:
    data, cal = export(chat)
    assert data["user"]["key"] == KEY
    assert data["interviews"] == [] and data["dialog"] is None
    assert events(cal) == []
    assert_valid(cal)  # a VTIMEZONE keeps it a valid calendar
    assert "haven't logged an interview" in chat.text
    assert "none right now" in chat.text


def test_past_dates_and_closed_interviews_stay_out_of_the_calendar(
        chat: Chat, repo: Repository, clock: FakeClock) -> None:
    log_interview(chat, FIRST, informer="HR", saved=True)
    clock.set(datetime(2026, 11, 29, 12, 0, tzinfo=LONDON))  # after the decision date
    _, cal = export(chat)
    assert sorted(by_summary(cal)) == ["Call Acme about the backend position",
                                       "Follow up with Acme by email, if no news",
                                       "Rehearse tomorrow's call to Acme"]
    iv = repo.interviews_for(KEY)[0]
    iv.status, iv.outcome = "closed", "selected"
    repo.save_interview(iv)
    data, cal = export(chat)
    assert events(cal) == []
    assert data["interviews"][0]["status"] == "closed"  # still in the data, just not upcoming


# -- delete: asking ------------------------------------------------------------------------------
def test_delete_asks_first_and_nothing_goes_without_the_button(
        chat: Chat, repo: Repository) -> None:
    log_interview(chat, FIRST, informer="HR", saved=True)
    chat.say("delete")
    assert chat.labels[:2] == ["Yes, delete everything", "No, keep my data"]
    assert "1 interview" in chat.text and "can't be undone" in chat.text
    assert "typing yes won't do it" in chat.text
    chat.say("yes")
    assert repo.get_user(KEY) is not None
    assert len(repo.interviews_for(KEY)) == 1
    chat.say("delete confirm")  # not a command either: buttons only
    assert len(repo.interviews_for(KEY)) == 1


def test_no_keeps_everything(chat: Chat, repo: Repository, clock: FakeClock) -> None:
    log_interview(chat, FIRST, informer="HR", saved=True)
    before = nudges_of(repo)
    chat.say("delete")
    chat.press("No, keep my data")
    assert "nothing was deleted" in chat.text
    assert repo.interviews_for(KEY) and nudges_of(repo) == before
    assert len(repo.due_nudges(clock.now() + timedelta(days=90))) == len(
        [n for n in before if n.status == "pending"])


def test_the_delete_question_offers_an_export_first(chat: Chat) -> None:
    log_interview(chat, FIRST, informer="HR", saved=True)
    chat.say("delete")
    chat.press("Export my data first")
    assert sorted(attachments(chat.last)) == ["hearback-calendar.ics", "hearback-export.json"]


# -- delete: doing it ----------------------------------------------------------------------------
def test_after_delete_the_user_and_their_nudges_are_gone(
        engine: Engine, repo: Repository, sharded: ShardedRepository, clock: FakeClock) -> None:
    chat, other = Chat(engine), Chat(engine, user="u2")
    log_interview(chat, FIRST, informer="HR", saved=True)
    log_interview(other, FIRST, informer="HR", saved=True)
    later = clock.now() + timedelta(days=30)
    assert {n.user_key for n in repo.due_nudges(later)} == {KEY, "console:u2"}

    chat.say("delete")
    chat.press("Yes, delete everything")

    assert "deleted everything" in chat.text and "start fresh" in chat.text
    assert "1 interview" in chat.text
    assert repo.get_user(KEY) is None
    assert repo.interviews_for(KEY) == [] and repo.get_dialog(KEY) is None
    assert KEY not in sharded.known_users()
    assert {n.user_key for n in repo.due_nudges(later)} == {"console:u2"}
    assert {n.user_key for n in sharded.all_nudges()} == {"console:u2"}
    assert repo.claimed_nudges() == []
    assert not (sharded.data_dir / "users").joinpath(_shard_name(KEY)).exists()
    # Writing again starts fresh.
    chat.say("hi")
    user = repo.get_user(KEY)
    assert user is not None and repo.interviews_for(KEY) == []


def _shard_name(key: str) -> str:
    from storage.shard import shard_name
    return shard_name(key)


def test_the_scheduler_sends_nothing_to_a_deleted_user(
        engine: Engine, repo: Repository, sharded: ShardedRepository, clock: FakeClock) -> None:
    chat = Chat(engine)
    log_interview(chat, FIRST, informer="HR", saved=True)
    chat.say("delete")
    chat.press("Yes, delete everything")
    sent: list[tuple[User, Reply]] = []

    class Sender:
        platform: str = "console"
        nudges_per_second: float | None = None

        async def send(self, user: User, reply: Reply) -> None:
            sent.append((user, reply))

    scheduler = Scheduler(repo, engine, clock, {"console": Sender()})
    clock.advance(timedelta(days=30))
    assert asyncio.run(scheduler.tick()) == 0
    assert sent == []
    assert sharded.known_users() == []


def test_deleting_mid_intake_removes_the_question_too(
        chat: Chat, repo: Repository, sharded: ShardedRepository) -> None:
    chat.say(FIRST)
    assert repo.get_dialog(KEY) is not None
    chat.say("/delete")  # mid-question only the /word form is a command
    chat.press("Yes, delete everything")
    assert repo.get_dialog(KEY) is None and repo.get_user(KEY) is None
    assert sharded.known_users() == []


def test_a_confirm_pressed_while_a_new_question_is_open_removes_it_too(
        engine: Engine, repo: Repository, sharded: ShardedRepository) -> None:
    chat = Chat(engine)
    log_interview(chat, FIRST, informer="HR", saved=True)
    yes = payload(chat.say("delete"), "Yes, delete everything")
    chat.say(FIRST)  # a new intake, still at its first question
    assert repo.get_dialog(KEY) is not None
    press_payload(engine, yes)
    assert repo.get_dialog(KEY) is None and repo.get_user(KEY) is None
    assert sharded.known_users() == []


def test_pressing_confirm_twice(engine: Engine, repo: Repository, sharded: ShardedRepository,
                                clock: FakeClock) -> None:
    chat = Chat(engine)
    log_interview(chat, FIRST, informer="HR", saved=True)
    yes = payload(chat.say("delete"), "Yes, delete everything")
    press_payload(engine, yes)
    clock.advance(timedelta(minutes=1))
    replies = press_payload(engine, yes)
    assert "already done" in text_of(replies)
    assert repo.get_user(KEY) is None and sharded.known_users() == []
    assert files_mentioning(sharded.data_dir, [KEY, "Acme"]) == {}


def test_pressing_confirm_twice_in_the_same_instant_leaves_nothing_either(
        engine: Engine, repo: Repository, sharded: ShardedRepository) -> None:
    chat = Chat(engine)
    log_interview(chat, FIRST, informer="HR", saved=True)
    yes = payload(chat.say("delete"), "Yes, delete everything")
    press_payload(engine, yes)
    press_payload(engine, yes)
    assert repo.get_user(KEY) is None and sharded.known_users() == []


def test_an_old_confirm_does_not_touch_what_was_logged_after_a_delete(
        engine: Engine, repo: Repository, clock: FakeClock) -> None:
    chat = Chat(engine)
    log_interview(chat, FIRST, informer="HR", saved=True)
    yes = payload(chat.say("delete"), "Yes, delete everything")
    press_payload(engine, yes)
    clock.advance(timedelta(hours=1))
    log_interview(chat, FIRST, informer="HR", saved=True)  # starts fresh
    replies = press_payload(engine, yes)
    assert "from before you last deleted" in text_of(replies)
    assert len(repo.interviews_for(KEY)) == 1
    assert "Yes, delete everything" in [label for r in replies for label in r.button_labels]


def test_a_confirm_still_works_after_a_restart(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    clock = FakeClock(START)
    repo = open_repository(data_dir)
    chat = Chat(Engine(repo, clock, default_timezone="Europe/London"))
    log_interview(chat, FIRST, informer="HR", saved=True)
    yes = payload(chat.say("delete"), "Yes, delete everything")
    repo.close()

    clock.advance(timedelta(hours=3))
    repo = open_repository(data_dir)
    try:
        assert repo.get_user(KEY) is not None
        replies = press_payload(Engine(repo, clock, default_timezone="Europe/London"), yes)
        assert "deleted everything" in text_of(replies)
        assert repo.known_users() == []
    finally:
        repo.close()
    repo = open_repository(data_dir)
    try:
        assert repo.known_users() == [] and repo.all_nudges() == []
    finally:
        repo.close()


def test_someone_elses_confirm_is_refused(engine: Engine, repo: Repository) -> None:
    chat = Chat(engine)
    log_interview(chat, FIRST, informer="HR", saved=True)
    yes = payload(chat.say("delete"), "Yes, delete everything")
    replies = press_payload(engine, yes, user="mallory")
    assert "someone else" in text_of(replies)
    assert repo.get_user(KEY) is not None and len(repo.interviews_for(KEY)) == 1


@pytest.mark.parametrize("arg", ["y", "yzz!", "x", ""])
def test_a_damaged_delete_button_deletes_nothing(engine: Engine, repo: Repository,
                                                 arg: str) -> None:
    chat = Chat(engine)
    log_interview(chat, FIRST, informer="HR", saved=True)
    replies = press_payload(engine, f"hb1|del|u1||{arg}")
    assert "didn't delete anything" in text_of(replies)
    assert len(repo.interviews_for(KEY)) == 1


# -- delete: no trace in any file, the schema-1 backup included ----------------------------------
T0 = datetime(2026, 11, 20, 10, 0, tzinfo=LONDON)
U1_SECRETS = ["Zenithwave", "Quentin Marlowe", "quentin.marlowe@zenithwave.example"]


def _v1_records() -> dict[str, list[Any]]:
    def user(key: str, name: str) -> User:
        return User(key=key, platform="console", user_id=key.split(":")[1],
                    chat_id=key.split(":")[1], timezone="Europe/London", created_at=T0,
                    display_name=name)

    def interview(iid: str, key: str, company: str, who: str, email: str) -> Interview:
        return Interview(id=iid, user_key=key, created_at=T0, interviewed_at=T0,
                         company=company, role="data analyst", interviewer=who,
                         interviewer_email=email, decision_by=date(2026, 12, 4))

    def nudge(nid: str, key: str, iid: str, status: str = "pending") -> Nudge:
        return Nudge(id=nid, user_key=key, interview_id=iid, kind="call_prompt",
                     due_at=datetime(2026, 12, 7, 10, 0, tzinfo=LONDON), status=status,
                     created_at=T0)

    return {
        "users": [user(KEY, "Una"), user("console:bob", "Bob")],
        "interviews": [interview("iv-u1", KEY, "Zenithwave", "Quentin Marlowe",
                                 "quentin.marlowe@zenithwave.example"),
                       interview("iv-bob", "console:bob", "Othercorp", "Olga Other",
                                 "olga@othercorp.example")],
        "nudges": [nudge("n-u1", KEY, "iv-u1"), nudge("n-u1-sent", KEY, "iv-u1", "sent"),
                   nudge("n-bob", "console:bob", "iv-bob")],
        "dialogs": [Dialog(user_key=KEY, flow="intake", step="informer",
                           data={"company": "Zenithwave"})],
    }


def _v1_bytes() -> bytes:
    """A schema-1 hearback.json, as tests/test_storage.py builds it: TinyDB tables of rows."""
    doc: dict[str, Any] = {
        table: {str(n): r.to_dict() for n, r in enumerate(records, start=1)}
        for table, records in _v1_records().items()
    }
    doc["meta"] = {"1": {"schema": 1, "app": "hearback"}}
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")


@pytest.fixture
def migrated(tmp_path: Path) -> Iterator[tuple[ShardedRepository, Engine, FakeClock]]:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    (data_dir / "hearback.json").write_bytes(_v1_bytes())
    repo = open_repository(data_dir)  # migrates, keeping hearback.json.v1-migrated
    clock = FakeClock(START)
    yield repo, Engine(repo, clock, default_timezone="Europe/London"), clock
    repo.close()


def test_delete_leaves_no_trace_in_any_file_backups_included(
        migrated: tuple[ShardedRepository, Engine, FakeClock]) -> None:
    repo, engine, _ = migrated
    data_dir = repo.data_dir
    chat = Chat(engine)
    assert repo.interviews_for(KEY)[0].company == "Zenithwave"
    chat.say("cancel")  # the intake question carried over from schema 1
    log_interview(chat, WITH_EMAIL, informer="HR", saved=True)
    needles = [KEY, "Acme", "Jane Doe", "jane.doe@acme.example", *U1_SECRETS]
    before = files_mentioning(data_dir, needles)
    assert MIGRATED in before and set(U1_SECRETS) <= set(before[MIGRATED])
    assert any(p.startswith("users/") for p in before)

    chat.say("delete")
    assert "2 interviews" in chat.text
    chat.press("Yes, delete everything")

    assert files_mentioning(data_dir, needles) == {}
    # The other user is untouched, in their own file and in the backup.
    backup = json.loads((data_dir / MIGRATED).read_bytes())
    assert [u["key"] for u in backup["users"].values()] == ["console:bob"]
    assert [i["id"] for i in backup["interviews"].values()] == ["iv-bob"]
    assert [n["id"] for n in backup["nudges"].values()] == ["n-bob"]
    assert backup["dialogs"] == {} and backup["meta"]["1"]["schema"] == 1
    assert repo.get_user("console:bob") is not None
    assert [n.id for n in repo.all_nudges()] == ["n-bob"]
    assert (data_dir / MIGRATED).stat().st_mode & 0o077 == 0
    assert not list(data_dir.rglob(".*.tmp"))


def test_after_a_restart_the_deleted_user_is_still_gone(
        migrated: tuple[ShardedRepository, Engine, FakeClock]) -> None:
    repo, engine, _ = migrated
    press_payload(engine, payload(Chat(engine).say("/delete"), "Yes, delete everything"))
    data_dir = repo.data_dir
    repo.close()
    again = open_repository(data_dir)
    try:
        assert again.known_users() == ["console:bob"]
        assert again.get_user(KEY) is None and again.get_interview("iv-u1") is None
    finally:
        again.close()
    assert files_mentioning(data_dir, [KEY, *U1_SECRETS]) == {}


def test_forgetting_in_the_backup_keeps_other_users_and_skips_untouched_files(
        tmp_path: Path) -> None:
    backup = tmp_path / MIGRATED
    assert forget_in_v1_backup(backup, KEY) == 0  # no backup: nothing to do
    raw = _v1_bytes()
    backup.write_bytes(raw)
    assert forget_in_v1_backup(backup, "console:nobody") == 0
    assert backup.read_bytes() == raw  # not rewritten
    assert forget_in_v1_backup(backup, KEY) == 5  # user, interview, 2 nudges, dialog
    doc = json.loads(backup.read_bytes())
    original = json.loads(raw)
    assert doc["users"] == {"2": original["users"]["2"]}  # row ids kept as they were
    assert doc["interviews"] == {"2": original["interviews"]["2"]}
    assert doc["nudges"] == {"3": original["nudges"]["3"]}
    assert doc["meta"] == original["meta"]
    assert forget_in_v1_backup(backup, KEY) == 0


def test_delete_user_cleans_the_backup_even_without_a_user_file(
        migrated: tuple[ShardedRepository, Engine, FakeClock]) -> None:
    repo, _, _ = migrated
    with repo.transaction():
        repo.delete_user(KEY)
    assert files_mentioning(repo.data_dir, [KEY]) == {}
    repo.delete_user(KEY)  # again, with no file and nothing in the backup: a no-op
    assert repo.known_users() == ["console:bob"]


def test_a_failed_turn_after_delete_keeps_the_user(
        migrated: tuple[ShardedRepository, Engine, FakeClock]) -> None:
    repo, _, _ = migrated
    with pytest.raises(RuntimeError), repo.transaction():
        repo.delete_user(KEY)
        raise RuntimeError("the turn failed after the delete")
    # The user file is back (the transaction rolled back); the backup already lost them,
    # which is the safe side: a retry finishes the job.
    assert repo.get_user(KEY) is not None and repo.interviews_for(KEY)
    with repo.transaction():
        repo.delete_user(KEY)
    assert files_mentioning(repo.data_dir, [KEY, *U1_SECRETS]) == {}


def test_a_nudge_in_flight_during_a_delete_does_not_bring_the_user_back(
        engine: Engine, repo: Repository, sharded: ShardedRepository, clock: FakeClock) -> None:
    chat = Chat(engine)
    log_interview(chat, FIRST, informer="HR", saved=True)
    yes = payload(chat.say("delete"), "Yes, delete everything")

    class Sender:
        platform: str = "console"
        nudges_per_second: float | None = None

        async def send(self, user: User, reply: Reply) -> None:
            # While this nudge is on its way, the user confirms the delete.
            press_payload(engine, yes)
            if repo.get_user(KEY) is not None:
                raise DeliveryError("not deleted?")

    clock.advance(timedelta(hours=3))
    asyncio.run(Scheduler(repo, engine, clock, {"console": Sender()}).tick())
    assert files_mentioning(sharded.data_dir, [KEY]) == {}
