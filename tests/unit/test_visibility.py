"""The server decides: visible fields and steps, hidden values stripped, required only when shown."""

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from components import parse_definition
from components.computed import compute_values, evaluation_order
from components.lint import lint
from components.sentences import describe
from components.visibility import (
    active_roles,
    strip_hidden,
    validate_answers,
    visible_blocks,
    visible_keys,
    visible_sections,
)
from tests.unit.strategies import language_definitions

LOAN = parse_definition((Path(__file__).parent / "data" / "loan_application.json").read_bytes())
TODAY = dt.date(2027, 3, 15)
PERSON = {
    "applicant_type": "person",
    "full_name": "Alex Example",
    "date_of_birth": "1990-01-01",
    "email": "alex@example.com",
    "loan_amount": {"amount": "60000.00", "currency": "EUR"},
    "term_months": 24,
    "purpose": "car",
}


def chain(*links: dict | None) -> object:
    """a, b, c ... each visible only when the one before is answered."""
    fields = [
        {"key": f"f{i}", "component": "text", "label": f"F{i}"}
        | ({"visible_if": link} if link else {})
        for i, link in enumerate(links)
    ]
    return parse_definition(
        {
            "name": "Chain",
            "roles": [{"key": "c", "name": "C"}],
            "sections": [{"key": "s", "title": "S", "role": "c", "fields": fields}],
        }
    )


def test_fields_follow_the_answers() -> None:
    person = visible_keys(LOAN, PERSON, today=TODAY)
    assert {"full_name", "date_of_birth", "payslips", "needs_guarantor"} <= person
    assert "company_name" not in person and "directors" not in person
    company = visible_keys(LOAN, {**PERSON, "applicant_type": "company"}, today=TODAY)
    assert {"company_name", "directors", "total_share", "stamp"} <= company
    assert "full_name" not in company and "needs_guarantor" not in company


def test_a_hidden_sections_fields_are_hidden() -> None:
    keys = visible_keys(LOAN, PERSON, today=TODAY)
    assert "stamp" not in keys  # its field has no condition; its step has one
    steps = [s.key for s in visible_sections(LOAN, "customer", PERSON, today=TODAY)]
    assert steps == ["applicant", "loan", "signing"]
    assert [s.key for s in visible_sections(LOAN, "guarantor", PERSON)] == ["guarantee"]


def test_a_hidden_fields_value_is_stripped() -> None:
    answers = {
        **PERSON,
        "company_name": "Left over from an earlier answer Ltd",
        "directors": [{"name": "X"}],
        "stamp": "s1",
        "not_a_field": "injected",
        "fee": {"amount": "0.01", "currency": "EUR"},  # stored computed values are never trusted
    }
    kept = strip_hidden(LOAN, answers, today=TODAY)
    assert "company_name" not in kept and "directors" not in kept and "stamp" not in kept
    assert "not_a_field" not in kept
    assert kept["full_name"] == "Alex Example"
    assert kept["fee"] == {"amount": "900.00", "currency": "EUR"}
    assert kept["total"] == {"amount": "60900.00", "currency": "EUR"}


def test_chains_hide_step_by_step() -> None:
    d = chain(None, {"!": {"empty": {"var": "f0"}}}, {"!": {"empty": {"var": "f1"}}})
    answers = {"f0": "a", "f1": "b", "f2": "c"}
    assert visible_keys(d, answers) == {"f0", "f1", "f2"}
    del answers["f0"]
    # f1 is hidden, so its value counts as missing, so f2 is hidden too
    assert visible_keys(d, answers) == {"f0"}
    assert strip_hidden(d, answers) == {}


def test_conditions_that_read_later_fields_settle() -> None:
    d = chain({"!": {"empty": {"var": "f1"}}}, {"!": {"empty": {"var": "f2"}}}, None)
    # f2 is empty, so f1 is hidden, so f1's value is missing, so f0 is hidden
    assert visible_keys(d, {"f0": "a", "f1": "b"}) == {"f2"}
    assert visible_keys(d, {"f0": "a", "f1": "b", "f2": "c"}) == {"f0", "f1", "f2"}


def test_a_self_defeating_condition_still_ends() -> None:
    d = chain({"empty": {"var": "f0"}})  # shown only while empty: lint refuses it
    assert visible_keys(d, {"f0": "a"}) in (set(), {"f0"})


def test_required_applies_to_visible_fields_only() -> None:
    values, errors = validate_answers(LOAN, {**PERSON, "phone": "0912 345 678"}, today=TODAY)
    assert "company_name" not in errors and "directors" not in errors and "stamp" not in errors
    assert errors["payslips"] == "Upload your last three payslips"
    assert errors["signature"] == "Sign in the box, or type your full name"
    assert errors["accept_terms"].startswith("Tick the box")
    assert values["phone"] == "+84912345678"
    _, errors = validate_answers(LOAN, {**PERSON, "applicant_type": "company"}, today=TODAY)
    assert errors["company_name"] == "Enter company name"
    assert errors["directors"] == "Add at least 1 director"
    assert "full_name" not in errors and "payslips" not in errors


def test_errors_of_hidden_fields_are_dropped_and_values_not_kept() -> None:
    answers = {**PERSON, "company_name": "x" * 600, "applicant_type": "person"}
    values, errors = validate_answers(LOAN, answers, keys={"company_name", "applicant_type"})
    assert errors == {}
    assert "company_name" not in values


def test_validation_of_one_step_only() -> None:
    values, errors = validate_answers(
        LOAN,
        {"applicant_type": "Company", "company_name": " Acme  Ltd "},
        keys={"applicant_type", "company_name"},
    )
    assert errors == {}
    # the Directors step is now visible; its computed total of no rows is 0
    assert values == {"applicant_type": "company", "company_name": "Acme Ltd", "total_share": 0}


