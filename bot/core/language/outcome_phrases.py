"""What a follow-up says of how an interview ended: selected (an offer), not selected, still
waiting, on standby, or no answer when the user called; the codes are those the outcome
buttons store ("sel", "not", "wait", "sby", "na")."""

from __future__ import annotations

import re

_OFFER_RE = re.compile(
    r"\b(?:got|landed|received|have|accepted)\s+(?:the|an?|their)\s+(?:job|offer|position|role)\b|"
    r"\bi'?m\s+hired\b|\bi\s+got\s+it\b|\bthey\s+(?:offered|hired|picked|chose)\s+me\b|"
    r"\bi\s+(?:was|got|have\s+been)\s+selected\b|\b(?:want|wants)\s+(?:to\s+(?:hire|offer)\s+)?me"
    r"(?:\s+(?:on\s+board|to\s+start))?\s*[!.]|\bmake\s+me\s+an\s+offer\b|\b(?:got|received|have)"
    r"\s+(?:an?|the|their)\s+(?:\w+\s+)?(?:offer|contract)\b|\boffered\s+me\b|\bi\s+accepted\b|"
    r"\bit'?s\s+a\s+yes\b|\bhired\s+(?:me|on\s+the\s+spot)\b|\boffering\s+me\b|\boffer\s+letter\b|"
    r"\bverbal\s+offer\b|\byou['’]?re\s+hired\b|\b(?:signed|received|got)\s+(?:the|my|their)\s+"
    r"contract\b|\bcontract\s+(?:arrived|came|is\s+here)\b|\b(?:pleased|delighted|happy|thrilled)\s+to\s+offer\s+you\b|\bsaid\s+yes\b(?!\s+to\s+(?:a|an|the|another)\s)|\bcame\s+through\b|\bi\s+start\s+(?:on\s+)?(?:mon|tue|wed|thu|fri|sat|sun|"
    r"next|the\s+\d)\w*|\bstart\s+on\s+the\s+\d|\b(?:they|she|he)\s+said\s+yes\b|\bwant\s+me[,!.]|"
    # "they've given me the job", "I was offered the role", "a contract to sign"
    r"\bgi(?:ve|ven|ving)\s+me\s+the\s+(?:job|role|position|post)\b|\b(?:was|been|got|i'?ve\s+been)\s+"
    r"offered\s+(?:the|a|an|my)\b|\bcontract\s+to\s+sign\b|\bwant\s+me\s+to\s+start\b|"
    r"\b(?:job|role|position|place|gig|post)\s+is\s+mine\b|\bit'?s\s+mine\b|"
    # "Acme have made me an offer", "the job's mine if I want it"
    r"\b(?:made|make|making)\s+me\s+an?\s+(?:\w+\s+)?offer\b|\b(?:job|role|position|place|"
    r"gig|post)['’]s\s+mine\b",
    re.IGNORECASE,
)
_REJECTION_RE = re.compile(
    r"\b(?:rejected|turned\s+(?:me\s+)?down)\b|\bdidn'?t\s+get\s+(?:it|the\s+(?:job|offer|"
    r"role|position))\b|\bnot\s+selected\b|\bwent\s+with\s+(?:someone|another)\b|"
    r"\boffered\s+(?:it|the\s+(?:job|role|position))\s+to\s+(?:someone|another)\b|"
    r"\b(?:was|were)\s+unsuccessful\b|\bdidn'?t\s+get\s+(?:the\s+)?[\w' -]{0,25}?(?:job|role|"
    r"position|offer|place)\b|\bdidn'?t\s+make\s+it\b|\b(?:said|it'?s|was)\s+a\s+no\b|"
    r"\bsaid\s+no\b(?!\s+(?:decision|news|date|word|one|later|until|to\s+the))|\b(?:move|moving|go|going|gone|went|proceed\w*)\s+(?:forward\s+)?with\s+"
    r"(?:other|another|an?\s+internal|someone|the\s+other)\b|\binternal\s+candidate\b|\bsomeone\s+"
    r"internal\b|\bregret\s+(?:to\s+(?:inform|say|tell)|mail|e-?mail|letter)\b|\bnot\s+shortlisted\b|"
    r"\bunfortunately[^.!?\n]{0,60}\b(?:not|unsuccessful|other\s+candidates?|won'?t)\b|"
    r"\b(?:it'?s|was|got)\s+a\s+(?:no|naw|nah)\b|\bunsuccessful\b|\bon\s+this\s+occasion\b|\bnot\s+(?:been\s+)?"
    r"successful\b|\bnot\s+moving\s+forward\b|\bdecided\s+not\s+to\b|\bgot\s+a\s+no\b|"
    # "aren't taking me forward", "not progressing my application", "not the right fit"
    r"\b(?:not|aren'?t|isn'?t|won'?t\s+be|are\s+not|is\s+not)\s+(?:taking|putting|progressing|"
    r"moving)\s+(?:me|my\s+application)\s+(?:forward|further)?\b|"
    r"\b(?:not|wasn'?t|isn'?t)\s+(?:quite\s+)?(?:the\s+)?right\s+fit\b|"
    r"\bdidn'?t\s+feel\s+(?:it\s+was|i\s+was)\s+(?:the\s+)?right\s+fit\b|"
    r"\b(?:picked|chose|hired|gave\s+it\s+to|offered\s+it\s+to)\s+(?:someone|somebody|another)\b|"
    r"\brejection\s+(?:e-?mail|letter|call|message|text)\b|\bno\s+luck\b|\b(?:not|isn'?t|aren'?t|"
    r"wasn'?t|weren'?t)\s+(?:quite\s+)?(?:the\s+|a\s+)?(?:right|good|best)\s+[\"“'‘]?(?:culture\s+|"
    r"cultural\s+|team\s+)?fit\b|(?<!\beven\sa\s)(?<!\bnot\sa\s)\brejection\b|"
    r"\bunfortunately['’\"]?\s+(?:e-?mail|letter|message|text|call)\b|\bthanks[- ]but[- ]no[- ]"
    r"thanks\b|\b(?:didn'?t|did\s+not|not)\s+pass(?:ed)?\b|\bn[aã]o\s+passei\b|\bdid\s+not\s+get\s+"
    r"(?:it|the\s+(?:job|offer|role|position))\b|\b(?:wasn'?t|was\s+not|weren'?t)\s+successful\b|"
    r"\b(?:position|role|job|post|vacancy)\s+(?:has\s+been\s+|was\s+|is\s+|got\s+)?filled\b|"
    r"\bpassed\s+on\s+me\b|\bno\s+go\b|\bbounced\s+(?:at|after|out)\b|\bknock(?:ed)?[- ]?back\b|"
    r"\bbinned\s+(?:me|off)\b|\b(?:didn'?t|did\s+not)\s+(?:choose|pick|select)\s+me\b|"
    r"\bnot\s+(?:been\s+)?(?:chosen|picked)\b|"
    # "that's a no from Argos", "filled the server position", "offered to another applicant",
    # "gave it to the owner's nephew", "after careful consideration"
    r"\b(?:that['’]?s|it['’]?s|its)\s+a\s+(?:no|nope|hard\s+no)\b|\bfilled\s+the\s+(?:[\w-]+\s+){0,2}"
    r"(?:position|role|job|post|vacancy)\b|\b(?:offered|given)\s+to\s+(?:another|a\s+different|"
    r"someone|somebody|the\s+other)\b|\b(?:gave|given|offered)\s+(?:it|the\s+(?:job|role|position|"
    r"post))\s+to\s+(?:someone|somebody|another|the|a|an|his|her|their|one\s+of)\b(?![^.!?]{0,40}"
    r"\b(?:first|if|unless)\b)|\bafter\s+careful\s+consideration\b|"
    # "a really strong candidate but not this time", "not on this occasion"
    r"\bbut\s+not\s+(?:this\s+time|on\s+this\s+occasion|for\s+this\s+(?:one|role|job|position))\b|"
    # "Not progressing to the final round", "I'm not going through to the next stage"
    r"\b(?:not|won'?t\s+be|isn'?t|aren'?t)\s+(?:progressing|going|moving|getting|making\s+it|"
    r"being\s+(?:taken|put))\s+(?:forward\s+|through\s+|on\s+)?(?:to|into)\s+(?:the\s+)?(?:next|"
    r"final|second|third|last|\d\w*|\w+)\s+(?:round|stage|step|interview)\b",
    re.IGNORECASE,
)
_WAITING_RE = re.compile(r"^(?:they(?:'re|\s+are)\s+still\s+(?:waiting|deciding)|still\s+"
                         r"deciding)\b|"
                         # "needs a few more days to think about it"
                         r"\b(?:more|few)\s+(?:more\s+)?days\s+to\s+(?:think|decide|mull)\b|"
                         r"\b(?:need|needs|want|wants)\s+(?:a\s+(?:bit|little)\s+)?more\s+time\b|"
                         r"\bmake\s+up\s+(?:their|her|his)\s+minds?\b|\bmade\s+up\s+(?:their|her|his)\s+"
                         r"minds?\s+yet\b|\bstill\s+(?:deliberat\w+|weighing|thinking\s+it\s+over)\b|"
                         r"\bwaiting\s+(?:on|for)\s+(?:sign[- ]?off|approval|budget|the\s+"
                         r"(?:director|board|budget)|references)\b|"
                         r"\bstill\s+no\s+decision\b|\bstill\s+(?:reviewing|assessing|in\s+review)\b|"
                         r"\b(?:haven'?t|have\s+not|hasn'?t)\s+finished\s+(?:interviewing|reviewing|"
                         r"deciding)\b|\bnothing\s+(?:final|either\s+way)\b|\bweighing\s+(?:up|it\s+up)\b|"
                         r"\bunder\s+consideration\b|\b(?:hasn'?t|haven'?t|has\s+not|have\s+not)"
                         r"\s+(?:made\s+(?:a\s+)?(?:call|decision|up\s+their\s+minds?)|decided)\b|"
                         r"\bstill\s+(?:interviewing|seeing|deciding|considering|got\s+\w+\s+(?:to|tae)\s+see|has\s+to|"
    r"have\s+to|needs?\s+to)\b|\bhang\s+tight\b|\bminds?\s+up\b|\bno\s+decided\b|\bin\s+"
    r"limbo\b|\bnot\s+(?:yet\s+)?decided\b|\bdecide\s+later\b|\bno\s+decision\s+yet\b|"
    # "still waiting on the hiring manager to sign off", "nothing's been decided", "'not yet'"
    r"\bstill\s+waiting\s+(?:on|for)\s+(?:the\s+)?[\w\s]{0,30}?\bto\s+(?:sign|decide|approve)\b|"
    r"\bnothing(?:'s|\s+has)\s+been\s+decided\b|\bthey\s+said\s+['‘\"]?not\s+yet\b|"
    # "we haven't reached a decision yet", "no decision has been made"
    r"\b(?:haven'?t|have\s+not|hasn'?t|has\s+not|not\s+yet)\s+(?:yet\s+)?(?:reached|come\s+to|"
    r"arrived\s+at)\s+(?:a|their|any)\s+decision\b|\bno\s+decision\s+has\s+(?:yet\s+)?been\s+made\b",
                         re.IGNORECASE)
