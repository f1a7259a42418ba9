"""An amount of money in one currency, stored as {"amount": "1234.50", "currency": "EUR"}.

The amount is a string with exactly the currency's minor units, computed with Decimal and
never through a float. The currency comes from `validation.currency`; the signer types
only the amount (a matching currency code or symbol around it is allowed).
"""

import re
from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import Any

from babel.numbers import list_currencies

from components.conditions import to_decimal
from components.errors import FieldError
from components.fields._settings import check_number, check_range, format_number, label_of
from components.fields.number import check_limits, decimal_places, parse_decimal
from components.registry import Component, register
from components.wording import as_object, as_subject

MAX_AMOUNT = Decimal(10) ** 15
#: ISO 4217 minor units that are not 2
MINOR_UNITS = {
    **dict.fromkeys(["BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG"], 0),
    **dict.fromkeys(["RWF", "UGX", "UYI", "VND", "VUV", "XAF", "XOF", "XPF"], 0),
    **dict.fromkeys(["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"], 3),
}
_SYMBOLS = {
    "€": {"EUR"},
    "£": {"GBP"},
    "₫": {"VND"},
    "₹": {"INR"},
    "¥": {"JPY", "CNY"},
    "₩": {"KRW"},
    "$": {"USD", "AUD", "CAD", "NZD", "SGD", "HKD", "MXN", "TWD"},
}
_CURRENCY = re.compile(r"^[A-Z]{3}$")
_KNOWN = frozenset(list_currencies())  # CLDR's codes, those out of use included
_LEADING = re.compile(r"^(?P<affix>[A-Za-z]{3}|[^\d\s+\-.,])\s*(?P<rest>.*)$", re.S)
_TRAILING = re.compile(r"^(?P<rest>.*?)\s*(?P<affix>[A-Za-z]{3}|[^\d\s+\-.,])$", re.S)


def unknown_currency(field: Any) -> Iterator[tuple[str, str]]:
    """A well-formed code that names no currency ('EUE' for EUR): amounts would read
    'EUE 1,250.00' in the signed document. A lint error (a version stored before loads)."""
    currency = field.validation.get("currency")
    if isinstance(currency, str) and _CURRENCY.match(currency) and currency not in _KNOWN:
        yield (
            "validation.currency",
            f"'{currency}' is not a currency code (ISO 4217): use one like EUR, GBP, USD or VND",
        )


def minor_units(currency: str) -> int:
    return MINOR_UNITS.get(currency, 2)


def amount_of(value: Any) -> Decimal | None:
    """The Decimal amount of a stored money value (None when empty)."""
    return to_decimal(value.get("amount")) if isinstance(value, Mapping) else None


def money_value(amount: Decimal, currency: str) -> dict[str, str]:
    places = Decimal(1).scaleb(-minor_units(currency))
    return {"amount": str(amount.quantize(places)), "currency": currency}


class MoneyComponent(Component):
    name = "money"
    macro = "money"
    value_type = "number"
    validation_keys = frozenset({"currency", "min", "max"})

    def clean(self, raw: Any, field: Any) -> Any:
        currency = str(field.validation.get("currency", "")).upper()
        name = label_of(field)
        label = as_subject(name)  # "The answer to “…?”" starts a message well
        if isinstance(raw, Mapping):
            given = str(raw.get("currency") or currency).upper()
            if given != currency:
                raise FieldError(f"{label} must be in {currency}")
            raw = raw.get("amount")
            if isinstance(raw, str):  # a stored amount is canonical, in any language
                amount = parse_decimal(raw.strip(), local=False)
                raw = amount if amount is not None else raw
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return None
        if isinstance(raw, bool | list | Mapping):
            raise FieldError(f"{label} must be an amount of money, like 1250.00")
        if isinstance(raw, int | float | Decimal):
            amount = to_decimal(raw)
        else:
            amount = parse_decimal(_strip_currency(str(raw).strip(), currency, name))
        if amount is None:
            raise FieldError(f"{label} must be an amount of money, like 1250.00")
        if abs(amount) >= MAX_AMOUNT:
            raise FieldError(f"{label} must be less than {format_number(MAX_AMOUNT)}")
        places = minor_units(currency)
        if decimal_places(amount) > places:
            if places == 0:
                raise FieldError(f"{label} must be a whole amount of {currency}")
            raise FieldError(f"{label} must have {places} decimal places or fewer")
        if amount < 0 and field.validation.get("min") is None:
            raise FieldError(f"{label} must be 0 or more")
        check_limits(amount, field, label, lambda limit: _limit(limit, currency))
        return money_value(amount, currency)

    def display(self, value: Any, field: Any = None) -> str:
        amount = amount_of(value)
        if amount is None:
            return ""
        return f"{value.get('currency', '')} {format_number(amount)}".strip()

    def check_new_field(self, field: Any) -> Iterator[tuple[str, str]]:
        return unknown_currency(field)

    def check_field(self, field: Any) -> Iterator[tuple[str, str]]:
        currency = field.validation.get("currency")
        if not isinstance(currency, str) or not _CURRENCY.match(currency):
            yield "validation.currency", "must be a 3-letter currency code in capitals, like EUR"
        yield from check_number(field, "min")
        yield from check_number(field, "max")
        yield from check_range(field, "min", "max")


def _limit(limit: Decimal, currency: str) -> str:
    """A minimum or maximum as an amount of the field's currency: "GBP 100.00"."""
    return f"{currency} {format_number(money_value(limit, currency)['amount'])}"


def _strip_currency(text: str, currency: str, label: str) -> str:
    """Drop a leading or trailing currency code or symbol, if it is this field's currency."""
    for pattern in (_LEADING, _TRAILING):
        match = pattern.match(text)
        if match is None or not any(c.isdigit() for c in match["rest"]):
            continue
        affix = match["affix"]
        if affix.upper() != currency and currency not in _SYMBOLS.get(affix, ()):
            raise FieldError(f"Enter {as_object(label)} in {currency}")
        text = match["rest"]
    return text


money = register(MoneyComponent())
