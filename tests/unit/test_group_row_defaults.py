"""A repeating group's new row starts with its sub-fields' default answers, and a row the
signer left as it started is no answer (it does not trap them with "Enter Name")."""

import pytest

from components import Field, FieldError
from components.fields.group import group as GROUP
from components.fields.group import row_defaults

SHAREHOLDERS = Field(
    key="holders",
    component="group",
    label="Shareholders",
    validation={"row_label": "Holder"},
    fields=[
        Field(key="name", component="text", label="Name", required=True),
        Field(key="country", component="text", label="Country", default="Viet Nam"),
        Field(key="shares", component="number", label="Shares", default="100"),
        Field(key="signature", component="signature", label="Signature", default="x"),
    ],
)
ALL_DEFAULTS = Field(
    key="terms",
    component="group",
    label="Terms",
    required=True,
    fields=[Field(key="term", component="text", label="Term", required=True, default="Net 30")],
)


def test_a_new_row_starts_with_the_defaults_of_its_sub_fields() -> None:
    # cleaned like typed values; a signature takes no default
    assert row_defaults(SHAREHOLDERS) == {"country": "Viet Nam", "shares": 100}


def test_a_row_left_with_only_its_defaults_is_dropped() -> None:
    group = GROUP
    untouched = {"name": "", "country": "Viet Nam", "shares": "100"}
    assert group.clean([untouched], SHAREHOLDERS) is None
    named = {**untouched, "name": "Lan"}
    assert group.clean([named, untouched], SHAREHOLDERS) == [
        {"name": "Lan", "country": "Viet Nam", "shares": 100}
    ]
    changed = {**untouched, "shares": "5"}  # the signer changed a default: a row, judged
    with pytest.raises(FieldError, match="Holder 1: Enter name"):
        group.clean([changed], SHAREHOLDERS)


def test_defaults_that_answer_the_whole_row_are_an_answer() -> None:
    group = GROUP
    assert group.validate([{"term": "Net 30"}], ALL_DEFAULTS) == [{"term": "Net 30"}]
    with pytest.raises(FieldError, match="Row 1: Enter term"):
        group.validate([{"term": ""}], ALL_DEFAULTS)  # cleared: an empty row, none left


def test_the_row_noun_inside_a_sentence() -> None:
    """'Add another director': only the first letter is lowered, never an acronym's."""
    from components.fields.group import row_noun

    def noun(label: object) -> str | None:
        return row_noun(
            Field(key="g", component="group", label="G", validation={"row_label": label})
        )

    assert noun("Director") == "director"
    assert noun("Site in Paris") == "site in Paris"
    assert noun("CEO") == "CEO"
    assert noun(" ") is None and noun(None) is None


def test_a_required_groups_empty_rows_ask_for_the_first_rows_answers() -> None:
    """Rows shown and left empty: the first row's questions are named, beside its boxes
    ("Director 1: Enter full name"), not "Add at least 1 director" under a Director 1 the
    signer can see. No rows at all (the API's []) still asks for a row."""
    directors = Field(
        key="directors",
        component="group",
        label="Directors",
        required=True,
        validation={"row_label": "Director", "max_rows": 4},
        fields=[
            Field(key="name", component="text", label="Full name", required=True),
            Field(key="born", component="date", label="Date of birth", required=True),
            Field(key="note", component="text", label="Note"),
        ],
    )
    empty = {"name": "", "born": "", "note": ""}
    with pytest.raises(FieldError) as shown:
        GROUP.validate([empty, empty], directors)
    assert shown.value.details == {
        "directors[0].name": "Director 1: Enter full name",
        "directors[0].born": "Director 1: Enter date of birth",
    }
    with pytest.raises(FieldError, match="Add at least 1 director"):
        GROUP.validate([], directors)