_STANDBY_RE = re.compile(
    r"\b(?:wait-?listed|in\s+reserve|on\s+the\s+bench|as\s+(?:a\s+)?back-?up|fall-?back|"
    r"offered\s+it\s+to\s+(?:someone|another)\s+(?:\w+\s+)?first|the\s+back-?up|on\s+(?:the\s+)?standby|(?:on\s+(?:the\s+|a\s+)?)?(?:reserve|waiting)\s+list|second\s+"
    r"choice|back-?up\s+candidate|came\s+second|runner[- ]up|next\s+in\s+line|#\s*2\b|number\s+"
    r"two\b|second\s+in\s+line|if\s+it\s+falls\s+(?:through|thru)|if\s+the\s+(?:preferred|first|"
    r"other)\s+(?:candidate|choice|person)|(?<!what\s)if\s+(?:she|he|they|the\s+other\s+\w+|"
    r"the\s+first\s+choice)\s+(?:says|say|turns?\s+it\s+down|doesn'?t\s+(?:accept|get\s+through)|"
    r"drops?\s+out|pulls?\s+out)|hasn'?t\s+accepted\s+yet|if\s+someone\s+drops\s+out|"
    r"(?:come|get)\s+back\s+to\s+me\s+if|(?:in|into)\s+(?:the|their)\s+(?:talent\s+)?pool|plan\s+b|"
    r"keep\s+(?:my\s+(?:cv|details|resume|application)|me)\s+on\s+file|if\s+(?:another|a|"
    r"something|anything)\s+(?:\w+\s+)?(?:opens|comes\s+up|becomes\s+available))\b", re.IGNORECASE)
