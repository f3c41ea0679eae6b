"""Cleaning on a Ray cluster: ``clean --engine ray``, and ``clean_dataset`` for a Ray dataset.

Ray's own JSON reader goes through Arrow, which changes values (integers beyond 64 bits, keys a
record lacks, key order), so the engine reads files with the local readers on the workers and
hands items from stage to stage pickled: a record reaches the output exactly as the local run
writes it, and a bad line is a rejected record naming its file and line. Parquet rows become
JSON lines and take the same path. The driver reads the results in input order and writes
them to shards, so the shards, in order, hold what ``clean INPUTS -o out.jsonl`` writes.

The corpus first pass is a map-reduce: each block's ``LineCounts``, summed with ``+``.
"""

from __future__ import annotations

import argparse
import glob
import logging
import os
import pickle
import re
import shutil
import signal
import sys
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, replace
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cleaner import jsonl
from cleaner.cli import (
    Counts,
    Interrupted,
    Options,
    UsageError,
    batch_counts,
    check_outputs,
    clean_item,
    default_rejects_path,
    write_statistics,
)
from cleaner.corpus import LineCounts, source_of
from cleaner.html import TimedExtractor
from cleaner.pipeline import Cleaner
from cleaner.readers import (
    STDIN,
    Document,
    Rejected,
    file_identity,
    input_files,
    parse_record,
    printable,
    read_documents,
)
from cleaner.report import render_text
from cleaner.stats import Statistics
from cleaner.writers import AtomicFile, LazySink, Sink

if TYPE_CHECKING:
    import ray.data

MISSING_RAY = 'the Ray engine needs the ray extra: pip install "cleaner[ray]"'
PARQUET_SUFFIX = ".parquet"
RECORDS_PER_SHARD = 100_000
SHARD_NAME = re.compile(r"part-\d{5}\.jsonl(?:\.gz|\.zst)?")
MANIFEST = "manifest.json"
# Items travel in small blocks, so that one large input file still feeds every CPU.
BLOCK_BYTES = 1 << 20
ITEMS_PER_BATCH = 64


def import_ray() -> Any:
    """Ray Data, or a usage error that names the extra to install."""
    try:
        import ray
        import ray.data  # the Data library ships in the ray[data] extra
    except ImportError:
        raise UsageError(MISSING_RAY) from None
    return ray


class ShardedOutput:
    """JSON lines cut into ``part-00000.jsonl``, ``part-00001.jsonl``, ... in a folder.

    Shards are written in a hidden folder inside the target and moved in only on commit,
    followed by ``manifest.json`` (each shard and its record count), so a failed run leaves the
    folder as it was. Shards of an earlier run beyond the new ones are removed on commit: they
    are not this run's output.
    """

    def __init__(
        self, folder: str, records_per_shard: int = RECORDS_PER_SHARD, compression: str = ""
    ):
        if compression not in ("", ".gz", ".zst"):
            raise ValueError(f"compression is '', '.gz' or '.zst', not {compression!r}")
        self.name = folder
        self._folder = Path(folder)
        self._records_per_shard = records_per_shard
        self._suffix = ".jsonl" + compression
        self._folder.mkdir(parents=True, exist_ok=True)
        self._staging = Path(tempfile.mkdtemp(dir=folder, prefix=".shards.", suffix=".part"))
        self._shards: list[dict[str, Any]] = []
        self._current: AtomicFile | None = None

    def write(self, data: bytes) -> None:
        """Write one line; a shard is finished when it holds ``records_per_shard`` lines."""
        if self._current is None:
            name = f"part-{len(self._shards):05d}{self._suffix}"
            self._current = AtomicFile(str(self._staging / name))
            self._shards.append({"name": name, "records": 0})
        self._current.write(data)
        self._shards[-1]["records"] += 1
        if self._shards[-1]["records"] == self._records_per_shard:
            self._current.commit()
            self._current = None

    def commit(self) -> None:
        if self._current is not None:
            self._current.commit()
            self._current = None
        names = {shard["name"] for shard in self._shards}
        for name in sorted(names):
            os.replace(self._staging / name, self._folder / name)
        for stale in self._folder.iterdir():
            if SHARD_NAME.fullmatch(stale.name) and stale.name not in names:
                stale.unlink()
        manifest = AtomicFile(str(self._folder / MANIFEST))
        records = sum(shard["records"] for shard in self._shards)
        manifest.write(jsonl.dumps({"shards": self._shards, "records": records}) + b"\n")
        manifest.commit()
        self._staging.rmdir()

    def discard(self) -> None:
        if self._current is not None:
            self._current.discard()
        shutil.rmtree(self._staging, ignore_errors=True)


