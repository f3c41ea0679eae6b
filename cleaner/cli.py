"""The ``clean`` command.

There are no subcommands: paths are always inputs (a folder called ``rules/`` is a folder),
and the other jobs are options (``--list-rules``, ``--explain``, ``--diff``).

A run is trusted with data it cannot get back, so before anything is written every output is
checked against every input; outputs are renamed into place only when the run succeeds; and
every mistake a user can make (a bad option, a full disk, Ctrl-C, a closed pipe) ends with a
message and an exit status, not a traceback: 0 done, 1 bad input or a failed write, 2 a bad
command line or configuration, 130, 143 and 129 interrupted by SIGINT, SIGTERM and SIGHUP, 141 a
closed pipe.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import os
import re
import signal
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path, PurePosixPath
from typing import Any

from cleaner import __doc__ as about
from cleaner import jsonl, signals, std_streams
from cleaner.arrow_types import is_json_type, json_type
from cleaner.config import RuleChoice, find_config, load_config
from cleaner.diff import diff_records, render_diff
from cleaner.explain import explain_rule, list_rules, list_rules_json, list_rules_markdown
from cleaner.extraction import MAX_PAGE_BYTES, TimedExtractor
from cleaner.first_pass import BatchStatistics
from cleaner.kept_pages import kept_pages_folder
from cleaner.metadata import metadata_type, text_typed_list_fields
from cleaner.outputs import Output, ShardedOutput, SingleOutput
from cleaner.pieces import Piece, plan
from cleaner.pipeline import context_of
from cleaner.progress import Progress
from cleaner.readers import (
    STDIN,
    Document,
    Rejected,
    file_identity,
    input_files,
    is_url,
    printable,
    read_documents,
    size_of,
)
from cleaner.readers.locations import (
    UNWRITTEN_COMPRESSIONS,
    as_local,
    compression_of,
    filesystem_of,
    id_bases,
    is_rejects_name,
    kind_of,
    modified_of,
    read_once,
)
from cleaner.readers.parquet import column_types
from cleaner.report import render_html, render_json, render_text
from cleaner.shard_names import CORPUS_STATS, writes_name
from cleaner.signals import Interrupted, stop_signal
from cleaner.stats import Statistics
from cleaner.workers import Cleaned, Options, PieceMap, Written, cleaning_failed, in_order
from cleaner.writers import FORMATS, MANIFEST, STDOUT, AtomicFile, ShardWriter, Sink
from cleaner.writers.atomic import is_stream
from cleaner.writers.shards import join

# Each worker process costs a copy of the rules and their patterns; far more workers than
# cores only costs memory.
WORKERS_PER_CPU = 4
# A page that takes longer is stuck; past about 9e9 s the wait itself overflows.
MAX_HTML_TIMEOUT = 86_400
EXIT_BROKEN_PIPE = 141


class UsageError(Exception):
    """A mistake on the command line or in the configuration: exit status 2."""


def max_workers() -> int:
    return WORKERS_PER_CPU * (os.cpu_count() or 1)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="clean",
        description=about,
        epilog="Inputs: .txt and .html/.htm files (one document each), .jsonl files (one record "
        "a line), .parquet files, folders and globs of these (hidden entries skipped), fsspec "
        "URLs (s3://, gs://, hf://, memory://), '-' for JSONL on stdin; .gz and .zst are "
        "decompressed. Exit status: 0 done, 1 bad input or a failed write, 2 usage, "
        "130/143 interrupted.",
    )
    parser.add_argument(
        "paths", nargs="*", default=[], metavar="PATH", help="inputs (default: stdin, '-')"
    )
    parser.add_argument(
        "-o",
        "--output",
        help="output JSONL (.gz/.zst compress) or .parquet; a folder (ending in '/', or one that "
        "exists) gets shards and a manifest; default stdout",
    )
    parser.add_argument(
        "--shard-size",
        metavar="SIZE",
        help=f"start a new shard after this much output (default {DEFAULT_SHARD_SIZE}; kB, MB, GB)",
    )
    parser.add_argument(
        "--shard-format",
        choices=FORMATS,
        help=f"format of the shards (default {FORMATS[0]})",
    )
    parser.add_argument(
        "--resume",
        action="store_true",
        help="skip the shards an interrupted run of the same inputs and options finished",
    )
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
        "--edits-field",
        help=f"field for the edit log with --edits (default {DEFAULT_EDITS_FIELD!r})",
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
        "--max-page-size",
        metavar="SIZE",
        help=f"set aside HTML pages larger than this without parsing them (default "
        f"{MAX_PAGE_BYTES // 10**6}MB, trafilatura's own limit)",
    )
    parser.add_argument(
        "--no-batch-pass",
        action="store_true",
        help="skip the first pass that counts the batch's repeated lines (done for file inputs)",
    )
    parser.add_argument(
        "--corpus-stats",
        metavar="FILE",
        help="the batch's line counts and vocabulary: reused when FILE exists, else counted and "
        "saved there",
    )
    parser.add_argument(
        "--source-field",
        metavar="FIELD",
        help="the field (in metadata or beside it) that names a document's source for the "
        "batch's line counts; default: the host name, else the host of the URL",
    )
    parser.add_argument(
        "--engine",
        choices=("local", "ray"),
        default="local",
        help="ray: clean the pieces as Ray tasks, to the same output",
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
        elif not args.isolated and (found := find_config()) is not None:
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
    if not 0 < args.html_timeout <= MAX_HTML_TIMEOUT:
        raise UsageError(
            f"--html-timeout must be a positive number of seconds up to {MAX_HTML_TIMEOUT:,} "
            f"(a day), not {args.html_timeout:g}"
        )
    if args.explain is not None and not args.explain.strip():
        raise UsageError("--explain needs a rule id")
    if args.format == "markdown" and not args.list_rules:
        raise UsageError("--format markdown is for --list-rules")
    if args.format != "text" and not (args.list_rules or args.diff):
        raise UsageError(f"--format {args.format} is for --list-rules and --diff")
    if args.diff and wants_statistics(args):
        raise UsageError("--diff writes no statistics; run without --diff for them")
    args.shard_bytes = parse_size(args.shard_size or DEFAULT_SHARD_SIZE)
    args.max_page_bytes = (
        MAX_PAGE_BYTES
        if args.max_page_size is None
        else parse_size(args.max_page_size, "--max-page-size")
    )
    if args.edits_field is not None and not args.edits:
        raise UsageError("--edits-field names the field of --edits, which is not given")
    if args.edits_field is None:  # not ``or``: an empty name ("$FIELD" unset) is refused below
        args.edits_field = DEFAULT_EDITS_FIELD
    for option, value in (
        ("-o", args.output),
        ("--rejects", args.rejects),
        ("--stats-json", args.stats_json),
        ("--report", args.report),
        ("--corpus-stats", args.corpus_stats),
        ("--config", args.config),
    ):
        if value == "":  # an unset shell variable: -o "$OUT"
            raise UsageError(f"{option} is given an empty name; name a file")
        if option not in ("-o", "--config") and value is not None:
            if value == STDOUT:  # a file named '-' would be made, and replaced run after run
                raise UsageError(f"{option} takes a file name; '-' (stdout) is for -o only")
            if value.endswith(("/", os.sep)):
                raise UsageError(f"{option} {value} names a folder; name a file")
    if args.ray_address is not None and args.engine != "ray":
        raise UsageError("--ray-address is for --engine ray; without it the run is local")
    if args.diff:
        writing = {"-o": args.output, "--rejects": args.rejects, "--edits": args.edits}
        given = [option for option, value in writing.items() if value]
        if given:  # each would be ignored: nothing is written
            raise UsageError(
                f"{given[0]} is for a run that writes records; --diff only shows edits"
            )
    folder = is_folder_output(args.output)
    for option, value in (("--shard-size", args.shard_size), ("--shard-format", args.shard_format)):
        if value is not None and not folder:
            raise UsageError(f"{option} is for an output folder (-o FOLDER/), which gets shards")
    args.shard_format = args.shard_format or FORMATS[0]
    if args.resume and not folder:
        raise UsageError("--resume is for an output folder (-o FOLDER/), which keeps a manifest")
    if args.resume and wants_statistics(args):
        raise UsageError("--resume cannot give statistics of the shards it skips; run without them")
    if folder and args.rejects:
        raise UsageError("--rejects is for one output file: shards keep their rejects beside them")
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
    if args.source_field is not None and not args.source_field:
        raise UsageError("--source-field needs a field name")
    if args.source_field and not args.corpus_stats:
        if args.no_batch_pass:
            raise UsageError("--source-field is for the batch pass, which --no-batch-pass skips")
        if STDIN in args.paths:
            raise UsageError(
                "--source-field is for the batch pass, which a run on stdin does not get; "
                "give it counts saved with --corpus-stats"
            )


DEFAULT_SHARD_SIZE = "256MB"
DEFAULT_EDITS_FIELD = "edits"
SIZE_UNITS = {"": 1, "b": 1, "kb": 10**3, "mb": 10**6, "gb": 10**9, "kib": 2**10, "mib": 2**20}
SIZE_UNITS["gib"] = 2**30


def parse_size(text: str, option: str = "--shard-size") -> int:
    """Bytes of a size such as ``256MB``, ``1.5GB`` or ``4096``, given to ``option``."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*", text)
    if match is None or match.group(2).lower() not in SIZE_UNITS:
        raise UsageError(f"{option} must be a size such as 256MB or 1GB, not {text!r}")
    size = int(float(match.group(1)) * SIZE_UNITS[match.group(2).lower()])
    if size < 1:
        raise UsageError(f"{option} must be at least 1 byte, not {text!r}")
    return size


