"""Files that appear whole or not at all: a file under its final name is always a whole output.

Each output goes to a hidden temporary file beside its target and is renamed into place only
when the run succeeds; a failed or interrupted run removes it and leaves the target as it was.
Two runs writing one output each write their own temporary file, so their lines never
interleave: the last run to finish wins whole. stdout is streamed as it comes, and so is a
target that is a device, a pipe or a socket (``/dev/null``, ``/dev/stdout``, a named pipe): a
rename would put a plain file in its place (as root, in ``/dev``), and nothing is ever removed
there. An fsspec URL (``s3://``, ``memory://``...) is written the same way as a file, through
the file system's own rename.
"""

from __future__ import annotations

import contextlib
import errno
import itertools
import os
import secrets
import stat
import sys
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any, Protocol

import zstandard

from cleaner.gzip_codec import gzip
from cleaner.readers.locations import compression_of, filesystem_of, is_url
from cleaner.signals import stops_deferred

STDOUT = "-"


def is_stream(path: str) -> bool:
    """Whether ``path`` is a local device, pipe or socket (links followed): written in place,
    never replaced or removed."""
    if path == STDOUT or is_url(path):
        return False
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


class Sink(Protocol):
    """Where JSON lines go: ``write`` them, then ``commit`` on success or ``discard``."""

    name: str

    def write(self, data: bytes) -> None: ...

    def prepare(self) -> None:
        """Write out all that is held, so that ``commit`` has only to rename: the outputs of a
        run are all prepared before any is committed, so a full disk stops it with every
        target as it was."""

    def commit(self) -> None: ...

    def discard(self) -> None: ...


class StdoutSink:
    name = "stdout"

    def write(self, data: bytes) -> None:
        sys.stdout.buffer.write(data)

    def prepare(self) -> None:
        sys.stdout.buffer.flush()

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


def _take_over(descriptor: int, target: Path) -> None:
    """Give the new file the mode and, where allowed, the owner of the file it replaces, as
    ``sed -i`` and editors do: a private output must not come back readable by all. A new
    file gets the mode ``open`` would give it."""
    try:
        existing = target.stat()
    except OSError:
        existing = None
    if existing is None or not stat.S_ISREG(existing.st_mode):
        os.fchmod(descriptor, _file_mode())
        return
    if (existing.st_uid, existing.st_gid) != (os.geteuid(), os.getegid()):
        with contextlib.suppress(PermissionError):  # only root gives a file to another user
            os.fchown(descriptor, existing.st_uid, existing.st_gid)
    os.fchmod(descriptor, stat.S_IMODE(existing.st_mode))


