"""Reading inputs: text, HTML, JSONL and Parquet files, plain, gzip or zstd, local or through
fsspec, and JSONL on stdin.

Every input item becomes either a ``Document`` to clean or a ``Rejected`` naming the file, the
line (or row) and the reason, so bad input is reported and never silently dropped: a damaged or
truncated compressed file, an unreadable folder, a file name that is not UTF-8. One module a
format; ``cleaner.pieces`` cuts files into the parts that workers read.
"""

from __future__ import annotations

from collections.abc import Iterator

from cleaner.readers.items import Document, Rejected, with_id
from cleaner.readers.jsonl import parse_record, read_jsonl
from cleaner.readers.locations import (
    STDIN,
    document_id,
    file_identity,
    id_bases,
    input_files,
    is_url,
    kind_of,
    printable,
    size_of,
)
from cleaner.readers.parquet import read_row_group, row_groups
from cleaner.readers.streams import open_input
from cleaner.readers.whole import HtmlExtractor, read_whole

__all__ = [
    "STDIN",
    "Document",
    "HtmlExtractor",
    "Rejected",
    "document_id",
    "file_identity",
    "id_bases",
    "input_files",
    "is_url",
    "kind_of",
    "open_input",
    "parse_record",
    "printable",
    "read_documents",
    "size_of",
]


def read_documents(
    item: str | Rejected,
    extract_html: HtmlExtractor,
    text_field: str = "text",
    id_field: str = "id",
    id_base: str | None = None,
) -> Iterator[Document | Rejected]:
    """Every document in one input file (or stdin, read as JSONL), in order, each with an id
    (``with_id``: ``id_base`` names the file, by default its file name)."""
    if isinstance(item, Rejected):
        yield item
        return
    base = id_base or document_id(item)
    for document in _read_file(item, extract_html, text_field):
        yield with_id(document, id_field, base)


def _read_file(
    item: str, extract_html: HtmlExtractor, text_field: str
) -> Iterator[Document | Rejected]:
    kind = "jsonl" if item == STDIN else kind_of(item)
    if kind == "jsonl":
        yield from read_jsonl(item, text_field)
    elif kind == "parquet":
        first_row = 1
        try:
            sizes = row_groups(item)
        except Exception as error:  # pyarrow raises its own errors for a damaged footer
            yield Rejected(item, 0, f"unreadable Parquet file: {error}")
            return
        for group, rows in enumerate(sizes):
            yield from read_row_group(item, group, first_row, text_field)
            first_row += rows
    else:
        yield read_whole(item, kind, extract_html, text_field)
