"""Hand-computed checks of the benchmark metric; none of these needs the benchmark data."""

from __future__ import annotations

import sys
from pathlib import Path

import orjson
import pytest

# bench/ is a folder of scripts beside the package, not installed: import it from the tree.
# Appended, not put first: the checkout (and a build's cleaner.egg-info in it) must not come
# before the installed package, or this session would read the wrong distribution's metadata.
sys.path.append(str(Path(__file__).resolve().parents[1]))

from bench.pages import Page, resolve_bench_dir
from bench.quality.accounting import (
    account_rules,
    destroyed_shingles,
    residue_lines,
)
from bench.quality.cli import main
from bench.quality.metric import (
    DocScore,
    aggregate,
    bootstrap,
    score_doc,
    shingles,
    tokenize,
)
from bench.quality.residue import classify, residue_table, shape_of
from bench.quality.sites import Sums, site_deltas, site_of, sites_of
from bench.quality.validation import (
    BenchScores,
    candidates,
    cross_benchmark,
    leave_one_site_out,
)
from cleaner.html import HtmlSettings


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


def test_residue_shapes_are_what_a_rule_can_test() -> None:
    assert shape_of("| Plan | Price |") == "table row"
    assert shape_of("- More budget stories here") == "list item"
    assert shape_of("The minister said the budget would pass on Monday.") == "sentence"
    assert shape_of("Minister Says Budget Will Pass") == "heading"
    assert shape_of("Minister Says Budget Will Pass, Then.") == "other"
    assert shape_of("Share") == "label"


GOLD = "The minister said the budget would pass on Monday after a long debate."
OUTPUT = f"Minister Says Budget Will Pass\n{GOLD}\n- More budget stories here\nShare"


def test_residue_is_grouped_by_position_and_shape() -> None:
    assert classify(OUTPUT, GOLD) == {
        ("top", "heading"): {0},
        ("bottom", "list item"): {2},
        ("bottom", "label"): {3},
    }


def test_residue_classes_give_the_oracle_without_their_lines() -> None:
    pages = [Page("a", None, GOLD, Path("a.html.gz")), Page("b", None, GOLD, Path("b.html.gz"))]
    outputs = {"a": OUTPUT, "b": GOLD}
    scores = {pid: score_doc(text, GOLD) for pid, text in outputs.items()}
    rows = {(row[0], row[1]): row for row in residue_table(pages, outputs, scores)}
    without_headline = OUTPUT.split("\n", 1)[1]
    expected = (score_doc(without_headline, GOLD).precision - scores["a"].precision) / 2
    assert rows["top", "heading"][2:5] == (1, 1, 5)
    assert rows["top", "heading"][5] == pytest.approx(expected)
    # Without all its residue, page a prints the gold text: precision 1 on both pages.
    everything = rows["all", ""]
    assert everything[5] == pytest.approx((1.0 - scores["a"].precision) / 2)
    assert everything[2:4] == (1, 3) and everything[6] == 0.0


BENCH_DIR = resolve_bench_dir(None)


@pytest.mark.skipif(not BENCH_DIR.is_dir(), reason="benchmark data not beside the repository")
def test_harness_scores_real_pages_and_accounts_every_rule(tmp_path, capsys) -> None:
    out = tmp_path / "result.json"
    args = ["--benchmark", "zyte", "--mode", "html", "--limit", "4", "--bootstrap", "20"]
    options = ["--workers", "1", "--per-rule", "--residue-classes", "--json", str(out)]
    assert main([*args, *options]) == 0
    printed = capsys.readouterr().out
    assert "== zyte / html: n=4 English pages" in printed
    assert "residue of cleaner by position and shape" in printed
    [result] = orjson.loads(out.read_bytes())
    assert result["residue_classes"][-1]["position"] == "all"
    for system in ("baseline", "trafilatura defaults", "cleaner"):
        assert 0.5 < result["metrics"][system]["f1"]["value"] <= 1.0
    assert result["per_rule"]["title"]["edits"] >= 1


def test_a_spelling_fix_counts_as_a_correction_not_a_removal() -> None:
    text = "They recieve the letter today in the town hall"
    start = text.index("recieve")
    edit = ("typo", start, start + len("recieve"), "recieve", "receive")
    out = text.replace("recieve", "receive")
    right = account_rules({"d": text}, {"d": (out, [edit])}, {"d": out})["typo"]
    assert right.corrects and (right.right_corrections, right.wrong_corrections) == (1, 0)
    assert right.precision == 1.0 and right.true_removed == right.false_removed == 0
    # Gold prints the word as it was: the fix is wrong.
    wrong = account_rules({"d": text}, {"d": (out, [edit])}, {"d": text})["typo"]
    assert (wrong.right_corrections, wrong.wrong_corrections) == (0, 1) and wrong.precision == 0.0


