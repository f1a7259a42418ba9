"""`POST /api/v1/webhooks` keeps the address without the spaces around it, as the designer's
Webhooks screen does: `"  https://crm.example.com/hook "` was stored and listed as sent,
spaces and all, beside the same address added on the screen."""

from litestar.testing import AsyncTestClient

from tests.integration.conftest import Org


async def test_an_address_with_spaces_around_it_is_kept_without_them(
    client: AsyncTestClient, org: Org
) -> None:
    made = await client.post(
        "/api/v1/webhooks",
        json={"url": "  https://crm.example.com/hook \n", "description": " CRM "},
        headers=org.auth,
    )
    assert made.status_code == 201, made.text
    assert (made.json()["url"], made.json()["description"]) == (
        "https://crm.example.com/hook",
        "CRM",
    )
    listed = (await client.get("/api/v1/webhooks", headers=org.auth)).json()["items"]
    assert [e["url"] for e in listed] == ["https://crm.example.com/hook"]
