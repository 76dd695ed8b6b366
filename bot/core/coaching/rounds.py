"""One application, several rounds (issue 17): "they invited me to a final round next Tuesday"
or "second round done" adds a round to the application it is about instead of logging a second
interview. The round before goes into `Interview.rounds`; the new one becomes the current round
(`round`, its time `interviewed_at`) and the plan is made again from it: before a round still
to come, a preparation nudge (plan.planner.round_preparation) and the interview practice
(rehearsal.practice) offered now; after it, the thank-you (seed step 4), asking HR for a date
(step 1) and the call (step 6)."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta

from bot.core.coaching import rehearsal
from bot.core.coaching.intake.finish import thank_you_reply
from bot.core.contract import buttons
from bot.core.contract.context import Ctx
from bot.core.contract.messages import Reply, TextBuilder, bold, reply
from bot.core.contract.models import Interview
from bot.core.contract.prefs import zone_suffix
from bot.core.language.dates import fmt_when
from bot.core.language.extract import Facts
from bot.core.language.facts import facts_of
from bot.core.language.journey import after, moment_to_come, round_of, says_done
from bot.core.language.titles import alternation
from bot.core.language.tokens import LEGAL_FORMS
from bot.core.language.wording import the_label
from bot.core.plan.kinds import ROUND_PREP
from bot.core.plan.planner import local_day
from bot.core.plan.schedule import open_interviews, schedule
from bot.core.plan.views import plan_text, rounds_line

# A round still to come whose time of day was not said is planned as if at noon (local).
UNTIMED = time(12, 0)
# The same round told again this long after it was logged is a repeat, not news.
REPEAT_AFTER = timedelta(hours=12)
# A round booked ahead and told of without its name ("it went well") this soon after its time.
HELD_WITHIN = timedelta(days=1)
# A round's preparation comes the evening before it, or hours ahead on the day (planner).
PREP_WINDOW = timedelta(days=2)


def from_text(ctx: Ctx, text: str, intent: str) -> list[Reply] | None:
    """The replies when `text` (read as `intent` "report" or "upcoming") tells of another round
    of an open application; None when it names no round, or an application not logged yet (a
    new intake then starts as before)."""
    label = round_of(text)
    open_ivs = open_interviews(ctx)
    if not open_ivs:
        return None
    facts = facts_of(text, ctx.now, ctx.prefs.tz)
    if label is None:
        # "the interview went well, they'll decide by Wednesday" just after a round was due: that
        # round is done (not a new application to log).
        return _round_just_held(ctx, text, intent, facts, open_ivs)
    if facts.role is not None and re.search(
            rf"\b{re.escape(facts.role)}\s+(?:role|job|position|post|vacancy)\b", text,
            re.IGNORECASE):
        # "second interview at Northwind for the data engineer role" is no round of the data
        # analyst application there: another role is another application. (Only a role said
        # as one: "back for another interview" is no role.)
        said = facts.role.lower()
        open_ivs = [iv for iv in open_ivs if iv.role is None or
                    iv.role.lower() in said or said in iv.role.lower()]
    iv = _which(text, facts.company, open_ivs)
    if iv is None:
        several = _named(text, facts.company, open_ivs)
        if len(several) > 1:  # two applications at the company named: which role
            names = ", ".join(the_label(i) for i in several)
            return [reply(f"You have {names}. Which one is that round for? Tell me again with "
                          f"the role, e.g. \"{label} round for the {several[0].role or 'role'}"
                          f" at {several[0].company}\".")]
        if facts.company is None and len(open_ivs) > 1:
            names = ", ".join(i.company or the_label(i) for i in open_ivs)
            return [reply(f"Which application is that round for ({names})? Tell me again with "
                          f"the company, e.g. \"final round with {open_ivs[0].company or 'Acme'}"
                          f" next Tuesday at 10\".")]
        return None
    if label == "next":
        label = after(iv.round)
    moment = moment_to_come(text, ctx.now, ctx.prefs.tz)
    if moment is None and intent == "upcoming" and not says_done(text):
        # Invited, but no day said: nothing changes until it is known.
        return [reply(f"A {label} round for {the_label(iv)} — well done! When is it? Tell me "
                      f"the day and time, e.g. \"{label} round with {iv.company or 'them'} on "
                      f"Tuesday at 10\", and I'll plan your preparation and the follow-up.")]
    if moment is not None and (intent == "upcoming" or not says_done(text)):
        at = moment.at if moment.has_time else datetime.combine(moment.at.date(), UNTIMED,
                                                                tzinfo=ctx.prefs.tz)
        return _upcoming(ctx, iv, label, at, facts)
    if label == iv.round and iv.interviewed_at <= ctx.now - REPEAT_AFTER:
        return [reply(f"I already have your {label} round for {the_label(iv)} "
                      f"({fmt_when(iv.interviewed_at, ctx.prefs.tz)}). Type status to see its "
                      f"plan.")]
    return _done(ctx, iv, label, facts)


def _done(ctx: Ctx, iv: Interview, label: str, facts: Facts) -> list[Reply]:
    """Round `label` of `iv` has happened: logged (at its booked time when it is the round that
    was booked for that day), then the plan and the thank-you."""
    done_at = facts.interviewed_at if facts.interviewed_at is not None and \
        ctx.now - timedelta(days=7) <= facts.interviewed_at <= ctx.now else ctx.now
    if _booked_and_held(ctx, iv) and label == iv.round and \
            local_day(done_at, ctx.prefs.tz) == local_day(iv.interviewed_at, ctx.prefs.tz):
        done_at = iv.interviewed_at  # "went well today": the booked time, not the time told
    add_round(ctx, iv, label, done_at, facts)
    t = TextBuilder().line(f"Logged your {label} round for ", bold(the_label(iv)),
                           " — the same application, one more round.")
    t.line(rounds_line(ctx, iv))
    t.blank()
    t.extend(plan_text(ctx, iv))
    return [reply(t), thank_you_reply(ctx, iv)]


def _booked_and_held(ctx: Ctx, iv: Interview) -> bool:
    """`iv`'s current round is one of several, its time has passed and was within HELD_WITHIN,
    and no thank-you is marked sent for it yet (so its outcome is still to be told)."""
    return bool(iv.rounds) and iv.round is not None and iv.thank_you_sent_at is None and \
        timedelta(0) <= ctx.now - iv.interviewed_at <= HELD_WITHIN


def _round_just_held(ctx: Ctx, text: str, intent: str, facts: Facts,
                     open_ivs: list[Interview]) -> list[Reply] | None:
    """A report naming no round ("the interview went well today, they'll decide by Wednesday")
    about the one application whose round was booked for about now: that round, done. None
    when the message may be about another interview (a company not among them, a round still
    to come, or no such application, or several)."""
    if intent != "report" or not says_done(text):
        return None
    # Booked ahead: its preparation was planned (a round told as done has none).
    held = [iv for iv in open_ivs if _booked_and_held(ctx, iv) and any(
        n.kind == ROUND_PREP and iv.interviewed_at - PREP_WINDOW <= n.due_at < iv.interviewed_at
        for n in ctx.repo.nudges_for_interview(iv.id))]
    if facts.company is not None:
        held = [iv for iv in held if iv is _which(text, facts.company, open_ivs)]
    if len(held) != 1 or held[0].round is None:
        return None
    return _done(ctx, held[0], held[0].round, facts)


def _which(text: str, company: str | None, open_ivs: list[Interview]) -> Interview | None:
    """The application the round belongs to: the one whose company the message names, or the
    only open one when it names none."""
    named = _named(text, company, open_ivs)
    if len(named) == 1:
        return named[0]
    return open_ivs[0] if not named and company is None and len(open_ivs) == 1 else None


# A legal form people leave out when they name the firm again ("Acme" for "Acme Ltd").
_LEGAL_FORM = re.compile(rf"[\s,]+(?:{alternation(tuple(LEGAL_FORMS))})\.?$", re.IGNORECASE)


def _core(name: str) -> str:
    """A company's name without its legal form, in lower case ("Acme Ltd." -> "acme")."""
    core = _LEGAL_FORM.sub("", name.strip()).strip().lower()
    return core if len(core) >= 2 else name.strip().lower()


