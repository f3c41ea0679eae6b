"""`clean` as a pipeline step trusted with data it cannot get back, attacked as a user would.

Every test runs the installed command as a real process on real files: outputs that are
inputs, signals sent mid-run, a file-size limit that fills the "disk", a closed pipe, folders
it may not read, and the values that JSON and Parquet carry (big integers, nulls, nesting).
"""

from __future__ import annotations

import base64
import contextlib
import gzip
import json
import os
import resource
import signal
import stat
import subprocess
import sys
import threading
import time
from decimal import Decimal
from pathlib import Path, PurePosixPath
from typing import Any

import fsspec
import orjson
import pyarrow.parquet as pq
import pytest
import zstandard

from cleaner import Edit, reconstruct, workers
from cleaner.config import RuleChoice
from cleaner.readers import input_files
from cleaner.workers import Options

CLEAN = str(Path(sys.executable).parent / "clean")
ARTICLE = (
    "By Jane Doe\n\nThe envoy spoke in Doha on Tuesday.\n\nAdvertisement\n\nTalks will resume."
)
ARTICLE_TEXT = "The envoy spoke in Doha on Tuesday.\n\nTalks will resume."
# Without the capabilities that let root read and write anything, permissions apply to root too.
AS_A_USER = (
    [
        "setpriv",
        "--inh-caps=-dac_override,-dac_read_search",
        "--bounding-set=-dac_override,-dac_read_search",
        "--",
    ]
    if os.geteuid() == 0
    else []
)


def clean(
    *args: str | Path, stdin: bytes | None = None, cwd: Path | None = None, prefix=()
) -> subprocess.CompletedProcess[bytes]:
    command = [*prefix, CLEAN, *map(str, args)]
    return subprocess.run(command, input=stdin, capture_output=True, cwd=cwd, check=False)


def records(data: bytes) -> list[dict]:
    return [orjson.loads(line) for line in data.splitlines()]


def write_jsonl(path: Path, rows: list[dict]) -> bytes:
    data = b"".join(orjson.dumps(row) + b"\n" for row in rows)
    path.write_bytes(data)
    return data


def leftovers(folder: Path) -> list[str]:
    """Temporary files a run left behind."""
    return [path.name for path in folder.iterdir() if path.name.endswith(".part")]


@pytest.fixture
def source(tmp_path: Path) -> Path:
    path = tmp_path / "in.jsonl"
    write_jsonl(path, [{"id": n, "text": ARTICLE} for n in range(3)])
    return path


# -- Outputs never overwrite inputs ------------------------------------------------------------


def test_output_that_is_the_input_is_refused_before_anything_is_written(source: Path) -> None:
    before = source.read_bytes()
    result = clean(source, "-o", source)
    assert result.returncode == 2 and b"is the input" in result.stderr
    assert source.read_bytes() == before


def test_output_that_is_a_hard_link_of_the_input_is_refused(source: Path) -> None:
    link = source.with_name("link.jsonl")
    os.link(source, link)
    before = source.read_bytes()
    assert clean(source, "-o", link).returncode == 2
    assert source.read_bytes() == before


@pytest.mark.parametrize("option", ["--stats-json", "--report", "--rejects"])
def test_a_side_file_that_cannot_be_written_fails_before_the_run(
    tmp_path: Path, option: str
) -> None:
    """Found only at the end (or at the first reject), it took the output down with it after
    the run had done its work."""
    source = tmp_path / "in.jsonl"
    source.write_bytes(write_jsonl(source, [{"id": 1, "text": ARTICLE}]) + b"not JSON\n")
    (tmp_path / "a-file").write_text("not a folder")
    output = tmp_path / "out.jsonl"
    result = clean(source, "-o", output, "--skip-bad", option, tmp_path / "a-file" / "side")
    assert result.returncode == 1
    assert b"cannot write" in result.stderr and b"is a file, not a folder" in result.stderr
    assert b"read " not in result.stderr  # refused before any record was cleaned
    assert sorted(path.name for path in tmp_path.iterdir()) == ["a-file", "in.jsonl"]


def test_default_rejects_file_that_is_the_input_is_refused(tmp_path: Path) -> None:
    data = tmp_path / "data.rejects.jsonl"
    content = write_jsonl(data, [{"text": "Fine."}])
    result = clean(data, "--skip-bad", "-o", tmp_path / "data.jsonl")
    assert result.returncode == 2 and b"rejects file" in result.stderr
    assert data.read_bytes() == content
    assert not (tmp_path / "data.jsonl").exists()


@pytest.mark.parametrize("protocol", ["file://", "local://"])
def test_an_input_named_by_a_local_url_is_never_written_over(tmp_path: Path, protocol: str) -> None:
    """Outputs named by file:// or local:// were not compared with the inputs: a rejects file
    that was the input was removed as stale, an output replaced it, and a folder's own
    output was read back on every run."""
    source = tmp_path / "in.jsonl"
    data = write_jsonl(source, [{"text": "Photo: AP\nThe council met."}])
    url = f"{protocol}{source}"
    refused = clean(source, "-o", tmp_path / "out.jsonl", "--rejects", url)
    assert refused.returncode == 2 and b"is the input" in refused.stderr
    refused = clean(url, "-o", url)
    assert refused.returncode == 2 and b"is the input" in refused.stderr
    assert source.read_bytes() == data
    for _ in range(2):
        run = clean(tmp_path, "-o", f"{protocol}{tmp_path}/out.jsonl")
        assert b"read 1, written 1, rejected 0" in run.stderr


