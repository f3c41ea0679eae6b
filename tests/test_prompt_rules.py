"""Prompts, notices, dummy text and bylines that an article only quotes or resembles.

Found by a hostile tester: follow-prompt took paragraphs that open "Join us at", "Find them
at", "Like him on" without a network after them; cookie-notice, lorem-ipsum and
subscribe-prompt took news paragraphs that open by quoting the boilerplate; byline took
title-case subheadings ("By Royal Appointment") for authors. The boilerplate itself must
still go.
"""

from __future__ import annotations

import pytest

from cleaner import Cleaner

CLEANER = Cleaner()


def rules_that_edited(text: str) -> list[str]:
    return [edit.rule for edit in CLEANER.clean(text).edits]


# --- follow-prompt: a prompt names where to follow -------------------------------------------

FOLLOW_LOOKALIKES = [
    "Margaret Ellis, 91, died Sunday.\n\nJoin us at First Baptist Church on Saturday at 2 p.m. "
    "to celebrate her life; a reception will follow in the fellowship hall.",
    "The Hendersons grow heirloom tomatoes.\n\nFind them at the farmers market on Saturdays, "
    "where they sell out by ten.",
    "The senator broke with her party on guns.\n\nLike him on most issues, she is a fiscal "
    "conservative.",
    "The mayor works long hours.\n\nFollow him on a typical day and you will see why his staff "
    "are tired.",
    "The couple runs a bakery.\n\nConnect with them at the Sunday market, where they give out "
    "samples.",
    "Members meet monthly.\n\nJoin us at the social hour on Friday and bring a friend.",
    "Nurses train here.\n\nFollow her on X-ray rounds and you learn more than in class.",
    "The senator is prolific online.\n\nFollow her on Instagram and you see yachts, her critics "
    "say. Her filings tell another story.",
]


@pytest.mark.parametrize("text", FOLLOW_LOOKALIKES)
def test_follow_lookalike_paragraph_is_kept(text: str) -> None:
    result = CLEANER.clean(text)
    assert result.text == text
    assert result.edits == []


@pytest.mark.parametrize(
    "prompt",
    [
        "Follow us on Twitter @Spacedotcom or Facebook.",
        "Follow me on instagram: @talkinghomerenovations",
        "Join me on TikTok: @The House Maven",
        "Follow Us On Social Media",
        "Like us on Facebook.",
        "Connect with us on LinkedIn",
        "Find us at www.example.com",
        "Follow us on X for the latest news and updates.",
        "Follow @BGRDeals on Twitter to keep up with the latest deals from around the web. "
        "Quantities may be limited. Prices are subject to change without notice and coupons "
        "may expire at any time. Some deals may not be available to all customers.",
    ],
)
def test_follow_prompt_is_still_dropped(prompt: str) -> None:
    assert CLEANER.clean(f"Text.\n\n{prompt}").text == "Text."


# --- paragraphs that quote boilerplate and go on reporting -----------------------------------

QUOTING_PARAGRAPHS = [
    (
        "cookie-notice",
        "Regulators acted.\n\nWe use cookies on our website, the banner said, but the French "
        "regulator CNIL found that refusing them took more clicks than accepting them. The "
        "company was fined 150 million euros. It said it would appeal.",
    ),
    (
        "cookie-notice",
        "Regulators acted.\n\nThis website uses cookies to improve your experience, a notice "
        "tells visitors. Privacy groups complained to the regulator in 2021. The agency opened "
        "an inquiry last year.",
    ),
    (
        "lorem-ipsum",
        "Readers were puzzled.\n\nLorem ipsum dolor sit amet appeared on the front page of the "
        "Mercury on Tuesday after a layout error, the editor said. The paper apologised in its "
        "next edition. Staff were retrained.",
    ),
    (
        "subscribe-prompt",
        "Newsletters work.\n\nSign up for our newsletter was the most-clicked button on the "
        "site, the study found. Researchers tracked 2 million visits over a year. Readers who "
        "signed up came back more often.",
    ),
    (
        "subscribe-prompt",
        "Newsletters work.\n\nSubscribe to our newsletter, the banner read. Publishers have "
        "leaned on such prompts since 2015. Open rates fell sharply last year.",
    ),
    (
        "subscribe-prompt",
        "The council met on Tuesday night. It voted five to two for the new plan. Sign up for "
        "our newsletter.",
    ),
]