def is_folder_output(path: str | None) -> bool:
    """Whether ``-o`` names a folder of shards: it ends in '/' or is a folder already."""
    if path is None or path == STDOUT:
        return False
    if path.endswith("/"):
        return True
    if is_url(path):
        try:
            return bool(filesystem_of(path).isdir(path))
        except ValueError as error:
            raise UsageError(error.args[0]) from None
    return os.path.isdir(path)


# The rejects of a run on stdout, which has no output file to name them after: in the working
# folder, numbered so that no run's replace another's (``LazySink``).
STDOUT_REJECTS = "clean.rejects.jsonl"


def default_rejects_path(output: str | None) -> str:
    if output is None or output == STDOUT or is_stream(output):
        return STDOUT_REJECTS
    name = output
    for suffix in (".gz", ".zst", ".jsonl", ".json", ".ndjson", ".parquet"):
        name = name.removesuffix(suffix)
    return f"{name}.rejects.jsonl"


def stale_rejects(
    args: argparse.Namespace, files: list[str | Rejected], outputs: dict[str, str]
) -> bool:
    """Whether a file at the default rejects path is an earlier run's rejects of this output,
    to be removed when this run has none: only when that output exists, to be replaced, and
    never when it is the default rejects file of one of the inputs (``day.jsonl`` and
    ``day.parquet`` share ``day.rejects.jsonl``: it holds the bad lines of the run that made
    the input, perhaps their only copy). A rejects file named with ``--rejects`` is the run's."""
    output, rejects = outputs.get("output"), outputs.get("rejects file")
    if args.rejects is not None or output is None or rejects is None:
        return True
    if not (filesystem_of(output).exists(output) if is_url(output) else os.path.exists(output)):
        return False
    inputs = {_real(default_rejects_path(item)) for item in files if isinstance(item, str)}
    return _real(rejects) not in inputs


