"""What batch statistics share: counters that stay bounded, and a way to hand them to the rules.

Statistics gathered over a batch (the spelling vocabulary, the line counts) are given to a
``Cleaner`` and read by its rules while it cleans; rules are stateless classes, so the
statistics travel in a context variable set for the length of one ``clean`` call.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Generic, TypeVar

Statistics = TypeVar("Statistics")


def keep_most_common(counter: Counter[Hashable], max_entries: int) -> None:
    """Drop the rarest entries once ``counter`` holds twice ``max_entries``.

    Pruned at twice the bound, so adding one document does not sort the counter each time; an
    entry seen once or twice is forgotten first, a frequent one never.
    """
    if len(counter) > 2 * max_entries:
        kept = counter.most_common(max_entries)
        counter.clear()
        counter.update(dict(kept))


class Shared(Generic[Statistics]):
    """Statistics that the running cleaner shares with its rules."""

    def __init__(self, name: str):
        self._variable: ContextVar[Statistics | None] = ContextVar(name, default=None)

    def active(self) -> Statistics | None:
        """The statistics of the cleaner that is running, if it was given any."""
        return self._variable.get()

    @contextmanager
    def using(self, statistics: Statistics | None) -> Iterator[None]:
        """Make ``statistics`` the ones the rules see inside the block."""
        token = self._variable.set(statistics)
        try:
            yield
        finally:
            self._variable.reset(token)
