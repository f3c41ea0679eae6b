"""Where removed boilerplate that carries information goes.

Single facts (``title``, ``author``, ``date``, ``dateline``) keep the first value found: the
head of an article is the most reliable place for them. Credits (``source``, and the wire desk's ``contributors``) accumulate.

Metadata often comes from columnar data (Arrow, Parquet, pandas), where a field a record does
not have is ``None``: ``None`` means absent, and a value found fills it. A list field given as
one string is a list of that one string. The fields the rules record are declared, so that a
columnar output (Parquet, a pyarrow batch) gives metadata one type (``metadata_type``).
"""

from __future__ import annotations

import math
from typing import Any

Metadata = dict[str, Any]

LIST_FIELDS = frozenset({"source", "contributors", "tags"})
# The single facts the rules record, each a string: with ``LIST_FIELDS`` (lists of strings),
# every field a rule adds, which a columnar output declares beside the input's own fields.
TEXT_FIELDS = frozenset(
    {"title", "author", "date", "dateline", "section", "copyright_holder", "copyright_year"}
)


def record(metadata: Metadata, field: str, value: str | None) -> None:
    """Store ``value`` under ``field`` without overwriting what an earlier rule found.

    An empty or missing value (a pattern group or a date that was not found) stores nothing;
    nor does a list field that holds what is no list (a number, a mapping): the value found
    stays in the edit log, and the record's own value is kept as it was. A field holding an
    empty string is a missing one (as many datasets mark it), filled like one: else the byline
    left the text and its name reached no field.
    """
    value = (value or "").strip()
    if not value:
        return
    present = metadata.get(field)
    if field in LIST_FIELDS:
        values = as_list(present)
        if values is not None and value not in values:
            metadata[field] = [*values, value]  # a new list: the caller's stays as it was
    elif is_absent(present) or (isinstance(present, str) and not present.strip()):
        metadata[field] = value


def is_absent(value: Any) -> bool:
    """None, or how pandas and NumPy mark a missing value (NaN, ``pandas.NA``)."""
    return (
        value is None
        or type(value).__name__ == "NAType"
        or (isinstance(value, float) and math.isnan(value))
    )


def from_pairs(pairs: list[tuple[Any, Any]]) -> Metadata:
    """The metadata an Arrow map holds (as Spark writes one), which comes as key and value
    pairs; ValueError naming what a JSON object cannot hold: Arrow allows a key twice (as a
    dict, one value would be lost) and keys of any type."""
    found = dict(pairs)
    if len(found) != len(pairs):
        raise ValueError("a key twice")
    if not all(isinstance(key, str) for key in found):
        raise ValueError("a key that is no string")
    return found


def recorded(before: Metadata, after: Metadata) -> list[str]:
    """The fields stored into ``after`` since it was copied to ``before``: compared by identity,
    since a stored value is a new object, and a caller's value may be an array (a pandas
    batch's list field), which ``==`` turns into an array that is neither true nor false."""
    return [key for key, value in after.items() if before.get(key) is not value]


def as_list(value: Any) -> list[Any] | None:
    """A list field's values: an absent value is none, a string is one, a list, a tuple or a
    one-dimensional array (NumPy, from a pandas batch) its items; None for any other value,
    which is not taken apart (a mapping's keys are not its values)."""
    if is_absent(value):
        return []
    if isinstance(value, str):
        return [value] if value.strip() else []  # blank: missing, as ``record`` reads it
    if isinstance(value, list | tuple) or getattr(value, "ndim", None) == 1:
        return list(value)
    return None


def metadata_type(given: Any) -> Any:
    """The Arrow struct type of a metadata column whose input type is ``given``: its fields,
    then each field the rules record that it lacks (a string, or a list of strings), so that
    every batch and every file of a run has the same type. None when ``given`` is no struct or
    holds a recorded field of another type (a timestamp ``date``), which the rules' text would
    not fit."""
    import pyarrow as pa

    if not pa.types.is_struct(given):
        return None
    recorded = {name: pa.string() for name in sorted(TEXT_FIELDS)}
    recorded |= {name: pa.list_(pa.string()) for name in sorted(LIST_FIELDS)}
    fields = list(given)
    single = text_typed_list_fields(given)
    for field in fields:
        wanted = recorded.pop(field.name, field.type)
        if field.type != wanted and field.name not in single:
            return None
    return pa.struct(fields + [pa.field(name, t) for name, t in recorded.items()])


def text_typed_list_fields(given: Any) -> frozenset[str]:
    """The list fields (``source``...) that the Arrow struct ``given`` types as one string: a
    column keeps its type in every batch, so such a field holds one value (``fitted``). None
    for no type (no Parquet output)."""
    import pyarrow as pa

    if given is None or not pa.types.is_struct(given):
        return frozenset()
    return frozenset(
        field.name
        for field in given
        if field.name in LIST_FIELDS
        and (pa.types.is_string(field.type) or pa.types.is_large_string(field.type))
    )


def fitted(metadata: Metadata, given: Metadata | None, single: frozenset[str]) -> Metadata:
    """``metadata`` with the ``single`` list fields back to one string: the row's own value
    when it had one (the rules' finds stay in the edit log), else the values found, joined
    as a page's keywords are ("budget, council"), so that no find is lost for want of a
    list."""
    for name in single:
        value = metadata.get(name)
        if isinstance(value, list):
            own = (given or {}).get(name)
            metadata[name] = own if as_list(own) else ", ".join(value) if value else own
    return metadata
