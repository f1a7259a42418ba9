"""The definition schema: round-trip, and errors that name the path and the problem."""

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from components import DefinitionError, dump_definition, parse_definition
from tests.unit.helpers import DEMO, minimal
from tests.unit.strategies import language_definitions


def errors_of(raw) -> dict[str, str]:
    with pytest.raises(DefinitionError) as caught:
        parse_definition(raw)
    return {e.path: e.message for e in caught.value.errors}


def test_demo_round_trips_byte_for_byte() -> None:
    exported = dump_definition(parse_definition(DEMO.read_bytes()))
    assert dump_definition(parse_definition(exported)) == exported
    assert json.loads(exported)["name"] == "Service agreement"


def test_canonical_form_ignores_key_order_and_whitespace() -> None:
    a = json.dumps(minimal(), indent=4)
    b = json.dumps(dict(reversed(list(minimal().items()))))
    assert dump_definition(parse_definition(a)) == dump_definition(parse_definition(b))


def test_lookups() -> None:
    d = parse_definition(DEMO.read_bytes())
    assert d.field("start_date").component == "date"
    assert d.role("customer").kind == "signer"
    assert [s.key for s in d.sections_for("customer")] == ["your_details", "agreement"]
    assert d.field("nope") is None


@pytest.mark.parametrize(
    ("raw", "path", "message"),
    [
        (b"{", "$", "is not valid JSON"),
        (b"[]", "$", "Expected `object`, got `array`"),
        (json.dumps(minimal(name=5)), "$.name", "Expected `str`, got `int`"),
        (json.dumps(minimal(colour="red")), "$", "Object contains unknown field `colour`"),
        (json.dumps({"roles": [], "sections": []}), "$.name", "is required"),
        (
            json.dumps(minimal(roles=[{"key": "customer", "kind": "signer"}])),
            "$.roles[0].name",
            "is required",
        ),
        (json.dumps(minimal(roles=[])), "$.roles", "needs at least one role"),
        (json.dumps(minimal(sections=[])), "$.sections", "needs at least one section"),
        (
            json.dumps(minimal(roles=[{"key": "customer", "name": "C", "kind": "boss"}])),
            "$.roles[0].kind",
            "Invalid enum value 'boss'; expected one of: signer, approver, cc",
        ),
        (
            json.dumps(minimal(document=[{"kind": "video"}])),
            "$.document[0].kind",
            "Invalid value 'video'; expected one of: heading, paragraph, fields, signature, page_break",
        ),
        (
            json.dumps(minimal(document=[{"kind": "fields", "fields": ["ghost"]}])),
            "$.document[0].fields[0]",
            "names field 'ghost', which is not defined",
        ),
        (
            json.dumps(minimal(document=[{"kind": "signature", "role": "ghost"}])),
            "$.document[0].role",
            "names role 'ghost', which is not defined",
        ),
    ],
)
def test_errors_name_path_and_problem(raw, path: str, message: str) -> None:
    errors = errors_of(raw)
    assert path in errors, errors
    assert message in errors[path]


def test_every_problem_is_reported_at_once() -> None:
    d = minimal()
    d["roles"].append({"key": "customer", "name": "Again"})
    d["sections"][0]["fields"].append({"key": "full_name", "component": "text", "label": "Again"})
    d["sections"][0]["fields"].append({"key": "Bad Key", "component": "laser", "label": " "})
    errors = errors_of(json.dumps(d))
    assert errors["$.roles[1].key"] == "role key 'customer' is used twice"
    assert errors["$.sections[0].fields[1].key"].startswith("'full_name' is already used at")
    assert "not a valid key" in errors["$.sections[0].fields[2].key"]
    assert errors["$.sections[0].fields[2].component"] == "unknown component 'laser'"
    assert errors["$.sections[0].fields[2].label"] == "must not be empty"


