"""A repeating group ("Directors": name, ID number, signature per row).

The value is a list of rows, one dict per row keyed by the sub-fields in `Field.fields`.
`validation.min_rows` / `max_rows` (default 0 / 20) bound the rows; `validation.row_label`
("Director") names a row in messages. A sub-field's `visible_if` sees only the fields before it in its own row.
A row left as it started (empty, or holding only its sub-fields' default answers) is dropped,
unless those defaults answer every question of the row. Posted form names are `<group>__<row>__<sub-field>`
(rows counted from 0), plus any suffix the sub-component reads (`__typed` for signatures).
Problems are reported per row in FieldError.details, keyed like `directors[1].name`.
"""

import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from components.checks import KEY_PATTERN, check_field, key_message
from components.conditions import ConditionError, evaluate, truthy
from components.errors import FieldError
from components.fields._settings import check_int, check_range, label_of, plural
from components.registry import Component, get_component, register, starting_values

LIMIT_ROWS = 200
DEFAULT_MAX_ROWS = 20
NOT_IN_GROUPS = {"group", "computed"}


def row_label(field: Any) -> str:
    label = field.validation.get("row_label")
    return label.strip() if isinstance(label, str) and label.strip() else "Row"


def row_noun(field: Any) -> str | None:
    """The author's row label as a noun inside a sentence ("Add another director"), or None
    when the group has no `row_label` (pages then say "row" in their own language). Only the
    first letter is lowered, and not for an acronym: "CEO" and "Site in Paris" stay readable
    ("Add another CEO", "Add another site in Paris")."""
    label = field.validation.get("row_label")
    if not isinstance(label, str) or not label.strip():
        return None
    label = label.strip()
    first = label.split()[0]
    if len(first) > 1 and first[1:] != first[1:].lower():
        return label
    return label[0].lower() + label[1:]


def _noun(field: Any, count: int) -> str:
    """ "2 directors": runtime/i18n/messages.py reads the count and the noun back (one "s"
    added when the count is not 1) to word the message in the signer's language."""
    return plural(count, row_noun(field) or "row")


def _summary(messages: list[str]) -> str:
    """The first two problems, and how many more: the one line beside the group."""
    more = f" (and {len(messages) - 2} more)" if len(messages) > 2 else ""
    return "; ".join(messages[:2]) + more


class GroupComponent(Component):
    name = "group"
    macro = "group"
    value_type = "list"
    validation_keys = frozenset({"min_rows", "max_rows", "row_label"})
    field_parts = frozenset({"fields"})

    def read(self, form: Mapping[str, Any], key: str) -> Any:
        direct = form.get(key)
        if isinstance(direct, list):
            return direct
        pattern = re.compile(re.escape(key) + r"__(\d{1,4})__(.+)$")
        rows: dict[int, dict[str, Any]] = {}
        for name in form:
            match = pattern.match(name)
            if match and (int(match[1]) in rows or len(rows) <= LIMIT_ROWS):
                rows.setdefault(int(match[1]), {})[match[2]] = _values(form, name)
        return [rows[i] for i in sorted(rows)] or None

    def clean(self, raw: Any, field: Any) -> Any:
        if raw is None or raw == [] or raw == "":
            return None
        items = [raw] if isinstance(raw, Mapping) else raw
        if not isinstance(items, list):
            raise FieldError(f"{label_of(field)} could not be read; check the rows again")
        high = _setting(field, "max_rows", DEFAULT_MAX_ROWS)
        if len(items) > min(high, LIMIT_ROWS):
            raise FieldError(f"Add no more than {_noun(field, high)}")
        rows: list[dict[str, Any]] = []
        details: dict[str, str] = {}
        for_api: list[str] = []  # the same problems in the API's wording (ISO dates)
        for index, item in enumerate(items):
            row, errors = self._clean_row(item, field)
            for sub_key, error in errors.items():
                path = f"{field.key}[{index}]" + (f".{sub_key}" if sub_key else "")
                details[path] = f"{row_label(field)} {index + 1}: {error.message}"
                for_api.append(f"{row_label(field)} {index + 1}: {error.for_api}")
            if row:
                rows.append(row)
        if details:
            raise FieldError(
                _summary(list(details.values())), details, api_message=_summary(for_api)
            )
        low = _setting(field, "min_rows", 0)
        if rows and len(rows) < low:
            raise FieldError(f"Add at least {_noun(field, low)}")
        return rows or None

    def _clean_row(self, item: Any, field: Any) -> tuple[dict[str, Any], dict[str, FieldError]]:
        if not isinstance(item, Mapping):
            return {}, {"": FieldError("this row could not be read; fill it in again")}
        values: dict[str, Any] = {}
        errors: dict[str, FieldError] = {}
        for sub in field.fields:
            component = get_component(sub.component)
            if component is None or component.layout_only:
                continue
            own_inputs = any(str(k).startswith(f"{sub.key}__") for k in item)
            raw = component.read(item, sub.key) if own_inputs else item.get(sub.key)
            try:
                values[sub.key] = component.clean(raw, sub)
            except FieldError as exc:
                errors[sub.key] = exc
        if not errors and _untouched(values, row_defaults(field)):
            return {}, {}
        visible: dict[str, Any] = {}
        for sub in field.fields:
            if not _row_visible(sub, visible):
                errors.pop(sub.key, None)
                continue
            component = get_component(sub.component)
            if component is None or component.layout_only:
                continue
            value = values.get(sub.key)
            if value is None and sub.required and sub.key not in errors:
                errors[sub.key] = FieldError(component.missing_message(sub))
            if value is not None:
                visible[sub.key] = value
        return visible, {s.key: errors[s.key] for s in field.fields if s.key in errors}

    def missing_error(self, raw: Any, field: Any) -> FieldError:
        return _first_row_missing(raw, field) or FieldError(self.missing_message(field))

    def missing_message(self, field: Any) -> str:
        return f"Add at least {_noun(field, max(1, _setting(field, 'min_rows', 0)))}"

    def display(self, value: Any, field: Any = None) -> str:
        if not value:
            return ""
        if field is None:
            return plural(len(value), "row")
        return rows_text(value, field)

    def check_field(self, field: Any) -> Iterator[tuple[str, str]]:
        if not field.fields:
            yield "fields", "a repeating group needs at least one field"
        seen: set[str] = set()
        for i, sub in enumerate(field.fields):
            at = f"fields[{i}]"
            if sub.key in seen:
                yield f"{at}.key", f"'{sub.key}' is used twice in this group"
            elif not KEY_PATTERN.match(sub.key):
                yield f"{at}.key", key_message(sub.key)
            seen.add(sub.key)
            if sub.component in NOT_IN_GROUPS:
                yield f"{at}.component", f"a {sub.component} cannot be inside a repeating group"
                continue
            for path, message in check_field(sub):
                yield f"{at}.{path}", message
        yield from check_int(field, "min_rows", 0, LIMIT_ROWS)
        yield from check_int(field, "max_rows", 1, LIMIT_ROWS)
        yield from check_range(field, "min_rows", "max_rows")
        if not isinstance(field.validation.get("row_label", ""), str):
            yield "validation.row_label", "must be text, like Director"


