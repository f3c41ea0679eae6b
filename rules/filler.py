"""Dummy text that a page template shipped unfilled."""

from __future__ import annotations

import regex

from cleaner.metadata import Metadata
from cleaner.rule import DROP, KEEP, Example, Keep, Line, LineRule

from .notices import goes_on_reporting, sentence_spans

# The standard dummy text ("Lorem ipsum dolor sit amet, consectetur…") and the openings of its
# later sentences, which templates also print alone. A line that only names it ("Lorem Ipsum",
# "Lorem ipsum 2") is a filler heading or list item of the same block.
FILLER = regex.compile(
    r"(?i)^\s*(?:[-•*]\s+)?"
    r"(?:lorem\s+ipsum(?:\s+dolor\s+sit\s+amet\b.*|\s*\d*\W*)"
    r"|(?:ut\s+enim\s+ad\s+minim\s+veniam|duis\s+aute\s+irure\s+dolor"
    r"|excepteur\s+sint\s+occaecat|sed\s+ut\s+perspiciatis\s+unde\s+omnis)\b.*)$"
)
# English words that the dummy text, Latin or scrambled Latin, never holds. A sentence with two
# of them is English prose ("Lorem ipsum dolor sit amet appeared on the front page…").
ENGLISH = regex.compile(
    r"(?i)\b(?:the|of|and|to|was|were|are|on|that|for|with|after|from|this|which|has|have|had"
    r"|by|when|but|its|his|her|their|who)\b"
)
ENGLISH_WORDS = 2


def is_english(sentence: str) -> bool:
    """Whether a sentence is English prose rather than the dummy text."""
    return len({word.lower() for word in ENGLISH.findall(sentence)}) >= ENGLISH_WORDS


class LoremIpsum(LineRule):
    id = "lorem-ipsum"
    summary = "Drop template dummy text ('Lorem ipsum dolor sit amet, consectetur…')."
    why = (
        "Page templates come with blocks of the printers' dummy text, and a block its site "
        "never filled in is published as it came: 'Lorem ipsum dolor sit amet…' paragraphs "
        "under 'Lorem Ipsum' headings and list items. No article is written in it. A line is "
        "taken when it is the dummy text (from its first words, or those of its later "
        "sentences) or only names it; a sentence about it stays: one whose words after the "
        "dummy text's are English, a line that attributes ('…, the editor said') or one with "
        "two sentences more that report in English."
    )
    max_words = 400
    triggers = ("lorem", "minim veniam", "irure dolor", "sint occaecat", "perspiciatis")
    pattern = FILLER
    examples = (
        Example(
            "Text.\n\nLorem Ipsum\nLorem ipsum dolor sit amet, consectetur adipiscing elit, sed do "
            "eiusmod tempor incididunt ut labore et dolore magna aliqua.\n- Lorem ipsum 1\n"
            "- Lorem ipsum 2\n\nMore text.",
            "Text.\n\nMore text.",
        ),
        Example(
            "Text.\nUt enim ad minim veniam, quis nostrud exercitation ullamco laboris.\nMore.",
            "Text.\nMore.",
        ),
    )
    keeps = (
        "Lorem ipsum, the printers' dummy text, goes back to a passage of Cicero.",
        "Lorem ipsum is what designers print before the copy arrives.",
        "The Lorem Ipsum Generator, a tool for designers",
        "Lorem ipsum dolor sit amet appeared on the front page of the paper on Tuesday after a "
        "layout error, the editor said. The paper apologised in its next edition.",
    )

    def check(self, line: Line, match: regex.Match[str] | None, metadata: Metadata) -> str | Keep:
        assert match is not None
        text = line.text
        # The dummy text's own sentence going on in English, or English prose around it.
        own = next((text[a:b] for a, b in sentence_spans(text)), "")
        if is_english(own) or goes_on_reporting(text, match, lambda s: not is_english(s)):
            return KEEP
        return DROP
