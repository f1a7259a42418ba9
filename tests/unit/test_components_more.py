"""The components added with the template language: valid, invalid and normalised values."""

import base64

import pytest
from hypothesis import given
from hypothesis import strategies as st

from components import FieldError, get_component, registered_components
from components.definition import Field, Option
from components.fields.attachment import accept_attribute, check_file
from components.fields.group import table
from components.fields.phone import to_e164

PNG = "data:image/png;base64," + base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"\0" * 20).decode()
SHA = "a" * 64
OPTIONS = [Option("person", "Private person"), Option("company", "Company"), Option("trust")]


def field(component: str, label: str = "Loan amount", **extra) -> Field:
    return Field(key="f", component=component, label=label, **extra)


def ref(name: str = "id.pdf", size: int = 1000, content_type: str = "application/pdf") -> dict:
    return {
        "file_id": "f1",
        "name": name,
        "size": size,
        "sha256": SHA,
        "content_type": content_type,
    }


EUR = {"currency": "EUR"}
DIRECTORS = field(
    "group",
    "Directors",
    validation={"row_label": "Director", "min_rows": 1, "max_rows": 3},
    fields=[
        Field(key="name", component="text", label="Name", required=True),
        Field(key="id_number", component="text", label="ID number"),
        Field(key="share", component="number", label="Share", validation={"max": 100}),
        Field(
            key="reason",
            component="text",
            label="Reason",
            required=True,
            visible_if={">": [{"var": "share"}, 50]},
        ),
        Field(key="signature", component="signature", label="Signature"),
    ],
)

VALID = [
    ("number", {}, "1234", 1234),
    ("number", {}, " 1,234.50 ", 1234.5),
    ("number", {}, "1 234", 1234),
    ("number", {}, "-3", -3),
    ("number", {}, 12.5, 12.5),
    ("number", {}, "", None),
    ("number", {"decimals": 0}, "7.0", 7),
    ("money", EUR, "1,234.5", {"amount": "1234.50", "currency": "EUR"}),
    ("money", EUR, "€ 99", {"amount": "99.00", "currency": "EUR"}),
    ("money", EUR, "10 eur", {"amount": "10.00", "currency": "EUR"}),
    ("money", EUR, 0.1, {"amount": "0.10", "currency": "EUR"}),
    ("money", EUR, {"amount": "5", "currency": "EUR"}, {"amount": "5.00", "currency": "EUR"}),
    ("money", {"currency": "JPY"}, "1500", {"amount": "1500", "currency": "JPY"}),
    ("money", {"currency": "KWD"}, "1.5", {"amount": "1.500", "currency": "KWD"}),
    ("money", EUR, None, None),
    ("phone", {}, "+84 912 345 678", "+84912345678"),
    ("phone", {"default_region": "VN"}, "0912 345 678", "+84912345678"),
    ("phone", {"default_region": "+84"}, "0912-345-678", "+84912345678"),
    ("phone", {}, "+44 (0)20 7946 0958", "+442079460958"),
    ("phone", {}, "0044 20 7946 0958", "+442079460958"),
    ("phone", {"default_region": "US"}, "(415) 555-2671", "+14155552671"),
    ("phone", {"default_region": "IT"}, "06 1234 5678", "+390612345678"),
    ("phone", {}, "tel:+4930123456", "+4930123456"),
    ("stamp", {}, "stamp_01", "stamp_01"),
    ("stamp", {}, {"stamp_id": "stamp_01"}, "stamp_01"),
    ("initials", {}, {"image": "", "typed": " A  E "}, {"kind": "typed", "text": "A E"}),
    ("initials", {}, {"image": PNG}, {"kind": "drawn", "image": PNG}),
    ("attachment", {}, ref(), [ref()]),
    ("attachment", {}, [ref("C:\\Users\\me\\scan.PNG", content_type="image/png")], None),
    ("attachment", {}, [], None),
    ("heading", {}, "anything", None),
    ("paragraph", {}, "anything", None),
    ("computed", {}, "posted by someone", None),  # never taken from the form
]


@pytest.mark.parametrize(("component", "validation", "raw", "expected"), VALID)
def test_valid_values_are_normalised(component, validation, raw, expected) -> None:
    f = field(component, validation=validation)
    if component == "attachment" and expected is None and raw:
        expected = [ref("scan.PNG", content_type="image/png")]
    assert get_component(component).clean(raw, f) == expected


