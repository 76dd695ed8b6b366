"""What a free-text message is about, as one labelled intent: the single place the engine (and
the evaluation in tests/nlu/) asks. The labels are those of the corpus guide
(tests/nlu/GUIDE.md); the engine routes each to the feature that answers it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.core.language.asks import (
    wants_interview_practice,
    wants_thank_you_draft,
    wants_to_contact,
)
from bot.core.language.day_phrases import DAY_PHRASE
from bot.core.language.extract import extract
from bot.core.language.intents import (
    THANKED,
    UNSURE_SENT,
    asks_for_news,
    asks_help,
    asks_reminder,
    asks_stats,
    asks_status,
    check_request,
    is_greeting,
    is_thanks,
    reschedules,
    says_thank_you_sent,
    sounds_upcoming,
    tense_of,
    wants_new_interview,
    wants_rehearsal,
)
from bot.core.language.journey import (
    declines_offer,
    move_request,
    note_request,
    reminder_request,
    reminder_to_cancel,
    removal_target,
    wants_to_withdraw,
)
from bot.core.language.models import intent_scores
from bot.core.language.moments import first_future_day
from bot.core.language.outcome_phrases import reports_outcome
from bot.core.language.plain import plain_text

# A question in the present tense with no day ("is it normal to have 5 rounds these days?",
# "what should I wear to an onsite?"): about interviews in general, not one of the user's.
_QUESTION_WORDS = r"what|what['’]s|how|is|are|should|can|do|does|why|which"
_QUESTION_START = re.compile(rf"^\W*(?:{_QUESTION_WORDS})\b", re.IGNORECASE)


def asks_in_general(text: str) -> bool:
    """A question about interviews in general: question form, and neither a tense nor a day
    that places an interview of the user's."""
    future, past = tense_of(text)
    return not future and not past and DAY_PHRASE.search(text) is None and \
        (text.rstrip().endswith("?") or _QUESTION_START.match(text) is not None)


# Topics Hearback gives no help on, asked about ("suit or jeans?", "should I negotiate?", "what
# does competency-based mean?", "is Globex a good company to work for?"): a question on one
# of them that no rule reads as something else is "other", whatever the model makes of it.
_OFF_TOPIC = re.compile(r"\b(?:wear|dress(?:\s+code)?|outfit|suit|negotiat\w*|salary|pay\s+rise|"
                        r"cv|resume|cover\s+letter|portfolio|linkedin\s+(?:profile|headline)|"
                        r"relocat\w*|glassdoor|good\s+(?:company|place|firm)\s+to\s+work)\b|"
                        r"\bwhat\s+(?:does|do)\s+[^?]{2,60}\s+(?:mean|stand\s+for)\b|"
                        r"\bwhat(?:'s|\s+is)\s+the\s+difference\s+between\b", re.IGNORECASE)
_ASKS = re.compile(rf"\?|^\W*(?:{_QUESTION_WORDS}|if)\b|\bshould\s+i\b", re.IGNORECASE)


# Outcome codes (stored, in buttons) -> intent labels.
OUTCOME_INTENTS = {"sel": "outcome_offer", "not": "outcome_rejected", "wait": "outcome_waiting",
                   "sby": "outcome_standby", "na": "outcome_no_answer"}
INTENT_OUTCOMES = {v: k for k, v in OUTCOME_INTENTS.items()}
# A date the employer gave: "HR said", "they told me", "actually".
REPORTED_RE = re.compile(r"\b(?:said|told|replied|wrote|emailed|answered|actually|now|saying|"
                         r"expected|promised|gave\s+me\s+a\s+date|got\s+back\s+to\s+me)\b",
                         re.IGNORECASE)
_THANK_RE = re.compile(r"\bthank", re.IGNORECASE)
# A new interview told of, not a round already logged ("that final round took it out of me").
_JUST_HAD_WORDS = (r"just\s+(?:had|did|done|finished|wrapped|came|got|left|walked|back|out)|"
                   r"another|new|next")
_JUST_HAD = re.compile(rf"\b(?:{_JUST_HAD_WORDS})\b", re.IGNORECASE)
# A report of a new interview or round, whatever goes with it: "just had another interview".
_FRESH = re.compile(rf"\b(?:{_JUST_HAD_WORDS}|second|third|final|2nd|3rd|other)\b", re.IGNORECASE)
# An outcome that opens another round is a report of it ("got through to the final"); a no
# stays a no whatever round it names, unless it led through to another.
_THROUGH_WORDS = r"\bthrough\s+to\b|\binvited\b"
_THROUGH = re.compile(_THROUGH_WORDS, re.IGNORECASE)
_NOT_THROUGH = re.compile(r"\b(?:not|n['’]t|won['’]?t\s+be)\s+(?:\w+\s+)?through\s+to\b",
                          re.IGNORECASE)
