"""``clean --diff``: each edit, where it is in the input and which rule made it."""

from __future__ import annotations

from typing import Any

from cleaner.pipeline import Cleaned

RED, GREEN, BOLD, RESET = "\x1b[31m", "\x1b[32m", "\x1b[1m", "\x1b[0m"


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


def escape(text: str) -> str:
    """``text`` with what a terminal would act on or hide (escape sequences, carriage
    returns, tabs, no-break spaces) spelled out as Python escapes."""
    if text.isprintable():
        return text
    return "".join(
        char if char.isprintable() else char.encode("unicode_escape").decode("ascii")
        for char in text
    )


def _show(text: str) -> list[str]:
    """The lines of a removed or inserted piece; whitespace-only pieces are spelled out."""
    if not text.strip():
        return [repr(text)] if text else []
    return [escape(line) for line in text.strip("\n").split("\n")]


def _edit_position(original: str, start: int, removed: str) -> tuple[int, int]:
    """Where an edit's removed text itself starts, not the line break dropped with it."""
    leading = len(removed) - len(removed.lstrip()) if removed.strip() else 0
    return _position(original, start + leading)


def diff_records(
    source: str, document: Any, original: str, cleaned: Cleaned
) -> list[dict[str, Any]]:
    """``--diff --format json``: one object per edit, with the document's source and id (None
    for a .txt or .html file), its position and its rule."""
    records = []
    for edit in cleaned.edits:
        line, column = _edit_position(original, edit.start, edit.removed)
        records.append(
            {
                "source": source,
                "id": document,
                "rule": edit.rule,
                "line": line,
                "column": column,
                "start": edit.start,
                "end": edit.end,
                "removed": edit.removed,
                "inserted": edit.inserted,
            }
        )
    return records


def render_diff(where: str, original: str, cleaned: Cleaned, color: bool) -> str:
    """A ruff-like report: ``where:line:col rule-id``, then the removed and inserted text."""
    red, green, bold, reset = (RED, GREEN, BOLD, RESET) if color else ("", "", "", "")
    out: list[str] = []
    for edit in cleaned.edits:
        line, column = _edit_position(original, edit.start, edit.removed)
        out.append(f"{bold}{escape(where)}:{line}:{column}{reset} {edit.rule}\n")
        out.extend(f"  {red}- {piece}{reset}\n" for piece in _show(edit.removed))
        out.extend(f"  {green}+ {piece}{reset}\n" for piece in _show(edit.inserted))
    if cleaned.filled:
        fields = ", ".join(f"{key}={cleaned.metadata[key]!r}" for key in cleaned.filled)
        out.append(f"{bold}{escape(where)}{reset} metadata: {fields}\n")
    return "".join(out)
