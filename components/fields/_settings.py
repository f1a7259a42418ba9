"""Shared helpers: reading a field's `validation` settings and wording numbers for people."""

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from components.conditions import to_decimal


def label_of(field: Any) -> str:
    return str(field.label).strip().rstrip(":")


def plural(count: int, word: str, words: str | None = None) -> str:
    """plural(1, "file") -> "1 file"; plural(3, "file") -> "3 files"."""
    return f"{count} {word if count == 1 else (words or word + 's')}"


def format_number(value: Any) -> str:
    """10000 -> "10,000"; Decimal("1234.50") -> "1,234.50"; keeps the given decimal places."""
    number = to_decimal(value)
    if number is None:
        return "" if value is None else str(value)
    return f"{number:,f}"


def json_number(number: Decimal) -> int | float:
    """A JSON-friendly number: an int when whole; otherwise a float (callers limit digits
    to 15 so the float prints back exactly). Money never goes through here."""
    if number == number.to_integral_value():
        return int(number)
    return float(number)


def check_int(
    field: Any, key: str, low: int = 0, high: int | None = None
) -> Iterator[tuple[str, str]]:
    value = field.validation.get(key)
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int):
        yield f"validation.{key}", "must be a whole number"
    elif high is not None and not low <= value <= high:
        yield f"validation.{key}", f"must be between {low} and {high}"
    elif value < low:
        yield f"validation.{key}", f"must be {low} or more"


def check_number(field: Any, key: str) -> Iterator[tuple[str, str]]:
    value = field.validation.get(key)
    if value is not None and (isinstance(value, bool) or to_decimal(value) is None):
        yield f"validation.{key}", "must be a number"


def check_range(field: Any, low_key: str, high_key: str) -> Iterator[tuple[str, str]]:
    low, high = (to_decimal(field.validation.get(k)) for k in (low_key, high_key))
    if low is not None and high is not None and low > high:
        yield f"validation.{low_key}", f"must not be more than validation.{high_key}"


def check_iso_date(field: Any, key: str) -> Iterator[tuple[str, str]]:
    value = field.validation.get(key)
    if value is None:
        return
    try:
        dt.date.fromisoformat(str(value))
    except ValueError:
        yield f"validation.{key}", "must be a date written as YYYY-MM-DD"
