"""The "Log an interview" modal, the shortcuts and the App Home dashboard, through the real
slack-bolt AsyncApp against the fake Slack on 127.0.0.1: what views.open and views.publish
carry, what a submission answers, and what lands in storage and in the user's DM."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

from bot.adapters.slack.home_blocks import dashboard_view
from bot.adapters.slack.inflow import inbox_key, turn_id
from bot.adapters.slack.modal import CALLBACK_ID
from bot.core.coaching.dashboard import MAX_CARDS, Card, Dashboard
from bot.core.contract import buttons
from bot.core.contract.forms import FIELDS
from bot.core.contract.messages import reply
from tests.conftest import LONDON
from tests.fake_slack import Call, block_texts, event_callback
from tests.slack_payloads import global_shortcut, home_press, message_shortcut, view_submission
from tests.test_slack import INTAKE, Slack, run, slack

RECRUITER_MAIL = ("Hi Sam, thanks for coming in yesterday to talk about the Backend Engineer "
                  "role at Acme. Jane Doe (hiring manager) will let you know by Friday 4 "
                  "December.")


def inputs(opened: Call) -> dict[str, dict[str, Any]]:
    """The modal's inputs by block_id: their element as sent (initial values included)."""
    return {b["block_id"]: b["element"] for b in opened.view["blocks"] if b["type"] == "input"}


async def submit(s: Slack, opened: Call, user: str = "U1", **picked: object) -> str:
    status, body = await s.sender.action(view_submission(user, opened, **picked))
    assert status == 200
    await s.settle()
    return body


async def open_home(s: Slack, user: str = "U1", event_id: str = "EvHome") -> Call:
    before = len(s.fake.calls_to("views.publish"))
    await s.sender.event(event_callback({"type": "app_home_opened", "user": user,
                                         "tab": "home"}, f"{event_id}{before}"))
    await s.settle()
    return s.fake.calls_to("views.publish")[-1]


async def home_press_and_settle(s: Slack, published: Call, label: str,
                                user: str = "U1") -> None:
    status, _ = await s.sender.action(home_press(user, published, label))
    assert status == 200
    await s.settle()


def test_slash_interview_opens_the_modal_and_saving_it_logs_the_interview(
        tmp_path: Path) -> None:
    async def scenario() -> None:
        async with slack(tmp_path) as s:
            status, body = await s.sender.command("U1", "interview", channel="DU1")
            assert status == 200 and body == ""
            await s.settle()
            [opened] = s.fake.calls_to("views.open")
            assert opened.view["callback_id"] == CALLBACK_ID
            assert opened.view["title"]["text"] == "Log an interview"
            assert opened.view["submit"]["text"] == "Save"
            fields = inputs(opened)
            at = FIELDS.index("decision_date") + 1  # ("they didn't say": a picked day stays)
            assert list(fields) == [*FIELDS[:at], "decision_unknown", *FIELDS[at:]]
            assert fields["interview_date"]["type"] == "datepicker"
            assert fields["interview_date"]["initial_date"] == "2026-11-25"  # today, London
            assert fields["interview_time"]["type"] == "timepicker"
            assert fields["decision_date"]["type"] == "datepicker"
            assert [o["text"]["text"] for o in fields["informer"]["options"]] == [
                "HR / recruiter", "The hiring manager / interviewer", "The recruitment agency",
                "A mailing team", "I don't know"]
            assert s.fake.posts() == []  # nothing in the chat until it is saved
            body = await submit(s, opened, company="Acme", role="backend",
                                people="Jane Doe (hiring manager), Tom (recruiter)",
                                interview_date="2026-11-24", interview_time="14:30",
                                decision_date="2026-12-04", informer="hr",
                                agreed="email her Monday at 10")
            assert body == ""  # an empty ack closes the modal
            [iv] = s.repo.interviews_for("slack:U1")
            assert iv.company == "Acme" and iv.role == "backend"
            assert iv.interviewed_at == datetime(2026, 11, 24, 14, 30, tzinfo=LONDON)
            assert iv.decision_by == date(2026, 12, 4) and iv.informer == "hr"
            assert iv.interviewer == "Jane Doe" and iv.contacts == ["Tom (recruiter)"]
            assert iv.agreed_contact_kind == "email"
            summary, thanks = s.fake.posts("DU1")[-2:]
            assert "Saved. Here's what I have:" in summary.text
            assert "*backend role at Acme*" in summary.text
            assert "Fri 4 Dec" in summary.text and "Email them: Mon 30 Nov, 10:00" in summary.text
            assert "Now: send your thank-you." in thanks.text
            assert "Thank-you sent ✓" in thanks.labels
            assert s.repo.nudges_for_interview(iv.id)  # planned, as after the chat
            # The Home tab follows.
            home = s.fake.calls_to("views.publish")[-1]
            assert "backend role at Acme" in home.text
            # The same view sent again (a retry): saved once.
            await submit(s, opened, company="Acme")
            assert len(s.repo.interviews_for("slack:U1")) == 1

    run(scenario)


