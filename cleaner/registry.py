"""Finds the rules: every ``Rule`` subclass with an id in a module of ``cleaner.rules``.

Adding a rule is adding a module (or a class to one) under ``rules/``; nothing else lists it.
"""

from __future__ import annotations

import difflib
import importlib
import importlib.util
import inspect
import pkgutil
import sys
from functools import cache
from pathlib import Path
from types import ModuleType

from cleaner.rule import Rule, validate


@cache
def all_rules() -> tuple[Rule, ...]:
    """One instance of every rule, in the order they run."""
    package = rules_package()
    found: dict[str, Rule] = {}
    for module_info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"{package.__name__}.{module_info.name}")
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ != module.__name__ or not issubclass(cls, Rule):
                continue
            if "id" not in vars(cls):
                continue
            rule = cls()
            validate(rule)
            if rule.id in found:
                raise TypeError(f"rule id {rule.id!r} is defined twice")
            found[rule.id] = rule
    return tuple(sorted(found.values(), key=lambda rule: (rule.phase, rule.order, rule.id)))


def rules_package() -> ModuleType:
    """``cleaner.rules``: installed, or ``rules/`` beside ``cleaner/`` in a source checkout.

    A process that imports ``cleaner`` from a checkout (a worker started in the repository,
    ``python -m cleaner.cli`` there) finds no installed ``cleaner.rules`` mapping.
    """
    try:
        return importlib.import_module("cleaner.rules")
    except ModuleNotFoundError:
        folder = Path(__file__).resolve().parent.parent / "rules"
        spec = importlib.util.spec_from_file_location(
            "cleaner.rules", folder / "__init__.py", submodule_search_locations=[str(folder)]
        )
        if spec is None or spec.loader is None:
            raise
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module
        spec.loader.exec_module(module)
        return module


def rule_by_id(rule_id: str) -> Rule:
    for rule in all_rules():
        if rule.id == rule_id:
            return rule
    known = [rule.id for rule in all_rules()]
    close = difflib.get_close_matches(rule_id, known, n=1)
    hint = f"did you mean {close[0]!r}? " if close else ""
    raise KeyError(f"unknown rule {rule_id!r}; {hint}clean --list-rules shows them all")
