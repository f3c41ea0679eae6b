"""The files a folder of shards holds, named in one place: the shard writer gives these names,
and the input walk knows by them a folder that an earlier run of ``clean`` wrote."""

from __future__ import annotations

import re
from typing import Any

MANIFEST = "manifest.json"
CORPUS_STATS = "corpus-stats.json"
FORMATS = ("jsonl.zst", "jsonl.gz", "jsonl", "parquet")
SHARD_PREFIX = "part-"
REJECTS_SUFFIX = "rejects.jsonl"


def _numbered(suffixes: tuple[str, ...]) -> re.Pattern[str]:
    """Names of numbered files of the writer with one of ``suffixes``."""
    return re.compile(rf"{SHARD_PREFIX}\d{{5}}\.(?:{'|'.join(map(re.escape, suffixes))})")


SHARD_FILE = _numbered(FORMATS)
# The names the writer gives its files: a file of another name in the folder is never its.
OWN_FILE = _numbered((*FORMATS, REJECTS_SUFFIX))


def writes_name(name: str) -> bool:
    """Whether ``name`` is one of the files the writer puts in a folder."""
    return name in (MANIFEST, CORPUS_STATS) or bool(OWN_FILE.fullmatch(name))


def shard_name(number: int, extension: str) -> str:
    """The name of shard ``number``: ``part-00000.jsonl.zst``."""
    return f"{SHARD_PREFIX}{number:05d}.{extension}"


def rejects_name(number: int) -> str:
    return f"{SHARD_PREFIX}{number:05d}.{REJECTS_SUFFIX}"


def is_manifest(data: Any) -> bool:
    """Whether parsed JSON is a manifest the shard writer wrote."""
    return isinstance(data, dict) and isinstance(data.get("shards"), list)
