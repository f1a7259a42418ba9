"""Checks of one field's set-up, shared by the definition parser and repeating groups.

Each check yields (sub-path, message) relative to the field, e.g. ("validation.currency",
"must be a 3-letter currency code"); the caller adds the field's own path.
"""

import re
from collections.abc import Iterator
from typing import Any

from components.conditions import ConditionError, check_condition
from components.registry import get_component

MAX_KEY_LENGTH = 63
KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,62}$")
#: Field attributes only some components read; setting one elsewhere is a mistake
_PARTS = {"options": "options", "expression": "expression", "fields": "fields"}


def key_message(key: str) -> str:
    if len(key) > MAX_KEY_LENGTH and KEY_PATTERN.match(key[:MAX_KEY_LENGTH]):
        return f"'{key[:20]}…' is too long: a key has at most {MAX_KEY_LENGTH} characters"
    return (
        f"'{key}' is not a valid key: use lower-case letters, digits and underscores, "
        "starting with a letter"
    )


def condition_problems(expr: Any, path: str) -> Iterator[tuple[str, str]]:
    """check_condition as (path, message) pairs; nothing when expr is None."""
    if expr is None:
        return
    try:
        check_condition(expr, path=path)
    except ConditionError as exc:
        yield exc.path, exc.message


def check_field(field: Any) -> Iterator[tuple[str, str]]:
    """Everything about one field that makes it unusable (parse errors)."""
    component = get_component(field.component)
    if component is None:
        yield "component", f"unknown component '{field.component}'"
    if not field.label.strip():
        yield "label", "must not be empty"
    yield from condition_problems(field.visible_if, "visible_if")
    if component is None:
        return
    for attribute in _PARTS:
        if getattr(field, attribute) and attribute not in component.field_parts:
            yield attribute, f"is not used by the {component.name} component; remove it"
    yield from component.check_field(field)
