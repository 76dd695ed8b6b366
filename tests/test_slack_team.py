"""Team channels through the Slack adapter: the real slack-bolt AsyncApp in HTTP mode, fed signed
requests (mentions, slash commands used in a channel, button presses on public and ephemeral
messages, member and channel events), with the fake Web API on 127.0.0.1 recording what goes
out. Nothing here touches the internet or sleeps to wait."""

from __future__ import annotations

import logging
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.adapters.slack import mention_text, render, team_channel
from bot.core.contract.messages import Incoming, Reply, reply
from bot.core.contract.ports import DeliveryError
from bot.core.engine import Engine
from bot.core.plan.kinds import STEP_KINDS
from bot.scheduler import Scheduler
from tests.fake_slack import (
    BOT_USER,
    Call,
    app_mention_event,
    block_actions,
    channel_event,
    ephemeral_block_actions,
    event_callback,
    member_left_event,
    message_event,
)
from tests.test_slack import Slack, run, slack

CHAN = "C0TEAM"
NAME = "job-hunt"
TITLE = f"#{NAME}"
PRIVATE_WORDS = ("Jane", "Doe", "Friday", "HR")


# -- helpers ------------------------------------------------------------------------------------
async def command(s: Slack, user: str, text: str, channel: str = CHAN,
                  name: str = NAME) -> None:
    """`/hearback text` typed in a channel: acknowledged silently (the answer comes as a post,
    or an ephemeral only `user` sees)."""
    status, body = await s.sender.command(user, text, channel, channel_name=name,
                                          response_url=s.fake.hook_url(f"cmd-{user}"))
    assert status == 200 and body == ""
    await s.settle()


async def mention(s: Slack, user: str, text: str, channel: str = CHAN) -> None:
    event = app_mention_event(user, f"<@{BOT_USER}> {text}", channel=channel,
                              event_id=f"EvM{next(s.ids)}")
    status, _ = await s.sender.event(event)
    assert status == 200
    await s.settle()


async def event(s: Slack, payload: dict[str, Any]) -> None:
    status, _ = await s.sender.event(payload)
    assert status == 200
    await s.settle()


async def press_in_channel(s: Slack, posted: Call, label: str, user: str) -> None:
    status, _ = await s.sender.action(block_actions(user, posted, label, channel_name=NAME))
    assert status == 200
    await s.settle()


async def press_ephemeral(s: Slack, posted: Call, label: str, user: str) -> None:
    assert posted.method == "chat.postEphemeral"
    status, _ = await s.sender.action(ephemeral_block_actions(
        user, posted, label, response_url=s.fake.hook_url(f"eph-{user}"), channel_name=NAME))
    assert status == 200
    await s.settle()


def team_posts(s: Slack, channel: str = CHAN) -> list[Call]:
    return s.fake.posts(channel)


def updates(s: Slack, channel: str) -> list[Call]:
    return [c for c in s.fake.calls_to("chat.update") if c.args.get("channel") == channel]


def last_board(s: Slack) -> Call:
    boards = [c for c in team_posts(s) if "Team board" in c.text]
    assert boards, "no board was posted"
    return boards[-1]


async def share_from_dm(s: Slack, user: str = "U1",
                        milestones: str = "Thank-you, calls, offers") -> Call:
    """`share` in the DM, the interview chosen, the milestones chosen; returns the
    announcement posted in the channel."""
    chooser = await s.dm("share", user)
    assert chooser.args["channel"] == f"D{user}"
    before = len(team_posts(s))
    await s.press(chooser, chooser.labels[0], user)
    assert len(team_posts(s)) == before + 1
    announcement = team_posts(s)[-1]
    question = s.fake.posts(f"D{user}")[-1]
    assert "Shall I post your milestones there too?" in question.text
    await s.press(question, milestones, user)
    return announcement


def log_directly(engine: Engine, uid: str, company: str, name: str) -> None:
    """An interview logged straight through the engine (a quick set-up for big boards)."""
    def send(**kw: Any) -> list[Reply]:
        return engine.handle(Incoming("slack", uid, f"D{uid}", display_name=name, **kw))

    def button(replies: list[Reply], label: str) -> str:
        return next(b.payload for r in replies for row in r.buttons for b in row
                    if b.label == label)

    replies = send(text=f"I just had an interview with Jane Doe at {company} for the backend "
                        "role, they said they'd let me know by Friday")
    replies = send(button=button(replies, "HR"))
    replies = send(button=button(replies, "No"))
    assert any("Saved" in r.text for r in replies)


