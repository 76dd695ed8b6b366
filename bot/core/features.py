"""Every feature of Hearback, declared in one ordered tuple: the one place to read what the bot
can do and to add to it.

A `Feature` names its command word and aliases, its help line, whether the word may be followed
by text without a slash, the command handler, its flow (a multi-step dialog: `answer` and
`current`), the buttons it owns with their press handlers, what a command does to a question in
progress, and the lead used when its dialog resumes after a restart. Command parsing, the help
text, the command menus and the engine's dispatch all derive from `FEATURES`; nothing registers
itself by being imported. At import the registry checks that command words, aliases, flow names
and button codes are unique, and that every button payload fits Telegram's 64-byte
`callback_data` limit (Bot API, InlineKeyboardButton).

Adding a command: write its module (a `command(ctx, rest) -> list[Reply]`), then add one
`Feature(...)` line below.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from rapidfuzz.distance import OSA

from bot.core import basics, team
from bot.core.account import exporting, profile, zones
from bot.core.account import settings as preferences
from bot.core.coaching import (
    applications,
    call_day,
    calm,
    drafts,
    editing,
    intake,
    moving,
    new_interview,
    offer,
    outcomes,
    proofread,
    rehearsal,
    reminders,
    reported,
    snooze,
    standby,
    stats,
    status,
    thank_you,
)
from bot.core.contract import buttons, flows
from bot.core.contract.buttons import Press
from bot.core.contract.context import Continuation, Ctx
from bot.core.contract.flows import ButtonHandler, Command, Flow
from bot.core.contract.messages import Reply, reply
from bot.core.contract.models import Dialog
from bot.core.language.intents import Command as TypedCommand
from bot.core.language.intents import Vocabulary
from bot.core.language.intents import parse_command as _parse_with

# What a command does to a question in progress:
# "close": the question is dropped first (a new command leaves the old question);
# "aside": answered on the side, then the open question is asked again (if still open);
# "keep":  answered, the question stays open and is not repeated;
# "own":   the handler decides (interview starts over, cancel cancels).
DialogPolicy = Literal["close", "aside", "keep", "own"]

# The longest platform user id a button carries: Telegram ids are up to 52 bits (16 digits),
# Slack member ids are 9-11 characters (20 allows for growth).
LONGEST_OWNER = 20
# Interview ids are 12 hex digits (storage's new_id: 48 random bits).
INTERVIEW_ID_LENGTH = 12


@dataclass(frozen=True)
class ButtonSpec:
    """A button action a feature owns.

    `code`: the action in the payload (stored in platform messages: never rename one);
    `press`: the handler; `longest_arg`: the most characters its payload argument takes;
    `needs_interview`: the payload names one of the presser's interviews (checked before the
    handler runs); `answers`: the flow whose open question it answers ("*" any flow), so a press
    when that question is closed, or another is open, is refused before the handler runs."""

    code: str
    press: ButtonHandler
    longest_arg: int = 0
    needs_interview: bool = False
    answers: str | None = None


@dataclass(frozen=True)
class Feature:
    """One feature. `word` is None for a feature reached only by free text or buttons.

    `help`: its help line ("" keeps it out of the help and the command menus); `in_help`: False
    for a word listed in the command menu only (start); `command_pressed`: the handler when the
    command comes from a button instead of being typed (default: `command`); `aside_lead`: with
    the "aside" policy, the lead before the open question is asked again; `resume_lead`: the
    lead when its dialog resumes after a restart; `answers_mention_interviews`: its typed answers
    may tell about an interview ("I interviewed for...") without starting a new intake;
    `resumes_after`: how its flow carries on after another flow ran on its behalf;
    `asides`: a worry, a status question or a mistyped command typed at one of its questions
    is answered aside and the question asked again (bot.core.asides), not taken as the
    answer (not for flows whose answers are free text: drafts, rehearsal, proofreading);
    `commands_in_answers`: see the field."""

    name: str
    word: str | None = None
    aliases: tuple[str, ...] = ()
    help: str = ""
    in_help: bool = True
    takes_text: bool = False
    command: Command | None = None
    command_pressed: Command | None = None
    dialog: DialogPolicy = "close"
    aside_lead: str = "Back to where we were:"
    flow: Flow | None = None
    resume_lead: str = "We were in the middle of something:"
    buttons: tuple[ButtonSpec, ...] = ()
    answers_mention_interviews: bool = False
    # Carries on this feature's flow when another flow asked on its behalf is done (the
    # profile questions on the way to a draft hand back through `flows.Resume`).
    resumes_after: Continuation | None = None
    asides: bool = False
    # Its answers are short values (a zone, hours, a country): a typed command, even with text
    # after it ("settings quiet 22-7"), runs as the command instead of being read as an answer.
    commands_in_answers: bool = False


def _help(ctx: Ctx, rest: str = "") -> list[Reply]:
    """`help`: the list, with a word about the question in progress if there is one."""
    dialog = ctx.repo.get_dialog(ctx.user.key)
    extra = None
    if flow_of(dialog) is not None:
        extra = "We're in the middle of something; answer below, or type cancel."
    return [help_reply(ctx, extra)]


def _start(ctx: Ctx, rest: str = "") -> list[Reply]:
    return [basics.welcome_reply(ctx)]


def _cancel_press(ctx: Ctx, p: Press) -> list[Reply]:
    return flows.cancel(ctx)


def _date_picked(ctx: Ctx, p: Press) -> list[Reply]:
    """A day picked on a date picker (flows.DATE_PICK): read exactly as that ISO date typed,
    while the question it was offered for is still the open one; an older calendar's day
    changes nothing and shows where we are."""
    dialog = ctx.repo.get_dialog(ctx.user.key)
    flow = flow_of(dialog)
    if dialog is None or flow is None:
        return [reply("That question is already closed, so the date wasn't used.")]
    picked = flows.picked_day(p.arg)
    if picked is None or picked[0] != dialog.step:
        return [flow.current(ctx, dialog, "That calendar is from an earlier question, so I "
                                          "left it alone. Here's where we are:")]
    return flow.answer(ctx, dialog, picked[1])


FEATURES: tuple[Feature, ...] = (
    Feature("start", "start", help="what Hearback does, and how to begin", in_help=False,
            command=_start, dialog="keep"),
    Feature("intake", "interview", ("new",),
            help="log an interview you just had (or just tell me about it)",
            command=new_interview.command, dialog="own",
            flow=Flow(intake.FLOW, intake.answer_text, intake.current_question),
            resume_lead="We were in the middle of logging an interview:", asides=True,
            buttons=(ButtonSpec(intake.ANSWER, intake.press, 16, answers=intake.FLOW),
                     ButtonSpec(intake.SKIP, intake.press, 4, answers=intake.FLOW),
                     ButtonSpec(intake.CONFIRM, intake.press, 4, answers=intake.FLOW))),
    Feature("list", "list", help="your interviews and their next steps",
            command=status.list_command, command_pressed=status.list_pressed, dialog="aside"),
    Feature("status", "status", ("plan",), help="each open interview with its full plan",
            command=status.status_command, command_pressed=status.status_pressed,
            dialog="aside"),
    Feature("stats", "stats", ("statistics",),
            help="your search in figures: stages, response rate, waits",
            command=stats.command, dialog="aside"),
    Feature("thank-you", "done", ("sent",), help="mark the thank-you as sent",
            command=thank_you.done_command, dialog="keep",
            buttons=(ButtonSpec(thank_you.BUTTON_ACTION, thank_you.press,
                                needs_interview=True),)),
    Feature("outcome", "outcome", ("result",),
            help="record how it ended: selected, still waiting, standby, not selected",
            command=outcomes.choose_command,
            buttons=(ButtonSpec(outcomes.BUTTON_ACTION, outcomes.press, 17,
                                needs_interview=True),)),
    Feature("edit", "edit", help="change a fact of an interview (the plan follows)",
            command=editing.command,
            buttons=(ButtonSpec(editing.BUTTON_ACTION, editing.press, 2),)),
    Feature("snooze", "snooze",
            help="put the last reminder off: 1 hour, tomorrow morning, next week",
            takes_text=True, command=moving.snooze_command,
            flow=Flow(snooze.FLOW, snooze.answer, snooze.current), asides=True,
            buttons=(ButtonSpec(snooze.BUTTON_ACTION, snooze.press, 18),)),
    # Issue 17: your own reminders, notes and the job link, withdrawing and removing.
    Feature("reminders", "reminders", help="your own reminders (\"remind me Friday at 9 to…\")",
            takes_text=True, command=reminders.command, dialog="aside",
            buttons=(ButtonSpec(reminders.BUTTON_ACTION, reminders.press,
                                reminders.LONGEST_ARG),)),
    Feature("note", "note", help="keep a note or the job link with an application",
            takes_text=True, command=applications.note_command, dialog="aside"),
    Feature("withdraw", "withdraw", help="withdraw from an application (a polite note offered)",
            takes_text=True, command=applications.withdraw_command,
            buttons=(ButtonSpec(applications.WITHDRAW_ACTION, applications.withdraw_press, 1,
                                needs_interview=True),
                     ButtonSpec(applications.REMOVE_ACTION, applications.remove_press, 1,
                                needs_interview=True))),
    Feature("rehearsal", "rehearse",
            help="practise the call (I play HR), or the interview questions of a round ahead",
            takes_text=True, command=rehearsal.rehearse_command,
            flow=Flow(rehearsal.FLOW, rehearsal.answer, rehearsal.current),
            resume_lead="We were rehearsing your call:",
            buttons=(ButtonSpec(rehearsal.BUTTON_ACTION, rehearsal.press, 14),),
            answers_mention_interviews=True),
    # The interview practice for a round booked ahead (issue 17), reached by rehearse or a button.
    Feature("interview practice",
            flow=Flow(rehearsal.practice.FLOW, rehearsal.practice.answer,
                      rehearsal.practice.current),
            resume_lead="We were practising for your interview:",
            buttons=(ButtonSpec(rehearsal.practice.BUTTON_ACTION, rehearsal.practice.press,
                                rehearsal.practice.LONGEST_ARG),),
            answers_mention_interviews=True),
    # Issue 17: the call script on any day, with the outcome buttons under it.
    Feature("call script", "script", help="the call script for an application, to read when "
            "you phone them", takes_text=True, command=call_day.command, dialog="aside",
            buttons=(ButtonSpec(call_day.BUTTON_ACTION, call_day.press, needs_interview=True),)),
    Feature("profile", "profile",
            help="the name, phone, email and address that sign your drafts",
            command=profile.command, flow=Flow(profile.FLOW, profile.answer, profile.current),
            asides=True,
            buttons=(ButtonSpec(profile.BUTTON_ACTION, profile.press, 16),)),
    Feature("settings", "settings", help="time zone, quiet hours, country for public holidays",
            takes_text=True, command=preferences.command,
            flow=Flow(preferences.FLOW, preferences.answer, preferences.current), asides=True,
            buttons=(ButtonSpec(preferences.BUTTON_ACTION, preferences.press, 8),),
            commands_in_answers=True),
    Feature("time zone",
            buttons=(ButtonSpec(zones.BUTTON_ACTION, zones.press, zones.LONGEST_ARG),)),
    Feature("share", "share",
            help="show how an interview stands in your team's channel (you choose what)",
            takes_text=True, command=team.share_command,
            buttons=(ButtonSpec(team.BUTTON_ACTION, team.press, 20),)),
    Feature("unshare", "unshare", help="stop sharing in a team channel", takes_text=True,
            command=team.unshare_command),
    Feature("board", "board", help="the boards of the team channels you use",
            command=team.board_command),
    Feature("export", "export", help="your data as JSON, and your dates as a calendar file",
            command=exporting.export_command, dialog="aside",
            buttons=(ButtonSpec(exporting.BUTTON_ACTION, exporting.press, 16),)),
    Feature("delete", "delete", help="forget everything about you",
            command=exporting.delete_command, dialog="aside"),
    Feature("cancel", "cancel", ("stop", "quit"), help="stop what we're doing",
            command=flows.cancel, dialog="own",
            buttons=(ButtonSpec(flows.CANCEL, _cancel_press, answers="*"),)),
    # A day picked on a date picker (Telegram's calendar), for whichever question asked.
    Feature("date picker",
            buttons=(ButtonSpec(flows.DATE_PICK, _date_picked, flows.DATE_PICK_ARG,
                                answers="*"),)),
    Feature("help", "help", ("menu", "?"), help="this list", command=_help, dialog="aside",
            aside_lead="Where we are:"),
    # `digest` in a private chat only points to the channel, where it is set.
    Feature("digest", "digest", takes_text=True, command=team.digest_in_private),
    Feature("drafts", flow=Flow(drafts.FLOW, drafts.answer, drafts.current),
            buttons=(ButtonSpec(drafts.BUTTON_ACTION, drafts.press, 8),),
            resumes_after=drafts.after_profile),
    Feature("proofread", flow=Flow(proofread.FLOW, proofread.answer, proofread.current)),
    # The offer stage and standby's check-back question (issue 17): reached from an outcome.
    Feature("offer", flow=Flow(offer.FLOW, offer.answer, offer.current), asides=True,
            resume_lead="We were planning your answer to the offer:",
            buttons=(ButtonSpec(offer.BUTTON_ACTION, offer.press, 2, needs_interview=True),)),
    Feature("standby", flow=Flow(standby.FLOW, standby.answer, standby.current), asides=True,
            resume_lead="We were planning when to check back:",
            buttons=(ButtonSpec(standby.BUTTON_ACTION, standby.press, 2, needs_interview=True,
                                answers=standby.FLOW),)),
    Feature("contact question",
            buttons=(ButtonSpec(calm.CONTACT_ACTION, calm.contact_pressed,
                                needs_interview=True),)),
    Feature("reported date",
            buttons=(ButtonSpec(reported.BUTTON_ACTION, reported.press, needs_interview=True),)),
)

# Derived views of the registry ------------------------------------------------------------------
COMMANDS: tuple[str, ...] = tuple(f.word for f in FEATURES if f.word)
ALIASES: dict[str, str] = {a: f.word for f in FEATURES if f.word for a in f.aliases}
VOCABULARY = Vocabulary(
    words=frozenset(COMMANDS), aliases=ALIASES,
    takes_text=frozenset(f.word for f in FEATURES if f.word and f.takes_text))
# (word, what it does) in the help's order; MENU adds the words shown only in command menus.
HELP_LINES: tuple[tuple[str, str], ...] = tuple(
    (f.word, f.help) for f in FEATURES if f.word and f.help and f.in_help)
MENU: tuple[tuple[str, str], ...] = tuple(
    (f.word, f.help) for f in FEATURES if f.word and f.help and not f.in_help) + HELP_LINES
BY_WORD: dict[str, Feature] = {f.word: f for f in FEATURES if f.word}
FLOWS: dict[str, Feature] = {f.flow.name: f for f in FEATURES if f.flow}
BUTTONS: dict[str, ButtonSpec] = {b.code: b for f in FEATURES for b in f.buttons}
# Button actions the engine itself routes: a command by its word; the cheer under a milestone
# post, pressed in a team channel.
ENGINE_BUTTONS = (buttons.COMMAND_BUTTON, team.CHEER_ACTION)


def parse_command(text: str, *, in_dialog: bool) -> TypedCommand | None:
    """A command word of the registry in `text` (see language.intents.parse_command)."""
    return _parse_with(text, VOCABULARY, in_dialog=in_dialog)


# Mistyped command words: one edit away (two for longer words), a swap of neighbours counting as
# one edit (optimal string alignment distance).
_TYPED_WORD = re.compile(r"\s*/?([A-Za-z]{3,12})\s*")


def suggest_command(text: str) -> str | None:
    """The command a lone mistyped word stands for ("hepl" -> "help", "/exprot" -> "export"),
    or None when the text is not one word or no command is clearly closest."""
    m = _TYPED_WORD.fullmatch(text)
    if m is None:
        return None
    typed = m.group(1).lower()
    words = [w for w in (*COMMANDS, *ALIASES) if w.isalpha() and len(w) >= 3]
    if typed in words:
        return None
    # Equally close, a word of the typed length wins (swapped or wrong letters are likelier
    # than a dropped one: "stauts" is status, not stats), and then one of the same letters (a
    # swap is likelier than a wrong letter: "stast" is stats, not start).
    ranked = sorted((OSA.distance(typed, w), abs(len(w) - len(typed)),
                     sorted(w) != sorted(typed), w) for w in words)
    best, word = ranked[0][0], ranked[0][3]
    runner_up = ranked[1][:3] if len(ranked) > 1 else (99, 99, True)
    if best > (1 if len(typed) <= 4 else 2) or (runner_up == ranked[0][:3] and \
            ALIASES.get(ranked[1][3], ranked[1][3]) != ALIASES.get(word, word)):
        return None
    return ALIASES.get(word, word)


def flow_of(dialog: Dialog | None) -> Flow | None:
    """The flow an open dialog belongs to; None for none, or for a flow this version lacks."""
    feature = FLOWS.get(dialog.flow) if dialog is not None else None
    return feature.flow if feature is not None else None


def help_reply(ctx: Ctx, lead: str | None = None) -> Reply:
    """The help built from the registry's help lines."""
    return basics.help_reply(ctx, HELP_LINES, lead)