def _real(path: str) -> str:
    return path if is_url(path) else os.path.realpath(path)


# What each kind of output file can be named, by what ``clean`` writes there.
WRITTEN_NAMES = {
    "output": ".jsonl, .jsonl.gz, .jsonl.zst or .parquet",
    "rejects file": ".jsonl, .jsonl.gz or .jsonl.zst",
}


def check_output_name(role: str, path: str) -> None:
    """Refuse a file name that promises what ``clean`` does not write there (a compression it
    has not, Parquet, text or HTML for JSON lines): every reader would decode the file
    otherwise, ``clean`` too (a later run took an ``out.txt`` of records for one document)."""
    name = path.lower()
    compression = compression_of(path)
    unwritten = next((suffix for suffix in UNWRITTEN_COMPRESSIONS if name.endswith(suffix)), None)
    parquet = name.removesuffix(compression or "").endswith(".parquet")
    if unwritten:
        reason = f"asks for {unwritten} compression, which clean does not write"
    elif parquet and (compression or role != "output"):
        reason = "would be JSON lines under a Parquet name"
    elif _read_as(path) in ("text", "html"):
        reason = "would be JSON lines under a name that clean reads as a document of text or HTML"
    else:
        return
    raise UsageError(f"the {role} {path} {reason}; name a {WRITTEN_NAMES[role]} file")


def _read_as(path: str) -> str | None:
    """The kind of input ``clean`` reads a file of this name as, None for none."""
    try:
        return kind_of(path)
    except ValueError:
        return None


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
    writes_stdout = "output" not in outputs and "output folder" not in outputs
    stdout = _stdout_identity() if writes_stdout else None
    if stdout is not None and stdout in sources:
        # ``clean in.jsonl >> in.jsonl`` would read its own output back until the disk is full
        source = sources[stdout]
        name = "on standard input" if source == "stdin" else printable(source)
        raise UsageError(
            f"standard output is the input {name}: the run would write into what it reads; "
            "redirect it to another file or name one with -o"
        )
    seen: dict[str, str] = {}
    folder = outputs.get("output folder")
    for role, path in outputs.items():
        if is_stream(path):
            continue  # a device or pipe is written in place: nothing of it is replaced
        if folder is not None and role != "output folder" and _written_by_shards(path, folder):
            raise UsageError(
                f"the {role} {path} is a file that the run writes into the output folder "
                f"{folder}; name another"
            )
        if role in ("output", "rejects file"):
            check_output_name(role, path)
        real = _real(path)
        if real in seen:
            raise UsageError(f"the {role} {path} is also the {seen[real]}; name another")
        seen[real] = role
        if role != "output folder" and os.path.isdir(path):
            raise UsageError(f"the {role} {path} is a folder; name a file")
        if role == "output folder" and not is_url(path):
            inside = os.path.join(real, "")
            for source in sources.values():
                if source != "stdin" and os.path.realpath(source).startswith(inside):
                    raise UsageError(
                        f"the input {printable(source)} is inside the output folder {path}, "
                        "whose files this run rewrites or removes; name another folder"
                    )
        identity = file_identity(path)
        if identity is not None and identity in sources:
            raise UsageError(
                f"the {role} {path} is the input {printable(sources[identity])}: it would be "
                "overwritten; name another file"
            )