@dataclass(frozen=True, slots=True)
class ReadTask:
    """A whole input file, or one row group of a Parquet file, read by one Ray task.

    ``name`` is the path as given, which ids and rejects name; ``path`` is absolute, for
    workers whose working folder is not the driver's.
    """

    name: str
    path: str
    row_group: int | None = None
    first_row: int = 1


def read_tasks(files: list[str | Rejected]) -> list[ReadTask | Rejected]:
    """The reading work for the inputs, in input order; Parquet files split by row group."""
    tasks: list[ReadTask | Rejected] = []
    for item in files:
        if isinstance(item, Rejected):
            tasks.append(item)
        elif item.endswith(PARQUET_SUFFIX):
            tasks.extend(_parquet_tasks(item))
        else:
            tasks.append(ReadTask(item, os.path.abspath(item)))
    return tasks


def _parquet_tasks(name: str) -> list[ReadTask | Rejected]:
    import pyarrow
    import pyarrow.parquet

    try:
        metadata = pyarrow.parquet.ParquetFile(name).metadata
    except (OSError, pyarrow.ArrowException) as error:
        return [Rejected(name, 0, f"unreadable: {error}")]
    if metadata.num_rows == 0:
        return [Rejected(name, 0, "empty file: no records")]
    tasks: list[ReadTask | Rejected] = []
    first = 1
    for group in range(metadata.num_row_groups):
        tasks.append(ReadTask(name, os.path.abspath(name), group, first))
        first += metadata.row_group(group).num_rows
    return tasks


# Each Ray worker process keeps one HTML extractor per time limit, started on its first page.
_extractors: dict[float, TimedExtractor] = {}


def read_items(
    task: ReadTask | Rejected, text_field: str, id_field: str, html_timeout: float
) -> Iterator[Document | Rejected]:
    """The documents (and rejects) of one read task, exactly as the local readers give them."""
    if isinstance(task, Rejected):
        yield task
    elif task.row_group is not None:
        yield from _parquet_items(task, text_field, id_field)
    else:
        if html_timeout not in _extractors:
            _extractors[html_timeout] = TimedExtractor(html_timeout)
        for item in read_documents(task.path, _extractors[html_timeout], text_field, id_field):
            yield replace(item, source=task.name)


def _parquet_items(task: ReadTask, text_field: str, id_field: str) -> Iterator[Document | Rejected]:
    """A row group's rows as JSON lines, read like JSONL: the same checks, ids and rejects."""
    import pyarrow
    import pyarrow.parquet

    assert task.row_group is not None
    try:
        rows = pyarrow.parquet.ParquetFile(task.path).read_row_group(task.row_group).to_pylist()
    except (OSError, pyarrow.ArrowException) as error:
        yield Rejected(task.name, task.first_row, f"unreadable: {error}")
        return
    for number, row in enumerate(rows, start=task.first_row):
        try:
            line = jsonl.dumps(row)
        except jsonl.RecordError as error:
            yield Rejected(task.name, number, f"record {error}")
            continue
        yield parse_record(task.name, number, line, text_field, id_field)


def _read_batches(
    batch: dict[str, Any], text_field: str, id_field: str, html_timeout: float
) -> Iterator[dict[str, list[bytes]]]:
    for task in batch["task"]:
        items = read_items(pickle.loads(task), text_field, id_field, html_timeout)
        while chunk := list(islice(items, ITEMS_PER_BATCH)):
            yield {"item": [pickle.dumps(item) for item in chunk]}


# Each Ray worker process builds the run's cleaner once: (run token, options, cleaner).
_worker: tuple[str, Options, Cleaner] | None = None


