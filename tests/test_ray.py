"""``clean --engine ray`` writes the very files of the local run, and the cleaner runs inside a
real (local) Ray Data pipeline, the way cluster jobs use it.

One local Ray (2 CPUs, no dashboard, no usage statistics) serves the whole module: the
``clean --engine ray`` runs join it with ``--ray-address`` rather than start their own.
"""

from __future__ import annotations

import gzip
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import orjson
import pyarrow
import pyarrow.parquet
import pytest

from cleaner import Cleaner, jsonl
from cleaner.corpus import LineCounts, source_of
from cleaner.ray_engine import batch_statistics, clean_dataset
from cleaner.vocabulary import Vocabulary

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
    command = [CLEAN, *map(str, args), "--isolated"]
    return subprocess.run(command, capture_output=True, cwd=cwd, check=False, timeout=300)


def ray_options(address: str) -> list[str]:
    return ["--engine", "ray", "--ray-address", address]


def folder_bytes(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def manifest(folder: Path) -> dict:
    return orjson.loads((folder / "manifest.json").read_bytes())


def both_engines(
    address: str, inputs: list[str | Path], folder: Path, *options: str, cwd: Path | None = None
) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """The files of ``folder/local`` and ``folder/ray`` after a run of each engine, which must
    succeed and end with the same counts line; ``{engine}`` in an option is the engine's name."""
    last_lines = []
    for engine, extra in (("local", []), ("ray", ray_options(address))):
        named = [option.format(engine=engine) for option in options]
        result = clean(*inputs, "-o", f"{folder / engine}/", *named, *extra, cwd=cwd)
        assert result.returncode == 0, result.stderr
        last_line = result.stderr.splitlines()[-1]
        last_lines.append(last_line.replace(str(folder / engine).encode(), b"OUT"))
    assert last_lines[0] == last_lines[1] and last_lines[0].startswith(b"clean: read ")
    return folder_bytes(folder / "local"), folder_bytes(folder / "ray")


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


@pytest.mark.ray
def test_seeds_on_ray_write_the_local_runs_shards_manifest_counts_and_statistics(
    local_cluster: str, tmp_path: Path
) -> None:
    """Relative paths from another folder than the cluster's: the tasks read the same files."""
    write_files_of_falling_size(tmp_path / "many", 16)
    options = ["--shard-size", "2kB", "--shard-format", "jsonl.gz"]
    local, remote = both_engines(local_cluster, [SEEDS, "many"], tmp_path, *options,
                                 "--stats-json", "{engine}.json", cwd=tmp_path)  # fmt: skip
    assert remote == local
    assert len(manifest(tmp_path / "ray")["shards"]) > 3
    assert manifest(tmp_path / "ray")["inputs"][-1]["path"] == "many/15.jsonl"
    counts = LineCounts.from_json(orjson.loads(remote["corpus-stats.json"]))
    assert counts.documents[""] == 5 + 6 * sum(range(17))
    statistics = [(tmp_path / f"{engine}.json").read_bytes() for engine in ("local", "ray")]
    assert statistics[1] == statistics[0]
    assert orjson.loads(statistics[1])["documents"] == 5 + 6 * sum(range(17))


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
def test_bad_lines_big_integers_and_nulls_on_ray_are_the_local_run(
    local_cluster: str, mixed_inputs: list[Path], tmp_path: Path
) -> None:
    quoted_glob = mixed_inputs[0].parent / "*.jsonl*"
    local, remote = both_engines(
        local_cluster, [quoted_glob], tmp_path, "--skip-bad", "--shard-format", "jsonl"
    )
    assert remote == local
    records = [orjson.loads(line) for line in remote["part-00000.jsonl"].splitlines()]
    assert records[0]["id"] == HUGE and records[0]["z"] is None
    assert list(records[0]) == ["z", "text", "id", "metadata"]
    assert records[2]["nested"] == [{"n": -HUGE}, None]
    # The first pass reached the cleaner: the site's template went, each story stayed.
    assert [record["text"] for record in records[:4]] == BODIES
    rejects = [orjson.loads(line) for line in remote["part-00000.rejects.jsonl"].splitlines()]
    assert [(reject["source"], reject["line"]) for reject in rejects] == [
        (str(mixed_inputs[0]), 2),
        (str(mixed_inputs[0]), 5),
        (str(mixed_inputs[1]), 1),
        (str(mixed_inputs[1]), 4),
    ]


@pytest.mark.ray
def test_a_bad_line_without_skip_bad_stops_the_ray_run_as_it_stops_the_local_one(
    local_cluster: str, mixed_inputs: list[Path], tmp_path: Path
) -> None:
    """Both stop at the line, and leave the folder their manifest describes: the earlier run's
    shard, which the new manifest no longer lists, is gone in both."""
    runs = []
    (tmp_path / "earlier.jsonl").write_bytes(b'{"id": 1, "text": "An earlier run."}\n')
    for engine, extra in (("local", []), ("ray", ray_options(local_cluster))):
        folder = tmp_path / engine
        assert clean(tmp_path / "earlier.jsonl", "-o", f"{folder}/").returncode == 0
        runs.append(clean(mixed_inputs[0], "-o", f"{folder}/", *extra))
        assert not [path.name for path in folder.iterdir() if path.name.startswith("part-")]
    assert [run.returncode for run in runs] == [1, 1]
    error = f"clean: error: {mixed_inputs[0]}:2: malformed JSON".encode()
    assert error in runs[0].stderr and error in runs[1].stderr
    assert b"Traceback" not in runs[1].stderr
    assert folder_bytes(tmp_path / "ray") == folder_bytes(tmp_path / "local")


@pytest.mark.ray
def test_parquet_row_groups_on_ray_are_the_local_run(local_cluster: str, tmp_path: Path) -> None:
    rows = [
        {"text": page, "metadata": {"hostname": "courier.example", "url": None}, "n": number}
        for number, page in enumerate(PAGES)
    ]
    rows += [
        {"text": None, "metadata": None, "n": None},
        {"text": TEXT, "metadata": {"hostname": None, "url": None}, "n": 2**62},
    ]
    (tmp_path / "in").mkdir()
    table = pyarrow.Table.from_pylist(rows)
    pyarrow.parquet.write_table(table, tmp_path / "in" / "data.parquet", row_group_size=2)
    assert pyarrow.parquet.ParquetFile(tmp_path / "in" / "data.parquet").num_row_groups == 3
    written = {}
    for shard_format in ("jsonl", "parquet"):
        local, remote = both_engines(local_cluster, [tmp_path / "in"], tmp_path / shard_format,
                                     "--skip-bad", "--shard-format", shard_format)  # fmt: skip
        assert remote == local
        written.update(remote)
    records = [orjson.loads(line) for line in written["part-00000.jsonl"].splitlines()]
    assert [record["text"] for record in records[:4]] == BODIES
    assert records[4] == {"id": "data:5", "text": None, "metadata": None, "n": None}
    assert records[5]["n"] == 2**62 and records[5]["metadata"]["url"] is None
    assert pyarrow.parquet.read_table(tmp_path / "parquet" / "ray" / "part-00000.parquet")[
        "text"
    ].to_pylist() == [record["text"] for record in records]


# A SIGTERM sent while ray.init holds the signal with Ray's own handler (which exits).
SIGTERM_AS_RAY_STARTS = """
import argparse, os, signal, sys, threading, time
from cleaner import signals
from cleaner.ray_engine import RayEngine

signals.install()
ours = signal.getsignal(signal.SIGTERM)

def terminate_once_ray_holds_the_signal():
    while signal.getsignal(signal.SIGTERM) is ours:
        time.sleep(0.0005)
    os.kill(os.getpid(), signal.SIGTERM)

threading.Thread(target=terminate_once_ray_holds_the_signal, daemon=True).start()
engine = RayEngine(argparse.Namespace(diff=False, workers=1, ray_address=sys.argv[1]))
try:
    engine._connect()
except signals.Interrupted as stop:
    print("interrupted", signals.stop_signal(stop), signal.getsignal(signal.SIGTERM) is ours)
"""


@pytest.mark.ray
def test_a_sigterm_while_ray_starts_stops_the_run_like_any_other(local_cluster: str) -> None:
    """ray.init puts its own SIGTERM handler in place while it runs; a stop that lands then
    is the command's stop all the same (exit 143 with its message), not Ray's exit 1 or 15."""
    run = subprocess.run(
        [sys.executable, "-c", SIGTERM_AS_RAY_STARTS, local_cluster],
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert run.stdout.split() == [b"interrupted", b"15", b"True"], run.stderr.decode()


@pytest.mark.ray
def test_a_sigterm_stops_the_ray_run_and_resume_ends_with_the_local_runs_bytes(
    local_cluster: str, tmp_path: Path
) -> None:
    lines = [
        jsonl.dumps({"id": number, "text": f"By Jane Doe\n\nThe envoy spoke. Item {number}."})
        for number in range(40_000)
    ]
    (tmp_path / "in.jsonl").write_bytes(b"\n".join(lines) + b"\n")
    options = ["--shard-size", "50kB", "--no-batch-pass"]
    whole = clean("in.jsonl", "-o", "whole/", *options, cwd=tmp_path)
    assert whole.returncode == 0, whole.stderr
    command = [CLEAN, "in.jsonl", "-o", "cut/", *options, "--isolated", *ray_options(local_cluster)]
    process = subprocess.Popen(command, cwd=tmp_path, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while not (tmp_path / "cut" / "part-00000.jsonl.zst").exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 143, stderr.decode(errors="replace")
    assert b"interrupted by SIGTERM" in stderr and b"Traceback" not in stderr
    cut = manifest(tmp_path / "cut")
    assert cut["complete"] is False
    assert len(cut["shards"]) < len(manifest(tmp_path / "whole")["shards"])
    assert not [path for path in (tmp_path / "cut").iterdir() if path.name.endswith(".part")]
    resumed = clean("in.jsonl", "-o", "cut/", *options, "--resume", *ray_options(local_cluster),
                    cwd=tmp_path)  # fmt: skip
    assert resumed.returncode == 0, resumed.stderr
    assert folder_bytes(tmp_path / "cut") == folder_bytes(tmp_path / "whole")


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
def test_statistics_of_the_blocks_sum_to_the_local_first_pass(
    local_cluster: str, seed_texts: dict[str, str]
) -> None:
    rows = [{"text": text, "metadata": None} for text in seed_texts.values()]
    rows += [{"text": page, "metadata": {"url": "https://courier.example/a"}} for page in PAGES]
    rows.append({"text": None, "metadata": None})
    counts = batch_statistics(ray.data.from_items(rows, override_num_blocks=4))
    texts = [row for row in rows if row["text"] is not None]
    assert counts.lines == LineCounts.from_documents(
        (row["text"], source_of(row["metadata"])) for row in texts
    )
    assert counts.vocabulary == Vocabulary.from_texts(row["text"] for row in texts)
    assert counts.lines.share("The Valley Courier", "courier.example") == (4, 1.0)
    beside = [{"text": page, "site": "Courier", "metadata": None} for page in PAGES]
    by_site = batch_statistics(
        ray.data.from_items(beside, override_num_blocks=2), source_field="site"
    ).lines
    assert by_site.source_field == "site"
    assert by_site.share("The Valley Courier", "Courier") == (4, 1.0)


def test_an_address_where_no_cluster_answers_is_a_message_at_once(tmp_path: Path) -> None:
    """ray.init retried such an address for minutes (over three, printing warnings): the
    timeout fails the test long before."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    (tmp_path / "in.jsonl").write_bytes(b'{"text": "Plain."}\n')
    result = subprocess.run(
        [CLEAN, "in.jsonl", "--engine", "ray", "--ray-address", f"127.0.0.1:{closed_port}",
         "-o", "out.jsonl"],
        capture_output=True, cwd=tmp_path, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 2
    assert f"cannot reach the Ray cluster at 127.0.0.1:{closed_port}".encode() in result.stderr
    assert not (tmp_path / "out.jsonl").exists()


@pytest.mark.parametrize("address", [":", "localhost:port", ":6379"])
def test_an_address_that_is_no_host_and_port_is_a_message(tmp_path: Path, address: str) -> None:
    """Ray printed a traceback of its own for ':' before the run's message."""
    (tmp_path / "in.jsonl").write_bytes(b'{"text": "Plain."}\n')
    result = subprocess.run(
        [CLEAN, "in.jsonl", "--engine", "ray", "--ray-address", address],
        capture_output=True, cwd=tmp_path, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 2 and b"Traceback" not in result.stderr
    assert f"--ray-address {address} is not host:port".encode() in result.stderr


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


def test_the_ray_engine_refuses_the_local_engines_own_options(tmp_path: Path) -> None:
    output = ["-o", f"{tmp_path / 'out'}/"]  # --diff writes nothing, and refuses -o itself
    for options, message in ((["--diff"], b"--diff runs on the local engine"),
                             ([*output, "--workers=2"], b"--workers is for the local engine")):  # fmt: skip
        result = clean("--engine", "ray", SEEDS, *options)
        assert result.returncode == 2 and message in result.stderr
    assert not (tmp_path / "out").exists()
