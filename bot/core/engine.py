"""The conversation engine: one Incoming in, replies out. Pure apart from the repository."""

from __future__ import annotations

import logging
import re
from datetime import timedelta
from zoneinfo import ZoneInfo

from bot.core.account import exporting, profile
from bot.core.account import settings as preferences
from bot.core.account.settings import find_timezone
from bot.core.coaching import calm, drafts, editing, intake, outcomes, proofread, rehearsal, snooze
from bot.core.coaching.nudge_text import render
from bot.core.contract import buttons, flows
from bot.core.contract.clock import Clock
from bot.core.contract.context import Ctx
from bot.core.contract.flows import Flow
from bot.core.contract.messages import Incoming, Reply, TextBuilder, bold, reply
from bot.core.contract.models import Channel, Dialog, Interview, Nudge, User, user_key
from bot.core.contract.ports import Repository
from bot.core.contract.prefs import Prefs
from bot.core.language.dates import fmt_day, fmt_when
from bot.core.language.extract import extract
from bot.core.language.intents import (
    COMMANDS,
    Command,
    asks_for_news,
    check_request,
    is_greeting,
    is_thanks,
    parse_command,
    reports_outcome,
    says_thank_you_sent,
    unknown_slash_command,
    wants_new_interview,
    wants_thank_you_draft,
    wants_to_contact,
)
from bot.core.language.wording import the_label
from bot.core.plan import schedule as plans
from bot.core.plan.views import describe_facts, interview_list, plan_text
from bot.core.team import sharing as team

log = logging.getLogger("hearback.engine")
# A date the employer gave: "HR said", "they told me", "actually".
REPORTED_RE = re.compile(r"\b(?:said|told|replied|wrote|emailed|answered|actually|now)\b",
                         re.IGNORECASE)

MAX_TEXT = 4000

HELP_LINES = (
    ("interview", "log an interview you just had (or just tell me about it)"),
    ("list", "your interviews and their next steps"),
    ("status", "each open interview with its full plan"),
    ("done", "mark the thank-you as sent"),
    ("outcome", "record how it ended: selected, still waiting, standby, not selected"),
    ("edit", "change a fact of an interview (the plan follows)"),
    ("snooze", "put the last reminder off: 1 hour, tomorrow morning, next week"),
    ("rehearse", "practise the call: I play HR"),
    ("profile", "the name, phone, email and address that sign your drafts"),
    ("settings", "time zone, quiet hours, country for public holidays"),
    ("share", "show how an interview stands in your team's channel (you choose what)"),
    ("unshare", "stop sharing in a team channel"),
    ("board", "the boards of the team channels you use"),
    ("export", "your data as JSON, and your dates as a calendar file"),
    ("delete", "forget everything about you"),
    ("cancel", "stop what we're doing"),
    ("help", "this list"),
)


INTAKE_FLOW = Flow(intake.FLOW, intake.answer_text, intake.current_question)
FLOWS: dict[str, Flow] = {
    f.name: f for f in (
        INTAKE_FLOW,
        Flow(rehearsal.FLOW, rehearsal.answer, rehearsal.current),
        Flow(profile.FLOW, profile.answer, profile.current),
        Flow(drafts.FLOW, drafts.answer, drafts.current),
        Flow(preferences.FLOW, preferences.answer, preferences.current),
        Flow(snooze.FLOW, snooze.answer, snooze.current),
        Flow(proofread.FLOW, proofread.answer, proofread.current),
    )
}
# Commands that live in their own modules: word -> (ctx, rest) -> replies.
MODULE_COMMANDS: dict[str, flows.Command] = {
    "outcome": lambda ctx, rest: outcomes.choose(ctx),
    "rehearse": rehearsal.command,
    "export": exporting.export_command,
    "delete": exporting.delete_command,
    "profile": profile.command,
    "settings": preferences.command,
    "snooze": snooze.command,
    "edit": editing.command,
    "share": team.share_command,
    "unshare": team.unshare_command,
    "board": team.board_command,
    "digest": team.digest_in_private,
}
# Commands that answer on the side, leaving a question in progress open.
KEEPS_DIALOG = frozenset({"export", "delete"})
# Button actions that live in their own modules.
MODULE_BUTTONS: dict[str, flows.ButtonHandler] = {
    rehearsal.BUTTON_ACTION: rehearsal.press,
    exporting.BUTTON_ACTION: exporting.press,
    profile.BUTTON_ACTION: profile.press,
    drafts.BUTTON_ACTION: drafts.press,
    preferences.BUTTON_ACTION: preferences.press,
    snooze.BUTTON_ACTION: snooze.press,
    editing.BUTTON_ACTION: editing.press,
    team.BUTTON_ACTION: team.press,
}


