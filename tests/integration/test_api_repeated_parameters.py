"""A query parameter given twice is a 422 naming it, on every API operation that reads
parameters. `GET /api/v1/envelopes?status=sent&status=completed` used one of the two values
without a word: the answer listed the completed envelopes only, as if none were sent."""

from litestar.testing import AsyncTestClient

from tests.integration.conftest import Org, create_envelope, import_template


async def test_a_parameter_given_twice_is_named(client: AsyncTestClient, org: Org) -> None:
    template = await import_template(client, org)
    await create_envelope(client, org, template["id"])
    twice = [("status", "sent"), ("status", "completed"), ("per_page", "5")]
    for path in (
        "/api/v1/envelopes",
        "/api/v1/envelopes/search",
        "/api/v1/envelopes/export.csv",
        "/api/v1/envelopes/export.zip",
    ):
        refused = await client.get(path, params=twice, headers=org.auth)
        if path.endswith((".csv", ".zip")):  # the exports take no per_page: that first
            assert refused.status_code == 422, (path, refused.text)
            refused = await client.get(path, params=twice[:2], headers=org.auth)
        assert refused.status_code == 422, (path, refused.text)
        assert refused.headers["content-type"] == "application/problem+json"
        assert refused.json()["errors"] == [
            {"parameter": "status", "message": "is given 2 times: give it once"}
        ], path
        assert refused.json()["detail"] == "Give each parameter once: status is given 2 times."
    export = f"/api/v1/templates/{template['id']}/export"
    versions = await client.get(
        export, params=[("version", "1"), ("version", "1")], headers=org.auth
    )
    assert versions.status_code == 422
    once = await client.get("/api/v1/envelopes", params={"status": "sent"}, headers=org.auth)
    assert once.status_code == 200 and once.json()["total"] == 1
    anonymous = await client.get("/api/v1/envelopes", params=twice[:2])
    assert anonymous.status_code == 401
