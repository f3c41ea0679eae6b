"""Cleaning on a Ray cluster: ``clean --engine ray``, and ``clean_dataset`` for a Ray dataset.

``clean --engine ray`` is the local run with another place to clean the pieces: the driver cuts
the input into the same pieces (``cleaner.pieces``), each piece is one Ray task that reads and
cleans it with the code of the local workers (``PieceCleaner``), and the driver takes the
results in input order and writes them exactly as the local run does, through the same
outputs (``ShardWriter`` for a folder). The first pass is a map-reduce: a task counts each
piece's lines and words, the driver sums the ``BatchStatistics`` as they arrive. So the output is the local
run's, byte for byte, whatever the cluster.

Ray's own JSON reader goes through Arrow, which changes values (integers beyond 64 bits, keys a
record lacks, key order), so the tasks read with ``clean``'s readers and send back what the
local workers send, pickled.
"""

from __future__ import annotations

import argparse
import logging
import os
import pickle
import signal
import socket
import uuid
from collections import deque
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from cleaner.cli import UsageError
from cleaner.first_pass import BatchStatistics, reads_vocabulary
from cleaner.pieces import Piece
from cleaner.pipeline import Cleaner, source_of_record
from cleaner.signals import Interrupted
from cleaner.workers import Cleaned, Options, PieceCleaner, WorkerFailed

if TYPE_CHECKING:
    import ray.data

MISSING_RAY = 'the Ray engine needs the ray extra: pip install "cleaner[ray]"'
# Pieces under way per CPU of the cluster: enough to keep every CPU busy while the driver
# writes, few enough that memory stays bounded whatever the size of the input.
WINDOW_PER_CPU = 2
# How long a cluster's address may take to answer before the run gives up on it: ray.init
# itself retries an address where nothing listens for minutes, printing its warnings.
CONNECT_SECONDS = 10.0


def import_ray() -> Any:
    """Ray, or a usage error that names the extra to install."""
    try:
        import ray
        import ray.data  # the Data library ships in the ray[data] extra
    except ImportError:
        raise UsageError(MISSING_RAY) from None
    return ray


# Each Ray worker process keeps one ``PieceCleaner`` a run: (run token, its cleaner).
_worker: tuple[str, PieceCleaner] | None = None


def _piece_task(
    job: str, piece: Piece, run: str, boxed_options: list[Any], folder: str
) -> Iterator[Cleaned | BatchStatistics]:
    """What ``PieceCleaner`` makes of one piece, in a Ray worker: its parts, or its counts.

    A generator, which Ray runs as a streaming task: each part goes to the driver as it is
    made, so a row group of gigabytes is never held whole in the worker. The options come
    boxed in a list, so that Ray does not fetch them (with the batch's line counts) for every
    piece: a worker fetches them once a run. The worker moves to the driver's folder, where it
    exists, so that relative paths name the same files and the ids and rejects made of them
    are the local run's.
    """
    global _worker
    if _worker is None or _worker[0] != run:
        import ray

        if _worker is not None:
            _worker[1].close()
        _worker = (run, PieceCleaner(ray.get(boxed_options[0])))
    if os.getcwd() != folder and os.path.isdir(folder):
        os.chdir(folder)
    worker = _worker[1]
    if job == "clean":
        yield from worker.clean(piece)
    else:
        yield worker.count(piece)


def check_reachable(address: str) -> None:
    """UsageError when nothing answers at a ``host:port`` (or ``ray://host:port``) address;
    other addresses ("auto") are Ray's to resolve."""
    host, colon, port = address.removeprefix("ray://").rpartition(":")
    if not colon:
        return
    if not host or not port.isdigit():  # Ray would print a traceback of its own, then fail
        raise UsageError(f"--ray-address {address} is not host:port (or 'auto')")
    try:
        socket.create_connection((host, int(port)), timeout=CONNECT_SECONDS).close()
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise UsageError(f"cannot reach the Ray cluster at {address}: {reason}") from None


