"""Several values out of `Field.options` (check boxes), stored as a list in option order.

`validation.min_selected` / `validation.max_selected` limit how many may be chosen.
"""

from collections.abc import Iterator, Mapping
from typing import Any

from components.errors import FieldError
from components.fields._choice import check_options, match_option
from components.fields._settings import check_int, check_range, label_of, plural
from components.registry import Component, register
from components.wording import asks_for, in_sentence


def default_parts(default: str) -> list[str]:
    """A default typed as one text, "email, post", as the values it names."""
    return [part.strip() for part in default.split(",")]


class MultiselectComponent(Component):
    name = "multiselect"
    macro = "multiselect"
    value_type = "list"
    validation_keys = frozenset({"min_selected", "max_selected"})
    field_parts = frozenset({"options"})

    def read(self, form: Mapping[str, Any], key: str) -> Any:
        """Every value posted under `key` (a multi-dict's getall/getlist, or a list)."""
        for method in ("getall", "getlist"):
            getter = getattr(form, method, None)
            if callable(getter):
                try:
                    return list(getter(key))
                except KeyError:
                    return []
        return form.get(key)

    def clean(self, raw: Any, field: Any) -> Any:
        label = label_of(field)
        if raw is None:
            return None
        items = raw if isinstance(raw, list | tuple) else [raw]
        chosen: set[str] = set()
        for item in items:
            if item is None or (isinstance(item, str) and not item.strip()):
                continue
            value = match_option(item, field)
            if value is None:
                raise FieldError(f"Select only the options listed for {in_sentence(label)}")
            chosen.add(value)
        if not chosen:
            return None
        low = field.validation.get("min_selected")
        high = field.validation.get("max_selected")
        if isinstance(low, int) and len(chosen) < low:
            raise FieldError(
                asks_for(
                    label,
                    f"Select at least {plural(low, 'option')} for {{label}}",
                    f"Choose at least {plural(low, 'answer')} to “{{label}}”",
                )
            )
        if isinstance(high, int) and len(chosen) > high:
            raise FieldError(
                asks_for(
                    label,
                    f"Select no more than {plural(high, 'option')} for {{label}}",
                    f"Choose no more than {plural(high, 'answer')} to “{{label}}”",
                )
            )
        return [o.value for o in field.options if o.value in chosen]

    def starting_value(self, field: Any) -> Any:
        """A default may also be typed as one text, "email, post" (the designer's box)."""
        value = super().starting_value(field)
        if value is None and isinstance(field.default, str) and "," in field.default:
            try:
                value = self.clean(default_parts(field.default), field)
            except FieldError:
                return None
        return value

    def missing_message(self, field: Any) -> str:
        return asks_for(
            label_of(field),
            "Select at least one option for {label}",
            "Choose at least one answer to “{label}”",
        )

    def display(self, value: Any, field: Any = None) -> str:
        if not value:
            return ""
        return ", ".join(field.option_label(v) if field is not None else str(v) for v in value)

    def check_new_field(self, field: Any) -> Iterator[tuple[str, str]]:
        """More options asked for than there are: once answered, the field is refused
        whatever the signer ticks (a lint error; a version stored before still loads)."""
        low = field.validation.get("min_selected")
        count = len(field.options)
        if isinstance(low, int) and not isinstance(low, bool) and count and low > count:
            yield (
                "validation.min_selected",
                f"asks for at least {low} options, but there are only {count}: "
                "lower it or add options",
            )

    def check_field(self, field: Any) -> Iterator[tuple[str, str]]:
        yield from check_options(field)
        yield from check_int(field, "min_selected", 0, 1000)
        yield from check_int(field, "max_selected", 1, 1000)
        yield from check_range(field, "min_selected", "max_selected")


multiselect = register(MultiselectComponent())
