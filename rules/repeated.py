"""Lines that a batch's documents repeat: a site's template, learnt from the data itself."""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import chain

from cleaner.corpus import (
    EVERYWHERE,
    LineCounts,
    active,
    is_prose,
    is_short_line,
    prose_span,
)
from cleaner.lines import drop_lines
from cleaner.metadata import Metadata
from cleaner.rule import DocumentRule, Example, Fix, Phase

# Chosen with ``python -m bench.quality --corpus`` (see README): a line of a site's template is
# printed by most of the site's pages; across a whole crawl of many sites only labels that
# every site prints ("Advertisement", "Share this") come near the batch threshold.
MIN_SOURCE_DOCUMENTS = 3
MIN_SOURCE_SHARE = 0.5
MIN_BATCH_DOCUMENTS = 10
MIN_BATCH_SHARE = 0.05
# A site's template is words; a line of code (a brace, a statement's semicolon, a call) recurs
# on the pages of documentation and tutorials, and belongs to each.
CODE = re.compile(r"[{};]\s*$|^\s*[{}]|\w\(")
# Nor does a template count: a line that starts with a number is an item of the page's own
# list (an ingredient, a step, a row of data), however many pages of the site print it, and
# the short line above such a list is its heading ("Ingredients").
ITEM = re.compile(r"\s*[\d½¼¾⅓⅔⅛]")
# A document whose prose is mostly printed elsewhere in the batch is a copy of a syndicated
# story: its repeated lines (subheadings, credits) come with the story and stay.
SYNDICATED_SHARE = 0.3

SITE = (("hostname", "news.example.com"),)
SITE_PAGES = tuple(
    f"The Valley Courier\nStory {number} tells of a town that {event}, and of the people who "
    f"stayed behind to rebuild it.\nLocal news for the valley since 1921"
    for number, event in enumerate(("flooded", "burned", "emptied", "grew"))
)

RECIPE_SITE = (("hostname", "bakes.example.com"),)
RECIPE_PAGES = tuple(
    f"Valley Bakes\nIngredients\n2 cups flour\n1 cup sugar\n{number} {fruit}s\nMash the "
    f"{fruit}s, fold them into the batter and bake the {fruit} cake for {number}0 minutes."
    for number, fruit in ((3, "banana"), (4, "carrot"), (5, "apple"), (6, "plum"))
)

TUTORIAL_PAGE = (
    "Run it with cargo run, and the program prints its greeting.\nfn main() {\n"
    '    println!("Hello");\n}'
)


class RepeatedLine(DocumentRule):
    id = "repeated-line"
    summary = "Drop short lines that most pages of a site, or many of a batch, repeat."
    why = (
        "A site prints its template (menus, labels, sign-offs) on every page, in words no rule "
        "can list in advance. Counted over the batch, a short line that does not end like a "
        "sentence, stands above the first paragraph of prose or below the last, and recurs on "
        "most pages of one source, or on many pages of the whole batch, is template. Between "
        "paragraphs such a line is a heading ('Conclusion', 'Pros'), however common, and a line "
        "of code ('fn main() {', '}') is the page's own, however many tutorials print it. A page whose prose recurs elsewhere is a copy of a syndicated story, and "
        "its repeats (subheadings, credits) belong to the story: it is left alone. Needs the "
        "batch statistics that `clean` gathers in a first pass over files."
    )
    phase = Phase.LINES
    order = 100  # after the line rules, which take the template lines they know
    examples = (
        Example(
            "The Valley Courier\nThe river rose in the night, and by morning the whole of the "
            "old town stood in water.\nLocal news for the valley since 1921",
            "The river rose in the night, and by morning the whole of the old town stood in water.",
            given=SITE,
            batch=SITE_PAGES,
        ),
        Example(  # the code that every page of a tutorial prints stays
            f"The Valley Courier\n{TUTORIAL_PAGE}",
            TUTORIAL_PAGE,
            given=SITE,
            batch=tuple(
                f"The Valley Courier\nStep {number} of the tutorial adds a line to the "
                "program.\nfn main() {\n}"
                for number in range(4)
            ),
        ),
        Example(  # the recipe's own list, and its heading, stay however many recipes print them
            "Valley Bakes\nIngredients\n2 cups flour\n1 cup sugar\n2 lemons\nMix everything for "
            "the cake in a large bowl until smooth, then bake it for forty minutes.",
            "Ingredients\n2 cups flour\n1 cup sugar\n2 lemons\nMix everything for the cake in a "
            "large bowl until smooth, then bake it for forty minutes.",
            given=RECIPE_SITE,
            batch=RECIPE_PAGES,
        ),
    )
    keeps = (
        "The Valley Courier\nThe river rose in the night, and by morning the whole of the old "
        "town stood in water.\nLocal news for the valley since 1921",
    )

    def fixes(self, text: str, metadata: Metadata) -> Iterator[Fix]:
        counts = active()
        if counts is None:
            return
        lines = text.split("\n")
        # Only lines above the first paragraph of prose or below the last may go; the whole
        # text is read (for syndication) only when some line would go.
        first, last = prose_span(lines)
        source = counts.source(metadata)
        dropped = [
            index
            for index in chain(range(first), range(last + 1, len(lines)))
            if is_short_line(lines[index])
            and not CODE.search(lines[index])
            and not ITEM.match(lines[index])
            and not heads_a_list(lines, index)
            and is_template(counts, lines[index], source)
        ]
        if not dropped:
            return
        prose = [line for line in lines[first : last + 1] if is_prose(line)]
        repeated = sum(counts.printed_elsewhere(line) for line in prose)
        if prose and repeated >= SYNDICATED_SHARE * len(prose):
            return
        yield from drop_lines(text, dropped)


def heads_a_list(lines: list[str], index: int) -> bool:
    """Whether the next non-blank line after ``lines[index]`` is an item of a list."""
    for position in range(index + 1, len(lines)):
        if lines[position].strip():
            return bool(ITEM.match(lines[position]))
    return False


def is_template(counts: LineCounts, line: str, source: str) -> bool:
    """Whether most pages of ``source``, or many of the batch, print ``line``."""
    if source:
        count, share = counts.share(line, source)
        if count >= MIN_SOURCE_DOCUMENTS and share >= MIN_SOURCE_SHARE:
            return True
    count, share = counts.share(line, EVERYWHERE)
    return count >= MIN_BATCH_DOCUMENTS and share >= MIN_BATCH_SHARE
