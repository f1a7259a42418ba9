"""API keys (list, create shown once, revoke), verification over the API, and isolation:
every API route that takes an id answers 404 for another organisation's object."""

import uuid

from litestar.testing import AsyncTestClient

from runtime.settings import Settings
from runtime.tables import WebhookDelivery
from tests.integration.conftest import (
    Org,
    create_envelope,
    fill_demo,
    import_template,
    new_org,
    path_of,
    run_jobs,
)


async def test_keys_are_listed_without_secrets_and_revocable(
    client: AsyncTestClient, org: Org
) -> None:
    made = await client.post(
        "/api/v1/api-keys", headers=org.auth, json={"name": "crm", "scopes": ["read"]}
    )
    assert made.status_code == 201
    key = made.json()["key"]
    listed = (await client.get("/api/v1/api-keys", headers=org.auth)).json()["items"]
    crm = next(k for k in listed if k["name"] == "crm")
    assert crm["prefix"] == key[:10] and "key" not in crm and key not in str(listed)
    read_only = {"Authorization": f"Bearer {key}"}
    assert (await client.get("/api/v1/templates", headers=read_only)).status_code == 200
    refused = await client.post(
        "/api/v1/templates",
        headers={**read_only, "Content-Type": "application/json"},
        content=b"{}",
    )
    assert refused.status_code == 403 and "'admin' scope" in refused.json()["detail"]
    assert (
        await client.delete(f"/api/v1/api-keys/{crm['id']}", headers=org.auth)
    ).status_code == 204
    assert (await client.get("/api/v1/templates", headers=read_only)).status_code == 401
    bad_scope = await client.post(
        "/api/v1/api-keys", headers=org.auth, json={"name": "x", "scopes": ["root"]}
    )
    assert bad_scope.status_code == 422


async def test_a_new_key_answers_its_id_for_revoking_and_needs_a_scope(
    client: AsyncTestClient, org: Org
) -> None:
    made = await client.post("/api/v1/api-keys", headers=org.auth, json={"name": "etl"})
    assert made.status_code == 201, made.text
    created = made.json()
    listed = (await client.get("/api/v1/api-keys", headers=org.auth)).json()["items"]
    assert created["id"] == next(k["id"] for k in listed if k["name"] == "etl")
    gone = await client.delete(f"/api/v1/api-keys/{created['id']}", headers=org.auth)
    assert gone.status_code == 204
    no_scope = await client.post(
        "/api/v1/api-keys", headers=org.auth, json={"name": "x", "scopes": []}
    )
    assert no_scope.status_code == 422
    assert no_scope.json()["detail"] == "Give the key at least one scope: read, send, admin."


async def test_verify_over_the_api(client: AsyncTestClient, org: Org, settings: Settings) -> None:
    template = await import_template(client, org)
    envelope = await create_envelope(client, org, template["id"])
    await fill_demo(client, path_of(envelope["recipients"][0]["signing_url"]))
    await run_jobs(settings)
    pdf = (
        await client.get(f"/api/v1/envelopes/{envelope['id']}/sealed.pdf", headers=org.auth)
    ).content
    report = await client.post(
        "/api/v1/verify", headers={**org.auth, "Content-Type": "application/pdf"}, content=pdf
    )
    assert report.status_code == 200 and report.json()["ok"] is True
    assert report.json()["envelope_id"] == envelope["id"]
    garbage = await client.post(
        "/api/v1/verify",
        headers={**org.auth, "Content-Type": "application/pdf"},
        content=b"%PDF-1.7 nonsense",
    )
    assert garbage.status_code == 200 and garbage.json()["ok"] is False


BODIES = {  # valid bodies, so that only the foreign id can be the reason for refusing
    "void": b'{"reason": "x"}',
    "links": b'{"recipient": {"name": "X", "email": "x@example.com"}}',
}


async def test_other_organisations_ids_are_404_everywhere(
    client: AsyncTestClient, org: Org, settings: Settings
) -> None:
    template = await import_template(client, org)
    envelope = await create_envelope(client, org, template["id"])
    hook = (
        await client.post(
            "/api/v1/webhooks", headers=org.auth, json={"url": "https://example.com/h"}
        )
    ).json()
    bulk = await client.post(
        "/api/v1/bulk-sends",
        headers=org.auth,
        files={"file": ("r.csv", b"name,email\nA,a@example.com\n", "text/csv")},
        data={"template_id": template["id"]},
    )
    key = (await client.get("/api/v1/api-keys", headers=org.auth)).json()["items"][0]
    delivery = WebhookDelivery(
        endpoint=uuid.UUID(hook["id"]), event_id=uuid.uuid4(), event_type="envelope.completed"
    )
    await delivery.save()
    ids = {
        "template_id": template["id"],
        "envelope_id": envelope["id"],
        "recipient_id": envelope["recipients"][0]["id"],
        "endpoint_id": hook["id"],
        "delivery_id": str(delivery.id),
        "bulk_id": bulk.json()["id"],
        "key_id": key["id"],
    }
    stranger = await new_org("Intruder")
    intruder = stranger.auth
    # the intruder's own envelope and webhook, with A's recipient and delivery under them
    theirs = await create_envelope(
        client, stranger, (await import_template(client, stranger))["id"]
    )
    their_hook = await client.post(
        "/api/v1/webhooks", headers=intruder, json={"url": "https://example.com/h2"}
    )
    own = {"envelope_id": theirs["id"], "endpoint_id": their_hook.json()["id"]}

    routes = [
        (method, route.path)
        for route in client.app.routes
        if route.path.startswith("/api/v1/") and "{" in route.path
        for method in sorted(route.methods - {"HEAD", "OPTIONS"})
    ]
    assert len(routes) >= 14
    mixed = [
        (method, path, {**ids, **own})
        for method, path in routes
        if path.count("{") > 1 and path.split("{")[1].split(":")[0] in own
    ]
    assert len(mixed) >= 2, mixed
    for method, path, values in [(m, p, ids) for m, p in routes] + mixed:
        url = path
        for name, value in values.items():
            url = url.replace("{" + name + ":uuid}", value)
        assert "{" not in url, f"no object for {path}: add it to this test"
        body = BODIES.get(path.rsplit("/", 1)[-1], b"{}")
        response = await client.request(
            method, url, headers={**intruder, "Content-Type": "application/json"}, content=body
        )
        assert response.status_code == 404, (method, path, response.status_code, response.text)
    # and the owner still sees everything
    assert (
        await client.get(f"/api/v1/envelopes/{envelope['id']}", headers=org.auth)
    ).status_code == 200
