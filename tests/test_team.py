"""Team channels in the core: opt-in sharing, what a board shows (and never shows), owner-only
changes, milestone posts, leaving and removal, and the weekly digest. Through Incoming/Reply with
a fake clock, on a real data directory."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path

from bot.core.contract import buttons
from bot.core.contract.clock import FakeClock
from bot.core.contract.messages import Incoming, Reply
from bot.core.contract.models import Channel
from bot.core.contract.ports import Repository
from bot.core.engine import Engine
from bot.scheduler import Scheduler
from tests.conftest import RecordingSender

CHAN = "C0TEAM"
TITLE = "#job-hunt"
NAMES = {"UADA": "Ada Lovelace", "UBOB": "Bob Marley", "UEVE": "Eve Online"}


class Person:
    """One member: talks to Hearback privately and in the team channel."""

    def __init__(self, engine: Engine, uid: str) -> None:
        self.engine = engine
        self.uid = uid
        self.last: list[Reply] = []

    def _send(self, *, chat: str, text: str | None = None, button: str | None = None,
              channel: bool = False) -> list[Reply]:
        self.last = self.engine.handle(Incoming(
            "slack", self.uid, chat, text=text, button=button, display_name=NAMES.get(self.uid),
            in_channel=channel, channel_title=TITLE if channel else None))
        return self.last

    def dm(self, text: str) -> list[Reply]:
        return self._send(chat=f"D{self.uid}", text=text)

    def here(self, text: str) -> list[Reply]:
        return self._send(chat=CHAN, text=text, channel=True)

    def press(self, label: str, *, in_channel: bool | None = None,
              replies: list[Reply] | None = None) -> list[Reply]:
        for r in reversed(replies if replies is not None else self.last):
            for b in (b for row in r.buttons for b in row):
                if b.label == label:
                    channel = (r.to is not None or r.private) if in_channel is None \
                        else in_channel
                    return self._send(chat=CHAN if channel else f"D{self.uid}",
                                      button=b.payload, channel=channel)
        raise AssertionError(f"no button {label!r} in {[r.button_labels for r in self.last]}")

    def log(self, company: str, role: str = "backend role", who: str = "Jane Doe") -> None:
        self.dm(f"I just had an interview with {who} at {company} for the {role}, they said "
                "they'd let me know by Friday")
        self.press("HR")
        self.press("No")
        assert "Saved" in text(self.last)


def text(replies: list[Reply]) -> str:
    return "\n".join(r.text for r in replies)


def public(replies: list[Reply]) -> list[Reply]:
    return [r for r in replies if not r.private]


def engine_people(engine: Engine) -> tuple[Person, Person, Person]:
    return Person(engine, "UADA"), Person(engine, "UBOB"), Person(engine, "UEVE")


def share_all_here(p: Person, milestones: str = "Thank-you, calls, offers") -> list[Reply]:
    p.here("share all")
    out = list(p.last)
    out += p.press(milestones)
    return out


# -- nothing by default, and what a board shows -----------------------------------------------

def test_nothing_is_shared_by_default(engine: Engine) -> None:
    ada, _, eve = engine_people(engine)
    ada.log("Acme")
    [board] = eve.here("board")
    assert not board.private
    assert "Nobody shares an interview here yet" in board.text
    assert "Acme" not in board.text and "Ada" not in board.text


def test_share_in_the_channel_offers_choices_privately(engine: Engine) -> None:
    ada, _, _ = engine_people(engine)
    ada.log("Acme")
    ada.log("Globex", "data analyst role")
    replies = ada.here("share")
    [chooser] = replies
    assert chooser.private, "the list of someone's interviews is for them only"
    assert chooser.button_labels == ["backend role at Acme", "data analyst role at Globex",
                                     "All of them (new ones too)"]
    assert "never interviewer names or contacts" in chooser.text
    replies = ada.press("backend role at Acme")
    announcement = [r for r in replies if r.to == CHAN]
    assert len(announcement) == 1 and "Ada Lovelace is now sharing" in announcement[0].text
    assert announcement[0].button_labels == ["Stop sharing"]
    assert all(r.private for r in replies if r.to is None)
    board = ada.here("board")[0].text
    assert "Acme" in board and "Globex" not in board  # only the chosen one


def test_a_board_shows_the_shared_fields_and_nothing_private(
        engine: Engine, repo: Repository, clock: FakeClock) -> None:
    ada, bob, eve = engine_people(engine)
    ada.log("Acme", who="Jane Doe")
    user = repo.get_user("slack:UADA")
    assert user is not None
    user.phone, user.email, user.full_name = "+44 7700 900123", "ada@example.com", "Ada L. King"
    with repo.transaction():
        repo.save_user(user)
        [iv] = repo.interviews_for("slack:UADA")
        iv.interviewer_email, iv.liked = "jane@acme.example", "the team seemed kind"
        repo.save_interview(iv)
    bob.log("Initech", "QA role", who="Peter Gibbons")
    share_all_here(ada)
    share_all_here(bob)
    clock.advance(timedelta(days=2))
    [board] = eve.here("board")
    shown = board.text
    assert "Ada Lovelace" in shown and "Bob Marley" in shown
    assert "• Acme · backend — thank-you to send · 2d · next Mon 30 Nov" in shown
    assert "• Initech · QA — thank-you to send · 2d · next" in shown
    for secret in ("Jane", "Doe", "Peter", "Gibbons", "Friday", "HR", "7700", "example",
                   "King", "kind"):
        assert secret not in shown, secret
    assert not board.buttons


def test_the_board_stays_one_readable_message_at_50_entries(engine: Engine) -> None:
    long_role = "senior distributed-systems reliability engineering lead role"
    people = [Person(engine, f"U{i:02d}") for i in range(10)]
    for i, p in enumerate(people):
        NAMES[p.uid] = f"Member number {i} with a rather long display name"
        for j in range(5):
            p.log(f"Company{i}x{j} International Holdings Incorporated", long_role)
        share_all_here(p)
    [board] = people[0].here("board")
    lines = board.text.splitlines()
    entries = [line for line in lines if line.startswith("• ")]
    assert len(entries) == 50
    assert len(board.text) < 3600  # one Telegram message (4096) even with markup added
    assert all(len(line) <= 80 for line in entries)
    for i in range(10):
        assert f"Member number {i}" in board.text
        for j in range(5):
            assert f"Company{i}x{j}" in board.text


def test_people_are_sorted_by_their_next_step(engine: Engine, clock: FakeClock) -> None:
    ada, bob, eve = engine_people(engine)
    ada.log("Acme")
    share_all_here(ada)
    clock.advance(timedelta(days=3))
    bob.log("Initech")
    share_all_here(bob)
    shown = eve.here("board")[0].text
    assert shown.index("Ada Lovelace") < shown.index("Bob Marley")


# -- sharing from a private chat --------------------------------------------------------------

def test_share_from_a_private_chat(engine: Engine) -> None:
    ada, _, _ = engine_people(engine)
    ada.log("Acme")
    assert "don't use me in a team channel yet" in text(ada.dm("share"))
    ada.here("board")  # now Hearback knows Ada uses this channel
    [chooser] = ada.dm("share")
    assert chooser.button_labels == ["backend role at Acme", "All of them (new ones too)"]
    replies = ada.press("backend role at Acme", in_channel=False)
    assert any(r.to == CHAN and "is now sharing" in r.text for r in replies)
    replies = ada.press("No milestone posts", in_channel=False)
    assert "no milestone posts" in text(replies)
    assert "Acme" in ada.here("board")[0].text
    # The same board in a private chat (and Slack's App Home).
    assert "Acme" in ada.dm("board")[0].text
    [(channel, home)] = engine.boards("slack", "UADA")
    assert channel.chat_id == CHAN and "Acme" in home.text


def test_someone_hearback_does_not_know_gets_a_pointer(engine: Engine,
                                                      repo: Repository) -> None:
    _, _, eve = engine_people(engine)
    [answer] = eve.here("share")
    assert "Message me privately first" in answer.text
    assert repo.get_user("slack:UEVE") is None  # a channel message creates no record


def test_private_commands_are_not_run_in_a_channel(engine: Engine) -> None:
    ada, _, _ = engine_people(engine)
    ada.log("Acme")
    for word in ("list", "export", "status", "delete", "profile"):
        [answer] = ada.here(word)
        assert answer.private and "private chat" in answer.text
        assert "Acme" not in answer.text and not answer.attachments
    [helped] = ada.here("help")
    assert "board" in helped.text and "share" in helped.text


# -- owner-only changes ------------------------------------------------------------------------

def test_only_the_owner_can_change_their_entries(engine: Engine) -> None:
    ada, _, eve = engine_people(engine)
    ada.log("Acme")
    replies = share_all_here(ada)
    [announcement] = [r for r in replies if r.to == CHAN]
    [refused] = eve.press("Stop sharing", replies=[announcement], in_channel=True)
    assert refused.private and "someone else's" in refused.text
    assert "You aren't sharing anything" in text(eve.here("unshare"))
    # A forged press in Ada's name, with Eve as the presser, changes nothing either.
    forged = buttons.make("x", "sh", "UADA", arg=f"x:{CHAN}").payload
    eve._send(chat=CHAN, button=forged, channel=True)
    assert "someone else's" in text(eve.last)
    assert "Acme" in eve.here("board")[0].text
    # Ada can.
    done = ada.press("Stop sharing", replies=[announcement], in_channel=True)
    assert "nothing of yours shows" in text(done)
    assert "Acme" not in eve.here("board")[0].text


def test_unshare_one_interview(engine: Engine) -> None:
    ada, _, _ = engine_people(engine)
    ada.log("Acme")
    ada.log("Globex")
    ada.here("share")
    ada.press("backend role at Acme")
    ada.here("share")
    ada.press("backend role at Globex")
    [menu] = ada.dm("unshare")
    assert "Only backend role at Acme" in menu.button_labels
    ada.press("Only backend role at Acme", in_channel=False)
    shown = ada.here("board")[0].text
    assert "Globex" in shown and "Acme" not in shown


def test_an_old_or_forged_button_cannot_put_someone_into_a_channel(
        engine: Engine, repo: Repository) -> None:
    ada, _, eve = engine_people(engine)
    ada.log("Acme")
    share_all_here(ada)
    eve.log("Initech")
    eve.here("board")
    [chooser] = eve.dm("share")
    engine.member_left("slack", CHAN, "UEVE")  # she leaves; her chooser is still in her DM
    refused = eve.press("All of them (new ones too)", replies=[chooser], in_channel=False)
    assert "no longer in" in text(refused) and not [r for r in refused if r.to]
    assert repo.shares_for("slack:UEVE") == []
    assert "Acme" not in text(eve.dm("board"))
    forged = buttons.make("x", "sh", "UEVE", arg="a:C0SECRET").payload
    repo.save_channel(Channel(key="slack:C0SECRET", platform="slack", chat_id="C0SECRET",
                              members=["slack:UADA"]))
    eve._send(chat="DUEVE", button=forged)
    assert "no longer in" in text(eve.last)
    assert "slack:UEVE" not in (repo.get_channel("slack:C0SECRET") or Channel(
        key="", platform="", chat_id="")).members
    # A channel button pressed in another channel is refused too.
    eve.here("board")
    other = buttons.make("x", "sh", "UEVE", arg="a:C0SECRET").payload
    eve._send(chat=CHAN, button=other, channel=True)
    assert "another channel" in text(eve.last)


def test_the_board_never_shows_the_profile_name(engine: Engine, repo: Repository) -> None:
    engine.handle(Incoming("slack", "UNONAME", "DUNONAME", text="hello"))
    user = repo.get_user("slack:UNONAME")
    assert user is not None
    user.full_name = "Secret Signing Name"
    with repo.transaction():
        repo.save_user(user)
    nameless = Person(engine, "UNONAME")
    nameless.log("Acme")
    share_all_here(nameless)
    shown = nameless.here("board")[0].text
    assert "Secret Signing Name" not in shown and "Someone" in shown


# -- milestones --------------------------------------------------------------------------------

def test_milestones_are_posted_only_as_chosen(engine: Engine) -> None:
    ada, _, _ = engine_people(engine)
    ada.log("Acme")
    ada.log("Globex")
    share_all_here(ada)
    posted = [r for r in ada.dm("done") if r.to == CHAN]
    assert posted == []  # two waiting: she chooses which first
    replies = ada.press("backend role at Acme", in_channel=False)
    [post] = [r for r in replies if r.to == CHAN]
    assert "Ada Lovelace sent a thank-you note after the Acme interview" in post.text
    # An offer is posted; a rejection is not (she didn't choose closings).
    ada.dm("outcome")
    offer = [r for r in ada.press("Selected 🎉", in_channel=False) if r.to == CHAN]
    assert len(offer) == 1 and "got an offer from" in offer[0].text
    won, other = ("Acme", "Globex") if "Acme" in offer[0].text else ("Globex", "Acme")
    before = ada.here("board")[0].text
    ada.dm("outcome")
    replies = ada.press("Not selected", in_channel=False)
    assert not [r for r in replies if r.to == CHAN]
    after = ada.here("board")[0].text
    assert other in before and other not in after  # gone, not labelled a rejection
    assert f"{won} · backend — offer 🎉" in after


def test_anyone_in_the_channel_may_cheer_a_milestone_once(engine: Engine) -> None:
    ada, bob, eve = engine_people(engine)
    ada.log("Acme")
    share_all_here(ada)
    [post] = [r for r in ada.dm("done") if r.to == CHAN]
    assert post.button_labels == ["👏 Cheer"]
    [cheer] = bob.press("👏 Cheer", replies=[post], in_channel=True)
    assert not cheer.private and cheer.text == "👏 Bob Marley cheers Ada Lovelace on!"
    [again] = bob.press("👏 Cheer", replies=[post], in_channel=True)
    assert again.private and "already cheered" in again.text
    [own] = ada.press("👏 Cheer", replies=[post], in_channel=True)
    assert own.private and "your own news" in own.text
    # Someone Hearback doesn't know can cheer too (by their platform name), but not from a DM.
    [stranger] = eve.press("👏 Cheer", replies=[post], in_channel=True)
    assert stranger.text == "👏 Eve Online cheers Ada Lovelace on!"
    [refused] = eve.press("👏 Cheer", replies=[post], in_channel=False)
    assert "someone else's" in refused.text


def test_closings_are_posted_when_chosen_and_no_milestones_means_none(engine: Engine) -> None:
    ada, bob, _ = engine_people(engine)
    ada.log("Acme")
    share_all_here(ada, "Those, and closings too")
    ada.dm("outcome")
    [post] = [r for r in ada.press("Not selected", in_channel=False) if r.to == CHAN]
    assert "process with Acme has closed" in post.text
    bob.log("Initech")
    share_all_here(bob, "No milestone posts")
    assert not [r for r in bob.dm("done") if r.to]


def test_a_call_answered_from_its_prompt_is_posted(engine: Engine, repo: Repository,
                                                  clock: FakeClock) -> None:
    ada, _, _ = engine_people(engine)
    ada.log("Acme")
    share_all_here(ada)
    ada.dm("done")
    sender = RecordingSender()
    scheduler = Scheduler(repo, engine, clock, {"slack": sender})
    for _ in range(30):  # on to the call prompt, nudge by nudge
        due = repo.next_due_at()
        assert due is not None
        clock.set(max(due, clock.now()))
        asyncio.run(scheduler.tick())
        if any("Still waiting" in r.button_labels for r in sender.sent):
            break
    [prompt] = [r for r in sender.sent if "Still waiting" in r.button_labels]
    replies = ada.press("Still waiting", replies=[prompt], in_channel=False)
    [post] = [r for r in replies if r.to == CHAN]
    assert "Ada Lovelace made the follow-up call to Acme" in post.text
    again = ada.press("Still waiting", replies=[prompt], in_channel=False)
    assert not [r for r in again if r.to]  # the same prompt answered twice: posted once


def test_scheduler_withdraws_shares_when_the_digest_finds_hearback_removed(
        engine: Engine, repo: Repository, clock: FakeClock) -> None:
    from bot.core.contract.ports import DeliveryError

    ada, _, _ = engine_people(engine)
    ada.log("Acme")
    share_all_here(ada)
    ada.here("digest friday 9")

    class Gone(RecordingSender):
        failure = DeliveryError("rate limited", retry_after=60)

        async def post(self, chat: str, reply: Reply) -> None:
            raise self.failure

    sender = Gone()
    scheduler = Scheduler(repo, engine, clock, {"slack": sender})
    channel = repo.get_channel(f"slack:{CHAN}")
    assert channel is not None and channel.next_digest_at is not None
    clock.set(channel.next_digest_at)
    asyncio.run(scheduler.tick())
    later = repo.get_channel(f"slack:{CHAN}")
    assert later is not None and later.next_digest_at == clock.now() + timedelta(seconds=60)
    sender.failure = DeliveryError("Slack refused the message: not_in_channel", permanent=True)
    clock.advance(timedelta(seconds=60))
    asyncio.run(scheduler.tick())
    assert repo.get_channel(f"slack:{CHAN}") is None
    assert repo.shares_for("slack:UADA") == []


def test_a_damaged_channels_file_stops_start_up_clearly(tmp_path: Path) -> None:
    import pytest

    from storage import open_repository
    from storage.errors import StorageError

    data = tmp_path / "data"
    open_repository(data).close()
    (data / "channels.json").write_text('{"channels": {"slack:C1": {"key": "slack:C2"}}}')
    with pytest.raises(StorageError, match=r"channels\.json is unreadable"):
        open_repository(data)
    assert "slack:C2" in (data / "channels.json").read_text()  # left as it was


# -- leaving, removal, delete ------------------------------------------------------------------

def test_leaving_the_channel_withdraws_what_was_shared(engine: Engine) -> None:
    ada, bob, eve = engine_people(engine)
    ada.log("Acme")
    bob.log("Initech")
    share_all_here(ada)
    share_all_here(bob)
    engine.member_left("slack", CHAN, "UADA")
    shown = eve.here("board")[0].text
    assert "Acme" not in shown and "Initech" in shown
    assert "don't use me in a team channel" in text(ada.dm("share"))


def test_a_mention_in_other_words_still_finds_the_command(engine: Engine) -> None:
    ada, _, eve = engine_people(engine)
    ada.log("Acme")
    share_all_here(ada)
    assert "Acme" in text(eve.here("hey, could you show us the board?"))
    assert "Hearback in" in text(eve.here("hello there"))  # no command word: the help


def test_a_channel_that_changes_id_keeps_its_shares(engine: Engine,
                                                    repo: Repository) -> None:
    ada, _, _ = engine_people(engine)
    ada.log("Acme")
    share_all_here(ada)
    engine.channel_moved("slack", CHAN, "C0NEW")
    assert repo.get_channel(f"slack:{CHAN}") is None
    moved = repo.get_channel("slack:C0NEW")
    assert moved is not None and moved.members == ["slack:UADA"]
    [share] = repo.shares_for("slack:UADA")
    assert share.channel == "slack:C0NEW" and share.everything


def test_a_moved_channel_merges_with_shares_already_under_the_new_id(
        engine: Engine, repo: Repository) -> None:
    from bot.core.contract.models import Share

    ada, _, _ = engine_people(engine)
    ada.log("Acme")
    share_all_here(ada, "No milestone posts")
    [acme] = repo.interviews_for("slack:UADA")
    with repo.transaction():
        repo.save_share(Share(user_key="slack:UADA", channel="slack:C0NEW",
                              interviews=["other"], milestones=["offer"], milestones_asked=True))
        repo.save_channel(Channel(key="slack:C0NEW", platform="slack", chat_id="C0NEW",
                                  members=["slack:UADA"]))
    engine.channel_moved("slack", CHAN, "C0NEW")
    [share] = repo.shares_for("slack:UADA")
    assert share.everything and share.interviews == ["other"] and share.milestones == ["offer"]
    assert share.covers(acme.id)


def test_removing_hearback_from_the_channel_clears_every_share(
        engine: Engine, repo: Repository) -> None:
    ada, bob, _ = engine_people(engine)
    ada.log("Acme")
    bob.log("Initech")
    share_all_here(ada)
    share_all_here(bob)
    engine.channel_gone("slack", CHAN)
    assert repo.get_channel(f"slack:{CHAN}") is None
    assert repo.shares_for("slack:UADA") == [] and repo.shares_for("slack:UBOB") == []
    assert "Nobody shares" in bob.here("board")[0].text


def test_delete_leaves_no_trace_in_any_channel_file(engine: Engine, repo: Repository,
                                                    tmp_path: Path) -> None:
    ada, bob, eve = engine_people(engine)
    ada.log("Acme")
    bob.log("Initech")
    share_all_here(ada)
    share_all_here(bob)
    [post] = [r for r in bob.dm("done") if r.to == CHAN]
    ada.press("👏 Cheer", replies=[post], in_channel=True)  # her cheer is kept in channels.json
    [mine] = [r for r in ada.dm("done") if r.to == CHAN]
    bob.press("👏 Cheer", replies=[mine], in_channel=True)
    ada.dm("delete")
    ada.press("Yes, delete everything", in_channel=False)
    shown = eve.here("board")[0].text
    assert "Acme" not in shown and "Ada" not in shown and "Initech" in shown
    for path in (tmp_path / "data").rglob("*"):
        if path.is_file():
            assert b"UADA" not in path.read_bytes(), path


# -- the weekly digest -------------------------------------------------------------------------

def test_weekly_digest_is_off_by_default_and_configurable(
        engine: Engine, repo: Repository, clock: FakeClock) -> None:
    ada, bob, _ = engine_people(engine)
    ada.log("Acme")
    share_all_here(ada)
    sender = RecordingSender()
    sender.platform = "slack"
    scheduler = Scheduler(repo, engine, clock, {"slack": sender})
    clock.advance(timedelta(days=8))
    asyncio.run(scheduler.tick())
    assert sender.posted == []
    assert "The weekly digest is off" in text(bob.here("digest"))
    assert "didn't catch that" in text(bob.here("digest someday soon"))
    assert "doesn't look right" in text(bob.here("digest monday 13pm"))
    assert "don't know the time zone" in text(bob.here("digest monday 9 Qwzxville"))
    answer = text(bob.here("digest monday 9"))
    assert "every Monday at 09:00 (Europe/London)" in answer  # the channel's zone, by default
    channel = repo.get_channel(f"slack:{CHAN}")
    assert channel is not None and channel.next_digest_at is not None
    assert channel.next_digest_at.weekday() == 0 and channel.next_digest_at > clock.now()
    clock.set(channel.next_digest_at - timedelta(minutes=1))
    asyncio.run(scheduler.tick())
    assert sender.posted == []
    clock.advance(timedelta(minutes=1))
    asyncio.run(scheduler.tick())
    [(chat, digest)] = sender.posted
    assert chat == CHAN and "Weekly digest" in digest.text and "Acme" in digest.text
    asyncio.run(scheduler.tick())
    assert len(sender.posted) == 1  # once a week
    clock.advance(timedelta(days=7))
    asyncio.run(scheduler.tick())
    assert len(sender.posted) == 2
    assert "Friday at 16:00 (Asia/Tokyo)" in text(ada.here("digest fri 4pm Tokyo"))
    assert "every Monday at 09:00 (Asia/Tokyo)" in text(ada.here("digest monday 9"))
    assert "Weekly digest off" in text(ada.here("digest off"))
    clock.advance(timedelta(days=7))
    asyncio.run(scheduler.tick())
    assert len(sender.posted) == 2
