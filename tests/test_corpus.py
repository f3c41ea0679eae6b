"""Batch line counts: they merge like the whole, stay bounded, and never cost a syndicated story."""

from __future__ import annotations

import pickle

from cleaner import Cleaner
from cleaner.corpus import LineCounts, fingerprint, source_of

TEMPLATE = "The Valley Courier\n{body}\nLocal news for the valley since 1921"
BODIES = [
    f"Story {number}: the council met on {day} and voted on the {topic}, after a long debate "
    "that ran well past midnight."
    for number, (day, topic) in enumerate(
        [("Monday", "budget"), ("Tuesday", "bridge"), ("Friday", "school"), ("Sunday", "park")]
    )
]


def pages(host: str) -> list[tuple[str, str]]:
    return [(TEMPLATE.format(body=body), host) for body in BODIES]


def test_shards_merge_to_the_counts_of_the_whole() -> None:
    documents = pages("courier.example") + pages("gazette.example")
    whole = LineCounts.from_documents(documents)
    merged = LineCounts.from_documents(documents[:3]) + LineCounts.from_documents(documents[3:])
    assert merged == whole
    assert whole.share("The Valley Courier", "courier.example") == (4, 1.0)
    assert whole.share("the valley  COURIER", "") == (8, 1.0)


def test_memory_is_bounded_and_keeps_the_frequent_lines() -> None:
    counts = LineCounts(max_entries=50)
    for number in range(400):
        counts.add(f"Menu Home\nUnique heading {number}\n", "site.example")
    assert len(counts.short_lines) <= 100
    assert counts.share("Menu Home", "site.example")[0] == 400


def test_template_lines_of_a_site_go_and_its_stories_stay() -> None:
    counts = LineCounts.from_documents(pages("courier.example"))
    cleaner = Cleaner(corpus=counts)
    for text, _ in pages("courier.example"):
        result = cleaner.clean(text, {"url": "https://courier.example/story"})
        assert result.text == text.split("\n")[1]
        assert {edit.rule for edit in result.edits} == {"repeated-line"}
    clone = pickle.loads(pickle.dumps(cleaner))
    assert (
        clone.clean(pages("courier.example")[0][0], {"hostname": "courier.example"}).text
        == (BODIES[0])
    )


def test_every_shared_paragraph_of_the_syndicated_seeds_survives(
    seed_texts: dict[str, str],
) -> None:
    """Five outlets print one AP story: its shared lines are content, not template."""
    plain = Cleaner.from_config()
    for hosts in ([f"outlet{n}.example" for n in range(5)], ["one.example"] * 5):
        batch = list(zip(seed_texts.values(), hosts, strict=True))
        cleaner = Cleaner.from_config(corpus=LineCounts.from_documents(batch))
        for text, host in batch:
            metadata = {"hostname": host}
            assert cleaner.clean(text, metadata).text == plain.clean(text, metadata).text


def test_source_is_the_host_of_the_page() -> None:
    assert source_of({"hostname": "www.Example.com"}) == "example.com"
    assert source_of({"url": "https://www.example.org/a/b"}) == "example.org"
    assert source_of({"site": "Example"}, "site") == "Example"
    assert source_of(None) == ""
    assert fingerprint("A  line") == fingerprint("a line")


def test_a_story_printed_word_for_word_by_several_outlets_keeps_its_subheadings(
    seed_texts: dict[str, str],
) -> None:
    """The same wire story on four sites of one batch: its subheadings recur on every copy,
    as a template line would, but they come with the rest of the story."""
    story = next(text for text in seed_texts.values() if "\nCivilians bear the brunt\n" in text)
    batch = [(story, f"outlet{n}.example") for n in range(4)] + [(story, "one.example")] * 3
    cleaner = Cleaner.from_config(corpus=LineCounts.from_documents(batch))
    plain = Cleaner.from_config()
    for text, host in batch:
        cleaned = cleaner.clean(text, {"hostname": host}).text
        assert "\n\nCivilians bear the brunt\n\n" in cleaned
        assert cleaned == plain.clean(text, {"hostname": host}).text
