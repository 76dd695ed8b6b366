"""`export` (your data as JSON, your upcoming dates as an .ics calendar) and `delete` (forget me).

export: one reply with two attachments.
- `hearback-export.json`: the user record (settings and profile), every interview with every
  nudge and its status, and the dialog in progress. ISO 8601 times (stored in UTC), keys in a
  fixed order (records in their field order, free-form dialog data sorted), two-space indent:
  the same data at the same moment always gives the same bytes.
- `hearback-calendar.ics`, written by the icalendar library: an event for each upcoming pending
  nudge that is a step the user takes (ask HR for a date, an agreed email or call, the rehearsal,
  the call), at its local time in the user's zone (DTSTART with their TZID and a matching
  VTIMEZONE), and an all-day event on each promised decision date. UIDs are built from the
  interview and the kind of step, so importing a later export updates events instead of
  duplicating them.

delete: asks first, with buttons only. Typing "yes" (or "delete confirm") is deliberately not
enough: an answer typed for some other question must never erase someone's data, and every
platform, the terminal included, can press a button. The confirm button carries a random nonce
that the question stores with the user (`User.delete_asks`, the last few); a press whose nonce
the user record does not hold is from before an earlier delete (the record was made anew since)
and does not touch data logged since. Identity, not clock order: a clock that went back can
neither block a press nor let an old one through (issue 15). On confirm, `repo.delete_user`
removes the user's record, interviews, nudges (so nothing more is sent) and dialog, and must be
the last write of the turn: nothing after it may save the user again, or their file would come
back.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

from icalendar import Calendar, Event, Timezone

from bot.core.account import channel_posts
from bot.core.contract import buttons
from bot.core.contract.buttons import Press
from bot.core.contract.context import Ctx
from bot.core.contract.messages import Attachment, Reply, TextBuilder, bold, reply
from bot.core.contract.models import Interview, Nudge
from bot.core.language.dates import fmt_day
from bot.core.language.wording import ask_for_date_wording, role_phrase, the_label
from bot.core.plan.kinds import (
    AGREED_CONTACT,
    ASK_FOR_DATE,
    CALENDAR_KINDS,
    CALL_PROMPT,
    FOLLOW_UP,
    OFFER_DEADLINE,
    kind_of,
)
from bot.core.plan.planner import ROUND_LENGTH, local_day
from bot.core.plan.views import INFORMERS, plan_line

BUTTON_ACTION = "del"

JSON_NAME = "hearback-export.json"
ICS_NAME = "hearback-calendar.ics"
JSON_MIME = "application/json"
ICS_MIME = "text/calendar"
EXPORT_FORMAT = "hearback-export"
EXPORT_VERSION = 1
PRODID = "-//Hearback//Interview follow-up coach//EN"
UID_DOMAIN = "hearback"
# Which nudges become events, and how long: `kinds.KINDS` (steps the user takes, not reminders).

YES, NO = "y", "n"
KEEP_ASKS = 5  # delete questions whose Yes button still works (the most recent ones)
YES_LABEL = "Yes, delete everything"
NO_LABEL = "No, keep my data"


# -- export ---------------------------------------------------------------------------------------
def export_command(ctx: Ctx, rest: str) -> list[Reply]:
    interviews = ctx.repo.interviews_for(ctx.user.key)
    nudges = {iv.id: ctx.repo.nudges_for_interview(iv.id) for iv in interviews}
    own = [n for n in ctx.repo.nudges_for_user(ctx.user.key) if not n.interview_id]
    data = export_json(ctx, interviews, nudges, own)
    events = calendar_events(ctx, interviews, nudges, own)
    ics = export_ics(ctx, events)
    t = TextBuilder()
    t.line(bold("Here is everything I keep about you"), ", in two files:")
    t.line(f"• {JSON_NAME} — all your data: your settings and profile, each interview, every "
           "reminder I planned (sent, pending or cancelled) and any question we're in the "
           "middle of. It's plain JSON, readable in any text editor.")
    if events:
        n = len(events)
        t.line(f"• {ICS_NAME} — your next {'date' if n == 1 else f'{n} dates'} (calls, "
               "emails, rehearsals and promised decision days) as calendar events. Open it or "
               "import it into Google Calendar, Outlook or Apple Calendar; importing a newer "
               "export updates the same events.")
    else:
        t.line(f"• {ICS_NAME} — a calendar file for your upcoming follow-up dates. "
               "There are none right now, so it's empty.")
    if not interviews:
        t.blank()
        t.line("You haven't logged an interview yet, so there isn't much in them. Tell me about "
               "one (\"I just had an interview at Acme...\") and I'll plan your follow-up.")
    t.blank()
    if interviews:
        t.line("The files include contact details, so keep them somewhere private.")
    t.line("To have me forget you completely, type delete.")
    return [reply(t, attachments=(Attachment(JSON_NAME, JSON_MIME, data),
                                  Attachment(ICS_NAME, ICS_MIME, ics)))]


def _sorted(value: Any) -> Any:
    """Free-form data with its keys in a stable (sorted) order, recursively."""
    if isinstance(value, dict):
        return {str(k): _sorted(value[k]) for k in sorted(value, key=str)}
    if isinstance(value, list | tuple):
        return [_sorted(v) for v in value]
    return value


def _nudge_record(n: Nudge, iv: Interview) -> dict[str, Any]:
    return {**n.to_dict(), "about": plan_line(n, iv)}


def export_json(ctx: Ctx, interviews: list[Interview], nudges: dict[str, list[Nudge]],
                own: Sequence[Nudge] = ()) -> bytes:
    """The JSON export: the user, each interview (notes and job link included) with its
    nudges, the reminders of no interview the user asked for (`reminders`), the open dialog
    and what is shared in team channels."""
    dialog = ctx.repo.get_dialog(ctx.user.key)
    doc: dict[str, Any] = {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported_at": ctx.now.astimezone(UTC).isoformat(),
        "note": "Times are ISO 8601 in UTC; your time zone is in user.timezone.",
        # (Not the buttons last shown: the chat's passing state, not something of theirs.)
        "user": {k: v for k, v in ctx.user.to_dict().items()
                 if k not in ("offered", "offered_at")},
        "interviews": [
            {**iv.to_dict(),
             "nudges": [_nudge_record(n, iv)
                        for n in sorted(nudges.get(iv.id, []), key=lambda n: (n.due_at, n.id))]}
            for iv in sorted(interviews, key=lambda iv: (iv.created_at, iv.id))
        ],
        "reminders": [{**n.to_dict(), "about": n.text or "your reminder"}
                      for n in sorted(own, key=lambda n: (n.due_at, n.id))],
        "dialog": _sorted(dialog.to_dict()) if dialog is not None else None,
        "shared_in_team_channels": [
            {**share.to_dict(), "channel_title": channel.title if channel else None}
            for share in sorted(ctx.repo.shares_for(ctx.user.key), key=lambda s: s.channel)
            for channel in [ctx.repo.get_channel(share.channel)]
        ],
    }
    text = json.dumps(doc, indent=2, ensure_ascii=False, default=str)
    return (text + "\n").encode("utf-8")


def calendar_events(ctx: Ctx, interviews: list[Interview], nudges: dict[str, list[Nudge]],
                    own: Sequence[Nudge] = ()) -> list[tuple[date, Event]]:
    """The upcoming dates of every open interview and the user's own pending reminders, in
    time order, each with its local day."""
    tz = ctx.prefs.tz
    today = local_day(ctx.now, tz)
    stamp = ctx.now.astimezone(UTC)
    timed: list[tuple[datetime, Event]] = []
    for iv in interviews:
        if iv.status != "waiting" and iv.offer_deadline is None:
            continue  # closed; an offer being decided keeps its reminder in the calendar
        if iv.status == "waiting" and iv.interviewed_at > ctx.now:  # a round to come (issue 17)
            timed.append((iv.interviewed_at, _round_event(ctx, iv, stamp)))
        if iv.status == "waiting" and iv.decision_by is not None and iv.decision_by >= today:
            start = datetime.combine(iv.decision_by, datetime.min.time(), tzinfo=tz)
            timed.append((start, _decision_event(ctx, iv, iv.decision_by, stamp)))
        seen: set[str] = set()
        steps = sorted((n for n in nudges.get(iv.id, [])
                        if n.status == "pending" and n.kind in CALENDAR_KINDS
                        and n.due_at >= ctx.now), key=lambda n: (n.due_at, n.id))
        for n in steps:
            # One UID per interview and kind, stable across re-planning (which makes new nudge
            # rows); a second pending step of the same kind gets its own.
            uid = f"{iv.id}-{n.kind}@{UID_DOMAIN}"
            if uid in seen:
                uid = f"{iv.id}-{n.kind}-{n.id}@{UID_DOMAIN}"
            seen.add(uid)
            timed.append((n.due_at, _step_event(ctx, iv, n, uid, stamp)))
    for n in own:
        if n.status == "pending" and n.due_at >= ctx.now:
            timed.append((n.due_at, _reminder_event(ctx, n, stamp)))
    timed.sort(key=lambda pair: pair[0])
    return [(local_day(start, tz), event) for start, event in timed]


def _round_event(ctx: Ctx, iv: Interview, stamp: datetime) -> Event:
    """A round of an application still to come, as an hour's event (issue 17)."""
    event = _new_event(f"{iv.id}-round@{UID_DOMAIN}", stamp,
                       f"{(iv.round or 'next').capitalize()} round: {the_label(iv)}",
                       "Hearback reminds you to get ready beforehand, and helps with the "
                       "thank-you after it.")
    start = iv.interviewed_at.astimezone(ctx.prefs.tz)
    event.add("dtstart", start)
    event.add("dtend", start + ROUND_LENGTH)
    return event


