"""A request with several wrong query parameters (or tags) is told about all of them in
one 422 (docs/api.md, "Every problem at once"): archive search named only the first wrong
filter, and a wrong filter hid a `page` that was not a number or out of range; tags named
only the first bad one, and too many tags were said with no `errors`; so an integrator
fixed one problem per try."""

from litestar.testing import AsyncTestClient

from tests.integration.conftest import Org, create_envelope, import_template

SEARCH = "/api/v1/envelopes/search"


async def problems(client: AsyncTestClient, org: Org, path: str, params: dict) -> dict:
    answer = await client.get(path, headers=org.auth, params=params)
    assert answer.status_code == 422, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    return answer.json()


async def test_search_names_a_wrong_filter_and_a_wrong_type_together(
    client: AsyncTestClient, org: Org
) -> None:
    problem = await problems(client, org, SEARCH, {"status": "lost", "page": "two"})
    assert [(e["parameter"], e["message"]) for e in problem["errors"]] == [
        (
            "status",
            "Unknown status 'lost'. Use one of: draft, sent, in_progress, completed, "
            "declined, expired, voided.",
        ),
        ("page", "must be a whole number"),
    ]
    assert problem["detail"] == (
        "The parameters are not valid: Unknown status 'lost'. Use one of: draft, sent, "
        "in_progress, completed, declined, expired, voided; page must be a whole number."
    )
    problem = await problems(client, org, SEARCH, {"to": "someday", "per_page": "0"})
    assert [e["parameter"] for e in problem["errors"]] == ["to", "per_page"]


async def test_search_names_every_wrong_filter_and_page(client: AsyncTestClient, org: Org) -> None:
    params = {
        "status": "done",
        "template_id": "nope",
        "from": "31/01/2026",
        "q": "a1 b2 c3 d4 e5 f6 g7 h8 i9",
        "page": "0",
        "per_page": "500",
    }
    problem = await problems(client, org, SEARCH, params)
    names = [e["parameter"] for e in problem["errors"]]
    assert names == ["status", "template_id", "from", "q", "page", "per_page"]
    for name in ("'done'", "UUID", "2026-01-31", "8 words", "per_page"):
        assert name in problem["detail"], (name, problem["detail"])
    # the date order too, and a page past the last match that can be paged to
    params = {"from": "2026-02-01", "to": "2026-01-01", "page": "1001", "per_page": "10"}
    problem = await problems(client, org, SEARCH, params)
    assert [e["parameter"] for e in problem["errors"]] == ["to", "page"]
    assert "first 10,000 matches" in problem["errors"][1]["message"]


async def test_one_wrong_parameter_reads_as_before(client: AsyncTestClient, org: Org) -> None:
    """A single problem worded as a sentence is the `detail` itself."""
    problem = await problems(client, org, SEARCH, {"from": "yesterday"})
    assert problem["errors"] == [
        {"parameter": "from", "message": "'from' must be a date like 2026-01-31."}
    ]
    assert problem["detail"] == problem["errors"][0]["message"]
    problem = await problems(client, org, SEARCH, {"page": "two"})
    assert problem["detail"] == "The parameter is not valid: page must be a whole number."


async def test_every_wrong_tag_is_named(client: AsyncTestClient, org: Org) -> None:
    template = await import_template(client, org)
    envelope = await create_envelope(client, org, template["id"])
    url = f"/api/v1/envelopes/{envelope['id']}/tags"
    answer = await client.put(url, headers=org.auth, json={"tags": ["hr", "<b>", "=x"]})
    assert answer.status_code == 422, answer.text
    problem = answer.json()
    assert [e["path"] for e in problem["errors"]] == ["$.tags[1]", "$.tags[2]"]
    assert problem["detail"].startswith("The tags '<b>' and '=x' are not valid: use up to 40")
    many = [f"t{i}" for i in range(21)] + ["#"]
    answer = await client.put(url, headers=org.auth, json={"tags": many})
    assert answer.status_code == 422, answer.text
    assert [e["path"] for e in answer.json()["errors"]] == ["$.tags[21]", "$.tags"]
    assert "at most 20 tags" in answer.json()["detail"]
    # the same rule when sending
    body = {"template_id": template["id"], "tags": ["ok", "<i>", "*"], "recipients": []}
    answer = await client.post("/api/v1/envelopes", headers=org.auth, json=body)
    assert answer.status_code == 422
    assert {"$.tags[1]", "$.tags[2]"} <= {e.get("path") for e in answer.json()["errors"]}


async def test_the_envelope_list_names_every_wrong_parameter(
    client: AsyncTestClient, org: Org
) -> None:
    """`?status=lost&page=two` named only `page`; with it fixed, only `status`."""
    path = "/api/v1/envelopes"
    problem = await problems(client, org, path, {"status": "lost", "page": "two"})
    assert [e["parameter"] for e in problem["errors"]] == ["status", "page"]
    params = {
        "status": "lost",
        "template_id": "nope",
        "created_from": "2026-11-10",
        "created_to": "2026-11-01",
        "per_page": "0",
    }
    problem = await problems(client, org, path, params)
    assert [(e["parameter"], e["message"]) for e in problem["errors"]] == [
        (
            "status",
            "Unknown status 'lost'. Use one of: draft, sent, in_progress, completed, "
            "declined, expired, voided.",
        ),
        ("template_id", "must be a UUID"),
        ("created_to", "created_to is before created_from."),
        ("per_page", "must be 1 to 100"),
    ]
    assert problem["detail"].endswith(
        "template_id must be a UUID; created_to is before created_from; per_page must be 1 to 100."
    )
    # one problem reads as before; no key is still a 401 first
    problem = await problems(client, org, path, {"created_from": "27.11.2026"})
    assert problem["detail"] == "created_from must be a date like 2026-11-27."
    answer = await client.get(path, params={"status": "lost"})
    assert answer.status_code == 401
