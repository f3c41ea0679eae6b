"""Inputs and outputs beyond local JSONL: fsspec URLs and globs, Parquet in and out, the pieces
workers read, and the progress bar. fsspec's ``memory://`` file system lives in one process, so
those runs call the command's ``main`` here; the rest run the installed command."""

from __future__ import annotations

import codecs
import gzip
import importlib.util
import json
import os
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import fsspec
import orjson
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import zstandard
from hypothesis import example, given, settings
from hypothesis import strategies as st

from cleaner import Cleaner, jsonl
from cleaner.cli import kept_column_types, main
from cleaner.config import RuleChoice
from cleaner.jsonl import RecordError
from cleaner.metadata import metadata_type
from cleaner.pieces import plan, read_piece
from cleaner.readers import id_bases, input_files, read_documents
from cleaner.workers import Options, PieceCleaner
from cleaner.writers.parquet import ParquetSink

CLEAN = str(Path(sys.executable).parent / "clean")
ARTICLE = (
    "By Jane Doe\n\nThe envoy spoke in Doha on Tuesday.\n\nAdvertisement\n\nTalks will resume."
)
ARTICLE_TEXT = "The envoy spoke in Doha on Tuesday.\n\nTalks will resume."


def clean(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    command = [CLEAN, *map(str, args), "--isolated"]
    return subprocess.run(command, capture_output=True, cwd=cwd, check=False)


def jsonl_bytes(rows: list[dict]) -> bytes:
    return b"".join(orjson.dumps(row) + b"\n" for row in rows)


@pytest.fixture
def memory() -> Iterator[fsspec.AbstractFileSystem]:
    filesystem = fsspec.filesystem("memory")
    handler = signal.getsignal(signal.SIGTERM)
    yield filesystem
    signal.signal(signal.SIGTERM, handler)  # main() installs its own
    filesystem.rm("/", recursive=True)


def test_files_named_alike_in_different_folders_get_ids_of_their_own(tmp_path: Path) -> None:
    """A crawl keeps ``2024/index.html`` and ``2025/index.html``; ids were the file name alone,
    so both pages came out as ``index`` (and ``a.jsonl`` beside ``sub/a.jsonl.GZ`` as ``a:1``
    twice), and a pipeline that keys on ids kept one of each. A file found in a named folder is
    named by its path under it; a file named itself, by its name."""
    crawl = tmp_path / "crawl"
    for year in ("2024", "2025"):
        (crawl / year).mkdir(parents=True)
        (crawl / year / "index.html").write_text(
            f"<html><body><article><p>{ARTICLE}</p></article></body></html>"
        )
    (crawl / "a.jsonl").write_bytes(jsonl_bytes([{"text": ARTICLE}]))
    (crawl / "sub").mkdir()
    (crawl / "sub" / "a.jsonl.GZ").write_bytes(gzip.compress(jsonl_bytes([{"text": ARTICLE}])))

    def ids(*named: str | Path, batch: bool = True) -> list[str]:
        more = [] if batch else ["--no-batch-pass"]
        result = clean(*named, "--isolated", *more, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        return [record["id"] for record in map(orjson.loads, result.stdout.splitlines())]

    expected = ["2024/index", "2025/index", "a:1", "sub/a:1"]
    assert ids("crawl") == ids(crawl, batch=False) == ids("crawl/") == expected
    assert ids("crawl/**/*.html") == expected[:2]
    assert ids("crawl/2024/index.html", "crawl/sub/a.jsonl.GZ") == ["index", "a:1"]
    diff = clean("crawl", "--diff", "--format", "json", "--isolated", cwd=tmp_path)
    assert b'"id":"sub/a:1"' in diff.stdout


def ids_of(*args: str | Path, cwd: Path) -> list[str]:
    """The ids of the records ``clean ARGS`` writes to stdout, run in ``cwd``."""
    result = clean(*args, cwd=cwd)
    assert result.returncode == 0, result.stderr
    return [record["id"] for record in map(orjson.loads, result.stdout.splitlines())]


def write_article(path: Path) -> None:
    """One article at ``path``, in the format its name asks for."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.name.endswith((".txt", ".html")):
        path.write_text(ARTICLE)
    elif path.name.endswith(".parquet"):
        pq.write_table(pa.table({"text": [ARTICLE]}), path)
    elif path.name.endswith(".gz"):
        path.write_bytes(gzip.compress(jsonl_bytes([{"text": ARTICLE}])))
    else:
        path.write_bytes(jsonl_bytes([{"text": ARTICLE}]))


def test_files_of_one_name_in_one_folder_keep_their_extensions_in_ids(tmp_path: Path) -> None:
    """``x.jsonl``, ``x.jsonl.gz`` and ``x.parquet`` in one folder all gave ``x:1``, and
    ``p.txt`` beside ``p.html`` gave ``p`` twice: a dedup or join on ids merged different
    documents. Files whose ids would meet keep their extensions; the others keep their ids."""
    for name in ("x.jsonl", "x.jsonl.gz", "x.parquet", "p.txt", "p.html", "a.jsonl", "sub/b.txt"):
        write_article(tmp_path / "d" / name)
    expected = ["a:1", "p.html", "p.txt", "sub/b", "x.jsonl:1", "x.jsonl.gz:1", "x.parquet:1"]
    assert ids_of("d", cwd=tmp_path) == expected
    assert ids_of("d", "--workers", "2", "--no-batch-pass", cwd=tmp_path) == expected
    # a page whose name is another file's base and a line number
    for name in ("x:1.txt", "x.jsonl", "x.txt"):
        write_article(tmp_path / "odd" / name)
    assert ids_of("odd", cwd=tmp_path) == ["x.jsonl:1", "x", "x:1.txt"]


def test_files_of_one_name_named_themselves_are_told_apart_by_their_paths(
    tmp_path: Path,
) -> None:
    """``clean ida/x.jsonl idb/x.jsonl`` (or ``clean ida idb``) gave ``x:1`` twice. Files whose
    ids would meet are named by their paths from the folder they share; a file whose id
    meets none keeps its own, and so does stdin."""
    for name in ("ida/x.jsonl", "idb/x.jsonl", "idb/y.jsonl", "crawl/x.jsonl", "crawl/sub/x.jsonl"):
        write_article(tmp_path / name)
    assert ids_of("ida/x.jsonl", "idb/x.jsonl", "idb/y.jsonl", cwd=tmp_path) == [
        "ida/x:1",
        "idb/x:1",
        "y:1",
    ]
    assert ids_of(tmp_path / "ida/x.jsonl", "idb/x.jsonl", cwd=tmp_path) == ["ida/x:1", "idb/x:1"]
    assert ids_of("ida", "idb", cwd=tmp_path) == ["ida/x:1", "idb/x:1", "y:1"]
    assert ids_of("crawl/x.jsonl", "crawl/sub/x.jsonl", cwd=tmp_path) == ["x:1", "sub/x:1"]
    assert ids_of("idb/y.jsonl", cwd=tmp_path) == ["y:1"]
    write_article(tmp_path / "-.jsonl")
    with (tmp_path / "ida/x.jsonl").open("rb") as stdin:
        result = subprocess.run(
            [CLEAN, "-", "./-.jsonl", "--isolated"], stdin=stdin, capture_output=True, cwd=tmp_path
        )
    assert [orjson.loads(line)["id"] for line in result.stdout.splitlines()] == ["-:1", "-.jsonl:1"]


def test_a_glob_names_files_by_their_path_under_the_folder_it_starts_from(
    tmp_path: Path,
) -> None:
    """``clean 'id*/x.jsonl'`` gave ``x:1`` twice: a glob whose first part is a pattern had no
    folder to start from, so its files were named by their file names. It starts from "."."""
    for name in ("ida/x.jsonl", "idb/x.jsonl", "ida/y.jsonl", "z.jsonl"):
        write_article(tmp_path / name)
    assert ids_of("id*/x.jsonl", cwd=tmp_path) == ["ida/x:1", "idb/x:1"]
    assert ids_of("*/y.jsonl", cwd=tmp_path) == ["ida/y:1"]
    assert ids_of("*.jsonl", cwd=tmp_path) == ["z:1"]
    assert ids_of(f"{tmp_path}/id*/x.jsonl", cwd=tmp_path) == ["ida/x:1", "idb/x:1"]


def test_ids_name_files_by_their_path_under_a_named_url_folder(
    memory: fsspec.AbstractFileSystem,
) -> None:
    memory.pipe("/crawl/x/a.jsonl", b"")
    memory.pipe("/crawl/y/a.jsonl", b"")
    found = input_files(["memory://crawl"])
    assert id_bases(["memory://crawl"], found) == {
        "memory:///crawl/x/a.jsonl": "x/a",
        "memory:///crawl/y/a.jsonl": "y/a",
    }


def test_memory_urls_and_globs_in_sharded_out(
    memory: fsspec.AbstractFileSystem, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("a", "b"):
        memory.pipe(f"/in/{name}.jsonl", jsonl_bytes([{"id": name, "text": ARTICLE}]))
    memory.pipe("/in/c.txt", ARTICLE.encode())
    memory.pipe("/in/.hidden.jsonl", b"not read")
    assert main(["memory://in/*.jsonl", "-o", "memory://out/", "--isolated", "-q"]) == 0
    assert "read 2, written 2" in capsys.readouterr().err
    listed = orjson.loads(memory.cat("/out/manifest.json"))
    assert [span["path"] for shard in listed["shards"] for span in shard["inputs"]] == [
        "memory:///in/a.jsonl",  # fsspec's own spelling of the URL
        "memory:///in/b.jsonl",
    ]
    data = (
        zstandard.ZstdDecompressor()
        .decompressobj()
        .decompress(memory.cat("/out/part-00000.jsonl.zst"))
    )
    assert [orjson.loads(line)["text"] for line in data.splitlines()] == [ARTICLE_TEXT] * 2
    assert not [name for name in memory.find("/out") if name.endswith(".part")]
    assert main(["memory://in", "-o", "memory://whole.jsonl", "--isolated", "-q"]) == 0
    rows = [orjson.loads(line) for line in memory.cat("/whole.jsonl").splitlines()]
    assert [row["id"] for row in rows] == ["a", "b", "c"]


def test_a_missing_backend_names_the_package(tmp_path: Path) -> None:
    result = clean("s3://bucket/data/*.jsonl", "-o", tmp_path / "out.jsonl")
    assert result.returncode == 2 and b"pip install s3fs" in result.stderr
    assert b"Traceback" not in result.stderr
    (tmp_path / "in.txt").write_text(ARTICLE)
    result = clean(tmp_path / "in.txt", "-o", "gs://bucket/out/")
    assert result.returncode == 2 and b"pip install gcsfs" in result.stderr
    # fsspec's own sftp file system is there; the package it imports is not
    if importlib.util.find_spec("paramiko") is None:
        result = clean("sftp://host/data.jsonl", "-o", tmp_path / "out.jsonl")
        assert result.returncode == 2 and b"sftp:// needs the paramiko package" in result.stderr


def test_a_quoted_local_glob_is_expanded(tmp_path: Path) -> None:
    for name in ("a", "b", "c"):
        (tmp_path / f"{name}.jsonl").write_bytes(jsonl_bytes([{"id": name, "text": ARTICLE}]))
    result = clean("[ab].jsonl", cwd=tmp_path)
    assert [orjson.loads(line)["id"] for line in result.stdout.splitlines()] == ["a", "b"]
    nothing = clean("z*.jsonl", cwd=tmp_path)
    assert nothing.returncode == 2 and b"no file matches" in nothing.stderr


def test_parquet_values_are_kept_and_bad_rows_are_rejected_by_row(tmp_path: Path) -> None:
    table = pa.table(
        {
            "id": pa.array([2**63 - 1, -(2**63), 7, 8], pa.int64()),
            "text": pa.array([ARTICLE, None, ARTICLE, "Plain."]),
            "score": pa.array([None, 1.5, 2.0, None]),
            "metadata": pa.array(
                [{"url": "https://example.com/a"}, None, {"url": None}, None],
                pa.struct([("url", pa.string())]),
            ),
        }
    )
    pq.write_table(table, tmp_path / "in.parquet", row_group_size=2)
    result = clean(tmp_path / "in.parquet", "-o", tmp_path / "out.jsonl", "--edits")
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in (tmp_path / "out.jsonl").read_bytes().splitlines()]
    assert [row["id"] for row in rows] == [2**63 - 1, -(2**63), 7, 8]
    assert rows[0]["text"] == ARTICLE_TEXT and rows[0]["metadata"]["author"] == "Jane Doe"
    assert rows[1]["text"] is None and rows[1]["score"] == 1.5 and rows[1]["edits"] == []
    assert rows[0]["score"] is None and rows[3]["text"] == "Plain."
    bad = pa.table({"id": [1, 2, 3], "text": pa.array([b"ok", b"\xff", b"x"], pa.binary())})
    pq.write_table(bad, tmp_path / "bad.parquet")
    result = clean(tmp_path / "bad.parquet", "-o", tmp_path / "out2.jsonl", "--skip-bad")
    assert b"read 3, written 0, rejected 3" in result.stderr
    rejects = [
        orjson.loads(line) for line in (tmp_path / "out2.rejects.jsonl").read_bytes().splitlines()
    ]
    assert [(r["source"], r["line"], r["reason"]) for r in rejects] == [
        (str(tmp_path / "bad.parquet"), n, "row's 'text' is not a string") for n in (1, 2, 3)
    ]


def test_parquet_nanosecond_times_are_written_as_their_text(tmp_path: Path) -> None:
    """pandas writes timestamps in nanoseconds, which Python's datetime cannot hold: pyarrow
    gave pandas objects (every row was rejected as not JSON) or, without pandas, failed."""
    ns = 1_700_000_000_000_000_123
    table = pa.table(
        {
            "text": ["Plain.", "Plain."],
            "when": pa.array([ns, None], pa.timestamp("ns")),
            "seen": pa.array([[ns], []], pa.list_(pa.timestamp("ns", tz="UTC"))),
            "metadata": pa.array(
                [{"crawled": ns}, None], pa.struct([("crawled", pa.timestamp("ns"))])
            ),
            "day": pa.array([1_700_000_000_000, None], pa.timestamp("ms")),
        }
    )
    pq.write_table(table, tmp_path / "in.parquet")
    result = clean(tmp_path / "in.parquet", "-o", tmp_path / "out.jsonl")
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in (tmp_path / "out.jsonl").read_bytes().splitlines()]
    assert rows[0]["when"] == "2023-11-14 22:13:20.000000123" and rows[1]["when"] is None
    assert rows[0]["seen"] == ["2023-11-14 22:13:20.000000123Z"] and rows[1]["seen"] == []
    assert rows[0]["metadata"] == {"crawled": "2023-11-14 22:13:20.000000123"}
    assert rows[0]["day"] == "2023-11-14T22:13:20"  # coarser units stay as orjson writes them


def test_parquet_to_parquet_keeps_the_types_of_the_input_columns(tmp_path: Path) -> None:
    """Times, dates, 32-bit numbers, decimals, lists, structs and dictionaries of a Parquet
    input came back as text, int64, JSON text (every column whose first value was null too,
    and a metadata struct, as datatrove writes it); a Parquet output of Parquet inputs keeps
    each column's type, a metadata struct gains the fields the rules record, and what it
    holds reads back as the same records (a null struct field being an absent one)."""
    ns = 1_700_000_000_000_000_123
    info = pa.struct([("lang", pa.string()), ("seen", pa.timestamp("ms"))])
    table = pa.table(
        {
            "id": pa.array([1, 2, 3], pa.int32()),
            "text": [ARTICLE, None, "Plain."],
            "when": pa.array([ns, None, ns], pa.timestamp("ns")),
            "day": pa.array([date(2024, 1, 2), None, date(2024, 3, 4)], pa.date32()),
            "crawl": pa.array(
                [datetime(2024, 1, 2, 3, 4, 5, 6, UTC)] * 3, pa.timestamp("us", "UTC")
            ),
            # whole milliseconds come back as text of microseconds ("…05.123000")
            "sent": pa.array(
                [datetime(2024, 1, 2, 3, 4, 5, 123000)] * 3, pa.timestamp("ms", "UTC")
            ),
            "tags": pa.array([["a", "b"], [], None], pa.list_(pa.string())),
            "info": pa.array([{"lang": "en", "seen": datetime(2020, 1, 1)}, None, {}], info),
            "price": pa.array([Decimal("1.50"), Decimal("0.10"), None], pa.decimal128(10, 2)),
            "score": pa.array([0.1, None, 2.5], pa.float32()),
            "count": pa.array([None, 5, 6], pa.int64()),
            "kind": pa.array(["x", "y", "x"]).dictionary_encode(),
            "big": pa.array([2**64 - 1, 0, None], pa.uint64()),
            "metadata": pa.array(
                [{"url": "https://example.com/a"}, None, None], pa.struct([("url", pa.string())])
            ),
        }
    )
    pq.write_table(table, tmp_path / "in.parquet", row_group_size=2)
    for output in ("out.parquet", "shards/"):
        options = ["--shard-format", "parquet"] if output.endswith("/") else []
        result = clean(tmp_path / "in.parquet", "-o", f"{tmp_path}/{output}", *options)
        assert result.returncode == 0, result.stderr
    direct = clean(tmp_path / "in.parquet", "-o", tmp_path / "direct.jsonl")
    assert direct.returncode == 0, direct.stderr
    for written in (tmp_path / "out.parquet", tmp_path / "shards" / "part-00000.parquet"):
        stored = pq.read_table(written)
        kept = [name for name in table.column_names if name not in ("text", "metadata")]
        assert [stored.schema.field(name).type for name in kept] == [
            table.schema.field(name).type for name in kept
        ]
        assert stored.select(kept).to_pylist() == table.select(kept).to_pylist()
        assert stored.column("text").to_pylist() == [ARTICLE_TEXT, None, "Plain."]
        metadata = stored.schema.field("metadata").type
        assert metadata.field("url").type == pa.string()
        assert metadata.field("author").type == pa.string()
        assert metadata.field("source").type == pa.list_(pa.string())
        assert [without_nulls(row) for row in stored.column("metadata").to_pylist()] == [
            {"url": "https://example.com/a", "author": "Jane Doe"},
            None,
            None,
        ]
        back = clean(written, "-o", tmp_path / "back.jsonl")
        assert back.returncode == 0, back.stderr
        assert metadata_without_nulls(tmp_path / "back.jsonl") == metadata_without_nulls(
            tmp_path / "direct.jsonl"
        )


def test_a_parquet_struct_typing_tags_as_a_string_takes_the_tags_found(tmp_path: Path) -> None:
    """Parquet to Parquet, with the metadata struct typing ``tags`` as one string (as many
    scrapes store keywords): a "Tags: budget, council" line failed the whole run ("column
    'metadata' cannot take its values back"), as the batch call once did."""
    struct = pa.struct([("url", pa.string()), ("tags", pa.string())])
    table = pa.table(
        {
            "text": ["The council met.\n\nTags: budget, council", "Plain text here."],
            "metadata": pa.array([{"url": "u", "tags": None}, {"url": "v", "tags": "x"}], struct),
        }
    )
    pq.write_table(table, tmp_path / "in.parquet")
    for output in ("out.parquet", "shards/"):
        options = ["--shard-format", "parquet"] if output.endswith("/") else []
        result = clean(tmp_path / "in.parquet", "-o", f"{tmp_path}/{output}", *options)
        assert result.returncode == 0, result.stderr
    for written in (tmp_path / "out.parquet", tmp_path / "shards" / "part-00000.parquet"):
        stored = pq.read_table(written)
        assert stored.schema.field("metadata").type.field("tags").type == pa.string()
        assert stored.column("text").to_pylist() == ["The council met.", "Plain text here."]
        assert [row["tags"] for row in stored.column("metadata").to_pylist()] == [
            "budget, council",
            "x",
        ]


def test_parquet_metadata_in_an_arrow_map_is_read_as_a_map(tmp_path: Path) -> None:
    """Spark writes metadata as an Arrow map, which pyarrow gives as (key, value) pairs: every
    row was rejected as "metadata is not a map". A map a JSON object cannot hold (a key twice,
    a key that is no string) is rejected, never changed."""
    maps = [[("url", "https://example.com/a")], None, [("a", "1"), ("a", "2")]]
    table = pa.table(
        {
            "text": [ARTICLE, "Two.", "Three."],
            "metadata": pa.array(maps, pa.map_(pa.string(), pa.string())),
        }
    )
    pq.write_table(table, tmp_path / "in.parquet")
    numbered = pa.table(
        {"text": ["Four."], "metadata": pa.array([[(1, "x")]], pa.map_(pa.int32(), pa.string()))}
    )
    pq.write_table(numbered, tmp_path / "numbered.parquet")
    result = clean(
        tmp_path / "in.parquet",
        tmp_path / "numbered.parquet",
        "--skip-bad",
        "-o",
        tmp_path / "out.jsonl",
    )
    assert b"read 4, written 2, rejected 2" in result.stderr
    rows = [orjson.loads(line) for line in (tmp_path / "out.jsonl").read_bytes().splitlines()]
    assert [row["metadata"] for row in rows] == [
        {"url": "https://example.com/a", "author": "Jane Doe"},
        None,
    ]
    rejects = [
        orjson.loads(line) for line in (tmp_path / "out.rejects.jsonl").read_bytes().splitlines()
    ]
    assert [(r["line"], r["reason"]) for r in rejects] == [
        (3, "row's 'metadata' map holds a key twice"),
        (1, "row's 'metadata' map holds a key that is no string"),
    ]


def test_parquet_json_columns_are_read_as_their_values_and_keep_their_type(
    tmp_path: Path,
) -> None:
    """``datasets`` saves a column of objects of several shapes (the metadata the record call
    gives) as Arrow's JSON type, text in storage: every row was rejected as "metadata is not a
    map". Such a column is read as the values its text holds, and a Parquet output keeps it
    JSON-typed; text that is no JSON is a reject naming the column."""
    texts = ['{"url":"https://example.com/a","n":12345678901234567890}', None, "{}", "not json"]
    table = pa.table(
        {
            "text": [ARTICLE, "Two.", "Three.", "Four."],
            "metadata": pa.ExtensionArray.from_storage(pa.json_(), pa.array(texts)),
            "extra": pa.ExtensionArray.from_storage(pa.json_(), pa.array(["[1,2]"] * 4)),
        }
    )
    pq.write_table(table, tmp_path / "in.parquet")
    result = clean(tmp_path / "in.parquet", "--skip-bad", "-o", tmp_path / "out.jsonl")
    assert b"read 4, written 3, rejected 1" in result.stderr, result.stderr
    rows = [orjson.loads(line) for line in (tmp_path / "out.jsonl").read_bytes().splitlines()]
    assert rows[0]["metadata"] == {
        "url": "https://example.com/a",
        "n": 12345678901234567890,
        "author": "Jane Doe",
    }
    assert [row["metadata"] for row in rows[1:]] == [None, {}]
    assert [row["extra"] for row in rows] == [[1, 2]] * 3
    assert b"'metadata' stored as JSON is not JSON" in (tmp_path / "out.rejects.jsonl").read_bytes()
    result = clean(tmp_path / "in.parquet", "--skip-bad", "-o", tmp_path / "out.parquet")
    out = pq.read_table(tmp_path / "out.parquet")
    assert out.schema.field("metadata").type == pa.json_()
    assert out.schema.field("extra").type == pa.json_()
    assert [
        orjson.loads(text) if text else text for text in out.column("metadata").to_pylist()
    ] == [
        {"url": "https://example.com/a", "n": 12345678901234567890, "author": "Jane Doe"},
        None,
        {},
    ]


def test_parquet_columns_named_twice_are_refused_not_merged(tmp_path: Path) -> None:
    """Parquet allows two columns of one name (and two fields of one struct); a row of them
    as a dict kept the last one's values and lost the first one's without a word."""
    texts = pa.array(["One.", "Two."])
    twice = pa.Table.from_arrays([texts, pa.array([1, 2]), pa.array([3, 4])], ["text", "id", "id"])
    pq.write_table(twice, tmp_path / "columns.parquet")
    nested = pa.StructArray.from_arrays([pa.array(["a", "b"])] * 2, ["url", "url"])
    pq.write_table(pa.table({"text": texts, "metadata": nested}), tmp_path / "fields.parquet")
    for name, named in (("columns", "'id'"), ("fields", "'metadata.url'")):
        result = clean(tmp_path / f"{name}.parquet", "-o", tmp_path / "out.jsonl")
        assert result.returncode == 1
        assert f"{name}.parquet:1: unreadable: names {named} twice".encode() in result.stderr
        assert not (tmp_path / "out.jsonl").exists()


def test_a_metadata_field_no_rule_declares_is_refused_not_dropped(tmp_path: Path) -> None:
    """Arrow builds a struct from a dict by its fields' names and leaves any other key out: a
    field a plugin's rule records, which the metadata struct has no field for, is refused."""
    metadata = metadata_type(pa.struct([("url", pa.string())]))
    sink = ParquetSink(str(tmp_path / "out.parquet"), ("text",), {"metadata": metadata})
    sink.write(b'{"text":"One.","metadata":{"url":"https://example.com","author":"Jane Doe"}}')
    with pytest.raises(RecordError, match="'metadata' holds 'mood'"):
        sink.write(b'{"text":"Two.","metadata":{"url":null,"mood":"calm"}}')
    sink.commit()
    assert pq.read_table(tmp_path / "out.parquet").column("metadata").to_pylist()[0]["author"] == (
        "Jane Doe"
    )


def without_nulls(fields: dict[str, Any] | None) -> dict[str, Any] | None:
    """``fields`` less its null ones: in an Arrow struct, the fields a row lacks."""
    return None if fields is None else {k: v for k, v in fields.items() if v is not None}


def metadata_without_nulls(path: Path) -> list[dict[str, Any]]:
    rows = [orjson.loads(line) for line in path.read_bytes().splitlines()]
    return [{**row, "metadata": without_nulls(row["metadata"])} for row in rows]


RICH_ROW = {
    "id": pa.array([1], pa.int32()),
    "text": [ARTICLE],
    "seen": pa.array([datetime(2024, 1, 2)], pa.timestamp("ms")),
    "price": pa.array([Decimal("1.50")], pa.decimal128(10, 2)),
    "metadata": pa.array([{"url": "https://example.com/a"}], pa.struct([("url", pa.string())])),
    "tags": pa.array([["a"]], pa.list_(pa.string())),
}


@pytest.mark.parametrize("row_groups", ["one of no rows", "none"])
@pytest.mark.parametrize(
    "columns",
    [RICH_ROW, {"text": [ARTICLE], "n": pa.array([1], pa.int16())}],
    ids=["with id and metadata", "without"],
)
@pytest.mark.parametrize("edits", [[], ["--edits"]], ids=["", "edits"])
def test_a_parquet_input_of_no_rows_gives_an_output_of_its_columns(
    tmp_path: Path, row_groups: str, columns: dict[str, Any], edits: list[str]
) -> None:
    """A Parquet input of no rows gave a Parquet output of no columns, no table to stack with
    the outputs of other inputs: it has the columns a run of one row writes, in their order.
    pyarrow and pandas write an empty table as one row group of no rows, which is read as
    such; a file of no row group is refused as empty, and its output written with --skip-bad."""
    one = pa.table(columns)
    pq.write_table(one, tmp_path / "one.parquet")
    if row_groups == "none":
        pq.ParquetWriter(tmp_path / "none.parquet", one.schema).close()
    else:
        pq.write_table(one.schema.empty_table(), tmp_path / "none.parquet")
    ran = clean(tmp_path / "one.parquet", "-o", tmp_path / "one_out.parquet", *edits)
    assert ran.returncode == 0, ran.stderr
    result = clean(tmp_path / "none.parquet", "-o", tmp_path / "out.parquet", "--skip-bad", *edits)
    assert result.returncode == 0, result.stderr
    if row_groups == "none":
        assert b"read 1, written 0, rejected 1" in result.stderr
        [reject] = (tmp_path / "out.rejects.jsonl").read_bytes().splitlines()
        assert orjson.loads(reject)["reason"] == "empty file: no rows"
    else:
        assert b"read 0, written 0, rejected 0" in result.stderr
    written = pq.read_table(tmp_path / "out.parquet")
    assert written.num_rows == 0
    one_row = pq.read_schema(tmp_path / "one_out.parquet")
    assert written.schema.equals(one_row, check_metadata=True), (written.schema, one_row)
    again = clean(tmp_path / "out.parquet", "-o", tmp_path / "again.parquet", *edits)
    assert again.returncode == 0, again.stderr
    assert pq.read_schema(tmp_path / "again.parquet").equals(one_row, check_metadata=True)


def test_parquet_times_of_a_zone_are_written_as_the_same_instants(tmp_path: Path) -> None:
    """A zone's local time can have an offset with seconds (New York's before 1883), which
    ISO 8601 text cannot write, so the instant moved by two seconds; and it can fall before
    year 1, where the row ended in a traceback. They are written in UTC."""
    new_york = pa.timestamp("us", "America/New_York")
    instants = [datetime(1883, 1, 1, tzinfo=UTC), datetime(1, 1, 1, tzinfo=UTC)]
    pq.write_table(
        pa.table({"text": ["One.", "Two."], "at": pa.array(instants, new_york)}),
        tmp_path / "in.parquet",
    )
    result = clean(tmp_path / "in.parquet", "-o", tmp_path / "out.jsonl")
    assert result.returncode == 0, result.stderr
    rows = [orjson.loads(line) for line in (tmp_path / "out.jsonl").read_bytes().splitlines()]
    assert [row["at"] for row in rows] == ["1883-01-01T00:00:00+00:00", "0001-01-01T00:00:00+00:00"]


def test_jsonl_to_parquet_and_back_keeps_every_value(tmp_path: Path) -> None:
    line = (
        '{"id":123456789012345678901234567890,"text":"Hello.","n":-5,"flag":true,'
        '"nested":{"z":[1,null,{"b":2.5}],"a":true},"metadata":{"url":"https://example.com"}}\n'
        '{"id":2,"text":"Again.","n":6,"flag":false,"nested":null,"metadata":null}\n'
    )
    (tmp_path / "in.jsonl").write_text(line)
    assert clean(tmp_path / "in.jsonl", "-o", tmp_path / "mid.parquet").returncode == 0
    stored = pq.read_table(tmp_path / "mid.parquet")
    assert (
        stored.schema.field("n").type == pa.int64()
        and stored.schema.field("text").type == pa.string()
    )
    # objects in Arrow's JSON type, which datasets and DuckDB read as JSON
    assert stored.schema.field("metadata").type == pa.json_()
    assert stored.schema.field("nested").type == pa.json_()
    back = clean(tmp_path / "mid.parquet", "-o", tmp_path / "out.jsonl")
    assert back.returncode == 0, back.stderr
    expected = [json.loads(text) for text in line.splitlines()]
    assert [
        json.loads(text) for text in (tmp_path / "out.jsonl").read_text().splitlines()
    ] == expected
    (tmp_path / "odd.jsonl").write_text('{"text":"One.","n":1}\n{"text":"Two.","n":"two"}\n')
    refused = clean(tmp_path / "odd.jsonl", "-o", tmp_path / "odd.parquet", "--skip-bad")
    assert b"read 2, written 1, rejected 1" in refused.stderr
    [reject] = [orjson.loads(x) for x in (tmp_path / "odd.rejects.jsonl").read_bytes().splitlines()]
    assert (
        reject["line"] == 2 and "does not fit its Parquet column of type int64" in reject["reason"]
    )


def test_pieces_read_what_the_whole_file_holds(tmp_path: Path) -> None:
    """Cut into byte ranges, streamed batches and row groups, the inputs read the same."""
    rows = [{"text": f"Record {n}." + " word" * (n % 7)} for n in range(300)]
    data = jsonl_bytes(rows).replace(
        b'\n{"text":"Record 150.', b'\n\n{"broken\n{"text":"Record 150.'
    )
    (tmp_path / "a.jsonl").write_bytes(data)
    (tmp_path / "b.jsonl.zst").write_bytes(zstandard.ZstdCompressor().compress(data))
    (tmp_path / "c.txt").write_text("One page.")
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "d.parquet", row_group_size=64)
    files = input_files([str(tmp_path)])
    pieces = list(plan(files, piece_bytes=500))
    assert {piece.kind for piece in pieces} == {"range", "lines", "files", "row-group"}
    assert len(pieces) > 20
    whole = [item for path in files for item in read_documents(path, str)]
    pieced = [item for piece in pieces for item in read_piece(piece, str, "text", "id")]
    assert pieced == whole
    broken = [item for item in pieced if not hasattr(item, "record")]
    assert [(item.source.rsplit("/", 1)[1], item.line) for item in broken] == [
        ("a.jsonl", 152),
        ("b.jsonl.zst", 152),
    ]
    assert sum(piece.size for piece in pieces) == sum(os.path.getsize(p) for p in files)


def test_html_is_extracted_in_the_workers_with_its_time_limit(tmp_path: Path) -> None:
    paragraphs = "".join(
        f"<p>Paragraph {n} of a long story about the river.</p>" for n in range(40_000)
    )
    (tmp_path / "a-huge.html").write_text(
        f"<html><body><article>{paragraphs}</article></body></html>"
    )
    sentence = "The river rose through the night and the town woke to water. "
    for name in ("b", "c", "d"):
        (tmp_path / f"{name}.html").write_text(
            f"<html><body><article><p>{sentence * 20}</p></article></body></html>"
        )
    result = clean(tmp_path, "--skip-bad", "--html-timeout", "1", "--workers", "2",
                   "-o", tmp_path / "out.jsonl", "--no-batch-pass")  # fmt: skip
    assert result.returncode == 0, result.stderr
    rows = [orjson.loads(line) for line in (tmp_path / "out.jsonl").read_bytes().splitlines()]
    assert [row["id"] for row in rows] == ["b", "c", "d"] and "town woke" in rows[0]["text"]
    [reject] = [orjson.loads(x) for x in (tmp_path / "out.rejects.jsonl").read_bytes().splitlines()]
    assert reject["reason"] == "extraction timed out after 1 s"


def test_progress_bar_only_on_a_terminal_and_not_with_quiet(tmp_path: Path) -> None:
    (tmp_path / "in.jsonl").write_bytes(jsonl_bytes([{"text": ARTICLE}] * 50))
    # script's terminal has no size until one is set, and a bar needs a width.
    command = f"stty rows 40 cols 120; {CLEAN} {tmp_path / 'in.jsonl'} --isolated -o {tmp_path / 'out.jsonl'}"
    on_terminal = subprocess.run(
        ["script", "-qec", command, "/dev/null"], capture_output=True, check=False
    )
    assert b"50 docs" in on_terminal.stdout and b"B/s" in on_terminal.stdout
    assert b"100%" in on_terminal.stdout
    quiet = subprocess.run(
        ["script", "-qec", f"{command} -q", "/dev/null"], capture_output=True, check=False
    )
    assert b"docs" not in quiet.stdout and b"read 50, written 50" in quiet.stdout
    piped = clean(tmp_path / "in.jsonl", "-o", tmp_path / "out.jsonl")
    assert piped.stderr == b"clean: read 50, written 50, rejected 0\n"


def test_compressed_inputs_and_outputs_are_known_in_any_case(tmp_path: Path) -> None:
    rows = [{"id": n, "text": ARTICLE} for n in range(3)]
    data = b"".join(orjson.dumps(row) + b"\n" for row in rows)
    (tmp_path / "IN.JSONL.GZ").write_bytes(gzip.compress(data))
    (tmp_path / "IN.JSONL.ZST").write_bytes(zstandard.ZstdCompressor().compress(data))
    for name in ("IN.JSONL.GZ", "IN.JSONL.ZST"):
        result = clean(tmp_path / name, "-o", tmp_path / "OUT.JSONL.GZ", "--workers", "2")
        assert result.returncode == 0, result.stderr
        written = gzip.decompress((tmp_path / "OUT.JSONL.GZ").read_bytes())
        assert [orjson.loads(line)["text"] for line in written.splitlines()] == [ARTICLE_TEXT] * 3


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["-o", "out.jsonl.bz2"], b"the output out.jsonl.bz2 asks for .bz2 compression"),
        (["-o", "out.JSONL.XZ"], b"asks for .xz compression, which clean does not write"),
        (["-o", "out.parquet.gz"], b"would be JSON lines under a Parquet name"),
        (["-o", "o.jsonl", "--rejects", "r.parquet"], b"the rejects file r.parquet would be"),
        # read back by a later run as one document whose text is the escaped records
        (["-o", "out.txt"], b"the output out.txt would be JSON lines under a name that clean"),
        (["-o", "out.HTML.gz"], b"reads as a document of text or HTML"),
        (["-o", "o.jsonl", "--rejects", "r.htm"], b"the rejects file r.htm would be"),
    ],
)
def test_an_output_named_for_a_format_it_would_not_hold_is_refused(
    tmp_path: Path, options: list[str], message: bytes
) -> None:
    (tmp_path / "in.jsonl").write_bytes(b'{"text": "Plain."}\n')
    result = clean("in.jsonl", *options, cwd=tmp_path)
    assert result.returncode == 2 and message in result.stderr
    assert sorted(path.name for path in tmp_path.iterdir()) == ["in.jsonl"]


