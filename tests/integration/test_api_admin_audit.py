"""What an admin API key changes about access is in the organisation's audit trail, as the
same change made on the designer's screens is: keys made and revoked, webhook endpoints
added and removed (a webhook receives every answer of every envelope)."""

from litestar.testing import AsyncTestClient

from runtime.tables import ApiKey, AuditEvent
from tests.integration.conftest import Org


async def trail(org: Org) -> list[tuple[str, str, dict]]:
    rows = (
        await AuditEvent.select(AuditEvent.action, AuditEvent.actor, AuditEvent.data)
        .where(
            (AuditEvent.organisation == org.id)
            & (
                AuditEvent.action.like("organisation.api_key%")
                | AuditEvent.action.like("webhook.endpoint%")
            )
        )
        .order_by(AuditEvent.id)
        .output(load_json=True)
    )
    return [(r["action"], r["actor"], r["data"]) for r in rows]


async def test_keys_and_endpoints_made_through_the_api_are_audited(
    client: AsyncTestClient, org: Org
) -> None:
    """Through the API nothing was recorded: an admin key could make another admin key,
    or add an endpoint that receives every answer, and the trail said nothing."""
    made = (
        await client.post(
            "/api/v1/api-keys", headers=org.auth, json={"name": " crm ", "scopes": ["read"]}
        )
    ).json()
    assert made["name"] == "crm"
    assert (
        await client.delete(f"/api/v1/api-keys/{made['id']}", headers=org.auth)
    ).status_code == 204
    url = "https://crm.example.com/formseal"
    hook = (await client.post("/api/v1/webhooks", headers=org.auth, json={"url": url})).json()
    removed = await client.delete(f"/api/v1/webhooks/{hook['id']}", headers=org.auth)
    assert removed.status_code == 204
    prefix = made["prefix"]
    assert await trail(org) == [
        (
            "organisation.api_key_created",
            "api",
            {"name": "crm", "prefix": prefix, "scopes": ["read"]},
        ),
        ("organisation.api_key_revoked", "api", {"name": "crm", "prefix": prefix}),
        ("webhook.endpoint_added", "api", {"endpoint": hook["id"], "url": url, "events": ["*"]}),
        ("webhook.endpoint_removed", "api", {"endpoint": hook["id"], "url": url}),
    ]
    assert made["key"] not in str(await trail(org))  # the prefix, never the key


async def test_a_blank_name_and_a_wrong_scope_are_named_together(
    client: AsyncTestClient, org: Org
) -> None:
    """Only the name was named; the misspelt scope came one try later, in `detail` alone."""
    before = await ApiKey.count().where(ApiKey.organisation == org.id)
    answer = await client.post(
        "/api/v1/api-keys", headers=org.auth, json={"name": " ", "scopes": ["wirte"]}
    )
    assert answer.status_code == 422, answer.text
    assert answer.json()["errors"] == [
        {
            "path": "$.name",
            "message": "Enter a name that says who or what uses the key, like “CRM”.",
        },
        {
            "path": "$.scopes",
            "message": "Unknown scope(s): wirte. The scopes are read, send, admin.",
        },
    ]
    none = await client.post(
        "/api/v1/api-keys", headers=org.auth, json={"name": "crm", "scopes": []}
    )
    assert none.json()["errors"] == [
        {"path": "$.scopes", "message": "Give the key at least one scope: read, send, admin."}
    ]
    assert await ApiKey.count().where(ApiKey.organisation == org.id) == before


async def test_a_key_needs_a_name(client: AsyncTestClient, org: Org) -> None:
    """A blank name made a key nobody could tell apart in the list (the designer's screen
    asks for one)."""
    before = await ApiKey.count().where(ApiKey.organisation == org.id)
    for name in ("", "   "):
        answer = await client.post(
            "/api/v1/api-keys", headers=org.auth, json={"name": name, "scopes": ["read"]}
        )
        assert answer.status_code == 422, answer.text
        problem = answer.json()
        assert problem["errors"] == [{"path": "$.name", "message": problem["detail"]}]
        assert problem["detail"] == "Enter a name that says who or what uses the key, like “CRM”."
    long = await client.post(
        "/api/v1/api-keys", headers=org.auth, json={"name": "x" * 201, "scopes": ["read"]}
    )
    assert long.status_code == 422
    assert long.json()["errors"] == [
        {"path": "$.name", "message": "Expected `str` of length <= 200"}
    ]
    assert await ApiKey.count().where(ApiKey.organisation == org.id) == before
