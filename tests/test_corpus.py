"""Batch line counts: they merge like the whole, stay bounded, and never cost a syndicated story."""

from __future__ import annotations

import json
import pickle
import random
import subprocess
import sys
import tracemalloc
from pathlib import Path

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner import Cleaner, corpus
from cleaner.corpus import LineCounts, fingerprint, source_of
from cleaner.first_pass import BatchStatistics
from cleaner.repair import MAY_NEED_REPAIR, may_need_repair
from cleaner.vocabulary import Vocabulary

TEMPLATE = "The Valley Courier\n{body}\nLocal news for the valley since 1921"
BODIES = [
    f"Story {number}: the council met on {day} and voted on the {topic}, after a long debate "
    "that ran well past midnight."
    for number, (day, topic) in enumerate(
        [("Monday", "budget"), ("Tuesday", "bridge"), ("Friday", "school"), ("Sunday", "park")]
    )
]


def pages(host: str) -> list[tuple[str, str]]:
    return [(TEMPLATE.format(body=body), host) for body in BODIES]


def test_shards_merge_to_the_counts_of_the_whole() -> None:
    documents = pages("courier.example") + pages("gazette.example")
    whole = LineCounts.from_documents(documents)
    merged = LineCounts.from_documents(documents[:3]) + LineCounts.from_documents(documents[3:])
    assert merged == whole
    assert whole.share("The Valley Courier", "courier.example") == (4, 1.0)
    assert whole.share("the valley  COURIER", "") == (8, 1.0)


def test_memory_is_bounded_and_keeps_the_frequent_lines() -> None:
    counts = LineCounts(max_entries=50)
    for number in range(400):
        counts.add(f"Menu Home\nUnique heading {number}\n", "site.example")
    assert len(counts.short_lines) <= 100
    assert counts.share("Menu Home", "site.example")[0] == 400


def test_template_lines_of_a_site_go_and_its_stories_stay() -> None:
    counts = LineCounts.from_documents(pages("courier.example"))
    cleaner = Cleaner(corpus=counts)
    for text, _ in pages("courier.example"):
        result = cleaner.clean(text, {"url": "https://courier.example/story"})
        assert result.text == text.split("\n")[1]
        assert {edit.rule for edit in result.edits} == {"repeated-line"}
    clone = pickle.loads(pickle.dumps(cleaner))
    assert (
        clone.clean(pages("courier.example")[0][0], {"hostname": "courier.example"}).text
        == (BODIES[0])
    )


def test_every_shared_paragraph_of_the_syndicated_seeds_survives(
    seed_texts: dict[str, str],
) -> None:
    """Five outlets print one AP story: its shared lines are content, not template."""
    plain = Cleaner.from_config()
    for hosts in ([f"outlet{n}.example" for n in range(5)], ["one.example"] * 5):
        batch = list(zip(seed_texts.values(), hosts, strict=True))
        cleaner = Cleaner.from_config(corpus=LineCounts.from_documents(batch))
        for text, host in batch:
            metadata = {"hostname": host}
            assert cleaner.clean(text, metadata).text == plain.clean(text, metadata).text


def test_source_is_the_host_of_the_page() -> None:
    assert source_of({"hostname": "www.Example.com"}) == "example.com"
    assert source_of({"url": "https://www.example.org/a/b"}) == "example.org"
    assert source_of({"site": "Example"}, "site") == "Example"
    assert source_of(None) == ""
    assert fingerprint("A  line") == fingerprint("a line")


def test_a_story_printed_word_for_word_by_several_outlets_keeps_its_subheadings(
    seed_texts: dict[str, str],
) -> None:
    """The same wire story on four sites of one batch: its subheadings recur on every copy,
    as a template line would, but they come with the rest of the story."""
    story = next(text for text in seed_texts.values() if "\nCivilians bear the brunt\n" in text)
    batch = [(story, f"outlet{n}.example") for n in range(4)] + [(story, "one.example")] * 3
    cleaner = Cleaner.from_config(corpus=LineCounts.from_documents(batch))
    plain = Cleaner.from_config()
    for text, host in batch:
        cleaned = cleaner.clean(text, {"hostname": host}).text
        assert "\n\nCivilians bear the brunt\n\n" in cleaned
        assert cleaned == plain.clean(text, {"hostname": host}).text


CLEAN = str(Path(sys.executable).parent / "clean")


