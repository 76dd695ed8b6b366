"""Words around the days and times a message states that say what they are (language.moments
reads them): the interview just ended, a correction or the next round of a story, a promised
weekday still to come, signs that a promised day went by."""

from __future__ import annotations

import re
from datetime import timedelta

# Between the day read first and a later one, words that make the later one the interview's: a
# correction ("Thursday, no wait, it was Wednesday the 18th") or the next round of a story
# ("round 1 was the 12th, round 2 Tuesday, and today was the panel").
CORRECTION = re.compile(
    r"\b(?:no\s+wait|wait\s+no|no\s*[—–-]|no\s+sorry|sorry|i\s+mean|actually|correction|"
    r"scratch\s+that|then\s+(?:they\s+)?(?:moved|did|changed)|moved\s+(?:it\s+)?to)",
    re.IGNORECASE)

# (said in the later day's own sentence, before it)
NEXT_ROUND = re.compile(
    r"\b(?:(?:round|stage|interview)\s*(?:#\s*)?(?:2|3|two|three)|second\s+(?:round|stage|"
    r"interview)|(?:now|and|then)\s+(?:the\s+)?(?:round|stage|final|panel|live\s+interview))",
    re.IGNORECASE)

# The interview has just ended: "just finished", "I'm after finishing" (Irish English), "I don
# finish" (Nigerian Pidgin), "just came out from the interview".
JUST_NOW = re.compile(
    r"\b(?:just|jus|jst)\s+(?:had|did|fini?sh\w*|finsh\w*|got\s+(?:off|out|home|back)|left|"
    r"came\s+out|come\s+out|walked\s+out|wrapped|done|back|completed|attended)\b|"
    r"\bjust\s+now\b|\b(?:after\s+finishing|don\s+finish)\b|"
    # "just came off a Teams call", "just spoke with", "walked out 20 mins ago"
    r"\b(?:just|jus|jst)\s+(?:came|come|got|get|hopped|jumped)\s+off\b|"
    r"\b(?:just|jus|jst)\s+(?:spoke|spoken|talked|met|saw|hung\s+up)\b|"
    r"\b(?:\d{1,3}|a\s+few|few|a\s+couple\s+of|an?|half\s+an)\s*(?:mins?|minutes|hours?|hrs?|hour)"
    r"\s+ago\b|"
    # "just out of my interview", "fresh out of the onsite", "only out of it now"
    r"\b(?:just|jus|jst|fresh|freshly|only)\s+out\s+(?:of|from)\b", re.IGNORECASE)

# A promised day that is only a weekday ("by Monday", "this friday"): written days after the
# interview, it is the one still to come unless the message says it went by.
WEEKDAY_ONLY = re.compile(r"^(?:(?:by|on|this|before|until|till|for)\s+)*(?:mon|tue|wed|thu|fri|"
                          r"sat|sun)[a-z]*(?:'s)?(?:\s+(?:morning|afternoon|evening))?$",
                          re.IGNORECASE)

# Signs the promised day may have gone by: "still nothing", "haven't heard", "no word yet".
OVERDUE = re.compile(r"\b(?:still|nothing|yet|haven'?t|hasn'?t|havent|hasnt|didn'?t|never|"
                     r"passed|ghost\w*|silence|overdue|chase|chasing|no\s+(?:word|news|call|"
                     r"e-?mail|answer|reply|response))\b|\bnot\s+(?:text|call|ring|e-?mail|phone|"
                     r"hear|contact|message)\w*|\bit['’]?s\s+now\b", re.IGNORECASE)

# How far back an interview day named without a date can be ("Christmas", "in September"): the
# corpus's messages are written within weeks of the interview.
LONG_AGO = timedelta(days=60)
# "come back Monday at 7 to sort the paperwork": a next step of the user's, not a promise.
COME_BACK = re.compile(r"\b(?:come|go|pop)\s+(?:back|in|over|round)\s+(?:on\s+|at\s+)?$",
                       re.IGNORECASE)
# "if I don't hear by Friday, call her": the condition of an agreed contact.
IF_NOT_HEARD = re.compile(r"\bif\s+(?:i|you|we)\s*(?:don'?t|do\s+not|haven'?t|have\s+not|"
                          r"didn'?t|hadn'?t|'d\s+not|had\s+not|not)\s+(?:\w+\s+)?(?:hear\w*|get|"
                          r"got|received?)\b|"
                          # "if I'd heard nothing", "if I hear nothing by then"
                          r"\bif\s+(?:i|you|we)\s*(?:['’]d|had|have|['’]ve)?\s*(?:heard|hear|got|"
                          r"get|received?)\s+(?:nothing|no\b|zilch)", re.IGNORECASE)
# Phrases that can only be the past: never an employer's promise.
PAST_PHRASE = re.compile(r"\b(?:ago|yesterday|yday|yest|ystd|last|this\s+morning|earlier)\b",
                         re.IGNORECASE)
# Days counted from when the message was written, not from the interview.
FROM_NOW = re.compile(r"^(?:today|2day|tonight|tomorrow|tomorow|tommorow|tommorrow|tmrw|tmr|"
                      r"2moro|the\s+morra)\b", re.IGNORECASE)


