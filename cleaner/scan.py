"""One Hyperscan scan per text tells the line pass which lines each line rule may change,
and one more whether a span rule's pattern may match at all.

Every registered line rule contributes a gate derived from the rule itself: its ``pattern``
loosened by ``cleaner.loosen`` (a line it cannot match is kept), else its ``triggers`` (a
line without one is never judged). A line goes to a rule's Python judgement only when the
rule's gate matched on it; a rule without a gate, or one the translator cannot loosen, is
judged on every line as before. Line gates leave out of their sets the few non-ASCII letters
that fold onto ASCII ones (``loosen.STRAYS``), so that their words are plain literals: one
more expression finds those, and a line holding one goes to every gated rule. A span rule's
loosened pattern likewise tells whether its own pattern needs to run. The verdicts are the
rules' own, so the output is the same as without the scan.

The compiled database is cached on disk under the user's cache folder, keyed by a hash of
everything it is built from, and loaded lazily once per process: a worker pays the load,
never the build. Without Hyperscan, or for a text that cannot be encoded as UTF-8, the line
pass judges every line as before.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import re
import sys
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path
from typing import Any

import regex

from cleaner import loosen
from cleaner.disk_cache import (
    cache_folder,
    mark_used,
    prune_unused,
    source_hash,
    write_or_skip,
)
from cleaner.rule import DocumentRule, LineRule, Rule, SpanRule

# A gate whose fine expressions compile to more than this is built coarse: a database of tens
# of megabytes is slow to build and to load, for little gain in what it admits.
MAX_GATE_BYTES = 4_000_000
# A trigger's match runs on to the end of its line, so that a line holding it many times (a
# table row of bars for ``nav-row``: three quarters of all matches) is reported once, which
# costs the handler less than the scan more.
TO_LINE_END = r"[^\n]*$"


def _trigger_gate(rule: LineRule) -> list[str] | None:
    """Expressions for the rule's triggers, if ``may_apply`` is the one that reads them."""
    if type(rule).may_apply is not LineRule.may_apply or not rule.triggers:
        return None
    try:
        return [loosen.trigger_expression(trigger) + TO_LINE_END for trigger in rule.triggers]
    except loosen.Unsupported:
        return None


def _pattern_gate(
    hyperscan: Any,
    pattern: regex.Pattern[str] | re.Pattern[str] | None,
    line: bool,
    anchors: bool = True,
) -> list[str] | None:
    """Expressions for ``pattern`` (searched in one ``line`` or in the whole text, or in any
    part of it without ``anchors``): the finest that Hyperscan can compile."""
    if pattern is None:
        return None
    for coarse in (False, True):
        try:
            found = loosen.expressions(pattern, coarse, line, anchors)
            database = _compile(hyperscan, found, list(range(len(found))))
        except (loosen.Unsupported, hyperscan.error):
            continue
        if coarse or len(hyperscan.dumpb(database)) <= MAX_GATE_BYTES:
            return found
    return None


def _gate(hyperscan: Any, rule: Rule) -> list[str] | None:
    """The expressions a text must match for ``rule`` to change a line of it (a line rule) or
    anything in it (a span rule), or None when the rule cannot be gated."""
    kind = type(rule)
    if isinstance(rule, LineRule):
        # The pattern admits far fewer lines than common triggers ("ad", "read") do.
        if kind.decide is LineRule.decide:
            found = _pattern_gate(hyperscan, rule.pattern, line=True)
            if found is not None:
                return found
        return _trigger_gate(rule)
    if isinstance(rule, SpanRule) and kind.fixes is SpanRule.fixes:
        return _pattern_gate(hyperscan, rule.pattern, line=False)
    if isinstance(rule, DocumentRule):
        return _pattern_gate(hyperscan, rule.gate, line=False, anchors=False)
    return None


def _compile(hyperscan: Any, expressions: list[str], ids: list[int]) -> Any:
    database = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
    database.compile(
        expressions=[expression.encode() for expression in expressions],
        ids=ids,
        elements=len(ids),
        flags=hyperscan.HS_FLAG_UTF8 | hyperscan.HS_FLAG_MULTILINE,
    )
    return database


# The code of the translator and of this module as imported (see ``disk_cache.source_hash``).
SOURCES = (source_hash(loosen.__file__), source_hash(__file__))


