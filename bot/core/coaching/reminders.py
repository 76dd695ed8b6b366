"""Your own reminders (issue 17): "remind me in 3 days to email the recruiter", "remind me Friday
at 9 to check the portal". Each is a stored nudge like the planner's (kind `own_reminder`, the
user's words in `Nudge.text`, of no interview), so it survives a restart, waits out quiet hours,
is caught up after downtime and is exported; `reminders` lists the pending ones, each with a
Cancel button. Also the reminder to log an interview still to come once it is over (issue 13).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, time, timedelta

from bot.core.coaching import snooze
from bot.core.contract import buttons
from bot.core.contract.buttons import Press
from bot.core.contract.context import Ctx
from bot.core.contract.messages import Button, Reply, TextBuilder, bold, reply
from bot.core.contract.models import Nudge
from bot.core.contract.prefs import zone_suffix
from bot.core.language.dates import fmt_when
from bot.core.language.journey import (
    Moment,
    reminder_request,
    reminder_to_cancel,
    reminder_without_time,
)
from bot.core.plan.kinds import OWN_REMINDER
from bot.core.plan.planner import MORNING, at_local, local_day, out_of_quiet_hours

BUTTON_ACTION = "rm"
# Payload arguments: x.<nudge id> cancel; h.<id> an hour later; t.<id> tomorrow morning;
# lg.<due, epoch seconds in base 36>[.<company>] remind me to log the interview afterwards.
CANCEL, HOUR, TOMORROW, LOG = "x", "h", "t", "lg"
LONGEST_ARG = 23
# "A little after" an interview still to come: long enough for it to be over (issue 13).
AFTER_INTERVIEW = timedelta(hours=2)
EVENING = time(18, 0)
EXAMPLES = ("\"remind me in 3 days to email the recruiter\" or \"remind me Friday at 9 to "
            "check the portal\"")
# The most reminders `reminders` puts a Cancel button under (one row each).
MOST_BUTTONS = 10


def own_reminders(ctx: Ctx, *, pending_only: bool = True) -> list[Nudge]:
    """The user's own reminders (of any interview or none), earliest first."""
    return [n for n in ctx.repo.nudges_for_user(ctx.user.key)
            if n.kind == OWN_REMINDER and (n.status == "pending" or not pending_only)]


def add(ctx: Ctx, due: datetime, what: str, note: str | None = None) -> Nudge:
    """Store a reminder of `what` at `due` (moved out of quiet hours first); returns it."""
    nudge = Nudge(id=ctx.repo.new_id(), user_key=ctx.user.key, interview_id="",
                  kind=OWN_REMINDER, due_at=out_of_quiet_hours(due, ctx.prefs).astimezone(UTC),
                  created_at=ctx.now, origin="reminder", text=what or None, note=note)
    ctx.repo.add_nudges([nudge])
    return nudge


def _when_text(ctx: Ctx, when: datetime) -> str:
    return f"{fmt_when(when, ctx.prefs.tz)}{zone_suffix(ctx.prefs)}"


def _set_reply(ctx: Ctx, n: Nudge, asked: datetime) -> Reply:
    t = TextBuilder()
    if n.text:
        t.line(f"OK — I'll remind you on {_when_text(ctx, n.due_at)}: ", bold(n.text), ".")
    else:
        t.line(f"OK — I'll remind you on {_when_text(ctx, n.due_at)}.")
    if n.due_at > asked.astimezone(UTC):
        t.line("That time falls in your quiet hours, so I moved it to when they end.")
    return reply(t, buttons=[[cancel_button(ctx, n)],
                             [buttons.command_button("My reminders", ctx.owner, "reminders")]])


def cancel_button(ctx: Ctx, n: Nudge) -> Button:
    return buttons.make("Cancel this reminder", BUTTON_ACTION, ctx.owner, "", f"{CANCEL}.{n.id}")


