"""Measure how much the cleaner improves extracted article text against human gold text.

Run from the repository root::

    python -m bench.quality                       # both benchmarks, both modes
    python -m bench.quality --benchmark zyte --mode html --per-rule
    python -m bench.quality --sweep               # compare trafilatura settings (HTML baseline)

Metric: the Zyte article-extraction metric (see ``zyte/README.rst`` in the bench folder), so our
numbers line up with the published table.

* Tokens are ``\\w+`` matches (Unicode, case kept, as Zyte does); shingles are 4-grams of
  consecutive tokens. A text with 1-3 tokens yields its whole token tuple as its one shingle, so
  very short outputs still score instead of silently vanishing; a text with no token has none.
* Per document, over the shingle multisets (``Counter`` intersection):
  precision = |pred ∩ gold| / |pred|, recall = |pred ∩ gold| / |gold|. Each document weighs 1.
* Empty prediction: precision is undefined and the document is left out of the precision mean,
  recall is 0 (Zyte's convention). Empty gold: the page is not scored at all (it cannot be
  language-checked either; only WCXB 4681 and 4893 are affected).
* P and R are macro-averaged over documents; F1 is the harmonic mean of the two means.
* 95% CIs are percentile bootstraps over documents; deltas (cleaner - baseline, and in HTML
  mode cleaner - trafilatura defaults, the published "trafilatura alone") use paired
  resamples, so a CI excluding 0 means a real difference on this page sample.

Language: only English pages are scored. py3langid on the gold text is used because the
``<html lang>`` attribute is missing on 30/181 Zyte pages and wrong on 4 (2 German pages say
``en``, 2 English pages say ``de``). Gold-text py3langid keeps 161/181 Zyte pages and
709/711 WCXB-dev pages (the 2 dropped have empty gold); ``<html lang>`` would keep 134 and 689.

Per-rule accounting (``--per-rule``, all rules enabled): an edit "destroys" the shingles of
``context + removed + context`` that are not in ``context + inserted + context`` (4 tokens of
context each side, so a one-word removal still forms 4-grams; context comes from the final output
when the sorted edit log replays to it, else from the input). A destroyed shingle is a
false removal when the gold text has more copies of it than the final output keeps (each such
missing copy is charged once), otherwise a true removal. Rule precision = true / (true + false).

Extraction outputs are cached in ``.cache/quality/`` (gitignored), keyed by trafilatura version,
settings and, for ``cleaner.html.extract_html``, a hash of the cleaner's source; delete the
folder to force a rerun.
"""

from __future__ import annotations

import argparse
import bisect
import gzip
import hashlib
import importlib.util
import multiprocessing
import random
import re
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import orjson

try:
    from bench.pages import Page, english_pages, resolve_bench_dir
except ModuleNotFoundError:  # loaded from its file, as tests/test_quality_metric.py does
    sys.path.append(str(Path(__file__).resolve().parent.parent))
    from bench.pages import Page, english_pages, resolve_bench_dir

REPO_ROOT = Path(__file__).resolve().parent.parent
CACHE_DIR = REPO_ROOT / ".cache" / "quality"
SHINGLE_N = 4
TOKEN_RE = re.compile(r"\w+")
PRECISION_FLAG = 0.95

# ---------------------------------------------------------------------------------------------
# Metric


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


# ---------------------------------------------------------------------------------------------
# Extraction (multiprocessing + on-disk cache)