def _stdout_identity() -> tuple[int, int] | None:
    """The file standard output writes to, None when it is no file (a stream of a caller that
    captures it has no descriptor)."""
    try:
        return file_identity(sys.stdout.fileno())
    except (AttributeError, OSError, ValueError):  # io.UnsupportedOperation is both
        return None


def _written_by_shards(path: str, folder: str) -> bool:
    """Whether ``path`` is one of the names the shard writer gives files in ``folder``."""
    parent, name = path.rstrip("/").rsplit("/", 1) if "/" in path else ("", path)
    if is_url(folder) or is_url(path):
        same_folder = parent.rstrip("/") == folder.rstrip("/")
    else:
        same_folder = os.path.realpath(parent or ".") == os.path.realpath(folder)
    return same_folder and writes_name(name)


def main(argv: list[str] | None = None) -> int:
    closed = std_streams.reopen_closed()
    parser = build_parser()
    args = parser.parse_args(argv)
    args.named_inputs = bool(args.paths)
    args.paths = [as_local(path) for path in args.paths] or [STDIN]
    for option in ("output", "rejects", "stats_json", "report", "corpus_stats"):
        if getattr(args, option):
            setattr(args, option, as_local(getattr(args, option)))
    signals.install()
    try:
        check_standard_streams(args, closed)
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
        return 128 + stop_signal(stop)  # as a shell reports a process a signal ended


def check_standard_streams(args: argparse.Namespace, closed: frozenset[int]) -> None:
    """Refuse to read a closed standard input or to write a closed standard output (see
    ``std_streams``): nothing would be read, or everything written would be lost."""
    if 0 in closed and STDIN in args.paths:
        raise UsageError("the standard input is closed (<&-); name the input files")
    if 1 in closed:
        if args.list_rules or args.explain is not None or args.diff:
            raise UsageError("the standard output is closed (>&-), and this command prints to it")
        if args.output in (None, STDOUT):
            raise UsageError("the standard output is closed (>&-); name an output file with -o")


def wants_statistics(args: argparse.Namespace) -> bool:
    return bool(args.statistics or args.stats_json or args.report)


def writes_parquet(args: argparse.Namespace) -> bool:
    """Whether the records go to Parquet, which holds the NaN and infinite floats that JSON
    has no number for."""
    return args.output is not None and (
        args.output.lower().endswith(".parquet") or args.shard_format == "parquet"
    )


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
            html_timeout=args.html_timeout,
            max_page_bytes=args.max_page_bytes,
            source_field=args.source_field,
            keeps_non_finite=writes_parquet(args),
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
    if not args.named_inputs and sys.stdin.isatty():
        # nothing piped in: the run would wait for records typed at the terminal
        raise UsageError("no input: name files or folders to clean, or pipe records in ('-')")
    if args.engine == "ray":
        from cleaner.ray_engine import RayEngine  # Ray is an optional extra

        engine = RayEngine(args)
        try:
            return _clean(args, options, engine.map)
        finally:
            engine.close()
    return _clean(args, options, partial(in_order, workers=args.workers))


