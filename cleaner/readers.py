"""Reading inputs: text, HTML and JSONL files, plain, gzip or zstd, and JSONL on stdin.

Every input item becomes either a ``Document`` to clean or a ``Rejected`` naming the file, the
line and the reason, so bad input is reported and never silently dropped: a damaged or
truncated compressed file, an unreadable folder, a file name that is not UTF-8.
"""

from __future__ import annotations

import gzip
import io
import os
import sys
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import zstandard

from cleaner import jsonl
from cleaner.html import ExtractionError
from cleaner.metadata import Metadata

TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm")
JSONL_SUFFIXES = (".jsonl", ".json", ".ndjson")
COMPRESSED_SUFFIXES = (".gz", ".zst")
STDIN = "-"
BOM = b"\xef\xbb\xbf"

# Extracts the article text ("" when there is none) and page metadata from HTML; raises
# ExtractionError when it gives up on a page.
HtmlExtractor = Callable[[bytes], tuple[str, Metadata]]


@dataclass(frozen=True, slots=True)
class Document:
    """A record read from ``source`` at ``line``: every field it came with, in its order.

    ``record`` holds the text and id fields too; the output is this record with its text and
    metadata replaced, so no field is dropped or changes its JSON type.
    """

    record: dict[str, Any]
    text: str
    source: str
    line: int

    @property
    def metadata(self) -> Metadata | None:
        return self.record.get("metadata")


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


def printable(name: str) -> str:
    """A file name as it can be printed and written to JSON: undecodable bytes as escapes."""
    return os.fsencode(name).decode("utf-8", "backslashreplace")


def input_files(paths: list[str], exclude: Collection[str] = ()) -> list[str | Rejected]:
    """Expand folders into the input files they hold, sorted; keep '-' for stdin.

    Inside folders, hidden entries (a name starting with '.') and the files in ``exclude`` (the
    run's own outputs) are not inputs. Folders that cannot be listed and file names that are not
    UTF-8 are returned as ``Rejected``. A path named on the command line that does not exist or
    has an unknown suffix raises ValueError: that is a usage mistake, not bad data.
    """
    excluded = {file_identity(name) for name in exclude} - {None}
    items: list[str | Rejected] = []
    for name in paths:
        path = Path(name)
        if name == STDIN:
            items.append(name)
        elif path.is_dir():
            found = _folder_files(name, excluded)
            if not found:
                raise ValueError(f"{printable(name)}: folder holds no .txt, .html or .jsonl files")
            items.extend(found)
        elif path.is_file():
            kind_of(path)
            items.append(_checked_name(name))
        else:
            raise ValueError(f"{printable(name)}: no such file or folder")
    return items


def file_identity(name: str | int) -> tuple[int, int] | None:
    """(device, inode) of a path or open descriptor, so hard links and redirects compare equal;
    None when it does not exist."""
    try:
        status = os.stat(name)
    except OSError:
        return None
    return status.st_dev, status.st_ino


def _checked_name(name: str) -> str | Rejected:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return Rejected(printable(name), 0, "file name is not valid UTF-8; rename the file")
    return name


def _folder_files(top: str, excluded: set[tuple[int, int] | None]) -> list[str | Rejected]:
    problems: list[OSError] = []
    found: list[str] = []
    seen_folders: set[tuple[int, int] | None] = set()
    for folder, subfolders, files in os.walk(top, onerror=problems.append, followlinks=True):
        seen_folders.add(file_identity(folder))
        # Linked folders are followed, but each folder is read once, so a link loop ends.
        subfolders[:] = sorted(
            sub
            for sub in subfolders
            if not sub.startswith(".")
            and file_identity(os.path.join(folder, sub)) not in seen_folders
        )
        for file_name in files:
            if file_name.startswith("."):
                continue
            candidate = os.path.join(folder, file_name)
            try:
                kind_of(Path(candidate))
            except ValueError:
                continue
            if file_identity(candidate) not in excluded:
                found.append(candidate)
    items: list[str | Rejected] = [_checked_name(name) for name in sorted(found)]
    items += [
        Rejected(printable(str(problem.filename)), 0, f"unreadable folder: {problem.strerror}")
        for problem in problems
    ]
    return items


class TruncatedError(EOFError):
    """A compressed stream that ends before its last frame does."""