@pytest.mark.parametrize(
    ("component", "validation", "raw", "message"),
    [
        ("number", {}, "abc", "Loan amount must be a number, like 1250 or 12.5"),
        ("number", {}, "1e5", "must be a number"),
        ("number", {}, "NaN", "must be a number"),
        ("number", {}, True, "Loan amount must be a number"),
        ("number", {}, "1,23", "must be a number"),
        ("number", {"max": 10000}, "10,001", "Loan amount must be 10,000 or less"),
        ("number", {"min": 1}, "0", "Loan amount must be 1 or more"),
        ("number", {"decimals": 0}, "1.5", "Loan amount must be a whole number"),
        ("number", {"decimals": 2}, "1.555", "must have 2 decimal places or fewer"),
        ("number", {}, "1234567890123456", "must have 15 digits or fewer"),
        ("money", EUR, "12.345", "Loan amount must have 2 decimal places or fewer"),
        ("money", EUR, "$12", "Enter loan amount in EUR"),
        ("money", EUR, "12 USD", "Enter loan amount in EUR"),
        ("money", EUR, {"amount": "1", "currency": "USD"}, "Loan amount must be in EUR"),
        ("money", EUR, "-5", "Loan amount must be 0 or more"),
        ("money", EUR, "abc", "must be an amount of money"),
        ("money", EUR, "1e3", "must be an amount of money"),
        ("money", {"currency": "EUR", "max": 10000}, "10000.01", "must be EUR 10,000.00 or less"),
        ("money", {"currency": "JPY"}, "10.5", "must be a whole amount of JPY"),
        ("money", EUR, "1" * 16, "must be less than"),
        ("phone", {}, "0912 345 678", "with the country code, like +44 20 7946 0958"),
        ("phone", {"default_region": "VN"}, "12", "in the correct format, like 0912 345 678"),
        ("phone", {"default_region": "+84"}, "12", "in the correct format, like 0912 345 678"),
        ("phone", {"default_region": "GB"}, "12", "in the correct format, like 07400 123456"),
        ("phone", {"default_region": "FR"}, "12", "in the correct format, like 06 12 34 56 78"),
        ("phone", {"default_region": "+999"}, "12", "in the correct format, like +44 20 7946 0958"),
        ("phone", {}, "+84 abc", "in the correct format"),
        ("phone", {}, "+1234", "in the correct format"),
        ("phone", {}, "+0123456789", "in the correct format"),
        ("phone", {}, "+1234567890123456", "in the correct format"),
        ("phone", {}, "+84 912 + 345", "in the correct format"),
        ("stamp", {}, "../../etc/passwd", "could not be found"),
        ("initials", {}, {"typed": "x" * 11}, "Type your initials in 10 characters or fewer"),
        ("initials", {}, {"image": "data:image/gif;base64,R0lG"}, "must be a PNG image"),
        (
            "attachment",
            {},
            ref("virus.exe", content_type="application/x-msdownload"),
            "must be a PDF, JPG or PNG",
        ),
        ("attachment", {}, ref("fake.pdf", content_type="text/html"), "must be a PDF"),
        ("attachment", {}, ref(size=11 * 1024 * 1024), "must be smaller than 10 MB"),
        ("attachment", {"max_size": 1500}, ref(size=2000), "must be smaller than 1.5 KB"),
        ("attachment", {}, ref(size=0), "The selected file is empty"),
        ("attachment", {}, [ref(), ref()], "Upload no more than 1 file"),
        ("attachment", {"min_files": 2, "max_files": 3}, [ref()], "Upload at least 2 files"),
        ("attachment", {}, {**ref(), "sha256": "xyz"}, "could not be read"),
        ("attachment", {}, {**ref(), "size": "big"}, "could not be read"),
        ("attachment", {}, "not-a-reference", "could not be read"),
    ],
)
def test_invalid_values_have_a_message(component, validation, raw, message) -> None:
    with pytest.raises(FieldError) as caught:
        get_component(component).clean(raw, field(component, validation=validation))
    assert message in caught.value.message


@pytest.mark.parametrize(
    ("component", "raw", "expected"),
    [
        ("select", "company", "company"),
        ("select", "Company", "company"),  # a label, any case, is taken as its value
        ("select", " private PERSON ", "person"),
        ("select", "trust", "trust"),
        ("radio", ["company"], "company"),
        ("radio", "", None),
        ("multiselect", ["company", "person", "company"], ["person", "company"]),
        ("multiselect", "trust", ["trust"]),
        ("multiselect", [], None),
        ("multiselect", ["", None], None),
    ],
)
def test_choices_store_option_values_in_option_order(component, raw, expected) -> None:
    f = field(component, "Applicant type", options=OPTIONS)
    assert get_component(component).clean(raw, f) == expected


