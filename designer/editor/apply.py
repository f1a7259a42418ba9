"""Apply a posted properties panel to whatever is selected; returns the new selection."""

from collections.abc import Mapping, Sequence
from typing import Any

from designer.editor import operations as ops
from designer.editor import options, properties
from designer.logic.formula import parse_formula
from designer.web import text
from runtime.errors import Invalid


def apply(
    d: dict[str, Any],
    target: str,
    data: dict[str, Any],
    published: frozenset[str] = frozenset(),
    published_options: Mapping[str, Sequence[Mapping[str, Any]]] | None = None,
) -> str:
    """`published`: the field keys of the latest version, which stay put (apply_field);
    `published_options`: their options there, by field key, whose values stay too."""
    kind, _, key = target.partition(":")
    if kind == "template":
        properties.apply_template(d, data)
        return "template"
    if kind == "section":
        values: dict[str, Any] = {
            n: text(data, n, 2000) for n in ("title", "description", "role", "key") if n in data
        }
        return "section:" + ops.update_section(d, key, values, published)
    if kind == "field":
        _, _, field = ops.find_field(d, key)
        frozen = options.published_options(
            key, field.get("options") or [], published_options or {}, ops.field_keys(d)
        )
        new_key = properties.apply_field(d, key, data, published, frozen)
        if "formula" in data:
            _, _, field = ops.find_field(d, new_key)
            field["expression"] = parse_formula(text(data, "formula", 600), ops.field_keys(d))
        return "field:" + new_key
    if kind == "role":
        from designer.roles.operations import update_role

        return "role:" + update_role(d, key, data)
    if kind == "block":
        from designer.document.blocks import update_block

        update_block(d, int(key) if key.isdigit() else -1, data)
        return target
    raise Invalid("Choose something to change.")


def move_index(items: list[Any], index: int, direction: str, to: str) -> int:
    """The target index from `to` (drag and drop) or `direction` (keyboard: up/down)."""
    if to.lstrip("-").isdigit():
        return int(to)
    if direction == "up":
        return index - 1
    if direction == "down":
        return index + 1
    raise Invalid("Say where to move it.")
