"""The article's own tables and lists, which the navigation and related-link rules must leave
alone: a table's header row, a headed or announced short list, a data list between the
paragraphs that discuss it. Each case is cleaned by the default pipeline, as a user would."""

from __future__ import annotations

import pytest

from cleaner import Cleaner

CLEANER = Cleaner()

PROSE = (
    "The river rose in the night, and by morning the whole of the old town stood in water up "
    "to the windows."
)


def removed_by(text: str, *rules: str) -> list[str]:
    """What the given rules remove from ``text`` in the default pipeline."""
    return [edit.removed for edit in CLEANER.clean(text).edits if edit.rule in rules]


# --- nav-row: a table's header row is no menu ------------------------------------------------

TABLES = {
    "header-over-rows": (
        "Jobless rates.\n\nRank | State | Rate\n1 | South Dakota | 1.9%\n2 | North Dakota | 2.0%"
        "\n\nThe national rate held."
    ),
    "header-over-rows-four-cells": (
        "Here are the results of the tests:\n\nCategory | Last Month | This Month | Delta\n"
        "Passed | 6676 | 6774 | +98\nFailed | 47 | 57 | +10\n\nHow to contribute"
    ),
    "header-with-blank-lines-between-rows": (
        "The costs vary.\n\nRenovation Type | Estimated Cost Range | Notes\n\n"
        "Whole-Home Remodel | $75,000 – $100,000 | Basic materials\n\n"
        "Partial Remodel | $10,000 – $20,000 | Small upgrades\n\nMore text."
    ),
    "header-under-rows": (
        "Prices rose.\n\nApples | Pears | Plums\n1.20 | 2.10 | 3.40\nTotal | Mean | Median\n\nEnd."
    ),
    "edged-header-over-edged-rows": (
        "Ratings.\n\n| Company | Rating | Outlook |\n| Apple | Buy | Stable |\n"
        "| Intel | Hold | Negative |\n\nEnd."
    ),
}


@pytest.mark.parametrize("text", TABLES.values(), ids=TABLES.keys())
def test_table_header_row_is_kept(text: str) -> None:
    assert removed_by(text, "nav-row") == []


MENU_ROWS = {
    "menu-over-prose": "Home | News | Sport | Weather\nThe storm hit at dawn, and the town slept.",
    "menu-over-shorter-row": "Home | News | Sport | Weather\nLogin | Register\n\nThe storm hit.",
    "menu-under-prose": "The storm hit at dawn.\n\nAbout Us | Contact | Careers | Privacy Policy",
    "menu-over-its-copy": (
        "The storm hit at dawn.\n\nHome | News | Sport | Weather\nHome | News | Sport | Weather"
    ),
    # two bars of as many cells stacked are no table when they name pages
    "two-stacked-bars": (
        "Home | News | Sport | Weather\nAbout | Contact | Privacy | Terms\nThe storm hit at dawn."
    ),
    "footer-bars": "The storm hit at dawn.\n\nAbout | Contact | Careers\nPrivacy | Terms | Cookies",
}


@pytest.mark.parametrize("text", MENU_ROWS.values(), ids=MENU_ROWS.keys())
def test_menu_row_still_goes(text: str) -> None:
    assert removed_by(text, "nav-row")


# --- menu-run: the article's own short lists are no menu -------------------------------------

OWN_LISTS = {
    "recipe-headed-by-ingredients": (
        "Ingredients\nFlour\nSugar\nButter\nEggs\nBaking powder\nMilk\n\n"
        "Heat the oven first, and grease the tin while it warms."
    ),
    "recipe-heading-after-prose": (
        f"{PROSE}\n\nIngredients\nFlour\nSugar\nButter\nEggs\nBaking powder\nMilk"
    ),
    "shortlist-after-an-open-sentence": (
        "The judges met in London on Tuesday to pick six books from 150 entries. "
        "The shortlisted books are\nOrbital\nJames\nHeld\nCreation Lake\nThe Safekeep\n"
        "Stone Yard Devotional"
    ),
    "squad-list-at-the-end": (
        "The coach named his final squad on Monday after a week of trials, and said he was "
        "happy with the balance of youth and experience.\n\nSquad\nJordan Pickford\nKyle Walker"
        "\nJohn Stones\nDeclan Rice\nJude Bellingham\nBukayo Saka\nPhil Foden\nHarry Kane"
    ),
    "names-at-the-end-without-heading": (
        f"{PROSE}\n\nJordan Pickford\nKyle Walker\nJohn Stones\nDeclan Rice\nJude Bellingham\n"
        "Bukayo Saka"
    ),
    "list-after-a-sentence-cut-at-a-preposition": (
        f"{PROSE} The money will go to\nOxfam\nShelter\nCrisis\nMind\nBarnardo's\nMacmillan"
    ),
    "sections-completing-a-sentence": (
        f"{PROSE} From Monday the paper will print six sections, which are\nNews\nOpinion\n"
        "Sport\nBusiness\nPodcasts\nVideos"
    ),
    "packing-list-between-paragraphs": (
        f"{PROSE}\n\nFirst-aid kit\n\nBand-aids\n\nGauze pads\n\nNeosporin\n\nAntiseptic gel\n\n"
        "Toothbrush\n\nToothpaste\n\nIbuprofen\n\nChapstick\n\nMoleskin\n\nDeodorant\n\n"
        f"Eye drops\n\n{PROSE}"
    ),
}


