"""The edit log always rebuilds the input exactly, however rules' edits overlap."""

from __future__ import annotations

import itertools

import orjson
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner import Cleaner, reconstruct
from cleaner.edits import Edit, apply_edits, compose


@st.composite
def batches(draw: st.DrawFn, text: str) -> list[Edit]:
    """Sorted, non-overlapping edits against ``text``, as one rule would make."""
    cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=8)))
    edits = []
    for start, end in zip(cuts[::2], cuts[1::2], strict=False):
        inserted = draw(st.text(alphabet="xyz\n ", max_size=4))
        if text[start:end] != inserted:
            edits.append(Edit("rule", start, end, text[start:end], inserted))
    return edits


@given(st.text(alphabet="abc \n", max_size=40), st.data())
@settings(max_examples=300, deadline=None)
def test_composed_log_rebuilds_the_original(original: str, data: st.DataObject) -> None:
    current, log = original, []
    for _ in range(data.draw(st.integers(1, 4))):
        batch = data.draw(batches(current))
        log = compose(original, log, current, batch)
        current = apply_edits(current, batch)
        assert apply_edits(original, log) == current
        assert reconstruct(current, log) == original
        assert all(a.end <= b.start for a, b in itertools.pairwise(log))


def test_later_edit_inside_an_earlier_insertion_merges() -> None:
    original = "caf\u00c3\u00a9 (Photo/AP)"
    first = [Edit("unicode-repair", 3, 5, "\u00c3\u00a9", "\u00e9")]
    current = apply_edits(original, first)
    second = [Edit("caption-credit", 0, len(current), current, "")]
    log = compose(original, first, current, second)
    assert log == [Edit("caption-credit", 0, len(original), original, "")]


PIECES = [
    "By Jane Doe\n",
    "Jane Doe\n",
    "© Getty Images\n",
    "The cafÃ© opened on Tuesday.\n",
    "Antony BlinkenAntony BlinkenHeadline here MORE said.\n",
    "Source: AP\n",
    "\n",
    "  \n",
    "Plain article sentence.\n",
    "US Envoy Warns The Taliban Again\n",
    " date 2021-08-10 ",
    "Fish &amp; chips \r\n",
    "— NASA (@NASA) July 4, 2022\n",
]


@given(st.lists(st.sampled_from(PIECES), max_size=12))
@settings(max_examples=200, deadline=None)
def test_cleaner_edit_log_rebuilds_generated_documents(pieces: list[str]) -> None:
    text = "".join(pieces)
    result = Cleaner().clean(text)
    assert reconstruct(result.text, result.edits) == text


def test_cleaner_edit_log_rebuilds_the_seeds(seed_texts: dict[str, str]) -> None:
    cleaner = Cleaner()
    for text in seed_texts.values():
        result = cleaner.clean(text)
        assert result.edits
        assert reconstruct(result.text, result.edits) == text


def test_a_record_written_with_edits_rebuilds_its_input_as_it_is_read_back() -> None:
    """``reconstruct`` took only ``Edit`` objects: the edits field of a record read back from
    JSON (dicts) needed ``Edit.from_dict`` first, which the README did not say."""
    record = {"id": 1, "text": "US Envoy Warns Over Kabul\n\nBy Jane Doe\n\nThe envoy spoke."}
    written = orjson.loads(orjson.dumps(Cleaner().clean_record(record, with_edits=True)))
    assert written["edits"] and isinstance(written["edits"][0], dict)
    assert reconstruct(written["text"], written["edits"]) == record["text"]
