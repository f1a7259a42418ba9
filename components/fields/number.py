"""A number: accepts "1234.5", "1,234.5" or "1 234.5"; stored as a JSON number.

At most 15 significant digits, so the stored float prints back exactly; sums of money
belong in the money component, which never uses floats.
"""

import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from components.conditions import to_decimal
from components.errors import FieldError
from components.fields._settings import (
    check_int,
    check_number,
    check_range,
    format_number,
    json_number,
    label_of,
)
from components.registry import Component, register
from components.wording import as_subject

MAX_DIGITS = 15
_SPACES = re.compile(r"[\s\u00a0\u202f_']")
_PLAIN = re.compile(r"^[+-]?(?:\d+(?:\.\d+)?|\.\d+)$")
_GROUPED = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$")


def parse_decimal(text: str) -> Decimal | None:
    """Digits with an optional sign, decimal point and thousands separators; no exponents."""
    text = _SPACES.sub("", text)
    if _GROUPED.match(text):
        text = text.replace(",", "")
    if not _PLAIN.match(text):
        return None
    return Decimal(text)


def decimal_places(number: Decimal) -> int:
    exponent = number.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def check_limits(number: Decimal, field: Any, label: str) -> None:
    low, high = (to_decimal(field.validation.get(k)) for k in ("min", "max"))
    if low is not None and number < low:
        raise FieldError(f"{label} must be {format_number(low)} or more")
    if high is not None and number > high:
        raise FieldError(f"{label} must be {format_number(high)} or less")


class NumberComponent(Component):
    name = "number"
    macro = "number"
    value_type = "number"
    validation_keys = frozenset({"min", "max", "decimals"})

    def clean(self, raw: Any, field: Any) -> Any:
        label = as_subject(label_of(field))
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return None
        if isinstance(raw, bool | list | dict):
            raise FieldError(f"{label} must be a number")
        number = to_decimal(raw) if isinstance(raw, int | float | Decimal) else None
        if number is None:
            number = parse_decimal(str(raw))
        if number is None:
            raise FieldError(f"{label} must be a number, like 1250 or 12.5")
        if len(number.normalize().as_tuple().digits) > MAX_DIGITS:
            raise FieldError(f"{label} must have {MAX_DIGITS} digits or fewer")
        allowed = field.validation.get("decimals")
        if isinstance(allowed, int) and decimal_places(number) > allowed:
            if allowed == 0:
                raise FieldError(f"{label} must be a whole number")
            raise FieldError(f"{label} must have {allowed} decimal places or fewer")
        check_limits(number, field, label)
        return json_number(number)

    def display(self, value: Any, field: Any = None) -> str:
        return format_number(value)

    def check_field(self, field: Any) -> Iterator[tuple[str, str]]:
        yield from check_number(field, "min")
        yield from check_number(field, "max")
        yield from check_range(field, "min", "max")
        yield from check_int(field, "decimals", 0, 10)


number = register(NumberComponent())
