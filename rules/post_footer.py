"""Blog post footers ('This entry was posted in News and tagged budget. Bookmark the
permalink.'): the categories and tags go to metadata."""

from __future__ import annotations

import regex

from cleaner.dates import iso_date
from cleaner.metadata import Metadata, record
from cleaner.rule import DROP, KEEP, Example, Keep, Line, LineRule

from .tags import LABEL, MAX_LABELS  # a label of a tag list, as tag lines print them

# The categories or tags of a footer: labels between commas (and a last "and").
LABEL_LIST = regex.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+)\s*")


class PostFooter(LineRule):
    id = "post-footer"
    summary = (
        "Move blog post footers ('This entry was posted in News and tagged budget. Bookmark "
        "the permalink.') into metadata."
    )
    why = (
        "Blog software prints a footer under every post from a template: the categories it "
        "was filed under, its tags, the time it was posted, its comment count and links to "
        "follow it ('Posted in News | 3 Comments »', WordPress's default themes' 'This entry "
        "was posted in … Bookmark the permalink.', 'This entry was posted on … and is filed "
        "under …'). The footer is not the post, but its labels say what the post is about "
        "and are kept as 'tags', its date as 'date'. A sentence about posting ('Posted in "
        "haste, the letter...') has no such template."
    )
    max_words = 60
    triggers = ("posted",)
    examples = (
        Example(
            "Text.\nThis entry was posted in Local News, Politics and tagged budget, council. "
            "Bookmark the permalink.",
            "Text.",
            (("tags", ["Local News", "Politics", "budget", "council"]),),
        ),
        Example(
            "Text.\nPosted in Uncategorized | 3 Comments »\nMore.",
            "Text.\nMore.",
            (("tags", ["Uncategorized"]),),
        ),
        Example(
            "Text.\nThis entry was posted on Tuesday, March 10th, 2009 at 2:22 pm and is filed "
            "under News. You can follow any responses to this entry through the RSS 2.0 feed. "
            "Both comments and pings are currently closed.",
            "Text.",
            (("tags", ["News"]), ("date", "2009-03-10")),
        ),
        Example("Text.\nPosted in News | Leave a comment", "Text.", (("tags", ["News"]),)),
    )
    keeps = (
        "Posted in haste, the letter reached the council too late.",
        "Posted in 2009, the video has 3 million views.",
        "This entry was posted in error, the editor said. Bookmark the page anyway.",
        "Posted in News Release",
    )
    pattern = regex.compile(
        r"(?i)^\s*(?:this\s+(?:entry|post)\s+was\s+posted\s+(?:in\s+(?P<categories>[^.]+?))?"
        r"(?:\s*and\s+tagged\s+(?P<tags>[^.]+?))?\.\s*bookmark\s+the\s+permalink\.?"
        r"|this\s+(?:entry|post)\s+was\s+posted\s+on\s+(?P<posted>[^.]{4,80}?)\s+and\s+is\s+filed"
        r"\s+under\s+(?P<filed>[^.]+?)\.\s*you\s+can\s+follow\s+any\s+responses\s+to\s+this"
        r"\s+entry\s+through\s+the\s+rss\s+2\.0\s+feed\.[^\n]{0,200}"
        r"|posted\s+in\s+(?P<posted_in>[^|\n]+?)\s*\|\s*(?:(?:no|\d+)\s+comments?|leave\s+a"
        r"\s+comment|comments\s+(?:are\s+)?(?:closed|off))\s*»?)\s*$"
    )

    def check(self, line: Line, match: regex.Match[str] | None, metadata: Metadata) -> str | Keep:
        assert match is not None
        lists = (match.group(name) for name in ("categories", "tags", "filed", "posted_in"))
        labels = [label for found in lists if found for label in LABEL_LIST.split(found)]
        if len(labels) > MAX_LABELS or not all(LABEL.fullmatch(label) for label in labels):
            return KEEP
        for label in labels:
            record(metadata, "tags", label)
        record(metadata, "date", iso_date(match.group("posted") or ""))
        return DROP
