"""A number: accepts "1234.5", "1,234.5" or "1 234.5"; stored as a JSON number.

A signer may also write it the way their language does ("1 234,5" in French, "1.234,5" in
Vietnamese): runtime/i18n installs the current language's separators (`use_separators`),
so the value the page puts back in the box ("42 000,00") is read back as it was stored.

At most 15 significant digits, so the stored float prints back exactly; sums of money
belong in the money component, which never uses floats.
"""

import re
from collections.abc import Callable, Iterator
from decimal import Decimal
from functools import lru_cache
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
#: (decimal sign, group separator) of the current language; English until runtime/i18n
#: installs its own
_separators: Callable[[], tuple[str, str]] = lambda: (".", ",")  # noqa: E731


def use_separators(separators: Callable[[], tuple[str, str]]) -> None:
    """Install how the current language writes numbers (runtime/i18n/numbers.py)."""
    global _separators
    _separators = separators


def parse_decimal(text: str, local: bool = True) -> Decimal | None:
    """Digits with an optional sign, decimal point and thousands separators; no exponents.
    Written the current language's way first (`local`), else the English way: "1.234,5"
    is 1234.5 for a Vietnamese signer, "1234.5" for anyone."""
    text = _SPACES.sub("", text).replace("\u2212", "-")
    if local:
        decimal, group = _separators()
        if decimal != ".":
            found = _parse_local(text, decimal, group)
            if found is not None:
                return found
    if _GROUPED.match(text):
        text = text.replace(",", "")
    if not _PLAIN.match(text):
        return None
    return Decimal(text)


@lru_cache(maxsize=16)
def _local_shape(decimal: str, group: str) -> re.Pattern[str]:
    grouped = rf"|\d{{1,3}}(?:{re.escape(group)}\d{{3}})+" if not _SPACES.match(group) else ""
    return re.compile(rf"^[+-]?(?:\d+{grouped})(?:{re.escape(decimal)}\d+)?$")


def _parse_local(text: str, decimal: str, group: str) -> Decimal | None:
    if not _local_shape(decimal, group).match(text):
        return None
    return Decimal(text.replace(group, "").replace(decimal, "."))


def decimal_places(number: Decimal) -> int:
    exponent = number.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def check_limits(
    number: Decimal, field: Any, label: str, word: Callable[[Decimal], str] = format_number
) -> None:
    """`word` writes a limit for the message ("GBP 100.00" for an amount); runtime/i18n
    rewrites it in the signer's language."""
    low, high = (to_decimal(field.validation.get(k)) for k in ("min", "max"))
    if low is not None and number < low:
        raise FieldError(f"{label} must be {word(low)} or more")
    if high is not None and number > high:
        raise FieldError(f"{label} must be {word(high)} or less")


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