def _reminder_event(ctx: Ctx, n: Nudge, stamp: datetime) -> Event:
    """A reminder the user asked for, as a short event (issue 17)."""
    event = _new_event(f"reminder-{n.id}@{UID_DOMAIN}", stamp,
                       f"Reminder: {n.text or 'the thing you asked about'}",
                       "A reminder you asked Hearback for; it will message you then too.")
    start = n.due_at.astimezone(ctx.prefs.tz)
    event.add("dtstart", start)
    event.add("dtend", start + (kind_of(n.kind).calendar_event or timedelta(minutes=15)))
    return event


def export_ics(ctx: Ctx, events: list[tuple[date, Event]]) -> bytes:
    tz = ctx.prefs.tz
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", "Hearback: interview follow-ups")
    cal.add("x-wr-timezone", tz.key)
    # The user's zone, covering every date in the file (and making an empty calendar still hold
    # a component, as RFC 5545 asks).
    today = local_day(ctx.now, tz)
    last = max((day for day, _ in events), default=today)
    cal.add_component(Timezone.from_tzid(tz.key, first_date=today - timedelta(days=1),
                                         last_date=last + timedelta(days=2)))
    for _, event in events:
        cal.add_component(event)
    return bytes(cal.to_ical())


def _new_event(uid: str, stamp: datetime, summary: str, description: str) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("summary", summary)
    event.add("description", description)
    event.add("categories", ["Hearback", "Job search"])
    return event