def from_text(ctx: Ctx, text: str) -> list[Reply] | None:
    """"remind me …" read into a stored reminder; None when the message is no such request
    (the caller falls back to snoozing the last reminder)."""
    request = reminder_request(text)
    if request is None and (thing := reminder_without_time(text)) is not None:
        return [reply(f"When shall I remind you to {thing}? Say it with the time, e.g. "
                      f"\"remind me tomorrow at 10 to {thing}\" or \"remind me in 2 hours to "
                      f"{thing}\".")]
    if request is None or not request.when:
        return None
    if re.match(r"(?:every|each)\b", request.when, re.IGNORECASE):
        return [reply(f"I can't repeat a reminder yet, so I set nothing: ask for one time, e.g. "
                      f"\"remind me on Monday at 9 to {request.what or 'update my tracker'}\", "
                      f"and another when it comes.")]
    when = snooze.read_time(ctx, request.when)
    if when is None or when <= ctx.now:
        return [reply(f"I couldn't read \"{request.when}\" as a time still to come, so I set "
                      f"nothing. Try {EXAMPLES}.")]
    return [_set_reply(ctx, add(ctx, when, request.what), when)]


def cancel_from_text(ctx: Ctx, text: str) -> list[Reply] | None:
    """"cancel my reminder to email the recruiter": the pending reminder whose words match is
    cancelled; with no words, or several matching, the list with its Cancel buttons. None when
    the message is no such request."""
    words = reminder_to_cancel(text)
    if words is None:
        return None
    wanted = set(re.findall(r"[a-z0-9']+", words.lower())) - {"the", "a", "my", "to"}
    pending = own_reminders(ctx)
    matching = [n for n in pending if wanted and
                wanted <= set(re.findall(r"[a-z0-9']+", (n.text or "").lower()))]
    if len(matching) != 1:
        lead = [] if not words or not pending else [
            reply(f"I couldn't tell which reminder \"{words}\" is; here they all are.")]
        return [*lead, *command(ctx)]
    n = matching[0]
    n.cancel(ctx.now, "cancelled by the user")
    ctx.repo.save_nudge(n)
    return [reply(f"Cancelled your reminder for {fmt_when(n.due_at, ctx.prefs.tz)}: "
                  f"{n.text or 'no words given'}.")]


def command(ctx: Ctx, rest: str = "") -> list[Reply]:
    """`reminders`: the pending ones with a Cancel button each; `reminders <when> to <what>`
    sets one."""
    if rest.strip():
        made = from_text(ctx, f"remind me {rest}")
        if made is not None:
            return made
    pending = own_reminders(ctx)
    if not pending:
        return [reply(f"You have no reminders of your own. Ask for one in your words, e.g. "
                      f"{EXAMPLES}. Your interviews' plans are under status.")]
    t = TextBuilder().line(bold("Your reminders"), zone_suffix(ctx.prefs).replace(
        " (", " (times in ", 1))
    rows: list[list[Button]] = []
    for i, n in enumerate(pending, 1):
        t.line(f"{i}. {fmt_when(n.due_at, ctx.prefs.tz)} — {n.text or 'your reminder'}")
        if i <= MOST_BUTTONS:
            rows.append([buttons.make(f"Cancel {i}: {_short(n.text)}", BUTTON_ACTION, ctx.owner,
                                      "", f"{CANCEL}.{n.id}")])
    return [reply(t, buttons=rows)]


def _short(text: str | None, most: int = 24) -> str:
    text = text or "reminder"
    return text if len(text) <= most else text[:most - 1].rstrip() + "…"


def render(ctx: Ctx, n: Nudge) -> Reply:
    """The reminder when it comes due: the user's words, and buttons to put it off."""
    t = TextBuilder().line(bold("⏰ Reminder: "), n.text or "you asked me to remind you now.")
    if ctx.now - n.due_at > timedelta(minutes=30):
        t.line(f"(It was due {_when_text(ctx, n.due_at)}; sorry it comes late.)")
    return reply(t, buttons=[[
        buttons.make("In 1 hour", BUTTON_ACTION, ctx.owner, "", f"{HOUR}.{n.id}"),
        buttons.make("Tomorrow morning", BUTTON_ACTION, ctx.owner, "", f"{TOMORROW}.{n.id}")]])


