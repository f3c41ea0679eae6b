"""The headline at the top of text that came without its title: the page address names it."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import unquote, urlsplit

import regex

from cleaner.lines import drop_lines, first_lines
from cleaner.metadata import Metadata, record
from cleaner.rule import DocumentRule, Example, Fix, Phase

WORD = regex.compile(r"[\p{L}\p{N}]+")
# A path segment's file extension, which is no word of the headline.
EXTENSION = regex.compile(r"(?i)\.(?:s?html?|php\d?|aspx?|jsp|cms)$")
# A line ending like a clause: a headline does not ("?" and "!" do end headlines).
CLAUSE_END = regex.compile(r"[.,;:…]['\"’”)\]]*$")
SENTENCE_END = regex.compile(r"[.!?…]['\"’”)\]]*$")
MIN_HEADLINE_WORDS = 3
MAX_HEADLINE_WORDS = 25
MAX_HEADLINE_CHARS = 200
# Most of the headline's words are the slug's: a headline retouched after publication keeps
# most of them, a first paragraph that shares a few of its subject's words does not.
MIN_SLUG_SHARE = 0.6
# A line of running text: a sentence of this many words or more.
PROSE_WORDS = 8


def slug_words(url: str) -> frozenset[str]:
    """The words of the address's path segments that read as text (three words or more)."""
    path = unquote(urlsplit(url).path)
    words: set[str] = set()
    for segment in path.split("/"):
        segment_words = WORD.findall(EXTENSION.sub("", segment).replace("_", "-").casefold())
        if len(segment_words) >= MIN_HEADLINE_WORDS:
            words.update(segment_words)
    return frozenset(words)


def prints_slug(line: str, slug: frozenset[str]) -> bool:
    """Whether ``line`` is shaped like a headline and most of its words are in ``slug``."""
    if len(line) > MAX_HEADLINE_CHARS or CLAUSE_END.search(line):
        return False
    words = [word.casefold() for word in WORD.findall(line)]
    if not MIN_HEADLINE_WORDS <= len(words) <= MAX_HEADLINE_WORDS:
        return False
    # Short function words ("a", "of", "to") are often left out of slugs.
    content = [word for word in words if len(word) > 2 or word.isdigit()]
    if len(content) < MIN_HEADLINE_WORDS:
        return False
    return sum(word in slug for word in content) >= MIN_SLUG_SHARE * len(content)


def is_prose(line: str) -> bool:
    """A sentence of running text, as the lede under a headline is."""
    return len(WORD.findall(line)) >= PROSE_WORDS and bool(SENTENCE_END.search(line))


class UrlHeadline(DocumentRule):
    id = "url-headline"
    summary = (
        "Move a first line that prints the words of the page's address, above a byline or "
        "date, into metadata as the title."
    )
    why = (
        "Text extracted without its title often starts with the headline, and most sites "
        "print the headline's words in the page's address. A first line shaped like a "
        "headline (a few words, no clause punctuation at its end) whose words are mostly the "
        "address's is the title, when the next line is no sentence (a byline, a date, a "
        "kicker). Above a sentence it stays: annotators keep the first heading of posts that "
        "open straight into text as often as not. When the title is known (HTML pages carry "
        "it), the title rule compares it with the first line instead."
    )
    phase = Phase.HEADER
    order = 25  # after the title rule, which knows the page's own title
    examples = (
        Example(
            "Browns player on Rudolph's role in fight with Garrett: He asked for it\n"
            "Nov 18, 2019 at 2:24 pm ET\nThe fight went on for a minute, and the league "
            "suspended both.",
            "Nov 18, 2019 at 2:24 pm ET\nThe fight went on for a minute, and the league "
            "suspended both.",
            (("title", "Browns player on Rudolph's role in fight with Garrett: He asked for it"),),
            given=(
                (
                    "url",
                    "https://example.com/nfl/news/browns-player-on-rudolph-role-in-fight-with-garrett-he-asked-for-it/",
                ),
            ),
        ),
        Example(
            "Esper Accuses China of Intimidating Smaller Nations\n\nUpdated\n\nHANOI — The "
            "defense secretary spoke on Wednesday.",
            "Updated\n\nHANOI — The defense secretary spoke on Wednesday.",
            (("title", "Esper Accuses China of Intimidating Smaller Nations"),),
            given=(
                (
                    "url",
                    "https://example.com/article/Esper-accuses-China-of-intimidating-smaller-14848382.php",
                ),
            ),
        ),
    )
    keeps = (
        # Without the page's address nothing says the first line is the title.
        "Herbs and Flowers for Organic Pest Control\nUpdated May 2025\nMarigolds help.",
        "Pest control starts in the soil, long before the first aphid.\nMarigolds help.",
    )

    def fixes(self, text: str, metadata: Metadata) -> Iterator[Fix]:
        url = metadata.get("url")
        # A known title (the page's, or one this rule took) is the title rule's to find.
        if not url or metadata.get("title"):
            return
        head = first_lines(text, 3)
        # Only a byline or a date under it: the line is the whole story, not its headline.
        if len(head) < 3 or is_prose(head[1][1]):
            return
        # A line printed twice under the first is a second headline or a deck shown twice:
        # the title rule's case, and with it which line is the title is not known.
        if len(head) > 2 and head[2][1] == head[1][1]:
            return
        slug = slug_words(str(url))
        # Two lines in a row that print the address are a headline and its deck, or a
        # heading of the text under the title: which one is the title is not known.
        if slug and prints_slug(head[0][1], slug) and not prints_slug(head[1][1], slug):
            record(metadata, "title", head[0][1])
            yield from drop_lines(text, [head[0][0]])
