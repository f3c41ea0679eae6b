"""Parquet output with pyarrow, values kept exactly or the row refused.

The first row fixes the columns. A column of the Parquet inputs (``column_types``) keeps its
Arrow type: its values reach the sink as JSON gives them (a time as ISO text, a struct as an
object), and Arrow's cast makes them what they were, so a timestamp, a date, an int32, a list
or a struct of the input is one in the output too. Any other field holding a string, a boolean,
a float or an integer that fits 64 bits gets a column of that type; the rest (objects such as
``metadata``, to which the rules add fields, lists such as the edit log, integers beyond 64
bits, a null) is stored as JSON text in Arrow's JSON type, which ``datasets`` and DuckDB read
as JSON, and named in the file's ``cleaner.json_columns`` key for readers that know the text
only as strings; ``cleaner``'s Parquet reader reads either back into the values they were. A
later row that does not fit (a field the first row lacked, a value of another type) is refused
with ``RecordError`` rather than changed. An output of Parquet inputs that gets no row (the
inputs have none) still has their columns, typed as a first row of nulls would type them: a
file with no columns is no table to stack with the outputs of other inputs.
"""

from __future__ import annotations

import contextlib
import errno
import re
from decimal import Decimal
from typing import Any

import orjson

from cleaner import jsonl
from cleaner.arrow_types import is_json_type, json_array, json_type, with_leaves
from cleaner.readers.parquet import JSON_COLUMNS_KEY
from cleaner.writers.atomic import AtomicFile

ROWS_PER_GROUP = 2_000
INT64 = range(-(2**63), 2**63)
# A JSON line with a lone surrogate in a string holds its escape: only such lines are searched
# for strings that Arrow, which holds UTF-8, cannot take.
SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")
# A line written with NaN or an infinity (``jsonl.dumps(non_finite=True)``) spells one of these.
NON_FINITE = re.compile(rb"NaN|Infinity")


def _native_type(value: Any) -> str | None:
    """The Arrow type that holds ``value`` exactly, or None for JSON text."""
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int64" if value in INT64 else None
    if isinstance(value, float):
        return "float64"
    if isinstance(value, str):
        return "string"
    return None


NATIVE_ALIASES = ("bool", "int64", "float64", "string")


def _alias(arrow_type: Any) -> str | None:
    """The alias of ``arrow_type`` when it is one that ``_native_type`` gives."""
    import pyarrow as pa

    return next((alias for alias in NATIVE_ALIASES if pa.type_for_alias(alias) == arrow_type), None)


def restorable(arrow_type: Any) -> bool:
    """Whether ``_cast`` makes a value of ``arrow_type`` again from what JSON holds of it:
    numbers, strings, dates and timestamps (ISO text), and lists and structs of them. Not
    times of day, durations, binary or maps, which stay JSON text or are refused as before."""
    import pyarrow as pa

    types = pa.types
    if types.is_struct(arrow_type):
        return all(restorable(field.type) for field in arrow_type)
    if types.is_list(arrow_type) or types.is_large_list(arrow_type):
        return restorable(arrow_type.value_type)
    if types.is_dictionary(arrow_type):
        return restorable(arrow_type.value_type)
    return (
        types.is_boolean(arrow_type)
        or types.is_integer(arrow_type)
        or (types.is_floating(arrow_type) and not types.is_float16(arrow_type))
        or types.is_decimal(arrow_type)
        or types.is_string(arrow_type)
        or types.is_large_string(arrow_type)
        or types.is_date(arrow_type)
        or types.is_timestamp(arrow_type)
    )


def _transport_type(arrow_type: Any) -> Any:
    """The Arrow type of the values of ``arrow_type`` as they come back from JSON: times and
    dates as text, dictionaries as their values; the cast from it restores the values."""
    return with_leaves(arrow_type, _transported_leaf)


def _transported_leaf(arrow_type: Any) -> Any:
    import pyarrow as pa

    types = pa.types
    if types.is_timestamp(arrow_type) or types.is_date(arrow_type):
        return pa.string()
    if types.is_dictionary(arrow_type):
        return _transported_leaf(arrow_type.value_type)
    return arrow_type


def _decimals(value: Any, arrow_type: Any) -> Any:
    """``value`` with the numbers of decimal fields as ``Decimal``: JSON gives a float for
    "1.50", whose shortest text ("1.5") is the number written, and Arrow takes no float for a
    decimal."""
    import pyarrow as pa

    types = pa.types
    if isinstance(value, float) and types.is_decimal(arrow_type):
        return Decimal(repr(value))
    if isinstance(value, dict) and types.is_struct(arrow_type):
        fields = {field.name: field.type for field in arrow_type}
        return {
            name: _decimals(item, fields[name]) if name in fields else item
            for name, item in value.items()
        }
    if isinstance(value, list) and (types.is_list(arrow_type) or types.is_large_list(arrow_type)):
        return [_decimals(item, arrow_type.value_type) for item in value]
    return value