def courier_jsonl(path: Path) -> None:
    rows = [
        {"id": n, "text": text, "metadata": {"url": f"https://{host}/story/{n}"}}
        for n, (text, host) in enumerate(pages("courier.example"))
    ]
    path.write_bytes(b"".join(orjson.dumps(row) + b"\n" for row in rows))


def test_clean_counts_the_batch_in_a_first_pass_over_files(tmp_path: Path) -> None:
    courier_jsonl(tmp_path / "in.jsonl")
    run = subprocess.run([CLEAN, str(tmp_path / "in.jsonl")], capture_output=True, check=True)
    assert [orjson.loads(line)["text"] for line in run.stdout.splitlines()] == BODIES
    skipped = subprocess.run(
        [CLEAN, str(tmp_path / "in.jsonl"), "--no-batch-pass"], capture_output=True, check=True
    )
    assert orjson.loads(skipped.stdout.splitlines()[0])["text"].startswith("The Valley Courier")


def test_saved_counts_are_reused_also_for_stdin(tmp_path: Path) -> None:
    courier_jsonl(tmp_path / "in.jsonl")
    saved = tmp_path / "counts.json"
    subprocess.run(
        [CLEAN, str(tmp_path / "in.jsonl"), "--corpus-stats", str(saved)],
        capture_output=True,
        check=True,
    )
    assert LineCounts.from_json(orjson.loads(saved.read_bytes())) == LineCounts.from_documents(
        pages("courier.example")
    )
    with (tmp_path / "in.jsonl").open("rb") as stdin:
        reused = subprocess.run(
            [CLEAN, "-", "--corpus-stats", str(saved)], stdin=stdin, capture_output=True, check=True
        )
    assert orjson.loads(reused.stdout.splitlines()[0])["text"] == BODIES[0]
    missing = subprocess.run(
        [CLEAN, "-", "--corpus-stats", str(tmp_path / "none.json")],
        input=b'{"text": "x"}\n',
        capture_output=True,
        check=False,
    )
    assert missing.returncode == 2 and b"stdin cannot give" in missing.stderr
    saved.write_text("[1, 2]")
    broken = subprocess.run(
        [CLEAN, str(tmp_path / "in.jsonl"), "--corpus-stats", str(saved)],
        capture_output=True,
        check=False,
    )
    assert broken.returncode == 2 and b"cannot reuse the saved counts" in broken.stderr


def run_clean(path: Path, *options: str) -> list[dict]:
    run = subprocess.run([CLEAN, str(path), *options], capture_output=True, check=True)
    return [orjson.loads(line) for line in run.stdout.splitlines()]


def test_a_url_beside_the_text_names_the_source_and_stays_where_it_was(tmp_path: Path) -> None:
    """C4 and FineWeb keep the url at the top of a record, with no metadata object."""
    rows = [
        {"text": text, "url": f"https://{host}/story/{n}"}
        for n, (text, host) in enumerate(pages("courier.example"))
    ]
    (tmp_path / "in.jsonl").write_bytes(b"".join(orjson.dumps(row) + b"\n" for row in rows))
    out = run_clean(tmp_path / "in.jsonl")
    assert [row["text"] for row in out] == BODIES
    assert [row["url"] for row in out] == [row["url"] for row in rows]
    assert all(row["metadata"] == {} for row in out)


def test_source_field_names_where_a_document_comes_from(tmp_path: Path) -> None:
    rows = [
        {"id": n, "text": text, "metadata": {"site": "Valley Courier"}}
        for n, (text, _) in enumerate(pages("courier.example"))
    ]
    (tmp_path / "in.jsonl").write_bytes(b"".join(orjson.dumps(row) + b"\n" for row in rows))
    saved = tmp_path / "counts.json"
    by_site = run_clean(
        tmp_path / "in.jsonl", "--source-field", "site", "--corpus-stats", str(saved)
    )
    assert [row["text"] for row in by_site] == BODIES
    assert [row["metadata"] for row in by_site] == [{"site": "Valley Courier"}] * 4
    assert LineCounts.from_json(orjson.loads(saved.read_bytes())).source_field == "site"
    unknown = run_clean(tmp_path / "in.jsonl")  # four pages of no known source: too few
    assert unknown[0]["text"].startswith("The Valley Courier")
    mismatch = subprocess.run(
        [CLEAN, str(tmp_path / "in.jsonl"), "--corpus-stats", str(saved)], capture_output=True
    )
    assert mismatch.returncode == 2
    assert b"tell sources apart by --source-field site, this run by host name" in mismatch.stderr