def _clean_batch(batch: dict[str, Any], run: str, boxed_options: list[Any]) -> dict[str, list]:
    """Output lines, rejects and (on the first row) the batch's statistics.

    The options come boxed in a list, so Ray does not fetch them for every batch: a worker
    fetches them once a run.
    """
    global _worker
    if _worker is None or _worker[0] != run:
        import ray

        options: Options = ray.get(boxed_options[0])
        _worker = (run, options, options.cleaner())
    _, options, cleaner = _worker
    stats = Statistics() if options.statistics else None
    lines: list[bytes | None] = []
    empties: list[bool] = []
    rejects: list[bytes | None] = []
    for item in batch["item"]:
        result = clean_item(cleaner, options, pickle.loads(item), stats)
        if isinstance(result, Rejected):
            lines.append(None)
            empties.append(False)
            rejects.append(pickle.dumps(result))
        else:
            lines.append(result[0])
            empties.append(result[1])
            rejects.append(None)
    statistics: list[bytes | None] = [None] * len(lines)
    if stats is not None and lines:
        statistics[0] = pickle.dumps(stats)
    return {"line": lines, "empty": empties, "rejected": rejects, "stats": statistics}


def _count_items(batch: dict[str, Any]) -> dict[str, list[bytes]]:
    counts = LineCounts()
    for raw in batch["item"]:
        item = pickle.loads(raw)
        if isinstance(item, Document):
            counts.add(item.text, source_of(item.metadata))
    return {"counts": [pickle.dumps(counts)]}


def _count_rows(table: Any, text_field: str) -> dict[str, list[bytes]]:
    texts = table.column(text_field).to_pylist()
    metadata = (
        table.column("metadata").to_pylist()
        if "metadata" in table.column_names
        else [None] * len(texts)
    )
    counts = LineCounts()
    for text, given in zip(texts, metadata, strict=True):
        if isinstance(text, str):
            counts.add(text, source_of(given))
    return {"counts": [pickle.dumps(counts)]}


def _sum_counts(parts: ray.data.Dataset) -> LineCounts:
    """The reduce step: the blocks' counts, summed as they arrive."""
    total = LineCounts()
    for row in parts.iter_rows():
        total += pickle.loads(row["counts"])
    return total


def line_counts(dataset: ray.data.Dataset, text_field: str = "text") -> LineCounts:
    """The corpus first pass over a Ray dataset: each block counted, the counts summed.

    Rows whose text is missing are not counted, as rejected records are not counted locally;
    the source of a row is read from its ``metadata`` column, as ``clean`` reads it.
    """
    return _sum_counts(
        dataset.map_batches(
            _count_rows, batch_format="pyarrow", fn_kwargs={"text_field": text_field}
        )
    )


def clean_dataset(
    dataset: ray.data.Dataset,
    cleaner: Cleaner,
    text_field: str = "text",
    batch_pass: bool = True,
) -> ray.data.Dataset:
    """``dataset`` with its text cleaned and its metadata completed, lazily, as Ray datasets are.

    Unless ``batch_pass`` is off or ``cleaner`` already holds line counts, the dataset is
    counted first (``line_counts``, which runs the pipeline up to ``dataset`` once) and the
    counts go to the cleaner, as ``clean`` does with its first pass over files.
    """
    if batch_pass and cleaner.corpus is None:
        cleaner = Cleaner(
            [rule.id for rule in cleaner.rules],
            vocabulary=cleaner.vocabulary,
            corpus=line_counts(dataset, text_field),
        )
    return dataset.map_batches(
        cleaner, batch_format="pyarrow", fn_kwargs={"text_field": text_field}
    )


@dataclass
class Run:
    """What a ``clean --engine ray`` run reads and how it cleans."""

    tasks: list[ReadTask | Rejected]
    options: Options
    html_timeout: float

    def items(self, ray: Any) -> ray.data.Dataset:
        """Every document and reject of the inputs, pickled, in input order."""
        tasks = [{"task": pickle.dumps(task)} for task in self.tasks]
        return ray.data.from_items(tasks, override_num_blocks=len(tasks)).map_batches(
            _read_batches,
            batch_size=1,
            fn_kwargs={
                "text_field": self.options.text_field,
                "id_field": self.options.id_field,
                "html_timeout": self.html_timeout,
            },
        )

    def line_counts(self, ray: Any) -> LineCounts:
        return _sum_counts(self.items(ray).map_batches(_count_items))

    def cleaned(self, ray: Any) -> Iterator[dict[str, Any]]:
        """One row per item, in input order: an output line, or a pickled reject."""
        boxed = [ray.put(self.options)]
        return (
            self.items(ray)
            .map_batches(_clean_batch, fn_kwargs={"run": uuid.uuid4().hex, "boxed_options": boxed})
            .iter_rows()
        )


