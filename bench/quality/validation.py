"""Choosing HTML mode's extraction settings the way held-out pages will judge them.

The settings that win on the pages they were chosen on are not the settings that win on pages
never seen: the fragment fallback and ``include_tables`` were once chosen on these pages and
pulled navigation into held-out ones. So every candidate (trafilatura's focus, tables in or out,
when the baseline replaces a fragment, when trafilatura's balanced extraction replaces a short
one) is scored as the product runs it, extraction and rules,
and the choice is validated three ways:

* chosen on one benchmark, scored on the other (both directions);
* leave-one-site-out over both benchmarks: for each site, the settings are chosen on every
  other site's pages and the site's own pages are scored with them; the held-out pages together
  estimate what the procedure gives on sites it never saw;
* chosen on all pages: the settings to ship, reported beside the shipped ones.

A candidate's margin on a set of pages is the smaller of its two distances to the target
against trafilatura's defaults: ΔP − 0.02 (two points of precision above them) and ΔR (recall
not below them). The chosen candidate has the largest smallest margin over the benchmarks,
so it must do well on each, not on their average.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import product
from typing import Any

from bench.pages import Page
from bench.quality.data import Extraction, clean_all, extract_all
from bench.quality.metric import DocScore, score_doc
from bench.quality.sites import Sums, sites_of
from cleaner.html import HtmlSettings

TARGET_PRECISION_GAIN = 0.02
FOCUSES = ("recall", "balanced", "precision")
FALLBACKS = ((0, 500, 2.5), (100, 500, 2.5), (250, 500, 2.5), (250, 500, 4.0), (250, 300, 2.5))
# Under how many words of extraction the balanced extraction is tried (0: never).
RETRIES = (0, 150)


def candidates() -> list[HtmlSettings]:
    """Every combination of focus, tables, fallback and balanced retry the validation compares
    (a balanced extraction has nothing to retry)."""
    return [
        HtmlSettings(focus, tables, below, min_words, ratio, retry_below=retry)
        for focus, tables, (below, min_words, ratio), retry in product(
            FOCUSES, (True, False), FALLBACKS, RETRIES
        )
        if not (retry and focus == HtmlSettings.retry_focus)
    ]


def label(settings: HtmlSettings) -> str:
    """A short name: ``recall, tables, fallback <=250w/500w/2.5x``."""
    fallback = (
        f"fallback <={settings.fallback_below}w/{settings.fallback_min_words}w/"
        f"{settings.fallback_ratio:g}x"
        if settings.fallback_below
        else "no fallback"
    )
    retry = f", {settings.retry_focus} <{settings.retry_below}w" if settings.retry_below else ""
    tables = "tables" if settings.include_tables else "no tables"
    return f"{settings.focus}, {tables}, {fallback}{retry}"


@dataclass
class BenchScores:
    """One benchmark's pages scored under every candidate and under trafilatura's defaults."""

    pages: Sequence[Page]
    reference: dict[str, DocScore]
    by_candidate: dict[HtmlSettings, dict[str, DocScore]]


def score_candidates(bench: str, pages: Sequence[Page], pool: Any) -> BenchScores:
    """Extract with each distinct trafilatura setting once, apply each fallback, clean, score.

    Metadata is the shipped extraction's (it does not depend on these settings); the batch pass
    is left out, so the choice does not lean on the repeated-line rule.
    """
    golds = {page.id: page.gold for page in pages}
    metadata = {
        pid: meta
        for pid, (_, meta) in extract_all(Extraction("html", "cleaner"), bench, pages, pool).items()
    }
    whole = {
        pid: text
        for pid, (text, _) in extract_all(
            Extraction("baseline", "baseline"), bench, pages, pool
        ).items()
    }
    reference = extract_all(Extraction("trafilatura defaults"), bench, pages, pool)

    def bare(options: HtmlSettings) -> dict[str, str]:
        extraction = Extraction(label(options), "bare", options.trafilatura_options())
        return {pid: text for pid, (text, _) in extract_all(extraction, bench, pages, pool).items()}

    texts: dict[HtmlSettings, dict[str, str]] = {}
    for settings in candidates():
        # As extract_html does: the balanced retry first, then the baseline for a fragment.
        options = replace(settings, fallback_below=0, retry_below=0)
        extracted = bare(options)
        if settings.retry_below:
            retried = bare(replace(options, focus=settings.retry_focus))
            extracted = {
                pid: retried[pid] if settings.retry_finds_more(text, retried[pid]) else text
                for pid, text in extracted.items()
            }
        texts[settings] = {
            pid: whole[pid] if settings.is_fragment(text, whole[pid]) else text
            for pid, text in extracted.items()
        }
    distinct = {(pid, text) for by_page in texts.values() for pid, text in by_page.items()}
    keys = {pair: str(number) for number, pair in enumerate(sorted(distinct))}
    cleaned = clean_all(
        {key: (text, metadata[pid]) for (pid, text), key in keys.items()}, None, pool
    )
    scores = {key: score_doc(cleaned[key][0], golds[pid]) for (pid, _), key in keys.items()}
    return BenchScores(
        pages,
        {pid: score_doc(text, golds[pid]) for pid, (text, _) in reference.items()},
        {
            settings: {pid: scores[keys[pid, text]] for pid, text in by_page.items()}
            for settings, by_page in texts.items()
        },
    )


def margin(system: Sums, reference: Sums) -> float:
    """The smaller distance to the target: ΔP − 0.02 and ΔR."""
    p, r = system.means()
    p_ref, r_ref = reference.means()
    return min(p - p_ref - TARGET_PRECISION_GAIN, r - r_ref)


@dataclass(frozen=True)
class Choice:
    """The settings a validation chose and the held-out macro P/R deltas they gave."""

    settings: HtmlSettings
    precision_delta: float
    recall_delta: float


def _sums(bench: BenchScores, pids: Sequence[str]) -> tuple[dict[HtmlSettings, Sums], Sums]:
    return (
        {s: Sums.of(by_page[pid] for pid in pids) for s, by_page in bench.by_candidate.items()},
        Sums.of(bench.reference[pid] for pid in pids),
    )


def choose(training: Sequence[tuple[dict[HtmlSettings, Sums], Sums]]) -> HtmlSettings:
    """The candidate whose smallest margin over the training benchmarks is largest (ties: the
    first in ``candidates()``)."""
    return max(
        candidates(),
        key=lambda settings: min(
            margin(by_candidate[settings], reference) for by_candidate, reference in training
        ),
    )


def held_out(bench: BenchScores, settings: HtmlSettings) -> Choice:
    """The deltas of ``settings`` against trafilatura's defaults on all of ``bench``."""
    pids = [page.id for page in bench.pages]
    by_candidate, reference = _sums(bench, pids)
    p, r = by_candidate[settings].means()
    p_ref, r_ref = reference.means()
    return Choice(settings, p - p_ref, r - r_ref)