def press(ctx: Ctx, p: Press) -> list[Reply]:
    """Cancel, put off, or the remind-me-to-log button."""
    verb, _, arg = p.arg.partition(".")
    if verb == LOG:
        return _log_pressed(ctx, arg)
    n = next((n for n in own_reminders(ctx, pending_only=False) if n.id == arg), None)
    if n is None:
        return [reply("That reminder isn't there any more, so there's nothing to do.")]
    if verb == CANCEL:
        n = _latest(ctx, n)  # moved or put off since: the reminder it became is the one meant
        if n.status != "pending":
            return [reply(f"That reminder is already {_ended(n)} — nothing to cancel.")]
        n.cancel(ctx.now, "cancelled by the user")
        ctx.repo.save_nudge(n)
        return [reply(f"Cancelled your reminder: {n.text or 'the one without words'}.")]
    if verb in (HOUR, TOMORROW):
        return _put_off(ctx, n, verb)
    return [reply("I don't know that reminder button.")]


def _latest(ctx: Ctx, n: Nudge) -> Nudge:
    """The reminder `n` became: followed through each move or put-off ("put off from <id>")
    to the newest; `n` itself when it was never moved."""
    mine = own_reminders(ctx, pending_only=False)
    seen = {n.id}
    while (later := next((m for m in mine if m.note == f"put off from {n.id}"), None)) \
            is not None and later.id not in seen:
        n = later
        seen.add(n.id)
    return n


def _ended(n: Nudge) -> str:
    return {"cancelled": "cancelled", "sent": "sent"}.get(n.status, "done")


def _put_off(ctx: Ctx, n: Nudge, verb: str) -> list[Reply]:
    moved = [m for m in own_reminders(ctx) if m.note == f"put off from {n.id}"]
    if moved:
        return [reply(f"Already done: I'll bring it back on {_when_text(ctx, moved[0].due_at)}.")]
    today = local_day(ctx.now, ctx.prefs.tz)
    due = ctx.now + timedelta(hours=1) if verb == HOUR else \
        at_local(today + timedelta(days=1), MORNING, ctx.prefs.tz)
    if n.status == "pending":  # pressed before it went out: the same reminder moves
        n.cancel(ctx.now, "put off")
        ctx.repo.save_nudge(n)
    later = add(ctx, due, n.text or "", note=f"put off from {n.id}")
    return [reply(f"OK, I'll remind you again on {_when_text(ctx, later.due_at)}.")]


# -- the interview still to come: remind me to log it afterwards (issue 13) ---------------------
def log_offer(ctx: Ctx, moment: Moment | None, company: str | None) -> list[list[Button]]:
    """The button under the good-luck reply to an interview still to come, when its day is
    known: a reminder a little after it (AFTER_INTERVIEW, or the evening of a day without a
    time) to tell Hearback how it went."""
    if moment is None:
        return []
    due = moment.at + AFTER_INTERVIEW if moment.has_time else \
        at_local(moment.at.date(), EVENING, ctx.prefs.tz)
    if due <= ctx.now:
        return []
    arg = f"{LOG}.{_base36(int(due.timestamp()))}"
    name = re.sub(r"[^A-Za-z0-9&' -]", "", company or "")
    if name and len(arg) + 1 + len(name) <= LONGEST_ARG:
        arg += f".{name}"
    return [[buttons.make("Remind me to log it afterwards", BUTTON_ACTION, ctx.owner, "", arg)]]


def _base36(value: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while value:
        value, rest = divmod(value, 36)
        out = digits[rest] + out
    return out or "0"


def _log_pressed(ctx: Ctx, arg: str) -> list[Reply]:
    stamp, _, company = arg.partition(".")
    try:
        due = datetime.fromtimestamp(int(stamp, 36), UTC)
    except (ValueError, OverflowError, OSError):
        return [reply("I couldn't read that button; tell me about the interview once it's "
                      "done and I'll take it from there.")]
    what = f"tell me how your interview{f' at {company}' if company else ''} went (I'll plan " \
           "the thank-you and the follow-up)"
    if any(n.text == what and n.note == "log" for n in own_reminders(ctx)):
        return [reply("That reminder is already set.")]
    if due <= ctx.now:
        return [reply("That interview should be over by now — tell me how it went, e.g. "
                      "\"interview done with Jane at Acme, they'll decide by Friday\".")]
    n = add(ctx, due, what, note="log")
    return [reply(f"Done: on {_when_text(ctx, n.due_at)} I'll ask how it went.",
                  buttons=[[cancel_button(ctx, n)]])]
