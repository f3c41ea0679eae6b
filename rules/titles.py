"""The head of an article: section labels and the headline, which go to metadata."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import regex

from cleaner.lines import drop_lines, first_lines
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
        "article heading), sometimes under a section kicker. Downstream it duplicates the "
        "title field. The first line is taken when it prints the page's known title (site name "
        "and small edits aside), or when it is shaped like a headline and is printed twice or "
        "followed by a byline. Title Case alone is no proof: benchmarks show first lines in "
        "Title Case that are headings of the article itself."
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
            "Climate solvers: Startups with solutions\nClimate solvers: startups with solutions\nText.",
            "Text.",
            given=(("title", "Climate solvers: Startups with solutions"),),
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
            "Star Wars Jedi: Fallen Order review – shoots for the moon\nText.",
            "Text.",
            given=(("title", "Star Wars Jedi: Fallen Order review - shoots for the moon - VG247"),),
        ),
        Example(
            "Is Football Violence a Crime?\nText.",
            "Text.",
            given=(("title", "Opinion | Is Football Violence a Crime?"),),
        ),
        Example(
            "immunology\nCells That ‘Taste’ Danger Set Off Immune Responses\nText.",
            "Text.",
            (("section", "immunology"),),
            given=(("title", "Cells That ‘Taste’ Danger Set Off Immune Responses"),),
        ),
    )
    keeps = (
        "The United States has warned the Taliban.\n\nMore text.",
        "Why the talks failed: a timeline\n\nThe talks began in 2018.",
        "Civilians bear the brunt of the fighting\n\nThe UN said.",
        "A Single Line Title Alone",
        "Taliban Seize Sixth Provincial Capital\n\nThe envoy spoke.",
        "CLICK FOR FULL STATE SWIM RESULTS\n\nThe meet ended.",
        # Nothing under the byline: the first line is the whole story, not its headline.
        "Quick update: the bridge is closed until further notice\n\nBy John Smith",
        "Quick update: the bridge is closed\nQuick update: the bridge is closed",
        "© Getty Images\nA Title Under a Credit\nText.",
        "A subheading of the story\nA Title Under a Credit\nText.",
    )
    byline = regex.compile(r"(?i)by\s+\p{Lu}")

    def fixes(self, text: str, metadata: Metadata) -> Iterator[Fix]:
        head = first_lines(text, 4)
        if len(head) < 2:
            return
        candidate = head[0][1]
        known = str(metadata.get("title") or "")
        if known and len(head) > 2 and is_kicker(candidate) and same_title(head[1][1], known):
            record(metadata, "section", candidate)
            yield from drop_lines(text, [head[0][0], head[1][0]])
            return
        is_known = bool(known) and same_title(candidate, known)
        repeated = head[1][1] == candidate or (is_known and same_title(head[1][1], known))
        under = head[2:] if repeated else head[1:]
        byline = bool(under) and self.byline.match(under[0][1]) is not None
        # A headline stands above a story: with nothing under it (or under its byline) the
        # line is the text itself, and taking it would leave the document empty.
        body = under[1:] if byline else under
        shaped = is_headline_shaped(candidate) and (repeated or byline) and bool(body)
        if is_known or shaped:
            record(metadata, "title", candidate)
            yield from drop_lines(text, [head[0][0], head[1][0]] if repeated else [head[0][0]])


# Page titles carry the site's name ("Headline - VG247", "Opinion | Headline").
TITLE_PARTS = regex.compile(r"\s+[|–—-]\s+|\s*\|\s*")
TITLE_WORD = regex.compile(r"\w+")
KICKER = regex.compile(r"[\p{L}\p{N}][\p{L}\p{N} &'’-]{0,40}")


def same_title(line: str, title: str) -> bool:
    """Whether ``line`` prints the page title ``title``, the site's name and punctuation aside.

    The words must be the same: a retouched headline ("tariffs and international trade"
    against "tariffs and trade") is as often a heading the annotators keep as it is the title.
    """
    words = Counter(TITLE_WORD.findall(line.casefold()))
    if not words:
        return False
    parts = TITLE_PARTS.split(title)
    for part in {title, " ".join(parts[:-1]), " ".join(parts[1:]), *parts}:
        other = Counter(TITLE_WORD.findall(part.casefold()))
        if words == other:
            return True
    return False


def is_kicker(line: str) -> bool:
    """A label above the headline: one to three plain words ('immunology', 'Review')."""
    return bool(KICKER.fullmatch(line)) and len(WORD.findall(line)) <= 3


class PageUrl(DocumentRule):
    id = "page-url"
    summary = "Drop lines that are only the page's own address or an image file's address."
    why = (
        "Extractors sometimes emit the canonical URL or the share image's URL as text, often "
        "above the headline. It is metadata the record already has."
    )
    phase = Phase.HEADER
    order = 15
    examples = (
        Example(
            "https://example.com/news/cat-found.php\nCat found\n\nText.",
            "Cat found\n\nText.",
            given=(("url", "https://example.com/news/cat-found.php"),),
        ),
        Example("Text.\nhttps://static.example.com/image/5dd3a08-500-250/tech.jpg", "Text."),
    )
    keeps = (
        "Read the report at https://example.com/report.pdf before Friday.",
        "https://example.com/report.pdf",
    )

    def fixes(self, text: str, metadata: Metadata) -> Iterator[Fix]:
        if "http" not in text:
            return
        url = str(metadata.get("url") or "").rstrip("/")
        dropped = [
            index
            for index, line in enumerate(text.split("\n"))
            if (url and line.strip().rstrip("/") == url) or is_image_url(line.strip())
        ]
        yield from drop_lines(text, dropped)


# An image file's extension, at the end of the address or before its query string.
IMAGE_EXTENSION = regex.compile(r"\.(?:jpe?g|png|gif|webp|avif)(?:\?|$)")


def is_image_url(line: str) -> bool:
    """Whether ``line`` is one web address of an image file.

    No regex with ``\\S+`` before the extension: on a long line without spaces it would
    backtrack over every dot. A search for the extension after the host is linear.
    """
    lower = line.lower()
    if not lower.startswith(("http://", "https://")) or len(lower.split(maxsplit=1)) != 1:
        return False
    return IMAGE_EXTENSION.search(lower, lower.index("://") + 4) is not None