def test_counts_by_different_source_fields_do_not_add_up() -> None:
    by_site = LineCounts(source_field="site")
    by_site.add("Menu Home", "a")
    by_host = LineCounts()
    by_host.add("Menu Home", "a.example")
    with pytest.raises(ValueError, match="do not add up"):
        by_site + by_host
    total = LineCounts()  # summed in place from empty counts, as the first pass sums shards
    total += by_site
    total += by_site
    assert total.source_field == "site"
    assert source_of({"site": "https://www.Example.com/x"}, "site") == "example.com"


def test_a_lone_surrogate_is_counted_as_the_cleaning_repairs_it(tmp_path: Path) -> None:
    """Half of an emoji cut in two cannot be encoded: the first pass fingerprints the line as
    unicode-repair leaves it (U+FFFD), instead of ending the run with a traceback."""
    (tmp_path / "sur.jsonl").write_bytes(b'{"id":"u","text":"Hello \\ud83d there"}\n')
    out = tmp_path / "out.jsonl"
    run = subprocess.run(
        [CLEAN, str(tmp_path / "sur.jsonl"), "-o", str(out), "--skip-bad"], capture_output=True
    )
    assert run.returncode == 0, run.stderr
    assert [orjson.loads(line)["text"] for line in out.read_bytes().splitlines()] == [
        "Hello \ufffd there"
    ]
    plain = run_clean(tmp_path / "sur.jsonl", "--no-batch-pass")
    assert out.read_bytes() == b"".join(orjson.dumps(row) + b"\n" for row in plain)
    counts = LineCounts()
    counts.add(f"Menu \ud83d Home\n{BODIES[0]}\nTop \ud83d\ude00 stories", "site.example")
    assert counts.share("menu \ufffd home", "site.example") == (1, 1.0)
    assert counts.share("Top \U0001f600 stories", "site.example") == (1, 1.0)
    assert fingerprint("Menu \ud83d Home") == fingerprint("menu \ufffd home")


def test_a_template_line_with_mojibake_or_an_escape_is_counted_as_repaired() -> None:
    """The repeated-line rule looks lines up after unicode-repair; the first pass counted them
    as given, so a site's template line with an escape or mojibake never matched and stayed
    on every page. Without unicode-repair the line is looked up as it was counted."""
    template = "Fish &amp; Chips Gazette\n{body}\nÂ© 2008 Gazette Media"
    documents = [(template.format(body=body), "gazette.example") for body in BODIES]
    counts = LineCounts.from_documents(documents)
    assert counts.share("Fish & Chips Gazette", "gazette.example") == (4, 1.0)
    assert counts.share("© 2008 Gazette Media", "gazette.example") == (4, 1.0)
    for cleaner in (Cleaner(corpus=counts), Cleaner(corpus=counts, ignore=["unicode-repair"])):
        for (text, _), body in zip(documents, BODIES, strict=True):
            assert cleaner.clean(text, {"hostname": "gazette.example"}).text == body


# Characters of every form of damage, their neighbours and plain text.
DAMAGE_ALPHABET = "aZ é\n;#x1&‚Ä√¬Ã©â€™\x85\x0b\x1f\ufffd\ud83d\u2021\u2260" + "".join(
    map(chr, range(0x7F, 0x100))
)


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet=DAMAGE_ALPHABET, max_size=12))
def test_the_fast_sign_of_damage_finds_what_the_plain_pattern_finds(text: str) -> None:
    assert may_need_repair(text) == bool(MAY_NEED_REPAIR.search(text))


def test_a_source_that_does_not_parse_or_is_no_string_never_stops_the_run(
    tmp_path: Path,
) -> None:
    """A URL that urlsplit refuses has no host, as a missing URL; other values are read as
    text; in the metadata or beside the text, with and without workers."""
    values = ["http://[bad", "http://a\uff03b.example/", 123, 1.5, True, ["http://a.example"]]
    values += [None, {"host": "b.example"}, "\ud83d.example"]
    rows = [
        {"id": n, "text": "Some text.", **place}
        for n, value in enumerate(values)
        for field_name in ("url", "hostname", "site")
        for place in ({field_name: value}, {"metadata": {field_name: value}})
    ]
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps(row) + "\n" for row in rows))  # escapes the surrogate

    def output(*options: str) -> bytes:
        run = subprocess.run([CLEAN, str(path), *options], capture_output=True)
        assert run.returncode == 0, run.stderr
        return run.stdout

    plain = output("--no-batch-pass")
    assert len(plain.splitlines()) == len(rows)
    assert output() == plain
    assert output("--workers", "2", "--source-field", "site") == plain
    assert source_of({"url": "http://[bad"}) == ""
    assert source_of({"url": "http://[bad", "hostname": "www.Example.com"}) == "example.com"
    assert source_of({"site": "http://[bad"}, "site") == "http://[bad"  # a name, if no host
    assert source_of({"url": 123}) == "" and source_of({"hostname": 123}) == "123"


