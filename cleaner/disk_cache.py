"""Values that are slow to build and fixed for an installation, kept in the user's cache folder.

The Hyperscan database of the rules' gates and the word data of the spelling rules (wordfreq's
list, codespell's typos, the index of one-letter deletions) take a second or more to build and
depend only on the installed packages and the code that builds them. A process that finds them
on disk loads them in a fraction of that: the ``clean`` command starts sooner, and the longest
path of a run with workers is shorter by the same amount, as the parent loads them before it
forks.

Word data is stored with ``marshal``, which reads back plain values only (no code runs while
loading) and is fast for large sets and dicts of strings; its format belongs to one Python
version, so the version is part of every key. The garbage collector is paused while a file
loads: the load makes hundreds of thousands of objects and no cycles, and collections that
walk the new containers as they come cost twice the load itself. A file is written under a temporary name and
renamed, so a reader never sees half of one, and starts with a hash of its body, so a damaged
one is built again instead of read; a folder that cannot be written keeps the value in memory
only.

Every upgrade, and every change of the rules, builds files under new keys (4-34 MB of gates,
about 10 MB of word data), and the old ones would stay for ever. So whenever a value is built,
the files of this cache that no process has used for ``UNUSED_DAYS`` are removed. A file in use
is touched at most once a day as it loads, so two installations that share the folder keep
their files, and a reader never loses one it is about to load (the key of the files it reads
is fresh). Only names of the shape this cache writes are removed, since ``$CLEANER_CACHE`` may
name a folder shared with other files.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import marshal
import os
import re
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

CHECK_BYTES = 32  # a SHA-256 of the body heads every file
DAY = 24 * 60 * 60
UNUSED_DAYS = 7
# What this cache writes: a kind, a hex key, and a suffix ("words-typos-0123abcd….marshal",
# "gates-0123abcd….hs" and the lock beside it).
CACHE_FILE = re.compile(r"[a-z][a-z0-9.-]*-[0-9a-f]{20,64}\.(?:marshal|hs|lock)")


def cache_folder() -> Path:
    """Where built values are kept: ``$CLEANER_CACHE``, else the user cache folder."""
    if folder := os.environ.get("CLEANER_CACHE"):
        return Path(folder)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "cleaner"


def source_hash(path: str) -> str | None:
    """A hash of the source file at ``path``, None when it cannot be read (a zipped install).
    Taken when a module is imported, it names the code that runs: read later, a process that
    outlives an upgrade would store what its old code builds under the new code's key."""
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return None


def stored(name: str, key: str, build: Callable[[], Any]) -> Any:
    """``build()``, or what an earlier call with the same ``name`` and ``key`` stored.

    ``key`` names everything the value is built from (package versions, a hash of the code);
    a file of another key is never read. The value must be one ``marshal`` writes: strings,
    numbers, and tuples, lists, dicts, sets and frozensets of them.
    """
    digest = hashlib.sha256(f"{key}\0{sys.version}\0{marshal.version}".encode()).hexdigest()
    path = cache_folder() / f"{name}-{digest[:20]}.marshal"
    with contextlib.suppress(OSError, EOFError, ValueError, TypeError):
        stored_value = _checked(path.read_bytes())
        if stored_value is not None:
            value = _load(stored_value)
            mark_used(path)
            return value
    value = build()
    body = marshal.dumps(value)
    write_or_skip(path, hashlib.sha256(body).digest() + body)
    prune_unused(path.parent)
    return value


def mark_used(path: Path) -> None:
    """Record that ``path`` was just loaded: its time is renewed once a day at most, one
    system call, so that ``prune_unused`` keeps it."""
    with contextlib.suppress(OSError):
        if time.time() - path.stat().st_mtime > DAY:
            os.utime(path)


def prune_unused(folder: Path) -> None:
    """Remove the files of this cache in ``folder`` that no process has loaded or written for
    ``UNUSED_DAYS``; what cannot be removed stays."""
    cutoff = time.time() - UNUSED_DAYS * DAY
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            with contextlib.suppress(OSError):
                if (
                    CACHE_FILE.fullmatch(entry.name)
                    and entry.is_file(follow_symlinks=False)
                    and entry.stat(follow_symlinks=False).st_mtime < cutoff
                ):
                    os.unlink(entry.path)


def _load(body: bytes) -> Any:
    collecting = gc.isenabled()
    gc.disable()
    try:
        return marshal.loads(body)
    finally:
        if collecting:
            gc.enable()


def write_or_skip(path: Path, data: bytes) -> None:
    """Put ``data`` at ``path`` whole or not at all: a cache that cannot be written (read-only,
    a full disk, a folder in the way) leaves no temporary file behind and stops nothing."""
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as stream:
            try:
                stream.write(data)
                stream.close()
                os.replace(stream.name, path)
            except OSError:
                stream.close()
                os.unlink(stream.name)


def _checked(data: bytes) -> bytes | None:
    """The stored body, or None when it is not what was written (a flipped bit, a file cut
    short by a full disk): a damaged word list would change corrections without a word."""
    check, body = data[:CHECK_BYTES], data[CHECK_BYTES:]
    return body if hashlib.sha256(body).digest() == check else None
