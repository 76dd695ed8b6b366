"""Occupations: whether a few words name a job ("greenkeeper", "panel beater", "nail tech",
"front of house", "PCSO").

The entity model's own job-word feature (tokens.JOB_WORDS) is fixed by the trained model; this
wider list and the agent-noun endings serve the rules that read a role where the model found
none: a note's "<employer> (greenkeeper)", "<employer>, fryer.", "lifeguard interview at …".
A role's head is its last word ("electrician's mate", "tour guide"), so only that word (or a
whole phrase such as "front of house") is looked up.
"""

from __future__ import annotations

import re

from bot.core.language.tokens import JOB_WORDS, word_set

# Head nouns of jobs the model's word list lacks: trades, hospitality, care, retail, transport,
# public service, the arts. (Words shared with everyday speech, "mate", "host", are heads only
# in a role's place, which the callers' patterns give; "tech" and "guide" only in a phrase:
# "a tech interview", "kindly guide".)
OCCUPATIONS = word_set("""
butcher fishmonger florist grocer greengrocer cobbler tailor seamstress dressmaker upholsterer
glazier tiler plasterer decorator painter locksmith farrier stonemason mason thatcher
cabinetmaker shopfitter installer fabricator riveter sprayer polisher moulder miner driller
rigger erector steelfixer groundworker navvy slinger banksman loader unloader sorter stacker
stocker replenisher shelver doorman bouncer marshal lifeguard warden gamekeeper groundskeeper
groundsman groundsperson arborist forester farmer farmhand shepherd herdsman stockman harvester
grower beekeeper kennelhand groom stablehand jockey rider walker sitter nanny childminder
babysitter playworker practitioner keyworker caregiver befriender mentor advocate counsellor
counselor dietitian dietician podiatrist chiropodist osteopath chiropractor orderly domestic
chambermaid laundress presser cleaner custodian handyman handyperson valet valeter detailer
waiter server busser barback mixologist sommelier commis kp potwasher washer fryer pizzaiolo
confectioner chocolatier counterhand bellboy bellhop colleague salesperson salesman saleswoman
seller bookseller shopkeeper storekeeper chauffeur postie postman signaller signalman
trackworker drayman seaman mariner skipper bosun captain conductor typist transcriber assessor
appraiser valuer conveyancer barrister attorney notary registrar organiser organizer scheduler
purchaser dealer fundraiser campaigner processor reviewer checker examiner investigator
detective sergeant soldier invigilator demonstrator headteacher headmaster headmistress deputy
scholar presenter broadcaster filmmaker singer dancer actor actress performer entertainer
magician model hairdresser barber beautician stylist tattooist piercer programmer coder sysadmin
ambassador promoter canvasser telemarketer foreman forewoman chargehand superintendent overseer
volunteer medic  locum doula phlebotomist optometrist audiologist orthoptist anaesthetist
anesthetist orthodontist optician dispenser usher matron mate beater technologist
clinician manageress dentist hygienist nurse housekeeper keeper cook receptionist croupier courier
""")
# Letters for a job title ("PCSO", "HCA", "KP"): never an employer's letters before a role.
ROLE_LETTERS = word_set("rn rgn rmn hca ta lsa sdr bdr emt pcso qa it hr ux ui pa gp vp ceo cfo "
                        "cto coo cio cmo md fd gm sen senco seo ppc hgv lgv cnc sre sde swe pm ml "
                        "ai bi crm ehs hse ops l1 l2 l3 ict kp foh boh csa odp nqt ect")
# Whole phrases that are a job though their last word is not ("front of house").
_PHRASES = re.compile(r"\b(?:front\s+of\s+house|back\s+of\s+house|au\s+pair|kitchen\s+porter|"
                      r"tree\s+surgeon|panel\s+beater|lollipop\s+(?:man|lady|person)|(?:nail|lab|vet|pharmacy|"
                      r"dental|sound|lighting|theatre|it)\s+tech|(?:tour|museum|mountain|"
                      r"travel)\s+guide)$", re.IGNORECASE)
# Agent-noun endings of jobs ("arborist", "groundsperson", "gatekeeper", "locksmith",
# "shipwright", "ironmonger", "auctioneer"), with the everyday words that share them.
_AGENT_END = re.compile(r"(?:ist|ician|grapher|ineer|eer|ologist|person|keeper|guard|smith|"
                        r"wright|monger|tender)$", re.IGNORECASE)
_NOT_AGENTS = word_set("""
list wrist twist exist assist insist resist consist persist mist fist gist whist shortlist
checklist playlist waitlist blacklist career veneer beer deer cheer steer peer sheer queer leer
jeer person layperson safeguard vanguard regard disregard
""")


def is_occupation(word: str) -> bool:
    """Whether `word` is a job's head noun: the model's job words, the list above, letters for
    a title (when written in capitals or lower case: "PCSO", "kp"), or an agent-noun ending
    ("-ist", "-ician", "-person", "-keeper", "-guard", "-smith", "-monger", "-eer"…)."""
    low = word.lower()
    if low in JOB_WORDS or low in OCCUPATIONS or low in ROLE_LETTERS:
        return True
    return len(low) >= 5 and low.isalpha() and low not in _NOT_AGENTS and \
        bool(_AGENT_END.search(low))


def ends_in_occupation(role: str) -> bool:
    """Whether the words `role` ends in a job: its last word a job's head noun (see
    `is_occupation`) or the whole of a phrase such as "front of house"."""
    words = role.split()
    return bool(words) and (bool(_PHRASES.search(role)) or is_occupation(words[-1]))