@pytest.mark.parametrize(("rule", "text"), QUOTING_PARAGRAPHS)
def test_paragraph_quoting_boilerplate_is_kept(rule: str, text: str) -> None:
    assert rule not in rules_that_edited(text)
    assert CLEANER.clean(text).text == text


@pytest.mark.parametrize(
    "boilerplate",
    [
        "We use cookies on our website to give you the most relevant experience by remembering "
        "your preferences and repeat visits. By clicking “Accept”, you consent to the use of "
        "ALL the cookies.",
        "This website uses cookies to improve your experience while you navigate through the "
        "website. Out of these, the cookies that are categorized as necessary are stored on "
        "your browser. We also use third-party cookies that help us analyze how you use this "
        "website. These cookies will be stored in your browser only with your consent.",
        "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor "
        "incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud "
        "exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat. Duis aute irure "
        "dolor in reprehenderit in voluptate velit esse cillum dolore eu fugiat nulla pariatur.",
        "Lorem ipsum dolor sit amet, consectetur adipiscing elit. Click here to edit this text "
        "and add your own.",
        "Sign up for our newsletter. Get the best stories delivered to your inbox every morning.",
        "Thanks for subscribing and reading this far. I appreciate it. As always, thank you for "
        "your support, your attention, and your kindness.",
        "Start your day with the Opening Bell powered by The Water Coolest. The Water Coolest is "
        "the preferred bathroom stall reading material of finance professionals. Sign up for "
        "the free daily newsletter.",
        # banners and prompts that go on for two sentences of their own, or use a word of
        # attribution that is no tag
        "This website uses cookies. Some of them are essential for the operation of the site. "
        "Others help to improve the site and the user experience.",
        "Sign up for our daily newsletter. It arrives each weekday at 6 a.m. Thousands of "
        "readers already get it.",
        "Follow us on Facebook. The page posts the day's top stories. Live video runs from the "
        "studio every evening.",
        "This website uses cookies to ensure you get the best experience, as our privacy policy "
        "says.",
        "Sign up for The Morning newsletter from the New York Times. What you need to know to "
        "start your day, and what the experts say.",
        "Lorem ipsum dolor sit amet. Click here to edit this text and add your own content. "
        "This is the default text of the template.",
    ],
)
def test_boilerplate_is_still_dropped(boilerplate: str) -> None:
    assert CLEANER.clean(f"Text.\n\n{boilerplate}").text == "Text."


# --- byline: a byline names people ------------------------------------------------------------

SUBHEADINGS = [
    "The Queen visited the factory in 1977.\n\nBy Royal Appointment\n\nThe firm has supplied "
    "the palace for decades.",
    "He grew up poor and angry.\n\nBy Any Means Necessary\n\nHe built the company from nothing.",
    "The deal closed in May.\n\nIt took years of trying.\n\nBy Hook Or By Crook",
    "Nobody planned the recipe.\n\nBy Trial And Error\n\nThe cooks tried forty versions.",
    "The bakery opened in 1990.\n\nBy Word Of Mouth\n\nThe shop never advertised.",
    "The rules are strict.\n\nBy Invitation Only",
]


@pytest.mark.parametrize("text", SUBHEADINGS)
def test_title_case_subheading_is_no_byline(text: str) -> None:
    result = CLEANER.clean(text)
    assert "byline" not in [edit.rule for edit in result.edits]
    assert "author" not in result.metadata


