"""Calendar date, stored as ISO `YYYY-MM-DD`; accepts ISO and day/month/year input."""

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

from components.errors import FieldError
from components.fields._settings import check_iso_date
from components.registry import Component, register
from components.wording import as_subject, long_date

_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")


class DateComponent(Component):
    name = "date"
    macro = "date"
    value_type = "date"
    validation_keys = frozenset({"min", "max"})

    def normalise(self, text: str, field: Any) -> Any:
        value = _parse(text)
        if value is None:
            label = as_subject(field.label.strip())
            raise FieldError(
                # the example is today, day first as the box also takes it: it never
                # reads as a date long past, whatever the day
                f"{label} must be a real date, like {dt.date.today():%d/%m/%Y}",
                # a program sends ISO dates (the signer's day/month/year is also taken)
                api_message=f"{label} must be a real date in the form YYYY-MM-DD, like 2027-03-27",
            )
        low, high = field.validation.get("min"), field.validation.get("max")
        if low and value.isoformat() < str(low):
            raise FieldError(f"{as_subject(field.label.strip())} must be on or after {low}")
        if high and value.isoformat() > str(high):
            raise FieldError(f"{as_subject(field.label.strip())} must be on or before {high}")
        return value.isoformat()

    def display(self, value: Any, field: Any = None) -> str:
        if not value:
            return ""
        return long_date(dt.date.fromisoformat(value))

    def check_field(self, field: Any) -> Iterator[tuple[str, str]]:
        yield from check_iso_date(field, "min")
        yield from check_iso_date(field, "max")


def _parse(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    match = _DMY.match(text)
    if not match:
        return None
    day, month, year = (int(g) for g in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


date = register(DateComponent())
