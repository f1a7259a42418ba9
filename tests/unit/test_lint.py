"""Lint at publish: every rule gives findings with a path, a plain message and a severity."""

import json
from pathlib import Path

import pytest

from components import parse_definition
from components.lint import has_errors, lint
from tests.unit.helpers import LOAN, all_at, build, changed, field_at, findings_of


def test_the_full_example_is_clean() -> None:
    assert lint(parse_definition(json.dumps(LOAN))) == []


def test_the_demo_is_clean() -> None:
    demo = Path(__file__).resolve().parents[2] / "runtime" / "demo" / "service_agreement.json"
    assert lint(parse_definition(demo.read_bytes())) == []


def assert_finding(raw: dict, path: str, message: str, severity: str = "error") -> None:
    here = all_at(raw, path)
    assert here, sorted(findings_of(raw))
    assert any(message in f.message and f.severity == severity for f in here), here


def test_unknown_field_in_a_condition() -> None:
    raw = changed(
        lambda r: field_at(r, 0, 2).update(visible_if={"==": [{"var": "applicant_kind"}, "person"]})
    )
    assert_finding(
        raw,
        "$.sections[0].fields[2].visible_if.==[0].var",
        "refers to field 'applicant_kind', which does not exist",
    )


def test_unknown_field_in_a_role_condition_block_and_group_path() -> None:
    def change(r: dict) -> None:
        r["roles"][2]["condition"] = {">": [{"var": "amount"}, 10000]}
        r["document"][2]["visible_if"] = {"==": [{"var": "directors.0.nickname"}, "x"]}

    found = findings_of(changed(change))
    assert "'amount'" in found["$.roles[2].condition.>[0].var"].message
    assert "'directors.0.nickname', which is not a field of Directors" in (
        found["$.document[2].visible_if.==[0].var"].message
    )


def test_a_sub_field_condition_reads_its_own_row() -> None:
    def change(r: dict) -> None:
        group = field_at(r, 1, 0)
        group["fields"][1]["visible_if"] = {"!": {"empty": {"var": "name"}}}
        group["fields"][2]["visible_if"] = {"==": [{"var": "applicant_type"}, "company"]}

    found = findings_of(changed(change))
    assert "$.sections[1].fields[0].fields[1].visible_if.!.empty.var" not in found
    # the field exists, outside the row: said so, not "which does not exist"
    outside = found["$.sections[1].fields[0].fields[2].visible_if.==[0].var"]
    assert outside.message == (
        "reads “Applicant type”, which is not in this row: a row's conditions read only "
        "the fields before them in the same row"
    )
    assert outside.severity == "error"
    raw = changed(lambda r: field_at(r, 1, 0)["fields"][2].update(visible_if={"var": "nobody"}))
    assert "'nobody', which does not exist" in (
        findings_of(raw)["$.sections[1].fields[0].fields[2].visible_if.var"].message
    )


def test_a_sub_field_condition_reads_only_earlier_columns() -> None:
    raw = changed(lambda r: field_at(r, 1, 0)["fields"][0].update(visible_if={"var": "id_number"}))
    assert_finding(
        raw,
        "$.sections[1].fields[0].fields[0].visible_if",
        "reads “ID number”, which does not come before it in the row",
        "warning",
    )


def test_a_condition_on_a_layout_field() -> None:
    raw = changed(lambda r: field_at(r, 0, 2).update(visible_if={"var": "intro"}))
    assert_finding(
        raw, "$.sections[0].fields[2].visible_if.var", "a paragraph that holds no answer"
    )
    # named by its label, as authors know it, not by its key 'intro'
    assert "intro" not in findings_of(raw)["$.sections[0].fields[2].visible_if.var"].message


@pytest.mark.parametrize(
    ("condition", "message", "severity"),
    [
        (
            {">": [{"var": "date_of_birth"}, 18]},
            "compares “Date of birth” (a date) with 18 (a number)",
            "error",
        ),
        (
            {"==": [{"var": "loan_amount"}, "2027-01-01"]},
            "(a number) with 1 January 2027 (a date)",
            "error",
        ),
        ({"==": [{"var": "accept_terms"}, "yes"]}, "(yes or no) with yes (text)", "error"),
        (
            {"==": [{"var": "full_name"}, 5]},
            "compares “Full name” (text) with 5 (a number)",
            "warning",
        ),
        ({"<": [{"var": "accept_terms"}, True]}, "'<' cannot order yes or no", "error"),
    ],
)
def test_type_mismatch_in_a_comparison(condition, message, severity) -> None:
    raw = changed(lambda r: field_at(r, 3, 0).update(visible_if=condition))
    assert_finding(raw, "$.sections[3].fields[0].visible_if", message, severity)
    if severity == "error":  # no "never true" on top of a type error
        assert len(all_at(raw, "$.sections[3].fields[0].visible_if")) == 1


