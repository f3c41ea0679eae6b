"""Sharded output: numbered shards in a folder, rejects beside them, and one manifest.

As datatrove's writers do, records go to ``part-00000.jsonl.zst``, ``part-00001...`` and a new
shard starts once one holds ``max_bytes`` of records (counted before compression, so where a
shard ends depends on the records alone). Each shard's rejects go to
``part-00000.rejects.jsonl`` beside it. Every shard, and ``manifest.json`` after it, is written
whole or not at all (a temporary file renamed into place), so after a crash the folder holds
finished shards and a manifest that lists exactly them. A shard and its rejects are flushed
and synced under their temporary names first, and only then renamed into place together with
the manifest that lists them: a full disk fails them while nothing is in place, and a failed
manifest takes them out again. The shards an earlier run left that the new manifest does not
list go as soon as it replaces the old one, so a run stopped early leaves none of them behind
to be read with its own.

The manifest says what each shard covers (per input, its first and last line or row, and the
position in the input after its last record) and what made it (the inputs with their sizes and
times of change, the options and rule ids), and ``complete`` once the run ended. Like
datatrove's completion markers, it lets a resumed run skip the finished shards and go on from
the position where the last one ended, to the same bytes an uninterrupted run writes.

A writer holds a local folder locked (``flock``) from before it reads the manifest until the
run ends, so that a second run into the folder is refused instead of removing or replacing the
first one's shards. A folder named by a URL (``s3://``, ``memory://``) has no such lock and is
left unlocked: two runs into it at once are the user's to avoid.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import weakref
from dataclasses import dataclass, field
from typing import Any, ClassVar

from cleaner import jsonl
from cleaner.readers.locations import filesystem_of, is_url, stored_size
from cleaner.shard_names import (
    FORMATS,
    MANIFEST,
    OWN_FILE,
    is_manifest,
    rejects_name,
    shard_name,
    writes_name,
)
from cleaner.signals import stops_deferred
from cleaner.writers.atomic import AtomicFile, Sink, remove, remove_temporaries, write_whole
from cleaner.writers.parquet import ParquetSink

# A hidden temporary file of ``AtomicFile`` (``.part-00020.jsonl.zst.k2x9ab_c.part``): group 1
# is the name of the file it was to become.
TEMPORARY = re.compile(r"\.(.+)\.[^.]+\.part")


def join(folder: str, name: str) -> str:
    return f"{folder.rstrip('/')}/{name}" if is_url(folder) else os.path.join(folder, name)


class _FolderLock:
    """An exclusive ``flock`` on a local folder's own descriptor, made first if missing. The
    kernel drops it when the process ends, however it ends (SIGKILL too), and it leaves no file
    behind; ValueError, naming the folder, when another run holds it."""

    held: ClassVar[weakref.WeakSet[_FolderLock]] = weakref.WeakSet()

    def __init__(self, folder: str):
        self._descriptor: int | None = None  # for ``__del__`` when the lock is not taken
        try:
            os.makedirs(folder, exist_ok=True)
            descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        except OSError as error:
            reason = "a file has its name" if isinstance(error, FileExistsError) else error.strerror
            raise ValueError(
                f"cannot open the output folder {folder}: {reason}; name another folder"
            ) from None
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as error:
            os.close(descriptor)
            if isinstance(error, BlockingIOError):
                raise ValueError(
                    f"the output folder {folder} is being written by another run; wait for it "
                    "to end or name another folder"
                ) from None
            raise ValueError(
                f"cannot lock the output folder {folder}: {error.strerror}; name another folder"
            ) from None
        self._descriptor = descriptor
        _FolderLock.held.add(self)

    def release(self) -> None:
        """Let other runs write the folder (closing the descriptor drops the lock)."""
        if self._descriptor is not None:
            os.close(self._descriptor)
            self._descriptor = None

    __del__ = release


def _forget_locks() -> None:
    """In a forked child (a worker), close its copy of each lock's descriptor: the lock stays
    the parent's, and dies with it, not with the last of its workers."""
    for lock in list(_FolderLock.held):
        lock.release()