def page(pid: str, url: str) -> Page:
    return Page(pid, url, "gold", Path("unused.html.gz"))


def test_sites_group_pages_by_host_and_deltas_show_the_worst_first() -> None:
    pages = [
        page("1", "https://www.a.example/x"),
        page("2", "https://a.example/y"),
        page("3", "http://b.example/z"),
    ]
    assert site_of(pages[0]) == "a.example"
    assert sites_of(pages) == {"a.example": ["1", "2"], "b.example": ["3"]}
    system = {"1": DocScore(1.0, 1.0), "2": DocScore(0.8, 1.0), "3": DocScore(0.5, 0.9)}
    reference = {"1": DocScore(0.8, 1.0), "2": DocScore(0.8, 1.0), "3": DocScore(0.7, 1.0)}
    worst, best = site_deltas(sites_of(pages), system, reference)
    assert (worst.site, worst.pages) == ("b.example", 1)
    assert worst.precision == pytest.approx(-0.2) and worst.recall == pytest.approx(-0.1)
    assert (best.site, best.pages, best.precision) == ("a.example", 2, pytest.approx(0.1))
    whole, part = Sums.of(system.values()), Sums.of([system["3"]])
    assert (whole - part).means() == pytest.approx((0.9, 1.0))


def bench_scores(
    pages: list[Page], wins: HtmlSettings, overfit: HtmlSettings, overfit_p: float
) -> BenchScores:
    """Every candidate ties trafilatura's defaults except ``wins`` (+0.05 P, +0.1 R everywhere)
    and ``overfit`` (``overfit_p`` precision, +0.1 R)."""
    reference = {p.id: DocScore(0.9, 0.9) for p in pages}
    by_candidate = {}
    for settings in candidates():
        score = DocScore(0.9, 0.9)
        if settings == wins:
            score = DocScore(0.95, 1.0)
        elif settings == overfit:
            score = DocScore(overfit_p, 1.0)
        by_candidate[settings] = {p.id: score for p in pages}
    return BenchScores(pages, reference, by_candidate)


def test_settings_that_win_on_one_benchmark_only_are_caught_held_out() -> None:
    wins, overfit = candidates()[3], candidates()[7]
    zyte_pages = [page("z1", "https://one.example/a"), page("z2", "https://two.example/b")]
    wcxb_pages = [page("w1", "https://three.example/c"), page("w2", "https://four.example/d")]
    scored = {
        "zyte": bench_scores(zyte_pages, wins, overfit, 1.0),
        "wcxb": bench_scores(wcxb_pages, wins, overfit, 0.8),
    }
    cross = cross_benchmark(scored)
    # Chosen on Zyte, the overfit settings lose ten points on WCXB; chosen on WCXB, the
    # settings that win everywhere are confirmed on Zyte.
    assert cross["wcxb"].settings == overfit
    assert cross["wcxb"].precision_delta == pytest.approx(-0.1)
    assert cross["zyte"].settings == wins
    assert cross["zyte"].precision_delta == pytest.approx(0.05)
    site_out = leave_one_site_out(scored)
    assert site_out.sites == 4 and site_out.chosen == {wins: 4}
    assert site_out.deltas["zyte"] == pytest.approx((0.05, 0.1))
    assert site_out.deltas["wcxb"] == pytest.approx((0.05, 0.1))


def test_a_repair_that_respells_a_word_is_a_correction_not_a_removal() -> None:
    # ftfy's repair drops the "Â" glued to the word: the word stays, spelt as gold prints it.
    text = "Proton supports the WireGuardÂ® protocol for its tunnels"
    start = text.index("Â")
    edit = ("repair", start, start + 1, "Â", "")
    out = text.replace("Â", "")
    right = account_rules({"d": text}, {"d": (out, [edit])}, {"d": out})["repair"]
    assert (right.right_corrections, right.wrong_corrections) == (1, 0)
    assert right.true_removed == right.false_removed == 0 and right.removal_precision is None
    # A gold that prints the page's mojibake judges the repair wrong, and removes nothing.
    wrong = account_rules({"d": text}, {"d": (out, [edit])}, {"d": text})["repair"]
    assert (wrong.right_corrections, wrong.wrong_corrections) == (0, 1)
    assert wrong.false_removed == 0 and wrong.correction_precision == 0.0
    assert wrong.corrections == [("d", "wrong", text, "")]


def test_a_repair_that_drops_a_stray_word_is_a_removal() -> None:
    text = "one two three four Â five six seven eight"
    start = text.index("Â ")
    edit = ("repair", start, start + 2, "Â ", "")
    out = text.replace("Â ", "")
    stats = account_rules({"d": text}, {"d": (out, [edit])}, {"d": out})["repair"]
    assert stats.right_corrections == stats.wrong_corrections == 0
    assert stats.true_removed > 0 and stats.removal_precision == 1.0