def test_output_and_rejects_cannot_be_one_file(source: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    result = clean(source, "-o", out, "--rejects", out, "--skip-bad")
    assert result.returncode == 2 and b"also the output" in result.stderr


def test_stdin_redirected_from_the_output_file_is_refused(source: Path) -> None:
    before = source.read_bytes()
    with source.open("rb") as stdin:
        result = subprocess.run(
            [CLEAN, "-", "-o", str(source)], stdin=stdin, capture_output=True, check=False
        )
    assert result.returncode == 2 and b"is the input stdin" in result.stderr
    assert source.read_bytes() == before


@pytest.mark.parametrize("reads_stdin", [False, True], ids=["named", "stdin"])
def test_standard_output_appended_to_the_input_is_refused(
    source: Path, tmp_path: Path, reads_stdin: bool
) -> None:
    """``clean in.jsonl >> in.jsonl`` read its own output back and grew the input until the
    disk was full (64 MB from 5.7 MB in 30 seconds); cat refuses the same."""
    before = source.read_bytes()
    with source.open("ab") as stdout, source.open("rb") as stdin:
        result = subprocess.run(
            [CLEAN, *([] if reads_stdin else [str(source)])],
            stdin=stdin if reads_stdin else subprocess.DEVNULL,
            stdout=stdout,
            stderr=subprocess.PIPE,
            check=False,
            timeout=60,
        )
    assert result.returncode == 2 and b"standard output is the input" in result.stderr
    assert source.read_bytes() == before
    with (tmp_path / "out.jsonl").open("ab") as stdout:
        elsewhere = subprocess.run([CLEAN, str(source)], stdout=stdout, check=False, timeout=60)
    assert elsewhere.returncode == 0 and (tmp_path / "out.jsonl").read_bytes().count(b"\n") == 3


@pytest.mark.parametrize("named_by", ["folder", "glob"])
def test_output_inside_an_input_folder_is_never_read_back(tmp_path: Path, named_by: str) -> None:
    """A glob that ``clean`` expands passes over the run's own output as a folder does: the
    second run of ``clean 'data/*.jsonl' -o data/out.jsonl`` stopped, the output an input."""
    folder = tmp_path / "data"
    folder.mkdir()
    write_jsonl(folder / "a.jsonl", [{"id": n, "text": ARTICLE} for n in range(5)])
    output = folder / "out.jsonl"
    named = folder if named_by == "folder" else f"{folder}/*.jsonl"
    for _ in range(3):
        result = clean(named, "-o", output)
        assert result.returncode == 0, result.stderr
        assert b"read 5, written 5" in result.stderr
    assert len(records(output.read_bytes())) == 5
    if named_by == "glob":
        alone = clean(f"{folder}/out*.jsonl", "-o", output)
        assert alone.returncode == 2 and b"matches only what this run writes" in alone.stderr


def test_an_earlier_runs_output_folder_inside_an_input_folder_is_not_read(tmp_path: Path) -> None:
    """``clean data/ -o data/out/`` then ``clean data/ -o data/more.jsonl`` read the first
    run's shards as input (every record twice) and its manifest and line counts (``.json``)
    as records. Found inside a named folder, such a folder is passed over, with a note; named
    itself, it gives its shards alone."""
    folder = tmp_path / "data"
    folder.mkdir()
    write_jsonl(folder / "a.jsonl", [{"id": n, "text": ARTICLE} for n in range(5)])
    first = clean(folder, "-o", f"{folder / 'out'}/", "--skip-bad")
    assert first.returncode == 0, first.stderr
    assert (folder / "out" / "manifest.json").exists()
    again = clean(folder, "-o", folder / "more.jsonl")
    assert again.returncode == 0, again.stderr
    assert b"read 5, written 5, rejected 0" in again.stderr
    assert f"{folder / 'out'} holds the output of an earlier run".encode() in again.stderr
    named = clean(folder / "out", "-o", tmp_path / "shards.jsonl")
    assert named.returncode == 0, named.stderr
    assert b"read 5, written 5, rejected 0" in named.stderr
    assert b"earlier run" not in named.stderr


def test_an_earlier_output_folder_is_passed_over_on_an_fsspec_file_system() -> None:
    filesystem = fsspec.filesystem("memory")
    for name, data in [
        ("a.jsonl", b'{"text": "One."}\n'),
        ("out/manifest.json", b'{"complete": true, "shards": []}\n'),
        ("out/corpus-stats.json", b"{}\n"),
        ("out/part-00000.jsonl.zst", b""),
        ("out/part-00000.rejects.jsonl", b""),
        ("notes/manifest.json", b'{"title": "not ours"}\n'),
    ]:
        filesystem.pipe(f"memory://earlier/data/{name}", data)
    skipped: list[str] = []
    found = input_files(["memory://earlier/data"], (), skipped)
    assert [PurePosixPath(str(name)).name for name in found] == ["a.jsonl", "manifest.json"]
    assert skipped == ["memory:///earlier/data/out"]
    assert [
        PurePosixPath(str(name)).name for name in input_files(["memory://earlier/data/out"])
    ] == ["part-00000.jsonl.zst"]


def test_a_replaced_output_keeps_its_mode_and_owner(source: Path, tmp_path: Path) -> None:
    """The new file took the default mode: a private output came back readable by all."""
    output = tmp_path / "private.jsonl"
    output.write_bytes(b"old\n")
    output.chmod(0o600)
    owner = (1234, 1234) if os.geteuid() == 0 else (os.geteuid(), os.getegid())
    if os.geteuid() == 0:
        os.chown(output, *owner)
    assert clean(source, "-o", output).returncode == 0
    assert stat.S_IMODE(output.stat().st_mode) == 0o600
    assert (output.stat().st_uid, output.stat().st_gid) == owner
    assert len(records(output.read_bytes())) == 3


def test_an_output_that_is_a_link_is_written_through_it(source: Path, tmp_path: Path) -> None:
    """As a shell's ``>`` writes: the link stays and the file it names gets the records."""
    (tmp_path / "store").mkdir()
    real = tmp_path / "store" / "out.jsonl"
    real.write_bytes(b"old\n")
    link = tmp_path / "out.jsonl"
    link.symlink_to(real)
    assert clean(source, "-o", link).returncode == 0
    assert link.is_symlink() and len(records(real.read_bytes())) == 3


def test_missing_output_folders_are_created(source: Path, tmp_path: Path) -> None:
    output = tmp_path / "new" / "deeper" / "out.jsonl.gz"
    assert clean(source, "-o", output).returncode == 0
    assert len(records(gzip.decompress(output.read_bytes()))) == 3


def test_output_under_a_file_or_a_read_only_folder_is_a_message(
    source: Path, tmp_path: Path
) -> None:
    (tmp_path / "afile").write_text("x")
    result = clean(source, "-o", tmp_path / "afile" / "out.jsonl")
    assert result.returncode == 1 and b"is a file, not a folder" in result.stderr
    read_only = tmp_path / "ro"
    read_only.mkdir(mode=0o555)
    result = clean(source, "-o", read_only / "out.jsonl", prefix=AS_A_USER)
    assert result.returncode == 1
    assert b"cannot write " + str(read_only / "out.jsonl").encode() in result.stderr
    assert b"Permission denied" in result.stderr and b"Traceback" not in result.stderr
    protected = tmp_path / "protected.jsonl"
    protected.write_bytes(b"kept\n")
    protected.chmod(0o444)
    result = clean(source, "-o", protected, prefix=AS_A_USER)
    assert result.returncode == 1 and b"Permission denied" in result.stderr
    assert protected.read_bytes() == b"kept\n"


def test_stale_rejects_do_not_survive_a_clean_run(tmp_path: Path) -> None:
    bad, good = tmp_path / "bad.jsonl", tmp_path / "good.jsonl"
    bad.write_bytes(b'{"text": "One."}\n{"broken\n')
    write_jsonl(good, [{"text": "One."}])
    output = tmp_path / "out.jsonl"
    assert clean(bad, "-o", output, "--skip-bad").returncode == 0
    assert (tmp_path / "out.rejects.jsonl").exists()
    assert clean(good, "-o", output, "--skip-bad").returncode == 0
    assert not (tmp_path / "out.rejects.jsonl").exists()


def test_rejects_of_another_output_are_never_taken_for_stale(tmp_path: Path) -> None:
    """``day.jsonl`` and ``day.parquet`` share ``day.rejects.jsonl``: a run cleaning
    ``day.jsonl`` into ``day.parquet`` removed the rejects of the run that made its input (the
    only copy of stdin's bad lines), as if they were an earlier run's of its own output."""
    day = tmp_path / "day.jsonl"
    made = clean("-", "--skip-bad", "-o", day, stdin=b'{"text": "One."}\n{"broken\n')
    assert made.returncode == 0 and (tmp_path / "day.rejects.jsonl").exists()
    for _ in range(2):  # the first makes day.parquet; the second replaces it
        assert clean(day, "-o", tmp_path / "day.parquet").returncode == 0
        assert records((tmp_path / "day.rejects.jsonl").read_bytes())[0]["raw"] == '{"broken'
    # the earlier rejects of an output being replaced are still stale
    assert clean(day, "-o", day.with_name("fresh.jsonl")).returncode == 0
    (tmp_path / "fresh.rejects.jsonl").write_bytes(b"{}\n")
    assert clean(day, "-o", day.with_name("fresh.jsonl")).returncode == 0
    assert not (tmp_path / "fresh.rejects.jsonl").exists()


def test_a_rejects_file_that_cannot_be_written_leaves_the_output_as_it_was(
    tmp_path: Path,
) -> None:
    """The output was renamed into place before the rejects were flushed: a full disk there
    replaced the output, lost the rejects, and said the output was as it was."""
    source, output = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_bytes(b'{"text": "One."}\n{"broken\n')
    output.write_bytes(b'{"old": 1}\n')
    result = clean(source, "-o", output, "--skip-bad", "--rejects", "/dev/full")
    assert result.returncode == 1 and b"No space left on device" in result.stderr
    assert b"out.jsonl is as it was before the run" in result.stderr
    assert output.read_bytes() == b'{"old": 1}\n'
    assert sorted(path.name for path in tmp_path.iterdir()) == ["in.jsonl", "out.jsonl"]


def test_saved_counts_named_by_a_device_are_refused(tmp_path: Path) -> None:
    """``--corpus-stats /dev/zero`` was read whole as saved counts: all memory, then killed."""
    source = tmp_path / "in.jsonl"
    write_jsonl(source, [{"text": "One."}])
    result = clean(source, "-o", tmp_path / "out.jsonl", "--corpus-stats", "/dev/zero")
    assert result.returncode == 2
    assert b"--corpus-stats /dev/zero is a device or pipe" in result.stderr


@pytest.mark.parametrize("option", ["--rejects", "--stats-json", "--report", "--corpus-stats"])
def test_a_file_option_given_stdout_or_a_folder_is_refused(tmp_path: Path, option: str) -> None:
    """``--stats-json -`` wrote a file named '-' (replaced by the next run), and
    ``--report newdir/`` a file named ``newdir``."""
    source = tmp_path / "in.jsonl"
    write_jsonl(source, [{"text": "One."}])
    for value, message in (
        ("-", b"takes a file name; '-' (stdout) is for -o only"),
        (f"{tmp_path}/newdir/", b"names a folder; name a file"),
    ):
        result = clean(source, "-o", tmp_path / "out.jsonl", option, value)
        assert result.returncode == 2 and message in result.stderr, result.stderr
    assert sorted(path.name for path in tmp_path.iterdir()) == ["in.jsonl"]


def test_an_output_whose_name_fits_is_written_however_long(tmp_path: Path) -> None:
    """The hidden temporary adds 15 characters to the name: an output of 250 characters, which
    the file system takes, failed with 'File name too long'."""
    source, output = tmp_path / "in.jsonl", tmp_path / ("a" * 244 + ".jsonl")
    write_jsonl(source, [{"text": "One."}])
    result = clean(source, "-o", output, "--rejects", tmp_path / "r.jsonl")
    assert result.returncode == 0, result.stderr
    assert records(output.read_bytes())[0]["text"] == "One."
    assert leftovers(tmp_path) == []


def test_a_folder_walk_passes_over_earlier_runs_rejects_files(tmp_path: Path) -> None:
    """Rejects files left in an input folder were read as records, each rejected again."""
    data = tmp_path / "data"
    data.mkdir()
    write_jsonl(data / "in.jsonl", [{"text": "One."}])
    reject = {"source": "-", "line": 2, "reason": "malformed JSON", "raw": "{bad"}
    for name in ("day.rejects.jsonl", "clean.rejects-2.jsonl"):
        write_jsonl(data / name, [reject])
    result = clean(data, "-o", tmp_path / "out.jsonl")
    assert result.returncode == 0 and b"read 1, written 1, rejected 0" in result.stderr
    assert b"passed over 2 rejects files of earlier runs" in result.stderr
    named = clean(data / "day.rejects.jsonl", "--skip-bad", "-o", tmp_path / "again.jsonl")
    assert b"read 1, written 0, rejected 1" in named.stderr


def test_runs_on_stdout_in_one_folder_keep_every_runs_rejects(tmp_path: Path) -> None:
    """A run on stdout has no output to name its rejects after: the next run replaced them, or
    removed them when it had none (a loop of ``zcat f | clean --skip-bad`` kept only the last
    run's, the only copy of stdin's bad lines). Each run's rejects get a name of their own."""
    bad, good = b'{"text": "One."}\n{"broken\n', b'{"text": "One."}\n'
    runs = [clean("--skip-bad", stdin=data, cwd=tmp_path) for data in (bad, bad, good, bad)]
    assert [run.stderr.decode().rpartition("(see ")[2] for run in runs] == [
        "clean.rejects.jsonl)\n",
        "clean.rejects-2.jsonl)\n",
        "clean: read 1, written 1, rejected 0\n",
        "clean.rejects-3.jsonl)\n",
    ]
    names = sorted(path.name for path in tmp_path.iterdir())
    assert names == ["clean.rejects-2.jsonl", "clean.rejects-3.jsonl", "clean.rejects.jsonl"]
    for name in names:
        assert records((tmp_path / name).read_bytes())[0]["raw"] == '{"broken'


# -- No partial files --------------------------------------------------------------------------


def as_in_a_terminal() -> None:
    """Give the child SIGINT's default action, as a terminal's foreground job has it. A shell
    starts a job in the background (``pytest &``) with SIGINT ignored, the tests' processes
    inherit that, and a program started so rightly keeps ignoring it."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.parametrize(
    ("signum", "status", "workers"),
    [
        (signal.SIGINT, 130, "1"),
        (signal.SIGTERM, 143, "1"),
        (signal.SIGTERM, 143, "2"),
        # a closed terminal: its hidden temporary files were left, for no run to remove
        (signal.SIGHUP, 129, "1"),
        (signal.SIGHUP, 129, "2"),
    ],
)
def test_a_signal_mid_run_leaves_the_output_as_it_was(
    tmp_path: Path, signum: int, status: int, workers: str
) -> None:
    output = tmp_path / "out.jsonl"
    output.write_bytes(b"an earlier run's output\n")
    process = subprocess.Popen(
        [CLEAN, "-", "-o", str(output), "--workers", workers],
        stdin=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=as_in_a_terminal,
    )
    assert process.stdin is not None and process.stderr is not None
    process.stdin.write(b"".join(b'{"text": "Line %d."}\n' % n for n in range(200)))
    process.stdin.flush()  # stdin stays open: the run is still going when the signal comes
    deadline = time.monotonic() + 30
    while not leftovers(tmp_path) and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.3)
    process.send_signal(signum)
    assert process.wait(timeout=30) == status
    stderr = process.stderr.read()
    # the records read were cleaned, not written: the output is as it was
    assert b"clean: read " in stderr and b", cleaned " in stderr and b", written " not in stderr
    assert b"interrupted by SIG" in stderr
    assert b"Traceback" not in stderr
    assert output.read_bytes() == b"an earlier run's output\n"
    assert leftovers(tmp_path) == []


def test_a_stopped_run_of_pages_stops_the_extraction_children_quietly(tmp_path: Path) -> None:
    """A stopped worker used to die with its extraction child still on a page: the child
    then printed a traceback (its result had no one to go to), and Python's resource tracker
    warned of the worker's leaked semaphores."""
    pages = tmp_path / "pages"
    pages.mkdir()
    paragraphs = "".join(
        f"<p>Paragraph {n} of a long story about the river.</p>" for n in range(400)
    )
    for number in range(120):
        (pages / f"{number:03d}.html").write_text(
            f"<html><body><article>{paragraphs}</article></body></html>"
        )
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    process = subprocess.Popen(
        [CLEAN, str(pages), "-o", str(tmp_path / "out.jsonl"), "--workers", "2", "-q"],
        stderr=subprocess.PIPE,
        env={**os.environ, "TMPDIR": str(temporary)},
    )
    assert process.stderr is not None
    deadline = time.monotonic() + 60
    while not list(temporary.glob("*/*.zst")) and time.monotonic() < deadline:
        time.sleep(0.05)  # the first pass has kept a piece of pages: extraction is under way
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=30) == 143
    time.sleep(1)  # an orphaned extraction child would finish its page by now
    stderr = process.stderr.read()
    assert b"Traceback" not in stderr and b"leaked" not in stderr, stderr.decode()
    # in the first pass too (where pages are kept), the run says that it stopped
    assert b"clean: interrupted by SIGTERM" in stderr
    assert list(temporary.iterdir()) == []


