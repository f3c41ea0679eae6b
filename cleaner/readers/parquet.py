"""Parquet inputs, read one row group at a time so that workers share a file and memory stays
bounded. Rows are numbered from 1 across the file; a bad row is rejected naming its number.

Values come back as pyarrow gives them to Python: integers exact, nulls as None. A row whose
text is null keeps it (missing text is written back missing, as ``Cleaner`` batches do); a
row whose text is of another type, or whose metadata is no map, cannot be cleaned and is
rejected; metadata in an Arrow map is read as a dict. A file that names two columns (or two
fields of a struct) alike is refused: as a dict, a row would keep one of them. Columns that
``cleaner``'s own Parquet writer stored as JSON text (values Arrow cannot hold, such as
integers beyond 64 bits), and columns of Arrow's JSON type (``datasets`` saves objects of
several shapes so), are read back as the values their text holds. NaN and the infinities of
float columns come as ``jsonl.NonFinite``, which a Parquet output keeps and JSON refuses (it has
no number for them), rather than turn into null.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from typing import Any

import orjson

from cleaner import jsonl
from cleaner.arrow_types import holds_json_text, is_json_type, repeated_name, with_leaves
from cleaner.readers.items import Document, Rejected, raw_text
from cleaner.readers.streams import UNREADABLE, open_raw, unreadable

JSON_COLUMNS_KEY = b"cleaner.json_columns"
# Rows read at a time from a row group (see ``read_row_group``).
BATCH_ROWS = 1024
READ_BUFFER = 1 << 20


def row_groups(path: str) -> list[int]:
    """The number of rows of each row group of a Parquet file."""
    import pyarrow.parquet as pq

    with open_raw(path) as stream:
        metadata = pq.ParquetFile(stream).metadata
        return [metadata.row_group(index).num_rows for index in range(metadata.num_row_groups)]


def column_types(paths: list[str]) -> dict[str, Any]:
    """The Arrow types of the columns that every Parquet file of ``paths`` holds with one type:
    a Parquet output of these inputs keeps those it can (``ParquetSink``). A file whose footer
    cannot be read gives none (the run rejects it)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    shared: dict[str, Any] | None = None
    for path in paths:
        try:
            with open_raw(path) as stream:
                schema = pq.read_schema(stream)
        except (*UNREADABLE, pa.ArrowException, ValueError):
            return {}
        # a JSON column that this pyarrow reads as its storage is written as JSON text
        found = {
            field.name: field.type
            for field in schema
            if is_json_type(field.type) or not holds_json_text(field)
        }
        if shared is None:
            shared = found
        else:
            shared = {name: t for name, t in shared.items() if found.get(name) == t}
    return shared or {}


def read_row_group(
    path: str, group: int, first_row: int, text_field: str
) -> Iterator[Document | Rejected]:
    """The rows of one row group as documents; ``first_row`` is the number of its first row.

    The group is read ``BATCH_ROWS`` rows at a time: pyarrow writes tables of up to a million
    rows as one group, gigabytes of text that would otherwise be held at once, twice over as
    Arrow data and as Python strings."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    number = first_row
    try:
        with open_raw(path) as stream:
            # Buffered reads, not pre-buffered: else the column chunks (all of a group's text)
            # are read whole before the first batch.
            parquet = pq.ParquetFile(stream, buffer_size=READ_BUFFER, pre_buffer=False)
            schema = parquet.schema_arrow
            twice = repeated_name(schema)
            if twice is not None:
                raise ValueError(f"names {twice!r} twice")
            stored_as_json = set(orjson.loads((schema.metadata or {}).get(JSON_COLUMNS_KEY, b"[]")))
            stored_as_json |= {field.name for field in schema if holds_json_text(field)}
            # an Arrow map (as Spark writes one) comes as a list of (key, value) pairs
            map_metadata = "metadata" in schema.names and pa.types.is_map(
                schema.field("metadata").type
            )
            for batch in parquet.iter_batches(BATCH_ROWS, row_groups=[group], use_threads=False):
                rows = _with_python_times(pa.Table.from_batches([batch])).to_pylist()
                if any(_holds_non_finite(column) for column in batch.columns):
                    rows = [_marked(row) for row in rows]
                for row in rows:
                    yield _row_document(path, number, row, stored_as_json, map_metadata, text_field)
                    number += 1
    # OverflowError: a time beyond the years of Python's datetime (10000 and on)
    except (*UNREADABLE, pa.ArrowException, ValueError, OverflowError) as error:
        yield Rejected(path, number, f"{unreadable(error)} (this row and the rest of its group)")


def _row_document(
    path: str,
    number: int,
    row: dict[str, Any],
    stored_as_json: set[str],
    map_metadata: bool,
    text_field: str,
) -> Document | Rejected:
    if map_metadata and row["metadata"] is not None:
        # an Arrow map (as Spark writes one) comes as (key, value) pairs; Arrow allows a key
        # twice and keys of any type, which a JSON object cannot hold
        pairs = row["metadata"]
        found = dict(pairs)
        if len(found) != len(pairs) or not all(isinstance(key, str) for key in found):
            reason = "a key twice" if len(found) != len(pairs) else "a key that is no string"
            return Rejected(path, number, f"row's 'metadata' map holds {reason}", raw_text(row))
        row["metadata"] = found
    for name in stored_as_json & row.keys():
        if row[name] is not None:
            try:
                row[name] = jsonl.loads(row[name].encode("utf-8"))
            except jsonl.RecordError as error:
                reason = f"{name!r} stored as JSON is not JSON: {error}"
                return Rejected(path, number, reason, raw_text(row))
    return _document(path, number, row, text_field)


def _holds_non_finite(array: Any) -> bool:
    """Whether a float of ``array``, at any depth, is NaN or infinite (most batches hold none,
    and are not walked in Python)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    types = pa.types
    if types.is_float32(array.type) or types.is_float64(array.type):
        return pc.all(pc.is_finite(array)).as_py() is False
    if types.is_list(array.type) or types.is_large_list(array.type):
        return _holds_non_finite(array.flatten())
    if types.is_fixed_size_list(array.type) or types.is_map(array.type):
        return _holds_non_finite(array.values)
    if types.is_struct(array.type):
        return any(_holds_non_finite(array.field(i)) for i in range(array.type.num_fields))
    return False


