"""Notes from the editors about the article itself, appended to its text."""

from __future__ import annotations

import regex

from cleaner.metadata import Metadata, record
from cleaner.rule import Example, Fix, SpanRule


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
