"""Rehearsing the call (step 5): the bot plays HR, the user answers, the bot coaches.

`scenarios` holds the data the situations are written from (the facts of the interview, HR's
lines, what a good answer must do, the model answers), `feedback` the rules an answer is judged
by, and `dialog` the conversation (its step table, its typed state, the buttons).

Beside it, the interview practice for a round booked ahead (issue 17): `questions` (three per
kind of round, with model answers' outlines), `marking` (the feedback on an answer) and
`practice` (its dialog, flow "practice"); `choosing` decides which of the two `rehearse` starts.
This package re-exports what the engine, the features registry, the nudges and the tests use.
"""

from bot.core.coaching.rehearsal import practice
from bot.core.coaching.rehearsal.choosing import command as rehearse_command
from bot.core.coaching.rehearsal.choosing import from_text
from bot.core.coaching.rehearsal.dialog import (
    BUTTON_ACTION,
    FLOW,
    NEGOTIATE_ARG,
    OFFER_ARG,
    STEPS,
    Rehearsal,
    answer,
    command,
    current,
    press,
    start_button,
    start_for,
)
from bot.core.coaching.rehearsal.feedback import (
    CHECKS,
    Verdict,
    is_attempt,
    judge,
    names_role,
    says_name,
    says_when_or_who,
)
from bot.core.coaching.rehearsal.scenarios import (
    BY_CODE,
    ORDER,
    SCENARIOS,
    Facts,
    Scenario,
    facts_for,
)

__all__ = [
    "BUTTON_ACTION", "BY_CODE", "CHECKS", "FLOW", "NEGOTIATE_ARG", "OFFER_ARG", "ORDER",
    "SCENARIOS", "STEPS",
    "Facts", "Rehearsal", "Scenario", "Verdict", "answer", "command", "current", "facts_for",
    "from_text", "is_attempt", "judge", "names_role", "practice", "press", "rehearse_command",
    "says_name", "says_when_or_who", "start_button", "start_for",
]