def test_a_picked_decision_date_can_be_taken_back(tmp_path: Path) -> None:
    # Slack's date picker has no way to clear a date once one is picked (or pre-filled): a box
    # says "they didn't say" instead, and wins over the date.
    async def scenario() -> None:
        async with slack(tmp_path) as s:
            await s.sender.command("U1", "interview I met Jane Doe at Acme yesterday, they'll "
                                   "tell me by Friday 4 December", channel="DU1")
            await s.settle()
            [opened] = s.fake.calls_to("views.open")
            fields = inputs(opened)
            assert fields["decision_date"]["initial_date"] == "2026-12-04"
            box = fields["decision_unknown"]
            assert box["type"] == "checkboxes" and "initial_options" not in box
            assert [o["text"]["text"] for o in box["options"]] == ["They didn't say when"]
            assert await submit(s, opened, decision_unknown=["unknown"]) == ""
            [iv] = s.repo.interviews_for("slack:U1")
            assert iv.company == "Acme" and iv.decision_by is None and iv.decision_unknown
            summary = s.fake.posts("DU1")[-2]
            assert "Decision date: not given yet" in summary.text
            assert "let you know by" not in summary.text

    run(scenario)


def test_bad_input_is_answered_beside_its_field_and_nothing_is_saved(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with slack(tmp_path) as s:
            await s.sender.command("U1", "interview", channel="DU1")
            await s.settle()
            [opened] = s.fake.calls_to("views.open")
            body = await submit(s, opened, company=None, interview_date="2026-11-20",
                                decision_date="2026-11-18", people="???")
            answer = json.loads(body)
            assert answer["response_action"] == "errors"
            assert set(answer["errors"]) == {"company", "decision_date", "people"}
            assert "before the interview" in answer["errors"]["decision_date"]
            body = await submit(s, opened, company="Acme", interview_date="2026-01-02")
            assert "more than six months ago" in json.loads(body)["errors"]["interview_date"]
            assert s.repo.interviews_for("slack:U1") == [] and s.fake.posts() == []
            # Slack won't open the DM the answer goes to: the modal stays open, nothing lost.
            s.fake.fail("conversations.open", "ratelimited")
            body = await submit(s, opened, company="Acme", interview_date="2026-11-20")
            assert "Press Save again" in json.loads(body)["errors"]["company"]
            assert s.repo.interviews_for("slack:U1") == []
            # Fixed and sent again: saved.
            assert await submit(s, opened, company="Acme", interview_date="2026-11-20") == ""
            [iv] = s.repo.interviews_for("slack:U1")
            assert iv.interviewed_at == datetime(2026, 11, 20, 12, 0, tzinfo=LONDON)
            assert iv.decision_unknown  # no decision day: asked as "they didn't say"

    run(scenario)


def test_the_shortcuts_open_the_modal_and_the_message_one_prefills_it(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with slack(tmp_path) as s:
            await s.sender.action(global_shortcut("U1"))
            await s.settle()
            [blank] = s.fake.calls_to("views.open")
            assert "initial_value" not in inputs(blank)["company"]
            await s.sender.action(message_shortcut("U1", RECRUITER_MAIL.replace("&", "&amp;")))
            await s.settle()
            filled = inputs(s.fake.calls_to("views.open")[-1])
            assert filled["company"]["initial_value"] == "Acme"
            assert filled["role"]["initial_value"] == "Backend Engineer"
            assert filled["people"]["initial_value"] == "Jane Doe (hiring manager)"
            assert filled["interview_date"]["initial_date"] == "2026-11-24"
            assert filled["decision_date"]["initial_date"] == "2026-12-04"
            assert "initial_value" not in filled["agreed"]
            assert "initial_time" not in filled["interview_time"]
            # The message is not kept, and nothing is said until the form is saved.
            assert s.fake.posts() == [] and s.repo.get_user("slack:U1") is None
            await submit(s, s.fake.calls_to("views.open")[-1])
            [iv] = s.repo.interviews_for("slack:U1")
            assert iv.company == "Acme" and iv.decision_by == date(2026, 12, 4)
            assert iv.interviewer == "Jane Doe" and iv.informer == "interviewer"
            assert s.user().chat_id == "DU1"  # the DM opened for the answer

    run(scenario)


def test_a_modal_that_cannot_open_falls_back_to_the_chat(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with slack(tmp_path) as s:
            s.fake.fail("views.open", "expired_trigger_id")
            await s.sender.command("U1", "interview at Acme", channel="DU1")
            await s.settle()
            asked = s.fake.posts("DU1")[-1]
            assert "Acme" in asked.text and "?" in asked.text  # the chat intake asks on
            assert s.repo.get_dialog("slack:U1") is not None

    run(scenario)


def test_the_home_dashboard_acts_for_its_owner_only(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with slack(tmp_path) as s:
            intro = await open_home(s)
            assert intro.labels == ["Log an interview"]
            await home_press_and_settle(s, intro, "Log an interview")
            assert len(s.fake.calls_to("views.open")) == 1  # the modal, not the chat
            await s.intake()
            home = await open_home(s)
            assert "*backend role at Acme*" in home.text
            assert "Next: call them to ask where things stand — Mon 30 Nov, 10:00" in home.text
            assert "Your search: 1 application" in home.text
            assert home.labels == ["Log an interview", "Thank-you sent ✓", "Edit"]
            menus = [e for b in home.view["blocks"] if b["type"] == "actions"
                     for e in b["elements"] if e["type"] == "static_select"]
            assert [m["placeholder"]["text"] for m in menus] == ["Record the outcome",
                                                                "Snooze the next step"]
            ids = [e["action_id"] for b in home.view["blocks"] if b["type"] == "actions"
                   for e in b["elements"]]
            assert len(ids) == len(set(ids))
            for private in ("Jane", "Subject:"):
                assert private not in home.text
            # Someone else's payload: refused in their DM, nothing changes, no modal.
            await home_press_and_settle(s, home, "Thank-you sent ✓", user="U2")
            assert "belongs to someone else" in s.fake.posts("DU2")[-1].text
            await home_press_and_settle(s, home, "Edit", user="U2")
            assert len(s.fake.calls_to("views.open")) == 1
            [iv] = s.repo.interviews_for("slack:U1")
            assert iv.thank_you_sent_at is None and s.repo.get_user("slack:U2") is None
            # The owner: acted on, answered in the DM, the Home published again.
            await home_press_and_settle(s, home, "Thank-you sent ✓")
            assert "is marked sent" in s.fake.posts("DU1")[-1].text
            after = s.fake.calls_to("views.publish")[-1]
            assert after.labels == ["Log an interview", "Edit"]
            await home_press_and_settle(s, home, "Thank-you sent ✓")  # a stale button
            assert "Already noted" in s.fake.posts("DU1")[-1].text
            await home_press_and_settle(s, home, "Next week")
            assert "Snoozed" in s.fake.posts("DU1")[-1].text
            # Edit opens the modal with what is saved; saving changes the decision date.
            await home_press_and_settle(s, home, "Edit")
            edit = s.fake.calls_to("views.open")[-1]
            assert edit.view["title"]["text"] == "Edit interview"
            shown = inputs(edit)
            assert shown["company"]["initial_value"] == "Acme"
            assert shown["people"]["initial_value"] == "Jane Doe"
            assert shown["interview_time"]["initial_time"] == "15:00"
            assert shown["informer"]["initial_option"]["value"] == "hr"
            await submit(s, edit, decision_date="2026-12-11")
            assert "Updated." in s.fake.posts("DU1")[-1].text
            assert s.repo.interviews_for("slack:U1")[0].decision_by == date(2026, 12, 11)
            await home_press_and_settle(s, home, "Not selected")
            assert "closed the follow-up" in s.fake.posts("DU1")[-1].text
            closed = s.fake.calls_to("views.publish")[-1]
            assert "No open applications" in closed.text and "closed (not selected)" in \
                closed.text
            await home_press_and_settle(s, home, "Edit")  # stale: the interview is closed
            assert "already closed" in s.fake.posts("DU1")[-1].text
            assert len(s.fake.calls_to("views.open")) == 2

    run(scenario)


def test_typed_interview_in_the_dm_is_still_the_chat(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with slack(tmp_path) as s:
            asked = await s.dm(INTAKE)
            assert "Who will tell you the result?" in asked.text
            assert s.fake.calls_to("views.open") == []

    run(scenario)


def test_in_socket_mode_problems_come_back_in_the_envelope_ack(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with slack(tmp_path, socket_mode=True) as s:
            await s.fake.socket_send({"envelope_id": "env-sc", "type": "interactive",
                                      "accepts_response_payload": False,
                                      "payload": global_shortcut("U1")})
            [opened] = await s.fake.wait_for("views.open")
            await s.fake.socket_send({"envelope_id": "env-bad", "type": "interactive",
                                      "accepts_response_payload": True,
                                      "payload": view_submission("U1", opened, company="",
                                                                 decision_date="2026-11-01")})
            await s.fake.wait_until(lambda: any(a.get("envelope_id") == "env-bad"
                                                for a in s.fake.socket_acks))
            [ack] = [a for a in s.fake.socket_acks if a.get("envelope_id") == "env-bad"]
            assert ack["payload"]["response_action"] == "errors"
            assert set(ack["payload"]["errors"]) == {"company", "decision_date"}
            await s.fake.socket_send({"envelope_id": "env-ok", "type": "interactive",
                                      "accepts_response_payload": True,
                                      "payload": view_submission("U1", opened, company="Acme")})
            await s.fake.wait_for("chat.postMessage", 2)
            await s.settle()
            [iv] = s.repo.interviews_for("slack:U1")
            assert iv.company == "Acme"
            assert "Saved. Here's what I have:" in s.fake.posts("DU1")[-2].text

    run(scenario)


def test_a_sent_form_is_kept_until_answered_and_a_shortcut_never_is() -> None:
    opened = Call("views.open", {}, result={"view": {
        "id": "VM7", "callback_id": CALLBACK_ID, "blocks": [], "private_metadata": "{}"}})
    sent = view_submission("U1", opened)
    assert inbox_key(sent) == "view:VM7" and turn_id(sent) == "view:VM7"
    other = view_submission("U1", Call("views.open", {}, result={"view": {
        "id": "VM8", "callback_id": "someone_elses", "blocks": []}}))
    assert inbox_key(other) is None
    # The message a shortcut was used on is read for the form, never stored.
    assert inbox_key(message_shortcut("U1", RECRUITER_MAIL)) is None
    assert inbox_key(global_shortcut("U1")) is None


def test_a_full_dashboard_stays_within_slacks_100_blocks() -> None:
    def card(n: int) -> Card:
        owner, iv = "U1", f"{n:012x}"
        return Card(interview_id=iv, summary=reply(f"Application {n}\nStage: waiting"),
                    actions=(buttons.make("Thank-you sent ✓", "ty", owner, iv),
                             buttons.make("Edit", "ed", owner, iv)),
                    outcomes=(buttons.make("Not selected", "oc", owner, iv, "not"),),
                    snoozes=(buttons.make("Next week", "sz", owner, iv, "cl.x:nw"),))
    board = Dashboard(cards=tuple(card(n) for n in range(MAX_CARDS)), more=5, closed=None,
                      figures=reply("Your search: 25 applications"),
                      log=buttons.command_button("Log an interview", "U1", "interview"))
    boards = [reply(f"Team board {n}\n" + "\n".join(f"line {i}" for i in range(20)))
              for n in range(20)]
    view = dashboard_view(board, "footer", boards=boards)
    blocks = view["blocks"]
    assert len(blocks) <= 100
    texts = [t for b in blocks for t in block_texts([b])]
    assert "*Your interviews (25 open)*" in texts
    assert any(t.startswith("…and 5 more open") for t in texts)
    assert any("Team board" in t for t in texts)
    assert any("more team board" in t for t in texts)  # the ones left out are counted
    ids = [e["action_id"] for b in blocks if b["type"] == "actions" for e in b["elements"]]
    assert len(ids) == len(set(ids))