@pytest.mark.parametrize(
    ("component", "validation", "raw", "message"),
    [
        ("select", {}, "robot", "Select one of the options for applicant type"),
        ("radio", {}, True, "Select one of the options for applicant type"),
        ("multiselect", {}, ["company", "robot"], "Select only the options listed"),
        ("multiselect", {"min_selected": 2}, ["company"], "Select at least 2 options"),
        ("multiselect", {"max_selected": 1}, ["company", "trust"], "Select no more than 1 option "),
    ],
)
def test_invalid_choices(component, validation, raw, message) -> None:
    f = field(component, "Applicant type", options=OPTIONS, validation=validation)
    with pytest.raises(FieldError, match=message):
        get_component(component).clean(raw, f)


@pytest.mark.parametrize(
    ("component", "extra", "message"),
    [
        ("number", {}, "Enter loan amount"),
        ("money", {"validation": EUR}, "Enter loan amount"),
        ("phone", {}, "Enter loan amount"),
        ("select", {"options": OPTIONS}, "Select loan amount"),
        ("radio", {"options": OPTIONS}, "Select loan amount"),
        ("multiselect", {"options": OPTIONS}, "Select at least one option for loan amount"),
        ("initials", {}, "Add your initials in the box, or type them"),
        ("attachment", {}, "Upload loan amount"),
        ("stamp", {}, "Choose the company stamp"),
        ("group", {"fields": DIRECTORS.fields}, "Add at least 1 row"),
    ],
)
def test_required_fields_say_what_is_missing(component, extra, message) -> None:
    with pytest.raises(FieldError, match=message):
        get_component(component).validate(None, field(component, required=True, **extra))


@pytest.mark.parametrize("component", ["heading", "paragraph", "computed"])
def test_fields_without_input_are_never_missing(component) -> None:
    assert get_component(component).validate(None, field(component, required=True)) is None


def test_display_for_people() -> None:
    assert get_component("number").display(1234567.5) == "1,234,567.5"
    assert get_component("money").display({"amount": "1234.50", "currency": "EUR"}) == (
        "EUR 1,234.50"
    )
    assert get_component("select").display("company", field("select", options=OPTIONS)) == (
        "Company"
    )
    assert get_component("select").display("trust", field("select", options=OPTIONS)) == "trust"
    assert get_component("select").display("company") == "company"  # no field: the value
    assert (
        get_component("multiselect").display(
            ["person", "company"], field("multiselect", options=OPTIONS)
        )
        == "Private person, Company"
    )
    assert get_component("initials").display({"kind": "typed", "text": "AE"}) == "Initialled: AE"
    assert get_component("stamp").display("s1") == "Company stamp applied"
    assert get_component("attachment").display([ref(size=2_500_000)]) == "id.pdf (2.5 MB)"
    assert get_component("computed").display(12.5) == "12.5"
    assert get_component("computed").display({"amount": "3.00", "currency": "EUR"}) == "EUR 3.00"
    assert get_component("heading").display(None) == ""


def test_every_component_has_a_macro_named_after_it() -> None:
    for name, component in registered_components().items():
        assert component.macro == name
        assert component.layout_only == (name in ("heading", "paragraph"))
        assert component.holds_value == (name not in ("heading", "paragraph", "computed"))


def test_clean_is_idempotent_on_stored_values() -> None:
    """Stored answers are validated again at submit: a clean value must stay as it is."""
    for component, validation, raw, expected in VALID:
        if expected is None:
            continue
        f = field(component, validation=validation)
        assert get_component(component).clean(expected, f) == expected, component


@given(st.decimals(min_value=-(10**12), max_value=10**12, places=2, allow_nan=False))
def test_money_round_trips_through_text_without_floats(amount) -> None:
    f = field("money", validation={"currency": "EUR", "min": -(10**13)})
    value = get_component("money").clean(f"{amount:,f}", f)
    assert value == {"amount": f"{amount:.2f}", "currency": "EUR"}
    assert get_component("money").clean(value, f) == value


@given(st.integers(min_value=10**6, max_value=10**12))
def test_phone_numbers_normalise_the_same_from_any_written_form(national: int) -> None:
    digits = str(national)
    spaced = " ".join(digits[i : i + 3] for i in range(0, len(digits), 3))
    assert to_e164(f"+84 {spaced}") == f"+84{digits}"
    assert to_e164(f"0{spaced}", "VN") == f"+84{digits}"
    assert to_e164(f"0084-{digits}") == f"+84{digits}"


# --- attachments ------------------------------------------------------------------------


