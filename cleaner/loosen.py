"""Translate a rule's ``regex`` pattern into Hyperscan expressions that match at least as much.

The fast line pass (``cleaner.scan``) only needs to know which lines a rule's pattern *might*
match; the rule's own pattern still decides. So the translation may loosen but never tighten:
lookarounds and word boundaries go, large bounded repeats lose their upper bound, a
backreference becomes "anything", and possessive or atomic groups become plain
groups. Character sets are rewritten as explicit code point sets computed with ``regex`` itself
under the pattern's own flags, so no expression relies on Hyperscan's Unicode tables or case
folding (which are older than ``regex``'s): a set keeps its exact ASCII members and either its
exact non-ASCII members (when there are few) or every non-ASCII code point.

Line expressions are made cheaper to scan in two more ways: a set leaves out the ``STRAYS``
(the scan sends a line holding one to every rule), and a pattern whose start follows the
words of a line along (``^[\\w ]+ is not``) starts at its first word instead.

Whatever the translator does not understand raises ``Unsupported``; the rule then goes to
Python for every line, which is correct, only slower.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import regex

# Code points a text can hold once encoded as UTF-8 (lone surrogates cannot, and such texts
# take the plain path).
MAX_CODE_POINT = 0x10FFFF
SURROGATES = (0xD800, 0xDFFF)
# Above this many ranges of non-ASCII members a set is widened to every non-ASCII code point:
# exact Unicode categories would make the database large and slow to build.
MAX_EXACT_RANGES = 16
# Bounded repeats of one character larger than this lose their upper bound (Hyperscan
# unrolls them).
MAX_BOUNDED_REPEAT = 6
# The non-ASCII code points that ``regex``'s IGNORECASE or ``str.lower`` fold onto ASCII
# letters (İ, ı, ſ and the Kelvin sign). A set of a line expression leaves them out where
# they stand alone, so that a word ("[Ss][Ii][Gg][Nn]") is a plain literal to Hyperscan,
# which finds those far faster than words with a two-byte letter in each place; the scan
# sends a line that holds one of them to every rule instead.
STRAYS = (0x130, 0x131, 0x17F, 0x212A)
# A line gate may start at a literal of this many characters (a rare thing to find in a
# line) rather than at a repeat of a set of letters before it.
MIN_LITERAL = 3
# A set with at least this many ASCII letters matches any word.
WORDY_LETTERS = 10
# A coarse expression lets an alternation spelled out in more characters than this be
# anything: a list of names, each a class of capitals and letters, can make one too large
# for Hyperscan to compile, while the literals around it still hold it to few lines.
MAX_COARSE_ALTERNATION = 2000


class Unsupported(ValueError):
    """A construct the translator does not handle."""


@dataclass(frozen=True, slots=True)
class Chars:
    """One character from a set: sorted, disjoint, inclusive code point ranges."""

    ranges: tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True)
class Seq:
    items: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Alt:
    branches: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Repeat:
    item: Node
    low: int
    high: int | None


@dataclass(frozen=True, slots=True)
class Anchor:
    """``^`` or ``$`` (at a line boundary in the multi-line scan)."""

    sign: str


Node = Chars | Seq | Alt | Repeat | Anchor
EMPTY = Seq(())
NOT_NEWLINE = Chars(((0, 9), (11, SURROGATES[0] - 1), (SURROGATES[1] + 1, MAX_CODE_POINT)))
ANY = Chars(((0, SURROGATES[0] - 1), (SURROGATES[1] + 1, MAX_CODE_POINT)))
# What a backreference or a dropped group can stand for: anything, line breaks included, as
# patterns of span rules search the whole text.
ANYTHING = Repeat(ANY, 0, None)


@functools.cache
def _non_ascii_text() -> str:
    """Every encodable non-ASCII code point, once, to find a set's members with one scan."""
    return "".join(
        chr(code)
        for code in (*range(0x80, SURROGATES[0]), *range(SURROGATES[1] + 1, MAX_CODE_POINT + 1))
    )


