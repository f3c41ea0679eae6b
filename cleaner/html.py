"""HTML pages: extract the article with trafilatura, keep what it knows about the page.

The settings are the ones the quality benchmark chose by validation (``python -m bench.quality
--validate``): chosen on one benchmark and confirmed on the other, and site by site with each
site left out of the choice, so that neither benchmark's pages alone decide. Comments are out
(they are not the article); the rules then clean what is left.

trafilatura sometimes settles on one block of a page (a recipe's intro, a guide's summary box)
and leaves the article out. Its ``baseline`` takes the article from the page's own markup
(schema.org ``articleBody``, ``<article>`` elements, else all paragraphs). When the extraction
is short, that text is long and the extraction a small part of it, the extraction was a
fragment and the baseline text is taken instead. The baseline is computed only for short
extractions, the only ones it can replace: on other pages it would cost a quarter of the
extraction's time for nothing.

Favouring recall, trafilatura also settles on a box now and then (a recipe card, a list's intro)
where its balanced mode finds the article. When the extraction is very short, the balanced
extraction is made too, and taken when it is much longer: on WCXB that recovers whole articles
on five pages of 709 (recall +0.5 points, precision level), and it never fires on Zyte.

Tables that lay out the page (menus, side columns and the article in cells, as pages were made
before CSS layouts) are turned into plain blocks before extraction (``layout_tables``):
trafilatura would print them as rows of cells. On the two benchmarks, where such pages are
few, it changes 18 pages of 870, the scores by at most 0.1 point.

The page is parsed once; the metadata comes from ``html_metadata``, which skips the searches
for fields ``clean`` does not keep, and it is kept even when trafilatura finds no article text.

A page's bytes are decoded here (``decode_page``) with w3lib, Scrapy's library for what browsers
do (a byte order mark, the ``<meta>`` declaration read by WHATWG's labels, where ISO-8859-1
means Windows-1252), not by trafilatura's guess alone: charset_normalizer took Western pages
without a declaration, and Latin-1 pages declared UTF-8, for Windows-1250 ("crème brûlée" came
out "crčme brűlée"). Bytes that are valid UTF-8 are UTF-8 whatever the page declares; a
declaration the bytes do not decode in is ignored; an undeclared page takes a guess only of
an encoding other than a Latin code page of one byte (those read Western text alike, so the
guess between them is a coin toss), else Windows-1252, HTML's default for legacy pages.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from cleaner.layout_tables import unwrap_layout_tables
from cleaner.metadata import Metadata


@dataclass(frozen=True)
class HtmlSettings:
    """How a page becomes text: trafilatura's options, and when its baseline replaces a
    fragment (an extraction of fewer than ``fallback_below`` words; 0: never)."""

    focus: str = "balanced"  # trafilatura's focus: "recall", "balanced" or "precision"
    include_tables: bool = True
    fallback_below: int = 0
    fallback_min_words: int = 500
    fallback_ratio: float = 2.5
    # When an extraction has fewer than ``retry_below`` words (0: never), the one made with
    # ``retry_focus`` replaces it if it has ``retry_ratio`` times as many and at least
    # ``retry_min_words``.
    retry_below: int = 0
    retry_focus: str = "balanced"
    retry_min_words: int = 300
    retry_ratio: float = 1.5

    def trafilatura_options(self) -> dict[str, bool]:
        """The keyword arguments of ``trafilatura.bare_extraction`` these settings mean."""
        return {
            "include_comments": False,
            "include_tables": self.include_tables,
            "favor_recall": self.focus == "recall",
            "favor_precision": self.focus == "precision",
        }

    def may_fall_back(self, extracted: str) -> bool:
        """Whether ``extracted`` is short enough for the baseline to be worth computing."""
        return len(extracted.split()) < self.fallback_below

    def may_retry(self, extracted: str) -> bool:
        """Whether ``extracted`` is short enough for the ``retry_focus`` extraction."""
        return self.focus != self.retry_focus and len(extracted.split()) < self.retry_below

    def retry_options(self) -> dict[str, bool]:
        """The keyword arguments of the retry's ``trafilatura.bare_extraction``."""
        return replace(self, focus=self.retry_focus).trafilatura_options()

    def retry_finds_more(self, extracted: str, retried: str) -> bool:
        """Whether ``retried`` holds the article of which ``extracted`` was a fragment."""
        words = len(retried.split())
        return (
            self.may_retry(extracted)
            and words >= self.retry_min_words
            and words >= self.retry_ratio * len(extracted.split())
        )

    def is_fragment(self, extracted: str, whole: str) -> bool:
        """Whether ``extracted`` is a small part of a long article text ``whole``."""
        whole_words = len(whole.split())
        return (
            self.may_fall_back(extracted)
            and whole_words >= self.fallback_min_words
            and whole_words > self.fallback_ratio * len(extracted.split())
        )


# Chosen with ``python -m bench.quality --validate`` (see the README's Quality benchmark): recall
# favoured and tables in, on either benchmark and for every site left out. The fallback gives
# recall on WCXB (+0.7 points under 250 words) for precision it cannot spare. The balanced retry
# under 150 words, chosen on all pages and for 780 of 799 sites left out, gives WCXB recall for
# no precision; Zyte has no extraction that short.
SETTINGS = HtmlSettings(focus="recall", include_tables=True, fallback_below=0, retry_below=150)


