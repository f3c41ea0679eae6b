"""Hand-computed checks of the benchmark metric; none of these needs the benchmark data."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import orjson
import pytest


def _load_quality():
    """bench/ is a script folder, not an installed package: load the module from its file."""
    path = Path(__file__).resolve().parents[1] / "bench" / "quality.py"
    spec = importlib.util.spec_from_file_location("bench_quality", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


quality = _load_quality()
DocScore = quality.DocScore
account_rules = quality.account_rules
aggregate = quality.aggregate
bootstrap = quality.bootstrap
destroyed_shingles = quality.destroyed_shingles
residue_lines = quality.residue_lines
score_doc = quality.score_doc
shingles = quality.shingles
tokenize = quality.tokenize


def test_tokens_are_unicode_words_with_case_kept() -> None:
    assert tokenize("Crème brûlée, naïve—Café 42!") == ["Crème", "brûlée", "naïve", "Café", "42"]


def test_short_text_is_one_whole_shingle() -> None:
    assert shingles(["a", "b"]) == {("a", "b"): 1}
    assert shingles([]) == {}


def test_identical_texts_score_one() -> None:
    text = "The quick brown fox jumps over the lazy dog."
    assert score_doc(text, text) == DocScore(1.0, 1.0)
    assert aggregate([score_doc(text, text)]).f1 == 1.0


def test_disjoint_texts_score_zero() -> None:
    s = score_doc("one two three four five", "six seven eight nine ten")
    assert s == DocScore(0.0, 0.0)
    assert aggregate([s]).f1 == 0.0


def test_partial_overlap_by_hand() -> None:
    # gold a..f has 3 shingles (abcd, bcde, cdef); pred a..e plus x has 3 (abcd, bcde, cdex).
    # Two are shared: P = 2/3, R = 2/3.
    s = score_doc("a b c d e x", "a b c d e f")
    assert s.precision == pytest.approx(2 / 3)
    assert s.recall == pytest.approx(2 / 3)
    # A prefix of the gold: pred a..e has 2 shingles, both in gold -> P = 1, R = 2/3.
    s = score_doc("a b c d e", "a b c d e f")
    assert s == DocScore(1.0, pytest.approx(2 / 3))


def test_repeated_shingles_count_as_a_multiset() -> None:
    # Gold has "w x y z" once; pred repeats it: 2 identical shingles + 3 spanning the seam
    # (x y z w, y z w x, z w x y). Only one copy matches: P = 1/5, R = 1/1.
    s = score_doc("w x y z w x y z", "w x y z")
    assert s.precision == pytest.approx(1 / 5)
    assert s.recall == 1.0
    # And the other way round: a duplicated gold paragraph predicted once gives R = 1/5.
    s = score_doc("w x y z", "w x y z w x y z")
    assert s == DocScore(1.0, pytest.approx(1 / 5))


def test_macro_average_over_two_docs() -> None:
    # Each doc weighs 1 whatever its length: P = (1 + 2/3) / 2, R = (2/3 + 1) / 2.
    scores = [score_doc("a b c d e", "a b c d e f"), score_doc("a b c d e f", "a b c d e")]
    prf = aggregate(scores)
    assert prf.precision == pytest.approx(5 / 6)
    assert prf.recall == pytest.approx(5 / 6)
    assert prf.f1 == pytest.approx(5 / 6)
    # F1 is the harmonic mean of the means, not the mean of per-document F1s.
    prf = aggregate([DocScore(1.0, 0.5), DocScore(0.5, 1.0)])
    assert prf.f1 == pytest.approx(0.75)


def test_empty_prediction_leaves_the_precision_mean() -> None:
    empty = score_doc("", "a b c d")
    assert empty == DocScore(None, 0.0)
    prf = aggregate([empty, score_doc("a b c d", "a b c d")])
    assert prf.precision == 1.0
    assert prf.recall == 0.5


def test_bootstrap_of_identical_docs_has_no_spread_and_paired_delta() -> None:
    base = [DocScore(0.5, 1.0)] * 10
    better = [DocScore(1.0, 1.0)] * 10
    cis = bootstrap({"baseline": base, "cleaner": better}, 50, [("cleaner", "baseline")])
    f1 = cis["baseline"]["f1"]
    assert f1.low == f1.value == f1.high == pytest.approx(2 / 3)
    delta = cis["delta:cleaner - baseline"]["precision"]
    assert delta.low == delta.value == delta.high == pytest.approx(0.5)


def test_destroyed_shingles_use_context_for_a_one_word_removal() -> None:
    destroyed = destroyed_shingles("alpha beta gamma ", "Advertisement ", "", "delta epsilon zeta")
    # The 4 windows holding "Advertisement" go; the 3 new seam windows do not count.
    assert sum(destroyed.values()) == 4
    assert all("Advertisement" in s for s in destroyed)


def test_residue_lines_are_those_mostly_absent_from_gold() -> None:
    gold = "The minister said the budget would pass.\nChapter 2"
    output = "The minister said the budget would pass.\nShare this article on Facebook\nChapter 2"
    assert residue_lines(output, gold) == ["Share this article on Facebook"]


def test_rule_accounting_separates_gold_from_boilerplate_removals() -> None:
    text = "one two three four Share now five six seven eight"
    gold = "one two three four five six seven eight"
    cut = text.index("Share now ")
    word = text.index("six ")
    edits = [
        ("share", cut, cut + len("Share now "), "Share now ", ""),
        ("bad", word, word + len("six "), "six ", ""),
    ]
    out = "one two three four five seven eight"
    stats = account_rules({"d": text}, {"d": (out, edits)}, {"d": gold})
    assert stats["share"].false_removed == 0 and stats["share"].precision == 1.0
    assert stats["bad"].true_removed == 0 and stats["bad"].precision == 0.0
    assert stats["bad"].docs == {"d"}


def test_rule_accounting_removing_an_extra_copy_is_a_true_removal() -> None:
    text = "w x y z\nw x y z"
    edits = [("dedup", 7, len(text), "\nw x y z", "")]
    stats = account_rules({"d": text}, {"d": ("w x y z", edits)}, {"d": "w x y z"})
    assert stats["dedup"].false_removed == 0
    assert stats["dedup"].true_removed > 0


BENCH_DIR = quality.resolve_bench_dir(None)


@pytest.mark.skipif(not BENCH_DIR.is_dir(), reason="benchmark data not beside the repository")
def test_harness_scores_real_pages_and_accounts_every_rule(tmp_path, capsys) -> None:
    out = tmp_path / "result.json"
    args = ["--benchmark", "zyte", "--mode", "html", "--limit", "4", "--bootstrap", "20"]
    assert quality.main([*args, "--workers", "1", "--per-rule", "--json", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "== zyte / html: n=4 English pages" in printed
    [result] = orjson.loads(out.read_bytes())
    for system in ("baseline", "trafilatura defaults", "cleaner"):
        assert 0.5 < result["metrics"][system]["f1"]["value"] <= 1.0
    assert result["per_rule"]["title"]["edits"] >= 1
