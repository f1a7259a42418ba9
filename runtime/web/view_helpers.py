"""Small functions the theme's templates call (registered as Jinja globals)."""

from typing import Any

import msgspec

from components import Field, get_component
from components.registry import Component
from runtime.web.field_markup import GLOBALS as FIELD_MARKUP


def component_for(field: Field) -> Component | None:
    return get_component(field.component)


def row_field(group: Field, index: int, sub: Field) -> Field:
    """A group's sub-field as it is named in the form: `<group>__<row>__<sub>`."""
    return msgspec.structs.replace(sub, key=f"{group.key}__{index}__{sub.key}")


def display_value(field: Field, value: Any) -> str:
    component = get_component(field.component)
    return component.display(value, field=field) if component else ""


GLOBALS = {
    "component_for": component_for,
    "row_field": row_field,
    "display_value": display_value,
    **FIELD_MARKUP,
}
