"""Encoding repair with ftfy, run only on lines that could need it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import accumulate

import ftfy

from cleaner.metadata import Metadata
from cleaner.rule import DocumentRule, Example, Fix, Phase

# ftfy's defaults also rewrite clean text (curly quotes, ligatures, full-width letters, and
# NFC, which turns the Kelvin and Ohm signs into letters); only repairs of real damage are on.
REPAIR_ONLY = ftfy.TextFixerConfig(
    unescape_html="auto",
    remove_terminal_escapes=True,
    fix_encoding=True,
    restore_byte_a0=True,
    replace_lossy_sequences=True,
    decode_inconsistent_utf8=True,
    fix_c1_controls=True,
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,
    fix_line_breaks=False,
    fix_surrogates=True,
    remove_control_chars=True,
    normalization=None,
    explain=False,
)

# What damage looks like, so ftfy only sees lines that may need it (clean text with accents,
# curly quotes or dashes never does):
# - UTF-8 read as Latin-1 or Windows-1252: a lead byte (Â-ô) then a continuation byte, which
#   shows as a Latin-1 sign or one of the Windows-1252 punctuation marks ("Ã©", "â€™");
#   or a lead byte before a space that was a no-break space ("Â ");
# - UTF-8 read as MacRoman: "‚Ä" before punctuation, "√" or "¬" before a continuation;
# - HTML escapes; control characters, C1 controls, surrogates and U+FFFD.
WINDOWS_1252_CONTINUATION = (
    r"\x80-\xbf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    r"\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122"
)
# A character every form above starts with: one scan for it rules out most text at once. Both
# patterns are plain character classes and literals, which the standard re scans fastest.
DAMAGE_START = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\xf4&‚√¬\ud800-\udfff\ufffd]")
MAY_NEED_REPAIR = re.compile(
    rf"[\xc2-\xf4][{WINDOWS_1252_CONTINUATION}]|[\xc2\xc3] "
    r"|‚Ä|[√¬][\xa0-\xff\u2020-\u2122\u2260-\u2265]"
    r"|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffd]"
    r"|&(?:#[0-9]+|#x[0-9a-fA-F]+|[A-Za-z]+);"
)


class UnicodeRepair(DocumentRule):
    id = "unicode-repair"
    summary = "Repair mojibake, HTML escapes and control characters with ftfy."
    why = (
        "Text that went through the wrong codec (UTF-8 read as Windows-1252) or kept HTML "
        "escapes reads as 'cafÃ©' or '&amp;' and poisons tokenizers and search. ftfy undoes "
        "this reliably; its options that restyle clean text (quotes, ligatures, widths) are off, "
        "so text without damage comes out byte for byte the same."
    )
    phase = Phase.REPAIR
    local = True  # each line is repaired by itself
    gate = MAY_NEED_REPAIR
    examples = (
        Example("The cafÃ© opened on Tuesday.", "The café opened on Tuesday."),
        Example("Fish &amp; chips", "Fish & chips"),
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
        if not DAMAGE_START.search(text) or not MAY_NEED_REPAIR.search(text):
            return
        lines = text.split("\n")
        starts = [0, *accumulate(len(line) + 1 for line in lines)]
        for index in self.gated_lines(text):
            line = lines[index]
            if DAMAGE_START.search(line) and MAY_NEED_REPAIR.search(line):
                repaired = ftfy.fix_text(line, REPAIR_ONLY)
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