os.register_at_fork(after_in_child=_forget_locks)


@dataclass
class _Coverage:
    """The lines (or rows) of each input that one shard covers, in input order."""

    spans: list[dict[str, Any]] = field(default_factory=list)

    def add(self, source: str, line: int) -> None:
        if self.spans and self.spans[-1]["path"] == source:
            self.spans[-1]["last"] = line
        else:
            self.spans.append({"path": source, "first": line, "last": line})


class ShardWriter:
    """Writes records into shards of ``folder`` and keeps its ``manifest.json``.

    Call ``write`` with each record's JSON line and ``reject`` with each reject's, both with
    the record's place (``source``, ``line``) and the input position after it (any JSON value
    that orders the input, such as ``[piece, item]``); ``finish`` closes the last shard and
    marks the manifest complete; ``discard`` drops the shard being written and keeps the
    finished ones. ``run`` is what made the output (inputs, options), kept in the manifest and
    compared by ``resume``. Reusable by any engine that produces records in a fixed order.
    """

    def __init__(
        self,
        folder: str,
        extension: str = "jsonl.zst",
        max_bytes: int = 256_000_000,
        run: dict[str, Any] | None = None,
        text_field: str = "text",
        column_types: dict[str, Any] | None = None,
    ):
        if extension not in FORMATS:
            raise ValueError(f"unknown shard format {extension!r} (one of {', '.join(FORMATS)})")
        self.folder = folder
        self.extension = extension
        self.max_bytes = max_bytes
        self.text_field = text_field
        self.column_types = column_types  # the Parquet inputs' types, kept by Parquet shards
        self.manifest: dict[str, Any] = {
            "complete": False,
            "format": extension,
            "shard_size": max_bytes,
            **(run or {}),
            "shards": [],
        }
        self._shard: Sink | None = None
        self._rejects: AtomicFile | None = None
        self._bytes = 0
        self._counts = {"records": 0, "empty": 0, "rejects": 0}
        self._coverage = _Coverage()
        self._end: Any = None
        # taken before anything in the folder is read, held until ``finish`` or ``discard``
        self._lock = None if is_url(folder) else _FolderLock(folder)
        try:
            self._earlier = self._check_folder()
        except ValueError:
            self.release()
            raise

    def claim(self) -> None:
        """Write the manifest as it stands (no shard yet, or those taken up), marking the
        folder as this writer's before anything else goes into it, then remove the shards it
        does not list: from that moment they are no run's output, and a run stopped before its
        end must not leave them to be read with its own. Hidden files of the writer's names
        that a killed run left are removed first: as the lock holder, no other run can be
        writing them. A stop waits until both are done (locally, where that takes
        milliseconds)."""
        if self._lock is not None:
            self._remove_temporaries()
        with self._stops_held():
            self._write_manifest()
            self._remove_stale()

    def release(self) -> None:
        """Let other runs write the folder: the run is over, or was refused."""
        if self._lock is not None:
            self._lock.release()

    def _check_folder(self) -> dict[str, Any] | None:
        """The manifest an earlier run left in the folder, if any. Refuse a folder that holds a
        ``manifest.json`` this writer did not write, or, with no manifest, files of the names
        it gives (shards, rejects, line counts): they are someone else's, and a run would
        replace or remove them. Files of other names (a Spark ``part-00000-….snappy.parquet``,
        notes) are never touched."""
        path = join(self.folder, MANIFEST)
        try:
            earlier = jsonl.loads(_read(path))
        except FileNotFoundError:
            earlier = None
        except (OSError, jsonl.RecordError) as error:
            raise ValueError(f"{path} cannot be read: {error}; name another folder") from None
        if earlier is not None:
            if not is_manifest(earlier):
                raise ValueError(f"{path} was not written by clean; name another folder")
            return earlier
        for name in _names(self.folder):
            if writes_name(name):
                raise ValueError(
                    f"{join(self.folder, name)} was not written by clean (the folder has no "
                    "manifest.json); name another folder or move it"
                )
        return None

    @property
    def finished(self) -> list[dict[str, Any]]:
        return self.manifest["shards"]

    def resume(self) -> Any:
        """Take up the finished shards of an earlier run of the same inputs and options;
        returns the input position to go on from (None: from the start). ValueError saying
        what differs when the folder's manifest was written by another run."""
        try:
            return self._take_up()
        except ValueError:
            self.release()
            raise

    def _take_up(self) -> Any:
        earlier, path = self._earlier, join(self.folder, MANIFEST)
        if earlier is None:
            return None
        for key, value in self.manifest.items():
            if key not in ("shards", "complete") and earlier.get(key) != value:
                changed = _changed_input(earlier.get(key), value) if key == "inputs" else None
                detail = _other_inputs if key == "inputs" else _differing
                what = (
                    f"{changed} changed since {path} was written"
                    if changed
                    else f"{path} was written with other {key.replace('_', ' ')}"
                    + detail(earlier.get(key), value)
                )
                raise ValueError(f"{what}; run without --resume to start over")
        for shard in earlier["shards"]:
            files = [(shard["name"], shard.get("bytes"))]
            if shard["rejects_file"]:
                files.append((shard["rejects_file"], shard.get("rejects_bytes")))
            for name, listed in files:
                size = stored_size(join(self.folder, name))
                if size is None:
                    raise ValueError(f"{name} listed in {path} is missing; start over")
                if size != listed:
                    # cut short, or replaced since: its records cannot be taken up
                    raise ValueError(
                        f"{name} is {size} bytes, {path} lists "
                        f"{'no size' if listed is None else listed}: it changed after the run "
                        "that wrote it; start over"
                    )
        self.manifest = earlier
        self.manifest["complete"] = False
        return earlier["shards"][-1]["end"] if earlier["shards"] else None

    def write(self, line: bytes, empty: bool, source: str, number: int, after: Any) -> None:
        """Add one record's JSON line (ending in a newline)."""
        if self._shard is None:
            self._open()
        assert self._shard is not None
        self._shard.write(line)
        self._bytes += len(line)
        self._counts["records"] += 1
        self._counts["empty"] += empty
        self._place(source, number, after)
        if self._bytes >= self.max_bytes:
            self._close()

    def reject(self, line: bytes, source: str, number: int, after: Any) -> None:
        """Add one reject's JSON line, to the rejects file of the shard being written."""
        if self._shard is None:
            self._open()
        if self._rejects is None:
            self._rejects = AtomicFile(join(self.folder, rejects_name(len(self.finished))))
        self._rejects.write(line)
        self._counts["rejects"] += 1
        self._place(source, number, after)

    def finish(self) -> dict[str, Any]:
        """Close the last shard, remove shards an earlier, longer run left (a writer never
        ``claim``ed still holds them), and mark the manifest complete; returns it."""
        if self._shard is not None:
            self._close()
        self.manifest["complete"] = True
        self.manifest["totals"] = {
            key: sum(shard[key] for shard in self.finished) for key in self._counts
        }
        self._write_manifest()
        self._remove_stale()
        self.release()
        return self.manifest

    def discard(self) -> None:
        """Drop the shard being written; the finished shards and their manifest stay."""
        for sink in (self._shard, self._rejects):
            if sink is not None:
                sink.discard()
        self._shard = self._rejects = None
        number = len(self.finished)  # the shard being written, held or still being made
        for name in (shard_name(number, self.extension), rejects_name(number)):
            remove_temporaries(join(self.folder, name))
        self.release()

    def _stops_held(self) -> contextlib.AbstractContextManager[None]:
        """Stop signals deferred for a few quick steps that must not be cut in two; not for a
        folder named by a URL, where each step is a request that may take long."""
        return contextlib.nullcontext() if is_url(self.folder) else stops_deferred()

    def _open(self) -> None:
        path = join(self.folder, shard_name(len(self.finished), self.extension))
        if self.extension == "parquet":
            self._shard = ParquetSink(path, (self.text_field,), self.column_types)
        else:
            self._shard = AtomicFile(path)
        self._bytes = 0
        self._counts = dict.fromkeys(self._counts, 0)
        self._coverage = _Coverage()

    def _place(self, source: str, number: int, after: Any) -> None:
        self._coverage.add(source, number)
        self._end = after

    def _close(self) -> None:
        """Finish the shard and its rejects, flushed and synced under their temporary names
        (where a full disk fails, with nothing in place), then rename both into place together
        with the manifest that lists them. A stop waits for those renames and the small
        manifest; when one of them fails, what went into place goes again, so no shard stays
        unlisted."""
        assert self._shard is not None
        files: list[Sink] = [self._shard, *([] if self._rejects is None else [self._rejects])]
        for file in files:
            file.prepare()
        number = len(self.finished)
        name = shard_name(number, self.extension)
        rejects = rejects_name(number) if self._rejects is not None else None
        with self._stops_held():
            try:
                for file in files:
                    file.commit()
                self.finished.append(
                    {
                        "name": name,
                        # sizes, so that a resumed run refuses a shard cut short or replaced since
                        "bytes": stored_size(join(self.folder, name)),
                        **self._counts,
                        "rejects_file": rejects,
                        "rejects_bytes": (
                            stored_size(join(self.folder, rejects)) if rejects else None
                        ),
                        "inputs": self._coverage.spans,
                        "end": self._end,
                    }
                )
                self._write_manifest()
            except BaseException:
                del self.finished[number:]
                for placed in (name, rejects):
                    if placed is not None:
                        remove(join(self.folder, placed))
                raise
        self._shard = self._rejects = None

    def _write_manifest(self) -> None:
        write_whole(join(self.folder, MANIFEST), jsonl.dumps(self.manifest) + b"\n")

    def _remove_stale(self) -> None:
        kept = {shard["name"] for shard in self.finished}
        kept |= {shard["rejects_file"] for shard in self.finished if shard["rejects_file"]}
        for name in _names(self.folder):
            if OWN_FILE.fullmatch(name) and name not in kept:
                remove(join(self.folder, name))

    def _remove_temporaries(self) -> None:
        for name in _names(self.folder):
            if (match := TEMPORARY.fullmatch(name)) and writes_name(match.group(1)):
                remove(join(self.folder, name))


