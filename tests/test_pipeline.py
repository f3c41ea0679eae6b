"""How the pipeline orders rules: phases, one line pass, and a second look at the top."""

from __future__ import annotations

from cleaner import Cleaner, reconstruct


def test_headline_under_a_dropped_credit_is_still_taken() -> None:
    text = "© Getty Images\nEnvoy Warns the Taliban\nThe envoy spoke in Doha."
    result = Cleaner().clean(text, {"title": "Envoy Warns the Taliban"})
    assert result.text == "The envoy spoke in Doha."
    assert [edit.rule for edit in result.edits] == ["photo-credit", "title"]
    assert reconstruct(result.text, result.edits) == text
    assert Cleaner().clean(result.text, result.metadata).edits == []


def test_line_rules_share_one_pass_in_rule_order() -> None:
    text = "By Jane Doe\nJane Doe\nText."
    result = Cleaner(select=["author-repeat", "byline"]).clean(text)
    assert result.text == "Text."
    assert [edit.rule for edit in result.edits] == ["byline", "author-repeat"]