@pytest.mark.parametrize(
    ("expression", "path", "message"),
    [
        (
            {"+": [{"var": "date_of_birth"}, 1]},
            ".+[0]",
            "'+' works on numbers, but “Date of birth” is a date",
        ),
        (
            {"age": [{"var": "loan_amount"}]},
            ".age[0]",
            "'age' works on dates, but “Loan amount” is a number",
        ),
        ({"sum": [{"var": "directors"}, "name"]}, ".sum[1]", "“Name” is not a number"),
        (
            {"sum": [{"var": "directors"}, "shares"]},
            ".sum[1]",
            "'shares' is not a field of Directors",
        ),
        ({"sum": [{"var": "directors"}]}, ".sum[0]", "needs the key of a number column"),
        ({"sum": [{"var": "full_name"}, "x"]}, ".sum[0]", "needs a repeating group"),
    ],
)
def test_type_mismatch_in_a_computed_value(expression, path, message) -> None:
    raw = changed(lambda r: field_at(r, 2, 5).update(expression=expression))
    assert_finding(raw, "$.sections[2].fields[5].expression" + path, message)


def test_a_cycle_among_computed_values() -> None:
    raw = changed(lambda r: field_at(r, 2, 5).update(expression={"*": [{"var": "total"}, "0.015"]}))
    found = findings_of(raw)
    for path in ("$.sections[2].fields[5].expression", "$.sections[2].fields[6].expression"):
        assert found[path].severity == "error"
        assert "refer to each other in a cycle: " in found[path].message
    assert (
        "“Arrangement fee” → “Total to repay” → “Arrangement fee”"
        in found["$.sections[2].fields[5].expression"].message
    )


def test_duplicate_keys() -> None:
    def change(r: dict) -> None:
        r["roles"][1]["key"] = "customer"
        field_at(r, 2, 2)["key"] = "loan_amount"
        r["sections"][1]["key"] = "applicant"
        field_at(r, 2, 3)["options"].append({"value": "car", "label": "Another car"})
        field_at(r, 1, 0)["fields"][1]["key"] = "name"

    found = findings_of(changed(change))
    assert found["$.roles[1].key"].message == "role key 'customer' is used twice"
    assert found["$.sections[1].key"].message == "section key 'applicant' is used twice"
    assert found["$.sections[2].fields[2].key"].message.startswith("'loan_amount' is already used")
    assert found["$.sections[2].fields[3].options[3].value"].message == "'car' is used twice"
    assert found["$.sections[1].fields[0].fields[1].key"].message == (
        "'name' is used twice in this group"
    )
    assert all(f.severity == "error" for f in found.values() if "twice" in f.message)


def test_a_signer_without_a_signature_field() -> None:
    raw = changed(lambda r: r["sections"][4]["fields"].pop())
    assert_finding(raw, "$.roles[1]", "Guarantor is a signer but has no signature field")
    # a signature in a repeating group the role fills in counts
    assert "$.roles[0]" not in findings_of(raw)


def test_a_required_field_that_can_never_be_visible() -> None:
    raw = changed(
        lambda r: field_at(r, 0, 4).update(
            visible_if={
                "and": [
                    {"==": [{"var": "applicant_type"}, "company"]},
                    {"==": [{"var": "applicant_type"}, "person"]},
                ]
            }
        )
    )
    found = findings_of(raw)
    required = found["$.sections[0].fields[4].required"]
    assert required.severity == "error"
    assert required.message == (
        "Company name is required but can never be shown: Applicant type is Company and "
        "Applicant type is Private person is never true"
    )
    assert found["$.sections[0].fields[4].visible_if"].severity == "warning"


def test_a_required_field_in_a_step_that_is_never_shown() -> None:
    raw = changed(
        lambda r: r["sections"][1].update(
            visible_if={"in": [{"var": "applicant_type"}, ["trust", "charity"]]}
        )
    )
    found = findings_of(raw)
    assert "is never true" in found["$.sections[1].visible_if"].message
    assert found["$.sections[1].fields[0].required"].severity == "error"
    assert "'trust' is not an option of Applicant type" in (
        found["$.sections[1].visible_if.in[1][0]"].message
    )


def test_always_true_conditions_are_warnings() -> None:
    raw = changed(
        lambda r: field_at(r, 0, 6).update(
            visible_if={"or": [{"var": "accept_terms"}, {"!": {"var": "accept_terms"}}]}
        )
    )
    assert_finding(raw, "$.sections[0].fields[6].visible_if", "is always true", "warning")


