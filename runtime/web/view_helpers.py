"""Small functions the theme's templates call (registered as Jinja globals)."""

from typing import Any

import msgspec

from components import Field, get_component
from components.fields.group import row_defaults, row_noun
from components.registry import Component
from runtime.i18n import numbers
from runtime.web.field_markup import GLOBALS as FIELD_MARKUP


def component_for(field: Field) -> Component | None:
    return get_component(field.component)


def row_field(group: Field, index: int, sub: Field) -> Field:
    """A group's sub-field as it is named in the form: `<group>__<row>__<sub>`."""
    return msgspec.structs.replace(sub, key=f"{group.key}__{index}__{sub.key}")


def row_value(row: Any, sub: Field) -> Any:
    """A sub-field's value in one row of a group, stored clean or as typed (a draft).

    A draft keeps the row as posted, where a signature's typed name sits under
    `<sub>__typed`; the sub-component reads those inputs back as it does on submit,
    so a typed signature in a row is not lost when the page is drawn again."""
    if not isinstance(row, dict):
        return None
    component = get_component(sub.component)
    if component is not None and any(str(k).startswith(f"{sub.key}__") for k in row):
        return component.read(row, sub.key)
    return row.get(sub.key)


def display_value(field: Field, value: Any) -> str:
    if field.component in numbers.LOCALISED:  # a computed total in the page's language
        return numbers.answer_text(field, value)
    component = get_component(field.component)
    return component.display(value, field=field) if component else ""


GLOBALS = {
    "component_for": component_for,
    "row_field": row_field,
    "row_value": row_value,
    "row_defaults": row_defaults,
    "row_noun": row_noun,
    "display_value": display_value,
    "box_number": numbers.box_number,
    "box_amount": numbers.box_amount,
    **FIELD_MARKUP,
}