DROPPED_STOP = """
import os, signal, sys
from cleaner import signals

signals.install()


class Finalized:
    def __del__(self):
        os.kill(os.getpid(), signal.SIGTERM)  # handled here, in a finalizer, and dropped


try:
    Finalized()
    sys.stdin.buffer.read()  # stdin stays open: only a stop that comes back ends the wait
except signals.Interrupted as stop:
    sys.exit(128 + stop.signum)
"""


def test_a_stop_dropped_in_a_finalizer_still_stops_a_run_waiting_on_stdin() -> None:
    """The garbage collector runs finalizers at any instruction; a signal handled inside one
    raises where Python drops the exception. It must come back, or the run waits for ever."""
    process = subprocess.Popen(
        [sys.executable, "-c", DROPPED_STOP], stdin=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        assert process.wait(timeout=20) == 143
    finally:
        process.kill()
        assert process.stdin is not None
        process.stdin.close()


def test_installing_the_stop_handling_twice_keeps_one_hook() -> None:
    """``main`` run twice in one process must not wrap its hook around itself."""
    check = (
        "import sys; from cleaner import signals; original = sys.unraisablehook;"
        "signals.install(); signals.install();"
        "assert signals._previous_hook is original, 'wrapped twice';"
        "assert sys.unraisablehook is signals._send_dropped_stops_again"
    )
    result = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


# The bits of SIGINT and SIGTERM in a signal mask as /proc shows it.
STOPS = (1 << (signal.SIGINT - 1)) | (1 << (signal.SIGTERM - 1))


DEFERRED_WITH_ANOTHER_THREAD = """
import os, signal, threading, time
from cleaner import signals

signals.install()
threading.Thread(target=threading.Event().wait, daemon=True).start()  # takes process signals
try:
    with signals.stops_deferred():
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(0.5)
        print("step done", flush=True)
except signals.Interrupted as stop:
    print("stopped after it", stop.signum, flush=True)
"""


def test_a_stop_taken_by_another_thread_waits_for_the_step_to_end() -> None:
    """In a process with threads of its own (Ray's driver), the kernel hands a SIGTERM to a
    thread that does not block it, and Python raised it in the main thread in the middle of
    a shard's commit: the shard went, and the manifest that listed it stayed, so ``--resume``
    refused the folder ("part-00000.jsonl.zst listed in manifest.json is missing")."""
    result = subprocess.run(
        [sys.executable, "-c", DEFERRED_WITH_ANOTHER_THREAD],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout == f"step done\nstopped after it {signal.SIGTERM.value}\n", result.stderr


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="reads thread masks in /proc")
def test_threads_started_with_signals_held_never_take_a_stop_signal() -> None:
    from cleaner.signals import signals_held

    started = threading.Event()
    finish = threading.Event()

    def helper() -> None:
        started.set()
        finish.wait()

    with signals_held():
        thread = threading.Thread(target=helper)
        thread.start()
    started.wait()
    try:
        status = Path(f"/proc/self/task/{thread.native_id}/status").read_text()
        own = Path(f"/proc/self/task/{threading.get_native_id()}/status").read_text()
    finally:
        finish.set()
        thread.join()
    masks = [
        int(line.split()[1], 16)
        for text in (status, own)
        for line in text.splitlines()
        if line.startswith("SigBlk:")
    ]
    assert masks[0] & STOPS == STOPS  # the helper blocks both
    assert masks[1] & STOPS == 0  # the main thread takes them again


# Starts eight workers in a fresh process while a thread sends it SIGTERM as soon as the first
# one runs; prints whether the stop came while they started or after.
STOP_WHILE_STARTING = """
import multiprocessing, os, signal, sys, threading, time
from cleaner.config import RuleChoice
from cleaner.workers import Options, Workers

def stop(*_):
    raise KeyboardInterrupt

def send_when_a_worker_runs():
    while not multiprocessing.active_children():
        time.sleep(0.0002)
    os.kill(os.getpid(), signal.SIGTERM)

signal.signal(signal.SIGTERM, stop)
threading.Thread(target=send_when_a_worker_runs, daemon=True).start()
try:
    pool = Workers(8, Options(RuleChoice(), "text", with_edits=False, edits_field="edits"))
except KeyboardInterrupt:
    print("while starting")
    sys.exit(0)
try:
    time.sleep(60)
except KeyboardInterrupt:
    print("after")
finally:
    pool.terminate()
"""


def test_a_stop_while_the_workers_start_ends_the_run() -> None:
    """A SIGTERM taken by another thread raised while the workers started: the ones already
    running waited for tasks, and the exit waited for them, for ever (a CI run's time-out)."""
    for _ in range(3):
        result = subprocess.run(
            [sys.executable, "-c", STOP_WHILE_STARTING],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() in ("while starting", "after")


# Extracts a page in the extraction pool of a fresh process, then prints the stop signals that
# the main thread, the pool's threads and the pool's child block, and closes the pool.
POOL_MASKS = """
import multiprocessing, signal, threading
from pathlib import Path, PurePosixPath
from cleaner.extraction import TimedExtractor

def blocked(status_file):
    status = Path(status_file).read_text()
    mask = next(int(line.split()[1], 16) for line in status.splitlines() if line.startswith("SigBlk:"))
    return mask & ((1 << (signal.SIGINT - 1)) | (1 << (signal.SIGTERM - 1)))

main = threading.get_native_id()
extractor = TimedExtractor(30)
text, _ = extractor(b"<html><body><article><p>A short page of text.</p></article></body></html>")
threads = [t.name for t in Path("/proc/self/task").iterdir() if int(t.name) != main]
(child,) = multiprocessing.active_children()
print(text)
print(blocked(f"/proc/self/task/{main}/status"))
print(*[blocked(f"/proc/self/task/{name}/status") for name in threads])
print(blocked(f"/proc/{child.pid}/status"), flush=True)
extractor.close()
print(child.is_alive())
"""


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="reads thread masks in /proc")
def test_the_extraction_pool_leaves_stop_signals_to_the_main_thread() -> None:
    """With one worker, pages are extracted in a pool of the ``clean`` process: its threads
    must not take a stop meant for the main thread, and its child, which inherits the mask of
    the thread that starts it, must still die of the SIGTERM that closing the pool sends (or
    closing waits for ever: the time-out here)."""
    result = subprocess.run(
        [sys.executable, "-c", POOL_MASKS], capture_output=True, text=True, timeout=60, check=True
    )
    text, main, threads, child, child_alive = result.stdout.splitlines()
    assert "short page" in text
    assert int(main) == 0
    assert threads and all(int(mask) == STOPS for mask in threads.split())
    assert int(child) == 0
    assert child_alive == "False"


def children_of(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (Linux lists them in /proc)."""
    return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


@pytest.mark.skipif(
    not Path(f"/proc/{os.getpid()}/task/{os.getpid()}/children").exists(),
    reason="finds the workers in /proc",
)
def test_workers_end_when_the_run_is_killed(tmp_path: Path) -> None:
    """SIGKILL leaves the parent no moment to stop its workers: they must see it gone."""
    process = subprocess.Popen(
        [CLEAN, "-", "-o", str(tmp_path / "out.jsonl"), "--workers", "2"],
        stdin=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while len(workers := children_of(process.pid)) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(workers) >= 2
    process.kill()
    process.wait()
    assert process.stdin is not None
    process.stdin.close()
    deadline = time.monotonic() + 20
    while any(Path(f"/proc/{pid}").exists() for pid in workers) and time.monotonic() < deadline:
        for pid in workers:  # reap them if they are ours to reap; they are init's once orphaned
            with contextlib.suppress(ChildProcessError, OSError):
                os.waitpid(pid, os.WNOHANG)
        time.sleep(0.1)
    alive = [pid for pid in workers if Path(f"/proc/{pid}").exists()]
    for pid in alive:
        os.kill(pid, signal.SIGKILL)
    assert alive == []


@pytest.mark.skipif(
    not Path(f"/proc/{os.getpid()}/task/{os.getpid()}/children").exists(),
    reason="finds the workers in /proc",
)
def test_busy_workers_end_when_the_run_is_killed(tmp_path: Path) -> None:
    """Workers with results still to send waited for ever when their parent was killed: at
    exit, their queue flushed to a full pipe that the other worker still held open."""
    paragraph = "The council met on Monday and voted on the budget for the year. " * 20
    write_jsonl(tmp_path / "in.jsonl", [{"text": paragraph} for _ in range(40_000)])
    process = subprocess.Popen(
        [CLEAN, str(tmp_path / "in.jsonl"), "-o", str(tmp_path / "out.jsonl"), "--workers", "2"],
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )

    def written() -> int:
        return sum((tmp_path / name).stat().st_size for name in leftovers(tmp_path))

    deadline = time.monotonic() + 60
    while written() < 1 << 20 and time.monotonic() < deadline:
        time.sleep(0.05)  # the output is being written: the workers are cleaning
    workers = children_of(process.pid)
    assert len(workers) >= 2
    process.kill()
    process.wait()
    deadline = time.monotonic() + 20
    while any(Path(f"/proc/{pid}").exists() for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    alive = [pid for pid in workers if Path(f"/proc/{pid}").exists()]
    for pid in alive:
        os.kill(pid, signal.SIGKILL)
    assert alive == []


def _reporting_mask(tasks: Any, results: Any, *rest: Any) -> None:
    """A worker's start as the pool runs it, with the signals it holds at that moment."""
    results.put(signal.pthread_sigmask(signal.SIG_BLOCK, []))
    ORIGINAL_SERVE(tasks, results, *rest)


def _deaf_to_sigterm(*args: Any) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    time.sleep(120)


ORIGINAL_SERVE = workers._serve


@pytest.mark.skipif(not hasattr(signal, "pthread_sigmask"), reason="no signal masks")
def test_a_worker_holds_the_stop_signals_until_its_own_handlers_are_set(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A forked worker runs its parent's handlers until it sets its own, and a SIGTERM caught
    in between was lost (the parent then waited for it for ever)."""
    monkeypatch.setattr(workers, "_serve", _reporting_mask)
    pool = workers.Workers(1, Options(RuleChoice(), "text", with_edits=False, edits_field="edits"))
    try:
        held = pool._results.get(timeout=60)
    finally:
        pool.terminate()
    assert {signal.SIGINT, signal.SIGTERM} <= held


STOPPED_AS_IT_STARTS = """
import multiprocessing, os, signal
from cleaner.config import RuleChoice
from cleaner.signals import signals_held
from cleaner.workers import Options, _serve

context = multiprocessing.get_context("fork")
with signals_held():  # as a worker is forked; the parent's stop arrives before it serves
    os.kill(os.getpid(), signal.SIGTERM)
    options = Options(RuleChoice(), "text", with_edits=False, edits_field="edits")
    _serve(context.Queue(), context.Queue(), options, os.getppid(), 0, context.Semaphore(1))
"""


@pytest.mark.skipif(not hasattr(signal, "pthread_sigmask"), reason="no signal masks")
def test_a_worker_stopped_as_it_starts_exits_without_a_traceback() -> None:
    """Bad input on the first line stops the workers at once; a worker still starting took
    the stop outside the code that ends it quietly, and printed a traceback into the run's
    error message."""
    result = subprocess.run(
        [sys.executable, "-c", STOPPED_AS_IT_STARTS], capture_output=True, timeout=120
    )
    assert result.returncode == 128 + signal.SIGTERM, result.stderr
    assert b"Traceback" not in result.stderr


def test_stopping_kills_a_worker_that_outlives_its_sigterm(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(workers, "_serve", _deaf_to_sigterm)
    monkeypatch.setattr(workers, "STOP_GRACE", 0.5)
    pool = workers.Workers(1, Options(RuleChoice(), "text", with_edits=False, edits_field="edits"))
    time.sleep(0.5)  # the worker has made itself deaf
    started = time.monotonic()
    pool.terminate()
    assert time.monotonic() - started < 30
    assert [process.exitcode for process in pool._processes] == [-signal.SIGKILL]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes")
def test_a_pipe_or_device_as_output_is_written_in_place_and_never_removed(tmp_path: Path) -> None:
    """As root, ``-o /dev/stdout`` had put a plain file in place of /dev/stdout, and a run with
    no rejects and ``--rejects /dev/null`` had removed /dev/null as a stale rejects file.
    Named pipes stand in for both here."""
    source = tmp_path / "in.jsonl"
    write_jsonl(source, [{"id": 1, "text": "The council met on Tuesday."}])
    output, rejects = tmp_path / "out.jsonl", tmp_path / "rejects.jsonl"
    os.mkfifo(output)
    os.mkfifo(rejects)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(output.read_bytes()), daemon=True)
    reader.start()
    result = clean(source, "-o", output, "--rejects", rejects)
    reader.join(timeout=60)
    assert result.returncode == 0, result.stderr
    assert [record["text"] for record in records(b"".join(received))] == [
        "The council met on Tuesday."
    ]
    assert stat.S_ISFIFO(output.stat().st_mode) and stat.S_ISFIFO(rejects.stat().st_mode)
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        "in.jsonl",
        "out.jsonl",
        "rejects.jsonl",
    ]


def test_a_full_file_system_leaves_no_partial_file(tmp_path: Path) -> None:
    """A file-size limit makes every write past it fail as a full disk would (EFBIG)."""
    big = tmp_path / "big.jsonl"
    write_jsonl(big, [{"id": n, "text": ARTICLE} for n in range(2000)])
    assert_refused_past_size_limit(big, tmp_path / "out.jsonl", 20_000)


def test_a_full_file_system_under_a_parquet_output_names_it(tmp_path: Path) -> None:
    """pyarrow writes to the file itself, so its failed write named no file and the message
    read "cannot write stdout"."""
    big = tmp_path / "big.jsonl"
    # distinct words, which Parquet cannot compress below the limit
    rows = [{"id": n, "text": " ".join(f"w{n}x{k}" for k in range(150)) + "."} for n in range(3000)]
    write_jsonl(big, rows)
    assert_refused_past_size_limit(big, tmp_path / "out.parquet", 200_000)


def assert_refused_past_size_limit(source: Path, output: Path, limit: int) -> None:
    """Clean ``source`` into ``output`` with writes past ``limit`` bytes failing: the run
    names the output and leaves nothing beside it."""

    def limit_file_size() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    result = subprocess.run(
        [CLEAN, str(source), "-o", str(output)],
        capture_output=True,
        preexec_fn=limit_file_size,
        check=False,
    )
    assert result.returncode == 1
    assert b"cannot write " + str(output).encode() + b": File too large" in result.stderr
    assert b"nothing written" in result.stderr and b"Traceback" not in result.stderr
    assert not output.exists() and leftovers(output.parent) == []


def test_an_output_folder_whose_manifest_cannot_be_written_is_a_message(tmp_path: Path) -> None:
    """The folder's first file (its manifest) failing, on a full disk, ended in a traceback."""
    write_jsonl(tmp_path / "in.jsonl", [{"text": "One."}])
    result = subprocess.run(
        [CLEAN, str(tmp_path / "in.jsonl"), "-o", str(tmp_path / "out") + "/"],
        capture_output=True,
        preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0)),
        check=False,
    )
    assert result.returncode == 2 and b"Traceback" not in result.stderr
    assert f"cannot write {tmp_path}/out/manifest.json: File too large".encode() in result.stderr
    assert list((tmp_path / "out").iterdir()) == []


def test_two_runs_to_one_output_do_not_interleave(tmp_path: Path) -> None:
    inputs = []
    for name in ("a", "b"):
        path = tmp_path / f"{name}.jsonl"
        write_jsonl(path, [{"id": f"{name}{n}", "text": ARTICLE} for n in range(3000)])
        inputs.append(path)
    output = tmp_path / "out.jsonl"
    runs = [
        subprocess.Popen([CLEAN, str(path), "-o", str(output)], stderr=subprocess.DEVNULL)
        for path in inputs
    ]
    assert [run.wait(timeout=120) for run in runs] == [0, 0]
    ids = {record["id"][0] for record in records(output.read_bytes())}
    assert len(records(output.read_bytes())) == 3000 and len(ids) == 1


def test_a_closed_pipe_ends_the_run_quietly(tmp_path: Path) -> None:
    big = tmp_path / "big.jsonl"
    write_jsonl(big, [{"id": n, "text": ARTICLE} for n in range(5000)])
    command = f"{CLEAN} {big} | head -n 1"
    result = subprocess.run(
        ["bash", "-o", "pipefail", "-c", command], capture_output=True, check=False
    )
    assert len(result.stdout.splitlines()) == 1
    assert result.stderr == b""
    assert result.returncode == 141


def test_a_closed_standard_error_takes_no_output_file_and_loses_nothing(
    source: Path, tmp_path: Path
) -> None:
    """With descriptor 2 closed, the output file would be opened as 2 and every message of the
    run written into it; the run must end as it does with standard error open."""
    bad = tmp_path / "bad.jsonl"
    bad.write_bytes(source.read_bytes() + b"not json\n")
    output = tmp_path / "out.jsonl"
    command = f"{CLEAN} {bad} -o {output} --skip-bad 2>&-"
    result = subprocess.run(["bash", "-c", command], capture_output=True, check=False)
    assert result.returncode == 0
    assert [row["text"] for row in records(output.read_bytes())] == [ARTICLE_TEXT] * 3
    assert records((tmp_path / "out.rejects.jsonl").read_bytes())[0]["line"] == 4


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ("{source} >&-", b"the standard output is closed (>&-); name an output file with -o"),
        ("--list-rules >&-", b"the standard output is closed (>&-), and this command prints"),
        ("<&-", b"the standard input is closed (<&-); name the input files"),
    ],
)
def test_a_closed_standard_stream_the_run_needs_is_a_message(
    source: Path, arguments: str, message: bytes
) -> None:
    command = f"{CLEAN} {arguments.format(source=source)}"
    result = subprocess.run(["bash", "-c", command], capture_output=True, check=False)
    assert result.returncode == 2
    assert message in result.stderr and b"Traceback" not in result.stderr


