"""Every 409 that /schema documents shows an example of the problem document, as the
other 409s do (tests/integration/test_openapi_examples_settings.py). Five had none: publish,
a webhook's rotate-secret and redeliver, the embedding settings and a prefilled link; a
client learnt their `detail` only by meeting one. Those that can be provoked here are the
API's real answer; the races (a publish, a rotation, a change of the embedding settings
beaten by another request) are worded by the same constant the service raises."""

import copy
import uuid
from typing import Any

from litestar.testing import AsyncTestClient

from runtime.api import examples_conflicts as conflicts
from runtime.settings import Settings
from runtime.tables import BulkSend, Template
from tests.integration.conftest import (
    Org,
    create_webhook,
    demo_definition,
    import_template,
    run_jobs,
)
from tests.integration.helpers import ask_for_link
from tests.integration.webhook_receiver import Receiver

PROBLEM = "application/problem+json"


async def _schema(client: AsyncTestClient) -> dict[str, Any]:
    return (await client.get("/schema/openapi.json")).json()


def _examples(schema: dict[str, Any], method: str, path: str) -> list[Any]:
    media = schema["paths"][path][method]["responses"]["409"]["content"][PROBLEM]
    return [example["value"] for example in media.get("examples", {}).values()]


async def test_every_documented_409_has_an_example(client: AsyncTestClient) -> None:
    schema = await _schema(client)
    documented, without = [], []
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if not isinstance(operation, dict) or "409" not in operation.get("responses", {}):
                continue
            documented.append(f"{method.upper()} {path}")
            examples = _examples(schema, method, path)
            if not examples:
                without.append(f"{method.upper()} {path}")
            for example in examples:
                assert example["status"] == 409 and example["title"] == "Conflict", path
                assert example["detail"], path
    assert len(documented) >= 13
    assert without == []


async def test_the_examples_are_the_answers(
    hook_client: AsyncTestClient, org: Org, hook_settings: Settings, receiver: Receiver
) -> None:
    client = hook_client
    schema = await _schema(client)
    endpoint = await create_webhook(client, org, receiver.url, ["template.published"])
    template = await import_template(client, org)
    await run_jobs(hook_settings)
    hook = f"/api/v1/webhooks/{endpoint['id']}"
    (delivery,) = (await client.get(f"{hook}/deliveries", headers=org.auth)).json()["items"]
    assert (await client.delete(hook, headers=org.auth)).is_success

    redeliver = await client.post(f"{hook}/deliveries/{delivery['id']}/redeliver", headers=org.auth)
    assert redeliver.status_code == 409, redeliver.text
    path = "/api/v1/webhooks/{endpoint_id}/deliveries/{delivery_id}/redeliver"
    assert _examples(schema, "post", path) == [redeliver.json()]
    rotate = await client.post(f"{hook}/rotate-secret", headers=org.auth)
    assert rotate.status_code == 409, rotate.text
    removed, meanwhile = _examples(schema, "post", "/api/v1/webhooks/{endpoint_id}/rotate-secret")
    assert removed == rotate.json()
    assert meanwhile == conflicts.SECRET_ROTATED_MEANWHILE

    links = "/api/v1/templates/{template_id}/links"
    more_parties, archived = _examples(schema, "post", links)
    two_parties = copy.deepcopy(demo_definition())
    two_parties["roles"].append({"key": "manager", "name": "Manager", "kind": "approver"})
    approved = await import_template(client, org, two_parties)
    refused = await ask_for_link(client, org, approved["id"], {})
    assert refused.status_code == 409, refused.text
    assert refused.json() == more_parties
    await Template.update({Template.status: "archived"}).where(
        Template.id == uuid.UUID(template["id"])
    )
    refused = await ask_for_link(client, org, template["id"], {})
    assert refused.status_code == 409, refused.text
    # the example's template is the demo's, "Service agreement"
    assert refused.json() == archived

    publish = "/api/v1/templates/{template_id}/publish"
    assert _examples(schema, "post", publish) == [conflicts.PUBLISHED_MEANWHILE]
    embedding = "/api/v1/organisation/embedding"
    assert _examples(schema, "put", embedding) == [conflicts.EMBEDDING_CHANGED_MEANWHILE]


async def test_an_archived_template_is_a_documented_409_for_envelopes_and_bulk_sends(
    client: AsyncTestClient, org: Org
) -> None:
    """An envelope of an archived template answered 409, but /schema's 409 spoke only of
    the Idempotency-Key; a bulk send of one was queued and every row failed. Both answer
    the documented example now, a preview too, and nothing is made."""
    schema = await _schema(client)
    template = await import_template(client, org)
    await Template.update({Template.status: "archived"}).where(
        Template.id == uuid.UUID(template["id"])
    )
    recipient = {"role": "customer", "name": "Alex Example", "email": "alex@example.com"}
    body = {"template_id": template["id"], "recipients": [recipient]}
    envelope = await client.post("/api/v1/envelopes", json=body, headers=org.auth)
    assert envelope.status_code == 409, envelope.text
    assert _examples(schema, "post", "/api/v1/envelopes") == [
        envelope.json(),
        conflicts.ENVELOPE_KEY_REUSED,
    ]
    assert (
        "archived"
        in schema["paths"]["/api/v1/envelopes"]["post"]["responses"]["409"]["description"]
    )
    rows = ("rows.csv", b"name,email\nAna One,ana@example.com\n", "text/csv")
    for dry_run in ("true", "false"):
        bulk = await client.post(
            "/api/v1/bulk-sends",
            headers=org.auth,
            files={"file": rows},
            data={"template_id": template["id"], "dry_run": dry_run},
        )
        assert bulk.status_code == 409, (dry_run, bulk.text)
        assert bulk.json() == envelope.json()
    examples = _examples(schema, "post", "/api/v1/bulk-sends")
    assert examples == [envelope.json(), conflicts.BULK_KEY_REUSED]
    assert (
        "archived"
        in schema["paths"]["/api/v1/bulk-sends"]["post"]["responses"]["409"]["description"]
    )
    assert await BulkSend.count().where(BulkSend.organisation == org.id) == 0
