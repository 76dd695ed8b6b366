"""Team channels on Telegram: a group the bot was added to. The real python-telegram-bot
Application against the fake Bot API on 127.0.0.1 (tests/fake_telegram.py), with a fake clock.

In a group the bot reads only its commands, mentions of it and replies to it; what would show
someone's interviews goes to their private chat (or, if it can't, the group gets a pointer);
shares, boards, milestone posts and the weekly digest reach the group; a press on someone else's
button is refused to the presser alone; leaving or removing the bot withdraws what was shared."""

from __future__ import annotations

import logging
from datetime import timedelta
from pathlib import Path

import pytest
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError

from bot.adapters.telegram import delivery_error, gone_from_group, unreachable
from bot.core.contract.messages import reply
from bot.core.contract.ports import DeliveryError
from tests.fake_telegram import BOT_ID, BOT_USERNAME, Call
from tests.test_telegram import ADA, EVE, GROUP, Harness, Session, methods, run

BOB = 3003
NAMES = {ADA: ("Ada", "Lovelace"), BOB: ("Bob", "Marley"), EVE: ("Eve", "Online")}
CHANNEL = f"telegram:{GROUP}"
SECRET = "Zanzibar-quokka-7731"


def key(user: int) -> str:
    return f"telegram:{user}"


async def dm(h: Harness, user: int, text: str) -> list[Call]:
    first, last = NAMES[user]
    return await h.deliver(h.fake.text_update(user, text, first_name=first, last_name=last))


async def in_group(h: Harness, user: int, text: str, *,
                   reply_to: int | None = None) -> list[Call]:
    first, last = NAMES[user]
    return await h.deliver(h.fake.group_update(user, text, GROUP, first_name=first,
                                               last_name=last, reply_to=reply_to))


async def press(h: Harness, user: int, chat: int, label: str) -> list[Call]:
    message_id, data = h.fake.last_with_button(chat, label)
    first, last = NAMES[user]
    return await h.deliver(h.fake.press_update(user, message_id, data, first_name=first,
                                               last_name=last))


async def log_interview(h: Harness, user: int, company: str = "Acme") -> None:
    await dm(h, user, f"I just had an interview with Jane Doe at {company} for the backend "
                      "role, they said they'd let me know by Friday")
    await press(h, user, user, "HR")
    done = await press(h, user, user, "No")
    assert any(c.text.startswith("Saved.") for c in sent(done, user))


async def share_from_dm(h: Harness, user: int,
                        milestones: str = "Thank-you, calls, offers") -> list[Call]:
    await in_group(h, user, "/board")  # now Hearback knows they use the group
    await dm(h, user, "/share")
    calls = await press(h, user, user, "All of them (new ones too)")
    calls += await press(h, user, user, milestones)
    return calls


def sent(calls: list[Call], chat: int) -> list[Call]:
    return [c for c in calls if c.method == "sendMessage" and c.status == 200
            and c.chat_id == chat]


def last_message_in(h: Harness, chat: int) -> int:
    return max(i for i, m in h.fake.messages.items() if m["chat"]["id"] == chat)


def board_text(calls: list[Call]) -> str:
    [board] = sent(calls, GROUP)
    assert "Team board · Cohort" in board.text
    return board.text


# -- sharing -----------------------------------------------------------------------------------

