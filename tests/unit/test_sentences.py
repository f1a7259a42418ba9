"""Conditions read back to authors as sentences, and the definition's JSON Schema."""

import json
from pathlib import Path

import pytest

from components import parse_definition, registered_components
from components.conditions import CONDITION_OPERATORS
from components.schema import definition_json_schema
from components.sentences import describe

LOAN = parse_definition((Path(__file__).parent / "data" / "loan_application.json").read_bytes())


@pytest.mark.parametrize(
    ("expr", "sentence"),
    [
        (
            {
                "and": [
                    {"==": [{"var": "applicant_type"}, "company"]},
                    {">": [{"var": "loan_amount"}, 10000]},
                ]
            },
            "Show when Applicant type is Company and Loan amount is more than 10,000",
        ),
        (
            {"or": [{"!=": [{"var": "purpose"}, "car"]}, {"<=": [{"var": "term_months"}, 12]}]},
            "Show when Purpose is not A car or Term in months is at most 12",
        ),
        (
            {
                "and": [
                    {"var": "accept_terms"},
                    {"or": [{"empty": {"var": "phone"}}, {"var": "needs_guarantor"}]},
                ]
            },
            "Show when I accept the loan terms is ticked and "
            "(Phone number is not answered or A guarantor will sign too is ticked)",
        ),
        ({"!": {"var": "accept_terms"}}, "Show when I accept the loan terms is not ticked"),
        ({"==": [{"var": "accept_terms"}, True]}, "Show when I accept the loan terms is ticked"),
        ({"!": {"empty": {"var": "full_name"}}}, "Show when Full name is answered"),
        ({"==": [{"var": "full_name"}, None]}, "Show when Full name is not answered"),
        ({"var": "full_name"}, "Show when Full name is answered"),
        (
            {"in": [{"var": "purpose"}, ["car", "home"]]},
            "Show when Purpose is one of A car or Home improvement",
        ),
        ({"!": {"in": [{"var": "purpose"}, ["car"]]}}, "Show when Purpose is not one of A car"),
        ({"in": ["Ltd", {"var": "company_name"}]}, "Show when Company name contains Ltd"),
        (
            {"anyof": [{"var": "extras"}, ["insurance", "holiday"]]},
            "Show when Extras includes any of Payment insurance or Payment holiday",
        ),
        (
            {"allof": [{"var": "extras"}, ["insurance", "holiday"]]},
            "Show when Extras includes all of Payment insurance and Payment holiday",
        ),
        (
            {">=": [{"age": [{"var": "date_of_birth"}]}, 18]},
            "Show when Date of birth is at least 18 years ago",
        ),
        (
            {"<": [{"var": "date_of_birth"}, "2000-03-01"]},
            "Show when Date of birth is before 1 March 2000",
        ),
        (
            {"<=": ["2000-01-01", {"var": "date_of_birth"}, "2009-12-31"]},
            "Show when Date of birth is on or after 1 January 2000 and on or before 31 December 2009",
        ),
        (
            {">": [{"date_diff": [{"var": "date_of_birth"}, "today", "years"]}, 65]},
            "Show when the number of years from Date of birth to today is more than 65",
        ),
        (
            {">": [{"sum": [{"var": "directors"}, "share"]}, 100]},
            "Show when the total of Share (%) in Directors is more than 100",
        ),
        ({"==": [{"var": "directors.0.name"}, "Alex"]}, "Show when Name (Directors 1) is Alex"),
        (
            {">": [{"*": [{"var": "loan_amount"}, "0.015"]}, 1000]},
            "Show when (Loan amount × 0.015) is more than 1,000",
        ),
        ({"==": [{"var": "ghost"}, 1]}, "Show when ghost is 1"),
        (
            {"!": {"or": [{"var": "a"}, {"var": "b"}]}},
            "Show when it is not the case that a is answered or b is answered",
        ),
    ],
)
def test_conditions_read_as_sentences(expr, sentence: str) -> None:
    assert describe(expr, LOAN) == sentence


def test_other_leads_and_no_condition() -> None:
    condition = {">": [{"var": "loan_amount"}, 10000]}
    assert describe(condition, LOAN, lead="Ask the Manager when") == (
        "Ask the Manager when Loan amount is more than 10,000"
    )
    assert describe(condition, LOAN, lead="") == "Loan amount is more than 10,000"
    assert describe({">=": [{"age": [{"var": "date_of_birth"}]}, 18]}, LOAN, lead="") == (
        "Date of birth is at least 18 years ago"
    )
    # an age compared otherwise keeps its general words
    assert describe({">": [{"age": [{"var": "date_of_birth"}]}, 65]}, LOAN, lead="") == (
        "the age from Date of birth is more than 65"
    )
    assert describe(None, LOAN) == "Always"


def test_a_broken_condition_says_why() -> None:
    assert "unknown operator 'eval'" in describe({"eval": "x"}, LOAN)


def test_every_condition_in_the_example_reads_as_a_sentence() -> None:
    conditions = [r.condition for r in LOAN.roles] + [s.visible_if for s in LOAN.sections]
    conditions += [f.visible_if for _, f in LOAN.fields()]
    for condition in filter(None, conditions):
        sentence = describe(condition, LOAN)
        assert sentence.startswith("Show when ") and "{" not in sentence


# --- the JSON Schema ----------------------------------------------------------------------


def test_the_schema_is_generated_from_the_code() -> None:
    schema = definition_json_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$ref"] == "#/$defs/Definition"
    defs = schema["$defs"]
    field = defs["Field"]["properties"]
    assert field["component"]["enum"] == sorted(registered_components())
    assert field["visible_if"]["anyOf"][0] == {"$ref": "#/$defs/Condition"}
    assert field["expression"]["anyOf"][0] == {"$ref": "#/$defs/Expression"}
    assert defs["Condition"]["propertyNames"]["enum"] == sorted(CONDITION_OPERATORS)
    assert "+" in defs["Expression"]["propertyNames"]["enum"]
    assert defs["Role"]["properties"]["condition"]["anyOf"][0] == {"$ref": "#/$defs/Condition"}
    assert defs["Field"]["properties"]["key"]["pattern"] == "^[a-z][a-z0-9_]{0,62}$"
    assert "money: currency, max, min" in field["validation"]["description"]
    assert defs["Field"]["additionalProperties"] is False
    # what the parser and lint refuse, so an editor checking the schema refuses it too
    assert (
        field["label"]["minLength"] == 1 and defs["Option"]["properties"]["value"]["minLength"] == 1
    )
    assert defs["Section"]["properties"]["title"]["minLength"] == 1
    assert defs["Definition"]["properties"]["name"]["minLength"] == 1
    assert defs["Role"]["properties"]["name"]["minLength"] == 1
    assert defs["Role"]["properties"]["stage"]["minimum"] == 1
    assert defs["Heading"]["properties"]["level"]["enum"] == [1, 2, 3]


def test_every_reference_in_the_schema_resolves() -> None:
    schema = definition_json_schema()
    text = json.dumps(schema)
    refs = {part.split('"')[0] for part in text.split('"$ref": "#/$defs/')[1:]}
    assert refs and refs <= set(schema["$defs"])


def test_the_schema_names_every_property_the_example_uses() -> None:
    defs = definition_json_schema()["$defs"]
    raw = json.loads((Path(__file__).parent / "data" / "loan_application.json").read_text())
    assert set(raw) <= set(defs["Definition"]["properties"])
    for section in raw["sections"]:
        assert set(section) <= set(defs["Section"]["properties"])
        for field in section["fields"]:
            assert set(field) <= set(defs["Field"]["properties"])
