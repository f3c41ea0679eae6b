"""Encoding repair with ftfy, run only on lines that could need it."""

from __future__ import annotations

from collections.abc import Iterator

import ftfy
import regex

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

# What damage looks like, so ftfy only sees lines that may need it. UTF-8 read as Latin-1,
# Windows-1252 or MacRoman always leaves characters of the Latin-1 block (Ã, Â, â, Ä, C1
# controls); HTML escapes need "&"; the rest are control characters, surrogates and U+FFFD.
# Clean text with curly quotes and dashes skips ftfy.
MAY_NEED_REPAIR = regex.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\xff\ud800-\udfff\ufffd]"
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
    examples = (
        Example("The cafÃ© opened on Tuesday.", "The café opened on Tuesday."),
        Example("Fish &amp; chips", "Fish & chips"),
        Example("He said â€œnoâ€\x9d twice.", "He said “no” twice."),
    )
    keeps = (
        "“Curly quotes” stay curly — and dashes stay dashes.",
        "The ﬁnal ligature and ｆｕｌｌ width text are not restyled.",
        "AT&T and R&D are not escapes.",
        "A temperature of 300 \u212a is not rewritten.",
    )

    def fixes(self, text: str, metadata: Metadata) -> Iterator[Fix]:
        if not MAY_NEED_REPAIR.search(text):
            return
        start = 0
        for line in text.split("\n"):
            if MAY_NEED_REPAIR.search(line):
                repaired = ftfy.fix_text(line, REPAIR_ONLY)
                if repaired != line:
                    yield narrowed(start, line, repaired)
            start += len(line) + 1


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
