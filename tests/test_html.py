"""HTML extraction: trafilatura first, its baseline when trafilatura kept only a fragment."""

from __future__ import annotations

from cleaner.html import FRAGMENT_MIN_WORDS, is_fragment

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
