"""The ``clean`` command.

There are no subcommands: paths are always inputs (a folder called ``rules/`` is a folder),
and the other jobs are options (``--list-rules``, ``--explain``, ``--diff``).

A run is trusted with data it cannot get back, so before anything is written every output is
checked against every input; outputs are renamed into place only when the run succeeds; and
every mistake a user can make (a bad option, a full disk, Ctrl-C, a closed pipe) ends with a
message and an exit status, not a traceback: 0 done, 1 bad input or a failed write, 2 a bad
command line or configuration, 130 and 143 interrupted by SIGINT and SIGTERM, 141 a closed pipe.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import os
import signal
import sys
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from itertools import islice
from multiprocessing import Pool
from multiprocessing.pool import AsyncResult
from multiprocessing.pool import Pool as PoolType
from pathlib import Path
from typing import NoReturn

from tqdm import tqdm

from cleaner import __doc__ as about
from cleaner import jsonl
from cleaner.config import RuleChoice, find_config, load_config
from cleaner.corpus import LineCounts, source_of
from cleaner.diff import diff_records, render_diff
from cleaner.explain import explain_rule, list_rules, list_rules_json, list_rules_markdown
from cleaner.html import TimedExtractor
from cleaner.pipeline import Cleaner
from cleaner.readers import (
    STDIN,
    Document,
    Rejected,
    file_identity,
    input_files,
    printable,
    read_documents,
)
from cleaner.report import render_html, render_json, render_text
from cleaner.stats import Statistics
from cleaner.writers import STDOUT, AtomicFile, LazySink, Sink, open_sink

# Each worker process costs a copy of the rules and their patterns; far more workers than
# cores only costs memory.
WORKERS_PER_CPU = 4
EXIT_INTERRUPTED = {signal.SIGINT: 130, signal.SIGTERM: 143}
EXIT_BROKEN_PIPE = 141


class Interrupted(BaseException):
    """SIGINT or SIGTERM arrived: stop, remove partial output, report, exit 128 + signal."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


def _interrupt(signum: int, frame: object) -> NoReturn:
    raise Interrupted(signum)


class UsageError(Exception):
    """A mistake on the command line or in the configuration: exit status 2."""


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

    def cleaner(self) -> Cleaner:
        return Cleaner(
            self.rules.select, self.rules.ignore, self.rules.extend_select, corpus=self.corpus
        )


def max_workers() -> int:
    return WORKERS_PER_CPU * (os.cpu_count() or 1)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="clean",
        description=about,
        epilog="Inputs: .txt and .html/.htm files (one document each), .jsonl files (one record "
        "a line), folders of these (hidden entries skipped), '-' for JSONL on stdin; .gz and "
        ".zst are decompressed. Exit status: 0 done, 1 bad input or a failed write, 2 usage, "
        "130/143 interrupted.",
    )
    parser.add_argument("paths", nargs="*", default=[STDIN], metavar="PATH", help="inputs")
    parser.add_argument("-o", "--output", help="output JSONL (.gz/.zst compress); default stdout")
    parser.add_argument("--text-field", default="text", help="JSONL field with the text")
    parser.add_argument("--id-field", default="id", help="JSONL field with the document id")
    parser.add_argument(
        "--select", action="append", help="run exactly these rule ids (comma-separated; ALL)"
    )
    parser.add_argument(
        "--extend-select", action="append", help="run these rule ids too (comma-separated)"
    )
    parser.add_argument("--ignore", action="append", help="do not run these rule ids")
    parser.add_argument("--config", help="configuration file (default: the nearest one)")
    parser.add_argument("--isolated", action="store_true", help="ignore configuration files")
    parser.add_argument("--edits", action="store_true", help="add the edit log to each record")
    parser.add_argument(
        "--edits-field", default="edits", help="field for the edit log (default 'edits')"
    )
    parser.add_argument(
        "--skip-bad", action="store_true", help="write bad input to the rejects file and go on"
    )
    parser.add_argument("--rejects", help="rejects file (default: next to the output)")
    parser.add_argument(
        "--workers", type=int, default=1, help=f"worker processes (1 to {max_workers()})"
    )
    parser.add_argument(
        "--html-timeout",
        type=float,
        default=30.0,
        metavar="SECONDS",
        help="give up extracting an HTML page after this long (default 30)",
    )
    parser.add_argument(
        "--no-batch-pass",
        action="store_true",
        help="skip the first pass that counts the batch's repeated lines (done for file inputs)",
    )
    parser.add_argument(
        "--corpus-stats",
        metavar="FILE",
        help="the batch's line counts: reused when FILE exists, else counted and saved there",
    )
    parser.add_argument(
        "--engine", choices=("local", "ray"), default="local", help="ray: -o is a folder of shards"
    )
    parser.add_argument("--ray-address", help="the Ray cluster for --engine ray (default: local)")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    jobs = parser.add_mutually_exclusive_group()
    jobs.add_argument("--list-rules", action="store_true", help="list the rules and exit")
    jobs.add_argument("--explain", metavar="RULE", help="show a rule's documentation and exit")
    jobs.add_argument(
        "--diff",
        action="store_true",
        help="show each edit with its rule id; exit 1 when anything would change",
    )
    parser.add_argument(
        "--format",
        choices=("text", "json", "markdown"),
        default="text",
        help="for --list-rules (text, json, markdown) and --diff (text, json: one edit a line)",
    )
    parser.add_argument(
        "--statistics", action="store_true", help="print what each rule did, on stderr"
    )
    parser.add_argument("--stats-json", metavar="FILE", help="write the statistics as JSON")
    parser.add_argument("--report", metavar="FILE", help="write an HTML report of the run")
    parser.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour --diff (auto: on a terminal, unless NO_COLOR is set)",
    )
    parser.add_argument(
        "--version", action="version", version=f"clean {importlib.metadata.version('cleaner')}"
    )
    return parser