class RayEngine:
    """Cleans (or counts) pieces as Ray tasks and gives back the results in input order.

    It joins the cluster at ``--ray-address`` (or starts a local Ray) when the first pieces
    come, so that mistakes on the command line are told before Ray starts; ``close`` stops a
    Ray it started.
    """

    def __init__(self, args: argparse.Namespace):
        if args.diff:
            raise UsageError("--diff runs on the local engine; drop --engine ray")
        if args.workers != 1:
            raise UsageError("--workers is for the local engine; Ray uses the cluster's CPUs")
        self._ray = import_ray()
        self._address: str | None = args.ray_address
        self._task: Any = None
        self._started = False

    def map(self, job: str, pieces: Iterator[Piece], options: Options) -> Iterator[Any]:
        """What ``PieceCleaner`` makes of each piece (``job``: "clean" or "count"), in order: a
        cleaned piece's parts, or a piece's counts."""
        ray = self._ray
        task = self._connect()
        run = uuid.uuid4().hex
        boxed = [ray.put(options)]
        window = WINDOW_PER_CPU * max(1, int(ray.cluster_resources().get("CPU", 1)))
        folder = os.getcwd()
        under_way: deque[Any] = deque()
        try:
            for piece in pieces:
                under_way.append(task.remote(job, piece, run, boxed, folder))
                if len(under_way) >= window:
                    yield from self._results(under_way.popleft())
            while under_way:
                yield from self._results(under_way.popleft())
        finally:
            for pending in under_way:
                ray.cancel(pending, force=True)

    def _results(self, pending: Any) -> Iterator[Any]:
        """The results of one task (an ``ObjectRefGenerator``) in the order it made them."""
        try:
            for reference in pending:
                yield self._ray.get(reference)
        except self._ray.exceptions.RayError as error:
            # A task's error may also be of its cause's class (an OSError, say): it is the
            # worker's failure, not the driver's, as a local worker's would be.
            raise WorkerFailed(f"a Ray task failed: {error}") from None

    def _connect(self) -> Any:
        """The Ray task that cleans a piece, once this process is connected to Ray."""
        if self._task is not None:
            return self._task
        ray = self._ray
        # The command's stderr is its messages and counts; Ray's notes would bury them.
        logging.getLogger("ray").setLevel(logging.ERROR)
        # ray.init takes over SIGTERM; the command's own handler stops the run cleanly.
        handler = signal.getsignal(signal.SIGTERM)
        try:
            if not ray.is_initialized():
                if self._address:
                    check_reachable(self._address)
                address = self._address or "local"
                extra = {} if self._address else {"include_dashboard": False}
                ray.init(address=address, log_to_driver=False, logging_level="ERROR", **extra)
                self._started = True
        except (ConnectionError, RuntimeError, ValueError) as error:
            raise UsageError(f"cannot reach the Ray cluster at {self._address}: {error}") from None
        except SystemExit:
            # Ray's own SIGTERM handler, in place while ray.init runs, exits (status 15, or
            # 1 where it started a node): the run stops as the command's handler stops it.
            raise Interrupted(signal.SIGTERM) from None
        finally:
            signal.signal(signal.SIGTERM, handler)
        self._task = ray.remote(num_cpus=1)(_piece_task)
        return self._task

    def close(self) -> None:
        if self._started:
            self._ray.shutdown()
            self._started = False


def _count_rows(
    table: Any, text_field: str, source_field: str | None, vocabulary: bool
) -> dict[str, list[bytes]]:
    counts = BatchStatistics.counting(source_field, vocabulary)
    for row in table.to_pylist():
        text = row.get(text_field)
        if isinstance(text, str):
            counts.add(text, source_of_record(counts.lines, row))
    return {"counts": [pickle.dumps(counts)]}


def batch_statistics(
    dataset: ray.data.Dataset,
    text_field: str = "text",
    source_field: str | None = None,
    vocabulary: bool = True,
) -> BatchStatistics:
    """The first pass over a Ray dataset: each block's line counts and (unless ``vocabulary``
    is off) its spelling vocabulary, summed.

    Rows whose text is missing are not counted, as rejected records are not counted locally;
    the source of a row is read from its fields as ``clean`` reads it (``source_field``, else
    the host name or the URL's host, in the ``metadata`` column or beside it).
    """
    parts = dataset.map_batches(
        _count_rows,
        batch_format="pyarrow",
        fn_kwargs={
            "text_field": text_field,
            "source_field": source_field,
            "vocabulary": vocabulary,
        },
    )
    return BatchStatistics.sum(pickle.loads(row["counts"]) for row in parts.iter_rows())


def clean_dataset(
    dataset: ray.data.Dataset,
    cleaner: Cleaner,
    text_field: str = "text",
    batch_pass: bool = True,
    source_field: str | None = None,
) -> ray.data.Dataset:
    """``dataset`` with its text cleaned and its metadata completed, lazily, as Ray datasets are.

    Unless ``batch_pass`` is off or ``cleaner`` already holds line counts, the dataset is
    counted first (``batch_statistics``, which runs the pipeline up to ``dataset`` once) and
    the counts go to the cleaner, with the vocabulary unless it holds one, as ``clean`` does
    with its first pass over files; ``source_field`` as ``clean --source-field``.
    """
    if not isinstance(cleaner, Cleaner):
        raise TypeError(f"clean_dataset takes a Cleaner, not {type(cleaner).__name__}")
    if batch_pass and cleaner.corpus is None:
        reads = cleaner.vocabulary is None and reads_vocabulary(cleaner.rules)
        counts = batch_statistics(dataset, text_field, source_field, vocabulary=reads)
        counts.compact()
        cleaner = Cleaner(
            [rule.id for rule in cleaner.rules],
            vocabulary=cleaner.vocabulary or counts.vocabulary,
            corpus=counts.lines,
        )
    return dataset.map_batches(
        cleaner, batch_format="pyarrow", fn_kwargs={"text_field": text_field}
    )
