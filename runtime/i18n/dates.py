"""Dates and times in the current language ("27 March 2027", "2027年3月27日")."""

import datetime as dt
import re
from typing import Any

from babel.dates import format_date as _babel_date
from babel.dates import format_datetime as _babel_datetime
from babel.dates import format_time as _babel_time
from babel.dates import get_date_format, get_datetime_format

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


def _date_text(day: dt.date, style: str) -> str:
    """The day in the current language and style. French writes the first of a month as an
    ordinal ("1er décembre 2026", "mardi 1er décembre 2026"), every other day as a number;
    the short style ("01/12/2026") has no room for it."""
    here = locale()
    if here.language == "fr" and day.day == 1 and style in ("medium", "long", "full"):
        pattern = str(get_date_format(style, locale=here).pattern)  # type: ignore[arg-type]
        first = re.sub(r"(?<![d'])d(?![d'])", "d'er'", pattern, count=1)
        return _babel_date(day, format=first, locale=here)
    return _babel_date(day, format=style, locale=here)


def format_date(value: Any, style: str = "long") -> str:
    day = _as_date(value)
    return _date_text(day, style) if day else ""


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
    here = locale()
    if here.language != "fr" or style not in ("medium", "long", "full"):
        return _babel_datetime(moment, format=style, tzinfo=dt.UTC, locale=here) + " UTC"
    when = moment.astimezone(dt.UTC)
    pattern = str(get_datetime_format(style, locale=here))  # type: ignore[arg-type]
    time = _babel_time(when, format=style, tzinfo=dt.UTC, locale=here)
    return pattern.replace("{1}", _date_text(when.date(), style)).replace("{0}", time) + " UTC"


def format_datetime_minutes(value: Any) -> str:
    """A date and time to the minute, for signers' pages and mails ("12 December 2026, 03:17
    UTC"): a deadline read in an inbox needs no seconds. The day is written as `format_date`
    writes an answer (the long style), so a signer meets one way of writing a date on every
    page and mail; the language's own order of date and time is kept."""
    return _day_and_time(value, "short")


def format_datetime_seconds(value: Any) -> str:
    """The same to the second, for the sealed PDF's signature lines ("29 November 2026,
    12:47:08 UTC"): the day as the signer's pages write it, the seconds the record keeps."""
    return _day_and_time(value, "medium")


def _day_and_time(value: Any, time_style: str) -> str:
    moment = _as_datetime(value)
    if moment is None:
        return ""
    here = locale()
    when = moment.astimezone(dt.UTC)
    pattern = str(get_datetime_format("medium", locale=here))
    day = _date_text(when.date(), "long")
    time = _babel_time(when, format=time_style, tzinfo=dt.UTC, locale=here)
    return pattern.replace("{1}", day).replace("{0}", time) + " UTC"
