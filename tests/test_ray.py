"""Cleaning inside a real (local) Ray Data pipeline, the way cluster jobs use the cleaner.

One local Ray (2 CPUs, no dashboard, no usage statistics) serves the whole module: the
``clean --engine ray`` runs join it with ``--ray-address`` rather than start their own.
"""

from __future__ import annotations

import gzip
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import orjson
import pyarrow
import pyarrow.parquet
import pytest

from cleaner import Cleaner, jsonl
from cleaner.corpus import LineCounts, source_of
from cleaner.ray_engine import ShardedOutput, clean_dataset, line_counts

ray = pytest.importorskip("ray", reason="install the 'ray' extra to run the cluster test")

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
CLEAN = str(Path(sys.executable).parent / "clean")
TEXT = "US Envoy Warns the Taliban Over Kabul\n\nBy Jane Doe\n\nThe envoy spoke.\n\n© Getty Images"
BODIES = [
    f"Story {number}: the council met on {day} and voted on the {topic}, after a long debate "
    "that ran well past midnight."
    for number, (day, topic) in enumerate(
        [("Monday", "budget"), ("Tuesday", "bridge"), ("Friday", "school"), ("Sunday", "park")]
    )
]
# A site's template around each story: only the batch's line counts tell it from the story.
PAGES = [f"The Valley Courier\n{body}\nLocal news for the valley since 1921" for body in BODIES]
HUGE = 2**70


@pytest.fixture(scope="module")
def local_cluster() -> Iterator[str]:
    """The address of a local Ray that the module's tests and ``clean`` runs share."""
    with pytest.MonkeyPatch.context() as environment:
        environment.setenv("RAY_USAGE_STATS_ENABLED", "0")  # inherited by the clean runs
        ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
        yield ray.get_runtime_context().gcs_address
        ray.shutdown()


def clean(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [CLEAN, *map(str, args)], capture_output=True, cwd=cwd, check=False, timeout=300
    )


def clean_on_ray(
    address: str, *args: str | Path, cwd: Path | None = None
) -> subprocess.CompletedProcess[bytes]:
    return clean("--engine", "ray", "--ray-address", address, *args, cwd=cwd)


def shards(folder: Path) -> bytes:
    """The folder's shards joined in the manifest's order, after checking the manifest."""
    manifest = orjson.loads((folder / "manifest.json").read_bytes())
    names = [shard["name"] for shard in manifest["shards"]]
    assert sorted(path.name for path in folder.glob("part-*")) == names
    parts = [(folder / name).read_bytes() for name in names]
    data = b"".join(gzip.decompress(part) if part[:2] == b"\x1f\x8b" else part for part in parts)
    assert manifest["records"] == data.count(b"\n")
    return data


def mixed_lines() -> list[bytes]:
    """Records of one site with big integers, nulls and unusual key order, between bad lines."""
    page = [
        {"z": None, "text": PAGES[0], "id": HUGE, "metadata": {"hostname": "courier.example"}},
        {"text": PAGES[1], "metadata": {"url": "https://courier.example/b", "section": None}},
        {
            "id": "c",
            "nested": [{"n": -HUGE}, None],
            "text": PAGES[2],
            "metadata": {"hostname": "courier.example"},
        },
        {"id": "d", "text": PAGES[3], "metadata": {"hostname": "courier.example"}},
        {"id": "e", "text": TEXT, "metadata": None},
    ]
    good = [jsonl.dumps(record) for record in page]
    bad = [b'{"id": "x", "text": ', b'{"id": "y", "text": null}', b"[1, 2]", b'{"text": "\xff"}']
    return [
        b"\xef\xbb\xbf" + good[0],
        bad[0],
        b"",
        good[1],
        bad[1],
        good[2],
        bad[2],
        *good[3:],
        bad[3],
    ]


