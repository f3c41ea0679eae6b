"""Inline residue of related-link widgets glued into sentences."""

from __future__ import annotations

import regex

from cleaner.metadata import Metadata
from cleaner.rule import Example, Fix, SpanRule


class NameCard(SpanRule):
    id = "name-card"
    summary = "Remove hover-card residue: 'Antony BlinkenAntony BlinkenHeadline … MORE made'."
    why = (
        "Some news sites link a person's name to a card with their full name and recent "
        "headlines, ending in 'MORE'. Extractors glue the card into the sentence, right after "
        "the name as printed. The card starts with no space after a capitalized word and "
        "repeats that word as its last name, which is what the rule looks for."
    )
    examples = (
        Example(
            "Secretary of State Antony BlinkenAntony BlinkenOvernight Health Care — Presented by "
            "March of Dimes — FDA advisers back first at-home COVID-19 pill MORE made similar "
            "remarks last month.",
            "Secretary of State Antony Blinken made similar remarks last month.",
        ),
        Example(
            "since President BidenJoe BidenCDC working to tighten testing requirement On The "
            "Money — Powell pivots as inflation rises MORE announced in April",
            "since President Biden announced in April",
        ),
    )
    keeps = (
        "Antony Blinken made similar remarks. Read MORE about it.",
        "McDonald's and MacBook MORE sales",
        "President Biden said MORE troops would leave.",
    )
    triggers = (" MORE",)
    pattern = regex.compile(
        r"\b(?P<surname>\p{Lu}\p{Ll}+)"
        r"(?P<card>(?:\p{Lu}[\p{L}.'’-]*\s+){1,3}(?P=surname)\S.{0,600}? MORE)(?=[\s.,;:!?]|$)"
    )

    def replace(self, match: regex.Match[str], metadata: Metadata) -> Fix | None:
        return Fix(match.start("card"), match.end("card"))
