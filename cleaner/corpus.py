"""How many documents of a batch print each line, per source and in all, for boilerplate that
no single page gives away: a site's template lines recur on every page of the site.

A first pass over the inputs counts, for every document, the distinct short lines it prints
(the candidates for boilerplate) and its prose lines (to tell a syndicated copy of a story,
whose paragraphs recur elsewhere, from a page that merely shares a template). Lines are
counted by a stable 64-bit fingerprint of their casefolded, whitespace-collapsed text, so
counts from different processes agree. Memory is bounded: each counter keeps at most
``max_entries`` fingerprints, and when it holds twice that, the least frequent are dropped
(a line seen once or twice is forgotten first; a template line is never rare). Statistics of
shards merge with ``+`` into the statistics of the whole, so a distributed run can gather them
map-reduce style.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from cleaner.batch import Shared, keep_most_common
from cleaner.lines import OTHER_BREAKS  # the breaks the whitespace rule makes "\n", as "\r"
from cleaner.repair import may_need_repair, repair

MAX_ENTRIES = 500_000
# How lines are told apart and fingerprinted; counts of another version do not add up. 1: split
# at "\n" only; 2: split as the cleaning splits a text (``AS_REPAIRED``), lone surrogates as
# U+FFFD. Saves without a version are version 1.
VERSION = 2
SHORT_LINE_WORDS = 12  # a template line (a menu, a label, a notice's first words) is short
SENTENCE_END = (".", "!", "?", '"', "”", "’", ":", ";", ")")
EVERYWHERE = ""  # the source key of the whole batch
# No template line or paragraph is longer. Longer lines are counted as given (ftfy on a 50 MB
# line of mojibake would double what the cleaning itself spends on it) and never split into a
# list of all their words (a 50 MB line holds millions: half a gigabyte of small strings).
LONG_LINE = 10_000


# What a text holds, rarely, that ``str.splitlines`` would read otherwise than the cleaning:
# NEL, which unicode-repair restores to the Windows-1252 ellipsis it mostly was (to
# ``str.split`` it is a space), and the byte order mark, which the whitespace rule removes (to
# ``str.split`` it is a letter). Such a text is translated to its lines as repaired (a CRLF
# becomes two breaks there, which only adds an empty line: lines without words are not counted).
AS_REPAIRED = str.maketrans(
    {"\r": "\n", **dict.fromkeys(OTHER_BREAKS, "\n"), "\x85": "\u2026", "\ufeff": None}
)


def lines_as_repaired(folded: str) -> list[str]:
    """The lines of a text as the line rules will see them once the whitespace rule has turned
    its line breaks into "\n" (they may also hold empty lines where it drops them)."""
    if "\x85" in folded or "\ufeff" in folded:
        return _trimmed(folded).translate(AS_REPAIRED).split("\n")
    return folded.splitlines()  # in C; "\r\n" is one break, as for the whitespace rule


def _folded_lines(text: str) -> Iterator[str]:
    """The casefolded lines of ``text`` as the repeated-line rule looks them up: split as the
    cleaning splits it, then repaired as unicode-repair repairs it (a template line with an
    escape or mojibake, "Â© 2008 …", would otherwise never match)."""
    if not may_need_repair(text):
        # Case folding keeps line breaks, spaces and punctuation, so the folded text has the
        # same lines, the same words and the same endings.
        yield from lines_as_repaired(text.casefold())
        return
    for line in lines_as_repaired(text):
        yield _as_repaired(line).casefold()


def _as_repaired(line: str) -> str:
    """``line`` as unicode-repair leaves it (lines longer than ``LONG_LINE`` as given)."""
    if len(line) <= LONG_LINE and may_need_repair(line):
        return repair(line)
    return line


def _trimmed(text: str) -> str:
    """``text`` without the spaces and byte order marks the whitespace rule trims from its
    ends (where a NEL goes with them rather than becoming an ellipsis)."""
    while (inner := text.strip().strip("\ufeff")) != text:
        text = inner
    return text


def fingerprint(line: str) -> int:
    """A stable 64-bit fingerprint of a line, case, spacing and encoding damage aside: the
    line is looked up as it was counted, whether or not unicode-repair has run on it."""
    folded = _as_repaired(line).casefold()
    return _fingerprint_of_folded(folded, _words(folded))


def _words(line: str) -> list[str]:
    """The words of ``line``; of a longer line than ``LONG_LINE``, the first words and the
    rest as one piece, enough to tell its kind."""
    if len(line) <= LONG_LINE:
        return line.split()
    return line.split(maxsplit=SHORT_LINE_WORDS)


def _fingerprint_of_folded(line: str, words: list[str]) -> int:
    """The fingerprint of a casefolded ``line`` split into its ``_words``: a hash of its words
    joined by single spaces."""
    digest = hashlib.blake2b(digest_size=8)
    if len(line) <= LONG_LINE or len(words) <= SHORT_LINE_WORDS:
        digest.update(_utf8(" ".join(words)))
    else:
        for piece in _joined_in_pieces(line):
            digest.update(_utf8(piece))
    return int.from_bytes(digest.digest(), "big")


# ``re``'s ``\s`` is ``str.isspace``, what ``str.split`` splits at.
WHITESPACE = re.compile(r"\s")
PIECE = 65_536  # characters of a long line joined at a time


def _joined_in_pieces(line: str) -> Iterator[str]:
    """``" ".join(line.split())`` in pieces of about ``PIECE`` characters, each cut where a
    space is: one list of all the words of a 50 MB line would take half a gigabyte, and so
    would ``re.sub``'s list of parts."""
    start, separator = 0, ""
    while start < len(line):
        space = WHITESPACE.search(line, min(start + PIECE, len(line)))
        end = space.start() if space else len(line)
        if words := line[start:end].split():
            yield separator + " ".join(words)
            separator = " "
        start = end