@pytest.mark.parametrize(
    ("line", "author"),
    [
        ("By Dan Rather", "Dan Rather"),
        ("By Pa Houa Her", "Pa Houa Her"),
        ("By Russell Means", "Russell Means"),
        ("Posted by Dan Rather on Tuesday, August 29, 2023", "Dan Rather"),
        ("By John Smith And Mary Jones", "John Smith And Mary Jones"),
    ],
)
def test_a_by_line_at_the_top_is_the_byline_whatever_its_words(line: str, author: str) -> None:
    """Names are made of words too: only below a paragraph do the words make a heading."""
    result = CLEANER.clean(f"{line}\nThe envoy spoke at length.")
    assert result.text == "The envoy spoke at length."
    assert result.metadata["author"] == author


@pytest.mark.parametrize(
    "name",
    [
        "John Smith",
        "Jane Young",
        "Ben Price",
        "Mark Little",
        "Will Hutton",
        "May Bulman",
        "Can Dündar",
        "Summer Said",
        "He Huifeng",
        "Kitty Empire",
        "Quiet Light",
        "Matthew Lee and Kathy Gannon",
        "JANE DOE AND JOHN ROE",
    ],
)
def test_names_that_are_words_are_still_bylines(name: str) -> None:
    text = f"Storm Hits Coast\nThe river rose overnight.\nBy {name}\nResidents were evacuated."
    result = CLEANER.clean(text)
    assert result.text == "Storm Hits Coast\nThe river rose overnight.\nResidents were evacuated."
    assert result.metadata["author"] == name


def test_unsigned_staff_byline_is_dropped_without_an_author() -> None:
    result = CLEANER.clean("By Our Foreign Staff\n\nThe talks collapsed on Monday.")
    assert result.text == "The talks collapsed on Monday."
    assert "author" not in result.metadata


def test_english_only_words_are_no_names() -> None:
    from cleaner.lexicon import english_only_words
    from cleaner.rules.bylines import names_no_one

    words = english_only_words()
    assert {"appointment", "means", "necessary"} <= words
    # Names, and words that are names too: as common in other languages' text.
    assert not {"smith", "lee", "john", "young", "price", "can", "said", "royal"} & words
    assert names_no_one(["Hook", "Or", "By", "Crook"])
    assert not names_no_one(["MATTHEW", "LEE", "AND", "KATHY", "GANNON"])
    assert names_no_one(["Leaps", "And", "Bounds"])


# --- the shared test ---------------------------------------------------------------------------


def test_goes_on_reporting() -> None:
    import regex

    from cleaner.rules.notices import goes_on_reporting

    opening = regex.compile(r"We use cookies")
    never = regex.compile(r"(?!)").search
    banner = "We use cookies to help you. You may opt out. We never sell your data to anyone."
    assert not goes_on_reporting(banner, opening.search(banner), never)
    quoted = "We use cookies, the site says."
    assert goes_on_reporting(quoted, opening.search(quoted), never)
    # A banner goes on for two sentences of its own; three report, or two before it.
    banner_on = (
        "We use cookies to help you. The regulator opened an inquiry in March. The company "
        "redesigned its banner last year."
    )
    assert not goes_on_reporting(banner_on, opening.search(banner_on), never)
    reported = f"{banner_on} Privacy groups welcomed the change on Monday."
    assert goes_on_reporting(reported, opening.search(reported), never)
    glued = (
        "The regulator opened an inquiry in March. The company redesigned its banner last "
        "year. We use cookies."
    )
    assert goes_on_reporting(glued, opening.search(glued), never)
    # Words of attribution that are no tag set off by a comma do not report.
    for own in ("We use cookies, as our privacy policy says.", "We use cookies readers say."):
        assert not goes_on_reporting(own, opening.search(own), never)
    # Short tag lines and hedged terms do not report.
    terms = "We use cookies to help you. Prices change daily. Some deals might not be available."
    assert not goes_on_reporting(terms, opening.search(terms), never)
