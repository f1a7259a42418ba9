"""A misspelt or foreign filter is refused, not ignored: ignoring it widened the answer
(every envelope listed, every sealed PDF exported) without a word."""

from litestar.testing import AsyncTestClient

from tests.integration.conftest import Org, create_envelope, import_template


async def test_unknown_query_parameters_are_named(client: AsyncTestClient, org: Org) -> None:
    template = await import_template(client, org)
    await create_envelope(client, org, template["id"])
    cases = [
        # the search's name for the list's created_from: listed everything before
        (
            "/api/v1/envelopes",
            {"from": "2026-11-01"},
            "from",
            "is not a parameter here: use created_from",
        ),
        (
            "/api/v1/envelopes/search",
            {"created_to": "2026-11-01"},
            "created_to",
            "is not a parameter here: use to",
        ),
        (
            "/api/v1/envelopes/export.zip",
            {"stauts": "completed"},
            "stauts",
            "is not a parameter of this operation",
        ),
        (
            f"/api/v1/templates/{template['id']}/export",
            {"versoin": "1"},
            "versoin",
            "is not a parameter of this operation",
        ),
    ]
    for path, params, name, message in cases:
        answer = await client.get(path, headers=org.auth, params=params)
        assert answer.status_code == 422, (path, answer.text)
        assert answer.headers["content-type"] == "application/problem+json"
        problem = answer.json()
        assert problem["errors"] == [{"parameter": name, "message": message}], path
        assert problem["detail"].startswith(f"Unknown parameter(s): {name}. This operation takes ")
    # an operation that takes no parameter refuses them too: it answered every template
    templates = await client.get("/api/v1/templates", headers=org.auth, params={"status": "x"})
    assert templates.status_code == 422, templates.text
    assert templates.json()["detail"] == (
        "Unknown parameter(s): status. This operation takes no parameters."
    )
    assert templates.json()["errors"] == [
        {"parameter": "status", "message": "is not a parameter of this operation"}
    ]
    schema = (await client.get("/schema/openapi.json")).json()
    assert "422" in schema["paths"]["/api/v1/templates"]["get"]["responses"]
    listed = await client.get("/api/v1/envelopes", headers=org.auth, params={"per_page": "5"})
    assert listed.status_code == 200 and listed.json()["total"] == 1
    # the key is checked first: without one it is still a 401
    anonymous = await client.get("/api/v1/envelopes", params={"from": "2026-11-01"})
    assert anonymous.status_code == 401
