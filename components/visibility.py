"""Which sections, fields, document blocks and roles apply, given the answers so far.

The server is the authority: the engine calls these at every step and at the final
submit. A field is visible when its section's `visible_if` and its own `visible_if` both
hold (None = always). A hidden field's value counts as missing when other conditions read
it, so chains work (A hides B, B hides C); the rules are applied in definition order and
repeated until nothing changes (bounded, so even a cyclic definition ends). Computed values
are always worked out again from the visible answers, never taken from what was stored.
"""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from components.computed import compute_values
from components.conditions import ConditionError, evaluate, truthy
from components.definition import Block, Definition, Role, Section
from components.errors import FieldError
from components.fields.group import strip_row
from components.registry import get_component


def holds(expr: Any, data: Mapping[str, Any], today: dt.date | None = None) -> bool:
    """A condition on the data; no condition holds, a broken one does not."""
    if expr is None:
        return True
    try:
        return truthy(evaluate(expr, data, today=today))
    except ConditionError:
        return False


@dataclass
class Resolved:
    """The outcome for one set of answers: visible field and section keys, and the data
    conditions see (visible answers plus visible computed values)."""

    fields: set[str]
    sections: set[str]
    data: dict[str, Any]


def resolve(
    definition: Definition, answers: Mapping[str, Any], *, today: dt.date | None = None
) -> Resolved:
    pairs = list(definition.fields())
    computed = {f.key for _, f in pairs if f.component == "computed"}
    inputs = {
        f.key: answers[f.key]
        for _, f in pairs
        if f.key not in computed and answers.get(f.key) is not None
    }
    visible = {f.key for _, f in pairs}
    shown = {s.key for s in definition.sections}
    data = _with_computed(definition, inputs, visible, computed, today)
    for _ in range(len(pairs) + 2):
        changed = False
        for section in definition.sections:
            section_ok = holds(section.visible_if, data, today)
            changed |= _toggle(shown, section.key, section_ok)
            for field in section.fields:
                ok = section_ok and holds(field.visible_if, data, today)
                if _toggle(visible, field.key, ok):
                    changed = True
                    if ok and field.key in inputs:
                        data[field.key] = inputs[field.key]
                    else:
                        data.pop(field.key, None)
        fresh = _with_computed(definition, inputs, visible, computed, today)
        changed |= fresh != data
        data = fresh
        if not changed:
            break
    return Resolved(visible, shown, data)


def _toggle(keys: set[str], key: str, on: bool) -> bool:
    if on == (key in keys):
        return False
    (keys.add if on else keys.discard)(key)
    return True


def _with_computed(
    definition: Definition,
    inputs: Mapping[str, Any],
    visible: set[str],
    computed: set[str],
    today: dt.date | None,
) -> dict[str, Any]:
    data = {k: v for k, v in inputs.items() if k in visible}
    if computed:
        values = compute_values(definition, data, today=today)
        data.update({k: v for k, v in values.items() if k in visible and v is not None})
    return data


def visible_keys(
    definition: Definition, answers: Mapping[str, Any], *, today: dt.date | None = None
) -> set[str]:
    """Keys of the fields that are visible."""
    return resolve(definition, answers, today=today).fields


def visible_sections(
    definition: Definition,
    role_key: str,
    answers: Mapping[str, Any],
    *,
    today: dt.date | None = None,
) -> list[Section]:
    """The role's wizard steps whose `visible_if` holds, in order."""
    shown = resolve(definition, answers, today=today).sections
    return [s for s in definition.sections_for(role_key) if s.key in shown]


def strip_hidden(
    definition: Definition, answers: Mapping[str, Any], *, today: dt.date | None = None
) -> dict[str, Any]:
    """The answers of visible fields only, with computed values worked out afresh.

    Used on every save and at submit: values of hidden fields (and of hidden sub-fields in
    a repeating group's rows) never reach storage, the PDF or a webhook.
    """
    resolved = resolve(definition, answers, today=today)
    kept: dict[str, Any] = {}
    for _, field in definition.fields():
        value = resolved.data.get(field.key)
        if value is None:
            continue
        if field.component == "group" and isinstance(value, list):
            value = [strip_row(field, row) for row in value if isinstance(row, Mapping)]
        kept[field.key] = value
    return kept


def visible_blocks(
    definition: Definition, answers: Mapping[str, Any], *, today: dt.date | None = None
) -> list[Block]:
    """Document blocks (clauses) whose `visible_if` holds."""
    data = resolve(definition, answers, today=today).data
    return [b for b in definition.document if holds(b.visible_if, data, today)]


def active_roles(
    definition: Definition, answers: Mapping[str, Any], *, today: dt.date | None = None
) -> list[Role]:
    """Roles whose `condition` holds (None = always active)."""
    data = resolve(definition, answers, today=today).data
    return [r for r in definition.roles if holds(r.condition, data, today)]


def validate_answers(
    definition: Definition,
    answers: Mapping[str, Any],
    *,
    keys: set[str] | None = None,
    today: dt.date | None = None,
) -> tuple[dict[str, Any], dict[str, str]]:
    """Clean every field in `keys` (default: all), then judge visibility on the cleaned
    values: errors of hidden fields are dropped and `required` applies to visible fields
    only. Returns (the stripped answers to store, errors by field key; a repeating group
    adds one entry per row problem, keyed like `directors[1].name`)."""
    cleaned: dict[str, Any] = dict(answers)
    errors: dict[str, str] = {}
    details: dict[str, dict[str, str]] = {}
    for _, field in definition.fields():
        if keys is not None and field.key not in keys:
            continue
        component = get_component(field.component)
        if component is None or not component.holds_value:
            cleaned.pop(field.key, None)
            continue
        try:
            cleaned[field.key] = component.clean(answers.get(field.key), field)
        except FieldError as exc:
            cleaned.pop(field.key, None)
            errors[field.key] = exc.message
            details[field.key] = exc.details
    resolved = resolve(definition, cleaned, today=today)
    found: dict[str, str] = {}
    for _, field in definition.fields():
        if field.key not in resolved.fields or (keys is not None and field.key not in keys):
            continue
        component = get_component(field.component)
        if field.key in errors:
            found[field.key] = errors[field.key]
            found.update(details.get(field.key, {}))
        elif (
            field.required
            and component
            and component.holds_value
            and cleaned.get(field.key) is None
        ):
            missing = component.missing_error(answers.get(field.key), field)
            found[field.key] = missing.message
            found.update(missing.details)
    return strip_hidden(definition, cleaned, today=today), found
