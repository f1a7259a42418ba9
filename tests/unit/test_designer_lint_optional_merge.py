"""Publish lint: a clause quoting an optional question is a warning, since the signed PDF
shows a dash there when it is left empty ("the deposit is —.")."""

from typing import Any

from designer.publishing.lint import lint


def _definition(html: str, visible_if: Any = None) -> dict[str, Any]:
    paragraph: dict[str, Any] = {"kind": "paragraph", "html": html}
    if visible_if is not None:
        paragraph["visible_if"] = visible_if
    return {
        "name": "Lease",
        "roles": [{"key": "customer", "name": "Customer"}],
        "sections": [
            {
                "key": "terms",
                "title": "Terms",
                "role": "customer",
                "fields": [
                    {"key": "company", "component": "text", "label": "Company", "required": True},
                    {
                        "key": "deposit",
                        "component": "money",
                        "label": "Deposit",
                        "validation": {"currency": "EUR"},
                    },
                    {"key": "pets", "component": "checkbox", "label": "Pets allowed"},
                    {"key": "sig", "component": "signature", "label": "Sign", "required": True},
                ],
            }
        ],
        "document": [
            {"kind": "heading", "text": "Lease", "level": 1},
            paragraph,
            {"kind": "signature", "role": "customer"},
        ],
    }


def _warnings(definition: dict[str, Any]) -> list[str]:
    return [f"{p.where}: {p.message}" for p in lint(definition) if p.level == "warning"]


def test_a_clause_quoting_an_optional_question_is_warned_about_once() -> None:
    html = "<p>{{ company }} pays a deposit of {{ deposit }} ({{deposit}} in words).</p>"
    found = [w for w in _warnings(_definition(html)) if "quotes the answer to" in w]
    assert len(found) == 1, found
    assert found[0].endswith(
        ": This paragraph quotes the answer to “Deposit”, an optional question: left empty, "
        "it shows as a dash (—) in the signed PDF. Make the question required, or give this "
        "paragraph the rule “Deposit is answered”."
    )


def test_required_questions_and_tick_boxes_are_not_warned_about() -> None:
    html = "<p>{{ company }} may keep pets: {{ pets }}.</p>"
    assert not [w for w in _warnings(_definition(html)) if "quotes the answer to" in w]


def test_a_clause_shown_only_when_the_question_is_answered_is_not_warned_about() -> None:
    guarded = {"!": [{"empty": [{"var": "deposit"}]}]}
    html = "<p>The deposit is {{ deposit }}.</p>"
    assert not [w for w in _warnings(_definition(html, guarded)) if "quotes the answer to" in w]


def _company_step(html: str, visible_if: Any = None) -> dict[str, Any]:
    """'Company' is required but asked only on a step shown to companies."""
    d = _definition(html, visible_if)
    d["sections"][0]["fields"].insert(
        0,
        {
            "key": "kind",
            "component": "radio",
            "label": "Borrowing as",
            "required": True,
            "options": [
                {"value": "person", "label": "A person"},
                {"value": "company", "label": "A company"},
            ],
        },
    )
    company = d["sections"][0]["fields"].pop(1)
    d["sections"].append(
        {
            "key": "firm",
            "title": "Your company",
            "role": "customer",
            "visible_if": {"==": [{"var": "kind"}, "company"]},
            "fields": [company],
        }
    )
    return d


def test_a_clause_quoting_a_required_question_a_rule_can_skip_is_warned_about() -> None:
    """Skipped, the question has no answer and the sealed clause reads "—" (the table of
    answers leaves it out): a warning in plain words, not a refusal."""
    problems = lint(_company_step("<p>The lender lends to {{ company }}.</p>"))
    found = [p for p in problems if "the answer to “Company”" in p.message]
    assert [p.level for p in found] == ["warning"]
    assert found[0].message == (
        "This paragraph quotes the answer to “Company”, a required question that is asked "
        "only when Borrowing as is A company: when it is not asked, it shows as a dash (—) in "
        "the signed PDF. Give this paragraph the same rule, or the rule “Company is answered”."
    )
    assert not [p for p in problems if p.level == "error"]


def test_a_clause_with_the_same_rule_or_one_on_the_question_is_not_warned_about() -> None:
    same = {"==": [{"var": "kind"}, "company"]}
    filled = {"!": [{"empty": [{"var": "company"}]}]}
    for rule in (same, filled):
        problems = lint(_company_step("<p>The lender lends to {{ company }}.</p>", rule))
        assert not [p for p in problems if "the answer to “Company”" in p.message], rule
