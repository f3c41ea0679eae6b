"""The rule shapes contributors build on.

A rule finds *fixes* (replace ``text[start:end]`` by ``replacement``) in the current text and
may record what the removed boilerplate said in the document's metadata. Three shapes cover
real rules in a few lines each:

- ``SpanRule``: a ``regex`` pattern, gated by cheap literal triggers.
- ``LineRule``: looks at one line with its neighbours and keeps, drops or rewrites it; all
  line rules run together in a single pass over the lines.
- ``DocumentRule``: sees the whole text and metadata, for boilerplate that needs context.

Every rule documents itself (``id``, ``summary``, ``why``) and carries ``examples`` and
``keeps``, which the test suite runs.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

import regex

from cleaner.metadata import Metadata

RULE_ID = regex.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")


class Phase(enum.IntEnum):
    """When a rule runs. Rules run by phase, then in the order of ``Rule.order``."""

    REPAIR = 100  # encoding damage, before anything reads the text
    HEADER = 200  # document head: date stamps, titles, bylines, datelines
    INLINE = 300  # spans inside paragraphs
    BLOCKS = 350  # runs of lines that belong together: embedded posts, related-link lists
    LINES = 400  # whole lines, all line rules in one pass
    SPELLING = 800  # corrections, on the text the boilerplate rules left
    WHITESPACE = 900  # tidy what the removals left behind


@dataclass(frozen=True, slots=True)
class Fix:
    """Replace ``text[start:end]`` by ``replacement`` (empty to delete)."""

    start: int
    end: int
    replacement: str = ""


@dataclass(frozen=True, slots=True)
class Example:
    """Input and the exact output of the rule alone.

    ``metadata`` lists fields the rule must record; ``given`` is metadata known beforehand
    (from the page or from earlier rules); ``batch`` the other documents cleaned with it.
    """

    before: str
    after: str
    metadata: tuple[tuple[str, Any], ...] = ()
    given: tuple[tuple[str, Any], ...] = ()
    # Other documents of the same batch (with the ``given`` metadata), for rules that learn
    # from the batch's statistics.
    batch: tuple[str, ...] = ()

    def cleaner_options(self) -> dict[str, Any]:
        """What a ``Cleaner`` needs to clean ``before`` as part of its batch."""
        if not self.batch:
            return {}
        from cleaner.corpus import LineCounts, source_of  # only rules that learn need it

        source = source_of(dict(self.given))
        return {
            "corpus": LineCounts.from_documents(
                (text, source) for text in (*self.batch, self.before)
            )
        }


class Rule:
    """Base of all rules; subclass one of the shapes below instead."""

    id: ClassVar[str]
    summary: ClassVar[str]
    why: ClassVar[str]
    phase: ClassVar[Phase]
    order: ClassVar[int] = 0
    enabled_by_default: ClassVar[bool] = True
    # The distribution the rule comes from: "cleaner", or the rule pack that registered it.
    origin: ClassVar[str] = "cleaner"
    # Whether the rule's verdict on a line or span depends on that text alone. A rule that also
    # looks at neighbours, the position in the text or the metadata is run again after other
    # rules removed text, until nothing changes (see ``Cleaner.clean``).
    local: ClassVar[bool] = False
    # Whether the rule reads the batch's spelling vocabulary (``cleaner.vocabulary``): the first
    # pass gathers it only when a selected rule does.
    reads_vocabulary: ClassVar[bool] = False
    examples: ClassVar[tuple[Example, ...]] = ()
    keeps: ClassVar[tuple[str, ...]] = ()

    def fixes(self, text: str, metadata: Metadata) -> Iterable[Fix]:
        """The fixes for ``text``, in order and not overlapping."""
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"<rule {self.id}>"


class DocumentRule(Rule):
    """A rule that sees the whole document; implement ``fixes``.

    ``gate``, when set, is a pattern that finds a match, anywhere, in every text the rule
    changes: the rule may search it in lines or stripped lines (any part of the text), not
    in text it rewrote or lower-cased. Texts without a match then skip the rule at the cost
    of a shared scan (see ``cleaner.scan``).
    """

    phase: ClassVar[Phase] = Phase.HEADER
    gate: ClassVar[re.Pattern[str] | regex.Pattern[str] | None] = None

    def gated_lines(self, text: str) -> Sequence[int]:
        """The indices of the lines of ``text`` (split at "\\n"), in order, that may hold a
        match of ``gate``: the lines the shared scan found one on, or every line without a
        scan. A rule that searches its gate line by line need look at no others."""
        from cleaner.scan import scanner  # the scan is built from the rules of these shapes

        gates = scanner()
        found = gates.gate_lines(text, self) if gates is not None else None
        return range(text.count("\n") + 1) if found is None else found


class SpanRule(Rule):
    """A rule that rewrites the matches of ``pattern``.

    The pattern only runs when one of ``triggers`` occurs in the text (a plain substring test,
    far cheaper than a regex scan); leave ``triggers`` empty to always run. By default the
    whole match is deleted; set ``remove_group`` to delete just one named group, or override
    ``replace``.
    """

    phase: ClassVar[Phase] = Phase.INLINE
    local: ClassVar[bool] = True
    pattern: ClassVar[regex.Pattern[str]]
    triggers: ClassVar[tuple[str, ...]] = ()
    remove_group: ClassVar[str | int] = 0

    def replace(self, match: regex.Match[str], metadata: Metadata) -> Fix | None:
        """The fix for one match, or None to leave it."""
        return Fix(match.start(self.remove_group), match.end(self.remove_group))

    def fixes(self, text: str, metadata: Metadata) -> Iterator[Fix]:
        if self.triggers and not any(trigger in text for trigger in self.triggers):
            return
        from cleaner.scan import scanner  # the scan is built from the rules of these shapes

        gates = scanner()
        if gates is not None and not gates.may_change(text, self):
            return
        for match in self.pattern.finditer(text):
            fix = self.replace(match, metadata)
            if fix is not None:
                yield fix


@dataclass(frozen=True, slots=True)
class Line:
    """One line and the context line rules need to judge it."""

    text: str
    index: int  # among all lines
    lines: tuple[str, ...]  # every line of the document, for looking around
    lower: str = ""  # the text in lower case, for cheap trigger tests
    lines_after: int = 0  # how many non-blank lines come after this one


# Longer than this many characters a word, a line is no boilerplate line: URLs and glued
# words aside, words are short. The bound keeps patterns off megabyte lines without spaces.
MAX_WORD_LENGTH = 100


class Keep:
    """Marker returned by line rules that leave a line alone."""


KEEP = Keep()
DROP = ""


class LineRule(Rule):
    """A rule that judges single lines: return ``DROP``, a rewritten line, or ``KEEP``.

    ``pattern`` is searched in each non-blank line first (when set) and ``check`` only sees
    lines it matched, so most lines cost one regex search. Before that, lines of ``max_words``
    words or more (boilerplate of the rule's kind never is that long; a whole article can come
    as one line), lines longer than ``MAX_WORD_LENGTH`` characters a word (a line without
    spaces is no shorter for it), and lines without any of the lower-case ``triggers`` are
    skipped for the price of a comparison and a substring test.

    A rule whose ``check`` reads ``lines_after`` says how far it looks (``looks_after = 3``
    when only "more than two lines after" matters), and one that reads the metadata sets
    ``reads_metadata``: such lines are judged again once the pass knows which lines after them
    it keeps and what metadata it found. A rule that reads other neighbours sets ``local =
    False``, so it runs again while other rules remove lines.
    """

    phase: ClassVar[Phase] = Phase.LINES
    pattern: ClassVar[regex.Pattern[str] | None] = None
    max_words: ClassVar[int] = 40
    triggers: ClassVar[tuple[str, ...]] = ()
    looks_after: ClassVar[int] = 0
    reads_metadata: ClassVar[bool] = False
    # A metadata field without which ``check`` keeps every line: a rule with neither pattern
    # nor triggers then costs nothing on documents without it.
    needs: ClassVar[str | None] = None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "local" not in vars(cls):
            cls.local = not (cls.looks_after or cls.reads_metadata)

    def check(self, line: Line, match: regex.Match[str] | None, metadata: Metadata) -> str | Keep:
        """The line's fate: ``DROP``, its new text, or ``KEEP``. Default: drop what matched."""
        return DROP

    def may_apply(self, words: int, lower: str) -> bool:
        """The cheap tests: short enough, and holding a trigger (``lower`` is lower case).

        Substring tests, one per trigger, beat a regex alternation of them: each is a fast
        C search, where the alternation tries every trigger at every position.
        """
        if words > self.max_words or len(lower) > self.max_words * MAX_WORD_LENGTH:
            return False
        if not self.triggers:
            return True
        for trigger in self.triggers:  # noqa: SIM110 - a plain loop: any() costs a generator per line
            if trigger in lower:
                return True
        return False

    def decide(self, line: Line, metadata: Metadata) -> str | Keep:
        """The verdict on a line that passed ``may_apply``."""
        if self.pattern is None:
            return self.check(line, None, metadata)
        match = self.pattern.search(line.text)
        if match is None:
            return KEEP
        return self.check(line, match, metadata)

    def fixes(self, text: str, metadata: Metadata) -> Iterable[Fix]:
        from cleaner.lines import line_fixes  # the pass lives beside the shapes it runs

        return line_fixes(text, (self,), metadata)[0]


def validate(rule: Rule) -> None:
    """Fail early on a rule that cannot be documented or tested."""
    name = type(rule).__name__
    for attribute in ("id", "summary", "why"):
        if not getattr(rule, attribute, ""):
            raise TypeError(f"rule {name} has no {attribute}")
    if not RULE_ID.fullmatch(rule.id):
        raise TypeError(f"rule {name}: id {rule.id!r} is not kebab-case")
    if not rule.examples:
        raise TypeError(f"rule {rule.id} has no examples")
