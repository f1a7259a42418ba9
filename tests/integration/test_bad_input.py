"""Bad input gets a precise error, the right status, and changes nothing."""

import json
import uuid

from litestar.testing import AsyncTestClient

from runtime.tables import Envelope, Template
from tests.integration.conftest import (
    Org,
    create_envelope,
    csrf_from,
    demo_definition,
    fill_demo,
    import_template,
    new_org,
    open_link,
    path_of,
    run_jobs,
)


def _problem(response, status: int) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == status and body["detail"]
    return body


async def test_malformed_definitions_name_the_path(client: AsyncTestClient, org: Org) -> None:
    before = await Template.count().where(Template.organisation == org.id)
    headers = {**org.auth, "Content-Type": "application/json"}

    body = _problem(
        await client.post("/api/v1/templates", content=b"{not json", headers=headers), 400
    )  # a body that is not JSON is a 400, as on every operation (docs/api.md)
    assert body["errors"][0]["path"] == "$"

    broken = demo_definition()
    broken["sections"][0]["fields"][1]["component"] = "telepathy"
    broken["sections"][1]["role"] = "nobody"
    body = _problem(
        await client.post("/api/v1/templates", content=json.dumps(broken), headers=headers), 422
    )
    paths = {e["path"]: e["message"] for e in body["errors"]}
    assert paths["$.sections[0].fields[1].component"] == "unknown component 'telepathy'"
    assert "nobody" in paths["$.sections[1].role"]

    wrong_type = demo_definition()
    wrong_type["roles"][0]["stage"] = "first"
    body = _problem(
        await client.post("/api/v1/templates", content=json.dumps(wrong_type), headers=headers), 422
    )
    assert body["errors"] == [{"path": "$.roles[0].stage", "message": "Expected `int`, got `str`"}]

    _problem(await client.post("/api/v1/templates", content=b"name=x", headers={**org.auth}), 415)
    assert await Template.count().where(Template.organisation == org.id) == before


async def test_api_keys_are_checked(client: AsyncTestClient, org: Org) -> None:
    _problem(await client.get("/api/v1/templates"), 401)
    _problem(
        await client.get("/api/v1/templates", headers={"Authorization": "Bearer fs_wrong"}), 401
    )
    _problem(await client.get("/api/v1/templates", headers={"Authorization": "Basic abc"}), 401)
    assert (await client.get("/api/v1/templates", headers=org.auth)).status_code == 200


async def test_unknown_and_foreign_ids_are_404(client: AsyncTestClient, org: Org) -> None:
    _problem(await client.get(f"/api/v1/templates/{uuid.uuid4()}", headers=org.auth), 404)
    _problem(await client.get(f"/api/v1/envelopes/{uuid.uuid4()}", headers=org.auth), 404)
    body = _problem(
        await client.post(
            "/api/v1/envelopes",
            headers=org.auth,
            json={"template_id": str(uuid.uuid4()), "recipients": []},
        ),
        404,
    )
    assert "No template" in body["detail"]
    # an id that is no UUID matches no route: the problem says what to check
    body = _problem(await client.get("/api/v1/envelopes/not-a-uuid", headers=org.auth), 404)
    assert "ids in it are UUIDs" in body["detail"]
    page = await client.get("/designer/no-such-page")
    assert page.status_code == 404 and "There is no page at this address" in page.text

    template = await import_template(client, org)
    envelope = await create_envelope(client, org, template["id"])
    other = await new_org("Other org")
    _problem(await client.get(f"/api/v1/templates/{template['id']}", headers=other.auth), 404)
    _problem(await client.get(f"/api/v1/envelopes/{envelope['id']}", headers=other.auth), 404)
    _problem(
        await client.get(f"/api/v1/envelopes/{envelope['id']}/sealed.pdf", headers=other.auth), 404
    )
    _problem(
        await client.post(
            "/api/v1/envelopes",
            headers=other.auth,
            json={"template_id": template["id"], "recipients": []},
        ),
        404,
    )