def test_share_from_a_dm_announces_it_in_the_group(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with Session(tmp_path) as h:
            await log_interview(h, ADA)
            calls = await in_group(h, ADA, "/board")
            [board] = calls
            assert board.method == "sendMessage" and board.chat_id == GROUP
            assert "Nobody shares an interview here yet" in board.text
            [chooser] = await dm(h, ADA, "share")
            assert chooser.chat_id == ADA and "Share into “Cohort”" in chooser.text
            assert chooser.labels == ["backend role at Acme", "All of them (new ones too)"]
            pressed = await press(h, ADA, ADA, "backend role at Acme")
            assert methods(pressed) == ["answerCallbackQuery", "editMessageText",
                                        "sendMessage", "sendMessage"]
            _, edit, done, announcement = pressed
            assert edit.chat_id == ADA and edit.text.endswith("→ backend role at Acme")
            assert done.chat_id == ADA
            assert "now shows on the board in “Cohort”" in done.text
            assert "Shall I post your milestones there too?" in done.text
            assert done.labels == ["Thank-you, calls, offers", "Those, and closings too",
                                   "No milestone posts"]
            assert announcement.chat_id == GROUP
            assert "Ada Lovelace is now sharing how their interviews stand here" in \
                announcement.text
            assert announcement.labels == ["Stop sharing"]
            assert "Acme" not in announcement.text
            [share] = h.repo.shares_for(key(ADA))
            assert share.channel == CHANNEL and len(share.interviews) == 1

    run(scenario())


def test_share_typed_in_the_group_goes_to_the_private_chat(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with Session(tmp_path) as h:
            await log_interview(h, ADA)
            calls = await in_group(h, ADA, f"/share@{BOT_USERNAME}")
            [chooser] = calls
            assert chooser.chat_id == ADA  # her interviews are for her eyes only
            assert chooser.labels == ["backend role at Acme", "All of them (new ones too)"]
            assert sent(calls, GROUP) == []
            pressed = await press(h, ADA, ADA, "All of them (new ones too)")
            [announcement] = sent(pressed, GROUP)
            assert "Ada Lovelace is now sharing" in announcement.text
            assert "Shall I post your milestones" in sent(pressed, ADA)[0].text
            # "share all" typed in the group: done at once, the questions still go privately.
            await log_interview(h, BOB, "Initech")
            calls = await in_group(h, BOB, "/share all")
            assert "Shall I post your milestones" in sent(calls, BOB)[0].text
            [posted] = sent(calls, GROUP)
            assert "Bob Marley is now sharing" in posted.text and "Initech" not in posted.text

    run(scenario())


def test_a_private_answer_that_cannot_be_delivered_leaves_only_a_pointer(
        tmp_path: Path) -> None:
    async def scenario() -> None:
        async with Session(tmp_path) as h:
            await log_interview(h, ADA)
            h.fake.never_started(ADA)  # she deleted the private chat: the bot may not write
            calls = await in_group(h, ADA, "/share")
            assert [(c.chat_id, c.status) for c in calls] == [(ADA, 403), (GROUP, 200)]
            pointer = calls[1]
            assert pointer.text == ("Ada, please start a private chat with me first "
                                    f"(@{BOT_USERNAME}) so I can send you that.")
            # One button, a link that opens the private chat (a deep link back from the group).
            assert pointer.urls == [("Open a private chat",
                                     f"https://t.me/{BOT_USERNAME}?start=from_{GROUP}")]
            assert pointer.keyboard == [[("Open a private chat", "")]]  # no callback data
            assert h.repo.shares_for(key(ADA)) == []  # only a chooser was offered
            # Someone who never started the bot, asking for something private.
            h.fake.never_started(BOB)
            calls = await in_group(h, BOB, "/list")
            assert [(c.chat_id, c.status) for c in calls] == [(BOB, 403), (GROUP, 200)]
            assert calls[1].text.startswith("Bob, please start a private chat with me first")
            assert h.repo.get_user(key(BOB)) is None  # a group creates no record

    run(scenario())


# -- the board ---------------------------------------------------------------------------------

def test_the_board_in_the_group_shows_shared_fields_only(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with Session(tmp_path) as h:
            await log_interview(h, ADA)
            await log_interview(h, BOB, "Initech")
            await share_from_dm(h, ADA)
            h.clock.advance(timedelta(days=2))
            shown = board_text(await in_group(h, EVE, "/board"))  # Eve shares nothing
            print(shown)  # a sample for the record: pytest -s
            assert "Ada Lovelace" in shown
            assert "• Acme · backend — thank-you to send · 2d · next Mon 30 Nov" in shown
            assert "<!date" not in shown  # Slack's date formatting is Slack's alone
            assert "1 person · 1 interview shared" in shown
            for secret in ("Jane", "Doe", "HR", "Friday", "Initech", "Bob"):
                assert secret not in shown, secret
            # The same board for a mention and for a reply to the bot.
            board_id = last_message_in(h, GROUP)
            assert board_text(await in_group(h, EVE, f"@{BOT_USERNAME} board")) == shown
            [helped] = await in_group(h, EVE, f"hey @{BOT_USERNAME}, what can you do?")
            assert helped.chat_id == GROUP and "Hearback in “Cohort”" in helped.text
            assert board_text(await in_group(h, EVE, "board", reply_to=board_id)) == shown
            assert h.repo.get_user(key(EVE)) is None

    run(scenario())


def test_private_commands_in_the_group_answer_privately(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with Session(tmp_path) as h:
            await log_interview(h, ADA)
            await share_from_dm(h, ADA)
            await dm(h, EVE, "hi")
            for word in ("/list", "/status", "/export", f"/profile@{BOT_USERNAME}", "/delete"):
                calls = await in_group(h, EVE, word)
                assert [c.chat_id for c in calls] == [EVE], word
                assert "private chat" in calls[0].text and "Acme" not in calls[0].text
            [refused] = await in_group(h, EVE, "/unshare")
            assert refused.chat_id == EVE and "aren't sharing anything" in refused.text
            assert len(h.repo.shares_for(key(ADA))) == 1

    run(scenario())


# -- milestones --------------------------------------------------------------------------------

def test_a_milestone_is_posted_in_the_group(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with Session(tmp_path) as h:
            await log_interview(h, ADA)
            chosen = await share_from_dm(h, ADA, "Thank-you, calls, offers")
            assert "I'll post thank-you notes, calls and offers in “Cohort”" in \
                sent(chosen, ADA)[-1].text
            pressed = await press(h, ADA, ADA, "Thank-you sent ✓")
            assert "marked sent" in sent(pressed, ADA)[0].text
            [post] = sent(pressed, GROUP)
            assert post.text == "✉️ Ada Lovelace sent a thank-you note after the Acme interview."
            assert post.labels == ["👏 Cheer"]
            # Anyone in the group may cheer, once; the button stays for the others.
            cheered = await press(h, EVE, GROUP, "👏 Cheer")
            [cheer] = sent(cheered, GROUP)
            assert cheer.text == "👏 Eve Online cheers Ada Lovelace on!"
            assert "editMessageReplyMarkup" not in methods(cheered)
            assert "editMessageText" not in methods(cheered)
            again = await press(h, EVE, GROUP, "👏 Cheer")
            [alert] = [c for c in again if c.method == "answerCallbackQuery"]
            assert "already cheered" in alert.params["text"] and sent(again, GROUP) == []
            own = await press(h, ADA, GROUP, "👏 Cheer")
            assert sent(own, GROUP) == []
            # Bob chose no milestone posts: his /done posts nothing.
            await log_interview(h, BOB, "Initech")
            await share_from_dm(h, BOB, "No milestone posts")
            calls = await dm(h, BOB, "/done")
            assert "marked sent" in sent(calls, BOB)[0].text and sent(calls, GROUP) == []

    run(scenario())


# -- only the owner ----------------------------------------------------------------------------

def test_another_member_cannot_stop_someone_elses_sharing(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with Session(tmp_path) as h:
            await log_interview(h, ADA)
            await share_from_dm(h, ADA)
            announcement_id, _ = h.fake.last_with_button(GROUP, "Stop sharing")
            refused = await press(h, EVE, GROUP, "Stop sharing")
            assert methods(refused) == ["answerCallbackQuery"]  # nothing posted, nothing edited
            [answer] = refused
            assert answer.params["show_alert"] == "true"
            assert "someone else's" in answer.params["text"]
            assert h.fake.messages[announcement_id].get("reply_markup")  # left for its owner
            assert len(h.repo.shares_for(key(ADA))) == 1
            assert "Acme" in board_text(await in_group(h, EVE, "/board"))
            # A known member's press is refused the same way.
            await dm(h, EVE, "hi")
            again = await press(h, EVE, GROUP, "Stop sharing")
            assert methods(again) == ["answerCallbackQuery"]
            assert again[0].params["show_alert"] == "true"
            # The owner's press works: the button goes, the confirmation is private.
            done = await press(h, ADA, GROUP, "Stop sharing")
            assert methods(done) == ["answerCallbackQuery", "editMessageText", "sendMessage"]
            answer, edit, confirmation = done
            assert "text" not in answer.params
            assert edit.chat_id == GROUP and edit.text.endswith("→ Stop sharing")
            assert "reply_markup" not in h.fake.messages[announcement_id]
            assert confirmation.chat_id == ADA
            assert "nothing of yours shows in “Cohort” any more" in confirmation.text
            assert h.repo.shares_for(key(ADA)) == []
            assert "Nobody shares an interview here yet" in \
                board_text(await in_group(h, EVE, "/board"))

    run(scenario())


# -- leaving and removal -----------------------------------------------------------------------

def test_removing_the_bot_from_the_group_clears_every_share(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with Session(tmp_path) as h:
            await log_interview(h, ADA)
            await log_interview(h, BOB, "Initech")
            await share_from_dm(h, ADA)
            await share_from_dm(h, BOB)
            # Ada blocking the bot in her private chat is not about the group.
            assert await h.deliver(h.fake.my_chat_member_update(ADA, "kicked")) == []
            assert h.repo.get_channel(CHANNEL) is not None
            calls = await h.deliver(h.fake.my_chat_member_update(GROUP, "kicked"))
            assert calls == []
            assert h.repo.shares_for(key(ADA)) == [] and h.repo.shares_for(key(BOB)) == []
            assert h.repo.get_channel(CHANNEL) is None
            [answer] = await dm(h, ADA, "/share")
            assert "don't use me in a team channel yet" in answer.text

    run(scenario())


def test_the_bot_leaving_the_group_by_service_message_clears_it_too(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with Session(tmp_path) as h:
            await log_interview(h, ADA)
            await share_from_dm(h, ADA)
            assert await h.deliver(h.fake.left_member_update(GROUP, BOT_ID, by=BOB)) == []
            assert h.repo.shares_for(key(ADA)) == []
            assert h.repo.get_channel(CHANNEL) is None

    run(scenario())


def test_a_group_upgraded_to_a_supergroup_keeps_its_shares(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with Session(tmp_path) as h:
            await log_interview(h, ADA)
            await share_from_dm(h, ADA)
            upgraded = GROUP * 10_000
            update = h.fake.group_update(ADA, "x", GROUP)
            del update["message"]["text"]
            update["message"]["migrate_to_chat_id"] = upgraded
            assert await h.deliver(update) == []
            assert h.repo.get_channel(CHANNEL) is None
            [share] = h.repo.shares_for(key(ADA))
            assert share.channel == f"telegram:{upgraded}"
            calls = await h.deliver(h.fake.group_update(EVE, "/board", upgraded))
            [board] = sent(calls, upgraded)
            assert "Acme" in board.text

    run(scenario())


def test_a_member_leaving_withdraws_only_their_shares(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with Session(tmp_path) as h:
            await log_interview(h, ADA)
            await log_interview(h, BOB, "Initech")
            await log_interview(h, EVE, "Globex")
            await share_from_dm(h, ADA)
            await share_from_dm(h, BOB)
            await share_from_dm(h, EVE)
            assert await h.deliver(h.fake.left_member_update(GROUP, ADA)) == []
            assert h.repo.shares_for(key(ADA)) == []
            assert len(h.repo.shares_for(key(BOB))) == 1
            channel = h.repo.get_channel(CHANNEL)
            assert channel is not None and key(ADA) not in channel.members
            shown = board_text(await in_group(h, BOB, "/board"))
            assert "Initech" in shown and "Acme" not in shown
            # Removed by an admin bot that sees chat_member updates: the same.
            assert await h.deliver(h.fake.chat_member_update(GROUP, EVE, "kicked")) == []
            assert h.repo.shares_for(key(EVE)) == []
            assert len(h.repo.shares_for(key(BOB))) == 1

    run(scenario())


def test_delete_withdraws_what_was_shared(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with Session(tmp_path) as h:
            await log_interview(h, ADA)
            await share_from_dm(h, ADA)
            await dm(h, ADA, "/delete")
            await press(h, ADA, ADA, "Yes, delete everything")
            shown = board_text(await in_group(h, BOB, "/board"))
            assert "Acme" not in shown and "Ada" not in shown

    run(scenario())


def test_a_post_to_a_group_the_bot_was_removed_from_withdraws_the_shares(
        tmp_path: Path) -> None:
    async def scenario() -> None:
        async with Session(tmp_path) as h:
            await log_interview(h, ADA)
            await share_from_dm(h, ADA)
            h.fake.kick(GROUP)  # removed while the bot wasn't listening
            pressed = await press(h, ADA, ADA, "Thank-you sent ✓")
            assert [c.status for c in pressed if c.chat_id == GROUP] == [403]
            note = sent(pressed, ADA)
            assert "marked sent" in note[0].text
            assert "I'm no longer a member there" in note[1].text
            assert h.repo.shares_for(key(ADA)) == [] and h.repo.get_channel(CHANNEL) is None

    run(scenario())


# -- the weekly digest -------------------------------------------------------------------------

def test_the_weekly_digest_is_posted_and_a_kicked_bot_withdraws_the_shares(
        tmp_path: Path) -> None:
    async def scenario() -> None:
        async with Session(tmp_path) as h:
            await log_interview(h, ADA)
            await share_from_dm(h, ADA)
            [answer] = await in_group(h, ADA, "/digest monday 9")
            assert answer.chat_id == GROUP and "Weekly digest on" in answer.text
            channel = h.repo.get_channel(CHANNEL)
            assert channel is not None and channel.next_digest_at is not None
            h.clock.set(channel.next_digest_at)
            mark = len(h.fake.calls)
            await h.scheduler.tick()
            [digest] = h.fake.sent(GROUP, since=mark)
            assert "Weekly digest · Cohort" in digest.text and "Acme" in digest.text
            # post() for a group the bot is no longer in: a permanent failure.
            h.fake.kick(GROUP)
            with pytest.raises(DeliveryError) as err:
                await h.adapter.post(str(GROUP), reply("hello"))
            assert err.value.permanent
            h.clock.advance(timedelta(days=7))
            await h.scheduler.tick()
            assert h.repo.get_channel(CHANNEL) is None and h.repo.shares_for(key(ADA)) == []

    run(scenario())


# -- what is not for the bot -------------------------------------------------------------------

def test_group_chatter_gets_no_answer_and_leaves_no_trace(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)

    async def scenario() -> None:
        async with Session(tmp_path) as h:
            await log_interview(h, ADA)
            await share_from_dm(h, ADA)
            chatter = (f"My interview at {SECRET} went badly, they asked about my salary",
                       f"/board@OtherBot {SECRET}", f"/weather {SECRET}",
                       f"write to ada@{BOT_USERNAME}.example about {SECRET}",
                       f"@{BOT_USERNAME}s_cousin {SECRET}")
            for text in chatter:
                assert await in_group(h, ADA, text) == [], text
            # A reply to someone else's message isn't for the bot either.
            theirs = h.fake.group_update(BOB, f"{SECRET} anyone?", GROUP)
            h.fake.messages[theirs["message"]["message_id"]] = theirs["message"]
            assert await in_group(h, ADA, f"me too {SECRET}",
                                  reply_to=theirs["message"]["message_id"]) == []
            assert h.repo.get_user(key(BOB)) is None

    run(scenario())
    for path in (tmp_path / "data").rglob("*"):
        if path.is_file():
            assert SECRET.encode() not in path.read_bytes(), path
    assert not [r for r in caplog.records if SECRET in caplog.handler.format(r)]


# -- the command menu --------------------------------------------------------------------------

def test_groups_get_their_own_command_menu(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with Session(tmp_path) as h:
            menus = {str(c.params.get("scope")): [x["command"] for x in c.params["commands"]]
                     for c in h.fake.calls if c.method == "setMyCommands"}
            groups = menus.pop(str({"type": "all_group_chats"}))
            assert groups == ["board", "share", "unshare", "digest", "help"]
            [private] = menus.values()
            assert {"share", "unshare", "board"} <= set(private)

    run(scenario())


# -- errors ------------------------------------------------------------------------------------

def test_group_errors_are_classified() -> None:
    kicked = Forbidden("Forbidden: bot was kicked from the group chat")
    assert gone_from_group(kicked) and delivery_error(kicked).permanent
    migrated = ChatMigrated(-1001234567890)
    assert gone_from_group(migrated) and delivery_error(migrated).permanent
    assert gone_from_group(BadRequest("Bad Request: chat not found"))
    assert not gone_from_group(BadRequest("Bad Request: not enough rights to send text "
                                          "messages to the chat"))
    assert unreachable(Forbidden("Forbidden: bot can't initiate conversation with a user"))
    assert unreachable(BadRequest("Bad Request: chat not found"))
    assert not unreachable(BadRequest("Bad Request: can't parse entities"))
    assert not unreachable(NetworkError("boom"))
