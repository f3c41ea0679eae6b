"""Parquet inputs, read one row group at a time so that workers share a file and memory stays
bounded. Rows are numbered from 1 across the file; a bad row is rejected naming its number.

Values come back as pyarrow gives them to Python: integers exact, nulls as None. A row whose
text is null keeps it (missing text is written back missing, as ``Cleaner`` batches do); a
row whose text is of another type, or whose metadata is no map, cannot be cleaned and is
rejected; so is a row holding bytes (a binary column's), which a JSON record cannot hold, or a
value Python cannot be given (a time beyond the year 9999), each reject naming the column;
metadata in an Arrow map is read as a dict. A file that names two columns (or two
fields of a struct) alike is refused: as a dict, a row would keep one of them. Columns that
``cleaner``'s own Parquet writer stored as JSON text (values Arrow cannot hold, such as
integers beyond 64 bits), and columns of Arrow's JSON type (``datasets`` saves objects of
several shapes so), are read back as the values their text holds. NaN and the infinities of
float columns come as ``jsonl.NonFinite``, which a Parquet output keeps and JSON refuses (it has
no number for them), rather than turn into null.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import orjson

from cleaner import jsonl
from cleaner.arrow_types import holds_json_text, is_json_type, repeated_name, with_leaves
from cleaner.metadata import from_pairs
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


def column_types(paths: list[str], id_field: str | None = None) -> dict[str, Any]:
    """The Arrow types of the columns that every Parquet file of ``paths`` holds with one type:
    a Parquet output of these inputs keeps those it can (``ParquetSink``). A file whose footer
    cannot be read gives none (the run rejects it). ``id_field``, when no file has it, comes
    first as text: the reader makes it (``with_id``)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    shared: dict[str, Any] | None = None
    made_id = id_field  # until a file has it
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
        if made_id in schema.names:
            made_id = None
        if shared is None:
            shared = found
        else:
            shared = {name: t for name, t in shared.items() if found.get(name) == t}
    if made_id is not None and shared is not None:
        return {made_id: pa.string(), **shared}
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
            binary_columns = [field.name for field in schema if _holds_binary(field.type)]
            for batch in parquet.iter_batches(BATCH_ROWS, row_groups=[group], use_threads=False):
                for row in _python_rows(batch):
                    if isinstance(row, _UnreadableRow):
                        yield row.rejected(path, number)
                    else:
                        yield _row_document(
                            path,
                            number,
                            row,
                            stored_as_json,
                            map_metadata,
                            binary_columns,
                            text_field,
                        )
                    number += 1
    except (*UNREADABLE, pa.ArrowException, ValueError) as error:
        yield Rejected(path, number, f"{unreadable(error)} (this row and the rest of its group)")


@dataclass(frozen=True, slots=True)
class _UnreadableRow:
    """A row with values that cannot be made Python's (a time or date beyond the years of its
    datetime, a duration beyond the nanoseconds it is written in): its other columns, and why
    each of the rest failed."""

    readable: dict[str, Any]
    failures: dict[str, str]

    def rejected(self, path: str, number: int) -> Rejected:
        """The row's reject, naming each column that failed; its raw text holds the readable
        columns, but those holding bytes, which JSON cannot (see ``_binary_reject``)."""
        reason = "; ".join(
            f"column {name!r} holds {failure}" for name, failure in self.failures.items()
        )
        readable = {name: value for name, value in self.readable.items() if not _holds_bytes(value)}
        return Rejected(path, number, reason, raw_text(readable))


def _python_rows(batch: Any) -> Sequence[dict[str, Any] | _UnreadableRow]:
    """The rows of ``batch`` as Python values. A batch that cannot be converted whole (a value
    Python cannot be given, see ``_UnreadableRow``) is converted again a row at a time, so that
    it costs only the rows that hold such a value: healthy batches keep Arrow's speed."""
    import pyarrow as pa

    unconvertible = (pa.ArrowException, ValueError, OverflowError)
    try:
        return _converted(batch)
    except unconvertible:
        return [
            _converted_row(batch.slice(index, 1), unconvertible) for index in range(batch.num_rows)
        ]


def _converted_row(
    row: Any, unconvertible: tuple[type[Exception], ...]
) -> dict[str, Any] | _UnreadableRow:
    """The one row of the batch ``row`` as Python values; when some cannot be, each column on
    its own, to say which fail and keep the others for the reject."""
    try:
        [values] = _converted(row)
        return values
    except unconvertible:
        readable: dict[str, Any] = {}
        failures: dict[str, str] = {}
        for position, field in enumerate(row.schema):
            try:
                [column] = _converted(row.select([position]))
                readable.update(column)
            except unconvertible as error:
                failures[field.name] = f"a {field.type} value that cannot be read: {error}"
        return _UnreadableRow(readable, failures)


