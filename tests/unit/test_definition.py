"""The definition schema: round-trip, and errors that name the path and the problem."""

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from components import DefinitionError, dump_definition, parse_definition

DEMO = Path(__file__).resolve().parents[2] / "runtime" / "demo" / "service_agreement.json"


def minimal(**changes) -> dict:
    definition = {
        "name": "Loan application",
        "roles": [{"key": "customer", "name": "Customer"}],
        "sections": [
            {
                "key": "you",
                "title": "About you",
                "role": "customer",
                "fields": [{"key": "full_name", "component": "text", "label": "Full name"}],
            }
        ],
    }
    definition.update(changes)
    return definition


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
