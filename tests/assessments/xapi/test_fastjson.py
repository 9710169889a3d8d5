"""The LRS's JSON helpers accept and refuse exactly what JSON allows."""

import json

import pytest

from assessments.xapi import fastjson


@pytest.mark.parametrize(
    "text",
    [
        b'{"a": 1, "b": [true, null, 2.5], "c": "\\u00e9\\u20ac"}',
        b'{"big": 123456789012345678901234567890}',
        b'{"long": -9223372036854775809, "f": 1.00000000000000000001}',
        b'{"lone": "\\ud800"}',
        b'{"same": 1, "same": 2}',
        '{"naam": "Jos\u00e9"}'.encode(),
    ],
    ids=[
        "plain",
        "big-integer",
        "long-numbers",
        "lone-surrogate",
        "duplicate-key",
        "utf-8",
    ],
)
def test_loads_agrees_with_the_standard_library(text):
    """Whatever orjson refuses but JSON allows still parses, as json does."""
    # repr tells an integer from a float of the same value.
    assert repr(fastjson.loads(text)) == repr(json.loads(text.decode("utf-8")))


@pytest.mark.parametrize(
    "text", [b'{"a": NaN}', b'{"a": Infinity}', b"{not json", b'"\xff"']
)
def test_loads_refuses_what_is_no_json(text):
    """NaN, Infinity, broken syntax and invalid UTF-8 are refused."""
    with pytest.raises(ValueError):
        fastjson.loads(text)


@pytest.mark.parametrize(
    "value",
    [
        {"naam": "José", "score": 0.1, "n": [1, None, True]},
        {"big": 2**70, "naam": "José"},
    ],
    ids=["plain", "big-integer"],
)
def test_dumps_writes_text_that_reads_back_the_same(value):
    """Text out of dumps parses to the same value, also beyond 64 bits."""
    text = fastjson.dumps(value)

    assert json.loads(text) == value
    assert "\\u" not in text  # non-ASCII characters are written as they are
