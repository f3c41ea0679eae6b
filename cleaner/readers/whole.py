"""One-document files: plain text and HTML pages, read whole."""

from __future__ import annotations

from collections.abc import Callable

from cleaner.extraction import ExtractionError
from cleaner.metadata import Metadata
from cleaner.readers.items import Document, Rejected
from cleaner.readers.streams import UNREADABLE, encoding_of, open_input, unreadable

# Extracts the article text ("" when there is none) and page metadata from HTML; raises
# ExtractionError when it gives up on a page.
HtmlExtractor = Callable[[bytes], tuple[str, Metadata]]


# What ``bytes.strip`` takes away: a file of these alone is empty in any encoding.
ASCII_WHITESPACE = " \t\n\r\x0b\x0c"


def read_whole(
    path: str, kind: str, extract_html: HtmlExtractor, text_field: str
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
        # Pages declare their own encoding: extract_html decodes them as a browser would.
        try:
            text, metadata = extract_html(data)
        except ExtractionError as error:
            return Rejected(path, 0, str(error))
    else:
        encoding = encoding_of(data)
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as error:
            line = data[: error.start].decode(encoding, errors="replace").count("\n") + 1
            return Rejected(path, line, f"invalid {encoding.upper()} at byte {error.start}")
        if not text.strip(ASCII_WHITESPACE):
            return Rejected(path, 0, "empty file")
    record = {text_field: text, "metadata": metadata}
    return Document(record, text, path, 0)
