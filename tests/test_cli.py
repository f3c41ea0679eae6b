"""The `clean` command on real files: formats, streams, options and bad input."""

from __future__ import annotations

import gzip
import importlib.util
import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import orjson
import pyarrow
import pyarrow.parquet
import pytest
import zstandard

from cleaner import Edit, reconstruct

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"


CLEAN = str(Path(sys.executable).parent / "clean")
ARTICLE = (
    "US Envoy Warns the Taliban Over Kabul\n\nBy Jane Doe\n\n"
    "The envoy spoke in Doha on Tuesday.\n\n© Getty Images\n\nTalks will resume."
)
ARTICLE_TEXT = "The envoy spoke in Doha on Tuesday.\n\nTalks will resume."


def clean(
    *args: str, stdin: bytes | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([CLEAN, *args], input=stdin, capture_output=True, cwd=cwd, check=False)


def records(data: bytes) -> list[dict]:
    return [orjson.loads(line) for line in data.splitlines()]


def write_jsonl(path: Path, rows: list[dict]) -> None:
    path.write_bytes(b"".join(orjson.dumps(row) + b"\n" for row in rows))


def test_jsonl_in_and_out_carries_other_fields(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    write_jsonl(source, [{"id": "a", "text": ARTICLE, "url": "https://example.com/a"}])
    result = clean(str(source), "-o", str(tmp_path / "out.jsonl"))
    assert result.returncode == 0, result.stderr
    [record] = records((tmp_path / "out.jsonl").read_bytes())
    assert record == {
        "id": "a",
        "text": ARTICLE_TEXT,
        "metadata": {"title": "US Envoy Warns the Taliban Over Kabul", "author": "Jane Doe"},
        "url": "https://example.com/a",
    }
    assert b"clean: read 1, written 1, rejected 0" in result.stderr


def test_edit_log_in_the_output_rebuilds_every_seed(tmp_path: Path) -> None:
    result = clean(str(SEEDS), "--edits", cwd=ROOT)
    for record in records(result.stdout):
        edits = [Edit.from_dict(edit) for edit in record["edits"]]
        original = (SEEDS / f"{record['id']}.txt").read_text(encoding="utf-8")
        assert reconstruct(record["text"], edits) == original


def test_custom_fields_and_edits(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    write_jsonl(source, [{"doc": 7, "body": ARTICLE}])
    result = clean(str(source), "--text-field", "body", "--id-field", "doc", "--edits")
    [record] = records(result.stdout)
    assert record["doc"] == 7 and "id" not in record and record["body"] == ARTICLE_TEXT
    assert {edit["rule"] for edit in record["edits"]} == {"title", "byline", "photo-credit"}


@pytest.mark.parametrize("suffix", [".gz", ".zst"])
def test_compressed_in_and_out(tmp_path: Path, suffix: str) -> None:
    plain = orjson.dumps({"id": "a", "text": ARTICLE}) + b"\n"
    compress = gzip.compress if suffix == ".gz" else zstandard.ZstdCompressor().compress
    source = tmp_path / f"in.jsonl{suffix}"
    source.write_bytes(compress(plain))
    output = tmp_path / f"out.jsonl{suffix}"
    assert clean(str(source), "-o", str(output)).returncode == 0
    decompress = (
        gzip.decompress
        if suffix == ".gz"
        else zstandard.ZstdDecompressor().decompressobj().decompress
    )
    [record] = records(decompress(output.read_bytes()))
    assert record["text"] == ARTICLE_TEXT


def test_gzip_without_isal_writes_and_reads_the_same_records(tmp_path: Path) -> None:
    """Where python-isal has no wheel, the standard library reads and writes .gz: the same
    records, and damaged data is still reported as such."""
    rows = b"".join(orjson.dumps({"id": n, "text": ARTICLE}) + b"\n" for n in range(50))
    (tmp_path / "in.jsonl.gz").write_bytes(gzip.compress(rows))
    compressed = gzip.compress(rows, mtime=0)
    (tmp_path / "bad.jsonl.gz").write_bytes(compressed[:30] + bytes(20) + compressed[50:])
    blocked = (
        "import sys; sys.modules['isal'] = None; from cleaner.cli import main; sys.exit(main())"
    )
    written = {}
    for codec, command in (("isal", [CLEAN]), ("zlib", [sys.executable, "-c", blocked])):
        output = tmp_path / f"{codec}.jsonl.gz"
        run = subprocess.run([*command, str(tmp_path / "in.jsonl.gz"), "-o", str(output)])
        assert run.returncode == 0
        written[codec] = output.read_bytes()
        bad = subprocess.run([*command, str(tmp_path / "bad.jsonl.gz")], capture_output=True)
        assert bad.returncode == 1 and b"bad.jsonl.gz:1: unreadable: damaged gzip" in bad.stderr
    if importlib.util.find_spec("isal"):
        assert written["isal"] != written["zlib"]  # each codec wrote its own
    assert gzip.decompress(written["isal"]) == gzip.decompress(written["zlib"])
    assert len(records(gzip.decompress(written["zlib"]))) == 50


def test_stdin_to_stdout() -> None:
    result = clean(stdin=orjson.dumps({"id": "x", "text": ARTICLE}) + b"\n")
    assert result.returncode == 0
    assert records(result.stdout)[0]["text"] == ARTICLE_TEXT
    assert clean("-", stdin=b'{"text": "Plain."}\n').stdout.startswith(b'{"id":"-:1"')


def test_folder_named_like_a_command_is_an_input(tmp_path: Path) -> None:
    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "one.txt").write_text(ARTICLE, encoding="utf-8")
    result = clean("rules/", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert records(result.stdout)[0]["id"] == "one"


def article_page(head: str, body: str, sentence: str, count: int) -> str:
    """A small page: ``count`` paragraphs of ``sentence`` in an article, with page chrome."""
    paragraphs = "".join(f"<p>{sentence}, paragraph {n}.</p>" for n in range(count))
    return f"<html><head>{head}</head><body>{body}<article>{paragraphs}</article></body></html>"


def test_html_is_extracted_first(tmp_path: Path) -> None:
    page = article_page(
        "<title>Envoy in Doha</title>",
        "<nav>Home | World</nav><h1>Envoy in Doha</h1>",
        "The envoy said on Tuesday that talks in Doha would continue",
        8,
    )
    (tmp_path / "page.html").write_text(page, encoding="utf-8")
    result = clean(str(tmp_path / "page.html"))
    [record] = records(result.stdout)
    assert record["id"] == "page"
    assert "paragraph 7" in record["text"] and "Home | World" not in record["text"]
    assert record["metadata"]["title"] == "Envoy in Doha"
    assert not record["text"].startswith("Envoy in Doha")


def test_html_in_a_legacy_encoding_is_decoded_by_its_declaration(tmp_path: Path) -> None:
    page = article_page(
        '<meta charset="windows-1252"><title>Café news</title>',
        "",
        "The café in Zürich reopened on Tuesday after renovation",
        6,
    )
    (tmp_path / "old.html.gz").write_bytes(gzip.compress(page.encode("windows-1252")))
    [record] = records(clean(str(tmp_path / "old.html.gz")).stdout)
    assert "The café in Zürich reopened" in record["text"]


def test_list_explain_and_diff() -> None:
    listing = clean("--list-rules").stdout.decode()
    assert "name-card" in listing and "photo-credit" in listing
    explained = clean("--explain", "name-card").stdout.decode()
    assert "Antony BlinkenAntony Blinken" in explained and "Left untouched" in explained
    diffed = clean("--diff", str(SEEDS / "002_57a8691866e7fda5.txt"))
    assert diffed.returncode == 1  # it would change something: like ruff --diff, fail CI
    diff = diffed.stdout.decode()
    assert "002_57a8691866e7fda5.txt:4:1 photo-credit\n  - © Getty Images" in diff
    assert "name-card" in diff and "\x1b[" not in diff
    assert "\x1b[31m" in clean("--diff", "--color", "always", str(SEEDS)).stdout.decode()
    assert clean("--explain", "no-such-rule").returncode == 2


@pytest.mark.parametrize("option", ["-o", "--rejects", "--stats-json", "--report", "--config"])
def test_an_empty_name_is_a_usage_mistake(tmp_path: Path, option: str) -> None:
    """``-o "$OUT"`` with OUT unset said "cannot write stdout: Is a directory"; an empty
    ``--config`` was read as no configuration at all."""
    source = tmp_path / "a.txt"
    source.write_text(ARTICLE, encoding="utf-8")
    more = ["-o", str(tmp_path / "out.jsonl")] if option == "--rejects" else []
    result = clean(str(source), *more, option, "")
    assert result.returncode == 2, result.stderr
    assert f"clean: error: {option} is given an empty name; name a file\n".encode() == result.stderr
    empty_input = clean("")
    assert empty_input.returncode == 2 and b"an input is given an empty name" in empty_input.stderr


def test_an_empty_edits_field_is_a_usage_mistake(tmp_path: Path) -> None:
    """``--edits --edits-field "$FIELD"`` with FIELD unset wrote the log under ``edits``, a
    field the caller did not name, without a word."""
    source = tmp_path / "a.txt"
    source.write_text(ARTICLE, encoding="utf-8")
    output = tmp_path / "out.jsonl"
    result = clean(str(source), "-o", str(output), "--edits", "--edits-field", "")
    assert result.returncode == 2, result.stderr
    assert result.stderr == b"clean: error: --edits-field needs a field name\n"
    assert not output.exists()
    named = clean(str(source), "-o", str(output), "--edits", "--edits-field", "log")
    assert named.returncode == 0, named.stderr
    [record] = records(output.read_bytes())
    assert "log" in record and "edits" not in record
    assert record["log"] and reconstruct(record["text"], record["log"]) == ARTICLE


def test_select_and_ignore_rules(tmp_path: Path) -> None:
    source = tmp_path / "a.txt"
    source.write_text(ARTICLE, encoding="utf-8")
    only_credit = records(clean(str(source), "--select", "photo-credit").stdout)[0]
    assert only_credit["text"].startswith("US Envoy Warns") and "Getty" not in only_credit["text"]
    no_title = records(clean(str(source), "--ignore", "title,byline").stdout)[0]
    assert no_title["text"].startswith("US Envoy Warns the Taliban Over Kabul\n\nBy Jane Doe")
    assert clean(str(source), "--select", "nope").returncode == 2


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'{"id": "a", "text": "Fine."}\n{"id": "b", "text": \n', b"in.jsonl:2: malformed JSON"),
        (b'{"id": "a", "body": "No text field."}\n', b"in.jsonl:1: record has no 'text' field"),
        (b'{"id": "a", "text": "caf\xe9"}\n', b"in.jsonl:1: invalid UTF-8"),
        (
            '{"id": "a", "text": "Saved as Unicode."}\n'.encode("utf-16"),
            b"in.jsonl:1: the file is UTF-16 (it starts with a byte order mark); JSON lines are "
            b"UTF-8: convert it first (iconv -f UTF-16 -t UTF-8)",
        ),
        (b"", b"in.jsonl: empty file: no JSON records"),
        (b'["a list"]\n', b"in.jsonl:1: record is not a JSON object"),
        (
            b'[{"text": "One."}, {"text": "Two."}]\n',
            b"in.jsonl:1: record is a JSON array of objects, not an object (jq -c '.[]'",
        ),
    ],
)
def test_bad_jsonl_fails_naming_file_and_line(
    tmp_path: Path, content: bytes, message: bytes
) -> None:
    source = tmp_path / "in.jsonl"
    source.write_bytes(content)
    result = clean(str(source), "-o", str(tmp_path / "out.jsonl"))
    assert result.returncode == 1
    assert message in result.stderr


