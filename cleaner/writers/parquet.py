"""Parquet output with pyarrow, values kept exactly or the row refused.

The first row fixes the columns: a field holding a string, a boolean, a float or an integer
that fits 64 bits gets a column of that type; any other field (objects such as ``metadata``,
lists such as the edit log, integers beyond 64 bits, a null) is stored as JSON text and named
in the file's ``cleaner.json_columns`` key, which ``cleaner``'s Parquet reader reads back into
the values they were. A later row that does not fit (a field the first row lacked, a value of
another type) is refused with ``RecordError`` rather than changed.
"""

from __future__ import annotations

import contextlib
import re
from typing import Any

import orjson

from cleaner import jsonl
from cleaner.readers.parquet import JSON_COLUMNS_KEY
from cleaner.writers.atomic import AtomicFile

ROWS_PER_GROUP = 2_000
INT64 = range(-(2**63), 2**63)
# A JSON line with a lone surrogate in a string holds its escape: only such lines are searched
# for strings that Arrow, which holds UTF-8, cannot take.
SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")


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
    whatever the first row holds (the text field, which may be missing in a row).
    """

    def __init__(self, path: str, string_columns: tuple[str, ...] = ("text",)):
        self.name = path
        self._file = AtomicFile(path)
        self._string_columns = string_columns
        self._types: dict[str, str | None] | None = None
        self._rows: list[dict[str, Any]] = []
        self._writer: Any = None

    def check(self, record: dict[str, Any]) -> None:
        """RecordError when ``record`` does not fit the columns the first row fixed."""
        if self._types is None:
            self._types = {
                name: "string" if name in self._string_columns else _native_type(value)
                for name, value in record.items()
            }
            return
        for name, value in record.items():
            if name not in self._types:
                raise jsonl.RecordError(f"has a field {name!r} the Parquet file has no column for")
            wanted = self._types[name]
            if wanted is not None and value is not None and _native_type(value) != wanted:
                raise jsonl.RecordError(
                    f"field {name!r} does not fit its Parquet column of type {wanted}"
                )

    def write(self, data: bytes) -> None:
        for line in data.splitlines():
            record = jsonl.loads(line)
            if SURROGATE_ESCAPE.search(line):
                _refuse_lone_surrogates(record)
            self.check(record)
            self._rows.append(record)
        if len(self._rows) >= ROWS_PER_GROUP:
            self._flush()

    def _flush(self) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        if not self._rows or self._types is None:
            return
        columns: dict[str, Any] = {}
        fields = []
        for name, wanted in self._types.items():
            values = [row.get(name) for row in self._rows]
            if wanted is None:
                values = [None if v is None else jsonl.dumps(v).decode() for v in values]
            arrow_type = pa.string() if wanted is None else pa.type_for_alias(wanted)
            columns[name] = pa.array(values, type=arrow_type)
            fields.append(pa.field(name, arrow_type))
        json_columns = [name for name, wanted in self._types.items() if wanted is None]
        schema = pa.schema(fields, metadata={JSON_COLUMNS_KEY: orjson.dumps(json_columns)})
        if self._writer is None:
            self._writer = pq.ParquetWriter(self._file.stream, schema)
        self._writer.write_table(pa.table(columns, schema=schema))
        self._rows = []

    def commit(self) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        self._flush()
        if self._writer is None:  # no rows: an empty file with no columns
            self._writer = pq.ParquetWriter(self._file.stream, pa.schema([]))
        self._writer.close()
        self._file.commit()

    def discard(self) -> None:
        if self._writer is not None:
            with contextlib.suppress(OSError):  # a full disk fails the final write too
                self._writer.close()
        self._file.discard()
