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
    found = [w for w in _warnings(_definition(html)) if "merge field" in w]
    assert len(found) == 1, found
    assert found[0].endswith(
        ": The merge field {{ deposit }} quotes “Deposit”, an optional question: left empty, "
        "it shows as a dash (—) in the signed PDF. Make the question required, or give this "
        "paragraph the rule “Deposit is filled in”."
    )


def test_required_questions_and_tick_boxes_are_not_warned_about() -> None:
    html = "<p>{{ company }} may keep pets: {{ pets }}.</p>"
    assert not [w for w in _warnings(_definition(html)) if "merge field" in w]


def test_a_clause_shown_only_when_the_question_is_answered_is_not_warned_about() -> None:
    guarded = {"!": [{"empty": [{"var": "deposit"}]}]}
    html = "<p>The deposit is {{ deposit }}.</p>"
    assert not [w for w in _warnings(_definition(html, guarded)) if "merge field" in w]
