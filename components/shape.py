"""Every shape problem of decoded JSON against a msgspec type, not only the first.

msgspec stops at the first problem it meets. When it refuses a value, `shape_problems`
checks the value again key by key: each missing key, unknown key, wrong type and value out
of range is returned in msgspec's own words (`"Expected `int`, got `str` - at `$.a[0].b`"`),
so callers word them as they word msgspec's single message. Structs, tagged unions of
Structs (a document block's `kind`), `X | None` and lists are walked; anything else msgspec
refuses as a whole is one problem at its path.
"""

import types
import typing
from typing import Any

import msgspec


def shape_problems(annotation: Any, value: Any, *, strict: bool, path: str = "$") -> list[str]:
    """msgspec-style messages for every problem of `value` as `annotation`; [] if it fits."""
    try:
        msgspec.convert(value, annotation, strict=strict, str_keys=True)
        return []
    except msgspec.ValidationError as exc:
        first = _at(str(exc), path)
    struct = _struct_for(annotation, value)
    if struct is not None:
        return _struct_problems(struct, value, strict, path) or [first]
    item = _item_of(annotation)
    if item is not None and isinstance(value, list):
        found = [
            p
            for i, v in enumerate(value)
            for p in shape_problems(item, v, strict=strict, path=f"{path}[{i}]")
        ]
        return found or [first]
    return [first]


def _at(message: str, path: str) -> str:
    """msgspec's message about a value at `path`, its own path made absolute."""
    text, sep, rest = message.rpartition(" - at `$")
    if sep:
        return f"{text} - at `{path}{rest}"
    return f"{message} - at `{path}`"


def _struct_problems(
    struct: type[msgspec.Struct], value: dict, strict: bool, path: str
) -> list[str]:
    found: list[str] = []
    fields = msgspec.structs.fields(struct)
    for field in fields:
        if field.encode_name in value:
            key = f"{path}.{field.encode_name}"
            found += shape_problems(field.type, value[field.encode_name], strict=strict, path=key)
        elif field.required:
            found.append(f"Object missing required field `{field.encode_name}` - at `{path}`")
    config = struct.__struct_config__
    if config.forbid_unknown_fields:
        known = {field.encode_name for field in fields} | {config.tag_field}
        found += [
            f"Object contains unknown field `{k}` - at `{path}`" for k in value if k not in known
        ]
    return found


def _choices(annotation: Any) -> tuple[Any, ...]:
    """The types a value may be: X for X, each of a union's (None aside)."""
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return tuple(a for a in typing.get_args(annotation) if a is not type(None))
    return (annotation,)


def _struct_for(annotation: Any, value: Any) -> type[msgspec.Struct] | None:
    """The Struct `value` is meant to be: the only one the type allows, or in a tagged union
    the one its tag names; None when the value is no object or the tag names none."""
    if not isinstance(value, dict):
        return None
    structs = [
        a for a in _choices(annotation) if isinstance(a, type) and issubclass(a, msgspec.Struct)
    ]
    if len(structs) == 1:
        return structs[0]
    tagged = [s for s in structs if s.__struct_config__.tag_field is not None]
    if not tagged or len(tagged) != len(structs):
        return None
    for struct in tagged:
        config = struct.__struct_config__
        if value.get(config.tag_field) == config.tag:
            return struct
    return None


def _item_of(annotation: Any) -> Any:
    """The item type of the one list the value may be (`list[Role]`), else None."""
    lists = [a for a in _choices(annotation) if typing.get_origin(a) is list]
    if len(lists) != 1 or len(typing.get_args(lists[0])) != 1:
        return None
    return typing.get_args(lists[0])[0]