def test_a_key_too_long_is_told_its_length_not_its_letters() -> None:
    """A 64-letter key is made of the right letters: the message names the limit (63),
    where it said "use lower-case letters, digits and underscores" and printed it whole."""
    d = minimal()
    d["sections"][0]["fields"][0]["key"] = "a" * 64
    d["roles"][0]["key"] = "r" + "_x" * 40
    errors = errors_of(json.dumps(d))
    assert errors["$.sections[0].fields[0].key"] == (
        "'aaaaaaaaaaaaaaaaaaaa…' is too long: a key has at most 63 characters"
    )
    assert "at most 63 characters" in errors["$.roles[0].key"]
    d = minimal()
    d["sections"][0]["fields"][0]["key"] = "a" * 63
    parse_definition(json.dumps(d))


def test_oversized_and_deeply_nested_input_is_refused_quickly() -> None:
    assert "larger than" in errors_of(b" " * 1_000_001)["$"]
    deep = (
        '{"name":"x","roles":[],"sections":[],"description":' + "[" * 100_000 + "]" * 100_000 + "}"
    )
    assert errors_of(deep)


keys = st.from_regex(r"[a-z][a-z0-9_]{0,10}", fullmatch=True)
texts = st.text(min_size=1, max_size=30).filter(lambda s: s.strip())
components = st.sampled_from(["text", "textarea", "email", "date", "checkbox", "signature"])


@st.composite
def definitions(draw) -> dict:
    field_keys = draw(st.lists(keys, min_size=1, max_size=6, unique=True))
    fields = [
        {
            "key": k,
            "component": draw(components),
            "label": draw(texts),
            "required": draw(st.booleans()),
            "help": draw(st.text(max_size=20)),
        }
        for k in field_keys
    ]
    return {
        "name": draw(texts),
        "language": draw(st.sampled_from(["en", "vi", "zh-CN"])),
        "roles": [{"key": "customer", "name": draw(texts), "stage": draw(st.integers(1, 3))}],
        "sections": [{"key": "main", "title": draw(texts), "role": "customer", "fields": fields}],
        "document": [
            {"kind": "heading", "text": draw(texts)},
            {"kind": "fields", "fields": field_keys[:1]},
            {"kind": "page_break"},
            {"kind": "signature", "role": "customer"},
        ],
    }


@settings(max_examples=60, deadline=None)
@given(definitions())
def test_any_valid_definition_round_trips(definition: dict) -> None:
    exported = dump_definition(parse_definition(json.dumps(definition)))
    again = dump_definition(parse_definition(exported))
    assert again == exported


# --- the template language: new components, conditions, groups ----------------------------


def with_fields(*fields: dict, **section) -> dict:
    return minimal(
        sections=[
            {"key": "you", "title": "You", "role": "customer", "fields": list(fields), **section}
        ]
    )


