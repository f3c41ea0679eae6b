"""Renderers of one run's ``Statistics``: the ``--statistics`` table, ``--stats-json`` and the
``--report`` HTML page, as ruff prints one set of messages in several formats.

The page is one self-contained file: inline CSS and SVG, no script, nothing fetched, so it
opens offline and from an archive, and its size is bounded by the number of rules, not of
documents.
"""

from __future__ import annotations

import json
from html import escape

import orjson

from cleaner.registry import all_rules
from cleaner.rule import Rule
from cleaner.stats import BINS, Sample, Statistics


def render_text(stats: Statistics) -> str:
    """``--statistics``: one line per rule, most edits first, like ruff's."""
    header = ("edits", "docs", "removed", "inserted", "filled", "rule")
    rows = [
        (str(c.edits), str(c.documents), str(c.removed), str(c.inserted), str(c.filled), rule)
        for rule, c in stats.ranked()
    ]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(5)]
    lines = [
        "  ".join(
            [*(cell.rjust(width) for cell, width in zip(row[:5], widths, strict=True)), row[5]]
        )
        for row in [header, *rows]
    ]
    total = (
        f"{stats.documents} documents, {stats.changed} changed, {stats.edits} edits, "
        f"{stats.removed} of {stats.characters_in} characters removed"
    )
    return "\n".join([*lines, total]) + "\n"


def render_json(stats: Statistics) -> bytes:
    """``--stats-json``: the whole model, which ``Statistics.from_dict`` reads back to merge."""
    data = stats.to_dict()
    try:
        return orjson.dumps(data, option=orjson.OPT_INDENT_2) + b"\n"
    except TypeError:
        # a sample holds a lone surrogate (half of an emoji cut in two): JSON escapes it
        return json.dumps(data, indent=2, ensure_ascii=True).encode("ascii") + b"\n"


CSS = """
body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:72em;padding:0 1em;color:#222}
h1{font-size:1.5em}h2{font-size:1.2em;margin-top:2em}table{border-collapse:collapse}
td,th{padding:.2em .6em;text-align:right;border-bottom:1px solid #ddd}
td:first-child,th:first-child{text-align:left}svg text{font:12px system-ui,sans-serif}
.sample{font:12px/1.4 ui-monospace,monospace;white-space:pre-wrap;background:#f6f6f6;
padding:.4em .6em;margin:.3em 0;border-left:3px solid #c33}
.sample del{background:#fcc;text-decoration:none}.sample ins{background:#cfc;text-decoration:none}
.meta{color:#666;font-size:12px}.off{color:#888}
"""


def render_html(stats: Statistics) -> str:
    """``--report``: totals, characters removed per rule, the share of text removed per
    document, and each rule's sampled removals in context, largest first."""
    known = {rule.id: rule for rule in all_rules()}
    ranked = sorted(stats.rules.items(), key=lambda item: (-item[1].removed, item[0]))
    totals = [
        ("documents", "documents", stats.documents),
        ("changed", "documents changed", stats.changed),
        ("edits", "edits", stats.edits),
        ("characters_in", "characters in", stats.characters_in),
        ("characters_out", "characters out", stats.characters_out),
        ("removed", "characters removed", stats.removed),
    ]
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width">',
        "<title>clean report</title>",
        f"<style>{CSS}</style></head><body>",
        "<h1>What <code>clean</code> removed</h1>",
        "<table id='totals'>",
        *(
            f"<tr><th>{label}</th><td data-total='{key}'>{value}</td></tr>"
            for key, label, value in totals
        ),
        "</table>",
        "<h2>Characters removed per rule</h2>",
        _bar_chart([(rule, counts.removed) for rule, counts in ranked]),
        "<h2>Share of text removed per document</h2>",
        _histogram(stats.share_removed),
        "<h2>Rules</h2>",
        _rule_table(stats, ranked),
        "<h2>Removals in context, largest first</h2>",
        *(_rule_samples(rule, stats.samples(rule), known.get(rule)) for rule, _ in ranked),
        "<h2>Rule documentation</h2>",
        *(_rule_doc(rule, known.get(rule)) for rule, _ in ranked),
        "</body></html>",
    ]
    return "\n".join(parts) + "\n"


