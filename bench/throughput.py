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

``clean --workers 1`` and ``--workers 2`` are timed on the wall clock as whole processes on the
same file (text mode) and on the same folder of pages (HTML mode, extraction in the workers), and
HTML mode (``extract_html`` and the rules) against ``trafilatura.extract`` alone on the same
pages. ``--rss-mb N`` also runs ``clean --workers 2`` into an output folder on an N MB corpus and
reports the peak memory of the ``clean`` process and of its workers together, sampled from /proc
(the figure the issue bounds: under 300 MB for 1 GB of input).
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


def timed_run(command: list[str]) -> tuple[float, float, float]:
    """Wall seconds of ``command``, and CPU seconds sampled from /proc until it ends: of all
    its processes together, and of its own process plus its busiest child with everything
    that child started (a worker and its extraction process), the longest the run can take on
    idle cores (the parent's start-up comes before any worker's work)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    cpu: dict[int, float] = {}
    branch: dict[int, int] = {}  # each descendant's child of the root
    while process.poll() is None:
        children = _children()
        for child in children.get(process.pid, ()):
            for pid in _descendants(child, children):
                branch[pid] = child
        for pid in [process.pid, *branch]:
            seconds = _cpu_seconds(pid)
            if seconds is not None:
                cpu[pid] = seconds
        time.sleep(0.05)
    wall = time.perf_counter() - start
    if process.returncode != 0:
        raise subprocess.CalledProcessError(process.returncode, command)
    own = cpu.pop(process.pid, 0.0)
    per_child: dict[int, float] = {}
    for pid, seconds in cpu.items():
        per_child[branch[pid]] = per_child.get(branch[pid], 0.0) + seconds
    return wall, own + sum(cpu.values()), own + max(per_child.values(), default=0.0)


def speed_up(command: list[str], output: str, rounds: int) -> tuple[float, float]:
    """How many times as fast ``--workers 2`` runs as ``--workers 1``: on the wall clock (best
    of ``rounds`` each, interleaved), and by CPU time: the one-process run's CPU seconds over
    the two-worker run's longest path (the parent's CPU seconds plus those of its busiest
    worker with its extraction process), a lower bound of the speed-up on two idle cores that
    other jobs on the machine hardly move."""
    one = two = float("inf")
    one_cpu = two_path = float("inf")
    for _ in range(rounds):
        wall, total, _ = timed_run([*command, "--workers", "1", "-o", output])
        one, one_cpu = min(one, wall), min(one_cpu, total)
        wall, _, path = timed_run([*command, "--workers", "2", "-o", output])
        two, two_path = min(two, wall), min(two_path, path)
    return one / two, one_cpu / two_path


def _tree_memory_kb(root: int) -> tuple[int, int]:
    """Resident memory (RSS) and proportional set size (PSS: shared pages split between the
    processes that share them) of a process and all its descendants, in kB, from /proc."""
    rss = pss = 0
    for pid in _descendants(root):
        try:
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            continue
        for line in rollup.splitlines():
            name, _, value = line.partition(":")
            if name == "Rss":
                rss += int(value.split()[0])
            elif name == "Pss":
                pss += int(value.split()[0])
    return rss, pss


def peak_memory_mb(command: list[str]) -> tuple[float, float, float]:
    """Peak RSS and PSS of ``command`` with its workers (sampled), and the wall seconds."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak_rss = peak_pss = 0
    while process.poll() is None:
        rss, pss = _tree_memory_kb(process.pid)
        peak_rss, peak_pss = max(peak_rss, rss), max(peak_pss, pss)
        time.sleep(0.2)
    if process.returncode != 0:
        raise subprocess.CalledProcessError(process.returncode, command)
    return peak_rss / 1000, peak_pss / 1000, time.perf_counter() - start


def html_folder(bench_dir: Path, pages: int, folder: Path) -> int:
    """``pages`` of the shared pages as .html.gz files in ``folder``; their stored bytes."""
    folder.mkdir()
    paths = [page.html_path for load in LOADERS.values() for page in load(bench_dir)][:pages]
    for number, path in enumerate(paths):
        (folder / f"page-{number:05d}.html.gz").write_bytes(path.read_bytes())
    return sum(path.stat().st_size for path in paths)


