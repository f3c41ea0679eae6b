"""Records come back as they were, whatever JSON they hold: a property test of ``cleaner.jsonl``.

Values are drawn as JSON text, with number literals of any size and precision and strings with
any code point (lone surrogates too, as web data holds them), read and written back through
``jsonl``, and compared with the standard library reading numbers as ``Decimal``: the same keys
in the same order, the same strings, the same numbers.
"""

from __future__ import annotations

import datetime
import json
import zoneinfo
from decimal import Decimal
from typing import Any

import orjson
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from cleaner import jsonl
from cleaner.cli import main


class Literal(str):
    """A number as written in the JSON text."""


DIGITS = "0123456789"
integers = st.builds(
    lambda sign, digits: Literal(sign + (digits.lstrip("0") or "0")),
    st.sampled_from(["", "-"]),
    st.text(DIGITS, min_size=1, max_size=30),
)
numbers = st.builds(
    lambda whole, fraction, exponent: Literal(whole + fraction + exponent),
    integers,
    st.one_of(st.just(""), st.text(DIGITS, min_size=1, max_size=25).map(lambda d: "." + d)),
    st.one_of(
        st.just(""),
        st.builds(
            lambda mark, sign, digits: mark + sign + digits,
            st.sampled_from(["e", "E"]),
            st.sampled_from(["", "+", "-"]),
            st.text(DIGITS, min_size=1, max_size=4),
        ),
    ),
)
strings = st.text(st.characters(exclude_categories=()), max_size=12)
leaves = st.one_of(numbers, strings, st.booleans(), st.none())
values = st.recursive(
    leaves,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(strings, children, max_size=4)
    ),
    max_leaves=16,
)


def render(value: Any) -> str:
    """JSON text of ``value``, its number literals as drawn, strings escaped as JSON allows."""
    if isinstance(value, Literal):
        return str(value)
    if isinstance(value, list):
        return "[" + ",".join(render(item) for item in value) + "]"
    if isinstance(value, dict):
        return (
            "{" + ",".join(f"{json.dumps(key)}:{render(item)}" for key, item in value.items()) + "}"
        )
    return json.dumps(value)


def exactly(text: str | bytes) -> Any:
    """The value of JSON text with every number exact and every object's keys in order."""
    return json.loads(text, parse_float=Decimal, object_pairs_hook=list)


@given(st.dictionaries(strings, values, max_size=5))
@example({"v": [Literal(number) for number in ("1e-400", "1e400", "0.30000000000000000001")]})
@example({"v": Literal("8527904685616358e4")})  # sixteen digits: 8.527904685616357e19 as a double
@example({"half an emoji": "\ud83d"})
@settings(max_examples=500, deadline=None)
def test_every_record_comes_back_with_the_same_values(record: dict[str, Any]) -> None:
    line = render(record).encode("utf-8")
    written = jsonl.dumps(jsonl.loads(line))
    assert exactly(written) == exactly(line)


@given(st.lists(st.dictionaries(strings, values, max_size=4), min_size=1, max_size=20))
@settings(max_examples=25, deadline=None)
def test_a_run_of_clean_hands_every_other_field_on_unchanged(
    tmp_path_factory: pytest.TempPathFactory, extras: list[dict[str, Any]]
) -> None:
    """The same through the command: reader, cleaning and writer, every field but the text."""
    folder = tmp_path_factory.mktemp("records")
    records = [
        {"id": Literal(str(number)), "text": "The council met on Tuesday.", **extra}
        for number, extra in enumerate(extras)
        if not {"id", "text", "metadata"} & set(extra)
    ]
    (folder / "in.jsonl").write_text("".join(render(record) + "\n" for record in records))
    assert main([str(folder / "in.jsonl"), "-o", str(folder / "out.jsonl"), "-q"]) == 0
    written = (folder / "out.jsonl").read_bytes().splitlines()
    assert len(written) == len(records)
    for record, line in zip(records, written, strict=True):
        fields = [pair for pair in exactly(line) if pair[0] not in ("text", "metadata")]
        expected = [pair for pair in exactly(render(record)) if pair[0] != "text"]
        assert fields == expected


def test_a_time_beside_a_decimal_is_written_as_orjson_writes_it() -> None:
    """A Parquet row with a decimal column and a date or timestamp column: the Decimal sends
    the record to simplejson, which refused the date ("not JSON serializable"), so every such
    row was rejected."""
    times = [
        datetime.date(2024, 1, 2),
        datetime.datetime(2024, 1, 2, 3, 4, 5),
        datetime.datetime(2024, 1, 2, 3, 4, 5, 678901, tzinfo=datetime.UTC),
        datetime.datetime(2024, 7, 2, 3, 4, 5, tzinfo=zoneinfo.ZoneInfo("Europe/Paris")),
        datetime.time(3, 4, 5, 12),
    ]
    for value in times:
        written = jsonl.dumps({"when": value, "price": Decimal("1.50")})
        assert written == orjson.dumps({"when": value})[:-1] + b',"price":1.50}'


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b'{"text": "d"\n', "unexpected end of data at column 14"),
        (b'{"n": 1.00000000000000000001,}\n', "at column 29"),  # a number read exactly
    ],
)
def test_a_malformed_record_is_placed_by_its_column_not_by_lines_of_its_own(
    raw: bytes, reason: str
) -> None:
    """The file's line is the reject's; a parser's "line 2 column 1" read as another line."""
    with pytest.raises(jsonl.RecordError) as error:
        jsonl.loads(raw)
    assert str(error.value).endswith(reason) and "line" not in str(error.value)