@pytest.mark.parametrize("text", OWN_LISTS.values(), ids=OWN_LISTS.keys())
def test_own_short_list_is_kept(text: str) -> None:
    assert removed_by(text, "menu-run") == []


MENUS = {
    "sections-at-the-top": f"Home\nWorld News\nSports\nOpinion\nPodcasts\nPhotos\nVideos\n{PROSE}",
    "sections-at-the-bottom": (
        f"{PROSE}\n\nLatest News\nIndia News\nCricket\nEducation\nEntertainment\nBrand Stories\n"
        "Astrology"
    ),
    "footer-after-an-unpunctuated-call": (
        f"{PROSE}\nSubscribe to our best newsletters\nHome\nLatest News\nWorld News\nCities\n"
        "Entertainment\nSports\nOpinion\nPhotos"
    ),
    "company-footer": (
        f"{PROSE}\n\nAbout Us\nCareers\nContact Us\nAdvertise\nPrivacy Policy\nTerms of Use\n"
        "Sitemap"
    ),
    "social-footer": f"{PROSE}\n\nFacebook\nTwitter\nInstagram\nYouTube\nLinkedIn\nTikTok",
    "sections-heading-in-a-table": (
        f"{PROSE}\n| Sections |\n| Local News |  |\n| World |\n| Weather |\n| Obituaries |\n"
        "| Letters |"
    ),
}


@pytest.mark.parametrize("text", MENUS.values(), ids=MENUS.keys())
def test_menu_run_still_goes(text: str) -> None:
    # a menu under a heading of links ("Latest News") goes as the list of links it reads as
    assert len(removed_by(text, "menu-run", "link-list")) >= 6


# --- link-list: a data list under a 'Most popular' heading is no list of links ---------------

DATA_LISTS = {
    "baby-names": (
        "The SSA released its list of baby names on Friday.\n\nMost popular\nOlivia\nLiam\nEmma"
        "\nNoah\nCharlotte\nOliver\n\nOlivia has topped the list for five years."
    ),
    "trending-searches-discussed": (
        "Google published the year's top searches on Tuesday.\n\nTrending now\nWordle\n"
        "Ukraine\nQueen Elizabeth\nJohnny Depp\nBetty White\n\nWordle led the list in most "
        "countries, the company said."
    ),
    "more-from-a-label-discussed-before": (
        "The label signed Adele, Coldplay, Stormzy and Dua Lipa in the same decade.\n\n"
        "More from Atlantic Records\nAdele\nColdplay\nStormzy\nDua Lipa\n\n"
        "All four sold out their tours last year."
    ),
    "names-between-blank-lines": (
        "The SSA released its list of baby names on Friday.\n\nMost popular\n\nOlivia\n\nLiam"
        "\n\nEmma\n\nNoah\n\nOlivia has topped the list for five years."
    ),
    "ranked-names": (
        "The SSA released its list of baby names on Friday.\nMost popular\n- Olivia\n- Liam\n"
        "- Emma\nOlivia's lead has held for five years."
    ),
}


@pytest.mark.parametrize("text", DATA_LISTS.values(), ids=DATA_LISTS.keys())
def test_data_list_under_link_heading_is_kept(text: str) -> None:
    assert removed_by(text, "link-list") == []


LINK_LISTS = {
    "headlines-under-most-popular": (
        "The storm hit at dawn.\n\nMost popular\nCouncil votes to rebuild the old bridge\n"
        "Flood defences failed, report finds\nSchool reopens after the storm\n\n"
        "The river fell on Tuesday."
    ),
    "short-items-not-discussed": (
        "The storm hit at dawn and the town slept through it.\n\nTrending\nBrexit\nWeather\n"
        "Premier League\nStrictly\n\nThe river fell on Tuesday, and the roads opened again."
    ),
    "short-items-at-the-end": (
        "The storm hit at dawn, and Brexit was forgotten.\n\nTrending now\nBrexit\nWeather\n"
        "Premier League\nStrictly"
    ),
    "two-short-items-before-a-promo": (
        "What are your thoughts on this report?\n\nRead This Next\nIntroducing\nFX Excursions\n"
        "FX Excursions offers the chance for once-in-a-lifetime experiences."
    ),
}


@pytest.mark.parametrize("text", LINK_LISTS.values(), ids=LINK_LISTS.keys())
def test_link_list_still_goes(text: str) -> None:
    assert len(removed_by(text, "link-list")) >= 3