class Engine:
    def __init__(self, repo: Repository, clock: Clock, default_timezone: str = "UTC") -> None:
        self.repo = repo
        self.clock = clock
        self.default_timezone = default_timezone

    # -- entry points ---------------------------------------------------------------------------
    def handle(self, msg: Incoming) -> list[Reply]:
        """Answer one message. Every change it makes is on disk before this returns; if anything
        fails, none of its changes are kept and the user is told."""
        try:
            with self.repo.transaction():
                if msg.event_id is not None:
                    if self.repo.event_seen(msg.platform, msg.event_id):
                        return []  # delivered again (a retry, a restart): answered already
                    self.repo.record_event(msg.platform, msg.event_id)
                return self._handle(msg)
        except Exception:
            log.exception("could not handle a message from %s:%s", msg.platform, msg.user)
            return [reply("Sorry — something went wrong on my side and I couldn't handle that. "
                          "Nothing you told me before is lost; please try again in a moment.")]

    def resume(self, msg: Incoming) -> list[Reply]:
        """On start-up of an interactive adapter: the question a user was in the middle of."""
        key = user_key(msg.platform, msg.user)
        dialog = self.repo.get_dialog(key)
        user = self.repo.get_user(key)
        flow = FLOWS.get(dialog.flow) if dialog is not None else None
        if dialog is None or user is None or flow is None:
            return []
        leads = {intake.FLOW: "We were in the middle of logging an interview:",
                 rehearsal.FLOW: "We were rehearsing your call:"}
        lead = leads.get(flow.name, "We were in the middle of something:")
        return [flow.current(self._ctx(user), dialog, lead)]

    def overview(self, platform: str, user: str) -> Reply | None:
        """A user's interviews and next steps (no drafts or contacts), for a home screen such as
        Slack's App Home; None for someone Hearback doesn't know yet."""
        known = self.repo.get_user(user_key(platform, user))
        if known is None:
            return None
        return interview_list(self._ctx(known), self.repo.interviews_for(known.key))

    def boards(self, platform: str, user: str) -> list[tuple[Channel, Reply]]:
        """The board of each team channel the user shares into (for Slack's App Home)."""
        known = self.repo.get_user(user_key(platform, user))
        if known is None:
            return []
        return team.boards_for(self.repo, known, self.clock.now())

    # -- what adapters may look up (instead of reading the repository) --------------------------
    def knows(self, platform: str, user: str) -> bool:
        """Whether Hearback has a record of this platform user (they wrote to it privately)."""
        return self.repo.get_user(user_key(platform, user)) is not None

    def private_chat(self, platform: str, user: str) -> str | None:
        """The chat id of the user's private conversation with the bot, as last recorded; None
        for someone Hearback doesn't know yet."""
        known = self.repo.get_user(user_key(platform, user))
        return known.chat_id if known is not None else None

    def channel(self, platform: str, chat: str) -> Channel | None:
        """The team channel record for a platform chat id; None if nobody uses it with us."""
        return self.repo.get_channel(user_key(platform, chat))

    def member_left(self, platform: str, chat: str, user: str) -> None:
        """Someone left a team channel: what they shared there is withdrawn."""
        with self.repo.transaction():
            team.member_left(self.repo, platform, chat, user)

    def channel_moved(self, platform: str, old: str, new: str) -> None:
        """A team channel changed its id (a Telegram group became a supergroup)."""
        with self.repo.transaction():
            team.channel_moved(self.repo, platform, old, new)

    def channel_gone(self, platform: str, chat: str) -> None:
        """Hearback was removed from a team channel: every share there is withdrawn."""
        with self.repo.transaction():
            team.channel_gone(self.repo, platform, chat)

    def due_digests(self) -> list[Channel]:
        """Channels whose weekly digest is due."""
        return team.due_digests(self.repo, self.clock.now())

    def digest(self, channel: Channel) -> Reply | None:
        """The digest as it stands now (rendered just before it is posted, so a share withdrawn
        a moment ago is not in it); None if the channel or its digest is gone."""
        current = self.repo.get_channel(channel.key)
        if current is None or current.digest_day is None:
            return None
        return team.digest_reply(self.repo, current, self.clock.now())

    def digest_sent(self, channel: Channel) -> None:
        with self.repo.transaction():
            team.reschedule_digest(self.repo, channel.key, self.clock.now())

    def digest_later(self, channel: Channel, wait: timedelta) -> None:
        """The digest could not go out now: try again after `wait`."""
        with self.repo.transaction():
            team.reschedule_digest(self.repo, channel.key, self.clock.now(),
                                   retry_at=self.clock.now() + wait)

    def render_nudge(self, nudge: Nudge) -> Reply | None:
        """The message for a due nudge, or None when it no longer applies."""
        user = self.repo.get_user(nudge.user_key)
        iv = self.repo.get_interview(nudge.interview_id)
        if user is None or iv is None:
            return None
        return render(self._ctx(user), nudge, iv)

    def prefs_for(self, key: str) -> Prefs:
        user = self.repo.get_user(key)
        return Prefs.for_user(user) if user else Prefs(tz=ZoneInfo(self.default_timezone))

    # -- plumbing -------------------------------------------------------------------------------
    def _ctx(self, user: User) -> Ctx:
        return Ctx(repo=self.repo, user=user, now=self.clock.now(), prefs=Prefs.for_user(user))

    def _new_user(self, platform: str, uid: str, chat: str, name: str | None) -> User:
        return User(key=user_key(platform, uid), platform=platform, user_id=uid, chat_id=chat,
                    timezone=self.default_timezone, created_at=self.clock.now(),
                    display_name=name)

    def _user_for(self, msg: Incoming) -> User:
        key = user_key(msg.platform, msg.user)
        user = self.repo.get_user(key)
        if user is None:
            user = self._new_user(msg.platform, msg.user, msg.chat, msg.display_name)
            if msg.timezone and find_timezone(msg.timezone) == msg.timezone:
                user.timezone = msg.timezone
            self.repo.save_user(user)
        elif (user.chat_id != msg.chat or user.unreachable
              or (msg.display_name and not user.display_name)):
            if user.unreachable:
                self._resume_nudges(user)
            user.chat_id = msg.chat
            user.display_name = user.display_name or msg.display_name
            user.unreachable = False
            self.repo.save_user(user)
        return user

    def _resume_nudges(self, user: User) -> None:
        """They can be reached again (they wrote to us): paused nudges go back in the queue,
        where the scheduler's catch-up merges or re-times the stale ones."""
        now = self.clock.now()
        paused = [n for n in plans.nudges_of(self.repo, user.key) if n.status == "paused"]
        for i, n in enumerate(paused):
            n.status, n.done_at, n.note = "pending", None, "resumed"
            # Those overdue line up from now a microsecond apart: they keep their order.
            n.due_at = max(n.due_at, now + i * timedelta(microseconds=1))
            self.repo.save_nudge(n)

    def _handle(self, msg: Incoming) -> list[Reply]:
        if msg.button is not None:
            press = buttons.parse(msg.button)
            if press is not None and not buttons.may_press(press, msg.user,
                                                           in_channel=msg.in_channel):
                # Refused before anything about the presser is recorded: their chat address
                # must never become the chat where someone else's button was pressed.
                if msg.in_channel:
                    return [reply("That button is someone else's, so I left it alone.",
                                  private=True)]
                return [reply("That button belongs to someone else's conversation, so I left "
                              "it alone.")]
        if msg.in_channel:
            return self._in_channel(msg)
        ctx = self._ctx(self._user_for(msg))
        before = team.snapshot(self.repo, ctx.user.key)
        replies = self._turn(ctx, msg)
        if before is not None:
            replies += team.milestones(self.repo, ctx.user, before)
        return replies

    def _in_channel(self, msg: Incoming) -> list[Reply]:
        """A command or mention in a team channel. The writer's record is read, never created
        or changed here: a channel is not their private chat."""
        user = self.repo.get_user(user_key(msg.platform, msg.user))
        here = team.Here(self.repo, self.clock.now(), msg.platform, msg.chat, msg.user, user,
                         self.default_timezone)
        if msg.button is not None:
            press = buttons.parse(msg.button)
            if press is not None and press.action == team.CHEER_ACTION:
                return team.cheer(here, press, msg.display_name)
            if press is None or press.action != team.BUTTON_ACTION or user is None:
                return [reply("That button works in a private chat with me.", private=True)]
            if press.arg.partition(":")[2] != msg.chat:
                return [reply("That button belongs to another channel, so I left it alone.",
                              private=True)]
            team.channel_for(here, msg.channel_title)
            return team.press(self._ctx(user), press)
        text = (msg.text or "").replace("\x00", "")
        if len(text) > MAX_TEXT:
            return [reply("That message is too long for me — in a channel I only need a command "
                          "such as board or share.", private=True)]
        return team.channel_turn(here, msg, parse_command(text, in_dialog=False))

    def _turn(self, ctx: Ctx, msg: Incoming) -> list[Reply]:
        if msg.button is not None:
            return self._press(ctx, msg, msg.button)
        text = (msg.text or "").replace("\x00", "")
        if not text.strip():
            dialog = self.repo.get_dialog(ctx.user.key)
            if dialog is not None and dialog.flow in FLOWS:
                return [FLOWS[dialog.flow].current(ctx, dialog, "I got an empty message.")]
            return [reply("I got an empty message. Tell me about an interview, or type help to "
                          "see what I can do.")]
        if len(text) > MAX_TEXT:
            return [reply(f"That message is {len(text):,} characters long — more than I can take "
                          f"in one go ({MAX_TEXT:,}). Could you send a shorter version?")]
        dialog = self.repo.get_dialog(ctx.user.key)
        cmd = parse_command(text, in_dialog=dialog is not None)
        if cmd is not None:
            return self._command(ctx, cmd, dialog)
        if (word := unknown_slash_command(text)) is not None:
            return [help_reply(ctx, f"I don't know the command /{word[:30]}.")]
        if dialog is not None:
            return self._dialog_text(ctx, dialog, text)
        return self._free_text(ctx, text)

    # -- commands -------------------------------------------------------------------------------
    def _command(self, ctx: Ctx, cmd: Command, dialog: Dialog | None, *,
                 typed: bool = True) -> list[Reply]:
        word = cmd.word
        if word == "start":
            return [welcome_reply(ctx)]
        flow = FLOWS.get(dialog.flow) if dialog is not None else None
        if word == "help":
            extra = None
            if flow is not None:
                extra = "We're in the middle of something; answer below, or type cancel."
            replies = [help_reply(ctx, extra)]
            if dialog is not None and flow is not None:
                replies.append(flow.current(ctx, dialog, "Where we are:"))
            return replies
        if word == "cancel":
            if dialog is None:
                return [reply("There's nothing in progress to cancel.")]
            self.repo.clear_dialog(ctx.user.key)
            return [reply("Cancelled — I didn't save anything from that. Type help whenever "
                          "you need me.")]
        if word == "interview":
            lead: list[Reply] = []
            if dialog is not None:
                self.repo.clear_dialog(ctx.user.key)
                lead.append(reply("Starting over with a new interview."))
            facts = extract(cmd.rest, ctx.now, ctx.prefs.tz) if cmd.rest else None
            return lead + intake.start(ctx, facts)
        if word in ("list", "status"):
            if typed and dialog is None and plans.open_interviews(ctx) and \
                    calm.too_many_checks(calm.record_check(ctx)):
                return [calm.step_in(ctx, "That's a lot of checking today — and that's "
                                          "understandable. Here's where things stand:")]
            replies = self._list(ctx, detailed=word == "status")
            if dialog is not None and flow is not None:
                replies.append(flow.current(ctx, dialog, "Back to where we were:"))
            return replies
        if word == "done":
            return self._done(ctx)
        if word in MODULE_COMMANDS:
            if word in KEEPS_DIALOG:
                replies = MODULE_COMMANDS[word](ctx, cmd.rest)
                if dialog is not None and flow is not None and \
                        self.repo.get_dialog(ctx.user.key) is not None:
                    replies.append(flow.current(ctx, dialog, "Back to where we were:"))
                return replies
            if dialog is not None:
                self.repo.clear_dialog(ctx.user.key)  # a new command leaves the old question
            return MODULE_COMMANDS[word](ctx, cmd.rest)
        return [help_reply(ctx, f"“{word}” isn't available in this version of Hearback yet.")]

    def _list(self, ctx: Ctx, *, detailed: bool) -> list[Reply]:
        interviews = self.repo.interviews_for(ctx.user.key)
        first = interview_list(ctx, interviews)
        if not detailed:
            return [first]
        open_ivs = [iv for iv in interviews if iv.status == "waiting"]
        if not open_ivs:
            return [first]
        replies = []
        for iv in open_ivs:
            t = describe_facts(ctx, iv).blank()
            t.extend(plan_text(ctx, iv))
            replies.append(reply(t))
        return replies

    def _done(self, ctx: Ctx) -> list[Reply]:
        waiting = [iv for iv in self.repo.interviews_for(ctx.user.key)
                   if iv.status == "waiting" and iv.thank_you_sent_at is None]
        if not waiting:
            return [reply("There's no thank-you waiting to be sent. Log an interview and I'll "
                          "help with the next one.")]
        if len(waiting) == 1:
            return [self._mark_thank_you(ctx, waiting[0])]
        rows = [[buttons.make(iv.label[:40], "ty", ctx.owner, iv.id)] for iv in waiting]
        return [reply("Which thank-you did you send?", buttons=rows)]

    def _mark_thank_you(self, ctx: Ctx, iv: Interview) -> Reply:
        if iv.thank_you_sent_at is not None:
            when = fmt_when(iv.thank_you_sent_at, ctx.prefs.tz)
            return reply(f"Already noted: your thank-you for {the_label(iv)} was marked sent on "
                         f"{when}.")
        iv.thank_you_sent_at = ctx.now
        self.repo.save_interview(iv)
        for n in self.repo.nudges_for_interview(iv.id):
            if n.status == "pending" and n.kind.startswith("thank_you"):
                n.status, n.done_at, n.note = "cancelled", ctx.now, "thank-you sent"
                self.repo.save_nudge(n)
        t = TextBuilder().line("Nice work — your thank-you for ", bold(the_label(iv)),
                               " is marked sent. No more reminders about it.")
        return reply(t)

    # -- free text ------------------------------------------------------------------------------
    def _dialog_text(self, ctx: Ctx, dialog: Dialog, text: str) -> list[Reply]:
        # A whole new "I just had an interview..." mid-question means a new interview (but in a
        # rehearsal, "I interviewed for..." is exactly the answer being practised).
        if dialog.flow != rehearsal.FLOW and len(text.split()) >= 4 and \
                wants_new_interview(text):
            self.repo.clear_dialog(ctx.user.key)
            return [reply("Starting over with the interview you just described."),
                    *intake.start(ctx, extract(text, ctx.now, ctx.prefs.tz))]
        if dialog.flow in FLOWS:
            return FLOWS[dialog.flow].answer(ctx, dialog, text)
        self.repo.clear_dialog(ctx.user.key)  # an unknown flow from a newer version
        return self._free_text(ctx, text)

    def _free_text(self, ctx: Ctx, text: str) -> list[Reply]:
        if wants_new_interview(text):
            return intake.start(ctx, extract(text, ctx.now, ctx.prefs.tz))
        if says_thank_you_sent(text):
            return self._done(ctx)
        if wants_thank_you_draft(text):
            iv = drafts.latest_unsent(ctx)
            if iv is None:
                return [reply("There's no interview waiting for a thank-you. Log one and I'll "
                              "draft it.")]
            return drafts.start(ctx, iv, "ty")
        if (code := reports_outcome(text)) is not None:
            return outcomes.from_text(ctx, code)
        if is_thanks(text):
            return [reply("You're welcome! I'm here whenever you need me — type list to see "
                          "where things stand.")]
        if (to_check := check_request(text)) is not None:
            return proofread.start(ctx, to_check)
        if wants_to_contact(text):
            if re.search(r"\bthank", text, re.IGNORECASE):
                return self._thank_you_help(ctx)  # the thank-you is always welcome (step 4)
            return calm.contact_wish(ctx)
        if (update := self._reported_date(ctx, text)) is not None:
            return update
        if asks_for_news(text):
            if plans.open_interviews(ctx) and calm.too_many_checks(calm.record_check(ctx)):
                return [calm.step_in(ctx, "You've asked a few times today — I get it, waiting "
                                          "is hard. Nothing has changed in the plan:")]
            lead = reply("No news yet is normal — decisions usually take longer than anyone "
                         "hopes. Here's where each interview stands, so you know when it's "
                         "really time to act:")
            return [lead, *self._list(ctx, detailed=False)]
        if is_greeting(text):
            return [welcome_reply(ctx)]
        return [help_reply(ctx, "I'm not sure what you mean there.")]

    def _thank_you_help(self, ctx: Ctx) -> list[Reply]:
        unsent = [iv for iv in plans.open_interviews(ctx) if iv.thank_you_sent_at is None]
        if not unsent:
            return [reply("Yes — a thank-you is always welcome, and yours are all marked sent. "
                          "Nice work.")]
        return [reply("Yes — send it as soon as you can; a thank-you never counts as "
                      "chasing. Want a draft?",
                      buttons=[[drafts.draft_button(ctx.owner, iv, "ty",
                                                    f"Draft: {iv.label}"[:40])]
                               for iv in unsent])]

    def _reported_date(self, ctx: Ctx, text: str) -> list[Reply] | None:
        """"They said the 10th" (or "actually the 12th"): a new decision date for the one open
        interview (step 1: the answer to asking HR updates the plan)."""
        open_ivs = plans.open_interviews(ctx)
        undated = [iv for iv in open_ivs if iv.decision_by is None]
        if len(undated) == 1:
            iv = undated[0]
        elif len(open_ivs) == 1 and REPORTED_RE.search(text):
            iv = open_ivs[0]
        else:
            return None
        facts = extract(text, ctx.now, ctx.prefs.tz)
        if facts.decision is None or facts.decision.doubt is not None:
            return None
        iv.decision_by, iv.decision_unknown, iv.call_retries = facts.decision.day, False, 0
        self.repo.save_interview(iv)
        plans.schedule(ctx, iv, keep_thank_you=True)
        t = TextBuilder().line("Noted: they'll let you know about ", bold(the_label(iv)),
                               f" by {fmt_day(iv.decision_by)}.")
        t.blank()
        t.extend(plan_text(ctx, iv))
        return [reply(t)]

    # -- buttons --------------------------------------------------------------------------------
    def _press(self, ctx: Ctx, msg: Incoming, payload: str) -> list[Reply]:
        press = buttons.parse(payload)
        if press is None:
            return [help_reply(ctx, "I couldn't read that button — it may be from an older "
                                    "version of Hearback.")]
        if press.owner != msg.user:
            return [reply("That button belongs to someone else's conversation, so I left it "
                          "alone.")]
        iv: Interview | None = None
        if press.interview:
            iv = self.repo.get_interview(press.interview)
            if iv is None or iv.user_key != ctx.user.key:
                return [reply("That interview isn't in your list any more, so the button has "
                              "nothing to do.")]
        dialog = self.repo.get_dialog(ctx.user.key)
        if press.action == "cmd":
            cmd = Command(press.arg, "") if press.arg in COMMANDS else Command("help", "")
            return self._command(ctx, cmd, dialog, typed=False)
        if press.action in MODULE_BUTTONS:
            return MODULE_BUTTONS[press.action](ctx, press)
        if press.action in ("ia", "sk", "cf", "cx"):
            if dialog is None:
                return [reply("That question is already closed. Type interview to log a new "
                              "one, or list to see your interviews.")]
            if press.action == "cx":
                return self._command(ctx, Command("cancel", ""), dialog)
            if dialog.flow != intake.FLOW:
                return [FLOWS[dialog.flow].current(ctx, dialog, "That button is from an earlier "
                                                   "question. Here's where we are:")
                        if dialog.flow in FLOWS else reply("That question is already closed.")]
            if press.action == "sk":
                return intake.skip(ctx, dialog, press.arg)
            if press.action == "cf":
                return intake.confirm(ctx, dialog, press.arg)
            code, _, value = press.arg.partition(":")
            return intake.answer_button(ctx, dialog, code, value)
        if iv is None:
            return [help_reply(ctx, "That button is missing its interview.")]
        if press.action == "ty":
            return [self._mark_thank_you(ctx, iv)]
        if press.action == "sd":
            return intake.start_update(ctx, iv, "Good.")
        if press.action == "oc":
            return outcomes.record(ctx, iv, press.arg)
        return [help_reply(ctx, "I don't know that button.")]


