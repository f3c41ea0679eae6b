"""Which text may carry encoding damage, and its repair with ftfy: the unicode-repair rule
repairs the lines that may, and the batch's first pass counts lines as that rule leaves them."""

from __future__ import annotations

import re
import sys

import ftfy

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
    # ftfy cuts a line longer than this (1,000,000 by default) into pieces it repairs one by
    # one, wherever the cut falls: damage astride a cut was left, or half repaired, and a
    # second cleaning cut the shorter text elsewhere and repaired it. A line is one piece.
    max_decode_length=sys.maxsize,
)

# What damage looks like, so ftfy only sees lines that may need it (clean text with accents,
# curly quotes or dashes never does), as (its first character, what follows):
# - UTF-8 read as Latin-1 or Windows-1252: a lead byte (Â-ô) then a continuation byte, which
#   shows as a Latin-1 sign or one of the Windows-1252 punctuation marks ("Ã©", "â€™");
#   or a lead byte before a space that was a no-break space ("Â ");
# - UTF-8 read as MacRoman: "‚Ä" before punctuation, "√" or "¬" before a continuation;
# - HTML escapes; control characters, C1 controls, surrogates and U+FFFD.
WINDOWS_1252_CONTINUATION = (
    r"\x80-\xbf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    r"\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122"
)
DAMAGE_FORMS = (
    (r"[\xc2-\xf4]", rf"[{WINDOWS_1252_CONTINUATION}]"),
    (r"[\xc2\xc3]", " "),
    ("‚", "Ä"),
    ("[√¬]", r"[\xa0-\xff\u2020-\u2122\u2260-\u2265]"),
    (r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffd]", ""),
    ("&", r"(?:#[0-9]+|#x[0-9a-fA-F]+|[A-Za-z]+);"),
)
MAY_NEED_REPAIR = re.compile("|".join(first + rest for first, rest in DAMAGE_FORMS))
# A character every form starts with (and a few more).
DAMAGE_START = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\xf4&‚√¬\ud800-\udfff\ufffd]"
# The same test led by that one class, each form checked behind it: the standard re skips to
# such a character at C speed, where it tries every form at every position of an alternation
# (five times faster on news text, where accented letters are common and damage rare).
SIGN_OF_DAMAGE = re.compile(
    DAMAGE_START + "(?:" + "|".join(f"(?<={first}){rest}" for first, rest in DAMAGE_FORMS) + ")"
)


def may_need_repair(text: str) -> bool:
    """Whether ``text`` holds a sign of damage (a match of ``MAY_NEED_REPAIR``)."""
    return SIGN_OF_DAMAGE.search(text) is not None


def repair(line: str) -> str:
    return ftfy.fix_text(line, REPAIR_ONLY)