def _ranges(codes: list[int]) -> list[tuple[int, int]]:
    ranges: list[tuple[int, int]] = []
    for code in sorted(set(codes)):
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1] = (ranges[-1][0], code)
        else:
            ranges.append((code, code))
    return ranges


@functools.cache
def char_set(source: str, flags: int) -> Chars:
    """The code points the one-character pattern ``source`` matches under ``flags``, loosened."""
    pattern = regex.compile(source, flags)
    ascii_members = [code for code in range(0x80) if pattern.fullmatch(chr(code))]
    if len(source) == 1 and ord(source) < 0x80 and not (flags & regex.IGNORECASE):
        non_ascii: list[tuple[int, int]] = []
    else:
        found = pattern.findall(_non_ascii_text())
        non_ascii = _ranges([ord(character) for character in found])
        if len(non_ascii) > MAX_EXACT_RANGES:
            non_ascii = [(0x80, SURROGATES[0] - 1), (SURROGATES[1] + 1, MAX_CODE_POINT)]
    ranges = _ranges(ascii_members) + non_ascii
    if not ranges:
        raise Unsupported(f"{source!r} matches no character")
    return Chars(tuple(ranges))


class _Parser:
    """A recursive-descent reader of the ``regex`` syntax rules use."""

    def __init__(self, source: str, flags: int):
        if flags & (regex.VERBOSE | regex.VERSION1):
            raise Unsupported("verbose or version 1 patterns")
        self.source = source
        self.position = 0
        self.flags = flags

    def parse(self) -> Node:
        node = self.alternation()
        if self.position != len(self.source):
            raise Unsupported(f"unbalanced ')' at {self.position}")
        return node

    def peek(self, text: str) -> bool:
        return self.source.startswith(text, self.position)

    def take(self, text: str) -> bool:
        if self.peek(text):
            self.position += len(text)
            return True
        return False

    def alternation(self) -> Node:
        branches = [self.sequence()]
        while self.take("|"):
            branches.append(self.sequence())
        return branches[0] if len(branches) == 1 else Alt(tuple(branches))

    def sequence(self) -> Node:
        items: list[Node] = []
        while self.position < len(self.source) and not self.peek("|") and not self.peek(")"):
            atom = self.atom()
            if atom is None:
                continue
            items.append(self.quantified(atom))
        return items[0] if len(items) == 1 else Seq(tuple(items))

    def quantified(self, atom: Node) -> Node:
        while True:
            if self.take("*"):
                low, high = 0, None
            elif self.take("+"):
                low, high = 1, None
            elif self.take("?"):
                low, high = 0, 1
            elif bound := regex.match(r"\{(\d*)(,?)(\d*)\}", self.source[self.position :]):
                self.position += bound.end()
                low = int(bound.group(1) or 0)
                high = int(bound.group(3)) if bound.group(3) else None
                if not bound.group(2):
                    high = low
            else:
                return atom
            self.take("?") or self.take("+")  # lazy or possessive: the same lines match
            atom = Repeat(atom, low, high)

    def atom(self) -> Node | None:
        character = self.source[self.position]
        if character == "(":
            return self.group()
        if character == "[":
            return self.bracket()
        if character == "\\":
            return self.escape()
        self.position += 1
        if character == ".":
            return ANY if self.flags & regex.DOTALL else NOT_NEWLINE
        if character in "^$":
            return Anchor(character)
        return char_set(character, self.flags)

    def group(self) -> Node | None:
        self.position += 1
        if self.take("?#"):
            end = self.source.index(")", self.position)
            self.position = end + 1
            return None
        saved_flags = self.flags
        zero_width = False
        if self.take("?"):
            if self.take(":") or self.take(">") or self.take("|"):
                pass
            elif self.take("=") or self.take("!") or self.take("<=") or self.take("<!"):
                zero_width = True
            elif self.peek("P<") or self.peek("<"):
                self.position = self.source.index(">", self.position) + 1
            elif self.take("P="):
                self.position = self.source.index(")", self.position) + 1
                return ANYTHING
            else:
                flags = regex.match(
                    r"([a-zA-Z]*)(?:-([a-zA-Z]*))?([:)])", self.source[self.position :]
                )
                if flags is None:
                    raise Unsupported(f"group at {self.position}")
                self.position += flags.end()
                self.flags = self._with_flags(flags.group(1), flags.group(2) or "")
                if flags.group(3) == ")":  # a flag for the rest of the enclosing group
                    return None
        node = self.alternation()
        if not self.take(")"):
            raise Unsupported("unclosed group")
        self.flags = saved_flags
        return EMPTY if zero_width else node

    def _with_flags(self, on: str, off: str) -> int:
        known = {"i": regex.IGNORECASE, "m": regex.MULTILINE, "s": regex.DOTALL}
        flags = self.flags
        for letter in on + off:
            if letter not in known:
                raise Unsupported(f"flag {letter!r}")
        for letter in on:
            flags |= known[letter]
        for letter in off:
            flags &= ~known[letter]
        return flags

    def bracket(self) -> Chars:
        start = self.position
        self.position += 1
        self.take("^")
        self.take("]")  # a ']' first is a member
        while not self.peek("]"):
            if self.position >= len(self.source):
                raise Unsupported("unclosed set")
            if self.take("\\"):
                if self.peek("p{") or self.peek("P{") or self.peek("N{"):
                    self.position = self.source.index("}", self.position)
            elif self.peek("[:"):
                self.position = self.source.index(":]", self.position) + 1
            elif self.peek("["):
                raise Unsupported("nested set")
            self.position += 1
        self.position += 1
        return char_set(self.source[start : self.position], self.flags & ~regex.MULTILINE)

    def escape(self) -> Node | None:
        start = self.position
        self.position += 1
        letter = self.source[self.position]
        self.position += 1
        if letter in "bBmM":
            return None  # word boundaries: loosened away
        if letter == "A":
            return Anchor("^")
        if letter == "Z":
            return Anchor("$")
        if letter in "GKX" or (letter == "g" and not self.peek("<")):
            raise Unsupported(f"\\{letter}")
        if (letter.isdigit() and letter != "0") or letter == "g":
            if letter == "g":
                self.position = self.source.index(">", self.position) + 1
            else:
                while self.position < len(self.source) and self.source[self.position].isdigit():
                    self.position += 1
            return ANYTHING  # a backreference
        if letter in "pPN" and self.peek("{"):
            self.position = self.source.index("}", self.position) + 1
        elif letter in "pP":
            self.position += 1
        elif letter == "x":
            self.position += 2
        elif letter == "u":
            self.position += 4
        elif letter == "U":
            self.position += 8
        elif letter == "0":
            while self.position < len(self.source) and self.source[self.position] in "01234567":
                self.position += 1
        source = self.source[start : self.position]
        if letter == "N":
            source = regex.escape(unicodedata.lookup(source[3:-1]))
        return char_set(source, self.flags)