def test_text_files_in_utf16_and_utf32_read_as_their_byte_order_mark_says(tmp_path: Path) -> None:
    """Windows tools write "Unicode" text as UTF-16 with a byte order mark (Notepad,
    PowerShell's `>`): such a file reads as its UTF-8 twin; a broken one is named with its line."""
    text = "Café owners said the façade was new.\nIt opened on Tuesday.\n"
    (tmp_path / "utf8.txt").write_bytes(text.encode("utf-8"))
    (tmp_path / "utf16le.txt").write_bytes(text.encode("utf-16"))  # the mark, little-endian
    (tmp_path / "utf16be.txt").write_bytes(codecs.BOM_UTF16_BE + text.encode("utf-16-be"))
    (tmp_path / "utf32.txt").write_bytes(text.encode("utf-32"))
    result = clean(tmp_path, "-o", tmp_path / "out.jsonl", "--isolated")
    assert result.returncode == 0, result.stderr
    rows = [orjson.loads(line) for line in (tmp_path / "out.jsonl").read_bytes().splitlines()]
    assert [row["id"] for row in rows] == ["utf16be", "utf16le", "utf32", "utf8"]
    assert len({row["text"] for row in rows}) == 1
    (tmp_path / "broken.txt").write_bytes(text.encode("utf-16") + b"\x00\xd8")
    (tmp_path / "only-mark.txt").write_bytes(codecs.BOM_UTF8 + b"\n")
    for name, message in (
        ("broken.txt", b"broken.txt:3: invalid UTF-16 at byte"),
        ("only-mark.txt", b"only-mark.txt: empty file"),
    ):
        result = clean(tmp_path / name, "-o", tmp_path / "bad.jsonl", "--isolated")
        assert result.returncode == 1 and message in result.stderr


