"""Reading inputs: text, HTML, JSONL and Parquet files, plain, gzip or zstd, local or through
fsspec, and JSONL on stdin.

Every input item becomes either a ``Document`` to clean or a ``Rejected`` naming the file, the
line (or row) and the reason, so bad input is reported and never silently dropped: a damaged or
truncated compressed file, an unreadable folder, a file name that is not UTF-8. One module a
format; ``cleaner.pieces`` cuts files into the parts that workers read.
"""

from __future__ import annotations

from collections.abc import Iterator

from cleaner.readers.items import Document, Rejected
from cleaner.readers.jsonl import parse_record, read_jsonl
from cleaner.readers.locations import (
    STDIN,
    document_id,
    file_identity,
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
) -> Iterator[Document | Rejected]:
    """Every document in one input file (or stdin, read as JSONL), in order."""
    if isinstance(item, Rejected):
        yield item
        return
    kind = "jsonl" if item == STDIN else kind_of(item)
    if kind == "jsonl":
        yield from read_jsonl(item, text_field, id_field)
    elif kind == "parquet":
        first_row = 1
        try:
            sizes = row_groups(item)
        except Exception as error:  # pyarrow raises its own errors for a damaged footer
            yield Rejected(item, 0, f"unreadable Parquet file: {error}")
            return
        for group, rows in enumerate(sizes):
            yield from read_row_group(item, group, first_row, text_field, id_field)
            first_row += rows
    else:
        yield read_whole(item, kind, extract_html, text_field, id_field)
