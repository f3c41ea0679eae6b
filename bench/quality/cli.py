"""The command line of ``python -m bench.quality``: score, sweep, validate."""

from __future__ import annotations

import argparse
import multiprocessing
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import orjson

from bench.pages import Page, english_pages, resolve_bench_dir
from bench.quality import __doc__ as PACKAGE_DOC
from bench.quality.accounting import RuleStats, account_rules, dump_residue
from bench.quality.data import (
    SWEEP,
    TEXT_MODE,
    EditTuple,
    Extraction,
    clean_all,
    extract_all,
    gather_corpus,
)
from bench.quality.metric import bootstrap, score_doc, tokenize
from bench.quality.report import (
    ci_json,
    print_cross_benchmark,
    print_removals,
    print_rule_table,
    print_site_out,
    print_site_spread,
    print_table,
)
from bench.quality.residue import print_residue_table, residue_table
from bench.quality.sites import site_deltas, sites_of
from bench.quality.validation import (
    chosen_on_all,
    cross_benchmark,
    leave_one_site_out,
    score_candidates,
)


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
        spec = Extraction("html", "cleaner")
    else:
        source = f"trafilatura.extract({TEXT_MODE})"
        spec = Extraction("text", "trafilatura", TEXT_MODE, pass_url=False)
    extracted = extract_all(spec, bench, pages, pool)
    golds = {p.id: p.gold for p in pages}
    systems: dict[str, dict[str, str]] = {"baseline": {pid: t for pid, (t, _) in extracted.items()}}
    if mode == "html":
        # The published "trafilatura alone": its own defaults, not the settings chosen here.
        trafilatura_alone = Extraction("trafilatura defaults")
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
    reference = "trafilatura defaults" if mode == "html" else "baseline"
    spread = site_deltas(sites_of(pages), scores["cleaner"], scores[reference])
    print_site_spread(f"cleaner - {reference}", spread)

    rule_stats: dict[str, RuleStats] = {}
    if all_rules_out:
        rule_stats = account_rules(
            {pid: t for pid, (t, _) in extracted.items()}, all_rules_out, golds
        )
        print_rule_table(rule_stats, defaults)
        for rule_id in args.show_removals or ():
            print_removals(rule_id, rule_stats.get(rule_id))

    residue_rows = []
    if args.residue_classes:
        residue_rows = residue_table(list(pages), systems["cleaner"], scores["cleaner"])
        print_residue_table(
            "residue of cleaner by position and shape (oracle: without those lines)", residue_rows
        )

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
        "per_site": [
            {
                "site": d.site,
                "pages": d.pages,
                "precision_delta": d.precision,
                "recall_delta": d.recall,
            }
            for d in spread
        ],
        "residue_classes": [
            {
                "position": position,
                "shape": shape,
                "pages": n_pages,
                "lines": lines,
                "tokens": tokens,
                "oracle_precision_delta": delta_p,
                "oracle_recall_delta": delta_r,
            }
            for position, shape, n_pages, lines, tokens, delta_p, delta_r in residue_rows
        ],
        "per_rule": {
            rid: {
                "enabled_by_default": defaults.get(rid),
                "docs": len(s.docs),
                "edits": s.edits,
                "kind": "corrections" if s.corrects else "removals",
                "true_removed": s.true_removed,
                "false_removed": s.false_removed,
                "right_corrections": s.right_corrections,
                "wrong_corrections": s.wrong_corrections,
                "undecided_corrections": s.undecided_corrections,
                "precision": s.precision,
                "removal_precision": s.removal_precision,
                "correction_precision": s.correction_precision,
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
        spec = Extraction(label, "trafilatura", kwargs)
        extracted = extract_all(spec, bench, pages, pool)
        systems[label] = [score_doc(extracted[p.id][0], golds[p.id]) for p in pages]
    deltas = [(label, "no comments") for label in systems if label != "no comments"]
    cis = bootstrap(systems, args.bootstrap, deltas)
    print_table(f"== {bench} / html settings sweep: n={len(pages)} English pages", cis)
    return {"benchmark": bench, "mode": "sweep", "n_docs": len(pages), "metrics": ci_json(cis)}


def run_validate(benches: dict[str, Sequence[Page]], pool: Any) -> dict:
    """Cross-benchmark and leave-one-site-out validation of HTML mode's settings."""
    from cleaner.html import SETTINGS

    scored = {name: score_candidates(name, pages, pool) for name, pages in benches.items()}
    cross = cross_benchmark(scored)
    site_out = leave_one_site_out(scored)
    best = chosen_on_all(scored)
    print_cross_benchmark(scored, cross, best, SETTINGS)
    print_site_out(site_out)
    return {
        "mode": "validate",
        "cross_benchmark": {
            name: {
                "settings": str(choice.settings),
                "precision_delta": choice.precision_delta,
                "recall_delta": choice.recall_delta,
            }
            for name, choice in cross.items()
        },
        "leave_one_site_out": {
            "sites": site_out.sites,
            "deltas": site_out.deltas,
            "chosen": {str(s): n for s, n in site_out.chosen.items()},
        },
        "chosen_on_all": str(best),
        "shipped": str(SETTINGS),
    }


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Command-line options (see module docstring)."""
    ap = argparse.ArgumentParser(
        prog="python -m bench.quality", description=PACKAGE_DOC.split("\n")[0]
    )
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
    ap.add_argument(
        "--residue-classes",
        action="store_true",
        help="group the cleaner's residue lines by position and shape, with each group's "
        "oracle ceiling",
    )
    ap.add_argument("--sweep", action="store_true", help="compare trafilatura settings instead")
    ap.add_argument(
        "--validate",
        action="store_true",
        help="choose HTML settings on one benchmark and score them on the other, and by "
        "leave-one-site-out",
    )
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
        if args.validate:
            scored = {bench: english_pages(bench, bench_dir, args.limit)[0] for bench in benches}
            results.append(run_validate(scored, pool))
        for bench in [] if args.validate else benches:
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
