"""Opening an input as a stream of bytes: local files, stdin, and any fsspec URL, decompressed.

A damaged compressed file must be reported, not read as a shorter one: zstd frames are checked
for a cut-off end, since ``zstandard`` reads a truncated file without a word.
"""

from __future__ import annotations

import codecs
import io
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, Any

import zstandard

from cleaner.gzip_codec import DeflateError, gzip
from cleaner.readers.locations import STDIN, compression_of, filesystem_of, is_url

BOM = codecs.BOM_UTF8
# Byte order marks and the encodings they announce: UTF-16 is what Windows tools write as
# "Unicode" (Notepad, PowerShell's redirection). UTF-32's marks come first, as they begin with
# UTF-16's. Text without a mark is UTF-8.
BYTE_ORDER_MARKS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
    (BOM, "utf-8-sig"),
)


def encoding_of(data: bytes) -> str:
    """The encoding of a text file: the one its byte order mark announces, else UTF-8."""
    return next((name for mark, name in BYTE_ORDER_MARKS if data.startswith(mark)), "utf-8")


class TruncatedError(EOFError):
    """A compressed stream that ends before its last frame does."""


class CheckedZstdReader(io.RawIOBase):
    """zstd frames, one after another, with an error when the last one is cut short."""

    def __init__(self, raw: IO[bytes]):
        self._raw = raw
        self._decompressor = zstandard.ZstdDecompressor()
        self._frame = self._decompressor.decompressobj()
        self._in_frame = False
        self._pending = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self._pending:
            chunk = self._raw.read(1 << 16)
            if not chunk:
                if self._in_frame:
                    raise TruncatedError("truncated zstd stream: the last frame is incomplete")
                return 0
            self._feed(chunk)
        size = min(len(buffer), len(self._pending))
        buffer[:size] = self._pending[:size]
        self._pending = self._pending[size:]
        return size

    def _feed(self, chunk: bytes) -> None:
        while chunk:
            self._in_frame = True
            self._pending += self._frame.decompress(chunk)
            if not self._frame.eof:
                return
            self._in_frame = False
            chunk = self._frame.unused_data
            self._frame = self._decompressor.decompressobj()


@contextmanager
def open_raw(path: str) -> Iterator[IO[bytes]]:
    """The file's bytes as stored, local or through fsspec."""
    if is_url(path):
        with filesystem_of(path).open(path, "rb") as stream:
            yield stream
    else:
        with open(path, "rb") as stream:
            yield stream


@contextmanager
def open_stored_and_decompressed(path: str) -> Iterator[tuple[IO[bytes] | None, IO[bytes]]]:
    """The stream as stored (None for stdin), whose position tells how much of the file was
    read, and the decompressed stream, by the file's suffix; '-' is stdin."""
    if path == STDIN:
        yield None, sys.stdin.buffer
        return
    with open_raw(path) as raw:
        compression = compression_of(path)
        if compression == ".gz":
            with gzip.open(raw, "rb") as stream:
                yield raw, stream  # type: ignore[misc]
        elif compression == ".zst":
            yield raw, io.BufferedReader(CheckedZstdReader(raw))
        else:
            yield raw, raw


@contextmanager
def open_input(path: str) -> Iterator[IO[bytes]]:
    """A binary stream of the file, decompressed by its suffix; '-' is stdin."""
    with open_stored_and_decompressed(path) as (_, stream):
        yield stream


# What a damaged compressed file, or a file that went away or cannot be read, raises: deflate
# data that cannot be decoded raises its own error, which is no OSError.
UNREADABLE = (OSError, EOFError, zstandard.ZstdError, DeflateError)
DAMAGED = {DeflateError: "damaged gzip data", zstandard.ZstdError: "damaged zstd data"}


def unreadable(error: BaseException) -> str:
    reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
    damaged = DAMAGED.get(type(error))
    return f"unreadable: {damaged}: {reason}" if damaged else f"unreadable: {reason}"