def share_all_directly(engine: Engine, uid: str) -> None:
    replies = engine.handle(Incoming("slack", uid, CHAN, text="share all", in_channel=True,
                                     channel_title=TITLE))
    assert any(r.to == CHAN for r in replies)


# -- sharing from a DM, the board, milestones ---------------------------------------------------
def test_share_from_a_dm_announces_in_the_channel_and_posts_milestones(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with slack(tmp_path) as s:
            saved = await s.intake("U1")
            # The channel first: nobody shares yet (and U1 becomes a known member of it).
            await command(s, "U1", "board")
            [empty] = team_posts(s)
            assert f"Team board · {TITLE}" in empty.text
            assert "Nobody shares an interview here yet" in empty.text
            assert s.fake.ephemerals() == []
            # Share from the DM: the chooser is private, so it is simply posted in the DM.
            announcement = await share_from_dm(s, "U1")
            assert announcement.args["channel"] == CHAN
            assert "person-U1 is now sharing how their interviews stand here" in \
                announcement.text
            assert announcement.labels == ["Stop sharing"]
            done = s.fake.posts("DU1")[-1]
            assert f"I'll post thank-you notes, calls and offers in {TITLE}" in done.text
            # A milestone reached in the DM is posted in the channel.
            before = len(team_posts(s))
            await s.press(saved, "Thank-you sent ✓", "U1")
            [milestone] = team_posts(s)[before:]
            assert "✉️ person-U1 sent a thank-you note after the Acme interview." in \
                milestone.text
            assert "is marked sent" in s.fake.posts("DU1")[-1].text
            # Nothing private ever went to the channel; nothing went out as an ephemeral.
            for call in team_posts(s):
                for word in PRIVATE_WORDS:
                    assert word not in call.text, (word, call.text)
            assert s.fake.ephemerals() == []
            # Anyone in the channel may cheer the milestone, once; the message stays as it is.
            assert milestone.labels == ["👏 Cheer"]
            await press_in_channel(s, milestone, "👏 Cheer", "U2")
            cheer = team_posts(s)[-1]
            assert cheer.text == "👏 person-U2 cheers person-U1 on!"
            await press_in_channel(s, milestone, "👏 Cheer", "U2")
            assert "already cheered" in s.fake.ephemerals(CHAN, "U2")[-1].text
            assert team_posts(s)[-1] is cheer and updates(s, CHAN) == []

    run(scenario)


def test_share_in_the_channel_is_offered_to_the_sender_alone(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with slack(tmp_path) as s:
            await s.intake("U1")
            await command(s, "U1", "share")
            # The list of U1's interviews is an ephemeral for U1, never a public post.
            assert team_posts(s) == []
            [chooser] = s.fake.ephemerals()
            assert chooser.args["channel"] == CHAN and chooser.args["user"] == "U1"
            assert chooser.labels == ["backend role at Acme", "All of them (new ones too)"]
            assert f"Share into {TITLE}: which interview?" in chooser.text
            # Pressing on it works: the chooser is replaced through its response_url (an
            # ephemeral has nothing chat.update could change) ...
            await press_ephemeral(s, chooser, "backend role at Acme", "U1")
            [replaced] = s.fake.calls_to("response_url")
            assert replaced.args["hook"] == "eph-U1" and replaced.args["replace_original"]
            assert not [b for b in replaced.blocks if b["type"] == "actions"]
            assert "✓ You chose: *backend role at Acme*" in "\n".join(replaced.texts)
            assert updates(s, CHAN) == []
            # ... the milestone question comes to U1 alone, the announcement to everyone.
            question = s.fake.ephemerals(CHAN, "U1")[-1]
            assert "Shall I post your milestones there too?" in question.text
            [announcement] = team_posts(s)
            assert "person-U1 is now sharing" in announcement.text
            await press_ephemeral(s, question, "No milestone posts", "U1")
            assert "no milestone posts" in s.fake.ephemerals(CHAN, "U1")[-1].text
            assert all(c.args["user"] == "U1" for c in s.fake.ephemerals())
            [share] = s.repo.shares_for("slack:U1")
            assert share.channel == f"slack:{CHAN}" and share.milestones == []
            # Any other command typed in the channel is answered in U1's DM, as anywhere else
            # on Slack; the channel sees nothing of it.
            before = len(s.fake.posts())
            status, body = await s.sender.command("U1", "list", CHAN, channel_name=NAME)
            assert status == 200 and "direct messages" in body
            await s.settle()
            [listed] = s.fake.posts()[before:]
            assert listed.args["channel"] == "DU1" and "Acme" in listed.text
            assert len(team_posts(s)) == 1

    run(scenario)


def test_board_by_command_and_by_mention_shows_the_shared_fields_only(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with slack(tmp_path) as s:
            s.fake.channels[CHAN] = {"name": NAME}
            await s.intake("U1")
            await command(s, "U1", "board")
            await share_from_dm(s, "U1")
            await command(s, "U2", "board")  # someone Hearback doesn't know
            by_command = last_board(s)
            await mention(s, "U2", "board")
            by_mention = last_board(s)
            assert by_mention is not by_command
            # Dates are Slack's date formatting: each reader sees them in their own zone, the
            # fallback (and the notification text) is the day as the member's zone has it.
            [iv] = s.repo.interviews_for("slack:U1")
            step = min(n.due_at for n in s.repo.nudges_for_interview(iv.id)
                       if n.status == "pending" and n.kind in STEP_KINDS)
            today = int(s.clock.now().timestamp())
            for board in (by_command, by_mention):
                assert board.args["channel"] == CHAN
                assert f"📋 Team board · {TITLE}" in board.text
                assert "*person-U1*" in board.text
                assert ("• Acme · backend — thank-you to send · 0d · next "
                        f"<!date^{int(step.timestamp())}^{{date_short_pretty}}|Mon 30 Nov>"
                        ) in board.text
                assert (f"1 interview shared · <!date^{today}^{{date_short_pretty}}|Wed 25 Nov>"
                        ) in board.text
                assert "next Mon 30 Nov" in board.args["text"]
                for word in PRIVATE_WORDS:
                    assert word not in board.text, word
                assert board.buttons == []
            # The slash command named the channel: no look-up was needed.
            assert s.fake.calls_to("conversations.info") == []
            # A mention that isn't a command gets the channel's help, publicly.
            await mention(s, "U2", "hello there")
            assert f"Hearback in {TITLE}" in team_posts(s)[-1].text
            # U2 got nothing created by writing in the channel.
            assert s.repo.get_user("slack:U2") is None

    run(scenario)


def test_a_mention_redelivered_by_slack_is_answered_once(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with slack(tmp_path) as s:
            s.fake.channels[CHAN] = {"name": NAME}
            payload = app_mention_event("U2", f"<@{BOT_USER}|hearback> board", channel=CHAN,
                                        event_id="EvMentionOnce")
            await event(s, payload)
            status, _ = await s.sender.event(payload, headers={"X-Slack-Retry-Num": "1",
                                                               "X-Slack-Retry-Reason": "timeout"})
            assert status == 200
            await s.settle()
            [board] = team_posts(s)
            assert "Nobody shares an interview here yet" in board.text
            # A mention doesn't name its channel: the name was looked up once.
            [info] = s.fake.calls_to("conversations.info")
            assert info.args["channel"] == CHAN and f"Team board · {TITLE}" in board.text
            await mention(s, "U2", "board")
            assert len(s.fake.calls_to("conversations.info")) == 1
            # Mentions in DMs come as message.im: an app_mention from a DM is not answered twice.
            await event(s, app_mention_event("U2", f"<@{BOT_USER}> board", channel="DU2",
                                             event_id="EvMentionDM"))
            assert len(s.fake.posts()) == 2

    run(scenario)


# -- owner-only changes -------------------------------------------------------------------------
def test_another_member_cannot_stop_someone_elses_sharing(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with slack(tmp_path) as s:
            await s.intake("U1")
            await s.intake("U2")  # U2 uses Hearback too
            await command(s, "U1", "board")
            await command(s, "U2", "board")
            announcement = await share_from_dm(s, "U1")
            posts_before = len(s.fake.posts())
            await press_in_channel(s, announcement, "Stop sharing", "U2")
            [refusal] = s.fake.ephemerals()
            assert refusal.args["channel"] == CHAN and refusal.args["user"] == "U2"
            assert "someone else's" in str(refusal.args["text"])
            assert len(s.fake.posts()) == posts_before  # nothing public, nothing in a DM
            assert updates(s, CHAN) == []  # the announcement is left as it was
            assert s.repo.shares_for("slack:U1") != []
            assert s.user("U2").chat_id == "DU2"  # the press did not touch U2's record
            await command(s, "U2", "board")
            assert "Acme" in last_board(s).text and "person-U1" in last_board(s).text
            # U2's own unshare in the channel only ever concerns U2.
            await command(s, "U2", "unshare")
            assert "You aren't sharing anything" in s.fake.ephemerals(CHAN, "U2")[-1].text
            assert s.repo.shares_for("slack:U1") != []
            # U1's own press works: withdrawn, told privately, the post left alone.
            await press_in_channel(s, announcement, "Stop sharing", "U1")
            done = s.fake.ephemerals(CHAN, "U1")[-1]
            assert f"nothing of yours shows in {TITLE} any more" in done.text
            assert s.repo.shares_for("slack:U1") == []
            assert updates(s, CHAN) == []
            await command(s, "U2", "board")
            assert "Acme" not in last_board(s).text
            assert "Nobody shares an interview here yet" in last_board(s).text

    run(scenario)


# -- leaving, removal ---------------------------------------------------------------------------
def test_leaving_and_removal_withdraw_the_shares(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with slack(tmp_path) as s:
            for user in ("U1", "U2"):
                await s.intake(user)
                await command(s, user, "board")
                await share_from_dm(s, user)
            # U1 leaves: only U1's entry goes.
            await event(s, member_left_event("U1", CHAN, event_id="EvLeft1"))
            assert s.repo.shares_for("slack:U1") == []
            assert [sh.channel for sh in s.repo.shares_for("slack:U2")] == [f"slack:{CHAN}"]
            channel = s.repo.get_channel(f"slack:{CHAN}")
            assert channel is not None and channel.members == ["slack:U2"]
            await command(s, "U2", "board")
            board = last_board(s).text
            assert "person-U2" in board and "person-U1" not in board
            # The bot is removed: everything shared there goes, and the channel record too.
            await event(s, channel_event("channel_left", CHAN, event_id="EvGone",
                                         actor="U2"))
            assert s.repo.shares_for("slack:U1") == []
            assert s.repo.shares_for("slack:U2") == []
            assert s.repo.get_channel(f"slack:{CHAN}") is None
            # Their interviews themselves are untouched.
            assert len(s.repo.interviews_for("slack:U2")) == 1

    run(scenario)


@pytest.mark.parametrize("gone", ["group_left", "group_deleted", "channel_deleted",
                                  "channel_archive", "bot_left"])
def test_every_way_of_losing_a_channel_clears_it(tmp_path: Path, gone: str) -> None:
    async def scenario() -> None:
        async with slack(tmp_path) as s:
            chan = "G0PRIV"
            await s.intake("U1")
            # A private channel: slash commands say "privategroup", so the name is looked up.
            s.fake.channels[chan] = {"name": "secret-club"}
            await command(s, "U1", "share all", channel=chan, name="privategroup")
            [share] = s.repo.shares_for("slack:U1")
            assert share.everything and share.channel == f"slack:{chan}"
            stored = s.repo.get_channel(f"slack:{chan}")
            assert stored is not None and stored.title == "#secret-club"
            if gone == "bot_left":
                await event(s, member_left_event(BOT_USER, chan, event_id="EvBot"))
            else:
                await event(s, channel_event(gone, chan, event_id="EvGone"))
            assert s.repo.shares_for("slack:U1") == []
            assert s.repo.get_channel(f"slack:{chan}") is None

    run(scenario)


def test_a_command_where_the_bot_is_not_a_member_is_explained_and_leaves_nothing(
        tmp_path: Path) -> None:
    async def scenario() -> None:
        async with slack(tmp_path) as s:
            await s.intake("U1")
            s.fake.fail("chat.postMessage", "not_in_channel")
            await command(s, "U1", "board", channel="C0ELSE", name="elsewhere")
            [told] = s.fake.calls_to("response_url")
            assert told.args["hook"] == "cmd-U1" and told.args["response_type"] == "ephemeral"
            assert "/invite @Hearback" in str(told.args["text"])
            assert s.repo.get_channel("slack:C0ELSE") is None
            assert "don't use me in a team channel yet" in (await s.dm("share")).text

    run(scenario)


def test_a_post_in_a_channel_the_bot_has_left_unshares_and_tells_the_owner(
        tmp_path: Path) -> None:
    async def scenario() -> None:
        async with slack(tmp_path) as s:
            saved = await s.intake("U1")
            await command(s, "U1", "board")
            await share_from_dm(s, "U1")
            # Removed without Slack telling us: the milestone post is refused.
            s.fake.fail("chat.postMessage", "not_in_channel", channel=CHAN)
            await s.press(saved, "Thank-you sent ✓", "U1")
            assert s.repo.shares_for("slack:U1") == []
            assert s.repo.get_channel(f"slack:{CHAN}") is None
            note = s.fake.posts("DU1")[-1]
            assert f"I couldn't post in {TITLE}: I'm not in it any more" in note.text

    run(scenario)


def test_channel_posts_report_a_lost_channel_as_permanent(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with slack(tmp_path) as s:
            for code in ("channel_not_found", "not_in_channel", "is_archived"):
                s.fake.fail("chat.postMessage", code)
                with pytest.raises(DeliveryError) as caught:
                    await s.adapter.post(CHAN, reply("digest"))
                assert caught.value.permanent and code in str(caught.value)
            s.fake.fail("chat.postMessage", "internal_error")
            with pytest.raises(DeliveryError) as caught:
                await s.adapter.post(CHAN, reply("digest"))
            assert not caught.value.permanent
            await s.adapter.post(CHAN, reply("digest"))
            assert s.fake.posts(CHAN)[-1].result["ok"]
            # Through the scheduler: a weekly digest the channel refuses withdraws it.
            await command(s, "U9", "digest monday 9")
            assert "Weekly digest on" in team_posts(s)[-1].text
            assert s.repo.get_channel(f"slack:{CHAN}") is not None
            scheduler = Scheduler(s.repo, s.engine, s.clock, {"slack": s.adapter})
            s.clock.advance(timedelta(days=5))
            s.fake.fail("chat.postMessage", "channel_not_found")
            assert await scheduler.tick() == 0
            assert s.repo.get_channel(f"slack:{CHAN}") is None

    run(scenario)


# -- App Home, big boards, privacy ---------------------------------------------------------------
def test_app_home_shows_the_board_of_each_channel_shared_into(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with slack(tmp_path) as s:
            home = event_callback({"type": "app_home_opened", "user": "U1", "tab": "home",
                                   "event_ts": "1.0"}, "EvHome1")
            await s.intake("U1")
            await command(s, "U1", "board")
            await event(s, home)
            [before] = s.fake.calls_to("views.publish")
            assert "Team board" not in before.text  # nothing shared: no board
            await share_from_dm(s, "U1")
            await event(s, home | {"event_id": "EvHome2"})
            view = s.fake.calls_to("views.publish")[-1]
            await command(s, "U1", "board")
            assert view.args["user_id"] == "U1"
            assert "*Your interviews (1 open)*" in view.text
            assert f"📋 Team board · {TITLE}" in view.text
            assert "• Acme · backend — thank-you to send" in view.text
            board_text = "\n".join(b["text"]["text"] for b in last_board(s).blocks
                                   if b["type"] == "section")
            assert board_text in view.text  # the same board the channel gets
            assert len(view.view["blocks"]) <= render.MAX_HOME_BLOCKS
            for word in ("Jane", "Doe"):
                assert word not in view.text

    run(scenario)


def test_app_home_stays_within_the_block_limit_with_many_boards() -> None:
    overview = reply("Your interviews\n" + "\n".join(f"line {i}" for i in range(50)))
    boards = [reply(f"Team board {i}\n" + "x" * 5000) for i in range(60)]
    view = render.home_view(overview, "footer", boards=boards)
    assert len(view["blocks"]) <= render.MAX_HOME_BLOCKS
    texts = [t for b in view["blocks"] for t in render_texts(b)]
    assert any("more team boards didn't fit" in t for t in texts)
    assert texts[-1] == "footer"
    # Without boards the view is what it always was.
    plain = render.home_view(overview, "footer")
    assert [b["type"] for b in plain["blocks"]][-2:] == ["divider", "context"]
    assert not any("team board" in t for b in plain["blocks"] for t in render_texts(b))


def render_texts(block: dict[str, Any]) -> list[str]:
    if isinstance(block.get("text"), dict):
        return [str(block["text"]["text"])]
    return [str(e["text"]) for e in block.get("elements", []) if isinstance(e.get("text"), str)]


def test_a_board_of_50_entries_is_one_message(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with slack(tmp_path) as s:
            for i in range(10):
                uid = f"U{i:02d}"
                for j in range(5):
                    log_directly(s.engine, uid, f"Company{i}x{j} International Holdings",
                                 f"Member number {i} with a long display name")
                share_all_directly(s.engine, uid)
            before = len(s.fake.posts())
            await command(s, "U00", "board")
            [board] = s.fake.posts()[before:]
            assert board.args["channel"] == CHAN
            assert len(board.blocks) <= render.MAX_BLOCKS
            sections = [b["text"]["text"] for b in board.blocks if b["type"] == "section"]
            assert all(len(t) <= render.SECTION_LIMIT for t in sections)
            text = board.text
            assert "10 people · 50 interviews shared" in text
            assert text.count("\n• ") == 50
            for i in range(10):
                assert f"Member number {i}" in text
                for j in range(5):
                    assert f"Company{i}x{j}" in text
            assert "Jane" not in text

    run(scenario)


def test_ordinary_channel_messages_are_never_read(tmp_path: Path,
                                                   caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)

    async def scenario() -> None:
        async with slack(tmp_path) as s:
            await s.intake("U1")
            await command(s, "U1", "board")
            posts = len(s.fake.posts())
            calls = len(s.fake.calls)
            for n, (user, extra) in enumerate([("U1", {}), ("U2", {}),
                                               ("U1", {"subtype": "thread_broadcast"}),
                                               ("U1", {"channel_type": "group",
                                                       "channel": "G0PRIV"})]):
                payload = message_event(user, "board — my salary is Zebra-4711, don't tell",
                                        event_id=f"EvChatter{n}",
                                        **({"channel": CHAN, "channel_type": "channel"}
                                           | extra))
                await event(s, payload)
            assert len(s.fake.posts()) == posts
            assert s.fake.calls[calls:] == []  # no call at all: not even users.info
            assert s.repo.get_user("slack:U2") is None
            stored = b"".join(p.read_bytes() for p in (tmp_path / "data").rglob("*")
                              if p.is_file())
            assert b"Acme" in stored and b"C0TEAM" in stored  # the store is readable as is
            assert b"Zebra-4711" not in stored and b"salary" not in stored
            assert b"EvChatter" not in stored
            assert "Zebra-4711" not in caplog.text

    run(scenario)


@pytest.mark.parametrize(("typed", "bot", "core"), [
    (f"<@{BOT_USER}> board", BOT_USER, "board"),
    (f"<@{BOT_USER}|hearback>   share   all", BOT_USER, "share all"),
    (f"board <@{BOT_USER}>", BOT_USER, "board"),
    (f"<@U2> <@{BOT_USER}> board", BOT_USER, "@U2 board"),
    (f"<@{BOT_USER}> digest &lt;monday&gt;", BOT_USER, "digest <monday>"),
    (f"<@{BOT_USER}> board", None, "board"),
    ("<@U2> board", None, "board"),
])
def test_mention_text_for_the_core(typed: str, bot: str | None, core: str) -> None:
    assert mention_text(typed, bot) == core


def test_what_counts_as_a_team_channel() -> None:
    assert team_channel("C0TEAM") and team_channel("G0PRIV", "privategroup")
    assert not team_channel("D0DM") and not team_channel("DU1", "directmessage")
    assert not team_channel("G0MPIM", "mpdm-ada--bob-1") and not team_channel("")


def test_a_renamed_channel_gets_its_new_name(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with slack(tmp_path) as s:
            await mention(s, "U2", "board")
            assert "Team board · #c0team" in team_posts(s)[-1].text
            await event(s, event_callback({"type": "channel_rename", "channel": {
                "id": CHAN, "name": NAME, "created": 1}}, "EvRename"))
            await mention(s, "U2", "board")
            assert f"Team board · {TITLE}" in team_posts(s)[-1].text
            assert len(s.fake.calls_to("conversations.info")) == 1

    run(scenario)
