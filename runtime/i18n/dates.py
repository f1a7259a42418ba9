"""Dates and times in the current language ("27 March 2027", "2027年3月27日")."""

import datetime as dt
from typing import Any

from babel.dates import format_date as _babel_date
from babel.dates import format_datetime as _babel_datetime

from runtime.i18n import locale


def _as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def format_date(value: Any, style: str = "long") -> str:
    day = _as_date(value)
    return _babel_date(day, format=style, locale=locale()) if day else ""


def format_datetime(value: Any, style: str = "medium") -> str:
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value)
        except ValueError:
            return ""
    if not isinstance(value, dt.datetime):
        return ""
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return _babel_datetime(value, format=style, tzinfo=dt.UTC, locale=locale()) + " UTC"
