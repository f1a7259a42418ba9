"""`DELETE /api/v1/organisation/embedding` turns embedding off: the settings then read as
they did before anything was set (they read `"audience": ""` and kept the maximum age)."""

from litestar.testing import AsyncTestClient

from tests.integration.conftest import Org

URL = "/api/v1/organisation/embedding"


async def test_after_delete_the_settings_read_as_before_anything_was_set(
    client: AsyncTestClient, org: Org
) -> None:
    before = await client.get(URL, headers=org.auth)
    assert before.status_code == 200
    assert before.json()["audience"] == "formseal"
    saved = await client.put(
        URL,
        headers=org.auth,
        json={
            "origins": ["https://intranet.example.com"],
            "issuer": "https://intranet.example.com/sso",
            "audience": "intranet-forms",
            "max_age_seconds": 120,
        },
    )
    assert saved.status_code == 200, saved.text
    assert saved.json()["audience"] == "intranet-forms"

    assert (await client.delete(URL, headers=org.auth)).status_code == 204
    after = await client.get(URL, headers=org.auth)
    assert after.json() == before.json()
    assert after.json()["audience"] == "formseal"
