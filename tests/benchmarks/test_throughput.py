"""Cleaning a corpus against the floor of reading and writing the same JSONL with orjson.

Run for numbers: pytest tests/benchmarks --benchmark-enable (CLEANER_BENCH_MB sets the size).
"""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from cleaner import Cleaner

ROUNDS = 3


def orjson_roundtrip(corpus: Path, output: Path) -> int:
    count = 0
    with corpus.open("rb") as source, output.open("wb") as sink:
        for line in source:
            sink.write(orjson.dumps(orjson.loads(line)) + b"\n")
            count += 1
    return count


def clean_corpus(corpus: Path, output: Path, cleaner: Cleaner) -> int:
    count = 0
    with corpus.open("rb") as source, output.open("wb") as sink:
        for line in source:
            record = orjson.loads(line)
            sink.write(orjson.dumps(cleaner.clean_record(record)) + b"\n")
            count += 1
    return count


@pytest.mark.benchmark(group="throughput")
def test_orjson_roundtrip(benchmark, corpus: Path, tmp_path: Path) -> None:
    count = benchmark.pedantic(
        orjson_roundtrip, args=(corpus, tmp_path / "out.jsonl"), rounds=ROUNDS, iterations=1
    )
    assert count == sum(1 for _ in corpus.open("rb"))


@pytest.mark.benchmark(group="throughput")
def test_clean_corpus(benchmark, corpus: Path, tmp_path: Path) -> None:
    output = tmp_path / "out.jsonl"
    count = benchmark.pedantic(
        clean_corpus, args=(corpus, output, Cleaner()), rounds=ROUNDS, iterations=1
    )
    assert count == sum(1 for _ in corpus.open("rb"))
    with output.open("rb") as cleaned:
        first = orjson.loads(cleaned.readline())
    assert "date 2021" not in first["text"] and first["metadata"]["date"] == "2021-08-10"
