"""Lint at publish: settings, default answers, names, currencies, option counts and prefill
claims a definition gets wrong (split from test_lint.py)."""

import datetime as dt
import json

import pytest

from components import parse_definition
from tests.unit.helpers import changed, field_at, findings_of


def test_settings_the_component_does_not_read() -> None:
    def change(r: dict) -> None:
        field_at(r, 0, 3)["validation"] = {"maxlength": 20}
        field_at(r, 0, 0)["required"] = True
        field_at(r, 2, 5)["prefill"] = {"source": "api"}
        field_at(r, 3, 2)["prefill"] = {"source": "url"}  # a signature: signed, never filled

    found = findings_of(changed(change))
    assert "a signature field cannot be prefilled" in (
        found["$.sections[3].fields[2].prefill"].message
    )
    assert found["$.sections[0].fields[3].validation.maxlength"].message == (
        "is not a setting of the date component (settings: max, min)"
    )
    assert found["$.sections[0].fields[0].required"].severity == "warning"
    assert "cannot be prefilled" in found["$.sections[2].fields[5].prefill"].message


def test_default_answers_the_wizard_cannot_show() -> None:
    def change(r: dict) -> None:
        field_at(r, 0, 3)["default"] = "next week"  # a date
        field_at(r, 2, 2)["default"] = "12"  # a number, valid
        field_at(r, 2, 4)["default"] = "a, nowhere"  # a multiselect: no such option
        field_at(r, 3, 2)["default"] = "Alex"  # a signature

    found = findings_of(changed(change))
    assert found["$.sections[0].fields[3].default"].message == (
        "is not a valid answer (Date of birth must be a real date, "
        f"like {dt.date.today():%d/%m/%Y}), "
        "so the field starts empty"
    )
    assert found["$.sections[0].fields[3].default"].severity == "warning"
    assert "$.sections[2].fields[2].default" not in found
    assert "starts empty" in found["$.sections[2].fields[4].default"].message
    assert found["$.sections[3].fields[2].default"].message == (
        "a signature field cannot have a default answer"
    )


@pytest.mark.parametrize(
    ("section", "index", "component"),
    [(2, 5, "computed"), (2, 0, "heading"), (0, 0, "paragraph")],
    ids=["computed", "heading", "paragraph"],
)
def test_a_default_on_a_field_without_input(section: int, index: int, component: str) -> None:
    """A default on a field the signer types nothing into is ignored: lint says so, as it
    does for `required` and `prefill` there, rather than publish it without a word."""

    def change(r: dict) -> None:
        field_at(r, section, index)["default"] = "12"

    finding = findings_of(changed(change))[f"$.sections[{section}].fields[{index}].default"]
    assert finding.message == f"a {component} field cannot have a default answer"
    assert finding.severity == "warning"


def test_a_blank_name_title_or_role_name_is_an_error() -> None:
    """The designer asks for each; a JSON import left them "" and published a template
    whose signer page had no heading and whose mails named nobody."""

    def change(r: dict) -> None:
        r["name"] = " "
        r["roles"][1]["name"] = ""
        r["sections"][2]["title"] = ""

    found = findings_of(changed(change))
    assert found["$.name"].message.startswith("must not be empty")
    assert found["$.roles[1].name"].message == (
        "must not be empty: pages and mails name the role by it"
    )
    assert found["$.sections[2].title"].message == "must not be empty: it is the step's heading"
    assert {found[p].severity for p in ("$.name", "$.roles[1].name", "$.sections[2].title")} == {
        "error"
    }


def test_a_currency_code_that_names_no_currency() -> None:
    """'EUE' has the shape of a code: it was published, and amounts read 'EUE 1,250.00'."""

    def change(r: dict) -> None:
        field_at(r, 2, 1)["validation"]["currency"] = "EUE"  # the loan amount
        field_at(r, 2, 5)["validation"]["currency"] = "XYZ"  # the fee, computed as money

    found = findings_of(changed(change))
    amount = found["$.sections[2].fields[1].validation.currency"]
    assert amount.message == (
        "'EUE' is not a currency code (ISO 4217): use one like EUR, GBP, USD or VND"
    )
    assert amount.severity == "error"
    assert (
        "'XYZ' is not a currency code"
        in found["$.sections[2].fields[5].validation.currency"].message
    )
    assert parse_definition(json.dumps(changed(change)))  # a version stored before loads


@pytest.mark.parametrize(("low", "found"), [(3, True), (2, False)], ids=["3-of-2", "2-of-2"])
def test_a_multiselect_asking_for_more_options_than_it_has(low: int, found: bool) -> None:
    """Published, it refused every answer: "Select at least 3 options" of two."""

    def change(r: dict) -> None:
        field_at(r, 2, 4)["validation"] = {"min_selected": low}  # extras: two options

    finding = findings_of(changed(change)).get("$.sections[2].fields[4].validation.min_selected")
    if not found:
        assert finding is None
        return
    assert finding is not None and finding.severity == "error"
    assert finding.message == (
        "asks for at least 3 options, but there are only 2: lower it or add options"
    )


@pytest.mark.parametrize(
    ("prefill", "message"),
    [
        (
            {"source": "sso"},
            'names no claim of the sign-in token, like "email", so the field is never filled',
        ),
        ({"source": "api", "claim": "email"}, 'is read only when the source is "sso", not "api"'),
    ],
    ids=["sso-without-claim", "claim-on-api"],
)
def test_a_prefill_claim_where_it_is_missing_or_unread(prefill: dict, message: str) -> None:
    """An SSO prefill without a claim never filled its field, without a word at publish."""
    found = findings_of(changed(lambda r: field_at(r, 0, 2).update(prefill=prefill)))
    assert found["$.sections[0].fields[2].prefill.claim"].message == message
    assert found["$.sections[0].fields[2].prefill.claim"].severity == "warning"
