"""Amounts, numbers and phone numbers as the current language writes them.

An answer is stored in one canonical form ({"amount": "42000.00", "currency": "GBP"},
1234.5, "+33612345678") that the API, webhooks, CSV exports and answers.json keep. What
a person reads — Check your answers, the sealed PDF, the value put back in the box, the
limits in an error message — is worded here, in the current language: "42 000,00 £GB"
in French, "42.000,00 £" in Vietnamese, "£42,000.00" in English. The box gets the
number without its currency (the page shows it beside the box), written so that the
field's own parsing (components/fields/number.py, told the language's separators by
`separators`) reads it back as the same value.
"""

import contextvars
import re
from collections.abc import Mapping
from decimal import Decimal
from functools import cache
from typing import Any

import msgspec
import phonenumbers
from babel import Locale
from babel.numbers import format_currency, format_decimal

from components import Field, get_component
from components.conditions import to_decimal
from components.errors import FieldError
from components.fields import group
from components.fields import number as number_field
from components.fields.computed import places_shown
from runtime.i18n import LANGUAGES, current, supported

#: components whose displayed answer is worded here rather than by Component.display
LOCALISED = frozenset({"money", "number", "phone", "computed", "group"})


@cache
def _locale(code: str) -> Locale:
    """Kept per language: parsing a Babel locale costs more than formatting with it."""
    return Locale.parse(LANGUAGES[code][0])


@cache
def _separators(code: str) -> tuple[str, str]:
    symbols = _locale(code).number_symbols["latn"]
    return symbols["decimal"], symbols["group"]


#: the language the page that sent a form was shown in, when it is not the signer's
#: language now (they changed language in another tab, or the page's last autosave came
#: after the change): what that page's boxes hold is read that page's way
_typed_in: contextvars.ContextVar[str | None] = contextvars.ContextVar("typed_in", default=None)


def separators() -> tuple[str, str]:
    """(decimal sign, group separator) of the language typed in (`read_typing_of`), else of
    the current language: (",", "\u202f") in French."""
    return _separators(_typed_in.get() or current())


def read_typing_of(code: Any) -> None:
    """For the rest of this request, read typed numbers and amounts with the separators of
    `code`: the language of the page that sent the form (its `__language`). Unknown: the
    current language's."""
    chosen = supported(code) if isinstance(code, str) else None
    _typed_in.set(chosen if chosen and chosen != current() else None)


def typed_elsewhere() -> bool:
    """The form was typed on a page in another language than the signer's now."""
    return _typed_in.get() is not None


# the signer's typing is read with the current language's separators
number_field.use_separators(separators)


def _amount(value: Any) -> tuple[Decimal, str] | None:
    if not isinstance(value, Mapping):
        return None
    amount = to_decimal(value.get("amount"))
    return None if amount is None else (amount, str(value.get("currency") or ""))


def format_amount(value: Any) -> str:
    """{"amount": "42000.00", "currency": "GBP"} -> "42 000,00 £GB" (French); "" if none.
    The stored decimal places are kept: nothing is rounded away."""
    found = _amount(value)
    if found is None:
        return ""
    amount, currency = found
    if not currency:
        return format_plain(amount)
    return format_currency(amount, currency, locale=_locale(current()), decimal_quantization=False)


def format_plain(value: Any) -> str:
    """1234.5 -> "1 234,5" (French), "1.234,5" (Vietnamese); every stored digit kept."""
    number = to_decimal(value)
    if number is None or isinstance(value, bool):
        return "" if value is None else str(value)
    return format_decimal(number, locale=_locale(current()), decimal_quantization=False)


def format_places(value: Any, places: Any) -> str:
    """A computed number with its `decimals` shown: the stored JSON number 52.1 with
    decimals 2 reads "52.10" ("52,10" in French); the stored value stays as it is."""
    number = to_decimal(value)
    if number is None or isinstance(value, bool):
        return format_plain(value)
    shown = places_shown(number, places)  # the rule computed.display follows too
    pattern = "#,##0" + ("." + "0" * shown if shown else "")
    return format_decimal(number, format=pattern, locale=_locale(current()))


