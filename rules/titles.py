"""The head of an article: section labels and the headline, which go to metadata."""

from __future__ import annotations

from collections.abc import Iterator

import regex

from cleaner.lines import drop_lines
from cleaner.metadata import Metadata, record
from cleaner.rule import DocumentRule, Example, Fix, Phase

SECTION_LABEL = regex.compile(
    r"(?:(?:Breaking|Latest|Top|World|Local|National|International|Business|Tech|Technology"
    r"|Sports|Fast|Live|Daily|Weekly|Morning|Evening|US|U\.S\.|UK|Politics|Health|Science"
    r"|Entertainment|Market|Markets)\s+)?(?:News|Stories|Headlines|Updates|Briefs?|Briefing)"
    r"|Opinion|Analysis|Exclusive|Breaking|Explainer|Commentary|Editorial|Live|Sponsored"
)
WORD = regex.compile(r"[\p{L}\p{N}][\p{L}\p{N}'’.-]*")
SENTENCE_END = regex.compile(r"[.,;:…]['\"’”)]*$")


def first_lines(text: str, count: int) -> list[tuple[int, str]]:
    """The first ``count`` non-blank lines as (line index, stripped text)."""
    found: list[tuple[int, str]] = []
    for index, line in enumerate(text.split("\n")):
        if line.strip():
            found.append((index, line.strip()))
            if len(found) == count:
                break
    return found


def is_headline_shaped(line: str) -> bool:
    """Short, a few words, and no sentence punctuation at its end."""
    words = WORD.findall(line)
    return 3 <= len(words) <= 25 and len(line) <= 200 and not SENTENCE_END.search(line)


class SectionLabel(DocumentRule):
    id = "section-label"
    summary = "Move a section label at the very top ('Fast News', 'Opinion') into metadata."
    why = (
        "Pages print the section or a kicker above the headline; extractors keep it as the "
        "first line. It is navigation, not article text."
    )
    phase = Phase.HEADER
    order = 10
    examples = (
        Example(
            "Fast News\n\nThe envoy traveled to Qatar.",
            "The envoy traveled to Qatar.",
            (("section", "Fast News"),),
        ),
        Example(
            "Opinion\nWhy the talks failed.", "Why the talks failed.", (("section", "Opinion"),)
        ),
    )
    keeps = (
        "The envoy traveled to Qatar.\n\nFast News",
        "Good News for Farmers Is Rare\n\nText.",
        "Opinion",
        "Understanding Home Updates\n\nText.",
    )

    def fixes(self, text: str, metadata: Metadata) -> Iterator[Fix]:
        head = first_lines(text, 2)
        if len(head) == 2 and SECTION_LABEL.fullmatch(head[0][1]):
            record(metadata, "section", head[0][1])
            yield from drop_lines(text, [head[0][0]])


class Title(DocumentRule):
    id = "title"
    summary = "Move the headline at the top of the text into metadata, also when printed twice."
    why = (
        "Extracted text often starts with the headline, sometimes twice (page title and "
        "article heading). Downstream it duplicates the title field. The first line is taken "
        "when it equals the page's known title, or when it is shaped like a headline and is "
        "printed twice or followed by a byline. Title Case alone is no proof: benchmarks show "
        "first lines in Title Case that are headings of the article itself."
    )
    phase = Phase.HEADER
    order = 20
    examples = (
        Example(
            "US envoy warning Taliban about takeover\n\nUS envoy warning Taliban about takeover\n"
            "The envoy spoke.",
            "The envoy spoke.",
            (("title", "US envoy warning Taliban about takeover"),),
        ),
        Example(
            "US Warns Taliban to End Violence\n\nBy Lorenz Duchamps\nText.",
            "By Lorenz Duchamps\nText.",
            (("title", "US Warns Taliban to End Violence"),),
        ),
        Example(
            "So many ways to play: and pay\nText.",
            "Text.",
            (("title", "So many ways to play: and pay"),),
            given=(("title", "So many ways to play: and pay"),),
        ),
    )
    keeps = (
        "The United States has warned the Taliban.\n\nMore text.",
        "Why the talks failed: a timeline\n\nThe talks began in 2018.",
        "Civilians bear the brunt of the fighting\n\nThe UN said.",
        "A Single Line Title Alone",
        "Taliban Seize Sixth Provincial Capital\n\nThe envoy spoke.",
        "CLICK FOR FULL STATE SWIM RESULTS\n\nThe meet ended.",
    )
    byline = regex.compile(r"(?i)by\s+\p{Lu}")

    def fixes(self, text: str, metadata: Metadata) -> Iterator[Fix]:
        head = first_lines(text, 3)
        if len(head) < 2:
            return
        candidate = head[0][1]
        repeated = head[1][1] == candidate
        following = head[2][1] if repeated and len(head) > 2 else head[1][1]
        known = str(metadata.get("title", "")).strip().casefold() == candidate.casefold()
        shaped = is_headline_shaped(candidate) and (repeated or self.byline.match(following))
        if known or shaped:
            record(metadata, "title", candidate)
            yield from drop_lines(text, [head[0][0], head[1][0]] if repeated else [head[0][0]])
