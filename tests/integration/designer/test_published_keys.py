"""Rewording a published question keeps its key: the live version's API callers, webhooks
and prefill links name the answer by it. A field not published yet still follows."""

from litestar.testing import AsyncTestClient

from tests.integration.designer.conftest import hx
from tests.integration.designer.helpers import definition_of, seeded

FIELD = {"prefill_source": "", "owner": "client", "key": "full_name", "help": ""}


async def _label(client: AsyncTestClient, token: str, base: str, key: str, label: str) -> str:
    response = await client.post(
        f"{base}/properties",
        data={**FIELD, "item": f"field:{key}", "key": key, "label": label},
        headers=hx(token),
    )
    assert response.status_code == 200, response.text
    fields = [f for s in (await definition_of(base))["sections"] for f in s["fields"]]
    return next(f["key"] for f in fields if f["label"] == label)


async def test_a_published_field_keeps_its_key_when_its_question_changes(
    client: AsyncTestClient, signed_in: str
) -> None:
    token = signed_in
    base = await seeded(client, token)
    # before publishing, the key follows the question
    assert await _label(client, token, base, "full_name", "Name") == "name"
    assert await _label(client, token, base, "name", "Full name") == "full_name"
    published = await client.post(f"{base}/publish", data={"_csrf_token": token})
    assert published.status_code == 303, published.text

    # the key used to follow (your_legal_name): the live API callers lost `full_name`
    assert await _label(client, token, base, "full_name", "Your legal name") == "full_name"
    review = await client.get(f"{base}/publish")
    assert "Removed the field" not in review.text
    assert "Your legal name" in review.text

    added = await client.post(
        f"{base}/fields", data={"component": "text", "section": "details"}, headers=hx(token)
    )
    assert added.status_code == 200, added.text
    assert await _label(client, token, base, "short_text", "Middle name") == "middle_name"