def _without_anchors(node: Node) -> Node:
    if isinstance(node, Anchor):
        return EMPTY
    if isinstance(node, Seq):
        return Seq(tuple(_without_anchors(item) for item in node.items))
    if isinstance(node, Alt):
        return Alt(tuple(_without_anchors(branch) for branch in node.branches))
    if isinstance(node, Repeat):
        return Repeat(_without_anchors(node.item), node.low, node.high)
    return node


def _nullable(node: Node) -> bool:
    """Whether ``node`` can match the empty string (Hyperscan refuses such expressions)."""
    if isinstance(node, Chars):
        return False
    if isinstance(node, Anchor):
        return True
    if isinstance(node, Repeat):
        return node.low == 0 or _nullable(node.item)
    if isinstance(node, Seq):
        return all(_nullable(item) for item in node.items)
    return any(_nullable(branch) for branch in node.branches)


def _branches(node: Node) -> list[Node]:
    """The alternatives of the first alternation outside repeats, and an optional group after
    the leading anchors, spelled out one expression each: Hyperscan builds small expressions
    where it refuses a large one, and these shapes missed matches in UTF-8 mode."""
    if isinstance(node, Alt):
        return [leaf for branch in node.branches for leaf in _branches(branch)]
    items = list(node.items) if isinstance(node, Seq) else [node]
    lead = 0
    while lead < len(items) and isinstance(items[lead], Anchor):
        lead += 1
    if lead < len(items):
        first = items[lead]
        if isinstance(first, Repeat) and first.low == 0 and first.high == 1:
            with_it = Seq((*items[:lead], first.item, *items[lead + 1 :]))
            return [*_branches(with_it), *_branches(Seq((*items[:lead], *items[lead + 1 :])))]
    for position, item in enumerate(items):
        if isinstance(item, Alt):
            return [
                leaf
                for branch in item.branches
                for leaf in _branches(Seq((*items[:position], branch, *items[position + 1 :])))
            ]
    return [node]


