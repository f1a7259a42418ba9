"""Lint at publish: every rule gives findings with a path, a plain message and a severity."""

import json
from pathlib import Path

import pytest

from components import parse_definition
from components.lint import has_errors, lint
from tests.unit.helpers import LOAN, all_at, build, changed, findings_of


def field_at(raw: dict, section: int, index: int) -> dict:
    return raw["sections"][section]["fields"][index]


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
        "is not a valid answer (Date of birth must be a real date, like 27/03/2026), "
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
