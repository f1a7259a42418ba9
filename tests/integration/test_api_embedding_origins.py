"""`PUT /api/v1/organisation/embedding` names every origin it refuses, in one answer
(docs/api.md: "every problem at once"): with two wrong origins only the first was named,
and the second was said on the next try."""

from litestar.testing import AsyncTestClient

from tests.integration.conftest import Org


async def test_every_wrong_origin_is_named(client: AsyncTestClient, org: Org) -> None:
    body = {
        "origins": ["https://intranet.example.com", "https://*.example.com", "ftp://x", "intranet"],
        "issuer": f"https://idp.example.com/{org.id}",
    }
    refused = await client.put("/api/v1/organisation/embedding", json=body, headers=org.auth)
    assert refused.status_code == 422, refused.text
    said = (
        "'https://*.example.com', 'ftp://x' and 'intranet' are not origins like "
        "https://intranet.example.com"
    )
    assert refused.json()["errors"] == [{"path": "$.origins", "message": said}]
    assert refused.json()["detail"] == f"{said}."
    one = await client.put(
        "/api/v1/organisation/embedding", json={**body, "origins": ["intranet"]}, headers=org.auth
    )
    assert one.json()["errors"] == [
        {
            "path": "$.origins",
            "message": "'intranet' is not an origin like https://intranet.example.com",
        }
    ]
