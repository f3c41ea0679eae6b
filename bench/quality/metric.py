"""The Zyte article-extraction metric: shingle precision and recall, macro averages, and paired
bootstrap intervals, so our figures line up with the published table (see the package docstring).
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

SHINGLE_N = 4
TOKEN_RE = re.compile(r"\w+")


def tokenize(text: str) -> list[str]:
    """Split into ``\\w+`` tokens, the Zyte tokenisation (language-agnostic, case kept)."""
    return TOKEN_RE.findall(text)


def shingles(tokens: Sequence[str], n: int = SHINGLE_N) -> Counter[tuple[str, ...]]:
    """Multiset of n-grams; fewer than n tokens give one shingle of all of them."""
    if len(tokens) < n:
        return Counter([tuple(tokens)]) if tokens else Counter()
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


@dataclass(frozen=True)
class DocScore:
    """Per-document precision/recall; None means undefined (left out of that mean)."""

    precision: float | None
    recall: float | None


def score_doc(pred: str, gold: str) -> DocScore:
    """Shingle-multiset precision and recall of one prediction against its gold text."""
    p, g = shingles(tokenize(pred)), shingles(tokenize(gold))
    tp = sum((p & g).values())
    n_pred, n_gold = sum(p.values()), sum(g.values())
    return DocScore(tp / n_pred if n_pred else None, tp / n_gold if n_gold else None)


@dataclass(frozen=True)
class Prf:
    """Macro precision, recall and F1 of the two means."""

    precision: float
    recall: float
    f1: float


def _mean(values: Iterable[float | None]) -> float:
    kept = [v for v in values if v is not None]
    return sum(kept) / len(kept) if kept else 0.0


def aggregate(scores: Sequence[DocScore]) -> Prf:
    """Macro-average P and R over documents; F1 is the harmonic mean of the means (Zyte)."""
    p = _mean(s.precision for s in scores)
    r = _mean(s.recall for s in scores)
    return Prf(p, r, 2 * p * r / (p + r) if p + r else 0.0)


@dataclass(frozen=True)
class Interval:
    """A point estimate with its bootstrap 95% interval."""

    value: float
    low: float
    high: float


def _percentile(sorted_values: Sequence[float], q: float) -> float:
    idx = q * (len(sorted_values) - 1)
    lo = int(idx)
    hi = min(lo + 1, len(sorted_values) - 1)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (idx - lo)


def bootstrap(
    systems: dict[str, Sequence[DocScore]],
    n_resamples: int,
    deltas: Sequence[tuple[str, str]] = (),
    seed: int = 0,
) -> dict[str, dict[str, Interval]]:
    """Percentile 95% CIs of P/R/F1 per system, plus a paired ``delta:<system> - <reference>``
    for each (system, reference) in ``deltas``.

    All systems share each resample of document indices, which is what makes deltas paired.
    """
    names = list(systems)
    n_docs = len(next(iter(systems.values()))) if systems else 0
    points = {name: aggregate(scores) for name, scores in systems.items()}
    draws: dict[str, list[Prf]] = {name: [] for name in names}
    rng = random.Random(seed)
    for _ in range(n_resamples if n_docs else 0):
        idx = rng.choices(range(n_docs), k=n_docs)
        for name in names:
            scores = systems[name]
            draws[name].append(aggregate([scores[i] for i in idx]))

    def interval(point: float, samples: list[float]) -> Interval:
        if not samples:
            return Interval(point, point, point)
        samples = sorted(samples)
        return Interval(point, _percentile(samples, 0.025), _percentile(samples, 0.975))

    out: dict[str, dict[str, Interval]] = {}
    for name in names:
        out[name] = {
            m: interval(getattr(points[name], m), [getattr(d, m) for d in draws[name]])
            for m in ("precision", "recall", "f1")
        }
    for name, reference in deltas:
        out[f"delta:{name} - {reference}"] = {
            m: interval(
                getattr(points[name], m) - getattr(points[reference], m),
                [
                    getattr(a, m) - getattr(b, m)
                    for a, b in zip(draws[name], draws[reference], strict=True)
                ],
            )
            for m in ("precision", "recall", "f1")
        }
    return out
