"""Bad input as an integrator sends it: each answer is a problem document that says what to
change (the parameter, the methods a path takes) with the right status."""

import uuid
from unittest.mock import MagicMock, patch

from litestar.testing import AsyncTestClient

from tests.integration.conftest import Org, import_template, new_org


async def other_org() -> Org:
    return await new_org("Other org")


async def test_filtering_by_another_organisations_template_is_a_404(
    client: AsyncTestClient, org: Org
) -> None:
    """As the exports already did: a template id you cannot see is not an empty list."""
    theirs = await import_template(client, await other_org())
    for path in ("/api/v1/envelopes", "/api/v1/envelopes/search"):
        for template_id in (theirs["id"], str(uuid.uuid4())):
            answer = await client.get(path, headers=org.auth, params={"template_id": template_id})
            assert answer.status_code == 404, (path, answer.text)
            assert answer.headers["content-type"] == "application/problem+json"
            assert answer.json()["detail"] == f"No template with id {template_id}."
    mine = await import_template(client, org)
    for path in ("/api/v1/envelopes", "/api/v1/envelopes/search"):
        answer = await client.get(path, headers=org.auth, params={"template_id": mine["id"]})
        assert answer.status_code == 200 and answer.json()["items"] == []


async def test_a_page_out_of_range_names_the_parameter(client: AsyncTestClient, org: Org) -> None:
    for path in ("/api/v1/envelopes", "/api/v1/envelopes/search"):
        answer = await client.get(path, headers=org.auth, params={"page": 0, "per_page": 500})
        assert answer.status_code == 422, answer.text
        assert answer.json()["errors"] == [
            {"parameter": "page", "message": "must be 1 or more"},
            {"parameter": "per_page", "message": "must be 1 to 100"},
        ]
        past = await client.get(path, headers=org.auth, params={"page": 40})
        assert past.status_code == 200 and past.json()["items"] == []  # past the end: empty


async def test_a_wrong_method_says_which_ones_the_path_takes(
    client: AsyncTestClient, org: Org
) -> None:
    answer = await client.delete("/api/v1/templates", headers=org.auth)
    assert answer.status_code == 405
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.json()["detail"] == "DELETE is not allowed on this path; it takes GET, POST."
    assert answer.headers["allow"] == "GET, OPTIONS, POST"


def test_the_methods_a_path_takes_are_named_in_one_order_whatever_the_router_says() -> None:
    """The router keeps a path's methods in a set, whose order changes from one process to
    the next: docs/api.md quotes one answer, so every process must give that one."""
    from litestar.exceptions import MethodNotAllowedException

    from runtime.web.errors import handle_exception

    request = MagicMock(method="DELETE", headers={"accept": "application/json"})
    for allow in ("POST, OPTIONS, GET", "GET, POST, OPTIONS", "OPTIONS, POST, GET"):
        exc = MethodNotAllowedException(headers={"Allow": allow})
        with patch("runtime.web.errors.wants_json", return_value=True):
            answer = handle_exception(request, exc)
        assert answer.content["detail"] == "DELETE is not allowed on this path; it takes GET, POST."
        assert answer.headers["Allow"] == "GET, OPTIONS, POST"


async def test_a_bulk_send_that_is_not_multipart_is_a_415_that_says_what_to_send(
    client: AsyncTestClient, org: Org
) -> None:
    template = await import_template(client, org)
    answer = await client.post(
        "/api/v1/bulk-sends", headers=org.auth, json={"template_id": template["id"]}
    )
    assert answer.status_code == 415, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    assert "multipart/form-data" in answer.json()["detail"]
    assert "field named 'file'" in answer.json()["detail"]


async def test_embedding_problems_are_listed_with_their_paths(
    client: AsyncTestClient, org: Org
) -> None:
    answer = await client.put(
        "/api/v1/organisation/embedding",
        headers=org.auth,
        json={
            "origins": ["ftp://x"],
            "issuer": "https://idp.example.com",
            "mode": "jwks",
            "jwks_url": "http://idp.example.com/keys",
        },
    )
    assert answer.status_code == 422, answer.text
    problems = answer.json()["errors"]
    assert [p["path"] for p in problems] == ["$.origins", "$.jwks_url"]
    assert "https://" in problems[1]["message"]
    detail = answer.json()["detail"]
    assert detail == " ".join(
        m if m.endswith(".") else f"{m}." for m in (p["message"] for p in problems)
    )


