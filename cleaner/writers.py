"""Writing outputs so that a file under its final name is always a whole run's output.

Each output goes to a hidden temporary file beside its target and is renamed into place only
when the run succeeds; a failed or interrupted run removes it and leaves the target as it was.
Two runs writing one output each write their own temporary file, so their lines never
interleave: the last run to finish wins whole. stdout is streamed as it comes.
"""

from __future__ import annotations

import contextlib
import errno
import gzip
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Protocol

import zstandard

STDOUT = "-"


class Sink(Protocol):
    """Where JSON lines go: ``write`` them, then ``commit`` on success or ``discard``."""

    name: str

    def write(self, data: bytes) -> None: ...

    def commit(self) -> None: ...

    def discard(self) -> None: ...


class StdoutSink:
    name = "stdout"

    def write(self, data: bytes) -> None:
        sys.stdout.buffer.write(data)

    def commit(self) -> None:
        sys.stdout.buffer.flush()

    def discard(self) -> None:
        sys.stdout.buffer.flush()


def _file_mode() -> int:
    """The mode a new file gets from ``open``: 0o666 less the umask (which can only be read by
    setting it)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


class AtomicFile:
    """A file written beside ``path`` under a temporary name, compressed by the target's suffix.

    gzip output has no time stamp or file name in its header, so the same records always give
    the same bytes.
    """

    def __init__(self, path: str):
        self.name = path
        self._target = Path(path)
        with self._naming_errors():
            folder = self._target.parent
            if folder.exists() and not folder.is_dir():
                raise NotADirectoryError(errno.ENOTDIR, f"{folder} is a file, not a folder")
            folder.mkdir(parents=True, exist_ok=True)
            descriptor, temporary = tempfile.mkstemp(
                dir=self._target.parent, prefix=f".{self._target.name}.", suffix=".part"
            )
        self._temporary = Path(temporary)
        os.fchmod(descriptor, _file_mode())
        self._raw = os.fdopen(descriptor, "wb")
        self._stream: IO[bytes] = self._raw
        if path.endswith(".gz"):
            self._stream = gzip.GzipFile(filename="", mode="wb", fileobj=self._raw, mtime=0)
        elif path.endswith(".zst"):
            self._stream = zstandard.ZstdCompressor().stream_writer(self._raw, closefd=False)  # type: ignore[assignment]

    def write(self, data: bytes) -> None:
        with self._naming_errors():
            self._stream.write(data)

    def commit(self) -> None:
        """Finish the file and rename it to its final name; the target is replaced whole."""
        with self._naming_errors():
            if self._stream is not self._raw:
                self._stream.close()
            self._raw.flush()
            os.fsync(self._raw.fileno())
            self._raw.close()
            os.replace(self._temporary, self._target)

    @contextlib.contextmanager
    def _naming_errors(self) -> Iterator[None]:
        """A failed write (a full disk, a file-size limit) names the target, not the
        temporary file and not nothing."""
        try:
            yield
        except OSError as error:
            error.filename = self.name
            raise

    def discard(self) -> None:
        """Remove the temporary file; the target stays as it was."""
        for stream in (self._stream, self._raw):
            with contextlib.suppress(OSError):  # a full disk fails the final flush too
                stream.close()
        self._temporary.unlink(missing_ok=True)


class LazySink:
    """An ``AtomicFile`` made on the first write, for the rejects file that most runs never need.

    On commit without any write, a file left at the path by an earlier run is removed: stale
    rejects must not sit beside a new output as if they were its own.
    """

    def __init__(self, path: str):
        self.name = path
        self._file: AtomicFile | None = None

    @property
    def used(self) -> bool:
        return self._file is not None

    def write(self, data: bytes) -> None:
        if self._file is None:
            self._file = AtomicFile(self.name)
        self._file.write(data)

    def commit(self) -> None:
        if self._file is None:
            Path(self.name).unlink(missing_ok=True)
        else:
            self._file.commit()

    def discard(self) -> None:
        if self._file is not None:
            self._file.discard()


def open_sink(path: str | None) -> Sink:
    """The sink for ``-o``: stdout when there is none or it is '-', else an ``AtomicFile``."""
    if path is None or path == STDOUT:
        return StdoutSink()
    return AtomicFile(path)