def test_group_row_errors_come_with_their_paths() -> None:
    answers = {
        **PERSON,
        "applicant_type": "company",
        "company_name": "Acme",
        "directors": [{"name": "A", "share": "150"}],
    }
    _, errors = validate_answers(LOAN, answers, keys={"directors"})
    assert errors["directors[0].share"] == "Director 1: Share (%) must be 100 or less"
    assert errors["directors[0].id_number"] == "Director 1: Enter ID number"
    assert "directors" in errors


def test_conditions_read_cleaned_values() -> None:
    # "60,000" becomes 60000.00 EUR before any condition compares it with 50000
    answers = {**PERSON, "loan_amount": "60,000"}
    values, _ = validate_answers(LOAN, answers, today=TODAY)
    assert "needs_guarantor" in visible_keys(LOAN, values, today=TODAY)


def test_blocks_and_roles_follow_the_answers() -> None:
    assert [r.key for r in active_roles(LOAN, PERSON)] == ["customer", "manager", "office"]
    small = {**PERSON, "loan_amount": {"amount": "5000.00", "currency": "EUR"}}
    assert [r.key for r in active_roles(LOAN, small)] == ["customer", "office"]
    guaranteed = {**PERSON, "needs_guarantor": True}
    assert "guarantor" in [r.key for r in active_roles(LOAN, guaranteed)]
    assert len(visible_blocks(LOAN, guaranteed)) == len(LOAN.document)
    assert len(visible_blocks(LOAN, PERSON)) == len(LOAN.document) - 1
    # a hidden field's value does not switch a role on
    company = {**guaranteed, "applicant_type": "company"}
    assert "guarantor" not in [r.key for r in active_roles(LOAN, company)]


def test_computed_values_in_dependency_order() -> None:
    order, blocked = evaluation_order(LOAN)
    keys = [f.key for f in order]
    assert keys.index("fee") < keys.index("total") and not blocked
    values = compute_values(
        LOAN,
        {
            "loan_amount": {"amount": "1000.10", "currency": "EUR"},
            "directors": [{"share": 60}, {"share": 40}, {}],
        },
    )
    assert values == {
        "total_share": 100,
        "fee": {"amount": "15.00", "currency": "EUR"},  # 15.0015 rounded half up
        "total": {"amount": "1015.10", "currency": "EUR"},
    }
    assert compute_values(LOAN, {})["fee"] is None


def test_computed_cycles_stay_empty() -> None:
    d = parse_definition(
        {
            "name": "Loop",
            "roles": [{"key": "c", "name": "C"}],
            "sections": [
                {
                    "key": "s",
                    "title": "S",
                    "role": "c",
                    "fields": [
                        {"key": "n", "component": "number", "label": "N"},
                        {
                            "key": "a",
                            "component": "computed",
                            "label": "A",
                            "expression": {"+": [{"var": "b"}, 1]},
                        },
                        {
                            "key": "b",
                            "component": "computed",
                            "label": "B",
                            "expression": {"+": [{"var": "a"}, 1]},
                        },
                        {
                            "key": "c",
                            "component": "computed",
                            "label": "C",
                            "expression": {"+": [{"var": "a"}, {"var": "n"}]},
                        },
                        {
                            "key": "d",
                            "component": "computed",
                            "label": "D",
                            "expression": {"*": [{"var": "n"}, 2]},
                        },
                    ],
                }
            ],
        }
    )
    assert compute_values(d, {"n": 2, "a": 5}) == {"a": None, "b": None, "c": None, "d": 4}


@settings(max_examples=60, deadline=None)
@given(
    st.fixed_dictionaries(
        {},
        optional={
            "applicant_type": st.sampled_from(["person", "company"]),
            "loan_amount": st.builds(
                lambda n: {"amount": f"{n}.00", "currency": "EUR"}, st.integers(0, 10**6)
            ),
            "needs_guarantor": st.just(True),
            "company_name": st.just("Acme"),
            "full_name": st.just("Alex"),
        },
    )
)
def test_stripping_is_stable(answers) -> None:
    once = strip_hidden(LOAN, answers)
    assert strip_hidden(LOAN, once) == once
    assert set(once) - {"fee", "total", "total_share"} <= visible_keys(LOAN, answers)


@pytest.mark.parametrize("count", [50])
def test_long_chains_are_quick(count: int) -> None:
    import time

    links = [None] + [{"!": {"empty": {"var": f"f{i}"}}} for i in range(count - 1)]
    d = chain(*links)
    started = time.perf_counter()
    assert len(visible_keys(d, {f"f{i}": "x" for i in range(count)})) == count
    assert visible_keys(d, {f"f{i}": "x" for i in range(1, count)}) == {"f0"}
    assert time.perf_counter() - started < 2


answer_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.text(max_size=5),
    st.lists(st.text(max_size=3), max_size=3),
    st.dictionaries(st.text(max_size=3), st.text(max_size=3), max_size=2),
)


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_any_definition_and_any_answers_are_handled(data) -> None:
    """Lint, visibility and validation never crash, whatever the definition and answers."""
    d = parse_definition(json.dumps(data.draw(language_definitions())))
    keys = [f.key for _, f in d.fields()]
    answers = {k: data.draw(answer_values) for k in keys}
    assert all(f.path.startswith("$") for f in lint(d))
    values, errors = validate_answers(d, answers)
    assert set(values) <= visible_keys(d, values) | set(keys)
    assert set(strip_hidden(d, values)) == set(values)
    active_roles(d, answers)
    visible_blocks(d, answers)
    for _, f in d.fields():
        assert describe(f.visible_if, d)