async def test_an_empty_body_is_named_as_such(client: AsyncTestClient, org: Org) -> None:
    """Not Litestar's KeyError text ("'data'") as the message."""
    answer = await client.post(
        "/api/v1/envelopes", headers={**org.auth, "Content-Type": "application/json"}
    )
    assert answer.status_code == 400, answer.text
    assert answer.json()["detail"] == "The request body is empty: send a JSON object."
    assert answer.json()["errors"] == [{"path": "$", "message": "is required"}]


async def test_a_bad_prefill_date_shows_the_iso_form_the_api_takes(
    client: AsyncTestClient, org: Org
) -> None:
    """The API takes dates as 2027-03-27; the signer's example (27/03/2026) misled callers."""
    template = await import_template(client, org)
    body = {
        "template_id": template["id"],
        "recipients": [{"role": "customer", "name": "Alex Example", "email": "alex@example.com"}],
        "prefill": {"start_date": "2027-02-31"},
    }
    answer = await client.post("/api/v1/envelopes", json=body, headers=org.auth)
    assert answer.status_code == 422, answer.text
    assert answer.json()["errors"] == [
        {
            "path": "$.prefill.start_date",
            "message": "Service start date must be a real date in the form YYYY-MM-DD, "
            "like 2027-03-27",
        }
    ]
    body["prefill"] = {"start_date": "2027-03-27"}
    assert (await client.post("/api/v1/envelopes", json=body, headers=org.auth)).status_code == 201


async def test_a_wrong_filter_names_the_parameter(client: AsyncTestClient, org: Org) -> None:
    """A bad date or an unknown status says which filter, as a wrong page already did."""
    cases = [
        ("/api/v1/envelopes", {"created_from": "27.11.2026"}, "created_from"),
        ("/api/v1/envelopes", {"status": "done"}, "status"),
        ("/api/v1/envelopes/search", {"from": "yesterday"}, "from"),
        ("/api/v1/envelopes/search", {"status": "done"}, "status"),
        ("/api/v1/envelopes/export.csv", {"to": "2026-13-01"}, "to"),
    ]
    for path, params, name in cases:
        answer = await client.get(path, headers=org.auth, params=params)
        assert answer.status_code == 422, (path, answer.text)
        problem = answer.json()
        assert [e["parameter"] for e in problem["errors"]] == [name], (path, problem)
        assert problem["errors"][0]["message"] == problem["detail"]


async def test_a_webhook_with_a_wrong_address_and_wrong_events_names_both(
    client: AsyncTestClient, org: Org
) -> None:
    """Only the address was reported (the events after fixing it, one round trip later),
    in `detail` alone with no `errors`; a description over 200 characters was cut short in
    silence (the designer's screen refuses it)."""
    answer = await client.post(
        "/api/v1/webhooks",
        headers=org.auth,
        json={"url": "crm.example.com/formseal", "events": ["envelope.done"]},
    )
    assert answer.status_code == 422, answer.text
    problem = answer.json()
    assert [e["path"] for e in problem["errors"]] == ["$.url", "$.events"]
    assert problem["errors"][0]["message"] == (
        "The webhook URL must start with https:// (or http://) and name a host."
    )
    assert problem["errors"][1]["message"].startswith("Unknown event(s): envelope.done. Known:")
    assert problem["detail"] == " ".join(e["message"] for e in problem["errors"])
    long = await client.post(
        "/api/v1/webhooks",
        headers=org.auth,
        json={"url": "https://crm.example.com/formseal", "description": "x" * 201},
    )
    assert long.status_code == 422, long.text
    assert long.json()["errors"] == [
        {"path": "$.description", "message": "Expected `str` of length <= 200"}
    ]
    listed = (await client.get("/api/v1/webhooks", headers=org.auth)).json()["items"]
    assert listed == []


async def test_a_value_outside_a_choice_names_the_choices(
    client: AsyncTestClient, org: Org
) -> None:
    """`"mode": "rs256"` answered "Invalid enum value 'rs256'" without saying which modes
    there are (the template definition's errors say "expected one of: …")."""
    answer = await client.put(
        "/api/v1/organisation/embedding",
        headers=org.auth,
        json={"origins": ["https://intranet.example.com"], "issuer": "x", "mode": "rs256"},
    )
    assert answer.status_code == 422, answer.text
    assert answer.json()["errors"] == [
        {"path": "$.mode", "message": "Invalid enum value 'rs256'; expected one of: hs256, jwks"}
    ]
