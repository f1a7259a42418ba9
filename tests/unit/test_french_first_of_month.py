"""French writes the first of a month as an ordinal: "1er décembre 2026" (other days, and
other languages, keep the number)."""

import datetime as dt

import pytest

from components.wording import long_date
from runtime import i18n
from runtime.i18n.dates import format_date, format_datetime, format_datetime_minutes

FIRST = dt.date(2026, 12, 1)
MOMENT = dt.datetime(2026, 12, 1, 9, 5, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _english_afterwards():
    yield
    i18n.set_language("en")


def test_french_first_of_month_is_an_ordinal() -> None:
    i18n.set_language("fr")
    assert format_date(FIRST) == "1er décembre 2026"
    assert format_date(FIRST, "full") == "mardi 1er décembre 2026"
    assert format_date(FIRST, "medium") == "1er déc. 2026"
    assert format_date(FIRST, "short") == "01/12/2026"
    assert format_datetime_minutes(MOMENT) == "1er décembre 2026, 09:05 UTC"
    assert format_datetime(MOMENT).startswith("1er déc. 2026")
    assert long_date(FIRST) == "1er décembre 2026"  # a date answer, on the review step and PDF


def test_other_days_and_languages_keep_the_number() -> None:
    i18n.set_language("fr")
    assert format_date(dt.date(2026, 12, 2)) == "2 décembre 2026"
    assert format_date(dt.date(2026, 12, 11)) == "11 décembre 2026"
    i18n.set_language("en")
    assert format_date(FIRST) == "1 December 2026"
