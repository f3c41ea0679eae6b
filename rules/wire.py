"""What wire services print around a story: contributor credits and the desk's story slug."""

from __future__ import annotations

import regex

from cleaner.metadata import Metadata, record
from cleaner.rule import DROP, Example, Keep, Line, LineRule

from .bylines import NAME  # a person's name as bylines print it

# Names are joined by commas, "and" or "&": a run of capitalised words without one is one
# name, so a list splits into names in a single way.
NAMES = rf"{NAME}(?:\s*(?:,|&|\band\b)\s*{NAME}){{0,9}}"
# The credit's fixed vocabulary: the desk's roles, each followed by "by" ("with" and
# "additional" qualify a second reporting credit), and Bloomberg's "With assistance from".
ROLE = (
    r"(?i:(?:(?:additional|further|and|with)\s+){0,2}"
    r"(?:reporting|writing|editing|research|compiled|compilation|graphics|fact-checking)"
    r"\s+by|with\s+assistance\s+from)"
)
# Reuters puts the city after the names: "Reporting by Jane Doe in London".
CREDIT = rf"{ROLE}\s+(?P<names>{NAMES})(?:\s+in\s+{NAME})?"
CREDIT_IN_LINE = regex.compile(CREDIT)
NAME_SPLIT = regex.compile(r"\s*(?:,|&|\band\b)\s*")


class WireCredit(LineRule):
    id = "wire-credit"
    summary = (
        "Move wire-service credit lines ('Reporting by Jane Doe; Editing by John Roe') into "
        "metadata as contributors."
    )
    why = (
        "Reuters, AFP and Bloomberg close a story with who reported, wrote and edited it: a "
        "line made only of credits ('Reporting by', 'Editing by', 'Compiled by', 'With "
        "assistance from' and names), often in parentheses. It is a credit, not article text; "
        "the names are kept under 'contributors'. A sentence that merely uses the words "
        "('reporting by phone') has lower-case words after them and is kept."
    )
    # Off by default: annotators keep the credit as article text on one Reuters page in four
    # of the Zyte benchmark (removal precision 0.85 there), so it is no boilerplate to them.
    enabled_by_default = False
    triggers = (" by", "assistance from")
    examples = (
        Example(
            "Text.\n\n(Reporting by Greg Roumeliotis, Joshua Franklin, with reporting by Herb "
            "Lash, editing by Martin Howell.)",
            "Text.",
            (
                (
                    "contributors",
                    ["Greg Roumeliotis", "Joshua Franklin", "Herb Lash", "Martin Howell"],
                ),
            ),
        ),
        Example(
            "Text.\nReporting by Rodrigo Campos; additional reporting by Stephanie Kelly; "
            "Editing by Nick Zieminski and Dan Grebler\nMore.",
            "Text.\nMore.",
            (
                (
                    "contributors",
                    ["Rodrigo Campos", "Stephanie Kelly", "Nick Zieminski", "Dan Grebler"],
                ),
            ),
        ),
        Example(
            "Text.\nAdditional reporting by Joseph Hudak",
            "Text.",
            (("contributors", ["Joseph Hudak"]),),
        ),
        Example(
            "Text.\nWriting by Jane Doe in London; Compiled by John Roe\n"
            "--With assistance from Anna Edwards.",
            "Text.",
            (("contributors", ["Jane Doe", "John Roe", "Anna Edwards"]),),
        ),
    )
    keeps = (
        "She was reporting by phone from Kabul.",
        "Reporting by Reuters and AP found the same numbers.",
        "Editing by committee slowed the paper down.",
        "With assistance from the UN, the town rebuilt its school.",
        "Reporting by Jane Doe was cited in the complaint.",
    )
    pattern = regex.compile(rf"^[\s(\[–—-]*{CREDIT}(?:\s*[;,.]?\s*{CREDIT}){{0,6}}\s*[.)\]]*\s*$")

    def check(self, line: Line, match: regex.Match[str] | None, metadata: Metadata) -> str | Keep:
        for credit in CREDIT_IN_LINE.finditer(line.text):
            for name in NAME_SPLIT.split(credit.group("names")):
                record(metadata, "contributors", name.rstrip("."))  # the line's full stop
        return DROP


# A story's slug on the wire: "AP-US--Trump-Impeachment", "BC-EU--Britain-Brexit-Election":
# the service's and the desk's codes in capitals, a double hyphen, the keywords joined by
# hyphens; then, for a rewrite, which one ("4th Ld-Writethru").
SLUG = r"[A-Z]{2,3}-[A-Z]{2,4}(?:--|-(?=[^\n]*\bWritethru\b))[\p{L}\p{N}'’.]+(?:-[\p{L}\p{N}'’.]+)*"
WRITETHRU = r"(?:\d{1,2}(?:st|nd|rd|th)\s+)?(?:(?:Ld|Lead|Add)[-\s])?Writethru"


class AgencySlug(LineRule):
    id = "agency-slug"
    summary = "Drop wire-service story slugs ('AP-US--Trump-Impeachment, 4th Ld-Writethru')."
    why = (
        "Sites that print wire copy as it came over the wire keep the desk's slug, the story's "
        "name for editors, as a line of its own. It is a code with no spaces (service and desk "
        "in capitals, a double hyphen, keywords joined by hyphens), at most followed by which "
        "rewrite this is; nothing in prose has that shape."
    )
    max_words = 6
    triggers = ("--", "writethru")
    examples = (
        Example("AP-US--Trump-Impeachment, 4th Ld-Writethru\nText.", "Text."),
        Example("BC-EU--Britain-Brexit-Election, 1st Ld-Writethru\n\nText.", "Text."),
        Example("Text.\nBC-AS--Afghanistan-Taliban\nMore.", "Text.\nMore."),
    )
    keeps = (
        "AP-NORC poll",
        "US-China talks -- again",
        "COVID-19",
        "The F-35A flew.",
        "NEW YORK (AP) -- Stocks fell.",
    )
    pattern = regex.compile(rf"^\s*{SLUG}(?:\s*,\s*{WRITETHRU})?\s*$")
