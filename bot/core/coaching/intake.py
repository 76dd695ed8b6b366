"""The intake flow: "I just had an interview" -> facts -> a dated plan.

What the first message already says is filled in; the rest is asked one question at a time, each
with buttons for common answers, Skip and Cancel. Dialog state lives in storage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from dateutil.relativedelta import FR, relativedelta

from bot.core.contract import buttons
from bot.core.contract.context import Ctx
from bot.core.contract.messages import Reply, TextBuilder, bold, reply
from bot.core.contract.models import Dialog, Interview
from bot.core.language.dates import (
    ParsedDate,
    fmt_day,
    fmt_when,
    friday_of_next_week,
    parse_date,
    says_no_date,
)
from bot.core.language.extract import EMAIL_RE, PHONE_RE, Facts, clean_name, informer_in
from bot.core.language.wording import ask_for_date_wording, the_label, who_to_thank
from bot.core.plan.kinds import THANK_YOU_KINDS
from bot.core.plan.schedule import schedule
from bot.core.plan.views import describe_facts, plan_text, question_buttons

FLOW = "intake"
STEPS = ("company", "role", "interviewer", "interviewed_at", "decision", "informer", "agreed")
# One-letter codes keep button payloads inside Telegram's 64 bytes.
CODES = {"company": "c", "role": "r", "interviewer": "i", "interviewed_at": "w", "decision": "d",
         "informer": "f", "agreed": "g"}
STEP_OF = {v: k for k, v in CODES.items()}
YES_RE = re.compile(r"^(?:y|yes|yeah|yep|yup|correct|right|sure|ok|okay|that'?s right)\b",
                    re.IGNORECASE)
NO_RE = re.compile(r"^(?:n|no|nope|nah|none|not really|no one|nothing|neither)\b", re.IGNORECASE)
MAX_FACT = 100
BARE_NO_RE = re.compile(r"^(?:no|nope|nah|none|not really|no date|nothing)[.!]?$", re.IGNORECASE)
SKIP_RE = re.compile(r"^(?:skip|pass|next|don'?t know|dunno|no idea|not sure|n/?a)[.!]?$",
                     re.IGNORECASE)
_AGREED_VERB_RE = re.compile(
    r"^(?:(?:yes|yeah|yep)[,!.]?\s*)?(?:(?:he|she|they)\s+(?:said|asked\s+me)\s+)?(?:to\s+)?"
    r"(?:e-?mail|call|ring|phone|write\s+to|message|text)\s+(?:me|him|her|them|back)\s*",
    re.IGNORECASE,
)

DATE_EXAMPLES = ("\"by Friday\", \"in two weeks\", \"12 Dec\", \"end of the month\", \"the 10th\" "
                 "or \"they didn't say\"")


@dataclass(frozen=True)
class Question:
    text: str
    options: list[tuple[str, str]]


QUESTIONS = {
    "company": Question("Which company was the interview with?", []),
    "role": Question("What role was it for?", []),
    "interviewer": Question(
        "Who interviewed you? A name is enough; add their email or phone if you have it.", []
    ),
    "interviewed_at": Question(
        "When was the interview?",
        [("Just now", "now"), ("Earlier today", "today"), ("Yesterday", "yday")],
    ),
    "decision": Question(
        "Did they say when you'll hear back? (e.g. " + DATE_EXAMPLES + ")",
        [("By the end of this week", "tw"), ("Next week", "nw"), ("In two weeks", "2w"),
         ("They didn't say", "none")],
    ),
    "informer": Question(
        "Who will tell you the result?",
        [("HR", "hr"), ("The interviewer", "interviewer"), ("A mailing team", "mailing"),
         ("Not sure", "unknown")],
    ),
    "agreed": Question(
        "Did anyone ask you to email or call them at a set time (like \"email me Tuesday at "
        "10\")? Tell me when, or press No.",
        [("No", "no")],
    ),
}


# -- starting -----------------------------------------------------------------------------------
def start(ctx: Ctx, facts: Facts | None) -> list[Reply]:
    data: dict[str, Any] = {"done": []}
    pending_confirm: dict[str, Any] | None = None
    if facts is not None:
        pending_confirm = _prefill(ctx, data, facts)
    dialog = Dialog(user_key=ctx.user.key, flow=FLOW, step="", data=data, pending=pending_confirm)
    intro = TextBuilder()
    if facts is not None and data["done"]:
        if _next_step(data) is None and pending_confirm is None:
            intro.line("Got it — your message had everything I need.")
        else:
            intro.line("Got it — I've noted what you told me. A few quick questions so I can "
                       "plan your follow-up.")
    else:
        intro.line("Let's set up your follow-up. A few quick questions (Skip any you don't know, "
                   "Cancel to stop).")
    return _advance(ctx, dialog, intro)


def _prefill(ctx: Ctx, data: dict[str, Any], f: Facts) -> dict[str, Any] | None:
    done: list[str] = data["done"]
    for name in ("company", "role", "interviewer"):
        value = getattr(f, name)
        if value:
            data[name] = value[:MAX_FACT]
            done.append(name)
    if f.interviewer_email:
        data["interviewer_email"] = f.interviewer_email
    if f.interviewer_phone:
        data["interviewer_phone"] = f.interviewer_phone
    if f.interviewed_at:
        data["interviewed_at"] = f.interviewed_at.isoformat()
        done.append("interviewed_at")
    if f.informer:
        data["informer"] = f.informer
        done.append("informer")
    confirm: dict[str, Any] | None = None
    if f.agreed_contact and f.agreed_contact.doubt is None and f.agreed_contact.has_time:
        _set_agreed(data, f.agreed_contact, f.agreed_contact_kind or "email")
        done.append("agreed")
    elif f.agreed_contact:
        # "email me on Tuesday": no time given, so suggest 10:00 and ask.
        confirm = _confirm_payload("agreed", _with_default_time(f.agreed_contact),
                                   kind=f.agreed_contact_kind or "email")
    if f.decision_unknown:
        data["decision_unknown"] = True
        done.append("decision")
    elif f.decision is not None:
        if f.decision.doubt is None:
            data["decision_by"] = f.decision.day.isoformat()
            done.append("decision")
        else:
            return _confirm_payload("decision", f.decision)
    return confirm


# -- the loop -----------------------------------------------------------------------------------
def _next_step(data: dict[str, Any]) -> str | None:
    return next((s for s in STEPS if s not in data["done"]), None)


def _advance(ctx: Ctx, dialog: Dialog, prefix: TextBuilder | None = None) -> list[Reply]:
    if dialog.pending:
        dialog.step = dialog.pending["step"]
        ctx.repo.save_dialog(dialog)
        return [_confirm_reply(ctx, dialog.pending, prefix)]
    step = _next_step(dialog.data)
    if step is None:
        return finish(ctx, dialog, prefix)
    dialog.step = step
    ctx.repo.save_dialog(dialog)
    return [question_reply(ctx, step, prefix)]


def question_reply(ctx: Ctx, step: str, prefix: TextBuilder | None = None) -> Reply:
    q = QUESTIONS[step]
    t = prefix or TextBuilder()
    t.line(q.text)
    return reply(t, buttons=question_buttons(ctx.owner, q.options, CODES[step]))


def current_question(ctx: Ctx, dialog: Dialog, lead: str) -> Reply:
    t = TextBuilder().line(lead)
    if dialog.pending:
        return _confirm_reply(ctx, dialog.pending, t)
    return question_reply(ctx, dialog.step, t)


def answer_text(ctx: Ctx, dialog: Dialog, text: str) -> list[Reply]:
    text = text.strip()
    if SKIP_RE.match(text):
        return skip(ctx, dialog, CODES[dialog.step])
    if dialog.pending:
        if YES_RE.match(text):
            return _accept_pending(ctx, dialog, "y")
        if NO_RE.match(text) and len(text) < 12:
            dialog.pending = None
            ctx.repo.save_dialog(dialog)
            return [question_reply(ctx, dialog.step, TextBuilder().line("No problem."))]
        dialog.pending = None  # they typed a new answer instead
    return _answer(ctx, dialog, dialog.step, text, typed=True)


def answer_button(ctx: Ctx, dialog: Dialog, code: str, value: str) -> list[Reply]:
    step = STEP_OF.get(code)
    if step is None or step != dialog.step or dialog.pending:
        return [current_question(ctx, dialog, "That button is from an earlier question, so I "
                                 "left it alone. Here's where we are:")]
    return _answer(ctx, dialog, step, value, typed=False)


def skip(ctx: Ctx, dialog: Dialog, code: str) -> list[Reply]:
    step = STEP_OF.get(code)
    if step is None or step != dialog.step:
        return [current_question(ctx, dialog, "That Skip button is from an earlier question. "
                                 "Here's where we are:")]
    dialog.pending = None
    if dialog.data.get("edit"):
        dialog.data["skipped"] = step  # editing: Skip leaves the fact as it was
    elif step == "decision":
        dialog.data["decision_unknown"] = True
    dialog.data["done"].append(step)
    return _advance(ctx, dialog)


def confirm(ctx: Ctx, dialog: Dialog, arg: str) -> list[Reply]:
    code, _, choice = arg.partition(":")
    if not dialog.pending or STEP_OF.get(code) != dialog.pending["step"]:
        return [current_question(ctx, dialog, "That confirmation has already been handled. "
                                 "Here's where we are:")]
    if choice == "n":
        dialog.pending = None
        ctx.repo.save_dialog(dialog)
        return [question_reply(ctx, dialog.step, TextBuilder().line("OK, let's try again."))]
    return _accept_pending(ctx, dialog, choice)


def _accept_pending(ctx: Ctx, dialog: Dialog, choice: str) -> list[Reply]:
    p = dialog.pending
    assert p is not None
    value = p["alt"] if choice == "a" and p.get("alt") else p["value"]
    step = p["step"]
    dialog.pending = None
    if step == "decision":
        dialog.data["decision_by"] = value[:10]
        dialog.data.pop("decision_unknown", None)
    elif step == "agreed":
        dialog.data["agreed_at"] = value
        dialog.data.setdefault("agreed_kind", p.get("kind", "email"))
    elif step == "interviewed_at":
        dialog.data["interviewed_at"] = value
    if step not in dialog.data["done"]:
        dialog.data["done"].append(step)
    return _advance(ctx, dialog)


# -- answers per step ---------------------------------------------------------------------------
def _answer(ctx: Ctx, dialog: Dialog, step: str, value: str, *, typed: bool) -> list[Reply]:
    data = dialog.data
    if not value.strip():
        return [question_reply(ctx, step, TextBuilder().line("I didn't catch an answer."))]
    if step in ("company", "role"):
        name = clean_name(value, MAX_FACT)
        if not any(ch.isalnum() for ch in name):
            return [question_reply(ctx, step, TextBuilder().line("I couldn't read a name there."))]
        data[step] = name
    elif step == "interviewer":
        if not _interviewer_answer(data, value):
            return [question_reply(ctx, step, TextBuilder().line(
                "I couldn't find a name, email or phone number there."))]
    elif step == "interviewed_at":
        outcome = _when_answer(ctx, dialog, value, typed)
        if outcome is not None:
            return outcome
    elif step == "decision":
        outcome = _decision_answer(ctx, dialog, value, typed)
        if outcome is not None:
            return outcome
    elif step == "informer":
        found = value if not typed else (informer_in(value) or _informer_word(value))
        if found is None:
            return [question_reply(ctx, step, TextBuilder().line(
                "I didn't get who will tell you. Pick one of these, or Skip."))]
        data["informer"] = found
    elif step == "agreed":
        outcome = _agreed_answer(ctx, dialog, value, typed)
        if outcome is not None:
            return outcome
    if step not in data["done"]:
        data["done"].append(step)
    return _advance(ctx, dialog)


def _informer_word(text: str) -> str | None:
    low = text.lower()
    if "interviewer" in low or "manager" in low or re.search(r"\b(?:she|he|them)\b", low):
        return "interviewer"
    if "mail" in low:
        return "mailing"
    if NO_RE.match(low) or "sure" in low or "know" in low:
        return "unknown"
    return None


def _interviewer_answer(data: dict[str, Any], text: str) -> bool:
    """Store what the answer holds; False when it holds nothing usable."""
    found = False
    rest = text
    if m := EMAIL_RE.search(rest):
        data["interviewer_email"] = m.group(0)
        rest = rest.replace(m.group(0), " ")
        found = True
    if m := PHONE_RE.search(rest):
        data["interviewer_phone"] = re.sub(r"\s+", " ", m.group(0)).strip()
        rest = rest.replace(m.group(0), " ")
        found = True
    rest = re.sub(r"[()\[\],;]", " ", rest)
    name = clean_name(rest, MAX_FACT)
    if name and not NO_RE.match(name) and any(ch.isalpha() for ch in name):
        data["interviewer"] = name
        found = True
    return found


def _when_answer(ctx: Ctx, dialog: Dialog, value: str, typed: bool) -> list[Reply] | None:
    now_local = ctx.now.astimezone(ctx.prefs.tz)
    if not typed:
        moment = {"now": ctx.now, "today": max(now_local.replace(hour=0, minute=0),
                                               now_local - timedelta(hours=3)),
                  "yday": now_local - timedelta(days=1)}.get(value)
        if moment is None:
            return [question_reply(ctx, "interviewed_at")]
        dialog.data["interviewed_at"] = moment.isoformat()
        return None
    if re.search(r"\b(?:just|now|right now)\b", value, re.IGNORECASE):
        dialog.data["interviewed_at"] = ctx.now.isoformat()
        return None
    parsed = parse_date(value, ctx.now, ctx.prefs.tz, "past")
    if parsed is None:
        return [question_reply(ctx, "interviewed_at", TextBuilder().line(
            "I couldn't read that as a time. Try \"just now\", \"this morning\", \"yesterday\" "
            "or \"Monday 2pm\"."))]
    if parsed.doubt in ("future", "far"):
        return [question_reply(ctx, "interviewed_at", TextBuilder().line(
            f"{fmt_day(parsed.day)} doesn't look like a recent past date. Hearback helps after the "
            f"interview — when did it take place?"))]
    dialog.data["interviewed_at"] = parsed.when.isoformat()
    return None


def _decision_answer(ctx: Ctx, dialog: Dialog, value: str, typed: bool) -> list[Reply] | None:
    data = dialog.data
    if not typed:
        day = _decision_preset(ctx, value)
        if value == "none":
            data["decision_unknown"] = True
            return None
        if day is None:
            return [question_reply(ctx, "decision")]
        data["decision_by"] = day.isoformat()
        return None
    if says_no_date(value) or BARE_NO_RE.match(value.strip()):
        data["decision_unknown"] = True
        return None
    parsed = parse_date(value, ctx.now, ctx.prefs.tz, "future")
    if parsed is None:
        return [question_reply(ctx, "decision", TextBuilder().line(
            f"I couldn't read \"{clean_name(value, 40)}\" as a date. You can say things like "
            f"{DATE_EXAMPLES}."))]
    if parsed.doubt:
        dialog.pending = _confirm_payload("decision", parsed)
        ctx.repo.save_dialog(dialog)
        return [_confirm_reply(ctx, dialog.pending)]
    data["decision_by"] = parsed.day.isoformat()
    data.pop("decision_unknown", None)
    return None


def _decision_preset(ctx: Ctx, code: str) -> date | None:
    today = ctx.now.astimezone(ctx.prefs.tz).date()
    if code == "tw":
        return today + relativedelta(weekday=FR(0))
    if code == "nw":
        return friday_of_next_week(today)
    if code == "2w":
        return today + timedelta(weeks=2)
    return None


def _agreed_answer(ctx: Ctx, dialog: Dialog, value: str, typed: bool) -> list[Reply] | None:
    if not typed or NO_RE.match(value.strip()):
        return None  # the only button is "No"
    phrase = _AGREED_VERB_RE.sub("", value.strip(), count=1)
    if YES_RE.fullmatch(phrase.strip(" .!")):
        return [question_reply(ctx, "agreed", TextBuilder().line(
            "When did they ask you to get in touch? Give me the day and time, like \"Tuesday at "
            "10\"."))]
    parsed = parse_date(phrase, ctx.now, ctx.prefs.tz, "future")
    if parsed is None:
        return [question_reply(ctx, "agreed", TextBuilder().line(
            "I couldn't read a day and time there. Try \"Tuesday at 10\" or \"3 Dec 2pm\", "
            "or press No."))]
    kind = "call" if re.search(r"\b(?:call|ring|phone)\b", value, re.IGNORECASE) else "email"
    if not parsed.has_time or parsed.doubt or parsed.when <= ctx.now:
        # No time given ("email me Tuesday"): suggest 10:00 and let the user confirm.
        dialog.pending = _confirm_payload("agreed", _with_default_time(parsed), kind=kind)
        ctx.repo.save_dialog(dialog)
        return [_confirm_reply(ctx, dialog.pending)]
    _set_agreed(dialog.data, parsed, kind)
    return None


def _with_default_time(parsed: ParsedDate) -> ParsedDate:
    when = parsed.when if parsed.has_time else parsed.when.replace(hour=10, minute=0)
    return ParsedDate(when=when, has_time=True, doubt=parsed.doubt or "time")


def _set_agreed(data: dict[str, Any], parsed: ParsedDate, kind: str) -> None:
    data["agreed_at"] = parsed.when.isoformat()
    data["agreed_kind"] = kind


# -- confirming doubtful dates ------------------------------------------------------------------
def _confirm_payload(step: str, parsed: ParsedDate, kind: str | None = None) -> dict[str, Any]:
    payload: dict[str, Any] = {"step": step, "doubt": parsed.doubt,
                               "value": parsed.when.isoformat() if step != "decision"
                               else parsed.day.isoformat()}
    if parsed.alternative:
        payload["alt"] = parsed.alternative.isoformat()
    if kind:
        payload["kind"] = kind
    return payload


def _label(step: str, iso: str, ctx: Ctx) -> str:
    if step == "decision":
        d = date.fromisoformat(iso[:10])
        year = f" {d.year}" if d.year != ctx.now.astimezone(ctx.prefs.tz).year else ""
        return fmt_day(d) + year
    return fmt_when(datetime.fromisoformat(iso), ctx.prefs.tz)


def _confirm_reply(ctx: Ctx, p: dict[str, Any], prefix: TextBuilder | None = None) -> Reply:
    t = prefix or TextBuilder()
    code = CODES[p["step"]]
    main = _label(p["step"], p["value"], ctx)
    notes = {
        "past": "That date has already passed this year.",
        "far": "That's quite far away.",
        "day-month order": "Dates like that can be read two ways.",
        "vague": "That's a whole period; I'll plan around its first day unless you're more "
                 "precise.",
        "time": "You didn't give a time, so I picked 10:00.",
        "which week": "\"Next\" can mean this coming one or the one after.",
    }
    if note := notes.get(p.get("doubt") or ""):
        t.line(note)
    if p.get("alt"):
        alt = _label(p["step"], p["alt"], ctx)
        t.line("Did you mean ", bold(main), " or ", bold(alt), "?")
        rows = [[buttons.make(main, "cf", ctx.owner, arg=f"{code}:y")],
                [buttons.make(alt, "cf", ctx.owner, arg=f"{code}:a")]]
    else:
        t.line("Did you mean ", bold(main), "?")
        rows = [[buttons.make(f"Yes, {main}", "cf", ctx.owner, arg=f"{code}:y")]]
    rows.append([buttons.make("No, I'll retype it", "cf", ctx.owner, arg=f"{code}:n"),
                 buttons.make("Cancel", "cx", ctx.owner)])
    return reply(t, buttons=rows)


# -- finishing ----------------------------------------------------------------------------------
def finish(ctx: Ctx, dialog: Dialog, prefix: TextBuilder | None = None) -> list[Reply]:
    d = dialog.data
    if d.get("update"):
        return _finish_update(ctx, d, prefix)
    iv = Interview(
        id=ctx.repo.new_id(),
        user_key=ctx.user.key,
        created_at=ctx.now,
        interviewed_at=datetime.fromisoformat(d["interviewed_at"]) if d.get("interviewed_at")
        else ctx.now,
        company=d.get("company"),
        role=d.get("role"),
        interviewer=d.get("interviewer"),
        interviewer_email=d.get("interviewer_email"),
        interviewer_phone=d.get("interviewer_phone"),
        decision_by=date.fromisoformat(d["decision_by"]) if d.get("decision_by") else None,
        decision_unknown=bool(d.get("decision_unknown")),
        informer=d.get("informer"),
        agreed_contact_at=datetime.fromisoformat(d["agreed_at"]) if d.get("agreed_at") else None,
        agreed_contact_kind=d.get("agreed_kind"),
    )
    ctx.repo.save_interview(iv)
    schedule(ctx, iv)
    ctx.repo.clear_dialog(ctx.user.key)
    return [summary_reply(ctx, iv, prefix), thank_you_reply(ctx, iv)]


def start_update(ctx: Ctx, iv: Interview, lead: str, step: str = "decision", *,
                 edit: bool = False) -> list[Reply]:
    """Ask one intake question again for an existing interview and update it: a new decision
    date ("still waiting", "they gave me a date") or, with `edit`, any fact (`edit` command)."""
    if iv.status != "waiting":
        return [reply(f"The follow-up for {the_label(iv)} is already closed ({iv.outcome}).")]
    done = [s for s in STEPS if s != step]
    data: dict[str, Any] = {"done": done, "update": iv.id, "edit": edit, "step": step}
    dialog = Dialog(user_key=ctx.user.key, flow=FLOW, step=step, data=data)
    ctx.repo.save_dialog(dialog)
    return [question_reply(ctx, step, TextBuilder().line(lead))]


EDITED = {"company": "company", "role": "role", "interviewer": "interviewer",
          "interviewed_at": "interview time", "decision": "decision date",
          "informer": "who tells you", "agreed": "agreed time"}


def _apply_edit(iv: Interview, step: str, d: dict[str, Any]) -> None:
    if step in ("company", "role"):
        setattr(iv, step, d.get(step))
    elif step == "interviewer":
        iv.interviewer = d.get("interviewer")
        iv.interviewer_email = d.get("interviewer_email") or iv.interviewer_email
        iv.interviewer_phone = d.get("interviewer_phone") or iv.interviewer_phone
    elif step == "interviewed_at" and d.get("interviewed_at"):
        iv.interviewed_at = datetime.fromisoformat(d["interviewed_at"])
    elif step == "informer":
        iv.informer = d.get("informer")
    elif step == "agreed":
        iv.agreed_contact_at = datetime.fromisoformat(d["agreed_at"]) if d.get("agreed_at") \
            else None
        iv.agreed_contact_kind = d.get("agreed_kind")


def _finish_update(ctx: Ctx, d: dict[str, Any], prefix: TextBuilder | None) -> list[Reply]:
    """Apply the re-asked fact to the existing interview and re-plan its nudges."""
    ctx.repo.clear_dialog(ctx.user.key)
    iv = ctx.repo.get_interview(d["update"])
    if iv is None or iv.user_key != ctx.user.key or iv.status != "waiting":
        return [reply("That interview is no longer open, so there's nothing to update.")]
    step = str(d.get("step", "decision"))
    t = prefix or TextBuilder()
    if d.get("edit") and d.get("skipped") == step:
        ctx.repo.save_interview(iv)
        return [reply(f"Left the {EDITED[step]} as it was.")]
    if step != "decision":
        _apply_edit(iv, step, d)
        t.line(f"Updated the {EDITED[step]}.")
    elif d.get("decision_by"):
        iv.decision_by = date.fromisoformat(d["decision_by"])
        iv.decision_unknown, iv.call_retries = False, 0
        t.line("Updated: they'll let you know by ", bold(fmt_day(iv.decision_by)), ".")
    elif d.get("edit"):
        iv.decision_by, iv.decision_unknown = None, True
        t.line("Updated: no decision date. I'll remind you to ask HR for one.")
    else:
        # No new date: the 3-4 day wait (and asking HR) starts again from today.
        iv.decision_by, iv.decision_unknown, iv.waiting_since = None, True, ctx.now
        t.line("OK, still no date. I'll remind you to ask HR for one, and plan the call a few "
               "days from now.")
    ctx.repo.save_interview(iv)
    schedule(ctx, iv, keep_thank_you=True)
    t.blank()
    t.extend(plan_text(ctx, iv))
    return [reply(t)]


def summary_reply(ctx: Ctx, iv: Interview, prefix: TextBuilder | None = None) -> Reply:
    t = prefix or TextBuilder()
    t.line("Saved. Here's what I have:")
    t.blank()
    t.extend(describe_facts(ctx, iv))
    t.blank()
    t.extend(plan_text(ctx, iv))
    if iv.decision_by is None:
        t.blank()
        t.line(bold("No date yet? Ask for one."))
        t.line("HR runs the hiring process, so they are the right people to ask (if they're "
               "busy, whoever is next in line). A polite, direct question is fine, for example:")
        t.line(ask_for_date_wording(iv))
    return reply(t)


def thank_you_reply(ctx: Ctx, iv: Interview) -> Reply:
    who = who_to_thank(iv)
    name = ctx.user.full_name or ctx.user.display_name or "<your full name>"
    t = TextBuilder()
    t.line(bold("Now: send your thank-you."))
    t.line(f"A short thank-you to {who}, sent as soon as you can, shows you're grateful for the "
           f"chance and helps them remember you when they compare candidates.")
    t.line("Sign it with your full name, phone number, mailing address and email, and use this "
           "subject so it doesn't end up in spam (I can write a checked draft for you):")
    t.line(bold(f"Job interview follow up – {name}"))
    reminders = [fmt_when(n.due_at, ctx.prefs.tz) for n in ctx.repo.nudges_for_interview(iv.id)
                 if n.status == "pending" and n.kind in THANK_YOU_KINDS]
    if reminders:
        t.line(f"If it isn't marked sent, I'll remind you on {' and '.join(reminders)}, and then "
               f"leave it.")
    return reply(t, buttons=[[buttons.make("Draft my thank-you", "dr", ctx.owner, iv.id, "ty")],
                             [buttons.make("Thank-you sent ✓", "ty", ctx.owner, iv.id)],
                             [buttons.make("See all interviews", "cmd", ctx.owner, arg="list")]])
