"""The fast line pass (one Hyperscan scan per text) gives the plain pass's output exactly.

The plain pass is the reference: ``CLEANER_NO_SCAN`` switches the scan off, and every test
here cleans the same text both ways and compares text, metadata, edit log and the rules that
filled the metadata.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import os
import pickle
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import regex

from cleaner import Cleaner
from cleaner.loosen import Unsupported, expressions
from cleaner.metadata import Metadata
from cleaner.registry import all_rules, rule_by_id
from cleaner.rule import KEEP, Example, Keep, Line, LineRule, Phase
from cleaner.scan import Scanner, scanner

hyperscan = pytest.importorskip("hyperscan", reason="the fast pass needs the hyperscan wheel")

BENCH = Path(
    os.environ.get("CLEANER_BENCH_DIR", Path(__file__).resolve().parents[2] / "shared" / "bench")
)
ALL_BUT_SPELLING = [rule.id for rule in all_rules() if rule.phase != Phase.SPELLING]


def both_ways(cleaner: Cleaner, text: str, metadata: dict | None = None) -> tuple[object, object]:
    """The result of the plain pass and of the fast pass on ``text``."""
    os.environ["CLEANER_NO_SCAN"] = "1"
    try:
        plain = cleaner.clean(text, metadata)
    finally:
        del os.environ["CLEANER_NO_SCAN"]
    fast = cleaner.clean(text, metadata)
    return (
        (plain.text, plain.metadata, plain.edits, plain.filled),
        (fast.text, fast.metadata, fast.edits, fast.filled),
    )


def test_the_fast_pass_runs_here() -> None:
    assert scanner() is not None


@pytest.mark.parametrize("rule", [rule for rule in all_rules()], ids=lambda rule: rule.id)
def test_fast_equals_plain_on_examples_and_keeps(rule: object) -> None:
    alone = Cleaner(select=[rule.id])  # type: ignore[attr-defined]
    every = Cleaner(select=["ALL"])
    for example in rule.examples:  # type: ignore[attr-defined]
        given = dict(example.given)
        options = example.cleaner_options()
        for cleaner in (Cleaner(select=[rule.id], **options), Cleaner(select=["ALL"], **options)):  # type: ignore[attr-defined]
            plain, fast = both_ways(cleaner, example.before, given)
            assert fast == plain
    for text in rule.keeps:  # type: ignore[attr-defined]
        for cleaner in (alone, every):
            plain, fast = both_ways(cleaner, text)
            assert fast == plain


def test_fast_equals_plain_on_seeds(seed_texts: dict[str, str]) -> None:
    cleaner = Cleaner.from_config()
    for text in seed_texts.values():
        plain, fast = both_ways(cleaner, text)
        assert fast == plain


@functools.cache  # two tests read them
def bench_texts() -> list[tuple[str, dict]]:
    """Real texts with their boilerplate: the markup of every third page reduced to its text
    (menus, footers, banners included), the text trafilatura extracts with its metadata from
    every sixth page."""
    import lxml.etree
    import lxml.html

    from cleaner.html import extract_html

    pages = sorted(BENCH.glob("*/html/*.html.gz")) + sorted(BENCH.glob("*/dev/html/*.html.gz"))
    texts: list[tuple[str, dict]] = []
    for number, path in enumerate(pages):
        html = gzip.decompress(path.read_bytes())
        if number % 3 == 0:
            with contextlib.suppress(ValueError, lxml.etree.ParserError):  # an empty page
                tree = lxml.html.fromstring(html)
                lxml.etree.strip_elements(tree, "script", "style", "noscript", with_tail=False)
                texts.append((tree.text_content(), {}))
        if number % 6 == 0:
            text, metadata = extract_html(html)
            texts.append((text or "", dict(metadata)))
    return texts


@pytest.mark.skipif(not BENCH.is_dir(), reason=f"benchmark data not found at {BENCH}")
def test_fast_equals_plain_on_the_benchmark_pages() -> None:
    cleaner = Cleaner(select=ALL_BUT_SPELLING)
    texts = bench_texts()
    assert len(texts) > 400
    differ = [
        number
        for number, (text, metadata) in enumerate(texts)
        if (result := both_ways(cleaner, text, metadata))[0] != result[1]
    ]
    assert differ == []


@pytest.mark.skipif(not BENCH.is_dir(), reason=f"benchmark data not found at {BENCH}")
def test_no_line_gate_admits_a_large_share_of_real_lines() -> None:
    """A gate loosened too far (a literal as common as "app" left alone at the start of a
    line rule's pattern) sends every line holding it to Python, the output unchanged: on
    real pages no rule's gate admits more than 5% of the lines (the most, the caption and
    share-bar rules, under 3%)."""
    rules = [rule for rule in all_rules() if isinstance(rule, LineRule)]
    counts: dict[str, int] = dict.fromkeys((rule.id for rule in rules), 0)
    lines = 0
    for text, _ in bench_texts():
        lines += sum(1 for line in text.split("\n") if line.strip())
        found = scanner().candidates(text, rules)  # type: ignore[union-attr]
        if found is None:
            continue
        for rule, indices in zip(rules, found, strict=True):
            counts[rule.id] += len(indices) if indices is not None else 0
    assert lines > 50_000
    assert {rule_id: count for rule_id, count in counts.items() if count > 0.05 * lines} == {}


def test_threads_share_a_cleaner_and_get_what_one_thread_gets() -> None:
    """Each thread scans with its own scratch space (Hyperscan refuses one in use twice) and
    keeps its own last results (the spelling rules their caches and stemmer too), so a
    cleaner shared by a thread pool gives the same output."""
    cleaner = Cleaner()
    texts = [text for text, _ in bench_texts()[:120]]
    alone = [cleaner.clean(text).edits for text in texts]
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as the interpreter allows
    try:
        with ThreadPoolExecutor(4) as pool:
            together = list(pool.map(lambda text: cleaner.clean(text).edits, texts * 2))
    finally:
        sys.setswitchinterval(interval)
    assert together == alone * 2


class Tricky(LineRule):
    """A rule whose pattern holds what the loosening must widen, not narrow."""

    id = "tricky"
    summary = why = "test"
    examples = (Example("x", "x"),)
    pattern = regex.compile(
        r"(?i)^\s*(?:click here to )?(?:subscribe|get).*newsletter"
        r"|(?<=\d )kelvin\b|\bstra(?P<s>ss)e\s+(?P=s)\b|(?>ab|a)c\p{Lu}{2,}+\w{1,80}?!$"
    )
    triggers = ("newsletter", "kelvin", "stra", "c")


LINES = (
    "oitte delivered.\nSubscribenewsletter",
    "Get our newsletter",
    "click here to SUBSCRIBE to the NEWSLETTER",
    "300 \u212aELVIN",  # the Kelvin sign is a "k" to regex's IGNORECASE
    "300 \u212aelvin",
    "Stra\u017f\u017fe ss",  # long s
    "STRASSE SS",
    "acÉÉ!",
    "abcÆÐ\u0301x!",
    "İstanbul newsletter ıs here: get it",  # lower() of İ is two characters
    "nothing to see",
    "get\u00a0the newsletter",
)


def test_loosened_gates_cover_every_line_the_pattern_matches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CLEANER_CACHE", str(tmp_path))
    scanner = Scanner(hyperscan, [Tricky()])
    text = "\n".join(LINES)
    lines = text.split("\n")
    (found,) = scanner.candidates(text, [Tricky()])  # type: ignore[misc]
    assert found is not None
    matched = {
        index
        for index, line in enumerate(lines)
        if Tricky().may_apply(len(line.split()), line.lower()) and Tricky.pattern.search(line)
    }
    assert matched  # the lines do exercise the pattern
    assert matched <= found
    assert lines.index("nothing to see") not in found


def admitted(rule: LineRule, lines: list[str]) -> set[int] | None:
    """The lines (indices) the rule's gate, built alone, lets through to the rule."""
    (found,) = Scanner(hyperscan, [rule]).candidates("\n".join(lines), [rule])
    return found


