"""Values kept on disk between processes: built once, loaded after, rebuilt when damaged."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from cleaner.disk_cache import DAY, UNUSED_DAYS, source_hash, stored


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CLEANER_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_a_stored_value_is_built_once_and_then_loaded(cache: Path) -> None:
    builds: list[int] = []

    def build() -> dict[str, list[str]]:
        builds.append(1)
        return {"recieve": ["receive"], "goverment": ["government"]}

    first = stored("typos", "v1", build)
    second = stored("typos", "v1", build)
    assert first == second == {"recieve": ["receive"], "goverment": ["government"]}
    assert len(builds) == 1
    assert [path.name.startswith("typos-") for path in cache.iterdir()] == [True]


def test_another_key_builds_its_own_value(cache: Path) -> None:
    assert stored("words", "wordfreq 3.1", lambda: frozenset({"a"})) == frozenset({"a"})
    assert stored("words", "wordfreq 3.2", lambda: frozenset({"b"})) == frozenset({"b"})
    assert len(list(cache.iterdir())) == 2


@pytest.mark.parametrize("collecting", [True, False])
def test_loading_leaves_the_garbage_collector_as_it_found_it(cache: Path, collecting: bool) -> None:
    stored("index", "v1", lambda: {"recieve": "receive relieve"})
    was = gc.isenabled()
    (gc.enable if collecting else gc.disable)()
    try:
        assert stored("index", "v1", lambda: {}) == {"recieve": "receive relieve"}
        assert gc.isenabled() is collecting
    finally:
        (gc.enable if was else gc.disable)()


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[:3],  # cut short
        lambda data: data[:-1] + bytes([data[-1] ^ 1]),  # one bit flipped: still marshal
        lambda data: b"",
    ],
)
def test_a_damaged_file_is_built_again(cache: Path, damage: Callable[[bytes], bytes]) -> None:
    stored("counts", "v1", lambda: {"the": 1.5, "of": 1.25})
    (path,) = cache.iterdir()
    path.write_bytes(damage(path.read_bytes()))
    assert stored("counts", "v1", lambda: {"the": 2.5}) == {"the": 2.5}
    assert stored("counts", "v1", lambda: {"the": 3.5}) == {"the": 2.5}


def test_a_folder_that_cannot_be_written_keeps_the_value_in_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    in_the_way = tmp_path / "a-file"
    in_the_way.write_text("")
    monkeypatch.setenv("CLEANER_CACHE", str(in_the_way / "cache"))
    assert stored("counts", "v1", lambda: {"the": 1.0}) == {"the": 1.0}


def test_the_word_lists_a_process_stored_are_those_the_next_process_loads(
    tmp_path: Path,
) -> None:
    show = (
        "from cleaner import lexicon;"
        "print(len(lexicon.codespell_typos()), lexicon.codespell_typos()['recieve'],"
        " len(lexicon._one_deletion_index()), lexicon.zipf('the'))"
    )
    env = {"CLEANER_CACHE": str(tmp_path), "PATH": "/usr/bin:/bin"}
    built = subprocess.run([sys.executable, "-c", show], env=env, capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    assert sorted(path.name.split("-")[1] for path in tmp_path.glob("words-*")) == [
        "candidates",
        "frequencies",
        "one",
        "typos",
    ]
    loaded = subprocess.run([sys.executable, "-c", show], env=env, capture_output=True, text=True)
    assert loaded.stdout == built.stdout
    assert " receive " in built.stdout


def test_a_folder_in_the_way_of_the_file_leaves_no_temporary_file(cache: Path) -> None:
    stored("counts", "v1", lambda: {"the": 1.0})
    (path,) = cache.iterdir()
    path.unlink()
    path.mkdir()  # where the file goes, a folder: it can be neither read nor replaced
    assert stored("counts", "v1", lambda: {"the": 2.0}) == {"the": 2.0}
    assert list(cache.iterdir()) == [path]


def test_word_data_whose_code_cannot_be_read_is_built_and_not_stored(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cleaner import lexicon

    monkeypatch.setattr(lexicon, "CODE", source_hash(str(cache / "inside.zip" / "lexicon.py")))
    lexicon._data_key.cache_clear()
    try:
        assert lexicon._stored("frequencies", lambda: {"the": 1.0}) == {"the": 1.0}
    finally:
        lexicon._data_key.cache_clear()
    assert not cache.exists()


def test_word_data_is_keyed_by_the_code_the_process_imported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An upgrade that replaces the file under a running process: what that process builds
    is stored under the key of the code it runs, not of the new file's."""
    from cleaner import lexicon

    upgraded = tmp_path / "lexicon.py"
    upgraded.write_text("# a newer version\n")
    lexicon._data_key.cache_clear()
    before = lexicon._data_key()
    monkeypatch.setattr(lexicon, "__file__", str(upgraded))
    lexicon._data_key.cache_clear()
    try:
        after = lexicon._data_key()
    finally:
        lexicon._data_key.cache_clear()
    assert after == before
    assert after is not None and after.endswith(str(lexicon.CODE))
    assert source_hash(str(upgraded)) not in after


def age(path: Path, days: float) -> None:
    then = time.time() - days * DAY
    os.utime(path, (then, then))


def test_building_removes_the_files_no_process_used_for_a_week(cache: Path) -> None:
    stored("words-typos", "old version", lambda: {"recieve": "receive"})
    stored("words-typos", "in use", lambda: {"recieve": "receive"})
    cache.joinpath("notes.txt").write_text("someone else's file in a shared folder")
    old, in_use = sorted(cache.glob("words-typos-*"), key=lambda path: path.stat().st_mtime)
    for path in cache.iterdir():
        age(path, UNUSED_DAYS + 1)
    stored("words-typos", "in use", lambda: pytest.fail("a stored value is loaded, not built"))
    stored("words-typos", "new version", lambda: {"recieve": "receive"})
    names = {path.name for path in cache.iterdir()}
    assert old.name not in names  # unused for eight days: removed when a value was built
    assert in_use.name in names  # loaded just now: kept
    assert "notes.txt" in names  # not a file of this cache
    assert len(names) == 3


def test_a_file_in_use_is_touched_at_most_once_a_day(cache: Path) -> None:
    stored("words-typos", "v1", lambda: {"recieve": "receive"})
    (path,) = cache.iterdir()
    age(path, 0.5)
    half_a_day = path.stat().st_mtime
    stored("words-typos", "v1", lambda: pytest.fail("loaded, not built"))
    assert path.stat().st_mtime == half_a_day
    age(path, 2)
    stored("words-typos", "v1", lambda: pytest.fail("loaded, not built"))
    assert time.time() - path.stat().st_mtime < 60
