"""The Python API as pipelines use it: per text, per record, per column batch, pickled."""

from __future__ import annotations

import pickle
from concurrent.futures import ProcessPoolExecutor

from cleaner import Cleaner
from cleaner.registry import all_rules

TEXT = "US Envoy Warns the Taliban Over Kabul\n\nBy Jane Doe\n\nThe envoy spoke.\n\n© Getty Images"


def test_clean_text() -> None:
    result = Cleaner().clean(TEXT)
    assert result.text == "The envoy spoke."
    assert result.metadata == {
        "title": "US Envoy Warns the Taliban Over Kabul",
        "author": "Jane Doe",
    }
    assert [edit.rule for edit in result.edits] == ["title", "byline", "photo-credit"]


def test_clean_text_never_changes_the_callers_metadata() -> None:
    given = {"url": "https://example.com", "source": ["Reuters"]}
    result = Cleaner().clean(TEXT + "\n\nSource: AP", given)
    assert given == {"url": "https://example.com", "source": ["Reuters"]}
    assert result.metadata["source"] == ["Reuters", "AP"]
    assert result.metadata["url"] == "https://example.com"


def test_clean_record_fits_datasets_map() -> None:
    record = {"id": 1, "text": TEXT, "lang": "en"}
    cleaned = Cleaner().clean_record(record, with_edits=True)
    assert cleaned["text"] == "The envoy spoke." and cleaned["lang"] == "en"
    assert cleaned["metadata"]["author"] == "Jane Doe"
    assert len(cleaned["edits"]) == 3
    assert record["text"] == TEXT


def test_batch_call_fits_map_batches() -> None:
    batch = {"id": [1, 2], "text": [TEXT, "Plain text."]}
    out = Cleaner()(batch)
    assert out["text"] == ["The envoy spoke.", "Plain text."]
    assert out["id"] == [1, 2]
    assert out["metadata"][1] is None
    again = Cleaner()({"text": out["text"], "metadata": out["metadata"]})
    assert again["metadata"][0]["author"] == "Jane Doe"


def test_cleaner_pickles_with_its_selection() -> None:
    cleaner = Cleaner(select=["photo-credit"])
    clone = pickle.loads(pickle.dumps(cleaner))
    assert [rule.id for rule in clone.rules] == ["photo-credit"]
    assert clone.clean(TEXT).text == cleaner.clean(TEXT).text


def test_cleaner_runs_in_other_processes() -> None:
    cleaner = Cleaner()
    with ProcessPoolExecutor(max_workers=2) as pool:
        texts = list(pool.map(cleaner.clean, [TEXT] * 4))
    assert {result.text for result in texts} == {"The envoy spoke."}


def test_every_rule_pickles_and_holds_no_state() -> None:
    for rule in all_rules():
        clone = pickle.loads(pickle.dumps(rule))
        assert type(clone) is type(rule)
        assert vars(rule) == {}, f"{rule.id} keeps per-instance state"