def _converted(batch: Any) -> list[dict[str, Any]]:
    """The rows of ``batch`` as pyarrow gives them to Python, with the times Python cannot hold
    exactly as text (``_with_python_times``) and non-finite floats marked (``_marked``)."""
    import pyarrow as pa

    rows = _with_python_times(pa.Table.from_batches([batch])).to_pylist()
    if any(_holds_non_finite(column) for column in batch.columns):
        rows = [_marked(row) for row in rows]
    return rows


def _row_document(
    path: str,
    number: int,
    row: dict[str, Any],
    stored_as_json: set[str],
    map_metadata: bool,
    binary_columns: list[str],
    text_field: str,
) -> Document | Rejected:
    if binary_columns:
        binary = [name for name in binary_columns if _holds_bytes(row[name])]
        if binary:
            return _binary_reject(path, number, row, binary, text_field)
    if map_metadata and row["metadata"] is not None:
        try:
            row["metadata"] = from_pairs(row["metadata"])
        except ValueError as error:
            return Rejected(path, number, f"row's 'metadata' map holds {error}", raw_text(row))
    for name in stored_as_json & row.keys():
        if row[name] is not None:
            try:
                row[name] = jsonl.loads(row[name].encode("utf-8"))
            except jsonl.RecordError as error:
                reason = f"{name!r} stored as JSON is not JSON: {error}"
                return Rejected(path, number, reason, raw_text(row))
    return _document(path, number, row, text_field)


def _binary_reject(
    path: str, number: int, row: dict[str, Any], binary: list[str], text_field: str
) -> Rejected:
    """The reject of a row whose ``binary`` columns hold bytes: a JSON record has no value for
    bytes, and text made of them (decoded, or base64) would be another value than the input's.
    Its raw text is the row's other columns."""
    if text_field in binary:
        reason = f"row's {text_field!r} is not a string"  # as for text of any other type
    else:
        named = ", ".join(map(repr, binary))
        columns = f"column {named} holds" if len(binary) == 1 else f"columns {named} hold"
        reason = f"{columns} binary values, which a JSON record cannot hold"
    readable = {name: value for name, value in row.items() if name not in binary}
    return Rejected(path, number, reason, raw_text(readable))


def _holds_binary(arrow_type: Any) -> bool:
    """Whether values of ``arrow_type``, at any depth, can be bytes (binary, of fixed size or
    not), which a JSON record cannot hold."""
    import pyarrow as pa

    types = pa.types
    if types.is_struct(arrow_type):
        return any(_holds_binary(field.type) for field in arrow_type)
    if types.is_map(arrow_type):
        return _holds_binary(arrow_type.key_type) or _holds_binary(arrow_type.item_type)
    if (
        types.is_list(arrow_type)
        or types.is_large_list(arrow_type)
        or types.is_fixed_size_list(arrow_type)
        or types.is_dictionary(arrow_type)
    ):
        return _holds_binary(arrow_type.value_type)
    return (
        types.is_binary(arrow_type)
        or types.is_large_binary(arrow_type)
        or types.is_fixed_size_binary(arrow_type)
    )


def _holds_bytes(value: Any) -> bool:
    """Whether ``value``, as pyarrow gives it, holds bytes at any depth (a struct as a dict, a
    list or a map as a list)."""
    if isinstance(value, bytes):
        return True
    if isinstance(value, dict):
        return any(_holds_bytes(item) for item in value.values())
    if isinstance(value, list | tuple):
        return any(_holds_bytes(item) for item in value)
    return False


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
    text of a time, have no room for, so the instant would move. Durations of any unit are
    read in nanoseconds: pyarrow gives the coarser ones as Python's ``timedelta``, which no JSON
    holds, and Arrow's text of a duration is a count of its unit, which would mean another
    duration in each column. Then nanosecond timestamps, times and durations become Arrow's
    text of them ("2023-11-14 22:13:20.000000123"; a duration its count of nanoseconds):
    datetime holds microseconds, and for these pyarrow gives pandas objects, which no JSON
    holds, or without pandas fails (pandas writes nanoseconds by default). A duration that
    nanoseconds cannot count (beyond 292 years) fails, and its row is rejected."""
    for leaf_type in (_in_utc, _duration_in_nanoseconds, _nanoseconds_as_text):
        table = _cast_leaves(table, leaf_type)
    return table


def _in_utc(arrow_type: Any) -> Any:
    import pyarrow as pa

    if pa.types.is_timestamp(arrow_type) and arrow_type.tz not in (None, "UTC"):
        return pa.timestamp(arrow_type.unit, "UTC")
    return arrow_type


def _duration_in_nanoseconds(arrow_type: Any) -> Any:
    import pyarrow as pa

    return pa.duration("ns") if pa.types.is_duration(arrow_type) else arrow_type


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
