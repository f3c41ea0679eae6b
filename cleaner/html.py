"""HTML pages: extract the article with trafilatura, keep what it knows about the page.

The settings are the ones the quality benchmark measured best (``python -m bench.quality
--sweep``): comments out (they are not the article), tables in, and recall favoured, since
the rules remove what the wider net brings in. The rules then clean what is left.

trafilatura sometimes settles on one block of a page (a recipe's intro, a guide's summary box)
and leaves the article out. Its ``baseline`` takes the article from the page's own markup
(schema.org ``articleBody``, ``<article>`` elements, else all paragraphs). When that text is
long and the chosen block is a small part of it, the block was a fragment and the baseline
text is taken instead.
"""

from __future__ import annotations

from cleaner.metadata import Metadata

METADATA_FIELDS = ("title", "author", "date", "sitename", "url", "hostname", "language")
# Measured with ``python -m bench.quality``: a ratio of 2 to 3 and a floor of 500 to 700 words
# gain on both benchmarks; below the floor, short pages with long comment threads lose.
FRAGMENT_RATIO = 2.5
FRAGMENT_MIN_WORDS = 500


def extract_html(html: str | bytes, url: str | None = None) -> tuple[str | None, Metadata]:
    """The article text of a page (None when there is none) and its metadata."""
    import trafilatura  # imported here: it is slow to load and text inputs never need it

    tree = trafilatura.load_html(html)  # parsed once: baseline copies it, extraction prunes it
    if tree is None:
        return None, {}
    whole = trafilatura.baseline(tree)[1]
    document = trafilatura.bare_extraction(
        tree,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        favor_recall=True,
    )
    text = (document.text if document is not None else None) or ""
    metadata: Metadata = {}
    for field in METADATA_FIELDS:
        value = getattr(document, field, None)
        if value:
            metadata[field] = str(value)
    if is_fragment(text, whole):
        text = whole
    return text or None, metadata


def is_fragment(extracted: str, whole: str) -> bool:
    """Whether ``extracted`` is a small part of a long article text ``whole``."""
    whole_words = len(whole.split())
    return whole_words >= FRAGMENT_MIN_WORDS and whole_words > FRAGMENT_RATIO * len(
        extracted.split()
    )