async def test_invalid_envelope_requests(client: AsyncTestClient, org: Org) -> None:
    template = await import_template(client, org)
    before = await Envelope.count().where(Envelope.organisation == org.id)
    body = _problem(
        await client.post(
            "/api/v1/envelopes",
            headers=org.auth,
            json={
                "template_id": template["id"],
                "recipients": [{"role": "boss", "name": "", "email": "not-an-email"}],
                "prefill": {"start_date": "31/02/2027", "shoe_size": 42},
            },
        ),
        422,
    )
    assert "recipients" in body["detail"]
    paths = {e["path"] for e in body["errors"]}
    assert {
        "$.recipients[0].role",
        "$.recipients[0].name",
        "$.recipients[0].email",
        "$.recipients",
    } <= paths

    body = _problem(
        await client.post(
            "/api/v1/envelopes",
            headers=org.auth,
            json={
                "template_id": template["id"],
                "recipients": [{"role": "customer", "name": "A", "email": "a@example.com"}],
                "prefill": {
                    "start_date": "31/02/2027",
                    "shoe_size": 42,
                    "signature": {"kind": "typed", "text": "A"},  # nobody signs for the signer
                },
            },
        ),
        422,
    )
    errors = {e["path"]: e["message"] for e in body["errors"]}
    assert set(errors) == {"$.prefill.start_date", "$.prefill.shoe_size", "$.prefill.signature"}
    assert "cannot be filled in beforehand" in errors["$.prefill.signature"]

    body = _problem(
        await client.post(
            "/api/v1/envelopes",
            headers=org.auth,
            json={"template_id": "not-a-uuid", "recipients": []},
        ),
        422,
    )
    assert body["errors"]
    body = _problem(
        await client.post(
            "/api/v1/envelopes",
            headers={**org.auth, "Content-Type": "application/json"},
            content=b"{oops",
        ),
        400,
    )
    assert await Envelope.count().where(Envelope.organisation == org.id) == before


async def test_signing_links_refuse_unknown_and_finished_tokens(
    client: AsyncTestClient, org: Org, settings
) -> None:
    unknown = await client.get("/s/" + "A" * 43 + "/step/1")
    assert unknown.status_code == 404
    assert "text/html" in unknown.headers["content-type"]
    assert "This signing link is not valid" in unknown.text
    # its footer is the site's (a way to check a sealed document), not an empty band
    footer = unknown.text.split('<footer class="site-footer">')[1].split("</footer>")[0]
    assert '<a href="/verify">Check a sealed document</a>' in footer

    template = await import_template(client, org)
    envelope = await create_envelope(client, org, template["id"])
    link = path_of(envelope["recipients"][0]["signing_url"])
    assert (await client.get(f"{link}/step/9")).status_code == 404

    await fill_demo(client, link)
    await run_jobs(settings)
    token = csrf_from((await client.get("/verify")).text)
    # After finishing, the link only shows the confirmation and the download.
    assert (await client.get(f"{link}/step/1")).headers["location"].endswith("/done")
    again = await client.post(f"{link}/step/1", data={"_csrf_token": token, "full_name": "Mallory"})
    # a window left open after signing leads on to the confirmation, changing nothing
    assert again.status_code == 303
    assert again.headers["location"].split("?")[0].endswith(f"{link}/done")
    status = (await client.get(f"/api/v1/envelopes/{envelope['id']}", headers=org.auth)).json()
    assert status["answers"]["full_name"] == "Alex Example"


async def test_missing_required_fields_are_shown_beside_the_field(
    client: AsyncTestClient, org: Org
) -> None:
    template = await import_template(client, org)
    envelope = await create_envelope(client, org, template["id"])
    link = path_of(envelope["recipients"][0]["signing_url"])
    page = await open_link(client, link)
    token = csrf_from(page.text)
    response = await client.post(
        f"{link}/step/1",
        data={
            "_csrf_token": token,
            "full_name": "",
            "email": "alex@example",
            "start_date": "2027-02-30",
        },
    )
    assert response.status_code == 422
    assert "There is a problem" in response.text
    assert 'href="#field-full_name">Enter full name</a>' in response.text
    assert 'id="error-full_name"' in response.text
    assert "must be a real date" in response.text
    # Skipping ahead to finish is refused: the server re-validates every step.
    finish = await client.post(f"{link}/finish", data={"_csrf_token": token})
    assert finish.status_code == 422
    status = (await client.get(f"/api/v1/envelopes/{envelope['id']}", headers=org.auth)).json()
    assert status["recipients"][0]["status"] == "viewed"


async def test_body_errors_name_the_real_path(client: AsyncTestClient, org: Org) -> None:
    response = await client.post(
        "/api/v1/envelopes",
        headers=org.auth,
        json={"template_id": str(uuid.uuid4()), "recipients": "x"},
    )
    body = _problem(response, 422)
    assert body["errors"] == [{"path": "$.recipients", "message": "Expected `array`, got `str`"}]


