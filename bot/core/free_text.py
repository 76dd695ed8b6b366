"""Free text: what a message typed outside any question and without a command word means
(language.understand), answered by the feature it belongs to."""

from __future__ import annotations

from dataclasses import replace

from bot.core import features
from bot.core.basics import did_you_mean, not_understood, upcoming_reply, welcome_reply
from bot.core.coaching import (
    applications,
    call_day,
    calm,
    corrections,
    feelings,
    moving,
    new_interview,
    outcomes,
    proofread,
    rehearsal,
    reminders,
    reported,
    rounds,
    snooze,
    stats,
    status,
    thank_you,
)
from bot.core.contract.context import Ctx
from bot.core.contract.messages import Reply, reply
from bot.core.features import help_reply
from bot.core.language.asks import wants_call_script
from bot.core.language.facts import facts_of
from bot.core.language.journey import moment_to_come
from bot.core.language.understand import TAIL, understand

# Intents a question about the call's words never overrides: a text to proofread, practising
# the call (it has its own flow), and issue 17's exact forms (a note, a reminder...).
_NOT_A_SCRIPT = frozenset({"check", "rehearse", "note", "withdraw", "remove", "remind"})


def answer(ctx: Ctx, text: str) -> list[Reply]:
    """The replies to free text (see the module): a correction first, then the intent's
    feature; a typo of a command gets "did you mean", anything else a short kind fallback."""
    if (fixed := corrections.correct(ctx, text)) is not None:
        return fixed
    u = understand(text, ctx.now, ctx.prefs.tz)
    intent = u.intent
    if intent not in _NOT_A_SCRIPT and u.outcome is None and wants_call_script(text):
        return call_day.for_text(ctx, text)  # "what do I say on the call?" (issue 17)
    if intent in TAIL:
        # A date the employer gave, for the open interview it can only be about.
        if (update := reported.reported_date(ctx, text)) is not None:
            return update
        if intent == "new_date":
            intent = u.fallback
    if intent in ("report", "upcoming") and \
            (another := rounds.from_text(ctx, text, intent)) is not None:
        return another  # a round of an application already logged (issue 17)
    if (journey := _journey(ctx, intent, text)) is not None:
        return journey
    if intent == "report":
        return new_interview.from_text(ctx, text)
    if intent == "thank_you_sent":
        return thank_you.done_command(ctx)
    if intent == "draft_thank_you":
        return thank_you.draft_command(ctx)
    if u.outcome is not None:
        return outcomes.from_text(ctx, u.outcome, text)
    if intent == "thanks":
        return [reply("You're welcome! I'm here whenever you need me — type list to see "
                      "where things stand.")]
    if intent == "check":
        return proofread.start(ctx, u.text)
    if intent == "contact":
        if u.about_thank_you:
            return thank_you.always_welcome(ctx)
        return calm.contact_wish(ctx, text)
    if intent == "news":
        return status.any_news(ctx)
    if intent == "greeting":
        return [welcome_reply(ctx)]
    if intent == "feeling":
        return feelings.feeling(ctx, text)
    if intent == "rehearse":
        return rehearsal.from_text(ctx, text)
    if intent == "status":
        return status.status_of(ctx, text)
    if intent == "stats":
        return stats.command(ctx)
    if intent == "help":
        return [help_reply(ctx)]
    if intent == "remind":
        return snooze.command(ctx, "")
    if intent == "upcoming":
        return [_upcoming(ctx, text)]
    if (meant := features.suggest_command(text)) is not None:
        return [did_you_mean(ctx, meant)]
    return [not_understood(ctx)]


def _journey(ctx: Ctx, intent: str, text: str) -> list[Reply] | None:
    """Issue 17's intents: a note or the job link, withdrawing, removing, and a reminder in the
    user's words or a step moved by name (before "remind" falls back to snoozing the last
    reminder). None when the message turns out to be none of them."""
    if intent == "note":
        return applications.note_from_text(ctx, text)
    if intent == "withdraw":
        return applications.decline_from_text(ctx, text) or \
            applications.withdraw_from_text(ctx, text)
    if intent == "remove":
        return applications.remove_from_text(ctx, text)
    if intent == "remind":
        return moving.move(ctx, text) or reminders.cancel_from_text(ctx, text) or \
            reminders.from_text(ctx, text)
    return None


def _upcoming(ctx: Ctx, text: str) -> Reply:
    """Good luck for an interview still to come, with a button to be reminded to log it a
    little after it (issue 13), when the message says when it is."""
    good_luck = upcoming_reply(ctx)
    offer = reminders.log_offer(ctx, moment_to_come(text, ctx.now, ctx.prefs.tz),
                                facts_of(text, ctx.now, ctx.prefs.tz).company)
    return replace(good_luck, buttons=(*good_luck.buttons, *(tuple(row) for row in offer)))
