"""Cleaning the pieces of the input, in this process or in worker processes, in input order.

Each worker reads its pieces itself, extracts HTML (in a child process of its own, for the time
limit) and cleans, and sends back the output lines; the parent only schedules pieces and
writes what comes back, in input order. At most ``WINDOW_PER_WORKER`` pieces a worker are
under way at a time, and a worker waits before sending more than ``PARTS_AHEAD`` results the
parent has not taken yet (a worker on a later Parquet row group would otherwise send all of
it while the parent waits for an earlier one), so memory stays bounded whatever the input.

The workers are plain non-daemonic processes rather than a ``multiprocessing.Pool``, whose
daemonic workers may not start the extraction child, or a ``ProcessPoolExecutor``, which cannot
stop a worker in the middle of a piece: on Ctrl-C or SIGTERM the parent stops them at once.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import queue
import signal
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.process import BaseProcess
from typing import Any, NamedTuple

from cleaner import jsonl
from cleaner.config import RuleChoice
from cleaner.corpus import LineCounts
from cleaner.extraction import MAX_PAGE_BYTES, TimedExtractor
from cleaner.first_pass import BatchStatistics, reads_vocabulary
from cleaner.kept_pages import KeptPages, holds_pages
from cleaner.metadata import fitted
from cleaner.pieces import Piece, read_piece
from cleaner.pipeline import Cleaner, source_of_record
from cleaner.readers import Document, Rejected
from cleaner.readers.items import raw_text
from cleaner.signals import Interrupted, install, release_held, signals_held
from cleaner.stats import Statistics
from cleaner.vocabulary import Vocabulary

WINDOW_PER_WORKER = 2
# Results a worker may send before the parent takes them: as many as its pieces under way can
# give when each is one part, so only pieces of several parts (Parquet row groups) ever wait.
PARTS_AHEAD = 2 * WINDOW_PER_WORKER


@dataclass(frozen=True, slots=True)
class Options:
    """What a worker needs to turn a document into an output line."""

    rules: RuleChoice
    text_field: str
    with_edits: bool
    edits_field: str
    id_field: str = "id"
    statistics: bool = False  # count what the rules did (--statistics, --stats-json, --report)
    corpus: LineCounts | None = None
    vocabulary: Vocabulary | None = None  # the first pass's, for the spelling rules
    html_timeout: float = 30.0
    max_page_bytes: int = MAX_PAGE_BYTES
    source_field: str | None = None  # for the first pass's counts (--source-field)
    # Where the first pass keeps the pages it extracted for the second (``kept_pages``).
    kept_pages: str | None = None
    keeps_non_finite: bool = False  # the output is Parquet: NaN and infinities go through
    # The list fields (``tags``...) a Parquet output's metadata struct types as one string.
    single_list_fields: frozenset[str] = frozenset()

    def cleaner(self) -> Cleaner:
        return Cleaner(
            self.rules.select,
            self.rules.ignore,
            self.rules.extend_select,
            vocabulary=self.vocabulary,
            corpus=self.corpus,
        )


class Written(NamedTuple):
    """One document's output line, whether its text came out empty, and where it came from.

    A tuple, because every record crosses from a worker to the parent: a tuple unpickles
    several times faster than a dataclass, and that unpickling is the parent's work.
    """

    line: bytes
    empty: bool
    source: str
    number: int


Outcome = Written | Rejected


@dataclass(frozen=True, slots=True)
class Cleaned:
    """What a piece gave, or a part of it: outcomes in order, the stored bytes covered (the
    piece's, on its last part), statistics, where the part starts among the piece's outcomes,
    and whether it is the piece's last part."""

    outcomes: list[Outcome]
    size: int
    stats: Statistics | None
    first: int = 0
    last: bool = True


# A piece's outcomes go on in parts of about this many bytes of output: a Parquet row group can
# hold gigabytes of text, which would otherwise be held whole, then pickled whole, in a worker.
PART_BYTES = 4 << 20


def clean_item(
    cleaner: Cleaner, options: Options, item: Document | Rejected, stats: Statistics | None
) -> Outcome:
    """One document's output line, or why there is none; a written document's edits are
    counted in ``stats``."""
    if isinstance(item, Rejected):
        return item
    if options.with_edits and options.edits_field in item.record:
        return Rejected(
            item.source,
            item.line,
            f"record already has an {options.edits_field!r} field; name another with --edits-field",
        )
    try:
        record, cleaned = cleaner.clean_record_and_result(
            item.record, options.text_field, options.with_edits, options.edits_field
        )
    except MemoryError:
        raise
    except Exception as error:  # a rule's fault on this record: the run need not end with it
        return Rejected(item.source, item.line, cleaning_failed(error), raw_text(item.record))
    if options.single_list_fields and isinstance(record.get("metadata"), dict):
        fitted(record["metadata"], item.record.get("metadata"), options.single_list_fields)
    try:
        line = jsonl.dumps(record, options.keeps_non_finite)
    except jsonl.RecordError as error:
        return Rejected(item.source, item.line, f"record {error}", raw_text(item.record))
    if stats is not None and cleaned is not None:
        stats.add(str(record.get(options.id_field)), item.text or "", cleaned)
    return Written(line + b"\n", not record[options.text_field], item.source, item.line)


def cleaning_failed(error: Exception) -> str:
    """Why a record on which a rule raised ``error`` is set aside."""
    return (
        f"cleaning failed: {type(error).__name__}: {error} (a fault of the rules, not of the "
        "record: please report it with this record)"
    )


class PieceCleaner:
    """Reads, extracts and cleans whole pieces; one per process."""

    def __init__(self, options: Options):
        self.options = options
        self.cleaner = options.cleaner()
        self.reads_vocabulary = reads_vocabulary(self.cleaner.rules)
        self.extractor = TimedExtractor(options.html_timeout, options.max_page_bytes)
        self.pages = KeptPages(options.kept_pages) if options.kept_pages else None

    def documents(self, piece: Piece) -> Iterator[Document | Rejected]:
        """The piece's documents: read (and extracted), or as the first pass kept them."""
        kept = self.pages.take(piece) if self.pages and holds_pages(piece) else None
        if kept is not None:
            return iter(kept)
        options = self.options
        return read_piece(piece, self.extractor, options.text_field, options.id_field)

    def clean(self, piece: Piece) -> Iterator[Cleaned]:
        """The piece's outcomes in parts of about ``PART_BYTES`` of output, the last part
        marked (and the only one of most pieces)."""
        statistics = self.options.statistics
        stats = Statistics() if statistics else None
        outcomes: list[Outcome] = []
        first = held = 0
        for item in self.documents(piece):
            outcome = clean_item(self.cleaner, self.options, item, stats)
            outcomes.append(outcome)
            held += len(outcome.line) if isinstance(outcome, Written) else len(outcome.raw)
            if held >= PART_BYTES:
                yield Cleaned(outcomes, 0, stats, first, last=False)
                first += len(outcomes)
                outcomes, held = [], 0
                stats = Statistics() if statistics else None
        yield Cleaned(outcomes, piece.size, stats, first)

    def count(self, piece: Piece) -> BatchStatistics:
        """The batch statistics of a piece's documents, for the first pass."""
        counts = BatchStatistics.counting(self.options.source_field, self.reads_vocabulary)
        items: Iterable[Document | Rejected] = self.documents(piece)
        if self.pages and holds_pages(piece):
            items = list(items)
            self.pages.keep(piece, items)
        for item in items:
            if isinstance(item, Document) and item.text is not None:
                counts.add(item.text, source_of_record(counts.lines, item.record))
        return counts

    def close(self) -> None:
        self.extractor.close()


class WorkerFailed(Exception):
    """A worker raised an exception it should not have, or died; carries its traceback."""


# How often a worker waiting for a piece looks whether its parent is still there.
PARENT_CHECK_SECONDS = 1.0
# How long a stopped worker may take to end before it is killed: it holds nothing to save.
STOP_GRACE = 5.0


def _next_task(tasks: Any, parent: int) -> Any:
    """The next task, or None when there is none to come: the parent said so, or died (a
    SIGKILL leaves no one to say it, and a worker would wait for ever)."""
    while True:
        try:
            return tasks.get(timeout=PARENT_CHECK_SECONDS)
        except queue.Empty:
            if os.getppid() != parent:
                return None


def _take_credit(credits: Any, parent: int) -> bool:
    """Wait until the parent has taken enough of this worker's results to send one more;
    False when the parent died (no one would ever take them)."""
    while not credits.acquire(timeout=PARENT_CHECK_SECONDS):
        if os.getppid() != parent:
            return False
    return True


def _serve(
    tasks: Any, results: Any, options: Options, parent: int, number: int, credits: Any
) -> None:
    """Clean or count the pieces the parent sends; each result goes back as (piece index,
    this worker's number, result), once the parent has room for it (``credits``)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches every process; the parent stops
    # The parent stops a worker with SIGTERM, raised here as ``Interrupted``: the worker then
    # stops its extraction child too, which would otherwise finish its page, find no one to
    # give it to, and print a traceback.
    install()
    worker: PieceCleaner | None = None
    try:
        # Forked with the stop signals held (see ``Workers``): a stop the parent sent while
        # this worker started (bad input at once) is raised here, and ends it as any stop does.
        release_held()
        worker = PieceCleaner(options)
        while (task := _next_task(tasks, parent)) is not None:
            index, job, piece = task
            try:
                made = worker.clean(piece) if job == "clean" else iter((worker.count(piece),))
                for result in made:
                    if not _take_credit(credits, parent):
                        return
                    results.put((index, number, result))
            except Exception:
                results.put((index, number, WorkerFailed(traceback.format_exc())))
    except Interrupted as stop:
        results.cancel_join_thread()  # the parent reads no more: exit without flushing to it
        raise SystemExit(128 + stop.signum) from None
    finally:
        if os.getppid() != parent:
            # No one reads the results still to send: flushing them at exit would wait for
            # ever on a full pipe that a sibling worker still holds open.
            results.cancel_join_thread()
        if worker is not None:
            worker.close()


# A short text with a misspelling, unknown words one and two edits from a word, and
# boilerplate: cleaning it loads the word lists and patterns that the rules load on first use.
WARM_UP = (
    "By Jane Doe\n\nThe councel will recieve the reprot from the goverrnmnt on Tuesdya."
    "\n\nAdvertisement"
)


class Workers:
    """``count`` worker processes that take pieces and give back what ``PieceCleaner`` makes
    of them, in the order the pieces were given.

    The workers are forked after this process has loaded what the rules load on first use, so
    they start ready and share those pages instead of each loading its own copy (forking
    first and loading in each worker cost more CPU time in all and a fifth more memory, and
    saved nothing on the longest path, which holds one load either way). Those objects are
    frozen for the forks: the workers' garbage collector then never walks them, which would
    write to every page they sit on and so copy it.
    """

    def __init__(self, count: int, options: Options):
        options.cleaner().clean(WARM_UP)
        context = multiprocessing.get_context("fork")
        self._tasks = context.Queue()
        self._results = context.Queue()
        self._credits = [context.Semaphore(PARTS_AHEAD) for _ in range(count)]
        self._processes: list[BaseProcess] = [
            context.Process(
                target=_serve,
                args=(self._tasks, self._results, options, os.getpid(), number, credits),
            )
            for number, credits in enumerate(self._credits)
        ]
        gc.freeze()
        try:
            # A SIGTERM that reached a worker between its fork and Python's reset of signals
            # there was lost, and ``terminate`` then waited for ever: the workers start with
            # the stop signals held, and release them once their own handlers are in place.
            with signals_held():
                for process in self._processes:
                    process.start()
        except BaseException:
            # A stop raised here (handled as the block ends, or at once when another thread
            # took the signal) left the started workers waiting for tasks, and the exit
            # waiting for them: for ever.
            self._processes = [process for process in self._processes if process.pid]
            self.terminate()
            raise
        finally:
            gc.unfreeze()  # only the workers keep them frozen; this process collects as before

    def map(self, job: str, pieces: Iterator[Piece]) -> Iterator[Any]:
        """What each piece gave, in input order (a piece cleaned in parts gives its parts in
        order), with a bounded number of pieces under way."""
        window = WINDOW_PER_WORKER * len(self._processes)
        sent = received = 0
        ready: dict[int, deque[tuple[int, Any]]] = {}  # piece index -> (worker, result)
        pieces = iter(pieces)
        exhausted = False
        while True:
            while not exhausted and sent - received < window:
                piece = next(pieces, None)
                if piece is None:
                    exhausted = True
                    break
                with signals_held():  # the first put starts the queue's feeder thread
                    self._tasks.put((sent, job, piece))
                sent += 1
            if received == sent:
                return
            while not ready.get(received):
                index, number, result = self._next_result()
                ready.setdefault(index, deque()).append((number, result))
            number, result = ready[received].popleft()
            self._credits[number].release()
            if isinstance(result, WorkerFailed):
                raise result
            if not isinstance(result, Cleaned) or result.last:
                del ready[received]
                received += 1
            yield result

    def _next_result(self) -> tuple[int, int, Any]:
        while True:
            try:
                return self._results.get(timeout=1.0)
            except queue.Empty:
                dead = [p for p in self._processes if not p.is_alive()]
                if dead:
                    raise WorkerFailed(
                        f"a worker process died (exit status {dead[0].exitcode})"
                    ) from None

    def close(self) -> None:
        """Let the workers finish and end; used after every piece came back."""
        with signals_held():
            for _ in self._processes:
                self._tasks.put(None)
        for process in self._processes:
            process.join()

    def terminate(self) -> None:
        """Stop the workers at once (Ctrl-C, SIGTERM, an error); a worker that has not ended
        ``STOP_GRACE`` seconds after its SIGTERM is killed, so stopping never hangs."""
        for process in self._processes:
            if process.is_alive():
                process.terminate()
        for process in self._processes:
            process.join(STOP_GRACE)
            if process.is_alive():
                process.kill()
                process.join()
        for channel in (self._tasks, self._results):
            channel.cancel_join_thread()
            channel.close()


# What cleans (or counts) pieces for a run: ``in_order`` with a number of workers, or another
# engine's map; called with the job ("clean" or "count"), the pieces and the options.
PieceMap = Callable[[str, Iterator[Piece], Options], Iterator[Any]]


def in_order(job: str, pieces: Iterator[Piece], options: Options, workers: int) -> Iterator[Any]:
    """What ``PieceCleaner`` makes of each piece (``job``: "clean" or "count"), in input order,
    here when ``workers`` is 1, else in that many worker processes."""
    if workers <= 1:
        local = PieceCleaner(options)
        try:
            for piece in pieces:
                if job == "clean":
                    yield from local.clean(piece)
                else:
                    yield local.count(piece)
        finally:
            local.close()
        return
    pool = Workers(workers, options)
    finished = False
    try:
        yield from pool.map(job, pieces)
        finished = True
    finally:
        if finished:
            pool.close()
        else:
            pool.terminate()
