"""Damage at the end of a .gz or .zst input: bytes after the compressed data, or a stream cut
short. Every whole line decompressed before the damage is cleaned, then one reject names the
line after the last whole one and the damage; a pipeline step must not lose the records it had
already read, nor call trailing bytes a cut.
"""

from __future__ import annotations

import gzip
import io
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

import orjson
import pytest
import zstandard

from cleaner.readers.streams import DamagedStreamError, gzip_members, zstd_frames

CLEAN = str(Path(sys.executable).parent / "clean")
RECORDS = 5000
TRAILING = {
    "gz": "unreadable: trailing data after the last gzip member: not gzip data",
    "zst": "unreadable: trailing data after the last zstd frame: not zstd data",
}
TRUNCATED = {
    "gz": "unreadable: truncated gzip stream: the last member is incomplete",
    "zst": "unreadable: truncated zstd stream: the last frame is incomplete",
}


def text_of(number: int) -> str:
    return f"Paragraph {number} of a story about the council."


def jsonl(first: int = 0, count: int = RECORDS) -> bytes:
    rows = ({"id": n, "text": text_of(n)} for n in range(first, first + count))
    return b"".join(orjson.dumps(row) + b"\n" for row in rows)


def compress(codec: str, data: bytes) -> bytes:
    if codec == "gz":
        return gzip.compress(data, mtime=0)
    return zstandard.ZstdCompressor().compress(data)


def clean_skipping_bad(
    path: Path, workers: int
) -> tuple[subprocess.CompletedProcess[bytes], list[tuple[int, str]], list[dict]]:
    """The run's result, the (id, text) of each record written, and the rejects."""
    output, rejects = path.parent / "out.jsonl", path.parent / "rejects.jsonl"
    command = [CLEAN, str(path), "-o", str(output), "--skip-bad", "--rejects", str(rejects)]
    result = subprocess.run([*command, "--workers", str(workers)], capture_output=True)
    written = [orjson.loads(line) for line in output.read_bytes().splitlines()]
    rejected = [orjson.loads(line) for line in rejects.read_bytes().splitlines()]
    return result, [(record["id"], record["text"]) for record in written], rejected


@pytest.mark.parametrize("workers", [1, 2])
@pytest.mark.parametrize(
    ("codec", "trailer"),
    [("gz", b"\x00\x00garbage"), ("zst", b"garbage!"), ("zst", bytes(8))],
    ids=["gz-garbage", "zst-garbage", "zst-zeros"],
)
def test_bytes_after_the_compressed_data_keep_every_record(
    tmp_path: Path, codec: str, trailer: bytes, workers: int
) -> None:
    """gzip -d and zstdcat give all 5,000 records of these files: so does clean, then one
    reject for the bytes after them (zero padding is gzip's, not zstd's)."""
    path = tmp_path / f"damaged.jsonl.{codec}"
    path.write_bytes(compress(codec, jsonl()) + trailer)
    result, written, rejects = clean_skipping_bad(path, workers)
    assert result.returncode == 0, result.stderr
    assert written == [(n, text_of(n)) for n in range(RECORDS)]
    reject = {"source": str(path), "line": RECORDS + 1, "reason": TRAILING[codec], "raw": ""}
    assert rejects == [reject]
    assert b"read 5001, written 5000, rejected 1" in result.stderr