def test_attachment_accepts_what_the_author_asked_for() -> None:
    f = field("attachment", validation={"accept": [".pdf", "image/*"], "max_files": 3})
    assert accept_attribute(f) == ".pdf,image/*"
    check_file(f, "scan.heic", "image/heic", 10)
    check_file(f, "contract.PDF", "application/pdf; charset=binary", 10)
    with pytest.raises(FieldError, match="must be a PDF or image"):
        check_file(f, "notes.txt", "text/plain", 10)
    value = get_component("attachment").clean([ref(), ref("a.png", content_type="image/png")], f)
    assert [r["name"] for r in value] == ["id.pdf", "a.png"]


# --- repeating groups -------------------------------------------------------------------


def test_group_rows_are_cleaned_and_empty_rows_dropped() -> None:
    rows = [
        {"name": "  Alex  Example ", "share": "40", "signature": {"typed": "Alex Example"}},
        {"name": "", "id_number": "", "share": ""},
        {"name": "Sam", "share": "60", "reason": "Founder"},
    ]
    value = get_component("group").validate(rows, DIRECTORS)
    assert value == [
        {
            "name": "Alex Example",
            "share": 40,
            "signature": {"kind": "typed", "text": "Alex Example"},
        },
        {"name": "Sam", "share": 60, "reason": "Founder"},
    ]
    assert get_component("group").validate(value, DIRECTORS) == value


def test_group_errors_name_the_row_and_field() -> None:
    rows = [{"name": "Alex", "share": "60"}, {"id_number": "X1", "share": "101"}]
    with pytest.raises(FieldError) as caught:
        get_component("group").clean(rows, DIRECTORS)
    assert caught.value.details == {
        "f[0].reason": "Director 1: Enter reason",
        "f[1].name": "Director 2: Enter name",
        "f[1].share": "Director 2: Share must be 100 or less",
    }
    assert caught.value.message.startswith("Director 1: Enter reason; Director 2: Enter name")


def test_a_row_that_is_not_an_object_is_reported() -> None:
    with pytest.raises(FieldError) as caught:
        get_component("group").clean([{"name": "A"}, "junk"], DIRECTORS)
    assert caught.value.details == {
        "f[1]": "Director 2: this row could not be read; fill it in again"
    }


def test_a_hidden_sub_field_is_not_required_and_its_value_is_dropped() -> None:
    value = get_component("group").clean([{"name": "A", "share": "10", "reason": "x"}], DIRECTORS)
    assert value == [{"name": "A", "share": 10}]


def test_group_row_limits() -> None:
    too_many = [{"name": str(i)} for i in range(4)]
    with pytest.raises(FieldError, match="Add no more than 3 directors"):
        get_component("group").clean(too_many, DIRECTORS)
    two = field("group", validation={"min_rows": 2}, fields=DIRECTORS.fields[:1])
    with pytest.raises(FieldError, match="Add at least 2 rows"):
        get_component("group").clean([{"name": "A"}], two)
    with pytest.raises(FieldError, match="Add at least 2 rows"):
        get_component("group").validate(
            [], field("group", required=True, validation={"min_rows": 2})
        )


def test_group_reads_rows_from_a_posted_form() -> None:
    form = {
        "f__0__name": "Alex",
        "f__0__signature": "",
        "f__0__signature__typed": "Alex E",
        "f__1__name": "Sam",
        "f__1__share": "20",
        "other": "x",
    }
    raw = get_component("group").read(form, "f")
    assert get_component("group").clean(raw, DIRECTORS) == [
        {"name": "Alex", "signature": {"kind": "typed", "text": "Alex E"}},
        {"name": "Sam", "share": 20},
    ]
    assert get_component("group").read({"f": [{"name": "A"}]}, "f") == [{"name": "A"}]
    assert get_component("group").read({}, "f") is None


def test_group_display_and_table() -> None:
    value = [
        {"name": "Alex", "share": 40},
        {"name": "Sam", "signature": {"kind": "typed", "text": "Sam"}},
    ]
    headers, cells = table(value, DIRECTORS)
    assert headers == ["Name", "ID number", "Share", "Reason", "Signature"]
    assert cells[1] == ["Sam", "", "", "", "Signed: Sam"]
    assert get_component("group").display(value, DIRECTORS) == (
        "Director 1: Name: Alex; Share: 40\nDirector 2: Name: Sam; Signature: Signed: Sam"
    )
    assert get_component("group").display(value) == "2 rows"


def test_multiselect_reads_every_posted_value() -> None:
    class MultiDict(dict):
        def getall(self, key):
            if key not in self:
                raise KeyError(key)
            return self[key]

    component = get_component("multiselect")
    assert component.read(MultiDict(f=["a", "b"]), "f") == ["a", "b"]
    assert component.read(MultiDict(), "f") == []
    assert component.read({"f": "a"}, "f") == "a"
