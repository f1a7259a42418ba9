"""A new conditional clause starts with no rule (it used to start under the first field's
"… is answered", easy to miss and publish): the Document tab says the rule is not chosen,
and the publish check refuses the clause, linking to its Logic box, until one is chosen."""

from litestar.testing import AsyncTestClient

from designer.logic.rules import UNSET
from tests.integration.designer.conftest import hx
from tests.integration.designer.helpers import definition_of, seeded

UNCHOSEN = "Choose when to show this clause: no rule is chosen yet"


async def test_a_new_clause_is_unset_until_its_rule_is_chosen(
    client: AsyncTestClient, signed_in: str
) -> None:
    token = signed_in
    base = await seeded(client, token)
    added = await client.post(f"{base}/blocks", data={"kind": "clause"}, headers=hx(token))
    assert added.status_code == 200 and UNCHOSEN in added.text
    assert "rule-chip--unset" in added.text and "Full name is answered" not in added.text
    clause = (await definition_of(base))["document"][3]
    assert clause["visible_if"] == UNSET
    await client.post(
        f"{base}/properties",
        data={"item": "block:3", "tab": "document", "html": "<p>The company pays.</p>"},
        headers=hx(token),
    )
    panel = (await client.get(f"{base}/properties?select=block:3", headers=hx(token))).text
    assert "rule-builder__sentence--unset" in panel and UNCHOSEN in panel

    review = (await client.get(f"{base}/publish")).text
    assert "This conditional clause has no rule yet" in review
    assert "select=block%3A3&amp;box=rule-builder" in review
    assert "always true" not in review  # the condition lint's words for the same thing
    refused = await client.post(f"{base}/publish", data={"_csrf_token": token})
    assert refused.status_code != 303

    # an unfinished row is not saved: the rule stays unset
    half = {"item": "block:3", "tab": "document", "cond_field": "full_name", "cond_op": "eq"}
    await client.post(f"{base}/rules", data={**half, "cond_value": ""}, headers=hx(token))
    assert (await definition_of(base))["document"][3]["visible_if"] == UNSET

    chosen = {**half, "cond_op": "filled", "cond_value": ""}
    saved = await client.post(f"{base}/rules", data=chosen, headers=hx(token))
    assert saved.status_code == 200 and UNCHOSEN not in saved.text
    review = (await client.get(f"{base}/publish")).text
    assert "no rule yet" not in review
    published = await client.post(f"{base}/publish", data={"_csrf_token": token})
    assert published.status_code == 303, published.text
