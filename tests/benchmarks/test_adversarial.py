"""The default cleaner on the adversarial inputs of every rule, one benchmark per shape.

Run for numbers: pytest tests/benchmarks --benchmark-enable. tests/test_linear_time.py checks
the same inputs for linear growth; this shows what they cost beside the throughput benchmarks.
"""

from __future__ import annotations

import pytest

from cleaner import Cleaner
from cleaner.registry import all_rules

from adversarial import SHAPES

SIZE = 25_000


@pytest.mark.benchmark(group="adversarial")
@pytest.mark.parametrize("shape", SHAPES)
def test_clean_adversarial_inputs(benchmark, shape: str) -> None:
    texts = [SHAPES[shape](rule, SIZE) for rule in all_rules()]
    cleaner = Cleaner()

    def clean_all() -> int:
        return sum(len(cleaner.clean(text).text) for text in texts)

    assert benchmark.pedantic(clean_all, rounds=3, iterations=1) > 0