_NEW_ROUND = re.compile(r"\b(?:next|another|second|third|final|2nd|3rd)\s+(?:round|stage|"
                        rf"interview)|{_THROUGH_WORDS}", re.IGNORECASE)
# Worry, doubt, disappointment, nerves (answered by coaching.feelings).
_FEELING_RE = re.compile(
    r"\b(?:anxious|anxiety|nervous|nerves|worried|worrying|stress(?:ed|ing)?|knots|can'?t\s+"
    r"(?:sleep|stop\s+thinking|focus|eat)|obsess\w*|refresh(?:ing)?\s+my|checking\s+my\s+"
    r"(?:email|e-mail|phone|inbox)|blew\s+it|bombed|messed\s+(?:it\s+)?up|screwed\s+up|"
    r"crushed|gutted|devastated|heartbroken|hopeless|panic\w*|scared|dread\w*|on\s+edge|"
    r"overthink\w*|losing\s+my\s+mind|froze|talked\s+too\s+much|spiral\w*|wrecked|fraud|"
    r"imposter|bugging\s+me|so\s+badly|doubt\s+myself|feel(?:ing)?\s+(?:so\s+|really\s+|"
    r"like\s+(?:an?\s+)?)?(?:sick|awful|terrible|low|down|useless|stupid|idiot|fool|failure|"
    r"rubbish|crap|bad))\b|"
    # "not good enough", "bit down today", "made a mess of it", "what if they say no"
    r"\bnot\s+good\s+enough\b|\b(?:bit|feeling|so|really|pretty)\s+(?:down|low|flat|deflated|"
    r"defeated|discouraged)\b|\bmade\s+a\s+(?:mess|hash)\b|\bmess\s+of\b|\bdoubt\s+(?:i'?ll|i\s+"
    r"will|myself)\b|\bstarting\s+to\s+doubt\b|\bwhat\s+if\s+(?:they|i|it|she|he)\b|\bgiv(?:e|ing)\s+"
    r"up\b|\bwhy\s+(?:do\s+)?i\s+(?:even\s+)?bother\b|\bwaiting\s+is\s+(?:the\s+worst|killing|awful|"
    r"hard|torture)|\bbricking\s+it\b|\b(?:ever|never)\s+(?:going\s+to|gonna|get)\s+(?:get\s+)?"
    r"(?:a\s+job|hired|anywhere)\b|\bwill\s+i\s+ever\b|"
    # "losing hope", "I don't think I'm good enough", "feel this sick", "so stupid"
    r"\blo(?:se|sing|st)\s+(?:all\s+)?hope\b|\b(?:keep|kept|been)\s+replaying\b|"
    r"\bcring(?:e|ing|ed)\b|\bmortified\b|\bembarrass\w*|\bhumiliat\w*|"
    r"\b(?:heart|mind|head)\s+(?:is\s+)?(?:racing|pounding)\b|"
    r"\b(?:mind|head)\s+(?:is\s+)?spinning\b|"
    r"\b(?:hands?|voice|legs?|i'?m|still)\s+(?:\w+\s+)?shaking\b|"
    r"\bsleepless\b|\bcar\s+crash\b|\bcut\s+out\s+for\b|\bdisrespect\w*|\bpathetic\b|"
    r"\bwhat\s+was\s+i\s+thinking\b|\bi\s+shouldn'?t\s+have\b|\bstay(?:ing)?\s+positive\b|"
    r"\bphysically\s+sick\b|\brambled\b|\b(?:couldn'?t|didn'?t|barely|hardly)\s+sleep\b|"
    r"\bi'?m\s+(?:a|such\s+a)\s+(?:mess|wreck)\b|\bcr(?:ied|ying)\b|\bburn(?:t|ed)\s+out\b|"
    r"\bknackered\b|\bexhausted\b|\bdrained\b|\bwant\s+to\s+(?:disappear|hide|cry)\b|"
    r"\bdid\s+(?:very\s+|so\s+|really\s+)?bad(?:ly)?\b|\bspoke\s+too\s+much\b|"
    r"\bstomach\s+(?:drops|dropped|churn\w*|turns|is\s+in)\b|\b(?:no|not)\s+(?:at\s+)?rest\b|"
    r"\bnervios[ao]\b|\bansios[ao]\b|\b(?:tired|sick)\s+of\s+(?:this|it|all|waiting|the\s+"
    r"waiting)\b|\bfed\s+up\b|\b(?:don'?t|dont|do\s+not)\s+think\s+i'?m\s+(?:\w+\s+)?enough\b|"
    r"\bfeel(?:ing)?\s+(?:this|that)\s+(?:sick|bad|awful|anxious|nervous|low)\b|"
    r"\b(?:so|such\s+an?)\s+(?:stupid|dumb|idiot)\b|"
    r"\b(?:something|it\s+all|everything)\s+went\s+wrong\b", re.IGNORECASE)