def split_ids(values: list[str] | None, option: str) -> list[str]:
    ids = [rule_id.strip() for value in values or () for rule_id in value.split(",")]
    if values is not None and not any(ids):
        raise UsageError(f"{option} needs at least one rule id")
    return [rule_id for rule_id in ids if rule_id]


def rule_choice(args: argparse.Namespace) -> RuleChoice:
    """The configuration file's rule choice, then the command line's own say.

    ``--select`` on the command line means exactly those rules: the file's choice is not read.
    """
    select = split_ids(args.select, "--select") if args.select is not None else None
    extend_select = split_ids(args.extend_select, "--extend-select")
    ignore = split_ids(args.ignore, "--ignore")
    config = RuleChoice()
    if select is None:
        if args.config:
            config = load_config(Path(args.config))
        elif not args.isolated and (found := find_config(Path.cwd())) is not None:
            config = load_config(found)
    return RuleChoice(
        select if select is not None else config.select,
        config.extend_select + extend_select,
        config.ignore + ignore,
    )


def check_options(args: argparse.Namespace) -> None:
    if not 1 <= args.workers <= max_workers():
        raise UsageError(
            f"--workers must be between 1 and {max_workers()} "
            f"({os.cpu_count()} CPUs here), not {args.workers}"
        )
    if not args.html_timeout > 0:
        raise UsageError(
            f"--html-timeout must be a positive number of seconds, not {args.html_timeout:g}"
        )
    if args.explain is not None and not args.explain.strip():
        raise UsageError("--explain needs a rule id")
    if args.format == "markdown" and not args.list_rules:
        raise UsageError("--format markdown is for --list-rules")
    if args.format != "text" and not (args.list_rules or args.diff):
        raise UsageError(f"--format {args.format} is for --list-rules and --diff")
    if args.diff and wants_statistics(args):
        raise UsageError("--diff writes no statistics; run without --diff for them")
    fields = {
        "--text-field": args.text_field,
        "--id-field": args.id_field,
        "the metadata field": "metadata",
    }
    if args.edits:
        fields["--edits-field"] = args.edits_field
    for option, name in fields.items():
        if not name:
            raise UsageError(f"{option} needs a field name")
    seen: dict[str, str] = {}
    for option, name in fields.items():
        if name in seen:
            raise UsageError(f"{seen[name]} and {option} name the same field {name!r}")
        seen[name] = option


def default_rejects_path(output: str | None) -> str:
    if output is None or output == STDOUT:
        return "clean.rejects.jsonl"
    name = output
    for suffix in (".gz", ".zst", ".jsonl", ".json", ".ndjson"):
        name = name.removesuffix(suffix)
    return f"{name}.rejects.jsonl"