class _CheckedZstdReader(io.RawIOBase):
    """zstd frames, one after another, with an error when the last one is cut short.

    ``zstandard.open`` reads a truncated file as a shorter one without a word; here the
    decompressor's end-of-frame flag is checked when the input runs out.
    """

    def __init__(self, raw: IO[bytes]):
        self._raw = raw
        self._decompressor = zstandard.ZstdDecompressor()
        self._frame = self._decompressor.decompressobj()
        self._in_frame = False
        self._pending = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self._pending:
            chunk = self._raw.read(1 << 16)
            if not chunk:
                if self._in_frame:
                    raise TruncatedError("truncated zstd stream: the last frame is incomplete")
                return 0
            self._feed(chunk)
        size = min(len(buffer), len(self._pending))
        buffer[:size] = self._pending[:size]
        self._pending = self._pending[size:]
        return size

    def _feed(self, chunk: bytes) -> None:
        while chunk:
            self._in_frame = True
            self._pending += self._frame.decompress(chunk)
            if not self._frame.eof:
                return
            self._in_frame = False
            chunk = self._frame.unused_data
            self._frame = self._decompressor.decompressobj()


@contextmanager
def open_input(path: str) -> Iterator[IO[bytes]]:
    """A binary stream of the file, decompressed by its suffix; '-' is stdin."""
    if path == STDIN:
        yield sys.stdin.buffer
    elif path.endswith(".gz"):
        with gzip.open(path, "rb") as stream:
            yield stream  # type: ignore[misc]
    elif path.endswith(".zst"):
        with open(path, "rb") as raw:
            yield io.BufferedReader(_CheckedZstdReader(raw))
    else:
        with open(path, "rb") as stream:
            yield stream


def read_documents(
    item: str | Rejected,
    extract_html: HtmlExtractor,
    text_field: str = "text",
    id_field: str = "id",
) -> Iterator[Document | Rejected]:
    """Every document in one input file (or stdin, read as JSONL)."""
    if isinstance(item, Rejected):
        yield item
        return
    kind = "jsonl" if item == STDIN else kind_of(Path(item))
    if kind == "jsonl":
        yield from _read_jsonl(item, text_field, id_field)
    else:
        yield _read_whole(item, kind, extract_html, text_field, id_field)


def document_id(path: str) -> str:
    """The id of a one-document file: its name without folder and extensions."""
    name = Path(path).name
    for suffix in COMPRESSED_SUFFIXES:
        name = name.removesuffix(suffix)
    return Path(name).stem


# What a damaged compressed file, or a file that went away or cannot be read, raises.
UNREADABLE = (OSError, EOFError, zstandard.ZstdError)


def _unreadable(error: BaseException) -> str:
    reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
    return f"unreadable: {reason}"


def _read_whole(
    path: str, kind: str, extract_html: HtmlExtractor, text_field: str, id_field: str
) -> Document | Rejected:
    try:
        with open_input(path) as stream:
            data = stream.read()
    except UNREADABLE as error:
        return Rejected(path, 0, _unreadable(error))
    if not data.strip():
        return Rejected(path, 0, "empty file")
    metadata: Metadata = {}
    if kind == "html":
        # Pages declare their own encoding; trafilatura reads the declaration and detects the rest.
        try:
            text, metadata = extract_html(data)
        except ExtractionError as error:
            return Rejected(path, 0, str(error))
    else:
        try:
            text = data.removeprefix(BOM).decode("utf-8")
        except UnicodeDecodeError as error:
            line = data[: error.start].count(b"\n") + 1
            return Rejected(path, line, f"invalid UTF-8 at byte {error.start}")
    record = {id_field: document_id(path), text_field: text, "metadata": metadata}
    return Document(record, text, path, 0)


def _read_jsonl(path: str, text_field: str, id_field: str) -> Iterator[Document | Rejected]:
    seen_any = False
    number = 0
    try:
        with open_input(path) as stream:
            for number, raw_line in enumerate(stream, start=1):
                if number == 1:
                    raw_line = raw_line.removeprefix(BOM)
                if not raw_line.strip():
                    continue
                seen_any = True
                yield parse_record(path, number, raw_line, text_field, id_field)
    except UNREADABLE as error:
        yield Rejected(path, number + 1, _unreadable(error))
        return
    if not seen_any:
        yield Rejected(path, 0, "empty file: no JSON records")


def parse_record(
    path: str, number: int, raw_line: bytes, text_field: str, id_field: str
) -> Document | Rejected:
    """One JSONL line as a document, or why it is not one."""
    raw = raw_line.decode("utf-8", errors="replace").rstrip("\r\n")
    try:
        raw_line.decode("utf-8")
    except UnicodeDecodeError as error:
        return Rejected(path, number, f"invalid UTF-8 at column {error.start + 1}", raw)
    try:
        record = jsonl.loads(raw_line)
    except jsonl.RecordError as error:
        return Rejected(path, number, f"malformed JSON: {error}", raw)
    if not isinstance(record, dict):
        return Rejected(path, number, "record is not a JSON object", raw)
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
    if id_field not in record:
        record = {id_field: f"{document_id(path)}:{number}", **record}
    return Document(record, text, path, number)
