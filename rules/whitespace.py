"""Whitespace normalization, last, to tidy what extraction and the removals left behind."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from cleaner.lines import OTHER_BREAKS
from cleaner.metadata import Metadata
from cleaner.rule import DocumentRule, Example, Fix, Phase

# Horizontal space to tidy: spaces, tabs, and the byte order mark, which is no text wherever a
# careless concatenation of files left it (it also hides a line's first word from the rules).
SPACE = r"[ \t\ufeff]"
# At the edges of a line a no-break space is padding like any other (an extractor's "&nbsp;"
# indent), and kept, it would hide the line's first word from a rule anchored at its start;
# inside a line it binds two words ("10\u00a0km") and stays.
EDGE = r"[ \t\ufeff\u00a0]"
# Windows and old Mac line breaks are line breaks; atomic, so that \r\n is one break.
BREAK = rf"(?>\r\n?|[\n{OTHER_BREAKS}])"
# Inside the text (the edges are trimmed apart). The standard re, not regex: on plain classes
# and literals it scans several times faster, and this pattern scans every text twice.
INSIDE = re.compile(
    # The lookahead lets the scan skip to the next space or break at C speed.
    rf"(?=[ \t\ufeff\u00a0\r\n{OTHER_BREAKS}])(?:"
    rf"(?P<gap>{EDGE}*{BREAK}(?:{EDGE}*{BREAK})+{EDGE}*|{EDGE}*\u2029{EDGE}*)"
    rf"|(?P<newline>{EDGE}*(?:\r\n?|[{OTHER_BREAKS}]){EDGE}*|{EDGE}+\n{EDGE}*|\n{EDGE}+)"
    rf"|(?P<run>{SPACE}{{2,}}|[\t\ufeff]))"
)
# Every match of INSIDE that changes anything holds one of these signs, and lies within one run
# of the characters below. The signs are found with C-speed searches that start from a rare
# character or a line break (a search that stopped at every single space would cost more than
# the rule), and INSIDE runs only on the runs that hold one: tidy text costs a few scans.
SIGNS = ("  ", "\t", "\r", "\ufeff", *OTHER_BREAKS)
SIGN_AT_BREAK = re.compile(r"\n(?:(?<=[ \u00a0]\n)|[ \u00a0]|\n\n)")
BLANKS = f" \t\ufeff\u00a0\r\n{OTHER_BREAKS}"
BLANK_RUN = re.compile(f"[{BLANKS}]*")
# After this many runs in a text, the rest is scanned whole, as before the signs were sought.
# Seeking the signs run by run stays cheaper than that scan (which stops at every space) well
# past a hundred runs: on the shared pages 256 took the rule from 79 ms to 55 ms, 16 did not.
MAX_RUNS = 256
REPLACEMENT = {"gap": "\n\n", "newline": "\n"}


def replacement(match: re.Match[str]) -> str:
    """What a match becomes; a run of spaces is one space, a byte order mark alone nothing."""
    kind = match.lastgroup
    if kind == "run":
        return " " if " " in match.group() or "\t" in match.group() else ""
    return REPLACEMENT[kind]  # type: ignore[index]


def is_blank(character: str) -> bool:
    return character.isspace() or character == "\ufeff"


def content_bounds(text: str) -> tuple[int, int]:
    """Where the text starts and ends without its leading and trailing whitespace."""
    start, end = 0, len(text)
    while start < end and is_blank(text[start]):
        start += 1
    while end > start and is_blank(text[end - 1]):
        end -= 1
    return start, end


class Whitespace(DocumentRule):
    id = "whitespace"
    summary = "Trim the text, collapse runs of spaces and blank lines, use \\n line breaks; first and last."
    why = (
        "Extractors and the removal of boilerplate leave trailing spaces, indentation, runs of "
        "blank lines, Windows and old Mac line breaks, the other characters that end a line "
        "(vertical tab, form feed, the Unicode line and paragraph separators) and stray byte "
        "order marks; downstream "
        "tools expect paragraphs separated by one blank line and single spaces between words. "
        "The rule runs before the other rules too, so that their patterns match tidy text "
        "and a second cleaning finds nothing left to do."
    )
    phase = Phase.WHITESPACE
    examples = (
        Example(
            "  First paragraph.  \n\n\n\nSecond\t paragraph.\n",
            "First paragraph.\n\nSecond paragraph.",
        ),
        Example("Line one\r\nLine two", "Line one\nLine two"),
        Example("A\n  \n \nB", "A\n\nB"),
        Example("A\n\n\u00a0Sign up.\u00a0\n\u00a0\nB\u00a0km", "A\n\nSign up.\n\nB\u00a0km"),
        Example("\ufeffOld\rMac\r\r\r\rtext", "Old\nMac\n\ntext"),
        Example(
            "By Jane Doe\x0bThe envoy spoke.\u2029Talks resume.",
            "By Jane Doe\nThe envoy spoke.\n\nTalks resume.",
        ),
    )
    keeps = ("One paragraph.\n\nAnother, with one space.\nAnd a line break.",)

    def fixes(self, text: str, metadata: Metadata) -> Iterator[Fix]:
        start, end = content_bounds(text)
        if start:
            yield Fix(0, start)
        for low, high in untidy_runs(text, start, end):
            for match in INSIDE.finditer(text, low, high):
                new = replacement(match)
                if match.group() != new:
                    yield Fix(match.start(), match.end(), new)
        if end < len(text):
            yield Fix(max(end, start), len(text))


def untidy_runs(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """The runs of spaces, tabs, byte order marks and line breaks within ``start:end`` that
    hold a sign of untidy text, in order, and after ``MAX_RUNS`` of them the rest of the text.
    Each kind of sign is searched from where its last find was passed, so the text is read
    once whatever the runs."""
    finders = [_finder(sign, text, end) for sign in SIGNS]
    finders.append(_break_finder(text, end))
    upcoming = [finder(start) for finder in finders]
    cursor = start
    runs = 0
    while True:
        for kind, found in enumerate(upcoming):
            if 0 <= found < cursor:
                upcoming[kind] = finders[kind](cursor)
        found = [position for position in upcoming if position >= 0]
        if not found:
            return
        sign = min(found)
        # the run around the sign, found in C: a run can be megabytes of spaces
        low = cursor + len(text[cursor:sign].rstrip(BLANKS))
        high = BLANK_RUN.match(text, sign, end).end()  # type: ignore[union-attr]
        yield low, high
        cursor = high
        runs += 1
        if runs == MAX_RUNS:  # untidy all over: one scan of the rest costs less
            yield cursor, end
            return


def _finder(sign: str, text: str, end: int) -> Callable[[int], int]:
    return lambda position: text.find(sign, position, end)


def _break_finder(text: str, end: int) -> Callable[[int], int]:
    def find(position: int) -> int:
        match = SIGN_AT_BREAK.search(text, position, end)
        return match.start() if match else -1

    return find