def _fingerprint(rules: Sequence[Rule], hyperscan_version: str) -> str:
    """A hash of everything the databases are built from."""
    parts: list[Any] = [
        hyperscan_version,
        regex.__version__,
        sys.version_info[:2],
        *SOURCES,
    ]
    for rule in rules:
        kind = type(rule)
        pattern = getattr(rule, "pattern", None) or getattr(rule, "gate", None)
        parts.append(
            [
                f"{kind.__module__}.{kind.__qualname__}",
                rule.id,
                list(getattr(rule, "triggers", ())),
                [pattern.pattern, pattern.flags] if pattern is not None else None,
                [
                    getattr(kind, name, None) is getattr(base, name, None)
                    for base, name in (
                        (LineRule, "may_apply"),
                        (LineRule, "decide"),
                        (SpanRule, "fixes"),
                    )
                ],
            ]
        )
    return hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()[:32]


@dataclass(slots=True)
class _ThreadState:
    """What one thread's scans use and remember: its scratch spaces, the last text it
    encoded and the last span scan."""

    line_scratch: Any
    span_scratch: Any
    encoded: tuple[str | None, bytes | None] = (None, None)
    span_scan: tuple[str, bytes, dict[int, list[int]]] | None = None


class Scanner:
    """The compiled gates of the registered line and span rules: one database for each kind,
    since a line pass wants every line a gate matches and a span rule only whether its gate
    matches at all."""

    def __init__(self, hyperscan: Any, rules: Sequence[Rule]):
        self._hyperscan = hyperscan
        self._rules = list(rules)
        self._position = {type(rule): position for position, rule in enumerate(self._rules)}
        key = _fingerprint(self._rules, hyperscan.__version__)
        path = cache_folder() / f"gates-{key}.hs"
        loaded = self._load(path)
        if loaded is None:
            with _lock(path):
                loaded = self._load(path) or self._build(path)
            prune_unused(path.parent)
        else:
            mark_used(path)
        self._gated, (self._lines, self._spans) = loaded
        # A database loaded from bytes needs scratch space of its own, and a scratch space
        # serves one scan at a time: each thread has its own, and its own last results.
        self._scratch = tuple(
            hyperscan.Scratch(database) if database else None
            for database in (self._lines, self._spans)
        )
        self._local = threading.local()
        self._positions_of: dict[int, tuple[Sequence[LineRule], list[int | None]]] = {}

    def _load(self, path: Path) -> tuple[list[bool], tuple[Any, Any]] | None:
        try:
            header, _, body = path.read_bytes().partition(b"\n")
            gated, size = json.loads(header)
            load = self._hyperscan.loadb
            mode = self._hyperscan.HS_MODE_BLOCK
            return (
                gated,
                tuple(  # type: ignore[return-value]
                    load(part, mode) if part else None for part in (body[:size], body[size:])
                ),
            )
        except (OSError, ValueError, self._hyperscan.error):
            return None

    def _build(self, path: Path) -> tuple[list[bool], tuple[Any, Any]]:
        gates = [_gate(self._hyperscan, rule) for rule in self._rules]
        databases = []
        for lines in (True, False):
            expressions: list[str] = []
            ids: list[int] = []
            for position, (rule, found) in enumerate(zip(self._rules, gates, strict=True)):
                if isinstance(rule, LineRule) is lines:
                    expressions += found or ()
                    ids += [position] * len(found or ())
            if lines and ids:
                # line gates leave the strays out of their sets: a line with one goes to all
                expressions.append(loosen.stray_expression())
                ids.append(len(self._rules))
            databases.append(_compile(self._hyperscan, expressions, ids) if ids else None)
        gated = [found is not None for found in gates]
        lines, spans = (
            self._hyperscan.dumpb(database) if database is not None else b""
            for database in databases
        )
        # a cache that cannot be written keeps the database in memory
        write_or_skip(path, json.dumps([gated, len(lines)]).encode() + b"\n" + lines + spans)
        return gated, (databases[0], databases[1])

    def _scan(self, database: Any, scratch: Any, data: bytes) -> list[tuple[int, int]]:
        ends: list[tuple[int, int]] = []
        database.scan(
            data,
            match_event_handler=lambda gate, _start, end, _flags, _context: ends.append(
                (gate, end)
            ),
            scratch=scratch,
        )
        return ends

    def _state(self) -> _ThreadState:
        state: _ThreadState | None = getattr(self._local, "state", None)
        if state is None:
            lines, spans = (scratch.clone() if scratch else None for scratch in self._scratch)
            state = self._local.state = _ThreadState(lines, spans)
        return state

    def _encoded(self, text: str, state: _ThreadState) -> bytes | None:
        """``text`` as UTF-8 and a line break after it, None when it cannot be encoded; the
        last text's bytes are kept, as the line pass and the span rules scan the same text in
        turn. Hyperscan can miss a match of ``$`` at the very end of a buffer longer than 16
        bytes (``x-*$`` in "aaaaaaaaaaaaaaax-"), and finds it before a line break."""
        if state.encoded[0] is not text:
            try:
                state.encoded = (text, text.encode("utf-8") + b"\n")
            except UnicodeEncodeError:
                state.encoded = (text, None)
        return state.encoded[1]

    def candidates(self, text: str, rules: Sequence[LineRule]) -> list[set[int] | None] | None:
        """For each of ``rules``, the indices of the lines (of ``text.split("\\n")``) it may
        change, or None for every line; None for all when the text cannot be scanned."""
        state = self._state()
        data = self._encoded(text, state)
        if data is None:
            return None
        ends = self._scan(self._lines, state.line_scratch, data) if self._lines else []
        ends.sort(key=itemgetter(1))  # Hyperscan reports them in this order: a linear sort
        hit: dict[int, set[int]] = {}
        for (gate, _), line in zip(
            ends, _line_numbers(data, [end for _, end in ends]), strict=True
        ):
            hit.setdefault(gate, set()).add(line)
        strays = hit.pop(len(self._rules), None)
        found = [
            None if position is None else hit.get(position, set())
            for position in self._gate_positions(rules)
        ]
        if strays:  # the line gates left the strays out of their sets
            for lines in found:
                if lines is not None:
                    lines |= strays
        return found

    def _gate_positions(self, rules: Sequence[LineRule]) -> list[int | None]:
        """Each rule's gate in the database, None for a rule without one; kept per line pass,
        as the same rules are asked about for every text."""
        kept = self._positions_of.get(id(rules))
        if kept is None or kept[0] is not rules:
            positions = [self._position.get(type(rule)) for rule in rules]
            kept = (
                rules,
                [
                    position if position is not None and self._gated[position] else None
                    for position in positions
                ],
            )
            self._positions_of[id(rules)] = kept
        return kept[1]

    def may_change(self, text: str, rule: Rule) -> bool:
        """Whether the span rule's pattern or the document rule's gate may match in ``text``;
        True when unsure."""
        ends = self._span_ends(text, rule)
        return ends is None or bool(ends[1])

    def gate_lines(self, text: str, rule: Rule) -> list[int] | None:
        """The lines (indices in ``text.split("\\n")``), in order, on which a match of the
        span rule's pattern or the document rule's gate may end; None when unsure."""
        ends = self._span_ends(text, rule)
        return None if ends is None else sorted(set(_line_numbers(*ends)))

    def _span_ends(self, text: str, rule: Rule) -> tuple[bytes, list[int]] | None:
        """The UTF-8 ``text`` and the sorted ends of its matches of the rule's gate, from one
        span scan per text; None when the rule has no gate or the text cannot be scanned."""
        position = self._position.get(type(rule))
        if position is None or not self._gated[position] or self._spans is None:
            return None
        state = self._state()
        if state.span_scan is None or state.span_scan[0] is not text:
            data = self._encoded(text, state)
            if data is None:
                return None
            ends: dict[int, list[int]] = {}
            for gate, end in self._scan(self._spans, state.span_scratch, data):
                ends.setdefault(gate, []).append(end)
            state.span_scan = (text, data, ends)
        _, data, ends = state.span_scan
        # a match that takes in the line break after the text ends on its last line
        return data, sorted(min(end, len(data) - 1) for end in ends.get(position, ()))


