"""Throughput of ``clean`` beside the floor of a Python JSONL step and beside ftfy, in one run.

Run from the repository root::

    python -m bench.throughput              # a 20 MB corpus built from the shared pages
    python -m bench.throughput --mb 100 --rounds 3

The corpus is the text trafilatura extracts (``favor_recall``) from every page of
``../shared/bench``, repeated to the asked size as JSONL records. Every job reads and writes the
same records with orjson and does its own work on the text; times are CPU seconds of this
process (the best of ``--rounds``), so other load on a shared machine matters less, and the
results are ratios against orjson read + write measured in the same run:

* orjson read + write: the floor of any Python JSONL step;
* ftfy with a conservative configuration (no restyling of clean text, as in datatrove's
  ``FTFYFormatter``) on every text;
* ``clean``'s default rules, as ``Cleaner.clean_record``.

``clean --workers 1`` and ``--workers 2`` are timed as whole processes on the same file (text
mode: a ``--workers-mb`` corpus, 200 MB by default as in the issue that set the target, so
that what a run pays once, the parent's start-up and each worker's first judging of the
corpus's words, is small beside the cleaning, as in a real pipeline step) and on the same
folder of pages (HTML mode, extraction in the workers; every shared page by default), without
the first pass over the files, and once more in text mode as a user runs it, first pass
included. The ratio by
CPU time takes the one-process run's CPU seconds over the two-worker run's longest path (the
parent's CPU seconds plus, for the first pass's workers and then the cleaning's, the busiest
one's with its extraction process), which other jobs on a shared machine hardly move; the wall
clock ratio and the load average are printed beside it. HTML mode
(``extract_html`` and the rules) is also timed against ``trafilatura.extract`` alone on the same
pages, after a first round that pays what a process loads once (dateparser, which htmldate
calls for some dates, compiles each language's patterns when it first tries it: seconds per
process). ``--rss-mb N`` also runs ``clean --workers 2`` into an output folder on an N MB corpus,
first pass included, and reports the peak memory of the ``clean`` process and its workers,
sampled from /proc (the issue bounds it: under 300 MB for 1 GB of input); ``--memory-only``
runs just that.
"""

from __future__ import annotations

import argparse
import gzip
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from multiprocessing import Pool
from pathlib import Path

import ftfy
import orjson

from bench.pages import LOADERS, resolve_bench_dir

CACHE = Path(__file__).resolve().parent.parent / ".cache" / "throughput" / "pages.jsonl"
CONSERVATIVE = ftfy.TextFixerConfig(
    unescape_html=False,
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,
    fix_line_breaks=False,
    normalization=None,
    explain=False,
)


def _extract(path: Path) -> str:
    import trafilatura

    html = gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace")
    return trafilatura.extract(html, favor_recall=True, include_comments=False) or ""


def page_texts(bench_dir: Path) -> list[str]:
    """The extracted text of every shared page, cached after the first run."""
    if CACHE.exists():
        return [orjson.loads(line)["text"] for line in CACHE.read_bytes().splitlines()]
    paths = [page.html_path for load in LOADERS.values() for page in load(bench_dir)]
    with Pool() as pool:
        texts = [text for text in pool.map(_extract, paths, chunksize=8) if text]
    CACHE.parent.mkdir(parents=True, exist_ok=True)
    CACHE.write_bytes(b"".join(orjson.dumps({"text": text}) + b"\n" for text in texts))
    return texts


def write_corpus(texts: list[str], megabytes: float, path: Path) -> int:
    """JSONL records of ``texts``, repeated to about ``megabytes``; returns its size in bytes."""
    size = number = 0
    with path.open("wb") as stream:
        while size < megabytes * 1_000_000:
            line = orjson.dumps({"id": number, "text": texts[number % len(texts)]}) + b"\n"
            stream.write(line)
            size += len(line)
            number += 1
    return size


def records(path: Path) -> Iterator[dict]:
    with path.open("rb") as stream:
        for line in stream:
            yield orjson.loads(line)


def run_job(path: Path, work: Callable[[dict], dict], rounds: int) -> float:
    """Best CPU seconds of reading, ``work`` on each record, and writing it back."""
    best = float("inf")
    for _ in range(rounds):
        start = time.process_time()
        with tempfile.TemporaryFile() as sink:
            for record in records(path):
                sink.write(orjson.dumps(work(record)) + b"\n")
        best = min(best, time.process_time() - start)
    return best