class AtomicFile:
    """A file written beside ``path`` under a temporary name, compressed by the target's suffix.

    gzip output has no time stamp or file name in its header, so the same records always give
    the same bytes.
    """

    def __init__(self, path: str):
        self.name = path
        self._url = is_url(path)
        self._in_place = is_stream(path)
        self._raw: IO[bytes] | None = None
        self._stream: IO[bytes] | None = None
        self._temporary: Path | None = None
        self._temporary_url: str | None = None
        self._prepared = False
        try:  # a signal or error mid-construction: nobody else holds the file to discard it
            if self._url:
                self._raw, self._temporary_url = _open_remote_temporary(path)
            elif self._in_place:
                with self.naming_errors():
                    self._raw = open(path, "wb")  # noqa: SIM115 - closed by commit or discard
            else:
                # Through a link to the file it names, as a shell's ">" writes: the link stays.
                self._target = os.path.realpath(path)
                # Held until the file is this object's: a stop between its making and this
                # assignment would leave a file nobody can discard. A stop that waited is
                # raised as the block ends, inside this try.
                with stops_deferred():
                    self._raw, self._temporary = self._open_local_temporary(self._target)
            self._stream = self._raw
            compression = compression_of(path)
            if compression == ".gz":
                self._stream = gzip.GzipFile(filename="", mode="wb", fileobj=self._raw, mtime=0)
            elif compression == ".zst":
                self._stream = zstandard.ZstdCompressor().stream_writer(self._raw, closefd=False)  # type: ignore[assignment]
        except BaseException:
            self.discard()
            raise

    def _open_local_temporary(self, path: str) -> tuple[IO[bytes], Path]:
        target = Path(path)
        descriptor: int | None = None
        try:
            with self.naming_errors():
                folder = target.parent
                if folder.exists() and not folder.is_dir():
                    raise NotADirectoryError(errno.ENOTDIR, f"{folder} is a file, not a folder")
                if target.exists() and not os.access(target, os.W_OK):
                    # a rename could replace it, but a file its owner made read-only is kept
                    raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))
                folder.mkdir(parents=True, exist_ok=True)
                # called with the stop signals held (``__init__``): none arrives between making
                # the file and the caller holding it
                descriptor, temporary = tempfile.mkstemp(
                    dir=target.parent, prefix=temporary_prefix(target.name), suffix=".part"
                )
            _take_over(descriptor, target)
            return os.fdopen(descriptor, "wb"), Path(temporary)
        except BaseException:  # an error once the file is made: leave none behind
            if descriptor is not None:
                os.close(descriptor)
                os.unlink(temporary)
            raise

    @property
    def stream(self) -> IO[bytes]:
        """The (compressing) stream the data goes to, for writers that need a file object."""
        return self._stream

    def write(self, data: bytes) -> None:
        with self.naming_errors():
            self._stream.write(data)

    def prepare(self) -> None:
        """Flush, sync and close the file (once), the steps that a full disk fails."""
        if self._prepared:
            return
        with self.naming_errors():
            if self._stream is not self._raw:
                self._stream.close()
            if not (self._url or self._in_place):
                self._raw.flush()
                os.fsync(self._raw.fileno())
            self._raw.close()
        self._prepared = True

    def commit(self) -> None:
        """Finish the file and rename it to its final name; the target is replaced whole."""
        self.prepare()
        with self.naming_errors():
            if self._url:
                filesystem_of(self.name).mv(self._temporary_url, self.name)
            elif not self._in_place:
                os.replace(self._temporary, self._target)

    def commit_under_a_free_name(self, names: Iterable[str]) -> str:
        """Finish a local file under the first of ``names`` that no file has, replacing none
        (a hard link is never made over a file, so two runs at once cannot take one name);
        the name taken."""
        self.prepare()
        with self.naming_errors():
            for name in names:
                try:
                    os.link(self._temporary, name)
                except FileExistsError:
                    continue
                self._temporary.unlink()
                self.name = name
                return name
        raise AssertionError("names ran out")  # the caller's names do not end

    @contextlib.contextmanager
    def naming_errors(self) -> Iterator[None]:
        """A failed write (a full disk, a file-size limit) names the target, not the
        temporary file and not nothing; for writers that write to ``stream`` themselves too."""
        try:
            yield
        except OSError as error:
            error.filename = self.name
            raise

    def discard(self) -> None:
        """Remove the temporary file, if it was made; the target stays as it was."""
        for stream in (self._stream, self._raw):
            if stream is not None:
                with contextlib.suppress(OSError):  # a full disk fails the final flush too
                    stream.close()
        if self._temporary_url is not None:
            with contextlib.suppress(OSError, FileNotFoundError):
                filesystem_of(self.name).rm(self._temporary_url)
        elif self._temporary is not None:  # what went into a stream cannot be taken back
            with contextlib.suppress(OSError):  # a folder made read-only or immutable meanwhile
                self._temporary.unlink(missing_ok=True)


class LazySink:
    """The rejects file, which most runs never need: a file with a reject in it, or none.

    A local file is opened at once, so that a path that cannot be written stops the run before
    it starts rather than at its first reject, hours in; a URL or a stream is opened on the
    first write (a named pipe would wait for a reader). On commit without any write, the
    temporary file goes, and so does a file left at the path by an earlier run (``stale``):
    stale rejects must not sit beside a new output as if they were its own.

    A file of its own (``numbered``: the rejects of a run on stdout, which has no output to go
    beside) never replaces or removes another: a loop of runs in one folder keeps every run's
    rejects, under ``NAME.jsonl``, ``NAME-2.jsonl``, ``NAME-3.jsonl``...
    """

    def __init__(self, path: str, numbered: bool = False, stale: bool = True):
        self.name = path
        self.used = False
        self.numbered = numbered
        self.stale = stale and not numbered
        local = not is_url(path) and not is_stream(path)
        self._file: AtomicFile | None = AtomicFile(path) if local else None

    def write(self, data: bytes) -> None:
        if self._file is None:
            self._file = AtomicFile(self.name)
        self.used = True
        self._file.write(data)

    def prepare(self) -> None:
        if self.used and self._file is not None:
            self._file.prepare()

    def commit(self) -> None:
        if self.used and self._file is not None:
            if self.numbered:
                self.name = self._file.commit_under_a_free_name(_numbered(self.name))
            else:
                self._file.commit()
            return
        if self._file is not None:
            self._file.discard()
        if self.stale:
            remove(self.name)

    def discard(self) -> None:
        if self._file is not None:
            self._file.discard()