@pytest.mark.parametrize("name", ["in.json", "in.json.gz"])
def test_a_json_document_over_several_lines_is_one_reject_not_some_of_its_records(
    tmp_path: Path, name: str
) -> None:
    """Read line by line, a pretty-printed array gave its last object as a record and its other
    lines as rejects: part of the data, out of context."""
    document = json.dumps([{"text": "One."}, {"text": "Two."}], indent=2).encode() + b"\n"
    source = tmp_path / name
    source.write_bytes(gzip.compress(document) if name.endswith(".gz") else document)
    result = clean(str(source), "-o", str(tmp_path / "out.jsonl"), "--skip-bad")
    assert result.returncode == 0
    assert b"read 1, written 0, rejected 1" in result.stderr
    [reject] = records((tmp_path / "out.rejects.jsonl").read_bytes())
    assert reject["line"] == 1 and reject["reason"].startswith(
        "the file is one JSON document over several lines, not JSON lines (a record a line)"
    )


def test_damaged_compressed_input_is_reported_not_raised(tmp_path: Path) -> None:
    good = gzip.compress(
        b"".join(orjson.dumps({"id": n, "text": ARTICLE}) + b"\n" for n in range(50))
    )
    (tmp_path / "cut.jsonl.gz").write_bytes(good[: len(good) // 2])
    (tmp_path / "junk.txt.zst").write_bytes(b"not zstd at all")
    cut = clean(str(tmp_path / "cut.jsonl.gz"), "-o", str(tmp_path / "out.jsonl"))
    assert cut.returncode == 1 and b"cut.jsonl.gz:" in cut.stderr and b"unreadable" in cut.stderr
    junk = clean(str(tmp_path / "junk.txt.zst"))
    assert junk.returncode == 1 and b"junk.txt.zst: unreadable" in junk.stderr
    assert b"Traceback" not in cut.stderr + junk.stderr


def test_skip_bad_sets_bad_records_aside_and_counts_reconcile(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_bytes(
        b'{"id": "a", "text": "One."}\n{"id": "b"\n{"id": "c", "text": "Two."}\n{"id": "d"}\n'
    )
    result = clean(str(source), "-o", str(tmp_path / "out.jsonl"), "--skip-bad")
    assert result.returncode == 0
    assert b"clean: read 4, written 2, rejected 2" in result.stderr
    assert [r["id"] for r in records((tmp_path / "out.jsonl").read_bytes())] == ["a", "c"]
    rejects = records((tmp_path / "out.rejects.jsonl").read_bytes())
    assert [(r["line"], r["reason"].split(":")[0]) for r in rejects] == [
        (2, "malformed JSON"),
        (4, "record has no 'text' field"),
    ]
    assert rejects[0]["raw"] == '{"id": "b"'


def test_bad_text_files(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"  \n")
    (tmp_path / "broken.txt").write_bytes(b"Fine line.\nBad \xff byte.\n")
    result = clean(str(tmp_path / "broken.txt"))
    assert result.returncode == 1 and b"broken.txt:2: invalid UTF-8" in result.stderr
    assert b"empty.txt: empty file" in clean(str(tmp_path / "empty.txt")).stderr
    assert b"no such file or folder" in clean(str(tmp_path / "missing.jsonl")).stderr
    if hasattr(os, "mkfifo"):  # a pipe (or /dev/zero) is no input file: named, not read for ever
        os.mkfifo(tmp_path / "pipe.jsonl")
        result = clean(str(tmp_path / "pipe.jsonl"))
        assert result.returncode == 2 and b"pipe.jsonl: not a file or folder" in result.stderr


def test_workers_keep_input_order(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    write_jsonl(source, [{"id": str(n), "text": ARTICLE} for n in range(100)])
    result = clean(str(source), "--workers", "2")
    assert [r["id"] for r in records(result.stdout)] == [str(n) for n in range(100)]
    assert {r["text"] for r in records(result.stdout)} == {ARTICLE_TEXT}


def test_diff_exits_0_only_when_nothing_would_change(tmp_path: Path) -> None:
    (tmp_path / "clean.txt").write_text(ARTICLE_TEXT, encoding="utf-8")
    unchanged = clean("--diff", str(tmp_path / "clean.txt"))
    assert unchanged.returncode == 0 and unchanged.stdout == b""
    (tmp_path / "dirty.txt").write_text(ARTICLE, encoding="utf-8")
    assert clean("--diff", str(tmp_path / "clean.txt"), str(tmp_path / "dirty.txt")).returncode == 1


@pytest.mark.parametrize("workers", ["1", "2"])
def test_diff_passes_over_a_null_text(tmp_path: Path, workers: str) -> None:
    """A cleaning run writes a Parquet row's null text back; --diff stopped there with a
    traceback."""
    source = tmp_path / "in.parquet"
    pyarrow.parquet.write_table(pyarrow.table({"id": [7, 8], "text": [None, ARTICLE]}), source)
    result = clean("--diff", "--format", "json", "--workers", workers, str(source))
    assert result.returncode == 1 and result.stderr == b""
    assert {edit["id"] for edit in records(result.stdout)} == {8}


def test_a_folder_walk_says_what_it_passed_over(tmp_path: Path) -> None:
    """A README, a .csv or a .md in an input folder is no input; the run said nothing of them,
    so a folder of .csv articles cleaned nothing without a word."""
    (tmp_path / "a.txt").write_text(ARTICLE_TEXT)
    for name in ("README", "b.csv", "c.csv", "notes.md", ".hidden.csv"):
        (tmp_path / name).write_text("x")
    result = clean(str(tmp_path))
    assert result.returncode == 0 and len(records(result.stdout)) == 1
    note = f"passed over 4 files of no kind clean reads (.csv 2, .md 1, no suffix 1), such as {tmp_path / 'README'}"
    assert note.encode() in result.stderr
    assert b"passed over" not in clean(str(tmp_path / "a.txt")).stderr


def test_diff_as_json_is_one_object_per_edit(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    write_jsonl(source, [{"id": 7, "text": ARTICLE}, {"id": 8, "text": ARTICLE_TEXT}])
    result = clean("--diff", "--format", "json", "--color", "always", str(source))
    assert result.returncode == 1
    edits = records(result.stdout)
    assert [(e["id"], e["rule"], e["line"], e["column"]) for e in edits] == [
        (7, "title", 1, 1),
        (7, "byline", 3, 1),
        (7, "photo-credit", 7, 1),
    ]
    assert edits[2]["removed"].strip() == "© Getty Images" and edits[2]["source"] == str(source)
    rebuilt = reconstruct(ARTICLE_TEXT, [Edit.from_dict({k: e[k] for k in (
        "rule", "start", "end", "removed", "inserted")}) for e in edits])  # fmt: skip
    assert rebuilt == ARTICLE


def test_rules_listed_as_json_and_markdown() -> None:
    listed = orjson.loads(clean("--list-rules", "--format", "json").stdout)
    by_id = {rule["id"]: rule for rule in listed}
    assert by_id["photo-credit"]["enabled_by_default"] is True
    assert by_id["dateline"]["enabled_by_default"] is False
    assert by_id["byline"]["examples"][0]["before"] and by_id["byline"]["origin"] == "cleaner"
    bad = clean("--format", "markdown", "--diff", str(SEEDS))
    assert bad.returncode == 2 and b"--format markdown is for --list-rules" in bad.stderr


def test_docs_rules_md_is_the_generated_listing() -> None:
    """docs/rules.md is `clean --list-rules --format markdown`; regenerate it with that."""
    generated = clean("--list-rules", "--format", "markdown", "--isolated").stdout.decode()
    documented = (ROOT / "docs" / "rules.md").read_bytes().decode()
    assert generated == documented, "run: clean --list-rules --format markdown > docs/rules.md"


def test_no_input_at_a_terminal_is_a_message_not_a_wait(tmp_path: Path) -> None:
    """``clean`` alone, typed at a terminal, would wait for records typed there."""
    controller, terminal = pty.openpty()
    try:
        run = subprocess.run(
            [CLEAN], stdin=terminal, capture_output=True, timeout=60, cwd=tmp_path, check=False
        )
    finally:
        os.close(controller)
        os.close(terminal)
    assert run.returncode == 2
    assert b"no input: name files or folders to clean, or pipe records in ('-')" in run.stderr
    piped = subprocess.run(
        [CLEAN], input=b'{"text":"Hello there."}\n', capture_output=True, check=False
    )
    assert orjson.loads(piped.stdout)["text"] == "Hello there."