def _cast(array: Any, arrow_type: Any) -> Any:
    """``array`` cast to ``arrow_type``, a struct a field at a time: Arrow's cast of a struct
    also parses the empty text its null rows hold in their fields, and fails on it."""
    import pyarrow as pa
    import pyarrow.compute as pc

    types = pa.types
    if types.is_list(arrow_type) or types.is_large_list(arrow_type):
        listed = pa.ListArray if types.is_list(arrow_type) else pa.LargeListArray
        values = _cast(array.values, arrow_type.value_type)
        return listed.from_arrays(array.offsets, values, arrow_type, mask=array.is_null())
    if types.is_timestamp(arrow_type) and types.is_string(array.type):
        # the text has the digits Python's datetime holds (microseconds) or, for nanosecond
        # columns, Arrow's nine: read at that unit, then cast to a coarser one, exactly
        fine = pa.timestamp("ns" if arrow_type.unit == "ns" else "us", arrow_type.tz)
        return array.cast(fine).cast(arrow_type)
    if not types.is_struct(arrow_type):
        return array.cast(arrow_type)
    absent = array.is_null()
    fields = []
    for field in arrow_type:
        values = array.field(field.name)
        fields.append(
            _cast(pc.if_else(absent, pa.nulls(len(values), values.type), values), field.type)
        )
    return pa.StructArray.from_arrays(fields, fields=list(arrow_type), mask=absent)


def _non_finite(value: Any) -> bool:
    """Whether ``value`` holds a ``jsonl.NonFinite`` at any depth."""
    if isinstance(value, jsonl.NonFinite):
        return True
    if isinstance(value, dict):
        return any(_non_finite(item) for item in value.values())
    return isinstance(value, list) and any(_non_finite(item) for item in value)


def _refuse_lone_surrogates(record: dict[str, Any]) -> None:
    """RecordError for a string field with a lone surrogate (half of an emoji cut in two):
    JSON lines keep it escaped, a Parquet string column cannot hold it."""
    for name, value in record.items():
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                raise jsonl.RecordError(
                    f"field {name!r} holds a lone surrogate, which a Parquet string cannot"
                ) from None


