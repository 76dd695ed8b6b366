"""The "Log an interview" modal on Slack: opened by `/hearback interview [text]`, the global
shortcut, the message shortcut "Log interview from this message" (pre-filled from that message
by the core's understanding layer), and the App Home's "Log an interview" and "Edit" buttons;
its submission checked (problems shown beside their inputs while the modal stays open) and then
saved as one turn, whose replies (the summary and the thank-you advice) go to the user's DM.

A trigger_id is good for 3 seconds and once (views.open): if the modal can't be opened, the
user gets the chat intake in their DM instead (or, for an edit, a line saying so).
"""

from __future__ import annotations

import logging
from typing import Any
from zoneinfo import ZoneInfo

from slack_bolt.async_app import AsyncAck

from bot.adapters.delivery import Origin
from bot.adapters.slack import modal, render
from bot.adapters.slack.channels import PLATFORM
from bot.adapters.slack.events import Events
from bot.adapters.slack.reading import command_text
from bot.core.coaching import editing
from bot.core.contract import buttons
from bot.core.contract.buttons import COMMAND_BUTTON
from bot.core.contract.forms import InterviewForm
from bot.core.contract.messages import reply
from bot.core.contract.models import user_key
from bot.core.features import parse_command
from bot.core.plan.planner import local_day

GLOBAL_SHORTCUT = "log_interview"  # callback_id in slack-manifest.yml
MESSAGE_SHORTCUT = "log_from_message"  # callback_id in slack-manifest.yml
INTERVIEW_WORD = "interview"
log = logging.getLogger("hearback.slack")
NO_DM = "Slack didn't let me open our direct messages just now. Press Save again in a moment."


