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
