"""The columns of a repeating group, as an author writes them in the designer: one per
line, `Label | kind`, `*` when required; unchanged columns keep their keys."""

import re

import pytest

from designer.editor.columns import columns_text, parse_columns
from runtime.errors import Invalid

NAME = {"key": "name", "component": "text", "label": "Name"}


def test_new_columns_get_keys_kinds_and_required_from_the_lines() -> None:
    columns = parse_columns("Employer *\nFrom * | date\nTo | Date\nSalary | amount", [NAME])
    assert columns == [
        {"key": "employer", "component": "text", "label": "Employer", "required": True},
        {"key": "from", "component": "date", "label": "From", "required": True},
        {"key": "to", "component": "date", "label": "To"},
        {
            "key": "salary",
            "component": "money",
            "label": "Salary",
            "validation": {"currency": "EUR"},
        },
    ]
    assert columns_text({"fields": columns}) == (
        "Employer *\nFrom * | date\nTo | date\nSalary | amount"
    )


def test_a_column_whose_label_stays_keeps_its_key_and_settings() -> None:
    renamed = {"key": "employer_name", "component": "text", "label": "Employer", "help": "h"}
    salary = {
        "key": "pay",
        "component": "money",
        "label": "Salary",
        "validation": {"currency": "GBP"},
    }
    columns = parse_columns("Salary | amount\nEmployer *\n\n", [renamed, salary])
    assert columns == [salary, {**renamed, "required": True}]
    # a kind changed in place keeps the key, so formulas and rules still find it
    assert parse_columns("Salary | number", [salary]) == [
        {"key": "pay", "component": "number", "label": "Salary"}
    ]


def test_a_kind_set_outside_the_designer_stays() -> None:
    choice = {"key": "role", "component": "select", "label": "Role", "options": [{"value": "a"}]}
    assert parse_columns(columns_text({"fields": [choice]}), [choice]) == [choice]


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("", "needs at least one column"),
        ("  \n *", "needs at least one column"),
        ("From | weekday", "“weekday” (column “From”) is not a kind of column"),
        ("Role | select", "is not a kind of column"),
        ("\n".join(f"C{i}" for i in range(31)), "at most 30 columns"),
        # signers could not tell two "Name" columns apart (they were name and name_2)
        ("Name\nName * | date", "“Name” is written twice"),
    ],
)
def test_bad_columns_are_refused_with_a_message(raw: str, message: str) -> None:
    with pytest.raises(Invalid, match=re.escape(message)):
        parse_columns(raw, [NAME])
