"""Rate limits: per API key, and per address on signing links (token guessing)."""

from dataclasses import replace

from runtime.settings import Settings
from tests.integration.conftest import Org, app_client


async def test_api_key_limit(settings: Settings, org: Org) -> None:
    async with app_client(replace(settings, api_rate_limit_per_minute=3)) as client:
        codes = [
            (await client.get("/api/v1/templates", headers=org.auth)).status_code for _ in range(4)
        ]
        assert codes == [200, 200, 200, 429]
        limited = await client.get("/api/v1/templates", headers=org.auth)
        assert limited.headers["content-type"].startswith("application/problem+json")
        assert limited.json()["status"] == 429
        # another key has its own budget
        other = await client.get("/api/v1/templates", headers={"Authorization": "Bearer fs_other"})
        assert other.status_code == 401


async def test_guessing_signing_links_is_throttled(settings: Settings, org: Org) -> None:
    async with app_client(replace(settings, signer_rate_limit_per_minute=5)) as client:
        codes = [(await client.get(f"/s/guess{i:040d}/")).status_code for i in range(7)]
        assert codes[:5] == [404] * 5 and codes[5:] == [429, 429]
        assert (await client.get("/verify")).status_code == 200  # other pages are not affected
