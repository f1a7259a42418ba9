"""A heading inside a wizard step: layout only, the field's label is the text."""

from typing import Any

from components.registry import Component, register


class HeadingComponent(Component):
    name = "heading"
    macro = "heading"
    holds_value = False
    layout_only = True
    value_type = "none"

    def read(self, form: Any, key: str) -> Any:
        return None

    def clean(self, raw: Any, field: Any) -> Any:
        return None

    def validate(self, raw: Any, field: Any) -> Any:
        return None

    def display(self, value: Any, field: Any = None) -> str:
        return ""


heading = register(HeadingComponent())
