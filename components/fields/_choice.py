"""What select, radio and multiselect share: options from `Field.options`.

A posted value must be one of the option values; an option's label (any case) is accepted
too, for API callers and prefill, and stored as its value.
"""

from collections.abc import Iterator
from typing import Any

from components.errors import FieldError
from components.fields._settings import label_of
from components.registry import Component
from components.wording import asks_for, in_sentence


def match_option(raw: Any, field: Any) -> str | None:
    """The option value `raw` names (by value, or by label ignoring case); None if none."""
    if isinstance(raw, bool) or raw is None:
        return None
    text = str(raw).strip()
    for option in field.options:
        if option.value == text:
            return str(option.value)
    folded = text.casefold()
    for option in field.options:
        if option.label and option.label.strip().casefold() == folded:
            return str(option.value)
    return None


class ChoiceComponent(Component):
    """One option out of several: the select list and radio buttons differ only in macro."""

    field_parts = frozenset({"options"})

    def clean(self, raw: Any, field: Any) -> Any:
        if isinstance(raw, list) and len(raw) == 1:
            raw = raw[0]
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return None
        value = match_option(raw, field)
        if value is None:
            raise FieldError(f"Select one of the options for {in_sentence(label_of(field))}")
        return value

    def missing_message(self, field: Any) -> str:
        return asks_for(label_of(field), "Select {label}", "Choose an answer to “{label}”")

    def display(self, value: Any, field: Any = None) -> str:
        if value is None:
            return ""
        return field.option_label(value) if field is not None else str(value)

    def check_field(self, field: Any) -> Iterator[tuple[str, str]]:
        yield from check_options(field)
        if field.default is not None and match_option(field.default, field) is None:
            yield "default", "must be one of the option values"


def check_options(field: Any) -> Iterator[tuple[str, str]]:
    if not field.options:
        yield "options", "needs at least one option"
    seen: set[str] = set()
    for i, option in enumerate(field.options):
        if not option.value.strip():
            yield f"options[{i}].value", "must not be empty"
        elif option.value in seen:
            yield f"options[{i}].value", f"'{option.value}' is used twice"
        seen.add(option.value)
