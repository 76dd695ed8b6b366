"""E-mail addresses and phone numbers in a message, found with well-kept libraries:
email-validator checks each address-like token's syntax, and Google's libphonenumber (the
`phonenumbers` package) finds numbers, read in the country of the user's time zone. A date, a
time range, a salary or a reference number is never taken for a phone number."""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from zoneinfo import ZoneInfo

import phonenumbers
from email_validator import EmailNotValidError, validate_email

# Address-like tokens; email-validator decides which are addresses.
_EMAIL_CANDIDATE = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# A plausible number that libphonenumber does not know as valid (a fictional 07700 900xxx, a
# new range) is kept only after a word that says it is a number.
_PHONE_CUE = re.compile(r"\b(?:phone|mobile|mob|cell|tel|telephone|number|no|nr|ph|call|ring|"
                        r"text|whatsapp|reach|contact|on|at)\b(?:\s+(?:is|was|number|no))?\W{0,3}$",
                        re.IGNORECASE)
_NOT_PHONE_CUE = re.compile(r"(?:\b(?:ref|reference|id|salary|invoice|order|case|job|req|"
                            r"requisition|employee|postcode|zip)\b[^\n]{0,12}|[£$€#]\s*)$",
                            re.IGNORECASE)
_DATEISH = re.compile(r"^\d{1,4}[./-]\d{1,2}(?:[./-]\d{1,4})?$|^\d{1,2}:\d{2}")
# Written the way phone numbers are dialled: from "+", from the trunk prefix "0" in digit
# groups ("07700 900 771", "01632 960112"), or in the North American 3-3-4 groups ("(555)
# 201-7788"). Amounts, references and ranges are not written so ("30000-35000", "4471230098").
_DIALLED = re.compile(r"^(?:\+|0\d{2,4}[\s.-]?\d|\(?\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}$)")
# "28000-32000 a year": a range of amounts, though libphonenumber finds a valid UK number in it.
_RANGE = re.compile(r"^[1-9]\d{3,5}\s*[-–]\s*[1-9]\d{3,5}$")
MIN_DIGITS = 7
DIALLED_DIGITS = 10


def find_email(text: str) -> str | None:
    """The first syntactically valid e-mail address in `text` (as written), or None."""
    for m in _EMAIL_CANDIDATE.finditer(text):
        candidate = m.group(0).strip(".'-")
        try:
            validate_email(candidate, check_deliverability=False)
        except EmailNotValidError:
            continue
        return candidate
    return None


@lru_cache(maxsize=1)
def _zone_countries() -> dict[str, str]:
    """IANA zone -> ISO 3166 country, from the tz database's zone.tab (shipped by tzdata)."""
    table = resources.files("tzdata").joinpath("zoneinfo", "zone.tab").read_text("utf-8")
    out = {}
    for line in table.splitlines():
        if line and not line.startswith("#"):
            parts = line.split("\t")
            if len(parts) >= 3:
                out[parts[2]] = parts[0]
    return out


def region_of(tz: ZoneInfo) -> str:
    """The country whose numbering a local phone number is read in ("GB" when unknown)."""
    return _zone_countries().get(tz.key, "GB")


def find_phone(text: str, tz: ZoneInfo) -> str | None:
    """The first phone number in `text`, as written (trimmed), or None. Numbers valid for their
    country are taken as they are; merely possible ones (a fictional 07700 900xxx, a range
    libphonenumber does not know yet) after a cue such as "mobile" or "call her on", or when
    written as a whole number is dialled (see `_DIALLED`, at least 10 digits); never after
    "ref", "salary" or a currency sign."""
    region = region_of(tz)
    for m in phonenumbers.PhoneNumberMatcher(text, region, leniency=phonenumbers.Leniency.POSSIBLE):
        raw = m.raw_string.strip()
        if raw.count("(") != raw.count(")"):  # "(+44 20 7946 0958)" matches from the "("
            raw = raw.strip("()").strip()
        digits = re.sub(r"\D", "", raw)
        before = text[max(0, m.start - 24): m.start]
        if len(digits) < MIN_DIGITS or _DATEISH.match(raw) or _RANGE.match(raw) or \
                _NOT_PHONE_CUE.search(before):
            continue
        if phonenumbers.is_valid_number(m.number) or _PHONE_CUE.search(before) or \
                (len(digits) >= DIALLED_DIGITS and _DIALLED.match(raw)):
            return raw
    return None