# Words that make a day the employer's promise of news. A strong cue names the news or the
# act of giving it ("let me know", "feedback", "they'll ring"); a weak one only reports speech
# or a limit ("said", "by", "within") and counts when no phrase has a strong one.
_STRONG_PROMISE = (
    r"let\s+(?:me|us)\s+know|hear(?:d)?|hear\s+back|decid\w*|decision\w*|results?|outcome|"
    r"get(?:ting)?\s+back|come\s+back\s+to\s+(?:me|us)|come\s+back\s+(?:before|by|on|within)|"
    r"circle\s+back|tell\s+(?:me|us)|reach\s+out|respond|reply|feedback|"
    # (not a label: "Update: …", "Update I should've sent days ago", "update on Acme")
    r"update(?!\s*:|\s+(?:i|on|for|from|re)\b)|"
    # the present for what is arranged: "Dawn's emailing me Monday", "HR (Jo) ringing me Mon"
    r"(?:calling|ringing|phoning|texting|txting|emailing|e-mailing|messaging|contacting|"
    r"writing\s+to)\s+(?:me|us)|"
    r"news|next\s+steps?|(?:call|ring|text|txt|email|e-mail|message|ping|contact|phone|whatsapp)\s+"
    r"(?:me|us|everyone|every\s*one|candidates|people|folk|back)|be\s+in\s+touch|"
    r"get\s+in\s+touch|revert|inform|offer|answer|confirm|back\s+to\s+me|find\s+out|"
    r"(?:will|'ll|’ll|'d|’d|would|gonna|going\s+to)\s+(?:\w+\s+)?(?:call|ring|phone|text|txt|"
    r"e-?mail|message|contact|tell|send|write)")
STRONG = re.compile(rf"\b(?:{_STRONG_PROMISE})\b", re.IGNORECASE)
PROMISE = re.compile(
    rf"\b(?:{_STRONG_PROMISE}|know|say|said|says|told|promised|by|until|within|before)\b",
    re.IGNORECASE)

# A weekday that says which days the job is, not a day: "a Saturday job", "saturday assistant",
# "Sunday shifts", "weekend staff".
WEEKDAY_JOB = re.compile(
    r"(?:saturday|sunday|weekend|weekday|friday|monday|sat|sun)s?\s+(?:and\s+\w+\s+)?"
    r"(?:job|jobs|assistant|staff|lad|girl|boy|shifts?|work|worker|role|position|person|cleaner|"
    r"team|helper|cover|hours|only|contract|post)\b", re.IGNORECASE)


# The user is to act: "told me to email her", "said to call her", "email him Thursday".
AGREED = re.compile(
    r"(?:\b(?:told|asked|wants?|wanted|invited|said|says|suggested|reminded)\b[^.!?\n]{0,12}?\b(?:to|"
    # "said I should send him a WhatsApp", "told me I can ring her"
    r"(?:i|we)\s+(?:should|must|can|could|need\s+to|have\s+to|had\s+to|am\s+to|'m\s+to))"
    r"\s+|\b(?:said|says)\s*[:,]?\s*[\"'“]?)(?P<verb>e-?mail|mail|call|ring|phone|text|message|"
    r"whatsapp|ping|drop\s+(?:him|her|them)\s+(?:a|an)\s+\w+|follow\s+up|reach\s+out|get\s+in"
    r"\s+touch|contact|send|write|(?:come|get)\s+back\s+to\s+(?:him|her|them|us))\b|"
    r"\b(?P<verb2>e-?mail|call|ring|phone|text|message|whatsapp|ping)\s+(?:him|her|them)\b|"
    r"\bgive\s+(?:him|her|them|us)\s+(?:a\s+)?(?P<verb4>ring|call|shout|bell|buzz|e-?mail|text|"
    r"message)\b|\b(?:told|asked|wants?|said)\s+(?:me\s+)?to\s+(?P<verb5>revert|come\s+back\s+to|"
    r"dm|drop\s+(?:him|her|them)\s+a\s+line)\b|[\"'“]\s*(?P<verb6>dm|text|call|ring|email|"
    r"message)\s+me\b|"
    r"\b(?:wants?|expects?|asked\s+for|would\s+like)\s+(?:a|an)\s+(?:quick\s+|short\s+|brief\s+)?"
    r"(?P<verb3>e-?mail|call|ring|message|text|note|whatsapp)\s+from\s+me\b",
    re.IGNORECASE)


def contact_kind(verb: str, clause: str = "") -> str:
    """"call", "message" or "email" for the verb of an agreed contact ("give him a ring",
    "drop him a message", "write him e-mail"); for a verb that names no channel ("send him",
    "follow up with her", "get back to him"), the channel its `clause` names up to the day
    ("send him a WhatsApp message on Friday", "follow up by email"), else "email"."""
    if not _CHANNEL.search(verb) and not re.match(r"come\s+back", verb) and \
            (named := _CHANNEL.search(clause)):
        verb = named.group(0)
    if re.search(r"\b(?:call|ring|phone|shout|bell|buzz)\b|^come\s+back", verb, re.IGNORECASE):
        return "call"
    if re.search(r"\b(?:text|message|whatsapp|ping|dm|line|sms)\b", verb, re.IGNORECASE):
        return "message"
    return "email"


_CHANNEL = re.compile(r"\b(?:call|ring|phone|text|message|whatsapp|ping|dm|sms|e-?mail|mail)\b",
                      re.IGNORECASE)