def expand_inputs(paths: list[str], exclude: list[str]) -> list[str | Rejected]:
    """The input files, as ``clean`` finds them, with Parquet files and globs besides."""
    files: list[str | Rejected] = []
    for given in paths:
        if given == STDIN:
            raise UsageError("--engine ray reads files, not stdin; name the inputs")
        names = [given]
        if not os.path.exists(given) and any(sign in given for sign in "*?["):
            names = sorted(glob.glob(given, recursive=True))
            if not names:
                raise UsageError(f"{printable(given)}: no file matches")
        for name in names:
            files.extend(_inputs_of(name, exclude))
    return files


def _inputs_of(name: str, exclude: list[str]) -> list[str | Rejected]:
    if name.endswith(PARQUET_SUFFIX) and os.path.isfile(name):
        return [name]
    if not os.path.isdir(name):
        return input_files([name])
    parquet = _parquet_files(name)
    try:
        found = input_files([name], exclude)
    except ValueError:
        if not parquet:
            raise
        found = []
    names = sorted([*parquet, *(item for item in found if isinstance(item, str))])
    return [*names, *(item for item in found if isinstance(item, Rejected))]


def _parquet_files(top: str) -> list[str]:
    """The Parquet files of a folder, hidden entries aside, as ``input_files`` walks it."""
    found = []
    for folder, subfolders, files in os.walk(top, followlinks=True):
        subfolders[:] = [sub for sub in subfolders if not sub.startswith(".")]
        found += [
            os.path.join(folder, name)
            for name in files
            if name.endswith(PARQUET_SUFFIX) and not name.startswith(".")
        ]
    return found


def _connect(ray: Any, address: str | None) -> bool:
    """Join the cluster at ``address``, or start a local one; whether this run started it."""
    if ray.is_initialized():
        return False
    if address:
        ray.init(address=address, log_to_driver=False, logging_level="ERROR")
    else:
        ray.init(
            address="local", include_dashboard=False, log_to_driver=False, logging_level="ERROR"
        )
    return True


def _outputs(args: argparse.Namespace) -> dict[str, str]:
    if args.output in (None, "-"):
        raise UsageError("--engine ray writes shards to a folder: name it with -o")
    if os.path.isfile(args.output):
        raise UsageError(f"the output {args.output} is a file; --engine ray writes to a folder")
    outputs = {"rejects file": args.rejects or default_rejects_path(args.output)}
    if args.stats_json:
        outputs["statistics file"] = args.stats_json
    if args.report:
        outputs["report"] = args.report
    if args.corpus_stats and not os.path.exists(args.corpus_stats):
        outputs["corpus stats"] = args.corpus_stats
    return outputs


def run_cli(args: argparse.Namespace, options: Options) -> int:
    """``clean --engine ray``: the local run's records and rejects, in shards of ``-o``."""
    if args.diff:
        raise UsageError("--diff runs on the local engine; drop --engine ray")
    if args.workers != 1:
        raise UsageError("--workers is for the local engine; Ray uses the cluster's CPUs")
    ray = import_ray()
    outputs = _outputs(args)
    files = _input_files(args, outputs)
    ray_data = ray.data.DataContext.get_current()
    ray_data.execution_options.preserve_order = True
    ray_data.target_max_block_size = BLOCK_BYTES
    ray_data.enable_progress_bars = not args.quiet and sys.stderr.isatty()
    ray_data.print_on_execution_start = False
    # The command's stderr is its messages and counts; Ray's notes would bury them.
    quiet = logging.WARNING if ray_data.enable_progress_bars else logging.ERROR
    logging.getLogger("ray.data").setLevel(quiet)
    # ray.init takes over SIGTERM; the command's own handler stops the run cleanly.
    handler = signal.getsignal(signal.SIGTERM)
    started = _connect(ray, args.ray_address)
    signal.signal(signal.SIGTERM, handler)
    try:
        run = Run(read_tasks(files), options, args.html_timeout)
        if (args.corpus_stats and "corpus stats" not in outputs) or args.no_batch_pass:
            counts = batch_counts(args, files, TimedExtractor(args.html_timeout), outputs)
        else:
            counts = run.line_counts(ray)
            if "corpus stats" in outputs:
                _save_counts(counts, outputs["corpus stats"])
        run.options = replace(options, corpus=counts)
        return _write(run, ray, args, args.output, outputs)
    finally:
        if started:
            ray.shutdown()