def _numbered(path: str) -> Iterator[str]:
    """``path``, then ``path`` with -2, -3... before its suffix."""
    stem, suffix = os.path.splitext(path)
    yield path
    for number in itertools.count(2):
        yield f"{stem}-{number}{suffix}"


def write_whole(path: str, data: bytes) -> None:
    """Write a small file whole: a signal or error on the way leaves no temporary file. A local
    file is written with the stop signals deferred (a few milliseconds), so that a stop between
    making the file and the ``try`` that discards it cannot leave it behind; a stop that
    waited is raised once the file is in place."""
    with contextlib.nullcontext() if is_url(path) else stops_deferred():
        file = AtomicFile(path)
        try:
            file.write(data)
            file.commit()
        except BaseException:
            file.discard()
            raise


def remove(path: str) -> None:
    """Remove a file left by an earlier run, if there is one."""
    if is_url(path):
        filesystem = filesystem_of(path)
        if filesystem.exists(path):
            filesystem.rm(path)
    elif not is_stream(path):
        Path(path).unlink(missing_ok=True)


# The longest file name most file systems take (ext4, XFS, APFS, NTFS: 255 bytes).
NAME_MAX = 255
# What a temporary name adds to its prefix: mkstemp's eight characters and ".part".
TEMPORARY_TAIL = 13


def temporary_prefix(name: str) -> str:
    """The start of the hidden temporary names of ``name``: ``.NAME.``, with NAME cut short
    when the temporary would pass ``NAME_MAX`` bytes, so that an output whose own name fits
    can always be written."""
    room = NAME_MAX - TEMPORARY_TAIL - 2
    encoded = name.encode("utf-8", "surrogateescape")
    if len(encoded) > room:
        name = encoded[:room].decode("utf-8", "ignore")
    return f".{name}."


def remove_temporaries(path: str) -> None:
    """Remove the temporary files beside ``path`` that an ``AtomicFile`` for it may have left:
    a signal that lands while one is being made leaves a file that no object holds yet."""
    if is_url(path):
        folder, _, name = path.rpartition("/")
        filesystem = filesystem_of(path)
        for temporary in filesystem.glob(f"{folder}/{temporary_prefix(name)}*.part"):
            with contextlib.suppress(FileNotFoundError):
                filesystem.rm(temporary)
    else:
        target = Path(path)
        for temporary in target.parent.glob(f"{temporary_prefix(target.name)}*.part"):
            temporary.unlink(missing_ok=True)


def _open_remote_temporary(path: str) -> tuple[IO[bytes], str]:
    """A new hidden file beside ``path`` on its fsspec file system, and its URL."""
    folder, _, name = path.rpartition("/")
    temporary = f"{folder}/{temporary_prefix(name)}{secrets.token_hex(4)}.part"
    return filesystem_of(path).open(temporary, "wb"), temporary


def open_sink(
    path: str | None, text_field: str = "text", column_types: dict[str, Any] | None = None
) -> Sink:
    """The sink for ``-o``: stdout when there is none or it is '-', a Parquet file for
    ``.parquet`` (keeping ``column_types``, see ``ParquetSink``), else an ``AtomicFile``."""
    if path is None or path == STDOUT:
        return StdoutSink()
    if path.lower().endswith(".parquet"):
        from cleaner.writers.parquet import ParquetSink  # it writes through AtomicFile

        return ParquetSink(path, (text_field,), column_types)
    return AtomicFile(path)
