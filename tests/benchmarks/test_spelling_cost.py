"""What the spelling rules cost: the default pipeline without them, beside test_clean_corpus.

Run: pytest tests/benchmarks --benchmark-enable; the summary prints the speed ratio.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_throughput import ROUNDS, clean_corpus

from cleaner import Cleaner
from cleaner.registry import all_rules

SPELLING = [rule.id for rule in all_rules() if rule.__module__.endswith(".spelling")]


@pytest.mark.benchmark(group="throughput")
def test_clean_corpus_without_spelling(benchmark, corpus: Path, tmp_path: Path) -> None:
    cleaner = Cleaner(ignore=[rule for rule in SPELLING if rule in {r.id for r in Cleaner().rules}])
    count = benchmark.pedantic(
        clean_corpus, args=(corpus, tmp_path / "out.jsonl", cleaner), rounds=ROUNDS, iterations=1
    )
    assert count == sum(1 for _ in corpus.open("rb"))
