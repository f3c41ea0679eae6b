"""Which text may carry encoding damage, and its repair with ftfy: the unicode-repair rule
repairs the lines that may, and the batch's first pass counts lines as that rule leaves them."""

from __future__ import annotations

import re
import sys

import ftfy
from ftfy import fixes
from ftfy.chardata import HTML_ENTITY_RE

from cleaner.lines import OTHER_BREAKS

# ftfy's defaults also rewrite clean text (curly quotes, ligatures, full-width letters, and
# NFC, which turns the Kelvin and Ohm signs into letters); only repairs of real damage are on.
# HTML escapes are decoded by ``unescaped``, not by ftfy (see ``repair``).
REPAIR_ONLY = ftfy.TextFixerConfig(
    unescape_html=False,
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


# An escaped line break (for the whitespace rule): "&#10;", "&#x0D;", "&NewLine;", a vertical
# tab's "&#11;"... A page shows it in a paragraph as white space, a space, and the extraction has
# made the page's lines already; ftfy decodes it to a line break, which cut its line in two for
# the line rules (the batch's first pass counts the line whole), or to nothing (a vertical tab
# or an information separator, invalid in HTML), which glued the words on both sides.
BREAKS = "\n\r" + OTHER_BREAKS
ESCAPED_BREAK = re.compile(
    "&(?:NewLine|#(?:" + "|".join(f"0*{ord(c)}|[xX]0*(?i:{ord(c):x})" for c in BREAKS) + "));"
)
ESCAPE_AT_END = re.compile(HTML_ENTITY_RE.pattern + r"\Z")
LONGEST_ESCAPE = 27  # "&#", 24 letters or digits and ";", the longest HTML_ENTITY_RE matches
# Rounds of unescaping then ftfy, for escapes that ftfy's removals reveal ("&am\x01p;" and
# "&am&#65279;p;" become "&amp;"). Ordinary text takes one, such an escape two; see ``repair``.
MAX_ROUNDS = 3


def _decoded(escape: re.Match[str]) -> str:
    """An escape decoded as ftfy decodes it, an escaped line break as a space."""
    if ESCAPED_BREAK.fullmatch(escape.group()):
        return " "
    return fixes.unescape_html(escape.group())


def unescaped(text: str) -> str:
    """``text`` with its HTML escapes decoded until none is left ("&amp;amp;lt;" to "<"), in
    one pass: ftfy decodes a level of escapes a round, and each round reads the whole line, so
    "&" followed by thousands of "amp;" cost time quadratic in its length."""
    once = HTML_ENTITY_RE.sub(_decoded, text)
    if once == text or HTML_ENTITY_RE.sub(_decoded, once) == once:
        return once
    # Escapes of escapes: each escape is decoded as soon as its ";" is read and what it decodes
    # to is read again, so an escape that the decoded characters complete is decoded in turn.
    # Escapes never overlap, so the text left is the one that rounds of decoding would leave.
    done: list[str] = []  # the characters read, holding no escape
    unread = list(reversed(once))
    while unread:
        done.append(unread.pop())
        if done[-1] == ";" and (escape := ESCAPE_AT_END.search("".join(done[-LONGEST_ESCAPE:]))):
            decoded = _decoded(escape)
            if decoded != escape.group():
                del done[-len(escape.group()) :]
                unread.extend(reversed(decoded))
    return "".join(done)


def repair(line: str) -> str:
    """``line`` as ftfy repairs it with ``unescape_html="auto"``, but for escaped line breaks
    (``ESCAPED_BREAK``), in time linear in its length.

    ftfy runs its fixes in rounds over the whole line until one changes nothing; escapes are
    decoded here in one pass instead (``unescaped``). Where ftfy's own fixes reveal an escape (a
    control character or the mojibake of one removed from inside it), the two take turns again;
    a line that still changes after ``MAX_ROUNDS`` turns was built for it (each turn can be
    made to reveal just one more escape) and is left as it is, as a second cleaning leaves it.
    """
    if "<" in line:  # ftfy's "auto": escapes on a line with markup are not decoded
        return ftfy.fix_text(line, REPAIR_ONLY)
    text = unescaped(line)
    for _ in range(MAX_ROUNDS):
        text = ftfy.fix_text(text, REPAIR_ONLY)
        again = unescaped(text)
        if again == text:
            return text
        text = again
    return line