def check_outputs(
    inputs: Iterable[str | Rejected], outputs: dict[str, str], reads_stdin: bool
) -> None:
    """Refuse any output that is an input (hard links and stdin redirects included) or another
    output, before anything is opened for writing."""
    sources = {
        file_identity(item): item for item in inputs if isinstance(item, str) and item != STDIN
    }
    if reads_stdin and (stdin := file_identity(sys.stdin.fileno())) is not None:
        sources[stdin] = "stdin"
    seen: dict[str, str] = {}
    for role, path in outputs.items():
        real = os.path.realpath(path)
        if real in seen:
            raise UsageError(f"the {role} {path} is also the {seen[real]}; name another")
        seen[real] = role
        if os.path.isdir(path):
            raise UsageError(f"the {role} {path} is a folder; name a file")
        identity = file_identity(path)
        if identity is not None and identity in sources:
            raise UsageError(
                f"the {role} {path} is the input {printable(sources[identity])}: it would be "
                "overwritten; name another file"
            )


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        return _main(args)
    except UsageError as error:
        print(f"clean: error: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # The reader went away (``clean … | head``): stop quietly, and keep Python's own
        # flush at exit from failing on the closed pipe.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
    except (KeyboardInterrupt, Interrupted) as stop:
        signum = stop.signum if isinstance(stop, Interrupted) else signal.SIGINT
        return EXIT_INTERRUPTED[signum]


def wants_statistics(args: argparse.Namespace) -> bool:
    return bool(args.statistics or args.stats_json or args.report)


def _main(args: argparse.Namespace) -> int:
    check_options(args)
    try:
        options = Options(
            rule_choice(args),
            args.text_field,
            args.edits,
            args.edits_field,
            args.id_field,
            wants_statistics(args),
        )
        options.cleaner()  # unknown rule ids fail here, before any input is read
        if args.list_rules:
            listing = {"text": list_rules, "json": list_rules_json, "markdown": list_rules_markdown}
            print(listing[args.format]())
            return 0
        if args.explain is not None:
            print(explain_rule(args.explain.strip()))
            return 0
    except (KeyError, ValueError) as error:
        raise UsageError(error.args[0]) from None
    if args.engine == "ray":
        from cleaner.ray_engine import run_cli  # Ray is an optional extra

        return run_cli(args, options)
    outputs = {} if args.diff else _output_paths(args)
    saved = args.corpus_stats
    try:
        files = input_files(args.paths, exclude=[*outputs.values(), *([saved] if saved else [])])
    except ValueError as error:
        raise UsageError(error.args[0]) from None
    if saved and not os.path.exists(saved):
        outputs["corpus stats"] = saved
    check_outputs(files, outputs, reads_stdin=STDIN in files)
    extractor = TimedExtractor(args.html_timeout)
    try:
        options = replace(options, corpus=batch_counts(args, files, extractor, outputs))
        items = (
            item
            for path in files
            for item in read_documents(path, extractor, args.text_field, args.id_field)
        )
        if args.diff:
            color = use_color(args.color) and args.format == "text"
            return show_diffs(items, options.cleaner(), color, args.id_field, args.format)
        return run(items, options, args, outputs)
    finally:
        extractor.close()


def batch_counts(
    args: argparse.Namespace,
    files: list[str | Rejected],
    extractor: TimedExtractor,
    outputs: dict[str, str],
) -> LineCounts | None:
    """The batch's line counts: loaded from ``--corpus-stats``, else counted in a first pass
    over the inputs (files only: stdin cannot be read twice), else none.

    The first pass reads (and extracts) every document once more; rejects are left to the
    second pass, which reports them.
    """
    saved = args.corpus_stats
    if saved and "corpus stats" not in outputs:
        try:
            return LineCounts.from_json(jsonl.loads(Path(saved).read_bytes()))
        except (OSError, jsonl.RecordError, ValueError) as error:
            reason = error.strerror if isinstance(error, OSError) else str(error)
            raise UsageError(f"{saved}: cannot reuse the line counts: {reason}") from None
    if args.no_batch_pass or STDIN in files:
        if saved:
            raise UsageError("--corpus-stats needs a first pass, which stdin cannot give")
        return None
    counts = LineCounts()
    for path in files:
        for item in read_documents(path, extractor, args.text_field, args.id_field):
            if isinstance(item, Document):
                counts.add(item.text, source_of(item.metadata))
    if saved:
        try:
            sink = AtomicFile(saved)
            sink.write(jsonl.dumps(counts.to_json()))
            sink.commit()
        except OSError as error:
            raise UsageError(f"cannot write {saved}: {error.strerror}") from None
    return counts


def _output_paths(args: argparse.Namespace) -> dict[str, str]:
    outputs = {}
    if args.output not in (None, STDOUT):
        outputs["output"] = args.output
    if args.skip_bad or args.output not in (None, STDOUT):
        outputs["rejects file"] = args.rejects or default_rejects_path(args.output)
    if args.stats_json:
        outputs["statistics file"] = args.stats_json
    if args.report:
        outputs["report"] = args.report
    return outputs


def use_color(choice: str) -> bool:
    if choice != "auto":
        return choice == "always"
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def show_diffs(
    items: Iterable[Document | Rejected],
    cleaner: Cleaner,
    color: bool,
    id_field: str,
    output_format: str,
) -> int:
    """Print each document's edits; 1 when any document would change (or was bad), as
    ``ruff --diff`` does, so a CI step can fail on text that is not clean yet."""
    status = 0
    for item in items:
        if isinstance(item, Rejected):
            print(f"clean: error: {item.describe()}", file=sys.stderr)
            status = 1
            continue
        cleaned = cleaner.clean(item.text, item.metadata)
        if cleaned.edits or cleaned.filled:
            status = 1
        if output_format == "json":
            document = item.record.get(id_field) if item.line else None
            for line in diff_records(item.source, document, item.text, cleaned):
                sys.stdout.buffer.write(jsonl.dumps(line) + b"\n")
            continue
        where = item.source if item.line == 0 else f"{item.source} [{item.record[id_field]}]"
        print(render_diff(printable(where), item.text, cleaned, color), end="")
    return status


@dataclass
class Counts:
    read: int = 0
    written: int = 0
    empty: int = 0
    rejected: int = 0

    def line(self) -> str:
        empty = f" ({self.empty} with empty text)" if self.empty else ""
        return f"clean: read {self.read}, written {self.written}{empty}, rejected {self.rejected}"


def run(
    items: Iterator[Document | Rejected],
    options: Options,
    args: argparse.Namespace,
    outputs: dict[str, str],
) -> int:
    """Clean every document into the output; count what was read, written and rejected."""
    counts = Counts()
    stats = Statistics() if options.statistics else None
    try:
        output = open_sink(outputs.get("output"))
        rejects = LazySink(outputs["rejects file"]) if "rejects file" in outputs else None
    except OSError as error:
        print(
            f"clean: error: cannot write {_failed_path(error)}: {error.strerror}", file=sys.stderr
        )
        return 1
    sinks: list[Sink] = [output, *([rejects] if rejects is not None else [])]
    progress = tqdm(unit=" docs", disable=args.quiet or not sys.stderr.isatty(), file=sys.stderr)
    status = 0
    try:
        with cleaned_lines(items, options, args.workers, stats) as results:
            for result in results:
                counts.read += 1
                progress.update()
                if isinstance(result, Rejected):
                    counts.rejected += 1
                    if not args.skip_bad or rejects is None:
                        print(f"clean: error: {result.describe()}", file=sys.stderr)
                        print("clean: use --skip-bad to set bad input aside", file=sys.stderr)
                        status = 1
                        break
                    rejects.write(jsonl.dumps(result.to_dict()) + b"\n")
                    continue
                line, empty = result
                output.write(line)
                counts.written += 1
                counts.empty += empty
        if status == 0:
            if stats is not None:
                write_statistics(stats, outputs, sinks)
            for sink in sinks:
                sink.commit()
    except (KeyboardInterrupt, Interrupted) as stop:
        _discard(sinks)
        progress.close()
        name = signal.Signals(stop.signum if isinstance(stop, Interrupted) else signal.SIGINT).name
        print(counts.line(), file=sys.stderr)
        print(f"clean: interrupted by {name}; {_nothing_written(outputs)}", file=sys.stderr)
        raise
    except OSError as error:
        if isinstance(error, BrokenPipeError):
            _discard(sinks)
            raise
        _discard(sinks)
        progress.close()
        print(counts.line(), file=sys.stderr)
        where = _failed_path(error) or "stdout"
        print(f"clean: error: cannot write {where}: {error.strerror}", file=sys.stderr)
        print(f"clean: {_nothing_written(outputs)}", file=sys.stderr)
        return 1
    finally:
        progress.close()
    if status != 0:
        _discard(sinks)
        print(counts.line(), file=sys.stderr)
        print(f"clean: {_nothing_written(outputs)}", file=sys.stderr)
        return status
    if stats is not None and args.statistics:
        print(render_text(stats), end="", file=sys.stderr)
    where = f" (see {rejects.name})" if rejects is not None and rejects.used else ""
    print(f"{counts.line()}{where}", file=sys.stderr)
    return 0


def write_statistics(stats: Statistics, outputs: dict[str, str], sinks: list[Sink]) -> None:
    """Write the ``--stats-json`` and ``--report`` files beside their targets, to be committed
    with the output (each joins ``sinks`` as it is opened, so a failure discards it too)."""
    rendered = {"statistics file": render_json, "report": lambda s: render_html(s).encode()}
    for role, render in rendered.items():
        if role in outputs:
            file = AtomicFile(outputs[role])
            sinks.append(file)
            file.write(render(stats))


def _failed_path(error: OSError) -> str:
    return printable(str(error.filename)) if error.filename else ""


def _discard(sinks: list[Sink]) -> None:
    for sink in sinks:
        sink.discard()


def _nothing_written(outputs: dict[str, str]) -> str:
    if "output" not in outputs:
        return "the records before it went to stdout"
    return f"nothing written: {outputs['output']} is as it was before the run"


@contextmanager
def cleaned_lines(
    items: Iterator[Document | Rejected],
    options: Options,
    workers: int,
    stats: Statistics | None = None,
) -> Iterator[Iterator[tuple[bytes, bool] | Rejected]]:
    """The output lines in input order, from this process or from a pool of workers; what the
    rules did is added to ``stats`` (workers send theirs back with each chunk)."""
    if workers <= 1:
        cleaner = options.cleaner()
        yield (clean_item(cleaner, options, item, stats) for item in items)
        return
    with Pool(workers, initializer=_start_worker, initargs=(options,)) as pool:
        yield _in_order(pool, items, workers, stats)


CHUNK = 16  # documents a task: fewer round trips to the workers


Chunk = tuple[list[tuple[bytes, bool] | Rejected], Statistics | None]


def _in_order(
    pool: PoolType,
    items: Iterator[Document | Rejected],
    workers: int,
    stats: Statistics | None,
) -> Iterator[tuple[bytes, bool] | Rejected]:
    """Results of a bounded window of chunks, in input order.

    The input is read here, in the main thread, not in the pool's feeder thread: a signal
    then stops the reading at once, and stopping the pool never waits for a producer that
    is still writing to stdin.
    """
    pending: deque[AsyncResult[Chunk]] = deque()

    def collect() -> list[tuple[bytes, bool] | Rejected]:
        lines, partial = pending.popleft().get()
        if stats is not None and partial is not None:
            stats.merge(partial)
        return lines

    while chunk := tuple(islice(items, CHUNK)):
        pending.append(pool.apply_async(_clean_in_worker, (chunk,)))
        if len(pending) >= 4 * workers:
            yield from collect()
    while pending:
        yield from collect()


def clean_item(
    cleaner: Cleaner,
    options: Options,
    item: Document | Rejected,
    stats: Statistics | None = None,
) -> tuple[bytes, bool] | Rejected:
    """One document's output line, and whether its text came out empty; or why there is none.
    A written document's edits are counted in ``stats``."""
    if isinstance(item, Rejected):
        return item
    if options.with_edits and options.edits_field in item.record:
        return Rejected(
            item.source,
            item.line,
            f"record already has an {options.edits_field!r} field; name another with --edits-field",
        )
    record, cleaned = cleaner.clean_record_and_result(
        item.record, options.text_field, options.with_edits, options.edits_field
    )
    try:
        line = jsonl.dumps(record)
    except jsonl.RecordError as error:
        return Rejected(item.source, item.line, f"record {error}")
    if stats is not None and cleaned is not None:
        stats.add(str(record.get(options.id_field)), item.text, cleaned)
    return line + b"\n", not record[options.text_field]


# Each worker process builds its cleaner once, when the pool starts it.
_worker: tuple[Cleaner, Options] | None = None


def _start_worker(options: Options) -> None:
    global _worker
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches every process; the parent stops
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _worker = (options.cleaner(), options)


def _clean_in_worker(items: tuple[Document | Rejected, ...]) -> Chunk:
    """A chunk's lines, and the chunk's statistics when the run counts them."""
    assert _worker is not None
    cleaner, options = _worker
    stats = Statistics() if options.statistics else None
    return [clean_item(cleaner, options, item, stats) for item in items], stats


if __name__ == "__main__":
    sys.exit(main())
