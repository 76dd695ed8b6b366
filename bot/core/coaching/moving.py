"""Moving any pending step by its name (issue 17): "move the call to Friday", "push the
thank-you reminder to tomorrow", "snooze the Acme check-in until Monday", "move my reminder to
email the recruiter to Monday", "move the follow-up email to Monday 7 December", "push the
offer reminder to Thursday". The step is found among the user's pending nudges by the words for
its kind (or a reminder's own words) and, when a company is named, that application's; the time
is read as a snooze's is, and the move is a snooze (contact steps wait for office hours, nothing
lands in quiet hours, and the steps that hang on a moved call move with it: snooze.replan_around).
"""

from __future__ import annotations

import re

from bot.core.coaching import reminders, snooze
from bot.core.contract.context import Ctx
from bot.core.contract.messages import Reply, reply
from bot.core.contract.models import Interview, Nudge
from bot.core.contract.prefs import zone_suffix
from bot.core.language.dates import fmt_when
from bot.core.language.journey import move_request
from bot.core.plan.kinds import (
    AGREED_CONTACT,
    ASK_FOR_DATE,
    CALL_PROMPT,
    CHECKIN,
    FOLLOW_UP,
    OFFER_DEADLINE,
    OWN_REMINDER,
    REHEARSAL_OFFER,
    ROUND_PREP,
    THANK_YOU_LAST,
    THANK_YOU_REMINDER,
)
from bot.core.plan.schedule import open_interviews

# The words people use for each kind of step.
_NAMES: tuple[tuple[re.Pattern[str], frozenset[str]], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), frozenset(kinds)) for pattern, kinds in (
        (r"\bthank", (THANK_YOU_REMINDER, THANK_YOU_LAST)),
        (r"\bcheck-?\s?in\b", (CHECKIN,)),
        (r"\brehears|\bpractice|\bpractise", (REHEARSAL_OFFER,)),
        (r"\bask(?:ing)?\s+(?:hr|for\s+(?:a\s+)?date)|\bhr\b", (ASK_FOR_DATE,)),
        (r"\bprep|\bget(?:ting)?\s+ready", (ROUND_PREP,)),
        (r"\boffer\b|\bdeadline\b", (OFFER_DEADLINE,)),
        (r"\bfollow(?:ing)?[-\s]?up\b|\bchas(?:e|er|ing)\b", (FOLLOW_UP,)),
        (r"\bcall\b|\bphone\b|\bring\b", (CALL_PROMPT, AGREED_CONTACT)),
        (r"\be-?mail\b|\bmessage\b", (AGREED_CONTACT,)),
    ))
# "the email" alone is the agreed one, or a reminder of the user's own that says it; failing
# both, the follow-up email of the plan.
_EMAIL = re.compile(r"\be-?mail\b|\bmessage\b", re.IGNORECASE)
_FILLER = frozenset({"the", "my", "a", "reminder", "reminders", "to", "about", "for", "of",
                     "nudge", "one", "with", "at"})


def move(ctx: Ctx, text: str) -> list[Reply] | None:
    """The replies to a step moved by name; None when the message is no such request."""
    request = move_request(text)
    if request is None:
        return None
    pending = [n for n in ctx.repo.nudges_for_user(ctx.user.key) if n.status == "pending"]
    ivs = {iv.id: iv for iv in open_interviews(ctx)}
    # An offer (a closed application) still has its answer's reminder to move.
    offers = {n.interview_id for n in pending if n.kind == OFFER_DEADLINE}
    ivs |= {iv.id: iv for iv in ctx.repo.interviews_for(ctx.user.key) if iv.id in offers}
    called = {iv.id: p for iv in ivs.values() if (p := _called(iv, request.what)) is not None}
    named = [ivs[i] for i in called]
    what = request.what
    for pattern in called.values():
        what = pattern.sub(" ", what)
    steps = _by_kind(pending, what, ivs, named)
    # One of the user's own: pending, or one that just went out (as its buttons put it off).
    own = [n for n in pending if n.kind == OWN_REMINDER]
    sent = [n for n in ctx.repo.nudges_for_user(ctx.user.key) if n.status == "sent" and
            n.done_at is not None and ctx.now - n.done_at <= snooze.RECENT]
    if called:
        # "the Acme call" is no reminder of the user's own unless its words name Acme too
        # (not "call mum").
        own, sent = ([n for n in ns if any(p.search(n.text or "") for p in called.values())]
                     for ns in (own, sent))
    mine = _own(own, what) or _own(sent[::-1], what)
    if not steps and mine is None and _EMAIL.search(what):
        steps = _by_kind(pending, "follow-up", ivs, named)
    if len({n.interview_id for n in steps}) > 1:
        names = " or ".join(ivs[i].company or "the other" for i in
                            dict.fromkeys(n.interview_id for n in steps))
        return [reply(f"Which one: {names}? Say it with the company, e.g. \"move the "
                      f"{ivs[steps[0].interview_id].company or 'Acme'} {' '.join(what.split())}"
                      f" to {request.when}\".")]
    found = steps[0] if steps else mine
    if found is None:
        return [reply(f"I couldn't find a pending {request.what} to move. Type status to see "
                      f"each plan, or reminders for your own.")]
    if found.kind == OWN_REMINDER:
        return _move_own(ctx, found, request.when)
    return snooze.move_step(ctx, ivs[found.interview_id], found.kind, request.when, found.id)


