"""A key's scopes, as docs/api.md tells them: each scope once, and all three when left out.
`{"scopes": ["read", "read"]}` (or `formseal apikey create --scopes read,read,send`) made a
key listed with the scopes `read,read`, as if it had two."""

from litestar.testing import AsyncTestClient

from runtime.accounts.service import create_api_key, list_api_keys
from tests.integration.conftest import Org


async def test_a_scope_named_twice_is_one_scope(client: AsyncTestClient, org: Org) -> None:
    made = await client.post(
        "/api/v1/api-keys",
        json={"name": "crm", "scopes": ["read", "read", "send"]},
        headers=org.auth,
    )
    assert made.status_code == 201, made.text
    assert made.json()["scopes"] == ["read", "send"]
    await create_api_key(org.id, "from the command line", ("send", "read", "send"))
    listed = (await client.get("/api/v1/api-keys", headers=org.auth)).json()["items"]
    scopes = {key["name"]: key["scopes"] for key in listed}
    assert scopes["crm"] == ["read", "send"]
    assert scopes["from the command line"] == ["send", "read"]
    assert [k["scopes"] for k in await list_api_keys(org.id) if k["name"] == "crm"] == [
        ["read", "send"]
    ]


async def test_scopes_left_out_are_all_three_and_none_is_a_422(
    client: AsyncTestClient, org: Org
) -> None:
    made = await client.post("/api/v1/api-keys", json={"name": "deploy"}, headers=org.auth)
    assert made.status_code == 201, made.text
    assert made.json()["scopes"] == ["read", "send", "admin"]
    none = await client.post(
        "/api/v1/api-keys", json={"name": "deploy", "scopes": []}, headers=org.auth
    )
    assert none.status_code == 422
    assert none.json()["errors"] == [
        {"path": "$.scopes", "message": "Give the key at least one scope: read, send, admin."}
    ]
