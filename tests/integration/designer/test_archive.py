"""Archiving a published template stops new envelopes from it; restoring brings it back."""

from litestar.testing import AsyncTestClient

from runtime.accounts.service import create_api_key
from runtime.tables import AuditEvent, Envelope
from tests.integration.designer.conftest import Author, sign_in
from tests.integration.designer.helpers import seeded


async def test_archived_template_sends_nothing_until_restored(
    client: AsyncTestClient, author: Author
) -> None:
    token = await sign_in(client, author)
    base = await seeded(client, token)
    published = await client.post(f"{base}/publish", data={"_csrf_token": token})
    assert published.status_code == 303, published.text
    key = await create_api_key(author.organisation_id, "archive")
    api = {"Authorization": f"Bearer {key}"}
    template_id = (await client.get("/api/v1/templates", headers=api)).json()["items"][0]["id"]
    envelope = {
        "template_id": template_id,
        "recipients": [{"role": "client", "name": "Kari", "email": "kari@example.com"}],
    }

    assert (await client.post(f"{base}/archive", data={"_csrf_token": token})).status_code == 303
    listed = (await client.get("/api/v1/templates", headers=api)).json()["items"]
    assert listed[0]["status"] == "archived"
    refused = await client.post("/api/v1/envelopes", json=envelope, headers=api)
    assert refused.status_code == 409
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert "is archived" in refused.json()["detail"]
    org = Envelope.organisation == author.organisation_id
    assert await Envelope.count().where(org) == 0

    assert (await client.post(f"{base}/restore", data={"_csrf_token": token})).status_code == 303
    sent = await client.post("/api/v1/envelopes", json=envelope, headers=api)
    assert sent.status_code == 201, sent.text
    kinds = await AuditEvent.select(AuditEvent.action).where(
        AuditEvent.organisation == author.organisation_id
    )
    names = [k["action"] for k in kinds]
    assert "template.archived" in names and "template.restored" in names
