"""What the rules did over a run, counted outside the cleaner so that it stays stateless.

``Statistics`` is filled from each document's ``Cleaned`` (its edits and the metadata fields
it filled) and adds up: the statistics of shards or of several runs, added together, are the
statistics of the whole, exactly. That holds for the samples too, because they are chosen by
a total order rather than by chance: per rule, the largest removals, and a uniform sample
that keeps the removals with the smallest hash of (document, offset, rule), a bottom-k sketch
whose merge is the sketch of the union. Memory is bounded by the number of rules, never by
the number of documents.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from cleaner.edits import Edit
from cleaner.pipeline import Cleaned

SAMPLES = 8  # per rule, of the largest removals and of the uniform sample each
CONTEXT = 80  # characters of text shown on each side of a removal
SHOWN = 600  # characters of a removal kept in a sample
BINS = 20  # the share of text removed per document, in steps of 5%; bin 0 is "nothing"


@dataclass
class RuleStats:
    """One rule's counts: documents it touched, its edits, characters it removed and inserted,
    and the metadata fields it filled."""

    documents: int = 0
    edits: int = 0
    removed: int = 0
    inserted: int = 0
    filled: int = 0

    def __add__(self, other: RuleStats) -> RuleStats:
        return RuleStats(
            self.documents + other.documents,
            self.edits + other.edits,
            self.removed + other.removed,
            self.inserted + other.inserted,
            self.filled + other.filled,
        )


@dataclass(frozen=True, order=True)
class Sample:
    """One removal in its context: what came before, what went, what came after."""

    size: int
    document: str
    start: int
    before: str
    removed: str
    after: str
    inserted: str

    def largest_key(self) -> tuple[int, str, int]:
        """Largest first; among equal sizes, by document and offset, so the order is total."""
        return (-self.size, self.document, self.start)


def _hash(rule: str, document: str, start: int) -> int:
    digest = hashlib.blake2b(f"{rule}\0{document}\0{start}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big")


@dataclass
class Statistics:
    """A run's totals, per-rule counts, the histogram of the share of text removed per
    document, and per rule two bounded samples of removals."""

    documents: int = 0
    changed: int = 0
    characters_in: int = 0
    characters_out: int = 0
    rules: dict[str, RuleStats] = field(default_factory=dict)
    share_removed: list[int] = field(default_factory=lambda: [0] * (BINS + 1))
    largest: dict[str, list[Sample]] = field(default_factory=dict)
    sampled: dict[str, list[tuple[int, Sample]]] = field(default_factory=dict)

    def add(self, document: str, original: str, cleaned: Cleaned) -> None:
        """Count one document's cleaning."""
        self.documents += 1
        self.characters_in += len(original)
        self.characters_out += len(cleaned.text)
        if cleaned.edits or cleaned.filled:
            self.changed += 1
        if original:
            share = max(0.0, 1 - len(cleaned.text) / len(original))
            self.share_removed[min(BINS, math.ceil(share * BINS))] += 1
        touched: set[str] = set()
        for edit in cleaned.edits:
            counts = self.rules.setdefault(edit.rule, RuleStats())
            counts.edits += 1
            counts.removed += len(edit.removed)
            counts.inserted += len(edit.inserted)
            if edit.rule not in touched:
                touched.add(edit.rule)
                counts.documents += 1
            self._offer(document, original, edit)
        for rule in cleaned.filled.values():
            self.rules.setdefault(rule, RuleStats()).filled += 1
            if rule not in touched:
                touched.add(rule)
                self.rules[rule].documents += 1

    def _offer(self, document: str, original: str, edit: Edit) -> None:
        """Keep the edit in its rule's samples if it is among the largest or the sampled."""
        size = len(edit.removed)
        largest = self.largest.setdefault(edit.rule, [])
        key = (-size, document, edit.start)
        enters_largest = len(largest) < SAMPLES or key < largest[-1].largest_key()
        sampled = self.sampled.setdefault(edit.rule, [])
        rank = _hash(edit.rule, document, edit.start)
        enters_sample = len(sampled) < SAMPLES or rank < sampled[-1][0]
        if not (enters_largest or enters_sample):
            return
        sample = Sample(
            size,
            document,
            edit.start,
            original[max(0, edit.start - CONTEXT) : edit.start],
            edit.removed[:SHOWN],
            original[edit.end : edit.end + CONTEXT],
            edit.inserted[:SHOWN],
        )
        if enters_largest:
            self.largest[edit.rule] = _top([*largest, sample])
        if enters_sample:
            self.sampled[edit.rule] = sorted([*sampled, (rank, sample)])[:SAMPLES]

    def merge(self, other: Statistics) -> None:
        """Add ``other`` in place (the parent folding in a worker's partial statistics)."""
        self.documents += other.documents
        self.changed += other.changed
        self.characters_in += other.characters_in
        self.characters_out += other.characters_out
        for rule, counts in other.rules.items():
            self.rules[rule] = self.rules.get(rule, RuleStats()) + counts
        self.share_removed = [
            a + b for a, b in zip(self.share_removed, other.share_removed, strict=True)
        ]
        for rule, samples in other.largest.items():
            self.largest[rule] = _top([*self.largest.get(rule, []), *samples])
        for rule, ranked in other.sampled.items():
            self.sampled[rule] = sorted([*self.sampled.get(rule, []), *ranked])[:SAMPLES]

    def __add__(self, other: Statistics) -> Statistics:
        total = Statistics.from_dict(self.to_dict())
        total.merge(other)
        return total

    @property
    def removed(self) -> int:
        return sum(counts.removed for counts in self.rules.values())

    @property
    def edits(self) -> int:
        return sum(counts.edits for counts in self.rules.values())

    def ranked(self) -> list[tuple[str, RuleStats]]:
        """Rules as ruff's ``--statistics`` sorts codes: most edits first, then by id."""
        return sorted(self.rules.items(), key=lambda item: (-item[1].edits, item[0]))

    def samples(self, rule: str) -> list[Sample]:
        """A rule's largest removals and its uniform sample, each once, largest first."""
        chosen = {
            (s.document, s.start): s
            for s in [*self.largest.get(rule, []), *(s for _, s in self.sampled.get(rule, []))]
        }
        return sorted(chosen.values(), key=Sample.largest_key)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form of ``--stats-json``, which ``from_dict`` reads back for merging."""
        return {
            "documents": self.documents,
            "changed": self.changed,
            "characters_in": self.characters_in,
            "characters_out": self.characters_out,
            "edits": self.edits,
            "removed": self.removed,
            "rules": {rule: asdict(counts) for rule, counts in self.ranked()},
            "share_removed": self.share_removed,
            "largest": {rule: [asdict(s) for s in found] for rule, found in self.largest.items()},
            "sampled": {
                rule: [{"rank": rank, **asdict(s)} for rank, s in found]
                for rule, found in self.sampled.items()
            },
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Statistics:
        return cls(
            data["documents"],
            data["changed"],
            data["characters_in"],
            data["characters_out"],
            {rule: RuleStats(**counts) for rule, counts in data["rules"].items()},
            list(data["share_removed"]),
            {rule: [Sample(**s) for s in found] for rule, found in data["largest"].items()},
            {
                rule: [(s.pop("rank"), Sample(**s)) for s in map(dict, found)]
                for rule, found in data["sampled"].items()
            },
        )


def _top(samples: Iterable[Sample]) -> list[Sample]:
    return sorted(samples, key=Sample.largest_key)[:SAMPLES]
