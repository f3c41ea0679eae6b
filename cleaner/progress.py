"""A progress bar for runs watched on a terminal: bytes read, documents, MB/s and an ETA.

The total is the stored size of the inputs, known before the run starts (none for stdin), so
the ETA comes from how far through the bytes the run is. Nothing is drawn when stderr is not
a terminal or with ``-q``: logs and pipes get only the final counts line.
"""

from __future__ import annotations

import sys

from tqdm import tqdm

from cleaner.signals import signals_held


class Progress:
    """Bytes as the bar, documents in its postfix; ``update`` after each piece."""

    def __init__(self, total_bytes: int | None, enabled: bool, description: str = "clean"):
        self._documents = 0
        with signals_held():  # tqdm's monitor thread must not take a stop signal
            self._bar = tqdm(
                total=total_bytes or None,
                unit="B",
                unit_scale=True,
                unit_divisor=1000,
                desc=description,
                disable=not enabled,
                file=sys.stderr,
            )

    @staticmethod
    def wanted(quiet: bool) -> bool:
        """Whether a bar is drawn: on a terminal, unless ``-q``."""
        return not quiet and sys.stderr.isatty()

    def update(self, size: int, documents: int) -> None:
        self._documents += documents
        self._bar.set_postfix_str(f"{self._documents} docs", refresh=False)
        self._bar.update(size)

    def close(self) -> None:
        self._bar.close()