async def test_change_link_returns_to_the_review(client: AsyncTestClient, org: Org) -> None:
    template = await import_template(client, org)
    envelope = await create_envelope(client, org, template["id"])
    link = path_of(envelope["recipients"][0]["signing_url"])
    await fill_demo_without_finishing(client, link)
    review = await client.get(f"{link}/review")
    assert f'href="{link}/step/1?return=review#field-full_name"' in review.text
    step = await client.get(f"{link}/step/1?return=review")
    assert f'action="{link}/step/1?return=review"' in step.text
    token = csrf_from(step.text)
    saved = await client.post(
        f"{link}/step/1?return=review",
        data={
            "_csrf_token": token,
            "full_name": "Alex Changed",
            "email": "alex@example.com",
            "start_date": "2027-03-01",
        },
    )
    assert saved.status_code == 303 and saved.headers["location"].endswith("/review")


async def fill_demo_without_finishing(client: AsyncTestClient, link: str) -> None:
    page = await open_link(client, link)
    token = csrf_from(page.text)
    await client.post(
        f"{link}/step/1",
        data={
            "_csrf_token": token,
            "full_name": "Alex",
            "email": "alex@example.com",
            "start_date": "2027-03-01",
        },
    )
    await client.post(
        f"{link}/step/2",
        data={"_csrf_token": token, "accept_terms": "yes", "signature__typed": "Alex"},
    )


async def test_lint_errors_refuse_publishing_and_warnings_are_returned(
    client: AsyncTestClient, org: Org
) -> None:
    definition = demo_definition()
    definition["sections"][1]["fields"] = [
        f for f in definition["sections"][1]["fields"] if f["key"] != "signature"
    ]
    definition["document"] = [b for b in definition["document"] if b["kind"] != "signature"]
    definition["sections"][0]["visible_if"] = {"==": [{"var": "ghost_field"}, "x"]}
    response = await client.post(
        "/api/v1/templates",
        content=json.dumps(definition),
        headers={**org.auth, "Content-Type": "application/json"},
    )
    body = _problem(response, 422)
    assert "must be fixed" in body["detail"]
    paths = {e["path"] for e in body["errors"]}
    assert "$.sections[0].visible_if" in {p.split(".var")[0].split(".==")[0] for p in paths} or any(
        p.startswith("$.sections[0].visible_if") for p in paths
    )
    assert any("signature" in e["message"] for e in body["errors"])


async def test_definition_schema_is_served(client: AsyncTestClient) -> None:
    response = await client.get("/schema/definition.json")
    assert response.status_code == 200
    schema = response.json()
    assert "$defs" in schema or "definitions" in schema or "properties" in schema
    assert "signature" in json.dumps(schema)


async def test_integrator_mistakes_get_precise_problems(client: AsyncTestClient, org: Org) -> None:
    """What an integrator gets wrong first: each answer says exactly what and where."""
    headers = {**org.auth, "Content-Type": "application/json"}
    truncated = _problem(
        await client.post("/api/v1/envelopes", headers=headers, content=b'{"template_id": '), 400
    )
    assert truncated["detail"] == "The request body is not valid JSON."
    assert truncated["errors"][0]["path"] == "$" and truncated["errors"][0]["message"]

    envelope = await create_envelope(client, org, (await import_template(client, org))["id"])
    missing = _problem(
        await client.post(f"/api/v1/envelopes/{envelope['id']}/void", headers=headers, json={}),
        422,
    )
    assert missing["errors"] == [{"path": "$.reason", "message": "is required"}]
    nested = _problem(
        await client.post(
            "/api/v1/envelopes",
            headers=org.auth,
            json={"template_id": str(uuid.uuid4()), "recipients": [{"role": "c", "name": "A"}]},
        ),
        422,
    )
    assert nested["errors"] == [{"path": "$.recipients[0].email", "message": "is required"}]
    unknown = _problem(
        await client.post(
            "/api/v1/envelopes",
            headers=org.auth,
            json={"template_id": str(uuid.uuid4()), "recipients": [], "recipient": []},
        ),
        422,
    )
    assert unknown["errors"] == [{"path": "$.recipient", "message": "is not a known field"}]

    page = _problem(await client.get("/api/v1/envelopes?page=two", headers=org.auth), 422)
    assert page["detail"] == "The parameter is not valid: page must be a whole number."
    assert page["errors"] == [{"parameter": "page", "message": "must be a whole number"}]


async def test_a_too_large_body_says_the_limit(client: AsyncTestClient, org: Org) -> None:
    too_big = b"%PDF-" + b"0" * 50_000_000
    body = _problem(
        await client.post(
            "/api/v1/verify",
            headers={**org.auth, "Content-Type": "application/pdf"},
            content=too_big,
        ),
        413,
    )
    # in MB of 1,000,000 bytes, as the /verify page says its limit
    assert body["detail"] == "The request body is too large: this endpoint takes at most 50 MB."
