"""Finds the rules: every ``Rule`` subclass with an id in a module of ``cleaner.rules``, and in
the rule packs that other distributions register under the entry-point group ``cleaner.rules``.

Adding a rule is adding a module (or a class to one) under ``rules/``; nothing else lists it.
A rule pack's entry point names a module (every rule class defined in it) or one rule class.

On by default means measured (see the README), so a pack's rules are off by default whatever
they declare, unless their id is in ``MEASURED``: the benchmark's accounting is done in this
repository, and a pack rule goes on by default only by adding its id here.
"""

from __future__ import annotations

import difflib
import importlib
import importlib.metadata
import importlib.util
import inspect
import pkgutil
import sys
from functools import cache
from pathlib import Path
from types import ModuleType

from cleaner.rule import Rule, validate

# In a list of rule ids to select: every rule, whether on by default or not.
ALL = "ALL"

ENTRY_POINT_GROUP = "cleaner.rules"
# Ids of rule-pack rules that the benchmark showed remove article text in under 5% of what
# they remove; only these may be on by default.
MEASURED: frozenset[str] = frozenset()


class RulePackError(ValueError):
    """A rule pack that cannot be loaded or that clashes with another rule."""


@cache
def all_rules() -> tuple[Rule, ...]:
    """One instance of every rule, built-in and from rule packs, in the order they run."""
    package = rules_package()
    found: dict[str, Rule] = {}
    for module_info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"{package.__name__}.{module_info.name}")
        _add(found, _rule_classes(module))
    for entry_point in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP):
        origin = entry_point.dist.name if entry_point.dist is not None else entry_point.value
        try:
            loaded = entry_point.load()
        except Exception as error:
            raise RulePackError(
                f"rule pack {origin} ({entry_point.value}) cannot be loaded: {error}"
            ) from None
        classes = _rule_classes(loaded) if inspect.ismodule(loaded) else [loaded]
        _add(found, classes, origin)
    return tuple(sorted(found.values(), key=lambda rule: (rule.phase, rule.order, rule.id)))


def _rule_classes(module: ModuleType) -> list[type[Rule]]:
    return [
        cls
        for _, cls in inspect.getmembers(module, inspect.isclass)
        if cls.__module__ == module.__name__ and issubclass(cls, Rule) and "id" in vars(cls)
    ]


def _add(found: dict[str, Rule], classes: list[type[Rule]], origin: str | None = None) -> None:
    for cls in classes:
        if not (inspect.isclass(cls) and issubclass(cls, Rule)):
            raise RulePackError(f"rule pack {origin}: {cls!r} is not a rule class")
        rule = cls()
        if origin is not None:
            rule.origin = origin  # type: ignore[misc]
            rule.enabled_by_default = rule.enabled_by_default and rule.id in MEASURED  # type: ignore[misc]
        try:
            validate(rule)
        except TypeError as error:
            if origin is None:
                raise
            raise RulePackError(f"rule pack {origin}: {error}") from None
        if rule.id in found:
            where = f" (by {found[rule.id].origin} and {rule.origin})"
            raise RulePackError(f"rule id {rule.id!r} is defined twice{where}")
        found[rule.id] = rule


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
    if not isinstance(rule_id, str):
        raise TypeError(f"a rule id is a str, not {type(rule_id).__name__}: {rule_id!r}")
    for rule in all_rules():
        if rule.id == rule_id:
            return rule
    known = [rule.id for rule in all_rules()]
    close = difflib.get_close_matches(rule_id.lower(), known, n=1)  # ids are lower case
    hint = f"did you mean {close[0]!r}? " if close else ""
    raise KeyError(f"unknown rule {rule_id!r}; {hint}clean --list-rules shows them all")
