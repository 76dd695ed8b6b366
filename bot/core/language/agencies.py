"""Recruitment agencies and executive-search firms people name without saying what they are
("Hays sent me to Cromwell Tools", "Recruiter at Adecco"): a name here is an agency, never the
employer, when the message names another company. The large firms of the UK, Ireland, Europe,
North America, India and South Africa, as their own sites and trade listings name them."""

from __future__ import annotations

import re

_NAMES = """
Adecco|Aerotek|Allegis|Antal|Aston Carter|Blue Arrow|Brook Street|Computer Futures|Cpl|
Egon Zehnder|Gi Group|Goodman Masson|Harnham|Harvey Nash|Hays|Heidrick & Struggles|
Heidrick|Hudson|Huxley|Hydrogen|Insight Global|Jefferson Frank|Kelly Services|Kforce|
Korn Ferry|Manpower|ManpowerGroup|Matchtech|Michael Page|Morgan Hunt|Morgan McKinley|
Nigel Frank|Odgers Berndtson|Odgers Berndsen|Odgers|Page Personnel|Pertemps|
Progressive Recruitment|Randstad|Real Staffing|Reed|Robert Half|Robert Walters|Russell Reynolds|
Sanderson|Search Consultancy|Spencer Stuart|Staffline|SThree|Talent International|TEKsystems|
Tiger Recruitment|Walters People|Hunt Partners|ABC Consultants|Quess|TeamLease|Naukri|
Spherion|Express Employment|Hirequest|Tradewind|Prospect Us|Oliver James|
La Fosse|Nicoll Curtin|Venn Group|Hays Recruitment|Reed Recruitment|Adecco Group
"""
_ALTERNATION = "|".join(re.escape(n.strip()) for n in _NAMES.replace("\n", "").split("|")
                        if n.strip())
KNOWN_AGENCY = re.compile(rf"^(?:{_ALTERNATION})$", re.IGNORECASE)
# (named as a name: capitalised, not inside a longer word)
_IN_TEXT = re.compile(rf"(?<![\w&])(?-i:(?=[A-Z]))(?:{_ALTERNATION})(?![\w&])", re.IGNORECASE)


def is_known_agency(name: str) -> bool:
    """Whether `name` (as saved: "Hays", "Morgan McKinley") is a recruitment firm's."""
    return bool(KNOWN_AGENCY.match(name.strip()))


def known_agency_in(text: str) -> str | None:
    """The first recruitment firm of the list `text` names, capitalised as a name ("via
    Hays", "Randstad's Sarah"); None when it names none."""
    m = _IN_TEXT.search(text)
    return m.group(0) if m else None
