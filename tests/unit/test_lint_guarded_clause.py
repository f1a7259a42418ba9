"""A clause quoting a required question that a rule can skip is quiet only when its own rule
makes sure the question was asked. A rule that merely read the same answer used to silence
the warning: a clause "for persons" quoting the company step's SIREN sealed as "SIREN —"
with no word at publish. Now the paragraph's rule must imply the step's (the same rule, an
`and` holding it, the same answer equal to the same value…) or need an answer to the
question; when that cannot be shown, publishing warns, saying the PDF "may" show a dash."""

import copy
from typing import Any

import pytest

from components.definition import parse_definition
from components.implies import answered, implies, needs_answer
from components.lint_document import publish_findings
from components.sentences import scope_of
from designer.publishing.diff import describe_changes
from designer.publishing.lint import lint as designer_check

COMPANY = {"==": [{"var": "kind"}, "company"]}
PERSON = {"==": [{"var": "kind"}, "person"]}
BIG = {">": [{"var": "amount"}, 1000]}


def _loan(rule: Any = None, *, step: Any = COMPANY, own: Any = None) -> dict[str, Any]:
    """SIREN is asked on a step shown to companies; clause 1 quotes it under `rule`."""
    paragraph: dict[str, Any] = {"kind": "paragraph", "html": "<p>SIREN {{ siren }}.</p>"}
    if rule is not None:
        paragraph["visible_if"] = rule
    siren: dict[str, Any] = {"key": "siren", "component": "text", "label": "SIREN"}
    siren |= {"required": True} | ({"visible_if": own} if own else {})
    options = [{"value": "person", "label": "A person"}, {"value": "company", "label": "A company"}]
    return {
        "name": "Loan",
        "roles": [{"key": "borrower", "name": "Borrower"}],
        "sections": [
            {
                "key": "you",
                "title": "You",
                "role": "borrower",
                "fields": [
                    {"key": "kind", "component": "radio", "label": "Borrowing as"}
                    | {"required": True, "options": options},
                    {"key": "name", "component": "text", "label": "Name", "required": True},
                    {"key": "amount", "component": "number", "label": "Amount"},
                    {"key": "sig", "component": "signature", "label": "Sign", "required": True},
                ],
            },
            {"key": "firm", "title": "Firm", "role": "borrower", "fields": [siren]}
            | ({"visible_if": step} if step else {}),
        ],
        "document": [paragraph, {"kind": "signature", "role": "borrower"}],
    }


def _about_siren(definition: dict[str, Any]) -> list[str]:
    found = publish_findings(parse_definition(definition))
    return [f"{f.path}: {f.message}" for f in found if "the answer to “SIREN”" in f.message]


@pytest.mark.parametrize(
    "rule",
    [
        pytest.param(COMPANY, id="the same rule"),
        pytest.param({"==": ["company", {"var": "kind"}]}, id="the same, written the other way"),
        pytest.param({"and": [{"==": [{"var": "name"}, "Acme"]}, COMPANY]}, id="an and holding it"),
        pytest.param({"or": [COMPANY, {"and": [COMPANY, BIG]}]}, id="an or of narrower rules"),
        pytest.param({"in": [{"var": "kind"}, ["company"]]}, id="a one-value list (proven)"),
        pytest.param(answered("siren"), id="SIREN is answered"),
        pytest.param({"==": [{"var": "siren"}, "123"]}, id="SIREN equals a value"),
        pytest.param({"!=": [{"var": "kind"}, "person"]}, id="not the other required choice"),
    ],
)
def test_a_clause_whose_rule_makes_sure_the_question_was_asked_is_quiet(rule: Any) -> None:
    assert _about_siren(_loan(rule)) == []


def test_a_clause_without_a_rule_is_told_the_dash_is_sure() -> None:
    assert _about_siren(_loan()) == [
        "$.document[0]: This paragraph quotes the answer to “SIREN”, a required question that "
        "is asked only when Borrowing as is A company: when it is not asked, it shows as a "
        "dash (—) in the signed PDF. Give this paragraph the same rule, or the rule “SIREN is "
        "answered”."
    ]


@pytest.mark.parametrize(
    "rule",
    [
        pytest.param(PERSON, id="another value of the same answer"),
        pytest.param({"!=": [{"var": "kind"}, "company"]}, id="not the value"),
        pytest.param({"or": [COMPANY, BIG]}, id="an or that lets another case in"),
        pytest.param({"empty": [{"var": "siren"}]}, id="reads SIREN but needs no answer"),
        pytest.param({">=": [{"age": [{"var": "name"}]}, 18]}, id="not understood: unsure"),
    ],
)
def test_a_clause_whose_rule_may_not_be_enough_is_told_it_may_show_a_dash(rule: Any) -> None:
    (warning,) = _about_siren(_loan(rule))
    assert warning.startswith(
        "$.document[0]: This paragraph quotes the answer to “SIREN”, a required question that "
        "is asked only when Borrowing as is A company, and this paragraph's rule ("
    )
    assert warning.endswith(
        ") may not make sure it is asked: when it is not, the signed PDF may show a dash (—) "
        "there. Give this paragraph the same rule, or the rule “SIREN is answered”."
    )
    if rule == PERSON:
        assert "this paragraph's rule (Borrowing as is A person) may not" in warning


