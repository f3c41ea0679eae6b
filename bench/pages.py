"""The benchmark pages and their gold text, for every harness in ``bench``.

The data is read at run time from ``../shared/bench`` (or ``--bench-dir``, or
``CLEANER_BENCH_DIR``) and never committed.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import orjson

DEFAULT_BENCH_DIR = Path(__file__).resolve().parent.parent.parent / "shared" / "bench"


@dataclass(frozen=True)
class Page:
    """One benchmark page: where its HTML is and what its gold text says."""

    id: str
    url: str | None
    gold: str
    html_path: Path


def resolve_bench_dir(cli_value: str | None) -> Path:
    """--bench-dir beats CLEANER_BENCH_DIR beats ../shared/bench next to the repository."""
    value = cli_value or os.environ.get("CLEANER_BENCH_DIR")
    return Path(value).expanduser().resolve() if value else DEFAULT_BENCH_DIR.resolve()


def load_zyte(bench_dir: Path) -> list[Page]:
    """Zyte pages: one ground-truth.json mapping id -> {articleBody, url}."""
    root = bench_dir / "zyte"
    gt = orjson.loads((root / "ground-truth.json").read_bytes())
    return [
        Page(pid, item.get("url"), item.get("articleBody") or "", root / "html" / f"{pid}.html.gz")
        for pid, item in sorted(gt.items())
    ]


def load_wcxb(bench_dir: Path) -> list[Page]:
    """WCXB dev article pages: one JSON per page, gold in ground_truth.main_content."""
    root = bench_dir / "wcxb-dev" / "dev"
    pages = []
    for path in sorted((root / "ground-truth").glob("*.json")):
        item = orjson.loads(path.read_bytes())
        gold = (item.get("ground_truth") or {}).get("main_content") or ""
        pages.append(Page(path.stem, item.get("url"), gold, root / "html" / f"{path.stem}.html.gz"))
    return pages


LOADERS: dict[str, Callable[[Path], list[Page]]] = {"zyte": load_zyte, "wcxb": load_wcxb}


def is_english(text: str) -> bool:
    """py3langid on the gold text; see the module docstring for why not ``<html lang>``."""
    if not text.strip():
        return False
    import py3langid

    return py3langid.classify(text)[0] == "en"


def english_pages(name: str, bench_dir: Path, limit: int | None) -> tuple[list[Page], int]:
    """English pages of one benchmark (first ``limit`` by id) and the total page count."""
    pages = LOADERS[name](bench_dir)
    kept = [p for p in pages if is_english(p.gold)]
    return (kept[:limit] if limit else kept), len(pages)
