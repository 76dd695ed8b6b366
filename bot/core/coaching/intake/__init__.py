"""The intake flow: "I just had an interview" -> facts -> a dated plan.

`steps` holds the typed state and the table of questions, `dialog` the conversation (what is
asked next, answers, Skip, confirming a doubtful date, the buttons), `finish` the interview it
saves (or the fact it updates) and the replies that close it. This package re-exports what the
engine, the features registry and the other flows use.
"""

from bot.core.coaching.intake.dialog import (
    answer_button,
    answer_text,
    confirm,
    correct,
    current_question,
    press,
    skip,
    start,
    start_update,
    state_of,
)
from bot.core.coaching.intake.finish import EDITED, summary_reply, thank_you_reply
from bot.core.coaching.intake.steps import (
    ANSWER,
    BUTTON_CODES,
    CODES,
    CONFIRM,
    FLOW,
    SKIP,
    STEP_OF,
    STEPS,
    Confirm,
    IntakeState,
)

# The names every flow module offers (the engine's FLOWS used the longer ones).
answer = answer_text
current = current_question

__all__ = [
    "ANSWER", "BUTTON_CODES", "CODES", "CONFIRM", "EDITED", "FLOW", "SKIP", "STEPS", "STEP_OF",
    "Confirm", "IntakeState", "answer", "answer_button", "answer_text", "confirm", "correct",
    "current",
    "current_question", "press", "skip", "start", "start_update", "state_of", "summary_reply",
    "thank_you_reply",
]
