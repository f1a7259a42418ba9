"""A number too large to read (`1e400`) in a JSON body, as a client with a bug in its
numbers sends it: the answer names the key and says what is wrong with it. Before, it was
a 400 "The request body is not valid JSON." with "Number out of range - at `$[...]`", a
path naming no key, read as a syntax error in the body."""

import json

from litestar.testing import AsyncTestClient

from tests.integration.conftest import Org, demo_definition, import_template

JSON = {"Content-Type": "application/json"}


async def test_a_too_large_number_is_named_by_its_path(client: AsyncTestClient, org: Org) -> None:
    template = await import_template(client, org)
    start = f'{{"template_id": "{template["id"]}", '
    cases = {
        start + '"recipients": [], "expires_in_days": 1e400}': "$.expires_in_days",
        start + '"recipients": [{"role": "customer", "name": -1e400}]}': "$.recipients[0].name",
        start + '"recipients": [], "prefill": {"start_date": 2E+999}}': "$.prefill.start_date",
    }
    for body, path in cases.items():
        answer = await client.post("/api/v1/envelopes", headers={**org.auth, **JSON}, content=body)
        assert answer.status_code == 422, answer.text
        assert answer.headers["content-type"] == "application/problem+json"
        problem = answer.json()
        assert problem["errors"] == [{"path": path, "message": "is too large a number"}]
        assert problem["detail"] == f"The request body is not valid: {path} is too large a number."

    # a number that only loses its smallest digits is read as before: other problems follow
    tiny = await client.post(
        "/api/v1/envelopes",
        headers={**org.auth, **JSON},
        content=start + '"recipients": [], "expires_in_days": 1e-400}',
    )
    assert tiny.status_code == 422 and "too large" not in tiny.text


async def test_a_too_large_number_in_a_template_definition(
    client: AsyncTestClient, org: Org
) -> None:
    body = json.dumps(demo_definition()).replace("{", '{"revision": 1e400, ', 1)
    answer = await client.post("/api/v1/templates", headers={**org.auth, **JSON}, content=body)
    assert answer.status_code == 422, answer.text
    assert answer.json()["errors"] == [{"path": "$.revision", "message": "is too large a number"}]
    assert (
        answer.json()["detail"]
        == "The request body is not valid: $.revision is too large a number."
    )