NO_COMMENTS = {"output_format": "txt", "include_comments": False, "include_tables": True}
# cleaner.html.extract_html's settings, chosen with --sweep: comments out, tables in, recall
# favoured; kept here so the sweep shows them beside the alternatives.
HTML_SETTINGS = {**NO_COMMENTS, "favor_recall": True}
TEXT_MODE = {"favor_recall": True, "include_comments": False}
META_FIELDS = ("title", "author", "date", "sitename", "url", "hostname", "description")
SWEEP: dict[str, dict[str, Any]] = {
    "trafilatura defaults": {},
    "no comments": NO_COMMENTS,
    "no comments, no tables": {**NO_COMMENTS, "include_tables": False},
    "no comments, favor_precision": {**NO_COMMENTS, "favor_precision": True},
    "no comments, favor_recall": HTML_SETTINGS,
    "no comments, deduplicate": {**NO_COMMENTS, "deduplicate": True},
    "no comments, precision+dedup": {**NO_COMMENTS, "favor_precision": True, "deduplicate": True},
}


@dataclass(frozen=True)
class Extraction:
    """How a page becomes text: cleaner.html.extract_html, or trafilatura with ``kwargs``."""

    label: str
    use_cleaner_html: bool = False
    kwargs: dict[str, Any] = field(default_factory=dict)
    pass_url: bool = True
    with_metadata: bool = True  # only the HTML mode hands metadata to the cleaner

    def cache_key(self) -> str:
        """Changes whenever the output could: trafilatura version, settings, cleaner source."""
        import trafilatura

        parts: dict[str, Any] = {
            "trafilatura": trafilatura.__version__,
            "kwargs": self.kwargs,
            "pass_url": self.pass_url,
            "with_metadata": self.with_metadata,
            "cleaner_html": _cleaner_source_hash() if self.use_cleaner_html else None,
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
    if spec.use_cleaner_html:
        from cleaner.html import extract_html

        text, metadata = extract_html(html, url)
        return pid, text or "", orjson.loads(orjson.dumps(metadata or {}, default=str))
    import trafilatura

    text = trafilatura.extract(html, url=url if spec.pass_url else None, **spec.kwargs) or ""
    if not spec.with_metadata:
        return pid, text, {}
    meta = trafilatura.extract_metadata(html, default_url=url if spec.pass_url else None)
    found = meta.as_dict() if meta else {}
    return pid, text, {k: found[k] for k in META_FIELDS if found.get(k)}


def extract_all(
    spec: Extraction, bench: str, pages: Sequence[Page], pool: Any
) -> dict[str, tuple[str, dict]]:
    """Extract pages through the cache; only missing pages hit the worker pool.

    cleaner.html caches are keyed by the cleaner's source, which changes with every edit to it,
    so older ones are deleted when a new one is written.
    """
    prefix = f"{bench}-{'cleaner' if spec.use_cleaner_html else 'trafilatura'}-"
    cache_path = CACHE_DIR / f"{prefix}{spec.cache_key()}.json"
    cached: dict[str, list] = orjson.loads(cache_path.read_bytes()) if cache_path.exists() else {}
    todo = [(spec, p.id, p.url, p.html_path) for p in pages if p.id not in cached]
    if todo:
        for pid, text, meta in pool.imap_unordered(_extract_one, todo, chunksize=4):
            cached[pid] = [text, meta]
        CACHE_DIR.mkdir(parents=True, exist_ok=True)
        if spec.use_cleaner_html:
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


# ---------------------------------------------------------------------------------------------
# Per-rule accounting


@dataclass
class RuleStats:
    """What one rule did across a benchmark: where it fired and what it removed."""

    docs: set[str] = field(default_factory=set)
    edits: int = 0
    true_removed: int = 0
    false_removed: int = 0
    unreplayable: int = 0  # edits in docs where replaying the edit log != output
    removals: list[tuple[str, int, int, str]] = field(
        default_factory=list
    )  # pid, true, false, text

    @property
    def precision(self) -> float | None:
        total = self.true_removed + self.false_removed
        return self.true_removed / total if total else None


CONTEXT_TOKENS = 4


def destroyed_shingles(left: str, removed: str, inserted: str, right: str) -> Counter:
    """Shingles an edit takes away: in ``left+removed+right`` but not ``left+inserted+right``."""
    before = shingles(tokenize(left + removed + right))
    return before - shingles(tokenize(left + inserted + right))


def replays(text: str, out_text: str, edits: Sequence[EditTuple]) -> bool:
    """Whether the edit log turns the input into the output, checked by the cleaner's own
    reconstruction (which also checks that every edit quotes the input)."""
    from cleaner.edits import Edit, apply_edits, reconstruct

    log = [Edit(*edit) for edit in edits]
    try:
        return reconstruct(out_text, log) == text and apply_edits(text, log) == out_text
    except ValueError:
        return False


def edit_contexts(text: str, out_text: str, edits: Sequence[EditTuple]) -> list[tuple[str, str]]:
    """Up to CONTEXT_TOKENS tokens either side of each (sorted) edit.

    Taken from the final output when replaying the edits reproduces it, so text removed by a
    neighbouring edit is not blamed on this one; otherwise from the input when the edit quotes
    it correctly, else no context.
    """
    replayable = replays(text, out_text, edits)
    base = out_text if replayable else text
    spans = [m.span() for m in TOKEN_RE.finditer(base)]
    starts, ends = [a for a, _ in spans], [b for _, b in spans]
    contexts, shift = [], 0
    for _, start, end, removed, inserted in edits:
        if replayable:
            a, b = start + shift, start + shift + len(inserted)
            shift += len(inserted) - len(removed)
        elif text[start:end] == removed:
            a, b = start, end
        else:
            contexts.append(("", ""))
            continue
        i = bisect.bisect_left(starts, a)
        left_from = starts[max(0, i - CONTEXT_TOKENS)] if i else a
        j = bisect.bisect_right(ends, b)
        right_to = ends[min(len(ends) - 1, j + CONTEXT_TOKENS - 1)] if j < len(ends) else b
        contexts.append((base[left_from:a], base[b:right_to]))
    return contexts


def account_rules(
    inputs: dict[str, str],
    outputs: dict[str, tuple[str, list[EditTuple]]],
    golds: dict[str, str],
) -> dict[str, RuleStats]:
    """Charge each destroyed shingle to its rule as a true or false removal (see docstring)."""
    stats: dict[str, RuleStats] = {}
    for pid, (out_text, raw_edits) in outputs.items():
        text = inputs[pid]
        edits = sorted(raw_edits, key=lambda e: (e[1], e[2]))
        missing = shingles(tokenize(golds[pid])) - shingles(tokenize(out_text))
        replayable = replays(text, out_text, edits)
        for edit, (left, right) in zip(edits, edit_contexts(text, out_text, edits), strict=True):
            rule = stats.setdefault(edit[0], RuleStats())
            rule.docs.add(pid)
            rule.edits += 1
            rule.unreplayable += not replayable
            false_here = true_here = 0
            for shingle, count in destroyed_shingles(left, edit[3], edit[4], right).items():
                charged = min(count, missing[shingle])
                missing[shingle] -= charged
                false_here += charged
                true_here += count - charged
            rule.false_removed += false_here
            rule.true_removed += true_here
            rule.removals.append((pid, true_here, false_here, edit[3]))
    return stats


# ---------------------------------------------------------------------------------------------
# Residue dump


def residue_lines(output: str, gold: str) -> list[str]:
    """Output lines mostly absent from gold: under half their shingles appear in it.

    Lines of 1-3 tokens are looked up as whole k-grams among gold's k-grams; token-less lines
    are skipped since the metric cannot see them.
    """
    gold_tokens = tokenize(gold)
    gold_grams: dict[int, set[tuple[str, ...]]] = {}

    def grams(k: int) -> set[tuple[str, ...]]:
        if k not in gold_grams:
            gold_grams[k] = {tuple(gold_tokens[i : i + k]) for i in range(len(gold_tokens) - k + 1)}
        return gold_grams[k]

    residue = []
    for line in output.splitlines():
        tokens = tokenize(line)
        if not tokens:
            continue
        k = min(len(tokens), SHINGLE_N)
        line_grams = [tuple(tokens[i : i + k]) for i in range(len(tokens) - k + 1)]
        hits = sum(g in grams(k) for g in line_grams)
        if hits * 2 < len(line_grams):
            residue.append(line)
    return residue


def dump_residue(
    out_dir: Path,
    pages: Sequence[Page],
    outputs: dict[str, str],
    scores: dict[str, DocScore],
) -> None:
    """One file per page with its residue lines, plus index.tsv sorted by residue size."""
    out_dir.mkdir(parents=True, exist_ok=True)
    rows = []
    for page in pages:
        lines = residue_lines(outputs[page.id], page.gold)
        s = scores[page.id]
        header = f"# {page.id} {page.url or ''}\n# precision={s.precision} recall={s.recall}\n"
        (out_dir / f"{page.id}.txt").write_text(header + "\n".join(lines) + "\n", "utf-8")
        rows.append((sum(len(tokenize(line)) for line in lines), len(lines), page.id))
    rows.sort(reverse=True)
    index = "residue_tokens\tresidue_lines\tid\n" + "".join(
        f"{t}\t{n}\t{pid}\n" for t, n, pid in rows
    )
    (out_dir / "index.tsv").write_text(index, "utf-8")


# ---------------------------------------------------------------------------------------------
# Reporting


def fmt_interval(iv: Interval, signed: bool = False) -> str:
    """``0.912 [0.901, 0.922]``; deltas get explicit signs."""
    f = "{:+.3f}" if signed else "{:.3f}"
    return f"{f.format(iv.value)} [{f.format(iv.low)}, {f.format(iv.high)}]"


def print_table(title: str, cis: dict[str, dict[str, Interval]]) -> None:
    """One row per system (and per paired delta): P, R, F1 with 95% CIs."""
    print(f"\n{title}")
    width = max(len(name) for name in cis) + 2
    print(f"{'system':<{width}}{'P':<25}{'R':<25}{'F1':<25}")
    for name, row in cis.items():
        signed = name.startswith("delta:")
        cells = "".join(
            f"{fmt_interval(row[m], signed):<25}" for m in ("precision", "recall", "f1")
        )
        print(f"{name:<{width}}{cells}")


def print_rule_table(stats: dict[str, RuleStats], defaults: dict[str, bool]) -> None:
    """Per-rule removal precision; '!' marks default-on rules below PRECISION_FLAG."""
    print(
        f"\n{'rule':<32}{'default':<9}{'docs':>6}{'edits':>7}{'true':>9}{'false':>8}"
        f"{'precision':>11}"
    )
    for rule_id in sorted(set(stats) | set(defaults)):
        s = stats.get(rule_id, RuleStats())
        prec = s.precision
        on = defaults.get(rule_id)
        flag = "!" if on and prec is not None and prec < PRECISION_FLAG else ""
        default = "?" if on is None else ("on" if on else "off")
        prec_s = f"{prec:.3f}" if prec is not None else "-"
        note = f"  ({s.unreplayable} edits in docs whose edit log does not replay to the output)"
        print(
            f"{rule_id:<32}{default:<9}{len(s.docs):>6}{s.edits:>7}{s.true_removed:>9}"
            f"{s.false_removed:>8}{prec_s:>10}{flag:1}" + (note if s.unreplayable else "")
        )


def print_removals(rule_id: str, stats: RuleStats | None) -> None:
    """Every edit of one rule, false removals first, to see what it takes that gold keeps."""
    print(f"\n-- removals by {rule_id} (true/false shingles, removed text)")
    for pid, true, false, removed in sorted(stats.removals if stats else [], key=lambda r: -r[2]):
        print(f"{pid[:12]:<12} {true:>4} {false:>4}  {removed.strip()[:160]!r}")


def ci_json(cis: dict[str, dict[str, Interval]]) -> dict:
    """Intervals as plain dicts for --json."""
    return {
        name: {m: {"value": iv.value, "low": iv.low, "high": iv.high} for m, iv in row.items()}
        for name, row in cis.items()
    }


# ---------------------------------------------------------------------------------------------
# Runs


def run_mode(
    bench: str,
    mode: str,
    pages: Sequence[Page],
    args: argparse.Namespace,
    pool: Any,
) -> dict:
    """Score baseline and cleaner (and, with --per-rule, all rules) on one benchmark x mode."""
    if mode == "html":
        source = "cleaner.html.extract_html"
        spec = Extraction("html", use_cleaner_html=True)
    else:
        source = f"trafilatura.extract({TEXT_MODE})"
        spec = Extraction("text", False, TEXT_MODE, pass_url=False, with_metadata=False)
    extracted = extract_all(spec, bench, pages, pool)
    golds = {p.id: p.gold for p in pages}
    systems: dict[str, dict[str, str]] = {"baseline": {pid: t for pid, (t, _) in extracted.items()}}
    if mode == "html":
        # The published "trafilatura alone": its own defaults, not the settings chosen here.
        trafilatura_alone = Extraction("trafilatura-defaults", with_metadata=False)
        systems["trafilatura defaults"] = {
            pid: text
            for pid, (text, _) in extract_all(trafilatura_alone, bench, pages, pool).items()
        }

    all_rules_out: dict[str, tuple[str, list[EditTuple]]] = {}
    defaults: dict[str, bool] = {}
    urls = {page.id: page.url for page in pages}
    inputs = {
        # With --corpus, text mode carries the page's URL as a pipeline would.
        pid: (text, meta if mode == "html" else ({"url": urls[pid]} if args.corpus else None))
        for pid, (text, meta) in extracted.items()
    }
    corpus = gather_corpus(inputs) if args.corpus else None
    cleaned = clean_all(inputs, None, pool, corpus)
    systems["cleaner"] = {pid: text for pid, (text, _) in cleaned.items()}
    if args.per_rule:
        from cleaner.registry import all_rules

        rules = list(all_rules())
        defaults = {r.id: bool(r.enabled_by_default) for r in rules}
        all_rules_out = clean_all(inputs, tuple(r.id for r in rules), pool, corpus)
        systems["cleaner[all rules]"] = {pid: t for pid, (t, _) in all_rules_out.items()}

    order = [p.id for p in pages]
    scores = {
        name: {pid: score_doc(outputs[pid], golds[pid]) for pid in order}
        for name, outputs in systems.items()
    }
    deltas = [(name, "baseline") for name in systems if name != "baseline"]
    if mode == "html":
        deltas.append(("cleaner", "trafilatura defaults"))
    cis = bootstrap(
        {name: [s[pid] for pid in order] for name, s in scores.items()}, args.bootstrap, deltas
    )
    empty = {
        name: sum(not tokenize(outputs[pid]) for pid in order) for name, outputs in systems.items()
    }
    print_table(
        f"== {bench} / {mode}: n={len(pages)} English pages; extraction: {source}; "
        f"empty outputs: {empty}",
        cis,
    )

    rule_stats: dict[str, RuleStats] = {}
    if all_rules_out:
        rule_stats = account_rules(
            {pid: t for pid, (t, _) in extracted.items()}, all_rules_out, golds
        )
        print_rule_table(rule_stats, defaults)
        for rule_id in args.show_removals or ():
            print_removals(rule_id, rule_stats.get(rule_id))

    if args.dump_residue:
        target = Path(args.dump_residue) / f"{bench}-{mode}-cleaner"
        dump_residue(target, pages, systems["cleaner"], scores["cleaner"])
        print(f"residue of cleaner written to {target}")

    return {
        "benchmark": bench,
        "mode": mode,
        "n_docs": len(pages),
        "extraction": source,
        "metrics": ci_json(cis),
        "per_doc": {
            name: {pid: [s.precision, s.recall] for pid, s in by_doc.items()}
            for name, by_doc in scores.items()
        },
        "per_rule": {
            rid: {
                "enabled_by_default": defaults.get(rid),
                "docs": len(s.docs),
                "edits": s.edits,
                "true_removed": s.true_removed,
                "false_removed": s.false_removed,
                "precision": s.precision,
                "unreplayable": s.unreplayable,
            }
            for rid, s in rule_stats.items()
        },
    }


def run_sweep(bench: str, pages: Sequence[Page], args: argparse.Namespace, pool: Any) -> dict:
    """HTML baseline under each trafilatura setting in SWEEP, to pick the project's defaults."""
    golds = {p.id: p.gold for p in pages}
    systems = {}
    for label, kwargs in SWEEP.items():
        spec = Extraction(label, False, kwargs, with_metadata=False)
        extracted = extract_all(spec, bench, pages, pool)
        systems[label] = [score_doc(extracted[p.id][0], golds[p.id]) for p in pages]
    deltas = [(label, "no comments") for label in systems if label != "no comments"]
    cis = bootstrap(systems, args.bootstrap, deltas)
    print_table(f"== {bench} / html settings sweep: n={len(pages)} English pages", cis)
    return {"benchmark": bench, "mode": "sweep", "n_docs": len(pages), "metrics": ci_json(cis)}


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Command-line options (see module docstring)."""
    ap = argparse.ArgumentParser(prog="python -m bench.quality", description=__doc__.split("\n")[0])
    ap.add_argument(
        "--bench-dir", help="benchmark data (default: $CLEANER_BENCH_DIR or ../shared/bench)"
    )
    ap.add_argument("--benchmark", choices=["zyte", "wcxb", "all"], default="all")
    ap.add_argument("--mode", choices=["html", "text", "all"], default="all")
    ap.add_argument("--limit", type=int, help="score only the first N English pages per benchmark")
    ap.add_argument("--bootstrap", type=int, default=1000, help="bootstrap resamples (0: none)")
    ap.add_argument(
        "--per-rule", action="store_true", help="all rules on, removal precision per rule"
    )
    ap.add_argument("--json", metavar="OUT", help="write all results as JSON")
    ap.add_argument("--workers", type=int, default=2, help="extraction/cleaning processes")
    ap.add_argument("--dump-residue", metavar="DIR", help="write non-gold output lines per page")
    ap.add_argument("--sweep", action="store_true", help="compare trafilatura settings instead")
    ap.add_argument(
        "--corpus",
        action="store_true",
        help="gather line counts over each benchmark as one batch first (repeated-line rule)",
    )
    ap.add_argument(
        "--show-removals",
        metavar="RULE",
        type=lambda value: value.split(","),
        help="with --per-rule: list every edit of these rules with its true/false shingles",
    )
    return ap.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point for ``python -m bench.quality``."""
    args = parse_args(argv)
    bench_dir = resolve_bench_dir(args.bench_dir)
    if not bench_dir.is_dir():
        print(f"benchmark data not found at {bench_dir} (set --bench-dir or CLEANER_BENCH_DIR)")
        return 2
    benches = ["zyte", "wcxb"] if args.benchmark == "all" else [args.benchmark]
    modes = ["html", "text"] if args.mode == "all" else [args.mode]
    results = []
    with multiprocessing.Pool(args.workers) as pool:
        for bench in benches:
            pages, total = english_pages(bench, bench_dir, args.limit)
            print(f"\n{bench}: {len(pages)} of {total} pages scored (English by py3langid on gold)")
            if args.sweep:
                results.append(run_sweep(bench, pages, args, pool))
                continue
            for mode in modes:
                results.append(run_mode(bench, mode, pages, args, pool))
    if args.json:
        Path(args.json).write_bytes(orjson.dumps(results, option=orjson.OPT_INDENT_2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
