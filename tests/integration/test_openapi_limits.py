"""/schema declares what the code checks and answers: `page`/`per_page` with the minimum and
maximum beyond which the list is a 422, and the 409, 413 and 415 problems the operations
really give (it declared none of them, so a generated client had no case for them)."""

from typing import Any

from litestar.testing import AsyncTestClient

from tests.integration.conftest import Org

PROBLEM = "application/problem+json"


def parameter(operation: dict[str, Any], name: str) -> dict[str, Any]:
    (found,) = [p for p in operation["parameters"] if p["name"] == name]
    return found["schema"]


async def test_paging_limits_and_409_413_415_are_declared_and_true(
    client: AsyncTestClient, org: Org
) -> None:
    schema = (await client.get("/schema/openapi.json")).json()
    paths = schema["paths"]
    listing = paths["/api/v1/envelopes"]["get"]
    assert parameter(listing, "page") | {"default": 1} == {
        "type": "integer",
        "minimum": 1,
        "maximum": 1_000_000,
        "default": 1,
    }
    assert parameter(listing, "per_page")["minimum"] == 1
    assert parameter(listing, "per_page")["maximum"] == 100
    # the declared limits are the checked ones
    at_most = await client.get("/api/v1/envelopes", headers=org.auth, params={"per_page": 100})
    assert at_most.status_code == 200
    over = await client.get("/api/v1/envelopes", headers=org.auth, params={"per_page": 101})
    assert over.status_code == 422

    declared = {
        ("/api/v1/templates", "post"): {"413", "415"},
        ("/api/v1/templates/{template_id}/publish", "post"): {"413", "415"},
        ("/api/v1/bulk-sends", "post"): {"413", "415"},
        ("/api/v1/verify", "post"): {"413", "415"},
        ("/api/v1/envelopes", "post"): {"413"},
        ("/api/v1/envelopes/{envelope_id}/void", "post"): {"409", "413"},
        ("/api/v1/envelopes/{envelope_id}/remind", "post"): {"409"},
        ("/api/v1/envelopes/{envelope_id}/sealed.pdf", "get"): {"409"},
        ("/api/v1/webhooks/{endpoint_id}/deliveries/{delivery_id}/redeliver", "post"): {"409"},
        ("/api/v1/templates/{template_id}/links", "post"): {"409", "413"},
    }
    for (path, method), statuses in declared.items():
        responses = paths[path][method]["responses"]
        for status in statuses:
            assert PROBLEM in responses[status]["content"], (path, method, status)
    assert "413" not in paths["/api/v1/envelopes"]["get"]["responses"]

    # and answered as declared
    form = await client.post(
        "/api/v1/templates", headers=org.auth, files={"file": ("t.json", b"{}")}
    )
    assert form.status_code == 415
    upload = await client.post(
        "/api/v1/verify", headers=org.auth, files={"file": ("s.pdf", b"%PDF-1.7")}
    )
    assert upload.status_code == 415


async def test_verify_answers_a_body_that_is_not_a_pdf_with_a_report(
    client: AsyncTestClient, org: Org
) -> None:
    """Decided in docs/api.md: "not even a PDF" is an answer to "is this our sealed PDF?"."""
    headers = {**org.auth, "Content-Type": "application/pdf"}
    answer = await client.post("/api/v1/verify", headers=headers, content=b"hello, not a pdf")
    assert answer.status_code == 200
    assert answer.json()["ok"] is False
    assert answer.json()["reasons"] == ["This file is not a PDF."]


async def test_search_declares_and_checks_its_own_per_page_limit(
    client: AsyncTestClient, org: Org
) -> None:
    """Search declared the envelope list's `per_page` limit, whatever its own was."""
    from runtime.archive.search import MAX_PER_PAGE

    schema = (await client.get("/schema/openapi.json")).json()
    searching = schema["paths"]["/api/v1/envelopes/search"]["get"]
    assert parameter(searching, "per_page")["maximum"] == MAX_PER_PAGE
    path = "/api/v1/envelopes/search"
    at_most = await client.get(path, headers=org.auth, params={"per_page": MAX_PER_PAGE})
    assert at_most.status_code == 200, at_most.text
    over = await client.get(path, headers=org.auth, params={"per_page": MAX_PER_PAGE + 1})
    assert over.status_code == 422
    assert over.json()["errors"] == [
        {"parameter": "per_page", "message": f"must be 1 to {MAX_PER_PAGE}"}
    ]


def test_each_list_declares_the_per_page_limit_its_handler_names() -> None:
    from litestar import Litestar, get

    from runtime.api.openapi import describe_api

    @get("/api/v1/things", opt={"max_per_page": 7}, sync_to_thread=False)
    def things(page: int = 1, per_page: int = 5) -> dict[str, int]:
        return {}

    @get("/api/v1/unpaged", sync_to_thread=False)
    def unpaged(per_page: int = 5) -> dict[str, int]:
        return {}

    app = Litestar([things, unpaged])
    describe_api(app)
    paths = app.openapi_schema.to_schema()["paths"]
    assert parameter(paths["/api/v1/things"]["get"], "per_page")["maximum"] == 7
    assert "maximum" not in parameter(paths["/api/v1/unpaged"]["get"], "per_page")
