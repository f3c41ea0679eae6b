"""Project configuration for the ``clean`` command, found like ruff finds its own.

The nearest ``cleaner.toml`` (whole file) or ``pyproject.toml`` with a ``[tool.cleaner]`` table,
from the working directory upwards, sets which rules run, so a corpus with its own idea of
boilerplate (say, embedded posts that must go) keeps that choice next to its data.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from cleaner.registry import ALL, rule_by_id

KEYS = ("select", "extend-select", "ignore")


@dataclass(frozen=True, slots=True)
class RuleChoice:
    select: list[str] | None = None
    extend_select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)


def find_config(start: Path | None = None) -> Path | None:
    """The nearest configuration file at or above ``start`` (the working folder by default).
    A ``pyproject.toml`` whose ``tool`` is no table (another tool's broken file) holds none."""
    if start is None:
        try:
            start = Path.cwd()
        except OSError as error:  # the working folder was deleted under the shell
            raise ValueError(
                f"the working folder cannot be read ({error.strerror}) to find a cleaner.toml; "
                "run from an existing folder, or give --config FILE or --isolated"
            ) from None
    for folder in (start, *start.parents):
        own = folder / "cleaner.toml"
        if own.is_file():
            return own
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            tool = _read(pyproject).get("tool", {})
            if isinstance(tool, dict) and "cleaner" in tool:
                return pyproject
    return None


def load_config(path: Path) -> RuleChoice:
    """The rule choice in ``path``; ValueError naming the file for anything unknown."""
    data = _read(path)
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("cleaner", {})
        if not isinstance(data, dict):
            raise ValueError(f"{path}: [tool.cleaner] must be a table of settings, not a value")
    unknown = sorted(set(data) - set(KEYS))
    if unknown:
        raise ValueError(f"{path}: unknown setting {unknown[0]!r} (known: {', '.join(KEYS)})")
    for key, value in data.items():
        if not (isinstance(value, list) and all(isinstance(item, str) for item in value)):
            raise ValueError(f"{path}: {key!r} must be a list of rule ids")
        if key == "select" and not value:  # as --select "" is refused: no rule would run
            raise ValueError(f"{path}: 'select' needs at least one rule id")
        for rule_id in value:
            if not (key == "select" and rule_id == ALL):
                try:
                    rule_by_id(rule_id)
                except KeyError as error:  # the file must be named: it may be a pyproject.toml
                    raise ValueError(f"{path}: {key!r}: {error.args[0]}") from None
    return RuleChoice(data.get("select"), data.get("extend-select", []), data.get("ignore", []))


def _read(path: Path) -> dict:
    try:
        with path.open("rb") as stream:
            return tomllib.load(stream)
    except tomllib.TOMLDecodeError as error:
        raise ValueError(f"{path}: {error}") from error
    except UnicodeDecodeError as error:
        raise ValueError(f"{path}: not UTF-8 ({error.reason} at byte {error.start})") from error
    except OSError as error:
        raise ValueError(f"{path}: cannot read the configuration: {error.strerror}") from error
