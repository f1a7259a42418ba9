"""Multi-line text: keeps line breaks, trims trailing spaces."""

from typing import Any

from components.errors import FieldError
from components.registry import Component, register


class TextareaComponent(Component):
    name = "textarea"
    macro = "textarea"

    def normalise(self, text: str, field: Any) -> Any:
        text = "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").split("\n"))
        limit = int(field.validation.get("max_length", 5000))
        if len(text) > limit:
            raise FieldError(f"{field.label} must be {limit} characters or fewer")
        return text


textarea = register(TextareaComponent())
