"""The words of the drafts: one table of letters (the thank-you, seed step 4; the agreed
follow-up email, step 3; a gracious reply after a rejection), each a subject and paragraphs with
named blanks, and one frame (greeting, paragraphs, sign-off, the profile's signature) for all.

The blanks are filled with `str.format`: only the templates below are read as templates, so
whatever the user typed (a company called "{role}") is copied as it is."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from bot.core.contract.context import Ctx
from bot.core.contract.models import Interview, User
from bot.core.contract.prefs import working_day
from bot.core.language.dates import fmt_day
from bot.core.language.wording import role_phrase
from bot.core.plan.planner import local_day

# What a draft shows where the profile has no value yet (the draft check flags them).
PLACEHOLDERS = {"full_name": "<your full name>", "phone": "<your phone number>",
                "email": "<your email>", "address": "<your mailing address>"}
SIGNATURE = ("full_name", "phone", "address", "email")
SIGN_OFF = "Kind regards,"


@dataclass(frozen=True)
class Letter:
    """One kind of draft: `name` as the user reads it ("thank-you"), the `subject` and the
    `paragraphs`, with the blanks {name} (the user's full name), {when} ("today", "on Tue 24
    Nov"), {role} ("the backend role"), {at} (" at Acme", or ""), {enjoyed} (a sentence) and
    {follow_up_opening} ("As you suggested when we met …" only when someone did suggest it:
    an agreed contact)."""

    name: str
    subject: str
    paragraphs: tuple[str, ...]


# The seed: the subject "Job interview follow up – <full name>" keeps a thank-you out of spam.
LETTERS: dict[str, Letter] = {
    "ty": Letter(
        "thank-you", "Job interview follow up – {name}",
        ("Thank you for taking the time to meet me {when} to discuss {role}{at}. {enjoyed} Our "
         "conversation confirmed how much I would like to contribute.",
         "I appreciate the opportunity and look forward to hearing about the next steps.")),
    "fu": Letter(
        "follow-up email", "Following up on {role} – {name}",
        ("{follow_up_opening} {role}{at}. I remain very interested, and I would be grateful for "
         "any update on the decision or the next steps.",
         "Thank you again for your time.")),
    "fb": Letter(
        "reply asking for feedback", "Thank you – {name}",
        ("Thank you for letting me know about your decision on {role}{at}, and for the time you "
         "gave me during the process. If you have a moment, I would value any feedback on how I "
         "could make myself a stronger candidate.",
         "I hope our paths cross again, and I wish the team every success.")),
    # Issue 17: withdrawing while the employer still counts on you, courteously and briefly.
    "wd": Letter(
        "withdrawal note", "Withdrawing my application – {name}",
        ("Thank you for considering me for {role}{at}, and for the time you and the team have "
         "given me. After careful thought, I have decided to withdraw my application.",
         "I appreciated our conversations and hope our paths cross again.")),
    # The offer stage (issue 17): accept it, ask for time to decide, and tell another open
    # application about the offer while asking for an update.
    "oa": Letter(
        "acceptance of the offer", "Offer acceptance – {name}",
        ("Thank you for offering me {role}{at}. I am delighted to accept.",
         "Could you confirm the start date and the next steps for the contract? Please let me "
         "know if you need anything from me in the meantime.",
         "I look forward to joining the team.")),
    "ot": Letter(
        "request for time to decide", "Thank you for the offer – {name}",
        ("Thank you very much for offering me {role}{at}. I am excited about the opportunity.",
         "As it is an important decision, I would like a little time to go through the details. "
         "Would it be possible to give you my answer by {answer_by}?",
         "Thank you for your understanding.")),
    "od": Letter(
        "refusal of the offer", "Thank you for the offer – {name}",
        ("Thank you very much for offering me {role}{at}, and for the time you and the team "
         "have given me throughout the process.",
         "After careful thought, I have decided to decline the offer. It was not an easy "
         "decision: I enjoyed meeting the team and learning about the work.",
         "I hope our paths cross again, and I wish you every success.")),
    "ou": Letter(
        "update about an offer", "Update on my application – {name}",
        ("I am writing about my application for {role}{at}, following our interview {when}. I "
         "have since received a job offer from another company{offer_by}.",
         "I remain very interested in this role, so before I decide I would be grateful to know "
         "whether there is any update on your decision.",
         "Thank you for your time, and I look forward to hearing from you.")),
}


def write(ctx: Ctx, iv: Interview, kind: str) -> tuple[str, str]:
    """The subject and the body of the letter `kind` (a key of LETTERS; KeyError otherwise)."""
    letter = LETTERS[kind]
    when = _when(iv, ctx)
    suggested = iv.agreed_contact_at is not None
    blanks = {
        "name": _field(ctx.user, "full_name") or "",
        "follow_up_opening": (f"As you suggested when we met {when}, I am writing to follow up on"
                              if suggested else
                              f"I am writing to follow up on our interview {when} for"),
        "when": when,
        "role": role_phrase(iv),
        "at": f" at {iv.company}" if iv.company else "",
        **_offer_blanks(ctx),
        "enjoyed": (f"I especially enjoyed hearing about {iv.liked}." if iv.liked
                    else "I enjoyed learning more about the team and the work ahead."),
    }
    parts = [f"Dear {iv.interviewer}," if iv.interviewer else "Dear Hiring Team,"]
    for paragraph in letter.paragraphs:
        parts += ["", paragraph.format(**blanks)]
    body = "\n".join([*parts, "", SIGN_OFF, *_signature(ctx.user)])
    return letter.subject.format(**blanks).rstrip(" –"), body


def _offer_blanks(ctx: Ctx) -> dict[str, str]:
    """{offer_by} (" and have been asked to reply by Fri 4 Dec", or "") and {answer_by} (two
    working days after the deadline, or after today when none was given), from the user's most
    recent offer still to be answered."""
    today = local_day(ctx.now, ctx.prefs.tz)
    offers = [iv for iv in ctx.repo.interviews_for(ctx.user.key)
              if iv.outcome == "selected" and iv.offer_at is not None]
    deadline = max((iv.offer_deadline for iv in offers
                    if iv.offer_deadline is not None and iv.offer_deadline >= today),
                   default=None)
    return {"offer_by": f" and have been asked to reply by {fmt_day(deadline)}" if deadline
            else "",
            "answer_by": fmt_day(working_day(max(deadline or today, today), 2, ctx.prefs))}


def _field(user: User, name: str) -> str | None:
    """A profile field for a letter: its value; its placeholder while it was never asked;
    None when the user chose to skip it (the line is left out rather than left to fill)."""
    value: str | None = getattr(user, name)
    if value:
        return value
    return None if user.profile_asked else PLACEHOLDERS[name]


def _signature(user: User) -> list[str]:
    return [value for f in SIGNATURE if (value := _field(user, f))]


def _when(iv: Interview, ctx: Ctx) -> str:
    """When they met, as a letter says it, in the user's zone."""
    day = local_day(iv.interviewed_at, ctx.prefs.tz)
    today = local_day(ctx.now, ctx.prefs.tz)
    if day == today:
        return "today"
    if day == today - timedelta(days=1):
        return "yesterday"
    return f"on {fmt_day(day)}"
