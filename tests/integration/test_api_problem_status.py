"""One rule for what a wrong request answers (docs/api.md, "Errors"): a body that cannot be
read (empty, not JSON) is a 400; a key or parameter that is missing, unknown, of the wrong
type or out of range is a 422 naming it, as every other problem with what was sent.

Before, a missing key was a 400 on JSON bodies and a 422 on the bulk-send form and in a
template definition (where it pointed at `$`, not at the key); `?page=two` was a 400 and
`?page=0` a 422; and a body with several wrong keys named only the first."""

from litestar.testing import AsyncTestClient

from tests.integration.conftest import Org, create_envelope, import_template

PROBLEM = "application/problem+json"


def _problem(answer, status: int) -> dict:
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"] == PROBLEM
    return answer.json()


async def test_a_missing_key_is_a_422_naming_it_everywhere(
    client: AsyncTestClient, org: Org
) -> None:
    template = await import_template(client, org)
    envelope = await create_envelope(client, org, template["id"])
    missing = {
        ("POST", "/api/v1/envelopes"): "$.template_id",
        ("POST", f"/api/v1/envelopes/{envelope['id']}/void"): "$.reason",
        ("POST", f"/api/v1/templates/{template['id']}/links"): "$.recipient",
        ("POST", "/api/v1/webhooks"): "$.url",
        ("POST", "/api/v1/api-keys"): "$.name",
        ("PUT", "/api/v1/organisation/embedding"): "$.origins",
        ("PUT", "/api/v1/organisation/consent"): "$.text",
        ("POST", "/api/v1/templates"): "$.name",
    }
    for (method, path), key in missing.items():
        answer = await client.request(method, path, headers=org.auth, json={})
        body = _problem(answer, 422)
        assert {"path": key, "message": "is required"} in body["errors"], (path, body)
        if path != "/api/v1/templates":  # a definition's detail says only that it is not valid
            assert key in body["detail"], (path, body)
    form = await client.post(
        "/api/v1/bulk-sends", headers=org.auth, files={"file": ("r.csv", b"name,email\n")}
    )
    assert _problem(form, 422)["errors"][0]["parameter"] == "template_id"


async def test_a_parameter_of_the_wrong_type_is_a_422_in_plain_words(
    client: AsyncTestClient, org: Org
) -> None:
    template = await import_template(client, org)
    wrong = await client.get(
        "/api/v1/envelopes", headers=org.auth, params={"page": "two", "template_id": "abc"}
    )
    body = _problem(wrong, 422)
    assert sorted(body["errors"], key=lambda e: e["parameter"]) == [
        {"parameter": "page", "message": "must be a whole number"},
        {"parameter": "template_id", "message": "must be a UUID"},
    ]
    assert body["detail"].startswith("The parameters are not valid: ")
    version = await client.get(
        f"/api/v1/templates/{template['id']}/export", headers=org.auth, params={"version": "x"}
    )
    assert _problem(version, 422)["detail"] == (
        "The parameter is not valid: version must be a whole number."
    )


async def test_a_body_that_cannot_be_read_is_a_400(client: AsyncTestClient, org: Org) -> None:
    json_body = {**org.auth, "Content-Type": "application/json"}
    for path in ("/api/v1/envelopes", "/api/v1/templates", "/api/v1/webhooks"):
        empty = _problem(await client.post(path, headers=json_body), 400)
        assert empty["detail"].startswith("The request body is empty"), path
        assert empty["errors"] == [{"path": "$", "message": "is required"}]
        broken = _problem(await client.post(path, headers=json_body, content=b'{"a": '), 400)
        assert broken["detail"] == "The request body is not valid JSON.", path
        assert broken["errors"][0]["path"] == "$"
    template = _problem(
        await client.post("/api/v1/templates", headers=json_body, content=b'{\n  "name": x\n}'),
        400,
    )
    assert "at line 2, column 11" in template["errors"][0]["message"]  # where, as before
    pdf = {**org.auth, "Content-Type": "application/pdf"}
    verify = _problem(await client.post("/api/v1/verify", headers=pdf), 400)
    assert verify["detail"].startswith("The request body is empty: send the PDF")


async def test_every_problem_of_a_body_is_listed_at_once(client: AsyncTestClient, org: Org) -> None:
    body = {
        "template_id": "not-a-uuid",
        "recipients": [{"role": "customer", "name": 1}, {"email": "a@example.com"}],
        "expires_in_days": 0,
        "reminders": {"every_days": 0, "often": True},
        "colour": "red",
    }
    answer = _problem(await client.post("/api/v1/envelopes", headers=org.auth, json=body), 422)
    assert answer["errors"] == [
        {"path": "$.template_id", "message": "Invalid UUID"},
        {"path": "$.recipients[0].name", "message": "Expected `str`, got `int`"},
        {"path": "$.recipients[0].email", "message": "is required"},
        {"path": "$.recipients[1].role", "message": "is required"},
        {"path": "$.recipients[1].name", "message": "is required"},
        {"path": "$.expires_in_days", "message": "Expected `int` >= 1"},
        {"path": "$.reminders.every_days", "message": "Expected `int` >= 1"},
        {"path": "$.reminders.often", "message": "is not a known field"},
        {"path": "$.colour", "message": "is not a known field"},
    ]
    assert answer["detail"].startswith(
        "The request body has 9 problems: $.template_id: Invalid UUID;"
    )
    # a choice still names the values it takes, beside the other problems
    embedding = await client.put(
        "/api/v1/organisation/embedding",
        headers=org.auth,
        json={"origins": "https://intranet.example.com", "mode": "rs256"},
    )
    assert _problem(embedding, 422)["errors"] == [
        {"path": "$.origins", "message": "Expected `array`, got `str`"},
        {"path": "$.issuer", "message": "is required"},
        {"path": "$.mode", "message": "Invalid enum value 'rs256'; expected one of: hs256, jwks"},
    ]
    # nothing was made
    listed = await client.get("/api/v1/envelopes", headers=org.auth)
    assert listed.json()["items"] == []