def format_phone(value: Any) -> str:
    """ "+33612345678" -> "+33 6 12 34 56 78": grouped the international way, read the
    same in every language. A number phonenumbers cannot place stays as stored."""
    if not isinstance(value, str) or not value.startswith("+"):
        return "" if value is None else str(value)
    try:
        parsed = phonenumbers.parse(value, None)
    except phonenumbers.NumberParseException:
        return value
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def answer_text(field: Field, value: Any) -> str:
    """An answer as a person reads it in the current language (Check your answers, the
    sealed PDF's answers and merge fields); other components word their own."""
    if value is None or value == "":
        return ""
    if field.component == "phone":
        return format_phone(value)
    if field.component == "group":  # its rows' amounts too
        return group.rows_text(value, field, answer_text) if field.fields else ""
    if field.component == "computed" and not isinstance(value, Mapping):
        return format_places(value, field.validation.get("decimals", 2))
    if field.component in ("money", "number", "computed"):
        return format_amount(value) if isinstance(value, Mapping) else format_plain(value)
    component = get_component(field.component)
    return component.display(value, field=field) if component else ""


def box_number(value: Any) -> str:
    """A stored number as the box shows it: "1 234,5" in French. A draft (text as typed)
    is shown as typed."""
    if isinstance(value, str) or value is None:
        return value or ""
    return format_plain(value)


def box_amount(value: Any) -> str:
    """A stored amount as the box shows it, without its currency: "42 000,00" in French,
    with the amount's own decimal places. A draft (text as typed) is shown as typed."""
    found = _amount(value)
    if found is None:
        return "" if value is None or isinstance(value, Mapping) else str(value)
    amount, _ = found
    places = max(0, -int(amount.as_tuple().exponent))
    pattern = "#,##0" + ("." + "0" * places if places else "")
    return format_decimal(amount, format=pattern, locale=_locale(current()))


_MONEY = re.compile(r"^([A-Z]{3}) (-?[\d,]+(?:\.\d+)?)$")
_NUMBER = re.compile(r"^-?[\d,]+(?:\.\d+)?$")


def limit_text(text: str) -> str:
    """A limit as components/ words it in a message ("GBP 100.00", "10,000") in the
    current language: "100,00 £GB", "10 000"."""
    money = _MONEY.match(text)
    if money:
        amount = Decimal(money[2].replace(",", ""))
        return format_amount({"amount": str(amount), "currency": money[1]})
    if _NUMBER.match(text):
        return format_plain(Decimal(text.replace(",", "")))
    return text


#: what a language-dependent answer is read as while typed: the separators only, not the
#: limits (those are judged by Continue, in whatever language the signer is by then)
_JUDGED_LATER = ("min", "max", "decimals")


def understood(field: Field, value: Any) -> Any:
    """A number or amount as typed ("42.000,00" on a Vietnamese page) -> what it means
    ({"amount": "42000.00", "currency": "GBP"}); anything else, or text not understood, as
    typed. The draft keeps meanings, not the typing of one language: a signer who switches
    language before Continue sees the value written the new language's way and it is
    accepted, never refused or read with the other language's separators."""
    if field.component == "group" and isinstance(value, list):  # its rows' amounts too
        return [_understood_row(field, row) for row in value]
    if field.component not in ("number", "money") or not isinstance(value, str):
        return value
    component = get_component(field.component)
    if component is None or not value.strip():
        return value
    if any(k in field.validation for k in _JUDGED_LATER):
        kept = {k: v for k, v in field.validation.items() if k not in _JUDGED_LATER}
        field = msgspec.structs.replace(field, validation=kept)
    try:
        meaning = component.clean(value, field)
    except FieldError:
        return value
    return value if meaning is None else meaning


def _understood_row(group: Field, row: Any) -> Any:
    if not isinstance(row, dict):
        return row
    subs = {f.key: f for f in group.fields or ()}
    return {k: understood(subs[k], v) if k in subs else v for k, v in row.items()}
