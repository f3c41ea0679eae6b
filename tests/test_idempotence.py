"""Cleaning cleaned text changes nothing, whatever the text's whitespace and line order.

Documents are built from every rule's examples and keeps, cut into lines, shuffled, and dressed
in the whitespace that real extractions carry (tabs, runs of spaces, no-break spaces, CRLF and
lone CR line breaks, byte order marks). Each is cleaned with the defaults, with every rule, or
with a random choice of rules: the edit log must rebuild it, and a second cleaning must find
nothing left to do.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaner import Cleaner, reconstruct
from cleaner.pipeline import ALL
from cleaner.registry import all_rules

RULE_IDS = [rule.id for rule in all_rules()]
LINES = sorted(
    {
        line
        for rule in all_rules()
        for text in (*(example.before for example in rule.examples), *rule.keeps)
        for line in text.split("\n")
    }
)
BREAKS = ("\n", "\n", "\n", "\n\n", "\r\n", "\r", "\r\n\r\n", "\n \n")
SPACES = (" ", " ", " ", " ", "  ", "\t", " \t ", "\xa0")
CLEANERS = {"defaults": Cleaner(), "all": Cleaner(select=[ALL])}


@st.composite
def dressed_line(draw: st.DrawFn) -> str:
    """A line of the rules' own examples with its spaces, ends and start varied."""
    line = draw(st.sampled_from(LINES))
    words = line.split(" ")
    spaced = words[0] + "".join(draw(st.sampled_from(SPACES)) + word for word in words[1:])
    indent = draw(st.sampled_from(("", "", "", " ", "\t", "\ufeff")))
    trailing = draw(st.sampled_from(("", "", "", " ", "\t", "  ")))
    return indent + spaced + trailing


@st.composite
def documents(draw: st.DrawFn) -> str:
    lines = draw(st.lists(dressed_line(), min_size=1, max_size=14))
    breaks = [draw(st.sampled_from(BREAKS)) for _ in lines]
    start = draw(st.sampled_from(("", "", "\ufeff", " \n", "\r\n")))
    return start + "".join(line + end for line, end in zip(lines, breaks, strict=True))


@st.composite
def cleaners(draw: st.DrawFn) -> Cleaner:
    choice = draw(st.sampled_from(("defaults", "all", "some")))
    if choice != "some":
        return CLEANERS[choice]
    return Cleaner(select=draw(st.lists(st.sampled_from(RULE_IDS), min_size=1, unique=True)))


