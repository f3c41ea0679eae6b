"""A second copy of the text: extraction that joined two renderings of one page."""

from __future__ import annotations

from collections.abc import Iterator

from cleaner.lines import drop_lines, first_lines
from cleaner.metadata import Metadata
from cleaner.rule import DocumentRule, Example, Fix, Phase

# The copy starts again where the text starts: one of its first lines of content.
HEAD_LINES = 5
# At least this many lines in a row repeat earlier ones, and enough of them are running text
# (a chorus, a repeated label or a pull quote is short): measured on both benchmarks, runs of
# this shape were a second copy on every page but one three-word line.
MIN_RUN = 3
MIN_LONG_LINES = 2
LONG_LINE_WORDS = 12

FIRST = (
    "Ferries stopped at noon when the wind rose past sixty knots over the strait and the "
    "harbour closed."
)
SECOND = (
    "The port authority said crossings would resume once the gusts eased, most likely by "
    "Friday morning."
)


class SecondCopy(DocumentRule):
    id = "second-copy"
    summary = "Drop a second copy of the text that starts over from its first lines."
    why = (
        "Pages that carry their article twice (a mobile and a desktop version, a print view, "
        "an expanded and a collapsed copy) come out of extraction with the text printed again "
        "below itself. When a line of the text's first few comes back, and from there at "
        "least three lines in a row repeat earlier ones, two of them sentences of twelve "
        "words or more, the run is the copy. The first printing stays, so nothing of the text "
        "is lost; a chorus, a repeated label or a pull quote is too short to count."
    )
    phase = Phase.LINES
    order = 110  # on the text the line rules left, whose first lines are the article's
    examples = (
        Example(
            f"Storm closes port\n{FIRST}\n{SECOND}\nMore later.\n\nStorm closes port\n{FIRST}\n"
            f"{SECOND}",
            f"Storm closes port\n{FIRST}\n{SECOND}\nMore later.",
        ),
    )
    keeps = (
        f"Storm closes port\n{FIRST}\n{SECOND}\nMore later.\nStorm closes port\nThe end.",
        f"Chorus:\nOh the wind\nOh the rain\nVerse.\n{FIRST}\nChorus:\nOh the wind\nOh the rain",
        f"{FIRST}\n{SECOND}\nA\nB\nC\nD\nE\nF\n{FIRST}\nSomething new this time.\n{SECOND}",
    )

    def fixes(self, text: str, metadata: Metadata) -> Iterator[Fix]:
        head = [line for _, line in first_lines(text, HEAD_LINES)]  # no split of the text
        # in C: most texts print none of their first lines twice
        if not any(text.count(line) > 1 for line in head):
            return
        lines = text.split("\n")
        content = [index for index, line in enumerate(lines) if line.strip()]
        keys = [lines[index].strip() for index in content]
        starts = frozenset(keys[:HEAD_LINES])
        seen: set[str] = set()
        repeats = []
        for key in keys:
            repeats.append(key in seen)
            seen.add(key)
        dropped: list[int] = []
        position = 1
        while position < len(keys):
            if not (repeats[position] and keys[position] in starts):
                position += 1
                continue
            end = position
            while end < len(keys) and repeats[end]:
                end += 1
            long_lines = sum(key.count(" ") + 1 >= LONG_LINE_WORDS for key in keys[position:end])
            if end - position >= MIN_RUN and long_lines >= MIN_LONG_LINES:
                dropped += content[position:end]
            position = max(end, position + 1)
        yield from drop_lines(text, dropped)
