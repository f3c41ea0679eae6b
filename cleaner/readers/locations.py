"""Where inputs are: local paths and folders, globs, stdin, and fsspec URLs (``s3://``,
``gs://``, ``hf://``, ``memory://``...) once their backend is installed.

Local paths stay on the operating system's own calls, so hard links, redirects of stdin and
unreadable folders are told apart exactly; a URL goes through fsspec. A URL whose backend is
missing is a usage mistake that names the package to install.
"""

from __future__ import annotations

import glob
import os
import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from functools import cache, partial
from itertools import takewhile
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fsspec import AbstractFileSystem

from cleaner import jsonl
from cleaner.readers.items import Rejected
from cleaner.shard_names import MANIFEST, SHARD_FILE, is_manifest, writes_name

TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm")
JSONL_SUFFIXES = (".jsonl", ".json", ".ndjson")
PARQUET_SUFFIXES = (".parquet",)
COMPRESSED = (".gz", ".zst")
STDIN = "-"


def is_url(path: str) -> bool:
    """Whether ``path`` names a file system by its protocol (``s3://...``)."""
    return "://" in path


def protocol_of(url: str) -> str:
    return url.split("://", 1)[0]


LOCAL_PROTOCOLS = ("file", "local")


def as_local(name: str) -> str:
    """A ``file://`` or ``local://`` URL as the local path it names (a trailing "/", which
    makes an output a folder, kept), so that it is compared, walked and written as that path:
    by URL, an output that is an input was not seen to be one, and replaced or removed it."""
    if not (is_url(name) and protocol_of(name).lower() in LOCAL_PROTOCOLS):
        return name
    path = filesystem_of(name)._strip_protocol(name)
    return path + "/" if name.endswith("/") and not path.endswith("/") else path


@cache
def _filesystem(protocol: str) -> AbstractFileSystem:
    import fsspec
    from fsspec.registry import known_implementations

    try:
        return fsspec.filesystem(protocol)
    except ImportError as error:
        package = known_implementations[protocol]["class"].split(".")[0].replace("_", "-")
        missing = getattr(error.__cause__, "name", None)
        if package == "fsspec" and missing:
            # fsspec's own file systems (http, sftp) need a package of their own: the one
            # whose import failed
            package = missing.split(".")[0]
        raise ValueError(
            f"{protocol}:// needs the {package} package: pip install {package}"
        ) from None
    except ValueError:
        raise ValueError(f"{protocol}:// is not a file system fsspec knows") from None


def filesystem_of(url: str) -> AbstractFileSystem:
    """The fsspec file system of a URL; ValueError naming the package when it is missing."""
    return _filesystem(protocol_of(url))


def kind_of(path: str | Path) -> str:
    """'text', 'html', 'jsonl' or 'parquet', from the file name (compression suffix aside)."""
    name = PurePosixPath(str(path)).name.lower()
    for suffix in COMPRESSED:
        name = name.removesuffix(suffix)
    if name.endswith(TEXT_SUFFIXES):
        return "text"
    if name.endswith(HTML_SUFFIXES):
        return "html"
    if name.endswith(JSONL_SUFFIXES):
        return "jsonl"
    if name.endswith(PARQUET_SUFFIXES) and not compression_of(str(path)):
        return "parquet"
    raise ValueError(f"{path}: unknown input type (expected .txt, .html, .htm, .jsonl or .parquet)")


def compression_of(path: str) -> str | None:
    """The compression suffix of ``path`` (".gz" or ".zst", in any case), or None: the one
    test of every reader and writer, so a file is never taken for JSONL by one and read as
    compressed by another."""
    name = path.lower()
    return next((suffix for suffix in COMPRESSED if name.endswith(suffix)), None)


# Compressions that ``clean`` cannot write: an output named so would hold plain JSONL.
UNWRITTEN_COMPRESSIONS = (".bz2", ".xz", ".lzma", ".zstd", ".zip", ".lz4", ".br", ".7z", ".tgz")


def document_id(path: str) -> str:
    """What names a file named itself in the ids of its documents: its name without
    extensions (``id_bases`` names the files found in a folder, and those whose ids meet)."""
    return _without_extensions(PurePosixPath(path).name)


