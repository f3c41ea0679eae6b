"""JSONL inputs: one record a line, read whole or by byte range so that workers share a file."""

from __future__ import annotations

import base64
from collections.abc import Iterable, Iterator

from cleaner import jsonl
from cleaner.readers.items import Document, Rejected
from cleaner.readers.streams import (
    BOM,
    UNREADABLE,
    encoding_of,
    open_input,
    open_raw,
    unreadable,
)


def read_jsonl(path: str, text_field: str) -> Iterator[Document | Rejected]:
    """Every record of a JSONL file (or stdin), decompressed by its suffix."""
    numbered = NumberedLines()
    try:
        with open_input(path) as stream:
            yield from parse_lines(path, numbered.of(stream), text_field)
    except UNREADABLE as error:
        yield Rejected(path, numbered.count + 1, unreadable(error))


class NumberedLines:
    """Lines with their numbers, and how many were read when the stream broke."""

    def __init__(self) -> None:
        self.count = 0

    def of(self, stream: Iterable[bytes]) -> Iterator[tuple[int, bytes]]:
        for line in stream:
            self.count += 1
            yield self.count, line


# The first line of a JSON document printed over several lines (``json.dump`` with an indent,
# ``jq .``): the file holds one document, not a record a line. Read line by line, its lines
# would be rejected but for the few that hold a whole object, which would be cleaned: part of
# the data, out of context.
OPENING_LINES = (b"[", b"{", b"[{")


def spread_document(head: bytes) -> str | None:
    """Why a file starting with ``head`` is no JSON lines file, or None when it may be one."""
    first_line = head.removeprefix(BOM).lstrip().split(b"\n", 1)[0].strip()
    if first_line not in OPENING_LINES:
        return None
    return (
        "the file is one JSON document over several lines, not JSON lines (a record a line): "
        "convert it first (jq -c '.[]' for an array of records, jq -c . for one record)"
    )


def parse_lines(
    path: str,
    numbered: Iterable[tuple[int, bytes]],
    text_field: str,
    whole_file: bool = True,
) -> Iterator[Document | Rejected]:
    """Records of numbered raw lines; an input without any is an empty file when it is whole."""
    seen_any = False
    for number, raw_line in numbered:
        if number == 1:
            raw_line = raw_line.removeprefix(BOM)
        if not raw_line.strip():
            continue
        seen_any = True
        yield parse_record(path, number, raw_line, text_field)
    if whole_file and not seen_any:
        yield Rejected(path, 0, "empty file: no JSON records")


def read_range(
    path: str, start: int, end: int, first_line: int, text_field: str
) -> Iterator[Document | Rejected]:
    """The records of the lines of a plain JSONL file that start in ``[start, end)``; the
    caller cut ``start`` just after a line break and counted the lines before it."""
    number = first_line - 1
    try:
        with open_raw(path) as stream:
            stream.seek(start)
            position = start
            lines: list[tuple[int, bytes]] = []
            while position < end:
                raw_line = stream.readline()
                if not raw_line:
                    break
                number += 1
                position += len(raw_line)
                lines.append((number, raw_line))
    except UNREADABLE as error:
        yield from parse_lines(path, lines, text_field, whole_file=False)
        yield Rejected(path, number + 1, unreadable(error))
        return
    yield from parse_lines(path, lines, text_field, whole_file=False)


def parse_record(path: str, number: int, raw_line: bytes, text_field: str) -> Document | Rejected:
    """One JSONL line as a document, or why it is not one."""
    raw = raw_line.decode("utf-8", errors="replace").rstrip("\r\n")
    try:
        raw_line.decode("utf-8")
    except UnicodeDecodeError as error:
        encoding = encoding_of(raw_line).upper() if number == 1 else "UTF-8"
        if encoding in ("UTF-16", "UTF-32"):
            # what Windows tools write as "Unicode": every line would be malformed JSON
            reason = (
                f"the file is {encoding} (it starts with a byte order mark); JSON lines are "
                f"UTF-8: convert it first (iconv -f {encoding} -t UTF-8)"
            )
        else:
            reason = f"invalid UTF-8 at column {error.start + 1}"
        exact = base64.b64encode(raw_line.rstrip(b"\r\n")).decode("ascii")
        return Rejected(path, number, reason, raw, exact)
    try:
        record = jsonl.loads(raw_line)
    except jsonl.RecordError as error:
        return Rejected(path, number, f"malformed JSON: {error}", raw)
    twice = jsonl.repeated_key(raw_line, record)
    if twice is not None:
        reason = f"the key {twice!r} is written twice (JSON readers keep one value)"
        return Rejected(path, number, reason, raw)
    if isinstance(record, list) and record and all(isinstance(item, dict) for item in record):
        reason = "record is a JSON array of objects, not an object (jq -c '.[]' makes them lines)"
        return Rejected(path, number, reason, raw)
    if not isinstance(record, dict):
        return Rejected(path, number, "record is not a JSON object", raw)
    return checked_record(path, number, record, text_field, raw)


def checked_record(
    path: str, number: int, record: dict, text_field: str, raw: str
) -> Document | Rejected:
    """A parsed record as a document, when its text and metadata are of the right kind."""
    text = record.get(text_field)
    if not isinstance(text, str):
        if text_field not in record:
            problem = "has no"
        else:
            problem = "has a null" if text is None else "has a non-string"
        return Rejected(path, number, f"record {problem} {text_field!r} field", raw)
    metadata = record.get("metadata")
    if metadata is not None and not isinstance(metadata, dict):
        return Rejected(path, number, "record's 'metadata' is not an object", raw)
    return Document(record, text, path, number)