@pytest.fixture(scope="module")
def mixed_inputs(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The lines in a plain file and a gzip file, so that no story is printed twice."""
    folder = tmp_path_factory.mktemp("mixed")
    lines = mixed_lines()
    (folder / "mixed.jsonl").write_bytes(b"\n".join(lines[:6]) + b"\n")
    (folder / "more.jsonl.gz").write_bytes(gzip.compress(b"\n".join(lines[6:]) + b"\n"))
    return [folder / "mixed.jsonl", folder / "more.jsonl.gz"]


@pytest.mark.ray
def test_map_batches_cleans_every_row(local_cluster: str) -> None:
    rows = [{"id": n, "text": TEXT if n % 2 else f"Plain text {n}."} for n in range(40)]
    dataset = ray.data.from_items(rows).map_batches(Cleaner(), batch_format="pandas")
    result = sorted(dataset.take_all(), key=lambda row: row["id"])
    assert len(result) == 40
    assert result[1]["text"] == "The envoy spoke."
    assert result[1]["metadata"]["author"] == "Jane Doe"
    assert result[2]["text"] == "Plain text 2."


@pytest.mark.ray
def test_map_with_clean_record(local_cluster: str) -> None:
    cleaner = Cleaner(select=["photo-credit"])
    dataset = ray.data.from_items([{"id": 0, "text": TEXT}]).map(cleaner.clean_record)
    [row] = dataset.take_all()
    assert "Getty" not in row["text"] and row["text"].startswith("US Envoy Warns")


def write_files_of_falling_size(folder: Path, files: int) -> None:
    """JSONL files, each shorter than the one before: Ray tasks that finish out of order."""
    folder.mkdir()
    for file in range(files):
        records = (
            {"id": f"{file}-{n}", "text": f"By Jane Doe\n\nParagraph {n} of file {file}."}
            for n in range((files - file) * 6)
        )
        write = (folder / f"{file:02d}.jsonl").write_bytes
        write(b"".join(jsonl.dumps(record) + b"\n" for record in records))


def counted(folder: Path) -> list[Path | str]:
    """Options that save the run's line counts and statistics in ``folder``."""
    return ["--corpus-stats", folder / "counts.json", "--stats-json", folder / "stats.json"]


@pytest.mark.ray
def test_seeds_on_ray_are_the_local_run_with_its_counts_and_statistics(
    local_cluster: str, tmp_path: Path
) -> None:
    local, remote = tmp_path / "local", tmp_path / "ray"
    for folder in (local, remote):
        folder.mkdir()
    write_files_of_falling_size(tmp_path / "many", 16)
    inputs = [SEEDS, tmp_path / "many"]
    expected = clean(*inputs, "-o", local / "out.jsonl", *counted(local), cwd=ROOT)
    assert expected.returncode == 0, expected.stderr
    result = clean_on_ray(local_cluster, *inputs, "-o", remote / "out", *counted(remote), cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert shards(remote / "out") == (local / "out.jsonl").read_bytes()
    assert result.stderr.splitlines()[-1] == expected.stderr.splitlines()[-1]
    counts = [
        LineCounts.from_json(orjson.loads((folder / "counts.json").read_bytes()))
        for folder in (local, remote)
    ]
    assert counts[0] == counts[1] and counts[0].documents[""] == 5 + 6 * sum(range(17))
    assert orjson.loads((remote / "stats.json").read_bytes()) == orjson.loads(
        (local / "stats.json").read_bytes()
    )


@pytest.mark.ray
def test_bad_lines_big_integers_and_nulls_on_ray_are_the_local_run(
    local_cluster: str, mixed_inputs: list[Path], tmp_path: Path
) -> None:
    local = clean(*mixed_inputs, "-o", tmp_path / "local.jsonl", "--skip-bad")
    assert local.returncode == 0, local.stderr
    quoted_glob = mixed_inputs[0].parent / "*.jsonl*"
    result = clean_on_ray(local_cluster, quoted_glob, "-o", tmp_path / "out", "--skip-bad")
    assert result.returncode == 0, result.stderr
    output = shards(tmp_path / "out")
    assert output == (tmp_path / "local.jsonl").read_bytes()
    assert (tmp_path / "out.rejects.jsonl").read_bytes() == (
        tmp_path / "local.rejects.jsonl"
    ).read_bytes()
    assert b"clean: read 9, written 5, rejected 4 (see " in result.stderr
    records = [orjson.loads(line) for line in output.splitlines()]
    assert records[0]["id"] == HUGE and records[0]["z"] is None
    assert list(records[0]) == ["z", "text", "id", "metadata"]
    assert records[2]["nested"] == [{"n": -HUGE}, None]
    # The first pass reached the cleaner: the site's template went, each story stayed.
    assert [record["text"] for record in records[:4]] == BODIES


@pytest.mark.ray
def test_a_bad_line_without_skip_bad_stops_the_run_and_writes_nothing(
    local_cluster: str, mixed_inputs: list[Path], tmp_path: Path
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "part-00000.jsonl").write_bytes(b"an earlier run\n")
    local = clean(mixed_inputs[0], "-o", tmp_path / "local.jsonl")
    result = clean_on_ray(local_cluster, mixed_inputs[0], "-o", folder)
    assert result.returncode == local.returncode == 1
    error = f"clean: error: {mixed_inputs[0]}:2: malformed JSON".encode()
    assert error in result.stderr and error in local.stderr
    assert [path.name for path in folder.iterdir()] == ["part-00000.jsonl"]
    assert (folder / "part-00000.jsonl").read_bytes() == b"an earlier run\n"


@pytest.mark.ray
def test_parquet_on_ray_is_the_local_run_of_the_same_rows_as_jsonl(
    local_cluster: str, tmp_path: Path
) -> None:
    rows = [
        {"text": page, "metadata": {"hostname": "courier.example", "url": None}, "n": number}
        for number, page in enumerate(PAGES)
    ]
    rows += [
        {"text": None, "metadata": None, "n": None},
        {"text": TEXT, "metadata": {"hostname": None, "url": None}, "n": 2**62},
    ]
    (tmp_path / "parquet").mkdir()
    (tmp_path / "jsonl").mkdir()
    table = pyarrow.Table.from_pylist(rows)
    pyarrow.parquet.write_table(table, tmp_path / "parquet" / "data.parquet", row_group_size=2)
    (tmp_path / "jsonl" / "data.jsonl").write_bytes(
        b"".join(jsonl.dumps(row) + b"\n" for row in table.to_pylist())
    )
    local = clean(tmp_path / "jsonl", "-o", tmp_path / "local.jsonl", "--skip-bad")
    assert local.returncode == 0, local.stderr
    result = clean_on_ray(local_cluster, tmp_path / "parquet", "-o", tmp_path / "out", "--skip-bad")
    assert result.returncode == 0, result.stderr
    assert shards(tmp_path / "out") == (tmp_path / "local.jsonl").read_bytes()
    [expected_reject] = map(
        orjson.loads, (tmp_path / "local.rejects.jsonl").read_bytes().splitlines()
    )
    [reject] = map(orjson.loads, (tmp_path / "out.rejects.jsonl").read_bytes().splitlines())
    assert reject["source"] == str(tmp_path / "parquet" / "data.parquet")
    assert {**reject, "source": ""} == {**expected_reject, "source": ""}
    assert reject["line"] == 5


@pytest.mark.ray
def test_clean_dataset_counts_the_dataset_first_and_cleans_like_the_local_cleaner(
    local_cluster: str,
) -> None:
    rows = [
        {"id": number, "text": page, "metadata": {"hostname": "courier.example"}}
        for number, page in enumerate([*PAGES, TEXT])
    ]
    dataset = ray.data.from_items(rows, override_num_blocks=3)
    result = sorted(clean_dataset(dataset, Cleaner()).take_all(), key=lambda row: row["id"])
    local = Cleaner(
        corpus=LineCounts.from_documents((row["text"], "courier.example") for row in rows)
    )
    assert [row["text"] for row in result] == [
        local.clean(row["text"], row["metadata"]).text for row in rows
    ]
    assert [row["text"] for row in result][:4] == BODIES
    assert result[4]["metadata"]["author"] == "Jane Doe"
    unbatched = clean_dataset(dataset, Cleaner(), batch_pass=False).take_all()
    assert sorted(row["text"] for row in unbatched)[:4] == sorted(PAGES)


@pytest.mark.ray
def test_line_counts_of_the_blocks_sum_to_the_local_first_pass(
    local_cluster: str, seed_texts: dict[str, str]
) -> None:
    rows = [{"text": text, "metadata": None} for text in seed_texts.values()]
    rows += [{"text": page, "metadata": {"url": "https://courier.example/a"}} for page in PAGES]
    rows.append({"text": None, "metadata": None})
    counts = line_counts(ray.data.from_items(rows, override_num_blocks=4))
    assert counts == LineCounts.from_documents(
        (row["text"], source_of(row["metadata"])) for row in rows if row["text"] is not None
    )
    assert counts.share("The Valley Courier", "courier.example") == (4, 1.0)


def test_the_ray_engine_without_ray_names_the_extra(tmp_path: Path) -> None:
    """A process where ``import ray`` fails, as it does without the extra."""
    without_ray = (
        "import sys; sys.modules['ray'] = None; from cleaner.cli import main; "
        f"sys.exit(main(['--engine', 'ray', {str(SEEDS)!r}, '-o', {str(tmp_path / 'out')!r}]))"
    )
    result = subprocess.run([sys.executable, "-c", without_ray], capture_output=True, check=False)
    assert result.returncode == 2
    assert b'pip install "cleaner[ray]"' in result.stderr
    assert not (tmp_path / "out").exists()


def test_shards_are_moved_in_whole_with_their_manifest(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "part-00003.jsonl.gz").write_bytes(b"stale")
    (folder / "notes.txt").write_bytes(b"kept")
    lines = [b'{"id":%d}\n' % number for number in range(5)]
    failed = ShardedOutput(str(folder), records_per_shard=2, compression=".gz")
    for line in lines:
        failed.write(line)
    failed.discard()
    assert sorted(path.name for path in folder.iterdir()) == ["notes.txt", "part-00003.jsonl.gz"]
    output = ShardedOutput(str(folder), records_per_shard=2, compression=".gz")
    for line in lines:
        output.write(line)
    output.commit()
    assert shards(folder) == b"".join(lines)
    assert sorted(path.name for path in folder.iterdir()) == [
        "manifest.json", "notes.txt", "part-00000.jsonl.gz", "part-00001.jsonl.gz",
        "part-00002.jsonl.gz",
    ]  # fmt: skip
    manifest = orjson.loads((folder / "manifest.json").read_bytes())
    assert [shard["records"] for shard in manifest["shards"]] == [2, 2, 1]
