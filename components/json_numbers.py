"""A number too large for the body's reader (`1e400`), named with its path.

msgspec refuses a number past a float's range with "Number out of range - at `$[...]`":
it does not keep an object's keys on the way, so the path said neither the key nor that
the number itself was the problem, and the answer read as a syntax error. The body is read
again here with the standard library, which takes such a number (as infinity), to find
where the first one is and say it as the other body problems are said: for the API's JSON
bodies (runtime/web/errors.py) and template definitions (definition.py).
"""

import json
import math
import re
from typing import Any

OUT_OF_RANGE = re.compile(r"^Number out of range( - at `\$[^`]*`)?$")
TOO_LARGE = "is too large a number"


class _TooLarge:
    """Stands for a number that is infinite as a float, wherever it was in the body."""


def _number(text: str) -> Any:
    value = float(text)
    return _TooLarge() if math.isinf(value) else value


def _first(value: Any, path: str) -> str | None:
    if isinstance(value, _TooLarge):
        return path
    children: Any = ()
    if isinstance(value, dict):
        children = ((f"{path}.{key}", child) for key, child in value.items())
    elif isinstance(value, list):
        children = ((f"{path}[{index}]", child) for index, child in enumerate(value))
    for child_path, child in children:
        if (found := _first(child, child_path)) is not None:
            return found
    return None


def too_large_number(message: str, body: bytes | str) -> dict[str, str] | None:
    """The problem `{"path": "$.expires_in_days", "message": "is too large a number"}` when
    `message` is msgspec's "Number out of range" for `body`; None for any other message."""
    if not OUT_OF_RANGE.match(message):
        return None
    try:
        parsed = json.loads(body, parse_float=_number)  # big whole numbers are read
        path = _first(parsed, "$")
    except (ValueError, RecursionError):  # not readable here either: the top as msgspec says
        path = None
    return {"path": path or "$", "message": TOO_LARGE}
