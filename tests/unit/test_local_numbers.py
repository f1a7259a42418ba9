"""Amounts, numbers and phone numbers in the signer's language (runtime/i18n/numbers.py),
and the fields reading back what the page writes in the box, in every language."""

from decimal import Decimal

import pytest

from components import Field, get_component
from components.errors import FieldError
from components.fields.money import money
from components.fields.number import number, parse_decimal
from runtime.i18n import LANGUAGES, use_language
from runtime.i18n import numbers as n
from runtime.i18n.messages import translate_message

LOAN = Field(
    key="loan", component="money", label="Loan", validation={"currency": "GBP", "min": 100}
)
MONTHS = Field(key="months", component="number", label="Months")
AMOUNT = {"amount": "42000.00", "currency": "GBP"}


@pytest.mark.parametrize(
    ("language", "amount", "plain"),
    [
        ("en", "£42,000.00", "1,234.5"),
        ("fr", "42\u202f000,00\u00a0£GB", "1\u202f234,5"),
        ("vi", "42.000,00\u00a0£", "1.234,5"),
        ("ms", "£42,000.00", "1,234.5"),
        ("zh-CN", "£42,000.00", "1,234.5"),
    ],
)
def test_answers_read_the_languages_way(language: str, amount: str, plain: str) -> None:
    with use_language(language):
        assert n.answer_text(LOAN, AMOUNT) == amount
        assert n.answer_text(MONTHS, 1234.5) == plain
        assert n.answer_text(MONTHS, None) == ""


def test_stored_decimal_places_are_kept() -> None:
    with use_language("fr"):
        assert n.format_amount({"amount": "-1.500", "currency": "BHD"}) == "-1,500\u00a0BHD"
        assert n.format_amount({"amount": "42000", "currency": "JPY"}) == "42\u202f000\u00a0JPY"
        assert n.box_amount({"amount": "7.50", "currency": "EUR"}) == "7,50"
        assert n.box_amount("1 250,5") == "1 250,5", "a draft is shown as typed"
        assert n.box_number("12,5") == "12,5"


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_the_box_value_is_read_back_as_stored(language: str) -> None:
    with use_language(language):
        for stored in (AMOUNT, {"amount": "1234567.05", "currency": "GBP"}):
            assert money.clean(n.box_amount(stored), LOAN) == stored
        for stored_number in (1234.5, 42000, -7.25, 1000000):
            assert number.clean(n.box_number(stored_number), MONTHS) == stored_number
        # the canonical form is read the same in every language (the API, stored answers)
        fee = Field(key="fee", component="money", label="Fee", validation={"currency": "GBP"})
        assert money.clean({"amount": "1.500", "currency": "GBP"}, fee)["amount"] == "1.50"
        assert number.clean("1250.5", MONTHS) == 1250.5


def test_the_languages_separators_come_first() -> None:
    with use_language("fr"):
        assert parse_decimal("1250,00") == Decimal("1250.00")  # the French error hint's example
        assert parse_decimal("1,250") == Decimal("1.250")
    with use_language("vi"):
        assert parse_decimal("1.250") == Decimal(1250)
        assert parse_decimal("12.5") == Decimal("12.5"), "not grouped: the English way"
    with use_language("en"):
        assert parse_decimal("1,250") == Decimal(1250)
        assert parse_decimal("1250,00") is None


def test_a_phone_number_is_grouped() -> None:
    phone = Field(key="p", component="phone", label="Phone")
    assert n.answer_text(phone, "+84912345678") == "+84 912 345 678"
    assert n.answer_text(phone, "+999123") == "+999123", "unknown: as stored"


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "Loan must be £100.00 or more"),
        ("fr", "«\u00a0Loan\u00a0» doit valoir au moins 100,00\u00a0£GB"),
        ("vi", "“Loan” phải lớn hơn hoặc bằng 100,00\u00a0£"),
    ],
)
def test_a_minimum_is_an_amount_in_the_language(language: str, message: str) -> None:
    with pytest.raises(FieldError) as raised:
        money.clean("50", LOAN)
    assert str(raised.value) == "Loan must be GBP 100.00 or more"  # canonical, for the API
    with use_language(language):
        assert translate_message(str(raised.value)) == message
        assert translate_message("Months must be 10,000 or less").endswith(
            {"en": "10,000 or less", "fr": "10\u202f000", "vi": "10.000"}[language]
        )


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_the_error_hints_examples_are_accepted_in_their_language(language: str) -> None:
    """ "…, par exemple 1250,00": what a hint asks for is read back as asked."""
    fee = Field(key="fee", component="money", label="Fee", validation={"currency": "GBP"})
    with use_language(language):
        amount = translate_message("Fee must be an amount of money, like 1250.00")
        number_hint = translate_message("Months must be a number, like 1250 or 12.5")
        assert money.clean(amount.split()[-1], fee) == {"amount": "1250.00", "currency": "GBP"}
        assert number.clean(number_hint.split()[-1], MONTHS) == 12.5


