"""JSON on the LRS's write path, fast where it can be and exact always.

Parsing request bodies and writing the rows of an INSERT are a large part of
what the LRS does per statement. orjson does both several times faster than
the standard library. Where it differs from JSON itself, the standard
library takes over, so a document is accepted, refused and read exactly as
before: orjson refuses lone surrogate escapes and writes no integer beyond
64 bits, and it would read such an integer as a float, so a body with a run
of 19 or more digits is left to the standard library.
"""

from __future__ import annotations

import json
import re
from typing import Any

import orjson

# 19 digits can exceed a 64-bit integer; the check errs on the safe side.
LONG_NUMBER = re.compile(rb"\d{19}")


def loads(body: bytes) -> Any:
    """Parse UTF-8 JSON; refuse NaN and Infinity, which JSON does not have.

    Raises ValueError (UnicodeDecodeError is one) for anything that is no JSON.
    """
    if LONG_NUMBER.search(body) is None:
        try:
            return orjson.loads(body)
        except orjson.JSONDecodeError:
            pass
    return json.loads(body.decode("utf-8"), parse_constant=_reject_constant)


def dumps(value: Any) -> str:
    """Serialise JSON data to text, non-ASCII characters unescaped."""
    try:
        return orjson.dumps(value).decode()
    except TypeError:
        return json.dumps(value, ensure_ascii=False)


def _reject_constant(name: str) -> None:
    """Refuse NaN and Infinity."""
    raise ValueError(name)