#: how a cell is worded: (sub-field, its value in a row) -> text
Word = Callable[[Any, Any], str]


def _display(sub: Any, value: Any) -> str:
    component = get_component(sub.component)
    assert component is not None
    return component.display(value, sub)


def table(value: Any, field: Any, word: Word = _display) -> tuple[list[str], list[list[str]]]:
    """Column headings and display text per row: what the PDF and review step show.
    `word`: how a cell is written (runtime/i18n words amounts in the reader's language)."""
    subs = [s for s in field.fields if _holds_value(s)]
    cells = [[word(sub, row.get(sub.key)) for sub in subs] for row in value or []]
    return [label_of(s) for s in subs], cells


def rows_text(value: Any, field: Any, word: Word = _display) -> str:
    """The rows as one text: "Director 1: Name: Ann; Share: 50"."""
    headers, cells = table(value, field, word)
    return "\n".join(
        f"{row_label(field)} {i + 1}: "
        + "; ".join(f"{h}: {c}" for h, c in zip(headers, row, strict=True) if c)
        for i, row in enumerate(cells)
    )


def row_defaults(field: Any) -> dict[str, Any]:
    """What a new row starts with: its sub-fields' default answers (`starting_value`), as
    the first row and every "Add another" show them."""
    return starting_values(field.fields)


def _untouched(values: Mapping[str, Any], starting: Mapping[str, Any]) -> bool:
    """A row the signer left as it started: every value empty or its default. Such a row
    is no answer (an optional group's first row must not trap the signer with "Enter
    Name"), unless the defaults fill every question: then the row is a complete answer."""
    if all(v is None for v in values.values()):
        return True
    if any(v is not None and (k not in starting or v != starting[k]) for k, v in values.items()):
        return False
    return any(k not in starting for k in values)


def strip_row(field: Any, row: Mapping[str, Any]) -> dict[str, Any]:
    """A stored row with the values of its hidden sub-fields (and unknown keys) removed."""
    kept: dict[str, Any] = {}
    for sub in field.fields:
        if row.get(sub.key) is not None and _row_visible(sub, kept):
            kept[sub.key] = row[sub.key]
    return kept


def _holds_value(sub: Any) -> bool:
    component = get_component(sub.component)
    return component is not None and not component.layout_only


def _first_row_missing(raw: Any, field: Any) -> FieldError | None:
    """A required group whose rows were shown and left empty: what its first row needs
    ("Director 1: Enter Full name", beside those boxes), not "Add at least 1 director"
    under a Director 1 the signer can see. None when no row came (the API's `[]`)."""
    items = [raw] if isinstance(raw, Mapping) else raw
    if not isinstance(items, list) or not items or not isinstance(items[0], Mapping):
        return None
    details: dict[str, str] = {}
    for sub in field.fields:
        component = get_component(sub.component)
        if component is None or component.layout_only or not sub.required:
            continue
        if _row_visible(sub, {}):
            message = f"{row_label(field)} 1: {component.missing_message(sub)}"
            details[f"{field.key}[0].{sub.key}"] = message
    if not details:
        return None
    return FieldError(_summary(list(details.values())), details)


def _row_visible(sub: Any, row: Mapping[str, Any]) -> bool:
    if sub.visible_if is None:
        return True
    try:
        return truthy(evaluate(sub.visible_if, row))
    except ConditionError:
        return False


def _setting(field: Any, key: str, default: int) -> int:
    value = field.validation.get(key, default)
    return value if isinstance(value, int) and not isinstance(value, bool) else default


def _values(form: Any, name: str) -> Any:
    for method in ("getall", "getlist"):
        getter = getattr(form, method, None)
        if callable(getter):
            values = list(getter(name))
            return values[0] if len(values) == 1 else values
    return form.get(name)


group = register(GroupComponent())
