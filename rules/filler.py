"""Dummy text that a page template shipped unfilled."""

from __future__ import annotations

import regex

from cleaner.rule import Example, LineRule

# The standard dummy text ("Lorem ipsum dolor sit amet, consectetur…") and the openings of its
# later sentences, which templates also print alone. A line that only names it ("Lorem Ipsum",
# "Lorem ipsum 2") is a filler heading or list item of the same block.
FILLER = regex.compile(
    r"(?i)^\s*(?:[-•*]\s+)?"
    r"(?:lorem\s+ipsum(?:\s+dolor\s+sit\s+amet\b.*|\s*\d*\W*)"
    r"|(?:ut\s+enim\s+ad\s+minim\s+veniam|duis\s+aute\s+irure\s+dolor"
    r"|excepteur\s+sint\s+occaecat|sed\s+ut\s+perspiciatis\s+unde\s+omnis)\b.*)$"
)


class LoremIpsum(LineRule):
    id = "lorem-ipsum"
    summary = "Drop template dummy text ('Lorem ipsum dolor sit amet, consectetur…')."
    why = (
        "Page templates come with blocks of the printers' dummy text, and a block its site "
        "never filled in is published as it came: 'Lorem ipsum dolor sit amet…' paragraphs "
        "under 'Lorem Ipsum' headings and list items. No article is written in it. A line is "
        "taken when it is the dummy text (from its first words, or those of its later "
        "sentences) or only names it; a sentence about it stays."
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
    )