def _without_loose_tail(node: Node) -> Node:
    """A line pattern without the tail that may match empty from its last repeat of a group
    on (``^date(?:, date)*\\s*$`` → ``^date``), and without the parts that may match empty at
    its end when no ``$`` closes it (``read\\W*`` → ``read``). A line holding a match of the
    whole holds one of the rest, so the gate only loosens; the automaton for the repeated group
    (the largest part of a pattern like that) is never built, and Hyperscan reports one match
    where an open repeat at the end would report one for every character after it."""
    if not isinstance(node, Seq):
        return node
    items = _flattened(node)
    for cut in range(len(items) - 1, -1, -1):
        item = items[cut]
        if isinstance(item, Repeat) and not isinstance(item.item, Chars):
            if _nullable(Seq(tuple(items[cut:]))) and not _nullable(Seq(tuple(items[:cut]))):
                items = items[:cut]
            break
    while len(items) > 1 and not isinstance(items[-1], Anchor) and _nullable(items[-1]):
        if _nullable(Seq(tuple(items[:-1]))):
            break
        items.pop()
    return Seq(tuple(items))


def _from_literal(node: Node) -> Node:
    """A line pattern from its first literal of ``MIN_LITERAL`` letters on, when a repeat of a
    set of letters comes before it (``^\\W*[\\w ]+\\s+is not responsible`` → ``not
    responsible``): a line holding a match of the whole holds one of the rest. Hyperscan
    follows such a repeat along every line of prose, which made one gate cost a sixth of the
    whole scan; the literal it starts at is rare in text."""
    if not isinstance(node, Seq):
        return node
    items = _flattened(node)
    run = 0
    for position, item in enumerate(items):
        run = run + 1 if _is_letter(item) else 0
        if run == MIN_LITERAL:
            start = position - run + 1
            if any(_is_wordy_repeat(before) for before in items[:start]):
                return Seq(tuple(items[start:]))
            return node
    return node


def _rarest_part(node: Node) -> Node:
    """A line pattern cut to the part, between its repeats of a set of letters, that holds the
    most literal characters (``(?:we|I)[^.\n]*earn[^.\n]*commission`` → ``commission``), when
    that part holds more than the first: a line holding a match of the whole holds one of each
    part. Hyperscan starts an automaton at each match of the first part, and a short one ("I",
    "as", "from") matches all through prose: one such gate cost a quarter of the whole scan."""
    if isinstance(node, Alt):
        return Alt(tuple(_rarest_part(branch) for branch in node.branches))
    if not isinstance(node, Seq):
        return node
    parts: list[list[Node]] = [[]]
    for item in _flattened(node):
        if _is_wordy_repeat(item):
            parts.append([])
        else:
            parts[-1].append(item)
    letters = [_letters(Seq(tuple(part))) for part in parts]
    best = max(range(len(parts)), key=letters.__getitem__)
    if letters[best] < MIN_LITERAL or letters[best] <= letters[0]:
        return node
    return Seq(tuple(parts[best]))


def _letters(node: Node) -> int:
    """The fewest characters of literals (see ``_is_letter``) that a match of ``node`` holds."""
    if isinstance(node, Chars):
        return 1 if _is_letter(node) else 0
    if isinstance(node, Anchor):
        return 0
    if isinstance(node, Seq):
        return sum(_letters(item) for item in node.items)
    if isinstance(node, Alt):
        return min(_letters(branch) for branch in node.branches)
    return node.low * _letters(node.item)


