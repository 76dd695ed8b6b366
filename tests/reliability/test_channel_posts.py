"""Delete takes down what the bot posted about the user in team channels (issue 15, item 7).

Through the real adapters against the fake APIs on 127.0.0.1: a member shares, reaches a
milestone and is cheered; then they delete their data in their private chat, and the next
scheduler tick removes each post about them (the "now sharing" announcement, the milestone,
the cheer). A post the platform won't delete (Telegram: a bot's group message older than 48
hours) is redacted instead: its text replaced, its buttons gone. Posts about other members stay.
"""

from __future__ import annotations

from pathlib import Path

from bot.adapters.slack import render
from bot.core.contract.models import Channel
from bot.core.notices import POST_REMOVED
from bot.scheduler import Scheduler
from tests import test_slack_team as slack_team
from tests.reliability.test_faults import World
from tests.test_slack import run as run_slack
from tests.test_slack import slack
from tests.test_slack_team import CHAN, command, press_in_channel, team_posts
from tests.test_telegram import ADA, EVE, GROUP, Session
from tests.test_telegram import run as run_telegram
from tests.test_telegram_team import dm, in_group, key, log_interview, press, sent, share_from_dm

DELETE_YES = "Yes, delete everything"


def test_telegram_posts_about_a_member_go_when_they_delete(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with Session(tmp_path) as h:
            await log_interview(h, ADA)
            shared = await share_from_dm(h, ADA)
            [announcement] = sent(shared, GROUP)
            [milestone] = sent(await press(h, ADA, ADA, "Thank-you sent ✓"), GROUP)
            [cheer] = sent(await press(h, EVE, GROUP, "👏 Cheer"), GROUP)
            # Eve's board lists Ada: it goes too. Eve's own announcement stays.
            await log_interview(h, EVE, "Initech")
            [eves] = sent(await share_from_dm(h, EVE), GROUP)
            [board] = [m["message_id"] for m in h.fake.in_chat(GROUP)
                       if "Team board" in m["text"] and "Ada Lovelace" in m["text"]]
            ids = {h.fake.messages[i]["text"]: i for i in h.fake.messages
                   if h.fake.messages[i]["chat"]["id"] == GROUP}
            milestone_id = ids[milestone.text]
            h.fake.undeletable.add(milestone_id)  # as if posted more than 48 hours ago

            await dm(h, ADA, "/delete")
            done = await press(h, ADA, ADA, DELETE_YES)
            assert "taking down the 4 posts I made about you" in sent(done, ADA)[-1].text
            await h.scheduler.tick()

            shown = {m["message_id"]: m for m in h.fake.in_chat(GROUP)}
            for post in (announcement, cheer):
                assert ids[post.text] not in shown, post.text
            assert board not in shown
            assert shown[milestone_id]["text"] == POST_REMOVED
            assert "reply_markup" not in shown[milestone_id]  # the Cheer button is gone
            assert ids[eves.text] in shown
            assert [m["text"] for m in shown.values() if "Lovelace" in m.get("text", "")] == []
            # Done once: nothing is left queued, and nothing about her is left on record.
            assert all(not c.retract for c in h.repo.channels())
            calls = len(h.fake.calls)
            await h.scheduler.tick()
            assert not [c for c in h.fake.calls[calls:] if c.method == "deleteMessage"]
            assert h.repo.get_user(key(ADA)) is None
            await in_group(h, EVE, "/board")

    run_telegram(scenario())


def test_slack_posts_about_a_member_go_when_they_delete(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with slack(tmp_path) as s:
            saved = await s.intake("U1")
            await command(s, "U1", "board")
            announcement = await slack_team.share_from_dm(s, "U1")
            before = len(team_posts(s))
            await s.press(saved, "Thank-you sent ✓", "U1")
            [milestone] = team_posts(s)[before:]
            await press_in_channel(s, milestone, "👏 Cheer", "U2")
            cheer = team_posts(s)[-1]
            assert "cheers person-U1 on" in cheer.text
            s.fake.undeletable.add((CHAN, str(milestone.result["ts"])))

            asked = await s.dm("delete", "U1")
            done = await s.press(asked, DELETE_YES, "U1")
            assert "taking down the 3 posts I made about you" in done.text
            await Scheduler(s.repo, s.engine, s.clock, {"slack": s.adapter}).tick()

            shown = {ts: args for (chan, ts), args in s.fake.shown.items() if chan == CHAN}
            for post in (announcement, cheer):
                assert str(post.result["ts"]) not in shown, post.text
            redacted = shown[str(milestone.result["ts"])]
            assert redacted["text"] == render.escape(POST_REMOVED)
            assert redacted["blocks"] in ([], "[]", None)  # no Cheer button left
            assert not any("person-U1" in str(args.get("text")) for args in shown.values())
            assert all(not c.retract for c in s.repo.channels())

    run_slack(scenario)


def test_a_post_that_lands_after_its_member_deleted_is_taken_down_too(tmp_path: Path) -> None:
    world = World(tmp_path / "data")
    try:
        world.repo.save_channel(Channel(key="console:team", platform="console", chat_id="team"))
        world.ana.say("delete")
        world.ana.press(DELETE_YES)
        # The adapter reports a post about her that was still on its way.
        world.engine.channel_posted("console", "console:ana", "team", ["m-late"])
        assert [c.retract for c in world.repo.channels()] == [["m-late"]]
        assert world.tick() == 0
        assert world.sender.retracted == [("team", "m-late")]
        assert [c.retract for c in world.repo.channels()] == [[]]
    finally:
        world.repo.close()