BREAKS = ["\n", "\r", "\r\n", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\u2028", "\u2029"]


def test_lines_are_counted_as_the_cleaning_splits_them() -> None:
    """Whatever ends a line, the first pass counts the lines the repeated-line rule judges:
    a template line after a lone CR (or a form feed, a Unicode line separator...) counts as
    after "\\n"; so do lines behind a byte order mark or holding a NEL (an ellipsis)."""
    repair = Cleaner(select=["whitespace", "unicode-repair"])

    def counted(texts: list[str]) -> LineCounts:
        return LineCounts.from_documents((text, "site.example") for text in texts)

    lf = counted([TEMPLATE.format(body=body) for body in BODIES])
    for brk in BREAKS:
        texts = [TEMPLATE.format(body=body).replace("\n", brk) for body in BODIES]
        assert counted(texts) == lf, repr(brk)
        assert counted(texts) == counted([repair.clean(text).text for text in texts])
    for text in (
        f"\ufeffThe Valley Courier\r\n{BODIES[0]}\r\n\ufeffLocal news\x85 since 1921\r\n",
        f"\x85 The Valley Courier\u2028{BODIES[1]}\u2029 Local news\x85\ufeff",
    ):
        assert counted([text]) == counted([repair.clean(text).text])


def test_a_template_line_after_a_lone_cr_goes_in_the_first_run(tmp_path: Path) -> None:
    """Cleaning the output again changes nothing: the first run already dropped the line."""
    words = ("the", "council", "voted", "on", "budget", "schools", "roads", "county", "mayor")
    pick = random.Random(1).choice
    rows = [
        {
            "id": n,
            "text": " ".join(pick(words) for _ in range(40)).capitalize()
            + f".{brk}Brought to you by Acme",
        }
        for n in range(20)
        for brk in ("\r", "\u2028")
    ]
    (tmp_path / "in.jsonl").write_bytes(b"".join(orjson.dumps(row) + b"\n" for row in rows))
    first, second = tmp_path / "o1.jsonl", tmp_path / "o2.jsonl"
    for source, target in ((tmp_path / "in.jsonl", first), (first, second)):
        subprocess.run([CLEAN, str(source), "-o", str(target)], capture_output=True, check=True)
    assert b"Acme" not in first.read_bytes()
    assert second.read_bytes() == first.read_bytes()


def test_counts_of_another_version_load_but_do_not_add_up() -> None:
    """Counts saved before lines were split as the cleaning splits them (no version) still
    load, to clean as they did (a resumed run); added to new counts they are refused, as
    counts by another source field are."""
    new = LineCounts.from_documents(pages("courier.example"))
    saved = new.to_json()
    assert saved["version"] == corpus.VERSION == 2
    assert LineCounts.from_json(orjson.loads(orjson.dumps(saved))) == new
    old = LineCounts.from_json({key: value for key, value in saved.items() if key != "version"})
    assert old.version == 1 and old.short_lines == new.short_lines
    with pytest.raises(ValueError, match="version 1 and 2 do not add up"):
        old + new
    total = LineCounts()
    total += new
    with pytest.raises(ValueError, match="do not add up"):
        total += old
    assert (LineCounts() + old).version == 1
    with pytest.raises(ValueError, match="not saved line counts"):
        LineCounts.from_json({**saved, "version": 3})


def test_a_long_line_is_counted_without_a_list_of_all_its_words() -> None:
    """A 5 MB paragraph as one line: split into a million words it took twelve times its size
    (a 50 MB line, half a gigabyte more than the cleaning itself), and so did ``re.sub``."""
    paragraph = "the council voted  on\tthe budget " * 150_000 + "and went home."
    counts = LineCounts()
    tracemalloc.start()
    counts.add(f"Menu\n{paragraph}", "site.example")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 5 * len(paragraph)
    counts.add(" ".join(paragraph.split()), "other.example")
    assert counts.printed_elsewhere(paragraph)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="ab .\t\x1c\u2028\u00a0\u3000\ud83d\ude00", max_size=60))
