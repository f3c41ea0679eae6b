"""The line pass with and without the Hyperscan scan, on the same seed corpus.

Run for numbers: pytest tests/benchmarks/test_fast_core_speed.py --benchmark-enable. Both runs give
the same output (tests/test_fast_core.py checks it on far more text); this shows what the scan
saves on the rules it gates.
"""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from cleaner import Cleaner
from cleaner.registry import all_rules
from cleaner.rule import Phase
from cleaner.scan import scanner

pytest.importorskip("hyperscan", reason="the fast pass needs the hyperscan wheel")

# The spelling rules are not gated by the scan; without them the timing shows what it gates.
GATED = [
    rule.id for rule in all_rules() if rule.enabled_by_default and rule.phase != Phase.SPELLING
]


def clean_all(texts: list[str], cleaner: Cleaner) -> list[str]:
    return [cleaner.clean(text).text for text in texts]


@pytest.fixture(scope="module")
def texts(corpus: Path) -> list[str]:
    return [orjson.loads(line)["text"] for line in corpus.read_bytes().splitlines()[:2000]]


@pytest.mark.benchmark(group="fast-core")
def test_gated_rules_with_the_scan(benchmark, texts: list[str]) -> None:
    assert scanner() is not None
    cleaner = Cleaner(select=GATED)
    cleaned = benchmark.pedantic(clean_all, args=(texts, cleaner), rounds=3, iterations=1)
    assert len(cleaned) == len(texts)


@pytest.mark.benchmark(group="fast-core")
def test_gated_rules_without_the_scan(
    benchmark, texts: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CLEANER_NO_SCAN", "1")
    assert scanner() is None
    cleaner = Cleaner(select=GATED)
    cleaned = benchmark.pedantic(clean_all, args=(texts, cleaner), rounds=3, iterations=1)
    assert len(cleaned) == len(texts)