class Forms(Events):
    """The modal's listeners (a base of `SlackAdapter`): `_on_shortcut`, `_on_submission`, and
    `_on_command`/`_on_action` that open the modal where it belongs and hand the rest on."""

    async def _zone(self, user_id: str) -> str | None:
        """The user's zone as Hearback knows it, or from their Slack profile for someone new."""
        if await self.core.run(self.engine.knows, PLATFORM, user_id):
            prefs = await self.core.run(self.engine.prefs_for, user_key(PLATFORM, user_id))
            return str(prefs.tz.key)
        zone, _ = await self._profile(user_id)
        return zone

    async def open_form(self, trigger_id: str, user_id: str, *, text: str = "",
                        form: InterviewForm | None = None) -> bool:
        """Open the modal (views.open): `form` as given, else pre-filled from `text`, else
        empty with today picked as the interview day. False when Slack refused (the trigger
        expired, or was used)."""
        zone = await self._zone(user_id)
        if form is None and text.strip():
            form = await self.core.run(self.engine.form_from_text, PLATFORM, user_id, text, zone)
        if form is None:
            tz = ZoneInfo(zone) if zone else \
                (await self.core.run(self.engine.prefs_for, user_key(PLATFORM, user_id))).tz
            form = InterviewForm(interview_date=local_day(self.engine.clock.now(), tz))
        view = modal.interview_modal(form, zone=zone)
        return await self._safely("views.open", self.client.views_open(trigger_id=trigger_id,
                                                                       view=view))

    # -- opening --------------------------------------------------------------------------------
    async def _on_shortcut(self, ack: AsyncAck, body: dict[str, Any],
                           shortcut: dict[str, Any]) -> None:
        """The global shortcut (an empty form) or the message shortcut (the form pre-filled
        from the message's text; the message itself is not kept)."""
        await ack()
        async with self._busy():
            user_id = str((body.get("user") or {}).get("id") or "")
            trigger = str(body.get("trigger_id") or "")
            if not user_id or not trigger:
                return
            text = ""
            if body.get("type") == "message_action":
                text = render.from_slack(str((body.get("message") or {}).get("text") or ""))
            if not await self.open_form(trigger, user_id, text=text):
                await self._fallback(user_id, text)

    async def _on_command(self, ack: AsyncAck, command: dict[str, Any],
                          body: dict[str, Any]) -> None:
        """`/hearback interview [text]` opens the modal (pre-filled from the text); every other
        `/hearback` goes to the chat as before."""
        text = command_text(str(command.get("text") or ""))
        cmd = parse_command(text, in_dialog=False)
        trigger = str(command.get("trigger_id") or "")
        if cmd is None or cmd.word != INTERVIEW_WORD or not trigger:
            await super()._on_command(ack, command, body)
            return
        await ack()
        async with self._busy(body):
            user_id = str(command["user_id"])
            if not await self.open_form(trigger, user_id, text=cmd.rest):
                await self._fallback(user_id, cmd.rest)

    async def _on_action(self, ack: AsyncAck, body: dict[str, Any],
                         action: dict[str, Any]) -> None:
        """A press. On App Home, the owner's "Log an interview" and "Edit" open the modal; a
        menu pick (outcome, snooze) is read as the press of its option's payload; the rest
        goes on as any press (someone else's is refused there)."""
        picked = action.get("selected_option") or {}
        if action.get("type") == "static_select" and picked.get("value"):
            action = action | {"value": picked["value"], "text": picked.get("text") or {}}
        container = body.get("container") or {}
        press = buttons.parse(str(action.get("value") or ""))
        user_id = str((body.get("user") or {}).get("id") or "")
        trigger = str(body.get("trigger_id") or "")
        opens = press is not None and press.owner == user_id and bool(trigger) and (
            (press.action == COMMAND_BUTTON and press.arg == INTERVIEW_WORD) or
            (press.action == editing.BUTTON_ACTION and press.interview and not press.arg))
        if container.get("type") != "view" or not opens or press is None:
            await super()._on_action(ack, body, action)
            return
        await ack()
        async with self._busy(body):
            if press.interview:
                found = await self.core.run(self.engine.form_to_edit, PLATFORM, user_id,
                                            press.interview)
                if isinstance(found, str):  # gone or closed: said in the DM, Home refreshed
                    await self._tell(user_id, found)
                    await self.publish_home(user_id)
                    return
                if not await self.open_form(trigger, user_id, form=found):
                    await self._tell(user_id, "I couldn't open the form just then. Press Edit "
                                              "again, or type edit here.")
                return
            if not await self.open_form(trigger, user_id):
                await self._fallback(user_id, "")

    # -- submitting -----------------------------------------------------------------------------
    async def _on_submission(self, ack: AsyncAck, body: dict[str, Any],
                             view: dict[str, Any]) -> None:
        """Save. Problems are answered at once beside their inputs (the modal stays open);
        otherwise the modal closes and the form is one turn of the conversation, answered in
        the user's DM, and the Home tab is published again."""
        async with self._busy(body):
            user_id = str((body.get("user") or {}).get("id") or "")
            form = modal.read_form(view)
            _, zone = modal.metadata(view)
            errors = await self.core.run(self.engine.form_errors, PLATFORM, user_id, form, zone)
            # The DM the answer goes to, known before the modal closes: without one, the modal
            # stays open with what was typed (nothing is lost) and the user is told to retry.
            channel = await self._dm_channel(user_id) if not errors else None
            if not errors and channel is None:
                errors = {"company": NO_DM}
            if errors or channel is None:
                await ack(**modal.errors_response(errors))
                return
            await ack()
            await self._turn(user_id, channel, form=form, body=body)
            await self.publish_home(user_id)

    # -- when the modal can't open --------------------------------------------------------------
    async def _fallback(self, user_id: str, text: str) -> None:
        """The chat intake in the user's DM (with what `text` says), as typed `interview`."""
        channel = await self._dm_channel(user_id)
        if channel is not None:
            await self._turn(user_id, channel, text=f"/{INTERVIEW_WORD} {text}".rstrip())

    async def _tell(self, user_id: str, text: str) -> None:
        channel = await self._dm_channel(user_id)
        if channel is not None:
            await self._deliver(Origin(channel, user_id), [reply(text)])

