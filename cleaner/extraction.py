"""HTML extraction with a time limit per page, wherever the pages are read.

A page built to make the parser or a pattern in trafilatura's dependencies run for hours cannot
be interrupted inside their C code; a child process can always be stopped. So extraction runs
in a child process of whichever process reads the page: the ``clean`` process itself with one
worker, or each worker (non-daemonic, so it may have children) with several.
"""

from __future__ import annotations

import multiprocessing
import signal
from multiprocessing import resource_tracker
from multiprocessing.pool import Pool

from cleaner.html import extract_html
from cleaner.metadata import Metadata
from cleaner.signals import STOP_SIGNALS, signals_held

# Pages larger than this are set aside unparsed: trafilatura's own limit (its downloader stops
# there). A page of 67 MB took 1.7 GB to parse, in each worker, before the time limit ended it.
MAX_PAGE_BYTES = 20_000_000


class ExtractionError(Exception):
    """A page that could not be extracted: it timed out or the extractor failed on it."""


def _load_extractor() -> None:
    import trafilatura  # noqa: F401 - loaded once in the child, before the first page


def _ignore_interrupts() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):
        # started from a thread that holds the stop signals, the child inherits that mask:
        # SIGTERM must reach it again, or terminating the pool would wait on it for ever
        signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)


class TimedExtractor:
    """``extract_html`` in a child process, given at most ``timeout`` seconds a page, for pages
    of at most ``max_bytes``.

    After a time-out the child is killed and a new one starts with the next page. Pages go to
    the child as bytes, so it decodes them exactly as ``extract_html`` would in this process.
    The child starts on the first page, so runs without HTML never pay for it.
    """

    def __init__(self, timeout: float, max_bytes: int = MAX_PAGE_BYTES):
        self.timeout = timeout
        self.max_bytes = max_bytes
        self._pool: Pool | None = None

    def __call__(self, html: bytes) -> tuple[str, Metadata]:
        if len(html) > self.max_bytes:
            raise ExtractionError(
                f"page of {len(html):,} bytes is larger than --max-page-size "
                f"({self.max_bytes:,} bytes): not parsed"
            )
        if self._pool is None:
            # The pool's threads must not take a stop signal meant for the main thread. The
            # resource tracker unblocks the stop signals as it starts, so it starts first.
            resource_tracker.ensure_running()
            with signals_held():
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
