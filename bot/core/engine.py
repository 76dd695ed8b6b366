"""The conversation engine: one Incoming in, replies out. It routes only: what a message or a
button means is looked up in the features registry (bot/core/features.py), and the feature's
module answers. Pure apart from the repository."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import timedelta
from zoneinfo import ZoneInfo

from bot.core import asides, features, free_text, offered, team
from bot.core.account import channel_posts, zones
from bot.core.basics import (
    did_you_mean,
)
from bot.core.coaching import (
    corrections,
    new_interview,
    reminders,
)
from bot.core.coaching.intake import form as intake_form
from bot.core.coaching.nudge_text import render
from bot.core.contract import buttons
from bot.core.contract.buttons import COMMAND_BUTTON
from bot.core.contract.clock import Clock
from bot.core.contract.context import Ctx
from bot.core.contract.messages import Incoming, Reply, Span, reply
from bot.core.contract.models import Channel, Dialog, Nudge, User, user_key
from bot.core.contract.ports import PartlySaved, Repository, Services, UserDataUnreadable
from bot.core.contract.prefs import Prefs
from bot.core.features import help_reply
from bot.core.forms_entry import FormEntries
from bot.core.language.intents import Command, unknown_slash_command, wants_new_interview
from bot.core.language.plain import plain_text
from bot.core.notices import DATA_SET_ASIDE, PARTLY_SAVED, not_saved
from bot.core.plan import schedule as plans
from bot.core.plan.kinds import OWN_REMINDER
from bot.core.plan.views import interview_list

log = logging.getLogger("hearback.engine")

MAX_TEXT = 4000

class Engine(FormEntries):
    """The conversation core's entry points for adapters and the scheduler: `handle` one
    Incoming (one durable transaction, replies out), `resume` an open question after a restart,
    `render_nudge` a due nudge, and the team-channel, form and home-screen lookups. `clock` gives
    every `now` (UTC); `default_timezone` (an IANA name) is a new user's zone until they set
    theirs or the platform tells it."""

    def __init__(self, repo: Repository, clock: Clock, default_timezone: str = "UTC",
                 services: Services | None = None) -> None:
        self.repo = repo
        self.clock = clock
        self.default_timezone = default_timezone
        # Optional services (the `stats` chart, a LanguageTool server), wired by bot/cli.py.
        self.services = services or Services()

    # -- entry points ---------------------------------------------------------------------------
    def handle(self, msg: Incoming,
               keep: Callable[[list[Reply]], None] | None = None) -> list[Reply]:
        """Answer one message. Every change it makes is on disk before this returns; if anything
        fails, none of its changes are kept and the user is told. `keep`, if given, is called
        with the replies inside the turn's transaction, just before it commits (an adapter's
        inbox keeps them there, so that after a crash an event already answered gets the same
        replies again instead of none; see bot/adapters/inbox.py). If `keep` raises, the turn
        is rolled back like any other failure."""
        try:
            with self.repo.transaction():
                # The writer is ours until the turn ends: another worker's turn (or nudge
                # triage) for them waits, so their events are handled one after the other.
                self.repo.hold_user(user_key(msg.platform, msg.user))
                # One atomic claim, undone if the turn fails: a redelivery (a retry, a
                # restart, the same event at another worker) is answered once.
                if (msg.event_id is not None
                        and not self.repo.claim_event(msg.platform, msg.event_id)):
                    return []
                replies = self._handle(msg)
                if keep is not None:
                    keep(replies)
                return replies
        except UserDataUnreadable:  # logged once by storage, when it set the file aside
            return [reply(DATA_SET_ASIDE, private=msg.in_channel)]
        except PartlySaved:
            log.exception("a message from %s:%s was only partly saved", msg.platform, msg.user)
            return [reply(PARTLY_SAVED, private=msg.in_channel)]
        except Exception as exc:
            if isinstance(exc, OSError):  # the disk said no: one line, not a traceback each
                log.error("could not save a message from %s:%s: %s", msg.platform, msg.user,
                          exc)
            else:
                log.exception("could not handle a message from %s:%s", msg.platform,
                              msg.user)
            # Storage raises before anything is written (see Repository.transaction), so
            # saying that nothing changed is true here.
            return [reply(not_saved(exc), private=msg.in_channel)]

    def answered(self, platform: str, event_id: str) -> bool:
        """Whether the turn of this platform event id has committed (it is recorded with it)."""
        return self.repo.event_seen(platform, event_id)

    def resume(self, msg: Incoming) -> list[Reply]:
        """On start-up of an interactive adapter: the question a user was in the middle of."""
        key = user_key(msg.platform, msg.user)
        try:
            dialog = self.repo.get_dialog(key)
            user = self.repo.get_user(key)
        except UserDataUnreadable:
            return []  # they are told when they write (see handle)
        feature = features.FLOWS.get(dialog.flow) if dialog is not None else None
        if dialog is None or user is None or feature is None or feature.flow is None:
            return []
        return [feature.flow.current(self._ctx(user), dialog, feature.resume_lead)]

    def overview(self, platform: str, user: str) -> Reply | None:
        """A user's interviews and next steps (no drafts or contacts), for a home screen such as
        Slack's App Home; None for someone Hearback doesn't know yet."""
        known = self._looked_up(platform, user)
        if known is None:
            return None
        return interview_list(self._ctx(known), self.repo.interviews_for(known.key))

    def boards(self, platform: str, user: str) -> list[tuple[Channel, Reply]]:
        """The board of each team channel the user shares into (for Slack's App Home)."""
        known = self._looked_up(platform, user)
        if known is None:
            return []
        return team.boards_for(self.repo, known, self.clock.now())

    def zone_reported(self, platform: str, user: str, zone: str) -> list[Reply]:
        """The platform reports a known user's zone outside a message (Slack's App Home was
        opened): when it changed, the offer to move their reminders there, for their private
        chat; else nothing. Nothing for someone Hearback doesn't know."""
        with self.repo.transaction():
            known = self.repo.get_user(user_key(platform, user))
            if known is None:
                return []
            return zones.platform_zone(self._ctx(known), zone, new=False)

    # -- what adapters may look up (instead of reading the repository) --------------------------
    def knows(self, platform: str, user: str) -> bool:
        """Whether Hearback has a record of this platform user (they wrote to it privately)."""
        return self._looked_up(platform, user) is not None

    def private_chat(self, platform: str, user: str) -> str | None:
        """The chat id of the user's private conversation with the bot, as last recorded; None
        for someone Hearback doesn't know yet."""
        known = self._looked_up(platform, user)
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

    # -- team-channel posts about a user (taken down on delete) --------------------------------
    def channel_posted(self, platform: str, about: Sequence[str], chat: str,
                       ids: list[str]) -> None:
        """The adapter posted a reply about these user keys in team channel `chat` as these
        platform message ids (see account/channel_posts.py)."""
        with self.repo.transaction():
            for key in about:
                channel_posts.record(self.repo, platform, key, chat, ids)

    def posts_to_retract(self) -> list[Channel]:
        """Team channels with posts to take down (their `retract` message ids)."""
        return channel_posts.pending(self.repo)

    def posts_retracted(self, channel: Channel, ids: list[str]) -> None:
        """These of `channel`'s posts are down, or can't be reached any more."""
        with self.repo.transaction():
            channel_posts.retracted(self.repo, channel.key, ids)

    def render_nudge(self, nudge: Nudge) -> Reply | None:
        """The message for a due nudge, or None when it no longer applies."""
        user = self.repo.get_user(nudge.user_key)
        if user is not None and nudge.kind == OWN_REMINDER:  # the user's own, of no interview
            return reminders.render(self._ctx(user), nudge)
        iv = self.repo.get_interview(nudge.interview_id)
        if user is None or iv is None:
            return None
        return render(self._ctx(user), nudge, iv)

    def prefs_for(self, key: str) -> Prefs:
        user = self.repo.get_user(key)
        return Prefs.for_user(user) if user else Prefs(tz=ZoneInfo(self.default_timezone))

    # -- plumbing -------------------------------------------------------------------------------
    def _looked_up(self, platform: str, user: str) -> User | None:
        """A user for an adapter's look-up; one whose data is set aside counts as unknown here
        (they are told when they write, by `handle`)."""
        try:
            return self.repo.get_user(user_key(platform, user))
        except UserDataUnreadable:
            return None

    def _ctx(self, user: User) -> Ctx:
        return Ctx(repo=self.repo, user=user, now=self.clock.now(), prefs=Prefs.for_user(user),
                   continuations=features.CONTINUATIONS, services=self.services)

    def _new_user(self, platform: str, uid: str, chat: str, name: str | None) -> User:
        return User(key=user_key(platform, uid), platform=platform, user_id=uid, chat_id=chat,
                    timezone=self.default_timezone, created_at=self.clock.now(),
                    display_name=name)

    def _user_for(self, msg: Incoming) -> tuple[User, bool]:
        """The writer's record, and whether it is new (made just now)."""
        key = user_key(msg.platform, msg.user)
        user = self.repo.get_user(key)
        if user is None:
            user = self._new_user(msg.platform, msg.user, msg.chat, msg.display_name)
            self.repo.save_user(user)
            return user, True
        if (user.chat_id != msg.chat or user.unreachable
              or (msg.display_name and not user.display_name)):
            if user.unreachable:
                self._resume_nudges(user)
            user.chat_id = msg.chat
            user.display_name = user.display_name or msg.display_name
            user.unreachable = False
            self.repo.save_user(user)
        return user, False

    def _resume_nudges(self, user: User) -> None:
        """They can be reached again (they wrote to us): paused nudges go back in the queue at
        the times they were due, so the scheduler's catch-up (plan/catchup.py) folds them as
        after downtime: stale ones expire, repeats merge, calls wait for office hours, and only
        what still matters now is sent."""
        for n in plans.nudges_of(self.repo, user.key):
            if n.status == "paused":
                n.resume()
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
        user, new = self._user_for(msg)
        ctx = self._ctx(user)
        first: list[Reply] = []
        later: list[Reply] = []
        if msg.timezone:
            (first if new else later).extend(zones.platform_zone(ctx, msg.timezone, new=new,
                                                                  shown=msg.zone_shown))
            ctx = self._ctx(ctx.user)
        before = team.snapshot(self.repo, ctx.user.key)
        if msg.location is not None:
            replies = zones.from_location(ctx, *msg.location)
        else:
            replies = self._turn(ctx, msg)
        if before is not None:
            replies += team.milestones(self.repo, ctx.user, before)
        now_user = self.repo.get_user(ctx.user.key)
        if now_user is not None and offered.remember(now_user, replies + later,
                                                     self.clock.now()):
            self.repo.save_user(now_user)
        if msg.zone_unknown and now_user is not None and \
                zones.needs_question(now_user, self.default_timezone):
            ctx = self._ctx(now_user)
            later.append(zones.first_question(ctx, msg.language))
        if new and msg.zone_shown and len(first) == 1 and replies and replies[0].to is None:
            # The holidays note opens the first answer instead of a message of its own.
            replies[0] = replace(replies[0], spans=(*first[0].spans, Span("\n\n"),
                                                    *replies[0].spans))
            first = []
        return first + replies + later

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
        text = plain_text((msg.text or "").replace("\x00", ""))
        if len(text) > MAX_TEXT:
            return [reply("That message is too long for me — in a channel I only need a command "
                          "such as board or share.", private=True)]
        return team.channel_turn(here, msg,
                                 features.parse_command(text, in_dialog=False))

    def _turn(self, ctx: Ctx, msg: Incoming) -> list[Reply]:
        if msg.form is not None:  # a form sent whole (Slack's modal): intake/form.py
            return intake_form.submit(ctx, msg.form)
        if msg.button is not None:
            return self._press(ctx, msg, msg.button)
        text = plain_text((msg.text or "").replace("\x00", ""))
        if not text.strip():
            dialog = self.repo.get_dialog(ctx.user.key)
            if (flow := features.flow_of(dialog)) is not None and dialog is not None:
                return [flow.current(ctx, dialog, "I got an empty message.")]
            return [reply("I got an empty message. Tell me about an interview, or type help to "
                          "see what I can do.")]
        if len(text) > MAX_TEXT:
            return [reply(f"That message is {len(text):,} characters long — more than I can take "
                          f"in one go ({MAX_TEXT:,}). Could you send a shorter version?")]
        dialog = self.repo.get_dialog(ctx.user.key)
        open_feature = features.FLOWS.get(dialog.flow) if dialog is not None else None
        cmd = features.parse_command(text, in_dialog=dialog is not None and not (
            open_feature is not None and open_feature.commands_in_answers))
        if cmd is not None:
            return self._command(ctx, cmd, dialog)
        if (word := unknown_slash_command(text)) is not None:
            if (meant := features.suggest_command(text)) is not None:
                return [did_you_mean(ctx, meant)]
            return [help_reply(ctx, f"I don't know the command /{word[:30]}.")]
        if dialog is not None:
            return self._dialog_text(ctx, dialog, text)
        if (payload := offered.typed_press(ctx.user, text, self.clock.now())) is not None:
            return self._press(ctx, msg, payload)  # "yes" under [Yes, selected] [No]
        if (zone := zones.typed_answer(ctx, text)) is not None:
            return zone  # "Toronto", answering where they are
        return free_text.answer(ctx, text)

    # -- commands -------------------------------------------------------------------------------
    def _command(self, ctx: Ctx, cmd: Command, dialog: Dialog | None, *,
                 typed: bool = True) -> list[Reply]:
        """Run a command's handler under its feature's dialog policy (see features.DialogPolicy).
        A command from a button (`typed` False) uses the feature's pressed handler if it has one."""
        feature = features.BY_WORD[cmd.word]
        handler = feature.command if typed else feature.command_pressed or feature.command
        assert handler is not None  # every feature with a word has a command
        if feature.dialog == "close" and dialog is not None:
            self.repo.clear_dialog(ctx.user.key)  # a new command leaves the old question
        replies = handler(ctx, cmd.rest)
        flow = features.flow_of(dialog)
        if feature.dialog == "aside" and dialog is not None and flow is not None and \
                self.repo.get_dialog(ctx.user.key) is not None:
            replies.append(flow.current(ctx, dialog, feature.aside_lead))
        return replies

    # -- free text ------------------------------------------------------------------------------
    def _dialog_text(self, ctx: Ctx, dialog: Dialog, text: str) -> list[Reply]:
        feature = features.FLOWS.get(dialog.flow)
        # A whole new "I just had an interview..." mid-question means a new interview (but in a
        # rehearsal, "I interviewed for..." is exactly the answer being practised).
        if not (feature is not None and feature.answers_mention_interviews) and \
                len(text.split()) >= 4 and wants_new_interview(text):
            return new_interview.instead_of_answer(ctx, text)
        if (fixed := corrections.correct(ctx, text)) is not None:
            return fixed
        if feature is not None and feature.flow is not None and feature.asides and \
                (other := asides.aside(ctx, dialog, text)) is not None:
            return [*other, feature.flow.current(ctx, dialog, asides.BACK)]
        if feature is not None and feature.flow is not None:
            return feature.flow.answer(ctx, dialog, text)
        self.repo.clear_dialog(ctx.user.key)  # an unknown flow from a newer version
        return free_text.answer(ctx, text)

    # -- buttons --------------------------------------------------------------------------------
    def _press(self, ctx: Ctx, msg: Incoming, payload: str) -> list[Reply]:
        press = buttons.parse(payload)
        if press is None:
            return [help_reply(ctx, "I couldn't read that button — it may be from an older "
                                    "version of Hearback.")]
        if press.owner != msg.user:
            return [reply("That button belongs to someone else's conversation, so I left it "
                          "alone.")]
        if press.interview:
            iv = self.repo.get_interview(press.interview)
            if iv is None or iv.user_key != ctx.user.key:
                return [reply("That interview isn't in your list any more, so the button has "
                              "nothing to do.")]
        dialog = self.repo.get_dialog(ctx.user.key)
        if press.action == COMMAND_BUTTON:
            word = press.arg if press.arg in features.BY_WORD else "help"
            return self._command(ctx, Command(word, ""), dialog, typed=False)
        spec = features.BUTTONS.get(press.action)
        if spec is None:
            # (An unknown action without an interview was answered as a missing interview.)
            return [help_reply(ctx, "I don't know that button." if press.interview
                               else "That button is missing its interview.")]
        if spec.answers is not None:
            if dialog is None:
                return [reply("That question is already closed. Type interview to log a new "
                              "one, or list to see your interviews.")]
            if spec.answers != "*" and dialog.flow != spec.answers:
                flow = features.flow_of(dialog)
                return [flow.current(ctx, dialog, "That button is from an earlier question. "
                                                  "Here's where we are:")
                        if flow is not None else reply("That question is already closed.")]
        if spec.needs_interview and not press.interview:
            return [help_reply(ctx, "That button is missing its interview.")]
        return spec.press(ctx, press)
