"""Where a number too large to read sits in a JSON body (components/json_numbers.py)."""

import msgspec
import pytest

from components.json_numbers import TOO_LARGE, too_large_number


def msgspec_says(body: bytes) -> str:
    with pytest.raises(msgspec.DecodeError) as refused:
        msgspec.json.decode(body)
    return str(refused.value)


@pytest.mark.parametrize(
    ("body", "path"),
    [
        pytest.param(b"1e400", "$", id="alone"),
        pytest.param(b'{"a": {"b": [1, -1E+400]}}', "$.a.b[1]", id="nested"),
        pytest.param(
            b'{"ok": 1e-400, "big": 10' + b"0" * 30 + b', "x": 9e999}', "$.x", id="first-too-large"
        ),
        pytest.param(b'\xef\xbb\xbf{"n": 2e308}', "$.n", id="byte-order-mark"),
    ],
)
def test_the_path_of_the_number(body: bytes, path: str) -> None:
    found = too_large_number(msgspec_says(body.removeprefix(b"\xef\xbb\xbf")), body)
    assert found == {"path": path, "message": TOO_LARGE}


def test_other_problems_are_left_alone() -> None:
    assert too_large_number(msgspec_says(b'{"a": '), b'{"a": ') is None
    assert too_large_number("Number out of range - at `$[...]`", b"{not json") == {
        "path": "$",
        "message": TOO_LARGE,
    }
