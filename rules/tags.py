"""Tag and category lines ('Tags: budget, council', 'Filed under: Local News'): the labels go to
metadata."""

from __future__ import annotations

import regex

from cleaner.metadata import Metadata, record
from cleaner.rule import DROP, KEEP, Example, Keep, Line, LineRule

# A label of a tag list: up to four words, none ending a sentence.
LABEL = regex.compile(r"[^\s.!?;:]+(?:\s+[^\s.!?;:]+){0,3}")
LABEL_SEPARATOR = regex.compile(r"\s*[,|•·;]\s*")
# A comment counter that blogs print among the categories ("Filed under: News | 3 Comments").
COMMENT_COUNT = regex.compile(r"(?i)(?:no|\d+)\s+comments?|leave\s+a\s+comment")
MAX_LABELS = 15


class TagLine(LineRule):
    id = "tag-line"
    summary = "Move tag and category lines ('Tags: budget, council', 'Filed under: Local News') into metadata."
    why = (
        "Blogs and news sites print the article's tags or categories ('Labels:' on Blogger) "
        "as a labelled list under it. The list is about the article, not in it, but it says "
        "what the article is about, "
        "so its labels are kept in metadata as 'tags'. The line must be the label and a list of "
        "short labels only: 'Filed under seal, the papers were...' is a sentence and stays. "
        "'Keywords:' lines are left, as papers print them in their abstract, and so are "
        "'Posted in News Release' lines, which a benchmark's annotators kept as text."
    )
    max_words = 40
    triggers = ("tag", "filed", "categor", "labels", "topic")
    examples = (
        Example(
            "Text.\nTags: budget, council, library",
            "Text.",
            (("tags", ["budget", "council", "library"]),),
        ),
        Example(
            "Text.\nFiled under: Local News | 3 Comments\nFiled under Politics",
            "Text.",
            (("tags", ["Local News", "Politics"]),),
        ),
        Example("Text.\nTags:\nMore.", "Text.\nMore."),
        Example("Text.\nLabels: budget, council", "Text.", (("tags", ["budget", "council"]),)),
        Example(
            "Text.\nTopics: Property, Earnings, SGX",
            "Text.",
            (("tags", ["Property", "Earnings", "SGX"]),),
        ),
    )
    keeps = (
        "Filed under seal, the papers were opened in 2019.",
        "Tagged as a risk, the bridge was closed. Engineers said so.",
        "Filed in 2019, the suit was settled in May.",
        "Categories of workers: nurses, teachers and drivers were named in the law, which passed.",
        "Labels: the new rules require allergens in bold. Stores have a year.",
    )
    pattern = regex.compile(
        r"(?i)^\s*(?:(?:tags?|tagged(?:\s+(?:with|as|in))?|categor(?:y|ies)|labels|topics?)\s*:"
        r"|filed\s+(?:under|in)\s*:?)\s*(?P<labels>.*?)\s*$"
    )

    def check(self, line: Line, match: regex.Match[str] | None, metadata: Metadata) -> str | Keep:
        assert match is not None
        labelled = ":" in line.text[: match.start("labels")]
        labels = [label for label in LABEL_SEPARATOR.split(match.group("labels")) if label]
        if len(labels) > MAX_LABELS or not all(LABEL.fullmatch(label) for label in labels):
            return KEEP
        if not labelled and not (labels and labels[0][0].isupper()):
            return KEEP  # "filed in court": no list of labels without a colon
        for label in labels:
            if not COMMENT_COUNT.fullmatch(label):
                record(metadata, "tags", label)
        return DROP
