"""Every shape problem of a JSON request body, not only the first.

msgspec stops at the first problem it meets, so a body with three wrong keys took three
round trips to fix. When it refuses a body, the body (already parsed) is checked again key
by key against the handler's msgspec Struct: each missing key, unknown key, wrong type and
value out of range is listed, with its JSON path, in the words msgspec uses for one.
Nested Structs and lists of them are walked; a value msgspec refuses as a whole (a string
too long, a Struct's own rule) is one problem at its path.
"""

import re
import types
import typing
from typing import Any

import msgspec

Problem = dict[str, str]

AT_PATH = re.compile(r"^(?P<message>.*?) - at `\$(?P<path>[^`]*)`$", re.S)
# msgspec names the object, not the key: point the path at the key itself
_KEY = {
    re.compile(r"^Object missing required field `(?P<key>[^`]+)`$"): "is required",
    re.compile(r"^Object contains unknown field `(?P<key>[^`]+)`$"): "is not a known field",
}
REQUIRED = "is required"
UNKNOWN = "is not a known field"


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


def body_problems(annotation: Any, value: Any, path: str = "$") -> list[Problem]:
    """Every problem of `value` as `annotation` (a Struct, usually); [] when it fits."""
    try:
        msgspec.convert(value, annotation, strict=False, str_keys=True)
        return []
    except msgspec.ValidationError as exc:
        first = problem(path, str(exc))
    struct = _struct_of(annotation)
    if struct is not None and isinstance(value, dict):
        return _struct_problems(struct, value, path) or [first]
    item = _item_of(annotation)
    if item is not None and isinstance(value, list):
        found = [p for i, v in enumerate(value) for p in body_problems(item, v, f"{path}[{i}]")]
        return found or [first]
    return [first]


def _struct_problems(struct: type[msgspec.Struct], value: dict, path: str) -> list[Problem]:
    found: list[Problem] = []
    fields = msgspec.structs.fields(struct)
    for field in fields:
        key = f"{path}.{field.encode_name}"
        if field.encode_name in value:
            found += body_problems(field.type, value[field.encode_name], key)
        elif field.required:
            found.append({"path": key, "message": REQUIRED})
    if struct.__struct_config__.forbid_unknown_fields:
        known = {field.encode_name for field in fields}
        found += [{"path": f"{path}.{k}", "message": UNKNOWN} for k in value if k not in known]
    return found


def _bare(annotation: Any) -> Any:
    """`Annotated[X, Meta(...)]` as X."""
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    return annotation


def _choices(annotation: Any) -> tuple[Any, ...]:
    """The types a value may be: X for X, and each of `X | None`'s other than None."""
    annotation = _bare(annotation)
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return tuple(_bare(a) for a in typing.get_args(annotation) if a is not type(None))
    return (annotation,)


def _struct_of(annotation: Any) -> type[msgspec.Struct] | None:
    """The one Struct the value may be (`Reminders | None`: Reminders), else None."""
    structs = [
        a for a in _choices(annotation) if isinstance(a, type) and issubclass(a, msgspec.Struct)
    ]
    return structs[0] if len(structs) == 1 else None


def _item_of(annotation: Any) -> Any:
    """The item type of the one list the value may be (`list[RecipientIn]`), else None."""
    lists = [a for a in _choices(annotation) if typing.get_origin(a) is list]
    if len(lists) != 1 or len(typing.get_args(lists[0])) != 1:
        return None
    return typing.get_args(lists[0])[0]