def _who(iv: Interview) -> str:
    return iv.company or "the employer"


def _decision_event(ctx: Ctx, iv: Interview, day: date, stamp: datetime) -> Event:
    informer = INFORMERS.get(iv.informer or "", "") if iv.informer != "unknown" else ""
    by = f" ({informer} will tell you)" if informer else ""
    desc = (f"{_who(iv)} said you'd hear about {role_phrase(iv)} by today{by}. No news by the "
            f"end of the day is normal; the plan is to call on the next business day, and "
            f"Hearback will prompt you with a script then.")
    event = _new_event(f"{iv.id}-decision@{UID_DOMAIN}", stamp,
                       f"Decision expected: {iv.label}", desc)
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    event.add("transp", "TRANSPARENT")  # a date to know, not time taken
    return event


def _step_event(ctx: Ctx, iv: Interview, n: Nudge, uid: str, stamp: datetime) -> Event:
    tz = ctx.prefs.tz
    interviewed = fmt_day(local_day(iv.interviewed_at, tz))
    with_whom = f" with {iv.interviewer}" if iv.interviewer else ""
    if n.kind == CALL_PROMPT:
        summary = f"Call {_who(iv)} about {role_phrase(iv)}"
        desc = (f"Call day for {the_label(iv)}. Say who you are, that you interviewed for "
                f"{role_phrase(iv)} on {interviewed}{with_whom}, and ask politely where things "
                f"stand and when you can expect a decision.")
        if iv.interviewer_phone:
            desc += f" Number: {iv.interviewer_phone}."
    elif n.kind == ASK_FOR_DATE:
        summary = f"Ask HR at {_who(iv)} when you'll hear back"
        desc = (f"You don't have a decision date for {the_label(iv)} yet. HR runs the process, "
                f"so ask them, briefly and politely, for example: {ask_for_date_wording(iv)}")
    elif n.kind == AGREED_CONTACT:
        verb = {"call": "Call", "message": "Message"}.get(iv.agreed_contact_kind or "", "Email")
        who = iv.interviewer or _who(iv)
        summary = f"{verb} {who}{f' at {iv.company}' if iv.company and iv.interviewer else ''}"
        summary += ", as agreed"
        desc = (f"At the interview for {role_phrase(iv)} you agreed to {verb.lower()} "
                f"{who} at this time. Hearback will send you "
                f"{'a short script' if verb == 'Call' else 'a checked draft'} then.")
        contact = iv.interviewer_phone if verb == "Call" else iv.interviewer_email
        if contact:
            desc += f" {'Number' if verb == 'Call' else 'Email'}: {contact}."
    elif n.kind == FOLLOW_UP:
        summary = f"Follow up with {_who(iv)} by email, if no news"
        desc = (f"No news on {the_label(iv)} since the call? Send one short, polite follow-up "
                f"email asking for an update; Hearback will send you a checked draft then.")
    elif n.kind == OFFER_DEADLINE:
        deadline = fmt_day(iv.offer_deadline) if iv.offer_deadline else "soon"
        summary = f"Answer {_who(iv)}'s offer (due {deadline})"
        desc = (f"Your answer to the offer for {the_label(iv)} is due {deadline}. Accept, or ask "
                f"politely for a little more time: Hearback has a checked draft for either.")
    else:  # REHEARSAL_OFFER
        summary = f"Rehearse tomorrow's call to {_who(iv)}"
        desc = (f"Tomorrow is call day for {the_label(iv)}. A few minutes of practice helps: "
                f"type rehearse to Hearback and it will play HR, then give you feedback and a "
                f"model answer.")
    event = _new_event(uid, stamp, summary, desc)
    start = n.due_at.astimezone(tz)
    event.add("dtstart", start)
    event.add("dtend", start + (kind_of(n.kind).calendar_event or timedelta(minutes=30)))
    return event