class _NoExtraction:
    """An extractor for a pass that must not extract: the pages come kept from the first."""

    def __call__(self, html: bytes) -> Any:
        raise AssertionError("a kept page was extracted again")

    def close(self) -> None:
        pass


def _page(sentence: str) -> str:
    return f"<html><body><article><p>{sentence * 20}</p></article></body></html>"


def test_pages_extracted_in_the_first_pass_are_not_extracted_again(tmp_path: Path) -> None:
    """Extraction is most of what a page costs: the second pass takes the first pass's."""
    (tmp_path / "a.html").write_text(_page("The river rose through the night. "))
    (tmp_path / "b.html").write_text(_page("The town woke to water in its streets. "))
    (tmp_path / "c.jsonl").write_bytes(jsonl_bytes([{"id": 1, "text": ARTICLE}]))
    files = sorted(str(path) for path in tmp_path.iterdir())
    kept = tmp_path / "kept"
    kept.mkdir()
    plain = Options(RuleChoice(), "text", with_edits=True, edits_field="edits")
    first = PieceCleaner(replace(plain, kept_pages=str(kept)))
    for piece in plan(files):
        first.count(piece)
    first.close()
    assert len(list(kept.iterdir())) == 1  # the piece of pages; JSONL is only read again
    second = PieceCleaner(replace(plain, kept_pages=str(kept)))
    second.extractor = _NoExtraction()
    cleaned = [part.outcomes for piece in plan(files) for part in second.clean(piece)]
    assert list(kept.iterdir()) == []
    again = [part.outcomes for piece in plan(files) for part in PieceCleaner(plain).clean(piece)]
    assert cleaned == again


