"""/schema shows examples for the admin and settings operations and for 409 problems, and
each has the keys of the API's real answer (the conflicts: the same document).

Before, the webhook delivery log, the API keys, the audit trail, retention, the embedding
settings and every 409 had no example: a client learnt their keys (`due_now`,
`secret_ends_with`, `envelope_status`, `would_delete`) only by calling them."""

import copy
import datetime as dt
import uuid
from typing import Any

from litestar.testing import AsyncTestClient

from runtime.api import examples as ex
from runtime.api import examples_conflicts as conflicts
from runtime.api import examples_settings as exs
from runtime.settings import Settings
from runtime.tables import Envelope
from tests.integration.conftest import (
    Org,
    create_envelope,
    create_webhook,
    import_template,
    run_jobs,
)
from tests.integration.webhook_receiver import Receiver


async def examples_of(
    client: AsyncTestClient, method: str, path: str, status: str, request: bool = False
) -> list[Any]:
    """The example values /schema gives for an operation's answer (or its request body)."""
    operation = (await client.get("/schema/openapi.json")).json()["paths"][path][method]
    part = operation["requestBody"] if request else operation["responses"][status]
    return [e["value"] for m in part["content"].values() for e in m.get("examples", {}).values()]


def same_keys(answer: dict[str, Any], example: dict[str, Any]) -> None:
    assert set(answer) == set(example)
    for key, value in example.items():
        if isinstance(value, list) and value and isinstance(value[0], dict):
            assert set(answer[key][0]) == set(value[0]), key


async def test_the_delivery_log_and_api_key_examples(
    hook_client: AsyncTestClient, org: Org, hook_settings: Settings, receiver: Receiver
) -> None:
    client = hook_client
    endpoint = await create_webhook(client, org, receiver.url, ["template.published"])
    receiver.status = 503
    await import_template(client, org)
    await run_jobs(hook_settings)
    log = "/api/v1/webhooks/{endpoint_id}/deliveries"
    assert await examples_of(client, "get", log, "200") == [exs.DELIVERIES]
    answer = await client.get(log.format(endpoint_id=endpoint["id"]), headers=org.auth)
    same_keys(answer.json(), exs.DELIVERIES)

    keys = "/api/v1/api-keys"
    assert await examples_of(client, "get", keys, "200") == [exs.API_KEYS]
    same_keys((await client.get(keys, headers=org.auth)).json(), exs.API_KEYS)
    assert await examples_of(client, "post", keys, "", request=True) == [exs.API_KEY_CREATE]
    assert await examples_of(client, "post", keys, "201") == [exs.API_KEY_CREATED]
    created = await client.post(keys, json=exs.API_KEY_CREATE, headers=org.auth)
    assert created.status_code == 201, created.text
    assert set(created.json()) == set(exs.API_KEY_CREATED)
    assert created.json()["scopes"] == exs.API_KEY_CREATED["scopes"]


async def test_the_audit_retention_and_embedding_examples(
    client: AsyncTestClient, org: Org
) -> None:
    template = await import_template(client, org)
    envelope = await create_envelope(client, org, template["id"])
    audit = "/api/v1/envelopes/{envelope_id}/audit"
    assert await examples_of(client, "get", audit, "200") == [exs.AUDIT_TRAIL]
    trail = await client.get(audit.format(envelope_id=envelope["id"]), headers=org.auth)
    same_keys(trail.json(), exs.AUDIT_TRAIL)
    assert set(trail.json()["chain"]) == set(exs.AUDIT_TRAIL["chain"])
    actions = [e["action"] for e in trail.json()["events"]]
    assert actions == [e["action"] for e in exs.AUDIT_TRAIL["events"]]

    retention = "/api/v1/templates/{template_id}/retention"
    url = retention.format(template_id=template["id"])
    assert await examples_of(client, "get", retention, "200") == [exs.RETENTION]
    kept = (await client.get(url, headers=org.auth)).json()
    assert kept == {**exs.RETENTION, "template_id": template["id"]}
    assert await examples_of(client, "put", retention, "", request=True) == [exs.RETENTION_SET]
    assert await examples_of(client, "put", retention, "200") == [exs.RETENTION_SAVED]
    saved = (await client.put(url, json=exs.RETENTION_SET, headers=org.auth)).json()
    assert saved == {**exs.RETENTION_SAVED, "template_id": template["id"]}

    embedding = "/api/v1/organisation/embedding"
    assert await examples_of(client, "put", embedding, "", request=True) == [exs.EMBEDDING_SET]
    assert await examples_of(client, "put", embedding, "200") == [exs.EMBEDDING_SAVED]
    assert await examples_of(client, "get", embedding, "200") == [exs.EMBEDDING]
    put = await client.put(embedding, json=exs.EMBEDDING_SET, headers=org.auth)
    assert put.status_code == 200, put.text
    assert set(put.json()) == set(exs.EMBEDDING_SAVED)
    fetched = (await client.get(embedding, headers=org.auth)).json()
    assert set(fetched) == set(exs.EMBEDDING) and "secret" not in fetched
    assert {k: fetched[k] for k in ("origins", "issuer", "mode", "jwks_url")} == {
        k: exs.EMBEDDING[k] for k in ("origins", "issuer", "mode", "jwks_url")
    }


