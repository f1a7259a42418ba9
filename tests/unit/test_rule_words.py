"""The rule pickers and the sentence under them use the same words for the same test, for
every answer type: a `{"var": "po_number"}` rule opened in the pickers as "is filled in"
while its sentence said "is answered", and `!` read "is empty" in one place and "is not
answered" in the other."""

from typing import Any

import pytest

from designer.logic.rules import OPS, Condition, Rule, from_logic, operators_for, to_logic
from designer.logic.sentences import describe, sentence

OPTIONS = [{"value": "a", "label": "Alpha"}, {"value": "b", "label": "Beta"}]
FIELDS: list[dict[str, Any]] = [
    {"key": "po_number", "component": "text", "label": "PO number"},
    {"key": "email", "component": "email", "label": "Email"},
    {"key": "kind", "component": "radio", "label": "Kind", "options": OPTIONS},
    {"key": "plan", "component": "select", "label": "Plan", "options": OPTIONS},
    {"key": "seats", "component": "number", "label": "Seats"},
    {"key": "price", "component": "money", "label": "Price"},
    {"key": "born", "component": "date", "label": "Born"},
    {"key": "agree", "component": "checkbox", "label": "Agree"},
    {"key": "extras", "component": "multiselect", "label": "Extras", "options": OPTIONS},
    {"key": "proof", "component": "attachment", "label": "Proof"},
    {"key": "sig", "component": "signature", "label": "Signature"},
    {"key": "ini", "component": "initials", "label": "Initials"},
]
DEFINITION = {
    "name": "Words",
    "roles": [{"key": "buyer", "name": "Buyer", "kind": "signer", "stage": 1}],
    "sections": [{"key": "s", "title": "S", "role": "buyer", "fields": FIELDS}],
}
#: the value each test compares with, and how the sentence says it
VALUES: dict[str, tuple[Any, str]] = {
    "text": ("x", "x"),
    "choice": ("a", "Alpha"),
    "number": (10000, "10,000"),
    "date": ("2027-03-01", "1 March 2027"),
    "values": (["a", "b"], "Alpha or Beta"),
    "all": (["a", "b"], "Alpha and Beta"),
}


def _sentence(logic: Any) -> str:
    return describe(logic, DEFINITION)


def _value(f: dict[str, Any], op: str) -> tuple[Any, str]:
    if op in ("oneof", "anyof"):
        return VALUES["values"]
    if op == "allof":
        return VALUES["all"]
    if f["component"] == "date" and op in ("eq", "before", "after"):
        return VALUES["date"]
    if f.get("options"):
        return VALUES["choice"]
    if f["component"] in ("number", "money"):
        return VALUES["number"]
    return VALUES["text"]


@pytest.mark.parametrize("f", FIELDS, ids=[f["component"] for f in FIELDS])
def test_every_operator_reads_in_the_sentence_as_in_its_picker(f: dict[str, Any]) -> None:
    for op in operators_for(f):
        if op.takes == "none":
            logic = to_logic(Rule("all", [Condition(f["key"], op.id)]))
            assert _sentence(logic) == f"“{f['label']}” {op.label}", op.id
        elif op.takes == "number":  # "is at least this many years ago" 18
            logic = to_logic(Rule("all", [Condition(f["key"], op.id, 18)]))
            assert _sentence(logic) == f"“{f['label']}” {op.label.replace('this many', '18')}"
        else:
            value, words = _value(f, op.id)
            logic = to_logic(Rule("all", [Condition(f["key"], op.id, value)]))
            assert _sentence(logic) == f"“{f['label']}” {op.label} {words}", op.id