def _without_extensions(name: str) -> str:
    for suffix in COMPRESSED:
        if name.lower().endswith(suffix):
            name = name[: -len(suffix)]
    suffix = PurePosixPath(name).suffix
    return name[: -len(suffix)] if suffix else name


def _folder_named(name: str) -> str | None:
    """The folder that ``name`` (a path or a glob) names, if any: a glob's is the part before
    its first pattern, "." (or "/") when that is nothing, as the glob is matched from there."""
    if glob.has_magic(name) and (is_url(name) or not os.path.exists(name)):
        root = f"{protocol_of(name)}://" if is_url(name) else ""
        parts = name.removeprefix(root).split("/")
        fixed = "/".join(takewhile(lambda part: not glob.has_magic(part), parts))
        if root or fixed:
            return root + fixed
        return "/" if name.startswith("/") else os.curdir
    return (
        name if (filesystem_of(name).isdir(name) if is_url(name) else os.path.isdir(name)) else None
    )


def _place(path: str) -> tuple[str, ...]:
    """Where ``path`` is, as parts that two spellings of one place share: its file system (the
    protocol, "" for a local path), then the folders and the name from that system's root."""
    if is_url(path):
        stripped = filesystem_of(path)._strip_protocol(path).rstrip("/")
        return (protocol_of(path), *stripped.split("/"))
    return ("", *os.path.abspath(path).rstrip(os.sep).split(os.sep))


def _spelled(place: tuple[str, ...], start: int) -> str:
    """The parts of ``place`` from ``start`` on as a path; from 0, the whole path or URL."""
    if start:
        return "/".join(place[start:])
    root, *parts = place
    return f"{root}://{'/'.join(parts)}" if root else os.sep.join(parts)


@dataclass(frozen=True, slots=True)
class _Named:
    """An input file as ids name it."""

    place: tuple[str, ...]  # see ``_place``
    start: int  # where its name starts in ``place``: after the folder it is named from
    single: bool  # one document (id ``BASE``) rather than lines or rows (``BASE:LINE``)


_LINE_ID = re.compile(r"(.*):[1-9][0-9]*", re.DOTALL)


def _meeting(bases: Mapping[str, str], single: Mapping[str, bool]) -> list[list[str]]:
    """The sets of files whose ids would meet under ``bases`` (see ``items.with_id``): two
    one-document files of one base, two files of lines of one base, or a one-document file
    whose base is another file's base and a line number ("x:1.txt" and "x.jsonl")."""
    alike: dict[tuple[bool, str], list[str]] = {}
    for item, base in bases.items():
        alike.setdefault((single[item], base), []).append(item)
    meeting = [items for items in alike.values() if len(items) > 1]
    for (one, base), items in alike.items():
        if one and (line := _LINE_ID.fullmatch(base)) and (False, line[1]) in alike:
            meeting.append(items + alike[False, line[1]])
    return meeting


def _told_apart(members: frozenset[str], named: Mapping[str, _Named]) -> dict[str, str]:
    """Bases for files whose ids met: their paths from the deepest folder that holds them
    all and the folders they are named from (so no name gets shorter), without extensions
    where that tells them apart, with them where it does not. stdin stays "-"."""
    files = sorted(member for member in members if member != STDIN)
    folders = [named[item].place[: named[item].start] for item in files]
    start = len(list(takewhile(lambda parts: len(set(parts)) == 1, zip(*folders, strict=False))))
    spelled = {item: _spelled(named[item].place, start) for item in files}
    bases = {item: _without_extensions(name) for item, name in spelled.items()}
    if STDIN in members:
        bases[STDIN] = document_id(STDIN)
    single = {item: item != STDIN and named[item].single for item in bases}
    still = {item for items in _meeting(bases, single) for item in items}
    return {
        item: spelled.get(item, base) if item in still else base for item, base in bases.items()
    }


