"""The ``clean`` command.

There are no subcommands: paths are always inputs (a folder called ``rules/`` is a folder),
and the other jobs are options (``--list-rules``, ``--explain``, ``--diff``).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing import Pool
from pathlib import Path
from typing import Any

from tqdm import tqdm

from cleaner import __doc__ as about
from cleaner.config import RuleChoice, find_config, load_config
from cleaner.diff import render_diff
from cleaner.explain import explain_rule, list_rules
from cleaner.io import (
    STDIN,
    Document,
    Rejected,
    input_files,
    open_output,
    read_documents,
    write_jsonl,
)
from cleaner.pipeline import Cleaner


@dataclass(frozen=True, slots=True)
class Options:
    """What a worker needs to turn a document into an output record."""

    rules: RuleChoice
    text_field: str
    with_edits: bool

    def cleaner(self) -> Cleaner:
        return Cleaner(self.rules.select, self.rules.ignore, self.rules.extend_select)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="clean",
        description=about,
        epilog="Inputs: .txt and .html/.htm files (one document each), .jsonl files (one record "
        "a line), folders of these, '-' for JSONL on stdin; .gz and .zst are decompressed.",
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
        "--skip-bad", action="store_true", help="write bad input to the rejects file and go on"
    )
    parser.add_argument("--rejects", help="rejects file (default: next to the output)")
    parser.add_argument("--workers", type=int, default=1, help="worker processes (default 1)")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    jobs = parser.add_mutually_exclusive_group()
    jobs.add_argument("--list-rules", action="store_true", help="list the rules and exit")
    jobs.add_argument("--explain", metavar="RULE", help="show a rule's documentation and exit")
    jobs.add_argument("--diff", action="store_true", help="show each edit with its rule id")
    parser.add_argument(
        "--color", choices=("auto", "always", "never"), default="auto", help="colour --diff"
    )
    return parser


def split_ids(values: list[str] | None) -> list[str]:
    return [
        rule_id.strip() for value in values or () for rule_id in value.split(",") if rule_id.strip()
    ]


def rule_choice(args: argparse.Namespace) -> RuleChoice:
    """Rules from the configuration file, then the command line's own say."""
    config = RuleChoice()
    if args.config:
        config = load_config(Path(args.config))
    elif not args.isolated and (found := find_config(Path.cwd())) is not None:
        config = load_config(found)
    return RuleChoice(
        split_ids(args.select) if args.select else config.select,
        config.extend_select + split_ids(args.extend_select),
        config.ignore + split_ids(args.ignore),
    )


def default_rejects_path(output: str | None) -> str:
    if output is None or output == STDIN:
        return "clean.rejects.jsonl"
    name = output
    for suffix in (".gz", ".zst", ".jsonl", ".json", ".ndjson"):
        name = name.removesuffix(suffix)
    return f"{name}.rejects.jsonl"


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        options = Options(rule_choice(args), args.text_field, args.edits)
        cleaner = options.cleaner()
        if args.list_rules:
            print(list_rules())
            return 0
        if args.explain:
            print(explain_rule(args.explain))
            return 0
        files = input_files(args.paths)
    except (KeyError, ValueError, OSError) as error:
        parser.exit(2, f"clean: error: {error.args[0]}\n")
    items = (
        item
        for path in files
        for item in read_documents(path, text_field=args.text_field, id_field=args.id_field)
    )
    if args.diff:
        color = args.color == "always" or (args.color == "auto" and sys.stdout.isatty())
        return show_diffs(items, cleaner, color)
    return run(items, options, args)


def show_diffs(items: Iterable[Document | Rejected], cleaner: Cleaner, color: bool) -> int:
    status = 0
    for item in items:
        if isinstance(item, Rejected):
            print(f"clean: error: {item.describe()}", file=sys.stderr)
            status = 1
            continue
        cleaned = cleaner.clean(item.text, item.metadata)
        where = item.source if item.line == 0 else f"{item.source} [{item.id}]"
        print(render_diff(where, item.text, cleaned, color), end="")
    return status


def run(items: Iterator[Document | Rejected], options: Options, args: argparse.Namespace) -> int:
    """Clean every document into the output; count what was read, written and rejected."""
    read = written = rejected = 0
    rejects_path = args.rejects or default_rejects_path(args.output)
    rejects_stream = None
    status = 0
    progress = tqdm(unit=" docs", disable=args.quiet or not sys.stderr.isatty(), file=sys.stderr)
    try:
        with (
            open_output(args.output) as output,
            cleaned_records(items, options, args.workers) as results,
        ):
            for result in results:
                read += 1
                progress.update()
                if isinstance(result, Rejected):
                    rejected += 1
                    if not args.skip_bad:
                        print(f"clean: error: {result.describe()}", file=sys.stderr)
                        print("clean: use --skip-bad to set bad input aside", file=sys.stderr)
                        status = 1
                        break
                    if rejects_stream is None:
                        rejects_stream = open(rejects_path, "wb")  # noqa: SIM115
                    write_jsonl(rejects_stream, result.to_dict())
                    continue
                write_jsonl(output, result)
                written += 1
    finally:
        progress.close()
        if rejects_stream is not None:
            rejects_stream.close()
    where = f" (see {rejects_path})" if rejects_stream is not None else ""
    print(f"clean: read {read}, written {written}, rejected {rejected}{where}", file=sys.stderr)
    return status


@contextmanager
def cleaned_records(
    items: Iterator[Document | Rejected], options: Options, workers: int
) -> Iterator[Iterator[dict[str, Any] | Rejected]]:
    """The cleaned records in input order, from this process or from a pool of workers."""
    if workers <= 1:
        cleaner = options.cleaner()
        yield (clean_item(cleaner, options, item) for item in items)
        return
    with Pool(workers, initializer=_start_worker, initargs=(options,)) as pool:
        yield pool.imap(_clean_in_worker, items, chunksize=16)


def clean_item(
    cleaner: Cleaner, options: Options, item: Document | Rejected
) -> dict[str, Any] | Rejected:
    """The output record of one document: id, text, metadata, its other fields, edits."""
    if isinstance(item, Rejected):
        return item
    record = {"id": item.id, options.text_field: item.text, "metadata": item.metadata, **item.extra}
    return cleaner.clean_record(record, options.text_field, options.with_edits)


# Each worker process builds its cleaner once, when the pool starts it.
_worker: tuple[Cleaner, Options] | None = None


def _start_worker(options: Options) -> None:
    global _worker
    _worker = (options.cleaner(), options)


def _clean_in_worker(item: Document | Rejected) -> dict[str, Any] | Rejected:
    assert _worker is not None
    return clean_item(_worker[0], _worker[1], item)


if __name__ == "__main__":
    sys.exit(main())
