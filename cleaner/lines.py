"""The single pass that runs every line rule over a document's lines.

Dropping a line also takes the blank lines after it, so a dropped paragraph leaves no gap;
a dropped line at the end of the text instead takes the line break before it, so the text
does not end in blank lines.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from itertools import accumulate
from typing import TYPE_CHECKING

from cleaner.metadata import Metadata, recorded
from cleaner.rule import KEEP, Fix, Line
from cleaner.scan import scanner

# The other characters that end a line (``str.splitlines``' line boundaries less NEL, which in
# web text is far more often a Windows-1252 ellipsis, restored by unicode-repair): a vertical
# tab (a word processor's manual line break), a form feed (a page break), the information
# separators, and the Unicode line and paragraph separators. Removed as control characters they
# would glue two words ("Doe\vThe" to "DoeThe"); kept, no line rule would see the lines.
# The whitespace rule turns them into "\n"; the first pass over a batch splits at them too.
OTHER_BREAKS = "\x0b\x0c\x1c\x1d\x1e\u2028\u2029"

if TYPE_CHECKING:
    from cleaner.rule import LineRule


def line_fixes(
    text: str,
    rules: Sequence[LineRule],
    metadata: Metadata,
    filled: dict[str, str] | None = None,
) -> tuple[list[Fix], list[str]]:
    """Judge every non-blank line with ``rules``; return the fixes and the rule id of each.

    ``filled`` (field to rule id) learns which rule recorded each metadata field first, for
    the run's statistics; the comparison that finds it is made for every changed line anyway.

    Lines are judged in order, so the metadata a rule records comes from the first line that
    has it. Rules that look at the lines after a line or at the metadata then take a second
    look, from the end backwards, at the lines everyone kept: the lines after a line are then
    the ones this pass keeps, and the metadata is what the whole pass found, as a second
    cleaning would see them.
    """
    lines = tuple(text.split("\n"))
    content = [
        index for index, line_text in enumerate(lines) if line_text and not line_text.isspace()
    ]
    asked = Asked(text, rules, content)
    verdicts: dict[int, tuple[str, str]] = {}
    found = dict(metadata)
    judged_before_change = -1  # lines at positions up to this one saw older metadata
    for position, index, line_rules in asked.lines(content, metadata):
        verdict = _judge(line_rules, lines, index, len(content) - position - 1, metadata)
        if verdict is not None:
            verdicts[index] = verdict
            stored = recorded(found, metadata)
            if stored:
                if filled is not None:
                    for key in stored:
                        filled.setdefault(key, verdict[0])
                found = dict(metadata)
                judged_before_change = position - 1
    context = [rule for rule in rules if not rule.local]
    if context and verdicts:
        _second_look(context, lines, content, verdicts, judged_before_change, metadata, asked)
    if not verdicts:
        return [], []

    ordered = sorted(verdicts.items())
    fixes = _line_fixes(lines, {index: replacement for index, (_, replacement) in ordered})
    return fixes, [rule_id for _, (rule_id, _) in ordered]


class Asked:
    """Which rules may change each line, from one scan of the text (see ``cleaner.scan``).

    A rule that needs a metadata field and has nothing else for the scan to look for is
    asked about every line once the field is known. Without a scanner, or for a text it
    cannot scan, every rule is asked about every line.
    """

    def __init__(self, text: str, rules: Sequence[LineRule], content: list[int]):
        self.rules = rules
        gates = scanner()
        found = gates.candidates(text, rules) if gates is not None else None
        self.per_line: dict[int, list[LineRule]] | None = None
        self.waiting: list[LineRule] = []
        if found is None:
            return
        self.per_line = {}
        for rule, lines in zip(rules, found, strict=True):
            if lines is None and rule.needs is not None:
                self.waiting.append(rule)
            elif lines is None or lines:
                for index in content if lines is None else sorted(lines):
                    self.per_line.setdefault(index, []).append(rule)

    def lines(
        self, content: list[int], metadata: Metadata
    ) -> Iterator[tuple[int, int, Sequence[LineRule]]]:
        """(position in ``content``, line index, rules) for each line, in order, that some
        rule may change. Until a waiting rule's field is known, only the lines the scan
        found are visited; ``metadata`` is read again after each line, as a verdict on it can
        fill a field."""
        if self.per_line is None:
            for position, index in enumerate(content):
                yield position, index, self.rules
            return
        if not self.waiting:
            for index in sorted(self.per_line):
                position = bisect_left(content, index)
                if position < len(content) and content[position] == index:
                    yield position, index, self.per_line[index]
            return
        found = sorted(self.per_line)
        position = 0
        while position < len(content):
            if any(metadata.get(rule.needs) for rule in self.waiting):  # type: ignore[arg-type]
                index = content[position]
                line_rules = self.rules_for(index, metadata)
            else:
                next_found = bisect_left(found, content[position])
                if next_found == len(found):
                    return
                index = found[next_found]
                position = bisect_left(content, index, position)
                if position == len(content):
                    return
                if content[position] != index:
                    continue  # the scan matched a blank line; look on from the next line
                line_rules = self.per_line[index]
            if line_rules:
                yield position, index, line_rules
            position += 1

    def rules_for(self, index: int, metadata: Metadata) -> Sequence[LineRule]:
        """The rules, in order, that may change the line at ``index``."""
        if self.per_line is None:
            return self.rules
        found = self.per_line.get(index, ())
        ready = [rule for rule in self.waiting if metadata.get(rule.needs)]  # type: ignore[arg-type]
        if not ready:
            return found
        return [rule for rule in self.rules if rule in found or rule in ready]


def _judge(
    rules: Sequence[LineRule],
    lines: tuple[str, ...],
    index: int,
    lines_after: int,
    metadata: Metadata,
) -> tuple[str, str] | None:
    """The first rule's verdict that changes the line, as (rule id, new text), or None."""
    line_text = lines[index]
    words, lower = len(line_text.split()), line_text.lower()
    line = Line(line_text, index, lines, lower, lines_after)
    for rule in rules:
        if not rule.may_apply(words, lower):
            continue
        verdict = rule.decide(line, metadata)
        if verdict is KEEP or verdict == line_text:
            continue
        return rule.id, verdict  # type: ignore[return-value]
    return None


