"""'Add a condition' on a single-choice question (radio, dropdown) starts with no value, as
on tick boxes: it saved "Client type is Person" at once, a rule the author had not chosen,
and the step was hidden from every company before they had picked anything."""

from typing import Any

from litestar.testing import AsyncTestClient

from tests.integration.designer.conftest import hx
from tests.integration.designer.helpers import definition_of, seeded

CHOICE = {
    "key": "client_type",
    "component": "radio",
    "label": "Client type",
    "options": [
        {"value": "person", "label": "Person"},
        {"value": "company", "label": "Company"},
    ],
}


def _definition() -> dict[str, Any]:
    return {
        "name": "Consulting agreement",
        "roles": [{"key": "client", "name": "Client", "kind": "signer", "stage": 1}],
        "sections": [
            {"key": "details", "title": "Your details", "role": "client", "fields": [CHOICE]},
            {
                "key": "company",
                "title": "Your company",
                "role": "client",
                "fields": [{"key": "company_name", "component": "text", "label": "Company name"}],
            },
        ],
    }


async def test_a_condition_added_on_a_choice_waits_for_its_value(
    client: AsyncTestClient, signed_in: str
) -> None:
    base = await seeded(client, signed_in, _definition())
    added = await client.post(
        f"{base}/rules", data={"item": "section:company", "do": "add"}, headers=hx(signed_in)
    )
    assert added.status_code == 200, added.text
    assert "visible_if" not in (await definition_of(base))["sections"][1]  # nothing saved
    assert "HX-Trigger" not in added.headers or "fs-saved" not in added.headers["HX-Trigger"]
    assert '<option value="" selected>Choose a value…</option>' in added.text
    assert '<option value="person" selected>' not in added.text
    assert "Always shown" in added.text
    # what to do next is a hint, not an error the author has not made yet
    assert (
        '<p class="prop__hint rule-builder__hint" role="status">Choose the value to compare'
        " “Client type” with. The rule is saved once it is complete.</p>"
    ) in added.text
    assert "rule-builder__message" not in added.text

    row = {"item": "section:company", "cond_field": "client_type", "cond_op": "eq"}
    chosen = await client.post(
        f"{base}/rules", data={**row, "cond_value": "company"}, headers=hx(signed_in)
    )
    assert "Show this step when “Client type” is Company" in chosen.text
    assert (await definition_of(base))["sections"][1]["visible_if"] == {
        "and": [{"==": [{"var": "client_type"}, "company"]}]
    }

    # another condition added waits too: the rule saved stays as it was
    another = await client.post(
        f"{base}/rules",
        data={**row, "cond_value": "company", "do": "add"},
        headers=hx(signed_in),
    )
    assert another.text.count("Choose a value…") == 1
    assert (await definition_of(base))["sections"][1]["visible_if"] == {
        "and": [{"==": [{"var": "client_type"}, "company"]}]
    }
