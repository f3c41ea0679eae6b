"""The edit log: every change a rule makes, kept so the original text can be rebuilt.

Edits are stored against the *input* text of the document, sorted and non-overlapping.
Rules run one after another, each on the output of the previous ones, so a new batch of
edits (in the coordinates of the current text) is composed into the log: where a new edit
touches text that an earlier edit inserted, the two merge into one edit that goes from the
original text straight to the newest text, attributed to the newer rule. A new edit that only
spans the place where an earlier rule deleted text is cut there instead, so each rule keeps
its own edit.
"""

from __future__ import annotations

import itertools
from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from numbers import Integral
from typing import Any


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``removed`` (at ``start:end`` of the input text) by ``inserted``."""

    rule: str
    start: int
    end: int
    removed: str
    inserted: str

    @property
    def delta(self) -> int:
        """How much longer the text gets through this edit."""
        return len(self.inserted) - (self.end - self.start)

    def to_dict(self) -> dict[str, object]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> Edit:
        """An edit as ``to_dict`` wrote it; ValueError for one that no run could have logged
        (a field missing or of another type, a span that is not the removed text's length)."""
        fields = {"rule": str, "start": Integral, "end": Integral, "removed": str, "inserted": str}
        if set(data) != set(fields) or not all(
            isinstance(data[name], kind) and not isinstance(data[name], bool)
            for name, kind in fields.items()
        ):
            raise ValueError(f"not an edit of the log: {data!r}")
        # offsets read back by NumPy or pandas are its integers
        edit = cls(**{**data, "start": int(data["start"]), "end": int(data["end"])})  # type: ignore[arg-type]
        if not 0 <= edit.start <= edit.end or edit.end - edit.start != len(edit.removed):
            raise ValueError(f"edit log entry spans {edit.start}:{edit.end}, not its removed text")
        return edit


def apply_edits(text: str, edits: Sequence[Edit]) -> str:
    """Apply sorted, non-overlapping edits given in the coordinates of ``text``."""
    parts: list[str] = []
    position = 0
    for edit in edits:
        parts.append(text[position : edit.start])
        parts.append(edit.inserted)
        position = edit.end
    parts.append(text[position:])
    return "".join(parts)


def reconstruct(cleaned: str, edits: Sequence[Edit | Mapping[str, Any]]) -> str:
    """Rebuild the input text from the cleaned text and its edit log: ``Edit``s, or the
    objects of a record's ``edits`` field as ``--edits`` writes them.

    Raises ValueError when the log does not describe ``cleaned``.
    """
    parts: list[str] = []
    shift = 0
    position = 0
    for given in edits:
        edit = given if isinstance(given, Edit) else Edit.from_dict(dict(given))
        start = edit.start + shift
        stop = start + len(edit.inserted)
        if start < position or cleaned[start:stop] != edit.inserted:
            raise ValueError(f"edit log does not match the text at {edit.start} ({edit.rule})")
        parts.append(cleaned[position:start])
        parts.append(edit.removed)
        position = stop
        shift += edit.delta
    parts.append(cleaned[position:])
    return "".join(parts)


def compose(original: str, log: Sequence[Edit], current: str, batch: Sequence[Edit]) -> list[Edit]:
    """Fold ``batch`` (edits of one rule against ``current``) into ``log`` (against ``original``).

    ``current`` must equal ``apply_edits(original, log)``; ``batch`` must be sorted and
    non-overlapping. Returns the new log against ``original``.
    """
    if not batch:
        return list(log)
    # Every item is (start, end in current coordinates, kind, edit); kind 0 = logged, 1 = new.
    items: list[tuple[int, int, int, Edit]] = []
    shift = 0
    for edit in log:
        start = edit.start + shift
        items.append((start, start + len(edit.inserted), 0, edit))
        shift += edit.delta
    deletions = [start for start, end, _, _ in items if start == end]
    for edit in batch:
        for piece in _split_at(edit, deletions):
            items.append((piece.start, piece.end, 1, piece))
    items.sort(key=lambda item: (item[0], item[1], item[2]))

    result: list[Edit] = []
    shift = 0  # current minus original position, over the logged edits passed so far
    group: list[tuple[int, int, int, Edit]] = []
    group_end = -1
    for item in items:
        start, end = item[0], item[1]
        if group and start < group_end and end > group[0][0]:
            group.append(item)
            group_end = max(group_end, end)
            continue
        if group:
            shift = _close_group(original, current, group, shift, result)
        group = [item]
        group_end = end
    _close_group(original, current, group, shift, result)
    return result


def _split_at(edit: Edit, points: list[int]) -> list[Edit]:
    """Cut ``edit`` at the points where earlier rules deleted text, so that both keep their rule.

    Tidying the gap a deleted line left would otherwise swallow the deletion into one edit
    charged to the tidying rule. The first piece takes the whole insertion.
    """
    inside = points[bisect_right(points, edit.start) : bisect_left(points, edit.end)]
    if not inside:
        return [edit]
    bounds = [edit.start, *inside, edit.end]
    pieces = []
    for number, (start, end) in enumerate(itertools.pairwise(bounds)):
        removed = edit.removed[start - edit.start : end - edit.start]
        pieces.append(Edit(edit.rule, start, end, removed, edit.inserted if number == 0 else ""))
    return [piece for piece in pieces if piece.removed != piece.inserted]


def _close_group(
    original: str,
    current: str,
    group: list[tuple[int, int, int, Edit]],
    shift: int,
    result: list[Edit],
) -> int:
    """Emit one edit for a group of overlapping edits; return the shift after the group."""
    logged = [item[3] for item in group if item[2] == 0]
    new = [item[3] for item in group if item[2] == 1]
    if not new:
        result.extend(logged)
        return shift + sum(edit.delta for edit in logged)
    if not logged:
        for edit in new:
            result.append(
                Edit(edit.rule, edit.start - shift, edit.end - shift, edit.removed, edit.inserted)
            )
        return shift
    group_start = group[0][0]
    group_end = max(item[1] for item in group)
    original_start = group_start - shift
    shift_after = shift + sum(edit.delta for edit in logged)
    original_end = group_end - shift_after
    inserted = apply_edits(
        current[group_start:group_end],
        [
            Edit(e.rule, e.start - group_start, e.end - group_start, e.removed, e.inserted)
            for e in new
        ],
    )
    removed = original[original_start:original_end]
    if removed != inserted:
        result.append(Edit(new[-1].rule, original_start, original_end, removed, inserted))
    return shift_after
