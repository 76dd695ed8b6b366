"""Phrases built from an interview's facts, shared by every flow and nudge."""

from __future__ import annotations

from bot.core.contract.models import Interview, ends_in_role_word


def role_phrase(iv: Interview) -> str:
    """'the backend position', 'the Backend developer role', or 'the position'."""
    if not iv.role:
        return "the position"
    return f"the {iv.role}" if ends_in_role_word(iv.role) else f"the {iv.role} position"


def the_label(iv: Interview) -> str:
    """The interview in a sentence: 'the backend role at Acme', 'your Acme interview'."""
    if iv.role:
        return f"the {iv.label}"
    return f"your {iv.company} interview" if iv.company else "your interview"


def who_to_thank(iv: Interview) -> str:
    """Whom a thank-you is addressed to: the interviewer, else the team at the company."""
    return iv.interviewer or (f"the team at {iv.company}" if iv.company else "your interviewer")


def ask_for_date_wording(iv: Interview) -> str:
    """The seed's question to HR when no date was given, quoted, for `iv`'s role."""
    return (f"\"Thank you again for the interview for {role_phrase(iv)}. Could you tell me when I "
            f"can expect to hear about the next step, and whether you or a colleague will let me "
            f"know?\"")


def command_as_typed(platform: str, words: str) -> str:
    """How to type a command in a channel of this platform (Hearback reads only commands and
    mentions there): /board on Telegram, /hearback board on Slack."""
    if platform == "telegram":
        return f"/{words}"
    if platform == "slack":
        return f"/hearback {words}"
    return words


def day_count(n: int) -> str:
    """"1 day", "3 days", "0 days": a count of days as written in nudges and status."""
    return f"{n} day" if n == 1 else f"{n} days"
