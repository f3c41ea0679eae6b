"""Printing the harness's tables: systems with intervals, rules, removals."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bench.quality.accounting import RuleStats
from bench.quality.metric import Interval
from bench.quality.sites import WORST_SITES, SiteDelta, quantiles

if TYPE_CHECKING:
    from bench.quality.validation import BenchScores, Choice, SiteOut
    from cleaner.html import HtmlSettings

PRECISION_FLAG = 0.95


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
    """Per-rule precision of removals (true/false shingles) and of corrections (right/wrong,
    undecided aside), side by side: a repair rule both removes and respells. '!' marks
    default-on rules whose removals fall below PRECISION_FLAG. Corrections are not flagged: a
    page's gold prints the page's own typos and mojibake, so a right fix reads as wrong there;
    ``python -m bench.spelling`` measures spelling fixes."""
    print(
        f"\n{'rule':<32}{'default':<9}{'docs':>6}{'edits':>7}{'true':>7}{'false':>7}"
        f"{'removal P':>11}{'right':>7}{'wrong':>7}{'undecided':>10}{'correction P':>14}"
    )
    for rule_id in sorted(set(stats) | set(defaults)):
        s = stats.get(rule_id, RuleStats())
        on = defaults.get(rule_id)
        removal, correction = s.removal_precision, s.correction_precision
        flag = "!" if on and removal is not None and removal < PRECISION_FLAG else ""
        default = "?" if on is None else ("on" if on else "off")
        note = f"  ({s.unreplayable} edits in docs whose edit log does not replay to the output)"
        print(
            f"{rule_id:<32}{default:<9}{len(s.docs):>6}{s.edits:>7}{s.true_removed:>7}"
            f"{s.false_removed:>7}{fmt_share(removal):>10}{flag:1}{s.right_corrections:>7}"
            f"{s.wrong_corrections:>7}{s.undecided_corrections:>10}{fmt_share(correction):>14}"
            + (note if s.unreplayable else "")
        )


def fmt_share(value: float | None) -> str:
    """A precision to three places, or '-' when nothing was judged."""
    return "-" if value is None else f"{value:.3f}"


def print_removals(rule_id: str, stats: RuleStats | None) -> None:
    """Every edit of one rule, false removals and wrong corrections first, to see what it
    takes or respells that gold keeps."""
    print(f"\n-- removals by {rule_id} (true/false shingles, removed text)")
    for pid, true, false, removed in sorted(stats.removals if stats else [], key=lambda r: -r[2]):
        print(f"{pid[:12]:<12} {true:>4} {false:>4}  {removed.strip()[:160]!r}")
    order = {"wrong": 0, "undecided": 1, "right": 2}
    corrections = sorted(stats.corrections if stats else [], key=lambda c: order[c[1]])
    if corrections:
        print(f"-- corrections by {rule_id} (verdict, text with context -> inserted)")
    for pid, verdict, before, inserted in corrections:
        print(f"{pid[:12]:<12} {verdict:<9}  {before.strip()[:120]!r} -> {inserted!r}")


def ci_json(cis: dict[str, dict[str, Interval]]) -> dict:
    """Intervals as plain dicts for --json."""
    return {
        name: {m: {"value": iv.value, "low": iv.low, "high": iv.high} for m, iv in row.items()}
        for name, row in cis.items()
    }


def print_site_spread(title: str, deltas: list[SiteDelta]) -> None:
    """The distribution of per-site ΔP and the sites where the cleaner does worst."""
    if not deltas:
        return
    points = (0.0, 0.1, 0.5, 0.9)
    dp = quantiles([d.precision for d in deltas], points)
    losing = sum(d.precision < 0 for d in deltas)
    print(
        f"per-site ΔP ({title}), {len(deltas)} sites: min {dp[0]:+.3f}, p10 {dp[1]:+.3f}, "
        f"median {dp[2]:+.3f}, p90 {dp[3]:+.3f}; {losing} sites below 0"
    )
    for d in deltas[:WORST_SITES]:
        print(
            f"  worst: {d.site:<40} pages {d.pages:>3}  ΔP {d.precision:+.3f}  ΔR {d.recall:+.3f}"
        )


def print_cross_benchmark(
    scored: dict[str, BenchScores],
    cross: dict[str, Choice],
    best: HtmlSettings,
    shipped: HtmlSettings,
) -> None:
    """Every candidate's deltas on each benchmark, then what each choice gives held out."""
    from bench.quality.validation import held_out, label

    names = list(scored)
    print("\n== HTML settings against trafilatura's defaults (cleaner = extraction + rules)")
    print(f"{'settings':<52}" + "".join(f"{name + ' ΔP':>12}{name + ' ΔR':>12}" for name in names))
    for settings in next(iter(scored.values())).by_candidate:
        cells = "".join(
            f"{c.precision_delta:>+12.3f}{c.recall_delta:>+12.3f}"
            for c in (held_out(scored[name], settings) for name in names)
        )
        marks = ("  <- shipped" if settings == shipped else "") + (
            "  <- chosen on all pages" if settings == best else ""
        )
        print(f"{label(settings):<52}{cells}{marks}")
    print("\n== cross-benchmark: chosen on the other benchmark, scored on this one")
    for name, choice in cross.items():
        print(
            f"{name:<8} {label(choice.settings):<52} ΔP {choice.precision_delta:+.3f}  "
            f"ΔR {choice.recall_delta:+.3f}"
        )


def print_site_out(site_out: SiteOut) -> None:
    """Held-out deltas of leave-one-site-out and how often each setting was chosen."""
    from bench.quality.validation import label

    print(
        f"\n== leave-one-site-out over {site_out.sites} sites (each scored with settings chosen without it)"
    )
    for name, (dp, dr) in site_out.deltas.items():
        print(f"{name:<8} ΔP {dp:+.3f}  ΔR {dr:+.3f}")
    for settings, times in sorted(site_out.chosen.items(), key=lambda item: -item[1]):
        print(f"  chosen {times:>4} times: {label(settings)}")