def _second_look(
    rules: Sequence[LineRule],
    lines: tuple[str, ...],
    content: list[int],
    verdicts: dict[int, tuple[str, str]],
    judged_before_change: int,
    metadata: Metadata,
    asked: Asked,
) -> None:
    """Judge kept lines again where what ``rules`` look at changed during the pass."""
    kept_after = 0
    for position in range(len(content) - 1, -1, -1):
        index = content[position]
        if index not in verdicts:
            seen_after = len(content) - position - 1
            line_rules = asked.rules_for(index, metadata)
            again = [
                rule
                for rule in rules
                if rule in line_rules
                and (
                    (rule.reads_metadata and position <= judged_before_change)
                    or min(kept_after, rule.looks_after) != min(seen_after, rule.looks_after)
                )
            ]
            verdict = _judge(again, lines, index, kept_after, metadata) if again else None
            if verdict is not None:
                verdicts[index] = verdict
        if verdicts.get(index, ("", KEEP))[1] != "":
            kept_after += 1


def first_lines(text: str, count: int) -> list[tuple[int, str]]:
    """The first ``count`` non-blank lines as (line index, stripped text), reading no further."""
    found: list[tuple[int, str]] = []
    start = index = 0
    while len(found) < count and start <= len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        line = text[start:end].strip()
        if line:
            found.append((index, line))
        index += 1
        start = end + 1
    return found


def line_starts(lines: Sequence[str]) -> list[int]:
    """Where each of ``lines`` (a text split at "\\n") starts in the text, and one past its end."""
    return [0, *accumulate(len(line) + 1 for line in lines)]


def drop_lines(text: str, indices: Iterable[int]) -> list[Fix]:
    """Fixes that drop the lines at ``indices`` (of ``text.split("\\n")``), gaps included."""
    dropped = dict.fromkeys(indices, "")
    if not dropped:  # most texts: no need to split them
        return []
    return _line_fixes(tuple(text.split("\n")), dropped)


def _line_fixes(lines: Sequence[str], replacements: dict[int, str]) -> list[Fix]:
    """One fix per entry of ``replacements`` (line index to new text, "" to drop)."""
    starts = line_starts(lines)
    content = [index for index, line_text in enumerate(lines) if line_text.strip()]
    kept = [index for index in content if replacements.get(index, "x")]
    last_kept = kept[-1] if kept else -1

    fixes: list[Fix] = []
    trailing_start: int | None = None
    for position, index in enumerate(content):
        if index not in replacements:
            continue
        replacement = replacements[index]
        line_start, line_end = starts[index], starts[index] + len(lines[index])
        if replacement:
            fix = Fix(line_start, line_end, replacement)
        elif index > last_kept >= 0:
            if trailing_start is None:
                trailing_start = starts[last_kept] + len(lines[last_kept])
            fix = Fix(trailing_start, line_end)
            trailing_start = line_end
        else:
            following = content[position + 1] if position + 1 < len(content) else None
            fix = Fix(line_start, starts[following] if following is not None else line_end)
        fixes.append(fix)
    return fixes
