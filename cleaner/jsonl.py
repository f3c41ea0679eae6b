"""JSON lines that round-trip exactly: orjson where it can, the standard library where it cannot.

orjson is fast but bounded: it reads integers beyond 64 bits as floats and refuses to write
them, and it writes at most 254 levels of nesting. A pipeline step must hand such values on
unchanged, so those records take the standard library's slower, unbounded path.
"""

from __future__ import annotations

import json
from typing import Any

import orjson
import regex

# Nineteen digits in a row may be an integer beyond 64 bits (2**63 has nineteen); a cheap
# test on the raw bytes, that only sends rare lines down the slow path.
LONG_DIGITS = regex.compile(rb"\d{19}")


class RecordError(ValueError):
    """A record that is not valid JSON or cannot be written as JSON."""


def _reject_constant(name: str) -> Any:
    raise RecordError(f"{name} is not JSON")


def loads(raw: bytes) -> Any:
    """The JSON value of one line, integers of any size kept exact."""
    if LONG_DIGITS.search(raw) is None:
        try:
            return orjson.loads(raw)
        except orjson.JSONDecodeError as error:
            raise RecordError(str(error)) from None
    try:
        return json.loads(raw, parse_constant=_reject_constant)
    except (json.JSONDecodeError, UnicodeDecodeError, RecursionError) as error:
        raise RecordError(str(error)) from None


def dumps(value: Any) -> bytes:
    """One line of JSON (no newline); RecordError when the value cannot be written."""
    try:
        return orjson.dumps(value)
    except (TypeError, orjson.JSONEncodeError):
        pass
    try:
        # ASCII escapes: the standard library passes lone surrogates through, which UTF-8
        # cannot hold.
        return json.dumps(value, separators=(",", ":"), allow_nan=False).encode("ascii")
    except (TypeError, ValueError, RecursionError) as error:
        raise RecordError(f"cannot be written as JSON: {error}") from None
