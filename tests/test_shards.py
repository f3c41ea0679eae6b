"""An output folder: shards of a size, rejects beside them, one manifest, and --resume that ends
with the bytes an uninterrupted run writes. Every test runs the installed command on real files."""

from __future__ import annotations

import contextlib
import fcntl
import gc
import gzip
import importlib.util
import itertools
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import orjson
import pyarrow
import pyarrow.parquet as pq
import pytest
import zstandard

from cleaner import jsonl
from cleaner import workers as worker_processes
from cleaner.cli import main
from cleaner.config import RuleChoice
from cleaner.pieces import plan
from cleaner.workers import Options, Written, in_order
from cleaner.writers.atomic import AtomicFile, write_whole
from cleaner.writers.shards import ShardWriter

CLEAN = str(Path(sys.executable).parent / "clean")
ARTICLE = (
    "By Jane Doe\n\nThe envoy spoke in Doha on Tuesday.\n\nAdvertisement\n\nTalks will resume."
)


def clean(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    command = [CLEAN, *map(str, args), "--isolated"]
    return subprocess.run(command, capture_output=True, cwd=cwd, check=False)


def write_input(path: Path, count: int, bad_every: int = 0) -> None:
    lines = []
    for number in range(count):
        if bad_every and number % bad_every == bad_every - 1:
            lines.append(b'{"id": %d, "broken' % number)
        else:
            lines.append(orjson.dumps({"id": number, "text": f"{ARTICLE} Item {number}."}))
    path.write_bytes(b"\n".join(lines) + b"\n")


def manifest(folder: Path) -> dict:
    return orjson.loads((folder / "manifest.json").read_bytes())


def shard_lines(folder: Path) -> list[dict]:
    rows = []
    for shard in manifest(folder)["shards"]:
        data = (
            zstandard.ZstdDecompressor()
            .decompressobj()
            .decompress((folder / shard["name"]).read_bytes())
        )
        rows += [orjson.loads(line) for line in data.splitlines()]
    return rows


def folder_bytes(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def test_shards_hold_the_single_file_output_in_order_with_a_manifest(tmp_path: Path) -> None:
    write_input(tmp_path / "in.jsonl", 200, bad_every=50)
    single = clean(tmp_path / "in.jsonl", "-o", tmp_path / "one.jsonl", "--skip-bad")
    sharded = clean(tmp_path / "in.jsonl", "-o", f"{tmp_path / 'out'}/", "--shard-size", "4kB",
                    "--skip-bad")  # fmt: skip
    assert single.returncode == sharded.returncode == 0, sharded.stderr
    assert b"read 200, written 196, rejected 4" in sharded.stderr
    folder = tmp_path / "out"
    expected = [orjson.loads(line) for line in (tmp_path / "one.jsonl").read_bytes().splitlines()]
    assert shard_lines(folder) == expected
    listed = manifest(folder)
    assert listed["complete"] is True and len(listed["shards"]) > 3
    assert [shard["name"] for shard in listed["shards"]] == [
        f"part-{n:05d}.jsonl.zst" for n in range(len(listed["shards"]))
    ]
    assert listed["totals"] == {"records": 196, "empty": 0, "rejects": 4}
    for shard in listed["shards"][:-1]:
        data = (
            zstandard.ZstdDecompressor()
            .decompressobj()
            .decompress((folder / shard["name"]).read_bytes())
        )
        assert 4000 <= len(data) < 4000 + max(map(len, data.splitlines())) + 1
    rejected = [shard for shard in listed["shards"] if shard["rejects"]]
    assert len(rejected) == 4
    for shard in rejected:
        [reject] = [
            orjson.loads(line)
            for line in (folder / shard["rejects_file"]).read_bytes().splitlines()
        ]
        span = shard["inputs"][0]
        assert span["first"] <= reject["line"] <= span["last"]
    covered = [
        (span["first"], span["last"]) for shard in listed["shards"] for span in shard["inputs"]
    ]
    assert covered[0][0] == 1 and covered[-1][1] == 200
    assert all(b[0] == a[1] + 1 for a, b in itertools.pairwise(covered))
    assert listed["options"]["skip_bad"] is True and "byline" in listed["options"]["rules"]
    assert (folder / "corpus-stats.json").exists()


@pytest.mark.parametrize("shard_format", ["jsonl", "jsonl.gz", "parquet"])
def test_shard_formats(tmp_path: Path, shard_format: str) -> None:
    write_input(tmp_path / "in.jsonl", 40)
    folder = tmp_path / "out"
    folder.mkdir()  # an existing folder is an output folder without the trailing slash
    result = clean(tmp_path / "in.jsonl", "-o", folder, "--shard-format", shard_format,
                   "--shard-size", "2kB")  # fmt: skip
    assert result.returncode == 0, result.stderr
    names = [shard["name"] for shard in manifest(folder)["shards"]]
    assert len(names) > 1 and all(name.endswith(f".{shard_format}") for name in names)
    rows: list[dict] = []
    for name in names:
        if shard_format == "parquet":
            rows += pq.read_table(folder / name).to_pylist()
        else:
            data = (folder / name).read_bytes()
            data = gzip.decompress(data) if shard_format == "jsonl.gz" else data
            rows += [orjson.loads(line) for line in data.splitlines()]
    assert [row["id"] for row in rows] == list(range(40))
    assert rows[0]["text"] == "The envoy spoke in Doha on Tuesday.\n\nTalks will resume. Item 0."


def test_workers_write_the_same_shards(tmp_path: Path) -> None:
    write_input(tmp_path / "in.jsonl", 300)
    for workers in ("1", "2"):
        result = clean(tmp_path / "in.jsonl", "-o", f"{tmp_path / workers}/", "--workers",
                       workers, "--shard-size", "5kB")  # fmt: skip
        assert result.returncode == 0, result.stderr
    assert folder_bytes(tmp_path / "1") == folder_bytes(tmp_path / "2")


def stop_once(arguments: list[str], folder: Path, ready: Callable[[], bool]) -> None:
    """Run ``clean`` with ``arguments`` in ``folder``, and stop it with SIGTERM once ``ready``
    (or after a minute): it must end as a stopped run of an output folder does."""
    process = subprocess.Popen(
        [CLEAN, *arguments, "--isolated"], cwd=folder, stderr=subprocess.PIPE
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not ready():
        time.sleep(0.02)
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=30) == 143
    assert process.stderr is not None and b"--resume goes on from there" in process.stderr.read()


def test_resume_after_sigterm_ends_with_the_bytes_of_an_uninterrupted_run(tmp_path: Path) -> None:
    # enough records that the run is far from done when its second shard is written
    write_input(tmp_path / "in.jsonl", 12_000)
    options = ["--shard-size", "20kB", "--no-batch-pass"]
    whole = clean("in.jsonl", "-o", "whole/", *options, cwd=tmp_path)
    assert whole.returncode == 0, whole.stderr

    def two_shards_written() -> bool:
        done = tmp_path / "cut" / "manifest.json"
        return done.exists() and len(manifest(tmp_path / "cut")["shards"]) >= 2

    stop_once(["in.jsonl", "-o", "cut/", *options], tmp_path, two_shards_written)
    cut = manifest(tmp_path / "cut")
    assert cut["complete"] is False and 2 <= len(cut["shards"]) < len(
        manifest(tmp_path / "whole")["shards"]
    )
    assert not [path for path in (tmp_path / "cut").iterdir() if path.name.endswith(".part")]
    resumed = clean("in.jsonl", "-o", "cut/", *options, "--resume", cwd=tmp_path)
    assert resumed.returncode == 0, resumed.stderr
    assert f"resuming after {len(cut['shards'])} finished shards".encode() in resumed.stderr
    assert folder_bytes(tmp_path / "cut") == folder_bytes(tmp_path / "whole")


def test_resume_uses_the_saved_line_counts_and_refuses_other_inputs_or_options(
    tmp_path: Path,
) -> None:
    write_input(tmp_path / "in.jsonl", 100)
    first = clean("in.jsonl", "-o", "out/", "--shard-size", "3kB", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    whole = folder_bytes(tmp_path / "out")
    listed = manifest(tmp_path / "out")
    # A run that stopped after two shards leaves these files behind.
    for shard in listed["shards"][2:]:
        (tmp_path / "out" / shard["name"]).unlink()
    listed["shards"], listed["complete"] = listed["shards"][:2], False
    del listed["totals"]
    (tmp_path / "out" / "manifest.json").write_bytes(orjson.dumps(listed) + b"\n")
    shutil.copytree(tmp_path / "out", tmp_path / "spare")
    resumed = clean("in.jsonl", "-o", "spare/", "--shard-size", "3kB", "--resume", cwd=tmp_path)
    assert resumed.returncode == 0, resumed.stderr
    assert folder_bytes(tmp_path / "spare") == whole
    other = clean("in.jsonl", "-o", "out/", "--shard-size", "3kB", "--resume", "--ignore", "byline",
                  cwd=tmp_path)  # fmt: skip
    assert other.returncode == 2 and b"written with other options (rules)" in other.stderr
    by_site = clean("in.jsonl", "-o", "out/", "--shard-size", "3kB", "--resume",
                    "--source-field", "site", cwd=tmp_path)  # fmt: skip
    assert by_site.returncode == 2 and b"written with other options" in by_site.stderr
    bigger = clean("in.jsonl", "-o", "out/", "--shard-size", "4kB", "--resume", cwd=tmp_path)
    assert bigger.returncode == 2 and b"written with other shard size" in bigger.stderr
    source = tmp_path / "in.jsonl"
    first_seen = source.stat()
    with source.open("ab") as stream:
        stream.write(orjson.dumps({"id": 100, "text": "More."}) + b"\n")
    changed = clean("in.jsonl", "-o", "out/", "--shard-size", "3kB", "--resume", cwd=tmp_path)
    assert changed.returncode == 2 and b"in.jsonl changed since" in changed.stderr
    # rewritten in place to the same size: the first shards would hold the old records
    write_input(source, 100)
    source.write_bytes(source.read_bytes().replace(b"Doha", b"DOHA"))
    assert source.stat().st_size == first_seen.st_size
    rewritten = clean("in.jsonl", "-o", "out/", "--shard-size", "3kB", "--resume", cwd=tmp_path)
    assert rewritten.returncode == 2 and b"in.jsonl changed since" in rewritten.stderr
    # ... and with its time of modification set back, as a copy that keeps times does
    os.utime(source, ns=(first_seen.st_atime_ns, first_seen.st_mtime_ns))
    assert source.stat().st_size == first_seen.st_size
    assert source.stat().st_mtime_ns == first_seen.st_mtime_ns
    restored = clean("in.jsonl", "-o", "out/", "--shard-size", "3kB", "--resume", cwd=tmp_path)
    assert restored.returncode == 2 and b"in.jsonl changed since" in restored.stderr


def test_resume_refuses_a_finished_shard_cut_short_or_replaced_since(tmp_path: Path) -> None:
    """The manifest lists each shard's size: a shard truncated (a copy cut short, a full disk
    on a sync) or rewritten after the run would otherwise be taken up, its records lost."""
    write_input(tmp_path / "in.jsonl", 100)
    first = clean("in.jsonl", "-o", "out/", "--shard-size", "3kB", "--skip-bad", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    listed = manifest(tmp_path / "out")
    listed["complete"] = False
    (tmp_path / "out" / "manifest.json").write_bytes(orjson.dumps(listed) + b"\n")
    shard = tmp_path / "out" / listed["shards"][1]["name"]
    whole = shard.read_bytes()
    assert listed["shards"][1]["bytes"] == len(whole)
    shard.write_bytes(whole[: len(whole) // 2])
    cut = clean("in.jsonl", "-o", "out/", "--shard-size", "3kB", "--skip-bad", "--resume",
                cwd=tmp_path)  # fmt: skip
    assert cut.returncode == 2, cut.stderr
    assert f"{shard.name} is {len(whole) // 2} bytes".encode() in cut.stderr
    assert b"it changed after the run that wrote it; start over" in cut.stderr
    shard.write_bytes(whole)
    resumed = clean("in.jsonl", "-o", "out/", "--shard-size", "3kB", "--skip-bad", "--resume",
                    cwd=tmp_path)  # fmt: skip
    assert resumed.returncode == 0, resumed.stderr


BUSY = (
    b"clean: error: the output folder out is being written by another run; wait for it to end "
    b"or name another folder\n"
)
# Hidden temporary files of the writer's names, as a run killed while writing them leaves them.
LEFTOVERS = (
    ".part-00001.jsonl.zst.k2x9ab_c.part",
    ".part-00001.rejects.jsonl.q1w2e3r4.part",
    ".manifest.json.zz81mm0p.part",
    ".corpus-stats.json.a1b2c3d4.part",
)
# Files of other names, which no run of clean touches.
OTHERS = {".notes.txt.a1b2c3d4.part": b"theirs", "notes.part": b"theirs too"}


def hold(folder: Path) -> int:
    """Take the lock a run of clean holds on its output folder, as a run in progress does."""
    descriptor = os.open(folder, os.O_RDONLY)
    fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    return descriptor


@pytest.mark.parametrize(
    "engine",
    [
        "local",
        pytest.param(
            "ray",
            marks=pytest.mark.skipif(
                importlib.util.find_spec("ray") is None, reason="the ray extra is not installed"
            ),
        ),
    ],
)
def test_a_run_into_a_folder_another_run_is_writing_is_refused_at_once(
    tmp_path: Path, engine: str
) -> None:
    """Two runs into one folder at once left a manifest that called it complete over shards
    the other run had replaced or removed: the second is refused, before it reads anything
    (Ray is not even started), and the folder stays as it was; once the first is over, a run
    goes ahead and removes the temporary files a killed run left."""
    write_input(tmp_path / "in.jsonl", 100)
    options = ["--shard-size", "3kB", "--engine", engine]
    assert clean("in.jsonl", "-o", "out/", "--shard-size", "3kB", cwd=tmp_path).returncode == 0
    out = tmp_path / "out"
    for name in LEFTOVERS:
        (out / name).write_bytes(b"half")
    for name, data in OTHERS.items():
        (out / name).write_bytes(data)
    before = folder_bytes(out)
    descriptor = hold(out)
    try:
        for resume in ([], ["--resume"]):
            refused = clean("in.jsonl", "-o", "out/", *options, *resume, cwd=tmp_path)
            assert (refused.returncode, refused.stderr) == (2, BUSY)
            assert folder_bytes(out) == before
    finally:
        os.close(descriptor)
    again = clean("in.jsonl", "-o", "out/", "--shard-size", "3kB", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert not [name for name in LEFTOVERS if (out / name).exists()]
    assert {name: (out / name).read_bytes() for name in OTHERS} == OTHERS
    assert {name: data for name, data in folder_bytes(out).items() if name not in OTHERS} == {
        name: data for name, data in before.items() if name not in (*LEFTOVERS, *OTHERS)
    }


def test_a_killed_run_leaves_its_folder_unlocked_and_a_resume_removes_its_leftovers(
    tmp_path: Path,
) -> None:
    """A run killed outright (SIGKILL) cannot unlock its folder or remove its temporary shard:
    the lock dies with it (its workers, still running a moment, hold none), and the resumed run
    removes the temporary files and ends with the bytes of an uninterrupted run."""
    write_input(tmp_path / "in.jsonl", 12_000)
    options = ["--shard-size", "20kB", "--no-batch-pass", "--workers", "2"]
    whole = clean("in.jsonl", "-o", "whole/", *options, cwd=tmp_path)
    assert whole.returncode == 0, whole.stderr
    command = [CLEAN, "in.jsonl", "-o", "cut/", *options, "--isolated"]
    # a group of its own, so that the workers it leaves behind can be ended at the end
    process = subprocess.Popen(
        command, cwd=tmp_path, stderr=subprocess.DEVNULL, start_new_session=True
    )
    cut = tmp_path / "cut"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if (cut / "manifest.json").exists() and len(manifest(cut)["shards"]) >= 2:
                break
            time.sleep(0.02)
        process.kill()
        assert process.wait(timeout=30) == -signal.SIGKILL
        assert manifest(cut)["complete"] is False
        for name in LEFTOVERS:
            (cut / name).write_bytes(b"half")
        resumed = clean("in.jsonl", "-o", "cut/", *options, "--resume", cwd=tmp_path)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
    assert resumed.returncode == 0, resumed.stderr
    assert folder_bytes(cut) == folder_bytes(tmp_path / "whole")


def test_resume_names_the_input_added_or_removed(tmp_path: Path) -> None:
    """It said only "was written with other inputs", leaving the user to compare lists."""
    for name in ("a.jsonl", "b.jsonl", "c.jsonl"):
        write_input(tmp_path / name, 20)
    first = clean("a.jsonl", "b.jsonl", "-o", "out/", "--shard-size", "2kB", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    before = folder_bytes(tmp_path / "out")
    for inputs, differs in (
        (["a.jsonl"], b"(b.jsonl removed)"),
        (["a.jsonl", "b.jsonl", "c.jsonl"], b"(c.jsonl added)"),
        (["a.jsonl", "c.jsonl"], b"(c.jsonl added, b.jsonl removed)"),
        (["b.jsonl", "a.jsonl"], b"(the same files in another order)"),
    ):
        refused = clean(*inputs, "-o", "out/", "--shard-size", "2kB", "--resume", cwd=tmp_path)
        assert refused.returncode == 2
        assert refused.stderr == (
            b"clean: error: out/manifest.json was written with other inputs "
            + differs
            + b"; run without --resume to start over\n"
        )
    assert folder_bytes(tmp_path / "out") == before


def test_a_new_run_removes_the_shards_of_a_longer_earlier_one(tmp_path: Path) -> None:
    write_input(tmp_path / "long.jsonl", 200)
    write_input(tmp_path / "short.jsonl", 20)
    assert (
        clean(
            tmp_path / "long.jsonl", "-o", f"{tmp_path / 'out'}/", "--shard-size", "2kB"
        ).returncode
        == 0
    )
    assert (
        clean(
            tmp_path / "short.jsonl", "-o", f"{tmp_path / 'out'}/", "--shard-size", "2kB"
        ).returncode
        == 0
    )
    listed = {shard["name"] for shard in manifest(tmp_path / "out")["shards"]}
    on_disk = {path.name for path in (tmp_path / "out").glob("part-*")}
    assert on_disk == listed and len(shard_lines(tmp_path / "out")) == 20


def on_disk(folder: Path) -> set[str]:
    """The shards and rejects files in ``folder``, as anything that globs ``part-*`` reads them."""
    return {path.name for path in folder.glob("part-*")}


def listed_files(folder: Path) -> set[str]:
    """The shards and rejects files the manifest of ``folder`` lists."""
    shards = manifest(folder)["shards"]
    return {shard["name"] for shard in shards} | {
        shard["rejects_file"] for shard in shards if shard["rejects_file"]
    }


def test_a_run_stopped_early_leaves_no_shard_of_the_run_before(tmp_path: Path) -> None:
    """The shards of an earlier, longer run stayed until a new run into the folder finished:
    stopped before, it left them beside its own, unlisted, for ``part-*`` to read mixed and
    twice. They go as soon as its manifest replaces the old one, rejects files too; and the
    run stopped so goes on with --resume to the bytes of an uninterrupted run."""
    for name in ("a.jsonl", "b.jsonl"):
        write_input(tmp_path / name, 12_000, bad_every=700)
    options = ["--shard-size", "20kB", "--no-batch-pass", "--skip-bad"]
    out = tmp_path / "out"
    longer = clean("a.jsonl", "b.jsonl", "-o", "out/", *options, cwd=tmp_path)
    assert longer.returncode == 0, longer.stderr
    earlier = listed_files(out)
    whole = clean("b.jsonl", "-o", "whole/", *options, cwd=tmp_path)
    assert whole.returncode == 0, whole.stderr

    def first_shard_written() -> bool:
        started = manifest(out)
        return [item["path"] for item in started["inputs"]] == ["b.jsonl"] and started["shards"]

    stop_once(["b.jsonl", "-o", "out/", *options], tmp_path, first_shard_written)
    stopped = manifest(out)
    assert stopped["complete"] is False and [item["path"] for item in stopped["inputs"]] == [
        "b.jsonl"
    ]
    assert len(listed_files(out)) < len(earlier)
    assert on_disk(out) == listed_files(out)
    resumed = clean("b.jsonl", "-o", "out/", *options, "--resume", cwd=tmp_path)
    assert resumed.returncode == 0, resumed.stderr
    assert folder_bytes(out) == folder_bytes(tmp_path / "whole")


def test_claiming_a_folder_removes_the_shards_its_manifest_does_not_list(tmp_path: Path) -> None:
    """Once the writer has written its manifest, the folder holds the shards it lists and no
    other: a resumed run keeps those it takes up, a new run none; files of other names stay."""
    write_input(tmp_path / "in.jsonl", 100, bad_every=10)
    first = clean("in.jsonl", "-o", "out/", "--shard-size", "3kB", "--skip-bad", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    out = tmp_path / "out"
    spark = "part-00000-1b2c-c000.snappy.parquet"
    (out / spark).write_bytes(b"spark")
    listed = manifest(out)
    # the manifest of a run stopped after two shards, beside the shards of a longer one
    listed["shards"], listed["complete"] = listed["shards"][:2], False
    del listed["totals"]
    (out / "manifest.json").write_bytes(orjson.dumps(listed) + b"\n")
    taken_up = listed_files(out)
    assert {"part-00000.rejects.jsonl", "part-00001.jsonl.zst"} <= taken_up
    assert taken_up | {spark} < on_disk(out)
    run = {
        key: value
        for key, value in listed.items()
        if key not in ("complete", "format", "shard_size", "shards")
    }
    resumed = ShardWriter(str(out), listed["format"], listed["shard_size"], run)
    assert resumed.resume() == listed["shards"][-1]["end"]
    resumed.claim()
    assert on_disk(out) == taken_up | {spark}
    resumed.discard()
    new = ShardWriter(str(out))
    new.claim()
    assert on_disk(out) == {spark} and manifest(out)["shards"] == []
    new.discard()
    assert (out / spark).read_bytes() == b"spark"


@pytest.mark.parametrize("failing", ["part-00000.rejects.jsonl", "manifest.json"])
def test_a_shard_is_in_place_only_with_the_manifest_that_lists_it(
    tmp_path: Path, failing: str
) -> None:
    """On a full disk (here a file-size limit, which fails every write past it as one would)
    the shard was renamed into place, then its rejects or the manifest listing it failed: the
    shard stayed unlisted, its rejects lost. Now nothing of it is in place, the message names
    the file that failed, and --resume goes on to the bytes of an uninterrupted run."""
    lines = [
        orjson.dumps({"id": number, "text": f"{ARTICLE} Item {number}."}) for number in range(20)
    ]
    # a reject larger than the manifest and the shard, or a small one, under the limit
    raw = b"x" * (3000 if failing == "part-00000.rejects.jsonl" else 10)
    lines.insert(10, b'{"id": "bad", "broken ' + raw)
    (tmp_path / "in.jsonl").write_bytes(b"\n".join(lines) + b"\n")
    options = ["--skip-bad", "--no-batch-pass"]
    whole = clean("in.jsonl", "-o", "whole/", *options, cwd=tmp_path)
    assert whole.returncode == 0, whole.stderr
    # one byte short of the file that fails; every file written before it is smaller
    sizes = {name: len(data) for name, data in folder_bytes(tmp_path / "whole").items()}
    listing = manifest(tmp_path / "whole")
    listing["complete"] = False
    del listing["totals"]
    sizes["manifest.json"] = len(jsonl.dumps(listing) + b"\n")  # the one listing shard 0
    limit = sizes[failing] - 1
    assert max(sizes.values()) == sizes[failing]

    def limit_file_size() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    command = [CLEAN, "in.jsonl", "-o", "out/", *options, "--isolated"]
    result = subprocess.run(
        command, cwd=tmp_path, capture_output=True, preexec_fn=limit_file_size, check=False
    )
    assert result.returncode == 1 and b"Traceback" not in result.stderr
    assert f"clean: error: cannot write out/{failing}: File too large\n".encode() in result.stderr
    out = tmp_path / "out"
    assert [path.name for path in out.iterdir()] == ["manifest.json"]
    assert manifest(out)["shards"] == []
    resumed = clean("in.jsonl", "-o", "out/", *options, "--resume", cwd=tmp_path)
    assert resumed.returncode == 0, resumed.stderr
    assert folder_bytes(out) == folder_bytes(tmp_path / "whole")


def test_files_of_others_in_the_output_folder_are_never_removed(tmp_path: Path) -> None:
    """Only files of the writer's own names, listed or left by its earlier runs (the folder
    has its manifest), are replaced or removed; a folder holding such names without a manifest
    of this tool's, or a report or statistics file named like them, is refused untouched."""
    write_input(tmp_path / "in.jsonl", 3)
    others = {
        "part-00000-1b2c-c000.snappy.parquet": b"spark",
        "part-1.jsonl": b"mine",
        "part-00004.jsonl.zst.bak": b"backup",
        "notes.txt": b"notes",
    }
    out = tmp_path / "out"
    out.mkdir()
    for name, data in others.items():
        (out / name).write_bytes(data)
    assert clean("in.jsonl", "-o", "out/", cwd=tmp_path).returncode == 0
    assert clean("in.jsonl", "-o", "out/", cwd=tmp_path).returncode == 0
    assert {name: (out / name).read_bytes() for name in others} == others
    for name, data in (("part-00002.jsonl.gz", b"theirs"), ("manifest.json", b"[1, 2]")):
        folder = tmp_path / name.replace(".", "-")
        folder.mkdir()
        (folder / name).write_bytes(data)
        refused = clean("in.jsonl", "-o", f"{folder.name}/", cwd=tmp_path)
        assert refused.returncode == 2, refused.stderr
        assert f"{name} was not written by clean".encode() in refused.stderr, refused.stderr
        assert folder_bytes(folder) == {name: data}
    for option, name in (("--report", "part-00000.jsonl.zst"), ("--stats-json", "manifest.json")):
        refused = clean("in.jsonl", "-o", "new/", option, f"new/{name}", cwd=tmp_path)
        assert refused.returncode == 2, refused.stderr
        assert b"is a file that the run writes into the output folder" in refused.stderr
        assert not (tmp_path / "new").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--shard-size", "lots"], b"--shard-size must be a size such as 256MB"),
        (["--resume"], b"--resume is for an output folder"),
        (["--shard-size", "1MB"], b"--shard-size is for an output folder (-o FOLDER/)"),
        (["-o", "out.jsonl", "--shard-format", "jsonl"], b"--shard-format is for an output folder"),
        (["--diff", "-o", "out/"], b"-o is for a run that writes records; --diff only shows"),
        (["--diff", "--edits"], b"--edits is for a run that writes records"),
        (["-o", "out/", "--resume", "--statistics"], b"--resume cannot give statistics"),
        (["-o", "out/", "--rejects", "r.jsonl"], b"--rejects is for one output file"),
    ],
)
def test_bad_shard_options_are_messages(tmp_path: Path, args: list[str], message: bytes) -> None:
    write_input(tmp_path / "in.jsonl", 3)
    result = clean("in.jsonl", *args, cwd=tmp_path)
    assert result.returncode == 2 and message in result.stderr, result.stderr


def test_an_output_folder_never_rewrites_an_input(tmp_path: Path) -> None:
    """A run writes, replaces and removes the files of its output folder, so an input inside
    it (a shard of an earlier run, cleaned again into the same folder) or the folder itself as
    the input is refused before anything is written, and the earlier shards stay as they were."""
    write_input(tmp_path / "in.jsonl", 6)
    out = tmp_path / "out"
    assert clean(tmp_path / "in.jsonl", "-o", f"{out}/").returncode == 0
    before = folder_bytes(out)
    shard = out / "part-00000.jsonl.zst"
    again = clean(tmp_path / "in.jsonl", shard, "-o", f"{out}/", "--shard-size", "1")
    assert again.returncode == 2
    assert b"is inside the output folder" in again.stderr
    same = clean(out, "-o", f"{out}/")
    assert same.returncode == 2
    assert b"is the input" in same.stderr
    assert folder_bytes(out) == before


def test_workers_give_the_pieces_of_one_process_and_leave_its_collector_as_it_was(
    tmp_path: Path,
) -> None:
    """The objects loaded before the workers fork are frozen for them only: a program that
    calls the workers from Python gets its garbage collector back as it was, and the pieces as
    one process cleans them."""
    write_input(tmp_path / "in.jsonl", 40, bad_every=7)
    options = Options(RuleChoice(), "text", with_edits=True, edits_field="edits")
    frozen = gc.get_freeze_count()
    pieces = list(plan([str(tmp_path / "in.jsonl")], piece_bytes=512))
    assert len(pieces) > 4
    here = [piece.outcomes for piece in in_order("clean", iter(pieces), options, workers=1)]
    there = [piece.outcomes for piece in in_order("clean", iter(pieces), options, workers=2)]
    assert gc.get_freeze_count() == frozen
    assert there == here
    assert sum(isinstance(outcome, Written) for outcomes in here for outcome in outcomes) == 35


def test_discard_removes_a_temporary_file_no_sink_held_yet(tmp_path: Path) -> None:
    """A signal that lands inside ``mkstemp`` leaves a file before any object holds it."""
    writer = ShardWriter(str(tmp_path))
    stray = [
        tmp_path / ".part-00000.jsonl.zst.k2x9.part",
        tmp_path / ".part-00000.rejects.jsonl.a1.part",
    ]
    kept = tmp_path / ".part-00001.jsonl.zst.zz.part"  # another shard's: not this writer's
    for path in [*stray, kept]:
        path.write_bytes(b"half")
    writer.discard()
    assert [path.exists() for path in stray] == [False, False] and kept.exists()


class Stopped(Exception):
    """What this test's SIGTERM handler raises, as ``clean``'s raises ``Interrupted``."""


def test_a_stop_while_the_temporary_file_is_made_leaves_none_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The SIGTERM arrives the instant ``mkstemp`` has made the file, before anyone knows its
    name (the manifest's ``.part`` file a killed run once left): the stop waits until the small
    file is whole and in place, and is raised then."""

    def made_then_stopped(*args: object, **kwargs: object) -> tuple[int, str]:
        made = real_mkstemp(*args, **kwargs)  # type: ignore[call-overload]
        # to this thread, as in ``clean``, whose other threads hold the stop signals
        signal.pthread_kill(threading.get_ident(), signal.SIGTERM)
        return made

    def stop(signum: int, frame: object) -> None:
        raise Stopped

    real_mkstemp = tempfile.mkstemp
    monkeypatch.setattr(tempfile, "mkstemp", made_then_stopped)
    previous = signal.signal(signal.SIGTERM, stop)
    try:
        with pytest.raises(Stopped):
            write_whole(str(tmp_path / "manifest.json"), b"{}\n")
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert [path.name for path in tmp_path.iterdir()] == ["manifest.json"]
    assert (tmp_path / "manifest.json").read_bytes() == b"{}\n"


def test_a_stop_as_the_temporary_file_is_handed_over_leaves_none_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The SIGTERM arrives the instant the temporary file is made and named, before the output
    holds it: the output of a run (not a small file written whole) is discarded, not left."""
    real_open = AtomicFile._open_local_temporary

    def opened_then_stopped(self: AtomicFile, path: str) -> object:
        opened = real_open(self, path)
        signal.pthread_kill(threading.get_ident(), signal.SIGTERM)
        return opened

    def stop(signum: int, frame: object) -> None:
        raise Stopped

    monkeypatch.setattr(AtomicFile, "_open_local_temporary", opened_then_stopped)
    previous = signal.signal(signal.SIGTERM, stop)
    try:
        with pytest.raises(Stopped):
            AtomicFile(str(tmp_path / "out.jsonl.zst"))
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert list(tmp_path.iterdir()) == []


def _settled(count: Callable[[], int], quiet_for: float = 1.0, limit: float = 60.0) -> int:
    """``count()`` once it has not changed for ``quiet_for`` seconds."""
    value, since, started = count(), time.monotonic(), time.monotonic()
    while time.monotonic() - since < quiet_for and time.monotonic() - started < limit:
        time.sleep(0.05)
        if (now := count()) != value:
            value, since = now, time.monotonic()
    return value


def test_a_worker_runs_no_further_ahead_than_the_parent_takes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While the parent waits for one row group, a worker on the next one sends a few parts
    and waits, instead of sending the whole group for the parent to hold."""
    monkeypatch.setattr(worker_processes, "PART_BYTES", 1)  # one document a part
    rows = [{"id": n, "text": f"Story {n}: the council met and voted."} for n in range(80)]
    source = tmp_path / "in.parquet"
    pq.write_table(pyarrow.Table.from_pylist(rows), source, row_group_size=40)
    pieces = list(plan([str(source)]))
    assert len(pieces) == 2
    pool = worker_processes.Workers(
        2, Options(RuleChoice(), "text", with_edits=False, edits_field="edits")
    )
    try:
        results = pool.map("clean", iter(pieces))
        taken = [next(results)]
        waiting = _settled(pool._results.qsize)
        taken += list(results)
    finally:
        pool.terminate()
    assert waiting <= 2 * worker_processes.PARTS_AHEAD
    assert [outcome.number for part in taken for outcome in part.outcomes] == list(range(1, 81))


def test_a_row_group_comes_in_parts_in_order_and_resumes_to_the_same_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """pyarrow writes up to a million rows as one row group: its outcomes go on in parts, in
    order, in one process or several, and a run stopped within the group resumes exactly."""
    monkeypatch.setattr(worker_processes, "PART_BYTES", 1500)
    rows = [
        {"id": n, "text": f"By Jane Doe\n\nStory {n}: the council met and voted on the budget."}
        for n in range(60)
    ]
    source = tmp_path / "in.parquet"
    pq.write_table(pyarrow.Table.from_pylist(rows), source)
    options = Options(RuleChoice(), "text", with_edits=False, edits_field="edits")
    pieces = list(plan([str(source)]))
    assert len(pieces) == 1
    for count in (1, 2):
        parts = list(in_order("clean", iter(pieces), options, workers=count))
        assert len(parts) > 3 and [part.last for part in parts] == [False] * (len(parts) - 1) + [
            True
        ]
        sizes = [len(part.outcomes) for part in parts]
        assert [part.first for part in parts] == list(itertools.accumulate([0, *sizes[:-1]]))
        assert [outcome.number for part in parts for outcome in part.outcomes] == list(range(1, 61))
    out = tmp_path / "out"
    assert main([str(source), "-o", f"{out}/", "--shard-size", "1kB", "-q"]) == 0
    whole = folder_bytes(out)
    listed = manifest(out)
    assert len(listed["shards"]) > 3
    for shard in listed["shards"][2:]:
        (out / shard["name"]).unlink()
    listed["shards"], listed["complete"] = listed["shards"][:2], False
    del listed["totals"]
    (out / "manifest.json").write_bytes(orjson.dumps(listed) + b"\n")
    assert main([str(source), "-o", f"{out}/", "--shard-size", "1kB", "--resume", "-q"]) == 0
    assert folder_bytes(out) == whole
