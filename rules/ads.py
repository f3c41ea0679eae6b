"""Labels that ad slots and shopping widgets leave in the text."""

from __future__ import annotations

import regex

from cleaner.rule import Example, LineRule


class AdLabel(LineRule):
    id = "ad-label"
    summary = "Drop ad-slot labels alone on a line ('Advertisement', 'Story continues below')."
    why = (
        "Ad slots print a label above or below themselves, and the ad itself is gone by the "
        "time the text is extracted, so the label is left between two paragraphs. Alone on a "
        "line it is never article text; a sentence about advertising is not touched. An ad "
        "plugin's shortcode that was never expanded ('[ad_1]') is such a label too."
    )
    max_words = 6
    triggers = ("advert", "sponsor", "continue", "ad", "scroll")
    examples = (
        Example("Text.\n\nAdvertisement\n\nMore text.", "Text.\n\nMore text."),
        Example(
            "Text.\nSKIP ADVERTISEMENT\nStory continues below advertisement\nMore.", "Text.\nMore."
        ),
        Example("Text.\nSponsored Content\nArticle continues below\nMore.", "Text.\nMore."),
        Example("Text.\nSponsored Links\nMore.", "Text.\nMore."),
        Example(
            "Text.\nAdvertisement - Scroll to continue\nADVERTISEMENT - CONTINUE READING BELOW\nMore.",
            "Text.\nMore.",
        ),
        Example("[ad_1]\nText.\n[ad_2]", "Text."),  # an ad plugin's unexpanded shortcode
    )
    keeps = (
        "Advertisement spending fell by a third.",
        "Sponsored by the city, the race drew 4,000 runners.",
        "The story continues below the fold in print.",
        "Ad hoc",
        "ad_1 = compute(ad_2)",
    )
    pattern = regex.compile(
        r"(?i)^[\W_]*(?:(?:skip\s+)?(?:advertisement|advertising|ad)(?:_\d+)?(?:\W+(?:scroll\s+to\s+"
        r"continue(?:\s+with\s+content)?|continue\s+reading\s+below))?"
        r"|scroll\s+to\s+continue\s+with\s+content"
        r"|sponsored(?:\s+(?:content|links?))?"
        r"|sponsored\s+by|paid\s+(?:post|content)"
        r"|(?:story|article|text|content)\s+continues\s+(?:below|after)(?:\s+(?:this\s+)?(?:ad|advertisement))?"
        r"|continue\s+reading\s+(?:below|after\s+(?:the\s+)?ad(?:vertisement)?))[\W_]*$"
    )


class ShopButton(LineRule):
    id = "shop-button"
    summary = "Drop shopping buttons alone on a line ('Check Price on Amazon', 'View Deal')."
    why = (
        "Review and buying-guide pages put a button after every product. Extractors keep its "
        "label as a line of its own; it links to a shop and says nothing about the product."
    )
    max_words = 7
    triggers = ("price", "deal", "buy", "shop", "amazon", "offer")
    examples = (
        Example("Text.\nCheck Price on Amazon\nMore.", "Text.\nMore."),
        Example(
            "Text.\n\nView Deal\n\nWHERE TO BUY\n\nBuy now at Best Buy\n\nMore.", "Text.\n\nMore."
        ),
    )
    keeps = (
        "Check the price on Amazon before you buy.",
        "Where to buy a house in 2024",
        "Shop local this holiday season, the mayor said.",
        "The deal was signed on Monday.",
        "- Buy on Google listings",
    )
    pattern = regex.compile(
        r"(?i)^[\W_]*(?:(?:check|see|view|compare|get)\s+(?:the\s+)?(?:latest\s+|current\s+|best\s+)?"
        r"(?:prices?|deals?|offers?)(?:\s+(?:on|at)\s+[\w.&'’ -]{2,30})?"
        r"|(?:buy|shop|order)\s+(?:it\s+)?(?:now|here|today)(?:\s+(?:on|at|from)\s+[\w.&'’ -]{2,30})?"
        r"|(?:view|see|get)\s+(?:the\s+)?(?:deal|offer)|where\s+to\s+buy"
        r"|(?:see|view|check)\s+(?:it\s+)?(?:on|at)\s+amazon)[\W_]*$"
    )