def test_a_file_named_twice_is_read_once(source: Path, tmp_path: Path) -> None:
    """By its path and a glob, or through a link in the folder beside it: its records would
    all come out twice."""
    (tmp_path / "link.jsonl").symlink_to(source)
    output = tmp_path / "out" / "all.jsonl"
    result = clean(tmp_path, source, source, "-o", output)
    assert result.returncode == 0, result.stderr
    assert [row["id"] for row in records(output.read_bytes())] == [0, 1, 2]
    assert f"{source} is named more than once: read once".encode() in result.stderr
    assert f"{tmp_path / 'link.jsonl'} is the file {source}: read once".encode() in result.stderr


# -- Exact records -----------------------------------------------------------------------------


def test_values_round_trip_exactly(tmp_path: Path) -> None:
    line = (
        '{"id":123456789012345678901234567890,"text":"Hello.","n":-98765432109876543210,'
        '"nested":{"z":[1,null,{"b":2.5}],"a":true},"metadata":{"url":"https://example.com"}}\n'
    )
    (tmp_path / "in.jsonl").write_text(line)
    [record] = json.loads("[" + clean(tmp_path / "in.jsonl").stdout.decode() + "]")
    expected = json.loads(line)
    assert record == expected
    assert list(record) == list(expected)
    assert record["id"] == 123456789012345678901234567890


