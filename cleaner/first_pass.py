"""What the first pass over a batch gathers: the line counts and the spelling vocabulary.

Both come from one read of every document, in the workers; the statistics of shards add up
to those of the whole (map-reduce), and they are saved as one JSON object (``--corpus-stats``,
an output folder's ``corpus-stats.json``): the line counts' fields, and the vocabulary under
``"vocabulary"``. A save without one (from before the vocabulary was gathered) still loads,
and cleans as it did then, without a batch vocabulary.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from cleaner.corpus import LineCounts
from cleaner.rule import Rule
from cleaner.vocabulary import Vocabulary


def reads_vocabulary(rules: Iterable[Rule]) -> bool:
    """Whether one of ``rules`` reads the batch vocabulary, which then is worth gathering."""
    return any(rule.reads_vocabulary for rule in rules)


@dataclass
class BatchStatistics:
    """A batch's line counts (for ``repeated-line``) and vocabulary (for the spelling rules)."""

    lines: LineCounts = field(default_factory=LineCounts)
    vocabulary: Vocabulary | None = field(default_factory=Vocabulary)

    @classmethod
    def counting(cls, source_field: str | None, vocabulary: bool) -> BatchStatistics:
        """Empty statistics for a first pass that tells sources apart by ``source_field``,
        and gathers the vocabulary only when asked to."""
        return cls(LineCounts(source_field=source_field), Vocabulary() if vocabulary else None)

    def add(self, text: str, source: str) -> None:
        """Count one document of ``source``."""
        self.lines.add(text, source)
        if self.vocabulary is not None:
            self.vocabulary.add(text)

    def __iadd__(self, other: BatchStatistics) -> BatchStatistics:
        self.lines += other.lines
        if self.vocabulary is not None and other.vocabulary is not None:
            self.vocabulary += other.vocabulary
        else:
            self.vocabulary = None  # a part without one: the sum would miss its words
        return self

    @classmethod
    def sum(cls, parts: Iterable[BatchStatistics]) -> BatchStatistics:
        """The statistics of many shards, added in place, each costing its own size."""
        total = cls()
        for part in parts:
            total += part
        return total

    def compact(self) -> None:
        """Drop what cannot change a verdict, once no other part will be added."""
        if self.vocabulary is not None:
            self.vocabulary.compact()

    def to_json(self) -> dict[str, Any]:
        saved = self.lines.to_json()
        if self.vocabulary is not None:
            saved["vocabulary"] = self.vocabulary.to_json()
        return saved

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> BatchStatistics:
        """Statistics saved by ``to_json``; ValueError when ``data`` is not such a save."""
        lines = LineCounts.from_json(data)
        saved = data.get("vocabulary")
        return cls(lines, None if saved is None else Vocabulary.from_json(saved))
