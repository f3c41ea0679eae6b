"""What reading an input gives: a document to clean, or bad input that says where and why."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from cleaner import jsonl
from cleaner.metadata import Metadata


@dataclass(frozen=True, slots=True)
class Document:
    """A record read from ``source`` at ``line``: every field it came with, in its order.

    ``record`` holds the text and id fields too; the output is this record with its text and
    metadata replaced, so no field is dropped or changes its JSON type. ``text`` is None only
    for a Parquet row whose text is missing, which is written back as it came.
    """

    record: dict[str, Any]
    text: str | None
    source: str
    line: int

    @property
    def metadata(self) -> Metadata | None:
        return self.record.get("metadata")


@dataclass(frozen=True, slots=True)
class Rejected:
    """Input that could not be read as a document, and why.

    ``raw`` is the input as text; a line that is not UTF-8 holds U+FFFD there for its bad
    bytes, and its bytes themselves go in ``raw_base64``, so that a line read from stdin, the
    only copy, can be had back exactly."""

    source: str
    line: int
    reason: str
    raw: str = ""
    raw_base64: str = ""

    def describe(self) -> str:
        where = f"{self.source}:{self.line}" if self.line else self.source
        return f"{where}: {self.reason}"

    def to_dict(self) -> dict[str, Any]:
        fields = {"source": self.source, "line": self.line, "reason": self.reason, "raw": self.raw}
        if self.raw_base64:
            fields["raw_base64"] = self.raw_base64
        return fields


def raw_text(record: dict[str, Any]) -> str:
    """A record set aside as the raw text of its reject: JSON, with NaN and the infinities
    written as JavaScript writes them (JSON has none); its ``repr`` when even that fails."""
    try:
        return jsonl.dumps(record, non_finite=True).decode("utf-8")
    except jsonl.RecordError:
        return repr(record)


def with_id(item: Document | Rejected, id_field: str, base: str) -> Document | Rejected:
    """``item`` with an id, first among its fields, when it came without one: ``BASE:LINE``
    for a line or row of a file, ``BASE`` for a one-document file (``base`` names the file,
    see ``locations.id_bases``, which relies on these two shapes to give every file of a run
    ids of its own). One step for every reader, so ids are made one way."""
    if isinstance(item, Rejected) or id_field in item.record:
        return item
    given = f"{base}:{item.line}" if item.line else base
    return replace(item, record={id_field: given, **item.record})
