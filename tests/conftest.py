"""Shared fixtures: the seed articles and the project's folders.

The tests run the installed ``clean`` command and import the installed package, so before
anything runs the installed copy is compared with the source tree: a contributor who edited a
rule and did not reinstall would otherwise see a green run that never tested the edit.
"""

from __future__ import annotations

import importlib.metadata
from pathlib import Path

import orjson
import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
REINSTALL = (
    'run the README\'s test command (pip install ".[test,ray]" && pytest), or pip install -e .'
)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden", action="store_true", help="rewrite tests/golden from current output"
    )


def pytest_sessionstart(session: pytest.Session) -> None:
    problem = installed_copy_problem()
    if problem is not None:
        pytest.exit(f"the installed cleaner is not this source tree: {problem}; {REINSTALL}", 2)


def installed_copy_problem() -> str | None:
    """Why the installed ``cleaner`` differs from the source tree, or None when it does not."""
    # ``pip install -e .`` leaves ``cleaner.egg-info`` in the source tree, which
    # ``python -m pytest`` (the tree on sys.path) would take for the installed copy.
    installs = [
        found
        for found in importlib.metadata.distributions(name="cleaner")
        if Path(str(found.locate_file(""))).resolve() != ROOT
    ]
    if not installs:
        return "cleaner is not installed"
    distribution = installs[0]
    direct_url = orjson.loads(distribution.read_text("direct_url.json") or "{}")
    if direct_url.get("dir_info", {}).get("editable"):
        editable_root = Path(direct_url["url"].removeprefix("file://")).resolve()
        return None if editable_root == ROOT else f"it is an editable install of {editable_root}"
    installed = {
        str(path): Path(str(path.locate()))
        for path in distribution.files or ()
        if path.parts[0] == "cleaner" and path.suffix == ".py"
    }
    source = {
        f"cleaner/{path.relative_to(ROOT / 'cleaner')}": path
        for path in ROOT.glob("cleaner/**/*.py")
    }
    source |= {f"cleaner/rules/{path.name}": path for path in ROOT.glob("rules/*.py")}
    for name in sorted(installed.keys() ^ source.keys()):
        return f"{name} is {'only installed' if name in installed else 'not installed'}"
    for name, path in sorted(source.items()):
        if path.read_bytes() != installed[name].read_bytes():
            return f"{name} differs"
    return None


@pytest.fixture(scope="session")
def seed_texts() -> dict[str, str]:
    return {path.stem: path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))}
