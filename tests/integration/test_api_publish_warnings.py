"""An integrator publishing through the API gets the warnings an author gets from the
designer's publish check, in the same words, and the template is published all the same
(they were silent: an optional or skippable question quoted in a clause, a signer with no
signature block, a step without fields). The CLI's import prints them: tests/integration/
test_cli.py."""

import copy
import json
from typing import Any

from litestar.testing import AsyncTestClient

from designer.publishing.lint import lint as designer_check
from runtime.api import examples as ex
from tests.integration.conftest import Org

SIREN_SKIPPED = (
    "This paragraph quotes the answer to “SIREN”, a required question that is asked only when "
    "Borrowing as is A company: when it is not asked, it shows as a dash (—) in the signed "
    "PDF. Give this paragraph the same rule, or the rule “SIREN is answered”."
)
WARNINGS = [
    ("$.sections[2]", "This step has no fields yet."),
    (
        "$.document[1]",
        "This paragraph quotes the answer to “Deposit”, an optional question: left empty, it "
        "shows as a dash (—) in the signed PDF. Make the question required, or give this "
        "paragraph the rule “Deposit is answered”.",
    ),
    ("$.document[1]", SIREN_SKIPPED),
    (
        "$.document",
        "Guarantor signs but the document shows no place for their signature: the PDF ends "
        "with a Signatures section for them. Add a signature block for Guarantor where it "
        "belongs.",
    ),
]


def warned_definition() -> dict[str, Any]:
    """One of each warning the designer gives a definition that parses."""
    options = [{"value": "person", "label": "A person"}, {"value": "company", "label": "A company"}]
    return {
        "name": "Loan agreement",
        "roles": [
            {"key": "borrower", "name": "Borrower"},
            {"key": "guarantor", "name": "Guarantor", "stage": 2},
        ],
        "sections": [
            {
                "key": "you",
                "title": "About you",
                "role": "borrower",
                "fields": [
                    {"key": "kind", "component": "radio", "label": "Borrowing as"}
                    | {"required": True, "options": options},
                    {"key": "full_name", "component": "text", "label": "Full name"}
                    | {"required": True},
                    {"key": "deposit", "component": "text", "label": "Deposit"},
                    {"key": "sig_b", "component": "signature", "label": "Signature"}
                    | {"required": True},
                ],
            },
            {
                "key": "firm",
                "title": "Your company",
                "role": "borrower",
                "visible_if": {"==": [{"var": "kind"}, "company"]},
                "fields": [
                    {"key": "siren", "component": "text", "label": "SIREN"} | {"required": True}
                ],
            },
            {"key": "notes", "title": "Notes", "role": "borrower", "fields": []},
            {
                "key": "guarantee",
                "title": "Guarantee",
                "role": "guarantor",
                "fields": [{"key": "sig_g", "component": "signature", "label": "Signature"}],
            },
        ],
        "document": [
            {"kind": "heading", "text": "Loan agreement"},
            {
                "kind": "paragraph",
                "html": "<p>{{ full_name }} (SIREN {{ siren }}) pays a deposit of {{ deposit }}.</p>",
            },
            {"kind": "signature", "role": "borrower"},
        ],
    }


def _pairs(warnings: list[dict[str, str]]) -> list[tuple[str, str]]:
    assert all(w["severity"] == "warning" for w in warnings), warnings
    return [(w["path"], w["message"]) for w in warnings]


async def test_import_publish_and_get_carry_the_designers_warnings(
    client: AsyncTestClient, org: Org
) -> None:
    definition = warned_definition()
    designer = [p.message for p in designer_check(definition) if p.level == "warning"]
    assert designer == [message for _, message in WARNINGS]  # what the author reads

    headers = {**org.auth, "Content-Type": "application/json"}
    imported = await client.post(
        "/api/v1/templates", content=json.dumps(definition), headers=headers
    )
    assert imported.status_code == 201, imported.text  # warned, not refused
    body = imported.json()
    assert body["published"] is True and body["version"]["number"] == 1
    assert _pairs(body["warnings"]) == WARNINGS

    changed = copy.deepcopy(definition)
    changed["document"][1]["visible_if"] = {"==": [{"var": "kind"}, "company"]}  # guarded
    published = await client.post(
        f"/api/v1/templates/{body['id']}/publish", content=json.dumps(changed), headers=headers
    )
    assert published.status_code == 201, published.text
    assert published.json()["version"]["number"] == 2
    left = [w for w in WARNINGS if w[1] != SIREN_SKIPPED]  # the clause follows its step now
    assert _pairs(published.json()["warnings"]) == left

    fetched = await client.get(f"/api/v1/templates/{body['id']}", headers=org.auth)
    assert fetched.status_code == 200
    assert _pairs(fetched.json()["warnings"]) == left


async def test_the_documented_warning_example_is_what_the_api_answers(
    client: AsyncTestClient, org: Org
) -> None:
    imported = await client.post("/api/v1/templates", json=ex.WARNED_DEFINITION, headers=org.auth)
    assert imported.status_code == 201, imported.text
    assert imported.json()["warnings"] == ex.WARNINGS
    assert set(imported.json()) == set(ex.WARNED)
    fetched = await client.get(f"/api/v1/templates/{imported.json()['id']}", headers=org.auth)
    assert set(fetched.json()) == set(ex.FETCHED)
    assert fetched.json()["warnings"] == ex.WARNINGS
