"""JSON lines that round-trip exactly: orjson where it can, simplejson where it cannot.

orjson is fast but bounded: it reads integers beyond 64 bits as floats and refuses to write
them, refuses a string with a lone surrogate escape, reads every other number as a double
(``1e-400`` becomes ``0.0``, ``1e400`` an error, ``0.30000000000000000001`` becomes ``0.3``),
and writes at most 254 levels of nesting. A pipeline step must hand such values on unchanged,
so those records take simplejson's slower path, which reads a number no double holds as a
``Decimal`` (every other one as a float, as orjson would) and writes it back as it was written,
as jq 1.7 keeps number literals.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from decimal import Decimal
from typing import Any

import orjson
import regex
import simplejson

# A cheap test on the raw bytes, so that only rare lines take the slow path: seventeen digits
# and dots in a row, or sixteen digits before an exponent, may be an integer beyond 64 bits or
# a number with more significant digits than a double keeps (fifteen always survive:
# "8527904685616358e4" read as a double comes back 8.527904685616357e19); a three-digit
# exponent may be beyond a double's range (1e±308). Shorter literals come back through a
# double as the same number. Strings that pass the test cost time, never a change. ASCII
# classes: the regex module scans them three times as fast as ``\d``.
MAY_NOT_FIT_A_DOUBLE = regex.compile(rb"[0-9](?:[0-9.]{15}[0-9.eE]|[eE][-+]?[0-9]{3})")


class RecordError(ValueError):
    """A record that is not valid JSON or cannot be written as JSON."""


def _reject_constant(name: str) -> Any:
    raise RecordError(f"{name} is not JSON")


class NonFinite(float):
    """NaN or an infinity from a Parquet float, which JSON has no number for: orjson would
    write it as null without a word; as this type it takes the slow path, where it is refused,
    or written as JavaScript's literal on its way to a Parquet output, which keeps it."""


def _non_finite(name: str) -> NonFinite:
    return NonFinite(name)  # float() reads "NaN", "Infinity" and "-Infinity"


class NumberLiteral(Decimal):
    """A number no double holds, exactly, and written back as it was written: ``Decimal``'s
    own text of ``9.007199254740993e15`` is ``9007199254740993``, which JSON readers, pandas
    and Arrow read as an integer, and of ``1e400`` ``1E+400``."""

    literal: str

    def __new__(cls, literal: str) -> NumberLiteral:
        number = super().__new__(cls, literal)
        number.literal = literal
        return number

    def __str__(self) -> str:
        return self.literal


def _number(literal: str) -> float | Decimal:
    """A float when the double it reads as is the number written, else the exact number."""
    double, exact = float(literal), NumberLiteral(literal)
    return double if Decimal(repr(double)) == exact else exact


def loads(raw: bytes, non_finite: bool = False) -> Any:
    """The JSON value of one line, every number kept exact; with ``non_finite``, also NaN and
    the infinities as ``dumps`` writes them for a Parquet output."""
    if MAY_NOT_FIT_A_DOUBLE.search(raw) is None:
        try:
            return orjson.loads(raw)
        except orjson.JSONDecodeError as error:
            # orjson refuses a lone surrogate escape ("\ud83d" of an emoji cut in two), which
            # JSON allows and web data holds: the record is read as JSON reads it
            try:
                return _exact_loads(raw, non_finite)
            except RecordError:
                raise RecordError(_where(error)) from None
    return _exact_loads(raw, non_finite)


def _where(error: orjson.JSONDecodeError | simplejson.JSONDecodeError) -> str:
    """The parser's complaint at its column of the record: its own "line 2 column 1" counts
    the lines of one record (the line break at its end is a line), which reads as a line of
    the file."""
    return f"{error.msg} at column {error.pos + 1}"


def _exact_loads(raw: bytes, non_finite: bool = False) -> Any:
    constant = _non_finite if non_finite else _reject_constant
    try:
        return simplejson.loads(raw, parse_float=_number, parse_constant=constant)
    except simplejson.JSONDecodeError as error:
        raise RecordError(_where(error)) from None
    except (UnicodeDecodeError, RecursionError) as error:
        raise RecordError(str(error)) from None


# How a key of a JSON object ends as JSON lines writers write it (orjson, json.dumps, jq -c),
# and as some pretty printers do, with white space before the colon (``"key" : 1``).
KEY_END = b'":'
SPACED_KEY_END = re.compile(rb'"[ \t\r\n]+:')


def repeated_key(raw: bytes, value: Any) -> str | None:
    """A key that an object of the line ``raw`` (read as ``value``) holds twice, whose first
    value every JSON reader drops without a word; None when there is none.

    Cheap for the usual line (a scan for ``KEY_END`` costs a third of orjson's reading, the
    one for ``SPACED_KEY_END`` a tenth): a line holding no more key endings (also found in
    strings that quote JSON) than ``value`` has keys holds no key twice, and only the other
    lines are read again, by a parser that sees every key (11 of 931 pages of the benchmarks,
    which print code).
    """
    key_ends = raw.count(KEY_END) + len(SPACED_KEY_END.findall(raw))
    if key_ends <= _keys_at_least(value):
        return None
    repeated: list[str] = []

    def pairs_once(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        counts = Counter(key for key, _ in pairs)
        if not repeated and len(counts) < len(pairs):
            repeated.append(next(key for key, _ in pairs if counts[key] > 1))
        return dict(pairs)

    try:
        simplejson.loads(raw, object_pairs_hook=pairs_once, parse_float=_number)
    except (ValueError, RecursionError):  # read once already: nothing new to tell
        return None
    return repeated[0] if repeated else None


def _keys_at_least(value: Any) -> int:
    """How many keys the objects of ``value`` hold, less those of objects in lists that start
    with a number or a string (an embedding's floats are not walked): a lower bound."""
    count, pending = 0, [value]
    while pending:
        item = pending.pop()
        if isinstance(item, dict):
            count += len(item)
            pending.extend(inner for inner in item.values() if isinstance(inner, dict | list))
        elif isinstance(item, list) and item and isinstance(item[0], dict | list):
            pending.extend(inner for inner in item if isinstance(inner, dict | list))
    return count


def _as_orjson_writes(value: Any) -> str:
    """The text orjson writes for a date, time or datetime (ISO 8601, as ``isoformat``): a
    Parquet row may hold one beside a ``Decimal``, which sends the whole record to simplejson."""
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


NO_NUMBER_FOR = "Out of range float values are not JSON compliant"


def dumps(value: Any, non_finite: bool = False) -> bytes:
    """One line of JSON (no newline); RecordError when the value cannot be written. A
    ``NonFinite`` float is refused, or with ``non_finite`` written as NaN, Infinity or
    -Infinity, for a Parquet output (which reads it with ``loads(non_finite=True)``)."""
    try:
        return orjson.dumps(value)
    except (TypeError, orjson.JSONEncodeError):
        pass
    options = {
        "use_decimal": True,
        "separators": (",", ":"),
        "allow_nan": non_finite,
        "default": _as_orjson_writes,
    }
    try:
        text = simplejson.dumps(value, ensure_ascii=False, **options)
    except (TypeError, ValueError, RecursionError) as error:
        if str(error).startswith(NO_NUMBER_FOR):
            raise RecordError(
                f"holds {str(error).rpartition(': ')[2]}, which JSON has no number for "
                "(a Parquet output keeps it)"
            ) from None
        raise RecordError(f"cannot be written as JSON: {error}") from None
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        # a lone surrogate, which UTF-8 cannot hold: escaped, as JSON allows
        return simplejson.dumps(value, **options).encode("ascii")