def cross_benchmark(benches: dict[str, BenchScores]) -> dict[str, Choice]:
    """For each benchmark B: the settings chosen on the other ones, scored on B."""
    whole = {
        name: _sums(bench, [page.id for page in bench.pages]) for name, bench in benches.items()
    }
    return {
        name: held_out(bench, choose([sums for other, sums in whole.items() if other != name]))
        for name, bench in benches.items()
    }


@dataclass(frozen=True)
class SiteOut:
    """Leave-one-site-out: held-out deltas per benchmark and how often each setting won."""

    deltas: dict[str, tuple[float, float]]
    chosen: dict[HtmlSettings, int]
    sites: int


def leave_one_site_out(benches: dict[str, BenchScores]) -> SiteOut:
    """Choose without each site, score the site with that choice; pool the held-out pages."""
    site_pages = {
        name: sites_of(bench.pages) for name, bench in benches.items()
    }  # a host in both benchmarks is one site: it is left out of both at once
    all_sites = sorted({site for by_site in site_pages.values() for site in by_site})
    totals = {name: _sums(bench, [p.id for p in bench.pages]) for name, bench in benches.items()}
    held: dict[str, dict[str, DocScore]] = {name: {} for name in benches}
    chosen: dict[HtmlSettings, int] = {}
    for site in all_sites:
        training = []
        for name, bench in benches.items():
            pids = site_pages[name].get(site, [])
            by_candidate, reference = _sums(bench, pids)
            total_candidates, total_reference = totals[name]
            training.append(
                (
                    {s: total_candidates[s] - by_candidate[s] for s in total_candidates},
                    total_reference - reference,
                )
            )
        settings = choose(training)
        chosen[settings] = chosen.get(settings, 0) + 1
        for name, bench in benches.items():
            for pid in site_pages[name].get(site, []):
                held[name][pid] = bench.by_candidate[settings][pid]
    deltas = {}
    for name, bench in benches.items():
        p, r = Sums.of(held[name].values()).means()
        p_ref, r_ref = Sums.of(bench.reference.values()).means()
        deltas[name] = (p - p_ref, r - r_ref)
    return SiteOut(deltas, chosen, len(all_sites))


def chosen_on_all(benches: dict[str, BenchScores]) -> HtmlSettings:
    """The settings to ship: chosen on every page of every benchmark."""
    return choose([_sums(bench, [p.id for p in bench.pages]) for bench in benches.values()])