class ParquetSink:
    """A Parquet file written beside ``path`` and renamed into place on ``commit``.

    ``write`` takes JSON lines, as every sink does; ``string_columns`` are string columns
    whatever the first row holds (the text field, which may be missing in a row);
    ``column_types`` are the Arrow types of the inputs' columns, which those columns keep when
    they are ``restorable``.
    """

    def __init__(
        self,
        path: str,
        string_columns: tuple[str, ...] = ("text",),
        column_types: dict[str, Any] | None = None,
    ):
        self.name = path
        self._file = AtomicFile(path)
        self._string_columns = string_columns
        self._column_types = column_types
        kept = {
            name: arrow_type
            for name, arrow_type in (column_types or {}).items()
            if name not in string_columns and restorable(arrow_type)
        }
        # columns of Arrow's JSON type: JSON text, as any other value JSON holds, in that type
        self._json_typed = {
            name: arrow_type
            for name, arrow_type in (column_types or {}).items()
            if name not in string_columns and is_json_type(arrow_type)
        }
        # a kept column of a type JSON holds as it is only needs its type fixed
        self._natives = {name: alias for name, t in kept.items() if (alias := _alias(t))}
        # the others are cast a batch at a time from what JSON holds of their values: they
        # come from columns of these types, so the cast restores them
        self._cast = {name: t for name, t in kept.items() if name not in self._natives}
        self._types: dict[str, str | None] | None = None
        self._rows: list[dict[str, Any]] = []
        self._writer: Any = None
        self._prepared = False

    def check(self, record: dict[str, Any]) -> None:
        """RecordError when ``record`` does not fit the columns the first row fixed."""
        for name, arrow_type in self._cast.items():
            value = record.get(name)
            if isinstance(value, dict) and not value.keys() <= set(arrow_type.names):
                extra = sorted(value.keys() - set(arrow_type.names))[0]
                raise jsonl.RecordError(
                    f"field {name!r} holds {extra!r}, which its Parquet struct has no field for"
                )
        if self._types is None:
            self._types = {name: self._first_type(name, value) for name, value in record.items()}
            return
        for name, value in record.items():
            if name not in self._types:
                raise jsonl.RecordError(f"has a field {name!r} the Parquet file has no column for")
            wanted = self._types[name]
            if wanted is None or value is None or name in self._cast:
                continue
            if _native_type(value) != wanted:
                raise jsonl.RecordError(
                    f"field {name!r} does not fit its Parquet column of type {wanted}"
                )

    def _first_type(self, name: str, value: Any) -> str | None:
        if name in self._json_typed:
            return None
        if name in self._natives:
            return self._natives[name]
        return "string" if name in self._string_columns else _native_type(value)

    def write(self, data: bytes) -> None:
        for line in data.splitlines():
            record = jsonl.loads(line, non_finite=True)
            if SURROGATE_ESCAPE.search(line):
                _refuse_lone_surrogates(record)
            self.check(record)
            if NON_FINITE.search(line):
                self._refuse_non_finite_json(record)
            self._rows.append(record)
        if len(self._rows) >= ROWS_PER_GROUP:
            self._flush()

    def _refuse_non_finite_json(self, record: dict[str, Any]) -> None:
        """RecordError for NaN or an infinity in a field stored as JSON text (an object, a map,
        a list of mixed values): JSON has no number for them. A float column keeps them."""
        assert self._types is not None  # ``check`` fixed them
        for name, value in record.items():
            if self._types.get(name) is None and name not in self._cast and _non_finite(value):
                raise jsonl.RecordError(
                    f"field {name!r}, stored as JSON text, holds NaN or an infinity, which JSON "
                    "has no number for"
                )

    def _flush(self) -> None:
        if self._rows:
            self._write_rows()

    def _write_rows(self) -> None:
        """Write the held rows (none, for a file that gets no row) in the columns fixed."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        assert self._types is not None  # ``check`` or ``_input_types`` fixed them
        columns: dict[str, Any] = {}
        fields = []
        for name, wanted in self._types.items():
            if name in self._cast:
                columns[name] = self._cast_column(name)
                fields.append(pa.field(name, self._cast[name]))
                continue
            values = [row.get(name) for row in self._rows]
            if wanted is None:
                values = [None if v is None else jsonl.dumps(v).decode() for v in values]
                arrow_type = self._json_typed.get(name) or json_type()
                columns[name] = json_array(values, arrow_type)
            else:
                arrow_type = pa.type_for_alias(wanted)
                columns[name] = pa.array(values, type=arrow_type)
            fields.append(pa.field(name, arrow_type))
        json_columns = [
            name
            for name, wanted in self._types.items()
            if wanted is None and name not in self._cast
        ]
        schema = pa.schema(fields, metadata={JSON_COLUMNS_KEY: orjson.dumps(json_columns)})
        with self._file.naming_errors():  # pyarrow writes to the stream itself
            if self._writer is None:
                self._writer = pq.ParquetWriter(self._file.stream, schema)
            self._writer.write_table(pa.table(columns, schema=schema))
        self._rows = []

    def _cast_column(self, name: str) -> Any:
        """The held rows' values of a kept column, cast back to its type from JSON's."""
        import pyarrow as pa

        arrow_type = self._cast[name]
        values = [_decimals(row.get(name), arrow_type) for row in self._rows]
        try:
            return _cast(pa.array(values, _transport_type(arrow_type)), arrow_type)
        except (pa.ArrowException, TypeError, ValueError, OverflowError) as error:
            # the values come from columns of this type: no value known fails here, and one
            # that did would stop the run with a message, never be changed
            message = f"column {name!r} cannot take its values back: {error}"
            raise OSError(errno.EINVAL, message, self.name) from error

    def _input_types(self) -> dict[str, str | None]:
        """The columns of a file that gets no row: the Parquet inputs' (``column_types``), each
        typed as ``_first_type`` types a null, the text columns first where those leave them out."""
        given = self._column_types or {}
        names = [name for name in self._string_columns if name not in given] + list(given)
        return {name: self._first_type(name, None) for name in names}

    def prepare(self) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        if self._prepared:
            return
        self._flush()
        if self._types is None and self._column_types is not None:
            self._types = self._input_types()  # no row came
        if self._writer is None and self._types is not None:
            # no row written: a row group of none, in the columns fixed (by a first row that
            # was refused, else by the inputs), as pyarrow writes an empty table
            self._write_rows()
        with self._file.naming_errors():
            if self._writer is None:  # no rows, of inputs of no known columns (JSON lines)
                self._writer = pq.ParquetWriter(self._file.stream, pa.schema([]))
            self._writer.close()
        self._file.prepare()
        self._prepared = True

    def commit(self) -> None:
        self.prepare()
        self._file.commit()

    def discard(self) -> None:
        if self._writer is not None:
            with contextlib.suppress(OSError):  # a full disk fails the final write too
                self._writer.close()
        self._file.discard()