def fix_with_ftfy(record: dict) -> dict:
    return {**record, "text": ftfy.fix_text(record["text"], CONSERVATIVE)}


def _children() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(parent, []).append(int(entry.name))
    return children


def _descendants(root: int, children: dict[int, list[int]] | None = None) -> list[int]:
    children = _children() if children is None else children
    found, stack = [], [root]
    while stack:
        pid = stack.pop()
        found.append(pid)
        stack.extend(children.get(pid, ()))
    return found


def _cpu_seconds(pid: int) -> float | None:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class Timing:
    """One run of ``clean``: wall seconds, and CPU seconds of its own process and, for each
    set of workers that ran together (the first pass's, then the cleaning's), of the busiest
    one with everything it started (its extraction process)."""

    wall: float
    total: float
    parent: float
    busiest: tuple[float, ...]

    @property
    def path(self) -> float:
        """The longest the run can take on idle cores: the parent's start-up comes before any
        worker's work, one set of workers after the other, and the parent's writing is
        counted as if no worker ran meanwhile."""
        return self.parent + sum(self.busiest)

    def workers(self) -> str:
        return " + ".join(f"{seconds:.1f} s" for seconds in self.busiest) or "0 s"


def busiest_per_set(cpu: dict[int, float], lifetimes: dict[int, tuple[int, int]]) -> list[float]:
    """The CPU seconds of the busiest child of each set of children that ran together: a
    child that started after every child before it had ended begins a new set."""
    sets: list[float] = []
    ended = -1
    for child, (first, last) in sorted(lifetimes.items(), key=lambda item: item[1]):
        if first > ended:  # ``ended`` starts before the first sample
            sets.append(0.0)
        sets[-1] = max(sets[-1], cpu.get(child, 0.0))
        ended = max(ended, last)
    return sets


@dataclass(frozen=True)
class Memory:
    """Peak memory of a process and its descendants, in MB, sampled from /proc: RSS of the
    largest process, RSS of all together (shared pages counted once per process), and PSS of
    all together (shared pages split between the processes that share them)."""

    largest_rss: float = 0.0
    rss: float = 0.0
    pss: float = 0.0

    def peak(self, other: Memory) -> Memory:
        return Memory(
            max(self.largest_rss, other.largest_rss),
            max(self.rss, other.rss),
            max(self.pss, other.pss),
        )


def tree_memory(root: int) -> Memory:
    """The memory of ``root`` and all its descendants now."""
    largest = rss = pss = 0
    for pid in _descendants(root):
        try:
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in rollup.splitlines()[1:])
        own = int(fields["Rss"].split()[0])
        largest, rss = max(largest, own), rss + own
        pss += int(fields["Pss"].split()[0])
    return Memory(largest / 1000, rss / 1000, pss / 1000)


