"""Requests a follow-up makes in words: to contact the employer ("should I chase Globex?",
"would a quick call be out of order?"), to write the thank-you ("help me thank them"), and to
practise for an interview ahead ("prep me for the final round"). Read
by language.understand; the words come from the corpus's follow-ups (tests/nlu/GUIDE.md)."""

from __future__ import annotations

import re

_CONTACT_RE = re.compile(
    r"\b(?:should|can|could|shall|may|do)\s+i\s+(?:call|email|e-mail|write\s+to|message|contact|"
    r"ping|chase|follow\s+up(?:\s+with)?|text|ring|phone|whatsapp|reach\s+out)\b|\bi\s+(?:want|need|'d\s+like|would\s+like)"
    r"\s+to\s+(?:call|email|write\s+to|message|contact|chase|follow\s+up)\b|"
    r"\b(?:draft|write)\s+(?:a|another|me\s+a)\s+follow[- ]?up\b|"
    # "help me write an email asking for an update", "a message to chase them"
    r"\b(?:draft|write|word|help\s+me\s+with)\b.{0,30}\b(?:e-?mail|message|note|text|letter|"
    r"msg)\b.{0,20}\b(?:asking|to\s+ask|ask)\s+(?:them\s+)?(?:for|about|if|whether|when|how)\b|"
    r"\b(?:e-?mail|message|note|msg)\s+to\s+(?:chase|nudge|check\s+in\s+with|follow\s+up)\b|"
    r"\b(?:thinking\s+(?:of|about)|considering|planning\s+to|tempted\s+to|want(?:ing)?\s+to|gonna|"
    r"going\s+to|is\s+it\s+"
    r"(?:too\s+)?(?:pushy|weird|ok|okay|bad|rude|too\s+soon)\s+to)\s+(?:call(?:ing)?|e-?mail(?:ing)?|"
    r"text(?:ing)?|ping(?:ing)?|message|messaging|chase|chasing|drop(?:ping)?|ring(?:ing)?|"
    r"writ(?:e|ing)\s+to|phon(?:e|ing)|"
    r"contact(?:ing)?|follow(?:ing)?\s+up|reach(?:ing)?\s+out)\b|"
    r"\b(?:can|could|may|should)\s+i\s+(?:just\s+)?(?:send|drop|flick|fire\s+off)\b|"
    r"\b(?:is\s+it|would\s+it\s+be|will\s+it\s+be)\s+(?:ok|okay|fine|alright|normal|rude|weird|pushy|"
    r"out\s+of\s+order|too\s+\w+)\s+to\s+(?:send|text|message|ring|call|e-?mail|phone|nudge|chase|"
    r"write|contact|dm|ping)\b|\bfollow[- ]?up\s+(?:e-?mail|mail|message|call|note|text)\b|"
    r"\b(?:phone\s+)?call\s+to\s+(?-i:[A-Z])|\bflick\s+(?:an?\s+)?(?:e-?mail|message|text)\b|"
    r"\b(?:message|e-?mail|text|ring|call|phone)\s+(?:my|the|your)\s+interviewer\b|"
    r"\bchase\b.{0,25}\b(?:y/n|yes\s+or\s+no)\b|\bmake\s+i\s+chase\b|\b(?:etiquette|rules?)\s+for\s+"
    r"(?:nudging|chasing|following\s+up|contacting)\b|\b(?:like|want)\s+to\s+(?:nudge|chase)\b|"
    r"\bjust\s+(?:phone|call|ring|email|e-mail)\s+them\b|\bhit\s+send\s+on\s+a\s+follow|"
    r"\btoo\s+(?:early|soon)\s+to\s+(?:send|call|ring|phone|e-?mail|text|message|chase|contact|"
    r"write|follow\s+up|reach\s+out)\b|\b(?:would|will)\s+it\s+be\s+(?:rude|pushy|weird|ok|okay|"
    r"fine|bad|too\s+much|annoying)\s+to\s+(?:send|call|ring|phone|e-?mail|text|message|chase|"
    r"contact|write|follow\s+up|reach\s+out)\b|"
    r"\bis\s+it\s+(?:ok|okay|fine|alright|acceptable|weird|rude|pushy|too\s+soon)\s+(?:if\s+i|for\s+me\s+"
    r"to)\s+(?:call|ring|phone|e-?mail|text|message|contact|chase|write|follow\s+up|reach\s+out)\b|"
    r"\b(?:right|best|good|ok|okay)\s+time\s+to\s+(?:call|ring|phone|e-?mail|text|chase|contact|"
    r"follow\s+up|reach\s+out|get\s+in\s+touch)\b|\bwhen\s+(?:should|can|do)\s+i\s+(?:call|ring|phone|"
    r"e-?mail|chase|follow\s+up|reach\s+out|get\s+in\s+touch|contact)\b|"
    r"\bi(?:'ll|’ll|\s+will|'m\s+going\s+to|\s+am\s+going\s+to)\s+(?:call|ring|phone|e-?mail|drop|text|"
    r"message|contact|write\s+to|chase)\b|"
    # "how long do I wait before chasing Leeds City Council"
    r"\bhow\s+long\s+(?:do|should|must)\s+i\s+wait\s+(?:before|to|until)\s+(?:i\s+)?(?:chas|call|ring|"
    r"phon|e-?mail|follow|contact|nudg|writ)\w*|"
    # "is it worth emailing them again?", "worth a quick call?"
    r"\bworth\s+(?:(?:e-?mail|call|ring|phon|messag|text|chas|nudg|ping|contact|writ)(?:ing|ling)|"
    r"following\s+up|reaching\s+out|(?:a|another)\s+(?:quick\s+|short\s+)?(?:call|ring|e-?mail|"
    r"nudge|chase|message|text|follow[- ]?up))\b",
    re.IGNORECASE,
)


