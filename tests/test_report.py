"""Statistics, the JSON they are written as, and the HTML report, on real runs of `clean`.

The report is opened in a real headless Chromium (Debian's chromium and chromium-driver, which
`.ci/run` installs): it must load without console errors and show the numbers of
``--stats-json``. Screenshots are kept in the test's folder.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import orjson
import pytest
from browser import browser, missing

from cleaner.stats import Statistics

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
BENCH_PAGES = ROOT.parent / "shared" / "bench" / "zyte" / "html"
CLEAN = str(Path(sys.executable).parent / "clean")
ARTICLE = (
    "US Envoy Warns the Taliban Over Kabul\n\nBy Jane Doe\n\n"
    "The envoy spoke in Doha on Tuesday.\n\n© Getty Images\n\nAdvertisement\n\nTalks will resume."
)


def clean(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [CLEAN, *map(str, args)], capture_output=True, cwd=cwd or ROOT, check=False
    )


def corpus(path: Path, count: int) -> list[dict]:
    """``count`` records: the seeds and the article, varied so that removals differ in size."""
    seeds = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    rows = []
    for n in range(count):
        text = seeds[n % len(seeds)] if n % 3 else ARTICLE.replace("Doha", "Doha " * (n % 7))
        rows.append({"id": f"doc-{n}", "text": text})
    path.write_bytes(b"".join(orjson.dumps(row) + b"\n" for row in rows))
    return rows


def stats_of(path: Path) -> Statistics:
    return Statistics.from_dict(orjson.loads(path.read_bytes()))


def test_statistics_of_two_shards_add_up_to_the_whole(tmp_path: Path) -> None:
    rows = corpus(tmp_path / "whole.jsonl", 60)
    for name, part in (("a", rows[:25]), ("b", rows[25:])):
        (tmp_path / f"{name}.jsonl").write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in part))
    for name in ("a", "b", "whole"):
        result = clean(tmp_path / f"{name}.jsonl", "-o", tmp_path / f"{name}.out.jsonl",
                       "--stats-json", tmp_path / f"{name}.json")  # fmt: skip
        assert result.returncode == 0, result.stderr
    whole = stats_of(tmp_path / "whole.json")
    merged = stats_of(tmp_path / "a.json") + stats_of(tmp_path / "b.json")
    assert merged == whole
    assert merged.to_dict() == orjson.loads((tmp_path / "whole.json").read_bytes())
    assert whole.documents == 60 and whole.edits > 60 and whole.largest and whole.sampled


def test_workers_send_their_statistics_back(tmp_path: Path) -> None:
    corpus(tmp_path / "in.jsonl", 100)
    clean(tmp_path / "in.jsonl", "--stats-json", tmp_path / "one.json")
    result = clean(tmp_path / "in.jsonl", "--workers", "3", "--stats-json", tmp_path / "three.json")
    assert result.returncode == 0, result.stderr
    assert stats_of(tmp_path / "three.json") == stats_of(tmp_path / "one.json")


def test_statistics_count_the_edit_log(tmp_path: Path) -> None:
    corpus(tmp_path / "in.jsonl", 30)
    result = clean(tmp_path / "in.jsonl", "--edits", "--statistics",
                   "--stats-json", tmp_path / "s.json")  # fmt: skip
    edits = [edit for line in result.stdout.splitlines() for edit in orjson.loads(line)["edits"]]
    stats = orjson.loads((tmp_path / "s.json").read_bytes())
    assert {rule: c["edits"] for rule, c in stats["rules"].items()} == Counter(
        edit["rule"] for edit in edits
    )
    removed = Counter()
    for edit in edits:
        removed[edit["rule"]] += len(edit["removed"])
    assert {rule: c["removed"] for rule, c in stats["rules"].items()} == removed
    assert stats["rules"]["title"]["filled"] == stats["rules"]["title"]["documents"] > 0
    # The table on stderr: ruff's order (most edits first, then by id), the counts line last.
    table = result.stderr.decode().splitlines()
    assert table[0].split() == ["edits", "docs", "removed", "inserted", "filled", "rule"]
    rows = [line.split() for line in table[1 : 1 + len(stats["rules"])]]
    assert [row[-1] for row in rows] == sorted(
        stats["rules"], key=lambda rule: (-stats["rules"][rule]["edits"], rule)
    )
    assert all(int(row[0]) == stats["rules"][row[-1]]["edits"] for row in rows)
    assert table[-1] == "clean: read 30, written 30, rejected 0"


def test_report_stays_small_however_many_documents(tmp_path: Path) -> None:
    sizes = []
    for count in (300, 3000):
        corpus(tmp_path / "in.jsonl", count)
        result = clean(tmp_path / "in.jsonl", "-o", tmp_path / "out.jsonl",
                       "--report", tmp_path / f"{count}.html")  # fmt: skip
        assert result.returncode == 0, result.stderr
        sizes.append((tmp_path / f"{count}.html").stat().st_size)
    assert sizes[1] < 1.2 * sizes[0] and sizes[1] < 200_000


def test_statistics_files_are_outputs_like_the_others(tmp_path: Path) -> None:
    corpus(tmp_path / "in.jsonl", 3)
    before = (tmp_path / "in.jsonl").read_bytes()
    as_input = clean(tmp_path / "in.jsonl", "--report", tmp_path / "in.jsonl")
    assert as_input.returncode == 2 and b"the report" in as_input.stderr
    assert b"is the input" in as_input.stderr and (tmp_path / "in.jsonl").read_bytes() == before
    twice = clean(tmp_path / "in.jsonl", "-o", tmp_path / "o.jsonl",
                  "--stats-json", tmp_path / "o.jsonl")  # fmt: skip
    assert twice.returncode == 2 and b"is also the output" in twice.stderr
    (tmp_path / "bad.jsonl").write_bytes(b'{"id": 1, "text": "Fine."}\n{"id": 2\n')
    failed = clean(tmp_path / "bad.jsonl", "-o", tmp_path / "o.jsonl",
                   "--stats-json", tmp_path / "s.json", "--report", tmp_path / "r.html")  # fmt: skip
    assert failed.returncode == 1 and b"Traceback" not in failed.stderr
    assert sorted(path.name for path in tmp_path.iterdir()) == ["bad.jsonl", "in.jsonl"]
    diff = clean(tmp_path / "in.jsonl", "--diff", "--report", tmp_path / "r.html")
    assert diff.returncode == 2 and b"--diff writes no statistics" in diff.stderr


def open_report(report: Path, stats: dict, screenshot: Path) -> None:
    """Open the report in headless Chromium: no console errors, the numbers of the JSON."""
    with browser() as page:
        page.open(report)
        assert page.console() == []
        totals = page.run(
            "return Object.fromEntries([...document.querySelectorAll('[data-total]')]"
            ".map(cell => [cell.dataset.total, Number(cell.textContent)]))"
        )
        keys = ("documents", "changed", "edits", "characters_in", "characters_out", "removed")
        assert totals == {key: stats[key] for key in keys}
        rows = page.run(
            "return [...document.querySelectorAll('#rules tr[data-rule]')].map(row =>"
            " [row.dataset.rule, ...[...row.cells].slice(1).map(c => Number(c.textContent))])"
        )
        assert {row[0]: row[1:] for row in rows} == {
            rule: [c["documents"], c["edits"], c["removed"], c["inserted"], c["filled"]]
            for rule, c in stats["rules"].items()
        }
        bins = page.run(
            "return [...document.querySelectorAll('[data-share-bin]')]"
            ".map(bar => Number(bar.dataset.count))"
        )
        assert bins == stats["share_removed"]
        links = page.run(
            "return [...document.querySelectorAll('section[id^=samples-] a')]"
            ".every(a => document.getElementById(a.hash.slice(1)) !== null)"
        )
        assert links is True
        page.screenshot(screenshot)
    assert screenshot.read_bytes().startswith(b"\x89PNG") and screenshot.stat().st_size > 10_000


needs_browser = pytest.mark.skipif(missing() is not None, reason=str(missing()))


@needs_browser
def test_report_of_the_seeds_opens_in_a_browser_with_the_json_numbers(tmp_path: Path) -> None:
    result = clean(SEEDS, "-o", tmp_path / "seeds.jsonl", "--report", tmp_path / "seeds.html",
                   "--stats-json", tmp_path / "seeds.json")  # fmt: skip
    assert result.returncode == 0, result.stderr
    stats = orjson.loads((tmp_path / "seeds.json").read_bytes())
    assert stats["documents"] == 5 and stats["rules"]["dateline"]["filled"] > 0
    open_report(tmp_path / "seeds.html", stats, tmp_path / "seeds.png")


@needs_browser
@pytest.mark.skipif(not BENCH_PAGES.is_dir(), reason=f"no benchmark pages at {BENCH_PAGES}")
def test_report_of_benchmark_pages_opens_in_a_browser_with_the_json_numbers(
    tmp_path: Path,
) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    for page in sorted(BENCH_PAGES.glob("*.html.gz"))[:12]:
        shutil.copy(page, pages)
    result = clean(pages, "-o", tmp_path / "bench.jsonl", "--report", tmp_path / "bench.html",
                   "--stats-json", tmp_path / "bench.json", "--skip-bad")  # fmt: skip
    assert result.returncode == 0, result.stderr
    stats = orjson.loads((tmp_path / "bench.json").read_bytes())
    assert stats["documents"] >= 10 and stats["removed"] > 0
    open_report(tmp_path / "bench.html", stats, tmp_path / "bench.png")