class WholeLineList(LineRule):
    """A line that is nothing but a list of dates: the shape whose repeated tail made the
    gate of ``timestamp-line`` admit most lines of prose."""

    id = "whole-line-list"
    summary = why = "test"
    examples = (Example("x", "x"),)
    pattern = regex.compile(
        r"^\s*(?:updated:?\s*)?(?:\d{1,2} (?:May|June)|\d{1,2}:\d{2})"
        r"(?:\s*[,|]\s*(?:\d{1,2} (?:May|June)|\d{1,2}:\d{2}))*+\s*$"
    )


def test_a_line_gate_drops_an_empty_tail_but_keeps_its_anchor(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    found = expressions(WholeLineList.pattern, line=True)
    assert all(expression.startswith("^") and "$" not in expression for expression in found)
    monkeypatch.setenv("CLEANER_CACHE", str(tmp_path))
    lines = ["4 May, 12:30 | 5 June", "updated: 12:30", "The talks of 4 May, 12:30, went on."]
    # the list lines, not the prose that starts elsewhere
    assert admitted(WholeLineList(), lines) == {0, 1}


class NotResponsible(LineRule):
    """A pattern whose start follows the words of a line along before its first literal."""

    id = "not-responsible"
    summary = why = "test"
    examples = (Example("x", "x"),)
    pattern = regex.compile(r"(?i)^\W*(?:the\s+)?[\w.&'’ -]{1,40}\s+is\s+not\s+responsible\b.*$")


def test_a_line_gate_starts_at_the_literal_after_a_repeat_of_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (found,) = expressions(NotResponsible.pattern, line=True)
    assert found.startswith("[Nn][Oo][Tt]")
    monkeypatch.setenv("CLEANER_CACHE", str(tmp_path))
    lines = [
        "The BBC is not responsible for the content of external sites.",
        "  - Example.com is not responsible",
        "THE \u212aELVIN SITE IS NOT RESPONSIBLE",  # a stray: the Kelvin sign
        "Nobody is responsible.",
    ]
    matched = {index for index, line in enumerate(lines) if NotResponsible.pattern.search(line)}
    assert matched == {0, 1, 2}
    assert admitted(NotResponsible(), lines) == matched


class Disclosure(LineRule):
    """A pattern that opens with a word as common as "I" and names its rare part last."""

    id = "disclosure"
    summary = why = "test"
    examples = (Example("x", "x"),)
    pattern = regex.compile(
        r"(?i)\b(?:we|I)\b[^.!?\n]{0,50}?\b(?:earn|get)s?\b[^.!?\n]{0,40}?\bcommissions?\b"
    )


def test_a_line_gate_starts_at_its_rarest_part(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    found = expressions(Disclosure.pattern, line=True)
    assert all(expression.startswith("[Cc][Oo][Mm][Mm]") for expression in found)
    monkeypatch.setenv("CLEANER_CACHE", str(tmp_path))
    lines = [
        "We may earn a commission when you buy through our links.",
        "I get commissions, she said.",
        "I went home and we ate.",
        "The commission met on Monday.",
    ]
    assert {index for index, line in enumerate(lines) if Disclosure.pattern.search(line)} == {0, 1}
    assert admitted(Disclosure(), lines) == {0, 1, 3}  # the rare word's lines, not every "I"


class TrailingDashes(LineRule):
    """A pattern ending in a repeat before ``$``: the shape Hyperscan missed at a buffer's end."""

    id = "trailing-dashes"
    summary = why = "test"
    examples = (Example("x", "x"),)
    pattern = regex.compile(r"x-*$")


def test_a_match_that_ends_the_text_is_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Hyperscan missed "x-*$" in "aaaaaaaaaaaaaaax-" (17 bytes or more, no line break after
    it): the scan reads the text with a line break after it."""
    monkeypatch.setenv("CLEANER_CACHE", str(tmp_path))
    for line in ("a" * 15 + "x-", "a" * 40 + "x-", "x-"):
        assert admitted(TrailingDashes(), [line]) == {0}
    assert admitted(TrailingDashes(), ["a" * 20 + "x-", "b" * 20]) == {0}


class SocialPrompt(LineRule):
    """A ``$`` that ends one alternative inside the pattern, as a network's name ends a prompt."""

    id = "social-prompt"
    summary = why = "test"
    examples = (Example("x", "x"),)
    pattern = regex.compile(r"(?i)^follow\s+us\s+on\s+(?:twitter|social\s*(?:[.!:]|$))[^.!?]*\s*$")


def test_an_anchor_inside_a_pattern_is_dropped_from_its_gate(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expressions(SocialPrompt.pattern, line=True)  # Hyperscan refuses the inner "$" as it is
    monkeypatch.setenv("CLEANER_CACHE", str(tmp_path))
    lines = ["Follow us on social", "Follow us on Twitter today", "Follow the money", "Nothing"]
    assert admitted(SocialPrompt(), lines) == {0, 1}


def test_a_caption_gate_is_its_pattern_not_a_closing_parenthesis(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The caption rule's pattern lists agencies in an alternation too large to compile
    whole; its gate still holds to lines that end in a parenthesis or carry a credit."""
    monkeypatch.setenv("CLEANER_CACHE", str(tmp_path))
    rule = rule_by_id("caption-credit")
    lines = [
        "Khalilzad hopes to persuade Taliban leaders. (Susan Walsh / Reuters)",
        "The talks ended (the third round this year) without a deal.",
        "A kitchen remodel in Sonoma. Photo: Thomas Kuoh",
    ]
    assert admitted(rule, lines) == {0, 2}


def test_words_of_a_line_gate_are_ascii_and_a_line_with_a_stray_goes_to_every_rule(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (found,) = expressions(regex.compile(r"(?i)^\s*sign in\W*$"), line=True)
    assert "[Ss][Ii][Gg][Nn]" in found  # no İ, ı, ſ beside the letters
    monkeypatch.setenv("CLEANER_CACHE", str(tmp_path))
    lines = ["Sign in", "\u017fign in", "S\u0131gn in", "Nothing \u0130stanbul", "Nothing"]
    assert Scanner(hyperscan, [NotResponsible(), WholeLineList()]).candidates(
        "\n".join(lines), [NotResponsible(), WholeLineList()]
    ) == [{1, 2, 3}, {1, 2, 3}]


class MenuRow(LineRule):
    """A rule gated by its triggers alone, as ``nav-row`` is."""

    id = "menu-row"
    summary = why = "test"
    examples = (Example("x", "x"),)
    triggers = ("|", " > ")

    def check(self, line: Line, match: regex.Match[str] | None, metadata: Metadata) -> Keep:
        return KEEP


def test_a_trigger_gate_reports_a_line_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CLEANER_CACHE", str(tmp_path))
    scanner = Scanner(hyperscan, [MenuRow()])
    text = "| a | b | c | d |\nNo bar\nA > B > C\n|"
    assert scanner.candidates(text, [MenuRow()]) == [{0, 2, 3}]
    data = text.encode()
    ends = scanner._scan(scanner._lines, scanner._scratch[0], data)
    assert sorted(end for _, end in ends) == [data.index(b"\nNo"), data.rindex(b"\n|"), len(data)]


def test_a_document_rule_reads_only_the_lines_its_gate_matched(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rule = rule_by_id("link-list")
    text = "Intro.\n\nRelated stories\nA headline\n\nBody text.\nYou may also like\nEnd"
    assert list(rule.gated_lines(text)) == [2, 6]
    monkeypatch.setenv("CLEANER_NO_SCAN", "1")
    assert list(rule.gated_lines(text)) == list(range(8))  # no scan: every line


def test_constructs_without_a_superset_are_refused() -> None:
    with pytest.raises(Unsupported):
        expressions(regex.compile(r"(?x) a b c"))
    with pytest.raises(Unsupported):
        expressions(regex.compile(r"\s*"))  # matches the empty line: no gate can tell
    with pytest.raises(Unsupported):
        expressions(regex.compile(r"(a)?(?(1)b|c)"))


@pytest.mark.parametrize(
    "text",
    [
        "Text.\n\n   Related stories   \nCivilians bear the brunt\n\nThe UN said.",
        "Text.\n\n\tYou may also like...\nWho will make the Rock Hall in 2020?",
        "The caf\u00c3\u00a9 opened.\n  Fish &amp; chips  \n\x1cIt wasn\u201a\u00c4\u00f4t.",
        "Text.\n  Many people dream of becoming entrepreneurs, and often the biggest...\n"
        "\tLetting technology do the heavy lifting for certain monotonous tasks...",
    ],
)
def test_document_gates_hold_on_indented_lines(text: str) -> None:
    """A document rule may search its gate in stripped lines, where ``^`` is not a line start."""
    plain, fast = both_ways(Cleaner(select=["ALL"]), text)
    assert fast == plain
    assert fast[2]  # type: ignore[index] - the rules did change the text


def test_text_that_cannot_be_encoded_takes_the_plain_pass() -> None:
    text = "By Jane Doe\nText with a lone surrogate \ud800 here.\nAdvertisement\nMore."
    plain, fast = both_ways(Cleaner(), text)
    assert fast == plain
    assert scanner().candidates(text, []) is None  # type: ignore[union-attr]


def test_the_database_is_cached_and_loaded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLEANER_CACHE", str(tmp_path))
    built = Scanner(hyperscan, [Tricky()])
    (cached,) = tmp_path.glob("gates-*.hs")
    written = cached.stat().st_mtime_ns
    loaded = Scanner(hyperscan, [Tricky()])
    assert cached.stat().st_mtime_ns == written  # loaded, not built again
    text = "\n".join(LINES)
    assert loaded.candidates(text, [Tricky()]) == built.candidates(text, [Tricky()])


def test_a_cache_folder_that_cannot_be_made_builds_in_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    in_the_way = tmp_path / "a-file"
    in_the_way.write_text("")
    monkeypatch.setenv("CLEANER_CACHE", str(in_the_way / "cleaner"))
    scanner = Scanner(hyperscan, [Tricky()])
    assert scanner.candidates("Get our newsletter", [Tricky()]) == [{0}]


def test_a_cleaner_pickles_without_the_database() -> None:
    cleaner = Cleaner()
    cleaner.clean("By Jane Doe\nText.")  # the scanner is loaded now
    assert len(pickle.dumps(cleaner)) < 10_000


def test_a_print_issue_note_after_a_long_line_is_judged_alike() -> None:
    """Hyperscan missed a span gate whose alternation sat in a group after "^" when the
    matching line followed one of 16 characters or more ("This article appears in the March
    2024 issue." under a sentence): the scan let it pass and the plain pass removed it."""
    text = "The mayor said on Monday.\nThis article appears in the March 2024 issue."
    plain, fast = both_ways(Cleaner(), text)
    assert fast == plain