def _input_files(args: argparse.Namespace, outputs: dict[str, str]) -> list[str | Rejected]:
    """The inputs, less the run's own outputs: an earlier run's shards and manifest in a folder
    that is read are skipped, and named on their own they are refused."""
    folder = Path(args.output)
    earlier = [str(path) for path in folder.glob("part-*") if SHARD_NAME.fullmatch(path.name)]
    earlier.append(str(folder / MANIFEST))
    saved = [args.corpus_stats] if args.corpus_stats else []
    try:
        files = expand_inputs(args.paths, [*outputs.values(), *saved, *earlier])
    except ValueError as error:
        raise UsageError(error.args[0]) from None
    check_outputs(files, outputs, reads_stdin=False)
    own = {file_identity(name) for name in earlier} - {None}
    for item in files:
        if isinstance(item, str) and file_identity(item) in own:
            raise UsageError(f"the input {printable(item)} is the output folder's own")
    return files


def _save_counts(counts: LineCounts, path: str) -> None:
    try:
        sink = AtomicFile(path)
        sink.write(jsonl.dumps(counts.to_json()))
        sink.commit()
    except OSError as error:
        raise UsageError(f"cannot write {path}: {error.strerror}") from None


def _write(
    run: Run, ray: Any, args: argparse.Namespace, folder: str, outputs: dict[str, str]
) -> int:
    """Write the results in input order; stop at the first reject unless ``--skip-bad``."""
    counts = Counts()
    stats = Statistics() if run.options.statistics else None
    try:
        output = ShardedOutput(folder)
    except OSError as error:
        print(f"clean: error: cannot write {folder}: {error.strerror}", file=sys.stderr)
        return 1
    rejects = LazySink(outputs["rejects file"])
    sinks: list[Sink] = [output, rejects]
    try:
        for row in run.cleaned(ray):
            counts.read += 1
            if row["stats"] is not None and stats is not None:
                stats.merge(pickle.loads(row["stats"]))
            if row["rejected"] is not None:
                rejected: Rejected = pickle.loads(row["rejected"])
                counts.rejected += 1
                if not args.skip_bad:
                    print(f"clean: error: {rejected.describe()}", file=sys.stderr)
                    print("clean: use --skip-bad to set bad input aside", file=sys.stderr)
                    raise _Stop
                rejects.write(jsonl.dumps(rejected.to_dict()) + b"\n")
                continue
            output.write(row["line"])
            counts.written += 1
            counts.empty += row["empty"]
        if stats is not None:
            write_statistics(stats, outputs, sinks)
        for sink in sinks:
            sink.commit()
    except _Stop:
        return _failed(sinks, counts, folder)
    except ray.exceptions.RayError as error:  # before OSError: a task's error can be both
        print(f"clean: error: a Ray task failed: {error}", file=sys.stderr)
        return _failed(sinks, counts, folder)
    except OSError as error:
        where = printable(str(error.filename)) if error.filename else folder
        print(f"clean: error: cannot write {where}: {error.strerror}", file=sys.stderr)
        return _failed(sinks, counts, folder)
    except (KeyboardInterrupt, Interrupted) as stop:
        signum = stop.signum if isinstance(stop, Interrupted) else signal.SIGINT
        _failed(sinks, counts, folder, f"interrupted by {signal.Signals(signum).name}; ")
        raise
    except BaseException:
        for sink in sinks:
            sink.discard()
        raise
    if stats is not None and args.statistics:
        print(render_text(stats), end="", file=sys.stderr)
    where = f" (see {rejects.name})" if rejects.used else ""
    print(f"{counts.line()}{where}", file=sys.stderr)
    return 0


class _Stop(Exception):
    """A reject without ``--skip-bad``: the run ends and writes nothing."""


def _failed(sinks: list[Sink], counts: Counts, folder: str, why: str = "") -> int:
    for sink in sinks:
        sink.discard()
    print(counts.line(), file=sys.stderr)
    print(f"clean: {why}nothing written: {folder} is as it was before the run", file=sys.stderr)
    return 1
