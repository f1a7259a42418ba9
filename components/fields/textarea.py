"""Multi-line text: keeps line breaks, trims trailing spaces."""

from collections.abc import Iterator
from typing import Any

from components.errors import FieldError
from components.fields._settings import check_int
from components.registry import Component, register
from components.wording import as_subject


class TextareaComponent(Component):
    name = "textarea"
    macro = "textarea"
    validation_keys = frozenset({"max_length"})

    def normalise(self, text: str, field: Any) -> Any:
        text = "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").split("\n"))
        limit = int(field.validation.get("max_length", 5000))
        if len(text) > limit:
            raise FieldError(f"{as_subject(field.label)} must be {limit} characters or fewer")
        return text

    def check_field(self, field: Any) -> Iterator[tuple[str, str]]:
        yield from check_int(field, "max_length", 1, 100_000)


textarea = register(TextareaComponent())