def _clean(args: argparse.Namespace, options: Options, map_pieces: PieceMap) -> int:
    """Check the inputs against the outputs, then show the diffs or clean, with ``map_pieces``
    cleaning the pieces (worker processes here, or Ray tasks)."""
    outputs = {} if args.diff else _output_paths(args)
    saved = args.corpus_stats
    try:
        for path in outputs.values():
            if is_url(path):
                filesystem_of(path)  # a missing backend is a usage mistake, told before any work
        _refuse_input_folder_as_output(args.paths, outputs)
        excluded = [*outputs.values(), *([saved] if saved else []), *_folder_files(outputs)]
        skipped: list[str] = []
        passed_over: list[str] = []
        files, repeats = read_once(input_files(args.paths, excluded, skipped, passed_over))
    except ValueError as error:
        raise UsageError(error.args[0]) from None
    for folder in skipped:
        print(
            f"clean: {printable(folder)} holds the output of an earlier run ({MANIFEST}): "
            "not read; name it to clean its shards",
            file=sys.stderr,
        )
    for note in _passed_over(passed_over):
        print(f"clean: {note}", file=sys.stderr)
    for name, first in repeats:
        same = "named more than once" if name == first else f"the file {printable(first)}"
        print(f"clean: {printable(name)} is {same}: read once", file=sys.stderr)
    if saved and not os.path.exists(saved):
        outputs["corpus stats"] = saved
    elif saved and not is_url(saved) and is_stream(saved):
        # read whole as saved counts, /dev/zero took all memory
        raise UsageError(f"--corpus-stats {saved} is a device or pipe; name a file of saved counts")
    check_outputs(files, outputs, reads_stdin=STDIN in files)
    types = kept_column_types(files, writes_parquet(args)) or {}
    options = replace(options, single_list_fields=text_typed_list_fields(types.get("metadata")))
    bases = id_bases(args.paths, files)
    if args.diff:
        # The diff shows what a run would do: with the batch's counts, as the run has them.
        counts = batch_counts(args, files, bases, options, outputs, saved, map_pieces)
        if counts is not None:
            options = replace(options, corpus=counts.lines, vocabulary=counts.vocabulary)
        extractor = TimedExtractor(args.html_timeout, args.max_page_bytes)
        try:
            items = (
                item
                for path in files
                for item in read_documents(
                    path, extractor, args.text_field, args.id_field, bases.get(path)
                )
            )
            color = use_color(args.color) and args.format == "text"
            return show_diffs(items, options, color, args.format)
        finally:
            extractor.close()
    writer = None
    if "output folder" in outputs:
        writer = shard_writer(args, files, options)
        if writer.manifest.get("corpus_stats") and writer.finished:
            # The finished shards were cleaned with these counts: the rest must be too.
            saved = join(outputs["output folder"], CORPUS_STATS)
            outputs.pop("corpus stats", None)
    with kept_pages_folder(files) as folder:
        options = replace(options, kept_pages=folder)
        try:
            counts = batch_counts(args, files, bases, options, outputs, saved, map_pieces)
        except (KeyboardInterrupt, Interrupted) as stop:
            name = signal.Signals(stop_signal(stop)).name
            print(Counts().line(stopped=True), file=sys.stderr)
            left = _nothing_written(outputs) if "output folder" in outputs else "nothing written"
            print(f"clean: interrupted by {name} in the first pass; {left}", file=sys.stderr)
            raise
        if counts is not None:
            options = replace(options, corpus=counts.lines, vocabulary=counts.vocabulary)
        return run(files, bases, options, args, outputs, writer, map_pieces)


def _passed_over(names: list[str]) -> list[str]:
    """What a folder walk left out: earlier runs' rejects files, and files of no kind of input
    counted by suffix; the first of each named."""
    notes = []
    rejects = [name for name in names if is_rejects_name(name)]
    if rejects:
        files = "file" if len(rejects) == 1 else "files"
        notes.append(
            f"passed over {len(rejects)} rejects {files} of earlier runs, such as "
            f"{printable(min(rejects))}; name one to clean it"
        )
    others = [name for name in names if not is_rejects_name(name)]
    if others:
        suffixes = Counter(PurePosixPath(name).suffix.lower() or "no suffix" for name in others)
        kinds = ", ".join(f"{suffix} {count}" for suffix, count in sorted(suffixes.items()))
        files = "file" if len(others) == 1 else "files"
        notes.append(
            f"passed over {len(others)} {files} of no kind clean reads ({kinds}), such as "
            f"{printable(min(others))}; name one to be told why"
        )
    return notes


def _refuse_input_folder_as_output(paths: list[str], outputs: dict[str, str]) -> None:
    """An output folder that is an input folder would have its files both read and rewritten
    (the folder walk leaves an output folder's files out, so without this the run would only
    say that the folder holds no inputs)."""
    folder = outputs.get("output folder")
    if folder is None or is_url(folder):
        return
    for path in paths:
        if (
            path != STDIN
            and not is_url(path)
            and os.path.realpath(path) == os.path.realpath(folder)
        ):
            raise UsageError(f"the output folder {folder} is the input {path}; name another folder")


def _folder_files(outputs: dict[str, str]) -> list[str]:
    """The files already in an output folder, which are never inputs."""
    folder = outputs.get("output folder")
    if folder is None or is_url(folder) or not os.path.isdir(folder):
        return []
    return [os.path.join(folder, name) for name in os.listdir(folder)]