@given(documents(), cleaners())
@settings(
    max_examples=2000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
def test_cleaning_is_idempotent_and_rebuilds_the_input(text: str, cleaner: Cleaner) -> None:
    once = cleaner.clean(text)
    assert reconstruct(once.text, once.edits) == text
    twice = cleaner.clean(once.text, once.metadata)
    assert twice.edits == [], [edit.rule for edit in twice.edits]
    assert twice.metadata == once.metadata


def test_whitespace_variants_clean_as_plain_text() -> None:
    """Tabs, doubled spaces and lone CRs do not hide a line from the rules on the first pass."""
    plain = "Text.\n\nStory continues below advertisement\n\nMore text."
    for variant in (
        "Text.\r\rStory  continues  below  advertisement\r\rMore text.",
        "Text.\r\n\r\nStory\tcontinues below\t advertisement\r\n\r\nMore text.",
        "\ufeffText.\n\n  Story continues below advertisement  \n\nMore text.",
    ):
        result = Cleaner().clean(variant)
        assert result.text == Cleaner().clean(plain).text == "Text.\n\nMore text."
        assert reconstruct(result.text, result.edits) == variant


def test_a_byte_order_mark_does_not_hide_the_byline() -> None:
    result = Cleaner().clean("\ufeffBy Jane Doe\n\nThe envoy spoke.")
    assert result.text == "The envoy spoke."
    assert result.metadata["author"] == "Jane Doe"


def test_neighbours_are_judged_after_the_same_pass_drops_lines() -> None:
    """A bare address is kept mid-text but dropped among the last lines; the lines after it
    that other rules drop do not count."""
    text = "The clinic opened.\n\njane@example.com\n\nAdvertisement\n\nShare\n\nPrint"
    result = Cleaner().clean(text)
    assert result.text == "The clinic opened."
    assert Cleaner().clean(result.text, result.metadata).edits == []


def test_rules_that_ran_before_a_rewrite_judge_the_rewritten_text() -> None:
    """A rewrite inside a line sent only the context rules to look again: a spelling fix that
    completed a boilerplate line ("Explore furthe"), a removal that left the rest of a line
    plain mojibake, and the lines a line pass dropped, whose neighbours its own context rules
    had judged with them, were left for a second cleaning (found by a random search over the
    rules' examples with letters broken apart)."""
    cleaner = Cleaner()
    for text in (
        "Jane Doe, Staff Writer\n\nText.\n\nExplore furthe\n\nr\n\nMore text.",
        "Text. since President BidenJoe BidenCDC working to tighten testing requirement On The"
        " Money — Powell pivots as inflation rises MORE announced in April It wasn‚Äôt there.",
        "|Thank you for your feedback!\n| City | Rain |\nThe United   States has warned the Taliban.",
        # a no-break space before a line's first word hid it from the rules until a removal
        # made the line the first of the text, whose edges are trimmed
        "Text size: A A A\n\n\u00a0Thanks for signing up!\n\nThe river rose in the night.",
    ):
        once = cleaner.clean(text)
        assert cleaner.clean(once.text, once.metadata).edits == [], text


def test_an_escaped_line_break_stays_inside_its_line() -> None:
    """A page shows "&#10;" in a paragraph as a space, as it shows a line break in its source:
    ftfy decoded it (and "&#13;", "&NewLine;"...) to a line break, which cut the line in two for
    the line rules (here the middle half went as an ad label), and the vertical tab's "&#11;" to
    nothing, which glued the words on both sides."""
    cleaner = Cleaner()
    for escape in ("&#10;", "&#x0D;", "&#12;", "&#11;", "&#x2028;", "&NewLine;", "&amp;#10;"):
        text = f"The story began.{escape}Advertisement{escape}More of the story."
        once = cleaner.clean(text)
        assert once.text == "The story began. Advertisement More of the story.", escape
        assert reconstruct(once.text, once.edits) == text
        assert cleaner.clean(once.text, once.metadata).edits == []


def test_escapes_of_escapes_are_decoded_through_in_one_cleaning() -> None:
    """Escapes nested as deep as they go, joined by an escape of nothing ("&#1;") or by a
    character ftfy removes, are decoded at once; a line whose every level ftfy must reveal anew
    (a byte order mark's mojibake inside each) is left as it is, by the second cleaning too."""
    revealed = "&iu" * 9 + "&iuml;&raquo;&iquest;" + "ml;&raquo;&iquest;" * 9
    cleaner = Cleaner(select=["unicode-repair"])
    for text, repaired in (
        ("Fish &" + "amp;" * 500 + " chips", "Fish & chips"),
        ("1 &amp;#38;amp;lt; 2", "1 < 2"),
        ("Fish &" + "am&#1;p;" * 500 + " chips", "Fish & chips"),
        ("Fish &am\x01p;amp; chips", "Fish & chips"),
        (f"Fish {revealed} chips", f"Fish {revealed} chips"),
    ):
        once = cleaner.clean(text)
        assert once.text == repaired
        assert reconstruct(once.text, once.edits) == text
        assert cleaner.clean(once.text, once.metadata).edits == []


def test_mojibake_astride_a_million_characters_of_one_line_is_repaired_once() -> None:
    """ftfy cut a line longer than 1,000,000 characters into pieces it repaired one by one:
    mojibake astride the cut was left, or half repaired, and repaired by a second cleaning."""
    sentences = ("The cafÃ© opened on Tuesday. ", "The river rose in the night. ")
    head = "".join(sentences[number % 5 > 0] for number in range(34_000))
    # "â€™" (the UTF-8 of "’" read as Windows-1252) at 999,998 to 1,000,000, then at
    # 999,999 to 1,000,001: the cut falls inside it after its second character, then its first
    pads = ["x" * (999_994 - len(head) + shift) for shift in (0, 1)]
    text = "\n".join(f"{head}{pad} donâ€™t stop. {sentences[1]}" for pad in pads)
    cleaner = Cleaner(select=["unicode-repair"])
    once = cleaner.clean(text)
    repaired = head.replace("Ã©", "é")
    assert once.text == "\n".join(f"{repaired}{pad} don’t stop. {sentences[1]}" for pad in pads)
    assert cleaner.clean(once.text, once.metadata).edits == []