def test_never_true_with_numbers_and_dates() -> None:
    def change(r: dict) -> None:
        field_at(r, 3, 0)["visible_if"] = {
            "and": [{">": [{"var": "term_months"}, 100]}, {"<": [{"var": "term_months"}, 50]}]
        }
        field_at(r, 0, 5)["visible_if"] = {
            "and": [
                {">": [{"var": "date_of_birth"}, "2000-01-01"]},
                {"<": [{"var": "date_of_birth"}, "2000-01-02"]},
            ]
        }

    raw = changed(change)
    assert_finding(raw, "$.sections[3].fields[0].visible_if", "is never true", "warning")
    assert_finding(raw, "$.sections[3].fields[0].required", "can never be shown")
    assert_finding(raw, "$.sections[0].fields[5].required", "can never be shown")


def test_satisfiable_conditions_are_not_reported() -> None:
    def change(r: dict) -> None:
        field_at(r, 3, 0)["visible_if"] = {
            "and": [{">": [{"var": "term_months"}, 100]}, {"<": [{"var": "term_months"}, 101]}]
        }
        field_at(r, 3, 1)["visible_if"] = {
            "and": [
                {"allof": [{"var": "extras"}, ["insurance", "holiday"]]},
                {"!": {"anyof": [{"var": "purpose"}, ["car"]]}},
            ]
        }

    found = findings_of(changed(change))
    assert "$.sections[3].fields[0].visible_if" not in found
    assert "$.sections[3].fields[1].visible_if" not in found


def test_a_section_owned_by_a_missing_role() -> None:
    raw = changed(lambda r: r["sections"][4].update(role="witness"))
    assert_finding(raw, "$.sections[4].role", "names role 'witness', which is not defined")


def test_sections_owned_by_cc_or_approver_roles() -> None:
    def change(r: dict) -> None:
        r["sections"][4]["role"] = "office"
        r["sections"].append(
            {
                "key": "check",
                "title": "Check",
                "role": "manager",
                "fields": [{"key": "note", "component": "text", "label": "Note"}],
            }
        )

    found = findings_of(changed(change))
    assert found["$.sections[4].role"].severity == "error"
    assert "only receives a copy" in found["$.sections[4].role"].message
    assert found["$.sections[6].role"].severity == "warning"
    # it said "may not edit answers": the questions are never asked, and it says so
    assert found["$.sections[6].role"].message == (
        "Manager is an approver: they approve or reject on a page of the answers and are "
        "never asked “Note”; give this step to a signer, or keep only headings and "
        "paragraphs in it"
    )


def test_conditions_that_read_answers_given_later() -> None:
    def change(r: dict) -> None:
        field_at(r, 0, 6)["visible_if"] = {"!": {"var": "accept_terms"}}
        r["sections"][2]["visible_if"] = {"!": {"empty": {"var": "purpose"}}}
        r["roles"][1]["condition"] = {"==": [{"var": "guarantor_name"}, "x"]}
        r["roles"][2]["condition"] = {"==": [{"var": "guarantor_name"}, "x"]}
        field_at(r, 2, 1)["visible_if"] = {"!": {"empty": {"var": "loan_amount"}}}

    found = findings_of(changed(change))
    assert found["$.sections[0].fields[6].visible_if"].severity == "warning"
    assert "asked in a later step" in found["$.sections[0].fields[6].visible_if"].message
    assert "asked in this step or later" in found["$.sections[2].visible_if"].message
    assert found["$.roles[1].condition"].message == (
        "refers to “Guarantor's full name”, which Guarantor fills in themselves (stage 2): "
        "a role's condition can only read answers given at an earlier stage"
    )
    assert "$.roles[2].condition" not in found  # stage 2 answers exist before stage 3
    assert "refers to the field itself" in found["$.sections[2].fields[1].visible_if"].message


def test_a_checkbox_compared_with_false() -> None:
    raw = changed(
        lambda r: field_at(r, 3, 2).update(visible_if={"==": [{"var": "accept_terms"}, False]})
    )
    assert_finding(raw, "$.sections[3].fields[2].visible_if", "never equals false", "warning")


def test_merge_fields_that_do_not_exist() -> None:
    raw = changed(lambda r: r["document"][1].update(html="<p>{{ loan_amount }} {{ amount }}</p>"))
    assert_finding(raw, "$.document[1].html", "merge field '{{ amount }}'")


def test_errors_block_publishing_and_warnings_do_not() -> None:
    warning_only = changed(lambda r: field_at(r, 0, 3).update(validation={"colour": "red"}))
    assert not has_errors(lint(build(warning_only)))
    broken = changed(lambda r: r["sections"][4]["fields"].pop())
    assert has_errors(lint(build(broken)))


def test_every_finding_has_a_path_a_message_and_a_severity() -> None:
    def change(r: dict) -> None:
        field_at(r, 0, 2)["visible_if"] = {"==": [{"var": "ghost"}, 1]}
        field_at(r, 2, 5)["expression"] = {"+": [{"var": "total"}, 1]}
        r["sections"][4]["fields"].pop()

    for finding in lint(build(changed(change))):
        assert finding.path.startswith("$")
        assert finding.message.strip()
        assert finding.severity in ("error", "warning")
        assert finding.as_dict()["path"] == finding.path
