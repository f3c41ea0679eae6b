"""The input cut into pieces: the parts of the work that one worker reads, extracts and cleans.

Workers read the input themselves, so the parent only schedules and writes. The cut is a
function of the input alone (file sizes, line breaks, row groups), so a resumed run sees the
same pieces as the first one and starts where that left off:

* a plain JSONL file: byte ranges of about ``PIECE_BYTES``, each ending at a line break; the
  parent scans the file once for line breaks, so that every piece knows its first line number;
* a Parquet file: one piece a row group;
* .txt and .html files: up to four files a piece;
* stdin and compressed JSONL, which can only be read from the start: the parent decompresses
  and sends the raw lines, and the workers parse and clean them.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from typing import IO

from cleaner.readers import (
    STDIN,
    Document,
    HtmlExtractor,
    Rejected,
    document_id,
    kind_of,
    read_row_group,
    read_whole,
    row_groups,
)
from cleaner.readers.items import with_id
from cleaner.readers.jsonl import parse_lines, read_range, spread_document
from cleaner.readers.locations import compression_of, size_of
from cleaner.readers.streams import (
    UNREADABLE,
    open_raw,
    open_stored_and_decompressed,
    unreadable,
)

PIECE_BYTES = 1 << 18
FILES_PER_PIECE = 4  # pages cost about a third of a second each: small pieces balance the workers


@dataclass(frozen=True, slots=True)
class Piece:
    """One part of the input. ``size`` is the stored bytes it covers, for the progress bar."""

    kind: str  # "range", "lines", "row-group", "files" or "rejected"
    path: str = ""
    start: int = 0  # a range's first byte, or a row group's index
    end: int = 0
    first_line: int = 1  # the number of its first line (or row)
    lines: tuple[bytes, ...] = ()
    paths: tuple[str, ...] = ()
    last: bool = False  # the last piece of a streamed input, which reports an empty one
    rejected: Rejected | None = None
    size: int = 0
    id_base: str = ""  # what names ``path`` in its documents' ids (``document_id``)
    id_bases: tuple[str, ...] = ()  # the same for ``paths``


def plan(
    files: list[str | Rejected],
    piece_bytes: int = PIECE_BYTES,
    id_bases: Mapping[str, str] | None = None,
) -> Iterator[Piece]:
    """The pieces of the inputs, in input order; ``id_bases`` names the files in ids (by
    default, their file names: see ``locations.id_bases``)."""
    bases = id_bases or {}
    batch: list[str] = []
    batch_size = 0

    def files_piece() -> Piece:
        names = tuple(bases.get(path) or document_id(path) for path in batch)
        return Piece("files", paths=tuple(batch), id_bases=names, size=batch_size)

    for item in files:
        kind = None if isinstance(item, Rejected) else "jsonl" if item == STDIN else kind_of(item)
        if kind in ("text", "html"):
            assert isinstance(item, str)
            size = size_of(item)
            if batch and (len(batch) >= FILES_PER_PIECE or batch_size + size > piece_bytes):
                yield files_piece()
                batch, batch_size = [], 0
            batch.append(item)
            batch_size += size
            continue
        if batch:
            yield files_piece()
            batch, batch_size = [], 0
        if isinstance(item, Rejected):
            yield Piece("rejected", rejected=item)
            continue
        base = bases.get(item) or document_id(item)
        if kind == "parquet":
            pieces = _row_group_pieces(item)
        elif item == STDIN or compression_of(item):
            pieces = _streamed_pieces(item, piece_bytes)
        else:
            pieces = _range_pieces(item, piece_bytes)
        for piece in pieces:
            yield piece if piece.kind == "rejected" else replace(piece, id_base=base)
    if batch:
        yield files_piece()


def read_piece(
    piece: Piece, extract_html: HtmlExtractor, text_field: str, id_field: str
) -> Iterator[Document | Rejected]:
    """The documents of one piece, in order, each with an id (``with_id``)."""
    if piece.kind == "rejected":
        assert piece.rejected is not None
        yield piece.rejected
    elif piece.kind == "files":
        for path, base in zip(piece.paths, piece.id_bases, strict=True):
            document = read_whole(path, kind_of(path), extract_html, text_field)
            yield with_id(document, id_field, base)
    else:
        for item in _read_part(piece, text_field):
            yield with_id(item, id_field, piece.id_base)


def _read_part(piece: Piece, text_field: str) -> Iterator[Document | Rejected]:
    """The documents of a piece of one file."""
    if piece.kind == "row-group":
        yield from read_row_group(piece.path, piece.start, piece.first_line, text_field)
    elif piece.kind == "range":
        yield from read_range(piece.path, piece.start, piece.end, piece.first_line, text_field)
    else:
        numbered = enumerate(piece.lines, start=piece.first_line)
        yield from parse_lines(piece.path, numbered, text_field, whole_file=piece.last)


def _row_group_pieces(path: str) -> Iterator[Piece]:
    try:
        sizes = row_groups(path)
    except Exception as error:  # pyarrow raises its own errors for a damaged footer
        yield Piece("rejected", rejected=Rejected(path, 0, f"unreadable Parquet file: {error}"))
        return
    if not sizes:
        yield Piece("rejected", rejected=Rejected(path, 0, "empty file: no rows"))
        return
    stored = size_of(path)
    first_row = 1
    for group, rows in enumerate(sizes):
        share = stored // len(sizes) + (stored % len(sizes) if group == len(sizes) - 1 else 0)
        yield Piece("row-group", path, group, first_line=first_row, size=share)
        first_row += rows


def _range_pieces(path: str, piece_bytes: int) -> Iterator[Piece]:
    """Byte ranges of a plain JSONL file, cut after a line break past every ``piece_bytes``."""
    start = 0
    first_line = 1
    has_content = False
    try:
        with open_raw(path) as stream:
            while True:
                block = stream.read(piece_bytes)
                if not block:
                    break
                reason = spread_document(block) if start == 0 else None
                if reason is not None:
                    rejected = Rejected(path, 1, reason)
                    yield Piece("rejected", rejected=rejected, size=size_of(path))
                    return
                if not block.endswith(b"\n"):
                    block += stream.readline()
                has_content = has_content or bool(block.strip())
                end = start + len(block)
                yield Piece("range", path, start, end, first_line, size=len(block))
                first_line += block.count(b"\n")
                start = end
    except UNREADABLE as error:
        yield Piece("rejected", rejected=Rejected(path, first_line, unreadable(error)))
        return
    if not has_content:
        yield Piece("rejected", rejected=Rejected(path, 0, "empty file: no JSON records"))


def _streamed_pieces(path: str, piece_bytes: int) -> Iterator[Piece]:
    """Batches of raw lines of an input that can only be read from the start."""
    number = 0
    lines: list[bytes] = []
    batch_bytes = 0
    stored_before = 0
    try:
        with open_stored_and_decompressed(path) as (raw, stream):
            seen_content = False
            for line in stream:
                if not seen_content and line.strip():
                    seen_content = True
                    reason = spread_document(line)
                    if reason is not None:
                        yield Piece("rejected", rejected=Rejected(path, number + 1, reason))
                        return
                lines.append(line)
                batch_bytes += len(line)
                number += 1
                if batch_bytes >= piece_bytes:
                    stored = _position(raw)
                    yield Piece(
                        "lines",
                        path,
                        first_line=number - len(lines) + 1,
                        lines=tuple(lines),
                        size=stored - stored_before,
                    )
                    stored_before = stored
                    lines, batch_bytes = [], 0
            stored = _position(raw)
    except UNREADABLE as error:
        yield Piece("lines", path, first_line=number - len(lines) + 1, lines=tuple(lines))
        yield Piece("rejected", rejected=Rejected(path, number + 1, unreadable(error)))
        return
    yield Piece(
        "lines",
        path,
        first_line=number - len(lines) + 1,
        lines=tuple(lines),
        last=True,
        size=stored - stored_before,
    )


def _position(stored: IO[bytes] | None) -> int:
    """How far the stored stream was read (0 when that cannot be told: stdin, a pipe)."""
    if stored is None:
        return 0
    try:
        return stored.tell()
    except (OSError, ValueError):
        return 0
