"""How benchmark pages become the texts scored: extraction (in worker processes, cached on
disk) and cleaning, with the batch's line counts when asked.
"""

from __future__ import annotations

import gzip
import hashlib
import importlib.util
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import orjson

from bench.pages import Page

REPO_ROOT = Path(__file__).resolve().parents[2]
CACHE_DIR = REPO_ROOT / ".cache" / "quality"

NO_COMMENTS = {"output_format": "txt", "include_comments": False, "include_tables": True}
TEXT_MODE = {"favor_recall": True, "include_comments": False}
SWEEP: dict[str, dict[str, Any]] = {
    "trafilatura defaults": {},
    "no comments": NO_COMMENTS,
    "no comments, no tables": {**NO_COMMENTS, "include_tables": False},
    "no comments, favor_precision": {**NO_COMMENTS, "favor_precision": True},
    "no comments, favor_recall": {**NO_COMMENTS, "favor_recall": True},
    "no comments, deduplicate": {**NO_COMMENTS, "deduplicate": True},
    "no comments, precision+dedup": {**NO_COMMENTS, "favor_precision": True, "deduplicate": True},
}
KINDS = ("cleaner", "trafilatura", "bare", "baseline")


@dataclass(frozen=True)
class Extraction:
    """How a page becomes text.

    ``kind`` is one of ``cleaner`` (``cleaner.html.extract_html`` as shipped, with its
    metadata), ``trafilatura`` (``trafilatura.extract`` with ``kwargs``), ``bare`` (the text of
    ``trafilatura.bare_extraction`` with ``kwargs``, as ``extract_html`` gets it) and ``baseline``
    (``trafilatura.baseline``, the fragment fallback's text).
    """

    label: str
    kind: str = "trafilatura"
    kwargs: dict[str, Any] = field(default_factory=dict)
    pass_url: bool = True

    def cache_key(self) -> str:
        """Changes whenever the output could: trafilatura version, settings, cleaner source."""
        import trafilatura

        parts: dict[str, Any] = {
            "kind": self.kind,
            "trafilatura": trafilatura.__version__,
            "kwargs": self.kwargs,
            "pass_url": self.pass_url,
            "cleaner_html": _cleaner_source_hash() if self.kind == "cleaner" else None,
        }
        return hashlib.sha1(orjson.dumps(parts, option=orjson.OPT_SORT_KEYS)).hexdigest()[:16]


def _cleaner_source_hash() -> str:
    spec = importlib.util.find_spec("cleaner")
    folders = (spec.submodule_search_locations or []) if spec else []
    digest = hashlib.sha1()
    for folder in folders:
        for path in sorted(Path(folder).rglob("*.py")):
            digest.update(path.read_bytes())
    return digest.hexdigest()


def read_html(path: Path) -> str:
    """Benchmark HTML is gzip-compressed UTF-8; stray bytes are replaced, not fatal."""
    return gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace")


def _extract_one(job: tuple[Extraction, str, str | None, Path]) -> tuple[str, str, dict]:
    """Worker: extract one page; metadata must be JSON-able for the cache."""
    spec, pid, url, path = job
    html = read_html(path)
    url = url if spec.pass_url else None
    if spec.kind == "cleaner":
        from cleaner.html import extract_html

        text, metadata = extract_html(html, url)
        return pid, text or "", orjson.loads(orjson.dumps(metadata or {}, default=str))
    import trafilatura

    if spec.kind == "bare":
        document = trafilatura.bare_extraction(html, url=url, **spec.kwargs)
        return pid, (document.text if document is not None else None) or "", {}
    if spec.kind == "baseline":
        tree = trafilatura.load_html(html)
        return pid, trafilatura.baseline(tree)[1] if tree is not None else "", {}
    return pid, trafilatura.extract(html, url=url, **spec.kwargs) or "", {}


def extract_all(
    spec: Extraction, bench: str, pages: Sequence[Page], pool: Any
) -> dict[str, tuple[str, dict]]:
    """Extract pages through the cache; only missing pages hit the worker pool.

    cleaner.html caches are keyed by the cleaner's source, which changes with every edit to it,
    so older ones are deleted when a new one is written.
    """
    prefix = f"{bench}-{spec.kind}-"
    cache_path = CACHE_DIR / f"{prefix}{spec.cache_key()}.json"
    cached: dict[str, list] = orjson.loads(cache_path.read_bytes()) if cache_path.exists() else {}
    todo = [(spec, p.id, p.url, p.html_path) for p in pages if p.id not in cached]
    if todo:
        for pid, text, meta in pool.imap_unordered(_extract_one, todo, chunksize=4):
            cached[pid] = [text, meta]
        CACHE_DIR.mkdir(parents=True, exist_ok=True)
        if spec.kind == "cleaner":
            for stale in CACHE_DIR.glob(f"{prefix}*.json"):
                stale.unlink()
        cache_path.write_bytes(orjson.dumps(cached))
    return {p.id: (cached[p.id][0], cached[p.id][1]) for p in pages}


# ---------------------------------------------------------------------------------------------
# Cleaning

EditTuple = tuple[str, int, int, str, str]  # rule, start, end, removed, inserted


@lru_cache(maxsize=4)
def _cleaner_instance(select: tuple[str, ...] | None) -> Any:
    from cleaner import Cleaner

    return Cleaner(select=list(select)) if select is not None else Cleaner()


def _clean_one(
    job: tuple[tuple[str, ...] | None, str, str, dict | None],
) -> tuple[str, str, list[EditTuple]]:
    """Worker: clean one text; edits become tuples so they pickle without cleaner classes."""
    select, pid, text, metadata = job
    result = _cleaner_instance(select).clean(text, metadata)
    edits = [(e.rule, e.start, e.end, e.removed, e.inserted) for e in result.edits]
    return pid, result.text, edits


def clean_all(
    inputs: dict[str, tuple[str, dict | None]],
    select: tuple[str, ...] | None,
    pool: Any,
    corpus: Any = None,
) -> dict[str, tuple[str, list[EditTuple]]]:
    """Clean every document in the pool; returns id -> (text, edits).

    With ``corpus`` (the benchmark's line counts, gathered as one batch), the documents are
    cleaned in this process, which holds the counts, as a pipeline's worker would.
    """
    if corpus is None:
        jobs = [(select, pid, text, meta) for pid, (text, meta) in inputs.items()]
        return {
            pid: (text, edits)
            for pid, text, edits in pool.imap_unordered(_clean_one, jobs, chunksize=8)
        }
    from cleaner import Cleaner

    cleaner = Cleaner(select=list(select) if select is not None else None, corpus=corpus)
    results = {}
    for pid, (text, meta) in inputs.items():
        result = cleaner.clean(text, meta)
        edits = [(e.rule, e.start, e.end, e.removed, e.inserted) for e in result.edits]
        results[pid] = (result.text, edits)
    return results


def gather_corpus(inputs: dict[str, tuple[str, dict | None]]) -> Any:
    """The first pass of a batch run: line counts over every page, by the page's host."""
    from cleaner.corpus import LineCounts, source_of

    return LineCounts.from_documents((text, source_of(meta)) for text, meta in inputs.values())