def test_numbers_a_double_cannot_hold_come_back_as_they_were(tmp_path: Path) -> None:
    numbers = ["1e400", "1e-400", "0.30000000000000000001", "3.14159265358979323846", "-0.0"]
    lines = [f'{{"id":{n},"text":"Hello.","v":[{value},1.5]}}' for n, value in enumerate(numbers)]
    lines.append('{"id":9,"text":"Caf\u00e9 at 1e-400.","v":2.5e-300}')
    (tmp_path / "in.jsonl").write_text("\n".join(lines) + "\n")
    result = clean(tmp_path / "in.jsonl")
    assert result.returncode == 0, result.stderr
    assert b"read 6, written 6, rejected 0" in result.stderr
    records = [json.loads(line, parse_float=Decimal) for line in result.stdout.splitlines()]
    written = [record["v"][0].as_tuple() for record in records[:-1]]  # digits, sign, exponent
    assert written == [Decimal(number).as_tuple() for number in numbers]
    assert records[-1]["v"].as_tuple() == Decimal("2.5e-300").as_tuple()
    assert '"text":"Café at 1e-400."'.encode() in result.stdout.splitlines()[-1]


def test_a_number_no_double_holds_is_written_as_it_was_written(tmp_path: Path) -> None:
    """A float's literal without a point came back as an integer (9.007199254740993e15 as
    9007199254740993), which JSON readers, pandas and Arrow then read as int64; 1e400 came
    back as 1E+400. Through JSONL, workers and Parquet, each literal stays as written."""
    literals = [
        "9.007199254740993e15",
        "12345678901234567e0",
        "1e400",
        "-1E-400",
        "1.5000000000000000001",
    ]
    line = '{"text":"Hello.","v":[' + ",".join(literals) + "]}\n"
    (tmp_path / "in.jsonl").write_text(line)
    for args in ([], ["--workers", "2"]):
        result = clean(tmp_path / "in.jsonl", *args)
        assert (',"v":[' + ",".join(literals) + "]").encode() in result.stdout
    assert clean(tmp_path / "in.jsonl", "-o", tmp_path / "out.parquet").returncode == 0
    assert (',"v":[' + ",".join(literals) + "]").encode() in clean(tmp_path / "out.parquet").stdout


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_line_that_is_not_utf8_is_rejected_with_its_bytes(tmp_path: Path, workers: str) -> None:
    """The reject's text holds U+FFFD for the bad byte: a line read from stdin, its only copy,
    could not be had back. Its bytes now come with it."""
    line = b'{"id":1,"text":"caf\xe9 \xff ok"}'
    result = clean(
        "--skip-bad", "--rejects", tmp_path / "rejects.jsonl", "--workers", workers,
        stdin=line + b"\r\n" + b'{"id":2,"text":"Fine."}\n',
    )  # fmt: skip
    assert b"read 2, written 1, rejected 1" in result.stderr
    [reject] = records((tmp_path / "rejects.jsonl").read_bytes())
    assert reject["raw"] == '{"id":1,"text":"caf\ufffd \ufffd ok"}'
    assert base64.b64decode(reject["raw_base64"]) == line