def _utf8(normal: str) -> bytes:
    try:
        return normal.encode("utf-8")
    except UnicodeEncodeError:
        # A lone surrogate (half of an emoji cut in two), which unicode-repair turns into
        # U+FFFD: the line is fingerprinted as the repaired line the rule will look up. The
        # halves of a pair stand side by side, never on both sides of a cut at a space.
        from ftfy.fixes import fix_surrogates  # only for such rare lines

        return fix_surrogates(normal).casefold().encode("utf-8")


SHORT, PROSE = "short", "prose"


def _kind(words: list[str]) -> str | None:
    """``SHORT``, ``PROSE`` or neither, for a line's ``_words``."""
    if not words:
        return None
    if words[-1].rstrip().endswith(SENTENCE_END):
        return PROSE if len(words) > SHORT_LINE_WORDS else None
    return SHORT if len(words) <= SHORT_LINE_WORDS else None


def is_short_line(line: str) -> bool:
    """A line that may be template: a few words, not ending like a sentence."""
    return _kind(_words(line)) is SHORT


def is_prose(line: str) -> bool:
    """A line of running text: several words ending like a sentence."""
    return line.rstrip().endswith(SENTENCE_END) and _kind(_words(line)) is PROSE


def prose_span(lines: Sequence[str]) -> tuple[int, int]:
    """The indices of the first and the last prose line of ``lines``, sought from both ends
    (the lines between are not read); ``(len(lines), len(lines) - 1)``, an empty span, when
    there is no prose."""
    first = next((index for index, line in enumerate(lines) if is_prose(line)), len(lines))
    last = next(
        (index for index in range(len(lines) - 1, first, -1) if is_prose(lines[index])),
        min(first, len(lines) - 1),
    )
    return first, last


def _optional_str(value: Any) -> str | None:
    if value is not None and not isinstance(value, str):
        raise TypeError(f"a source field is a string, not {type(value).__name__}")
    return value


def source_of(metadata: Mapping[str, Any] | None, source_field: str | None = None) -> str:
    """Where a document comes from: its ``source_field`` (a URL there stands for its host),
    else its host name, else its URL's host. A value that is not a string is read as its
    ``str``; a URL that does not parse ("http://[bad") has no host, as a missing URL."""
    metadata = metadata or {}
    if source_field and metadata.get(source_field):
        value = str(metadata[source_field])
        host = _host(value) if "://" in value else None
        return (host or value).removeprefix("www.")
    if metadata.get("hostname"):
        return str(metadata["hostname"]).lower().removeprefix("www.")
    if metadata.get("url"):
        return (_host(str(metadata["url"])) or "").removeprefix("www.")
    return ""


def _host(url: str) -> str | None:
    """The host of ``url``, lower case; None when it has none or does not parse."""
    try:
        return urlsplit(url).hostname
    except ValueError:  # "Invalid IPv6 URL", a host with characters NFKC turns into "/?#@:"
        return None


