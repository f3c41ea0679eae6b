"""One Hyperscan scan per text tells the line pass which lines each line rule may change.

Every registered line rule contributes up to two gates, derived from the rule itself: its
``triggers`` (a line without one is never judged) and its ``pattern`` loosened by
``cleaner.loosen`` (a line it cannot match is kept). A line goes to a rule's Python judgement
only when every gate of that rule matched on it; a rule without gates, or one the translator
cannot loosen, is judged on every line as before. The verdicts are the rules' own, so the
output is the same as without the scan.

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
import sys
import tempfile
from bisect import bisect_left
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import regex

from cleaner import loosen
from cleaner.rule import LineRule

# The gates of the rule at position ``n`` of the database have the ids 2n (triggers) and 2n+1
# (pattern).
TRIGGER, PATTERN = 0, 1


def cache_folder() -> Path:
    """Where built databases are kept: ``$CLEANER_CACHE``, else the user cache folder."""
    if folder := os.environ.get("CLEANER_CACHE"):
        return Path(folder)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "cleaner"


def _trigger_gate(rule: LineRule) -> list[str] | None:
    """Expressions for the rule's triggers, if ``may_apply`` is the one that reads them."""
    if type(rule).may_apply is not LineRule.may_apply or not rule.triggers:
        return None
    try:
        return [loosen.trigger_expression(trigger) for trigger in rule.triggers]
    except loosen.Unsupported:
        return None


def _pattern_gate(hyperscan: Any, rule: LineRule) -> list[str] | None:
    """Expressions for the rule's pattern, if ``decide`` is the one that searches it: the
    finest that Hyperscan can compile."""
    if type(rule).decide is not LineRule.decide or rule.pattern is None:
        return None
    for coarse in (False, True):
        try:
            found = loosen.expressions(rule.pattern, coarse)
            _compile(hyperscan, found, list(range(len(found))))
        except (loosen.Unsupported, hyperscan.error):
            continue
        return found
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


def _fingerprint(rules: Sequence[LineRule], hyperscan_version: str) -> str:
    """A hash of everything the database is built from."""
    parts: list[Any] = [
        hyperscan_version,
        regex.__version__,
        sys.version_info[:2],
        Path(loosen.__file__).read_text(encoding="utf-8"),
    ]
    for rule in rules:
        kind = type(rule)
        pattern = rule.pattern
        parts.append(
            [
                f"{kind.__module__}.{kind.__qualname__}",
                rule.id,
                list(rule.triggers),
                [pattern.pattern, pattern.flags] if pattern is not None else None,
                kind.may_apply is LineRule.may_apply,
                kind.decide is LineRule.decide,
            ]
        )
    return hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()[:32]


class LineScanner:
    """The compiled gates of the registered line rules."""

    def __init__(self, hyperscan: Any, rules: Sequence[LineRule]):
        self._hyperscan = hyperscan
        self._position = {type(rule): position for position, rule in enumerate(rules)}
        key = _fingerprint(rules, hyperscan.__version__)
        path = cache_folder() / f"line-gates-{key}.hs"
        loaded = self._load(path)
        if loaded is None:
            with _lock(path):
                loaded = self._load(path) or self._build(rules, path)
        self._gated, self._database = loaded
        self._scratch = hyperscan.Scratch(self._database)

    def _load(self, path: Path) -> tuple[list[list[bool]], Any] | None:
        try:
            header, _, body = path.read_bytes().partition(b"\n")
            return json.loads(header), self._hyperscan.loadb(body, self._hyperscan.HS_MODE_BLOCK)
        except (OSError, ValueError, self._hyperscan.error):
            return None

    def _build(self, rules: Sequence[LineRule], path: Path) -> tuple[list[list[bool]], Any]:
        gated: list[list[bool]] = []
        expressions: list[str] = []
        ids: list[int] = []
        for position, rule in enumerate(rules):
            gates = (_trigger_gate(rule), _pattern_gate(self._hyperscan, rule))
            gated.append([found is not None for found in gates])
            for kind, found in enumerate(gates):
                for expression in found or ():
                    expressions.append(expression)
                    ids.append(2 * position + kind)
        database = _compile(self._hyperscan, expressions, ids)
        header = json.dumps(gated).encode()
        with contextlib.suppress(OSError):  # a read-only cache keeps the database in memory
            path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as stream:
                stream.write(header + b"\n" + self._hyperscan.dumpb(database))
            os.replace(stream.name, path)
        return gated, database

    def candidates(self, text: str, rules: Sequence[LineRule]) -> list[set[int] | None] | None:
        """For each of ``rules``, the indices of the lines (of ``text.split("\\n")``) it may
        change, or None for every line; None for all when the text cannot be scanned."""
        try:
            data = text.encode("utf-8")
        except UnicodeEncodeError:
            return None
        ends: list[tuple[int, int]] = []
        self._database.scan(
            data,
            match_event_handler=lambda gate, _start, end, _flags, _context: ends.append(
                (gate, end)
            ),
            scratch=self._scratch,
        )
        breaks: list[int] = []
        if ends:
            index = data.find(b"\n")
            while index >= 0:
                breaks.append(index)
                index = data.find(b"\n", index + 1)
        hit: dict[int, set[int]] = {}
        for gate, end in ends:
            hit.setdefault(gate, set()).add(bisect_left(breaks, end - 1))
        result: list[set[int] | None] = []
        for rule in rules:
            position = self._position.get(type(rule))
            if position is None:
                result.append(None)
                continue
            lines: set[int] | None = None
            for kind, gated in enumerate(self._gated[position]):
                if gated:
                    found = hit.get(2 * position + kind, set())
                    lines = found if lines is None else lines & found
            result.append(lines)
        return result


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


def line_scanner() -> LineScanner | None:
    """The scanner for the registered line rules, built or loaded on first use; None without
    Hyperscan, or while ``CLEANER_NO_SCAN`` is set (to compare with the plain pass)."""
    if os.environ.get("CLEANER_NO_SCAN"):
        return None
    return _scanner()


@functools.cache
def _scanner() -> LineScanner | None:
    try:
        import hyperscan
    except ImportError:
        return None
    from cleaner.registry import all_rules  # the registry imports the rules, which import us

    rules = [rule for rule in all_rules() if isinstance(rule, LineRule)]
    return LineScanner(hyperscan, rules)
