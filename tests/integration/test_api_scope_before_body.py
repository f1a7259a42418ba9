"""A key without the scope an operation needs is told so (403) before anything about the
body it sent: a read-only key posting a wrong body to /api/v1/webhooks got a 422 naming
`$.url`, fixed the body, and only then learnt it may not add webhooks at all."""

import inspect

from litestar.handlers import HTTPRouteHandler
from litestar.testing import AsyncTestClient

from runtime.accounts.service import create_api_key
from tests.integration.conftest import Org, create_envelope, import_template


async def test_a_key_without_the_scope_gets_403_whatever_the_body(
    client: AsyncTestClient, org: Org
) -> None:
    template = await import_template(client, org)
    envelope = await create_envelope(client, org, template["id"])
    reader = {"Authorization": f"Bearer {await create_api_key(org.id, 'reader', ['read'])}"}
    operations = [
        ("POST", "/api/v1/webhooks", "admin"),
        ("POST", "/api/v1/api-keys", "admin"),
        ("PUT", "/api/v1/organisation/embedding", "admin"),
        ("PUT", "/api/v1/organisation/consent", "admin"),
        ("PUT", f"/api/v1/templates/{template['id']}/retention", "admin"),
        ("POST", "/api/v1/envelopes", "send"),
        ("POST", f"/api/v1/envelopes/{envelope['id']}/void", "send"),
        ("PUT", f"/api/v1/envelopes/{envelope['id']}/tags", "send"),
        ("POST", f"/api/v1/templates/{template['id']}/links", "send"),
    ]
    for method, path, scope in operations:
        for body in ({"nonsense": [1]}, {}):
            answer = await client.request(method, path, json=body, headers=reader)
            assert answer.status_code == 403, (method, path, answer.text)
            assert answer.json()["detail"] == f"This API key lacks the '{scope}' scope."
    # the key's owner, with every scope, still hears about the body
    answer = await client.post("/api/v1/webhooks", json={}, headers=org.auth)
    assert answer.status_code == 422 and answer.json()["errors"][0]["path"] == "$.url"


def test_every_operation_reading_a_body_names_its_scope(client: AsyncTestClient) -> None:
    """So that one added later cannot check the body first again."""
    unnamed = []
    for route in client.app.routes:
        for handler in getattr(route, "route_handlers", []):
            if not route.path.startswith("/api/") or not isinstance(handler, HTTPRouteHandler):
                continue
            if "data" in inspect.signature(handler.fn).parameters and not handler.opt.get("scope"):
                unnamed.append(f"{sorted(handler.http_methods)} {route.path}")
    assert unnamed == []