def test_a_groups_amounts_read_the_languages_way_in_its_rows_and_table() -> None:
    from components.definition import parse_definition
    from runtime.envelopes.document import build_blocks

    columns = [
        {"key": "name", "component": "text", "label": "Name"},
        {"key": "share", "component": "money", "label": "Share", "validation": {"currency": "EUR"}},
    ]
    definition = parse_definition(
        {
            "name": "Owners",
            "language": "fr",
            "roles": [{"key": "customer", "name": "Customer", "stage": 1}],
            "sections": [
                {
                    "key": "s",
                    "title": "Owners",
                    "role": "customer",
                    "fields": [
                        {
                            "key": "owners",
                            "component": "group",
                            "label": "Owners",
                            "fields": columns,
                        }
                    ],
                }
            ],
        }
    )
    rows = [{"name": "Ann", "share": {"amount": "1500.00", "currency": "EUR"}}]
    with use_language("fr"):
        owners = definition.field("owners")
        assert owners is not None
        assert n.answer_text(owners, rows) == "Row 1: Name: Ann; Share: 1\u202f500,00\u00a0€"
        blocks = build_blocks(definition, {"owners": rows}, [])
    table = next(b for b in blocks if b["kind"] == "fields")["rows"][0]["table"]
    assert table["rows"] == [["Ann", "1\u202f500,00\u00a0€"]]


@pytest.mark.parametrize(
    ("language", "decimals", "stored", "shown"),
    [
        ("en", 2, 52.1, "52.10"),
        ("fr", 2, 52.1, "52,10"),
        ("en", 2, 1234, "1,234.00"),
        ("fr", 2, 1234, "1\u202f234,00"),
        ("en", 0, 52, "52"),
        ("en", 3, 0.5, "0.500"),
    ],
    ids=["en-52.10", "fr-52,10", "en-whole", "fr-whole", "en-no-decimals", "en-three"],
)
def test_a_computed_number_shows_its_decimals(
    language: str, decimals: int, stored: float, shown: str
) -> None:
    """The stored JSON number 52.1 read "52.1" on the step, Check your answers and the
    sealed PDF though the field says `decimals: 2`; the stored value is left as it is."""
    total = Field(
        key="total", component="computed", label="Total", validation={"decimals": decimals}
    )
    with use_language(language):
        assert n.answer_text(total, stored) == shown


@pytest.mark.parametrize(
    ("language", "shown"),
    [("en", "€52.10"), ("fr", "52,10\u00a0€")],
    ids=["en", "fr"],
)
def test_a_computed_amount_keeps_its_minor_units(language: str, shown: str) -> None:
    total = Field(
        key="total",
        component="computed",
        label="Total",
        validation={"format": "money", "currency": "EUR"},
    )
    with use_language(language):
        assert n.answer_text(total, {"amount": "52.10", "currency": "EUR"}) == shown


@pytest.mark.parametrize(
    ("decimals", "stored", "shown"),
    [(2, 52.1, "52.10"), (2, 1234, "1,234.00"), (0, 52, "52"), (2, 52.125, "52.125")],
    ids=["padded", "whole", "no-decimals", "digit-kept"],
)
def test_a_computed_numbers_own_display_agrees_with_the_signers_pages(
    decimals: int, stored: float, shown: str
) -> None:
    """The component's display (a group row in the CSV/XLSX export, the designer's preview)
    read "52.1" where Check your answers and the PDF read "52.10": one rule for both."""
    total = Field(
        key="total", component="computed", label="Total", validation={"decimals": decimals}
    )
    component = get_component("computed")
    assert component is not None
    with use_language("en"):
        assert component.display(stored, total) == n.answer_text(total, stored) == shown
