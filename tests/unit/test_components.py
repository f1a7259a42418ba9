"""Each component: valid, invalid and normalised values, in one table."""

import base64
import datetime as dt

import pytest

from components import FieldError, get_component, registered_components
from components.definition import Field
from components.registry import Component
from tests.unit.helpers import field


def _today() -> str:
    """The bad date's example is today, day first (a fixed one was soon in the past)."""
    return dt.date.today().strftime("%d/%m/%Y")


PNG = "data:image/png;base64," + base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"\0" * 20).decode()


@pytest.mark.parametrize(
    ("component", "raw", "expected"),
    [
        ("text", "  Alex   Example ", "Alex Example"),
        ("text", "", None),
        ("text", None, None),
        ("textarea", "line one  \r\nline two", "line one\nline two"),
        ("email", "Alex@Example.COM", "Alex@example.com"),
        ("date", "2027-03-01", "2027-03-01"),
        ("date", "1/3/2027", "2027-03-01"),
        ("date", "01.03.2027", "2027-03-01"),
        ("checkbox", "yes", True),
        ("checkbox", None, None),
        ("checkbox", "no", None),
        (
            "signature",
            {"image": "", "typed": " Alex  Example "},
            {"kind": "typed", "text": "Alex Example"},
        ),
        ("signature", {"image": PNG, "typed": "x"}, {"kind": "drawn", "image": PNG}),
        ("signature", {"kind": "typed", "text": "Alex"}, {"kind": "typed", "text": "Alex"}),
    ],
)
def test_valid_values_are_normalised(component: str, raw, expected) -> None:
    assert get_component(component).clean(raw, field(component)) == expected


@pytest.mark.parametrize(
    ("component", "raw", "message"),
    [
        ("text", "x" * 501, "Your answer must be 500 characters or fewer"),
        ("email", "alex@example", "Enter your answer in the correct format, like name@example.com"),
        ("email", "alex example@example.com", "in the correct format"),
        ("date", "31/02/2027", f"Your answer must be a real date, like {_today()}"),
        ("date", "tomorrow", "must be a real date"),
        (
            "signature",
            {"image": "data:image/svg+xml;base64,PHN2Zz4=", "typed": ""},
            "must be a PNG image",
        ),
        ("signature", {"image": "data:image/png;base64,@@@", "typed": ""}, "could not be read"),
        (
            "signature",
            {"image": "data:image/png;base64,R0lGODlh", "typed": ""},
            "must be a PNG image",
        ),
    ],
)
def test_invalid_values_have_a_message(component: str, raw, message: str) -> None:
    with pytest.raises(FieldError) as caught:
        get_component(component).clean(raw, field(component))
    assert message in caught.value.message


@pytest.mark.parametrize(
    ("component", "message"),
    [
        ("text", "Enter your answer"),
        ("checkbox", "Tick the box to confirm: Your answer"),
        ("signature", "Sign in the box, or type your full name"),
    ],
)
def test_required_fields_say_what_is_missing(component: str, message: str) -> None:
    with pytest.raises(FieldError, match=message):
        get_component(component).validate(None, field(component, required=True))


def test_validation_limits_from_the_definition() -> None:
    f = field("date", validation={"min": "2027-01-01"})
    with pytest.raises(FieldError, match="on or after 2027-01-01"):
        get_component("date").clean("2026-12-31", f)
    assert get_component("text").clean("ab", field("text", validation={"max_length": 2})) == "ab"


def test_display_for_people() -> None:
    assert get_component("date").display("2027-03-01") == "1 March 2027"
    assert get_component("checkbox").display(True) == "Yes"
    assert get_component("signature").display({"kind": "typed", "text": "Alex"}) == "Signed: Alex"


def test_registry_holds_the_skeleton_components() -> None:
    assert {"text", "textarea", "email", "date", "checkbox", "signature"} <= set(
        registered_components()
    )


def _component(name: str) -> Component:
    component = get_component(name)
    assert component is not None
    return component


def test_a_bad_date_tells_a_program_the_iso_form_and_a_signer_their_own() -> None:
    """The API takes `2027-03-27`; its callers were told "like 27/03/2026" (the signer's)."""
    with pytest.raises(FieldError) as caught:
        _component("date").clean("2027-02-31", field("date"))
    assert caught.value.message == f"Your answer must be a real date, like {_today()}"
    assert caught.value.for_api == (
        "Your answer must be a real date in the form YYYY-MM-DD, like 2027-03-27"
    )
    with pytest.raises(FieldError) as caught:
        _component("email").clean("x", field("email"))
    assert caught.value.for_api == caught.value.message  # one wording for both


def test_a_bad_date_in_a_group_row_tells_a_program_the_iso_form() -> None:
    people = field(
        "group",
        validation={"row_label": "Person"},
        fields=[Field(key="born", component="date", label="Date of birth")],
    )
    with pytest.raises(FieldError) as caught:
        _component("group").clean([{"born": "2027-03-01"}, {"born": "31/02/1990"}], people)
    assert caught.value.details == {
        "f[1].born": f"Person 2: Date of birth must be a real date, like {_today()}"
    }
    assert caught.value.message == f"Person 2: Date of birth must be a real date, like {_today()}"
    assert caught.value.for_api == (
        "Person 2: Date of birth must be a real date in the form YYYY-MM-DD, like 2027-03-27"
    )
