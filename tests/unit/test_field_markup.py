"""The field pieces written in Python escape what authors and signers typed, as Jinja's
autoescaping did when they were macros."""

from types import SimpleNamespace

from runtime.web.field_markup import (
    described_by,
    error_links,
    field_error,
    field_label,
    has_row_errors,
    locked_hint,
)

HOSTILE = '"><script>alert(1)</script>'


def test_label_and_hint_are_escaped_and_linked_to_the_input() -> None:
    field = SimpleNamespace(key="name", label=HOSTILE, help="Like <b>this</b>")
    html = str(field_label(field, "input-name"))
    assert html == (
        '<label class="label" for="input-name">&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;'
        '</label><div class="hint" id="hint-name">Like &lt;b&gt;this&lt;/b&gt;</div>'
    )
    assert "<script>" not in str(field_label(SimpleNamespace(key="k", label="A", help=""), "i"))


def test_error_and_described_by_name_only_what_is_shown() -> None:
    field = SimpleNamespace(key="age", label="Age", help="In years")
    assert str(field_error(None, "age")) == ""
    error = str(field_error(HOSTILE, "age"))
    assert error.startswith('<p class="field-error" id="error-age">')
    assert "<script>" not in error and "&lt;script&gt;" in error
    assert str(described_by(field, "wrong")) == ' aria-describedby="hint-age error-age"'
    assert str(described_by(field, None)) == ' aria-describedby="hint-age"'
    assert str(described_by(SimpleNamespace(key="x", help=""), None)) == ""


def test_a_locked_field_says_why_and_an_open_one_says_nothing() -> None:
    assert str(locked_hint(False)) == ""
    assert str(locked_hint(True)) == (
        '<div class="hint">This value was filled in for you and cannot be changed.</div>'
    )


def test_error_summary_links_a_rows_problem_to_its_input() -> None:
    """A repeating group's problems link to the row's input, once each: the group's own
    summary of them ("Director 2: Enter Name; …") is left out; other errors are kept."""
    errors = {
        "email": "Enter Email",
        "directors": "Director 2: Enter Name; Director 3: this row could not be read",
        "directors[1].name": "Director 2: Enter Name",
        "directors[2]": "Director 3: this row could not be read",
        "owners": "Add at least 1 owner",
    }
    assert error_links(errors) == [
        ("field-email", "Enter Email"),
        ("field-directors__1__name", "Director 2: Enter Name"),
        ("row-directors-3", "Director 3: this row could not be read"),
        ("field-owners", "Add at least 1 owner"),
    ]
    assert has_row_errors(errors, "directors") and not has_row_errors(errors, "owners")
