"""Anti-obsession (step 2 of the article): notice repeated "any news?" checks and wishes to
contact the employer too soon, and step in kindly — the plan, why waiting is right, something
else to do — instead of drafting yet another message."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from bot.core.coaching.call_day import calling, script_button
from bot.core.coaching.drafts import draft_button
from bot.core.coaching.nudge_text import distraction
from bot.core.contract import buttons
from bot.core.contract.buttons import Press
from bot.core.contract.context import Ctx, interview_pressed
from bot.core.contract.messages import Reply, TextBuilder, bold, italic, reply
from bot.core.contract.models import Interview
from bot.core.contract.prefs import working_day
from bot.core.language.dates import fmt_day, fmt_when
from bot.core.language.wording import ask_for_date_wording, the_label
from bot.core.plan.kinds import AGREED_CONTACT, ASK_FOR_DATE, CALL_PROMPT, FOLLOW_UP
from bot.core.plan.planner import CONTACT_SPACING, local_day
from bot.core.plan.schedule import open_interviews
from bot.core.plan.views import (
    in_progress,
    is_call,
    next_step,
    now_line,
    now_phrase,
    prompted_today,
    step_phrase,
)

# Named thresholds (the issue asks for them as settings):
# status/news checks within NEWS_WINDOW before the bot steps in,
NEWS_CHECKS_BEFORE_STEPPING_IN = 3
NEWS_WINDOW = timedelta(hours=24)
# and contacts with the employer allowed before the promised date (the thank-you not counted).
EARLY_CONTACT_LIMIT = 1


def record_check(ctx: Ctx) -> int:
    """Count one more status/news check; returns how many fell in the window."""
    cutoff = ctx.now - NEWS_WINDOW
    recent = [t for t in ctx.user.news_checks if datetime.fromisoformat(t) > cutoff]
    recent.append(ctx.now.isoformat())
    ctx.user.news_checks = recent[-20:]
    ctx.repo.save_user(ctx.user)
    return len(recent)


def too_many_checks(count: int) -> bool:
    """Whether `count` news checks today call for the intervention (the seed: don't obsess)."""
    return count > NEWS_CHECKS_BEFORE_STEPPING_IN


def step_in(ctx: Ctx, lead: str) -> Reply:
    """The kind intervention: the plan, and what to do about it. While a step is due or in
    progress (call day: the call prompted and not answered yet), that it is time to act, with
    the call script a press away; otherwise why waiting for the next step's date is right, or,
    with no step left, that the ball is in their court; and a distraction."""
    t = TextBuilder().line(lead)
    due_now: list[str] = []
    calls: list[Interview] = []
    ahead: list[datetime] = []
    for iv in open_interviews(ctx):
        current = in_progress(ctx, iv)
        step = next_step(ctx, iv)
        if current is not None:
            then = "" if step is None else \
                f"; then {step_phrase(step, iv)} — {fmt_when(step.due_at, ctx.prefs.tz)}"
            t.line(f"• {iv.label}: {now_line(ctx, current, iv).removeprefix('Now: ')}{then}")
            if prompted_today(ctx, current):  # call day: act now
                due_now.append(f"{now_phrase(current, iv)} ({iv.label})")
                calls += [iv] if is_call(current, iv) else []
            elif step is not None:  # maybe made and not told: the next step is the date
                ahead.append(step.due_at)
        elif step is not None:
            t.line(f"• {iv.label}: {step_phrase(step, iv)} — {fmt_when(step.due_at, ctx.prefs.tz)}")
            if step.due_at <= ctx.now:
                due_now.append(f"{step_phrase(step, iv)} ({iv.label})")
            else:
                ahead.append(step.due_at)
    t.blank()
    if due_now:
        # The date has come: acting is right now, and waiting is no advice (call day).
        t.line("Today is the day to act, though: " + "; ".join(due_now) + ". Checking again "
               "won't bring the answer; asking them will. Type status for the whole plan.")
        return reply(t, buttons=[[script_button(ctx.owner, iv)] for iv in calls])
    t.line("Checking again won't make the answer come sooner, and it's normal for a decision "
           "to take longer than it feels it should.")
    if ahead:
        t.add(f" Nothing is lost by waiting until {fmt_when(min(ahead), ctx.prefs.tz)}: that's "
              f"when asking shows confidence, not impatience.")
    else:
        # Every planned contact is made (or none is left): there is no date to wait for.
        t.add(" You've done your part; what's left is theirs, and a long silence says more "
              "about their process than about you.")
    t.line("For today, instead: ", italic(distraction(ctx.now.isoformat())), ".")
    return reply(t)


def _agreed_time(ctx: Ctx, iv: Interview) -> datetime | None:
    """When contacting the employer becomes right: the agreed time or the call prompt. A call
    (or agreed contact) prompted today and not answered yet is due now (plan.views.in_progress):
    "should I call them?" an hour after "Time to make the call" is a yes, not a wait for the
    step after it; on a later day the call may have been made, and spacing applies."""
    nudges = ctx.repo.nudges_for_interview(iv.id)
    current = in_progress(ctx, iv)
    today = [current] if current is not None and prompted_today(ctx, current) else []
    pending = [n for n in nudges if n.status == "pending"
               and n.kind in (AGREED_CONTACT, CALL_PROMPT, FOLLOW_UP)]
    return min((n.due_at for n in (*pending, *today)), default=None)


def all_named(ctx: Ctx, text: str) -> list[Interview]:
    """The open interviews whose company the message names."""
    return [iv for iv in open_interviews(ctx)
            if iv.company and re.search(rf"\b{re.escape(iv.company)}\b", text, re.IGNORECASE)]


def named_in(ctx: Ctx, text: str) -> Interview | None:
    """The one open interview whose company (or role) the message names, if exactly one."""
    named = all_named(ctx, text)
    return named[0] if len(named) == 1 else None


# "Which one do you mean?" under a contact question that names several open interviews.
CONTACT_ACTION = "cw"


def contact_pressed(ctx: Ctx, p: Press) -> list[Reply]:
    """The interview picked under "which one do you mean?" (the engine checked it is theirs)."""
    iv = interview_pressed(ctx, p)
    if iv.status != "waiting":
        return [reply(f"{the_label(iv)} is closed now ({iv.outcome or 'done'}), so there's no "
                      f"one to chase there.")]
    return _answer_for(ctx, iv)


# The company a contact question names: "should I email Hooli?", "can I call Acme Corp".
_CONTACT_WHOM = re.compile(
    r"\b(?:e-?mail|call|ring|phone|text|message|contact|chase|ping|write\s+to|follow\s+up\s+with|"
    r"reach\s+out\s+to)\s+(?!(?:Me|Them|Him|Her|Us|HR|The|It)\b)"
    r"(?P<name>(?-i:[A-Z])[\w&'’.-]*(?:\s+(?-i:[A-Z])[\w&'’.-]*){0,3})")


def _after_the_plan(ctx: Ctx, iv: Interview) -> Reply | None:
    """Every planned contact is behind us (issue 17, "waiting well"): within CONTACT_SPACING
    working days of the last one, not yet (the seed's 3-4 days between contacts); after the
    follow-up, the anti-obsession cap: no more chasing. None when neither applies."""
    sent = sorted((n for n in ctx.repo.nudges_for_interview(iv.id) if n.status == "sent"
                   and n.kind in (ASK_FOR_DATE, CALL_PROMPT, FOLLOW_UP, AGREED_CONTACT)),
                  key=lambda n: n.due_at)
    if not sent:
        return None
    last = local_day(sent[-1].due_at, ctx.prefs.tz)
    ready = working_day(last, CONTACT_SPACING, ctx.prefs)
    if any(n.kind == FOLLOW_UP for n in sent):
        return step_in(ctx, f"You've already called and followed up in writing about "
                            f"{the_label(iv)}. A third message rarely changes an answer; it "
                            f"mostly shows worry. The ball is in their court now — when they "
                            f"reply, type outcome.")
    if local_day(ctx.now, ctx.prefs.tz) < ready:
        return step_in(ctx, f"Not yet for {the_label(iv)}: you were last in touch on "
                            f"{fmt_day(last)}. Leave them until {fmt_day(ready)} — three or four "
                            f"working days between contacts reads as keen, not pushy.")
    return None


def _named_company(text: str) -> str | None:
    """The name after the verb of a contact question, if one is written with a capital."""
    m = _CONTACT_WHOM.search(text)
    return m.group("name").rstrip(".?!,") if m else None


def contact_wish(ctx: Ctx, text: str = "") -> list[Reply]:
    """"Should I email them?" — before the agreed time, at most one early contact, and only the
    one that helps (asking for a date); otherwise a kind no. About the company the message
    names ("should I email Hooli?"), or else the interview whose next contact is soonest."""
    ivs = open_interviews(ctx)
    if not ivs:
        return [reply("You have no open interviews, so there's no one to chase. Type interview "
                      "to log one.")]
    named = all_named(ctx, text)
    if len(named) > 1:  # "should I email Acme or Globex?", or two roles at one company
        return [reply("Which one do you mean?",
                      buttons=[[buttons.make(i.label[:48], CONTACT_ACTION, ctx.owner, i.id)]
                               for i in named])]
    iv = named[0] if named else None
    if iv is None and (other := _named_company(text)) is not None:
        # "should I email Hooli?" with no Hooli logged: never an answer about another company.
        names = ", ".join(the_label(i) for i in ivs)
        return [reply(f"I don't have an interview with {other} logged — yours are {names}. "
                      f"Ask me again with one of those names, or type interview to log the "
                      f"one with {other}.")]
    return _answer_for(ctx, iv or min(ivs, key=lambda i: _agreed_time(ctx, i) or ctx.now))


def _answer_for(ctx: Ctx, iv: Interview) -> list[Reply]:
    """Whether contacting the employer about `iv` helps now (see `contact_wish`)."""
    when = _agreed_time(ctx, iv)
    if when is None and (capped := _after_the_plan(ctx, iv)) is not None:
        return [capped]
    if when is None or when <= ctx.now:
        # On call day the call comes first (seed step 6): its script a press away.
        calls = any(n.kind == CALL_PROMPT and n.status == "pending" and n.due_at <= ctx.now
                    for n in ctx.repo.nudges_for_interview(iv.id)) or calling(ctx, iv)
        script = [[script_button(ctx.owner, iv)]] if calls else []
        return [reply("Yes — it's the right time to get in touch about ", bold(iv.label),
                      ". Be polite and direct; type outcome afterwards to tell me how it went.",
                      buttons=[*script,
                               [draft_button(ctx.owner, iv, "fu", "Draft a follow-up email")]])]
    if iv.decision_by is None and iv.early_contacts < EARLY_CONTACT_LIMIT:
        iv.early_contacts += 1
        ctx.repo.save_interview(iv)
        t = TextBuilder().line("One contact helps now: asking HR when you can expect to hear. "
                               "They run the process, so they're the right people. Something "
                               "like:")
        t.line(ask_for_date_wording(iv))
        t.line("After that, let it rest until the next step on "
               f"{fmt_when(when, ctx.prefs.tz)}.")
        return [reply(t)]
    iv.early_contacts += 1
    ctx.repo.save_interview(iv)
    promised = f"They said they'd decide by {fmt_day(iv.decision_by)}. " if iv.decision_by else ""
    return [step_in(ctx, f"Not yet for {the_label(iv)}. {promised}Contacting them before "
                         f"{fmt_when(when, ctx.prefs.tz)} can come across as pressure, and "
                         f"it won't speed them up.")]
