"""Reading inputs and writing outputs: text, HTML and JSONL files, plain, gzip or zstd.

Every input item becomes either a document to clean or a ``Rejected`` naming the file, the
line and the reason, so bad input is reported and never silently dropped.
"""

from __future__ import annotations

import gzip
import io
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import orjson
import zstandard

from cleaner.html import extract_html

TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm")
JSONL_SUFFIXES = (".jsonl", ".json", ".ndjson")
COMPRESSED_SUFFIXES = (".gz", ".zst")
STDIN = "-"


@dataclass(frozen=True, slots=True)
class Document:
    """A document read from ``source`` at ``line``, with the fields it came with."""

    id: str
    text: str
    metadata: dict[str, Any]
    extra: dict[str, Any]
    source: str
    line: int


@dataclass(frozen=True, slots=True)
class Rejected:
    """Input that could not be read as a document, and why."""

    source: str
    line: int
    reason: str
    raw: str = ""

    def describe(self) -> str:
        where = f"{self.source}:{self.line}" if self.line else self.source
        return f"{where}: {self.reason}"

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "line": self.line, "reason": self.reason, "raw": self.raw}


def kind_of(path: Path) -> str:
    """'text', 'html' or 'jsonl', from the file name (compression suffix aside)."""
    name = path.name.lower()
    for suffix in COMPRESSED_SUFFIXES:
        name = name.removesuffix(suffix)
    if name.endswith(TEXT_SUFFIXES):
        return "text"
    if name.endswith(HTML_SUFFIXES):
        return "html"
    if name.endswith(JSONL_SUFFIXES):
        return "jsonl"
    raise ValueError(f"{path}: unknown input type (expected .txt, .html, .htm or .jsonl)")


def input_files(paths: list[str]) -> list[str]:
    """Expand folders into the input files they hold, sorted; keep '-' for stdin."""
    files: list[str] = []
    for name in paths:
        path = Path(name)
        if name == STDIN:
            files.append(name)
        elif path.is_dir():
            found = []
            for candidate in sorted(path.rglob("*")):
                if not candidate.is_file():
                    continue
                try:
                    kind_of(candidate)
                except ValueError:
                    continue
                found.append(str(candidate))
            if not found:
                raise FileNotFoundError(f"{name}: folder holds no .txt, .html or .jsonl files")
            files.extend(found)
        elif path.is_file():
            kind_of(path)
            files.append(name)
        else:
            raise FileNotFoundError(f"{name}: no such file or folder")
    return files


@contextmanager
def open_input(path: str) -> Iterator[IO[bytes]]:
    """A binary stream of the file, decompressed by its suffix; '-' is stdin."""
    if path == STDIN:
        yield sys.stdin.buffer
    elif path.endswith(".gz"):
        with gzip.open(path, "rb") as stream:
            yield stream
    elif path.endswith(".zst"):
        with zstandard.open(path, "rb") as stream:
            yield io.BufferedReader(stream)  # type: ignore[arg-type]
    else:
        with open(path, "rb") as stream:
            yield stream


def read_documents(
    path: str, text_field: str = "text", id_field: str = "id"
) -> Iterator[Document | Rejected]:
    """Every document in one input file (or stdin, read as JSONL)."""
    kind = "jsonl" if path == STDIN else kind_of(Path(path))
    if kind == "jsonl":
        yield from _read_jsonl(path, text_field, id_field)
    else:
        yield _read_whole(path, kind)


def _document_id(path: str) -> str:
    name = Path(path).name
    for suffix in COMPRESSED_SUFFIXES:
        name = name.removesuffix(suffix)
    return Path(name).stem


# What a damaged compressed file raises while it is read.
UNREADABLE = (OSError, EOFError, zstandard.ZstdError)


def _read_whole(path: str, kind: str) -> Document | Rejected:
    try:
        with open_input(path) as stream:
            data = stream.read()
    except UNREADABLE as error:
        return Rejected(path, 0, f"unreadable: {error}")
    if not data.strip():
        return Rejected(path, 0, "empty file")
    if kind == "html":
        # Pages declare their own encoding; trafilatura reads the declaration and detects the rest.
        extracted, metadata = extract_html(data)
        if not extracted:
            return Rejected(path, 0, "no article text found in the HTML")
        return Document(_document_id(path), extracted, metadata, {}, path, 0)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return Rejected(path, line, f"invalid UTF-8 at byte {error.start}")
    return Document(_document_id(path), text, {}, {}, path, 0)


def _read_jsonl(path: str, text_field: str, id_field: str) -> Iterator[Document | Rejected]:
    seen_any = False
    number = 0
    try:
        with open_input(path) as stream:
            for number, raw_line in enumerate(stream, start=1):
                if not raw_line.strip():
                    continue
                seen_any = True
                yield _parse_record(path, number, raw_line, text_field, id_field)
    except UNREADABLE as error:
        yield Rejected(path, number + 1, f"unreadable: {error}")
        return
    if not seen_any:
        yield Rejected(path, 0, "empty file: no JSON records")


def _parse_record(
    path: str, number: int, raw_line: bytes, text_field: str, id_field: str
) -> Document | Rejected:
    raw = raw_line.decode("utf-8", errors="replace").rstrip("\n")
    try:
        raw_line.decode("utf-8")
    except UnicodeDecodeError as error:
        return Rejected(path, number, f"invalid UTF-8 at column {error.start + 1}", raw)
    try:
        record = orjson.loads(raw_line)
    except orjson.JSONDecodeError as error:
        return Rejected(path, number, f"malformed JSON: {error}", raw)
    if not isinstance(record, dict):
        return Rejected(path, number, "record is not a JSON object", raw)
    text = record.pop(text_field, None)
    if not isinstance(text, str):
        problem = "has no" if text is None else "has a non-string"
        return Rejected(path, number, f"record {problem} {text_field!r} field", raw)
    metadata = record.pop("metadata", None) or {}
    if not isinstance(metadata, dict):
        return Rejected(path, number, "record's 'metadata' is not an object", raw)
    identifier = record.pop(id_field, None)
    if identifier is None:
        identifier = f"{_document_id(path)}:{number}"
    return Document(str(identifier), text, metadata, record, path, number)


@contextmanager
def open_output(path: str | None) -> Iterator[IO[bytes]]:
    """A binary stream to write JSONL to, compressed by the file's suffix; None is stdout."""
    if path is None or path == STDIN:
        yield sys.stdout.buffer
        sys.stdout.buffer.flush()
    elif path.endswith(".gz"):
        with gzip.open(path, "wb") as stream:
            yield stream
    elif path.endswith(".zst"):
        with zstandard.open(path, "wb") as stream:
            yield stream  # type: ignore[misc]
    else:
        with open(path, "wb") as stream:
            yield stream


def write_jsonl(stream: IO[bytes], record: dict[str, Any]) -> None:
    stream.write(orjson.dumps(record) + b"\n")
