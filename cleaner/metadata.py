"""Where removed boilerplate that carries information goes.

Single facts (``title``, ``author``, ``date``, ``dateline``) keep the first value found: the
head of an article is the most reliable place for them. Credits (``source``) accumulate.
"""

from __future__ import annotations

from typing import Any

Metadata = dict[str, Any]

LIST_FIELDS = frozenset({"source"})


def record(metadata: Metadata, field: str, value: str | None) -> None:
    """Store ``value`` under ``field`` without overwriting what an earlier rule found.

    An empty or missing value (a pattern group or a date that was not found) stores nothing.
    """
    value = (value or "").strip()
    if not value:
        return
    if field in LIST_FIELDS:
        values = metadata.get(field, [])
        if value not in values:
            metadata[field] = [*values, value]  # a new list: the caller's stays as it was
    else:
        metadata.setdefault(field, value)