def _inner_anchors_dropped(node: Node, first: bool = True, last: bool = True) -> Node:
    """``node`` without the ``^`` that cannot start a match and the ``$`` that cannot end
    one (``social\\s*(?:[.!:]|$)\\s+x``): Hyperscan refuses such anchors inside an expression,
    and one dropped only loosens it."""
    if isinstance(node, Anchor):
        return node if (first if node.sign == "^" else last) else EMPTY
    if isinstance(node, Alt):
        return Alt(tuple(_inner_anchors_dropped(branch, first, last) for branch in node.branches))
    if isinstance(node, Repeat):
        once = node.high == 1
        return Repeat(
            _inner_anchors_dropped(node.item, first and once, last and once), node.low, node.high
        )
    if isinstance(node, Seq):
        items = node.items
        return Seq(
            tuple(
                _inner_anchors_dropped(
                    item,
                    first and all(isinstance(before, Anchor) for before in items[:position]),
                    last and all(isinstance(after, Anchor) for after in items[position + 1 :]),
                )
                for position, item in enumerate(items)
            )
        )
    return node


def _is_letter(node: Node) -> bool:
    """One character of a literal: a letter in either case, a digit or a sign."""
    if not isinstance(node, Chars):
        return False
    return sum(high - low + 1 for low, high in _without_strays(node.ranges)) <= 2


def _is_wordy_repeat(node: Node) -> bool:
    """A long repeat of a set that holds the letters of any word."""
    if not isinstance(node, Repeat) or not isinstance(node.item, Chars):
        return False
    if node.high is not None and node.high <= MAX_BOUNDED_REPEAT:
        return False
    letters = sum(
        max(0, min(high, ord(last)) - max(low, ord(first)) + 1)
        for low, high in node.item.ranges
        for first, last in (("A", "Z"), ("a", "z"))
    )
    return letters >= WORDY_LETTERS


def _flattened(node: Seq) -> list[Node]:
    """The items of ``node`` with the sequences nested in it spelled out in place."""
    items: list[Node] = []
    for item in node.items:
        items += _flattened(item) if isinstance(item, Seq) else [item]
    return items


def _emit(node: Node, coarse: bool, line: bool) -> str:
    """Hyperscan syntax for ``node``; ``line``: for a pattern searched in one line, whose
    matches never hold a line break, so no set needs to hold one either."""
    if isinstance(node, Chars):
        ranges = _without_strays(_without_newline(node.ranges)) if line else node.ranges
        if not ranges:
            raise Unsupported("a line break where a line has none")
        if len(ranges) == 1 and ranges[0][0] == ranges[0][1]:
            return _code(ranges[0][0])
        inside = "".join(
            _code(low) if low == high else f"{_code(low)}-{_code(high)}" for low, high in ranges
        )
        return f"[{inside}]"
    if isinstance(node, Anchor):
        return node.sign
    if isinstance(node, Seq):
        return "".join(_emit(item, coarse, line) for item in node.items)
    if isinstance(node, Alt):
        emitted = "(?:" + "|".join(_emit(branch, coarse, line) for branch in node.branches) + ")"
        if coarse and len(emitted) > MAX_COARSE_ALTERNATION:
            return _emit(ANYTHING, coarse, line)
        return emitted
    low, high = node.low, node.high
    if not isinstance(node.item, Chars):
        # Repeats of groups, nested in each other, make automata too large to build; coarse
        # expressions let them be anything.
        if coarse:
            return _emit(ANYTHING, coarse, line)
        low, high = min(low, 1), None
    elif high is not None and high > MAX_BOUNDED_REPEAT:
        high = None
    item = f"(?:{_emit(node.item, coarse, line)})"
    if high is None:
        return f"{item}*" if low == 0 else f"{item}+" if low == 1 else f"{item}{{{low},}}"
    return f"{item}{{{low},{high}}}"