def id_bases(named: list[str], files: list[str | Rejected]) -> dict[str, str]:
    """What names each input file in its documents' ids: its path under the named folder it
    was found in (the innermost, when folders named are nested), or under the folder a glob
    starts from (``crawl`` for ``crawl/**/*.html``, "." for ``*/*.html``), without extensions:
    "2024/index" for ``crawl/2024/index.html`` found in ``crawl/``, so that the pages of a
    crawl named alike in different folders keep ids of their own; else its file name
    (``document_id``). Files whose ids would still meet (``x.jsonl`` beside ``x.parquet``,
    ``a/x.jsonl`` and ``b/x.jsonl`` named themselves) are named by more of their path, and
    their extensions if need be (``_told_apart``), so that the ids of one run are unique."""
    folders = {
        _place(folder) for name in named if name != STDIN and (folder := _folder_named(name))
    }
    inputs: dict[str, _Named] = {}
    for item in files:
        if isinstance(item, str) and item != STDIN:
            place = _place(item)
            start = max(
                (len(top) for top in folders if len(top) < len(place) and place[: len(top)] == top),
                default=len(place) - 1,
            )
            inputs[item] = _Named(place, start, kind_of(item) in ("text", "html"))
    bases = {item: _without_extensions(_spelled(n.place, n.start)) for item, n in inputs.items()}
    if STDIN in files:
        bases[STDIN] = document_id(STDIN)
    single = {item: item != STDIN and inputs[item].single for item in bases}
    groups = {item: frozenset((item,)) for item in bases}
    while meeting := _meeting(bases, single):
        grew = False
        for items in meeting:
            group = frozenset().union(*(groups[item] for item in items))
            if any(groups[item] != group for item in items):
                grew = True
                groups.update(dict.fromkeys(group, group))
        if not grew:
            break  # what still meets is told apart as far as paths can tell it
        for group in {groups[item] for items in meeting for item in items}:
            bases.update(_told_apart(group, inputs))
    return bases


def printable(name: str) -> str:
    """A file name as it can be printed and written to JSON: undecodable bytes as escapes."""
    return os.fsencode(name).decode("utf-8", "backslashreplace")


def file_identity(name: str | int) -> tuple[int, int] | None:
    """(device, inode) of a path or open descriptor, so hard links and redirects compare equal;
    None when it does not exist (or is no local file)."""
    if isinstance(name, str) and is_url(name):
        return None
    try:
        status = os.stat(name)
    except OSError:
        return None
    return status.st_dev, status.st_ino


def stored_size(path: str) -> int | None:
    """The size of a file in bytes; None when there is none, or its file system cannot tell."""
    try:
        size = filesystem_of(path).size(path) if is_url(path) else os.path.getsize(path)
    except FileNotFoundError:
        return None
    return None if size is None else int(size)


def size_of(path: str) -> int:
    """The stored size of an input in bytes (0 for stdin), for progress and the manifest."""
    if path == STDIN:
        return 0
    try:
        return stored_size(path) or 0
    except OSError:  # unreadable since it was listed: reading it names the file and the reason
        return 0


def modified_of(path: str) -> int | str | None:
    """When an input last changed, as its file system tells it: nanoseconds for a local file,
    ISO 8601 text for a URL, None where it cannot be told. A resumed run compares it, with the
    size, to the first run's, so that a file rewritten in between is not mixed into the output.
    A local file gives its status change time: a copy that keeps times (``cp -p``, ``rsync
    -t``, ``touch -d``) sets the modification time back, and nothing sets that one back.
    """
    if path == STDIN:
        return None
    if is_url(path):
        try:
            return filesystem_of(path).modified(path).isoformat()
        except (NotImplementedError, OSError, ValueError, KeyError, AttributeError):
            return None  # fsspec's backends tell it in their own ways, or not at all
    try:
        return os.stat(path).st_ctime_ns
    except OSError:  # gone since it was listed: reading it names the file and the reason
        return None


