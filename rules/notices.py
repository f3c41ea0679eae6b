"""Legal notices that publishers append to every article."""

from __future__ import annotations

import regex

from cleaner.rule import Example, LineRule


class ReprintNotice(LineRule):
    id = "reprint-notice"
    summary = "Drop reprint notices ('This copy is for your personal, non-commercial use only.')."
    why = (
        "Publishers that sell reprints stamp every article with the terms of use of the copy. "
        "It is about the page, not the story. Copyright lines of wire stories are left alone: "
        "annotators keep them as the article's credit."
    )
    max_words = 90
    examples = (
        Example(
            "Text.\n\nThis copy is for your personal, non-commercial use only. To order "
            "presentation-ready copies for distribution, visit http://www.djreprints.com.",
            "Text.",
        ),
    )
    keeps = (
        "© 2019 Associated Press. All Rights Reserved.",
        "The licence is for personal use only, the company said.",
    )
    triggers = ("personal", "distribution")
    pattern = regex.compile(
        r"(?i)\bfor your personal,? non-?commercial use only\b"
        r"|\bdistribution and use of this material (?:are|is) governed\b"
    )


class CookieNotice(LineRule):
    id = "cookie-notice"
    summary = "Drop cookie-consent banner text ('We use cookies…', 'Manage consent')."
    why = (
        "Consent banners are part of every page of a site, and extractors sometimes keep "
        "their text. Only the banner's own phrases are taken: articles about privacy that "
        "mention cookies stay."
    )
    max_words = 80
    triggers = ("cookie", "consent", "accept", "reject", "allow")
    examples = (
        Example(
            "Text.\n\nWe use cookies on our website to give you the most relevant experience.\n"
            "Manage consent\nAccept all",
            "Text.",
        ),
        Example(
            "Text.\nNecessary cookies are absolutely essential for the website to function.",
            "Text.",
        ),
    )
    keeps = (
        "The regulator said sites that use cookies must ask first.",
        "Accept the offer, the union told its members.",
    )
    pattern = regex.compile(
        r"(?i)^\s*(?:we use cookies|this (?:web)?site uses cookies|necessary cookies are"
        r"|(?:functional|analytical|performance|advertisement) cookies (?:are|help)"
        r"|by (?:clicking|continuing|using)\b.{0,60}\b(?:accept|agree|consent)\b.{0,40}cookies"
        r"|manage (?:cookie )?(?:consent|preferences|settings)\s*$"
        r"|(?:accept|reject|allow)(?: all)?(?: cookies)?\s*$|cookie\s+duration\s+description)"
    )
