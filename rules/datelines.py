"""Datelines at the start of wire copy: the place (and agency) go to metadata."""

from __future__ import annotations

import regex

from cleaner.metadata import Metadata, record
from cleaner.rule import Example, Fix, Phase, SpanRule

AGENCY = r"(?:AP|Reuters|AFP|UPI|CNN|Xinhua|dpa|ANI|PTI|IANS|Bloomberg)"
UPPER_WORD = r"\p{Lu}[\p{Lu}.'’-]+"
PLACE = (
    rf"{UPPER_WORD}(?:\s+{UPPER_WORD}){{0,3}}"
    r"(?P<region>,\s+\p{Lu}[\p{L}.]*(?:\s+\p{Lu}[\p{L}.]*){0,2})?"
)


class Dateline(SpanRule):
    id = "dateline"
    summary = "Move a dateline ('KABUL, Afghanistan •', 'WASHINGTON (AP) —') into metadata."
    why = (
        "Wire copy opens with the place of filing in capitals and often the agency. It is "
        "not part of the first sentence; the place and the agency are worth keeping as fields. "
        "Only the start of the text is looked at, and a place without region, agency or "
        "bullet needs six letters, so acronyms opening a sentence ('NATO — the alliance') stay."
    )
    phase = Phase.HEADER
    order = 30
    # Off by default: annotated benchmarks keep the dateline as the start of the first sentence.
    enabled_by_default = False
    local = False  # only at the start of the text
    examples = (
        Example(
            "KABUL, Afghanistan • A U.S. peace envoy brought a warning.",
            "A U.S. peace envoy brought a warning.",
            (("dateline", "KABUL, Afghanistan"),),
        ),
        Example(
            "WASHINGTON (AP) — The Pentagon said.",
            "The Pentagon said.",
            (("dateline", "WASHINGTON"), ("source", ["AP"])),
        ),
        Example("LONDON — Prices rose.", "Prices rose.", (("dateline", "LONDON"),)),
    )
    keeps = (
        "NATO — the alliance — met.",
        "The envoy spoke.\n\nLater:\n\nKABUL, Afghanistan • in the news.",
        "US envoy warns Taliban — again.",
    )
    triggers = ("•", "—", "–", " - ", "--", "(")
    pattern = regex.compile(
        rf"\A\s*(?P<place>{PLACE})\s*(?:\((?P<agency>{AGENCY})\)\s*)?(?P<mark>•|—|–|--|-)\s+"
        r"(?=\S)"
    )

    def replace(self, match: regex.Match[str], metadata: Metadata) -> Fix | None:
        place = match.group("place")
        agency = match.group("agency")
        marked = agency or match.group("region") or match.group("mark") == "•"
        if not marked and sum(character.isalpha() for character in place) < 6:
            return None
        record(metadata, "dateline", place)
        if agency:
            record(metadata, "source", agency)
        return Fix(match.start("place"), match.end())
