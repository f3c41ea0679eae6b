"""The `clean` command reads its rule choice from cleaner.toml or [tool.cleaner], as ruff does."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import orjson

CLEAN = str(Path(sys.executable).parent / "clean")
TWEET = (
    "The office said it was alarmed.\n\n"
    "Violence must end #Afghanistan pic.twitter.com/abc — UN Human Rights (@UNHumanRights) "
    "August 10, 2021\n\nThe insurgents claimed responsibility."
)
CLEANED = "The office said it was alarmed.\n\nThe insurgents claimed responsibility."


def clean_in(folder: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    (folder / "doc.txt").write_text(TWEET, encoding="utf-8")
    return subprocess.run([CLEAN, "doc.txt", *args], cwd=folder, capture_output=True, check=False)


def text_of(result: subprocess.CompletedProcess[bytes]) -> str:
    return orjson.loads(result.stdout)["text"]


def test_defaults_keep_embedded_posts(tmp_path: Path) -> None:
    assert text_of(clean_in(tmp_path)) == TWEET


def test_cleaner_toml_extends_the_selection(tmp_path: Path) -> None:
    (tmp_path / "cleaner.toml").write_text('extend-select = ["embedded-tweet"]\n')
    assert text_of(clean_in(tmp_path)) == CLEANED
    assert text_of(clean_in(tmp_path, "--isolated")) == TWEET


def test_pyproject_table_is_found_from_a_subfolder(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.cleaner]\nextend-select = ["embedded-tweet"]\n')
    subfolder = tmp_path / "data"
    subfolder.mkdir()
    assert text_of(clean_in(subfolder)) == CLEANED


def test_command_line_ignore_wins_over_the_file(tmp_path: Path) -> None:
    (tmp_path / "cleaner.toml").write_text('extend-select = ["embedded-tweet"]\n')
    assert text_of(clean_in(tmp_path, "--ignore", "embedded-tweet")) == TWEET


def test_bad_configuration_names_the_file(tmp_path: Path) -> None:
    (tmp_path / "cleaner.toml").write_text('extend_select = ["embedded-tweet"]\n')
    result = clean_in(tmp_path)
    assert result.returncode == 2
    assert b"cleaner.toml: unknown setting 'extend_select'" in result.stderr
    (tmp_path / "cleaner.toml").write_text('select = "title"\n')
    assert b"'select' must be a list of rule ids" in clean_in(tmp_path).stderr
    # no rule at all would run, as --select "" would, which is refused too
    (tmp_path / "cleaner.toml").write_text("select = []\n")
    assert b"cleaner.toml: 'select' needs at least one rule id" in clean_in(tmp_path).stderr
    (tmp_path / "cleaner.toml").write_text('extend-select = ["no-such-rule"]\n')
    assert b"unknown rule 'no-such-rule'" in clean_in(tmp_path).stderr
    # an id from a pyproject.toml found upwards: the message says where it came from
    (tmp_path / "cleaner.toml").unlink()
    (tmp_path / "pyproject.toml").write_text('[tool.cleaner]\nignore = ["bylin"]\n')
    message = b"pyproject.toml: 'ignore': unknown rule 'bylin'; did you mean 'byline'?"
    assert message in clean_in(tmp_path).stderr
    (tmp_path / "pyproject.toml").write_text('[tool.cleaner]\nselect = ["ALL"]\n')
    assert clean_in(tmp_path).returncode == 0


def test_a_pyproject_whose_tool_or_cleaner_is_no_table_is_a_message(tmp_path: Path) -> None:
    """``[tool] cleaner = 5`` and ``tool = 5`` were tracebacks, for any run below the file."""
    (tmp_path / "pyproject.toml").write_text("[tool]\ncleaner = 5\n")
    result = clean_in(tmp_path)
    assert result.returncode == 2 and b"Traceback" not in result.stderr
    assert b"pyproject.toml: [tool.cleaner] must be a table of settings" in result.stderr
    (tmp_path / "pyproject.toml").write_text("tool = 5\n")  # another tool's file: none of ours
    assert text_of(clean_in(tmp_path)) == TWEET


def test_a_deleted_working_folder_is_a_message(tmp_path: Path) -> None:
    gone = tmp_path / "gone"
    gone.mkdir()
    (tmp_path / "doc.txt").write_text(TWEET, encoding="utf-8")
    script = (
        f"import os, subprocess, sys; os.chdir({str(gone)!r}); os.rmdir({str(gone)!r}); "
        f"sys.exit(subprocess.run([{CLEAN!r}, {str(tmp_path / 'doc.txt')!r}]).returncode)"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, check=False)
    assert result.returncode == 2 and b"Traceback" not in result.stderr
    assert b"the working folder cannot be read" in result.stderr
