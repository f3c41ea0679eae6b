"""What the spelling rules cost: the default pipeline without them, and the spelling rules
alone, beside test_clean_corpus and test_orjson_roundtrip in the same group.

Run: pytest tests/benchmarks --benchmark-enable; the summary prints the speed ratio, and the
table the spelling rules alone against orjson read + write.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_throughput import ROUNDS, clean_corpus

from cleaner import Cleaner
from cleaner.registry import all_rules

SPELLING = [rule.id for rule in all_rules() if rule.__module__.endswith(".spelling")]
DEFAULT_SPELLING = [rule.id for rule in Cleaner().rules if rule.id in SPELLING]


@pytest.mark.benchmark(group="throughput")
def test_clean_corpus_without_spelling(benchmark, corpus: Path, tmp_path: Path) -> None:
    cleaner = Cleaner(ignore=DEFAULT_SPELLING)
    count = benchmark.pedantic(
        clean_corpus, args=(corpus, tmp_path / "out.jsonl", cleaner), rounds=ROUNDS, iterations=1
    )
    assert count == sum(1 for _ in corpus.open("rb"))


@pytest.mark.benchmark(group="throughput")
def test_clean_corpus_spelling_rules_only(benchmark, corpus: Path, tmp_path: Path) -> None:
    output = tmp_path / "out.jsonl"
    cleaner = Cleaner(select=DEFAULT_SPELLING)
    count = benchmark.pedantic(
        clean_corpus, args=(corpus, output, cleaner), rounds=ROUNDS, iterations=1
    )
    assert count == sum(1 for _ in corpus.open("rb"))
    # the seeds' one known misspelt name is corrected in every copy
    assert b"Khalizad" not in output.read_bytes()
