"""The designer's pure helpers: keys from labels, formulas, rules <-> JSON Logic, diffs."""

import pytest

from designer.editor.keys import derive_key, slug_key, was_derived
from designer.logic import rules
from designer.logic.formula import parse_formula, render_formula
from designer.publishing.diff import describe_changes
from designer.references import rename_field_everywhere, uses_of
from runtime.errors import Invalid

FIELDS = {
    "sections": [
        {
            "key": "s",
            "title": "S",
            "role": "r",
            "fields": [
                {
                    "key": "kind",
                    "component": "radio",
                    "label": "Kind",
                    "options": [{"value": "a", "label": "A"}, {"value": "b"}],
                },
                {"key": "amount", "component": "number", "label": "Amount"},
                {"key": "born", "component": "date", "label": "Born"},
                {"key": "ok", "component": "checkbox", "label": "OK"},
            ],
        }
    ]
}


@pytest.mark.parametrize(
    ("label", "key"),
    [
        ("Company name", "company_name"),
        ("Ngày sinh", "ngay_sinh"),
        ("2nd address", "field_2nd_address"),
        ("!!!", "field"),
        ("Über—große Straße", "uber_grosse_strasse"),
        ("Địa chỉ", "dia_chi"),
        ("公司名称", "field"),
    ],
)
def test_keys_follow_labels(label: str, key: str) -> None:
    assert slug_key(label) == key
    assert was_derived(key, label)


def test_keys_stay_unique() -> None:
    assert derive_key("Name", {"name", "name_2"}) == "name_3"
    assert was_derived("name_3", "Name") and not was_derived("nickname", "Name")


@pytest.mark.parametrize(
    "source",
    [
        "amount * 2",
        "(amount + 1) * 3",
        "amount - (amount - 1)",
        "sum(kind, amount)",
        "age(born)",
        "years_between(born, born)",
        "-amount + 2",
        "amount / 4 / 2",
    ],
)
def test_formulas_round_trip(source: str) -> None:
    node = parse_formula(source, {"amount", "kind", "born"})
    assert render_formula(node) == source
    assert parse_formula(render_formula(node), {"amount", "kind", "born"}) == node


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("", "Write a formula"),
        ("price * 2", "no field with the key price"),
        ("amount *", "not complete"),
        ("amount ; 2", "unexpected"),
        ("eval(amount)", "Unknown function"),
        ("(" * 30 + "1" + ")" * 30, "deep"),
        ("1" * 600, "at most 500"),
    ],
)
def test_bad_formulas_are_refused_with_a_reason(source: str, message: str) -> None:
    with pytest.raises(Invalid, match=message):
        parse_formula(source, {"amount"})


@pytest.mark.parametrize(
    ("field", "op", "value"),
    [
        ("kind", "eq", "a"),
        ("kind", "oneof", ["a", "b"]),
        ("amount", "gt", 10),
        ("amount", "filled", None),
        ("born", "before", "2000-01-01"),
        ("born", "age_ge", 18),
        ("ok", "checked", None),
        ("ok", "unchecked", None),
    ],
)
def test_rules_round_trip_through_json_logic(field: str, op: str, value: object) -> None:
    rule = rules.Rule(
        "any", [rules.Condition(field, op, value), rules.Condition("amount", "empty")]
    )
    logic = rules.to_logic(rule)
    assert rules.from_logic(logic, FIELDS) == rule


def test_operators_suit_the_field() -> None:
    ops = {
        f["key"]: [o.id for o in rules.operators_for(f)] for f in FIELDS["sections"][0]["fields"]
    }
    assert "oneof" in ops["kind"] and "gt" not in ops["kind"]
    assert "gt" in ops["amount"] and "contains" not in ops["amount"]
    assert "before" in ops["born"] and ops["ok"] == ["checked", "unchecked"]


def test_a_repeating_group_is_tested_for_rows_not_options() -> None:
    """A repeating group's answer is a list of rows: it offered "includes any of" and
    "includes all of", then asked for values it has none of, so the rule could never be
    finished. Only whether rows were given is offered."""
    group = {
        "key": "loans",
        "component": "group",
        "label": "Previous loans",
        "fields": [{"key": "lender", "component": "text", "label": "Lender"}],
    }
    assert [o.label for o in rules.operators_for(group)] == ["is answered", "is not answered"]


def test_logic_from_elsewhere_is_not_forced_into_rows() -> None:
    assert rules.from_logic({"or": [{"and": [{"var": "ok"}]}]}, FIELDS) is None


def test_renaming_a_key_renames_every_use() -> None:
    d = {
        "roles": [
            {"key": "r", "name": "R", "condition": {"and": [{"==": [{"var": "kind"}, "a"]}]}}
        ],
        "sections": [
            {
                "key": "s",
                "title": "S",
                "role": "r",
                "fields": [
                    {"key": "kind", "component": "radio", "label": "Kind"},
                    {
                        "key": "total",
                        "component": "computed",
                        "label": "T",
                        "expression": {"*": [{"var": "kind.x"}, 2]},
                    },
                ],
            }
        ],
        "document": [
            {"kind": "paragraph", "html": "<p>{{ kind }} and {{kind}} but not {{ kindly }}</p>"},
            {"kind": "fields", "fields": ["kind"]},
            {"kind": "fields"},
        ],
    }
    rename_field_everywhere(d, "kind", "client_kind")
    assert d["roles"][0]["condition"] == {"and": [{"==": [{"var": "client_kind"}, "a"]}]}
    assert d["sections"][0]["fields"][1]["expression"] == {"*": [{"var": "client_kind.x"}, 2]}
    assert (
        d["document"][0]["html"]
        == "<p>{{ client_kind }} and {{ client_kind }} but not {{ kindly }}</p>"
    )
    assert d["document"][1]["fields"] == ["client_kind"] and "fields" not in d["document"][2]
    assert len(uses_of(d, "client_kind")) == 4


def test_changes_read_as_sentences() -> None:
    old = {
        "name": "T",
        "roles": [{"key": "r", "name": "R"}],
        "sections": [
            {
                "key": "s",
                "title": "S",
                "role": "r",
                "fields": [{"key": "a", "component": "text", "label": "A"}],
            }
        ],
    }
    new = {
        "name": "T2",
        "roles": [{"key": "r", "name": "R", "stage": 2}],
        "sections": [
            {
                "key": "s",
                "title": "S",
                "role": "r",
                "fields": [
                    {"key": "a", "component": "text", "label": "A", "required": True},
                    {"key": "b", "component": "text", "label": "B"},
                ],
            }
        ],
    }
    changes = describe_changes(old, new)
    assert "Renamed the template from “T” to “T2”." in changes
    assert "The role “R” now acts in stage 2." in changes
    assert "The field “A” is now required." in changes
    assert "Added the field “B” to the step “S”." in changes
    assert describe_changes(old, old) == ["Nothing changed since the last version."]