def html_mode(bench_dir: Path, pages: int, rounds: int) -> tuple[float, float]:
    """CPU seconds of ``trafilatura.extract`` alone and of extraction + rules, same pages."""
    import trafilatura

    from cleaner import Cleaner
    from cleaner.html import extract_html

    htmls = [
        gzip.decompress(page.html_path.read_bytes())
        for load in LOADERS.values()
        for page in load(bench_dir)
    ][:pages]
    cleaner = Cleaner()

    def cleaned(html: bytes) -> str:
        text, metadata = extract_html(html)
        return cleaner.clean(text or "", metadata).text

    timings = []
    for job in (lambda html: trafilatura.extract(html) or "", cleaned):
        best = float("inf")
        for _ in range(rounds):
            start = time.process_time()
            for html in htmls:
                job(html)
            best = min(best, time.process_time() - start)
        timings.append(best)
    return timings[0], timings[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.throughput", description=__doc__)
    parser.add_argument("--mb", type=float, default=20.0, help="corpus size in MB (default 20)")
    parser.add_argument("--rounds", type=int, default=3, help="repeats; the best counts")
    parser.add_argument("--html-pages", type=int, default=200, help="pages for HTML mode")
    parser.add_argument("--bench-dir", help="benchmark data (default ../shared/bench)")
    parser.add_argument(
        "--rss-mb", type=float, default=0, help="also measure peak memory on a corpus this big"
    )
    args = parser.parse_args(argv)
    bench_dir = resolve_bench_dir(args.bench_dir)
    if not bench_dir.is_dir():
        print(f"benchmark data not found at {bench_dir}")
        return 2

    from cleaner import Cleaner

    cleaner = Cleaner()
    with tempfile.TemporaryDirectory() as folder:
        corpus = Path(folder) / "corpus.jsonl"
        size = write_corpus(page_texts(bench_dir), args.mb, corpus)
        megabytes = size / 1e6
        jobs = {
            "orjson read + write": lambda record: record,
            "ftfy, conservative config": fix_with_ftfy,
            "clean, default rules": cleaner.clean_record,
        }
        seconds = {name: run_job(corpus, work, args.rounds) for name, work in jobs.items()}
        floor = seconds["orjson read + write"]
        print(f"corpus: {megabytes:.1f} MB of extracted text from the shared pages, CPU time")
        print(f"{'job':32} {'MB/s':>8} {'x orjson':>9}")
        for name, spent in seconds.items():
            print(f"{name:32} {megabytes / spent:8.1f} {spent / floor:9.1f}")
        ftfy_ratio = seconds["ftfy, conservative config"] / seconds["clean, default rules"]
        print(f"clean is {ftfy_ratio:.2f}x as fast as ftfy's conservative config alone")

        clean = [sys.executable, "-m", "cleaner.cli", "-q", "--no-batch-pass", "--isolated"]
        output = str(Path(folder) / "out.jsonl")
        load = os.getloadavg()[0]
        wall, cpu = speed_up([*clean, str(corpus)], output, args.rounds)
        print(
            f"text mode: clean --workers 2 is {cpu:.2f}x the speed of --workers 1 by CPU time "
            f"(longest path), {wall:.2f}x on the wall clock (load average {load:.1f})"
        )
        pages = Path(folder) / "pages"
        html_folder(bench_dir, args.html_pages, pages)
        load = os.getloadavg()[0]
        wall, cpu = speed_up([*clean, str(pages)], output, args.rounds)
        print(
            f"HTML mode, {args.html_pages} pages: clean --workers 2 is {cpu:.2f}x the speed of "
            f"--workers 1 by CPU time (longest path), {wall:.2f}x on the wall clock "
            f"(load average {load:.1f})"
        )
        if args.rss_mb:
            big = Path(folder) / "big.jsonl"
            size = write_corpus(page_texts(bench_dir), args.rss_mb, big)
            command = [*clean, str(big), "--workers", "2", "-o", str(Path(folder) / "shards") + "/"]
            rss, pss, seconds = peak_memory_mb(command)
            print(
                f"clean --workers 2 on {size / 1e6:.0f} MB into shards: peak memory of clean and "
                f"its workers together {pss:.0f} MB PSS ({rss:.0f} MB RSS, shared pages counted "
                f"once per process), {size / 1e6 / seconds:.1f} MB/s"
            )

    alone, whole = html_mode(bench_dir, args.html_pages, args.rounds)
    print(
        f"HTML mode, {args.html_pages} pages: extraction + rules take {whole / alone:.2f}x the "
        "time of trafilatura.extract alone"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