def test_nan_and_infinities_of_parquet_are_kept_or_refused_never_made_null(tmp_path: Path) -> None:
    """orjson writes NaN and the infinities as null without a word: a Parquet score of NaN came
    out null in JSONL and in Parquet. Parquet keeps them, at any depth and through workers and
    shards; JSON, which has no number for them, refuses the row, whose raw text holds them."""
    import pyarrow as pa

    nan, inf = float("nan"), float("inf")
    table = pa.table(
        {
            "text": ["A.", "B.", "C."],
            "score": [0.5, nan, 1.5],
            "embedding": [[1.0], [2.0], [-inf]],
            "extra": [{"weight": 1.0}, {"weight": inf}, {"weight": 2.0}],
        }
    )
    pq.write_table(table, tmp_path / "in.parquet")
    expected = table.to_pylist()
    outputs = {"out.parquet": [], "shards/": ["--shard-format", "parquet"]}
    for output, args in outputs.items():
        for count in ("1", "2"):
            run = clean("in.parquet", "-o", output, *args, "--workers", count, cwd=tmp_path)
            assert run.returncode == 0, run.stderr
            path = tmp_path / output / "part-00000.parquet" if args else tmp_path / output
            rows = pq.read_table(path).drop_columns(["id", "metadata"]).to_pylist()
            assert repr(rows) == repr(expected)  # nan == nan is False: compared as text
    result = clean("in.parquet", "-o", "out.jsonl", "--skip-bad", cwd=tmp_path)
    assert b"read 3, written 1, rejected 2" in result.stderr
    assert [row["text"] for row in records((tmp_path / "out.jsonl").read_bytes())] == ["A."]
    rejects = records((tmp_path / "out.rejects.jsonl").read_bytes())
    assert [reject["reason"] for reject in rejects] == [
        "record holds nan, which JSON has no number for (a Parquet output keeps it)",
        "record holds -inf, which JSON has no number for (a Parquet output keeps it)",
    ]
    assert '"score":NaN' in rejects[0]["raw"] and '"embedding":[-Infinity]' in rejects[1]["raw"]
    # a map is stored as JSON text, which cannot hold them either: the row is set aside (it
    # stopped the run with a traceback when the rows were written, taking every row before)
    mapped = pa.map_(pa.string(), pa.float64())
    pairs = pa.array([[("a", 1.0)], [("b", nan)], [("c", 2.0)]], type=mapped)
    pq.write_table(pa.table({"text": ["A.", "B.", "C."], "m": pairs}), tmp_path / "map.parquet")
    result = clean("map.parquet", "-o", "map.out.parquet", "--skip-bad", cwd=tmp_path)
    assert b"read 3, written 2, rejected 1" in result.stderr and b"Traceback" not in result.stderr
    assert pq.read_table(tmp_path / "map.out.parquet")["text"].to_pylist() == ["A.", "C."]


def test_a_lone_surrogate_escape_is_read_repaired_in_the_text_and_kept_elsewhere(
    tmp_path: Path,
) -> None:
    """Half of an emoji cut in two ("\\ud83d") is valid JSON, common in scraped text."""
    (tmp_path / "in.jsonl").write_text('{"id":1,"text":"Hi \\ud83d there.","tag":"\\udc00x"}\n')
    result = clean(tmp_path / "in.jsonl", "--edits")
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    assert record["text"] == "Hi \ufffd there." and record["tag"] == "\udc00x"
    [edit] = record["edits"]
    assert (edit["rule"], edit["removed"], edit["inserted"]) == (
        "unicode-repair",
        "\ud83d",
        "\ufffd",
    )
    # Arrow holds UTF-8: a Parquet output refuses the record rather than change the field
    output = tmp_path / "out.parquet"
    result = clean(tmp_path / "in.jsonl", "-o", output, "--skip-bad")
    assert result.returncode == 0, result.stderr
    assert b"read 1, written 0, rejected 1" in result.stderr
    [reject] = (tmp_path / "out.rejects.jsonl").read_text().splitlines()
    assert "field 'tag' holds a lone surrogate, which a Parquet string cannot" in reject
    # the report and the statistics show the removed half as its escape
    report, stats = tmp_path / "report.html", tmp_path / "stats.json"
    result = clean(
        tmp_path / "in.jsonl", "-o", os.devnull, "--report", report, "--stats-json", stats
    )
    assert result.returncode == 0, result.stderr
    assert "\\ud83d" in report.read_text() and '"removed": "\\ud83d"' in stats.read_text()


def test_a_number_no_double_holds_is_set_aside_from_a_float_column_of_parquet(
    tmp_path: Path,
) -> None:
    (tmp_path / "in.jsonl").write_text(
        '{"id":1,"text":"Hello.","v":1.5,"n":{"a":1e-400}}\n{"id":2,"text":"Hi.","v":1e-400}\n'
    )
    output = tmp_path / "out.parquet"
    result = clean(tmp_path / "in.jsonl", "-o", output, "--skip-bad")
    assert result.returncode == 0, result.stderr
    assert b"read 2, written 1, rejected 1" in result.stderr
    [row] = pq.read_table(output).to_pylist()
    assert row["v"] == 1.5 and row["n"] == '{"a":1e-400}'  # JSON text keeps it as written
    [reject] = [
        json.loads(line) for line in (tmp_path / "out.rejects.jsonl").read_text().splitlines()
    ]
    assert "'v' does not fit its Parquet column of type float64" in reject["reason"]
    assert (
        json.loads(reject["raw"])["text"] == "Hi."
    )  # the record comes with it (stdin is read once)
    assert '"v":1e-400' in reject["raw"]


