"""A single tick box ("I agree to the terms"); required means it must be ticked."""

from typing import Any

from components.registry import Component, register
from components.wording import word

_TRUE = {"on", "true", "1", "yes"}


class CheckboxComponent(Component):
    name = "checkbox"
    macro = "checkbox"
    value_type = "boolean"

    def clean(self, raw: Any, field: Any) -> Any:
        if isinstance(raw, bool):
            return raw or None
        ticked = raw is not None and str(raw).strip().lower() in _TRUE
        return True if ticked else None

    def missing_message(self, field: Any) -> str:
        return f"Tick the box to confirm: {field.label.strip()}"

    def display(self, value: Any, field: Any = None) -> str:
        return word("Yes") if value else word("No")


checkbox = register(CheckboxComponent())
