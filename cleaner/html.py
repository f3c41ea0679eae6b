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
"""

from __future__ import annotations

import multiprocessing
import signal
from dataclasses import dataclass
from multiprocessing.pool import Pool

from cleaner.metadata import Metadata

METADATA_FIELDS = ("title", "author", "date", "sitename", "url", "hostname", "language")


@dataclass(frozen=True)
class HtmlSettings:
    """How a page becomes text: trafilatura's options, and when its baseline replaces a
    fragment (an extraction of fewer than ``fallback_below`` words; 0: never)."""

    focus: str = "balanced"  # trafilatura's focus: "recall", "balanced" or "precision"
    include_tables: bool = True
    fallback_below: int = 0
    fallback_min_words: int = 500
    fallback_ratio: float = 2.5

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

    def is_fragment(self, extracted: str, whole: str) -> bool:
        """Whether ``extracted`` is a small part of a long article text ``whole``."""
        whole_words = len(whole.split())
        return (
            self.may_fall_back(extracted)
            and whole_words >= self.fallback_min_words
            and whole_words > self.fallback_ratio * len(extracted.split())
        )


# Chosen with ``python -m bench.quality --validate`` (see the README's Quality benchmark): recall
# favoured and tables in, the same choice on either benchmark and for every site left out. The
# fallback gives recall on WCXB (+0.7 points under 250 words) for precision it cannot spare.
SETTINGS = HtmlSettings(focus="recall", include_tables=True, fallback_below=0)


def extract_html(
    html: str | bytes, url: str | None = None, settings: HtmlSettings = SETTINGS
) -> tuple[str | None, Metadata]:
    """The article text of a page (None when there is none) and its metadata."""
    import trafilatura  # imported here: it is slow to load and text inputs never need it

    # Handed the page itself, trafilatura parses it without copying a tree of ours; the page
    # is parsed again for the baseline on the few pages that may need it.
    document = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, **settings.trafilatura_options()
    )
    text = (document.text if document is not None else None) or ""
    metadata: Metadata = {}
    for field in METADATA_FIELDS:
        value = getattr(document, field, None)
        if value:
            metadata[field] = str(value)
    if settings.may_fall_back(text):
        tree = trafilatura.load_html(html)
        whole = trafilatura.baseline(tree)[1] if tree is not None else ""
        if settings.is_fragment(text, whole):
            text = whole
    return text or None, metadata


class ExtractionError(Exception):
    """A page that could not be extracted: it timed out or the extractor failed on it."""


def _load_extractor() -> None:
    import trafilatura  # noqa: F401 - loaded once in the child, before the first page


def _ignore_interrupts() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle


class TimedExtractor:
    """``extract_html`` in a child process, given at most ``timeout`` seconds a page.

    A page built to make the parser or a pattern in trafilatura's dependencies run for hours
    cannot be interrupted inside their C code; a child process can always be stopped. After a
    time-out the child is killed and a new one starts with the next page. Pages go to the child
    as bytes, so it decodes them exactly as ``extract_html`` would in this process.
    """

    def __init__(self, timeout: float):
        self.timeout = timeout
        self._pool: Pool | None = None

    def __call__(self, html: bytes) -> tuple[str, Metadata]:
        if self._pool is None:
            self._pool = multiprocessing.get_context("spawn").Pool(1, _ignore_interrupts)
            self._pool.apply(_load_extractor)  # the time limit is for pages, not for start-up
        pending = self._pool.apply_async(extract_html, (html,))
        try:
            text, metadata = pending.get(self.timeout)
        except multiprocessing.TimeoutError:
            self.close()
            raise ExtractionError(f"extraction timed out after {self.timeout:g} s") from None
        except Exception as error:
            raise ExtractionError(f"extraction failed: {type(error).__name__}: {error}") from None
        return text or "", metadata

    def close(self) -> None:
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None
