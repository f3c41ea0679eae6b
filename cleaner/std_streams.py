"""Standard streams the caller closed (``clean … 2>&-``, ``>&-``, ``<&-``).

A closed descriptor 0, 1 or 2 is the number the next ``open`` returns: the output file would
become descriptor 2, and a warning from a library, a worker's traceback or the extraction
child's messages would be written into the output. Each closed one is opened on the null device
before anything else, so no file of the run takes its number. Messages then go nowhere, as with
``cat FILE 2>&-``; a run that would read a closed standard input or write a closed standard
output stops with a message instead of reading nothing or losing its output.
"""

from __future__ import annotations

import os
import sys

STANDARD_DESCRIPTORS = (0, 1, 2)


def reopen_closed() -> frozenset[int]:
    """Open the null device on each closed standard descriptor; return the ones that were
    closed. ``open`` gives the lowest free number, and the lower ones are open by then."""
    closed = []
    for descriptor in STANDARD_DESCRIPTORS:
        try:
            os.fstat(descriptor)
        except OSError:
            closed.append(descriptor)
    for _ in closed:
        os.open(os.devnull, os.O_RDWR)
    if 2 in closed:
        sys.stderr = open(2, "w", closefd=False)  # noqa: SIM115 (lives as long as the process)
    return frozenset(closed)
