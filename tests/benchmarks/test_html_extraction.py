"""HTML mode against trafilatura's own ``extract`` on the same page, and its metadata apart.

Run for numbers: pytest tests/benchmarks --benchmark-enable (the summary prints the ratio;
``python -m bench.throughput`` measures it on every shared page). The page is the committed
teaser page, whose short first extraction also takes the balanced retry: a worst case.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import trafilatura

from cleaner.html import extract_html
from cleaner.html_metadata import page_metadata

PAGE = (Path(__file__).resolve().parents[1] / "pages" / "fragment.html").read_bytes()
ROUNDS = 20


@pytest.mark.benchmark(group="html")
def test_trafilatura_extract(benchmark) -> None:
    text = benchmark.pedantic(
        trafilatura.extract, args=(PAGE,), rounds=ROUNDS, iterations=1, warmup_rounds=2
    )
    assert text


@pytest.mark.benchmark(group="html")
def test_extract_html(benchmark) -> None:
    text, metadata = benchmark.pedantic(
        extract_html, args=(PAGE,), rounds=ROUNDS, iterations=1, warmup_rounds=2
    )
    assert text is not None and metadata["title"] == "The week the river came in"


@pytest.mark.benchmark(group="html")
def test_page_metadata(benchmark) -> None:
    tree = trafilatura.load_html(PAGE)
    metadata = benchmark.pedantic(
        page_metadata, args=(tree,), rounds=ROUNDS, iterations=1, warmup_rounds=2
    )
    assert metadata == {"title": "The week the river came in"}