@pytest.mark.parametrize("workers", [1, 2])
@pytest.mark.parametrize("codec", ["gz", "zst"])
def test_a_stream_cut_short_keeps_every_whole_line(
    tmp_path: Path, codec: str, workers: int
) -> None:
    """The records are the whole lines that Python's own streaming decompression gives before
    the cut, and the line cut in two is no record: the reject stands at its number. (A cut zstd
    stream lost no records before; it is here to hold both codecs to one rule.)"""
    compressed = compress(codec, jsonl())
    cut = compressed[: len(compressed) // 2]
    path = tmp_path / f"cut.jsonl.{codec}"
    path.write_bytes(cut)
    whole = whole_lines_before_the_cut(codec, cut)
    assert 0 < whole < RECORDS
    result, written, rejects = clean_skipping_bad(path, workers)
    assert result.returncode == 0, result.stderr
    assert written == [(n, text_of(n)) for n in range(whole)]
    assert rejects == [
        {"source": str(path), "line": whole + 1, "reason": TRUNCATED[codec], "raw": ""}
    ]


@pytest.mark.parametrize(
    ("codec", "damage", "line", "reason"),
    [
        ("gz", lambda data: data + b"\x00\x00garbage", RECORDS + 1, TRAILING["gz"]),
        ("zst", lambda data: data + b"garbage!", RECORDS + 1, TRAILING["zst"]),
        ("gz", lambda data: data[: len(data) // 2], None, TRUNCATED["gz"]),
    ],
    ids=["gz-garbage", "zst-garbage", "gz-cut"],
)
def test_without_skip_bad_the_damage_stops_the_run_at_its_line(
    tmp_path: Path, codec: str, damage: Callable[[bytes], bytes], line: int | None, reason: str
) -> None:
    """Without --skip-bad the damage is an error naming the file and the line after the last
    whole one, with what the damage is, and nothing is written."""
    compressed = damage(compress(codec, jsonl()))
    path = tmp_path / f"damaged.jsonl.{codec}"
    path.write_bytes(compressed)
    if line is None:
        line = whole_lines_before_the_cut(codec, compressed) + 1
    result = subprocess.run(
        [CLEAN, str(path), "-o", str(tmp_path / "out.jsonl")], capture_output=True
    )
    assert result.returncode == 1
    assert f"{path}:{line}: {reason}".encode() in result.stderr, result.stderr
    assert not (tmp_path / "out.jsonl").exists()


def whole_lines_before_the_cut(codec: str, cut: bytes) -> int:
    """How many whole lines Python's own streaming decompression gives of a stream cut short:
    the standard library's gzip reader before its error, ``zstandard`` before its end (it
    reads a cut frame without a word, so its last line is the one cut in two)."""
    if codec == "gz":
        lines = []
        with pytest.raises(EOFError), gzip.GzipFile(fileobj=io.BytesIO(cut)) as stream:
            for line in stream:
                lines.append(line)
    else:
        data = zstandard.ZstdDecompressor().decompressobj().decompress(cut)
        assert not data.endswith(b"\n")
        lines = data.splitlines(keepends=True)[:-1]
    assert all(line.endswith(b"\n") for line in lines)
    return len(lines)


class Trickle(io.RawIOBase):
    """Stored bytes that come ``size`` at a time at most, as a pipe or network may give them:
    a gzip header, zero padding or a zstd magic number split between reads."""

    def __init__(self, data: bytes, size: int):
        self._data = io.BytesIO(data)
        self._size = size

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        return self._data.read(self._size if size < 0 else min(size, self._size))


def decompressed(
    read: Callable[[IO[bytes]], Iterator[bytes]], stored: bytes, size: int
) -> tuple[bytes, str | None]:
    """All that ``read`` gives of ``stored`` read ``size`` bytes at a time, and its error."""
    pieces: list[bytes] = []
    try:
        pieces.extend(read(Trickle(stored, size)))
    except DamagedStreamError as error:
        return b"".join(pieces), str(error)
    return b"".join(pieces), None


@pytest.mark.parametrize("size", [1, 2, 3, 5, 1 << 16])
def test_members_and_frames_read_whole_whatever_the_read_size(size: int) -> None:
    """Concatenated gzip members with zero padding between and after them, and zstd frames
    with a skippable frame between them, read as one stream; bytes after them that are no
    member or frame are reported after all the data; none of it hangs on where reads end."""
    first, second = jsonl(0, 300), jsonl(300, 200)
    members = compress("gz", first) + bytes(7) + compress("gz", second) + bytes(3)
    skippable = (0x184D2A5F).to_bytes(4, "little") + (3).to_bytes(4, "little") + b"abc"
    frames = compress("zst", first) + skippable + compress("zst", second)
    trailing = {key: reason.removeprefix("unreadable: ") for key, reason in TRAILING.items()}
    truncated = {key: reason.removeprefix("unreadable: ") for key, reason in TRUNCATED.items()}
    whole = first + second
    assert decompressed(gzip_members, members, size) == (whole, None)
    assert decompressed(gzip_members, members + b"\x00garbage", size) == (whole, trailing["gz"])
    assert decompressed(gzip_members, members + b"\x1f", size) == (whole, truncated["gz"])
    assert decompressed(zstd_frames, frames, size) == (whole, None)
    assert decompressed(zstd_frames, frames + bytes(2), size) == (whole, trailing["zst"])
    assert decompressed(zstd_frames, frames + b"\x28\xb5", size) == (whole, truncated["zst"])