def wants_to_contact(text: str) -> bool:
    """Asks whether to get in touch with the employer, or says they mean to ("should I chase
    Globex?", "would a quick call be out of order?", "chase acme y/n")."""
    return bool(_CONTACT_RE.search(text))


_DRAFT_THANKS_RE = re.compile(
    r"\bhelp\s+me\s+(?:say\s+)?thank|"
    r"\b(?:draft|write|help\s+(?:me\s+)?(?:with|write)|need|want|knock\s+up|whip\s+up)\b.{0,30}"
    r"\b(?:thank|ty\s+(?:msg|message|note|email))|\bwhat\s+(?:should\s+)?i\s+(?:should\s+)?write\s+to\s+"
    r"the\s+(?:interviewer|hiring\s+manager|recruiter)|"
    r"\bwhat\s+(?:do|should|can)\s+i\s+(?:even\s+)?(?:say|write|put)\b.{0,30}\bthank|"
    r"\bthank[- ]?(?:you|s)\s+(?:e-?mail|note|message|letter|msg)\s+(?:draft|pls|please|plz|for)\b|"
    r"^\W*thank[- ]?(?:you|u)\s+(?:e-?mail|note|message)\W*$|\bsubject\s+line\b.{0,40}\bthank|"
    r"\bagradecimento\b|\bpodzi[eę]kowanie\b|\bagradec(?:er|imiento)\b|"
    r"\bhow\s+(?:do|should|would|can)\s+i\s+(?:word|phrase|write|say|start)\b.{0,20}\bthank|"
    r"\blet'?s\s+(?:do|write|draft|work\s+on|sort)\b.{0,20}\bthank",
    re.IGNORECASE)


def wants_thank_you_draft(text: str) -> bool:
    """Asks for help writing the thank-you ("help me thank them", "thank you email pls")."""
    return bool(_DRAFT_THANKS_RE.search(text))


# Practising for an interview still to come (issue 17: a round booked ahead gets its practice):
# "practise for the interview", "prep me for the final round", "mock interview", "can we do some
# interview practice?". A request, said first; a past ("mock interview done at uni") is a report.
_INTERVIEW_PRACTICE_RE = re.compile(
    r"^\W*(?:(?:ok(?:ay)?|so|hey|hi)\W+)?(?:(?:can|could|shall)\s+(?:we|you|i)\s+|let'?s\s+|"
    r"please\s+|i\s+(?:want|need|'d\s+like|would\s+like)\s+to\s+|help\s+me\s+)?"
    r"(?:(?:do|have|run|start|try|give\s+me)\s+)?(?:an?\s+|some\s+)?"
    r"(?:(?:practi[sc]e|rehearse|prep(?:are)?)\s+(?:me\s+)?(?:up\s+)?for\s+"
    r"(?:(?:the|my|this|that|an?|tomorrow'?s|\w+'s)\s+)?(?:[\w-]+\s+){0,3}?(?:interview|round|"
    r"panel|assessment(?:\s+(?:centre|center|day))?)|mock\s+(?:interview|round)|interview\s+"
    r"(?:practice|prep|questions)|practi[sc]e\s+(?:interview|round)|quiz\s+me)\b", re.IGNORECASE)
_PRACTICE_DONE_RE = re.compile(r"\b(?:done|did|had|went|was|finished)\b", re.IGNORECASE)


def wants_interview_practice(text: str) -> bool:
    """Asks to practise for an interview (questions an interviewer asks, not the follow-up
    call): a request said at the start of the message, with no word of it being over."""
    return bool(_INTERVIEW_PRACTICE_RE.search(text)) and not _PRACTICE_DONE_RE.search(text)
# The call script asked for (issue 17): "script", "call script", "what do I say on the call?",
# "what should I say when I call Acme?", "what do I say when they pick up?".
_CALL_SCRIPT_RE = re.compile(
    r"^\W*(?:the\s+|my\s+|a\s+)?(?:call\s+|phone\s+)?script\b|\b(?:call|phone)\s+script\b|"
    r"\bscript\s+for\s+(?:the\s+|my\s+)?(?:call|phone)\b|"
    r"\bwhat\s+(?:do|should|shall|would|can)\s+i\s+(?:even\s+)?say\s+(?:\w+\s+){0,2}?"
    r"(?:on|in|during|for|when\s+i)\s+(?:\w+\s+){0,2}?(?:call|phone|ring)\b|"
    r"\bwhat\s+(?:do|should|shall)\s+i\s+say\s+when\s+(?:they|someone|hr|she|he)\s+"
    r"(?:pick|answer)s?\b",
    re.IGNORECASE)


def wants_call_script(text: str) -> bool:
    """Asks what to say on the call ("call script", "what do I say on the call?")."""
    return bool(_CALL_SCRIPT_RE.search(text))