def _read(path: str) -> bytes:
    if is_url(path):
        filesystem = filesystem_of(path)
        if not filesystem.exists(path):
            raise FileNotFoundError(path)
        return filesystem.cat_file(path)
    with open(path, "rb") as stream:
        return stream.read()


def _changed_input(earlier: Any, now: list[dict[str, Any]]) -> str | None:
    """The first input of the same list of files whose size or time of change differs."""
    if not isinstance(earlier, list) or [item.get("path") for item in earlier] != [
        item["path"] for item in now
    ]:
        return None
    return next(
        (item["path"] for before, item in zip(earlier, now, strict=True) if before != item), None
    )


def _other_inputs(earlier: Any, now: list[dict[str, Any]]) -> str:
    """The first input added and the first removed since the manifest was written:
    " (b.jsonl added)"; the same files in another order say so."""
    if not isinstance(earlier, list):
        return ""
    before = [item.get("path") for item in earlier if isinstance(item, dict)]
    after = [item["path"] for item in now]
    added = next((f"{path} added" for path in after if path not in before), None)
    removed = next((f"{path} removed" for path in before if path not in after), None)
    named = [what for what in (added, removed) if what is not None]
    return f" ({', '.join(named)})" if named else " (the same files in another order)"


def _differing(earlier: Any, now: Any) -> str:
    """The names of the options that differ, when both are option tables: " (rules)"."""
    if not (isinstance(earlier, dict) and isinstance(now, dict)):
        return ""
    names = sorted(key for key in earlier.keys() | now.keys() if earlier.get(key) != now.get(key))
    return f" ({', '.join(name.replace('_', ' ') for name in names)})" if names else ""


def _names(folder: str) -> list[str]:
    if is_url(folder):
        filesystem = filesystem_of(folder)
        if not filesystem.exists(folder):
            return []
        return [name.rstrip("/").rsplit("/", 1)[-1] for name in filesystem.ls(folder, detail=False)]
    return os.listdir(folder) if os.path.isdir(folder) else []