# -- delete ---------------------------------------------------------------------------------------
def _nonce(ctx: Ctx) -> str:
    """A fresh random nonce for one delete question, remembered with the user."""
    nonce = ctx.repo.new_id()[:8]
    ctx.user.delete_asks = [*ctx.user.delete_asks, nonce][-KEEP_ASKS:]
    ctx.repo.save_user(ctx.user)
    return nonce


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _what_goes(ctx: Ctx) -> str:
    interviews = ctx.repo.interviews_for(ctx.user.key)
    # Every reminder still to go, the user's own (of no interview) included.
    planned = sum(1 for n in ctx.repo.nudges_for_user(ctx.user.key)
                  if n.status in ("pending", "claimed", "paused"))
    parts = ["your settings and profile"]
    if interviews:
        parts.append(_plural(len(interviews), "interview"))
    if planned:
        parts.append(f"{_plural(planned, 'reminder')} I'd planned (none will be sent)")
    shares = ctx.repo.shares_for(ctx.user.key)
    if shares:
        parts.append(f"what you share in {_plural(len(shares), 'team channel')}")
    parts.append("anything we're in the middle of")
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def delete_command(ctx: Ctx, rest: str, lead: str | None = None) -> list[Reply]:
    t = TextBuilder()
    if lead:
        t.line(lead)
        t.blank()
    t.line(bold("Delete everything I know about you?"))
    t.line(f"This removes {_what_goes(ctx)}. It can't be undone: I keep no copy.")
    t.blank()
    t.line("Want a copy first? Press “Export my data first” and I'll send it to you as files.")
    t.line("To make sure nothing is deleted by accident, typing yes won't do it — please press "
           "a button.")
    owner = ctx.owner
    rows = [
        [buttons.make(YES_LABEL, BUTTON_ACTION, owner, arg=YES + _nonce(ctx)),
         buttons.make(NO_LABEL, BUTTON_ACTION, owner, arg=NO)],
        [buttons.command_button("Export my data first", owner, "export")],
    ]
    return [reply(t, buttons=rows)]


def press(ctx: Ctx, press: Press) -> list[Reply]:
    if press.arg == NO:
        return [reply("Good — nothing was deleted. Everything is as it was; type list to see your "
                      "interviews.")]
    nonce = press.arg[len(YES):] if press.arg.startswith(YES) else ""
    if not (nonce.isascii() and nonce.isalnum()):
        return delete_command(ctx, "", "I couldn't read that button, so I didn't delete "
                                       "anything.")
    interviews = ctx.repo.interviews_for(ctx.user.key)
    if nonce not in ctx.user.delete_asks:
        # Not a question this record was asked: the button is from before an earlier delete
        # (pressed twice, or scrolled back to), or from a release that stamped the time.
        if interviews or ctx.repo.get_dialog(ctx.user.key) is not None:
            return delete_command(ctx, "", "That button is from before you last deleted your "
                                           "data (or from a question I no longer hold), so I "
                                           "didn't delete anything: what you've told me since "
                                           "is untouched.")
        ctx.repo.delete_user(ctx.user.key)  # the record this press re-created; nothing else
        return [reply("That's already done: your data was deleted and I hold nothing about you. "
                      "If you write to me again, we start fresh.")]
    posts = channel_posts.queue_for_removal(ctx.repo, ctx.user.key)
    ctx.repo.delete_user(ctx.user.key)  # the last write of this turn (see the module docstring)
    t = TextBuilder()
    t.line(bold("Done — I've deleted everything I had about you."))
    what = (f"{_plural(len(interviews), 'interview')} and every reminder I'd planned for "
            f"{'it' if len(interviews) == 1 else 'them'}, " if interviews else "")
    t.line(f"That's {what}your settings and profile, and anything we were in the middle of. "
           "You won't hear from me unless you write.")
    if posts:
        t.line(f"I'm also taking down the {_plural(posts, 'post')} I made about you in team "
               "channels (where a post is too old to delete, its text is replaced and its "
               "buttons removed).")
    t.line("If you do write again, I'll start fresh, as if we'd never met.")
    return [reply(t)]