def test_nesting_deeper_than_orjson_writes_round_trips(tmp_path: Path) -> None:
    deep = json.loads("[" * 300 + "]" * 300)
    (tmp_path / "in.jsonl").write_text(json.dumps({"text": "Hi.", "deep": deep}) + "\n")
    result = clean(tmp_path / "in.jsonl")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["deep"] == deep


def test_ids_keep_their_json_type_and_no_field_is_dropped(tmp_path: Path) -> None:
    write_jsonl(
        tmp_path / "in.jsonl",
        [{"doc_id": "d1", "id": 5, "text": ARTICLE}, {"id": 7, "text": "Plain."}],
    )
    first, second = records(clean(tmp_path / "in.jsonl", "--id-field", "doc_id").stdout)
    assert first["doc_id"] == "d1" and first["id"] == 5
    assert second["doc_id"] == "in:2" and second["id"] == 7
    assert records(clean(tmp_path / "in.jsonl").stdout)[1]["id"] == 7


def test_a_key_written_twice_is_a_reject_not_a_lost_value(tmp_path: Path) -> None:
    """JSON readers keep the last of two values of one key and drop the other without a
    word; a record with a key twice, at any depth, is rejected with its line kept."""
    lines = [
        '{"id": 1, "id": 2, "text": "One."}',
        '{"text": "Two.", "metadata": {"url": "a", "url": "b"}}',
        '{"text": "Three.", "tags": [{"k": 1}, {"k": 2, "k": 3}]}',
        '{"text": "Code: {\\"a\\":1,\\"a\\":2} and \\"b\\" : 3", "n": {"a": 1}}',
        '{"text": "Four.", "x": 1}',
    ]
    (tmp_path / "in.jsonl").write_text("\n".join(lines) + "\n")
    result = clean(tmp_path / "in.jsonl", "--skip-bad", "-o", tmp_path / "out.jsonl")
    assert b"read 5, written 2, rejected 3" in result.stderr, result.stderr
    rejects = records((tmp_path / "out.rejects.jsonl").read_bytes())
    assert [(r["line"], r["reason"]) for r in rejects] == [
        (1, "the key 'id' is written twice (JSON readers keep one value)"),
        (2, "the key 'url' is written twice (JSON readers keep one value)"),
        (3, "the key 'k' is written twice (JSON readers keep one value)"),
    ]
    assert [r["raw"] for r in rejects] == lines[:3]
    kept = records((tmp_path / "out.jsonl").read_bytes())
    assert kept[0]["text"] == 'Code: {"a":1,"a":2} and "b" : 3' and kept[1]["x"] == 1


def test_a_key_written_twice_beside_a_spaced_key_is_found(tmp_path: Path) -> None:
    """A pretty printer's ``"key" : value`` beside a key written twice: the spaced key is
    counted too, so the line is not taken for one without a repeat."""
    line = '{"id": 1, "text": "One.", "b": 1, "b": 2, "c" : 3}'
    (tmp_path / "in.jsonl").write_text(line + "\n")
    result = clean(tmp_path / "in.jsonl", "--skip-bad", "-o", tmp_path / "out.jsonl")
    assert b"read 1, written 0, rejected 1" in result.stderr, result.stderr
    [reject] = records((tmp_path / "out.rejects.jsonl").read_bytes())
    assert reject["reason"] == "the key 'b' is written twice (JSON readers keep one value)"


def test_edits_never_overwrite_an_input_field(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "in.jsonl", [{"text": ARTICLE, "edits": "the editor's notes"}])
    result = clean(tmp_path / "in.jsonl", "--edits")
    assert result.returncode == 1 and b"already has an 'edits' field" in result.stderr
    [record] = records(clean(tmp_path / "in.jsonl", "--edits", "--edits-field", "log").stdout)
    assert record["edits"] == "the editor's notes"
    assert {edit["rule"] for edit in record["log"]} >= {"byline", "ad-label"}


def test_null_metadata_means_absent_and_a_string_source_is_a_list_of_one(
    tmp_path: Path,
) -> None:
    text = "By Jane Doe\n\nThe envoy spoke.\n\nSource: AP"
    write_jsonl(
        tmp_path / "in.jsonl",
        [
            {"id": 1, "text": text, "metadata": None},
            {"id": 2, "text": text, "metadata": {"author": None, "title": None}},
            {"id": 3, "text": text, "metadata": {"source": "Reuters"}},
            {"id": 4, "text": "Plain.", "metadata": None},
        ],
    )
    result = clean(tmp_path / "in.jsonl", "--skip-bad")
    assert result.returncode == 0, result.stderr
    first, second, third, fourth = records(result.stdout)
    assert first["metadata"] == {"author": "Jane Doe", "source": ["AP"]}
    assert second["metadata"] == {"author": "Jane Doe", "title": None, "source": ["AP"]}
    assert third["metadata"]["source"] == ["Reuters", "AP"]
    assert fourth["metadata"] is None
    assert all(record["text"] == "The envoy spoke." for record in (first, second, third))


# -- Input integrity ---------------------------------------------------------------------------


