"""The seeds, cleaned by the installed `clean` command, match the committed output exactly."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import orjson
import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"


GOLDEN = ROOT / "tests" / "golden" / "seeds.jsonl"
CLEAN = str(Path(sys.executable).parent / "clean")


def test_seeds_match_golden(tmp_path: Path, request: pytest.FixtureRequest) -> None:
    output = tmp_path / "seeds.jsonl"
    subprocess.run([CLEAN, "seeds/", "-o", str(output), "--quiet"], check=True, cwd=ROOT)
    if request.config.getoption("--update-golden"):
        GOLDEN.write_bytes(output.read_bytes())
    assert output.read_text(encoding="utf-8") == GOLDEN.read_text(encoding="utf-8")


def test_golden_has_the_seed_residue_removed_and_content_kept() -> None:
    records = {
        record["id"][:3]: record for record in map(orjson.loads, GOLDEN.read_bytes().splitlines())
    }
    texts = "\n".join(record["text"] for record in records.values())
    for residue in (
        "© Getty Images",
        "Epoch Times Photo",
        "(Susan Walsh / Reuters)",
        "BlinkenAntony",
        "MORE",
        "pic.twitter.com",
        "By Lorenz",
        "Fast News",
        "This is a condensed version",
        "Source: AP",
        "From NTD News",
        "contributed to this report",
        " date 2021",
    ):
        assert residue not in texts, residue
    assert "Antony Blinken made similar remarks" in records["002"]["text"]
    assert "President Biden announced in April" in records["002"]["text"]
    assert "\n\nCivilians bear the brunt\n\n" in records["003"]["text"]
    assert records["003"]["text"].count("The UN human rights chief") == 1
    assert not records["004"]["text"].rstrip().endswith("Lorenz Duchamps")
    assert records["002"]["text"].startswith("A U.S. envoy is warning the Taliban")
    assert records["004"]["metadata"] == {
        "title": "US Warns Taliban to End Violence, Will Isolate Group If They Take Power "
        "Through Force",
        "author": "Lorenz Duchamps",
        "date": "2021-08-10",
        "source": ["The Associated Press", "NTD News"],
    }
    assert records["001"]["metadata"]["dateline"] == "KABUL, Afghanistan"
    assert records["003"]["metadata"]["source"] == ["AP"]
    assert records["002"]["metadata"]["title"].startswith("US envoy warning Taliban")
    assert all(
        record["metadata"].get("date") == "2021-08-10"
        for key, record in records.items()
        if key != "002"
    )
