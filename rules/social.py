"""Embedded social media posts that extractors flatten into paragraphs."""

from __future__ import annotations

from collections.abc import Iterator

import regex

from cleaner.dates import MONTH
from cleaner.lines import drop_lines
from cleaner.metadata import Metadata
from cleaner.rule import DocumentRule, Example, Fix, Phase

# The attribution that closes an embedded tweet: "— Name (@handle) August 10, 2021".
TWEET_SIGNATURE = regex.compile(
    rf"(?:—|–|--|-)\s*[^\n()]{{0,80}}\(@\w{{1,30}}\)\s*{MONTH}\s+\d{{1,2}},\s+\d{{4}}\s*$"
)
# What marks a paragraph as tweet text: hashtags, mentions, short links, or an emoji first.
TWEET_MARKER = regex.compile(
    r"(?:^|\s)[#@]\w|\bt\.co/|pic\.twitter\.com/|^\s*[\p{So}\p{Sk}\p{Emoji_Presentation}\p{Extended_Pictographic}]"
)
TWEET_LENGTH = 320


class EmbeddedTweet(DocumentRule):
    id = "embedded-tweet"
    summary = "Remove embedded tweets: the post text and its '— Name (@handle) date' line."
    why = (
        "Embedded posts are quoted from elsewhere and end with an attribution line that no "
        "article paragraph has. The block is the attribution paragraph plus the short "
        "paragraphs right before it that carry tweet marks (hashtags, @mentions, t.co links, "
        "a leading emoji)."
    )
    phase = Phase.BLOCKS
    # Off by default: annotated article benchmarks count embedded posts as article text.
    enabled_by_default = False
    examples = (
        Example(
            "The office said it received reports.\n\n"
            "🇦🇫 Failure to stem violence is having calamitous consequences for #Afghanistan.\n\n"
            "👉 https://t.co/qjLnB9q9gy pic.twitter.com/9UGobrrMF4 — UN Human Rights "
            "(@UNHumanRights) August 10, 2021\n\nThe insurgents claimed responsibility.",
            "The office said it received reports.\n\nThe insurgents claimed responsibility.",
        ),
        Example(
            "Text.\nWe are live now pic.twitter.com/abc — NASA (@NASA) July 4, 2022",
            "Text.",
        ),
    )
    keeps = (
        "The UN office (@UNHumanRights) said on August 10, 2021 that it was alarmed.",
        "He tweeted — as @jack did (@jack) — that it was over.",
    )

    def fixes(self, text: str, metadata: Metadata) -> Iterator[Fix]:
        if "(@" not in text:
            return
        lines = text.split("\n")
        dropped: set[int] = set()
        for index, line in enumerate(lines):
            if not TWEET_SIGNATURE.search(line):
                continue
            dropped.add(index)
            before = index - 1
            while before >= 0 and before not in dropped:
                candidate = lines[before]
                if not candidate.strip():
                    before -= 1
                    continue
                if len(candidate) > TWEET_LENGTH or not TWEET_MARKER.search(candidate):
                    break
                dropped.add(before)
                before -= 1
        yield from drop_lines(text, sorted(dropped))
