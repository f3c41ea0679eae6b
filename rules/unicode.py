"""Encoding repair with ftfy, run only on lines that could need it."""

from __future__ import annotations

from collections.abc import Iterator

from cleaner.lines import line_starts
from cleaner.metadata import Metadata
from cleaner.repair import MAY_NEED_REPAIR, may_need_repair, repair
from cleaner.rule import DocumentRule, Example, Fix, Phase


class UnicodeRepair(DocumentRule):
    id = "unicode-repair"
    summary = "Repair mojibake, HTML escapes and control characters with ftfy."
    why = (
        "Text that went through the wrong codec (UTF-8 read as Windows-1252) or kept HTML "
        "escapes reads as 'cafÃ©' or '&amp;' and poisons tokenizers and search. ftfy undoes "
        "this reliably; its options that restyle clean text (quotes, ligatures, widths) are off, "
        "so text without damage comes out byte for byte the same. Escapes of escapes "
        "('&amp;amp;') are decoded through, and an escaped line break ('&#10;') becomes the "
        "space a browser shows: the extraction has made the page's lines, and a line stays one."
    )
    phase = Phase.REPAIR
    local = True  # each line is repaired by itself
    gate = MAY_NEED_REPAIR
    examples = (
        Example("The cafÃ© opened on Tuesday.", "The café opened on Tuesday."),
        Example("Fish &amp; chips", "Fish & chips"),
        Example("Fish &amp;amp; chips", "Fish & chips"),
        Example("One paragraph,&#10;one line.", "One paragraph, one line."),
        Example("He said â€œnoâ€\x9d twice.", "He said “no” twice."),
        Example("It wasn‚Äôt there.", "It wasn’t there."),
    )
    keeps = (
        "“Curly quotes” stay curly — and dashes stay dashes.",
        "The ﬁnal ligature and ｆｕｌｌ width text are not restyled.",
        "AT&T and R&D are not escapes.",
        "A temperature of 300 \u212a is not rewritten.",
        "Crème brûlée at the café © 2024, naïve façade.",
    )

    def fixes(self, text: str, metadata: Metadata) -> Iterator[Fix]:
        if not may_need_repair(text):
            return
        lines = text.split("\n")
        starts = line_starts(lines)
        for index in self.gated_lines(text):
            line = lines[index]
            if may_need_repair(line):
                repaired = repair(line)
                if repaired != line:
                    yield narrowed(starts[index], line, repaired)


def narrowed(start: int, old: str, new: str) -> Fix:
    """The smallest fix turning ``old`` (at ``start``) into ``new``, for a readable diff."""
    prefix = 0
    limit = min(len(old), len(new))
    while prefix < limit and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while suffix < limit - prefix and old[-1 - suffix] == new[-1 - suffix]:
        suffix += 1
    return Fix(start + prefix, start + len(old) - suffix, new[prefix : len(new) - suffix])