def _without_newline(ranges: tuple[tuple[int, int], ...]) -> list[tuple[int, int]]:
    newline = ord("\n")
    kept: list[tuple[int, int]] = []
    for low, high in ranges:
        if low <= newline <= high:
            kept += [
                part for part in ((low, newline - 1), (newline + 1, high)) if part[0] <= part[1]
            ]
        else:
            kept.append((low, high))
    return kept


def stray_expression() -> str:
    """A Hyperscan expression for any of the ``STRAYS``."""
    return _emit(Chars(tuple((code, code) for code in STRAYS)), coarse=False, line=False)


def _without_strays(ranges: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """``ranges`` less those that hold nothing but ``STRAYS``; all of them when nothing else
    is left (a pattern that spells one out)."""
    kept = [
        (low, high)
        for low, high in ranges
        if high - low >= len(STRAYS) or any(code not in STRAYS for code in range(low, high + 1))
    ]
    return kept or list(ranges)


def _code(code: int) -> str:
    if 0x30 <= code <= 0x39 or 0x41 <= code <= 0x5A or 0x61 <= code <= 0x7A:
        return chr(code)
    return f"\\x{{{code:x}}}"


# Past this many expressions for one pattern, it stays whole.
MAX_BRANCHES = 64


def expressions(
    pattern: regex.Pattern[str] | re.Pattern[str],
    coarse: bool = False,
    line: bool = False,
    anchors: bool = True,
) -> list[str]:
    """Hyperscan expressions (UTF-8, multi-line) that match wherever ``pattern`` does (for a
    ``line`` pattern: in every line where it finds a match, bar the lines that hold one of
    the ``STRAYS``, which the caller must admit); raises ``Unsupported`` when no
    such set can be built. ``coarse`` ones are smaller and admit more, for patterns whose fine
    expressions are too large; without ``anchors`` they also match where the pattern would
    in any part of the text (``^`` and ``$`` are dropped)."""
    try:
        tree = _Parser(pattern.pattern, pattern.flags).parse()
    except (regex.error, IndexError, KeyError) as error:
        raise Unsupported(str(error)) from error
    if not anchors:
        tree = _without_anchors(tree)
    tree = _inner_anchors_dropped(tree)
    branches = _branches(tree)
    if len(branches) > MAX_BRANCHES:
        branches = list(tree.branches) if isinstance(tree, Alt) else [tree]
    if any(_nullable(branch) for branch in branches):
        raise Unsupported("a branch matches the empty string")
    if line:
        branches = [_rarest_part(_from_literal(_without_loose_tail(branch))) for branch in branches]
    return [_emit(branch, coarse, line) for branch in branches]


@functools.cache
def _lower_sources() -> tuple[dict[str, tuple[int, ...]], frozenset[str]]:
    """For each character, the code points whose lower case contains it; and the characters
    that are not the first of a lower case that is longer than one character."""
    sources: dict[str, set[int]] = {}
    inner: set[str] = set()
    for code in (*range(SURROGATES[0]), *range(SURROGATES[1] + 1, MAX_CODE_POINT + 1)):
        lower = chr(code).lower()
        inner.update(lower[1:])
        for character in lower:
            sources.setdefault(character, set()).add(code)
    sources.setdefault("ς", set()).add(ord("Σ"))  # a final sigma lowers by its context
    codes = {character: tuple(sorted(codes)) for character, codes in sources.items()}
    return codes, frozenset(inner)


def trigger_expression(trigger: str) -> str:
    """A Hyperscan expression that matches wherever ``trigger`` is in the lower-cased text."""
    sources, inner = _lower_sources()
    if any(character in inner for character in trigger):
        raise Unsupported(f"{trigger!r} can start inside a lower-cased character")
    parts = []
    for character in trigger:
        ranges = _ranges(list(sources.get(character, ())))
        if not ranges:
            raise Unsupported(f"no character lowers to {character!r}")
        parts.append(_emit(Chars(tuple(ranges)), coarse=False, line=True))
    if not parts:
        raise Unsupported("empty trigger")
    return "".join(parts)
