"""The installed package finds every rule module that rules/ holds, as cleaner.rules."""

from __future__ import annotations

import ast
import importlib
import importlib.metadata
import pkgutil
import re
import sys
from pathlib import Path

import pytest

from cleaner.registry import all_rules

ROOT = Path(__file__).resolve().parents[1]


RULE_MODULES = {path.stem for path in (ROOT / "rules").glob("*.py") if path.stem != "__init__"}


def test_every_rule_module_is_discovered() -> None:
    package = importlib.import_module("cleaner.rules")
    installed = {info.name for info in pkgutil.iter_modules(package.__path__)}
    assert installed == RULE_MODULES
    with_rules = {
        type(rule).__module__.rsplit(".", 1)[-1] for rule in all_rules() if rule.origin == "cleaner"
    }
    assert with_rules == RULE_MODULES


def test_wheel_ships_rules_inside_cleaner_only() -> None:
    files = {str(path) for path in importlib.metadata.files("cleaner") or ()}
    if "cleaner/__init__.py" not in files:
        pytest.skip("editable install: the source tree is used in place")
    assert {f"cleaner/rules/{name}.py" for name in RULE_MODULES} <= files
    assert not any(path.startswith("rules/") for path in files)


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_every_module_the_code_imports_is_declared() -> None:
    """A fresh install brings what the code imports, not what other packages happen to bring."""
    declared = {
        canonical(re.split(r"[\s;<>=!~\[]", requirement, maxsplit=1)[0])
        for requirement in importlib.metadata.requires("cleaner") or ()
        if "extra ==" not in requirement
    }
    imported: set[str] = set()
    for path in [*ROOT.glob("cleaner/**/*.py"), *ROOT.glob("rules/*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                imported.add(node.module.split(".")[0])
    third_party = imported - set(sys.stdlib_module_names) - {"cleaner", "__future__"}
    # ray is the `ray` extra's, imported only by --engine ray, which names the extra when missing.
    third_party -= {"ray"}
    providers = importlib.metadata.packages_distributions()
    for module in sorted(third_party):
        assert {canonical(name) for name in providers[module]} & declared, module
    # trafilatura's justext imports lxml.html.clean; old pip does not resolve the extra.
    assert "lxml-html-clean" in declared
