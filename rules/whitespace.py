"""Whitespace normalization, last, to tidy what extraction and the removals left behind."""

from __future__ import annotations

from collections.abc import Iterator

import regex

from cleaner.metadata import Metadata
from cleaner.rule import DocumentRule, Example, Fix, Phase

WHITESPACE = regex.compile(
    r"(?P<edge>\A\s+|\s+\Z)"
    r"|(?P<gap>[ \t]*\r?\n(?:[ \t]*\r?\n)+[ \t]*)"
    r"|(?P<newline>[ \t]*\r\n?[ \t]*|[ \t]+\n[ \t]*|\n[ \t]+)"
    r"|(?P<run>[ \t]{2,}|\t)"
)
# Substrings that every match of WHITESPACE inside the text contains: a fast way to skip tidy text.
UNTIDY = ("  ", "\t", "\r", " \n", "\n ", "\n\n\n")
REPLACEMENT = {"edge": "", "gap": "\n\n", "newline": "\n", "run": " "}


class Whitespace(DocumentRule):
    id = "whitespace"
    summary = "Trim the text, collapse runs of spaces and blank lines, use \\n line breaks."
    why = (
        "Extractors and the removal of boilerplate leave trailing spaces, indentation, runs of "
        "blank lines and Windows line breaks; downstream tools expect paragraphs separated by "
        "one blank line and single spaces between words."
    )
    phase = Phase.WHITESPACE
    examples = (
        Example(
            "  First paragraph.  \n\n\n\nSecond\t paragraph.\n",
            "First paragraph.\n\nSecond paragraph.",
        ),
        Example("Line one\r\nLine two", "Line one\nLine two"),
        Example("A\n  \n \nB", "A\n\nB"),
    )
    keeps = ("One paragraph.\n\nAnother, with one space.\nAnd a line break.",)

    def fixes(self, text: str, metadata: Metadata) -> Iterator[Fix]:
        if not any(sign in text for sign in UNTIDY) and text == text.strip():
            return
        for match in WHITESPACE.finditer(text):
            replacement = REPLACEMENT[match.lastgroup]  # type: ignore[index]
            if match.group() != replacement:
                yield Fix(match.start(), match.end(), replacement)