def input_files(
    paths: list[str],
    exclude: Collection[str] = (),
    skipped: list[str] | None = None,
    passed_over: list[str] | None = None,
) -> list[str | Rejected]:
    """Expand folders and globs into the input files they hold, sorted; keep '-' for stdin.

    Inside folders, hidden entries (a name starting with '.') and the files in ``exclude`` (the
    run's own outputs, also when a glob matches them) are not inputs, and neither is the output
    folder of an earlier run of ``clean`` (its shards would be cleaned again beside their
    sources, its manifest read as a record): such folders are added to ``skipped``; files of no kind ``clean`` reads (a README,
    a .csv) to ``passed_over``, for the run to say so. A folder of shards named itself gives its
    shards, not its manifest, line counts or rejects. Folders that cannot be listed and file
    names that are not UTF-8 are returned as ``Rejected``. A path named on the command line
    that does not exist, a glob that matches nothing, an unknown suffix or a missing fsspec
    backend raise ValueError: those are usage mistakes, not bad data.
    """
    excluded = {file_identity(name) for name in exclude} - {None}
    excluded_urls = {name for name in exclude if is_url(name)}
    skipped = [] if skipped is None else skipped
    passed_over = [] if passed_over is None else passed_over
    items: list[str | Rejected] = []
    for name in paths:
        if not name:  # an unset shell variable: clean "$IN"
            raise ValueError("an input is given an empty name; name a file or folder")
        if name == STDIN:
            items.append(name)
        elif is_url(name):
            items.extend(_url_files(name, excluded_urls, skipped, passed_over))
        elif glob.has_magic(name) and not os.path.exists(name):
            matches = sorted(glob.glob(name, recursive=True))
            if not matches:
                raise ValueError(f"{printable(name)}: no file matches")
            # as in a folder, the run's own outputs are no inputs ('*.jsonl' -o out.jsonl, again)
            matches = [match for match in matches if file_identity(match) not in excluded]
            if not matches:
                raise ValueError(f"{printable(name)}: matches only what this run writes")
            items.extend(input_files(matches, exclude, skipped, passed_over))
        elif os.path.isdir(name):
            found = _folder_files(name, excluded, skipped, passed_over)
            if not found:
                raise ValueError(f"{printable(name)}: folder holds no input files")
            items.extend(found)
        elif os.path.isfile(name):
            kind_of(name)
            items.append(_checked_name(name))
        elif os.path.exists(name):
            raise ValueError(
                f"{printable(name)}: not a file or folder (a device or pipe); for stdin, give '-'"
            )
        else:
            raise ValueError(f"{printable(name)}: no such file or folder")
    return items


def read_once(items: list[str | Rejected]) -> tuple[list[str | Rejected], list[tuple[str, str]]]:
    """``items`` with each file once, the first time it is named, and each later name with
    the name it repeats. A file named twice, by a glob and its path or by a link in a folder
    beside it, would give every one of its records twice."""
    first: dict[object, str] = {}
    kept: list[str | Rejected] = []
    repeats: list[tuple[str, str]] = []
    for item in items:
        if isinstance(item, str) and item != STDIN:
            key = item if is_url(item) else file_identity(item)
            if key is not None and key in first:
                repeats.append((item, first[key]))
                continue
            if key is not None:
                first[key] = item
        kept.append(item)
    return kept, repeats


def _url_files(
    url: str, excluded: set[str], skipped: list[str], passed_over: list[str]
) -> list[str]:
    filesystem = filesystem_of(url)
    protocol = protocol_of(url)
    if glob.has_magic(url):
        names = [name for name in filesystem.glob(url) if not _hidden(name)]
        if not names:
            raise ValueError(f"{url}: no file matches")
    elif filesystem.isdir(url):
        names = [name for name in filesystem.find(url) if not _hidden(name)]
        outputs = {
            str(PurePosixPath(name).parent)
            for name in names
            if PurePosixPath(name).name == MANIFEST
            and _holds_earlier_output(partial(filesystem.cat_file, name))
        }
        top = filesystem._strip_protocol(url).rstrip("/")
        skipped += [
            filesystem.unstrip_protocol(folder)
            for folder in sorted(outputs)
            if folder != top and not any(folder.startswith(f"{other}/") for other in outputs)
        ]
        names = [
            name for name in names if not _in_earlier_output(PurePosixPath(name), outputs, top)
        ]
        passed_over += [name for name in names if not _has_input_kind(name)]
        names = [name for name in names if _has_input_kind(name)]
        if not names:
            raise ValueError(f"{url}: folder holds no input files")
    elif filesystem.isfile(url):
        kind_of(url)
        return [url]
    else:
        raise ValueError(f"{url}: no such file or folder")
    found = [filesystem.unstrip_protocol(name) for name in sorted(names)]
    found = [name if is_url(name) else f"{protocol}://{name}" for name in found]
    for name in found:
        kind_of(name)
    return [name for name in found if name not in excluded]


