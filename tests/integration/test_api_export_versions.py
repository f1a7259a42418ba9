"""`GET /api/v1/templates/{id}/export?version=N` for a version the template does not have:
the 404 names the versions it has. With one version it read "its versions are 1 to 1."."""

from litestar.testing import AsyncTestClient

from tests.integration.conftest import Org, import_template


async def test_a_missing_version_names_the_one_there_is(client: AsyncTestClient, org: Org) -> None:
    template = await import_template(client, org)
    missing = await client.get(
        f"/api/v1/templates/{template['id']}/export", params={"version": 3}, headers=org.auth
    )
    assert missing.status_code == 404
    assert missing.json()["detail"] == (
        "The template “Service agreement” has no version 3: its only version is 1."
    )
