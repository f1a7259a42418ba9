"""The designer's refusal of a question key used twice says where the first one is in the
author's words (the step's title and the question's label), never as a JSON path."""

from typing import Any

from designer.publishing.lint import lint


def _definition() -> dict[str, Any]:
    return {
        "name": "Loan",
        "roles": [{"key": "borrower", "name": "Borrower", "stage": 1}],
        "sections": [
            {
                "key": "details",
                "title": "Your details",
                "role": "borrower",
                "fields": [{"key": "note", "component": "text", "label": "Remarks"}],
            },
            {
                "key": "extra",
                "title": "Anything else",
                "role": "borrower",
                "fields": [{"key": "note", "component": "text", "label": "Other note"}],
            },
        ],
    }


def test_a_key_used_twice_names_the_first_question_by_step_and_label() -> None:
    [problem] = [p for p in lint(_definition()) if "already used" in p.message]
    assert problem.level == "error"
    assert problem.message == "'note' is already used by Step 1 “Your details”, field “Remarks”."
    assert "$" not in problem.message and "fields[" not in problem.message
    assert problem.where == "Step 2 “Anything else”, field “Other note”, key"
    assert problem.select == "field:note"
