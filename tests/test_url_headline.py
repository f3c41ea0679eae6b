"""The url-headline rule with the page address that its examples cannot carry in ``keeps``."""

from __future__ import annotations

from cleaner import Cleaner

URL = "https://example.com/farm-blog/herbs-and-flowers-for-organic-pest-control-in-the-garden"
HEADLINE = "My Top 23 Herbs and Flowers for Organic Pest Control in the Garden"
LEDE = "Marigolds keep aphids away from the beans, and they are easy to grow from seed."


def clean(text: str, url: str | None = URL) -> tuple[str, dict]:
    result = Cleaner(select=["url-headline"]).clean(text, {"url": url} if url else None)
    return result.text, dict(result.metadata or {})


def test_headline_above_a_date_goes_to_metadata() -> None:
    text, metadata = clean(f"{HEADLINE}\nMay 2, 2025\n{LEDE}")
    assert text == f"May 2, 2025\n{LEDE}"
    assert metadata["title"] == HEADLINE


def test_headline_above_the_lede_stays() -> None:
    assert clean(f"{HEADLINE}\n{LEDE}")[0] == f"{HEADLINE}\n{LEDE}"


def test_two_lines_printing_the_address_both_stay() -> None:
    text = f"{HEADLINE}\nHerbs and flowers for pest control, in the garden\nMay 2, 2025\n{LEDE}"
    assert clean(text)[0] == text


def test_line_sharing_few_of_the_address_words_stays() -> None:
    text = f"Why Aphids Love Beans So Much\nMay 2, 2025\n{LEDE}"
    assert clean(text)[0] == text


def test_address_without_words_takes_nothing() -> None:
    text = f"{HEADLINE}\nMay 2, 2025\n{LEDE}"
    assert clean(text, "https://example.com/p/48213")[0] == text
    assert clean(text, None)[0] == text


def test_a_page_extension_is_no_word() -> None:
    url = "https://example.com/news/esper-accuses-china-of-intimidating-nations.php"
    text, _ = clean(f"Esper Accuses China of Intimidating Nations\nUpdated\n{LEDE}", url)
    assert text == f"Updated\n{LEDE}"


def test_a_known_title_leaves_the_first_lines_to_the_title_rule() -> None:
    text = f"{HEADLINE}\nMay 2, 2025\n{LEDE}"
    result = Cleaner(select=["url-headline"]).clean(text, {"url": URL, "title": "Pests"})
    assert result.text == text


def test_a_line_printed_twice_under_the_headline_leaves_it() -> None:
    deck = "Get the facts, make smart choices"
    text = f"{HEADLINE}\n{deck}\n{deck}\n{LEDE}"
    assert clean(text)[0] == text


def test_a_story_of_one_line_above_its_byline_is_kept_by_the_whole_pipeline() -> None:
    story = "Herbs and flowers for organic pest control in the garden"
    result = Cleaner().clean(f"{story}\nBy John Smith", {"url": URL})
    assert result.text == story
    assert "title" not in result.metadata
    assert result.metadata["author"] == "John Smith"


def test_a_story_of_one_line_above_its_date_is_kept() -> None:
    assert clean(f"{HEADLINE}\nMay 2, 2025")[0] == f"{HEADLINE}\nMay 2, 2025"
