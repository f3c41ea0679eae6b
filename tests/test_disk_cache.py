"""Values kept on disk between processes: built once, loaded after, rebuilt when damaged."""

from __future__ import annotations

import gc
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from cleaner.disk_cache import stored


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

    monkeypatch.setattr(lexicon, "__file__", str(cache / "inside.zip" / "lexicon.py"))
    lexicon._data_key.cache_clear()
    try:
        assert lexicon._stored("frequencies", lambda: {"the": 1.0}) == {"the": 1.0}
    finally:
        lexicon._data_key.cache_clear()
    assert not cache.exists()