def run_description(
    args: argparse.Namespace, files: list[str | Rejected], options: Options
) -> dict[str, Any]:
    """What makes a sharded output: the inputs (with their sizes and times of change) and
    every option that changes its bytes, kept in the manifest so that a resumed run can be
    checked against it."""
    inputs: list[dict[str, Any]] = []
    for item in files:
        if isinstance(item, Rejected):
            inputs.append({"path": item.source, "size": None, "modified": None})
        else:
            size = size_of(item) if item != STDIN else None
            inputs.append({"path": item, "size": size, "modified": modified_of(item)})
    return {
        "inputs": inputs,
        "options": {
            "rules": [rule.id for rule in options.cleaner().rules],
            "text_field": args.text_field,
            "id_field": args.id_field,
            "edits": args.edits,
            "edits_field": args.edits_field if args.edits else None,
            "skip_bad": args.skip_bad,
            "batch_pass": not args.no_batch_pass,
            "html_timeout": args.html_timeout,
            "max_page_bytes": args.max_page_bytes,
            "source_field": args.source_field,
        },
        "corpus_stats": CORPUS_STATS if batch_pass_wanted(args, files) else None,
    }


def shard_writer(
    args: argparse.Namespace, files: list[str | Rejected], options: Options
) -> ShardWriter:
    """The writer of an output folder; with ``--resume``, holding the shards already done."""
    if args.resume and STDIN in files:
        raise UsageError("--resume cannot skip what was read from stdin; name the files")
    try:
        writer = ShardWriter(
            args.output.rstrip("/"),
            args.shard_format,
            args.shard_bytes,
            run_description(args, files, options),
            options.text_field,
            kept_column_types(
                files,
                args.shard_format == "parquet",
                args.id_field,
                args.edits_field if args.edits else None,
            ),
        )
        if args.resume:
            writer.resume()
        # the folder is this run's from here on: its line counts are written before any
        # shard, and a run stopped in between leaves them listed as its own
        writer.claim()
    except ValueError as error:
        raise UsageError(error.args[0]) from None
    except OSError as error:  # the folder's first file cannot be written: a full disk, EROFS
        raise UsageError(f"cannot write {_failed_path(error)}: {error.strerror}") from None
    return writer


def kept_column_types(
    files: list[str | Rejected],
    parquet_output: bool,
    id_field: str = "id",
    edits_field: str | None = None,
) -> dict[str, Any] | None:
    """The column types a Parquet output keeps: those of Parquet inputs, when every input is
    one; a metadata struct gains the fields the rules record. In the order a run writes its
    columns, with those it adds (a made id first, metadata, the edit log last), which an
    output that gets no row is written with (``ParquetSink``)."""
    if not parquet_output or not all(
        isinstance(item, str) and item != STDIN and kind_of(item) == "parquet" for item in files
    ):
        return None
    types = column_types([item for item in files if isinstance(item, str)], id_field)
    given = types.get("metadata")
    if given is None or not is_json_type(given):  # JSON text holds the rules' fields as it is
        # no metadata, or none of a struct the rules' fields fit: JSON text, as a row's object
        fitted = None if given is None else metadata_type(given)
        types["metadata"] = json_type() if fitted is None else fitted
    if edits_field is not None:
        types[edits_field] = json_type()
    return types


def batch_pass_wanted(args: argparse.Namespace, files: list[str | Rejected]) -> bool:
    return not args.no_batch_pass and STDIN not in files


def batch_counts(
    args: argparse.Namespace,
    files: list[str | Rejected],
    bases: dict[str, str],
    options: Options,
    outputs: dict[str, str],
    saved: str | None,
    map_pieces: PieceMap,
) -> BatchStatistics | None:
    """The batch's line counts and vocabulary (``first_pass``): loaded from ``saved``
    (``--corpus-stats``, or the output folder's own copy when resuming), else counted in a
    first pass over the inputs (files only: stdin cannot be read twice), else none.

    The first pass reads every document once more, in the workers (pages are extracted once:
    it keeps them for the second, see ``kept_pages``); rejects are left to the second pass,
    which reports them. An output folder keeps the counts, so that a
    resumed run cleans with the very counts of the first.
    """
    if saved and "corpus stats" not in outputs:
        try:
            counts = BatchStatistics.from_json(jsonl.loads(_read_bytes(saved)))
        except (OSError, jsonl.RecordError, ValueError) as error:
            reason = error.strerror if isinstance(error, OSError) else str(error)
            raise UsageError(f"{saved}: cannot reuse the saved counts: {reason}") from None
        if counts.lines.source_field != options.source_field:
            raise UsageError(
                f"{saved}: the line counts tell sources apart by "
                f"{_source_option(counts.lines.source_field)}, this run by "
                f"{_source_option(options.source_field)}"
            )
        return counts
    if not batch_pass_wanted(args, files):
        if saved:
            reason = "--no-batch-pass skips" if args.no_batch_pass else "stdin cannot give"
            raise UsageError(f"--corpus-stats needs a first pass, which {reason}")
        return None
    targets = [saved] if saved else []
    if "output folder" in outputs:
        targets.append(join(outputs["output folder"], CORPUS_STATS))
    # Opened before the pass, so that a path that cannot be written stops the run at once
    # rather than after the whole pass; written when the counts are known.
    opened: list[AtomicFile] = []
    try:
        for target in targets:
            try:
                opened.append(AtomicFile(target))
            except OSError as error:
                raise UsageError(f"cannot write {target}: {error.strerror}") from None
        # the pieces of the second pass: the pages extracted now are kept for it, with ids
        counts = BatchStatistics.sum(map_pieces("count", plan(files, id_bases=bases), options))
        counts.compact()
        data = jsonl.dumps(counts.to_json())
        for file in opened:
            try:
                file.write(data)
                file.commit()
            except OSError as error:
                raise UsageError(f"cannot write {file.name}: {error.strerror}") from None
    except BaseException:
        for file in opened:
            file.discard()
        raise
    return counts


