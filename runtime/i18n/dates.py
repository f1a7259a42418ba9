"""Dates and times in the current language ("27 March 2027", "2027年3月27日")."""

import datetime as dt
from typing import Any

from babel.dates import format_date as _babel_date
from babel.dates import format_datetime as _babel_datetime
from babel.dates import format_time as _babel_time
from babel.dates import get_datetime_format

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


def _as_datetime(value: Any) -> dt.datetime | None:
    """A datetime or its ISO text, naive ones read as UTC; None for anything else."""
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value)
        except ValueError:
            return None
    if not isinstance(value, dt.datetime):
        return None
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def format_datetime(value: Any, style: str = "medium") -> str:
    moment = _as_datetime(value)
    if moment is None:
        return ""
    return _babel_datetime(moment, format=style, tzinfo=dt.UTC, locale=locale()) + " UTC"


def format_datetime_minutes(value: Any) -> str:
    """A date and time to the minute, for signers' pages and mails ("12 December 2026, 03:17
    UTC"): a deadline read in an inbox needs no seconds. The day is written as `format_date`
    writes an answer (the long style), so a signer meets one way of writing a date on every
    page and mail; the language's own order of date and time is kept."""
    moment = _as_datetime(value)
    if moment is None:
        return ""
    here = locale()
    when = moment.astimezone(dt.UTC)
    pattern = str(get_datetime_format("medium", locale=here))
    day = _babel_date(when.date(), format="long", locale=here)
    time = _babel_time(when, format="short", tzinfo=dt.UTC, locale=here)
    return pattern.replace("{1}", day).replace("{0}", time) + " UTC"
