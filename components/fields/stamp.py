"""A company stamp: the value is the id of a stamp image the organisation uploaded.

The engine lists the stamps a signer may use and checks the id belongs to the envelope's
organisation; this component checks only that the value looks like an id.
"""

import re
from collections.abc import Mapping
from typing import Any

from components.errors import FieldError
from components.registry import Component, register

_STAMP_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


class StampComponent(Component):
    name = "stamp"
    macro = "stamp"

    def clean(self, raw: Any, field: Any) -> Any:
        if isinstance(raw, Mapping):
            raw = raw.get("stamp_id")
        if raw is None or isinstance(raw, bool):
            return None
        text = str(raw).strip()
        if not text:
            return None
        if not _STAMP_ID.match(text):
            raise FieldError("The company stamp could not be found; choose it again")
        return text

    def missing_message(self, field: Any) -> str:
        return "Choose the company stamp"

    def display(self, value: Any, field: Any = None) -> str:
        return "Company stamp applied" if value else ""


stamp = register(StampComponent())
