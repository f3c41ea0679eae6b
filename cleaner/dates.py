"""Date patterns shared by the rules that move dates into metadata."""

from __future__ import annotations

from datetime import datetime

import regex
from dateutil import parser

MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
WEEKDAY = r"(?:(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs?)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?)"
# A date with its month's name: "March 4th, 2016", "4 March 2016".
WRITTEN_DATE = (
    rf"(?:{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTH},?\s+\d{{4}})"
)
DATE = rf"(?:{WRITTEN_DATE}|\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}[/.]\d{{1,2}}[/.]\d{{2,4}})"
TIME = (
    # seconds only with a.m. or p.m.: "2:02:48" alone is a race's time
    r"(?:\d{1,2}(?:[:.]\d{2}(?::\d{2})?)?\s*(?:[ap]\.?\s?m\.?|AM|PM)|\d{1,2}:\d{2}"
    # the British "09.12 BST": a dot only before a zone, else "1.25" would be a time
    r"|\d{1,2}\.\d{2}(?=\s*(?-i:[A-Z]{3,4})\b))"
    r"(?:\s*(?:[A-Z]{2,4}|GMT[+-]\d{1,2}|UTC[+-]\d{1,2}))?"
)
FIRST_DATE = regex.compile(DATE, regex.IGNORECASE)


def iso_date(text: str) -> str | None:
    """The first full date in ``text`` as YYYY-MM-DD, or None when there is none."""
    match = FIRST_DATE.search(text)
    if match is None:
        return None
    try:
        parsed = parser.parse(match.group(), default=datetime(1, 1, 1))
    except (ValueError, OverflowError):
        return None
    return parsed.date().isoformat()
