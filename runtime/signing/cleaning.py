"""Typed values cleaned as far as they can be, for conditions and computed values to read
while the signer types (and in the designer's preview)."""

from typing import Any

from components import Definition, Field, FieldError, get_component


def best_effort(
    definition: Definition, raw: dict[str, Any], fields: dict[str, Field] | None = None
) -> dict[str, Any]:
    """Clean each raw value on its own; values that do not clean are left out. `fields`:
    the definition's fields by key, when the caller has them (SigningContext.fields_by_key)."""
    cleaned: dict[str, Any] = {}
    for key, value in raw.items():
        f = fields.get(key) if fields is not None else definition.field(key)
        component = get_component(f.component) if f else None
        if f is None or component is None or not component.holds_value:
            continue
        try:
            value = component.clean(value, f)
        except FieldError:
            continue
        if value is not None:
            cleaned[key] = value
    return cleaned
