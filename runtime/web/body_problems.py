"""Every shape problem of a JSON request body, not only the first.

msgspec stops at the first problem it meets, so a body with three wrong keys took three
round trips to fix. When it refuses a body, the body (already parsed) is checked again key
by key against the handler's msgspec Struct: each missing key, unknown key, wrong type and
value out of range is listed, with its JSON path, in the words msgspec uses for one.
The walk is components/shape.py's, which template definitions use too.
"""

import re
from typing import Any

from components.shape import shape_problems

Problem = dict[str, str]

AT_PATH = re.compile(r"^(?P<message>.*?) - at `\$(?P<path>[^`]*)`$", re.S)
# msgspec names the object, not the key: point the path at the key itself
_KEY = {
    re.compile(r"^Object missing required field `(?P<key>[^`]+)`$"): "is required",
    re.compile(r"^Object contains unknown field `(?P<key>[^`]+)`$"): "is not a known field",
}


def problem(path: str, message: str) -> Problem:
    """One problem, its message made relative to the key it is about."""
    match = AT_PATH.match(message)
    if match:
        path, message = path + match["path"], match["message"]
    for pattern, wording in _KEY.items():
        found = pattern.match(message)
        if found:
            return {"path": f"{path}.{found['key']}", "message": wording}
    return {"path": path, "message": message}


def body_problems(annotation: Any, value: Any) -> list[Problem]:
    """Every problem of `value` as `annotation` (a Struct, usually); [] when it fits.
    Converted as Litestar converts a body (`strict=False`: "3" is taken for 3)."""
    return [problem("$", m) for m in shape_problems(annotation, value, strict=False)]