PAIRS = [
    # a hand-written bare answer, the picker it opens in, and the words of both
    ({"var": "po_number"}, "filled", "“PO number” is answered"),
    ({"!": {"var": "po_number"}}, "empty", "“PO number” is not answered"),
    ({"!": [{"var": "kind"}]}, "empty", "“Kind” is not answered"),
    ({"var": "born"}, "filled", "“Born” is answered"),
    ({"!": {"var": "extras"}}, "empty", "“Extras” is not answered"),
    ({"var": "agree"}, "checked", "“Agree” is ticked"),
    ({"!": {"var": "agree"}}, "unchecked", "“Agree” is not ticked"),
    # an upload holds files or nothing, a signature or initials a signature or nothing
    ({"var": "proof"}, "uploaded", "“Proof” is uploaded"),
    ({"!": {"var": "proof"}}, "not_uploaded", "“Proof” is not uploaded"),
    ({"empty": [{"var": "proof"}]}, "not_uploaded", "“Proof” is not uploaded"),
    ({"!": [{"empty": [{"var": "proof"}]}]}, "uploaded", "“Proof” is uploaded"),
    ({"var": "sig"}, "signed", "“Signature” is signed"),
    ({"empty": [{"var": "sig"}]}, "not_signed", "“Signature” is not signed"),
    ({"!": {"var": "ini"}}, "not_signed", "“Initials” is not signed"),
]


@pytest.mark.parametrize(("logic", "op", "words"), PAIRS)
def test_a_bare_answer_reads_as_the_picker_it_opens_in(logic: Any, op: str, words: str) -> None:
    rule = from_logic(logic, DEFINITION)
    assert rule is not None and [c.op for c in rule.conditions] == [op]
    label = next(f["label"] for f in FIELDS if f["key"] == rule.conditions[0].field)
    assert f"“{label}” {OPS[op].label}" == words
    assert _sentence(logic) == words


def test_tests_no_picker_offers_still_say_what_they_test() -> None:
    # a tick box holds a tick or nothing: its empty test is "not ticked"
    assert _sentence({"empty": [{"var": "agree"}]}) == "“Agree” is not ticked"
    assert _sentence({"==": [{"var": "agree"}, None]}) == "“Agree” is not ticked"
    assert _sentence({"!=": [{"var": "po_number"}, None]}) == "“PO number” is answered"
    # a number's bare answer is false for 0 too (no picker says that: it stays as written)
    assert from_logic({"var": "seats"}, DEFINITION) is None
    assert _sentence({"var": "seats"}) == "“Seats” is answered and is not 0"
    assert _sentence({"!": {"var": "seats"}}) == "“Seats” is not answered or is 0"


def test_an_upload_and_a_signature_are_tested_with_their_own_words() -> None:
    # a lawyer reads "“Proof” is uploaded", not "“Proof” is answered"
    assert [o.label for o in operators_for(FIELDS[9])] == ["is uploaded", "is not uploaded"]
    for f in FIELDS[10:]:
        assert [o.label for o in operators_for(f)] == ["is signed", "is not signed"]
    # the same stored test as "is answered": nothing changes for published templates
    signed = to_logic(Rule("all", [Condition("sig", "signed")]))
    assert signed == to_logic(Rule("all", [Condition("sig", "filled")]))
    assert _sentence(signed) == "“Signature” is signed"


def test_a_question_is_quoted_so_its_label_does_not_run_into_the_rule() -> None:
    # "Show when Do you have a guarantor? is Yes" read as two sentences
    draft = {
        "roles": DEFINITION["roles"],
        "sections": [
            {
                "key": "s",
                "title": "S",
                "role": "buyer",
                "fields": [
                    {
                        "key": "has_guarantor",
                        "component": "radio",
                        "label": "Do you have a guarantor?",
                        "options": [
                            {"value": "yes", "label": "Yes"},
                            {"value": "no", "label": "No"},
                        ],
                    }
                ],
            }
        ],
    }
    rule = {"==": [{"var": "has_guarantor"}, "yes"]}
    assert sentence(rule, draft, "Show this step") == (
        "Show this step when “Do you have a guarantor?” is Yes"
    )