def _called(iv: Interview, text: str) -> re.Pattern[str] | None:
    """The words that name `iv`'s company in `text` ("Wayne Enterprises", or its first word
    alone, "the Wayne call"), as a pattern to remove them; None when `text` does not."""
    if not iv.company:
        return None
    first = iv.company.split()[0]
    names = [re.escape(iv.company)] + ([re.escape(first)] if len(first) >= 3 else [])
    pattern = re.compile(rf"\b(?:{'|'.join(names)})(?:'s)?(?!\w)", re.IGNORECASE)
    return pattern if pattern.search(text) else None


def snooze_command(ctx: Ctx, rest: str = "") -> list[Reply]:
    """`snooze <step> till <when>` ("snooze the check-in till Monday"): that step moved by
    name; otherwise the last reminder snoozed (snooze.command)."""
    return move(ctx, f"snooze {rest.strip()}") or snooze.command(ctx, rest)


def _by_kind(pending: list[Nudge], what: str, ivs: dict[str, Interview],
             named: list[Interview]) -> list[Nudge]:
    """The pending steps of the kind `what` names, earliest first, of the named application
    if any."""
    kinds = next((k for pattern, k in _NAMES if pattern.search(what)), None)
    if kinds is None:
        return []
    allowed = {iv.id for iv in named} or set(ivs)
    return [n for n in pending if n.kind in kinds and n.interview_id in allowed]


def _own(pending: list[Nudge], what: str) -> Nudge | None:
    """The user's own reminder whose words `what` shares most ("the recruiter reminder"); the
    next one when `what` says only "reminder"."""
    own = [n for n in pending if n.kind == OWN_REMINDER]
    words = {w for w in re.findall(r"[a-z0-9']+", what.lower()) if w not in _FILLER}
    if not words:
        return own[0] if own else None
    scored = [(len(words & set(re.findall(r"[a-z0-9']+", (n.text or "").lower()))), n)
              for n in own]
    best = max((s for s, _ in scored), default=0)
    return next((n for s, n in scored if s == best), None) if best else None


def _move_own(ctx: Ctx, n: Nudge, when_text: str) -> list[Reply]:
    when = snooze.read_time(ctx, when_text)
    if when is None or when <= ctx.now:
        return [reply(f"I couldn't read \"{when_text}\" as a time still to come, so your "
                      f"reminder stays on {fmt_when(n.due_at, ctx.prefs.tz)}. Try \"Friday\", "
                      f"\"tomorrow at 10\" or \"in 2 hours\".")]
    if n.status == "pending":
        n.cancel(ctx.now, "moved by the user")
        ctx.repo.save_nudge(n)
    later = reminders.add(ctx, when, n.text or "", note=f"put off from {n.id}")
    return [reply(f"Moved: I'll remind you on {fmt_when(later.due_at, ctx.prefs.tz)}"
                  f"{zone_suffix(ctx.prefs)}: {n.text or 'your reminder'}.",
                  buttons=[[reminders.cancel_button(ctx, later)]])]
