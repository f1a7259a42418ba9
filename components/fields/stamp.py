"""A company stamp: the value is the id of a stamp image the organisation uploaded.

The stamp is not typed by a signer: the organisation applies it (docs/template-language.md,
"Company stamps"). A stamp field sits in a section of an organisation role
(`"organisation": true`); when that role's stage comes up the engine picks the stamp the
author chose in `validation.stamp` (a stamp id) or, without it, the organisation's default
stamp, and records its id as the field's value. The engine checks that the id belongs to
the envelope's organisation; this component checks only that the value looks like an id.
"""

import re
from collections.abc import Iterator, Mapping
from typing import Any

from components.errors import FieldError
from components.registry import Component, register

_STAMP_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
DEFAULT_STAMP = "default"
"""`validation.stamp` value (or its absence) meaning "the organisation's default stamp"."""


class StampComponent(Component):
    prefillable = False
    name = "stamp"
    macro = "stamp"
    validation_keys = frozenset({"stamp"})

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

    def check_field(self, field: Any) -> Iterator[tuple[str, str]]:
        chosen = field.validation.get("stamp")
        if chosen is None or chosen == DEFAULT_STAMP:
            return
        if not isinstance(chosen, str) or not _STAMP_ID.match(chosen):
            yield "validation.stamp", 'must be a stamp id, or "default" for the default stamp'


def chosen_stamp(field: Any) -> str | None:
    """The stamp id the author chose for `field`; None means the organisation's default."""
    chosen = field.validation.get("stamp")
    return None if chosen in (None, DEFAULT_STAMP) else str(chosen)


stamp = register(StampComponent())