def test_a_long_line_is_fingerprinted_a_piece_at_a_time_as_a_whole(line: str) -> None:
    def counted() -> tuple[int, str | None]:
        words = corpus._words(line)
        return corpus._fingerprint_of_folded(line, words), corpus._kind(words)

    whole = counted()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(corpus, "LONG_LINE", 5)
        patch.setattr(corpus, "PIECE", 3)
        assert counted() == whole


def test_the_first_pass_gathers_the_batchs_vocabulary_too(tmp_path: Path) -> None:
    """A word the batch prints across documents is its own, not a typo of a common word."""
    texts = [
        "Rust ships a compiler: call rustc with the flag.",
        "Rust builds it with rustc today.",
        "The rustc book.",
    ]
    source = tmp_path / "in.jsonl"
    source.write_bytes(b"".join(orjson.dumps({"text": text}) + b"\n" for text in texts))
    assert next(record["text"] for record in run_clean(source, "--no-batch-pass")) == (
        "Rust ships a compiler: call rust with the flag."
    )
    saved = tmp_path / "counts.json"
    assert [record["text"] for record in run_clean(source, "--corpus-stats", str(saved))] == texts
    assert orjson.loads(saved.read_bytes())["vocabulary"]["rare_words"] == {"rustc": 3}
    with source.open("rb") as stdin:
        reused = subprocess.run(
            [CLEAN, "-", "--corpus-stats", str(saved)], stdin=stdin, capture_output=True, check=True
        )
    assert [orjson.loads(line)["text"] for line in reused.stdout.splitlines()] == texts
    without = tmp_path / "without.json"
    ignored = ["--ignore", "unknown-word,name-consensus", "--corpus-stats", str(without)]
    run_clean(source, *ignored)  # no selected rule reads a vocabulary: none is gathered
    assert "vocabulary" not in orjson.loads(without.read_bytes())


def test_batch_statistics_of_shards_add_up_and_older_saves_load() -> None:
    texts = ["Zalmay Khalilzad met the Taliban.\n\nHome | News", "Khalilzad spoke; zorbing.", "x"]
    whole = BatchStatistics()
    for text in texts:
        whole.add(text, "site.example")
    parts = [BatchStatistics(), BatchStatistics()]
    for number, text in enumerate(texts):
        parts[number % 2].add(text, "site.example")
    assert BatchStatistics.sum(parts) == whole
    assert BatchStatistics.from_json(orjson.loads(orjson.dumps(whole.to_json()))) == whole
    older = {key: value for key, value in whole.to_json().items() if key != "vocabulary"}
    assert BatchStatistics.from_json(older) == BatchStatistics(whole.lines, None)


def test_a_long_line_is_counted_for_the_vocabulary_a_piece_at_a_time() -> None:
    """A 20 MB line of names listed whole held two million small strings (150 MB) at once."""
    line = "Zalmay Khalilzad met Marta Kowalczyk. " * 500_000
    vocabulary = Vocabulary()
    vocabulary.add("The word lists load first.")
    tracemalloc.start()
    vocabulary.add(line)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < len(line)
    assert vocabulary.names["Khalilzad"] == 500_000
    assert vocabulary.first_names["Zalmay", "Khalilzad"] >= 499_990  # a cut may part a pair


def test_diff_shows_what_the_run_does_with_the_batch_counts(tmp_path: Path) -> None:
    """--diff skipped the first pass: it showed a site's template as clean while the run
    removed it, so a CI gate on --diff passed text that ``clean`` changes."""
    rows = [
        {"text": text, "url": f"https://{host}/story/{n}"}
        for n, (text, host) in enumerate(pages("courier.example"))
    ]
    (tmp_path / "in.jsonl").write_bytes(b"".join(orjson.dumps(row) + b"\n" for row in rows))
    diff = subprocess.run(
        [CLEAN, "--diff", "--format", "json", str(tmp_path / "in.jsonl")],
        capture_output=True,
        check=False,
    )
    assert diff.returncode == 1, diff.stderr
    shown = {edit["rule"] for edit in map(orjson.loads, diff.stdout.splitlines())}
    assert "repeated-line" in shown
    assert [row["text"] for row in run_clean(tmp_path / "in.jsonl")] == BODIES
