"""What conditions compare and compute with: truthiness, loose equality and order, exact
numbers (Decimal), dates, and lookups into answers. Pure helpers for components.conditions.
"""

import datetime as dt
import decimal
import math
import re
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

MAX_NUMBER = 10**30
_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$")
CONTEXT = decimal.Context(
    prec=34,
    Emax=999_999,
    Emin=-999_999,
    traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow],
)


def truthy(value: Any) -> bool:
    """JSON Logic truthiness: None, False, 0, "", [] are false; "0" and {} are true."""
    if value is None or value is False:
        return False
    if isinstance(value, int | float | Decimal):
        return value != 0 and not _is_nan(value)
    if isinstance(value, str | list | tuple):
        return len(value) > 0
    return True


def _is_nan(value: Any) -> bool:
    return isinstance(value, float | Decimal) and value != value


def to_decimal(value: Any) -> Decimal | None:
    """A number (or numeric text, or a money value's amount) as Decimal; None otherwise."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return Decimal(value) if abs(value) <= MAX_NUMBER else None
    if isinstance(value, float):
        return Decimal(repr(value)) if math.isfinite(value) else None
    if isinstance(value, Decimal):
        return value if value.is_finite() else None
    if isinstance(value, Mapping) and "amount" in value:
        return to_decimal(value.get("amount"))
    if isinstance(value, str) and len(value) <= 40 and _NUMBER.match(value.strip()):
        return Decimal(value.strip())
    return None


def as_date(value: Any, today: dt.date) -> dt.date | None:
    """An ISO date (or datetime) string, a date, or the word "today"; None otherwise."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        return None
    if value.strip().lower() == "today":
        return today
    try:
        return dt.date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def equal(a: Any, b: Any) -> bool:
    """Loose equality: numbers by value (also numeric text), booleans only with booleans."""
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if not (isinstance(a, str) and isinstance(b, str)):
        x, y = to_decimal(a), to_decimal(b)
        if x is not None and y is not None:
            return x == y
    try:
        return bool(a == b)
    except Exception:  # an odd object in the caller's data is simply not equal
        return False


def compare(a: Any, b: Any) -> int | None:
    """-1, 0 or 1; None when the two cannot be ordered (missing, different kinds)."""
    if a is None or b is None or isinstance(a, bool) or isinstance(b, bool):
        return None
    if isinstance(a, str) and isinstance(b, str):
        x_num, y_num = to_decimal(a), to_decimal(b)
        if x_num is not None and y_num is not None:
            return (x_num > y_num) - (x_num < y_num)
        return (a > b) - (a < b)
    x, y = to_decimal(a), to_decimal(b)
    if x is None or y is None:
        return None
    return (x > y) - (x < y)


def whole_months(start: dt.date, end: dt.date) -> int:
    """Complete calendar months from start to end (negative when end is earlier)."""
    if end < start:
        return -whole_months(end, start)
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - 1 if end.day < start.day else months


def age_on(birth: dt.date, on: dt.date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def lookup(data: Any, name: Any) -> Any:
    """`a.b.0` style lookup into answers; "" is the whole data; missing parts give None."""
    if name == "" or name is None:
        return data
    value = data
    for part in str(name).split("."):
        if isinstance(value, Mapping):
            value = value.get(part)
        elif isinstance(value, Sequence) and not isinstance(value, str) and part.isdigit():
            index = int(part)
            value = value[index] if index < len(value) else None
        else:
            return None
        if value is None:
            return None
    return value


def is_empty(value: Any) -> bool:
    """No answer: None, blank text, an empty list or mapping."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list | tuple | Mapping):
        return len(value) == 0
    return False


def _listed(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list | tuple) else [value]


def contains(needle: Any, haystack: Any) -> bool:
    if isinstance(haystack, str):
        if isinstance(needle, int) and not isinstance(needle, bool):
            needle = str(needle)
        return isinstance(needle, str) and needle in haystack
    if isinstance(haystack, list | tuple):
        return any(equal(needle, item) for item in haystack)
    return False


def any_of(value: Any, options: Any) -> bool:
    chosen = _listed(value)
    return any(equal(o, v) for o in _listed(options) for v in chosen)


def all_of(value: Any, options: Any) -> bool:
    chosen = _listed(value)
    return all(any(equal(o, v) for v in chosen) for o in _listed(options))


def plus(numbers: list[Decimal]) -> Decimal:
    total = Decimal(0)
    for n in numbers:
        total = CONTEXT.add(total, n)
    return total


def minus(numbers: list[Decimal]) -> Decimal:
    if len(numbers) == 1:
        return CONTEXT.minus(numbers[0])
    return CONTEXT.subtract(numbers[0], numbers[1])


def times(numbers: list[Decimal]) -> Decimal:
    product = Decimal(1)
    for n in numbers:
        product = CONTEXT.multiply(product, n)
    return product


def divide(numbers: list[Decimal]) -> Decimal | None:
    if numbers[1] == 0:
        return None
    return CONTEXT.divide(numbers[0], numbers[1])
