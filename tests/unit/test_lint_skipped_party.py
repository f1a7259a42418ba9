"""Publishing warns when a clause quotes an answer of a party a rule can leave out: a
skipped Guarantor answers nothing and is absent from the sealed PDF, so "{{ g_name }}
guarantees the rent" reads "— guarantees the rent". The designer, the API and the CLI say
it in the same words (components.lint_document.publish_findings); it never refuses."""

from typing import Any

from components.definition import parse_definition
from components.lint_document import publish_findings
from designer.publishing.lint import lint

HAS_GUARANTOR = {"==": [{"var": "has_guarantor"}, True]}


def _lease(html: str, visible_if: Any = None, **name: Any) -> dict[str, Any]:
    paragraph: dict[str, Any] = {"kind": "paragraph", "html": html}
    if visible_if is not None:
        paragraph["visible_if"] = visible_if
    return {
        "name": "Lease",
        "roles": [
            {"key": "tenant", "name": "Tenant"},
            {"key": "guarantor", "name": "Guarantor", "stage": 2, "condition": HAS_GUARANTOR},
        ],
        "sections": [
            {
                "key": "tenant_step",
                "title": "You",
                "role": "tenant",
                "fields": [
                    {"key": "has_guarantor", "component": "checkbox", "label": "Guarantor?"},
                    {"key": "t_sig", "component": "signature", "label": "Sign", "required": True},
                ],
            },
            {
                "key": "guarantor_step",
                "title": "Guarantor",
                "role": "guarantor",
                "fields": [
                    {"key": "g_name", "component": "text", "label": "Full name", **name},
                    {"key": "g_ok", "component": "checkbox", "label": "I agree"},
                    {"key": "g_sig", "component": "signature", "label": "Sig", "required": True},
                ],
            },
        ],
        "document": [
            paragraph,
            {"kind": "signature", "role": "tenant"},
            {"kind": "signature", "role": "guarantor"},
        ],
    }


LABELS = {"g_name": "Full name", "g_ok": "I agree"}


def _about(definition: dict[str, Any], key: str) -> list[str]:
    """The warnings about the clause quoting `key`: they name its question by its label."""
    found = publish_findings(parse_definition(definition))
    quoting = f"quotes the answer to “{LABELS[key]}”"
    return [f"{p.severity} {p.path}: {p.message}" for p in found if quoting in p.message]


def test_a_clause_quoting_an_answer_of_a_party_a_rule_can_leave_out_is_warned_about() -> None:
    lease = _lease("<p>{{ g_name }} guarantees the rent.</p>", required=True)
    assert _about(lease, "g_name") == [
        "warning $.document[0]: This paragraph quotes the answer to “Full name”, a question "
        "for Guarantor, who takes part only when Guarantor? is ticked: when Guarantor does "
        "not, it shows as a dash (—) in the signed PDF. Give this paragraph the same rule, "
        "or the rule “Full name is answered”."
    ]
    # the designer's publish check says the same; a signature is "signed"
    lease = _lease("<p>Signed for the guarantor: {{ g_sig }}.</p>")
    found = [p.message for p in lint(lease) if "“Sig”" in p.message]
    assert len(found) == 1 and found[0].endswith("or the rule “Sig is signed”."), found


def test_a_clause_under_the_party_rule_or_one_on_the_answer_is_not_warned_about() -> None:
    for rule in (HAS_GUARANTOR, {"!": [{"empty": [{"var": "g_name"}]}]}):
        lease = _lease("<p>{{ g_name }} guarantees the rent.</p>", rule, required=True)
        assert _about(lease, "g_name") == [], rule


def test_an_optional_answer_or_a_tick_box_gets_no_second_warning() -> None:
    # optional: the optional-question warning already says "a dash"; a tick box reads "No"
    lease = _lease("<p>{{ g_name }} agrees: {{ g_ok }}.</p>")
    assert [w.split(", an ")[1][:8] for w in _about(lease, "g_name")] == ["optional"]
    assert _about(lease, "g_ok") == []


def test_a_clause_whose_rule_may_not_bring_the_party_in_is_told_it_may_show_a_dash() -> None:
    """Reading the party's rule is not enough: "when there is no guarantor" was quiet."""
    no_guarantor = {"!": [{"var": "has_guarantor"}]}
    lease = _lease("<p>{{ g_name }} guarantees the rent.</p>", no_guarantor, required=True)
    assert _about(lease, "g_name") == [
        "warning $.document[0]: This paragraph quotes the answer to “Full name”, a question "
        "for Guarantor, who takes part only when Guarantor? is ticked, and this paragraph's "
        "rule (Guarantor? is not ticked) may not make sure Guarantor does: when Guarantor "
        "does not, the signed PDF may show a dash (—) there. Give this paragraph the same "
        "rule, or the rule “Full name is answered”."
    ]
    ticked = {"var": "has_guarantor"}  # the same test written another way: proven
    lease = _lease("<p>{{ g_name }} guarantees the rent.</p>", ticked, required=True)
    assert _about(lease, "g_name") == []
