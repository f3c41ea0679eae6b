"""One-document files: plain text and HTML pages, read whole."""

from __future__ import annotations

from collections.abc import Callable

from cleaner.extraction import ExtractionError
from cleaner.metadata import Metadata
from cleaner.readers.items import Document, Rejected
from cleaner.readers.jsonl import BOM
from cleaner.readers.locations import document_id
from cleaner.readers.streams import UNREADABLE, open_input, unreadable

# Extracts the article text ("" when there is none) and page metadata from HTML; raises
# ExtractionError when it gives up on a page.
HtmlExtractor = Callable[[bytes], tuple[str, Metadata]]


def read_whole(
    path: str, kind: str, extract_html: HtmlExtractor, text_field: str, id_field: str
) -> Document | Rejected:
    """The document of a .txt or .html file; HTML is extracted first."""
    try:
        with open_input(path) as stream:
            data = stream.read()
    except UNREADABLE as error:
        return Rejected(path, 0, unreadable(error))
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