def _source_option(source_field: str | None) -> str:
    return f"--source-field {source_field}" if source_field else "host name"


def _read_bytes(path: str) -> bytes:
    if is_url(path):
        return filesystem_of(path).cat_file(path)
    return Path(path).read_bytes()


def _output_paths(args: argparse.Namespace) -> dict[str, str]:
    outputs = {}
    if is_folder_output(args.output):
        outputs["output folder"] = args.output
    elif args.output not in (None, STDOUT):
        outputs["output"] = args.output
    if "output folder" not in outputs and (args.skip_bad or args.output not in (None, STDOUT)):
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
    items: Iterable[Document | Rejected], options: Options, color: bool, output_format: str
) -> int:
    """Print each document's edits; 1 when any document would change (or was bad), as
    ``ruff --diff`` does, so a CI step can fail on text that is not clean yet."""
    cleaner, id_field = options.cleaner(), options.id_field
    status = 0
    for item in items:
        if isinstance(item, Rejected):
            print(f"clean: error: {item.describe()}", file=sys.stderr)
            status = 1
            continue
        if item.text is None:  # a Parquet row's null text is written back as it is
            continue
        try:
            cleaned = cleaner.clean(item.text, context_of(item.record, options.source_field))
        except MemoryError:
            raise
        except Exception as error:  # as a cleaning run sets the record aside
            failed = Rejected(item.source, item.line, cleaning_failed(error))
            print(f"clean: error: {failed.describe()}", file=sys.stderr)
            status = 1
            continue
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

    def line(self, stopped: bool = False) -> str:
        """The run's summary. A stopped run's records were cleaned but not all written (the
        line after it tells what stays), so it says "cleaned"."""
        empty = f" ({self.empty} with empty text)" if self.empty else ""
        done = "cleaned" if stopped else "written"
        return f"clean: read {self.read}, {done} {self.written}{empty}, rejected {self.rejected}"