def _in_earlier_output(path: PurePosixPath, outputs: set[str], top: str) -> bool:
    """Whether ``path`` lies in an earlier run's output folder found inside ``top``, or is
    the manifest, line counts or rejects of one that is ``top`` itself."""
    for folder in map(str, path.parents):
        if folder in outputs and folder != top:
            return True
    return str(path.parent) == top and top in outputs and _not_a_shard(path.name)


def _not_a_shard(name: str) -> bool:
    return writes_name(name) and not SHARD_FILE.fullmatch(name)


def _hidden(name: str) -> bool:
    return any(part.startswith(".") for part in PurePosixPath(name).parts)


# The names ``clean`` gives rejects files: beside an output (``OUT.rejects.jsonl``) and of runs
# on stdout (``clean.rejects-2.jsonl``): lines an earlier run set aside, never articles.
REJECTS_NAME = re.compile(r"\.rejects(?:-[0-9]+)?\.jsonl(?:\.gz|\.zst)?$", re.IGNORECASE)


def is_rejects_name(name: str) -> bool:
    return REJECTS_NAME.search(name) is not None


def _has_input_kind(name: str) -> bool:
    """Whether a folder walk reads ``name``: a kind of input, and no earlier run's rejects
    (read as records, each would be rejected again); named, a rejects file is read."""
    if is_rejects_name(name):
        return False
    try:
        kind_of(name)
    except ValueError:
        return False
    return True


def _checked_name(name: str) -> str | Rejected:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return Rejected(printable(name), 0, "file name is not valid UTF-8; rename the file")
    return name


def _holds_earlier_output(read_manifest: Callable[[], bytes]) -> bool:
    """Whether a folder's ``manifest.json`` (read by ``read_manifest``, locally or through
    fsspec) was written by an earlier run of ``clean``."""
    try:
        return is_manifest(jsonl.loads(read_manifest()))
    except (OSError, jsonl.RecordError):
        return False


def _folder_files(
    top: str, excluded: set[tuple[int, int] | None], skipped: list[str], passed_over: list[str]
) -> list[str | Rejected]:
    problems: list[OSError] = []
    found: list[str] = []
    broken: list[str] = []  # links to nothing
    seen_folders: set[tuple[int, int] | None] = set()
    for folder, subfolders, files in os.walk(top, onerror=problems.append, followlinks=True):
        seen_folders.add(file_identity(folder))
        if MANIFEST in files and _holds_earlier_output(Path(folder, MANIFEST).read_bytes):
            if folder != top:
                skipped.append(folder)
                subfolders[:] = []
                continue
            files = [name for name in files if not _not_a_shard(name)]
        # Linked folders are followed, but each folder is read once, so a link loop ends.
        subfolders[:] = sorted(
            sub
            for sub in subfolders
            if not sub.startswith(".")
            and file_identity(os.path.join(folder, sub)) not in seen_folders
        )
        for file_name in files:
            if file_name.startswith("."):
                continue
            candidate = os.path.join(folder, file_name)
            if not _has_input_kind(candidate):
                passed_over.append(candidate)
                continue
            identity = file_identity(candidate)
            if identity is None:
                broken.append(candidate)
            elif identity not in excluded:
                found.append(candidate)
    items: list[str | Rejected] = [_checked_name(name) for name in sorted(found)]
    items += [
        Rejected(printable(name), 0, "unreadable file: a link to nothing")
        for name in sorted(broken)
    ]
    items += [
        Rejected(printable(str(problem.filename)), 0, f"unreadable folder: {problem.strerror}")
        for problem in problems
    ]
    return items
