"""Notes from the editors about the article itself, appended to its text."""

from __future__ import annotations

import regex

from cleaner.dates import MONTH, WRITTEN_DATE
from cleaner.metadata import Metadata, record
from cleaner.rule import Example, Fix, LineRule, SpanRule


class EditorNote(SpanRule):
    id = "editor-note"
    summary = "Remove notes about the article ('This is a condensed version of …', 'This story has been updated.')."
    why = (
        "Rewritten and syndicated stories end with a sentence about the text itself: that it "
        "was condensed, updated or first published elsewhere. It is not news; where it names "
        "the original publisher, that goes to metadata."
    )
    examples = (
        Example(
            "Mohammad Yaqoob spoke in the audio. This is a condensed version of the information.",
            "Mohammad Yaqoob spoke in the audio.",
        ),
        Example("Text.\n\nThis story has been updated.", "Text.\n\n"),
        Example("Text. This story has been updated. This story has been updated.", "Text."),
        Example(
            "Text. This article was originally published by The Conversation.",
            "Text.",
            (("source", ["The Conversation"]),),
        ),
    )
    keeps = (
        "This is a condensed version of the law, critics said, and it will fail.",
        "This story has been told many times before by the survivors of the war.",
        "This article was edited by Adrienne Maxwell and Grant Clauser.",
    )
    triggers = ("This ",)
    # One note or several in a row (a syndicated story can carry the same note twice): a note
    # left before the one taken would end the line on the next cleaning.
    pattern = regex.compile(
        r"(?m)(?:(?<=[.!?\"”’])[ \t]+|^)"
        r"(?:(?:This is an? (?:condensed|shortened|edited|abridged|abbreviated|updated) version "
        r"of (?:[\w'’-]+ ){0,3}[\w'’-]+"
        r"|This (?:article|story|report|post) (?:has been|was) (?:condensed|shortened|"
        r"updated|corrected|amended)(?: [^.!?\n]{1,80})?"
        r"|This (?:article|story|report|post) (?:was|is) (?:originally |first )?(?:published|"
        r"republished) (?:by|on|in|at) (?P<source>[^.!?\n]{1,80}?))"
        r"[.!]?[ \t]*)+$"
    )

    def replace(self, match: regex.Match[str], metadata: Metadata) -> Fix | None:
        if match.group("source"):
            record(metadata, "source", match.group("source"))
        return Fix(match.start(), match.end())


class PrintNote(LineRule):
    id = "print-note"
    summary = (
        "Drop notes on where the article was printed or what it translates ('A version of this "
        "article appears in print on …', 'Published in Dawn, March 4th, 2016')."
    )
    why = (
        "Papers close the web copy of a story with its print history: the page and edition it "
        "ran in and under which headline, the magazine issue it is from; English editions of "
        "other papers name the original they translate and its writer. The note is about the "
        "copy, not the news. Only the whole line is taken: a sentence about an issue of a "
        "magazine, or about a translation, stays."
    )
    max_words = 60
    triggers = ("print", "issue", "edition", "published in", "original")
    examples = (
        Example(
            "Text.\nA version of this article appears in print on March 5, 2016, Section A, Page 1 "
            "of the New York edition with the headline: Flood Waters Rise.",
            "Text.",
        ),
        Example("Text.\nPublished in The Daily Meridian, March 4th, 2016", "Text."),
        Example(
            "Text.\nThis article appeared in the print edition as: Cash fares to end on 12 routes",
            "Text.",
        ),
        Example("From the October 2009 issue\nText.", "Text."),
        Example(
            "Text.\n(Japanese original by Kenta Morishita, Gifu Bureau)\nTranslation of an "
            "original article published in French on example.fr; the publisher may only be liable "
            "for the French version.",
            "Text.",
        ),
    )
    keeps = (
        "The October 2009 issue sold out in a day.",
        "From the October 2009 issue on, the magazine printed fewer pages.",
        "Published in The Lancet, March 4th, 2016, the study found no link.",
        "A translation of an original article published in French is on the museum's site.",
        "This article appeared in the print edition of a rival paper first, the editor admitted.",
    )
    pattern = regex.compile(
        r"(?i)^\W*(?:a\s+version\s+of\s+this\s+(?:article|story|review|interview)\s+appears?"
        r"\s+in\s+print\b[^\n]{0,400}"
        r"|this\s+(?:article|story)\s+(?:appeared|appears|was\s+published)\s+in\s+the\s+print"
        r"\s+edition(?:\s+as)?\s*:[^\n]{1,200}"
        rf"|published\s+in\s+(?-i:(?:The\s+)?\p{{Lu}}[\w.'’-]*(?:\s+\p{{Lu}}[\w.'’-]*){{0,3}}),\s+{WRITTEN_DATE}"
        rf"|from\s+the\s+{MONTH}\s+\d{{4}}\s+issue"
        r"|\(\s*(?:japanese|chinese|korean|french|german|spanish|arabic|russian|italian)\s+"
        r"original\s+by\s+[^()\n]{1,80}\)"
        r"|translation\s+of\s+an\s+original\s+article\s+published\s+in\s+(?-i:\p{Lu})\w+\b"
        r"[^\n]{0,200}?(?:version|original)\.?"
        r")\W*$"
    )
