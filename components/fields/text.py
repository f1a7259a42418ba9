"""Single-line text, with optional length limits from `validation`."""

from collections.abc import Iterator
from typing import Any

from components.errors import FieldError
from components.fields._settings import check_int, check_range
from components.registry import Component, register
from components.wording import as_subject

DEFAULT_MAX_LENGTH = 500


class TextComponent(Component):
    name = "text"
    macro = "text"
    validation_keys = frozenset({"min_length", "max_length"})
    max_length = DEFAULT_MAX_LENGTH

    def normalise(self, text: str, field: Any) -> Any:
        text = " ".join(text.split())
        limit = int(field.validation.get("max_length", self.max_length))
        minimum = int(field.validation.get("min_length", 0))
        if len(text) > limit:
            raise FieldError(f"{as_subject(field.label)} must be {limit} characters or fewer")
        if len(text) < minimum:
            raise FieldError(f"{as_subject(field.label)} must be {minimum} characters or more")
        return text

    def check_field(self, field: Any) -> Iterator[tuple[str, str]]:
        yield from check_int(field, "min_length", 0, 100_000)
        yield from check_int(field, "max_length", 1, 100_000)
        yield from check_range(field, "min_length", "max_length")


text = register(TextComponent())
