"""/schema as a client generator reads it: how to authenticate, what an error looks like,
and what each download is. It said none of this: every 400 was Litestar's own
`{"status_code", "detail", "extra"}` in `application/json` (the API answers problem
documents), no operation named the bearer key or its 401/403, the sealed PDF and the
exports were `application/json`, and the bulk send listed a 201 it never answers."""

import re
from typing import Any

from litestar.testing import AsyncTestClient

from tests.integration.conftest import Org

PROBLEM = "application/problem+json"


def api_operations(schema: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method, path, operation)
        for path, item in schema["paths"].items()
        if path.startswith("/api/")
        for method, operation in item.items()
        if method != "options"
    ]


async def test_every_api_operation_names_the_key_and_its_problem_answers(
    client: AsyncTestClient, org: Org
) -> None:
    schema = (await client.get("/schema/openapi.json")).json()
    assert schema["components"]["securitySchemes"]["apiKey"] == {
        "type": "http",
        "scheme": "bearer",
        "description": "An API key: `Authorization: Bearer fs_…` (formseal apikey create).",
    }
    operations = api_operations(schema)
    assert len(operations) > 30
    for method, path, operation in operations:
        where = f"{method.upper()} {path}"
        assert operation["security"] == [{"apiKey": []}], where
        for status in ("401", "403", "429") + (("404",) if "{" in path else ()):
            assert list(operation["responses"][status]["content"]) == [PROBLEM], (where, status)
        for status, answer in operation["responses"].items():
            if status >= "400":
                problem = answer["content"][PROBLEM]["schema"]
                assert problem["required"] == ["type", "title", "status", "detail"], where
                assert "status_code" not in str(answer), where
    # an answer the API gives has what the schema promises
    refused = await client.get("/api/v1/envelopes", params={"per_page": "0"}, headers=org.auth)
    assert refused.headers["content-type"] == PROBLEM
    paths = schema["paths"]
    required = paths["/api/v1/envelopes"]["get"]["responses"]["422"]["content"][PROBLEM]
    assert set(required["schema"]["required"]) <= set(refused.json())


async def test_downloads_say_what_they_are(client: AsyncTestClient) -> None:
    paths = (await client.get("/schema/openapi.json")).json()["paths"]

    def media(path: str) -> list[str]:
        return list(paths[path]["get"]["responses"]["200"]["content"])

    assert media("/api/v1/envelopes/{envelope_id}/sealed.pdf") == ["application/pdf"]
    assert media("/api/v1/envelopes/export.csv") == ["text/csv"]
    assert media("/api/v1/envelopes/export.zip") == ["application/zip"]
    assert media("/api/v1/envelopes/export.xlsx") == [
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    ]
    assert sorted(paths["/api/v1/bulk-sends"]["post"]["responses"])[:2] == ["200", "202"]
    assert "201" not in paths["/api/v1/bulk-sends"]["post"]["responses"]


async def test_the_exports_still_answer_with_their_own_types(
    client: AsyncTestClient, org: Org
) -> None:
    expected = {
        "export.csv": "text/csv; charset=utf-8",
        "export.zip": "application/zip",
        "export.xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }
    for name, content_type in expected.items():
        answer = await client.get(f"/api/v1/envelopes/{name}", headers=org.auth)
        assert answer.status_code == 200, (name, answer.text)
        assert answer.headers["content-type"] == content_type, name


async def test_the_browsable_reference_is_a_page_of_this_instance(client: AsyncTestClient) -> None:
    """/schema (the home page's "API reference") was Redoc loaded from cdn.redoc.ly, which
    the Content-Security-Policy (script-src 'self') refuses: a blank white page. Now the
    server renders it, with no script and nothing from another host."""
    page = await client.get("/schema")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    html = page.text
    assert "<script" not in html
    assert 'src="' not in html
    links = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    assert links and all(href.startswith("/") for href in links), links
    assert "<h1>formseal API 1</h1>" in html
    assert '<a href="#post--api-v1-envelopes">' in html
    assert '<section class="api-ref__op" id="post--api-v1-envelopes"' in html
    assert "<code>template_id</code> (required)" in html  # the body's fields
    assert "One customer, a prefilled PO number" in html  # the request example
    assert "application/problem+json" in html
    # the description's Markdown code, not its backticks
    assert (
        "<code>Authorization: Bearer &lt;key&gt;</code>" in html
        and "`" not in html.split("<main")[1].split("<nav")[0]
    )
    # each parameter says what it is for, and no description shows raw backticks
    create = html.split('id="post--api-v1-envelopes"')[1].split("</section>")[0]
    assert (
        '<td data-label="In">header</td><td data-label="Type">string or null'
        '<span class="api-ref__about">Any unique text (a UUID)'
    ) in create
    assert "<code>errors</code> names each" in html
    # `errors` is there for one problem too (it said "when there are several")
    assert "when there are several" not in html and "all of them in one answer" in html
    assert "`" not in html.split("<main")[1]
    assert (await client.get("/schema/openapi.json")).status_code == 200
    assert (await client.get("/schema/openapi.yaml")).status_code == 200
    for blank in ("redoc", "swagger", "elements", "rapidoc"):
        assert (await client.get(f"/schema/{blank}")).status_code == 404, blank
