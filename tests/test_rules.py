"""Every rule's examples run here, and every rule is idempotent, on its examples and the seeds."""

from __future__ import annotations

import pytest

from cleaner import Cleaner, reconstruct
from cleaner.metadata import LIST_FIELDS, TEXT_FIELDS
from cleaner.registry import all_rules
from cleaner.rule import Example, Rule

RULES = all_rules()
EXAMPLES = [
    pytest.param(rule, example, id=f"{rule.id}-{number}")
    for rule in RULES
    for number, example in enumerate(rule.examples, start=1)
]
KEEPS = [
    pytest.param(rule, text, id=f"{rule.id}-keep-{number}")
    for rule in RULES
    for number, text in enumerate(rule.keeps, start=1)
]


@pytest.mark.parametrize(("rule", "example"), EXAMPLES)
def test_example_is_fixed_as_documented(rule: Rule, example: Example) -> None:
    cleaner = Cleaner(select=[rule.id], **example.cleaner_options())
    result = cleaner.clean(example.before, dict(example.given))
    assert result.text == example.after
    for field, value in example.metadata:
        assert result.metadata.get(field) == value, field
    # a columnar output declares the recorded fields (cleaner.metadata.metadata_type)
    assert result.metadata.keys() - dict(example.given).keys() <= TEXT_FIELDS | LIST_FIELDS
    assert result.edits and all(edit.rule == rule.id for edit in result.edits)
    assert reconstruct(result.text, result.edits) == example.before


@pytest.mark.parametrize(("rule", "example"), EXAMPLES)
def test_fixed_example_does_not_trigger_again(rule: Rule, example: Example) -> None:
    cleaner = Cleaner(select=[rule.id], **example.cleaner_options())
    once = cleaner.clean(example.before, dict(example.given))
    twice = cleaner.clean(once.text, once.metadata)
    assert twice.edits == []
    assert twice.text == once.text


@pytest.mark.parametrize(("rule", "text"), KEEPS)
def test_keep_is_left_untouched(rule: Rule, text: str) -> None:
    result = Cleaner(select=[rule.id]).clean(text)
    assert result.edits == []
    assert result.text == text


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.id)
def test_rule_is_idempotent_on_seeds(rule: Rule, seed_texts: dict[str, str]) -> None:
    cleaner = Cleaner(select=[rule.id])
    for name, text in seed_texts.items():
        once = cleaner.clean(text)
        twice = cleaner.clean(once.text, once.metadata)
        assert twice.text == once.text, name


def test_default_pipeline_is_idempotent_on_seeds(seed_texts: dict[str, str]) -> None:
    cleaner = Cleaner()
    for name, text in seed_texts.items():
        once = cleaner.clean(text)
        assert cleaner.clean(once.text, once.metadata).edits == [], name


def test_rules_are_documented_and_unique() -> None:
    ids = [rule.id for rule in RULES]
    assert len(ids) == len(set(ids))
    for rule in RULES:
        assert rule.summary.strip() and rule.why.strip() and rule.examples, rule.id
        assert rule.keeps, f"{rule.id} shows no text it must leave alone"


def test_select_and_ignore() -> None:
    assert [rule.id for rule in Cleaner(select=["title", "byline"]).rules] == ["title", "byline"]
    ignored = Cleaner(ignore=["whitespace"]).rules
    assert "whitespace" not in {rule.id for rule in ignored}
    with pytest.raises(KeyError, match="unknown rule"):
        Cleaner(select=["no-such-rule"])


@pytest.mark.parametrize(("rule", "example"), EXAMPLES)
def test_example_is_claimed_by_its_rule_in_the_full_pipeline(rule: Rule, example: Example) -> None:
    """In the default pipeline (with the rule switched on), each of the rule's own edits is
    still made by the rule: a rule that runs earlier and takes the same text would steal it."""
    options = example.cleaner_options()
    alone = Cleaner(select=[rule.id], **options).clean(example.before, dict(example.given))
    full = Cleaner(extend_select=[rule.id], **options).clean(example.before, dict(example.given))
    claimed = [(edit.start, edit.end) for edit in full.edits if edit.rule == rule.id]
    for edit in alone.edits:
        if edit.rule != rule.id:
            continue
        # What the tidying takes first (the spaces around a stamp) is not stolen.
        content = [
            offset for offset in range(edit.start, edit.end) if not example.before[offset].isspace()
        ]
        stolen = [
            offset for offset in content if not any(start <= offset < end for start, end in claimed)
        ]
        thieves = {e.rule for e in full.edits for offset in stolen if e.start <= offset < e.end}
        assert not stolen, f"{edit.removed!r} went to {sorted(thieves)}"