async def test_the_409_examples_are_the_problems_answered(
    client: AsyncTestClient, org: Org
) -> None:
    imported = await client.post("/api/v1/templates", json=ex.DEFINITION, headers=org.auth)
    body = copy.deepcopy(ex.ENVELOPE_CREATE)
    body["template_id"] = imported.json()["id"]
    keyed = {**org.auth, "Idempotency-Key": "crm-order-1042"}
    first = await client.post("/api/v1/envelopes", json=body, headers=keyed)
    assert first.status_code == 201, first.text
    reused = await client.post("/api/v1/envelopes", json={**body, "tags": []}, headers=keyed)
    assert reused.status_code == 409, reused.text
    assert await examples_of(client, "post", "/api/v1/envelopes", "409") == [
        conflicts.TEMPLATE_ARCHIVED,  # the archived template's (test_openapi_conflict_examples)
        reused.json(),
    ]
    assert reused.json() == conflicts.ENVELOPE_KEY_REUSED

    sealed = await client.get(
        f"/api/v1/envelopes/{first.json()['id']}/sealed.pdf", headers=org.auth
    )
    assert sealed.status_code == 409, sealed.text
    path = "/api/v1/envelopes/{envelope_id}/sealed.pdf"
    assert await examples_of(client, "get", path, "409") == [sealed.json()]

    template = await import_template(client, org)
    voided = await create_envelope(client, org, template["id"])
    void = f"/api/v1/envelopes/{voided['id']}/void"
    assert (await client.post(void, json={"reason": "test"}, headers=org.auth)).is_success
    past = dt.datetime.now(dt.UTC) - dt.timedelta(days=40)
    await Envelope.update({Envelope.created_at: past}).where(Envelope.id == uuid.UUID(voided["id"]))
    refusals = {  # the envelope voided: each action on it refused
        "void": await client.post(void, json={"reason": "test"}, headers=org.auth),
        "remind": await client.post(void.replace("void", "remind"), headers=org.auth),
        "recipients/{recipient_id}/resend": await client.post(
            void.replace("void", f"recipients/{voided['recipients'][0]['id']}/resend"),
            headers=org.auth,
        ),
    }
    for action, refusal in refusals.items():
        assert refusal.status_code == 409, (action, refusal.text)
        path = f"/api/v1/envelopes/{{envelope_id}}/{action}"
        assert await examples_of(client, "post", path, "409") == [refusal.json()], action
    url = f"/api/v1/templates/{template['id']}/retention"
    refused = await client.put(url, json={"days": 30}, headers=org.auth)
    assert refused.status_code == 409, refused.text
    path = "/api/v1/templates/{template_id}/retention"
    assert await examples_of(client, "put", path, "409") == [refused.json()]

    bulk = await examples_of(client, "post", "/api/v1/bulk-sends", "409")
    assert bulk == [conflicts.TEMPLATE_ARCHIVED, conflicts.BULK_KEY_REUSED]  # the answers:
    # test_openapi_conflict_examples.py, test_api_bulk_retry_and_list.py