def _line_numbers(data: bytes, ends: Sequence[int]) -> list[int]:
    """The line (of ``data`` split at line breaks) each match ends on, for ``ends`` in order:
    the breaks between one end and the next are counted, so the text is read once."""
    lines: list[int] = []
    line = counted = 0
    for end in ends:
        last = end - 1  # a match's last byte is on the line it ends
        line += data.count(b"\n", counted, last)
        counted = last
        lines.append(line)
    return lines


@contextlib.contextmanager
def _lock(path: Path) -> Any:
    """Hold a lock beside ``path`` while building, so that processes started together build
    once; without a writable cache folder each builds for itself."""
    try:
        import fcntl

        path.parent.mkdir(parents=True, exist_ok=True)
        stream = open(path.with_suffix(".lock"), "w")  # noqa: SIM115 - held for the block
    except (ImportError, OSError):
        yield
        return
    with stream:
        fcntl.flock(stream, fcntl.LOCK_EX)
        yield


def scanner() -> Scanner | None:
    """The scanner for the registered rules, built or loaded on first use; None without
    Hyperscan, or while ``CLEANER_NO_SCAN`` is set (to compare with the plain pass)."""
    if os.environ.get("CLEANER_NO_SCAN"):
        return None
    return _scanner()


@functools.cache
def _scanner() -> Scanner | None:
    try:
        import hyperscan
    except ImportError:
        return None
    from cleaner.registry import all_rules  # the registry imports the rules, which import us

    return Scanner(hyperscan, all_rules())
