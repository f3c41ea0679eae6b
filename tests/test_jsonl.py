"""Records come back as they were, whatever JSON they hold: a property test of ``cleaner.jsonl``.

Values are drawn as JSON text, with number literals of any size and precision and strings with
any code point (lone surrogates too, as web data holds them), read and written back through
``jsonl``, and compared with the standard library reading numbers as ``Decimal``: the same keys
in the same order, the same strings, the same numbers.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner import jsonl


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
@settings(max_examples=500, deadline=None)
def test_every_record_comes_back_with_the_same_values(record: dict[str, Any]) -> None:
    line = render(record).encode("utf-8")
    written = jsonl.dumps(jsonl.loads(line))
    assert exactly(written) == exactly(line)
