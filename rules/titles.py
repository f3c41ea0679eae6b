"""The head of an article: section labels and the headline, which go to metadata."""

from __future__ import annotations

from collections.abc import Iterator

import regex

from cleaner.lines import drop_lines
from cleaner.metadata import Metadata, record
from cleaner.rule import DocumentRule, Example, Fix, Phase

SECTION_LABEL = regex.compile(
    r"(?:\p{Lu}[\p{L}&.'-]*\s+){0,2}(?:News|Stories|Headlines|Updates|Briefs?|Briefing)"
    r"|Opinion|Analysis|Exclusive|Breaking|Explainer|Commentary|Editorial|Live|Sponsored"
)
WORD = regex.compile(r"[\p{L}\p{N}][\p{L}\p{N}'’.-]*")
SENTENCE_END = regex.compile(r"[.,;:…]['\"’”)]*$")
SMALL_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "but",
        "by",
        "for",
        "from",
        "in",
        "into",
        "nor",
        "of",
        "on",
        "or",
        "over",
        "per",
        "the",
        "to",
        "up",
        "via",
        "vs",
        "with",
    ]
)


def first_lines(text: str, count: int) -> list[tuple[int, str]]:
    """The first ``count`` non-blank lines as (line index, stripped text)."""
    found: list[tuple[int, str]] = []
    for index, line in enumerate(text.split("\n")):
        if line.strip():
            found.append((index, line.strip()))
            if len(found) == count:
                break
    return found


def is_title_case(line: str) -> bool:
    """Most words capitalized, as headlines are and sentences are not."""
    words = [word for word in WORD.findall(line) if word.lower() not in SMALL_WORDS]
    if len(words) < 3:
        return False
    capitalized = sum(1 for word in words if word[0].isupper() or word[0].isdigit())
    return capitalized >= 0.85 * len(words)


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
        "article heading). Downstream it duplicates the title field. Only a line shaped like "
        "a headline is taken: repeated, equal to the known title, in Title Case, or followed "
        "by a byline."
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
        Example(
            "Taliban Seize Sixth Provincial Capital\nThe envoy spoke.",
            "The envoy spoke.",
            (("title", "Taliban Seize Sixth Provincial Capital"),),
        ),
    )
    keeps = (
        "The United States has warned the Taliban.\n\nMore text.",
        "Why the talks failed: a timeline\n\nThe talks began in 2018.",
        "Civilians bear the brunt of the fighting\n\nThe UN said.",
        "A Single Line Title Alone",
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
        shaped = is_headline_shaped(candidate) and (
            repeated or is_title_case(candidate) or self.byline.match(following)
        )
        if known or shaped:
            record(metadata, "title", candidate)
            yield from drop_lines(text, [head[0][0], head[1][0]] if repeated else [head[0][0]])
