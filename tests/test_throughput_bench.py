"""The throughput benchmark's longest path: workers that run one set after another add up."""

import sys
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parents[1]))

from bench.throughput import busiest_per_set, timed_run

# Two children at a time, twice: as a first pass's workers and then the cleaning's.
TWO_SETS = """
import subprocess, sys
burn = [sys.executable, "-c", "import time\\nend = time.process_time() + 0.4\\nwhile time.process_time() < end: pass"]
for _ in range(2):
    children = [subprocess.Popen(burn) for _ in range(2)]
    for child in children:
        child.wait()
"""


def test_children_that_overlap_form_one_set_and_later_ones_the_next() -> None:
    cpu = {1: 3.0, 2: 4.0, 3: 1.0, 4: 2.5}
    lifetimes = {1: (0, 10), 2: (1, 12), 3: (13, 20), 4: (14, 19)}
    assert busiest_per_set(cpu, lifetimes) == [4.0, 2.5]
    assert busiest_per_set({1: 2.0}, {1: (0, 5)}) == [2.0]
    assert busiest_per_set({}, {}) == []


def test_the_longest_path_of_a_run_holds_the_busiest_child_of_each_set() -> None:
    timing, _ = timed_run([sys.executable, "-c", TWO_SETS])
    assert len(timing.busiest) == 2
    assert all(seconds >= 0.3 for seconds in timing.busiest)
    assert timing.path >= 0.6 + timing.parent