def _marked(value: Any) -> Any:
    """``value`` with its non-finite floats as ``jsonl.NonFinite``."""
    if isinstance(value, float):
        return value if math.isfinite(value) else jsonl.NonFinite(value)
    if isinstance(value, dict):
        return {name: _marked(item) for name, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_marked(item) for item in value)
    return value


def _with_python_times(table: Any) -> Any:
    """``table`` with the times Python's datetime cannot hold exactly, nested ones included,
    made ones it can. Timestamps of a zone other than UTC are read in UTC, the same instants:
    a zone's local time can fall beyond datetime's years (year 1 in New York), and its offset
    can have seconds (New York's was -4:56:02 before 1883), which ISO 8601 text, and Arrow's
    text of a time, have no room for, so the instant would move. Then nanosecond timestamps,
    times and durations become Arrow's text of them ("2023-11-14 22:13:20.000000123"; a
    duration its count of nanoseconds): datetime holds microseconds, and for these pyarrow
    gives pandas objects, which no JSON holds, or without pandas fails (pandas writes
    nanoseconds by default)."""
    return _cast_leaves(_cast_leaves(table, _in_utc), _nanoseconds_as_text)


def _in_utc(arrow_type: Any) -> Any:
    import pyarrow as pa

    if pa.types.is_timestamp(arrow_type) and arrow_type.tz not in (None, "UTC"):
        return pa.timestamp(arrow_type.unit, "UTC")
    return arrow_type


def _nanoseconds_as_text(arrow_type: Any) -> Any:
    import pyarrow as pa

    if pa.types.is_temporal(arrow_type) and getattr(arrow_type, "unit", None) == "ns":
        return pa.string()
    return arrow_type


def _cast_leaves(table: Any, leaf_type: Callable[[Any], Any]) -> Any:
    """``table`` cast to the types ``leaf_type`` gives its columns' leaf types, nested ones
    included (a table that keeps them all is returned as it is)."""
    import pyarrow as pa

    schema = pa.schema(
        [field.with_type(with_leaves(field.type, leaf_type)) for field in table.schema],
        metadata=table.schema.metadata,
    )
    return table if schema.equals(table.schema) else table.cast(schema)


def _document(path: str, number: int, row: dict[str, Any], text_field: str) -> Document | Rejected:
    if text_field not in row:
        return Rejected(path, number, f"row has no {text_field!r} column", raw_text(row))
    text = row[text_field]
    if text is not None and not isinstance(text, str):
        return Rejected(path, number, f"row's {text_field!r} is not a string", raw_text(row))
    metadata = row.get("metadata")
    if metadata is not None and not isinstance(metadata, dict):
        return Rejected(path, number, "row's 'metadata' is not a map", raw_text(row))
    return Document(row, text, path, number)