def test_the_questions_own_rule_and_its_steps_must_both_be_met() -> None:
    """Asked when a company borrows more than 1,000: the clause needs both, or the answer."""
    both = _loan(own=BIG)
    assert "only when Borrowing as is A company and Amount is" in _about_siren(both)[0]
    assert len(_about_siren(_loan(COMPANY, own=BIG))) == 1  # half the rule: may be skipped
    assert _about_siren(_loan({"and": [BIG, COMPANY]}, own=BIG)) == []
    stricter = {"and": [COMPANY, {">": [{"var": "amount"}, 5000]}]}
    assert _about_siren(_loan(stricter, own=BIG)) == []  # > 5000 is > 1000: proven
    assert _about_siren(_loan(None, step=None, own=None)) == []  # always asked


def test_not_the_other_choice_is_enough_only_when_the_choice_must_be_made() -> None:
    """'Borrowing as is not A person' is 'is A company' only while Borrowing as is required
    and asked of everyone: optional, it may be left empty, and SIREN skipped."""
    not_person = {"!=": [{"var": "kind"}, "person"]}
    assert _about_siren(_loan(not_person)) == []
    loan = _loan(not_person)
    loan["sections"][0]["fields"][0]["required"] = False
    assert "may not make sure it is asked" in _about_siren(loan)[0]


def test_one_warning_per_clause_and_question_however_often_it_is_quoted() -> None:
    loan = _loan(PERSON)
    loan["document"][0]["html"] = "<p>SIREN {{ siren }}, again {{siren}}.</p>"
    assert len(_about_siren(loan)) == 1


def test_an_optional_question_under_a_rule_that_needs_no_answer_is_warned_about() -> None:
    """`Amount is not answered` read the amount, which used to silence the dash warning."""
    loan = _loan()
    loan["document"][0] = {
        "kind": "paragraph",
        "html": "<p>Amount {{ amount }}.</p>",
        "visible_if": {"empty": [{"var": "amount"}]},
    }
    found = [f.message for f in publish_findings(parse_definition(loan)) if "“Amount”" in f.message]
    assert len(found) == 1 and "an optional question" in found[0]
    loan["document"][0]["visible_if"] = BIG  # needs an amount: quiet
    assert not [f for f in publish_findings(parse_definition(loan)) if "“Amount”" in f.message]


def test_implication_cases_without_the_fields_at_hand() -> None:
    """Without the parsed fields (a draft that does not parse) only the written-out cases
    count; anything else is "not sure"."""
    assert implies(COMPANY, COMPANY) and implies(PERSON, None)
    assert implies({"and": [BIG, COMPANY]}, COMPANY)
    assert implies(PERSON, {"!=": [{"var": "kind"}, "company"]})
    assert implies(PERSON, {"in": [{"var": "kind"}, ["person", "company"]]})
    assert implies({"==": [{"var": "ok"}, True]}, {"var": "ok"})
    assert implies({"!": [COMPANY]}, {"!": [{"and": [COMPANY, BIG]}]})  # turned around
    assert not implies(None, COMPANY) and not implies(PERSON, COMPANY)
    assert not implies({"in": [{"var": "kind"}, ["company"]]}, COMPANY)  # needs the fields
    assert not implies({"==": [{"var": "ok"}, 0]}, {"var": "ok"})  # 0 is not truthy
    assert not implies({"and": [{"var": 1}]}, COMPANY)  # a half-made rule: unsure
    # loose equality: the answer "5" equals 5 and 5 equals "5.0", but "5" is not "5.0"
    five, five_point = {"==": [{"var": "n"}, 5]}, {"==": [{"var": "n"}, "5.0"]}
    assert not implies(five, five_point) and implies(five, {"in": [{"var": "n"}, [5, 6]]})
    assert not implies({"==": [{"var": "n"}, "5"]}, {"!=": [{"var": "n"}, "5.0"]})
    assert implies(five, {"!=": [{"var": "n"}, "6"]})
    assert needs_answer(BIG, "amount") and needs_answer({"var": "amount"}, "amount")
    assert not needs_answer({"!=": [{"var": "amount"}, 3]}, "amount")
    assert not needs_answer({"or": [BIG, COMPANY]}, "amount")


def test_the_search_proves_only_over_answers_it_covers() -> None:
    scope = scope_of(parse_definition(_loan()))
    assert implies({"in": [{"var": "kind"}, ["company"]]}, COMPANY, scope)
    assert implies({">": [{"var": "amount"}, 5000]}, BIG, scope)
    assert not implies({">": [{"var": "amount"}, 500]}, BIG, scope)
    # free text is never searched: "Acme" could be written many ways
    assert not implies({"in": [{"var": "name"}, ["Acme"]]}, {"==": [{"var": "name"}, "Acme"]})


def test_the_clause_is_named_without_cutting_a_merge_field_in_two() -> None:
    """The publish summary named it 'Clause 1 “… the business {{ …”', and 'What changed'
    said the same: a merge field counts as one word of a clause's first words, and is
    named by its question ("[SIREN]"), as the Document tab's chips show it."""
    loan = _loan(PERSON)
    loan["document"][0]["html"] = "<p>The loan is made to the business {{ siren }}, then.</p>"
    (problem,) = [p for p in designer_check(loan) if "answer to “SIREN”" in p.message]
    assert problem.where == "Clause 1 “The loan is made to the business [SIREN] …”"
    guarded = copy.deepcopy(loan)
    guarded["document"][0]["visible_if"] = COMPANY
    assert describe_changes(loan, guarded) == [
        "The paragraph “The loan is made to the business [SIREN] …” is now shown when "
        "“Borrowing as” is A company."
    ]