# Code pages of one byte for Latin script: a guess between them is no evidence, and HTML's
# default (Windows-1252) reads the Western pages they are mostly taken for.
LATIN_CODE_PAGES = frozenset(
    (
        *(f"cp{page}" for page in (437, 850, 852, 858, 1250, 1252, 1254, 1257, 1258)),
        *(f"iso8859_{part}" for part in (1, 2, 3, 4, 9, 10, 13, 14, 15, 16)),
        "latin_1",
        "mac_roman",
        "mac_latin2",
        "mac_iceland",
        "mac_turkish",
        "ascii",
    )
)


def decode_page(data: bytes) -> str:
    """The text of a page's bytes: UTF-8 when they are valid UTF-8 (a byte order mark aside),
    else the encoding the page declares when its bytes decode in it, else a guess of another
    script's encoding, else Windows-1252, with U+FFFD for bytes that cannot be decoded."""
    from w3lib.encoding import html_body_declared_encoding, html_to_unicode, read_bom

    if read_bom(data)[0] is None and b"\x1b" not in data:  # ESC: 7-bit ISO-2022 is valid UTF-8
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            pass
    declared = html_body_declared_encoding(data)
    if declared is not None:
        try:
            data.decode(declared)
        except (UnicodeDecodeError, LookupError):
            # mislabelled (a Latin-1 page declared UTF-8): read as an undeclared page
            return data.decode(_guessed_encoding(data) or "cp1252", errors="replace")
    return html_to_unicode(None, data, "cp1252", _guessed_encoding)[1]


def _guessed_encoding(data: bytes) -> str | None:
    """charset_normalizer's guess of the encoding, unless it is a Latin code page."""
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding in LATIN_CODE_PAGES:
        return None
    return best.encoding


def extract_html(
    html: str | bytes, url: str | None = None, settings: HtmlSettings = SETTINGS
) -> tuple[str | None, Metadata]:
    """The article text of a page (None when there is none) and its metadata."""
    import trafilatura  # imported here: it is slow to load and text inputs never need it
    from trafilatura.utils import handle_compressed_file

    from cleaner.html_metadata import MAX_FILE_SIZE, page_metadata

    if isinstance(html, bytes):
        # decompressed as trafilatura would (a page gzipped without the .gz name), then decoded
        html = decode_page(handle_compressed_file(html, MAX_FILE_SIZE))
    # Parsed once: trafilatura extracts from its own copy of the tree, as the baseline does on
    # the few pages that may need it; the metadata is read from this one last, and its author
    # search prunes it.
    tree = parse_page(html, MAX_FILE_SIZE)
    if tree is None:
        return None, {}
    unwrap_layout_tables(tree)
    options = settings.trafilatura_options()
    document = trafilatura.bare_extraction(tree, url=url, **options)
    text = (document.text if document is not None else None) or ""
    if settings.may_retry(text):
        retry = trafilatura.bare_extraction(tree, url=url, **settings.retry_options())
        retried = (retry.text if retry is not None else None) or ""
        if settings.retry_finds_more(text, retried):
            text = retried
    if settings.may_fall_back(text):
        whole = trafilatura.baseline(tree)[1]
        if settings.is_fragment(text, whole):
            text = whole
    return text or None, page_metadata(tree, url, may_prune=True)


def parse_page(html: str, max_size: int) -> Any:
    """The page's tree as trafilatura parses it (None when it is no HTML), whole however deep.

    libxml2 stops reading a page nested deeper than 256 elements and drops the rest of it: old
    pages get there with tags they never close (each unclosed ``<font>`` nests the rest of the
    page one deeper), and their text came out cut short, with nothing to say so. Such a page is
    parsed again with trafilatura's settings and libxml2's higher limit; a page deeper than
    that (2,048 elements) is refused, not cut.
    """
    import trafilatura
    from lxml.html import fromstring
    from trafilatura import utils

    tree = trafilatura.load_html(html, max_size)
    if tree is None or not _stopped_at_depth(utils.HTML_PARSER):
        return tree
    parser = _deep_parser()
    repaired = utils.repair_faulty_html(html, html[:50].lower())
    try:
        tree = fromstring(repaired, parser=parser)
    except ValueError:  # a str that declares its encoding: as bytes, as trafilatura does
        tree = fromstring(repaired.encode("utf-8", "surrogatepass"), parser=parser)
    if _stopped_at_depth(parser):
        raise ValueError("the page is nested deeper than the HTML parser reads (2,048 elements)")
    return tree


def _stopped_at_depth(parser: Any) -> bool:
    """Whether the parser's last run stopped at a limit on how deep a document may nest."""
    return any(error.type_name == "ERR_RESOURCE_LIMIT" for error in parser.error_log)


@cache
def _deep_parser() -> Any:
    """trafilatura's HTML parser settings, with libxml2's limits for huge documents."""
    from lxml.html import HTMLParser

    return HTMLParser(
        collect_ids=False,
        default_doctype=False,
        encoding="utf-8",
        remove_comments=True,
        remove_pis=True,
        huge_tree=True,
    )
