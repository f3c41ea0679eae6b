"""HTML extraction: trafilatura first, its baseline when trafilatura kept only a fragment."""

from __future__ import annotations

from pathlib import Path

import trafilatura

from cleaner.html import FRAGMENT_MIN_WORDS, extract_html, is_fragment

PAGES = Path(__file__).resolve().parent / "pages"

SENTENCE = "The river rose through the night and the town woke to water in its streets. "
ARTICLE = SENTENCE * 60  # 900 words
INTRO = SENTENCE * 3  # 45 words


def test_a_short_block_of_a_long_article_is_a_fragment() -> None:
    assert is_fragment(INTRO, ARTICLE)
    assert is_fragment("", ARTICLE)


def test_most_of_the_article_is_not_a_fragment() -> None:
    assert not is_fragment(SENTENCE * 30, ARTICLE)


def test_short_pages_never_fall_back() -> None:
    """Below the floor a page's paragraphs are often comments and teasers, not its article."""
    short_page = SENTENCE * (FRAGMENT_MIN_WORDS // 15 - 1)
    assert not is_fragment(SENTENCE, short_page)


def test_a_page_whose_first_article_is_a_teaser_keeps_its_story() -> None:
    """trafilatura stops at the page's first <article>, a header teaser; the story follows."""
    page = (PAGES / "fragment.html").read_bytes()
    teaser = trafilatura.extract(page, favor_recall=True, include_comments=False)
    text, metadata = extract_html(page)
    assert text is not None and len(text.split()) > 600 > 10 * len(teaser.split())
    assert "handing out warm rolls from an upstairs window" in text
    assert metadata["title"] == "The week the river came in"
