"""The OpenAPI schema at /schema carries request and response examples for the main API
operations, and the examples are true: posting them to the API works."""

import copy

from litestar.testing import AsyncTestClient

from runtime.api import examples as ex
from tests.integration.conftest import Org

OPERATIONS = {
    ("post", "/api/v1/templates"): (True, "201"),
    ("post", "/api/v1/templates/{template_id}/publish"): (True, "201"),
    ("get", "/api/v1/templates/{template_id}"): (False, "200"),
    ("post", "/api/v1/envelopes"): (True, "201"),
    ("get", "/api/v1/envelopes"): (False, "200"),
    ("get", "/api/v1/envelopes/{envelope_id}"): (False, "200"),
    ("post", "/api/v1/webhooks"): (True, "201"),
    ("get", "/api/v1/webhooks/{endpoint_id}"): (False, "200"),
    ("post", "/api/v1/webhooks/{endpoint_id}/rotate-secret"): (False, "200"),
    ("post", "/api/v1/bulk-sends"): (True, "200"),
    ("post", "/api/v1/verify"): (True, "200"),
}


def _examples(content: dict) -> list:
    return [
        e["value"] for media in content.values() for e in (media.get("examples") or {}).values()
    ]


async def test_main_operations_carry_examples(client: AsyncTestClient) -> None:
    schema = (await client.get("/schema/openapi.json")).json()
    for (method, path), (has_body, status) in OPERATIONS.items():
        operation = schema["paths"][path][method]
        if has_body:
            assert _examples(operation["requestBody"]["content"]), (method, path)
        assert _examples(operation["responses"][status]["content"]), (method, path, status)
    create = schema["paths"]["/api/v1/envelopes"]["post"]
    assert _examples(create["requestBody"]["content"]) == [ex.ENVELOPE_CREATE]
    assert create["requestBody"]["content"]["application/json"]["schema"]  # still typed
    one = schema["paths"]["/api/v1/envelopes/{envelope_id}"]["get"]["responses"]["200"]
    assert len(_examples(one["content"])) == 2  # waiting, and completed with answers


async def test_the_examples_are_accepted_by_the_api(client: AsyncTestClient, org: Org) -> None:
    imported = await client.post("/api/v1/templates", json=ex.DEFINITION, headers=org.auth)
    assert imported.status_code == 201, imported.text
    assert set(imported.json()) == set(ex.TEMPLATE)
    assert imported.json()["definition"]["roles"] == ex.DEFINITION["roles"]

    body = copy.deepcopy(ex.ENVELOPE_CREATE)
    body["template_id"] = imported.json()["id"]
    created = await client.post("/api/v1/envelopes", json=body, headers=org.auth)
    assert created.status_code == 201, created.text
    answer = created.json()
    assert set(answer) == set(ex.ENVELOPE_CREATED)
    assert set(answer["recipients"][0]) == set(ex.ENVELOPE_CREATED["recipients"][0])
    assert answer["tags"] == ["sales"] and answer["status"] == "sent"

    fetched = await client.get(f"/api/v1/envelopes/{answer['id']}", headers=org.auth)
    assert set(fetched.json()) == set(ex.ENVELOPE)
    listed = await client.get("/api/v1/envelopes?per_page=1", headers=org.auth)
    assert set(listed.json()) == set(ex.ENVELOPE_LIST)
    assert set(listed.json()["items"][0]) == set(ex.ENVELOPE_LIST["items"][0])

    changed = {**ex.DEFINITION, "name": "Service agreement 2027"}
    publish = f"/api/v1/templates/{answer['template_id']}/publish"
    published = await client.post(publish, json=changed, headers=org.auth)
    assert published.status_code == 201 and published.json()["version"]["number"] == 2
    assert set(published.json()) == set(ex.PUBLISHED) and published.json()["published"]
    # the same definition again (a deployment re-sending its templates): nothing new
    again = await client.post(publish, json=changed, headers=org.auth)
    assert again.status_code == 200, again.text
    assert again.json()["version"] == published.json()["version"]
    assert again.json()["published"] is False


async def test_the_webhook_examples_have_the_answers_keys(
    client: AsyncTestClient, org: Org
) -> None:
    """The secret is in the create and rotate examples only, as in the real answers."""
    created = await client.post("/api/v1/webhooks", json=ex.WEBHOOK_CREATE, headers=org.auth)
    assert created.status_code == 201, created.text
    assert set(created.json()) == set(ex.WEBHOOK_CREATED)
    url = f"/api/v1/webhooks/{created.json()['id']}"
    assert set((await client.get(url, headers=org.auth)).json()) == set(ex.WEBHOOK)
    rotated = await client.post(f"{url}/rotate-secret", headers=org.auth)
    assert set(rotated.json()) == set(ex.WEBHOOK_ROTATED)
    assert "secret" not in ex.WEBHOOK


async def test_the_examples_keep_their_nulls(client: AsyncTestClient) -> None:
    """Litestar dropped every null from the examples (`"completed_at": null`, the seal's
    `next_attempt_at`, a recipient's `viewed_at`): /schema showed answers without keys the
    API always sends."""
    schema = (await client.get("/schema/openapi.json")).json()
    one = schema["paths"]["/api/v1/envelopes/{envelope_id}"]["get"]["responses"]["200"]
    waiting = one["content"]["application/json"]["examples"]["example"]["value"]
    assert waiting == ex.ENVELOPE
    assert waiting["completed_at"] is None and waiting["recipients"][0]["viewed_at"] is None
    page = (await client.get("/schema")).text
    assert "&#34;void_reason&#34;: null" in page or '"void_reason": null' in page


async def test_the_bulk_examples_have_the_answers_keys(client: AsyncTestClient, org: Org) -> None:
    """The preview example showed a flat `mapping` ({"customer.name": "Name"}) and envelope
    bodies as `sample`, and the started example no `finished_at`: the answers are not so."""
    imported = await client.post("/api/v1/templates", json=ex.DEFINITION, headers=org.auth)
    rows = b"Name,Email,Purchase order number\nAlex Example,alex@example.com,PO-2026-0042\nBo Buyer,,PO-7\n"
    form = {"template_id": imported.json()["id"], "dry_run": "true"}
    upload = {"file": ("customers.csv", rows, "text/csv")}
    preview = await client.post("/api/v1/bulk-sends", headers=org.auth, files=upload, data=form)
    assert preview.status_code == 200, preview.text
    assert preview.json() == ex.BULK_PREVIEW
    rows = rows.replace(b",,", b",bo@example.com,")
    upload = {"file": ("customers.csv", rows, "text/csv")}
    form["dry_run"] = "false"
    started = await client.post("/api/v1/bulk-sends", headers=org.auth, files=upload, data=form)
    assert started.status_code == 202, started.text
    assert set(started.json()) == set(ex.BULK_STARTED)