def welcome_reply(ctx: Ctx) -> Reply:
    t = TextBuilder()
    t.line(bold("Hi, I'm Hearback."), " I help you follow up after a job interview: the "
           "thank-you note, asking when you'll hear back, keeping calm while you wait, and "
           "making the call when it's time.")
    t.blank()
    t.line("Just tell me about it, for example:")
    t.line("\"I just had an interview with Jane Doe at Acme for the backend role, they said "
           "they'd let me know by Friday\"")
    return reply(t, buttons=[[buttons.make("Log an interview", "cmd", ctx.owner, arg="interview"),
                              buttons.make("Help", "cmd", ctx.owner, arg="help")]])


def help_reply(ctx: Ctx, lead: str | None = None) -> Reply:
    t = TextBuilder()
    if lead:
        t.line(lead)
        t.blank()
    t.line(bold("What I can do"))
    for word, what in HELP_LINES:
        t.line(f"• {word} — {what}")
    t.blank()
    t.line("Or just write, e.g. \"I had an interview at Acme yesterday\", \"any news?\" or "
           "\"check this: <your email>\".")
    return reply(t, buttons=[[buttons.make("Log an interview", "cmd", ctx.owner, arg="interview"),
                              buttons.make("My interviews", "cmd", ctx.owner, arg="list")]])
