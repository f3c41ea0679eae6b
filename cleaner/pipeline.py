"""The cleaner: runs the selected rules in order and keeps the edit log.

Rules run in phase order; consecutive line rules share one pass over the lines. Each rule's
fixes become edits composed into a log against the input text, so ``reconstruct`` can
always rebuild what came in.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from cleaner.edits import Edit, apply_edits, compose
from cleaner.lines import first_lines, line_fixes
from cleaner.metadata import Metadata
from cleaner.registry import all_rules, rule_by_id
from cleaner.rule import LineRule, Phase, Rule
from cleaner.vocabulary import Vocabulary, using

ALL = "ALL"


@dataclass(frozen=True, slots=True)
class Cleaned:
    """A cleaned text, the metadata found in its boilerplate, and the edits that made it."""

    text: str
    metadata: Metadata
    edits: list[Edit] = field(default_factory=list)


def choose_rules(
    select: Iterable[str] | None,
    ignore: Iterable[str] | None,
    extend_select: Iterable[str] | None = None,
) -> tuple[Rule, ...]:
    """The defaults, or exactly ``select`` ("ALL": every rule), plus ``extend_select``, less ``ignore``."""
    if select is None:
        chosen = {rule.id for rule in all_rules() if rule.enabled_by_default}
    else:
        select = list(select)
        chosen = (
            {rule.id for rule in all_rules()}
            if ALL in select
            else {rule_by_id(rule_id).id for rule_id in select}
        )
    chosen |= {rule_by_id(rule_id).id for rule_id in extend_select or ()}
    for rule_id in ignore or ():
        chosen.discard(rule_by_id(rule_id).id)
    return tuple(rule for rule in all_rules() if rule.id in chosen)


class Cleaner:
    """Cleans article text. Holds no state between documents, so it is safe to pickle and share."""

    def __init__(
        self,
        select: Iterable[str] | None = None,
        ignore: Iterable[str] | None = None,
        extend_select: Iterable[str] | None = None,
        vocabulary: Vocabulary | None = None,  # batch statistics for the spelling rules
    ):
        self.rules = choose_rules(select, ignore, extend_select)
        self.vocabulary = vocabulary
        self._steps = _group_line_rules(self.rules)
        # Rules that read the top of the text, and the tidying after them: run again when
        # later rules removed lines from the top (a credit above the headline, say).
        self._head_steps = [
            step
            for step in self._steps
            if isinstance(step, Rule) and step.phase in (Phase.HEADER, Phase.WHITESPACE)
        ]

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, ([rule.id for rule in self.rules], self.vocabulary))

    def clean(self, text: str, metadata: Metadata | None = None) -> Cleaned:
        """Clean one text; ``metadata`` is copied, never changed in place."""
        with using(self.vocabulary):
            return self._clean(text, metadata)

    def _clean(self, text: str, metadata: Metadata | None) -> Cleaned:
        metadata = dict(metadata or {})
        current = text
        log: list[Edit] = []
        head: list[str] | None = None
        for step in self._steps:
            if head is None and _phase(step) > Phase.HEADER:
                head = _head(current)
            current, log = _run(step, text, current, log, metadata)
        if head is not None and _head(current) != head:
            for step in self._head_steps:
                current, log = _run(step, text, current, log, metadata)
        return Cleaned(current, metadata, log)

    def clean_record(
        self,
        record: dict[str, Any],
        text_field: str = "text",
        with_edits: bool = False,
    ) -> dict[str, Any]:
        """Clean one record in place of its text; fits ``datasets.Dataset.map``."""
        cleaned = self.clean(record[text_field], record.get("metadata"))
        result = dict(record)
        result[text_field] = cleaned.text
        result["metadata"] = cleaned.metadata
        if with_edits:
            result["edits"] = [edit.to_dict() for edit in cleaned.edits]
        return result

    def __call__(self, batch: dict[str, Sequence[Any]], text_field: str = "text") -> dict[str, Any]:
        """Clean a column batch (``{"text": [...], ...}``); fits Ray Data's ``map_batches``."""
        texts = batch[text_field]
        metadatas = batch.get("metadata")
        if metadatas is None:
            metadatas = [None] * len(texts)
        results = [
            self.clean(str(text), dict(metadata) if metadata else None)
            for text, metadata in zip(texts, metadatas, strict=True)
        ]
        out = dict(batch)
        out[text_field] = [result.text for result in results]
        out["metadata"] = [result.metadata for result in results]
        return out


HEAD_LINES = 3  # as far down as the header rules look


def _head(text: str) -> list[str]:
    """The first non-blank lines, which the header rules judge."""
    return [line for _, line in first_lines(text, HEAD_LINES)]


def _phase(step: Rule | tuple[LineRule, ...]) -> Phase:
    return step[0].phase if isinstance(step, tuple) else step.phase


def _run(
    step: Rule | tuple[LineRule, ...],
    original: str,
    current: str,
    log: list[Edit],
    metadata: Metadata,
) -> tuple[str, list[Edit]]:
    """Apply one step; return the new text and the log against ``original``."""
    batch = _edits(current, step, metadata)
    if not batch:
        return current, log
    return apply_edits(current, batch), compose(original, log, current, batch)


def _rebuild(rule_ids: list[str], vocabulary: Vocabulary | None = None) -> Cleaner:
    return Cleaner(select=rule_ids, vocabulary=vocabulary)


def _group_line_rules(rules: Sequence[Rule]) -> list[Rule | tuple[LineRule, ...]]:
    steps: list[Rule | tuple[LineRule, ...]] = []
    for rule in rules:
        if isinstance(rule, LineRule):
            if steps and isinstance(steps[-1], tuple):
                steps[-1] = (*steps[-1], rule)
            else:
                steps.append((rule,))
        else:
            steps.append(rule)
    return steps


def _edits(text: str, step: Rule | tuple[LineRule, ...], metadata: Metadata) -> list[Edit]:
    if isinstance(step, tuple):
        fixes, rule_ids = line_fixes(text, step, metadata)
    else:
        fixes = list(step.fixes(text, metadata))
        rule_ids = [step.id] * len(fixes)
    edits: list[Edit] = []
    end = 0
    for fix, rule_id in zip(fixes, rule_ids, strict=True):
        if fix.start < end or fix.end < fix.start:
            raise ValueError(f"rule {rule_id} returned overlapping or unordered fixes")
        end = fix.end
        removed = text[fix.start : fix.end]
        if removed != fix.replacement:
            edits.append(Edit(rule_id, fix.start, fix.end, removed, fix.replacement))
    return edits
