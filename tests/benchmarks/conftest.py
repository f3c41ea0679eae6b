"""A realistic corpus for throughput benchmarks, and the cleaner/orjson ratio in the summary."""

from __future__ import annotations

import os
import random
from pathlib import Path

import orjson
import pytest

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
CORPUS_MB = float(os.environ.get("CLEANER_BENCH_MB", "20"))


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """JSONL of seed articles with their paragraphs reshuffled, about CLEANER_BENCH_MB MB."""
    texts = [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))]
    rng = random.Random(7)
    path = tmp_path_factory.mktemp("bench") / "corpus.jsonl"
    size = 0
    with path.open("wb") as stream:
        number = 0
        while size < CORPUS_MB * 1_000_000:
            paragraphs = texts[number % len(texts)].split("\n\n")
            head, body = paragraphs[:2], paragraphs[2:]
            rng.shuffle(body)
            line = orjson.dumps({"id": number, "text": "\n\n".join(head + body)}) + b"\n"
            stream.write(line)
            size += len(line)
            number += 1
    return path


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    session = getattr(terminalreporter.config, "_benchmarksession", None)
    if session is None:
        return
    means = {bench.name: bench.stats.mean for bench in session.benchmarks if bench.stats}
    baseline, cleaning = means.get("test_orjson_roundtrip"), means.get("test_clean_corpus")
    if baseline and cleaning:
        terminalreporter.write_line(
            f"throughput: cleaning takes {cleaning / baseline:.1f}x the time of plain orjson "
            f"read+write ({CORPUS_MB:g} MB corpus, same run)"
        )
    without = means.get("test_clean_corpus_without_spelling")
    if cleaning and without:
        terminalreporter.write_line(
            f"spelling: the default pipeline runs at {without / cleaning:.2f} of its speed "
            "without the spelling rules (same run)"
        )
    alone, extraction = means.get("test_trafilatura_extract"), means.get("test_extract_html")
    if alone and extraction:
        terminalreporter.write_line(
            f"html: extract_html takes {extraction / alone:.2f}x the time of trafilatura.extract "
            "on the same page (same run)"
        )
