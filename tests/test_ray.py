"""Cleaning inside a real (local) Ray Data pipeline, the way cluster jobs use the cleaner."""

from __future__ import annotations

import pytest

from cleaner import Cleaner

ray = pytest.importorskip("ray", reason="install the 'ray' extra to run the cluster test")

TEXT = "US Envoy Warns the Taliban Over Kabul\n\nBy Jane Doe\n\nThe envoy spoke.\n\n© Getty Images"


@pytest.fixture(scope="module")
def local_cluster():
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield
    ray.shutdown()


@pytest.mark.ray
def test_map_batches_cleans_every_row(local_cluster: None) -> None:
    rows = [{"id": n, "text": TEXT if n % 2 else f"Plain text {n}."} for n in range(40)]
    dataset = ray.data.from_items(rows).map_batches(Cleaner(), batch_format="pandas")
    result = sorted(dataset.take_all(), key=lambda row: row["id"])
    assert len(result) == 40
    assert result[1]["text"] == "The envoy spoke."
    assert result[1]["metadata"]["author"] == "Jane Doe"
    assert result[2]["text"] == "Plain text 2."


@pytest.mark.ray
def test_map_with_clean_record(local_cluster: None) -> None:
    cleaner = Cleaner(select=["photo-credit"])
    dataset = ray.data.from_items([{"id": 0, "text": TEXT}]).map(cleaner.clean_record)
    [row] = dataset.take_all()
    assert "Getty" not in row["text"] and row["text"].startswith("US Envoy Warns")