# A final no, which no "still" in the same message undoes.
_FINAL_NO_RE = re.compile(r"\b(?:rejected|unsuccessful|regret\s+to|not\s+shortlisted|"
                          r"didn'?t\s+get)\b", re.IGNORECASE)
_NO_ANSWER_RE = re.compile(
    r"\b(?:didn'?t|did\s+not|doesn'?t|won'?t)\s+(?:answer|pick\s+up)|\bno\s+(?:answer|one\s+"
    r"(?:answered|picked\s+up))\b|\bvoicemail\b|\brings?\s+(?:out|and\s+rings)\b|\brang\s+out\b|"
    r"\bnobody\s+(?:answer\w*|picked\s+up)\b|\b(?:all\s+)?lines?\s+(?:are|is|were|was)\s+(?:all\s+)?"
    r"busy\b|\bcuts?\s+me\s+off\b|\b(?:person|number)\s+is\s+unavailable\b|"
    r"\bno\s+one\s+picks?\s+up\b|\bno\s*one\s+answer(?:s|ed|ing)?\b|"
    r"\b(?:no\s*one|nobody)\s+(?:about|around|there|in)\b|"
    # "the line was engaged all afternoon", "no one picking up", "nobody's answering"
    r"\b(?:line|number|phone)\s+(?:was|is|kept|keeps)\s+(?:\w+\s+)?(?:engaged|busy)\b|"
    r"\b(?:no\s*one|nobody)(?:'s|\s+is)?\s+(?:picking\s+up|answering)\b|"
    # "I called but there was no reply", "I call the manager 3 times, she not pick"
    r"\b(?:called|call|rang|ring|phoned|phone|tried)\b[^.?!]{0,40}\b(?:no\s+(?:reply|answer|"
    r"response)|not\s+pick\w*|didn'?t\s+pick|straight\s+to\s+voicemail|just\s+rang|unanswered)\b",
    re.IGNORECASE)


def reports_outcome(text: str) -> str | None:
    """The outcome code a message reports ('sel', 'not', 'wait', 'sby', 'na'), else None.
    Standby first: "they offered it to someone else, but if she says no it's mine"."""
    if _STANDBY_RE.search(text):
        return "sby"
    if _WAITING_RE.search(text) and not _FINAL_NO_RE.search(text):
        return "wait"
    if _REJECTION_RE.search(text):
        return "not"
    if _OFFER_RE.search(text):
        return "sel"
    if _NO_ANSWER_RE.search(text):
        return "na"
    return None