def timed_run(command: list[str], memory_every: int = 0) -> tuple[Timing, Memory]:
    """Wall seconds of ``command``, and CPU seconds of its processes sampled from /proc every
    0.05 s until it ends; with ``memory_every``, its peak memory too, sampled every that many
    CPU samples."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    cpu: dict[int, float] = {}
    branch: dict[int, int] = {}  # each descendant's child of the root
    lifetimes: dict[int, tuple[int, int]] = {}  # each child's first and last sample
    peak = Memory()
    samples = 0
    while process.poll() is None:
        children = _children()
        for child in children.get(process.pid, ()):
            lifetimes[child] = (lifetimes.get(child, (samples, samples))[0], samples)
            for pid in _descendants(child, children):
                branch[pid] = child
        for pid in [process.pid, *branch]:
            seconds = _cpu_seconds(pid)
            if seconds is not None:
                cpu[pid] = seconds
        samples += 1
        if memory_every and samples % memory_every == 0:
            peak = peak.peak(tree_memory(process.pid))
        time.sleep(0.05)
    wall = time.perf_counter() - start
    if process.returncode != 0:
        raise subprocess.CalledProcessError(process.returncode, command)
    own = cpu.pop(process.pid, 0.0)
    per_child: dict[int, float] = {}
    for pid, seconds in cpu.items():
        per_child[branch[pid]] = per_child.get(branch[pid], 0.0) + seconds
    timing = Timing(
        wall, own + sum(cpu.values()), own, tuple(busiest_per_set(per_child, lifetimes))
    )
    return timing, peak


def speed_up(command: list[str], output: str, rounds: int) -> tuple[float, float, Timing]:
    """How many times as fast ``--workers 2`` runs as ``--workers 1``: on the wall clock (best
    of ``rounds`` each, interleaved), and by CPU time: the one-process run's CPU seconds over
    the two-worker run's longest path (the parent's CPU seconds plus those of its busiest
    worker with its extraction process), a lower bound of the speed-up on two idle cores that
    other jobs on the machine hardly move; with the two-worker run of the shortest path."""
    one = two = one_cpu = float("inf")
    best: Timing | None = None
    for _ in range(rounds):
        single, _ = timed_run([*command, "--workers", "1", "-o", output])
        one, one_cpu = min(one, single.wall), min(one_cpu, single.total)
        double, _ = timed_run([*command, "--workers", "2", "-o", output])
        two = min(two, double.wall)
        if best is None or double.path < best.path:
            best = double
    assert best is not None
    return one / two, one_cpu / best.path, best


def html_folder(bench_dir: Path, pages: int | None, folder: Path) -> int:
    """The first ``pages`` of the shared pages (None: all) as .html.gz files in ``folder``;
    how many."""
    folder.mkdir()
    paths = [page.html_path for load in LOADERS.values() for page in load(bench_dir)][:pages]
    for number, path in enumerate(paths):
        (folder / f"page-{number:05d}.html.gz").write_bytes(path.read_bytes())
    return len(paths)


def page_htmls(bench_dir: Path, pages: int | None) -> list[bytes]:
    """The HTML of the first ``pages`` shared pages (None: all), decompressed."""
    return [
        gzip.decompress(page.html_path.read_bytes())
        for load in LOADERS.values()
        for page in load(bench_dir)
    ][:pages]


def html_mode(bench_dir: Path, pages: int | None, rounds: int) -> tuple[float, float, float]:
    """CPU seconds of ``trafilatura.extract`` alone (the best of ``rounds``) and of extraction +
    rules, same pages: its first round, and the best of the rounds after it.

    The first round pays what a process pays once: htmldate hands some dates to dateparser,
    which compiles each language's patterns the first time it tries that language (seconds,
    once per process and worker). The later rounds are what every further page costs.
    """
    import trafilatura

    from cleaner import Cleaner
    from cleaner.html import extract_html

    htmls = page_htmls(bench_dir, pages)
    cleaner = Cleaner()

    def cleaned(html: bytes) -> str:
        text, metadata = extract_html(html)
        return cleaner.clean(text or "", metadata).text

    timings: list[list[float]] = []
    for job in (lambda html: trafilatura.extract(html) or "", cleaned):
        spent = []
        for _ in range(rounds):
            start = time.process_time()
            for html in htmls:
                job(html)
            spent.append(time.process_time() - start)
        timings.append(spent)
    alone, whole = timings
    return min(alone), whole[0], min(whole[1:], default=float("nan"))


CLEAN = [sys.executable, "-m", "cleaner.cli", "-q", "--isolated"]


# Timings of orjson read + write in each round: the job takes a tenth of a second, where one
# slow moment of a shared machine would be a large part of it.
FLOOR_REPEATS = 5


def per_core(corpus: Path, rounds: int) -> None:
    """The single-process jobs on ``corpus``, as MB/s and as multiples of orjson read + write."""
    from cleaner import Cleaner

    megabytes = corpus.stat().st_size / 1e6
    floor_job = "orjson read + write"
    jobs = {
        floor_job: lambda record: record,
        "ftfy, conservative config": fix_with_ftfy,
        "clean, default rules": Cleaner().clean_record,
    }
    # The jobs take turns, round after round, so that a slow spell of a shared machine falls on
    # all of them; the floor, a fraction of a second, is timed several times a round.
    seconds = dict.fromkeys(jobs, float("inf"))
    for _ in range(rounds):
        for name, work in jobs.items():
            repeats = FLOOR_REPEATS if name == floor_job else 1
            seconds[name] = min(seconds[name], run_job(corpus, work, repeats))
    floor = seconds[floor_job]
    print(f"corpus: {megabytes:.1f} MB of extracted text from the shared pages, CPU time")
    print(f"{'job':32} {'MB/s':>8} {'x orjson':>9}")
    for name, spent in seconds.items():
        print(f"{name:32} {megabytes / spent:8.1f} {spent / floor:9.1f}")
    ftfy_ratio = seconds["ftfy, conservative config"] / seconds["clean, default rules"]
    print(f"clean is {ftfy_ratio:.2f}x as fast as ftfy's conservative config alone")


def workers_line(
    mode: str, inputs: Path, output: str, rounds: int, first_pass: bool = False
) -> None:
    """``--workers 2`` against ``--workers 1`` on ``inputs``, with where the two-worker run's
    longest path went; without the first pass over the files unless ``first_pass``."""
    load = os.getloadavg()[0]
    options = [] if first_pass else ["--no-batch-pass"]
    wall, cpu, two = speed_up([*CLEAN, *options, str(inputs)], output, rounds)
    print(
        f"{mode}: clean --workers 2 is {cpu:.2f}x the speed of --workers 1 by CPU time "
        f"(longest path: parent {two.parent:.1f} s + busiest worker {two.workers()}), "
        f"{wall:.2f}x on the wall clock (load average {load:.1f} before, "
        f"{os.getloadavg()[0]:.1f} after)"
    )


def memory_line(corpus: Path, folder: Path) -> None:
    """Peak memory of ``clean --workers 2`` into shards, first pass included, as a user runs
    it on a folder of JSONL."""
    megabytes = corpus.stat().st_size / 1e6
    load = os.getloadavg()[0]
    command = [*CLEAN, str(corpus), "--workers", "2", "-o", f"{folder}/"]
    timing, peak = timed_run(command, memory_every=4)
    print(
        f"clean --workers 2 on {megabytes:.0f} MB into shards (first pass included): peak "
        f"memory {peak.pss:.0f} MB PSS of clean and its workers together, {peak.rss:.0f} MB RSS "
        f"(shared pages counted once per process), largest process {peak.largest_rss:.0f} MB "
        f"RSS; CPU time: parent {timing.parent:.0f} s, busiest worker {timing.workers()}, "
        f"all {timing.total:.0f} s; {timing.wall:.0f} s on the wall clock (load average "
        f"{load:.1f} before, {os.getloadavg()[0]:.1f} after)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.throughput",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--mb", type=float, default=20.0, help="corpus size in MB (default 20)")
    parser.add_argument(
        "--workers-mb",
        type=float,
        default=200.0,
        help="corpus size for --workers 2 against 1 in text mode (default 200)",
    )
    parser.add_argument(
        "--rounds", type=int, default=3, help="repeats (at least 2); the best counts"
    )
    parser.add_argument(
        "--html-pages", type=int, help="pages for HTML mode (default: every shared page)"
    )
    parser.add_argument("--bench-dir", help="benchmark data (default ../shared/bench)")
    parser.add_argument(
        "--rss-mb", type=float, default=0, help="also measure peak memory on a corpus this big"
    )
    parser.add_argument("--memory-only", action="store_true", help="only the --rss-mb measurement")
    args = parser.parse_args(argv)
    bench_dir = resolve_bench_dir(args.bench_dir)
    if not bench_dir.is_dir():
        print(f"benchmark data not found at {bench_dir}")
        return 2
    if args.memory_only and not args.rss_mb:
        parser.error("--memory-only needs --rss-mb")
    if args.rounds < 2 and not args.memory_only:
        parser.error(
            "--rounds must be 2 or more: HTML mode's first round pays what a process loads once"
        )

    texts = page_texts(bench_dir)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        output = str(work / "out.jsonl")
        if not args.memory_only:
            corpus = work / "corpus.jsonl"
            write_corpus(texts, args.mb, corpus)
            per_core(corpus, args.rounds)
            write_corpus(texts, args.workers_mb, corpus)
            workers_line(f"text mode, {args.workers_mb:g} MB", corpus, output, args.rounds)
            workers_line(
                f"text mode, {args.workers_mb:g} MB, first pass included",
                corpus,
                output,
                args.rounds,
                first_pass=True,
            )
            corpus.unlink()
            pages = work / "pages"
            count = html_folder(bench_dir, args.html_pages, pages)
            workers_line(f"HTML mode, {count} pages", pages, output, args.rounds)
        if args.rss_mb:
            big = work / "big.jsonl"
            write_corpus(texts, args.rss_mb, big)
            memory_line(big, work / "shards")
    if not args.memory_only:
        alone, first, later = html_mode(bench_dir, args.html_pages, args.rounds)
        print(
            f"HTML mode, {count} pages: extraction + rules take {later / alone:.2f}x the "
            f"time of trafilatura.extract alone ({first / alone:.2f}x in the first round, "
            "which loads dateparser's languages once per process)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