_LOGGED_Q = re.compile(r"\bdid\s+i\s+(?:\w+\s+)?(?:log|add|save|record|enter|put\s+in|tell\s+you\s+"
                       r"about)\b", re.IGNORECASE)
_REMIND_WHERE = re.compile(r"\bremind\s+me\s+(?:where|what|who|which|how)\b", re.IGNORECASE)
# A contact the user means to make, whatever day it names ("I want to call them tomorrow").
_I_WANT_TO_CONTACT = re.compile(r"\bi(?:\s+(?:want|need|would\s+like|am\s+going|plan)|\s*['’]d\s+"
                                r"like|\s*['’]m\s+going)\s+to\s+(?:call|ring|phone|email|e-mail|"
                                r"message|text|chase|write\s+to|contact)\s+(?:them|him|her|hr|the\s+"
                                r"\w+|\w+)\b|"
                                # "I think I should contact Initech", "maybe I ought to ring them"
                                r"\b(?:i\s+(?:think|guess|reckon)\s+i|maybe\s+i|i)\s+(?:should|"
                                r"ought\s+to)\s+(?:just\s+)?(?:call|ring|phone|email|e-mail|"
                                r"message|text|chase|write\s+to|contact)\s+(?:them|him|her|hr|the\s+"
                                r"\w+|\w+)\b|"
                                # "I want to send a polite nudge to Initech", "send them a chaser"
                                r"\bi(?:\s+(?:want|need|would\s+like|am\s+going|plan)|\s*['’]d\s+like|"
                                r"\s*['’]m\s+going|\s+(?:think\s+i\s+)?should)\s+to\s+send\s+(?:\w+\s+){0,3}?"
                                r"(?:nudge|chaser|follow[- ]?up|check[- ]?in)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Understood:
    """A message's intent (a label of tests/nlu/GUIDE.md) and what goes with it: `text` to
    proofread for "check" ("" when it is to follow); `about_thank_you` for a "contact" that is
    about the thank-you note (always welcome: seed step 4); `fallback`, for "new_date", the
    intent to use when the date fits no open interview."""

    intent: str
    text: str = ""
    about_thank_you: bool = False
    fallback: str = "other"

    @property
    def outcome(self) -> str | None:
        """The outcome code ("sel", "not", ...) of an outcome intent, else None."""
        return INTENT_OUTCOMES.get(self.intent)


# Intents after which a reported date is looked for (the engine then decides with the open
# interviews whether the message gives one).
TAIL = frozenset({"new_date", "news", "greeting", "other"})


# How sure the intent model must be to overrule the rules, and to stand in for them when the
# rules find nothing (probabilities).
CONFIDENT = 0.6
ENOUGH = 0.2
OVERRULE = 0.9
# Intents whose answer starts nothing (a glance at the plan, a kind word): the model may give
# them at ENOUGH; the rest, which open a flow or offer to record something, need ENOUGH_TO_ACT
# (chosen by cross-validation on the development split, tests/nlu/crossval.py). An outcome
# the model reads is only ever offered for the user to confirm ("Shall I record it …?").
ENOUGH_TO_ACT = 0.3
GENTLE = frozenset({"news", "status", "feeling", "thanks", "greeting", "other"})


def understand(text: str, now: datetime, tz: ZoneInfo) -> Understood:
    """The intent of free text (no command word: the engine parses those first). The rules
    below say it when they are sure of a phrase; the intent model (language.models), trained on
    the corpus, decides when it is confident, and fills in when the rules find nothing. `now`
    (UTC) and `tz` (the user's zone) read the dates in it."""
    text = plain_text(text)
    by_rules = _by_rules(text, now, tz)
    if by_rules.intent in ("check", "thanks", "greeting", "stats", *JOURNEY) or \
            wants_interview_practice(text):
        return by_rules  # exact forms: "check this: ...", "thanks!", "hi", "my stats", "note for …"
    scores = intent_scores(text)
    best = max(scores, key=lambda k: scores[k]) if scores else "other"
    sure = scores.get(best, 0.0)
    if asks_in_general(text):
        # "what should I wear to an onsite?": no interview of theirs is told, whatever its words
        if by_rules.intent in ("report", "upcoming"):
            by_rules = Understood("other")
        if best in ("report", "upcoming"):
            best, sure = "other", 1.0 - sure
    if by_rules.intent == "other" and _OFF_TOPIC.search(text) and _ASKS.search(text):
        return by_rules  # a question on something Hearback does not coach
    if len(text.split()) == 1 and sure < CONFIDENT:
        # One word the rules do not know ("hepl", "hellp"): the model's guess from a few
        # letters is too thin; the engine offers the command it is a typo of, if any.
        return by_rules
    # A rule that recognised a phrase is overruled only when the model is all but certain.
    if best == "other" and by_rules.intent != "other":
        return by_rules  # a phrase the rules know is evidence; the model's "nothing" is not
    if (best == "new_date" and not DAY_PHRASE.search(text)) or \
            (best == "thank_you_sent" and UNSURE_SENT.search(text)):
        # a new date the message does not state ("they'll be in touch"); a thank-you the user
        # is not sure they sent ("I forget if I sent the thank you")
        return by_rules
    if best == "draft_thank_you" and by_rules.about_thank_you:
        return by_rules  # "should I email her a thank-you?": yes, always, with the draft offered
    if best == "check" and sure >= CONFIDENT and by_rules.intent in GENTLE:
        # a pasted follow-up email ("Hi Sam, any update on …? Thanks, Leo") to proofread, not
        # the user's own question
        return Understood("check", text=text.strip())
    weak = by_rules.intent != "other" and sure < OVERRULE
    enough = ENOUGH if best in GENTLE else ENOUGH_TO_ACT
    if not weak and (sure >= CONFIDENT or (by_rules.intent == "other" and sure >= enough)):
        if best == by_rules.intent:
            return by_rules
        if best in ("report", "upcoming"):
            # The model weighs words, not tense: "had a chat with the lead … on thursday" is a
            # report whatever the day; only the words for when settle which one it is.
            future, past = tense_of(text)
            if future != past:
                best = "upcoming" if future else "report"
        if best == "contact":
            return Understood("contact", about_thank_you=bool(_THANK_RE.search(text)))
        if best == "check":
            return Understood("check", text=text.strip())
        fallback = by_rules.intent if by_rules.intent in TAIL - {"new_date"} else by_rules.fallback
        return Understood(best, fallback=fallback)
    return by_rules


_LETS_REHEARSE = re.compile(
    r"^(?:let'?s|can\s+we|could\s+we|shall\s+we|i\s+(?:want|need|'d\s+like)\s+to|help\s+me)\b[^.?!]"
    r"{0,20}\b(?:dry\s+run|practi[sc]e|rehears\w*|role-?play|run\s+through|mock)\b|"
    # "pretend you're the hiring manager", "you be the recruiter", "can I practise with you?"
    r"\bpretend\s+(?:to\s+be|you'?re|you\s+are)\b|\byou\s+(?:be|play|act\s+as)\s+(?:the|my)\s+"
    r"(?:recruiter|hr|manager|hiring\s+manager|interviewer|employer|boss)\b|\brole[- ]?play\b|"
    r"\bmock\s+(?:call|phone\s+call|conversation|chat)\b|\b(?:practi[sc]e|rehearse|try\s+(?:it|the\s+"
    r"call|this))\s+(?:it\s+)?(?:with|on)\s+you\b", re.IGNORECASE)


# Issue 17's intents, each an exact form the rules read (language.journey): a note or the job
# link, withdrawing, removing an application, moving a step by name (a "remind": it puts a
# reminder off). The model was not trained on them, so it never overrules them.
JOURNEY = ("note", "withdraw", "remove")


def _journey(text: str) -> Understood | None:
    if note_request(text) is not None:
        return Understood("note")
    if wants_to_withdraw(text) or declines_offer(text):
        return Understood("withdraw")  # (declining an offer is answered with its draft)
    if move_request(text) is not None or reminder_request(text) is not None or \
            reminder_to_cancel(text) is not None:
        # ("remove my reminder to…" is about a reminder, not an application)
        return Understood("remind")
    if removal_target(text) is not None:
        return Understood("remove")
    return None


def _last_sentence(text: str) -> str:
    return re.split(r"(?<=[.!?])\s+(?=\S)", text.strip())[-1]


def _by_rules(text: str, now: datetime, tz: ZoneInfo) -> Understood:
    """The hand-written rules, checked in order of precedence. "check this:" comes first: the
    pasted text may mention anything, an interview included."""
    if (to_check := check_request(text)) is not None:
        return Understood("check", text=to_check)
    if (journey := _journey(text)) is not None:
        return journey
    if _LETS_REHEARSE.search(text) or wants_interview_practice(text):
        return Understood("rehearse")  # "let's do a dry run of the phone call with Bronwyn"
    if asks_stats(text):
        return Understood("stats")  # "what % of my applications ended in a rejection?"
    if _LOGGED_Q.search(text):
        return Understood("status")  # "did I log the Kainos final round?"
    if asks_help(text) and not wants_thank_you_draft(text):
        return Understood("help")  # "do I tell you about every interview or just the big ones?"
    code = reports_outcome(text)
    # (a no that names a round is still a no: "wasn't successful at the final stage")
    if (code == "not" and (not _THROUGH.search(text) or _NOT_THROUGH.search(text))) or \
            (code == "sel" and not _NEW_ROUND.search(text)):
        return Understood(OUTCOME_INTENTS[code])  # "it's a no, didn't even make the superday"
    if THANKED.search(text) and not UNSURE_SENT.search(text):
        return Understood("thank_you_sent")  # "wrote to globex to thank them for the interview"
    if wants_new_interview(text):
        if _FEELING_RE.search(text) and not _JUST_HAD.search(text):
            return Understood("feeling")  # "pretty sure I bombed the interview": one logged
        if wants_thank_you_draft(text):
            return Understood("draft_thank_you")  # "thank you email draft for the 2nd round"
        if asks_for_news(text) and not _JUST_HAD.search(text):
            return Understood("news")  # "a week since my final round at Monzo and not a peep"
        if _I_WANT_TO_CONTACT.search(text):
            return Understood("contact", about_thank_you=bool(_THANK_RE.search(text)))
        if wants_to_contact(_last_sentence(text)) and (text.rstrip().endswith("?") or
                                                       not _FRESH.search(text)):
            # "The Globex interview was last Tuesday … would it be rude to send a short
            # email?": the interview is the background of the question.
            return Understood("contact", about_thank_you=bool(_THANK_RE.search(text)))
        future, past = tense_of(text)
        return Understood("upcoming" if future and not past else "report")
    if says_thank_you_sent(text):
        return Understood("thank_you_sent")
    if wants_thank_you_draft(text):
        return Understood("draft_thank_you")
    if code is not None:
        return Understood(OUTCOME_INTENTS[code])
    if is_thanks(text):
        return Understood("thanks")
    if _REMIND_WHERE.search(text) and asks_status(text):
        return Understood("status")  # "remind me where I'm at with Manulife": a question
    if asks_reminder(text):
        return Understood("remind")  # "set a reminder to call Globex next Tuesday at 10"
    if _I_WANT_TO_CONTACT.search(text):
        return Understood("contact", about_thank_you=bool(_THANK_RE.search(text)))
    if sounds_upcoming(text):
        return Understood("upcoming")
    if asks_status(text):
        return Understood("status")
    if wants_to_contact(text):
        return Understood("contact", about_thank_you=bool(_THANK_RE.search(text)))
    if reschedules(text) and first_future_day(text, now, tz) is not None:
        return Understood("new_date", fallback="feeling")  # "moved it AGAIN, I'm so tired"
    if _FEELING_RE.search(text) and not asks_for_news(text):
        return Understood("feeling")  # (fretting that no news came is a news question: the guide)
    if wants_rehearsal(text):
        return Understood("rehearse")
    tail = "news" if asks_for_news(text) else "greeting" if is_greeting(text) else "other"
    if (REPORTED_RE.search(text) or reschedules(text)) and not (tail == "news" and (
            "?" in text or asks_for_news(_last_sentence(text)))):  # "… by monday. nothing."
        decision = extract(text, now, tz).decision
        if (decision is not None and decision.doubt is None) or \
                (reschedules(text) and first_future_day(text, now, tz) is not None):
            return Understood("new_date", fallback=tail)
    return Understood(tail)
