"""What the residue is made of: output lines the gold text lacks, grouped by where they stand
and how they are shaped, with what removing each group would be worth.

A rule can only take a class of lines it can see: its position (above the first sentence of
the text, below the last, or between) and its shape (a sentence, a headline-shaped line, a list
item, a table row, a label of one or two words). For each such group the table gives the
precision and recall the output would have without the group's residue lines (an oracle that
knows the gold text): the ceiling of any rule for that class, and where the mass is.
"""

from __future__ import annotations

import regex

from bench.pages import Page
from bench.quality.accounting import residue_lines
from bench.quality.metric import DocScore, score_doc, tokenize

WORD = regex.compile(r"[\p{L}\p{N}]+")
SENTENCE_END = regex.compile(r"[.!?…]['\"’”)\]]*$")
CLAUSE_END = regex.compile(r"[.,;:…]['\"’”)\]]*$")
LIST_MARK = ("- ", "• ", "* ", "· ")
SENTENCE_WORDS = 8
HEADING_WORDS = (3, 25)

POSITIONS = ("top", "between", "bottom")
SHAPES = ("sentence", "heading", "list item", "table row", "label", "other")


def shape_of(line: str) -> str:
    """The shape a rule could test: table row, list item, sentence, heading, label, other."""
    stripped = line.strip()
    if stripped.startswith("|"):
        return "table row"
    if stripped.startswith(LIST_MARK):
        return "list item"
    words = len(WORD.findall(stripped))
    if words >= SENTENCE_WORDS and SENTENCE_END.search(stripped):
        return "sentence"
    if HEADING_WORDS[0] <= words <= HEADING_WORDS[1] and not CLAUSE_END.search(stripped):
        return "heading"
    if words <= 2:
        return "label"
    return "other"


def is_sentence(line: str) -> bool:
    """A line of running text, which marks where the body starts and ends."""
    return shape_of(line) == "sentence"


def classify(text: str, gold: str) -> dict[tuple[str, str], set[int]]:
    """Residue line indices of one output, by (position, shape)."""
    lines = text.split("\n")
    residue = set(residue_lines(text, gold))
    sentences = [index for index, line in enumerate(lines) if is_sentence(line)]
    first, last = (sentences[0], sentences[-1]) if sentences else (len(lines), -1)
    groups: dict[tuple[str, str], set[int]] = {}
    for index, line in enumerate(lines):
        if line not in residue:
            continue
        position = "top" if index < first else "bottom" if index > last else "between"
        groups.setdefault((position, shape_of(line)), set()).add(index)
    return groups


def _mean(values: list[float | None]) -> float:
    kept = [value for value in values if value is not None]
    return sum(kept) / len(kept) if kept else 0.0


def oracle_deltas(
    pages: list[Page],
    outputs: dict[str, str],
    scores: dict[str, DocScore],
    dropped: dict[str, set[int]],
) -> tuple[float, float]:
    """Macro ΔP and ΔR of the outputs without the ``dropped`` line indices of each page."""
    golds = {page.id: page.gold for page in pages}
    oracle = dict(scores)
    for pid, indices in dropped.items():
        lines = outputs[pid].split("\n")
        text = "\n".join(line for index, line in enumerate(lines) if index not in indices)
        oracle[pid] = score_doc(text, golds[pid])
    delta_p = _mean([oracle[p.id].precision for p in pages]) - _mean(
        [scores[p.id].precision for p in pages]
    )
    delta_r = _mean([oracle[p.id].recall for p in pages]) - _mean(
        [scores[p.id].recall for p in pages]
    )
    return delta_p, delta_r


ResidueRow = tuple[str, str, int, int, int, float, float]


def residue_table(
    pages: list[Page], outputs: dict[str, str], scores: dict[str, DocScore]
) -> list[ResidueRow]:
    """Rows (position, shape, pages, lines, tokens, oracle ΔP, oracle ΔR), largest ΔP first,
    then the row of all residue together."""
    by_page = {page.id: classify(outputs[page.id], page.gold) for page in pages}
    rows: list[ResidueRow] = []
    for position in POSITIONS:
        for shape in SHAPES:
            key = (position, shape)
            dropped = {pid: groups[key] for pid, groups in by_page.items() if key in groups}
            if not dropped:
                continue
            tokens = sum(
                len(tokenize(outputs[pid].split("\n")[index]))
                for pid, indices in dropped.items()
                for index in indices
            )
            lines = sum(len(indices) for indices in dropped.values())
            delta_p, delta_r = oracle_deltas(pages, outputs, scores, dropped)
            rows.append((position, shape, len(dropped), lines, tokens, delta_p, delta_r))
    rows.sort(key=lambda row: -row[5])
    everything = {pid: set().union(*groups.values()) for pid, groups in by_page.items() if groups}
    delta_p, delta_r = oracle_deltas(pages, outputs, scores, everything)
    rows.append(
        (
            "all",
            "",
            len(everything),
            sum(row[3] for row in rows),
            sum(row[4] for row in rows),
            delta_p,
            delta_r,
        )
    )
    return rows


def print_residue_table(title: str, rows: list[ResidueRow]) -> None:
    """The residue classes of one system, with the oracle's ceiling for each."""
    print(f"\n{title}")
    print(
        f"{'position':10s}{'shape':12s}{'pages':>7s}{'lines':>7s}{'tokens':>8s}"
        f"{'oracle ΔP':>11s}{'oracle ΔR':>11s}"
    )
    for position, shape, pages, lines, tokens, delta_p, delta_r in rows:
        print(
            f"{position:10s}{shape:12s}{pages:7d}{lines:7d}{tokens:8d}"
            f"{delta_p:+11.4f}{delta_r:+11.4f}"
        )
