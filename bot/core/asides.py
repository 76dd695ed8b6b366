"""Asides: a message typed while a question is open that is clearly not its answer.

"im so anxious", "where am I with Larkfield?", "hepl": answered as they would be outside the
question (a kind word, the status, "did you mean help?"), then the question is asked again;
nothing is taken as the answer. A short text, one with a day in it ("they said Friday but I'm
nervous") or one that says no date was given stays the answer: names and dates are what the
questions ask for.
"""

from __future__ import annotations

from bot.core import features
from bot.core.basics import did_you_mean
from bot.core.coaching import feelings, status
from bot.core.contract.context import Ctx
from bot.core.contract.messages import Reply
from bot.core.language.dates import says_no_date
from bot.core.language.day_phrases import DAY_PHRASE
from bot.core.language.understand import understand

BACK = "Back to my question:"


def aside(ctx: Ctx, text: str) -> list[Reply] | None:
    """The replies to `text` as an aside from the open question, or None when it may be the
    answer. A single lowercase word within a typo of a command word gets "did you mean"; three
    words or more read as a worry, a status or news question, or a call for help get that
    feature's reply."""
    words = text.split()
    if len(words) == 1 and text.strip().islower() and \
            (meant := features.suggest_command(text)) is not None:
        return [did_you_mean(ctx, meant)]
    if len(words) < 3 or DAY_PHRASE.search(text) or says_no_date(text):
        return None
    intent = understand(text, ctx.now, ctx.prefs.tz).intent
    if intent == "feeling":
        return feelings.feeling(ctx, text)
    if intent == "status" and "?" in text:
        return status.status_of(ctx, text)
    if intent == "news" and "?" in text:
        return status.any_news(ctx)
    if intent == "help":
        return [features.help_reply(ctx)]
    return None