def test_a_run_of_pages_leaves_nothing_in_the_temporary_folder(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    for name in ("a", "b", "c"):
        (pages / f"{name}.html").write_text(_page(f"Story {name} tells of the flood. "))
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    result = subprocess.run(
        [CLEAN, str(pages), "-o", str(tmp_path / "out.jsonl"), "--workers", "2", "--isolated"],
        capture_output=True,
        env={**os.environ, "TMPDIR": str(temporary)},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert len((tmp_path / "out.jsonl").read_bytes().splitlines()) == 3
    assert list(temporary.iterdir()) == []


SCALARS = [
    (pa.int8(), st.integers(-(2**7), 2**7 - 1)),
    (pa.int32(), st.integers(-(2**31), 2**31 - 1)),
    (pa.uint64(), st.integers(0, 2**64 - 1)),
    (pa.float32(), st.sampled_from([0.1, -2.5, 3.4e38, 1e-30, 0.0])),
    (pa.float64(), st.floats(allow_nan=False, allow_infinity=False)),
    (pa.bool_(), st.booleans()),
    (pa.string(), st.text(st.characters(exclude_categories=("Cs",)), max_size=8)),
    (pa.decimal128(12, 3), st.decimals(-(10**8), 10**8, places=3)),
    (pa.date32(), st.dates()),
    (pa.timestamp("s"), st.datetimes(datetime(1900, 1, 1), datetime(2200, 1, 1))),
    (
        pa.timestamp("ms", "UTC"),
        st.datetimes(datetime(1970, 1, 1), datetime(2100, 1, 1), timezones=st.just(UTC)),
    ),
    (pa.timestamp("us", "America/New_York"), st.datetimes(timezones=st.just(UTC))),
    (pa.timestamp("ns"), st.integers(-(2**62), 2**62)),
    (pa.timestamp("ns", "Asia/Kolkata"), st.integers(-(2**62), 2**62)),
    (pa.large_string(), st.sampled_from(["", "b", "ü"])),
    (pa.decimal256(40, 2), st.decimals(-(10**30), 10**30, places=2)),
    (pa.dictionary(pa.int32(), pa.string()), st.sampled_from(["x", "y"])),
]
# Kolkata's offset was +5:21:10 until 1906: Arrow's text of a nanosecond time there moved it
KOLKATA_1905 = pa.table(
    {
        "text": [ARTICLE, None, "Plain."],
        "c0": pa.array([-2019705670000000001, None, 0], pa.timestamp("ns", "Asia/Kolkata")),
    }
)


@st.composite
def arrow_columns(draw: st.DrawFn, depth: int = 0) -> tuple[Any, st.SearchStrategy[Any]]:
    """An Arrow type (a scalar, or two deep a list or struct of them) and its values."""
    shape = draw(st.sampled_from(["scalar"] * 4 + (["list", "struct"] if depth < 2 else [])))
    if shape == "list":
        item, values = draw(arrow_columns(depth + 1))
        return pa.list_(item), st.lists(st.none() | values, max_size=3)
    if shape == "struct":
        count = draw(st.integers(1, 3))
        fields = {f"f{number}": draw(arrow_columns(depth + 1)) for number in range(count)}
        struct = pa.struct([(name, arrow_type) for name, (arrow_type, _) in fields.items()])
        return struct, st.fixed_dictionaries(
            {name: st.none() | values for name, (_, values) in fields.items()}
        )
    return draw(st.sampled_from(SCALARS))


@st.composite
def parquet_tables(draw: st.DrawFn) -> Any:
    columns = {"text": pa.array([ARTICLE, None, "Plain."])}
    for number in range(draw(st.integers(1, 4))):
        arrow_type, values = draw(arrow_columns())
        columns[f"c{number}"] = pa.array(
            draw(st.lists(st.none() | values, min_size=3, max_size=3)), arrow_type
        )
    return pa.table(columns)


@given(parquet_tables())
@example(KOLKATA_1905)
@settings(max_examples=60, deadline=None, derandomize=True)
def test_parquet_to_parquet_keeps_every_column_as_it_was(table: Any) -> None:
    """Whatever the types, two deep: each column comes back with its type and its values."""
    with tempfile.TemporaryDirectory() as folder:
        source, output = f"{folder}/in.parquet", f"{folder}/out.parquet"
        pq.write_table(table, source)
        sink = ParquetSink(output, ("text",), kept_column_types([source], True))
        cleaner = Cleaner()
        for document in read_documents(source, None):  # type: ignore[arg-type]
            record, _ = cleaner.clean_record_and_result(document.record)
            sink.write(jsonl.dumps(record) + b"\n")
        sink.commit()
        given, stored = pq.read_table(source), pq.read_table(output)  # Parquet has no seconds
    for name in table.column_names[1:]:
        assert stored.schema.field(name).type == given.schema.field(name).type, name
        assert stored.column(name).equals(given.column(name)), name


def test_a_parquet_value_python_cannot_hold_costs_only_its_row(tmp_path: Path) -> None:
    """A time beyond the years of Python's datetime (a timestamp in the year 10000, a date32
    far out, a duration longer than nanoseconds count) failed the conversion of its whole batch
    of 1,024 rows, and the rest of its row group went as one reject naming the batch's first
    row: 951 good rows were neither written nor rejected. Each such row is now one reject
    naming its own row and column, with the row's other columns as its raw text."""
    rows = 3000
    stamps = [n * 10**9 for n in range(rows)]
    stamps[2500] = 253_402_300_800 * 10**6  # 10000-01-01 in microseconds
    days = list(range(rows))
    days[10] = 2**31 - 1
    took = list(range(rows))
    took[1500] = 2**62  # seconds: beyond 292 years of nanoseconds
    table = pa.table(
        {
            "id": list(range(rows)),
            "text": [f"Row {n}." for n in range(rows)],
            "ts": pa.array(stamps, pa.timestamp("us")),
            "day": pa.array(days, pa.date32()),
            "took": pa.array(took, pa.duration("s")),
        }
    )
    pq.write_table(table, tmp_path / "in.parquet")
    result = clean(tmp_path / "in.parquet", "-o", tmp_path / "out.jsonl", "--skip-bad")
    assert b"read 3000, written 2997, rejected 3" in result.stderr, result.stderr
    written = [orjson.loads(line) for line in (tmp_path / "out.jsonl").read_bytes().splitlines()]
    assert [row["id"] for row in written] == [n for n in range(rows) if n not in (10, 1500, 2500)]
    assert written[0]["took"] == "0" and written[2]["took"] == "2000000000"
    rejects = [
        orjson.loads(line) for line in (tmp_path / "out.rejects.jsonl").read_bytes().splitlines()
    ]
    assert [r["line"] for r in rejects] == [11, 1501, 2501]
    assert rejects[0]["reason"].startswith("column 'day' holds a date32[day] value that cannot")
    assert rejects[1]["reason"].startswith("column 'took' holds a duration[s] value that cannot")
    assert rejects[2]["reason"] == (
        "column 'ts' holds a timestamp[us] value that cannot be read: date value out of range"
    )
    assert orjson.loads(rejects[2]["raw"]) == {
        "id": 2500,
        "text": "Row 2500.",
        "day": "1976-11-05",
        "took": "2500000000000",
    }
    stopped = clean(tmp_path / "in.parquet", "-o", tmp_path / "stopped.jsonl")
    assert stopped.returncode == 1
    assert f"{tmp_path / 'in.parquet'}:11: column 'day' holds".encode() in stopped.stderr


def test_parquet_binary_values_are_rejected_naming_their_column(tmp_path: Path) -> None:
    """A binary, fixed-size binary or duration column made every row a reject, even into a
    Parquet output, with a reason from the JSON writer ("'utf-8' codec can't decode byte
    0xff", "Object of type timedelta is not JSON serializable") and a Python repr as its raw
    text; bytes that were UTF-8 would have been written as a string. A row that holds bytes is
    a reject naming the column, with its other columns as raw JSON; durations of any unit are
    written as their count of nanoseconds, as nanosecond ones were."""
    table = pa.table(
        {
            "id": [1, 2, 3, 4],
            "text": ["One.", "Two.", "Three.", "Four."],
            "blob": pa.array([b"\x00\xff", None, b"ok", None], pa.binary()),
            "pair": pa.array([None, b"\xff\xfe", None, None], pa.binary(2)),
            "parts": pa.array([None, [b"a"], [None], []], pa.list_(pa.large_binary())),
            "took": pa.array([5, None, None, 90], pa.duration("s")),
            "nanos": pa.array([5, None, None, 7], pa.duration("ns")),
        }
    )
    pq.write_table(table, tmp_path / "in.parquet")
    for output in ("out.jsonl", "out.parquet"):
        result = clean(tmp_path / "in.parquet", "-o", tmp_path / output, "--skip-bad")
        assert b"read 4, written 1, rejected 3" in result.stderr, result.stderr
        rejects = [
            orjson.loads(line)
            for line in (tmp_path / "out.rejects.jsonl").read_bytes().splitlines()
        ]
        assert [(r["line"], r["reason"]) for r in rejects] == [
            (1, "column 'blob' holds binary values, which a JSON record cannot hold"),
            (2, "columns 'pair', 'parts' hold binary values, which a JSON record cannot hold"),
            (3, "column 'blob' holds binary values, which a JSON record cannot hold"),
        ]
        assert [orjson.loads(r["raw"]) for r in rejects] == [
            {
                "id": 1,
                "text": "One.",
                "pair": None,
                "parts": None,
                "took": "5000000000",
                "nanos": "5",
            },
            {"id": 2, "text": "Two.", "blob": None, "took": None, "nanos": None},
            {"id": 3, "text": "Three.", "pair": None, "parts": [None], "took": None, "nanos": None},
        ]
    [row] = pq.read_table(tmp_path / "out.parquet").to_pylist()
    assert (row["id"], row["blob"], row["pair"], row["took"], row["nanos"]) == (
        4,
        None,
        None,
        "90000000000",
        "7",
    )
