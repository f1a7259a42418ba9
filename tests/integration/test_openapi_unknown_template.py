"""/schema lists the 404 of every operation that takes a `template_id` in its body or
parameters: another organisation's template is a `404` there (docs/api.md), but the schema
gave a 404 only to paths with an id in them, so a client generated from it had no answer
declared for the envelope create, list, search, the three exports and the bulk send."""

from typing import Any

from litestar.testing import AsyncTestClient

from tests.integration.conftest import Org, import_template, new_org

PROBLEM = "application/problem+json"


async def test_another_organisations_template_id_is_a_404_declared_in_the_schema(
    client: AsyncTestClient, org: Org
) -> None:
    theirs = (await import_template(client, await new_org("Other org")))["id"]
    recipient = {"role": "customer", "name": "Alex Example", "email": "alex@example.com"}
    query = {"template_id": theirs}
    requests: list[tuple[str, str, dict[str, Any]]] = [
        ("post", "/api/v1/envelopes", {"json": {"template_id": theirs, "recipients": [recipient]}}),
        ("get", "/api/v1/envelopes", {"params": query}),
        ("get", "/api/v1/envelopes/search", {"params": query}),
        ("get", "/api/v1/envelopes/export.csv", {"params": query}),
        ("get", "/api/v1/envelopes/export.xlsx", {"params": query}),
        ("get", "/api/v1/envelopes/export.zip", {"params": query}),
        (
            "post",
            "/api/v1/bulk-sends",
            {
                "data": {"template_id": theirs, "dry_run": "true"},
                "files": {"file": ("rows.csv", b"name,email\nAna,ana@example.com\n", "text/csv")},
            },
        ),
    ]
    paths = (await client.get("/schema/openapi.json")).json()["paths"]
    for method, path, kwargs in requests:
        answer = await client.request(method.upper(), path, headers=org.auth, **kwargs)
        where = f"{method.upper()} {path}"
        assert answer.status_code == 404, (where, answer.text)
        assert answer.headers["content-type"] == PROBLEM, where
        assert answer.json()["detail"] == f"No template with id {theirs}.", where
        declared = paths[path][method]["responses"]
        assert "404" in declared, where
        assert "template_id" in declared["404"]["description"], where
        assert list(declared["404"]["content"]) == [PROBLEM], where
