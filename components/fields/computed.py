"""A computed value: read-only, worked out from other answers by `Field.expression`.

The expression uses the condition language plus arithmetic (`+ - * /`), `sum` over a
repeating group, `age` and `date_diff`. `validation.format` is "number" (default, rounded
half-up to `validation.decimals`, default 2) or "money" (with `validation.currency`).
The signer never supplies it: read() ignores the form and clean() returns None; the engine
stores what `components.computed.compute_values` returns.
"""

import decimal
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from components.conditions import ConditionError, check_expression, to_decimal
from components.fields._settings import check_int, format_number, json_number
from components.fields.money import _CURRENCY, minor_units, money, money_value, unknown_currency
from components.registry import Component, register

FORMATS = ("number", "money")


def stored_value(result: Any, field: Any) -> Any:
    """The evaluator's result in the form the answers keep (None when not a number)."""
    number = to_decimal(result)
    if number is None:
        return None
    money_format = field.validation.get("format") == "money"
    currency = str(field.validation.get("currency", ""))
    places = minor_units(currency) if money_format else field.validation.get("decimals", 2)
    try:
        rounded = number.quantize(Decimal(1).scaleb(-int(places)), rounding=decimal.ROUND_HALF_UP)
    except (decimal.DecimalException, ArithmeticError, ValueError, TypeError):
        return None
    return money_value(rounded, currency) if money_format else json_number(rounded)


def places_shown(number: Decimal, places: Any) -> int:
    """The decimal places a computed number is shown with, everywhere (exports, Check your
    answers, the sealed PDF): its `decimals`, never fewer than it holds (52.1 with decimals
    2 -> 2, "52.10"; 52.125 -> 3). No whole `decimals`: the places it holds."""
    held = max(-int(number.as_tuple().exponent), 0)
    if not isinstance(places, int) or isinstance(places, bool):
        return held
    return max(places, held)


class ComputedComponent(Component):
    name = "computed"
    macro = "computed"
    holds_value = False
    value_type = "number"
    validation_keys = frozenset({"format", "currency", "decimals"})
    field_parts = frozenset({"expression"})

    def read(self, form: Any, key: str) -> Any:
        return None

    def clean(self, raw: Any, field: Any) -> Any:
        return None

    def validate(self, raw: Any, field: Any) -> Any:
        return None

    def display(self, value: Any, field: Any = None) -> str:
        if isinstance(value, dict):
            return money.display(value)
        number = to_decimal(value)
        if number is None or isinstance(value, bool):
            return format_number(value)
        places = field.validation.get("decimals", 2) if field is not None else None
        return format_number(number.quantize(Decimal(1).scaleb(-places_shown(number, places))))

    def check_new_field(self, field: Any) -> Iterator[tuple[str, str]]:
        if field.validation.get("format") == "money":
            yield from unknown_currency(field)

    def check_field(self, field: Any) -> Iterator[tuple[str, str]]:
        if not isinstance(field.expression, dict):
            yield "expression", 'a computed field needs an expression, like {"*": [...]}'
        else:
            try:
                check_expression(field.expression, path="expression")
            except ConditionError as exc:
                yield exc.path, exc.message
        fmt = field.validation.get("format", "number")
        if fmt not in FORMATS:
            yield "validation.format", "must be number or money"
        currency = field.validation.get("currency")
        if fmt == "money" and not (isinstance(currency, str) and _CURRENCY.match(currency)):
            yield "validation.currency", "must be a 3-letter currency code in capitals, like EUR"
        yield from check_int(field, "decimals", 0, 10)


computed = register(ComputedComponent())
