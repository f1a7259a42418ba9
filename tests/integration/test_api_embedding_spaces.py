"""`PUT /api/v1/organisation/embedding` keeps the issuer, audience and JWKS address without
the spaces around them, as the designer's Embedding screen does. An issuer sent as
`" https://idp.example.com "` was saved as it came, and no token's `iss` ever matched it."""

from litestar.testing import AsyncTestClient

from tests.integration.conftest import Org


async def test_the_issuer_and_audience_are_kept_without_spaces(
    client: AsyncTestClient, org: Org
) -> None:
    body = {
        "origins": [" https://intranet.example.com "],
        "issuer": f" https://idp.example.com/{org.id} ",
        "audience": " formseal-intranet\n",
        "mode": "jwks",
        "jwks_url": " https://idp.example.com/jwks ",
    }
    saved = await client.put("/api/v1/organisation/embedding", json=body, headers=org.auth)
    assert saved.status_code == 200, saved.text
    read = (await client.get("/api/v1/organisation/embedding", headers=org.auth)).json()
    assert read["origins"] == ["https://intranet.example.com"]
    assert read["issuer"] == f"https://idp.example.com/{org.id}"
    assert read["audience"] == "formseal-intranet"
    assert read["jwks_url"] == "https://idp.example.com/jwks"
    blank = await client.put(
        "/api/v1/organisation/embedding", json={**body, "issuer": "   "}, headers=org.auth
    )
    assert blank.status_code == 422
    assert blank.json()["errors"] == [
        {"path": "$.issuer", "message": "Give the issuer: the iss claim of the intranet's tokens."}
    ]