def _named(text: str, company: str | None, open_ivs: list[Interview]) -> list[Interview]:
    """The open applications the message names by company; of two at one company, the one
    whose role it names too when it does."""
    named = [iv for iv in open_ivs if iv.company and (
        _core(company or "") == _core(iv.company) or
        re.search(rf"\b{re.escape(_core(iv.company) or iv.company)}\b", text, re.IGNORECASE))]
    by_role = [iv for iv in named if iv.role and
               re.search(rf"\b{re.escape(iv.role)}\b", text, re.IGNORECASE)]
    return by_role if len(named) > 1 and len(by_role) == 1 else named


def add_round(ctx: Ctx, iv: Interview, label: str, at: datetime, facts: Facts) -> None:
    """Make `label` at `at` the current round of `iv` (the one before kept in `rounds`, unless it
    is the same round told again, e.g. done after it was announced), take the new facts the
    message gave, and plan again from it. What belonged to the round before (its thank-you,
    decision date, agreed contact, call retries) starts afresh."""
    if label != iv.round:
        iv.rounds.append({"label": iv.round or "interview", "at": iv.interviewed_at.isoformat()})
    iv.round, iv.interviewed_at = label, at
    iv.interviewer = facts.interviewer or iv.interviewer
    iv.decision_by = facts.decision.day if facts.decision is not None else None
    iv.decision_unknown = facts.decision_unknown
    iv.agreed_contact_at = facts.agreed_contact.when if facts.agreed_contact else None
    iv.agreed_contact_kind = facts.agreed_contact_kind if facts.agreed_contact else None
    iv.thank_you_sent_at = iv.waiting_since = None
    iv.call_retries = iv.early_contacts = 0
    iv.outcome, iv.liked = None, None
    ctx.repo.save_interview(iv)
    schedule(ctx, iv)


def _upcoming(ctx: Ctx, iv: Interview, label: str, at: datetime, facts: Facts) -> list[Reply]:
    # The round still to come told with another time ("the final got moved to Thursday").
    moved = label == iv.round and iv.interviewed_at > ctx.now and at != iv.interviewed_at
    add_round(ctx, iv, label, at, facts)
    t = TextBuilder()
    if moved:
        t.line(f"Moved your {label} round for ", bold(the_label(iv)), " to the new time.")
    else:
        t.line(f"Added your {label} round to ", bold(the_label(iv)),
               " — the same application, not a new one.")
    t.line(rounds_line(ctx, iv))
    t.blank()
    when = f"{fmt_when(at, ctx.prefs.tz)}{zone_suffix(ctx.prefs)}"
    t.line(f"It's on {when}. ", bold("To get ready: "),
           "re-read the job advert and your notes, have two or three questions of your own, and "
           "an example for each thing they asked about last time.")
    t.line("I'll remind you beforehand, with a short practice of the questions; afterwards, "
           "tell me how it went and I'll help with the thank-you and plan the follow-up.")
    t.blank()
    t.extend(plan_text(ctx, iv))
    # The practice is for this round of this application, whatever else is open.
    return [reply(t, buttons=[[rehearsal.practice.start_button(ctx.owner, iv, "Practise now")],
                              [buttons.command_button("See all interviews", ctx.owner, "list")]])]
