"""Email address: one @, a dotted domain, lower-cased domain part."""

import re
from typing import Any

from components.errors import FieldError
from components.registry import Component, register
from components.wording import as_object

_EMAIL = re.compile(r"^[^@\s<>\"',;]{1,64}@(?:[A-Za-z0-9-]{1,63}\.)+[A-Za-z]{2,63}$")


class EmailComponent(Component):
    name = "email"
    macro = "email"

    def normalise(self, text: str, field: Any) -> Any:
        if not _EMAIL.match(text):
            raise FieldError(
                f"Enter {as_object(field.label.strip())} in the correct format, like name@example.com"
            )
        local, domain = text.rsplit("@", 1)
        return f"{local}@{domain.lower()}"


email = register(EmailComponent())