def test_truncated_zstd_is_an_error_naming_the_file_and_line(tmp_path: Path) -> None:
    rows = b"".join(orjson.dumps({"id": n, "text": f"Line {n} " * 40}) + b"\n" for n in range(4000))
    compressed = zstandard.ZstdCompressor().compress(rows)
    (tmp_path / "cut.jsonl.zst").write_bytes(compressed[: len(compressed) * 3 // 4])
    result = clean(tmp_path / "cut.jsonl.zst", "-o", tmp_path / "out.jsonl")
    assert result.returncode == 1
    assert b"cut.jsonl.zst:" in result.stderr and b"truncated zstd stream" in result.stderr
    assert not (tmp_path / "out.jsonl").exists()
    (tmp_path / "whole.jsonl.zst").write_bytes(compressed + compressed)
    assert b"read 8000, written 8000" in clean(tmp_path / "whole.jsonl.zst").stderr


@pytest.mark.parametrize(
    ("name", "where"),
    [
        ("bad.jsonl.gz", "bad.jsonl.gz:1"),
        ("bad.txt.gz", "bad.txt.gz"),
        ("bad.jsonl.zst", "bad.jsonl.zst:1"),
    ],
)
def test_damaged_compressed_data_is_an_error_naming_the_file(
    tmp_path: Path, name: str, where: str
) -> None:
    """Bytes overwritten inside the compressed data, not cut short: zlib raises its own error
    there, which is neither an OSError nor an EOFError."""
    rows = b"".join(orjson.dumps({"id": n, "text": f"Line {n} " * 40}) + b"\n" for n in range(4000))
    if name.endswith(".gz"):
        compressed = gzip.compress(rows, mtime=0)
    else:
        compressed = zstandard.ZstdCompressor().compress(rows)
    # zeros over the first block's code lengths, which the decompressor cannot read
    (tmp_path / name).write_bytes(compressed[:30] + bytes(20) + compressed[50:])
    for count in ("1", "2"):
        result = clean(tmp_path / name, "-o", tmp_path / "out.jsonl", "--workers", count)
        assert result.returncode == 1, result.stderr
        assert f"{where}: unreadable: damaged".encode() in result.stderr, result.stderr
        assert b"Traceback" not in result.stderr
        assert not (tmp_path / "out.jsonl").exists()


def test_lone_cr_crlf_and_bom_texts_clean_as_lf_texts(tmp_path: Path) -> None:
    lf = "By Jane Doe\n\nThe envoy spoke.\n\nStory continues below advertisement\n\nMore."
    variants = {
        "lf.txt": lf.encode(),
        "crlf.txt": lf.replace("\n", "\r\n").encode(),
        "cr.txt": lf.replace("\n", "\r").encode(),
        "bom.txt": b"\xef\xbb\xbf" + lf.replace("  ", " ").encode(),
        "spaces.txt": lf.replace(" ", "  ").replace("\n", " \t\n").encode(),
    }
    for name, data in variants.items():
        (tmp_path / name).write_bytes(data)
    result = clean(tmp_path, "--edits")
    texts = {record["id"]: record for record in records(result.stdout)}
    assert {record["text"] for record in texts.values()} == {"The envoy spoke.\n\nMore."}
    assert {record["metadata"]["author"] for record in texts.values()} == {"Jane Doe"}
    for name, data in variants.items():
        record = texts[name.removesuffix(".txt")]
        edits = [Edit.from_dict(edit) for edit in record["edits"]]
        assert reconstruct(record["text"], edits) == data.decode("utf-8-sig")


def test_unreadable_folders_and_undecodable_names_are_reported(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    (folder / "locked").mkdir(parents=True)
    write_jsonl(folder / "a.jsonl", [{"text": "One."}])
    write_jsonl(folder / "locked" / "b.jsonl", [{"text": "Two."}])
    (folder / "locked").chmod(0)
    os.close(os.open(os.fsencode(folder) + b"/caf\xe9.txt", os.O_CREAT | os.O_WRONLY))
    try:
        result = clean(folder, "--skip-bad", "-o", tmp_path / "out.jsonl", prefix=AS_A_USER)
    finally:
        (folder / "locked").chmod(0o755)
    assert result.returncode == 0, result.stderr
    assert b"read 3, written 1, rejected 2" in result.stderr
    reasons = {r["reason"] for r in records((tmp_path / "out.rejects.jsonl").read_bytes())}
    assert reasons == {
        "unreadable folder: Permission denied",
        "file name is not valid UTF-8; rename the file",
    }


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_link_to_nothing_in_an_input_folder_is_bad_input_named(
    tmp_path: Path, workers: str
) -> None:
    """A dangling link had ended the run in a traceback, and with workers left it waiting."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "story.txt").write_text("The council met on Tuesday.")
    (folder / "gone.txt").symlink_to(tmp_path / "moved-away.txt")
    (folder / "loop").symlink_to(folder)
    output = tmp_path / "out.jsonl"
    result = clean(folder, "-o", output, "--workers", workers)
    assert result.returncode == 1 and b"Traceback" not in result.stderr
    assert b"gone.txt: unreadable file: a link to nothing" in result.stderr
    assert not output.exists()
    result = clean(folder, "-o", output, "--workers", workers, "--skip-bad")
    assert result.returncode == 0, result.stderr
    assert b"read 2, written 1, rejected 1" in result.stderr


def test_html_without_article_text_is_an_empty_record_not_a_stop(tmp_path: Path) -> None:
    (tmp_path / "blank.html").write_text("<html><head><title>T</title></head><body></body></html>")
    (tmp_path / "note.txt").write_text("A note.")
    result = clean(tmp_path)
    assert result.returncode == 0
    assert [record["text"] for record in records(result.stdout)] == ["", "A note."]
    assert b"written 2 (1 with empty text), rejected 0" in result.stderr


def test_html_extraction_that_takes_too_long_is_rejected_and_the_run_goes_on(
    tmp_path: Path,
) -> None:
    paragraphs = "".join(
        f"<p>Paragraph {n} of a very long story about the river and the town.</p>"
        for n in range(40_000)
    )
    (tmp_path / "a-huge.html").write_text(
        f"<html><body><article>{paragraphs}</article></body></html>"
    )
    sentence = "The river rose through the night and the town woke to water. "
    (tmp_path / "b-small.html").write_text(
        f"<html><body><article><p>{sentence * 20}</p></article></body></html>"
    )
    result = clean(tmp_path, "--skip-bad", "--html-timeout", "1", "-o", tmp_path / "out.jsonl")
    assert result.returncode == 0, result.stderr
    [record] = records((tmp_path / "out.jsonl").read_bytes())
    assert record["id"] == "b-small" and "town woke" in record["text"]
    [reject] = records((tmp_path / "out.rejects.jsonl").read_bytes())
    assert reject["reason"] == "extraction timed out after 1 s"


def test_a_page_over_the_size_limit_is_set_aside_unparsed(tmp_path: Path) -> None:
    """A 67 MB page took 1.7 GB to parse (in each worker) before the time limit ended it:
    pages over --max-page-size (trafilatura's 20 MB by default) are rejects, never parsed."""
    sentence = "The river rose through the night and the town woke to water. "
    (tmp_path / "a-large.html").write_text(
        f"<html><body><article><p>{sentence * 100}</p></article></body></html>"
    )
    (tmp_path / "b-small.html").write_text(
        f"<html><body><article><p>{sentence * 20}</p></article></body></html>"
    )
    result = clean(tmp_path, "--skip-bad", "--max-page-size", "4kB", "-o", tmp_path / "out.jsonl")
    assert result.returncode == 0, result.stderr
    [record] = records((tmp_path / "out.jsonl").read_bytes())
    assert record["id"] == "b-small"
    [reject] = records((tmp_path / "out.rejects.jsonl").read_bytes())
    size = (tmp_path / "a-large.html").stat().st_size
    assert reject["source"].endswith("a-large.html") and reject["reason"] == (
        f"page of {size:,} bytes is larger than --max-page-size (4,000 bytes): not parsed"
    )


# -- Messages, not tracebacks ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--workers", "1000"], b"--workers must be between 1 and"),
        (["--workers", "0"], b"--workers must be between 1 and"),
        (["--workers", "-1"], b"--workers must be between 1 and"),
        (["--select", ""], b"--select needs at least one rule id"),
        (["--select", " , "], b"--select needs at least one rule id"),
        (["--explain", ""], b"--explain needs a rule id"),
        (["--text-field", "id"], b"--text-field and --id-field name the same field 'id'"),
        (["--edits", "--edits-field", "text"], b"name the same field 'text'"),
        (["--select", "titel"], b"did you mean 'title'?"),
        (["--ignore", "BYLINE"], b"unknown rule 'BYLINE'; did you mean 'byline'?"),
        (["--source-field", "site", "--no-batch-pass"], b"which --no-batch-pass skips"),
        (["-", "--source-field", "site"], b"which a run on stdin does not get"),
        (["--config", "missing.toml"], b"missing.toml: cannot read the configuration"),
        (["--html-timeout", "0"], b"--html-timeout must be a positive number"),
        (["--html-timeout", "1e10"], b"up to 86,400 (a day), not 1e+10"),
        (["--html-timeout", "inf"], b"up to 86,400 (a day), not inf"),
        (["--max-page-size", "big"], b"--max-page-size must be a size such as 256MB"),
        # options the run would ignore
        (["--edits-field", "log"], b"--edits-field names the field of --edits, which is not"),
        (["--ray-address", "10.0.0.1:6379"], b"--ray-address is for --engine ray"),
        (["--no-batch-pass", "--corpus-stats", "c.json"], b"which --no-batch-pass skips"),
    ],
)
def test_bad_options_are_messages(source: Path, args: list[str], message: bytes) -> None:
    result = clean(source, *args, cwd=source.parent)
    assert result.returncode == 2
    assert message in result.stderr and b"Traceback" not in result.stderr


def test_select_means_exactly_those_rules_whatever_the_config_says(tmp_path: Path) -> None:
    (tmp_path / "cleaner.toml").write_text('extend-select = ["dateline"]\nignore = ["title"]\n')
    (tmp_path / "a.txt").write_text(
        "US Envoy Warns the Taliban Over Kabul\n\nBy Jane Doe\n\nLONDON — Prices rose."
    )
    [record] = records(clean("a.txt", "--select", "title", cwd=tmp_path).stdout)
    assert record["text"] == "By Jane Doe\n\nLONDON — Prices rose."
    assert record["metadata"] == {"title": "US Envoy Warns the Taliban Over Kabul"}


def test_version_color_and_escaped_diff(tmp_path: Path) -> None:
    assert clean("--version").stdout.startswith(b"clean ")
    (tmp_path / "a.txt").write_bytes(b"Advertisement\x1b[2J\n\nText.")
    colored = clean("--diff", "--color", "always", tmp_path / "a.txt")
    assert b"\x1b[31m" in colored.stdout and b"\x1b[2J" not in colored.stdout
    assert b"\\x1b[2J" in colored.stdout
    no_color = subprocess.run(
        ["script", "-qec", f"{CLEAN} --diff {tmp_path / 'a.txt'}", "/dev/null"],
        capture_output=True,
        env={**os.environ, "NO_COLOR": "1"},
        check=False,
    )
    assert b"ad-label" in no_color.stdout and b"\x1b[31m" not in no_color.stdout


def test_a_terminal_gets_colour_without_no_color(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Advertisement\n\nText.")
    result = subprocess.run(
        ["script", "-qec", f"{CLEAN} --diff {tmp_path / 'a.txt'}", "/dev/null"],
        capture_output=True,
        env={key: value for key, value in os.environ.items() if key != "NO_COLOR"},
        check=False,
    )
    assert b"\x1b[31m" in result.stdout
