"""HTML pages: extract the article with trafilatura, keep what it knows about the page.

The settings are the ones the quality benchmark measured best (``python -m bench.quality
--sweep``): comments out (they are not the article), tables in, and recall favoured, since
the rules remove what the wider net brings in. The rules then clean what is left.
"""

from __future__ import annotations

from cleaner.metadata import Metadata

METADATA_FIELDS = ("title", "author", "date", "sitename", "url", "hostname", "language")


def extract_html(html: str | bytes, url: str | None = None) -> tuple[str | None, Metadata]:
    """The article text of a page (None when there is none) and its metadata."""
    import trafilatura  # imported here: it is slow to load and text inputs never need it

    document = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        favor_recall=True,
    )
    if document is None:
        return None, {}
    metadata: Metadata = {}
    for field in METADATA_FIELDS:
        value = getattr(document, field, None)
        if value:
            metadata[field] = str(value)
    return document.text or None, metadata