def run(
    files: list[str | Rejected],
    bases: dict[str, str],
    options: Options,
    args: argparse.Namespace,
    outputs: dict[str, str],
    writer: ShardWriter | None,
    map_pieces: PieceMap,
) -> int:
    """Clean every document into the output; count what was read, written and rejected."""
    counts = Counts()
    stats = Statistics() if options.statistics else None
    output: SingleOutput | ShardedOutput | None = None
    try:
        output = (
            ShardedOutput(writer)
            if writer is not None
            else SingleOutput(
                outputs.get("output"),
                outputs.get("rejects file"),
                args.text_field,
                kept_column_types(
                    files,
                    writes_parquet(args),
                    args.id_field,
                    args.edits_field if args.edits else None,
                ),
                numbered_rejects=args.rejects is None
                and outputs.get("rejects file") == STDOUT_REJECTS,
                stale_rejects=stale_rejects(args, files, outputs),
            )
        )
        statistics_files = open_statistics_files(outputs, output.extra)
    except OSError as error:
        if output is not None:  # a statistics file failed: the output's temporaries go too
            output.discard()
        print(
            f"clean: error: cannot write {_failed_path(error)}: {error.strerror}", file=sys.stderr
        )
        return 1
    start = writer.manifest["shards"][-1]["end"] if writer and writer.finished else [0, 0]
    if writer is not None and writer.finished:
        print(f"clean: resuming after {len(writer.finished)} finished shards", file=sys.stderr)
    total = sum(size_of(item) for item in files if isinstance(item, str) and item != STDIN)
    progress = Progress(total, Progress.wanted(args.quiet))
    status = 0
    try:
        index = 0  # of the piece the part comes from, counted from the first one cleaned
        pieces = plan(files, id_bases=bases)
        for part in map_pieces("clean", _from(pieces, start), options):
            progress.update(part.size, len(part.outcomes))
            if stats is not None and part.stats is not None:
                stats.merge(part.stats)
            status = _write_part(part, start, index, output, counts, args.skip_bad)
            if status:
                break
            index += part.last
        if status == 0:
            if stats is not None:
                write_statistics(stats, statistics_files)
            output.commit()
    except (KeyboardInterrupt, Interrupted) as stop:
        output.discard()
        progress.close()
        name = signal.Signals(stop_signal(stop)).name
        print(counts.line(stopped=True), file=sys.stderr)
        print(f"clean: interrupted by {name}; {_nothing_written(outputs)}", file=sys.stderr)
        raise
    except OSError as error:
        output.discard()
        if isinstance(error, BrokenPipeError):
            raise
        progress.close()
        print(counts.line(stopped=True), file=sys.stderr)
        where = _failed_path(error) or "stdout"
        print(f"clean: error: cannot write {where}: {error.strerror}", file=sys.stderr)
        print(f"clean: {_nothing_written(outputs)}", file=sys.stderr)
        return 1
    except BaseException:
        output.discard()  # whatever went wrong, no temporary file stays beside the outputs
        raise
    finally:
        progress.close()
    if status != 0:
        output.discard()
        print(counts.line(stopped=True), file=sys.stderr)
        print(f"clean: {_nothing_written(outputs)}", file=sys.stderr)
        return status
    if stats is not None and args.statistics:
        print(render_text(stats), end="", file=sys.stderr)
    rejects = output.rejects_written()
    where = f" (see {rejects})" if rejects is not None else ""
    print(f"{counts.line()}{where}", file=sys.stderr)
    return 0


def _from(pieces: Iterator[Piece], start: list[int]) -> Iterator[Piece]:
    """The pieces from ``start``'s piece on: a resumed run does not read the finished ones."""
    for index, piece in enumerate(pieces):
        if index >= start[0]:
            yield piece


def _write_part(
    part: Cleaned,
    start: list[int],
    index: int,
    output: Output,
    counts: Counts,
    skip_bad: bool,
) -> int:
    """Write the outcomes of a part of the ``index``-th piece cleaned (less those a resumed
    run's shards hold); 1 on bad input without ``--skip-bad``."""
    number = start[0] + index
    done = start[1] if index == 0 else 0  # outcomes of this piece already in the shards
    for item, outcome in enumerate(part.outcomes, start=part.first):
        if item < done:
            continue
        after = [number, item + 1]
        counts.read += 1
        if isinstance(outcome, Written):
            refused = output.record(outcome, after)
            if refused is None:
                counts.written += 1
                counts.empty += outcome.empty
                continue
            outcome = refused
        counts.rejected += 1
        if not skip_bad:
            print(f"clean: error: {outcome.describe()}", file=sys.stderr)
            print("clean: use --skip-bad to set bad input aside", file=sys.stderr)
            return 1
        output.reject(outcome, after)
    return 0


# What the --stats-json and --report files hold; a sample may hold a lone surrogate (half of an
# emoji cut in two): the page shows its escape.
STATISTICS_RENDERERS: dict[str, Callable[[Statistics], bytes]] = {
    "statistics file": render_json,
    "report": lambda stats: render_html(stats).encode("utf-8", "backslashreplace"),
}


def open_statistics_files(outputs: dict[str, str], sinks: list[Sink]) -> dict[str, AtomicFile]:
    """Open the ``--stats-json`` and ``--report`` files before the run, each joining ``sinks``
    (committed with the output, discarded with it): a path that cannot be written fails now,
    not after hours of cleaning whose output it would then take down with it."""
    files = {}
    for role in STATISTICS_RENDERERS:
        if role in outputs:
            files[role] = AtomicFile(outputs[role])
            sinks.append(files[role])
    return files


def write_statistics(stats: Statistics, files: dict[str, AtomicFile]) -> None:
    for role, file in files.items():
        file.write(STATISTICS_RENDERERS[role](stats))


def _failed_path(error: OSError) -> str:
    return printable(str(error.filename)) if error.filename else ""


def _nothing_written(outputs: dict[str, str]) -> str:
    if "output folder" in outputs:
        return (
            f"the finished shards of {outputs['output folder']} stay, listed in its {MANIFEST}; "
            "--resume goes on from there"
        )
    if "output" not in outputs:
        return "the records before it went to stdout"
    return f"nothing written: {outputs['output']} is as it was before the run"


if __name__ == "__main__":
    sys.exit(main())
