"""The installed package finds every rule module that rules/ holds, as cleaner.rules."""

from __future__ import annotations

import importlib
import importlib.metadata
import pkgutil
from pathlib import Path

import pytest

from cleaner.registry import all_rules

ROOT = Path(__file__).resolve().parents[1]


RULE_MODULES = {path.stem for path in (ROOT / "rules").glob("*.py") if path.stem != "__init__"}


def test_every_rule_module_is_discovered() -> None:
    package = importlib.import_module("cleaner.rules")
    installed = {info.name for info in pkgutil.iter_modules(package.__path__)}
    assert installed == RULE_MODULES
    with_rules = {type(rule).__module__.rsplit(".", 1)[-1] for rule in all_rules()}
    assert with_rules == RULE_MODULES


def test_wheel_ships_rules_inside_cleaner_only() -> None:
    files = {str(path) for path in importlib.metadata.files("cleaner") or ()}
    if "cleaner/__init__.py" not in files:
        pytest.skip("editable install: the source tree is used in place")
    assert {f"cleaner/rules/{name}.py" for name in RULE_MODULES} <= files
    assert not any(path.startswith("rules/") for path in files)