def _bar_chart(bars: list[tuple[str, int]]) -> str:
    if not bars:
        return "<p>No rule removed anything.</p>"
    top = max(value for _, value in bars) or 1
    label_width, bar_width, height = 190, 480, 20
    rows = []
    for number, (rule, value) in enumerate(bars):
        y = number * height
        width = round(bar_width * value / top)
        rows.append(
            f"<text x='{label_width - 6}' y='{y + 14}' text-anchor='end'>{escape(rule)}</text>"
            f"<rect x='{label_width}' y='{y + 3}' width='{width}' height='{height - 6}' "
            f"fill='#c33'><title>{escape(rule)}: {value}</title></rect>"
            f"<text x='{label_width + width + 4}' y='{y + 14}' data-removed='{escape(rule)}'>"
            f"{value}</text>"
        )
    total_height = len(bars) * height
    return (
        f"<svg id='removed-chart' width='{label_width + bar_width + 90}' height='{total_height}' "
        f"role='img' aria-label='characters removed per rule'>{''.join(rows)}</svg>"
    )


def _histogram(counts: list[int]) -> str:
    top = max(counts) or 1
    column, height, top_margin = 30, 160, 14  # bin 0 is 'nothing removed'
    bars = []
    for number, count in enumerate(counts):
        label = "none" if number == 0 else f"≤{number * 100 // BINS}%"
        bar = round(height * count / top)
        x = number * column
        bars.append(
            f"<rect x='{x + 3}' y='{top_margin + height - bar}' width='{column - 6}' height='{bar}' "
            f"fill='#36c' data-share-bin='{number}' data-count='{count}'>"
            f"<title>{label}: {count} documents</title></rect>"
        )
        if count:
            bars.append(
                f"<text x='{x + column / 2}' y='{top_margin + height - bar - 3}' text-anchor='middle' "
                f"font-size='10'>{count}</text>"
            )
        if number % 4 == 0:
            bars.append(
                f"<text x='{x + column / 2}' y='{top_margin + height + 14}' text-anchor='middle'>{label}</text>"
            )
    return (
        f"<svg id='share-histogram' width='{len(counts) * column + 20}' height='{top_margin + height + 20}' "
        f"role='img' aria-label='documents by share of text removed'>{''.join(bars)}</svg>"
    )


def _rule_table(stats: Statistics, ranked: list) -> str:
    rows = [
        "<table id='rules'><tr><th>rule</th><th>documents</th><th>edits</th>"
        "<th>removed</th><th>inserted</th><th>fields filled</th></tr>"
    ]
    for rule, counts in ranked:
        rows.append(
            f"<tr data-rule='{escape(rule)}'><td><a href='#doc-{escape(rule)}'>{escape(rule)}</a>"
            f"</td><td>{counts.documents}</td><td>{counts.edits}</td><td>{counts.removed}</td>"
            f"<td>{counts.inserted}</td><td>{counts.filled}</td></tr>"
        )
    rows.append("</table>")
    return "".join(rows)


def _rule_samples(rule_id: str, samples: list[Sample], rule: Rule | None) -> str:
    if not samples:
        return ""
    summary = escape(rule.summary) if rule is not None else ""
    parts = [
        f"<section id='samples-{escape(rule_id)}'><h3>{escape(rule_id)} "
        f"<a class='meta' href='#doc-{escape(rule_id)}'>docs</a></h3><p class='meta'>{summary}</p>"
    ]
    for sample in samples:
        inserted = f"<ins>{escape(sample.inserted)}</ins>" if sample.inserted else ""
        parts.append(
            f"<div class='meta'>{escape(sample.document)} at {sample.start}, "
            f"{sample.size} characters</div><div class='sample'>{escape(sample.before)}"
            f"<del>{escape(sample.removed)}</del>{inserted}{escape(sample.after)}</div>"
        )
    parts.append("</section>")
    return "".join(parts)


def _rule_doc(rule_id: str, rule: Rule | None) -> str:
    if rule is None:
        return f"<section id='doc-{escape(rule_id)}'><h3>{escape(rule_id)}</h3></section>"
    state = "on by default" if rule.enabled_by_default else "off by default"
    return (
        f"<section id='doc-{escape(rule_id)}'><h3>{escape(rule_id)} "
        f"<span class='meta'>{state}, from {escape(rule.origin)}</span></h3>"
        f"<p>{escape(rule.summary)}</p><p>{escape(rule.why)}</p>"
        f"<p class='meta'>Examples: <code>clean --explain {escape(rule_id)}</code></p></section>"
    )
