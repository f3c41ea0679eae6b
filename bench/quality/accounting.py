"""Per-rule accounting: what each rule's edits took from the gold text, and residue dumps.

A removal "destroys" the shingles of ``context + removed + context`` that are not in
``context + inserted + context`` (4 tokens of context each side, so a one-word removal still
forms 4-grams; context comes from the final output when the sorted edit log replays to it, else
from the input). A destroyed shingle is a false removal when the gold text has more copies of it
than the final output keeps (each missing copy is charged once), otherwise a true removal.

An edit that rewrites words rather than takes them away is a correction, not a removal: one that
inserts words (a spelling fix), and one that leaves its context with as many words as before,
spelt differently (an encoding repair: "wasnâ€™t" → "wasn’t" or "WireGuardÂ®" →
"WireGuard®" respell one word and remove none). A correction is right when the shingles it
creates are in the gold text more often than those it destroys, wrong in the opposite case, and
undecided when gold has neither (the word is not in it, or the page's gold differs there).
Removal precision is true / (true + false) removed shingles, correction precision right /
(right + wrong) corrections; a rule's precision is that of what most of its edits do.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bench.pages import Page
from bench.quality.data import EditTuple
from bench.quality.metric import SHINGLE_N, TOKEN_RE, DocScore, shingles, tokenize


@dataclass
class RuleStats:
    """What one rule did across a benchmark: where it fired, what it removed, what it corrected."""

    docs: set[str] = field(default_factory=set)
    edits: int = 0
    true_removed: int = 0
    false_removed: int = 0
    right_corrections: int = 0
    wrong_corrections: int = 0
    undecided_corrections: int = 0
    unreplayable: int = 0  # edits in docs where replaying the edit log != output
    removals: list[tuple[str, int, int, str]] = field(
        default_factory=list
    )  # pid, true, false, text
    corrections: list[tuple[str, str, str, str]] = field(
        default_factory=list
    )  # pid, verdict (right, wrong, undecided), removed text with its context, inserted

    @property
    def corrects(self) -> bool:
        """Whether the rule rewrites words rather than removes text (most of its edits do)."""
        corrections = self.right_corrections + self.wrong_corrections + self.undecided_corrections
        return corrections * 2 > self.edits

    @property
    def removal_precision(self) -> float | None:
        """The share of the shingles its removals destroyed that gold lacks."""
        total = self.true_removed + self.false_removed
        return self.true_removed / total if total else None

    @property
    def correction_precision(self) -> float | None:
        """The share of its decided corrections that gold prints as corrected."""
        decided = self.right_corrections + self.wrong_corrections
        return self.right_corrections / decided if decided else None

    @property
    def precision(self) -> float | None:
        """Removal precision, or for a correcting rule the share of its decided fixes that
        are right."""
        return self.correction_precision if self.corrects else self.removal_precision


CONTEXT_TOKENS = 4


def destroyed_shingles(left: str, removed: str, inserted: str, right: str) -> Counter:
    """Shingles an edit takes away: in ``left+removed+right`` but not ``left+inserted+right``."""
    before = shingles(tokenize(left + removed + right))
    return before - shingles(tokenize(left + inserted + right))


def rewrites_words(left: str, removed: str, inserted: str, right: str) -> bool:
    """Whether an edit changes words instead of taking them away: it inserts words, or its
    context has as many words after it as before, but not the same ones (a repair that drops
    mojibake glued to a word respells that word)."""
    if tokenize(inserted):
        return True
    before, after = tokenize(left + removed + right), tokenize(left + inserted + right)
    return len(before) == len(after) and before != after


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
    """Charge each destroyed shingle to its rule as a true or false removal, and judge each
    correction right, wrong or undecided (see the module docstring)."""
    stats: dict[str, RuleStats] = {}
    for pid, (out_text, raw_edits) in outputs.items():
        text = inputs[pid]
        edits = sorted(raw_edits, key=lambda e: (e[1], e[2]))
        gold = shingles(tokenize(golds[pid]))
        missing = gold - shingles(tokenize(out_text))
        replayable = replays(text, out_text, edits)
        for edit, (left, right) in zip(edits, edit_contexts(text, out_text, edits), strict=True):
            rule = stats.setdefault(edit[0], RuleStats())
            rule.docs.add(pid)
            rule.edits += 1
            rule.unreplayable += not replayable
            if rewrites_words(left, edit[3], edit[4], right):
                verdict = judge_correction(rule, left, edit[3], edit[4], right, gold)
                rule.corrections.append((pid, verdict, left + edit[3] + right, edit[4]))
                continue
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


def judge_correction(
    rule: RuleStats, left: str, removed: str, inserted: str, right: str, gold: Counter
) -> str:
    """Count one rewrite as right, wrong or undecided by which version the gold text prints,
    and say which."""
    before = shingles(tokenize(left + removed + right))
    after = shingles(tokenize(left + inserted + right))
    made = sum((gold & (after - before)).values())
    lost = sum((gold & (before - after)).values())
    if made > lost:
        rule.right_corrections += 1
        return "right"
    if lost > made:
        rule.wrong_corrections += 1
        return "wrong"
    rule.undecided_corrections += 1
    return "undecided"


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