@pytest.mark.parametrize(
    ("field", "path", "message"),
    [
        ({"component": "select"}, ".options", "needs at least one option"),
        (
            {"component": "radio", "options": [{"value": "a"}, {"value": "a"}]},
            ".options[1].value",
            "'a' is used twice",
        ),
        (
            {"component": "select", "options": [{"value": "a"}], "default": "b"},
            ".default",
            "must be one of the option values",
        ),
        ({"component": "text", "options": [{"value": "a"}]}, ".options", "not used by the text"),
        ({"component": "money"}, ".validation.currency", "3-letter currency code"),
        (
            {"component": "money", "validation": {"currency": "eur"}},
            ".validation.currency",
            "capitals",
        ),
        (
            {"component": "number", "validation": {"min": 5, "max": 1}},
            ".validation.min",
            "must not be more",
        ),
        (
            {"component": "number", "validation": {"max": "lots"}},
            ".validation.max",
            "must be a number",
        ),
        (
            {"component": "text", "validation": {"max_length": "x"}},
            ".validation.max_length",
            "whole number",
        ),
        ({"component": "date", "validation": {"min": "1/1/2027"}}, ".validation.min", "YYYY-MM-DD"),
        (
            {"component": "phone", "validation": {"default_region": "XX"}},
            ".validation.default_region",
            "known region",
        ),
        ({"component": "computed"}, ".expression", "needs an expression"),
        (
            {"component": "computed", "expression": {"eval": 1}},
            ".expression",
            "unknown operator 'eval'",
        ),
        (
            {
                "component": "computed",
                "expression": {"+": [1, 2]},
                "validation": {"format": "money"},
            },
            ".validation.currency",
            "3-letter currency code",
        ),
        ({"component": "text", "expression": {"var": "a"}}, ".expression", "not used by the text"),
        (
            {"component": "attachment", "validation": {"accept": "pdf"}},
            ".validation.accept",
            "list of extensions",
        ),
        (
            {"component": "attachment", "validation": {"max_size": 0}},
            ".validation.max_size",
            "from 1 to 100000000 (100 MB)",
        ),
        ({"component": "group"}, ".fields", "needs at least one field"),
        (
            {"component": "group", "fields": [{"key": "g", "component": "group", "label": "G"}]},
            ".fields[0].component",
            "cannot be inside a repeating group",
        ),
        (
            {"component": "group", "fields": [{"key": "Bad", "component": "text", "label": "x"}]},
            ".fields[0].key",
            "not a valid key",
        ),
        (
            {"component": "group", "fields": [{"key": "a", "component": "laser", "label": "A"}]},
            ".fields[0].component",
            "unknown component 'laser'",
        ),
        (
            {"component": "group", "fields": [{"key": "a", "component": "money", "label": "A"}]},
            ".fields[0].validation.currency",
            "3-letter currency code",
        ),
        (
            {
                "component": "group",
                "validation": {"max_rows": 500},
                "fields": [{"key": "a", "component": "text", "label": "A"}],
            },
            ".validation.max_rows",
            "between 1 and 200",
        ),
        (
            {"component": "text", "visible_if": {"js": "alert(1)"}},
            ".visible_if",
            "unknown operator 'js'",
        ),
        (
            {"component": "text", "visible_if": {"and": [{"==": [1]}]}},
            ".visible_if.and[0]",
            "'==' takes 2",
        ),
    ],
)
def test_component_set_up_errors_name_the_path(field: dict, path: str, message: str) -> None:
    errors = errors_of(with_fields({"key": "thing", "label": "Thing", **field}))
    full = "$.sections[0].fields[0]" + path
    assert full in errors, errors
    assert message in errors[full]


def test_conditions_everywhere_are_checked_with_their_path() -> None:
    nested: object = {"var": "x"}
    for _ in range(100):
        nested = {"!": nested}
    d = minimal(
        roles=[{"key": "customer", "name": "C", "condition": {"+": [1, 2]}}],
        document=[{"kind": "page_break", "visible_if": {"bogus": []}}],
    )
    d["sections"].append(
        {"key": "more", "title": "More", "role": "customer", "fields": [], "visible_if": nested}
    )
    errors = errors_of(json.dumps(d))
    assert "unknown operator '+'" in errors["$.roles[0].condition"]
    assert "unknown operator 'bogus'" in errors["$.document[0].visible_if"]
    deep = [p for p in errors if p.startswith("$.sections[1].visible_if")]
    assert deep and "nested too deeply" in errors[deep[0]]


def test_a_huge_condition_is_refused_quickly() -> None:
    import time

    d = with_fields(
        {
            "key": "a",
            "component": "text",
            "label": "A",
            "visible_if": {"in": [1, list(range(100_000))]},
        }
    )
    raw = json.dumps(d)
    started = time.perf_counter()
    errors = errors_of(raw)
    assert time.perf_counter() - started < 1
    assert "too large" in errors["$.sections[0].fields[0].visible_if"]


FULL = Path(__file__).resolve().parent / "data" / "loan_application.json"


def test_the_full_example_parses_and_round_trips() -> None:
    exported = dump_definition(parse_definition(FULL.read_bytes()))
    assert dump_definition(parse_definition(exported)) == exported
    d = parse_definition(exported)
    assert d.field("applicant_type").options[1].text == "Company"
    assert d.field("directors").fields[0].key == "name"
    assert d.field("fee").expression == {"*": [{"var": "loan_amount"}, "0.015"]}


@settings(max_examples=80, deadline=None)
@given(language_definitions())
def test_definitions_with_every_component_round_trip(definition: dict) -> None:
    exported = dump_definition(parse_definition(json.dumps(definition)))
    assert dump_definition(parse_definition(exported)) == exported
    assert json.loads(exported)["sections"][0]["fields"][0]["component"]
