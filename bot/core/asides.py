"""Asides: a message typed while a question is open that is clearly not its answer.

"im so anxious", "where am I with Larkfield?", "any news?", "hepl", "check this: <draft>":
answered as they would be outside the question (a kind word, the status, "did you mean help?",
the proofreading), then the question is asked again; nothing is taken as the answer. A
result told meanwhile ("Hooli emailed, I wasn't selected") is acknowledged, to be recorded once
the question is done. What may
well be the answer stays the answer: a short text that is not a question, a name in capitals
("The Anxiety Network"), a text with a day in it, not-knowing ("I didn't catch her name":
Skip), no date given; a lone word is a typo of a command only one edit away and when it is no
word or name of its own ("lisa", "editor", "delta" are answers). The same text sent again right
after an aside is the answer.
"""

from __future__ import annotations

import re

from rapidfuzz.distance import OSA

from bot.core import features
from bot.core.basics import did_you_mean
from bot.core.coaching import calm, feelings, proofread, status
from bot.core.contract.context import Ctx
from bot.core.contract.messages import Reply, reply
from bot.core.contract.models import Dialog
from bot.core.language.dates import says_no_date
from bot.core.language.day_phrases import DAY_PHRASE
from bot.core.language.intents import asks_for_news, asks_status, check_request, means_skip
from bot.core.language.outcome_phrases import reports_outcome
from bot.core.language.spelling import spell_checker
from bot.core.language.tokens import is_given_name
from bot.core.language.understand import understand
from bot.core.plan import schedule as plans

BACK = "Back to my question:"
NOT_SAVED_YET = ("This interview isn't saved yet. A couple more questions and I'll make its "
                 "plan: when news is likely, and when and how to follow up.")
NOT_SAVED_CONTACT = ("Let's save this interview first: its plan will say when getting in touch "
                     "makes sense, and I'll help you word the message.")
# A result told in the middle of a question: acknowledged, and recorded once the question is done.
_NEWS_LATER = {"outcome_offer": "That sounds like wonderful news! 🎉",
               "outcome_rejected": "I'm sorry — that's disappointing news.",
               "outcome_standby": "Standby means you're still in the running."}
_NEWS_OF_A_RESULT = frozenset(_NEWS_LATER)
_RESULT_WORD = re.compile(r"\b(?:selected|offer(?:ed)?|rejected|unsuccessful|didn'?t\s+get|"
                          r"got\s+the\s+(?:job|role)|stand-?by|reserve\s+list)\b", re.IGNORECASE)
LAST_ASIDE = "aside"  # Dialog.data key: the text last answered as an aside (kept one turn)


def aside(ctx: Ctx, dialog: Dialog, text: str) -> list[Reply] | None:
    """The replies to `text` as an aside from the open question `dialog`, or None when it may
    be the answer (see the module). Remembers the text in the dialog, so that the same text
    sent again is taken as the answer."""
    if dialog.data.get(LAST_ASIDE) == text:
        return None
    replies = _aside(ctx, dialog, text)
    if replies is not None:
        dialog.data[LAST_ASIDE] = text
        ctx.repo.save_dialog(dialog)
    return replies


def _aside(ctx: Ctx, dialog: Dialog, text: str) -> list[Reply] | None:
    if (to_check := check_request(text)):
        return [proofread.result(ctx, to_check)]  # "check this: …" always proofreads
    words = text.split()
    if not words or means_skip(text) or says_no_date(text):
        return None
    # "by Friday": an answer, read without the intent model; "can I ring them tomorrow?" is a
    # question, and only a contact or status question is taken as an aside.
    day = DAY_PHRASE.search(text) is not None
    if day and "?" not in text:
        return None
    if len(words) == 1 and text.strip().islower():
        return _typo(ctx, words[0])
    intent = understand(text, ctx.now, ctx.prefs.tz).intent
    if day and intent not in ("contact", "status"):
        return None
    # "still nothing and it's been forever": news asked without a question mark.
    # (the phrase itself must say it: a name answered, "ms van der berg from hr", is no news)
    asked = "?" in text or (intent in ("news", "status") and len(words) >= 4 and
                            (asks_for_news(text) or asks_status(text)))
    if asked:
        if intent in ("status", "news", "contact") and dialog.flow == "intake" and \
                not plans.open_interviews(ctx):
            # Their first interview is the one being logged: nothing to show or chase yet.
            return [reply(NOT_SAVED_CONTACT if intent == "contact" else NOT_SAVED_YET)]
        if intent == "status":
            return status.status_of(ctx, text)
        if intent == "news":
            return status.any_news(ctx)
        if intent == "help":
            return [features.help_reply(ctx)]
        if intent == "contact":
            return calm.contact_wish(ctx, text)  # "should I email Hooli?"
    if intent in _NEWS_OF_A_RESULT and len(words) >= 3 and (
            reports_outcome(text) in ("sel", "not", "sby") or _RESULT_WORD.search(text)):
        # "Hooli emailed, I wasn't selected" typed while logging: news, never the answer
        return [reply(_NEWS_LATER[intent] + (" Let's finish saving this interview first; then "
                      "tell me again, or type outcome, and I'll record it and plan what comes "
                      "next." if dialog.flow == "intake" else " Let's finish this first; then "
                      "tell me again, or type outcome, and I'll record it."))]
    if len(words) < 3 or sum(w[:1].isupper() for w in words) * 2 > len(words):
        return None  # a short answer, or a name in capitals
    if intent == "feeling":
        return feelings.feeling(ctx, text)
    if intent == "help":
        return [features.help_reply(ctx)]
    return None


def _typo(ctx: Ctx, word: str) -> list[Reply] | None:
    """ "hepl" -> did you mean help?; None for a word or a name of its own ("lisa", "delta")."""
    meant = features.suggest_command(word)
    if meant is None or OSA.distance(word.lower(), meant) > 1 or is_given_name(word) or \
            word.lower() in spell_checker().word_frequency.dictionary:
        return None
    return [did_you_mean(ctx, meant)]
