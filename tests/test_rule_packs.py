"""A rule pack from another distribution: installed from tests/plugin into this environment,
then discovered, listed, explained, selected and tested by `clean` as built-in rules are.

The pack is built offline (``--no-build-isolation`` with the setuptools and wheel of the test
environment) from a copy, so the source tree gets no build files, and is uninstalled after.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest

ROOT = Path(__file__).resolve().parents[1]
CLEAN = str(Path(sys.executable).parent / "clean")
PACK = "cleaner-shouting-pack"
RULE = "shouted-signoff"
TEXT = "The talks resume on Monday.\n\nEND OF STORY"


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(list(args), input=stdin, capture_output=True, cwd=ROOT, check=False)


@pytest.fixture(scope="module")
def installed_pack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    source = tmp_path_factory.mktemp("pack") / "plugin"
    shutil.copytree(ROOT / "tests" / "plugin", source)
    pip = (sys.executable, "-m", "pip")
    install = run(*pip, "install", "--no-deps", "--no-build-isolation", "--no-index", str(source))
    assert install.returncode == 0, install.stdout + install.stderr
    try:
        yield
    finally:
        run(*pip, "uninstall", "--yes", PACK)


def test_pack_rules_are_listed_and_off_by_default(installed_pack: None) -> None:
    listing = run(CLEAN, "--list-rules").stdout.decode()
    [line] = [line for line in listing.splitlines() if line.startswith(RULE)]
    assert line.split()[1] == "off" and line.endswith(f"[{PACK}]")
    records = orjson.loads(run(CLEAN, "--list-rules", "--format", "json").stdout)
    [record] = [record for record in records if record["id"] == RULE]
    # The pack's class says enabled_by_default = True; unmeasured, the registry turns it off.
    assert record["origin"] == PACK and record["enabled_by_default"] is False
    # docs/rules.md documents this repository's rules, whatever else is installed.
    markdown = run(CLEAN, "--list-rules", "--format", "markdown").stdout.decode()
    assert RULE not in markdown


def test_pack_rules_are_explained(installed_pack: None) -> None:
    explained = run(CLEAN, "--explain", RULE).stdout.decode()
    assert f"off by default, phase lines, from the rule pack {PACK}" in explained
    assert "END OF STORY" in explained and "Left untouched" in explained


def test_pack_rules_are_selected_like_built_in_ones(installed_pack: None) -> None:
    record = orjson.dumps({"id": 1, "text": TEXT}) + b"\n"
    default = orjson.loads(run(CLEAN, "--isolated", stdin=record).stdout)
    assert default["text"] == TEXT
    for option in ("--extend-select", "--select"):
        cleaned = orjson.loads(run(CLEAN, "--isolated", option, RULE, stdin=record).stdout)
        assert cleaned["text"] == "The talks resume on Monday."
    ignored = run(CLEAN, "--isolated", "--extend-select", RULE, "--ignore", RULE, stdin=record)
    assert orjson.loads(ignored.stdout)["text"] == TEXT
    assert b"did you mean 'shouted-signoff'" in run(CLEAN, "--select", "shouted-signof").stderr


def test_pack_examples_run_as_tests(installed_pack: None) -> None:
    """The rule suite, run again in a new process that sees the pack, takes its examples."""
    # The pytest script, not ``python -m pytest``: that would put the checkout (and a build's
    # cleaner.egg-info in it) first on sys.path.
    result = run(
        str(Path(sys.executable).parent / "pytest"), "tests/test_rules.py", "tests/test_linear_time.py",
        "-k", RULE, "-q", "-p", "no:cacheprovider",
    )  # fmt: skip
    summary = result.stdout.decode().strip().splitlines()[-1]
    assert result.returncode == 0, result.stdout.decode()[-3000:]
    passed = int(summary.split()[0])
    assert passed >= 8, summary  # 2 examples x 3 checks, its keep, idempotence, linear time


def test_a_faulty_rule_costs_its_record_not_the_run(installed_pack: None) -> None:
    """A rule that raises (a pack's bug, or one of ours) ended the whole run with a traceback,
    even with --skip-bad. The record is set aside naming the fault; the run goes on."""
    rows = [
        {"id": 1, "text": TEXT},
        {"id": 2, "text": "FAULT ON PURPOSE"},
        {"id": 3, "text": "Hi."},
    ]
    data = b"".join(orjson.dumps(row) + b"\n" for row in rows)
    for workers in ("1", "2"):
        command = [CLEAN, "--isolated", "--extend-select", "fault-on-purpose", "--workers", workers]
        skipped = run(*command, "--skip-bad", "--rejects", "/dev/stderr", stdin=data)
        assert [orjson.loads(line)["id"] for line in skipped.stdout.splitlines()] == [1, 3]
        assert b"cleaning failed: ZeroDivisionError: division by zero" in skipped.stderr
        assert b'"raw":"{\\"id\\":2' in skipped.stderr and b"Traceback" not in skipped.stderr
        stopped = run(*command, stdin=data)
        assert stopped.returncode == 1 and b"Traceback" not in stopped.stderr
        assert b"-:2: cleaning failed: ZeroDivisionError" in stopped.stderr
    diff = run(CLEAN, "--isolated", "--extend-select", "fault-on-purpose", "--diff", stdin=data)
    assert diff.returncode == 1 and b"Traceback" not in diff.stderr
    assert b"clean: error: -:2: cleaning failed: ZeroDivisionError" in diff.stderr
