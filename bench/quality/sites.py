"""Scores by site: a gain on average can hide sites where the cleaner loses, and held-out pages
come from sites nobody here has seen, so the spread over sites is reported beside the mean."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from bench.pages import Page
from bench.quality.metric import DocScore

WORST_SITES = 5


def site_of(page: Page) -> str:
    """The host of the page's URL without ``www.``; the page's own id when it has no URL."""
    host = urlsplit(page.url or "").hostname or ""
    return host.removeprefix("www.") or f"page:{page.id}"


def sites_of(pages: Iterable[Page]) -> dict[str, list[str]]:
    """Page ids by site."""
    by_site: dict[str, list[str]] = defaultdict(list)
    for page in pages:
        by_site[site_of(page)].append(page.id)
    return dict(by_site)


@dataclass
class Sums:
    """Additive sums of per-page scores, so that leaving pages out is a subtraction."""

    precision: float = 0.0
    precision_pages: int = 0
    recall: float = 0.0
    recall_pages: int = 0

    @classmethod
    def of(cls, scores: Iterable[DocScore]) -> Sums:
        sums = cls()
        for score in scores:
            if score.precision is not None:
                sums.precision += score.precision
                sums.precision_pages += 1
            if score.recall is not None:
                sums.recall += score.recall
                sums.recall_pages += 1
        return sums

    def __sub__(self, other: Sums) -> Sums:
        return Sums(
            self.precision - other.precision,
            self.precision_pages - other.precision_pages,
            self.recall - other.recall,
            self.recall_pages - other.recall_pages,
        )

    def means(self) -> tuple[float, float]:
        """Macro precision and recall (0 when no page defines them)."""
        return (
            self.precision / self.precision_pages if self.precision_pages else 0.0,
            self.recall / self.recall_pages if self.recall_pages else 0.0,
        )


@dataclass(frozen=True)
class SiteDelta:
    """One site's macro ΔP and ΔR of a system against a reference."""

    site: str
    pages: int
    precision: float
    recall: float


def site_deltas(
    by_site: dict[str, list[str]],
    system: dict[str, DocScore],
    reference: dict[str, DocScore],
) -> list[SiteDelta]:
    """Per-site deltas, worst precision first."""
    deltas = []
    for site, pids in by_site.items():
        p, r = Sums.of(system[pid] for pid in pids).means()
        p_ref, r_ref = Sums.of(reference[pid] for pid in pids).means()
        deltas.append(SiteDelta(site, len(pids), p - p_ref, r - r_ref))
    return sorted(deltas, key=lambda d: (d.precision, d.recall))


def quantiles(values: Sequence[float], points: Sequence[float]) -> list[float]:
    """Nearest-rank quantiles of ``values`` at ``points`` (0 to 1)."""
    ordered = sorted(values)
    if not ordered:
        return [0.0 for _ in points]
    return [ordered[min(len(ordered) - 1, int(point * len(ordered)))] for point in points]