def _check(features: tuple[Feature, ...]) -> None:
    """Refuse a registry with a clash or a button that cannot fit Telegram's 64 bytes."""
    seen: dict[tuple[str, str], str] = {}

    def claim(kind: str, key: str, owner: str) -> None:
        if (kind, key) in seen:
            raise ValueError(f"{kind} {key!r} of {owner} is also {seen[kind, key]}'s")
        seen[kind, key] = owner

    for f in features:
        claim("feature", f.name, f.name)
        for word in (f.word, *f.aliases) if f.word else f.aliases:
            claim("word", word, f.name)
        if f.flow is not None:
            claim("flow", f.flow.name, f.name)
        for b in f.buttons:
            claim("button", b.code, f.name)
            longest = "|".join((buttons.PREFIX, b.code, "x" * LONGEST_OWNER,
                                "x" * INTERVIEW_ID_LENGTH, "x" * b.longest_arg))
            if len(longest.encode()) > buttons.MAX_PAYLOAD:
                raise ValueError(f"button {b.code!r} of {f.name} can exceed "
                                 f"{buttons.MAX_PAYLOAD} bytes")
    for code in ENGINE_BUTTONS:
        claim("button", code, "the engine")


def _flows_match(features: tuple[Feature, ...]) -> bool:
    return all(b.answers in (None, "*") or b.answers in FLOWS for f in features for b in f.buttons)


_check(FEATURES)
if not _flows_match(FEATURES):
    raise ValueError("a button answers a flow no feature declares")
# The hand-backs a lower layer may ask for by flow name (account.profile -> the draft); the
# engine puts them in every turn's Ctx.
CONTINUATIONS: dict[str, Continuation] = {
    f.flow.name: f.resumes_after for f in FEATURES
    if f.flow is not None and f.resumes_after is not None}