@dataclass
class LineCounts:
    """Documents per source, and documents printing each short line and each prose line.

    ``source_field`` names the field that says where a document comes from, if not its host
    (``source_of``); counts and the rule that reads them must agree on it, so it goes with them.
    ``version`` says how lines were told apart (``VERSION``): counts saved by an older version
    still load and clean as they did, but do not add up with counts of another.
    """

    documents: Counter[str] = field(default_factory=Counter)
    short_lines: Counter[tuple[str, int]] = field(default_factory=Counter)
    prose_lines: Counter[int] = field(default_factory=Counter)
    max_entries: int = MAX_ENTRIES
    source_field: str | None = None
    version: int = VERSION

    @classmethod
    def from_documents(
        cls, documents: Iterable[tuple[str, str]], max_entries: int = MAX_ENTRIES
    ) -> LineCounts:
        """Counts of ``(text, source)`` pairs."""
        counts = cls(max_entries=max_entries)
        for text, source in documents:
            counts.add(text, source)
        return counts

    def source(self, metadata: Mapping[str, Any] | None) -> str:
        """Where a document with ``metadata`` comes from, as these counts tell sources apart."""
        return source_of(metadata, self.source_field)

    def add(self, text: str, source: str = "") -> None:
        """Count one document: each distinct line once."""
        short, prose = set(), set()
        for line in _folded_lines(text):
            words = _words(line)
            kind = _kind(words)
            if kind is not None:
                (short if kind is SHORT else prose).add(_fingerprint_of_folded(line, words))
        for key in dict.fromkeys((EVERYWHERE, source)):  # a set's order changes run to run
            self.documents[key] += 1
            self.short_lines.update((key, print_) for print_ in short)
        self.prose_lines.update(prose)
        self._bound()

    def __add__(self, other: LineCounts) -> LineCounts:
        merged = LineCounts(
            self.documents + other.documents,
            self.short_lines + other.short_lines,
            self.prose_lines + other.prose_lines,
            max(self.max_entries, other.max_entries),
            self._common_source_field(other),
            self._common_version(other),
        )
        merged._bound()
        return merged

    def __iadd__(self, other: LineCounts) -> LineCounts:
        """``+`` in place: summing many shards one by one costs their size, not the total's."""
        self.source_field = self._common_source_field(other)
        self.version = self._common_version(other)
        self.documents.update(other.documents)
        self.short_lines.update(other.short_lines)
        self.prose_lines.update(other.prose_lines)
        self.max_entries = max(self.max_entries, other.max_entries)
        self._bound()
        return self

    def _common_source_field(self, other: LineCounts) -> str | None:
        """The source field of both, which counts of sources told apart otherwise lack."""
        if self.source_field != other.source_field and self.documents and other.documents:
            raise ValueError(
                f"counts by source field {self.source_field!r} and {other.source_field!r} "
                "do not add up"
            )
        return self.source_field if self.documents else other.source_field

    def _common_version(self, other: LineCounts) -> int:
        """The version of both: counts that split lines otherwise count other fingerprints."""
        if self.version != other.version and self.documents and other.documents:
            raise ValueError(
                f"counts of version {self.version} and {other.version} do not add up "
                "(they tell lines apart otherwise): count the batch again"
            )
        return self.version if self.documents else other.version

    def to_json(self) -> dict[str, Any]:
        """The counts as JSON values, to save a batch pass and reuse it."""
        return {
            "documents": dict(self.documents),
            "short_lines": [
                [source, print_, count] for (source, print_), count in self.short_lines.items()
            ],
            "prose_lines": [[print_, count] for print_, count in self.prose_lines.items()],
            "max_entries": self.max_entries,
            "source_field": self.source_field,
            "version": self.version,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> LineCounts:
        """Counts saved by ``to_json``; ValueError when ``data`` is not such a save."""
        try:
            version = int(data.get("version", 1))
            if not 1 <= version <= VERSION:
                raise ValueError(f"version {version}: this cleaner reads 1 to {VERSION}")
            return cls(
                Counter({str(source): int(count) for source, count in data["documents"].items()}),
                Counter(
                    {
                        (str(source), int(print_)): int(count)
                        for source, print_, count in data["short_lines"]
                    }
                ),
                Counter({int(print_): int(count) for print_, count in data["prose_lines"]}),
                int(data["max_entries"]),
                _optional_str(data.get("source_field")),
                version,
            )
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise ValueError(f"not saved line counts ({type(error).__name__}: {error})") from None

    def share(self, line: str, source: str) -> tuple[int, float]:
        """How many documents of ``source`` print ``line``, and what share of them that is."""
        documents = self.documents[source]
        if not documents:
            return 0, 0.0
        count = self.short_lines[source, fingerprint(line)]
        return count, count / documents

    def printed_elsewhere(self, line: str) -> bool:
        """Whether another document of the batch prints this prose line too."""
        return self.prose_lines[fingerprint(line)] > 1

    def _bound(self) -> None:
        for counter in (self.short_lines, self.prose_lines):
            keep_most_common(counter, self.max_entries)


SHARED: Shared[LineCounts] = Shared("line_counts")
active = SHARED.active
using = SHARED.using
